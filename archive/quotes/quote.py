"""A quote as a permalink shows it: one line, a passage of lines, or some sentences of one.

``/q/<id>/`` is one utterance, ``/q/<first>-<last>/`` a passage of
consecutive lines of one episode, and ``?s=2`` or ``?s=2-3`` narrows a long
turn to some of its sentences. The words, the speakers and the times come
from here; the view only picks the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from ..formats.timecode import format_timestamp
from ..models import Utterance
from ..transcript import MAX_PASSAGE, sentences

CONTEXT_LINES = 2
# The description in link previews: about two lines of a chat app's card.
DESCRIPTION_CHARS = 200
_SENTENCE_RANGE = re.compile(r"(\d{1,4})(?:-(\d{1,4}))?")


@dataclass
class Quote:
    lines: list[Utterance]
    before: list[Utterance] = field(default_factory=list)
    after: list[Utterance] = field(default_factory=list)
    # 1-based sentences of a single line, both included; None: the whole line.
    sentence_range: tuple[int, int] | None = None

    @property
    def first(self) -> Utterance:
        return self.lines[0]

    @property
    def episode(self):
        return self.first.episode

    @property
    def is_passage(self) -> bool:
        return len(self.lines) > 1

    @cached_property
    def text(self) -> str:
        """The quoted words: the narrowed sentences, or every line's text."""
        if self.sentence_range:
            first, last = self.sentence_range
            return " ".join(sentences(self.first.text)[first - 1 : last])
        return " ".join(line.text for line in self.lines)

    @property
    def speakers(self) -> list[str]:
        """Who is quoted, in order of appearance, once each."""
        return list(dict.fromkeys(line.display_speaker for line in self.lines))

    @property
    def speaker_line(self) -> str:
        return " and ".join(self.speakers) if len(self.speakers) < 3 else "Several speakers"

    @property
    def start_ms(self) -> int | None:
        if self.sentence_range:
            return self._estimated_ms(self.sentence_range[0] - 1)
        return self.first.start_ms

    @property
    def end_ms(self) -> int | None:
        """Where the quote ends, if known: the last line's end, or the next line's start."""
        if self.sentence_range:
            return self._estimated_ms(self.sentence_range[1])
        last = self.lines[-1]
        if last.end_ms is not None:
            return last.end_ms
        return self.after[0].start_ms if self.after else None

    @property
    def start_label(self) -> str:
        return "" if self.start_ms is None else format_timestamp(self.start_ms)

    @property
    def media_fragment(self) -> str:
        """``#t=12.3,45.6``: the player plays the quote and stops at its end (Media Fragments)."""
        if self.start_ms is None:
            return ""
        end = self.end_ms
        if end is not None and end > self.start_ms:
            return f"#t={self.start_ms / 1000:.1f},{end / 1000:.1f}"
        return f"#t={self.start_ms / 1000:.1f}"

    @property
    def description(self) -> str:
        """The quote trimmed on a word boundary for link previews."""
        return trimmed(self.text, DESCRIPTION_CHARS)

    @property
    def path_ids(self) -> str:
        """``12`` or ``12-15``: the part of ``/q/…/`` that names these lines."""
        if self.is_passage:
            return f"{self.first.pk}-{self.lines[-1].pk}"
        return str(self.first.pk)

    def _estimated_ms(self, sentence_index: int) -> int | None:
        """Where a sentence starts, by its share of the line's characters (no word times)."""
        line = self.first
        if line.start_ms is None or line.end_ms is None:
            return line.start_ms
        parts = sentences(line.text)
        before = sum(len(part) + 1 for part in parts[:sentence_index])
        share = min(before / max(len(line.text), 1), 1)
        return line.start_ms + round((line.end_ms - line.start_ms) * share)


def trimmed(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(",;:—-– ") + "…"


def parse_sentences(value: str, count: int) -> tuple[int, int] | None:
    """``"2"`` or ``"2-3"`` (1-based, of ``count`` sentences) -> the range, or None if not one."""
    match = _SENTENCE_RANGE.fullmatch(value.strip())
    if not match:
        return None
    first = int(match[1])
    last = int(match[2] or first)
    if not 1 <= first <= last <= count or (first, last) == (1, count):
        return None
    return first, last


def load_quote(
    first_id: int, last_id: int | None = None, sentence: str = "", ends: QuoteEnds | None = None
) -> Quote | None:
    """The public quote these ids name, with its context, or None.

    Three queries: the ends (none if ``ends`` is given, from ``find_ends``), the
    lines around them, the speakers' identity links.

    A passage must be one episode's lines in order, at most ``MAX_PASSAGE`` long.
    """
    ends = ends or find_ends(first_id, last_id)
    if ends is None:
        return None
    first, last = ends.first, ends.last
    if last.episode_id != first.episode_id or last.sequence < first.sequence:
        return None
    if last.sequence - first.sequence >= MAX_PASSAGE:
        return None
    around = list(
        _public()
        .filter(
            episode_id=first.episode_id,
            sequence__gte=first.sequence - CONTEXT_LINES,
            sequence__lte=last.sequence + CONTEXT_LINES,
        )
        .order_by("sequence")
    )
    quote = Quote(
        lines=[u for u in around if first.sequence <= u.sequence <= last.sequence],
        before=[u for u in around if u.sequence < first.sequence],
        after=[u for u in around if u.sequence > last.sequence],
    )
    if not quote.is_passage and sentence:
        quote.sentence_range = parse_sentences(sentence, len(sentences(quote.first.text)))
    return quote


class End(NamedTuple):
    episode_id: int
    sequence: int


@dataclass(frozen=True)
class QuoteEnds:
    """Where a quote's first and last line are (the same line for one), and its version."""

    first: End
    last: End
    # When anything the quote's page shows last changed, as ISO 8601: a cache key's part.
    version: str


def find_ends(first_id: int, last_id: int | None = None) -> QuoteEnds | None:
    """The public lines ``/q/<first>[-<last>]/`` names, or None when one is missing. One query.

    The version is the newest of the episode's, its show's and the lines' speakers'
    ``updated_at``. The curation core moves the episode's on any change to its
    lines, credits or the people heard in it (a rename, hiding someone); the
    show's moves with its title, a speaker's with their picture or identity links.
    Plain values, unordered: this is every view's query, so even Django's
    compiling of it counts (a third of a millisecond less than model instances).
    """
    ids = {first_id} | ({last_id} if last_id else set())
    rows = (
        Utterance.objects.public()
        .filter(pk__in=ids)
        .order_by()
        .values_list(
            "pk",
            "episode_id",
            "sequence",
            "episode__updated_at",
            "episode__show__updated_at",
            "speaker__updated_at",
        )
    )
    ends = {pk: (End(episode, sequence), stamps) for pk, episode, sequence, *stamps in rows}
    if len(ends) != len(ids):
        return None
    newest = max(stamp for _, stamps in ends.values() for stamp in stamps if stamp is not None)
    first, last = ends[first_id][0], ends[last_id or first_id][0]
    return QuoteEnds(first=first, last=last, version=newest.isoformat())


def _public():
    return (
        Utterance.objects.public()
        .select_related("episode__show", "speaker")
        .prefetch_related("speaker__links")
    )
