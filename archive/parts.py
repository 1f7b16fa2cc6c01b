"""A long transcript in parts, so a day-long live stream is not one 20 MB page.

An episode of up to ``WHOLE_LINES`` lines reads whole, as every podcast does.
A longer one is cut into parts of at most ``PART_LINES`` lines: by hour of
audio where its lines are timed (an hour holding more is cut again, evenly),
else into even runs of lines. A part is a run of consecutive ``sequence``
numbers, so its lines are one range scan of the utterance_sequence index.

``plan_parts`` is a pure function; ``transcript_parts`` reads an episode's
plan (one query) and keeps it in the cache per ``episode.updated_at``, which
the curation core moves whenever lines change, like the rendered transcript.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import ngettext

from .formats.timecode import format_timestamp

# A line is about 460 bytes of HTML. Up to this many lines (1.6 MB, a tenth of that
# gzipped) a transcript reads whole: the 3,000-line episode the benchmarks time does.
WHOLE_LINES = 3_500
# A longer one reads in parts of an hour or less, none of more lines than this (0.9 MB);
# a talk show's hour has about a thousand, so only a very busy hour is cut again.
PART_LINES = 2_000
HOUR_MS = 3_600_000
# As long as the rendered transcript is kept (templates/archive/episode_detail.html).
PLAN_SECONDS = 86_400

# (sequence, start_ms, end_ms) of one line, in transcript order.
Line = tuple[int, int | None, int | None]


@dataclass(frozen=True)
class Part:
    """Lines ``first_line`` to ``last_line`` (1-based) of a transcript, and the time they span.

    ``first_sequence`` and ``last_sequence`` are None for a transcript read
    whole (no bounds to filter by); ``start_ms`` is None for untimed parts.
    """

    number: int
    first_line: int
    last_line: int
    first_sequence: int | None = None
    last_sequence: int | None = None
    start_ms: int | None = None
    end_ms: int | None = None

    @property
    def label(self) -> str:
        """Reads "1:00:00–2:00:00", or "Lines 3,501–7,000" for an untimed transcript."""
        if self.start_ms is None:
            return f"Lines {self.first_line:,}–{self.last_line:,}"
        end = format_timestamp(self.end_ms) if self.end_ms is not None else ""
        return f"{format_timestamp(self.start_ms)}–{end}"

    @property
    def lines_label(self) -> str:
        count = self.last_line - self.first_line + 1
        return ngettext("%(count)s line", "%(count)s lines", count) % {"count": f"{count:,}"}

    @property
    def query(self) -> str:
        """``part=3``: what names this part in the page's query string; "" for the first."""
        return f"part={self.number}" if self.number > 1 else ""

    @property
    def query_string(self) -> str:
        """``?part=3`` to append to the episode's URL; "" for the first part."""
        return f"?{self.query}" if self.query else ""

    @property
    def start_seconds(self) -> int | None:
        """Where the part starts, for static/js/parts.js to find the part a ``#t=`` is in."""
        return None if self.start_ms is None else self.start_ms // 1000

    def select(self, utterances):
        """``utterances`` (an episode's lines) narrowed to this part's; no query."""
        if self.first_sequence is None:
            return utterances
        return utterances.filter(
            sequence__gte=self.first_sequence, sequence__lte=self.last_sequence
        )


@dataclass(frozen=True)
class TranscriptParts:
    """An episode's transcript as parts: one part when it reads whole."""

    parts: tuple[Part, ...]

    @property
    def is_split(self) -> bool:
        return len(self.parts) > 1

    def pick(self, text: str) -> Part | None:
        """``?part=3`` -> part 3; absent or not a number -> the first; None past the last."""
        if not (text.isdigit() and len(text) < 6):
            return self.parts[0]
        number = int(text)
        return self.parts[number - 1] if 1 <= number <= len(self.parts) else None

    def holding(self, sequence: int) -> Part:
        """The part a line of this ``sequence`` is in (the nearest, were it in none)."""
        if not self.is_split:
            return self.parts[0]
        starts = [part.first_sequence for part in self.parts]
        return self.parts[max(bisect.bisect_right(starts, sequence) - 1, 0)]


def transcript_parts(episode) -> TranscriptParts:
    """``episode``'s parts, from the cache; one query (its lines' times) when cold."""
    key = f"transcript-parts:{episode.pk}:{episode.updated_at.timestamp():.6f}"
    plan = cache.get(key)
    if plan is None:
        lines = episode.utterances.order_by("sequence").values_list(
            "sequence", "start_ms", "end_ms"
        )
        plan = TranscriptParts(tuple(plan_parts(list(lines), whole=WHOLE_LINES, limit=PART_LINES)))
        cache.set(key, plan, PLAN_SECONDS)
    return plan


def line_url(episode, line_id: int) -> str:
    """The episode's page at line ``line_id``, in the part that holds it.

    The episode's top when the line is not one of its own. One query for the
    line, and ``transcript_parts``' one when the plan is not cached.
    """
    url = episode.get_absolute_url()
    sequence = episode.utterances.filter(pk=line_id).values_list("sequence", flat=True).first()
    if sequence is None:
        return url
    return f"{url}{transcript_parts(episode).holding(sequence).query_string}#u{line_id}"


