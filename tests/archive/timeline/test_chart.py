"""Laying out a timeline: proportional bars, round y ticks, x labels that never collide."""

import itertools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.timeline.chart import (
    MAX_BAR_WIDTH,
    MIN_BAR_WIDTH,
    Chart,
    layout,
    nice_ticks,
)
from archive.timeline.periods import Granularity, periods_between
from archive.timeline.series import build_timeline

MONTH, QUARTER, YEAR = Granularity.MONTH, Granularity.QUARTER, Granularity.YEAR
# An independent estimate of a label's width: a generous average advance for a system
# sans-serif at the chart's font size (digits are ~0.55em, capitals up to ~0.7em).
TEST_GLYPH_EM = 0.6


def monthly(count: int, first=date(2010, 1, 1), granularity=MONTH, counts=None):
    """A timeline of ``count`` periods from ``first``, two series, ``counts`` or small ones."""
    last = _months_later(first, (count - 1) * granularity.months)
    periods = periods_between(first, last, granularity)
    values = counts or [1 + (i * 7) % 5 for i in range(count)]
    rows = [
        (p.start, "a" if i % 3 else "b", n)
        for i, (p, n) in enumerate(zip(periods, values, strict=True))
    ]
    labels = {"a": "Show A", "b": "Show B"}
    return build_timeline(rows, labels=labels, granularity=granularity, start=first, end=last)


def _months_later(day: date, months: int) -> date:
    years, month = divmod(day.month - 1 + months, 12)
    return date(day.year + years, month + 1, 1)


def label_box(tick, font_size):
    half = len(tick.label) * TEST_GLYPH_EM * font_size / 2
    return tick.x - half, tick.x + half


def assert_labels_fit(chart: Chart):
    boxes = [label_box(t, chart.font_size) for t in chart.x_ticks]
    assert boxes, "every chart labels at least one bar"
    for (a_left, a_right), (b_left, b_right) in itertools.combinations(boxes, 2):
        assert a_right <= b_left or b_right <= a_left, (a_left, a_right, b_left, b_right)
    assert all(left >= 0 and right <= chart.width for left, right in boxes)


def test_bar_heights_are_proportional_to_totals():
    timeline = monthly(4, counts=[2, 4, 7, 0])

    chart = layout(timeline)

    baseline = chart.plot.bottom
    for bar in chart.bars:
        top = min((s.y for s in bar.segments), default=baseline)
        assert baseline - top == pytest.approx(
            bar.total / chart.y_max * chart.plot.height, abs=0.01
        )
    assert chart.bars[3].segments == ()


def test_segments_stack_from_the_baseline_in_series_order():
    rows = [(date(2024, 6, 1), "a", 4), (date(2024, 6, 1), "b", 2)]
    timeline = build_timeline(rows, labels={"a": "Show A", "b": "Show B"})

    (bar,) = layout(timeline).bars

    lower, upper = bar.segments
    assert (lower.count, upper.count) == (4, 2)
    assert lower.y + lower.height == pytest.approx(layout(timeline).plot.bottom, abs=0.01)
    assert upper.y + upper.height == pytest.approx(lower.y, abs=0.01)
    assert lower.height == pytest.approx(2 * upper.height, abs=0.02)


@pytest.mark.parametrize(
    "highest, expected",
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (3, [0, 1, 2, 3]),
        (5, [0, 1, 2, 3, 4, 5]),
        (6, [0, 2, 4, 6]),
        (7, [0, 2, 4, 6, 8]),
        (42, [0, 10, 20, 30, 40, 50]),
        (100, [0, 20, 40, 60, 80, 100]),
        (1001, [0, 500, 1000, 1500]),
    ],
)
def test_y_ticks_are_round_integers_that_cover_the_highest_bar(highest, expected):
    assert nice_ticks(highest) == expected


@given(st.integers(0, 10**7), st.integers(1, 8))
def test_y_ticks_are_evenly_stepped_integers_covering_the_max(highest, intervals):
    ticks = nice_ticks(highest, intervals)

    assert ticks[0] == 0 and ticks[-1] >= highest and len(ticks) - 1 <= intervals
    assert all(isinstance(t, int) for t in ticks)
    assert len({b - a for a, b in itertools.pairwise(ticks)}) == 1


def test_y_tick_labels_sit_on_the_scale_and_use_thousands_separators():
    chart = layout(monthly(2, counts=[1200, 300]))

    assert [t.label for t in chart.y_ticks] == ["0", "500", "1,000", "1,500"]
    assert chart.y_ticks[0].y == chart.plot.bottom and chart.y_ticks[-1].y == chart.plot.top
    assert chart.y_max == 1500


@pytest.mark.parametrize(
    "count, granularity",
    [
        *[(n, MONTH) for n in (1, 2, 12, 13, 36, 120, 240)],
        *[(n, YEAR) for n in (1, 20, 240)],
        *[(n, QUARTER) for n in (1, 40, 80)],
    ],
)
def test_x_labels_never_overlap(count, granularity):
    chart = layout(monthly(count, granularity=granularity))

    assert len(chart.bars) == count
    assert_labels_fit(chart)


