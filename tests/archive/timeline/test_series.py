"""Rows of (month, key, count) -> a zero-filled timeline: bucketing, folding, colours, summary."""

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive.timeline.periods import Granularity
from archive.timeline.series import (
    MAX_PERIODS,
    OTHER_COLOUR,
    OTHER_KEY,
    PALETTE_SIZE,
    Series,
    Timeline,
    build_timeline,
)

MONTH, QUARTER, YEAR = Granularity.MONTH, Granularity.QUARTER, Granularity.YEAR
LABELS = {1: "Radio Hour", 2: "The Pod", 3: "Late Show"}


def m(year, month):
    return date(year, month, 1)


def counts_by_label(timeline: Timeline) -> dict[str, list[int]]:
    return {s.label: s.counts for s in timeline.series}


def test_months_without_appearances_are_zero_not_skipped():
    rows = [(m(2024, 1), 1, 2), (m(2024, 4), 1, 1)]

    timeline = build_timeline(rows, labels=LABELS, granularity=MONTH)

    assert [p.key for p in timeline.periods] == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert timeline.totals == [2, 0, 0, 1]


def test_rows_for_the_same_month_and_key_are_summed_and_series_kept_apart():
    rows = [(m(2024, 6), 1, 2), (m(2024, 6), 1, 3), (m(2024, 6), 2, 1), (m(2024, 7), 3, 4)]

    timeline = build_timeline(rows, labels=LABELS, granularity=MONTH)

    assert counts_by_label(timeline) == {
        "Radio Hour": [5, 0],
        "Late Show": [0, 4],
        "The Pod": [1, 0],
    }
    assert timeline.totals == [6, 4]


def test_zero_fill_runs_across_the_new_year():
    rows = [(m(2023, 11), 1, 1), (m(2024, 2), 1, 1)]

    timeline = build_timeline(rows, labels=LABELS, granularity=MONTH)

    assert [p.key for p in timeline.periods] == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert timeline.totals == [1, 0, 0, 1]


def test_quarters_sum_their_three_months():
    rows = [(m(2024, 1), 1, 1), (m(2024, 3), 1, 2), (m(2024, 4), 2, 5), (m(2024, 12), 1, 1)]

    timeline = build_timeline(rows, labels=LABELS, granularity=QUARTER)

    assert [p.key for p in timeline.periods] == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    assert timeline.totals == [3, 5, 0, 1]


def test_years_sum_their_months_and_zero_fill_empty_years():
    rows = [(m(2019, 3), 1, 1), (m(2019, 12), 1, 1), (m(2022, 1), 2, 4)]

    timeline = build_timeline(rows, labels=LABELS, granularity=YEAR)

    assert [p.key for p in timeline.periods] == ["2019", "2020", "2021", "2022"]
    assert timeline.totals == [2, 0, 0, 4]


def test_a_day_in_the_row_counts_for_its_month_even_the_29th_of_february():
    rows = [(date(2024, 2, 29), 1, 1), (m(2024, 3), 1, 1)]

    timeline = build_timeline(rows, labels=LABELS, granularity=MONTH)

    assert [p.key for p in timeline.periods] == ["2024-02", "2024-03"]
    assert timeline.totals == [1, 1]


def test_start_and_end_zero_fill_beyond_the_data():
    rows = [(m(2024, 3), 1, 1)]

    timeline = build_timeline(rows, labels=LABELS, start=m(2024, 1), end=m(2024, 5))

    assert timeline.granularity is MONTH
    assert timeline.totals == [0, 0, 1, 0, 0]
    assert (timeline.first_period.key, timeline.last_period.key) == ("2024-03", "2024-03")


def test_rows_outside_start_and_end_are_dropped():
    rows = [(m(2023, 12), 1, 7), (m(2024, 1), 1, 1), (m(2024, 2), 2, 1), (m(2024, 3), 1, 9)]

    timeline = build_timeline(rows, labels=LABELS, start=m(2024, 1), end=date(2024, 2, 20))

    assert [p.key for p in timeline.periods] == ["2024-01", "2024-02"]
    assert timeline.total == 2


