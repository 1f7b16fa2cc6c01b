"""A timeline -> the geometry of a stacked bar chart, for the SVG templates to draw.

Plain arithmetic, no fonts and no database: label widths are estimated from their
character count (``GLYPH_EM`` is generous for the system sans-serif at 12px), and
axis labels are thinned until no two estimated boxes overlap. Coordinates are
rounded to 0.01px so the markup stays small.

Colours: ``PALETTE`` is the Okabe–Ito set (Okabe & Ito, "Color Universal Design",
2008) with each hue's lightness re-tuned per colour scheme so every fill keeps 3:1
against the page (#ffffff light, #14171a dark; WCAG 1.4.11). Okabe–Ito's black
cannot do that on a dark page, so series-2 is a dark wine in light mode and Okabe–
Ito's sky blue in dark mode. The set was checked under simulated protanopia,
deuteranopia and tritanopia (Machado et al. 2009) to stay apart (tests/archive/
timeline/test_palette.py). Colour is never the only cue: the legend names each
series and every bar and segment has a <title>.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from archive.timeline.periods import Granularity, Period
from archive.timeline.series import Timeline

Link = Callable[[Period], str | None]  # a bar's href, or None for no link


@dataclass(frozen=True)
class Swatch:
    css_class: str
    light: str  # on --bg #ffffff
    dark: str  # on --bg #14171a


# Indexed by Series.colour: series.PALETTE_SIZE colours, then series.OTHER_COLOUR's grey.
PALETTE = (
    Swatch("series-0", light="#0a6ee6", dark="#0073dc"),  # blue
    Swatch("series-1", light="#dc730f", dark="#f58c00"),  # orange
    Swatch("series-2", light="#501923", dark="#50c3ff"),  # black -> wine / sky blue
    Swatch("series-3", light="#055a5f", dark="#00a555"),  # bluish green
    Swatch("series-4", light="#877846", dark="#f0e65f"),  # yellow (khaki in light mode)
    Swatch("series-5", light="#b43700", dark="#c84600"),  # vermillion
    Swatch("series-6", light="#aa50af", dark="#cd6ec3"),  # reddish purple
    Swatch("series-other", light="#8c9196", dark="#7d848b"),  # neutral grey
)

FONT_SIZE = 12
GLYPH_EM = 0.62  # estimated average advance per character, in em; errs wide
LABEL_GAP_EM = 0.75  # the least space between two axis labels
MARGIN_TOP, MARGIN_RIGHT = 10, 16
MAX_BAR_WIDTH = 48  # a lone bar should not fill the chart
MIN_BAR_WIDTH = 1  # below this the plot widens instead (the SVG scales to fit anyway)
GAP_RATIO = 0.2  # of each bar's slot, between bars…
MIN_SLOT_FOR_GAP = 4  # …unless slots are narrower than this: then bars touch
DENSE_SLOT = 6  # narrower slots drop the separators between stacked segments
MAX_Y_INTERVALS = 5
Y_TICK_SPACING_EM = 2.5
NICE_STEPS = (1, 2, 5)
YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return round(self.left + self.width, 2)

    @property
    def bottom(self) -> float:
        return round(self.top + self.height, 2)


@dataclass(frozen=True)
class Segment:
    """One series' part of a bar: a rect from ``y`` down ``height``."""

    y: float
    height: float
    css_class: str
    count: int
    title: str
    series_index: int  # position in Timeline.series


@dataclass(frozen=True)
class BarColumn:
    """One period: its bar (``x``, ``width``) inside its slot, its segments and link."""

    x: float
    width: float
    slot_x: float
    slot_width: float
    period: Period
    total: int
    href: str | None
    title: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class XTick:
    x: float
    label: str
    font_size: float = FONT_SIZE

    @property
    def half_width(self) -> float:
        return label_width(self.label, self.font_size) / 2

    @property
    def left(self) -> float:
        return self.x - self.half_width

    @property
    def right(self) -> float:
        return self.x + self.half_width


@dataclass(frozen=True)
class YTick:
    y: float
    value: int
    label: str


