"""Line-oriented plain-text transcripts: headers that open a block, and the text under them.

The timestamped, iHeart and Otter shapes are all "a recognisable line starts a
piece of speech, the lines after it belong to it until the next such line".
They differ only in what the opening line looks like and what it names, so
the splitting, the reading of blocks into timed segments, the sampling their
detectors do and the wording of their warnings live here once.

A broken block costs only itself, as WebVTT's parser skips one bad cue: an
opening line whose time holds a U+FFFD (the control character decoding
replaced, in a digit's place or between two) or is no valid time ("0:75") is
skipped with the text under it and a warning naming its line. A block whose
label the format refuses as a name is kept unattributed with a warning, and
nobody carries into the blocks after it, as after a skipped one. Only a file
with no block left is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from .base import Segment, TranscriptError, describe_lines, shown
from .speakerline import RefusedLabels
from .timecode import parse_timestamp

# A clock time as these exports write it: m:ss, mm:ss, h:mm:ss or hh:mm:ss, with an
# optional fraction. Bare seconds are left out on purpose: a line starting with a
# number is far more often speech ("42 people came") than a time.
CLOCK = r"\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?"
# A time in square brackets opening a paragraph or following its label: Markdown's escaped
# "\[04:33\]", or "Jane: [00:01:02] text" in plain text. Blank after it is dropped.
TIME_ANCHOR = re.compile(r"^\\?\[(?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:\.\d{1,3})?)\\?\][ \t]*")

# Detectors look at the start of a file only, so a 20 MB file costs what a short one does.
DETECT_SAMPLE_CHARS = 100_000


class LineMatcher(Protocol):
    """What recognises an opening line: a compiled pattern, or an object that also checks
    the name it found (``match`` returns None for a line that does not open a block)."""

    def match(self, line: str) -> re.Match[str] | None: ...


@dataclass(frozen=True)
class Block:
    """One opening line (``match`` of the header pattern, at 1-based ``line``) and the
    raw lines after it up to the next opening line. ``broken``: the line (as written)
    opens a block only once its U+FFFD is read as a digit or dropped; it is skipped."""

    match: re.Match[str]
    line: int
    body: list[str]
    broken: str = ""


class BlockReading(NamedTuple):
    """What a format reads from one block: the start time as written, the speaker the
    block names (None: whoever spoke last), its speech as one line, and the label-like
    text the format refused as a name (the block is then unattributed)."""

    clock: str
    label: str | None
    words: str
    refused: str | None = None


def split_at_headers(text: str, header: LineMatcher) -> tuple[list[int], list[Block]]:
    """Cut ``text`` into blocks at each line that ``header`` matches (``match``, not search).

    Returns the numbers of the non-blank lines before the first header (a
    preamble the caller decides about) and the blocks in source order.
    """
    preamble: list[int] = []
    blocks: list[Block] = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = header.match(line)
        if match:
            blocks.append(Block(match=match, line=number, body=[]))
        elif broken := _broken_header(line, header):
            blocks.append(Block(match=broken, line=number, body=[], broken=line.strip()))
        elif blocks:
            blocks[-1].body.append(line)
        elif line.strip():
            preamble.append(number)
    return preamble, blocks


def _broken_header(line: str, header: LineMatcher) -> re.Match[str] | None:
    """A line that would open a block but for the U+FFFD decoding put for a control
    character, in a digit's place or between two: it still ends the block above it."""
    if "\ufffd" not in line:
        return None
    return header.match(line.replace("\ufffd", "0")) or header.match(line.replace("\ufffd", ""))


def read_blocks(
    text: str, header: LineMatcher, *, none_found: str, preamble: str
) -> tuple[list[Block], list[str]]:
    """The blocks ``header`` opens and the warning for any text before the first one.

    Refuses a file with no header line (``none_found`` is the message);
    ``preamble`` says what the skipped text before the first header is.
    """
    before, blocks = split_at_headers(text, header)
    if not blocks:
        raise TranscriptError(none_found)
    warnings = [f"{describe_lines(before)}: {preamble}; skipped"] if before else []
    return blocks, warnings


