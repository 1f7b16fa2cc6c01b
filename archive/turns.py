"""Segments to turns: one utterance per stretch of one speaker's speech.

Sources cut speech for display (two-line caption cues, word-level JSON), not by
speaker turn. A quote permalink should point at a whole turn, so consecutive
segments with the same label are merged here, in one place for every format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from .formats.base import ParsedTranscript, Segment

# Merge across pauses up to this long; a longer silence starts a new utterance
# even when the label stays the same.
DEFAULT_MAX_GAP_MS = 60_000

# A token that attaches to the word before it: closing punctuation standing alone or
# followed by a space (",", "?!", "” and"), not the start of a word (".NET", "'cause").
CLOSING_PUNCTUATION = re.compile(r"^[,.;:!?%)\]}…'’”]+(?=\s|$)")
# After these the next word follows without a space.
OPENING_PUNCTUATION = frozenset("([{“‘¿¡")


class Turn(NamedTuple):
    """One utterance to be. A tuple: a long transcript makes tens of thousands of them."""

    label: str | None
    start_ms: int | None
    end_ms: int | None
    text: str
    location: str
    segment_count: int

    @property
    def word_count(self) -> int:
        return word_count(self.text)


def merge_turns(
    parsed: ParsedTranscript, *, max_gap_ms: int | None = DEFAULT_MAX_GAP_MS
) -> list[Turn]:
    """Group ``parsed.segments`` into turns, dropping segments with no text.

    A segment continues the current turn when it has the same label, is not
    marked ``turn_start``, and starts no more than ``max_gap_ms`` after the
    previous segment's end, where the source gives one (None: no gap limit).
    Unlabelled segments only form turns in files with turn markers; otherwise
    each stands alone, since nothing says two were one person's speech.
    """
    turns: list[Turn] = []
    current: list[Segment] = []
    for segment in parsed.segments:
        if current and not _continues(current, segment, parsed.turn_markers, max_gap_ms):
            turns.append(_turn_from(current))
            current = []
        if segment.text.strip() or current:
            current.append(segment)
    if current:
        turns.append(_turn_from(current))
    return [turn for turn in turns if turn.text]


def _continues(
    current: list[Segment], segment: Segment, turn_markers: bool, max_gap_ms: int | None
) -> bool:
    if segment.turn_start or segment.label != current[-1].label:
        return False
    if segment.label is None and not turn_markers:
        # Whitespace-only and punctuation-only pieces still attach to their neighbour.
        return not _is_word(segment.text)
    # Silence is measurable only from a known end: sources with start times alone
    # (Otter, plain text) say nothing about how long the previous piece ran.
    previous_end = current[-1].end_ms
    if max_gap_ms is None or segment.start_ms is None or previous_end is None:
        return True
    return segment.start_ms - previous_end <= max_gap_ms


def _is_word(text: str) -> bool:
    return any(char.isalnum() for char in text)


def _turn_from(segments: list[Segment]) -> Turn:
    """One turn; it starts when its first segment does (a later anchor is not its start).

    Whitespace runs become single spaces (``str.split`` and regex ``\\s`` agree on
    what whitespace is, and the split is several times faster).
    """
    first = segments[0]
    if len(segments) == 1:  # most caption cues are a turn of their own
        text, end = first.text, first.end_ms
    else:
        text = join_texts(segment.text for segment in segments)
        ends = [s.end_ms for s in segments if s.end_ms is not None]
        end = max(ends) if ends else None
    start = first.start_ms
    if end is not None and start is not None and end < start:
        end = start
    return Turn(first.label, start, end, " ".join(text.split()), first.location, len(segments))


def word_count(text: str) -> int:
    """Words as the archive counts them (appearance totals): runs of non-space."""
    return len(text.split())


def join_texts(pieces: Iterable[str]) -> str:
    """Join pieces of speech with one space unless punctuation or spacing says not to.

    Word-level files carry their own spaces (``"It's", " ", "Friday", ","``);
    caption files carry none (``"nice to"``, ``"like, show"``). Both read right.
    Linear in the total length, however many pieces.
    """
    parts: list[str] = []
    last = ""
    for piece in pieces:
        if not piece:
            continue
        if last and not _joins_without_space(last, piece):
            parts.append(" ")
        parts.append(piece)
        last = piece[-1]
    return "".join(parts)


def _joins_without_space(last_char: str, piece: str) -> bool:
    return (
        last_char.isspace()
        or piece[0].isspace()
        or last_char in OPENING_PUNCTUATION
        or bool(CLOSING_PUNCTUATION.match(piece))
    )