@dataclass
class Chart:
    width: float
    height: float
    plot: Box
    bars: list[BarColumn]
    x_ticks: list[XTick]
    y_ticks: list[YTick]
    y_max: int
    title: str
    description: str
    font_size: float = FONT_SIZE
    palette: tuple[Swatch, ...] = field(default=PALETTE)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"

    @property
    def role(self) -> str:
        """ "img" for a picture; "group" once bars are links, since an img's children are
        hidden from assistive technology and its links would be unreachable to it."""
        return "group" if any(bar.href for bar in self.bars) else "img"

    @property
    def dense(self) -> bool:
        """Bars too thin for separators between their segments (see timeline.css)."""
        return bool(self.bars) and self.bars[0].slot_width < DENSE_SLOT

    @property
    def x_label_y(self) -> float:
        """The baseline of the x-axis labels."""
        return round(self.plot.bottom + self.font_size + 4, 2)

    @property
    def x_tick_end(self) -> float:
        """Where the short tick marks under labelled bars end."""
        return round(self.plot.bottom + 4, 2)

    @property
    def y_label_x(self) -> float:
        """Where the right-aligned y-axis labels end."""
        return round(self.plot.left - 6, 2)


def layout(
    timeline: Timeline,
    *,
    href: Link | None = None,
    width: float = 720,
    height: float = 220,
    noun: str = "appearance",
    noun_plural: str | None = None,
    title: str = "Appearances over time",
    description: str | None = None,
    font_size: float = FONT_SIZE,
) -> Chart:
    """Place every bar, segment and tick of ``timeline`` in a ``width`` × ``height`` box.

    ``href(period)`` links each bar that has something in it. ``noun`` words the bar
    titles ("6 appearances"); ``description`` (the SVG's <desc> and the figure's
    sentence) defaults to ``timeline.summary(noun, noun_plural)``.
    """
    plural = noun_plural or f"{noun}s"
    plot, y_ticks = plot_area(timeline, width, height, font_size)
    width = plot.right + MARGIN_RIGHT
    y_max = y_ticks[-1].value
    bars = columns(timeline, plot, y_max, href, (noun, plural))
    return Chart(
        width=width,
        height=height,
        plot=plot,
        bars=bars,
        x_ticks=x_ticks(bars, timeline.granularity, width, font_size),
        y_ticks=y_ticks,
        y_max=y_max,
        title=title,
        description=description if description is not None else timeline.summary(noun, plural),
        font_size=font_size,
    )


