"""Markdown transcripts with bold speaker labels, as The Changelog publishes them.

::

    **Jerod Santo:** Today we are joined by Deepak Singh...

    \\[04:33\\] In the process of building things like the Q CLI...

    **Break:** \\[18:10\\]

    **Jerod Santo:** \\[01:00:07.16\\] So progress with Kiro means...

A paragraph (or a line) starting with ``**Name:**``, ``**Name**:``, ``__Name:__``
or ``__Name__:`` starts a segment for that speaker when the bold text is shaped
like a name by the shared rule in ``speakerline`` (the bold marks the label, so
it need not be capitalised); an unlabelled paragraph continues the last named
speaker. A plain ``Name:`` label by the same rule names its speaker too, so a
line written that way is never added to the speech above it. A line opening
with a label that is not read as a name (a one-off ``**Note:**``,
``**select * from x:**``, ``jane:``) is its own unattributed segment, with a
warning naming the line, and nobody carries into the paragraphs after it
(``speakerline.refused_label``). An escaped time anchor at the start of a
paragraph, or straight after its label, gives the segment's start; paragraphs
without one start at None. After an hour the anchors read ``hh:mm:ss.ff``: we
read the two digits after the point as hundredths (``.16`` is 160 ms). If they
are video frames the error is under a second, far finer than the anchors'
four-minute spacing.

A label with no speech after it (``**Break:** \\[18:10\\]``) is a marker, not
an utterance: it makes no segment, is reported in the warnings, and ends the
current turn. The paragraph after it, if unlabelled, still belongs to the
speaker from before the marker (now as a new turn).

Text keeps its words and loses its markup: backslash escapes are undone
(``\\[laughter\\]`` reads ``[laughter]``), emphasis markers are dropped, links
and images become their text, entities are decoded. Headings, horizontal rules
and a leading ``---`` YAML front-matter block are not speech; the front
matter's ``title:`` or else the first heading before any speech is the title.
"""

from __future__ import annotations

import html
import re

from .base import Limits, ParsedTranscript, TranscriptError
from .speakerline import (
    SpeechCollector,
    bold_label,
    recurring_headings,
    refused_bold_label,
    refused_label,
    simple_spacing,
    split_label,
)
from .textlines import split_anchor

NAME = "markdown"
TITLE = "Markdown transcript (**Name:** text)"

