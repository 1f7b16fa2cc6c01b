"""Clock times as transcripts write them, to whole milliseconds."""

from __future__ import annotations

import re

from .base import TranscriptError, shown

# [[h]h:]mm:ss or m:ss or bare seconds, with an optional . or , fraction.
# Hours may be one digit (Omny's 0:00:01.480); Apple's VTT starts with bare seconds.
TIMESTAMP = re.compile(
    r"^(?:(?:(?P<h>\d{1,3}):)?(?P<m>\d{1,2}):)?(?P<s>\d{1,2}|(?<![:\d])\d{1,9})(?:[.,](?P<frac>\d{1,3}))?$"
)


def parse_timestamp(text: str, *, location: str = "") -> int:
    """``"0:01:02.5"`` -> 62500. Raises ``TranscriptError`` naming ``location``."""
    match = TIMESTAMP.match(text.strip())
    if not match:
        raise TranscriptError(f"{shown(text.strip())} is not a time", location=location)
    hours = int(match["h"] or 0)
    minutes = int(match["m"] or 0)
    seconds = int(match["s"])
    if match["m"] is not None and (seconds >= 60 or (match["h"] is not None and minutes >= 60)):
        raise TranscriptError(f"{shown(text.strip())} is not a valid time", location=location)
    fraction = match["frac"] or ""
    millis = int(fraction.ljust(3, "0")) if fraction else 0
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def format_timestamp(ms: int) -> str:
    """62500 -> ``"1:02"``; 3723000 -> ``"1:02:03"`` (for people, not files)."""
    seconds = ms // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"
