"""Months, quarters and years as values: the buckets a timeline counts into.

A ``Period`` knows its own bounds, its URL key ("2024-06", "2024-Q2", "2024") and how
to name itself for people, so the chart, the data table, the summary sentence and
the ``?from=&to=`` links all agree. Month names are spelled out here rather than
taken from ``strftime``, whose output follows the process locale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, timedelta
from enum import StrEnum

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_ABBREVIATIONS = tuple(name[:3] for name in MONTH_NAMES)

# The last year whose every period still has a representable exclusive end.
LAST_YEAR = MAXYEAR - 1

MONTH_TEXT = re.compile(r"([0-9]{4})-([0-9]{2})")

# choose_granularity: monthly bars up to three years, quarterly up to ten, then yearly.
MONTHLY_UP_TO_MONTHS = 36
QUARTERLY_UP_TO_MONTHS = 120


class Granularity(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @property
    def months(self) -> int:
        """How many calendar months one period of this size covers."""
        return {"month": 1, "quarter": 3, "year": 12}[self.value]

    @property
    def label(self) -> str:
        """The name for a switch link or a table heading: "Month"."""
        return self.value.capitalize()

    def coarser(self) -> Granularity | None:
        """The next bigger bucket, or None after years."""
        order = list(Granularity)
        index = order.index(self)
        return order[index + 1] if index + 1 < len(order) else None


@dataclass(frozen=True, order=True)
class Period:
    """One bucket: a month, a quarter or a year, starting on its first day."""

    start: date
    granularity: Granularity

    def __post_init__(self) -> None:
        granularity = Granularity(self.granularity)
        object.__setattr__(self, "granularity", granularity)
        if self.start.day != 1 or (self.start.month - 1) % granularity.months:
            raise ValueError(f"{self.start} does not start a {granularity}")

    @property
    def end(self) -> date:
        """The first day of the next period (exclusive bound, for ``date < end`` filters)."""
        return _add_months(self.start, self.granularity.months)

    @property
    def last_day(self) -> date:
        """The period's last day (inclusive bound, for exports and people)."""
        return self.end - timedelta(days=1)

    @property
    def key(self) -> str:
        """A stable text key: "2024-06", "2024-Q2" or "2024"."""
        year = f"{self.start.year:04d}"
        if self.granularity is Granularity.MONTH:
            return f"{year}-{self.start.month:02d}"
        if self.granularity is Granularity.QUARTER:
            return f"{year}-Q{self.quarter}"
        return year

    @property
    def quarter(self) -> int:
        return (self.start.month - 1) // 3 + 1

    @property
    def label(self) -> str:
        """The full name for tables and tooltips: "June 2024", "Q2 2024 (Apr–Jun)", "2024"."""
        if self.granularity is Granularity.QUARTER:
            first = MONTH_ABBREVIATIONS[self.start.month - 1]
            last = MONTH_ABBREVIATIONS[self.start.month + 1]
            return f"{self.name} ({first}–{last})"
        return self.name

    @property
    def name(self) -> str:
        """The name inside a sentence: "June 2024", "Q2 2024", "2024"."""
        if self.granularity is Granularity.MONTH:
            return f"{MONTH_NAMES[self.start.month - 1]} {self.start.year}"
        if self.granularity is Granularity.QUARTER:
            return f"Q{self.quarter} {self.start.year}"
        return str(self.start.year)

    @property
    def short_label(self) -> str:
        """The axis label, kept short so more fit: "Jun 2024", "Q2 2024", "2024"."""
        if self.granularity is Granularity.MONTH:
            return f"{MONTH_ABBREVIATIONS[self.start.month - 1]} {self.start.year}"
        return self.name

    @property
    def first_month(self) -> str:
        """The first month as "YYYY-MM", for ``?from=`` links."""
        return _month_text(self.start)

    @property
    def last_month(self) -> str:
        """The last month as "YYYY-MM", for ``?to=`` links."""
        return _month_text(_add_months(self.start, self.granularity.months - 1))


def period_of(day: date, granularity: Granularity) -> Period:
    """The period of the given size that contains ``day``."""
    granularity = Granularity(granularity)
    month = day.month - (day.month - 1) % granularity.months
    return Period(date(day.year, month, 1), granularity)


def periods_between(first: date, last: date, granularity: Granularity) -> list[Period]:
    """Every period from the one holding ``first`` to the one holding ``last``, inclusive.

    This is the zero-fill: a month with nothing in it is still a period. Empty when
    ``last`` comes before ``first``.
    """
    period, final = period_of(first, granularity), period_of(last, granularity)
    periods = []
    while period <= final:
        periods.append(period)
        if period == final:
            break
        period = Period(period.end, period.granularity)
    return periods


def months_spanned(first: date, last: date) -> int:
    """Calendar months from ``first``'s month to ``last``'s, counting both: Jan–Dec is 12."""
    return abs((last.year - first.year) * 12 + last.month - first.month) + 1


def choose_granularity(first: date, last: date) -> Granularity:
    """A bucket size that gives a readable number of bars for the span.

    Months when the span (counting both end months) is at most 36 months, so up to 36
    bars; quarters when it is at most 10 years (120 months, up to 40 bars); years beyond.
    """
    span = months_spanned(first, last)
    if span <= MONTHLY_UP_TO_MONTHS:
        return Granularity.MONTH
    if span <= QUARTERLY_UP_TO_MONTHS:
        return Granularity.QUARTER
    return Granularity.YEAR


def parse_month(text: object) -> date | None:
    """The first day of a "YYYY-MM" month from a query string; None for anything else.

    Never raises: junk ("2024-13", "abc", "", None) is None. Years run 0001–9998 so
    that every period containing the month has a representable end.
    """
    if not isinstance(text, str):
        return None
    match = MONTH_TEXT.fullmatch(text.strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (MINYEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def parse_granularity(text: object) -> Granularity | None:
    """The granularity named by ``?by=`` ("month", "Quarter "), or None for anything else."""
    if not isinstance(text, str):
        return None
    try:
        return Granularity(text.strip().lower())
    except ValueError:
        return None


def _add_months(day: date, months: int) -> date:
    years, month_index = divmod(day.month - 1 + months, 12)
    return date(day.year + years, month_index + 1, 1)


def _month_text(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"
