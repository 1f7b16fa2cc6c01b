"""The load benchmark's pure parts: wrk's result line, the table, choosing words and pages."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import load
import loadpages
from loadtable import (
    Measurement,
    format_facts,
    format_table,
    parse_wrk_line,
    ratio_label,
    shorten,
    ticks_in_group,
)

WRK_OUTPUT = """Running 2s test @ http://127.0.0.1:8123/healthz
  1 threads and 4 connections
  Latency Distribution
     50%    1.20ms
wrk-result requests=4000 seconds=2.000 p50_ms=1.200 p95_ms=2.500 p99_ms=4.750 \
errors=3 status_errors=1 socket_errors=2
"""


def measurement(page="healthz", url="/healthz", requests=4000, seconds=2.0, errors=0):
    return Measurement(page, url, requests, seconds, 1.2, 2.5, 4.75, errors)


def test_result_line_is_read_among_wrks_other_output():
    fields = parse_wrk_line(WRK_OUTPUT)
    assert fields["requests"] == 4000
    assert fields["p99_ms"] == 4.75
    assert fields["errors"] == 3


def test_output_without_a_result_line_is_an_error_not_zeros():
    with pytest.raises(ValueError, match="no wrk-result line"):
        parse_wrk_line("Running 2s test @ http://127.0.0.1:8123/\n")


def test_result_line_missing_a_field_is_an_error():
    with pytest.raises(ValueError, match="p95_ms"):
        parse_wrk_line("wrk-result requests=1 seconds=1 p50_ms=1 p99_ms=1 errors=0\n")


def test_measurement_from_wrk_counts_requests_per_second():
    parsed = Measurement.from_wrk("healthz", "/healthz", WRK_OUTPUT)
    assert parsed.per_second == 2000
    assert parsed.errors == 3


def test_a_run_of_no_time_has_no_throughput():
    assert measurement(seconds=0).per_second == 0


def test_ratio_is_a_percentage_of_the_floor():
    assert ratio_label(150, 1000) == "15.0%"
    assert ratio_label(5, 0) == "-"


def test_long_urls_are_cut_with_an_ellipsis():
    assert shorten("/search/?q=caches", width=20) == "/search/?q=caches"
    cut = shorten("/speakers/compare/?s=a-long-slug&s=another", width=20)
    assert len(cut) == 20
    assert cut.endswith("…")


def test_table_has_a_row_per_page_with_its_share_of_the_floor():
    rows = [measurement(), measurement("quote permalink", "/q/9/", requests=800, errors=2)]
    lines = format_table(rows, floor_per_second=2000).splitlines()
    assert lines[0].split() == [
        *("page", "url", "req/s", "of", "healthz", "p50", "ms", "p95", "ms", "p99", "ms"),
        "errors",
    ]
    assert set(lines[1]) == {"-", " "}
    assert lines[2].split()[-6:] == ["2000.0", "100.0%", "1.2", "2.5", "4.8", "0"]
    assert lines[3].split()[-6:] == ["400.0", "20.0%", "1.2", "2.5", "4.8", "2"]


def test_table_columns_line_up():
    rows = [measurement(), measurement("speaker: busiest host", "/speakers/x/", requests=10)]
    lines = format_table(rows, floor_per_second=2000).splitlines()
    ends = {line.index("%") for line in lines[2:]}
    assert len(ends) == 1


def test_a_page_where_nothing_finished_shows_no_latencies():
    rows = [measurement(), measurement("search", "/search/?q=x", requests=0, errors=0)]
    last = format_table(rows, floor_per_second=2000).splitlines()[-1]
    assert last.split()[-6:] == ["0.0", "0.0%", "-", "-", "-", "0"]


STAT = "4242 (gunicorn: worker [x y]) S 4200 4200 4200 0 -1 4194560 900 0 0 0 350 25 0 0 20 0"


def test_cpu_ticks_count_a_process_of_the_group():
    assert ticks_in_group(STAT, 4200) == 375


def test_cpu_ticks_skip_other_groups():
    assert ticks_in_group(STAT, 1) == 0


def test_facts_are_aligned_name_value_lines():
    text = format_facts({"machine": "2 cores", "database": "sqlite 3.40"})
    assert text.splitlines() == ["machine:  2 cores", "database: sqlite 3.40"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///bench.sqlite3", "sqlite:////home/me/bench.sqlite3"),
        ("sqlite:////work/bench/medium.sqlite3", "sqlite:////work/bench/medium.sqlite3"),
        ("sqlite:///:memory:", "sqlite:///:memory:"),
        ("postgres://postgres@127.0.0.1:5432/bench", "postgres://postgres@127.0.0.1:5432/bench"),
    ],
)
def test_relative_sqlite_paths_mean_where_the_benchmark_started(url, expected):
    assert load.absolute_sqlite_url(url, Path("/home/me")) == expected


def test_only_keeps_healthz_and_the_named_pages():
    pages = [loadpages.Page(key, key, f"/{key}") for key in ("healthz", "host", "feed")]
    assert [page.key for page in load.selected(pages, ["feed"])] == ["healthz", "feed"]
    assert load.selected(pages, None) == pages


def test_only_with_an_unknown_page_names_the_known_ones():
    pages = [loadpages.Page("healthz", "healthz", "/healthz")]
    with pytest.raises(load.BenchmarkFailed, match="no page called nope; pages: healthz"):
        load.selected(pages, ["nope"])


def test_sampled_words_skip_stop_words_and_short_words():
    texts = [
        "the caches were lying about the queues",
        "caches again, and the lying caches",
        "a serendipitous moment about lying caches",
    ]
    words = loadpages.sampled_words(texts)
    assert words.common == "caches"
    assert words.rare == "serendipitous"
    assert words.phrase == "lying caches"


def test_sampled_phrases_are_words_side_by_side_in_a_line():
    """ "caches queues" is no phrase of "caches were ... the queues", stop words or not."""
    words = loadpages.sampled_words(["caches were the queues", "caches were the queues"])
    assert words.phrase == "caches"


def test_sampled_words_refuse_lines_with_nothing_searchable():
    with pytest.raises(LookupError):
        loadpages.sampled_words(["a an the", "uh"])
