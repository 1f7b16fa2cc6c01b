"""SubRip (.srt): numbered cues with ``-->`` timings, speakers as a ``Name:`` prefix.

Podcast hosts (Buzzsprout, Podcasting 2.0 exports) write the speaker's name
only on the first cue of a turn ("Alban: It is so stinking nice to") and leave
the following cues bare, so each cue's label is the *carried* speaker: the last
name written above it. Cues before the first name have no label.

Caption text is cut mid-sentence, so a colon in speech ("Note: ...", "at
10:30", "https://...") can land at the start of a cue line. A ``Name:`` opening
any of the cue's text lines is a label by the shared rule in ``speakerline``
(read with ``mid_sentence=True``, so "Note:" and "So:" stay speech), and a name
used earlier in the file is recognised in any case. A cue holding two speakers
(``Ann: Coming?`` then ``Bob: Yes.``) is split into one segment per label, each
with the cue's times. Subtitle editors often open a speaker change with a
dialogue dash (``- Jane Doe: text``); the dash goes when a label follows it,
and stays as text otherwise. Labels wrapped in formatting
(``<b>Jane:</b>``, ``<font color=...>Jane:</font>``) read once the tags go.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .base import Limits, ParsedTranscript, Segment, TranscriptError
from .speakerline import split_label
from .timecode import parse_timestamp

NAME = "srt"
TITLE = "SubRip (SRT)"

# A timing line's shape, for detection only: digits on both sides of the arrow.
TIMING_SHAPE = re.compile(r"^\s*\d[\d:.,]*\s*-->\s*\d[\d:.,]*")
DETECT_WINDOW = 4096
# WebVTT's marks, for detection only: a voice tag, and a start time with "." milliseconds.
VOICE_TAG = re.compile(r"<v[ .]", re.IGNORECASE)
DOT_MILLIS = re.compile(r"^\s*[\d:]+\.\d{3}\s*-->")
MAX_CUE_ID_LENGTH = 40
EXAMPLE_TIMING = "00:00:01,000 --> 00:00:04,000"
SHOWN_LINE_LENGTH = 60

# Some exporters separate milliseconds with a colon: 00:00:01:500.
COLON_MILLIS = re.compile(r"^(\d{1,3}:\d{1,2}:\d{1,2}):(\d{1,3})$")

# Formatting SubRip players understand, and ASS override blocks such as {\an8}.
FORMATTING_TAG = re.compile(r"</?(?:i|b|u|s|font|span)(?:\s[^<>]*)?>", re.IGNORECASE)
ASS_OVERRIDE = re.compile(r"\{\\[^{}]*\}")
WHITESPACE = re.compile(r"\s+")
DIALOGUE_DASH = re.compile(r"^[-–—]\s+")


@dataclass
class _Cue:
    """A cue as written: where it is, its times and its raw text lines."""

    number: str
    line: int
    start_ms: int
    end_ms: int
    lines: list[str] = field(default_factory=list)


def detect(text: str) -> str | None:
    """The file opens with a timing line, or with a short cue id then a timing line.

    WebVTT that lost its header looks the same; its ``<v Name>`` voice tags, or
    ``.`` milliseconds on a cue without a number (SubRip writes ``,``), leave it to vtt.
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
    return None


def parse(text: str, *, limits: Limits) -> ParsedTranscript:
    cues = _read_cues(text.split("\n"))
    if not cues:
        raise TranscriptError(f"no cues found (a cue needs a timing line like {EXAMPLE_TIMING})")
    return ParsedTranscript(format=NAME, segments=_segments(cues))


