"""A timeline's numbers as data: CSV rows and a JSON document, the chart's own buckets."""

from __future__ import annotations

from .series import Timeline


def timeline_csv_rows(timeline: Timeline) -> list[list]:
    """A header, then one row per period: its key, first and last day, a column per series."""
    header = ["period", "label", "start", "end", *[s.label for s in timeline.series], "total"]
    rows = [header]
    for index, period in enumerate(timeline.periods):
        counts = [series.counts[index] for series in timeline.series]
        rows.append(
            [
                period.key,
                period.label,
                period.start.isoformat(),
                period.last_day.isoformat(),
                *counts,
                timeline.totals[index],
            ]
        )
    return rows


def timeline_json(timeline: Timeline, *, subject: dict) -> dict:
    """The series and every period's counts, keyed by series key (as text)."""
    return {
        "subject": subject,
        "granularity": str(timeline.granularity) if timeline.periods else None,
        "total": timeline.total,
        "series": [
            {"key": str(series.key), "label": series.label, "total": series.total}
            for series in timeline.series
        ],
        "periods": [
            {
                "period": period.key,
                "label": period.label,
                "start": period.start.isoformat(),
                "end": period.last_day.isoformat(),
                "counts": {str(series.key): series.counts[index] for series in timeline.series},
                "total": timeline.totals[index],
            }
            for index, period in enumerate(timeline.periods)
        ],
    }
