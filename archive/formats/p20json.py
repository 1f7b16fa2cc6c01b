"""Podcasting 2.0 JSON transcripts (``{"version": "1.0.0", "segments": [...]}``).

Each segment is ``{"speaker", "startTime", "endTime", "body"}`` with times in
seconds. Hosts cut segments two ways and both are kept as the source cut them:
display phrases (Buzzsprout repeats one start time across a phrase's lines)
and single words, where spaces and punctuation arrive as segments of their
own (``"It's"``, ``" "``, ``"Friday"``, ``","``). Whitespace-only bodies stay in
the list so ``merge_turns`` can join words with the file's own spacing.

``speaker`` is optional, as the spec says. Exporters that cut a turn into
several segments may write it on the turn's first segment only, so a segment
without one continues the speaker named above it (as SubRip cues do); segments
before the first name, and files that name nobody, stay unlabelled. A
word-level file that names nobody is grouped into sentences (``turn_markers``,
the rule Amazon Transcribe output shares) so an utterance is a sentence, not a
word; unlabelled display phrases stay one utterance each. Times
written as decimal text (``"12.5"``) are read as numbers. ``endTime`` is required by the spec
but a file without it still says who spoke when, so a missing or null
``endTime`` is read as "no end time" rather than refused. A bare top-level
array of segments is accepted too.
"""

from __future__ import annotations

from .base import Limits, ParsedTranscript, Segment, carry_speakers, sentence_turns
from .jsonload import Fields, first_segment, read_segments, sniff_json

NAME = "p20json"
TITLE = "Podcasting 2.0 JSON"

SEGMENT_KEYS = frozenset({"body", "startTime"})


def detect(text: str) -> str | None:
    """Claim JSON whose segments carry ``body`` or ``startTime`` (the spec's field names)."""
    data, verdict = sniff_json(text, field="startTime")
    if data is None:
        return verdict
    sample = first_segment(data)
    if sample is not None and SEGMENT_KEYS & sample.keys():
        return "JSON segments with startTime and body fields"
    if isinstance(data, dict) and data.get("segments") == [] and "version" in data:
        return "JSON with a version and an empty segments list"
    return None


def parse(text: str, *, limits: Limits) -> ParsedTranscript:
    _, segments = read_segments(
        text, _segment, max_depth=limits.max_json_depth, shape="{startTime, endTime, body}"
    )
    if any(segment.label for segment in segments) or not _word_level(segments):
        return ParsedTranscript(format=NAME, segments=carry_speakers(segments))
    return ParsedTranscript(format=NAME, segments=sentence_turns(segments), turn_markers=True)


def _word_level(segments: list[Segment]) -> bool:
    """Most bodies are one word: a file cut word by word rather than into display phrases."""
    bodies = [segment.text.strip() for segment in segments if segment.text.strip()]
    phrases = sum(1 for body in bodies if " " in body)
    return bool(bodies) and phrases * 2 < len(bodies)


def _segment(fields: Fields) -> Segment:
    return Segment(
        text=fields.text("body"),
        label=fields.label("speaker"),
        start_ms=fields.seconds("startTime"),
        end_ms=fields.seconds("endTime", required=False),
        location=fields.location,
    )
