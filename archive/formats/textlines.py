"""Line-oriented plain-text transcripts: headers that open a block, and the text under them.

The timestamped, iHeart and Otter shapes are all "a recognisable line starts a
piece of speech, the lines after it belong to it until the next such line".
They differ only in what the opening line looks like, so the splitting, the
sampling their detectors do and the wording of their warnings live here once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A clock time as these exports write it: m:ss, mm:ss, h:mm:ss or hh:mm:ss, with an
# optional fraction. Bare seconds are left out on purpose: a line starting with a
# number is far more often speech ("42 people came") than a time.
CLOCK = r"\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?"

# Detectors look at the start of a file only, so a 20 MB file costs what a short one does.
DETECT_SAMPLE_CHARS = 100_000


@dataclass(frozen=True)
class Block:
    """One opening line (``match`` of the header pattern, at 1-based ``line``) and the
    raw lines after it up to the next opening line."""

    match: re.Match[str]
    line: int
    body: list[str]


def split_at_headers(text: str, header: re.Pattern[str]) -> tuple[list[int], list[Block]]:
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
        elif blocks:
            blocks[-1].body.append(line)
        elif line.strip():
            preamble.append(number)
    return preamble, blocks


def flowed_text(lines: list[str]) -> str:
    """Hard-wrapped lines (and the blank lines between paragraphs) as one line of speech."""
    return " ".join(" ".join(lines).split())


def sample_lines(text: str) -> list[str]:
    """The stripped non-blank lines at the start of ``text``, for a cheap detector."""
    head = text[:DETECT_SAMPLE_CHARS]
    if len(text) > DETECT_SAMPLE_CHARS:
        # The last line is probably cut short; a detector should not judge it.
        head = head.rsplit("\n", 1)[0]
    return [line.strip() for line in head.split("\n") if line.strip()]


def describe_lines(numbers: list[int], *, shown: int = 5) -> str:
    """``[3]`` -> "line 3"; ``[1, 2, 9]`` -> "lines 1, 2, 9", naming only the first few."""
    if len(numbers) == 1:
        return f"line {numbers[0]}"
    listed = ", ".join(str(number) for number in numbers[:shown])
    rest = len(numbers) - shown
    return f"lines {listed}" + (f" and {rest} more" if rest > 0 else "")


def skipped_empty_warning(numbers: list[int], what: str) -> list[str]:
    """A warning for blocks that held no speech, or nothing when there were none."""
    if not numbers:
        return []
    return [f"{describe_lines(numbers)}: {what} with no text after it; skipped"]
