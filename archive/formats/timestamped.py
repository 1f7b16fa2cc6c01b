"""Plain text where each piece of speech starts with a clock time: ``00:01:02 text``.

Talk Python publishes its transcripts this way, sometimes with a WebVTT voice
tag left in (``00:00:00 <v Michael Kennedy>text``); other sites write
``[00:01:02] Name: text`` or ``(1:02) text``. Only start times are given, so
``end_ms`` stays None. A ``Name:`` after the time names the speaker by the
shared rule in ``speakerline``, when speech follows it on the same line. A line
without a time continues the entry above it, and an entry without a speaker
belongs to the last one named (files that name nobody stay unlabelled).

Happy Scribe and some Descript exports put the time and the speaker on a line
of their own and the speech below it (``00:01:02 Jane Doe`` or
``[00:01:02.12] - Jane Doe``). A file is read that way when every timestamp
line's text is written like a name (the shared ``speakerline`` rule) and has
speech under it; one ordinary line of speech after a time keeps the whole file
read as ``time text``.
"""

from __future__ import annotations

import html
import re

from .base import Limits, ParsedTranscript
from .speakerline import looks_like_name, split_label
from .textlines import (
    CLOCK,
    Block,
    BlockReading,
    count_header_lines,
    flowed_text,
    read_blocks,
    timed_segments,
)

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


def detect(text: str) -> str | None:
    stamped, lines = count_header_lines(text, STAMP)
    if stamped and stamped * 2 >= lines:
        return f"{stamped} of the first {lines} non-blank lines start with a clock time"
    return None


def parse(text: str, *, limits: Limits) -> ParsedTranscript:
    blocks, warnings = read_blocks(
        text,
        STAMP,
        none_found="no line starts with a time such as 00:01:02",
        preamble="text before the first timestamp",
    )
    read = _read_name_header if _names_in_headers(blocks) else _read
    segments, skipped = timed_segments(blocks, read, opener="a timestamp")
    return ParsedTranscript(format=NAME, segments=segments, warnings=warnings + skipped)


def _names_in_headers(blocks: list[Block]) -> bool:
    """Every timestamp line with text names someone, with speech on the lines under it."""
    headed = [block for block in blocks if block.match["rest"].strip()]
    return bool(headed) and all(
        looks_like_name(block.match["rest"].strip()) and flowed_text(block.body) for block in headed
    )


def _read_name_header(block: Block) -> BlockReading:
    return _clock(block.match), block.match["rest"].strip() or None, flowed_text(block.body)


def _clock(match: re.Match[str]) -> str:
    return match["bracketed"] or match["parenthesised"] or match["bare"]


def _read(block: Block) -> BlockReading:
    match = block.match
    label, words = _speaker_and_text(match["rest"], block.body)
    return _clock(match), label, words


def _speaker_and_text(rest: str, body: list[str]) -> tuple[str | None, str]:
    """The speaker this entry names (voice tag or ``Name:``), if any, and its speech."""
    rest = rest.strip()
    voice = VOICE_TAG.match(rest)
    if voice:
        words = CUE_TAG.sub("", flowed_text([voice["text"], *body]))
        return voice["name"].strip() or None, " ".join(html.unescape(words).split())
    found = split_label(rest)
    # Only with speech after it on the timestamp's line: a lone "Music:" is no speaker to carry.
    if found and found[1]:
        label, speech = found
        return label, flowed_text([speech, *body])
    return None, flowed_text([rest, *body])
