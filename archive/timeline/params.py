"""What a visitor asked of a chart, read from the query string; junk is ignored, never an error.

``?by=month|quarter|year`` picks the bucket size, ``?from=2022-01&to=2024-12``
the range (whole months, both included), ``?stack=role`` stacks a speaker's
bars by role instead of by show, and ``?in=2024-06`` (a month, ``2024-Q2`` or
``2024``) narrows the list under the chart to one bar's period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from django.http import QueryDict
from django.utils import timezone

from .periods import Granularity, Period, parse_granularity, parse_month

_PERIOD_KEY = re.compile(r"(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])))?")


@dataclass(frozen=True)
class ChartRequest:
    granularity: Granularity | None = None
    # The first months of the range, both included; None: from the first data, to this month.
    first_month: date | None = None
    last_month: date | None = None
    by_role: bool = False
    selected: Period | None = None

    @classmethod
    def read(cls, query: QueryDict) -> ChartRequest:
        first, last = parse_month(query.get("from", "")), parse_month(query.get("to", ""))
        if first and last and first > last:
            first, last = last, first
        return cls(
            granularity=parse_granularity(query.get("by", "")),
            first_month=first,
            last_month=last,
            by_role=query.get("stack") == "role",
            selected=parse_period(query.get("in", "")),
        )

    @property
    def end(self) -> date | None:
        """The day after the range (for a ``<`` comparison in SQL)."""
        return Period(self.last_month, Granularity.MONTH).end if self.last_month else None

    def selected_bounds(self) -> tuple[datetime, datetime]:
        """The selected period as aware datetimes in the site's time zone, end excluded."""
        return midnight(self.selected.start), midnight(self.selected.end)

    def last_month_or_now(self) -> date:
        """The range's last month; by default this month, so a long silence shows."""
        return self.last_month or timezone.localdate().replace(day=1)


def parse_period(text: str) -> Period | None:
    """``2024-06`` -> that month, ``2024-Q2`` -> that quarter, ``2024`` -> that year."""
    match = _PERIOD_KEY.fullmatch(text.strip())
    if not match or not 1 <= int(match["year"]) <= 9998:
        return None
    year = int(match["year"])
    if match["month"]:
        month = parse_month(text.strip())
        return Period(month, Granularity.MONTH) if month else None
    if match["quarter"]:
        return Period(date(year, 3 * int(match["quarter"]) - 2, 1), Granularity.QUARTER)
    return Period(date(year, 1, 1), Granularity.YEAR)


def midnight(day: date) -> datetime:
    """The start of ``day`` in the site's time zone, where the chart's months begin."""
    return timezone.make_aware(datetime.combine(day, time.min))


def narrowing_link(query: QueryDict, fragment: str):
    """Each bar's link: the page's list narrowed to the bar's period, the chart left as it is."""

    def link(period: Period) -> str:
        narrowed = query.copy()
        narrowed["in"] = period.key
        narrowed.pop("page", None)
        return f"?{narrowed.urlencode()}#{fragment}"

    return link
