"""Dated counts -> a zero-filled timeline of series, ready to chart and to tabulate.

The queries hand over rows of ``(month, key, count)``: a month's first day already in
the site's time zone, a series key (a show's pk, a role, a speaker's pk) and a count.
``build_timeline`` buckets them into months, quarters or years, keeps the biggest
series and folds the rest into one "other" series, and pins colours so that a show
keeps its colour from page to page. No database access; the cost is linear in rows
plus periods × series.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from archive.timeline.periods import Granularity, Period, choose_granularity, periods_between

PALETTE_SIZE = 7  # series colours series-0 … series-6; see chart.PALETTE
OTHER_COLOUR = PALETTE_SIZE  # the neutral grey, class series-other
OTHER_KEY = "other"

# More bars than this do not fit the chart legibly: a finer request is coarsened.
MAX_PERIODS = 240

Key = Hashable  # a show's pk, a role's value, a speaker's pk, …
Row = tuple[date, Key, int]


@dataclass
class Series:
    """One coloured layer of the bars: a show, a role, a speaker, or the folded rest."""

    key: Key
    label: str
    counts: list[int]
    colour: int = 0
    member_count: int = 1  # how many input keys this stands for; more only for "other"
    is_other: bool = False  # the folded rest: grey, always last

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def css_class(self) -> str:
        """The palette class, "series-3" or "series-other" (static/css/timeline.css)."""
        return "series-other" if self.colour == OTHER_COLOUR else f"series-{self.colour}"


@dataclass(frozen=True)
class TableRow:
    """One row of the data table: a period, each series' count in column order, the sum."""

    period: Period
    counts: list[int]
    total: int


@dataclass
class Timeline:
    """Counts per period for each series, every period present (zero-filled)."""

    granularity: Granularity
    periods: list[Period]
    series: list[Series]

    @property
    def totals(self) -> list[int]:
        """The height of each bar: all series summed per period."""
        if not self.series:
            return [0] * len(self.periods)
        return [sum(column) for column in zip(*(s.counts for s in self.series), strict=True)]

    @property
    def total(self) -> int:
        return sum(s.total for s in self.series)

    @property
    def is_empty(self) -> bool:
        return self.total == 0

    @property
    def series_count(self) -> int:
        """How many shows (speakers, roles) contributed, counting those folded into "other"."""
        return sum(s.member_count for s in self.series if s.total)

    @property
    def busiest(self) -> tuple[Period, int] | None:
        """The period with the most, the earliest on a tie; None when there is nothing."""
        if self.is_empty:
            return None
        totals = self.totals
        index = max(range(len(totals)), key=lambda i: (totals[i], -i))
        return self.periods[index], totals[index]

    @property
    def first_period(self) -> Period | None:
        """The first period with anything in it (leading zero-fill skipped)."""
        return next((p for p, n in zip(self.periods, self.totals, strict=True) if n), None)

    @property
    def last_period(self) -> Period | None:
        """The last period with anything in it."""
        pairs = zip(reversed(self.periods), reversed(self.totals), strict=True)
        return next((p for p, n in pairs if n), None)

    @property
    def granularity_options(self) -> list[Granularity]:
        """Every bucket size, for the Month / Quarter / Year switch."""
        return list(Granularity)

    @property
    def rows(self) -> list[TableRow]:
        """One row per period, zeros included, for the data table."""
        columns = (
            zip(*(s.counts for s in self.series), strict=True)
            if self.series
            else (() for _ in self.periods)
        )
        return [
            TableRow(period, list(counts), sum(counts))
            for period, counts in zip(self.periods, columns, strict=True)
        ]

    def summary(
        self,
        noun: str = "appearance",
        noun_plural: str | None = None,
        *,
        on: str | None = "show",
        on_plural: str | None = None,
        preposition: str = "on",
    ) -> str:
        """One sentence for the figure and the SVG's <desc>.

        "42 appearances on 9 shows since March 2019; busiest month: June 2024 with 6."
        ``on=None`` drops the "on 9 shows" part (one series, or roles); ``on="speaker",
        preposition="by"`` gives "120 mentions by 14 speakers since …". "Since" reads
        right because the pages chart up to the present; the busiest period is left
        out when no period has more than one.
        """
        plural = noun_plural or f"{noun}s"
        if self.is_empty:
            return f"No dated {plural} yet."
        sentence = _counted(self.total, noun, plural)
        if on:
            sentence += f" {preposition} {_counted(self.series_count, on, on_plural or on + 's')}"
        first, last = self.first_period, self.last_period
        if first == last:
            return f"{sentence} in {first.name}."
        sentence += f" since {first.name}"
        period, count = self.busiest
        if count > 1:
            sentence += f"; busiest {self.granularity.value}: {period.name} with {count:,}"
        return f"{sentence}."


