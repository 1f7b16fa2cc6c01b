"""Speaker, time and speech on one line: ``**Kelly** [0:18] Welcome to the show.``

Otter's Markdown export, and editors that tidy an Otter or Descript export into
one line per turn, write the speaker, the start time in brackets and the start
of the speech together; the lines below, up to the next such line, go on with
the same speech::

    **Kelly** [0:18] Welcome to the show.
    **Ravi Patel** [1:02:03] Thanks for having me.
    It has been a long year.

The name may be bold (``**Kelly**``, ``__Kelly__``) or plain (``Kelly [0:18]
text``); a plain one opens a turn only when it is written like a name by the
shared ``speakerline`` rule, so a sentence with a time in it ("The timer read
[0:18] when...") stays speech. The time is ``m:ss``, ``mm:ss`` or ``h:mm:ss``
in square brackets, escaped as Markdown exporters write them (``\\[0:18\\]``),
or in parentheses (``(0:18)``). The speech may start on the next line instead
(``**Kelly** [0:18]`` alone). A colon after the name (``**Kelly:** [0:18]``,
``Kelly: [0:18]``) is read too, but those lines alone are the Markdown and
plain-text readers' to claim.

Detection claims a file when the lines only this reader reads (no colon after
the name; speech on the line, or a bold name) are at least two, more than half
of the lines that open with any speaker label, and open at least one in three
of its entries (paragraphs, cut again at each speaker line), so prose with a
stray match is not a transcript.

Text keeps its words and loses its Markdown (bold, escapes, links; as the
``markdown`` reader cleans it); labels are kept as written. Text before the
first speaker line (a title) and Otter's "Transcribed by https://otter.ai"
credit are not speech and are skipped with a warning. A speaker line whose
label is not a name but is not the start of a sentence either (``jane [0:18]
hi``, ``**select * from x** [0:18]``) opens an unattributed block with a
warning, so its speech never joins the turn above it. Only start times are
given, so ``end_ms`` stays None.
"""

from __future__ import annotations

import re
from collections import Counter

from .base import Limits, ParsedTranscript
from .markdown import tidy
from .otter import parse_turns
from .speakerline import (
    bold_label,
    is_empty_label,
    is_label_like,
    looks_like_name,
    split_label,
)
from .textlines import (
    CLOCK,
    DETECT_SAMPLE_CHARS,
    Block,
    BlockReading,
    count_header_entries,
)

NAME = "speakertime"
TITLE = "speaker, time and speech on one line (**Name** [m:ss] text)"

# The label (no brackets, parentheses or backslashes, so the time is the line's first
# bracket), the time in [brackets], \[escaped brackets\] or (parentheses), then the speech
# after a space, or nothing. The label is bounded and the gaps possessive: linear time.
HEADER = re.compile(
    r"^[ \t]*+(?P<label>[^\s\[\]()\\](?:[^\[\]()\\]{0,80}[^\s\[\]()\\])?)[ \t]++"
    rf"(?:\\?\[(?P<bracketed>{CLOCK})\\?\]|\((?P<parenthesised>{CLOCK})\))"
    r"(?:[ \t]++(?P<rest>.*+))?$"
)
# HEADER with a label of any length and any characters, for parsing only: a label too long
# or too odd to be a name ("(Jane)", 10,000 letters) still opens a block, so its speech joins
# no one's turn (and the limit can be named). The label runs to the first time set off
# after a space; each step looks a few characters ahead: linear time.
ANY_LABEL_HEADER = re.compile(
    r"^[ \t]*+(?P<label>\S(?:.*?\S)?)[ \t]++"
    rf"(?:\\?\[(?P<bracketed>{CLOCK})\\?\]|\((?P<parenthesised>{CLOCK})\))"
    r"(?:[ \t]++(?P<rest>.*+))?$"
)
# "**Kelly**", "__Kelly__", "**Kelly:**", "**Kelly**:", "Kelly:" or "Kelly".
LABEL = re.compile(
    r"^(?:(?P<mark>\*\*|__)(?P<bold>.+?)(?P<inner_colon>:?)(?P=mark)|(?P<plain>[^*]+?))"
    r"(?P<colon>:?)$"
)
# Detection wants one speaker line for at most this many entries.
MAX_ENTRIES_PER_HEADER = 3


class _Header:
    """``HEADER`` whose label is a name: bold by the bold rule, plain by the capitalised one."""

    @staticmethod
    def match(line: str) -> re.Match[str] | None:
        found = HEADER.match(line)
        return found if found and _label(found) else None


class _ParseHeader:
    """``_Header``, or a ``HEADER`` line whose label-like text is not a name: it opens a
    block too, read unattributed (``_read``), so its speech joins nobody's turn."""

    @staticmethod
    def match(line: str) -> re.Match[str] | None:
        if "[" not in line and "(" not in line:
            return None  # speech, cheaply: every speaker line holds a bracketed time
        found = HEADER.match(line) or ANY_LABEL_HEADER.match(line)
        if found is None:
            return None
        written = _written_label(found)
        return found if _label(found) or is_label_like(written) or is_empty_label(written) else None


def _written_label(found: re.Match[str]) -> str:
    """A header's label as written, without bold marks or a colon."""
    label = LABEL.match(found["label"])
    if label is None:
        return found["label"].strip()
    return (label["bold"] if label["bold"] is not None else label["plain"]).strip()


def _label(found: re.Match[str]) -> re.Match[str] | None:
    """The ``LABEL`` match of a header's label when it names a speaker, else None."""
    label = LABEL.match(found["label"])
    if label is None:
        return None
    if label["bold"] is not None:
        return label if looks_like_name(label["bold"], capitalised=False) else None
    return label if looks_like_name(label["plain"]) else None


def detect(text: str) -> str | None:
    kinds = Counter(_kind(line.strip()) for line in text[:DETECT_SAMPLE_CHARS].split("\n"))
    ours = kinds["ours"]
    _, entries = count_header_entries(text, _Header)
    if ours < 2 or ours <= kinds["label"] or ours * MAX_ENTRIES_PER_HEADER < entries:
        return None
    return f"{ours} lines open with a speaker and a [m:ss] time ('**Name** [0:18] text')"


def _kind(line: str) -> str:
    """``ours``: a line only this reader reads; ``label``: any other speaker label."""
    found = _Header.match(line)
    if found:
        return "ours" if _only_ours(found) else "label"
    return "label" if bold_label(line) or split_label(line) else "other"


def _only_ours(found: re.Match[str]) -> bool:
    """No colon after the name (Markdown's or plain text's), and not Otter's name-only line."""
    label = _label(found)
    if label["colon"] or label["inner_colon"]:
        return False
    return bool((found["rest"] or "").strip()) or label["bold"] is not None


def parse(text: str, *, limits: Limits) -> ParsedTranscript:
    return parse_turns(
        text,
        _ParseHeader,
        _read,
        format=NAME,
        none_found="no '**Name** [0:18] text' speaker line found",
        opener="a speaker line",
        limits=limits,
    )


def _read(block: Block) -> BlockReading:
    found = block.match
    label = _label(found)
    speech = tidy(" ".join([found["rest"] or "", *block.body]))
    clock = found["bracketed"] or found["parenthesised"]
    if label is None:
        refused = _written_label(found)
        return BlockReading(clock, None, speech, refused="" if is_empty_label(refused) else refused)
    return BlockReading(clock, label["bold"] or label["plain"], speech)
