"""SubRip (.srt): numbered cues with ``-->`` timings, speakers as a ``Name:`` prefix.

Podcast hosts (Buzzsprout, Podcasting 2.0 exports) write the speaker's name
only on the first cue of a turn ("Alban: It is so stinking nice to") and leave
the following cues bare, so each cue's label is the *carried* speaker: the last
name written above it. Cues before the first name have no label.

Caption text is cut mid-sentence, so a colon in speech ("Note: ...", "at
10:30", "https://...") can land at the start of a cue line. A ``Name:`` opening
any of the cue's text lines is a label by the shared rule in ``speakerline``
(read with ``mid_sentence=True``, so "So:" and "and then he said:" stay speech),
and a name used earlier in the file is recognised in any case. A cue holding
two speakers (``Ann: Coming?`` then ``Bob: Yes.``) is split into one segment
per label, each with the cue's times. Subtitle editors often open a speaker
change with a dialogue dash (``- Jane Doe: text``); the dash goes when a label
follows it, and stays as text otherwise. Labels wrapped in formatting
(``<b>Jane:</b>``, ``<font color=...>Jane:</font>``) read once the tags go. A
line opening with a label that is not read as a name (``jane:``, a one-off
``Note:``, ``select * from x:``) is never added to the speaker above it: it is
an unattributed piece, nothing carries from it, and a warning names its line.

A broken cue does not cost the file: as WebVTT's parser drops one bad block
and keeps the rest, a cue whose timing line is broken (no ``-->``, a time that
is no time, a number with no timing line after it) or that ends before it
starts is skipped with a warning naming its line, and so is text before the
first cue. Only a file with no valid cue is refused.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from . import sniff
from .base import Limits, ParsedTranscript, Segment, TranscriptError, describe_lines, shown
from .speakerline import RefusedLabels, refused_label, split_label
from .timecode import parse_timestamp

NAME = "srt"
TITLE = "SubRip (SRT)"

# A timing line's shape, for detection only: digits on both sides of the arrow (a
# U+FFFD where decoding found a control character still counts, so the cue is reported).
TIMING_SHAPE = re.compile(r"^\s*[\d\ufffd][\d\ufffd:.,]*\s*-->\s*[\d\ufffd][\d\ufffd:.,]*")
# A line meant as a timing line that lost its arrow ("00:00:01,000 - 00:00:04,000").
CLOCK_LIKE = r"[\d\ufffd]{1,2}(?::[\d\ufffd]{2}){1,2}(?:[.,:][\d\ufffd]{1,3})?"
TIMING_LIKE = re.compile(
    rf"^\s*{CLOCK_LIKE}(?:[ \t]+\S{{0,3}}[ \t]*|[ \t]*[-–—=>→]{{1,3}}[ \t]*){CLOCK_LIKE}(?:\s|$)"
)
TIMING_STARTS = frozenset("0123456789\ufffd")
DETECT_WINDOW = 4096
# WebVTT's marks, for detection only: a voice tag, and a start time with "." milliseconds.
VOICE_TAG = re.compile(r"<v[ .]", re.IGNORECASE)
DOT_MILLIS = re.compile(r"^\s*[\d:]+\.\d{3}\s*-->")
MAX_CUE_ID_LENGTH = 40
EXAMPLE_TIMING = "00:00:01,000 --> 00:00:04,000"
SUBRIP = sniff.SUBRIP

# Some exporters separate milliseconds with a colon: 00:00:01:500.
COLON_MILLIS = re.compile(r"^(\d{1,3}:\d{1,2}:\d{1,2}):(\d{1,3})$")

# Formatting SubRip players understand, and ASS override blocks such as {\an8}.
FORMATTING_TAG = re.compile(r"</?(?:i|b|u|s|font|span)(?:\s[^<>]*)?>", re.IGNORECASE)
ASS_OVERRIDE = re.compile(r"\{\\[^{}]*\}")
WHITESPACE = re.compile(r"\s+")
DIALOGUE_DASH = re.compile(r"^[-–—]\s+")


@dataclass
class _Cue:
    """A cue as written: where it is, its times, its numbered text lines, and why it is
    skipped (``problem``) when its timing is broken."""

    number: str
    line: int
    start_ms: int = 0
    end_ms: int = 0
    problem: str = ""
    lines: list[tuple[int, str]] = field(default_factory=list)

    @property
    def location(self) -> str:
        return f"cue {self.number}, line {self.line}"


@dataclass
class _Reading:
    """What the cut into cues found: the cues (broken ones too) and the lines before them."""

    cues: list[_Cue] = field(default_factory=list)
    preamble: list[int] = field(default_factory=list)


def detect(text: str) -> str | None:
    """The file opens with a timing line, or with a short cue id then a timing line.

    WebVTT that lost its header looks the same; its ``<v Name>`` voice tags, or
    ``.`` milliseconds on a cue without a number (SubRip writes ``,``), leave it to vtt.
    A cue number over a broken ``-->`` line is claimed too, so ``parse`` can skip that
    cue and say why instead of the file being no format at all.
    """
    window = text[:DETECT_WINDOW]
    head = [line for line in window.split("\n") if line.strip()][:2]
    if not head or head[0].lstrip().startswith("WEBVTT") or VOICE_TAG.search(window):
        return None
    if TIMING_SHAPE.match(head[0]):
        return None if DOT_MILLIS.match(head[0]) else "cues with --> timings"
    opens_with_id = len(head[0].strip()) <= MAX_CUE_ID_LENGTH and "-->" not in head[0]
    if opens_with_id and len(head) == 2 and TIMING_SHAPE.match(head[1]):
        return "numbered cues with --> timings"
    if head[0].strip().isdigit() and len(head) == 2 and "-->" in head[1]:
        return "a numbered cue with a --> timing (its first cue's timing is broken)"
    return None


def parse(text: str, *, limits: Limits) -> ParsedTranscript:
    """Segments of every valid cue; broken cues are skipped with a warning each."""
    reading = _read_cues(text.split("\n"))
    valid = [cue for cue in reading.cues if not cue.problem]
    if not valid:
        raise _no_valid_cue(reading, text)
    warnings = _skipped(reading)
    refused = RefusedLabels(limits.max_label_length)
    segments = _segments(valid, refused)
    return ParsedTranscript(format=NAME, segments=segments, warnings=warnings + refused.warnings())


def _no_valid_cue(reading: _Reading, text: str) -> TranscriptError:
    """The refusal of a file without one valid cue, naming the first thing that is wrong."""
    kind = sniff.text_kind(text)
    looks = f"; this looks like {kind}, not SubRip" if kind not in (None, SUBRIP) else ""
    if reading.cues:
        first = reading.cues[0]
        return TranscriptError(
            f"{first.problem}; no cue in the file has a valid timing line{looks}",
            location=first.location,
        )
    if reading.preamble:
        line = reading.preamble[0]
        found = text.split("\n")[line - 1].strip()
        return TranscriptError(
            f"expected a cue number or a timing line like {EXAMPLE_TIMING}, "
            f"found {shown(found)}; no cues found{looks}",
            location=f"line {line}",
        )
    return TranscriptError(
        f"no cues found (a cue needs a timing line like {EXAMPLE_TIMING}){looks}"
    )


def _skipped(reading: _Reading) -> list[str]:
    """A warning for the text before the first cue, and one for each broken cue."""
    warnings = []
    if reading.preamble:
        warnings.append(f"{describe_lines(reading.preamble)}: text before the first cue; skipped")
    for cue in reading.cues:
        if cue.problem:
            held = f" with its {len(cue.lines)} text line(s)" if cue.lines else ""
            warnings.append(f"{cue.location}: {cue.problem}; cue skipped{held}")
    return warnings


def _read_cues(lines: list[str]) -> _Reading:
    """Cut the file into cues, tolerating missing numbers and missing or extra blank lines.

    Any line with ``-->`` (or shaped like a timing line without it) opens a
    cue. The line just before it is the cue's id when it is a number or the
    first line of its block. Other text belongs to the open cue, even after a
    blank line (editors leave blank lines in text). A number opening a block
    with no timing line after it opens a broken cue.
    """
    reading = _Reading()
    pending_id = ""
    last_text = _last_text_line(lines)
    for index, raw in enumerate(lines):
        line = raw.strip()
        block_start = index == 0 or not lines[index - 1].strip()
        if _is_timing_line(line):
            number = pending_id if pending_id.isdigit() else str(len(reading.cues) + 1)
            reading.cues.append(_open_cue(line, number, line_number=index + 1))
            pending_id = ""
        elif not line:
            continue
        elif _is_cue_id(line, lines, index, block_start):
            pending_id = line
        elif block_start and line.isdigit():
            # A lone number at the very end is a truncated file's last id, not a cue.
            if index < last_text:
                reading.cues.append(_untimed_cue(line, line_number=index + 1))
        elif reading.cues:
            reading.cues[-1].lines.append((index + 1, line))
        else:
            reading.preamble.append(index + 1)
    return reading


def _is_timing_line(line: str) -> bool:
    """``line`` (stripped) has an arrow, or two times where a timing line has them."""
    if "-->" in line:
        return True
    return line[:1] in TIMING_STARTS and TIMING_LIKE.match(line) is not None


def _last_text_line(lines: list[str]) -> int:
    return next((index for index in range(len(lines) - 1, -1, -1) if lines[index].strip()), -1)


def _is_cue_id(line: str, lines: list[str], index: int, block_start: bool) -> bool:
    following = lines[index + 1].strip() if index + 1 < len(lines) else ""
    return _is_timing_line(following) and (line.isdigit() or block_start)


def _untimed_cue(number: str, *, line_number: int) -> _Cue:
    problem = f"cue {number} has no timing line like {EXAMPLE_TIMING} after its number"
    return _Cue(number=number, line=line_number, problem=problem)


def _open_cue(line: str, number: str, *, line_number: int) -> _Cue:
    """The cue a timing line opens; a broken timing gives a cue with its ``problem``."""
    cue = _Cue(number=number, line=line_number)
    try:
        cue.start_ms, cue.end_ms = _timing(line)
    except TranscriptError as error:
        cue.problem = error.problem
        return cue
    if cue.end_ms < cue.start_ms:
        cue.problem = (
            f"ends ({cue.end_ms / 1000:.3f} s) before it starts ({cue.start_ms / 1000:.3f} s)"
        )
    return cue


def _timing(line: str) -> tuple[int, int]:
    """Start and end of a timing line; ``TranscriptError`` says what is broken."""
    if "-->" not in line:
        raise TranscriptError(f"{shown(line)} is not a timing line like {EXAMPLE_TIMING}")
    before, _, after = line.partition("-->")
    start_text = before.strip()
    # Anything after the end time (X1:... Y1:... box coordinates) is ignored.
    end_text = after.split()[0] if after.split() else ""
    if not start_text or not end_text:
        raise TranscriptError(
            f"timing line {shown(line)} needs a start and an end time, like {EXAMPLE_TIMING}"
        )
    return _clock(start_text), _clock(end_text)


def _clock(value: str) -> int:
    return parse_timestamp(COLON_MILLIS.sub(r"\1,\2", value))


def _segments(cues: list[_Cue], refused: RefusedLabels) -> list[Segment]:
    """One segment per speaker in each cue, labelled with the speaker carried from the last
    ``Name:``; a cue holding two speakers' lines gives two segments with the cue's times.
    An unattributed piece carries nobody to the cues after it."""
    segments = []
    seen: set[str] = set()
    speaker = None
    for cue in cues:
        lines = [(number, cleaned) for number, line in cue.lines if (cleaned := _clean(line))]
        for piece in _speaker_lines(lines, seen, refused) or [_Piece(None, [])]:
            if piece.label is not None or piece.unattributed:
                speaker = piece.label
            if piece.label is not None:
                seen.add(piece.label.casefold())
            segments.append(
                Segment(
                    text=" ".join(piece.words),
                    label=speaker,
                    start_ms=cue.start_ms,
                    end_ms=cue.end_ms,
                    location=f"cue {cue.number}",
                )
            )
    return segments


def _clean(line: str) -> str:
    """Drop formatting tags, decode entities and collapse spaces."""
    line = ASS_OVERRIDE.sub("", FORMATTING_TAG.sub("", line))
    return WHITESPACE.sub(" ", html.unescape(line)).strip()


@dataclass
class _Piece:
    """One speaker's lines within a cue: the label that opens them (None: the carried
    speaker, or nobody when ``unattributed``)."""

    label: str | None
    words: list[str]
    unattributed: bool = False


def _speaker_lines(
    lines: list[tuple[int, str]], seen: set[str], refused: RefusedLabels
) -> list[_Piece]:
    """``["- Ann: Coming?", "- Bob: Yes."]`` -> pieces for Ann ("Coming?") and Bob ("Yes.").

    A line opening with a label starts a piece; lines without one continue the
    piece above (the first piece has no label of its own when the cue opens
    without one). A label only read as such once ``seen`` grows (a name used on
    an earlier line of the same cue) is recognised too. A line opening with a
    label that is not read as a name starts an unattributed piece.
    """
    pieces: list[_Piece] = []
    for number, line in lines:
        undashed = DIALOGUE_DASH.sub("", line)
        found = split_label(undashed, known=seen, mid_sentence=True)
        if found is not None:
            pieces.append(_Piece(found[0], [found[1]] if found[1] else []))
        elif (label := refused_label(undashed)) is not None:
            refused.note(number, label)
            pieces.append(_Piece(None, [line], unattributed=True))
        elif pieces:
            pieces[-1].words.append(line)
        else:
            pieces.append(_Piece(None, [line]))
    return pieces
