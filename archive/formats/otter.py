"""Otter.ai text exports: a ``Name  0:00`` header line, then the speech under it.

Otter writes the speaker, two spaces and the start time (``m:ss``, or
``h:mm:ss`` past the hour) on a line of their own, often with trailing spaces,
and the speech on the line(s) below. Pasted into Markdown the name is often
bold (``**Emma**  0:00``), and one file can mix bold and plain headers.
``Unknown Speaker`` is Otter's fallback and is kept as written. The export ends
with a "Transcribed by https://otter.ai" credit, which is not speech.

Descript, Riverside, Trint and others write the same "speaker line, then speech"
shape with the time set off differently: ``Jane Doe 00:01``, ``Speaker 1
00:00:01``, ``Jane Doe [00:00:01]``, ``Jane Doe - 00:00:01`` or a range
``Jane Doe (00:00:01 - 00:00:04)``. Without Otter's wide gap such a line is a
header only when the text before the time is written like a name by the
shared ``speakerline`` rule, so "We meet at 9:30" stays speech. Text shaped
like a label there that is not written like a name (``jane doe 00:01``) opens
an unattributed block with a warning: its speech is never added to the turn
above it.
"""

from __future__ import annotations

import re

from .base import Limits, ParsedTranscript
from .speakerline import is_label_like, looks_like_name
from .textlines import (
    CLOCK,
    Block,
    BlockReading,
    count_header_lines,
    describe_lines,
    flowed_text,
    read_blocks,
    timed_segments,
)

NAME = "otter"
TITLE = "Otter.ai text export"

# A bold name may sit one space from the time; a plain one needs Otter's wide gap, so a
# sentence that ends in a time ("we start at 9:30") is not a header. A colon after the
# name is Markdown's "**Name:** text" shape, not Otter's. Neither name may end in a space
# and the gaps are possessive, so a line of many spaces is read in linear time.
HEADER = re.compile(
    r"^(?:\*\*(?P<bold>[^*:\s][^*:]*)\*\*[ \t]++"
    r"|(?P<plain>[^*:\s](?:[^:]*?[^:\s])?)(?:\t|[ ]{2})[ \t]*+)"
    rf"(?P<clock>{CLOCK})[ \t]*$"
)
# The other exporters' shapes: a name, an optional dash, then a bare, [bracketed] or
# (parenthesised) time or time range, nothing after. The name is checked in _Header.
SET_OFF_TIME = re.compile(
    r"^(?P<plain>[^\s*:()\[\]](?:[^:()\[\]]*?[^\s:()\[\]])?)[ \t]++(?:[-–—|][ \t]++)?"
    rf"[\[(]?(?P<clock>{CLOCK})(?:[ \t]*+[-–][ \t]*+{CLOCK})?[\])]?[ \t]*$"
)
# SET_OFF_TIME with any text before the time, for parsing only: a name neither header can
# hold ("http://x", "00:01 Ann", "(Jane)") still opens a block, unattributed, so its speech
# joins no one's turn; never text with ": " in it (a "Name: ..." line that ends in a time).
# The gaps must follow a non-space, so each run of spaces is scanned once: linear time.
ANY_NAME_HEADER = re.compile(
    r"^(?P<plain>\S(?:.*?\S)?)[ \t]++(?:[-–—|][ \t]++)?"
    rf"[\[(]?(?P<clock>{CLOCK})(?:[ \t]*+[-–][ \t]*+{CLOCK})?[\])]?[ \t]*$"
)
HEADER_ENDS = frozenset("0123456789)]")
FOOTER = re.compile(r"^[*_]*transcribed by\b", re.IGNORECASE)


class _Header:
    """Otter's ``HEADER``, or a ``SET_OFF_TIME`` line whose name is written like a name."""

    @staticmethod
    def match(line: str) -> re.Match[str] | None:
        found = HEADER.match(line)
        if found:
            return found
        found = SET_OFF_TIME.match(line)
        return found if found and looks_like_name(found["plain"]) else None


class _ParseHeader:
    """``_Header``, or a ``SET_OFF_TIME`` (or any name-then-gap-then-time) line whose
    label-like text is not a name: it opens a block too, read unattributed (``_read``),
    so its speech joins nobody's turn."""

    @staticmethod
    def match(line: str) -> re.Match[str] | None:
        line = line.strip()  # an indented header is still a header
        if line[-1:] not in HEADER_ENDS:
            return None  # speech, cheaply: every header ends with its time
        found = HEADER.match(line)
        if found:
            return found
        found = SET_OFF_TIME.match(line) or ANY_NAME_HEADER.match(line)
        if found is None or ": " in found["plain"]:
            return None
        accepted = found.re is SET_OFF_TIME and looks_like_name(found["plain"])
        return found if accepted or is_label_like(found["plain"]) else None


def detect(text: str) -> str | None:
    headers, lines = count_header_lines(text, _Header)
    # Otter puts a header over every paragraph; a stray match in prose is not an export.
    if headers and headers * 5 >= lines:
        return f"{headers} 'Name  m:ss' speaker header lines"
    return None


def parse(text: str, *, limits: Limits) -> ParsedTranscript:
    return parse_turns(
        text,
        _ParseHeader,
        _read,
        format=NAME,
        none_found="no 'Name  0:00' speaker header line found",
        opener="a speaker header",
        limits=limits,
    )


def parse_turns(text, header, read, *, format: str, none_found: str, opener: str, limits):
    """Blocks that each open with a ``header`` line, read by ``read``, Otter's credit dropped.

    Shared by the exports that put a speaker and a time at the start of every
    turn (this module, and ``speakertime``'s one-line shape).
    """
    blocks, warnings = read_blocks(
        text, header, none_found=none_found, preamble="text before the first speaker"
    )
    footer = drop_footer(blocks[-1])
    if footer:
        warnings.append(
            f"{describe_lines(footer)}: the 'Transcribed by' credit is not speech; skipped"
        )
    segments, skipped = timed_segments(
        blocks, read, opener=opener, max_label_length=limits.max_label_length
    )
    return ParsedTranscript(format=format, segments=segments, warnings=warnings + skipped)


def drop_footer(last: Block) -> list[int]:
    """Remove the trailing "Transcribed by ..." lines from the last block; their numbers."""
    dropped = []
    while last.body and (not last.body[-1].strip() or FOOTER.match(last.body[-1].strip())):
        line = last.body.pop()
        if line.strip():
            dropped.append(last.line + len(last.body) + 1)
    return sorted(dropped)


def _read(block: Block) -> BlockReading:
    """The header's name as written; a set-off name not written like one is refused."""
    found = block.match
    name = (found.groupdict().get("bold") or found["plain"]).strip()
    refused = found.re is ANY_NAME_HEADER or (
        found.re is SET_OFF_TIME and not looks_like_name(name)
    )
    if refused:
        return BlockReading(found["clock"], None, flowed_text(block.body), refused=name)
    return BlockReading(found["clock"], name, flowed_text(block.body))