def build_timeline(
    rows: Iterable[Row],
    *,
    labels: Mapping[Key, str],
    granularity: Granularity | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int = PALETTE_SIZE,
    other_label: str = "Other shows",
    colours: Mapping[Key, int] | None = None,
    max_periods: int = MAX_PERIODS,
) -> Timeline:
    """Sum ``(month, key, count)`` rows into a zero-filled timeline.

    The periods run from ``start`` (or the first month with a count) to ``end`` (or the
    last), both inclusive months; rows outside are dropped, so an unaligned ``start``
    leaves the first quarter or year partly counted. ``granularity=None`` picks one
    from that displayed span (``choose_granularity``); a request that would give more
    than ``max_periods`` bars is coarsened, and if even years are too many the empty
    years outside the data are trimmed. Nothing in range gives an empty timeline.

    The ``limit`` biggest series are kept (by total, then label), biggest first; the
    rest become one series keyed ``OTHER_KEY`` labelled ``other_label``, placed last
    and grey. ``colours`` pins a key's preferred palette index (taken modulo
    ``PALETTE_SIZE``); see ``assign_colours``. Labels default to ``str(key)``.
    """
    first, last = _first_of_month(start), _first_of_month(end)
    counts = sum_by_month(rows, first, last)
    if not counts:
        return Timeline(Granularity(granularity or Granularity.MONTH), [], [])
    data_months = [month for month, _ in counts]
    granularity, periods = fitting_periods(
        first or min(data_months), last or max(data_months), granularity, max_periods
    )
    if len(periods) > max_periods:
        periods = periods_between(min(data_months), max(data_months), granularity)
    series = bucket(counts, periods, labels)
    kept = keep_biggest(series, max(limit, 0), other_label)
    assign_colours(kept, colours or {})
    return Timeline(granularity, periods, kept)


def sum_by_month(
    rows: Iterable[Row], first: date | None, last: date | None
) -> dict[tuple[date, Key], int]:
    """Positive counts summed per (month, key), keeping months within [first, last]."""
    counts: dict[tuple[date, Key], int] = defaultdict(int)
    for day, key, count in rows:
        month = date(day.year, day.month, 1)
        if count <= 0 or (first and month < first) or (last and month > last):
            continue
        counts[month, key] += count
    return counts


def fitting_periods(
    first: date, last: date, granularity: Granularity | None, max_periods: int
) -> tuple[Granularity, list[Period]]:
    """The periods from ``first`` to ``last``, coarsened until at most ``max_periods``."""
    size = Granularity(granularity) if granularity else choose_granularity(first, last)
    periods = periods_between(first, last, size)
    while len(periods) > max_periods and size.coarser():
        size = size.coarser()
        periods = periods_between(first, last, size)
    return size, periods


def bucket(
    counts: Mapping[tuple[date, Key], int], periods: list[Period], labels: Mapping[Key, str]
) -> list[Series]:
    """One series per key with its counts summed into the periods; months outside dropped."""
    granularity = periods[0].granularity
    index = {period.start: i for i, period in enumerate(periods)}
    by_key: dict[Key, list[int]] = {}
    for (month, key), count in counts.items():
        position = index.get(_period_start(month, granularity))
        if position is None:
            continue
        by_key.setdefault(key, [0] * len(periods))[position] += count
    return [Series(key, labels.get(key, str(key)), values) for key, values in by_key.items()]


def keep_biggest(series: list[Series], limit: int, other_label: str) -> list[Series]:
    """The ``limit`` biggest series, biggest first, then the rest folded into one."""
    ranked = sorted(series, key=lambda s: (-s.total, s.label.casefold(), s.label, str(s.key)))
    kept, rest = ranked[:limit], ranked[limit:]
    if rest:
        counts = [sum(column) for column in zip(*(s.counts for s in rest), strict=True)]
        members = sum(s.member_count for s in rest)
        kept.append(Series(OTHER_KEY, other_label, counts, OTHER_COLOUR, members, is_other=True))
    return kept


def assign_colours(series: list[Series], preferred: Mapping[Key, int]) -> None:
    """Give each series a palette index, pinned keys first so their colour is stable.

    A pinned key gets its preferred index unless a bigger pinned series took it, then
    the next free one; unpinned keys take the lowest free index. With more series than
    colours, indexes repeat. The folded "other" series keeps the grey.
    """
    taken: set[int] = set()
    pinned = [s for s in series if not s.is_other and s.key in preferred]
    unpinned = [s for s in series if not s.is_other and s.key not in preferred]
    for s in pinned:
        s.colour = _free_colour(preferred[s.key] % PALETTE_SIZE, taken)
    for s in unpinned:
        s.colour = _free_colour(0, taken)


def _free_colour(wanted: int, taken: set[int]) -> int:
    """``wanted`` or the next index after it not yet taken (wrapping); marks it taken."""
    for step in range(PALETTE_SIZE):
        colour = (wanted + step) % PALETTE_SIZE
        if colour not in taken:
            taken.add(colour)
            return colour
    return wanted


def _counted(count: int, singular: str, plural: str) -> str:
    return f"{count:,} {singular if count == 1 else plural}"


def _first_of_month(day: date | None) -> date | None:
    return date(day.year, day.month, 1) if day else None


def _period_start(month: date, granularity: Granularity) -> date:
    return date(month.year, month.month - (month.month - 1) % granularity.months, 1)
