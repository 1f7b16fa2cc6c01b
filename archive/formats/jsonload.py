"""Reading JSON transcripts: one depth-limited loader and typed field reads for every JSON format.

Python's ``json`` module recurses once per nesting level, so a hostile
``[[[[...`` ten thousand deep would surface as ``RecursionError``. The nesting
is measured with a flat scan first and refused as a ``TranscriptError`` before
``json.loads`` sees it. The field readers give every JSON format the same
curator-facing messages ("segment 7: startTime is missing").
"""

from __future__ import annotations

import json
import re
from itertools import accumulate

from .base import TranscriptError, seconds_to_ms

# A JSON string (escapes included) or one bracket; strings are matched whole so
# brackets inside them are not counted as nesting.
STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
OPENING = frozenset("[{")


def looks_like_json(text: str) -> bool:
    """A cheap first look for ``detect``: the text opens an object or an array."""
    return text.lstrip()[:1] in ("{", "[")


def load_json(text: str, *, max_depth: int) -> object:
    """Parse ``text`` as JSON, refusing nesting deeper than ``max_depth``.

    Cost: one regex pass over the text plus ``json.loads``. Invalid JSON is
    refused with the line and column where the parser gave up.
    """
    depth = nesting_depth(text)
    if depth > max_depth:
        raise TranscriptError(f"JSON is nested {depth} levels deep, over the limit of {max_depth}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise TranscriptError(
            f"not valid JSON: {error.msg}", location=f"line {error.lineno}, column {error.colno}"
        ) from None
    except ValueError:
        # Integers past Python's 4,300-digit limit are a plain ValueError.
        raise TranscriptError("not valid JSON: a number has too many digits to read") from None


def nesting_depth(text: str) -> int:
    """The deepest bracket nesting in ``text``, ignoring brackets inside strings."""
    steps = (
        1 if token in OPENING else -1
        for token in STRING_OR_BRACKET.findall(text)
        if token[0] != '"'
    )
    return max(accumulate(steps), default=0)


def segment_list(data: object) -> list | None:
    """The list of segments: ``{"segments": [...]}`` or a bare top-level array."""
    if isinstance(data, dict):
        segments = data.get("segments")
        return segments if isinstance(segments, list) else None
    return data if isinstance(data, list) else None


def first_object(items: list) -> dict | None:
    """The first JSON object in ``items``, for detection by field names."""
    return next((item for item in items if isinstance(item, dict)), None)


def require_object(item: object, *, location: str) -> dict:
    if not isinstance(item, dict):
        raise TranscriptError(
            f"expected an object with fields, found {_json_type(item)}", location=location
        )
    return item


def seconds_field(item: dict, key: str, *, location: str, required: bool = True) -> int | None:
    """``item[key]`` as whole milliseconds; None only when optional and absent or null."""
    value = item.get(key)
    if value is None:
        if required:
            state = "missing" if key not in item else "null"
            raise TranscriptError(f"{key} is {state}", location=location)
        return None
    try:
        return seconds_to_ms(value, location=location)
    except TranscriptError as error:
        raise TranscriptError(f"{key}: {error.problem}", location=location) from None


def text_field(item: dict, key: str, *, location: str) -> str:
    """``item[key]`` as text, exactly as written (spacing tokens matter in word-level files)."""
    if key not in item:
        raise TranscriptError(f"{key} is missing", location=location)
    value = item[key]
    if not isinstance(value, str):
        raise TranscriptError(f"{key} should be text, found {_json_type(value)}", location=location)
    return value


def label_field(item: dict, key: str, *, location: str) -> str | None:
    """A speaker label as written, or None when absent, null or blank.

    Integer labels (some diarizers number speakers ``0, 1, 2``) become their digits.
    """
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise TranscriptError(f"{key} should be text, found {_json_type(value)}", location=location)
    return value.strip() or None


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"
