"""Whisper-style JSON, with or without a speaker map (podwhisperer, WhisperX).

Segments carry ``start``/``end`` in seconds and ``text`` with Whisper's leading
space (stripped here). The speaker is ``speakerLabel`` (podwhisperer) or
``speaker`` (WhisperX); plain Whisper output has neither and its segments are
unlabelled. podwhisperer adds a top-level ``"speakers": {"spk_0": "Luciano"}``
map: ``Segment.label`` stays the raw ``spk_0`` and the map goes to
``ParsedTranscript.label_names``, so the importer can show the name while a
re-import still matches on the label the file uses.

``end`` is optional (no time is invented); ``start`` and ``text`` are required.
Map entries that are not text, or whose name holds hidden characters (a
right-to-left override that makes it show as someone else), are skipped with a
warning rather than refusing a transcript whose segments are fine.
"""

from __future__ import annotations

from archive.labels import label_problem

from .base import Limits, ParsedTranscript, Segment, shown
from .jsonload import Fields, first_segment, read_segments, sniff_json

NAME = "speakermap"
TITLE = "speaker-map JSON (Whisper/podwhisperer)"

LABEL_KEYS = ("speakerLabel", "speaker")


def detect(text: str) -> str | None:
    """Claim JSON whose segments carry Whisper's ``start`` and ``text`` fields."""
    data, verdict = sniff_json(text, field="segments")
    if data is None:
        return verdict
    sample = first_segment(data)
    if sample is None or not {"start", "text"} <= sample.keys():
        return None
    if isinstance(data, dict) and isinstance(data.get("speakers"), dict):
        return "JSON segments with start/end/text and a speakers map"
    return "JSON segments with start/end/text (Whisper)"


def parse(text: str, *, limits: Limits) -> ParsedTranscript:
    data, segments = read_segments(
        text, _segment, max_depth=limits.max_json_depth, shape="{start, end, text}"
    )
    warnings: list[str] = []
    label_names = _label_names(data, warnings)
    return ParsedTranscript(
        format=NAME, segments=segments, warnings=warnings, label_names=label_names
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
        if not isinstance(name, str) or not name.strip():
            warnings.append(f"speakers: the name for {shown(label)} is not text; ignored")
        elif problem := label_problem(name):
            warnings.append(f"speakers: the name for {shown(label)} {problem}; ignored")
        else:
            names[label.strip()] = name.strip()
    return names


def _segment(fields: Fields) -> Segment:
    return Segment(
        text=fields.text("text").strip(),
        label=fields.label(*LABEL_KEYS),
        start_ms=fields.seconds("start"),
        end_ms=fields.seconds("end", required=False),
        location=fields.location,
    )
