"""The API's own filters; speakers and search reuse the site's (``SpeakerFilter``,
``UtteranceSearchFilter``), so a query string means the same on a page and here."""

import django_filters

from speakers.filters import SpeakerFilter

from ..models import Episode, Show


class EpisodeFilter(django_filters.FilterSet):
    """``?show=<slug>&after=2024-01-01&before=2024-12-31``: both dates included."""

    show = django_filters.ModelChoiceFilter(
        field_name="show", queryset=Show.objects.all(), to_field_name="slug", label="Show slug"
    )
    after = django_filters.DateFilter(
        field_name="published_at", lookup_expr="date__gte", label="Published on or after"
    )
    before = django_filters.DateFilter(
        field_name="published_at", lookup_expr="date__lte", label="Published on or before"
    )

    class Meta:
        model = Episode
        fields = ["show", "after", "before"]


class SpeakerListFilter(SpeakerFilter):
    """The speakers index's own filters, with the type the schema cannot guess.

    Show, role and year are matched together by the parent's ``filter_queryset``; the
    hint on their no-op method tells drf-spectacular they arrive as text.
    """

    def on_one_appearance(self, queryset, name, value: str):
        return super().on_one_appearance(queryset, name, value)
