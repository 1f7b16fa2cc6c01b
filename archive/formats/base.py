"""The format-neutral shape every transcript parser produces, and the one error it raises.

A parser turns decoded text into a ``ParsedTranscript``: an ordered list of
``Segment`` objects (a cue, a JSON segment, a paragraph) exactly as the source
cut them. Merging segments into turns, resolving speakers and writing rows are
later steps (``archive.turns`` and ``archive.ingest``) that never look at the
source format again.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from archive.labels import label_problem

# Quoted source text in a message is cut to this many characters: a runaway line
# (a 100 KB <time>, a file with no line breaks) must not flood the message.
SHOWN_LENGTH = 60
# A sentence ends with one of these (word-level files without speakers are cut there).
SENTENCE_ENDS = frozenset(".?!")
# Invisible in any text and dropped by decoding; JSON escapes (\\u200b) get past it.
ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff]")
# Name at most this many places in one warning; the count says the rest.
PLACES_NAMED = 5


class TranscriptError(Exception):
    """A transcript the archive refuses, with the file and place that made it refuse.

    ``str()`` reads ``"<source>: <location>: <problem>"`` so a curator can open
    the file at the right line or cue without a traceback.
    """

    def __init__(self, problem: str, *, source: str = "", location: str = ""):
        self.problem = problem
        self.source = source
        self.location = location
        super().__init__(str(self))

    def __str__(self) -> str:
        return ": ".join(part for part in (self.source, self.location, self.problem) if part)

    def in_source(self, source: str) -> TranscriptError:
        """The same error, naming the file (parsers may not know it)."""
        if self.source or not source:
            return self
        return TranscriptError(self.problem, source=source, location=self.location)


@dataclass(frozen=True)
class Segment:
    """One piece of speech as the source cut it.

    ``label`` is the speaker exactly as written ("Speaker 2", "SPEAKER_1",
    "Adam Curry"), or None when the source names nobody. ``turn_start`` marks
    an explicit new turn in sources that have markers but no names (YouTube's
    ``>>`` and ``- ``). ``location`` names the place for messages ("cue 12",
    "line 40", "segment 7").
    """

    text: str
    label: str | None = None
    start_ms: int | None = None
    end_ms: int | None = None
    location: str = ""
    turn_start: bool = False


@dataclass
class ParsedTranscript:
    """What a parser read: segments in source order plus facts about the file.

    ``label_names`` maps a source label to a display name when the file itself
    says who a label is (a speaker-map JSON's ``{"spk_0": "Luciano"}``).
    ``turn_markers`` says that unlabelled segments are grouped into turns by
    ``Segment.turn_start``; without it each unlabelled segment is its own line.
    """

    format: str
    segments: list[Segment]
    warnings: list[str] = field(default_factory=list)
    label_names: dict[str, str] = field(default_factory=dict)
    turn_markers: bool = False
    detected_because: str = ""
    title: str = ""


@dataclass(frozen=True)
class Limits:
    """What the importer accepts; each refusal names the limit it hit."""

    max_bytes: int = 20 * 1024 * 1024
    max_segments: int = 200_000
    max_label_length: int = 200
    max_time_ms: int = 48 * 3600 * 1000
    max_json_depth: int = 64
    # One segment's text: a 5 MB line is a file that lost its line breaks, not a quote.
    max_utterance_chars: int = 100_000


DEFAULT_LIMITS = Limits()


def seconds_to_ms(value: object, *, location: str = "") -> int:
    """Convert a JSON number of seconds to whole milliseconds, refusing junk.

    ``round`` to the nearest millisecond absorbs float noise (153.92000000000002 s
    is 153920 ms; an exact half goes to the even neighbour). Only values no
    transcript could hold (past 10**9 s) are refused here, so ``round`` never
    sees an absurd number; negative times and times past ``Limits.max_time_ms``
    are refused by the shared checks in ``formats._validate``.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TranscriptError(f"time {value!r} is not a number of seconds", location=location)
    if math.isnan(value) or math.isinf(value):
        raise TranscriptError(f"time {value!r} is not a finite number", location=location)
    if abs(value) > 10**9:
        raise TranscriptError(f"time {value!r} is out of range", location=location)
    return round(value * 1000)


def shown(text: str) -> str:
    """``text`` quoted for a message, cut to ``SHOWN_LENGTH`` characters with an ellipsis."""
    return repr(text if len(text) <= SHOWN_LENGTH else text[:SHOWN_LENGTH] + "…")


def carry_speakers(segments: Iterable[Segment]) -> list[Segment]:
    """Give each segment without a label the last label named above it.

    Sources that write a speaker only on a turn's first piece (SubRip cues,
    word-level JSON, unlabelled VTT cues in a voiced file) mean "still the same
    speaker" by leaving it out. Segments before the first name stay unlabelled.
    """
    carried = []
    speaker = None
    for segment in segments:
        speaker = segment.label or speaker
        carried.append(segment if segment.label == speaker else replace(segment, label=speaker))
    return carried


def sentence_turns(segments: Iterable[Segment]) -> list[Segment]:
    """Mark the first word after a sentence end as a new turn (word-level files naming nobody).

    Without speakers, each word would be its own utterance; grouped into sentences
    a quote permalink points at something a person can read. A sentence ends
    at a piece whose text ends with ``.``, ``?`` or ``!`` (a word or a punctuation
    piece); whitespace and punctuation pieces never start a turn. Set
    ``ParsedTranscript.turn_markers`` with it.
    """
    marked = []
    ended = False
    for segment in segments:
        text = segment.text.strip()
        is_word = any(char.isalnum() for char in text)
        marked.append(replace(segment, turn_start=ended and is_word))
        if text:
            ended = text[-1] in SENTENCE_ENDS
    return marked


def describe_lines(numbers: list[int], *, shown: int = 5) -> str:
    """``[3]`` -> "line 3"; ``[1, 2, 9]`` -> "lines 1, 2, 9", naming only the first few."""
    if len(numbers) == 1:
        return f"line {numbers[0]}"
    listed = ", ".join(str(number) for number in numbers[:shown])
    rest = len(numbers) - shown
    return f"lines {listed}" + (f" and {rest} more" if rest > 0 else "")


def check_speech(parsed: ParsedTranscript, limits: Limits) -> None:
    """The checks on what any reader read that its format cannot make: run before the rest.

    Refuses a segment whose text is over ``limits.max_utterance_chars``,
    naming it and the limit. Drops zero-width spaces from labels (decoding
    drops them from raw text; JSON escapes get past it), and credits nobody
    with a segment whose label holds invisible formatting characters or
    U+FFFD, with one warning per such label naming its places: every copy a
    reader carried to later segments goes too. Cost: one pass over the
    segments, each distinct label judged once.
    """
    verdicts: dict[str, tuple[str | None, str | None]] = {}
    hidden: dict[str, list[str]] = {}
    for index, segment in enumerate(parsed.segments):
        _check_length(segment, limits)
        if segment.label is None:
            continue
        if segment.label not in verdicts:
            verdicts[segment.label] = _label_verdict(segment.label)
        label, problem = verdicts[segment.label]
        if problem:
            hidden.setdefault(segment.label, []).append(segment.location)
        if label != segment.label:
            parsed.segments[index] = replace(segment, label=label)
    parsed.warnings.extend(
        f"{_places(places)}: speaker label {shown(label)} {verdicts[label][1]}; kept unattributed"
        for label, places in hidden.items()
    )


def _label_verdict(label: str) -> tuple[str | None, str | None]:
    """The label to keep (None: nobody) and why it credits nobody, if it does."""
    cleaned = ZERO_WIDTH.sub("", label).strip()
    problem = label_problem(cleaned) if cleaned else None
    return (None if problem or not cleaned else cleaned), problem


def _check_length(segment: Segment, limits: Limits) -> None:
    if len(segment.text) > limits.max_utterance_chars:
        raise TranscriptError(
            f"one utterance is {len(segment.text):,} characters long, over the limit of "
            f"{limits.max_utterance_chars:,}; is the file missing its line breaks?",
            location=segment.location,
        )


def _places(places: list[str]) -> str:
    named = ", ".join(places[:PLACES_NAMED])
    rest = len(places) - PLACES_NAMED
    return f"{named} and {rest} more" if rest > 0 else named