HEADING = re.compile(r"^#{1,6}(?:[ \t]|$)")
RULE = re.compile(r"^(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
SETEXT_UNDERLINE = re.compile(r"^(?:=+|-+)$")
FRONT_MATTER_FENCE = "---"
FRONT_MATTER_ENDS = ("---", "...")
YAML_KEY = re.compile(r"^[A-Za-z_][\w-]*:(?:[ \t]|$)")
FRONT_MATTER_TITLE = re.compile(r"^title:[ \t]*(?P<title>.*)$")

# One pass over inline markup; each alternative names what it keeps. No part may
# scan past the next delimiter of its own kind, which keeps the pass linear in time.
INLINE = re.compile(
    r"\\(?P<escaped>[!-/:-@\[-`{-~])"
    r"|!\[(?P<image>[^\[\]]*)\]\([^()]*\)"
    r"|\[(?P<link>[^\[\]]+)\]\([^()]*\)"
    r"|<(?P<autolink>(?:https?|mailto):[^<>\s]*)>"
    r"|`(?P<code>[^`\n]+)`"
    r"|\*\*(?P<strong>[^\s*](?:[^*]*[^\s*])?)\*\*"
    r"|(?<!\w)__(?P<underscore_strong>[^\s_](?:[^_]*[^\s_])?)__(?!\w)"
    r"|\*(?P<emphasis>[^\s*](?:[^*]*[^\s*])?)\*"
    r"|(?<!\w)_(?P<underscore_emphasis>[^\s_](?:[^_]*[^\s_])?)_(?!\w)"
    r"|(?P<entity>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
)
NESTED_MARKUP = ("image", "link", "strong", "underscore_strong", "emphasis", "underscore_emphasis")
# Markup nests a few levels at most; past this the inner text is kept as written.
MAX_MARKUP_DEPTH = 8


def detect(text: str) -> str | None:
    count = sum(1 for line in text.split("\n") if bold_label(line.strip()))
    if count < 2:
        return None
    return f"{count} lines start with a bold **Name:** speaker label"


def clean_inline(text: str, depth: int = 0) -> str:
    """Markdown inline markup to the words it shows: ``**a** \\[laughs\\]`` -> ``a [laughs]``."""
    if depth > MAX_MARKUP_DEPTH:
        return text
    return INLINE.sub(lambda match: _shown_text(match, depth), text)


def _shown_text(match: re.Match[str], depth: int) -> str:
    kind = match.lastgroup
    if kind == "entity":
        return html.unescape(match["entity"])
    if kind in NESTED_MARKUP:
        return clean_inline(match[kind], depth + 1)
    return match[kind]


def tidy(text: str) -> str:
    return simple_spacing(clean_inline(text))


def parse(text: str, *, limits: Limits) -> ParsedTranscript:
    """Segments per labelled paragraph or line, in source order (no I/O, linear time)."""
    lines = text.split("\n")
    body_starts, title = _front_matter(lines)
    body = lines[body_starts - 1 :]
    known = recurring_headings(body, bold=True) | recurring_headings(body)
    reader = _Reader(title, known=known, max_label_length=limits.max_label_length)
    for number in range(body_starts, len(lines) + 1):
        reader.read(number, lines[number - 1].strip())
    collector = reader.collector
    collector.end_paragraph()
    return ParsedTranscript(
        format=NAME,
        segments=collector.segments,
        warnings=collector.all_warnings(),
        title=reader.title,
    )


def _front_matter(lines: list[str]) -> tuple[int, str]:
    """The first body line number and the front matter's title, if a YAML block opens the file.

    A leading ``---`` whose next line is not ``key: value`` is a horizontal rule.
    """
    if len(lines) < 2 or lines[0].strip() != FRONT_MATTER_FENCE:
        return 1, ""
    if not YAML_KEY.match(lines[1].strip()):
        return 1, ""
    for index in range(1, len(lines)):
        if lines[index].strip() in FRONT_MATTER_ENDS:
            return index + 2, _front_matter_title(lines[1:index])
    raise TranscriptError(
        "the front matter opened with '---' is never closed with '---'", location="line 1"
    )


def _front_matter_title(lines: list[str]) -> str:
    for line in lines:
        match = FRONT_MATTER_TITLE.match(line.strip())
        if match:
            return match["title"].strip().strip("'\"").strip()
    return ""


def _heading_text(line: str) -> str:
    """``"## Part two ##"`` -> ``"Part two"`` (a closing run of ``#`` needs a space before it)."""
    text = line.lstrip("#").strip()
    without_closing = text.rstrip("#")
    if without_closing != text and (not without_closing or without_closing[-1] in " \t"):
        text = without_closing.strip()
    return text


class _Reader:
    """Reads body lines one at a time into a ``SpeechCollector``."""

    def __init__(self, title: str, *, known: frozenset[str], max_label_length: int):
        self.collector = SpeechCollector(tidy, max_label_length=max_label_length)
        self.title = title
        self.known = known

    def read(self, number: int, line: str) -> None:
        collector = self.collector
        if not line:
            collector.end_paragraph()
            return
        opens_paragraph = collector.enter_line()
        if HEADING.match(line):
            collector.close()
            self._offer_title(_heading_text(line))
        elif SETEXT_UNDERLINE.match(line) or RULE.match(line):
            self._underline_or_rule(line)
        elif label := bold_label(line, known=self.known) or split_label(line, known=self.known):
            self._start(number, *label)
        elif (refused := refused_bold_label(line) or refused_label(line)) is not None:
            collector.start_unattributed(number, refused, tidy(line))
        elif opens_paragraph or collector.draft is None:
            self._start(number, None, line)
        else:
            collector.extend(number, line)

    def _start(self, number: int, label: str | None, text: str) -> None:
        start_ms, text = split_anchor(text, location=f"line {number}")
        self.collector.start(number, label, text, start_ms=start_ms)

    def _underline_or_rule(self, line: str) -> None:
        """``Title`` over ``===``/``---`` is a heading; a lone ``---``/``***`` is a rule.

        Only text nobody speaks can be underlined into a heading: under a
        speaker's paragraph the line is read as a rule, so no speech is lost.
        """
        draft = self.collector.draft
        is_underline = SETEXT_UNDERLINE.match(line) and draft is not None
        if is_underline and draft.paragraph == self.collector.paragraph and draft.label is None:
            self.collector.discard()
            self._offer_title(" ".join(draft.parts))
        else:
            self.collector.close()

    def _offer_title(self, heading: str) -> None:
        if not self.title and not self.collector.segments:
            self.title = tidy(heading)
