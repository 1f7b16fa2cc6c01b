"""The speakers index's controls: name, show, role, active year, and sort order."""

from __future__ import annotations

import django_filters
from django.apps import apps
from django.db.models import F

from .models import Speaker

SORTS = {
    "appearances": ("-appearance_count", "name", "disambiguation"),
    "latest": (F("last_appeared").desc(nulls_last=True), "name", "disambiguation"),
    "name": ("name", "disambiguation"),
}
SORT_CHOICES = [
    ("appearances", "Appearances"),
    ("latest", "Latest appearance"),
    ("name", "Name"),
]
# Filters that narrow to speakers with one public appearance matching them all.
APPEARANCE_LOOKUPS = {
    "show": "episode__show",
    "role": "role",
    "year": "episode__published_at__year",
}


def _shows(request):
    # By name, not import: speakers depends on archive only through relations.
    return apps.get_model("archive", "Show").objects.all()


def _credited_roles() -> list[tuple[str, str]]:
    role = Speaker._meta.get_field("appearances").related_model._meta.get_field("role")
    return [(value, label) for value, label in role.choices if value]


def _years() -> list[tuple[int, int]]:
    """Years with a public episode, newest first. One query on episode_published_idx."""
    episodes = apps.get_model("archive", "Episode").objects.public()
    return [(at.year, at.year) for at in episodes.datetimes("published_at", "year", order="DESC")]


class SpeakerFilter(django_filters.FilterSet):
    """Show, role and year combine on one appearance: "guests of this show in 2024".

    They are applied together in ``filter_queryset`` as one EXISTS subquery
    (appearance_speaker_idx); their own ``method`` leaves the queryset alone.
    """

    name = django_filters.CharFilter(label="Name contains", lookup_expr="icontains")
    show = django_filters.ModelChoiceFilter(
        label="Show",
        queryset=_shows,
        to_field_name="slug",
        empty_label="Any show",
        method="on_one_appearance",
    )
    role = django_filters.ChoiceFilter(
        label="Role", choices=_credited_roles, empty_label="Any role", method="on_one_appearance"
    )
    year = django_filters.ChoiceFilter(
        label="Active in", empty_label="Any year", method="on_one_appearance"
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by", choices=SORT_CHOICES, empty_label=None, method="sort_by"
    )

    class Meta:
        model = Speaker
        fields = ["name", "show", "role", "year", "sort"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Once per request: a callable would be asked again to validate and to render.
        self.filters["year"].extra["choices"] = _years()

    def on_one_appearance(self, queryset, name, value):
        return queryset

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS[value])

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        lookups = {key: data[name] for name, key in APPEARANCE_LOOKUPS.items() if data.get(name)}
        return queryset.appearing(**lookups) if lookups else queryset