def test_an_unaligned_start_counts_only_the_months_inside_it():
    rows = [(m(2024, 1), 1, 5), (m(2024, 2), 1, 1), (m(2024, 4), 1, 1)]

    timeline = build_timeline(rows, labels=LABELS, granularity=QUARTER, start=m(2024, 2))

    assert [p.key for p in timeline.periods] == ["2024-Q1", "2024-Q2"]
    assert timeline.totals == [1, 1]


def test_granularity_is_chosen_from_the_displayed_span():
    rows = [(m(2024, 1), 1, 1), (m(2024, 12), 1, 1)]

    assert build_timeline(rows, labels=LABELS).granularity is MONTH
    assert build_timeline(rows, labels=LABELS, start=m(2020, 1)).granularity is QUARTER
    assert build_timeline(rows, labels=LABELS, start=m(2010, 1)).granularity is YEAR


def test_too_many_bars_are_coarsened():
    rows = [(m(2000, 1), 1, 1), (m(2024, 12), 1, 1)]  # 300 months

    timeline = build_timeline(rows, labels=LABELS, granularity=MONTH)

    assert timeline.granularity is QUARTER and len(timeline.periods) == 100


def test_even_years_too_many_trim_the_empty_years_around_the_data():
    rows = [(m(2020, 1), 1, 1), (m(2024, 12), 1, 1)]

    timeline = build_timeline(rows, labels=LABELS, start=m(1, 1), end=m(9998, 12))

    assert timeline.granularity is YEAR
    assert [p.key for p in timeline.periods] == ["2020", "2021", "2022", "2023", "2024"]
    assert len(timeline.periods) <= MAX_PERIODS


@pytest.mark.parametrize(
    "rows, start, end",
    [
        ([], None, None),
        ([(m(2024, 1), 1, 0)], None, None),  # counts of zero are nothing
        ([(m(2024, 1), 1, 3)], m(2024, 2), None),  # all before the start
        ([(m(2024, 1), 1, 3)], m(2024, 6), m(2024, 1)),  # start after end
    ],
)
def test_nothing_in_range_is_an_empty_timeline(rows, start, end):
    timeline = build_timeline(rows, labels=LABELS, start=start, end=end)

    assert timeline.is_empty
    assert timeline.periods == [] and timeline.series == [] and timeline.rows == []
    assert timeline.busiest is None and timeline.first_period is None


def test_series_run_biggest_first_ties_by_label():
    rows = [(m(2024, 1), 2, 3), (m(2024, 1), 3, 3), (m(2024, 1), 1, 5)]

    timeline = build_timeline(rows, labels=LABELS)

    assert [s.label for s in timeline.series] == ["Radio Hour", "Late Show", "The Pod"]


def test_keys_without_labels_are_named_by_their_key():
    timeline = build_timeline([(m(2024, 1), 99, 1)], labels=LABELS)

    assert timeline.series[0].label == "99"


def test_the_smallest_series_fold_into_one_other_placed_last():
    labels = {n: f"Show {n}" for n in range(10)}
    rows = [(m(2024, 1), n, 10 - n) for n in range(10)] + [(m(2024, 2), 9, 5)]

    timeline = build_timeline(rows, labels=labels, limit=3, other_label="Other shows")

    assert [s.label for s in timeline.series] == ["Show 0", "Show 1", "Show 2", "Other shows"]
    other = timeline.series[-1]
    assert (other.key, other.counts, other.is_other) == (
        OTHER_KEY,
        [7 + 6 + 5 + 4 + 3 + 2 + 1, 5],
        True,
    )
    assert (other.colour, other.css_class) == (OTHER_COLOUR, "series-other")
    assert timeline.series_count == 10
    assert timeline.total == sum(range(1, 11)) + 5