def test_long_monthly_spans_are_labelled_by_year_at_january():
    chart = layout(monthly(240))

    assert all(t.label.isdigit() for t in chart.x_ticks)
    januaries = {
        bar.slot_x + bar.slot_width / 2 for bar in chart.bars if bar.period.start.month == 1
    }
    assert all(any(abs(t.x - x) < 0.01 for x in januaries) for t in chart.x_ticks)


def test_short_spans_label_every_month():
    chart = layout(monthly(6, first=date(2024, 1, 1)))

    assert [t.label for t in chart.x_ticks] == [
        "Jan 2024", "Feb 2024", "Mar 2024", "Apr 2024", "May 2024", "Jun 2024",
    ]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 240),
    st.dates(date(1990, 1, 1), date(2030, 12, 1)),
    st.sampled_from(list(Granularity)),
    st.sampled_from([360, 480, 720, 960]),
)
def test_x_labels_fit_at_any_span_start_and_width(count, first, granularity, width):
    first = periods_between(first, first, granularity)[0].start
    chart = layout(monthly(count, first=first, granularity=granularity), width=width)

    assert_labels_fit(chart)


def test_240_monthly_bars_fit_720px_with_a_visible_width_each():
    chart = layout(monthly(240))

    assert chart.width == 720
    assert all(bar.width >= MIN_BAR_WIDTH for bar in chart.bars)
    assert chart.bars[-1].slot_x + chart.bars[-1].slot_width <= chart.plot.right + 0.01
    assert all(a.slot_x < b.slot_x for a, b in itertools.pairwise(chart.bars))
    assert chart.dense


def test_more_bars_than_pixels_widen_the_chart_rather_than_vanish():
    chart = layout(monthly(240), width=200)

    assert all(bar.width >= MIN_BAR_WIDTH for bar in chart.bars)
    assert chart.width >= 240 and chart.view_box == f"0 0 {chart.width:g} 220"


def test_bars_have_gaps_when_there_is_room_and_a_lone_bar_is_not_a_slab():
    few = layout(monthly(12))
    lone = layout(monthly(1))

    assert all(bar.width < bar.slot_width for bar in few.bars)
    assert lone.bars[0].width == MAX_BAR_WIDTH
    assert not few.dense


@settings(deadline=None)
@given(
    st.lists(st.integers(0, 10_000), min_size=1, max_size=60),
    st.sampled_from([120, 220, 400]),
)
def test_bars_never_leave_the_plot(counts, height):
    chart = layout(monthly(len(counts), counts=counts), height=height)

    plot = chart.plot
    for bar in chart.bars:
        assert plot.left - 0.01 <= bar.x and bar.x + bar.width <= plot.right + 0.01
        for segment in bar.segments:
            assert segment.height >= 0
            assert plot.top - 0.01 <= segment.y and segment.y + segment.height <= plot.bottom + 0.01
    assert chart.y_max >= max(counts)


def test_bars_with_something_link_and_empty_bars_do_not():
    timeline = monthly(3, counts=[2, 0, 1])

    chart = layout(timeline, href=lambda period: f"?in={period.key}")

    assert [bar.href for bar in chart.bars] == ["?in=2010-01", None, "?in=2010-03"]
    assert chart.role == "group"
    assert layout(timeline).role == "img"


def test_bar_and_segment_titles_say_what_the_bar_holds():
    rows = [(date(2024, 6, 1), "a", 4), (date(2024, 6, 1), "b", 2), (date(2024, 7, 1), "a", 1)]
    timeline = build_timeline(rows, labels={"a": "Show A", "b": "Show B"}, end=date(2024, 8, 1))

    june, july, august = layout(timeline).bars

    assert june.title == "June 2024: 6 appearances (Show A 4, Show B 2)"
    assert [s.title for s in june.segments] == [
        "Show A: 4 appearances in June 2024",
        "Show B: 2 appearances in June 2024",
    ]
    assert july.title == "July 2024: 1 appearance (Show A 1)"
    assert august.title == "August 2024: no appearances"


def test_one_series_titles_need_no_breakdown_and_the_noun_is_the_callers():
    timeline = build_timeline([(date(2024, 6, 1), 1, 3)], labels={1: "The Pod"})

    chart = layout(timeline, noun="episode")

    assert chart.bars[0].title == "June 2024: 3 episodes"
    assert chart.description == "3 episodes on 1 show in June 2024."
    assert layout(timeline, description="Given.").description == "Given."


def test_an_empty_timeline_lays_out_without_bars():
    chart = layout(build_timeline([], labels={}))

    assert chart.bars == [] and chart.x_ticks == []
    assert [t.value for t in chart.y_ticks] == [0, 1]
    assert chart.description == "No dated appearances yet."
    assert chart.role == "img" and not chart.dense
