"""Plain text where each piece of speech starts with a clock time: ``00:01:02 text``.

Talk Python publishes its transcripts this way, sometimes with a WebVTT voice
tag left in (``00:00:00 <v Michael Kennedy>text``, cleaned by vtt's own
``clean_cue_text``); other sites write ``[00:01:02] Name: text``,
``[00:01:02] **Name:** text`` or ``(1:02) text``. Only start times are given, so
``end_ms`` stays None. A ``Name:`` (or bold ``**Name:**``) after the time names
the speaker by the shared rule in ``speakerline``, when speech follows it on
the same line. HTML entities are decoded everywhere. A line
without a time continues the entry above it, and an entry without a speaker
belongs to the last one named (files that name nobody stay unlabelled).

Happy Scribe and some Descript exports put the time and the speaker on a line
of their own and the speech below it (``00:01:02 Jane Doe`` or
``[00:01:02.12] - Jane Doe``). A file is read that way when most timestamp
lines with text are written like a name (the shared ``speakerline`` rule) and
have speech under them. The exceptions are read block by block: a name with
nothing under it (a speaker header left empty, a ``00:00:14 Applause`` cue) is
skipped with a warning, and a line of ordinary speech after a time is read as
``time text``.

Detection counts timestamp lines against entries (a paragraph, cut again at
each timestamp line), not against lines, so speech hard-wrapped under its time
does not hide a timestamped file.
"""

from __future__ import annotations

import html
import re

from .base import Limits, ParsedTranscript
from .speakerline import bold_label, looks_like_name, split_label
from .textlines import (
    CLOCK,
    Block,
    BlockReading,
    count_header_entries,
    flowed_text,
    read_blocks,
    timed_segments,
)
from .vtt import clean_cue_text

NAME = "timestamped"
TITLE = "timestamped plain text"

# The time, bare or in matching brackets, then a space or the end of the line. A cue timing
# line ("00:01:02,000 --> ...") and iHeart's "(01:04):" are other formats' and don't match.
STAMP = re.compile(
    rf"^\s*(?:\[(?P<bracketed>{CLOCK})\]|\((?P<parenthesised>{CLOCK})\)|(?P<bare>{CLOCK}))"
    r"(?=\s|$)(?!\s*-->)\s*(?:[-–—|]\s+)?(?P<rest>.*)$"
)
VOICE_TAG = re.compile(r"^<v(?:\.[^\s>]*+)?\s++(?P<name>[^>]*)>(?P<text>.*)$")


def detect(text: str) -> str | None:
    stamped, entries = count_header_entries(text, STAMP)
    # A lone clock line among other paragraphs is a sentence that opens with a time.
    if stamped * 2 >= entries and (stamped > 1 or entries == 1):
        return f"{stamped} of the first {entries} paragraphs or entries start with a clock time"
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
    """Most timestamp lines with text name someone, with speech on the lines under them."""
    headed = [block for block in blocks if block.match["rest"].strip()]
    named = sum(1 for block in headed if _names_speaker(block) and flowed_text(block.body))
    return named * 2 > len(headed)


def _names_speaker(block: Block) -> bool:
    return looks_like_name(block.match["rest"].strip())


def _read_name_header(block: Block) -> BlockReading:
    """A header naming a speaker, with the speech under it; other lines read as ``time text``.

    A header with nothing under it is an empty block (skipped with a warning).
    """
    if not _names_speaker(block):
        return _read(block)
    return _clock(block.match), block.match["rest"].strip(), _speech(block.body)


def _clock(match: re.Match[str]) -> str:
    return match["bracketed"] or match["parenthesised"] or match["bare"]


def _read(block: Block) -> BlockReading:
    match = block.match
    label, words = _speaker_and_text(match["rest"], block.body)
    return _clock(match), label, words


def _speaker_and_text(rest: str, body: list[str]) -> tuple[str | None, str]:
    """The speaker this entry names (voice tag, ``**Name:**``, ``Name:``), if any; its speech."""
    rest = rest.strip()
    voice = VOICE_TAG.match(rest)
    if voice:
        words = clean_cue_text(" ".join([voice["text"], *body]))
        return clean_cue_text(voice["name"]) or None, words
    found = bold_label(rest) or split_label(rest)
    # Only with speech after it on the timestamp's line: a lone "Music:" is no speaker to carry.
    if found and found[1].strip():
        label, speech = found
        return label, _speech([speech, *body])
    return None, _speech([rest, *body])


def _speech(lines: list[str]) -> str:
    """The lines as one line of speech, HTML entities decoded (``&amp;`` reads ``&``)."""
    return flowed_text([html.unescape(" ".join(lines))])
