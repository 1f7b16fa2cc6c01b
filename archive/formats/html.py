"""HTML transcripts: ``<cite>Name:</cite> <time>m:ss</time> <p>text</p>`` blocks.

This is the shape the Podcasting 2.0 namespace documents and Buzzsprout
publishes, as a bare fragment or as a whole page saved from a browser. A block
opens at each ``<cite>``, or at a ``<time>`` when the open block already has a
time or text (a block without a speaker). Its ``<p>`` paragraphs are joined
into one segment. Paragraphs before the first ``<cite>``/``<time>`` are page
prose, not speech, and are skipped with a warning.

The source gives start times only. End times stay None: the next block's
start would include any pause, and the archive never invents a time.

Markup is read with the standard library's ``HTMLParser``, which decodes
entities and tolerates unclosed tags; ``<head>``, ``<script>`` and ``<style>``
are skipped (the page ``<title>`` becomes the transcript title).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .base import Limits, ParsedTranscript, Segment, TranscriptError
from .timecode import parse_timestamp

NAME = "html"
TITLE = "HTML transcript"

CITE_TAG = re.compile(r"<cite[\s>]", re.IGNORECASE)
PARAGRAPH_TAG = re.compile(r"<p[\s>]", re.IGNORECASE)
TIME_TAG = re.compile(r"<time[\s>]", re.IGNORECASE)
WHITESPACE = re.compile(r"\s+")
# <time datetime="PT1M7S">: an HTML duration string.
ISO_DURATION = re.compile(
    r"^PT?(?:(?P<h>\d{1,6})H)?(?:(?P<m>\d{1,6})M)?(?:(?P<s>\d{1,9}(?:\.\d{1,3})?)S)?$",
    re.IGNORECASE,
)
SKIPPED_ELEMENTS = {"head", "script", "style", "template", "noscript"}
TIME_BRACKETS = "[]() "


@dataclass
class _Block:
    """One ``<cite>``/``<time>``/``<p>`` group as written, before any interpretation."""

    number: int
    cite: str | None = None
    time_text: str | None = None
    datetime: str | None = None
    paragraphs: list[str] = field(default_factory=list)

    def has_started(self) -> bool:
        return self.cite is not None or self.time_text is not None or bool(self.paragraphs)


def detect(text: str) -> str | None:
    """Cheap: the markup a transcript block uses appears somewhere in the file."""
    if CITE_TAG.search(text):
        return "HTML with <cite> speaker blocks"
    if PARAGRAPH_TAG.search(text) and TIME_TAG.search(text):
        return "HTML with <time> and <p> blocks"
    return None


def parse(text: str, *, limits: Limits) -> ParsedTranscript:
    reader = _BlockReader()
    try:
        reader.feed(text)
        reader.close()
    except AssertionError as error:
        # html.parser's markup scanner asserts on some malformed declarations ("<![if").
        raise TranscriptError(f"the HTML could not be read ({error})") from None
    segments = [_segment(block) for block in reader.blocks if block.paragraphs]
    if not segments:
        raise TranscriptError("no <p> transcript blocks found (expected <cite>, <time> and <p>)")
    return ParsedTranscript(
        format=NAME,
        segments=segments,
        warnings=_warnings(reader),
        title=_collapse(reader.title),
    )


def _warnings(reader: _BlockReader) -> list[str]:
    warnings = []
    if reader.skipped_paragraphs:
        warnings.append(
            f"skipped {reader.skipped_paragraphs} paragraph(s) before the first <cite> or <time>"
        )
    warnings += [
        f"block {block.number}: no <p> text; skipped"
        for block in reader.blocks
        if not block.paragraphs
    ]
    return warnings


def _segment(block: _Block) -> Segment:
    location = f"block {block.number}"
    label = _collapse(block.cite or "").rstrip(":").strip() or None
    return Segment(
        text=" ".join(block.paragraphs),
        label=label,
        start_ms=_start_ms(block, location),
        location=location,
    )


def _start_ms(block: _Block, location: str) -> int | None:
    """The ``datetime`` attribute when it parses, else the visible ``m:ss`` text."""
    if block.datetime:
        from_attribute = _attribute_ms(block.datetime.strip())
        if from_attribute is not None:
            return from_attribute
    visible = _collapse(block.time_text or "").strip(TIME_BRACKETS)
    if not visible:
        return None
    return parse_timestamp(visible, location=location)


def _attribute_ms(value: str) -> int | None:
    duration = ISO_DURATION.match(value)
    if duration and any(duration.group("h", "m", "s")):
        seconds = float(duration["s"] or 0)
        return (int(duration["h"] or 0) * 3600 + int(duration["m"] or 0) * 60) * 1000 + round(
            seconds * 1000
        )
    try:
        return parse_timestamp(value)
    except TranscriptError:
        return None


def _collapse(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()


class _BlockReader(HTMLParser):
    """Collects blocks while the stdlib parser walks the markup; never raises itself.

    Interpretation (labels, times) happens afterwards, so errors can name the block.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[_Block] = []
        self.title = ""
        self.skipped_paragraphs = 0
        self._preamble = _Block(number=0)
        self._skipping: set[str] = set()
        self._in_title = False
        self._collecting: str | None = None  # "cite", "time" or "p"
        self._in_paragraph = False
        self._buffer: list[str] = []

    @property
    def _current(self) -> _Block:
        return self.blocks[-1] if self.blocks else self._preamble

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_ELEMENTS:
            self._skipping.add(tag)
        elif tag == "body":
            self._skipping.discard("head")  # a <head> nobody closed ends here
        elif tag == "title":
            self._in_title = True
        elif self._skipping:
            return
        elif tag == "cite":
            self._open_block(lambda block: block.has_started())
            self._collect("cite")
        elif tag == "time":
            self._open_block(lambda block: block.time_text is not None or bool(block.paragraphs))
            self._current.datetime = dict(attrs).get("datetime")
            self._collect("time")
        elif tag == "p":
            self._finish()
            self._in_paragraph = True
            self._collect("p")
        elif tag == "br":
            self._buffer.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self._skipping:
            self._buffer.append(" ")
        else:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_ELEMENTS:
            self._skipping.discard(tag)
        elif tag == "title":
            self._in_title = False
        elif self._skipping:
            return
        elif tag in ("cite", "time") and self._collecting == tag:
            self._finish()
            if self._in_paragraph:
                self._collect("p")  # <p><cite>A:</cite> text</p>: the text is still speech
        elif tag == "p":
            self._finish()
            self._in_paragraph = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._collecting and not self._skipping:
            self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._finish()

    def _open_block(self, current_is_done) -> None:
        self._finish()
        if not self.blocks or current_is_done(self.blocks[-1]):
            self.blocks.append(_Block(number=len(self.blocks) + 1))

    def _collect(self, what: str) -> None:
        self._collecting = what
        self._buffer = []

    def _finish(self) -> None:
        """Store what the open ``<cite>``, ``<time>`` or ``<p>`` collected."""
        what, text = self._collecting, "".join(self._buffer)
        self._collecting, self._buffer = None, []
        if what == "cite":
            self._current.cite = text
        elif what == "time":
            self._current.time_text = text
        elif what == "p" and _collapse(text):
            if self.blocks:
                self._current.paragraphs.append(_collapse(text))
            else:
                self.skipped_paragraphs += 1
