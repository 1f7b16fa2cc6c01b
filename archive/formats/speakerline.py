"""Speaker lines: the one rule for a ``Name:`` label opening a line, and the paragraph
collector the Markdown and plain-text readers share.

Which ``Name:`` is a speaker label
----------------------------------
SubRip cues, plain text and timestamped lines all ask ``split_label``; Markdown,
whose bold markup already marks the label, asks ``bold_label`` (``**Name:**``, also
read after a timestamp), which holds the name to ``looks_like_name`` with
``capitalised=False``. A line
opens with a label when:

- its first colon comes within 80 characters and is followed by white space or
  the end of the line (so never "10:30", "https://" or "Ratio:1.5");
- the text before the colon, trimmed, is shaped like a name: 1-5 words with
  single spaces, at most 60 characters, starting with a letter, each word made
  of letters, digits and ``-'’_``, a period only closing a short abbreviation
  ("Dr.", "Prof.", "M.") or following each letter of initials ("A.J.",
  "J.R.R."), and not a URL scheme ("http"). A role in brackets after the name
  (``Jane Doe (host):``) is allowed and dropped: the label is the bare name;
- and it reads as a name: every word capitalised ("Dave Jones", "Q") or in a
  script without case, a lower-case particle ("Brian of London", "Ludwig van
  Beethoven") or an id with a digit or underscore ("Speaker 2", "SPEAKER_1",
  "spk_0"); or the whole is a generic diarization label by ``archive.labels``
  ("speaker 1", "unknown speaker"); or it is a name the file already used, in
  any case (``known``).

A heading word as the first word ("Note:", "Update:", "Disclaimer:", "Chapter
2:") opens a note, not a speaker, and is refused in every mode unless ``known``
(a parser that reads whole paragraphs passes the heading labels its file uses
more than once, ``recurring_headings``). Text cut mid-sentence (caption cues,
``mid_sentence=True``) also refuses, unless ``known``, a lone discourse word
("So:", "Well:", "Yes:"), which opens speech there.

Paragraphs of speech
--------------------
Markdown and plain text cut speech the same way: a label starts a segment,
lines without one continue it, a blank line ends the paragraph, and an
unlabelled paragraph belongs to the last named speaker (``SpeechCollector``).
How the text is cleaned is left to each format.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field

from archive.labels import LabelKind, classify_label

from .base import Segment

# The colon must come this early; the name before it is then held to MAX_NAME_LENGTH.
MAX_LABEL_SEARCH = 80
# A label names a person or a role, not a sentence: prose that happens to have a
# colon ("Here is the plan: ...") must not become a speaker.
MAX_NAME_LENGTH = 60
MAX_NAME_WORDS = 5
# "Dr.", "Jr.", "Prof.", "M." may end with a period; "Hello." may not.
MAX_ABBREVIATION_LENGTH = 4
NAME_PUNCTUATION = frozenset("-'’_")
# "A.J.", "J.R.R.": a period after each letter of up to four initials.
INITIALS = re.compile(r"^(?:[^\W\d_]\.){2,4}$")
# "Jane Doe (host)": a role or affiliation after the name, dropped from the label.
ROLE = re.compile(r"[ \t]+\([^\W\d_][^()]{0,39}\)$")
URL_SCHEMES = frozenset({"http", "https", "ftp", "mailto", "www"})
# Lower-case words that belong inside names ("Brian of London", "Ludwig van Beethoven").
NAME_PARTICLES = frozenset(
    {"al", "bin", "da", "das", "de", "del", "della", "den", "der", "di", "do", "dos", "du"}
    | {"el", "ibn", "la", "le", "of", "ter", "van", "von"}
)
# A label opening with one of these titles a note ("Note:", "Update:"); it names no speaker.
HEADING_WORDS = frozenset({
    "caption", "captions", "caution", "chapter", "disclaimer", "edit", "episode", "example",
    "fyi", "hint", "important", "nb", "note", "notes", "part", "ps", "reminder", "season",
    "section", "source", "spoiler", "step", "subtitles", "summary", "tip", "transcript",
    "translation", "update", "warning",
})  # fmt: skip
# Words that open speech, not name a speaker, when text can start mid-sentence.
DISCOURSE_WORDS = frozenset({
    "also", "and", "anyway", "basically", "but", "because", "finally", "first", "hey", "here",
    "like", "listen", "look", "no", "now", "oh", "ok", "okay", "plus", "so", "then", "there",
    "this", "um", "uh", "wait", "well", "yeah", "yes",
})  # fmt: skip
SPACING = re.compile(r"[ \t\n]+")
# Markdown's bold label: "**Name:**", "**Name**:", "__Name:__" or "__Name__:".
BOLD_LABEL = re.compile(
    r"^(?P<mark>\*\*|__)(?P<name>[^\n]{1,80}?)(?::(?P=mark)|(?P=mark):)(?:[ \t]+|$)"
)


def split_label(
    line: str, *, known: Container[str] = frozenset(), mid_sentence: bool = False
) -> tuple[str, str] | None:
    """``"Jane Doe: Hello"`` -> ``("Jane Doe", "Hello")``; None when the line opens with no label.

    ``line`` should already be stripped. ``known`` holds the casefolded labels
    seen earlier in the file; ``mid_sentence`` is for text cut anywhere (see the
    module docstring). Cost: a look at the first 80 characters, then one strip.
    """
    found = _label_shape(line)
    if found is None:
        return None
    name = found[0]
    if name.casefold() not in known and not _reads_as_label(name, mid_sentence=mid_sentence):
        return None
    return found


def bold_label(line: str, *, known: Container[str] = frozenset()) -> tuple[str, str] | None:
    """``"**Jane:** Hi"`` -> ``("Jane", "Hi")``; None when the line opens with no bold name.

    The bold marks the label, so the name need not be capitalised; a heading
    word ("**Note:**") is still refused unless ``known``. The rest is returned
    as written (its markup is the caller's to clean).
    """
    found = _bold_shape(line)
    if found is None or not looks_like_name(found[0], capitalised=False, known=known):
        return None
    return found


def recurring_headings(lines: Iterable[str], *, bold: bool = False) -> frozenset[str]:
    """The casefolded heading-word labels ("Note:") that open two or more of ``lines``.

    A file that writes "Update:" before many paragraphs uses it as a speaker or
    a recurring segment, not as a one-off note; pass the result as ``known``.
    ``bold``: read ``**Name:**`` labels (Markdown) instead of ``Name:``. One
    pass, a look at the start of each line.
    """
    shape = _bold_shape if bold else _label_shape
    names = Counter(
        found[0].casefold()
        for line in lines
        if (found := shape(line.strip())) and _is_heading(found[0])
    )
    return frozenset(name for name, count in names.items() if count > 1)


def looks_like_name(
    candidate: str, *, capitalised: bool = True, known: Container[str] = frozenset()
) -> bool:
    """True for text shaped like a speaker name and, if ``capitalised``, written like one.

    The shape: 1-5 words of letters, digits, ``-'_``, starting with a letter (so
    never a time), at most 60 characters, no sentence punctuation (a period only
    closes a short abbreviation such as "Dr." or follows initials, "A.J."),
    single spaces between words, and not a URL scheme ("http"). Written like a
    name: every word capitalised, a particle or an id, or a generic diarization
    label; see the module docstring. A heading word ("Note") is never a name
    unless ``known`` holds it (casefolded).
    """
    if not _is_name_shaped(candidate):
        return False
    if candidate.casefold() in known:
        return True
    return not _is_heading(candidate) and (not capitalised or _reads_as_name(candidate))


def _label_shape(line: str) -> tuple[str, str] | None:
    """The name-shaped text before a line's first colon (its role dropped) and the rest."""
    colon = line.find(":", 0, MAX_LABEL_SEARCH)
    after = line[colon + 1 : colon + 2]
    if colon < 0 or not (after == "" or after.isspace()):
        return None
    name = _without_role(line[:colon].strip())
    if not _is_name_shaped(name):
        return None
    return name, line[colon + 1 :].strip()


