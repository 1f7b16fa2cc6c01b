"""Amazon Transcribe batch output, the raw JSON behind podwhisperer's speaker maps.

::

    {"jobName": ..., "results": {
        "transcripts": [{"transcript": "..."}],
        "speaker_labels": {"speakers": 2, "segments": [
            {"speaker_label": "spk_0", "start_time": "0.44", "end_time": "3.1", "items": [...]}]},
        "items": [
            {"type": "pronunciation", "start_time": "0.44", "end_time": "0.8",
             "speaker_label": "spk_0", "alternatives": [{"confidence": "0.99", "content": "Hi"}]},
            {"type": "punctuation", "alternatives": [{"confidence": "0.0", "content": ","}]}]}}

``results.items`` is read, one segment per item in source order: a word
(``pronunciation``) with its times (seconds written as text), a punctuation
mark with no times and the speaker of the word before it. ``merge_turns``
joins words with a space and closing punctuation without one, so a turn reads
"Hi, there." as spoken. The first of ``alternatives`` is the one Transcribe chose.

The speaker is the item's own ``speaker_label``. Older output writes it only
in ``speaker_labels.segments``; an item without one takes the speaker whose
segment time range holds its start, else the speaker of the item before it.
A job run without speaker identification names nobody: its words are then
grouped into sentences (a turn ends after ``.``, ``?`` or ``!``) so a quote
permalink points at a sentence rather than at a single word.

``results.audio_segments`` (newer output) repeats the same words grouped into
phrases by id; the items already carry every word, time and speaker, so it is
not read. ``channel_labels`` (channel identification instead of speakers) is
not read either: its items are in ``results.items`` too and read unlabelled.
"""

from __future__ import annotations

from bisect import bisect_right

from .base import Limits, ParsedTranscript, Segment, TranscriptError, sentence_turns
from .jsonload import Fields, load_json, read_items, sniff_json

NAME = "awstranscribe"
TITLE = "Amazon Transcribe JSON"

PUNCTUATION = "punctuation"


def detect(text: str) -> str | None:
    """Claim JSON whose ``results.items`` carry Transcribe's ``alternatives``."""
    data, verdict = sniff_json(text, field="alternatives")
    if data is None:
        return verdict
    items = _items(data)
    if items is None:
        return None
    first = next((item for item in items if isinstance(item, dict)), None)
    if first is not None and "alternatives" in first:
        return "JSON with results.items holding alternatives (Amazon Transcribe)"
    if not items and "transcripts" in data["results"]:
        return "JSON with results.transcripts and an empty items list (Amazon Transcribe)"
    return None


def parse(text: str, *, limits: Limits) -> ParsedTranscript:
    """One segment per item. Cost: one ``load_json`` and a binary search per unlabelled word."""
    data = load_json(text, max_depth=limits.max_json_depth)
    items = _items(data)
    if items is None:
        raise TranscriptError(
            'expected "results": {"items": [...]} of {type, start_time, end_time, alternatives}'
        )
    reader = _ItemReader(_speaker_ranges(data["results"]))
    segments = read_items(items, reader.read, noun="item")
    named = any(segment.label for segment in segments)
    return ParsedTranscript(
        format=NAME,
        segments=segments if named else sentence_turns(segments),
        turn_markers=not named,
    )


def _items(data: object) -> list | None:
    results = data.get("results") if isinstance(data, dict) else None
    items = results.get("items") if isinstance(results, dict) else None
    return items if isinstance(items, list) else None


class _SpeakerRanges:
    """``speaker_labels.segments`` as sorted time ranges: who spoke at a given moment."""

    def __init__(self, ranges: list[tuple[int, int, str]]):
        self.ranges = sorted(ranges)
        self.starts = [start for start, _, _ in self.ranges]

    def at(self, ms: int) -> str | None:
        index = bisect_right(self.starts, ms) - 1
        if index < 0:
            return None
        _, end, label = self.ranges[index]
        return label if ms <= end else None


def _speaker_ranges(results: dict) -> _SpeakerRanges:
    """Read ``speaker_labels.segments``; absent or null means the job named nobody."""
    speaker_labels = results.get("speaker_labels")
    if speaker_labels is None:
        return _SpeakerRanges([])
    segments = speaker_labels.get("segments") if isinstance(speaker_labels, dict) else None
    if not isinstance(segments, list):
        raise TranscriptError('expected a "segments" list', location="results.speaker_labels")
    ranges = []
    for number, item in enumerate(segments, start=1):
        location = f"speaker_labels segment {number}"
        if not isinstance(item, dict):
            raise TranscriptError("expected an object with fields", location=location)
        fields = Fields(item, location)
        label = fields.label("speaker_label")
        if label is not None:
            ranges.append((fields.seconds("start_time"), fields.seconds("end_time"), label))
    return _SpeakerRanges(ranges)


class _ItemReader:
    """Reads items in order, remembering the speaker of the last one for those without."""

    def __init__(self, speakers: _SpeakerRanges):
        self.speakers = speakers
        self.speaker: str | None = None

    def read(self, fields: Fields) -> Segment:
        content = _content(fields)
        if fields.item.get("type") == PUNCTUATION:
            return Segment(text=content, label=self.speaker, location=fields.location)
        start = fields.seconds("start_time")
        label = fields.label("speaker_label") or self.speakers.at(start) or self.speaker
        self.speaker = label
        return Segment(
            text=content,
            label=label,
            start_ms=start,
            end_ms=fields.seconds("end_time", required=False),
            location=fields.location,
        )


def _content(fields: Fields) -> str:
    """The first alternative's ``content``: the reading Transcribe chose."""
    alternatives = fields.item.get("alternatives")
    if not isinstance(alternatives, list) or not alternatives:
        raise TranscriptError("alternatives should be a non-empty list", location=fields.location)
    if not isinstance(alternatives[0], dict):
        raise TranscriptError("alternatives[0] should be an object", location=fields.location)
    return Fields(alternatives[0], fields.location).text("content").strip()
