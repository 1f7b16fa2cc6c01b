"""Plain text where each piece of speech starts with a clock time: ``00:01:02 text``.

Talk Python publishes its transcripts this way, sometimes with a WebVTT voice
tag left in (``00:00:00 <v Michael Kennedy>text``); other sites write
``[00:01:02] Name: text`` or ``(1:02) text``. Only start times are given, so
``end_ms`` stays None. A line without a time continues the entry above it, and
an entry without a speaker belongs to the last one named (files that name
nobody stay unlabelled).
"""

from __future__ import annotations

import html
import re

from .base import Limits, ParsedTranscript, Segment, TranscriptError
from .textlines import (
    CLOCK,
    Block,
    describe_lines,
    flowed_text,
    sample_lines,
    skipped_empty_warning,
    split_at_headers,
)
from .timecode import parse_timestamp

NAME = "timestamped"
TITLE = "timestamped plain text"

# The time, bare or in matching brackets, then a space or the end of the line. A cue timing
# line ("00:01:02,000 --> ...") and iHeart's "(01:04):" are other formats' and don't match.
STAMP = re.compile(
    rf"^\s*(?:\[(?P<bracketed>{CLOCK})\]|\((?P<parenthesised>{CLOCK})\)|(?P<bare>{CLOCK}))"
    r"(?=\s|$)(?!\s*-->)\s*(?:[-–—|]\s+)?(?P<rest>.*)$"
)
VOICE_TAG = re.compile(r"^<v(?:\.[^\s>]*+)?\s++(?P<name>[^>]*)>(?P<text>.*)$")
# The WebVTT cue tags a voice-tagged line may still carry (bounded: linear time on junk).
CUE_TAG = re.compile(r"</?(?:v|c|i|b|u|lang|ruby|rt)(?:[.\s][^>]{0,200})?>")
NAME_PREFIX = re.compile(r"^(?P<name>[^\s:,;!?]{1,40}(?: [^\s:,;!?]{1,40}){0,3}):\s+(?P<text>.*)$")
GENERIC_LABEL = re.compile(r"^(?:spk|speaker)[ _]?\d+$", re.IGNORECASE)


def detect(text: str) -> str | None:
    lines = sample_lines(text)
    stamped = sum(1 for line in lines if STAMP.match(line))
    if stamped and stamped * 2 >= len(lines):
        return f"{stamped} of the first {len(lines)} non-blank lines start with a clock time"
    return None


def parse(text: str, *, limits: Limits) -> ParsedTranscript:
    preamble, blocks = split_at_headers(text, STAMP)
    if not blocks:
        raise TranscriptError("no line starts with a time such as 00:01:02")
    warnings = []
    if preamble:
        warnings.append(f"{describe_lines(preamble)}: text before the first timestamp; skipped")
    segments, empty = _segments_from(blocks)
    warnings += skipped_empty_warning(empty, "a timestamp")
    return ParsedTranscript(format=NAME, segments=segments, warnings=warnings)


def _segments_from(blocks: list[Block]) -> tuple[list[Segment], list[int]]:
    """Segments with the last named speaker carried forward, and the lines of empty entries."""
    segments: list[Segment] = []
    empty: list[int] = []
    speaker = None
    for block in blocks:
        location = f"line {block.line}"
        clock = block.match["bracketed"] or block.match["parenthesised"] or block.match["bare"]
        start_ms = parse_timestamp(clock, location=location)
        label, words = _speaker_and_text(block.match["rest"], block.body)
        speaker = label or speaker
        if not words:
            empty.append(block.line)
            continue
        segments.append(Segment(text=words, label=speaker, start_ms=start_ms, location=location))
    return segments, empty


def _speaker_and_text(rest: str, body: list[str]) -> tuple[str | None, str]:
    """The speaker this entry names (voice tag or ``Name:``), if any, and its speech."""
    rest = rest.strip()
    voice = VOICE_TAG.match(rest)
    if voice:
        words = CUE_TAG.sub("", flowed_text([voice["text"], *body]))
        return voice["name"].strip() or None, " ".join(html.unescape(words).split())
    prefix = NAME_PREFIX.match(rest)
    if prefix and _looks_like_name(prefix["name"]):
        return prefix["name"], flowed_text([prefix["text"], *body])
    return None, flowed_text([rest, *body])


def _looks_like_name(candidate: str) -> bool:
    """Whether ``"Adam Curry"`` in ``"Adam Curry: text"`` names someone, not "so here's why".

    Names and generic labels capitalise every word ("Dr. Jane Doe", "Speaker 2",
    "SPEAKER_1"); a sentence that happens to hold a colon seldom does.
    """
    if GENERIC_LABEL.match(candidate):
        return True
    return all(word[0].isupper() or word[0].isdigit() for word in candidate.split())
