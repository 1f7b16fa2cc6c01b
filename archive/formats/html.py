"""HTML transcripts: Buzzsprout's ``<cite>``/``<time>``/``<p>`` blocks and the shapes
published transcript pages use without them.

Blocks
------
The Podcasting 2.0 namespace documents, and Buzzsprout publishes,
``<cite>Name:</cite> <time>m:ss</time> <p>text</p>``, as a bare fragment or a
whole saved page. A block opens at each ``<cite>``, or at a ``<time>`` when the
open block already has a time or text (a block without a speaker). Its ``<p>``
paragraphs are joined into one segment. A page with a ``<cite>`` is read by
these rules alone, exactly as before the others existed.

Other pages (Transistor, Captivate, WordPress themes) mark the speaker in one of
three ways, each a small rule opening a block the same way:

- a paragraph that opens with ``<strong>``/``<b>`` text shaped like a name (the
  one rule in ``speakerline``; the bold marks it, so it need not be
  capitalised) followed by a colon or a time: ``<p><strong>Ana:</strong> text</p>``,
  ``<p><b>Ana</b> <span>00:01:02</span></p>``. Bold that is not such a label is speech;
- ``<dl>`` lists: ``<dt>`` names the speaker, ``<dd>`` is the speech;
- class names: an element whose class is ``speaker`` (or ``speaker-name``,
  ``transcript__speaker``, ...) names the speaker, one whose class is
  ``timestamp``/``time``/``timecode`` gives the time when its text is a clock,
  one whose class is ``text``/``*-text`` holds speech like a ``<p>``.

In these pages a paragraph opening with ``[00:01:02]`` starts a new block at
that time, and a paragraph without a label continues the previous speaker. A
paragraph that would continue a speaker but opens with a plain ``Name:`` label
(the shared rule) starts that speaker's block instead; one whose label, bold
or plain, is not read as a name (``<b>select * from x:</b>``, ``jane:``), or a
``<dt>``/``class="speaker"`` holding no name, starts a block credited to nobody,
with a warning naming the line, so its words never join another speaker's.
Paragraphs before the first block are page prose and are skipped with a warning;
so are paragraphs after the element holding the blocks has closed (a sign-up
box, a copyright line). Inside a paragraph, a ``<br>`` followed by a bold name
starts a new paragraph. A ``<time>`` that is a calendar date (``datetime``
"2023-03-03...") or whose text is no attempt at a clock is page text, not a block
time. Bold ``Name:`` lines outside any paragraph are not read and are reported.

The source gives start times only. End times stay None: the next block's
start would include any pause, and the archive never invents a time.

The page around the transcript
------------------------------
Markup is read with the standard library's ``HTMLParser``, which decodes
entities and tolerates unclosed tags; ``<head>``, ``<script>`` and ``<style>``
are skipped (the document's ``<title>`` becomes the transcript title; an SVG
icon's is ignored), and so are
menus, banners and sidebars (``<nav>``, ``<header>``, ``<footer>``, ``<aside>``,
``<form>``). When the page has a ``<main>`` or ``<article>``, only the text
inside them is read, unless nothing there is a transcript (then the page is
read whole, which costs a second pass).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .base import Limits, ParsedTranscript, Segment, TranscriptError, shown
from .speakerline import RefusedLabels, is_label_like, looks_like_name, refused_label, split_label
from .textlines import CLOCK, TIME_ANCHOR
from .timecode import parse_timestamp

NAME = "html"
TITLE = "HTML transcript"

CITE_TAG = re.compile(r"<cite[\s>]", re.IGNORECASE)
PARAGRAPH_TAG = re.compile(r"<p[\s>]", re.IGNORECASE)
TIME_TAG = re.compile(r"<time[\s>]", re.IGNORECASE)
SCOPE_TAG = re.compile(r"<(?:main|article)[\s>]", re.IGNORECASE)
DT_TAG = re.compile(r"<dt[\s>]([^<]{1,80})", re.IGNORECASE)
DD_TAG = re.compile(r"<dd[\s>]", re.IGNORECASE)
CLASS_ATTRIBUTE = re.compile(r"""\sclass\s*=\s*["']([^"']{1,300})["']""", re.IGNORECASE)
# <p><strong>Name:</strong>, <p><b>Name</b>: or <p><b>Name</b> <span>00:01:02</span>.
BOLD_LABEL_PARAGRAPH = re.compile(
    r"<p\b[^>]*>\s*<(strong|b)\b[^>]*>([^<]{1,80})</\1\s*>"
    r"(\s*:|\s*(?:<span\b[^>]*>)?\s*[\[(]?\d{1,2}:\d{2})?",
    re.IGNORECASE,
)
WHITESPACE = re.compile(r"\s+")
# <time datetime="PT1M7S">: an HTML duration string.
ISO_DURATION = re.compile(
    r"^PT?(?:(?P<h>\d{1,6})H)?(?:(?P<m>\d{1,6})M)?(?:(?P<s>\d{1,9}(?:\.\d{1,3})?)S)?$",
    re.IGNORECASE,
)
# A clock opening the text after a bold label: "00:01:02", "[1:02]" or "(1:02)".
LEADING_CLOCK = re.compile(rf"^[\[(]?(?P<time>{CLOCK})[\])]?(?=\s|$)")
WHOLE_CLOCK = re.compile(rf"^[\[(]?{CLOCK}[\])]?$")
# Class names, one at a time: "speaker", "speaker-name", "transcript__speaker", "ts-time".
SPEAKER_CLASS = re.compile(r"(?:^|[-_])speaker(?:[-_]?name)?$")
TIME_CLASS = re.compile(r"(?:^|[-_])(?:timestamp|timecode|time|start-?time)$")
TEXT_CLASS = re.compile(r"(?:^|[-_])(?:text|words)$")
SKIPPED_ELEMENTS = {"head", "script", "style", "template", "noscript", "svg"}
# Elements with no end tag: never on the stack of open elements.
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}
# <time datetime="2023-03-03T10:00:00Z">: a publication date, not a place in the audio.
CALENDAR_DATE = re.compile(r"^\s*\d{4}-\d{2}")
# A <time> text that tries to be a clock ("3:05", even a broken "3:xx"); "March 3, 2023" does not.
CLOCK_ATTEMPT = re.compile(r"\d\s*:")
# Page furniture around a transcript: menus, banners, sidebars, sign-up forms.
FURNITURE = {"nav", "header", "footer", "aside", "form"}
SCOPE_ELEMENTS = {"main", "article"}
PARAGRAPH_ELEMENTS = {"p", "dd"}
BOLD_ELEMENTS = {"strong", "b"}
TIME_BRACKETS = "[]() "
# Detection wants this many bold-labelled paragraphs or name-shaped <dt>s, not one stray.
MIN_LABELS = 2


@dataclass
class _Block:
    """One labelled or timed group of paragraphs as written, before any interpretation.

    ``by_elements``: opened by ``<cite>``/``<time>`` (read by those rules alone).
    ``continues``: opened by a time alone in a page without ``<cite>``, so it
    belongs to the speaker before it.
    """

    number: int
    line: int = 0  # where it opens in the source
    label: str | None = None  # as written: <cite>, <dt>, bold or class="speaker"
    time_text: str | None = None
    datetime: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    by_elements: bool = False
    continues: bool = False

    @property
    def location(self) -> str:
        return f"block {self.number} (line {self.line})"

    def has_started(self) -> bool:
        return self.label is not None or self.time_text is not None or bool(self.paragraphs)


def detect(text: str) -> str | None:
    """Cheap: the markup a transcript block uses appears somewhere in the file (regex only)."""
    if CITE_TAG.search(text):
        return "HTML with <cite> speaker blocks"
    if PARAGRAPH_TAG.search(text) and TIME_TAG.search(text):
        return "HTML with <time> and <p> blocks"
    if _count_bold_labels(text) >= MIN_LABELS:
        return "HTML with <p><strong>Name:</strong> paragraphs"
    if DD_TAG.search(text) and _count_name_terms(text) >= MIN_LABELS:
        return "HTML with <dt> speaker and <dd> speech lists"
    if any(_has_class(match[1], SPEAKER_CLASS) for match in CLASS_ATTRIBUTE.finditer(text)):
        return 'HTML with class="speaker" blocks'
    return None


def _count_bold_labels(text: str) -> int:
    return sum(
        1
        for match in BOLD_LABEL_PARAGRAPH.finditer(text)
        if (match[2].strip().endswith(":") or match[3])
        and looks_like_name(match[2].strip().removesuffix(":").strip(), capitalised=False)
    )


def _count_name_terms(text: str) -> int:
    return sum(1 for match in DT_TAG.finditer(text) if _name(match[1]))


def parse(text: str, *, limits: Limits) -> ParsedTranscript:
    """Blocks to segments. Cost: one ``HTMLParser`` pass, two when a ``<main>`` holds nothing."""
    cite_page = CITE_TAG.search(text) is not None
    scoped = SCOPE_TAG.search(text) is not None
    reader = _read(text, scoped=scoped, cite_page=cite_page, limits=limits)
    if reader.scoped and not any(block.paragraphs for block in reader.blocks):
        reader = _read(text, scoped=False, cite_page=cite_page, limits=limits)
    segments = _segments(reader.blocks)
    if not segments:
        raise TranscriptError(
            "no <p> transcript blocks found (expected <cite>, <time> and <p>; "
            '<p><strong>Name:</strong> text</p>; <dt>/<dd>; or class="speaker" blocks)'
        )
    return ParsedTranscript(
        format=NAME,
        segments=segments,
        warnings=_warnings(reader),
        title=_collapse(reader.title),
    )


def _read(text: str, *, scoped: bool, cite_page: bool, limits: Limits) -> _BlockReader:
    reader = _BlockReader(
        scoped=scoped, cite_page=cite_page, max_label_length=limits.max_label_length
    )
    try:
        reader.feed(text)
        reader.close()
    except AssertionError as error:
        # html.parser's markup scanner asserts on some malformed declarations ("<![if").
        raise TranscriptError(f"the HTML could not be read ({error})") from None
    return reader


def _segments(blocks: list[_Block]) -> list[Segment]:
    """One segment per block with text; a ``continues`` block takes the speaker before it."""
    segments = []
    speaker = None
    for block in blocks:
        label = _collapse(block.label or "").rstrip(":").strip() or None
        speaker = label if label is not None or not block.continues else speaker
        if block.paragraphs:
            segments.append(_segment(block, speaker))
    return segments


def _warnings(reader: _BlockReader) -> list[str]:
    warnings = []
    if reader.skipped_paragraphs:
        first = "<cite> or <time>" if reader.cite_page else "speaker label or time"
        warnings.append(
            f"skipped {reader.skipped_paragraphs} paragraph(s) before the first {first}"
        )
    warnings += [
        f"{block.location}: no <p> text; skipped" for block in reader.blocks if not block.paragraphs
    ]
    if reader.dropped_after:
        warnings.append(
            f"skipped {reader.dropped_after} paragraph(s) after the transcript's blocks ended"
        )
    if reader.stray_labels:
        warnings.append(
            f"{len(reader.stray_labels)} speaker label(s) outside <p> not read "
            f"(first: {shown(reader.stray_labels[0])}); wrap the speech in <p> to import it"
        )
    return warnings + reader.refused.warnings()


def _segment(block: _Block, label: str | None) -> Segment:
    location = block.location
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


def _name(text: str) -> str | None:
    """``"Ana Lima:"`` -> ``"Ana Lima"`` when it is shaped like a name, else None."""
    name = _collapse(text).removesuffix(":").strip()
    return name if looks_like_name(name, capitalised=False) else None


def _has_class(value: str | None, pattern: re.Pattern[str]) -> bool:
    return bool(value) and any(pattern.search(token) for token in value.lower().split())


def _role(tag: str, attrs: list[tuple[str, str | None]]) -> str | None:
    """What an element that is neither ``<cite>`` nor ``<time>`` marks, by its tag or class."""
    classes = dict(attrs).get("class")
    if tag == "dt" or _has_class(classes, SPEAKER_CLASS):
        return "label"
    if _has_class(classes, TIME_CLASS):
        return "stamp"
    if tag in PARAGRAPH_ELEMENTS or _has_class(classes, TEXT_CLASS):
        return "p"
    return None


def _bold_label(lead: str, rest: str) -> tuple[str, str | None, str] | None:
    """``("Ana:", " [1:02] Hi")`` -> ``("Ana", "1:02", " Hi")``: a paragraph's opening bold
    read as its speaker, when shaped like a name and followed by a colon or a time."""
    name = _name(lead)
    rest = rest.lstrip()
    colon = _collapse(lead).endswith(":")
    if not colon and rest.startswith(":"):  # <b>Ana</b>: hi
        colon, rest = True, rest[1:].lstrip()
    clock = LEADING_CLOCK.match(rest)
    if name is None or not (colon or clock):
        return None
    return (name, clock["time"], rest[clock.end() :]) if clock else (name, None, rest)


def _refused_bold_label(lead: str, rest: str) -> str | None:
    """The text of a paragraph's opening bold placed as a label (a colon or a time after it)
    but not a name (``_bold_label`` refused it), when it is not the start of a sentence."""
    words = _collapse(lead)
    rest = rest.lstrip()
    colon = words.endswith(":") or rest.startswith(":")
    clock = LEADING_CLOCK.match(rest.removeprefix(":").lstrip())
    candidate = words.removesuffix(":").strip()
    return candidate if (colon or clock) and is_label_like(candidate) else None


class _BlockReader(HTMLParser):
    """Collects blocks while the stdlib parser walks the markup; never raises itself.

    Interpretation of times happens afterwards, so errors can name the block.
    ``scoped``: read only inside ``<main>``/``<article>``. ``cite_page``: the
    page uses ``<cite>``, so paragraphs are speech and nothing else.
    """

    def __init__(self, *, scoped: bool, cite_page: bool, max_label_length: int) -> None:
        super().__init__(convert_charrefs=True)
        self.scoped = scoped
        self.cite_page = cite_page
        self.refused = RefusedLabels(max_label_length)
        self.blocks: list[_Block] = []
        self.title = ""
        self.skipped_paragraphs = 0
        self.dropped_after = 0  # paragraphs after the blocks' container closed
        self.stray_labels: list[str] = []  # bold "Name:" outside any paragraph
        self._open: list[str] = []  # open elements (tag names), end tags pop to their match
        self._container = 0  # how many open elements the last block's container holds
        self._container_closed = False
        self._title_read = False
        self._after_break = False  # a <br> and no text since, in the open paragraph
        self._time_datetime: str | None = None
        self._kept_text = ""  # a <time>'s text that was no time: speech again
        self._preamble = _Block(number=0)
        self._skipping: Counter[str] = Counter()
        self._scope_depth = 0
        self._in_title = False
        self._collecting: str | None = None  # "cite", "time", "label", "stamp", "lead" or "p"
        self._closing: str | None = None  # the end tag that ends the collection
        self._paragraph: str | None = None  # the tag of the open paragraph
        self._lead: str | None = None  # a paragraph's opening bold, until its text is read
        self._buffer: list[str] = []
        self._buffer_has_text = False  # kept as we go: a join per bold tag would be quadratic

    @property
    def _current(self) -> _Block:
        return self.blocks[-1] if self.blocks else self._preamble

    @property
    def _ignoring(self) -> bool:
        return any(self._skipping.values()) or (self.scoped and self._scope_depth <= 0)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID_ELEMENTS:
            self._open.append(tag)
        if tag in SKIPPED_ELEMENTS or tag in FURNITURE:
            self._skipping[tag] += 1
        elif tag == "body":
            self._skipping.pop("head", None)  # a <head> nobody closed ends here
            self._title_read = True  # only the document's own <title> names it
        elif tag == "title":
            self._in_title = not self._title_read and not self._skipping["svg"]
        elif tag in SCOPE_ELEMENTS:
            self._scope_depth += 1
        elif self._ignoring:
            return
        elif tag == "cite":
            self._open_block(lambda block: block.has_started(), by_elements=True)
            self._collect("cite", tag)
        elif tag == "time":
            self._start_time(dict(attrs).get("datetime"))
        elif tag == "br":
            self._line_break()
        elif self.cite_page:
            if tag == "p":
                self._open_paragraph(tag)
        elif tag in BOLD_ELEMENTS and self._after_break and self._collecting == "p":
            self._open_paragraph(self._paragraph or "p")  # <br><b>Bob:</b>: a new paragraph
            self._collect("lead", tag)
        elif tag in BOLD_ELEMENTS and self._lead is None and self._paragraph_is_blank():
            self._collect("lead", tag)
        elif tag in BOLD_ELEMENTS and self._collecting is None:
            self._collect("stray", tag)
        elif role := _role(tag, attrs):
            self._start(role, tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self._ignoring:
            self._line_break()
        else:
            self.handle_starttag(tag, attrs)
            if tag not in VOID_ELEMENTS:
                self.handle_endtag(tag)

    def _line_break(self) -> None:
        self._buffer.append(" ")
        self._after_break = True

    def _start_time(self, datetime: str | None) -> None:
        """A ``<time>``: its text is read before it may open a block (a date never does)."""
        if datetime and CALENDAR_DATE.match(datetime):
            return  # "Published <time datetime=2023-03-03>": page prose, read as text
        self._finish()
        self._time_datetime = datetime
        self._collect("time", "time")

    def handle_endtag(self, tag: str) -> None:
        self._end_element(tag)
        self._close_element(tag)  # after: a block opened at this end tag sits inside it

    def _end_element(self, tag: str) -> None:
        if tag in SKIPPED_ELEMENTS or tag in FURNITURE:
            self._skipping[tag] = max(self._skipping[tag] - 1, 0)
        elif tag == "title":
            self._in_title = False
        elif tag in SCOPE_ELEMENTS:
            self._scope_depth -= 1
        elif self._ignoring:
            return
        elif tag in (self._paragraph, "p"):
            self._end_paragraph()
        elif self._collecting and tag == self._closing:
            self._finish()
            if self._paragraph:
                self._collect("p", self._paragraph)  # <p><cite>A:</cite> text</p>: still speech
                self._buffer.append(self._kept_text)
            self._kept_text = ""

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._collecting and not self._ignoring:
            self._buffer.append(data)
            self._buffer_has_text = self._buffer_has_text or bool(data.strip())
            self._after_break = self._after_break and not data.strip()

    def _close_element(self, tag: str) -> None:
        """Pop open elements to ``tag``'s match (unclosed ones inside it go too)."""
        if tag not in self._open:
            return
        del self._open[len(self._open) - 1 - self._open[::-1].index(tag) :]
        if tag == "title":
            self._title_read = self._title_read or bool(self.title.strip())
        if self.blocks and len(self._open) < self._container:
            self._container_closed = True

    def close(self) -> None:
        super().close()
        self._end_paragraph()

    def _paragraph_is_blank(self) -> bool:
        """No text yet in the open paragraph: where a bold name is its speaker."""
        return self._collecting == "p" and not self._buffer_has_text

    def _start(self, role: str, tag: str) -> None:
        if role == "p":
            self._open_paragraph(tag)
            return
        lead = self._lead if self._paragraph_is_blank() else None
        if role == "stamp" and lead is not None and (name := _name(lead)):
            # <p><b>Ana</b> <span class="timestamp">1:02</span>: a bold name, then a time.
            self._lead = None
            self._label(name)
        self._finish()
        self._collect(role, tag)

    def _open_paragraph(self, tag: str) -> None:
        self._end_paragraph()
        self._paragraph = tag
        self._collect("p", tag)

    def _end_paragraph(self) -> None:
        self._finish()
        if self._lead is not None:  # <p><b>Ana:</p>: the bold was all there was
            self._read_paragraph("")
        self._paragraph = None

    def _open_block(self, current_is_done, *, by_elements=False, continues=False) -> None:
        self._finish()
        # The element holding the block: a paragraph's parent, or the opening element's.
        inside = self._paragraph is not None and self._paragraph in self._open
        depth = len(self._open) - 1
        if inside:
            depth = len(self._open) - 1 - self._open[::-1].index(self._paragraph)
        self._container, self._container_closed = depth, False
        if not self.blocks or current_is_done(self.blocks[-1]):
            number = len(self.blocks) + 1
            self.blocks.append(
                _Block(
                    number=number,
                    line=self.getpos()[0],
                    by_elements=by_elements,
                    continues=continues,
                )
            )

    def _open_timed(self, **kind) -> None:
        self._open_block(
            lambda block: block.time_text is not None or bool(block.paragraphs), **kind
        )

    def _collect(self, what: str, closing: str) -> None:
        self._collecting, self._closing = what, closing
        self._buffer, self._buffer_has_text, self._after_break = [], False, False

    def _finish(self) -> None:
        """Store what the open element collected."""
        what, text = self._collecting, "".join(self._buffer)
        self._collecting, self._closing, self._buffer = None, None, []
        if what == "cite":
            self._current.label = text
        elif what == "time":
            self._read_time(text)
        elif what == "stray" and (name := _name(text)) and _collapse(text).endswith(":"):
            self.stray_labels.append(name)
        elif what == "lead":
            self._lead = text
        elif what == "label" and (name := _name(text)):
            self._label(name)
        elif what == "label":
            self._unattributed(_collapse(text))  # <dt>: a speaker's place, holding no name
        elif what == "stamp" and WHOLE_CLOCK.match(_collapse(text)):
            self._open_timed(continues=True)
            self._current.time_text = _collapse(text)
        elif what == "p":
            self._read_paragraph(text)

    def _read_time(self, text: str) -> None:
        """A ``<time>`` that reads as a place in the audio opens a block; other text is dropped."""
        datetime, self._time_datetime = self._time_datetime, None
        if not CLOCK_ATTEMPT.search(text) and (not datetime or _attribute_ms(datetime) is None):
            self._kept_text = text  # "<time>March 3, 2023</time>": words, not a timestamp
            return
        self._open_timed(by_elements=True)
        self._current.datetime = datetime
        self._current.time_text = text

    def _label(self, name: str, time: str | None = None) -> None:
        """A block for a speaker named outside ``<cite>``; a block holding only a time takes it."""
        self._open_block(lambda block: block.label is not None or bool(block.paragraphs))
        self._current.label = name
        if time is not None:
            self._current.time_text = time

    def _unattributed(self, label: str) -> None:
        """A block credited to nobody: a speaker is written, but not as a name."""
        self.refused.note(self.getpos()[0], label)
        self._open_block(lambda block: block.label is not None or bool(block.paragraphs))
        self._current.label = None
        self._current.continues = False

    def _continues_a_speaker(self) -> bool:
        """A paragraph here would join the speech of a block opened before it."""
        return bool(self.blocks) and (bool(self._current.paragraphs) or self._current.continues)

    def _read_paragraph(self, text: str) -> None:
        """A paragraph's label and time (outside ``<cite>``/``<time>`` blocks), then its speech."""
        lead, self._lead = self._lead, None
        if not (self.cite_page or self._current.by_elements):
            text = self._paragraph_marks(lead, text)
        elif lead is not None:
            text = lead + text
        speech = _collapse(text)
        if not speech:
            return
        if self.blocks and self._container_closed:
            self.dropped_after += 1  # a sign-up box or footer after the transcript
        elif self.blocks:
            self._current.paragraphs.append(speech)
        else:
            self.skipped_paragraphs += 1

    def _paragraph_marks(self, lead: str | None, text: str) -> str:
        """Open the block a label or a ``[00:01:02]`` anchor starts; the speech left."""
        found = _bold_label(lead, text) if lead is not None else None
        if found:
            name, time, speech = found
            self._label(name, time)
            return speech
        refused = _refused_bold_label(lead, text) if lead is not None else None
        text = (lead or "") + text
        anchor = TIME_ANCHOR.match(text.lstrip())
        if anchor:
            self._open_timed(continues=True)
            self._current.time_text = anchor["time"]
            text = text.lstrip()[anchor.end() :]
        return self._plain_label(text, refused)

    def _plain_label(self, text: str, refused: str | None) -> str:
        """A paragraph that would continue a speaker: a ``Name:`` opening starts that
        speaker's block, a label not read as a name a block credited to nobody."""
        if not self._continues_a_speaker():
            return text
        found = split_label(_collapse(text)) if refused is None else None
        if found:
            self._label(found[0])
            return found[1]
        refused = refused or refused_label(_collapse(text))
        if refused is not None:
            self._unattributed(refused)
        return text
