"""Plain text with ``Name: text`` speaker labels: the fallback when no other format claims a file.

::

    Jane Doe: Hello there.
    John Smith: Hi Jane. This line is long,
    so it wraps onto a second one.

    This paragraph has no label, so John is still speaking.

A line opens with a label by the shared ``Name:`` rule in ``speakerline``
("Jane Doe:", "Brian of London:", "SPEAKER_1:", "Q:", "Jane Doe (host):"; never
"10:30" or a URL, nor a one-off "Note:", which is read as speech).
Lines without a label continue the current segment; a blank line ends it, and
the next unlabelled paragraph continues the same speaker. A line opening with a
label that is not read as a name ("jane:", "<b>Bob</b>:", "10:30 Ann:", a
one-off "Note:") is never added to anyone's speech: it is its own unattributed
segment, with a warning naming the line, and nobody carries into the lines
after it (``speakerline.refused_label``). A bracketed time
straight after the label (``Jane Doe: [00:01:02] Hello``, as Sonix-style exports
write it) is the segment's start; other segments start at None.

Auto-detection claims a file only when labels are frequent enough to be a
transcript; prose without labels is read (one unlabelled segment per
paragraph) only when the format is forced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .base import Limits, ParsedTranscript
from .speakerline import (
    SpeechCollector,
    is_overlong_name,
    recurring_headings,
    refused_label,
    split_label,
)
from .textlines import split_anchor

NAME = "plaintext"
TITLE = "plain text (Name: text)"

BARE_URL = re.compile(r"^(?:[a-z]+://|www\.)\S*$", re.IGNORECASE)
# XML, HTML and JSON documents open with one of these; a spoken transcript never does.
MARKUP_OPENERS = ("<", "{", "[")
# Detection wants at least one label for every this many unlabelled paragraphs,
# so an essay with a couple of "Note:" lines stays prose.
MAX_UNLABELLED_PARAGRAPHS_PER_LABEL = 3


@dataclass
class _Survey:
    """What detection counts: label lines and paragraphs that have none."""

    labels: list[str] = field(default_factory=list)
    inline_labels: int = 0
    unlabelled_paragraphs: int = 0


def detect(text: str) -> str | None:
    if text.lstrip().startswith(MARKUP_OPENERS):
        return None
    survey = _survey(text.split("\n"))
    count = len(survey.labels)
    if count < 2 or count * MAX_UNLABELLED_PARAGRAPHS_PER_LABEL < survey.unlabelled_paragraphs:
        return None
    # Headings on their own line ("Ingredients:", "Method:") are labels only if a name recurs.
    if survey.inline_labels < 2 and len(set(survey.labels)) == count:
        return None
    return f"{count} lines start with a 'Name:' speaker label"


def _survey(lines: list[str]) -> _Survey:
    survey = _Survey()
    known = recurring_headings(lines)
    paragraph_labelled: bool | None = None  # None: between paragraphs
    for raw in lines:
        line = raw.strip()
        if not line:
            survey.unlabelled_paragraphs += paragraph_labelled is False
            paragraph_labelled = None
            continue
        found = split_label(line, known=known) or _overlong_label(line)
        if found and not BARE_URL.match(found[1]):
            survey.labels.append(found[0])
            survey.inline_labels += bool(found[1])
            paragraph_labelled = True
        elif paragraph_labelled is None:
            paragraph_labelled = False
    survey.unlabelled_paragraphs += paragraph_labelled is False
    return survey


def _overlong_label(line: str) -> tuple[str, str] | None:
    """A name-shaped label too long to be a name: claimed, so ``parse`` can say so."""
    refused = refused_label(line)
    if refused is None or not is_overlong_name(refused):
        return None
    return refused, line[len(refused) :].lstrip(" \t:")


def parse(text: str, *, limits: Limits) -> ParsedTranscript:
    """One segment per labelled line or paragraph, in source order (no I/O, linear time)."""
    collector = SpeechCollector(max_label_length=limits.max_label_length)
    lines = text.split("\n")
    known = recurring_headings(lines)
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            collector.end_paragraph()
            continue
        opens_paragraph = collector.enter_line()
        found = split_label(line, known=known)
        if found:
            start_ms, speech = split_anchor(found[1], location=f"line {number}")
            collector.start(number, found[0], speech, start_ms=start_ms)
        elif (refused := refused_label(line)) is not None:
            collector.start_unattributed(number, refused, line)
        elif opens_paragraph:
            collector.start(number, None, line)
        else:
            collector.extend(number, line)
    collector.end_paragraph()
    return ParsedTranscript(
        format=NAME, segments=collector.segments, warnings=collector.all_warnings()
    )
