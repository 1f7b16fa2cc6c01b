"""Whisper-style JSON, with or without a speaker map (podwhisperer, WhisperX).

Segments carry ``start``/``end`` in seconds and ``text`` with Whisper's leading
space (stripped here). The speaker is ``speakerLabel`` (podwhisperer) or
``speaker`` (WhisperX); plain Whisper output has neither and its segments are
unlabelled. podwhisperer adds a top-level ``"speakers": {"spk_0": "Luciano"}``
map: ``Segment.label`` stays the raw ``spk_0`` and the map goes to
``ParsedTranscript.label_names``, so the importer can show the name while a
re-import still matches on the label the file uses.

``end`` is optional (no time is invented); ``start`` and ``text`` are required.
Map entries that are not text are skipped with a warning rather than refusing
a transcript whose segments are fine.
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

NAME = "speakermap"
TITLE = "speaker-map JSON (Whisper/podwhisperer)"

LABEL_KEYS = ("speakerLabel", "speaker")


def detect(text: str) -> str | None:
    """Claim JSON whose segments carry Whisper's ``start`` and ``text`` fields."""
    if not looks_like_json(text):
        return None
    try:
        data = load_json(text, max_depth=DEFAULT_LIMITS.max_json_depth)
    except TranscriptError:
        # Broken JSON with Whisper's field names: claim it so parse() says where it breaks.
        return "JSON naming segments (but not valid JSON)" if '"segments"' in text else None
    sample = first_object(segment_list(data) or [])
    if sample is None or not {"start", "text"} <= sample.keys():
        return None
    if isinstance(data, dict) and isinstance(data.get("speakers"), dict):
        return "JSON segments with start/end/text and a speakers map"
    return "JSON segments with start/end/text (Whisper)"


def parse(text: str, *, limits: Limits) -> ParsedTranscript:
    data = load_json(text, max_depth=limits.max_json_depth)
    segments = segment_list(data)
    if segments is None:
        raise TranscriptError('expected a "segments" list of {start, end, text} objects')
    warnings: list[str] = []
    label_names = _label_names(data, warnings)
    return ParsedTranscript(
        format=NAME,
        segments=[
            _segment(item, location=f"segment {number}")
            for number, item in enumerate(segments, start=1)
        ],
        warnings=warnings,
        label_names=label_names,
    )


def _label_names(data: object, warnings: list[str]) -> dict[str, str]:
    speakers = data.get("speakers") if isinstance(data, dict) else None
    if speakers is None:
        return {}
    if not isinstance(speakers, dict):
        warnings.append("speakers: not a map of label to name; ignored")
        return {}
    names = {}
    for label, name in speakers.items():
        if isinstance(name, str) and name.strip():
            names[label.strip()] = name.strip()
        else:
            warnings.append(f"speakers: the name for {label!r} is not text; ignored")
    return names


def _segment(item: object, *, location: str) -> Segment:
    item = require_object(item, location=location)
    return Segment(
        text=text_field(item, "text", location=location).strip(),
        label=_label(item, location=location),
        start_ms=seconds_field(item, "start", location=location),
        end_ms=seconds_field(item, "end", location=location, required=False),
        location=location,
    )


def _label(item: dict, *, location: str) -> str | None:
    for key in LABEL_KEYS:
        if item.get(key) is not None:
            return label_field(item, key, location=location)
    return None
