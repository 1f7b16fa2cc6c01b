"""Plain text where each piece of speech starts with a clock time: ``00:01:02 text``.

Talk Python publishes its transcripts this way, sometimes with a WebVTT voice
tag left in (``00:00:00 <v Michael Kennedy>text``, cleaned by vtt's own
``clean_cue_text``); other sites write ``[00:01:02] Name: text``,
``[00:01:02] **Name:** text`` or ``(1:02) text``. Only start times are given, so
``end_ms`` stays None. A ``Name:`` (or bold ``**Name:**``) after the time names
the speaker by the shared rule in ``speakerline``, when speech follows it on
the same line or under it; a label with no speech at all (``00:00:14 Music:``)
is a marker, skipped with a warning. HTML entities are decoded everywhere. A
line without a time continues the entry above it, and an entry without a
speaker belongs to the last one named (files that name nobody stay
unlabelled). An entry whose label is not read as a name (``00:00:05 jane:
hi``, ``00:00:05 **select * from x:**``) is unattributed, with a warning, and
nobody carries into the entries after it.

Happy Scribe and some Descript exports put the time and the speaker on a line
of their own and the speech below it (``00:01:02 Jane Doe`` or
``[00:01:02.12] - Jane Doe``). A file is read that way when most timestamp
lines with text are written like a name (the shared ``speakerline`` rule) and
have speech under them. The exceptions are read block by block: a name with
nothing under it (a speaker header left empty, a ``00:00:14 Applause`` cue) is
skipped with a warning, a line of ordinary speech after a time is read as
``time text``, and a header shaped like a name but not written like one
(``00:00:05 tom reyes``) over speech is unattributed, with a warning.

Detection counts timestamp lines against entries (a paragraph, cut again at
each timestamp line), not against lines, so speech hard-wrapped under its time
does not hide a timestamped file.
"""

from __future__ import annotations

import html
import re

from .base import Limits, ParsedTranscript
from .speakerline import (
    bold_label,
    is_label_like,
    looks_like_name,
    refused_bold_label,
    refused_label,
    split_label,
)
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
# For parsing, a time before "-->" opens an entry too: its text is then read like any
# other ("-->: hi" is a label refused as a name), never added to the entry above.
PARSE_STAMP = re.compile(STAMP.pattern.replace(r"(?!\s*-->)", ""))
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
        PARSE_STAMP,
        none_found="no line starts with a time such as 00:01:02",
        preamble="text before the first timestamp",
    )
    read = _read_name_header if _names_in_headers(blocks) else _read
    segments, skipped = timed_segments(
        blocks, read, opener="a timestamp", max_label_length=limits.max_label_length
    )
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

    A header with nothing under it is an empty block (skipped with a warning); one
    shaped like a label but not written like a name, over speech, is refused.
    """
    rest = block.match["rest"].strip()
    if _names_speaker(block):
        return BlockReading(_clock(block.match), rest, _speech(block.body))
    reading = _read(block)
    names_nobody = reading.label is None and reading.refused is None
    if names_nobody and flowed_text(block.body) and is_label_like(rest):
        return reading._replace(refused=rest)
    return reading


def _clock(match: re.Match[str]) -> str:
    return match["bracketed"] or match["parenthesised"] or match["bare"]


def _read(block: Block) -> BlockReading:
    """The speaker this entry names (voice tag, ``**Name:**``, ``Name:``), if any; its speech."""
    clock, rest, body = _clock(block.match), block.match["rest"].strip(), block.body
    voice = VOICE_TAG.match(rest)
    if voice:
        words = clean_cue_text(" ".join([voice["text"], *body]))
        return BlockReading(clock, clean_cue_text(voice["name"]) or None, words)
    found = bold_label(rest) or split_label(rest)
    if found:
        # A label with no speech at all ("Music:") is a marker: nothing to import or carry.
        speech = _speech([found[1], *body])
        return BlockReading(clock, found[0] if speech else None, speech)
    refused = refused_bold_label(rest) or refused_label(rest)
    return BlockReading(clock, None, _speech([rest, *body]), refused=refused)


def _speech(lines: list[str]) -> str:
    """The lines as one line of speech, HTML entities decoded (``&amp;`` reads ``&``)."""
    return flowed_text([html.unescape(" ".join(lines))])