def timed_segments(
    blocks: list[Block],
    read: Callable[[Block], BlockReading],
    *,
    opener: str,
    max_label_length: int,
) -> tuple[list[Segment], list[str]]:
    """One segment per block that holds speech, and warnings naming the blocks skipped.

    A block that names nobody belongs to the last named speaker (nobody before
    the first name, after an unattributed block or after a skipped one).
    ``opener`` names the header line in the warnings ("a timestamp").
    """
    segments: list[Segment] = []
    empty: list[int] = []
    broken: list[TranscriptError] = []
    refused = RefusedLabels(max_label_length)
    speaker = None
    for block in blocks:
        try:
            reading, start_ms = _read_timed(block, read, opener)
        except TranscriptError as error:
            broken.append(error)
            speaker = None
            continue
        if reading.refused is not None:
            refused.note(block.line, reading.refused)
        speaker = None if reading.refused is not None else reading.label or speaker
        if reading.words:
            segments.append(
                Segment(
                    text=reading.words,
                    label=speaker,
                    start_ms=start_ms,
                    location=f"line {block.line}",
                )
            )
        else:
            empty.append(block.line)
    if broken and not segments:
        raise TranscriptError(
            f"{broken[0].problem}; no block could be read", location=broken[0].location
        )
    warnings = [f"{error}; skipped with the text under it" for error in broken]
    if empty:
        warnings.append(f"{describe_lines(empty)}: {opener} with no text after it; skipped")
    return segments, warnings + refused.warnings()


def _read_timed(
    block: Block, read: Callable[[Block], BlockReading], opener: str
) -> tuple[BlockReading, int]:
    """The block's reading and start; ``TranscriptError`` when its time cannot be read."""
    location = f"line {block.line}"
    if block.broken:
        raise TranscriptError(
            f"{opener} with a broken time ({shown(block.broken)})", location=location
        )
    reading = read(block)
    return reading, parse_timestamp(reading.clock, location=location)


def split_anchor(text: str, *, location: str) -> tuple[int | None, str]:
    """``"[04:33] So..."`` -> ``(273000, "So...")``; ``(None, text)`` when no time opens it."""
    anchor = TIME_ANCHOR.match(text)
    if not anchor:
        return None, text
    return parse_timestamp(anchor["time"], location=location), text[anchor.end() :]


def flowed_text(lines: list[str]) -> str:
    """Hard-wrapped lines (and the blank lines between paragraphs) as one line of speech."""
    return " ".join(" ".join(lines).split())


def count_header_lines(text: str, header: LineMatcher) -> tuple[int, int]:
    """How many of the non-blank lines at the start of ``text`` ``header`` matches, of how many.

    A detector's cheap look: only the first 100,000 characters are read, and a
    line they cut short is not judged.
    """
    lines = [line.strip() for line in _detect_sample(text).split("\n") if line.strip()]
    return sum(1 for line in lines if header.match(line)), len(lines)


def count_header_entries(text: str, header: LineMatcher) -> tuple[int, int]:
    """How many header lines open the start of ``text``, and how many entries it holds.

    An entry is a paragraph (lines between blank lines), cut again at every
    header line, so a header's hard-wrapped speech counts once with it. Reads
    the same 100,000-character sample as ``count_header_lines``.
    """
    headers = entries = 0
    in_entry = False
    for line in _detect_sample(text).split("\n"):
        if not line.strip():
            in_entry = False
        elif header.match(line.strip()):
            headers += 1
            entries += 1
            in_entry = True
        elif not in_entry:
            entries += 1
            in_entry = True
    return headers, entries


def _detect_sample(text: str) -> str:
    """The first 100,000 characters, without a last line they cut short."""
    head = text[:DETECT_SAMPLE_CHARS]
    return head.rsplit("\n", 1)[0] if len(text) > DETECT_SAMPLE_CHARS else head