def test_no_fold_when_the_series_fit():
    rows = [(m(2024, 1), n, 1) for n in range(1, 4)]

    timeline = build_timeline(rows, labels=LABELS, limit=3)

    assert not any(s.is_other for s in timeline.series)


def test_a_real_key_called_other_is_not_mistaken_for_the_folded_rest():
    rows = [(m(2024, 1), "other", 3), (m(2024, 1), "host", 5)]

    timeline = build_timeline(rows, labels={"other": "Other roles", "host": "Host"})

    assert [(s.label, s.css_class) for s in timeline.series] == [
        ("Host", "series-0"),
        ("Other roles", "series-1"),
    ]


def test_pinned_colours_stay_with_their_key():
    rows = [(m(2024, 1), 12, 5), (m(2024, 1), 3, 1)]

    timeline = build_timeline(rows, labels={12: "Twelve", 3: "Three"}, colours={12: 12 % 7, 3: 3})

    assert [(s.label, s.colour) for s in timeline.series] == [("Twelve", 5), ("Three", 3)]


def test_colliding_colours_give_the_smaller_series_the_next_free_one():
    rows = [(m(2024, 1), 1, 5), (m(2024, 1), 8, 3), (m(2024, 1), 15, 1), (m(2024, 1), 4, 2)]
    labels = {1: "A", 8: "B", 15: "C", 4: "D"}

    timeline = build_timeline(rows, labels=labels, colours={k: k % 7 for k in labels})

    assert {s.label: s.colour for s in timeline.series} == {"A": 1, "B": 2, "D": 4, "C": 3}


def test_pinned_colours_are_placed_before_unpinned_ones_take_the_lowest_free():
    rows = [(m(2024, 1), "big", 9), (m(2024, 1), "small", 1)]

    timeline = build_timeline(rows, labels={}, colours={"small": 0})

    assert {s.key: s.colour for s in timeline.series} == {"small": 0, "big": 1}


def test_more_series_than_colours_reuse_them_without_failing():
    rows = [(m(2024, 1), n, 20 - n) for n in range(9)]

    timeline = build_timeline(rows, labels={}, limit=9, colours={n: 0 for n in range(9)})

    assert [s.colour for s in timeline.series][:PALETTE_SIZE] == list(range(PALETTE_SIZE))
    assert all(0 <= s.colour < PALETTE_SIZE for s in timeline.series)


def test_busiest_is_the_earliest_of_the_tied_maxima():
    rows = [(m(2024, 1), 1, 3), (m(2024, 2), 1, 5), (m(2024, 3), 2, 5)]

    timeline = build_timeline(rows, labels=LABELS)

    assert timeline.busiest[0].key == "2024-02" and timeline.busiest[1] == 5


def test_table_rows_hold_every_period_in_series_order():
    rows = [(m(2024, 1), 1, 3), (m(2024, 1), 2, 1), (m(2024, 3), 2, 2)]

    timeline = build_timeline(rows, labels=LABELS)

    assert [(r.period.key, r.counts, r.total) for r in timeline.rows] == [
        ("2024-01", [3, 1], 4),
        ("2024-02", [0, 0], 0),
        ("2024-03", [0, 2], 2),
    ]


# Summary sentences


def test_summary_of_nothing():
    assert build_timeline([], labels={}).summary() == "No dated appearances yet."
    assert build_timeline([], labels={}).summary("mention") == "No dated mentions yet."


def test_summary_of_one_appearance_is_singular_and_dated_in():
    timeline = build_timeline([(m(2024, 6), 1, 1)], labels=LABELS)

    assert timeline.summary() == "1 appearance on 1 show in June 2024."


def test_summary_of_many_names_the_busiest_month():
    rows = [(m(2019, 3), 1, 1), (m(2024, 6), 2, 4), (m(2024, 6), 3, 2), (m(2024, 5), 1, 1)]

    timeline = build_timeline(rows, labels=LABELS, granularity=MONTH)

    assert timeline.summary() == (
        "8 appearances on 3 shows since March 2019; busiest month: June 2024 with 6."
    )


