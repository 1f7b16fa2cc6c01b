"""What a visitor asks of a chart: read from the query string, junk ignored."""

from datetime import date

import pytest
from django.http import QueryDict

from archive.timeline.params import ChartRequest, narrowing_link, parse_period
from archive.timeline.periods import Granularity, Period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2024-06", Period(date(2024, 6, 1), Granularity.MONTH)),
        ("2024-Q2", Period(date(2024, 4, 1), Granularity.QUARTER)),
        ("2024", Period(date(2024, 1, 1), Granularity.YEAR)),
        ("2024-13", None),
        ("2024-Q5", None),
        ("0000", None),
        ("June", None),
        ("", None),
    ],
)
def test_a_bars_period_key_reads_back(text, period):
    assert parse_period(text) == period


def test_a_request_reads_its_granularity_range_and_stack():
    asked = ChartRequest.read(QueryDict("by=year&from=2024-12&to=2022-01&stack=role&in=2023"))

    assert asked.granularity is Granularity.YEAR
    assert (asked.first_month, asked.last_month) == (date(2022, 1, 1), date(2024, 12, 1))
    assert asked.end == date(2025, 1, 1)
    assert asked.by_role and asked.selected == Period(date(2023, 1, 1), Granularity.YEAR)


def test_junk_is_ignored():
    asked = ChartRequest.read(QueryDict("by=week&from=soon&to=&in=x"))

    assert asked == ChartRequest()


def test_a_bars_link_keeps_the_chart_and_drops_the_page():
    link = narrowing_link(QueryDict("by=month&page=3&q=caches"), "appearances")

    assert link(Period(date(2024, 6, 1), Granularity.MONTH)) == (
        "?by=month&q=caches&in=2024-06#appearances"
    )