def _read_cues(lines: list[str]) -> list[_Cue]:
    """Cut the file into cues, tolerating missing numbers and missing or extra blank lines.

    Any line with ``-->`` opens a cue. The line just before it is the cue's id
    when it is a number or the first line of its block. Other text belongs to
    the open cue, even after a blank line (editors leave blank lines in text).
    """
    cues: list[_Cue] = []
    pending_id = ""
    for index, raw in enumerate(lines):
        line = raw.strip()
        block_start = index == 0 or not lines[index - 1].strip()
        if "-->" in line:
            number = pending_id if pending_id.isdigit() else str(len(cues) + 1)
            cues.append(_open_cue(line, number, line_number=index + 1))
            pending_id = ""
        elif not line:
            continue
        elif _is_cue_id(line, lines, index, block_start):
            pending_id = line
        elif block_start and line.isdigit():
            _check_trailing_number(line, lines, index)
        elif cues:
            cues[-1].lines.append(line)
        else:
            raise TranscriptError(
                f"expected a cue number or a timing line like {EXAMPLE_TIMING}, "
                f"found {_shown(line)}",
                location=f"line {index + 1}",
            )
    return cues


def _check_trailing_number(line: str, lines: list[str], index: int) -> None:
    """A lone number at the very end is a truncated file's last id; elsewhere it is an error."""
    if any(rest.strip() for rest in lines[index + 1 :]):
        raise TranscriptError(
            f"cue {line} has no timing line like {EXAMPLE_TIMING} after its number",
            location=f"line {index + 1}",
        )


def _is_cue_id(line: str, lines: list[str], index: int, block_start: bool) -> bool:
    following = lines[index + 1] if index + 1 < len(lines) else ""
    return "-->" in following and (line.isdigit() or block_start)


def _open_cue(line: str, number: str, *, line_number: int) -> _Cue:
    location = f"cue {number}, line {line_number}"
    before, _, after = line.partition("-->")
    start_text = before.strip()
    # Anything after the end time (X1:... Y1:... box coordinates) is ignored.
    end_text = after.split()[0] if after.split() else ""
    if not start_text or not end_text:
        raise TranscriptError(
            f"timing line {_shown(line)} needs a start and an end time, like {EXAMPLE_TIMING}",
            location=location,
        )
    return _Cue(
        number=number,
        line=line_number,
        start_ms=_clock(start_text, location),
        end_ms=_clock(end_text, location),
    )


def _shown(line: str) -> str:
    """A line quoted in a message, cut short so a runaway line cannot flood it."""
    return repr(line if len(line) <= SHOWN_LINE_LENGTH else line[:SHOWN_LINE_LENGTH] + "…")


def _clock(value: str, location: str) -> int:
    return parse_timestamp(COLON_MILLIS.sub(r"\1,\2", value), location=location)


def _segments(cues: list[_Cue]) -> list[Segment]:
    """One segment per speaker in each cue, labelled with the speaker carried from the last
    ``Name:``; a cue holding two speakers' lines gives two segments with the cue's times."""
    segments = []
    seen: set[str] = set()
    speaker = None
    for cue in cues:
        lines = [cleaned for cleaned in map(_clean, cue.lines) if cleaned]
        for label, text in _speaker_lines(lines, seen) or [(None, "")]:
            if label is not None:
                speaker = label
                seen.add(label.casefold())
            segments.append(
                Segment(
                    text=text,
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


def _speaker_lines(lines: list[str], seen: set[str]) -> list[tuple[str | None, str]]:
    """``["- Ann: Coming?", "- Bob: Yes."]`` -> ``[("Ann", "Coming?"), ("Bob", "Yes.")]``.

    A line opening with a label starts a piece; lines without one continue the
    piece above (the first piece has no label of its own when the cue opens
    without one). A label only read as such once ``seen`` grows (a name used on
    an earlier line of the same cue) is recognised too.
    """
    pieces: list[tuple[str | None, list[str]]] = []
    for line in lines:
        found = split_label(DIALOGUE_DASH.sub("", line), known=seen, mid_sentence=True)
        if found is not None:
            pieces.append((found[0], [found[1]] if found[1] else []))
        elif pieces:
            pieces[-1][1].append(line)
        else:
            pieces.append((None, [line]))
    return [(label, " ".join(words)) for label, words in pieces]