def test_summary_counts_shows_folded_into_other():
    rows = [(m(2024, n), n, 1) for n in range(1, 10)]

    timeline = build_timeline(rows, labels={}, limit=2)

    assert timeline.summary().startswith("9 appearances on 9 shows since January 2024")


def test_summary_in_quarters_and_years():
    rows = [(m(2021, 2), 1, 2), (m(2024, 5), 1, 4), (m(2024, 6), 2, 2)]

    quarterly = build_timeline(rows, labels=LABELS, granularity=QUARTER)
    yearly = build_timeline(rows, labels=LABELS, granularity=YEAR)

    assert quarterly.summary() == (
        "8 appearances on 2 shows since Q1 2021; busiest quarter: Q2 2024 with 6."
    )
    assert yearly.summary() == "8 appearances on 2 shows since 2021; busiest year: 2024 with 6."


def test_summary_leaves_out_a_busiest_period_of_one():
    rows = [(m(2024, 1), 1, 1), (m(2024, 3), 1, 1)]

    assert build_timeline(rows, labels=LABELS).summary() == (
        "2 appearances on 1 show since January 2024."
    )


def test_summary_words_other_kinds_of_series():
    rows = [(m(2024, 1), 1, 1000), (m(2024, 2), 2, 234)]
    timeline = build_timeline(rows, labels={})

    assert timeline.summary("mention", on="speaker", preposition="by") == (
        "1,234 mentions by 2 speakers since January 2024; busiest month: January 2024 with 1,000."
    )
    assert timeline.summary("episode", on=None).startswith("1,234 episodes since January 2024;")
    assert timeline.summary("person", "people", on="show", on_plural="showz").startswith(
        "1,234 people on 2 showz"
    )


# Properties over arbitrary input

months = st.dates(date(2015, 1, 1), date(2026, 12, 31)).map(lambda d: d.replace(day=1))
rows_strategy = st.lists(
    st.tuples(months, st.sampled_from([1, 2, 3, 4, 5, 6, 7, 8, "a", "b"]), st.integers(0, 50)),
    max_size=60,
)


@given(
    rows_strategy,
    st.one_of(st.none(), months),
    st.one_of(st.none(), months),
    st.one_of(st.none(), st.sampled_from(list(Granularity))),
    st.integers(0, 8),
)
def test_totals_always_equal_the_input_inside_the_range(rows, start, end, granularity, limit):
    timeline = build_timeline(
        rows, labels={}, start=start, end=end, granularity=granularity, limit=limit
    )

    inside = [
        n for month, _, n in rows if (not start or month >= start) and (not end or month <= end)
    ]
    assert timeline.total == sum(inside)
    assert sum(timeline.totals) == timeline.total == sum(r.total for r in timeline.rows)
    assert len(timeline.series) <= limit + 1
    assert all(len(s.counts) == len(timeline.periods) for s in timeline.series)
    assert all(a.end == b.start for a, b in itertools.pairwise(timeline.periods))
    kept = [s for s in timeline.series if not s.is_other]
    assert [s.total for s in kept] == sorted((s.total for s in kept), reverse=True)
    assert len({s.colour for s in kept}) == min(len(kept), PALETTE_SIZE)


def test_a_hand_built_timeline_without_series_still_tabulates():
    timeline = build_timeline([(m(2024, 1), 1, 1), (m(2024, 2), 1, 1)], labels={})
    bare = Timeline(timeline.granularity, timeline.periods, [])

    assert bare.totals == [0, 0] and bare.is_empty
    assert [r.total for r in bare.rows] == [0, 0]


def test_a_series_total_and_class():
    series = Series(1, "A", [1, 2, 3], colour=4)

    assert (series.total, series.css_class) == (6, "series-4")
