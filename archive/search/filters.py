"""The search page's filters: who said it, on which show, in what role, when; and the order."""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef

from speakers.models import Speaker

from ..models import Appearance, Role, Show, Utterance
from .results import said_by

# A speaker filter naming more people than this joins on their names instead (filter_speaker).
MAX_NAMED_SPEAKERS = 50
SORTS = [("relevance", "Best match"), ("newest", "Newest first"), ("oldest", "Oldest first")]
ORDERINGS = {
    "relevance": [F("rank").desc(), "pk"],
    "newest": [F("episode__published_at").desc(nulls_last=True), "episode_id", "sequence"],
    "oldest": [F("episode__published_at").asc(nulls_last=True), "episode_id", "sequence"],
}


class UtteranceSearchFilter(django_filters.FilterSet):
    """Narrows an already-searched queryset (it orders by ``rank``, which search annotates)."""

    speaker = django_filters.CharFilter(method="filter_speaker", label="Speaker name contains")
    show = django_filters.ModelChoiceFilter(
        field_name="episode__show",
        queryset=Show.objects.order_by("title"),
        to_field_name="slug",
        empty_label="Any show",
        label="Show",
    )
    role = django_filters.ChoiceFilter(
        choices=[choice for choice in Role.choices if choice[0]],
        method="filter_role",
        empty_label="Any role",
        label="Speaker's role",
    )
    after = django_filters.DateFilter(
        field_name="episode__published_at",
        lookup_expr="date__gte",
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    before = django_filters.DateFilter(
        field_name="episode__published_at",
        lookup_expr="date__lte",
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = django_filters.ChoiceFilter(
        choices=SORTS, method="order_by", empty_label=None, label="Order"
    )

    class Meta:
        model = Utterance
        fields = []

    def filter_speaker(self, queryset, name, value):
        """Lines by anyone whose name contains ``value``: one small query finds them first.

        Named by id, in the form each database plans well (``said_by``); joined
        by name, PostgreSQL would assume an average speaker and read every line
        of a busy one. A fragment naming very many people is joined after all.
        """
        named = Speaker.objects.filter(name__icontains=value).values_list("pk", flat=True)
        ids = list(named[: MAX_NAMED_SPEAKERS + 1])
        if len(ids) > MAX_NAMED_SPEAKERS:
            return queryset.filter(speaker__name__icontains=value)
        return said_by(queryset, ids)

    def filter_role(self, queryset, name, value):
        """Lines whose speaker is credited in that role on the line's episode."""
        credited = Appearance.objects.filter(
            episode=OuterRef("episode"), speaker=OuterRef("speaker"), role=value
        )
        return queryset.filter(Exists(credited))

    def order_by(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS.get(value, ORDERINGS["relevance"]))

    @property
    def order(self) -> str:
        """The order asked for, a key of ``ORDERINGS`` ("relevance" unless told otherwise)."""
        chosen = self.form.cleaned_data.get("sort") if self.form.is_valid() else None
        return chosen if chosen in ORDERINGS else "relevance"

    @property
    def narrowed(self) -> bool:
        """Whether any filter (not the order) is set: the page opens the filters then."""
        return any(self.data.get(name) for name in self.filters if name != "sort")

    @property
    def qs(self):
        queryset = super().qs
        return queryset if queryset.query.order_by else queryset.order_by(*ORDERINGS["relevance"])