def plot_area(
    timeline: Timeline, width: float, height: float, font_size: float
) -> tuple[Box, list[YTick]]:
    """The box the bars fill, and the y ticks whose labels set its left margin.

    The plot widens past ``width`` only when there are more bars than pixels.
    """
    plot_height = height - MARGIN_TOP - (2 * font_size + 2)
    intervals = max(1, min(MAX_Y_INTERVALS, int(plot_height // (font_size * Y_TICK_SPACING_EM))))
    values = nice_ticks(max(timeline.totals, default=0), intervals)
    labels = [f"{value:,}" for value in values]
    left = math.ceil(max(label_width(text, font_size) for text in labels) + 10)
    plot_width = max(width - left - MARGIN_RIGHT, len(timeline.periods) * MIN_BAR_WIDTH)
    plot = Box(left, MARGIN_TOP, plot_width, plot_height)
    ticks = [
        YTick(_y(value, values[-1], plot), value, text)
        for value, text in zip(values, labels, strict=True)
    ]
    return plot, ticks


def nice_ticks(max_value: int, max_intervals: int = MAX_Y_INTERVALS) -> list[int]:
    """Round integer ticks from 0 to at least ``max_value``: 0, 1, 2… or 0, 5, 10… or 0, 20…

    The step is the smallest of 1, 2, 5, 10, 20, 50… that needs at most ``max_intervals``.
    """
    if max_value <= 0:
        return [0, 1]
    for step in _nice_steps():
        intervals = math.ceil(max_value / step)
        if intervals <= max_intervals:
            return [step * i for i in range(intervals + 1)]
    raise AssertionError("unreachable: steps grow without bound")


def label_width(text: str, font_size: float = FONT_SIZE) -> float:
    """The estimated rendered width of ``text``, generous so estimates never overlap."""
    return len(text) * GLYPH_EM * font_size


def columns(
    timeline: Timeline, plot: Box, y_max: int, href: Link | None, nouns: tuple[str, str]
) -> list[BarColumn]:
    """A bar per period: evenly spaced slots, the bar centred in its slot."""
    count = len(timeline.periods)
    if not count:
        return []
    slot = plot.width / count
    gap = slot * GAP_RATIO if slot >= MIN_SLOT_FOR_GAP else 0
    bar_width = min(slot - gap, MAX_BAR_WIDTH)
    bars = []
    for index, (period, total) in enumerate(zip(timeline.periods, timeline.totals, strict=True)):
        slot_x = plot.left + index * slot
        segments = stack(timeline, index, plot, y_max, nouns)
        bars.append(
            BarColumn(
                x=_px(slot_x + (slot - bar_width) / 2),
                width=_px(bar_width),
                slot_x=_px(slot_x),
                slot_width=_px(slot),
                period=period,
                total=total,
                href=href(period) if href and total else None,
                title=bar_title(timeline, index, total, nouns),
                segments=segments,
            )
        )
    return bars


def stack(
    timeline: Timeline, index: int, plot: Box, y_max: int, nouns: tuple[str, str]
) -> tuple[Segment, ...]:
    """The period's nonzero series, first series at the bottom, heights ∝ counts."""
    segments, below = [], 0
    for series_index, series in enumerate(timeline.series):
        count = series.counts[index]
        if not count:
            continue
        bottom, top = _y(below, y_max, plot), _y(below + count, y_max, plot)
        period = timeline.periods[index]
        title = f"{series.label}: {_counted(count, nouns)} in {period.label}"
        segments.append(
            Segment(top, _px(bottom - top), series.css_class, count, title, series_index)
        )
        below += count
    return tuple(segments)


def bar_title(timeline: Timeline, index: int, total: int, nouns: tuple[str, str]) -> str:
    """ "June 2024: 6 appearances (Show A 4, Show B 2)"; the breakdown only with 2+ series."""
    period = timeline.periods[index]
    if not total:
        return f"{period.label}: no {nouns[1]}"
    title = f"{period.label}: {_counted(total, nouns)}"
    if len(timeline.series) > 1:
        parts = [f"{s.label} {s.counts[index]:,}" for s in timeline.series if s.counts[index]]
        title += f" ({', '.join(parts)})"
    return title


def x_ticks(
    bars: list[BarColumn], granularity: Granularity, width: float, font_size: float = FONT_SIZE
) -> list[XTick]:
    """The finest labelling whose labels all fit inside the chart without overlapping.

    Tries every bar, then every 2nd, 3rd… aligned month or quarter, then years at
    each January (every 1, 2, 5, 10… years). Falls back to no labels (the table and
    titles still name every bar), which no span from 1 to 240 bars reaches at 720px.
    """
    centres = [(bar.period, bar.slot_x + bar.slot_width / 2) for bar in bars]
    for marks, label in tick_schemes(granularity):
        ticks = [XTick(_px(x), label(p), font_size) for p, x in centres if marks(p)]
        ticks = [t for t in ticks if t.left >= 0 and t.right <= width]
        if ticks and not overlapping(ticks, font_size * LABEL_GAP_EM):
            return ticks
    return []


def tick_schemes(granularity: Granularity) -> Iterator[tuple[Callable, Callable]]:
    """(which periods get a label, what it says), finest first."""
    if granularity is Granularity.MONTH:
        for step in (1, 2, 3, 6):
            yield (lambda p, s=step: (p.start.month - 1) % s == 0), _short
    if granularity is Granularity.QUARTER:
        for step in (1, 2):
            yield (lambda p, s=step: (p.quarter - 1) % s == 0), _short
    for step in YEAR_STEPS:
        yield (lambda p, s=step: p.start.month == 1 and p.start.year % s == 0), _year


def overlapping(ticks: list[XTick], gap: float) -> bool:
    """Whether any two neighbouring labels come closer than ``gap``."""
    ordered = sorted(ticks, key=lambda t: t.x)
    return any(b.left - a.right < gap for a, b in itertools.pairwise(ordered))


def _nice_steps() -> Iterator[int]:
    magnitude = 1
    while True:
        for step in NICE_STEPS:
            yield step * magnitude
        magnitude *= 10


def _y(value: int, y_max: int, plot: Box) -> float:
    """The y coordinate of ``value``: exactly value / y_max of the plot's height up."""
    return _px(plot.bottom - value / y_max * plot.height)


def _counted(count: int, nouns: tuple[str, str]) -> str:
    return f"{count:,} {nouns[0] if count == 1 else nouns[1]}"


def _short(period: Period) -> str:
    return period.short_label


def _year(period: Period) -> str:
    return str(period.start.year)


def _px(value: float) -> float:
    return round(value, 2)
