"""What each page charts: rows from ``queries``, built into a timeline, laid out with links.

Views call one function here and hand the ``Figure`` to ``includes/_timeline.html``
(or, standalone, to ``includes/_timeline_svg.html``). One query per figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import queries
from .chart import Chart, layout
from .params import ChartRequest
from .periods import Period, choose_granularity
from .series import PALETTE_SIZE, Timeline, build_timeline

Link = Callable[[Period], str | None]
WIDE = {"width": 720, "height": 220}
NARROW = {"width": 360, "height": 240}


@dataclass
class Figure:
    timeline: Timeline
    chart: Chart
    # The same bars laid out for a phone's width, where the wide chart's labels would shrink.
    narrow_chart: Chart
    id_prefix: str
    caption: str
    request: ChartRequest

    @property
    def summary(self) -> str:
        return self.chart.description


def speaker_figure(speaker, request: ChartRequest, link: Link | None = None) -> Figure:
    """A speaker's appearances over time, stacked by show (or by role)."""
    if request.by_role:
        rows, labels = queries.speaker_by_role(speaker, request.first_month, request.end)
        colours = {"host": 0, "guest": 1, "other": 2, "": 3}
        other = "Other roles"
    else:
        rows, labels = queries.speaker_by_show(speaker, request.first_month, request.end)
        colours = _by_id(labels)
        other = "Other shows"
    timeline = _timeline(rows, labels, request, colours=colours, other_label=other)
    summary = timeline.summary(on=None) if request.by_role else timeline.summary()
    return _figure(timeline, request, link, "appearances", f"{speaker.name}'s appearances", summary)


def compare_figure(speakers: list, request: ChartRequest, link: Link | None = None) -> Figure:
    """Up to five speakers on one axis, a colour each."""
    rows, labels = queries.speakers_compared(speakers, request.first_month, request.end)
    colours = {speaker.pk: index for index, speaker in enumerate(speakers)}
    timeline = _timeline(rows, labels, request, colours=colours, limit=len(speakers))
    names = ", ".join(speaker.name for speaker in speakers)
    summary = timeline.summary(on="speaker", preposition="by")
    return _figure(timeline, request, link, "compare", f"Appearances of {names}", summary)


def archive_figure(request: ChartRequest, shows=None, link: Link | None = None) -> Figure:
    """Episodes over time: the whole archive by show, or one show's."""
    rows, labels = queries.episodes_by_show(shows, request.first_month, request.end)
    timeline = _timeline(rows, labels, request, colours=_by_id(labels))
    summary = timeline.summary("episode", on=None if shows else "show", preposition="of")
    return _figure(
        timeline, request, link, "episodes", "Episodes over time", summary, noun="episode"
    )


def mentions_figure(lines, request: ChartRequest, link: Link | None = None) -> Figure:
    """When the search's matches were said, by the five speakers who said them most."""
    rows, labels = queries.mentions_by_speaker(lines)
    timeline = _timeline(rows, labels, request, limit=5, other_label="Everyone else")
    summary = timeline.summary("mention", on="speaker", preposition="by")
    return _figure(timeline, request, link, "mentions", "When it was said", summary, noun="mention")


def _timeline(rows, labels, request: ChartRequest, **options) -> Timeline:
    months = [month for month, _, count in rows if count]
    first = request.first_month or (min(months) if months else None)
    last = request.last_month_or_now()
    granularity = request.granularity
    if granularity is None and first is not None:
        granularity = choose_granularity(first, max(last, first))
    return build_timeline(
        rows,
        labels=labels,
        granularity=granularity,
        start=first,
        end=max(last, first) if first else None,
        **options,
    )


def _figure(timeline, request, link, id_prefix, caption, summary, noun="appearance") -> Figure:
    charts = [
        layout(timeline, href=link, noun=noun, title=caption, description=summary, **size)
        for size in (WIDE, NARROW)
    ]
    return Figure(timeline, *charts, id_prefix, caption, request)


def _by_id(labels: dict) -> dict:
    """A show keeps its colour from page to page: its id picks it."""
    return {key: key % PALETTE_SIZE for key in labels if isinstance(key, int)}
