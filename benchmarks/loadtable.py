"""The load benchmark's arithmetic: read wrk's and /proc's lines, print the table. Pure functions.

Kept apart from benchmarks/load.py (which starts processes) so tests can check
them without a server: tests/test_load_table.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

RESULT_LINE = re.compile(r"^wrk-result (?P<fields>.+)$", re.MULTILINE)
FIELDS = ("requests", "seconds", "p50_ms", "p95_ms", "p99_ms", "errors")
URL_WIDTH = 44


@dataclass(frozen=True)
class Measurement:
    """One page's wrk run: what the table prints a row from."""

    page: str
    url: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    @classmethod
    def from_wrk(cls, page: str, url: str, output: str) -> Measurement:
        fields = parse_wrk_line(output)
        return cls(
            page=page,
            url=url,
            requests=int(fields["requests"]),
            seconds=fields["seconds"],
            p50_ms=fields["p50_ms"],
            p95_ms=fields["p95_ms"],
            p99_ms=fields["p99_ms"],
            errors=int(fields["errors"]),
        )


def parse_wrk_line(output: str) -> dict[str, float]:
    """The ``key=value`` fields of load.lua's ``wrk-result`` line in wrk's output.

    Raises ValueError when the line is missing or lacks a field, so a wrk that
    crashed or ran another script is an error and never a row of zeros.
    """
    match = RESULT_LINE.search(output)
    if match is None:
        raise ValueError("wrk printed no wrk-result line (did it run benchmarks/load.lua?)")
    fields = {}
    for pair in match["fields"].split():
        key, _, value = pair.partition("=")
        fields[key] = float(value)
    missing = [name for name in FIELDS if name not in fields]
    if missing:
        raise ValueError(f"wrk-result line lacks {', '.join(missing)}")
    return fields


def shorten(url: str, width: int = URL_WIDTH) -> str:
    """``url`` cut to ``width`` characters, the cut marked with an ellipsis."""
    return url if len(url) <= width else url[: width - 1] + "…"


def ratio_label(per_second: float, floor_per_second: float) -> str:
    """A page's throughput as a percentage of the /healthz floor; "-" with no floor."""
    if floor_per_second <= 0:
        return "-"
    return f"{100 * per_second / floor_per_second:.1f}%"


def format_table(measurements: Iterable[Measurement], floor_per_second: float) -> str:
    """One aligned row per page: req/s, share of the floor, latency percentiles, errors."""
    header = ("page", "url", "req/s", "of healthz", "p50 ms", "p95 ms", "p99 ms", "errors")
    rows = [header] + [_row(m, floor_per_second) for m in measurements]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = [_aligned(row, widths) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _row(m: Measurement, floor_per_second: float) -> tuple[str, ...]:
    """Latencies read "-" when no request finished: wrk then reports zeros, not times."""
    latencies = (m.p50_ms, m.p95_ms, m.p99_ms)
    return (
        m.page,
        shorten(m.url),
        f"{m.per_second:.1f}",
        ratio_label(m.per_second, floor_per_second),
        *(f"{ms:.1f}" if m.requests else "-" for ms in latencies),
        str(m.errors),
    )


def _aligned(row: tuple[str, ...], widths: list[int]) -> str:
    """Text columns (page, url) to the left, numbers to the right."""
    cells = [
        cell.ljust(width) if column < 2 else cell.rjust(width)
        for column, (cell, width) in enumerate(zip(row, widths, strict=True))
    ]
    return "  ".join(cells).rstrip()


def format_facts(facts: Mapping[str, object]) -> str:
    """The header above the table: one ``name: value`` line per fact, names aligned."""
    width = max((len(name) for name in facts), default=0)
    return "\n".join(f"{name + ':':<{width + 1}} {value}" for name, value in facts.items())


def ticks_in_group(stat: str, group: int) -> int:
    """CPU time (user + system, clock ticks) of the process a /proc/<pid>/stat line describes,
    if it is in process group ``group``; else 0.

    The command name in parentheses may hold spaces, so fields count from its ")":
    state, ppid, pgrp, … with utime and stime the 12th and 13th.
    """
    fields = stat.rpartition(")")[2].split()
    return int(fields[11]) + int(fields[12]) if int(fields[2]) == group else 0
