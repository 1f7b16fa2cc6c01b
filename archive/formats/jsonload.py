"""Reading JSON transcripts: one depth-limited loader and typed field reads for every JSON format.

Python's ``json`` module recurses once per nesting level, so a hostile
``[[[[...`` ten thousand deep would surface as ``RecursionError``. The nesting
is measured with a flat scan first and refused as a ``TranscriptError`` before
``json.loads`` sees it. ``Fields`` gives every JSON format the same
curator-facing messages ("segment 7: startTime is missing").

Every JSON format's ``detect`` reads the document and its ``parse`` reads it
again; inside ``parsed_once()`` (``read_transcript`` opens it) the outcome for
one text is kept, so an import parses a file once, not up to five times.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import accumulate

from .base import DEFAULT_LIMITS, Segment, TranscriptError, seconds_to_ms

# A JSON string (escapes included) or one bracket; strings are matched whole so
# brackets inside them are not counted as nesting.
STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
OPENING = frozenset("[{")
# Seconds written as a JSON string ("12.5"): AWS Transcribe always, some Podcasting 2.0
# exporters too. Only a plain decimal is read; "1e3", "12s" and "0x10" stay refused.
DECIMAL_TEXT = re.compile(r"^[ \t]*\d{1,10}(?:\.\d{1,9})?[ \t]*$")


# The last text read inside ``parsed_once()``: (text, depth, data or the refusal).
_LAST_READ: ContextVar[list | None] = ContextVar("last_json_read", default=None)


@contextmanager
def parsed_once() -> Iterator[None]:
    """Within the block, ``load_json`` reads a given text (the same object) only once.

    The memo is per context (thread or task) and dropped on exit, so a parsed
    document lives no longer than the import that read it. Callers must not
    mutate the data they get back.
    """
    token = _LAST_READ.set([])
    try:
        yield
    finally:
        _LAST_READ.reset(token)


def looks_like_json(text: str) -> bool:
    """A cheap first look for ``detect``: the text opens an object or an array."""
    return text.lstrip()[:1] in ("{", "[")


def load_json(text: str, *, max_depth: int) -> object:
    """Parse ``text`` as JSON, refusing nesting deeper than ``max_depth``.

    Cost: one regex pass over the text plus ``json.loads``; nothing the second
    time inside ``parsed_once()``. Invalid JSON is refused with the line and
    column where the parser gave up.
    """
    memo = _LAST_READ.get()
    if memo and memo[0] is text:
        _, depth, outcome = memo
    else:
        depth, outcome = nesting_depth(text), None
    if depth > max_depth:
        raise TranscriptError(f"JSON is nested {depth} levels deep, over the limit of {max_depth}")
    if outcome is None:
        outcome = _loads(text)
        if memo is not None:
            memo[:] = [text, depth, outcome]
    if isinstance(outcome, TranscriptError):
        raise TranscriptError(outcome.problem, location=outcome.location)
    return outcome


def _loads(text: str) -> object:
    """The document, or the ``TranscriptError`` that refuses it (returned, so it can be kept)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        return TranscriptError(
            f"not valid JSON: {error.msg}", location=f"line {error.lineno}, column {error.colno}"
        )
    except ValueError:
        # Integers past Python's 4,300-digit limit are a plain ValueError.
        return TranscriptError("not valid JSON: a number has too many digits to read")


def sniff_json(text: str, *, field: str) -> tuple[object, str | None]:
    """What a ``detect`` reads: ``(data, None)``, or ``(None, verdict)`` when ``text`` is not JSON.

    Text that does not open like JSON gets no verdict. Broken JSON that names
    ``field`` is claimed, so ``parse`` can say where it breaks instead of a text
    format reading the JSON as speech. Cost: one ``load_json`` at the default depth limit.
    """
    if not looks_like_json(text):
        return None, None
    try:
        return load_json(text, max_depth=DEFAULT_LIMITS.max_json_depth), None
    except TranscriptError:
        claimed = f'"{field}"' in text
        return None, f"JSON naming {field} (but not valid JSON)" if claimed else None


def read_segments(
    text: str, read: Callable[[Fields], Segment], *, max_depth: int, shape: str
) -> tuple[object, list[Segment]]:
    """The parsed JSON, and ``read`` applied to each of its segments ("segment 1" onwards).

    Refuses JSON with no list of segments (``shape`` names the fields a segment
    should have, for the message) and any segment that is not an object.
    """
    data = load_json(text, max_depth=max_depth)
    items = segment_list(data)
    if items is None:
        raise TranscriptError(f'expected a "segments" list of {shape} objects')
    return data, read_items(items, read, noun="segment")


def read_items(items: list, read: Callable[[Fields], Segment], *, noun: str) -> list[Segment]:
    """``read`` applied to each item, named "<noun> 1" onwards; an item that is not an object
    is refused."""
    segments = []
    for number, item in enumerate(items, start=1):
        location = f"{noun} {number}"
        if not isinstance(item, dict):
            raise TranscriptError(
                f"expected an object with fields, found {_json_type(item)}", location=location
            )
        segments.append(read(Fields(item, location)))
    return segments


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


def first_segment(data: object) -> dict | None:
    """The first JSON object among the segments, for detection by field names."""
    items = segment_list(data) or []
    return next((item for item in items if isinstance(item, dict)), None)


@dataclass(frozen=True)
class Fields:
    """One segment's JSON object and its place ("segment 7"), read field by field.

    Every read names the place and the field in its refusal, so all JSON
    formats give a curator the same messages.
    """

    item: dict
    location: str

    def seconds(self, key: str, *, required: bool = True) -> int | None:
        """``item[key]`` (seconds) as whole milliseconds; None only when optional and unset.

        A plain decimal written as text (``"12.5"``) is read as that number of seconds.
        """
        return self._time(key, required=required, per_second=1)

    def milliseconds(self, key: str, *, required: bool = True) -> int | None:
        """``item[key]`` where a format counts in milliseconds (AssemblyAI); as ``seconds``."""
        return self._time(key, required=required, per_second=1000)

    def _time(self, key: str, *, required: bool, per_second: int) -> int | None:
        value = self.item.get(key)
        if isinstance(value, str) and DECIMAL_TEXT.match(value):
            value = float(value)
        if value is None:
            if required:
                state = "missing" if key not in self.item else "null"
                raise TranscriptError(f"{key} is {state}", location=self.location)
            return None
        try:
            # Checked as seconds first, so junk and huge numbers are refused before any division.
            return round(seconds_to_ms(value, location=self.location) / per_second)
        except TranscriptError as error:
            raise TranscriptError(f"{key}: {error.problem}", location=self.location) from None

    def text(self, key: str) -> str:
        """``item[key]`` as text, exactly as written (spacing tokens matter in word-level files)."""
        if key not in self.item:
            raise TranscriptError(f"{key} is missing", location=self.location)
        return self._text(key, self.item[key])

    def label(self, *keys: str) -> str | None:
        """The speaker label under the first of ``keys`` that is set, or None when blank or unset.

        Integer labels (some diarizers number speakers ``0, 1, 2``) become their digits.
        """
        key = next((key for key in keys if self.item.get(key) is not None), None)
        if key is None:
            return None
        value = self.item[key]
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return self._text(key, value).strip() or None

    def _text(self, key: str, value: object) -> str:
        if not isinstance(value, str):
            raise TranscriptError(
                f"{key} should be text, found {_json_type(value)}", location=self.location
            )
        return value


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
