"""Months, quarters and years: bounds, keys, names, zero-fill and parsing the query string."""

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive.timeline.periods import (
    Granularity,
    Period,
    choose_granularity,
    parse_granularity,
    parse_month,
    period_of,
    periods_between,
)

MONTH, QUARTER, YEAR = Granularity.MONTH, Granularity.QUARTER, Granularity.YEAR


def test_a_month_knows_its_bounds_key_and_names():
    june = Period(date(2024, 6, 1), MONTH)

    assert (june.start, june.end, june.last_day) == (
        date(2024, 6, 1),
        date(2024, 7, 1),
        date(2024, 6, 30),
    )
    assert (june.key, june.label, june.name, june.short_label) == (
        "2024-06",
        "June 2024",
        "June 2024",
        "Jun 2024",
    )
    assert (june.first_month, june.last_month) == ("2024-06", "2024-06")


def test_a_quarter_names_its_months():
    q2 = Period(date(2024, 4, 1), QUARTER)

    assert q2.end == date(2024, 7, 1)
    assert (q2.key, q2.label, q2.name) == ("2024-Q2", "Q2 2024 (Apr–Jun)", "Q2 2024")
    assert (q2.first_month, q2.last_month) == ("2024-04", "2024-06")


def test_a_year_ends_on_the_next_new_year():
    year = Period(date(2024, 1, 1), YEAR)

    assert (year.end, year.last_day) == (date(2025, 1, 1), date(2024, 12, 31))
    assert (year.key, year.label, year.first_month, year.last_month) == (
        "2024",
        "2024",
        "2024-01",
        "2024-12",
    )


def test_december_and_the_fourth_quarter_end_in_the_next_year():
    assert Period(date(2023, 12, 1), MONTH).end == date(2024, 1, 1)
    assert Period(date(2023, 10, 1), QUARTER).end == date(2024, 1, 1)
    assert Period(date(2023, 10, 1), QUARTER).label == "Q4 2023 (Oct–Dec)"


def test_february_of_a_leap_year_ends_on_the_29th():
    assert Period(date(2024, 2, 1), MONTH).last_day == date(2024, 2, 29)
    assert Period(date(2023, 2, 1), MONTH).last_day == date(2023, 2, 28)
    assert period_of(date(2024, 2, 29), MONTH) == Period(date(2024, 2, 1), MONTH)
    assert period_of(date(2024, 2, 29), QUARTER).key == "2024-Q1"


@pytest.mark.parametrize(
    "start, granularity",
    [(date(2024, 6, 2), MONTH), (date(2024, 5, 1), QUARTER), (date(2024, 2, 1), YEAR)],
)
def test_a_period_must_start_where_its_bucket_starts(start, granularity):
    with pytest.raises(ValueError):
        Period(start, granularity)


def test_periods_sort_by_start():
    periods = [Period(date(2024, m, 1), MONTH) for m in (6, 1, 3)]

    assert [p.key for p in sorted(periods)] == ["2024-01", "2024-03", "2024-06"]


@pytest.mark.parametrize(
    "day, granularity, key",
    [
        (date(2024, 6, 30), MONTH, "2024-06"),
        (date(2024, 6, 30), QUARTER, "2024-Q2"),
        (date(2024, 7, 1), QUARTER, "2024-Q3"),
        (date(2024, 12, 31), QUARTER, "2024-Q4"),
        (date(2024, 12, 31), YEAR, "2024"),
    ],
)
def test_period_of_finds_the_bucket_holding_a_day(day, granularity, key):
    assert period_of(day, granularity).key == key


def test_months_are_zero_filled_across_a_new_year():
    periods = periods_between(date(2023, 11, 15), date(2024, 2, 3), MONTH)

    assert [p.key for p in periods] == ["2023-11", "2023-12", "2024-01", "2024-02"]


def test_quarters_and_years_between_two_days_include_both_ends():
    quarters = periods_between(date(2023, 12, 31), date(2024, 4, 1), QUARTER)
    years = periods_between(date(2019, 6, 1), date(2021, 1, 1), YEAR)

    assert [p.key for p in quarters] == ["2023-Q4", "2024-Q1", "2024-Q2"]
    assert [p.key for p in years] == ["2019", "2020", "2021"]


def test_one_day_gives_one_period_and_a_backwards_range_none():
    assert [p.key for p in periods_between(date(2024, 6, 9), date(2024, 6, 9), MONTH)] == [
        "2024-06"
    ]
    assert periods_between(date(2024, 7, 1), date(2024, 6, 1), MONTH) == []


@given(
    st.dates(date(1990, 1, 1), date(2060, 12, 31)),
    st.dates(date(1990, 1, 1), date(2060, 12, 31)),
    st.sampled_from(list(Granularity)),
)
def test_zero_fill_is_contiguous_and_covers_both_days(first, last, granularity):
    first, last = min(first, last), max(first, last)
    periods = periods_between(first, last, granularity)

    assert periods[0].start <= first < periods[0].end
    assert periods[-1].start <= last < periods[-1].end
    assert all(a.end == b.start for a, b in itertools.pairwise(periods))


@pytest.mark.parametrize(
    "first, last, expected",
    [
        (date(2024, 6, 1), date(2024, 6, 30), MONTH),
        (date(2022, 1, 1), date(2024, 12, 31), MONTH),  # 36 months
        (date(2022, 1, 1), date(2025, 1, 1), QUARTER),  # 37 months
        (date(2015, 1, 1), date(2024, 12, 1), QUARTER),  # 120 months
        (date(2015, 1, 1), date(2025, 1, 1), YEAR),  # 121 months
        (date(2024, 12, 1), date(2022, 1, 1), MONTH),  # the order does not matter
    ],
)
def test_choose_granularity_at_its_boundaries(first, last, expected):
    assert choose_granularity(first, last) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-06", date(2024, 6, 1)),
        (" 2024-01 ", date(2024, 1, 1)),
        ("0001-01", date(1, 1, 1)),
        ("9998-12", date(9998, 12, 1)),
    ],
)
def test_parse_month_reads_year_and_month(text, expected):
    assert parse_month(text) == expected


@pytest.mark.parametrize(
    "junk",
    [
        "2024-13",
        "2024-00",
        "abc",
        "",
        "99999-01",
        "0000-01",
        "9999-12",  # its period would end past date.max
        "2024-6",
        "2024-06-01",
        "２０２４-０６",  # full-width digits
        None,
        202406,
    ],
)
def test_parse_month_refuses_junk_quietly(junk):
    assert parse_month(junk) is None


@given(st.text(max_size=20))
def test_parse_month_never_raises(text):
    parsed = parse_month(text)

    assert parsed is None or (parsed.day == 1 and period_of(parsed, YEAR).end)


@pytest.mark.parametrize(
    "text, expected",
    [("month", MONTH), ("Quarter", QUARTER), (" year ", YEAR), ("week", None), ("", None)],
)
def test_parse_granularity(text, expected):
    assert parse_granularity(text) is expected


def test_parse_granularity_ignores_non_text():
    assert parse_granularity(None) is None
