"""Paragraphs of speech under a ``Name:`` label, shared by the Markdown and plain-text readers.

Both formats cut speech the same way: a label starts a segment, lines without
one continue it, a blank line ends the paragraph, and an unlabelled paragraph
belongs to the last named speaker. What differs is how a label is spotted and
how the text is cleaned, so those are left to each format.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .base import Segment

# A label names a person or a role, not a sentence: prose that happens to have a
# colon ("Here is the plan: ...") must not become a speaker.
MAX_NAME_LENGTH = 60
MAX_NAME_WORDS = 5
# "Dr.", "Jr.", "Prof.", "M." may end with a period; "Hello." may not.
MAX_ABBREVIATION_LENGTH = 4
NAME_PUNCTUATION = frozenset("-'’_")
URL_SCHEMES = frozenset({"http", "https", "ftp", "mailto", "www"})
# Lower-case words that belong inside names ("Brian of London", "Ludwig van Beethoven").
NAME_PARTICLES = frozenset(
    {"al", "bin", "da", "das", "de", "del", "della", "den", "der", "di", "do", "dos", "du"}
    | {"el", "ibn", "la", "le", "of", "ter", "van", "von"}
)
SPACING = re.compile(r"[ \t\n]+")


def looks_like_name(candidate: str) -> bool:
    """True for text shaped like a speaker name: 1-5 words of letters, digits, ``-'_``.

    Starts with a letter (so never a time), at most 60 characters, no sentence
    punctuation (a period only closes a short abbreviation such as "Dr."),
    single spaces between words, and not a URL scheme ("http").
    """
    if not 0 < len(candidate) <= MAX_NAME_LENGTH or not candidate[0].isalpha():
        return False
    words = candidate.split(" ")
    return (
        len(words) <= MAX_NAME_WORDS
        and candidate.lower() not in URL_SCHEMES
        and all(_is_name_word(word) for word in words)
    )


def looks_like_plain_label(candidate: str) -> bool:
    """A name as people capitalise it: the stricter test for labels without markup.

    Every word starts with a capital (or a letter with no case), is a name
    particle ("of", "van"), or is an id with a digit or underscore ("spk_0"),
    so "Here is the plan:" is prose while "Brian of London:" is a speaker.
    """
    return looks_like_name(candidate) and all(_is_capitalised(w) for w in candidate.split(" "))


def _is_name_word(word: str) -> bool:
    body = word[:-1] if word.endswith(".") and len(word) <= MAX_ABBREVIATION_LENGTH + 1 else word
    return bool(body) and all(char.isalnum() or char in NAME_PUNCTUATION for char in body)


def _is_capitalised(word: str) -> bool:
    return (
        not word[0].islower()
        or word in NAME_PARTICLES
        or any(char.isdigit() or char == "_" for char in word)
    )


def simple_spacing(text: str) -> str:
    """Joined lines with single spaces; U+2028 and other rare spaces are text and stay."""
    return SPACING.sub(" ", text).strip(" \t\n")


@dataclass
class Draft:
    """A segment still being read: its first line, label and the text lines so far."""

    line_number: int
    paragraph: int
    label: str | None
    explicit: bool
    start_ms: int | None = None
    parts: list[str] = field(default_factory=list)


class SpeechCollector:
    """Turns labelled and unlabelled paragraphs into segments, carrying the speaker.

    A paragraph without a label continues the last named speaker. A label with
    no speech at all (``**Break:** \\[18:10\\]``, a bare ``Music:``) makes no
    segment: it is reported as a warning and ends the turn, and the paragraph
    after it continues the speaker from before it (the marker is not a speaker).
    """

    def __init__(self, tidy: Callable[[str], str] = simple_spacing):
        self.tidy = tidy
        self.segments: list[Segment] = []
        self.warnings: list[str] = []
        self.paragraph = 0
        self.draft: Draft | None = None
        self._speaker: str | None = None
        self._turn_break = False
        self._in_paragraph = False

    def enter_line(self) -> bool:
        """Note a non-blank line; True when it opens a new paragraph."""
        opens = not self._in_paragraph
        if opens:
            self.paragraph += 1
            self._in_paragraph = True
        return opens

    def end_paragraph(self) -> None:
        self.close()
        self._in_paragraph = False

    def start(
        self, line_number: int, label: str | None, text: str, *, start_ms: int | None = None
    ) -> None:
        """Begin a segment; ``label=None`` means "whoever spoke last"."""
        self.close()
        self.draft = Draft(
            line_number=line_number,
            paragraph=self.paragraph,
            label=label if label is not None else self._speaker,
            explicit=label is not None,
            start_ms=start_ms,
            parts=[text],
        )

    def extend(self, line_number: int, text: str) -> None:
        """Add a line to the open segment, or open an unlabelled one."""
        if self.draft is None:
            self.start(line_number, None, text)
        else:
            self.draft.parts.append(text)

    def discard(self) -> Draft | None:
        """Drop the open segment unread (it turned out to be a heading)."""
        draft, self.draft = self.draft, None
        return draft

    def close(self) -> None:
        draft = self.discard()
        if draft is None:
            return
        text = self.tidy(" ".join(draft.parts))
        if text:
            self._emit(draft, text)
        elif draft.explicit:
            self.warnings.append(
                f"paragraph {draft.paragraph} (line {draft.line_number}): "
                f"{draft.label!r} marker with no speech skipped"
            )
            self._turn_break = True

    def _emit(self, draft: Draft, text: str) -> None:
        self.segments.append(
            Segment(
                text=text,
                label=draft.label,
                start_ms=draft.start_ms,
                location=f"line {draft.line_number}",
                turn_start=self._turn_break,
            )
        )
        self._speaker = draft.label
        self._turn_break = False
