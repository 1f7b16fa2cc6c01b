"""A timeline's numbers as data: CSV rows and a JSON document, the chart's own buckets."""

from __future__ import annotations

from .series import Timeline

# A cell a spreadsheet would run as a formula (CSV injection): "=HYPERLINK(…)", "@SUM(…)".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def timeline_csv_rows(timeline: Timeline) -> list[list]:
    """A header, then one row per period: its key, first and last day, a column per series.

    A series label (a show's title, a person's name) that a spreadsheet would read as a
    formula gets a leading apostrophe, which spreadsheets show as text and do not print.
    """
    labels = [_as_text(series.label) for series in timeline.series]
    header = ["period", "label", "start", "end", *labels, "total"]
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


def _as_text(label: str) -> str:
    return f"'{label}" if label.startswith(FORMULA_STARTS) else label


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
