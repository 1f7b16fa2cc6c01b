"""The rows every timeline is built from: one aggregate query each, grouped by month.

Months are truncated in SQL in the site's ``TIME_ZONE`` (an episode at 23:30
UTC on 31 December is January's in Berlin), so quarters and years, which are
sums of months, follow it too. Each function returns ``(month, key, count)``
rows and the label of each key, for ``series.build_timeline``. Only what
visitors may see is counted, and only dated episodes.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Count, DateTimeField, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ..models import GUEST_ROLES, HOST_ROLES, Appearance, Episode, Utterance
from .params import midnight

Rows = list[tuple[date, object, int]]
Labels = dict[object, str]

# How a speaker's appearances stack when shown by role.
ROLE_GROUPS = {
    **{role: "host" for role in HOST_ROLES},
    **{role: "guest" for role in GUEST_ROLES},
}
ROLE_LABELS = {"host": "Host", "guest": "Guest", "other": "Other roles", "": "Heard, not credited"}


def speaker_by_show(speaker, start: date | None = None, end: date | None = None):
    """A speaker's public appearances per month and show. One query."""
    rows = _monthly(
        Appearance.objects.public().filter(speaker=speaker),
        "episode__published_at",
        ["episode__show_id", "episode__show__title"],
        start,
        end,
    )
    return _keyed(rows)


def speaker_by_role(speaker, start: date | None = None, end: date | None = None):
    """A speaker's public appearances per month and role (host, guest…). One query."""
    rows = _monthly(
        Appearance.objects.public().filter(speaker=speaker),
        "episode__published_at",
        ["role"],
        start,
        end,
    )
    grouped = [
        (month, ROLE_GROUPS.get(role, "other" if role else ""), n) for month, role, n in rows
    ]
    return grouped, {key: ROLE_LABELS[key] for _, key, _ in grouped}


def speakers_compared(speakers, start: date | None = None, end: date | None = None):
    """Several speakers' public appearances per month, a series each. One query."""
    rows = _monthly(
        Appearance.objects.public().filter(speaker__in=speakers),
        "episode__published_at",
        ["speaker_id"],
        start,
        end,
    )
    return [(month, key, n) for month, key, n in rows], {s.pk: str(s) for s in speakers}


def episodes_by_show(shows=None, start: date | None = None, end: date | None = None):
    """Public episodes per month and show (every show, or ``shows``). One query."""
    episodes = Episode.objects.public()
    if shows is not None:
        episodes = episodes.filter(show__in=shows)
    rows = _monthly(episodes, "published_at", ["show_id", "show__title"], start, end)
    return _keyed(rows)


def mentions_by_speaker(lines: QuerySet[Utterance]):
    """Search results per month and speaker: when something was said, and by whom.

    ``lines`` is the search's own queryset, filters applied; one query.
    """
    rows = _monthly(
        lines.filter(episode__published_at__isnull=False),
        "episode__published_at",
        ["speaker_id", "speaker__name"],
        None,
        None,
    )
    return [(m, k or "unattributed", n) for m, k, _, n in rows], {
        k or "unattributed": label or "Unattributed" for _, k, label, _ in rows
    }


def _monthly(queryset: QuerySet, field: str, keys: list[str], start, end) -> list[tuple]:
    """``(month, *keys, count)`` rows: one GROUP BY over the truncated date."""
    queryset = queryset.filter(**{f"{field}__isnull": False})
    if start is not None:
        queryset = queryset.filter(**{f"{field}__gte": midnight(start)})
    if end is not None:
        queryset = queryset.filter(**{f"{field}__lt": midnight(end)})
    month = TruncMonth(field, output_field=DateTimeField(), tzinfo=timezone.get_current_timezone())
    rows = (
        queryset.order_by()  # a model's default ordering would join the GROUP BY
        .annotate(month=month)
        .values_list("month", *keys)
        .annotate(n=Count("pk"))
    )
    return [(_day(row[0]), *row[1:]) for row in rows]


def _keyed(rows: list[tuple]):
    """``(month, key, label, n)`` rows -> rows without labels, and the labels."""
    return [(month, key, n) for month, key, _, n in rows], {key: label for _, key, label, _ in rows}


def _day(value) -> date:
    return timezone.localtime(value).date() if isinstance(value, datetime) else value
