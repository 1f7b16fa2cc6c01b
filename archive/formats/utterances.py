"""Speech-to-text API results with an ``utterances`` list: AssemblyAI and Deepgram.

Both services return one JSON document per job and, with diarization on, a
list of speaker turns called ``utterances``. The two differ in where the list
sits, what the text is called and, most important, the unit of time, so each
is recognised by its key names:

- AssemblyAI: ``{"text": ..., "utterances": [{"speaker": "A", "start": 250,
  "end": 4120, "text": ...}]}`` at the top level, times in **milliseconds**.
  Without ``speaker_labels`` the service writes ``"utterances": null``; that is
  refused with the reason rather than read as word soup.
- Deepgram: ``{"results": {"utterances": [{"speaker": 0, "start": 0.25,
  "end": 4.12, "transcript": ...}]}}``, times in **seconds**, speakers numbered.

Labels are kept as written (``"A"``, ``"0"``); the curator names them later.
"""

from __future__ import annotations

from functools import partial

from .base import Limits, ParsedTranscript, Segment, TranscriptError
from .jsonload import Fields, load_json, read_items, sniff_json

NAME = "utterances"
TITLE = "utterances JSON (AssemblyAI/Deepgram)"


def detect(text: str) -> str | None:
    data, verdict = sniff_json(text, field="utterances")
    if data is None:
        return verdict
    if _assemblyai_list(data) is not None or _is_assemblyai_without_speakers(data):
        return "JSON with a top-level utterances list (AssemblyAI)"
    if _deepgram_list(data) is not None:
        return "JSON with results.utterances (Deepgram)"
    return None


def parse(text: str, *, limits: Limits) -> ParsedTranscript:
    """One segment per utterance, in source order. Cost: one ``load_json``."""
    data = load_json(text, max_depth=limits.max_json_depth)
    deepgram = _deepgram_list(data)
    if deepgram is not None:
        segments = read_items(deepgram, _deepgram_segment, noun="utterance")
    elif _is_assemblyai_without_speakers(data):
        raise TranscriptError(
            '"utterances" is null: the job ran without speaker labels; '
            "request the transcript again with speaker_labels on"
        )
    elif (assemblyai := _assemblyai_list(data)) is not None:
        segments = read_items(assemblyai, _assemblyai_segment, noun="utterance")
    else:
        raise TranscriptError(
            'expected an "utterances" list of {speaker, start, end, text} objects (AssemblyAI) '
            "or results.utterances of {speaker, start, end, transcript} (Deepgram)"
        )
    return ParsedTranscript(format=NAME, segments=segments)


def _assemblyai_list(data: object) -> list | None:
    items = data.get("utterances") if isinstance(data, dict) else None
    return items if isinstance(items, list) and _first_has(items, "text") else None


def _is_assemblyai_without_speakers(data: object) -> bool:
    return isinstance(data, dict) and data.get("utterances", False) is None and "text" in data


def _deepgram_list(data: object) -> list | None:
    results = data.get("results") if isinstance(data, dict) else None
    items = results.get("utterances") if isinstance(results, dict) else None
    return items if isinstance(items, list) and _first_has(items, "transcript") else None


def _first_has(items: list, text_key: str) -> bool:
    """The first utterance is an object with ``start`` and the text field: the shape, by keys."""
    first = next((item for item in items if isinstance(item, dict)), None)
    return first is not None and {"start", text_key} <= first.keys()


def _utterance(fields: Fields, *, text_key: str, milliseconds: bool) -> Segment:
    """One utterance; ``milliseconds`` says the service counts time in ms (AssemblyAI)."""
    time = fields.milliseconds if milliseconds else fields.seconds
    return Segment(
        text=fields.text(text_key).strip(),
        label=fields.label("speaker"),
        start_ms=time("start"),
        end_ms=time("end", required=False),
        location=fields.location,
    )


_assemblyai_segment = partial(_utterance, text_key="text", milliseconds=True)
_deepgram_segment = partial(_utterance, text_key="transcript", milliseconds=False)