def _bold_shape(line: str) -> tuple[str, str] | None:
    """The name-shaped bold text opening a line (its role dropped) and the rest as written."""
    match = BOLD_LABEL.match(line)
    name = _without_role(match["name"].strip()) if match else ""
    return (name, line[match.end() :]) if _is_name_shaped(name) else None


def _without_role(candidate: str) -> str:
    """``"Jane Doe (host)"`` -> ``"Jane Doe"``; other text unchanged."""
    return ROLE.sub("", candidate)


def _reads_as_label(name: str, *, mid_sentence: bool) -> bool:
    if _is_heading(name) or (mid_sentence and _is_discourse_word(name)):
        return False
    return _reads_as_name(name)


def _is_name_shaped(candidate: str) -> bool:
    if not 0 < len(candidate) <= MAX_NAME_LENGTH or not candidate[0].isalpha():
        return False
    words = candidate.split(" ")
    return (
        len(words) <= MAX_NAME_WORDS
        and candidate.lower() not in URL_SCHEMES
        and all(_is_name_word(word) for word in words)
    )


def _is_name_word(word: str) -> bool:
    if INITIALS.match(word):
        return True
    body = word[:-1] if word.endswith(".") and len(word) <= MAX_ABBREVIATION_LENGTH + 1 else word
    return bool(body) and all(char.isalnum() or char in NAME_PUNCTUATION for char in body)


def _reads_as_name(candidate: str) -> bool:
    """Capitalised as people write names, or a placeholder a diarizer writes ("spk_0")."""
    return classify_label(candidate) is LabelKind.GENERIC or all(
        _is_capitalised(word) for word in candidate.split(" ")
    )


def _is_capitalised(word: str) -> bool:
    return (
        not word[0].islower()
        or word in NAME_PARTICLES
        or any(char.isdigit() or char == "_" for char in word)
    )


def _is_heading(candidate: str) -> bool:
    """A heading word opens it ("Note", "Chapter 2"): a note's title, not a speaker."""
    return candidate.casefold().split(" ", 1)[0] in HEADING_WORDS


def _is_discourse_word(candidate: str) -> bool:
    """A lone discourse word ("So", "Well"): it opens speech in text cut mid-sentence."""
    return candidate.casefold() in DISCOURSE_WORDS


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
