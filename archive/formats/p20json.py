"""Podcasting 2.0 JSON transcripts (``{"version": "1.0.0", "segments": [...]}``).

Each segment is ``{"speaker", "startTime", "endTime", "body"}`` with times in
seconds. Hosts cut segments two ways and both are kept as the source cut them:
display phrases (Buzzsprout repeats one start time across a phrase's lines)
and single words, where spaces and punctuation arrive as segments of their
own (``"It's"``, ``" "``, ``"Friday"``, ``","``). Whitespace-only bodies stay in
the list so ``merge_turns`` can join words with the file's own spacing.

``speaker`` is optional, as the spec says. ``endTime`` is required by the spec
but a file without it still says who spoke when, so a missing or null
``endTime`` is read as "no end time" rather than refused. A bare top-level
array of segments is accepted too.
"""

from __future__ import annotations

from .base import DEFAULT_LIMITS, Limits, ParsedTranscript, Segment, TranscriptError
from .jsonload import (
    first_object,
    label_field,
    load_json,
    looks_like_json,
    require_object,
    seconds_field,
    segment_list,
    text_field,
)

NAME = "p20json"
TITLE = "Podcasting 2.0 JSON"

SEGMENT_KEYS = frozenset({"body", "startTime"})


def detect(text: str) -> str | None:
    """Claim JSON whose segments carry ``body`` or ``startTime`` (the spec's field names)."""
    if not looks_like_json(text):
        return None
    try:
        data = load_json(text, max_depth=DEFAULT_LIMITS.max_json_depth)
    except TranscriptError:
        # Broken JSON that names this format's fields is claimed so parse() can say
        # where it breaks, instead of a text format reading the JSON as speech.
        return "JSON naming startTime (but not valid JSON)" if '"startTime"' in text else None
    segments = segment_list(data)
    if segments is None:
        return None
    sample = first_object(segments)
    if sample is not None and SEGMENT_KEYS & sample.keys():
        return "JSON segments with startTime and body fields"
    if not segments and isinstance(data, dict) and "version" in data:
        return "JSON with a version and an empty segments list"
    return None


def parse(text: str, *, limits: Limits) -> ParsedTranscript:
    data = load_json(text, max_depth=limits.max_json_depth)
    segments = segment_list(data)
    if segments is None:
        raise TranscriptError('expected a "segments" list of {startTime, endTime, body} objects')
    return ParsedTranscript(
        format=NAME,
        segments=[
            _segment(item, location=f"segment {number}")
            for number, item in enumerate(segments, start=1)
        ],
    )


def _segment(item: object, *, location: str) -> Segment:
    item = require_object(item, location=location)
    return Segment(
        text=text_field(item, "body", location=location),
        label=label_field(item, "speaker", location=location),
        start_ms=seconds_field(item, "startTime", location=location),
        end_ms=seconds_field(item, "endTime", location=location, required=False),
        location=location,
    )