def plan_parts(
    lines: Sequence[Line], *, whole: int = WHOLE_LINES, limit: int = PART_LINES
) -> list[Part]:
    """The parts ``lines`` read in: the whole when there are ``whole`` or fewer.

    Timed lines are grouped by hour, each hour cut into as few even runs of at
    most ``limit`` lines as it needs; untimed transcripts by lines alone. A part
    ends in time where the next one starts, the last where the audio's lines do.
    """
    if len(lines) <= whole:
        return [Part(number=1, first_line=1, last_line=len(lines))]
    timed = any(start is not None for _, start, _ in lines)
    if timed:
        cuts = _timed_cuts(lines, limit)
    else:
        cuts = [(first, last, None) for first, last in _even_chunks(0, len(lines), limit)]
    ends = [start for _, _, start in cuts[1:]] + [_end_ms(lines) if timed else None]
    return [
        Part(
            number=number,
            first_line=first + 1,
            last_line=last + 1,
            first_sequence=lines[first][0],
            last_sequence=lines[last][0],
            start_ms=start,
            end_ms=end,
        )
        for number, ((first, last, start), end) in enumerate(zip(cuts, ends, strict=True), start=1)
    ]


def _timed_cuts(lines: Sequence[Line], limit: int) -> list[tuple[int, int, int | None]]:
    """``(first, last, start_ms)`` of each part: an hour of audio, or an even share of one."""
    latest = _latest_times(lines)
    cuts = []
    for hour, start, stop in _hour_runs(latest):
        for first, last in _even_chunks(start, stop, limit):
            begins = latest[first] if first > start and latest[first] is not None else None
            cuts.append((first, last, hour * HOUR_MS if begins is None else begins))
    return cuts


def _latest_times(lines: Sequence[Line]) -> list[int | None]:
    """The latest start time at or before each line: where it is in the audio.

    An untimed line, or one stamped earlier than a line before it, stays in
    the hour it is read in, so hours never go backwards and parts are runs.
    """
    latest, result = None, []
    for _, start, _ in lines:
        if start is not None and (latest is None or start > latest):
            latest = start
        result.append(latest)
    return result


def _hour_runs(latest: list[int | None]) -> list[tuple[int, int, int]]:
    """``(hour, first index, index after)`` of each run of lines in one hour of audio."""
    runs: list[list[int]] = []
    for index, time in enumerate(latest):
        hour = (time or 0) // HOUR_MS
        if runs and runs[-1][0] == hour:
            runs[-1][2] = index + 1
        else:
            runs.append([hour, index, index + 1])
    return [(hour, start, stop) for hour, start, stop in runs]


def _even_chunks(start: int, stop: int, limit: int) -> list[tuple[int, int]]:
    """Indexes ``start`` to ``stop`` (excluded) as the fewest even runs of at most ``limit``.

    Each run is ``(first, last)``, both included.
    """
    count = -(-(stop - start) // limit)
    bounds = [start + (stop - start) * n // count for n in range(count + 1)]
    return [(bounds[n], bounds[n + 1] - 1) for n in range(count)]


def _end_ms(lines: Sequence[Line]) -> int:
    """Where the transcript's audio ends: the latest start or end of any line."""
    return max(time for _, start, end in lines for time in (start, end) if time is not None)


@dataclass(frozen=True)
class PartLink:
    number: int
    label: str
    url: str
    start_seconds: int | None
    current: bool


@dataclass(frozen=True)
class PartNav:
    """What a long episode's part navigation shows (templates/includes/_transcript_parts.html)."""

    parts: TranscriptParts
    current: Part
    episode_url: str
    line_url: str

    @classmethod
    def of(cls, episode, parts: TranscriptParts, current: Part) -> PartNav | None:
        """The navigation for ``current``, or None when the transcript reads whole. No query."""
        if not parts.is_split:
            return None
        url = episode.get_absolute_url()
        kwargs = {"show": episode.show.slug, "slug": episode.slug, "line": 0}
        line = reverse("archive:episode_line", kwargs=kwargs)
        return cls(parts=parts, current=current, episode_url=url, line_url=line)

    @property
    def count(self) -> int:
        return len(self.parts.parts)

    @property
    def heading(self) -> str:
        return f"Part {self.current.number} of {self.count}"

    @property
    def explanation(self) -> str:
        if self.current.start_ms is None:
            return "This transcript is long, so it reads in parts of a few thousand lines."
        return "This transcript is long, so it reads in parts of an hour or less."

    @property
    def links(self) -> list[PartLink]:
        return [self._link(part) for part in self.parts.parts]

    @property
    def previous(self) -> PartLink | None:
        number = self.current.number
        return self._link(self.parts.parts[number - 2]) if number > 1 else None

    @property
    def next(self) -> PartLink | None:
        number = self.current.number
        return self._link(self.parts.parts[number]) if number < self.count else None

    def _link(self, part: Part) -> PartLink:
        return PartLink(
            number=part.number,
            label=part.label,
            url=f"{self.episode_url}{part.query_string}",
            start_seconds=part.start_seconds,
            current=part.number == self.current.number,
        )
