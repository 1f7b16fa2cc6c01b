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

Labels the reader refuses
-------------------------
A line that opens like a label the reader does not read as a name ("jane:",
"select * from x:", "<b>Bob</b>:", "10:30 Ann:", a one-off "Note:") is never
added to the speech above it: those words would be credited to someone who did
not say them. ``refused_label`` finds such an opening: the text before the
first colon that is followed by a space or ends the line (closing ``**``,
``__`` or ``</b>`` may sit between them), in at most five words, and not the
start of a sentence (its first word is not one that opens speech, nor is it a
lone discourse word: "and then he said:", "So the answer is:", "Here is the
plan:", "Well:" stay speech). Readers keep
such a line as its own unattributed segment, let nobody carry into the lines
after it, and warn naming the line (``RefusedLabels``). A name-shaped label
longer than the importer's limit is refused with the line and the limit.

Paragraphs of speech
--------------------
Markdown and plain text cut speech the same way: a label starts a segment,
lines without one continue it, a blank line ends the paragraph, and an
unlabelled paragraph belongs to the last named speaker (``SpeechCollector``);
after an unattributed line, to nobody. How the text is cleaned is left to each
format.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field

from archive.labels import LabelKind, classify_label

from .base import Segment, TranscriptError, describe_lines, shown

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
# Words that open a sentence: text before a colon starting with one is speech, not a label.
SENTENCE_OPENERS = DISCOURSE_WORDS | frozenset({
    "a", "about", "after", "an", "are", "as", "at", "before", "by", "for", "from", "he",
    "her", "here's", "his", "how", "i", "i'm", "if", "in", "is", "it", "it's", "its", "let's",
    "my", "of", "on", "or", "our", "she", "since", "that", "that's", "the", "their",
    "there's", "they", "to", "until", "was", "we", "were", "what", "what's", "when",
    "where", "which", "while", "who", "why", "with", "you", "your",
})  # fmt: skip
# Where a label would end: a colon before a space or the line's end, or closing markup
# between them (looked for only when a colon is followed by markup: a line of colons is
# then scanned once by ``str.find``, not tried at every colon).
LABEL_END_MARKUP = re.compile(r":(?:\*{1,2}|_{1,2}|</[A-Za-z]{1,10}[ \t]{0,3}>)+(?=[ \t]|$)")
MARKUP_AFTER_COLON = (":*", ":_", ":</")
EMPTY_LABEL_MARKS = "*_ \t"
WORD_EDGE_PUNCTUATION = ",;.!?…\"'“”‘’()"
# Name the first this many refused labels one by one; a count says the rest.
MAX_REFUSED_LABELS_NAMED = 20
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


def refused_label(line: str) -> str | None:
    """The label-like text opening ``line``, for a line ``split_label`` found no label in.

    None when the line is speech: no colon before a space (or the line's end)
    within its first five words, or the words before it open a sentence; ``""``
    when the line opens with the colon. See the module docstring. Cost: one
    scan to the first such colon.
    """
    end = _label_end(line)
    if end is None:
        return None
    candidate = line[:end].strip()
    if is_empty_label(candidate):
        return ""  # ": text", "**:** text": the label's place is empty, so nobody is credited
    return candidate if is_label_like(candidate) else None


def _label_end(line: str) -> int | None:
    """Where the first colon that could end a label is, or None."""
    ends = [found for found in (line.find(": "), line.find(":\t")) if found >= 0]
    if line.endswith(":"):
        ends.append(len(line) - 1)
    if any(mark in line for mark in MARKUP_AFTER_COLON):
        marked = LABEL_END_MARKUP.search(line)
        ends += [marked.start()] if marked else []
    return min(ends, default=None)


def refused_bold_label(line: str) -> str | None:
    """The bold text of a ``**Name:**``-shaped opening that ``bold_label`` refused, else None."""
    match = BOLD_LABEL.match(line)
    candidate = match["name"].strip() if match else ""
    return candidate if is_label_like(candidate) else None


def is_label_like(candidate: str) -> bool:
    """Text where a label goes that is not the start of a sentence: at most five words, the
    first not one that opens speech ("and then he said", "the answer is"), and not a lone
    discourse word ("So", "Well")."""
    words = candidate.split(None, MAX_NAME_WORDS)
    if not words or len(words) > MAX_NAME_WORDS:
        return False
    first = words[0].strip(WORD_EDGE_PUNCTUATION).casefold()
    return first not in (SENTENCE_OPENERS if len(words) > 1 else DISCOURSE_WORDS)


def is_empty_label(candidate: str) -> bool:
    """Nothing but bold or italic marks where a label goes (``""``, ``"**"``)."""
    return not candidate.strip(EMPTY_LABEL_MARKS)


def is_overlong_name(candidate: str) -> bool:
    """Shaped like a name but longer than any name (a label that lost its line break)."""
    return len(candidate) > MAX_NAME_LENGTH and _is_name_shaped(candidate, max_length=None)


class RefusedLabels:
    """Lines kept unattributed because their label is not read as a name, for the warnings.

    ``note`` refuses the file when the label is name-shaped but longer than
    ``max_length`` (the importer's label limit), naming the line and the limit.
    """

    def __init__(self, max_length: int):
        self.max_length = max_length
        self._lines: dict[str, list[int]] = {}

    def note(self, line: int, label: str) -> None:
        if len(label) > self.max_length and _is_name_shaped(label, max_length=None):
            raise TranscriptError(
                f"speaker label is {len(label):,} characters long, over the limit of "
                f"{self.max_length:,}",
                location=f"line {line}",
            )
        self._lines.setdefault(label, []).append(line)

    def warnings(self) -> list[str]:
        """One warning per refused label naming its lines; past the first 20, one for the rest."""
        refused = list(self._lines.items())
        warnings = [
            f"{describe_lines(lines)}: {shown(label) if label else 'an empty label'} is not "
            "read as a speaker name; kept unattributed"
            for label, lines in refused[:MAX_REFUSED_LABELS_NAMED]
        ]
        rest = refused[MAX_REFUSED_LABELS_NAMED:]
        if rest:
            count = sum(len(lines) for _, lines in rest)
            warnings.append(
                f"{len(rest):,} more label(s) on {count:,} line(s), from line {rest[0][1][0]}, "
                "are not read as speaker names; kept unattributed"
            )
        return warnings


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


def _is_name_shaped(candidate: str, *, max_length: int | None = MAX_NAME_LENGTH) -> bool:
    too_long = max_length is not None and len(candidate) > max_length
    if not candidate or too_long or not candidate[0].isalpha():
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

    A paragraph without a label continues the last named speaker (nobody after
    ``start_unattributed``). A label with no speech at all (``**Break:**
    \\[18:10\\]``, a bare ``Music:``) makes no segment: it is reported as a
    warning and ends the turn, and the paragraph after it continues the speaker
    from before it (the marker is not a speaker).
    """

    def __init__(self, tidy: Callable[[str], str] = simple_spacing, *, max_label_length: int):
        self.tidy = tidy
        self.segments: list[Segment] = []
        self.warnings: list[str] = []
        self.refused = RefusedLabels(max_label_length)
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

    def start_unattributed(self, line_number: int, label: str, text: str) -> None:
        """Begin a segment credited to nobody: ``text`` opens with ``label``, refused as a name.

        Nobody carries into the unlabelled lines and paragraphs after it either.
        """
        self.refused.note(line_number, label)
        self.close()
        self.draft = Draft(
            line_number=line_number,
            paragraph=self.paragraph,
            label=None,
            explicit=False,
            parts=[text],
        )

    def all_warnings(self) -> list[str]:
        """Markers skipped, then labels refused."""
        return self.warnings + self.refused.warnings()

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
