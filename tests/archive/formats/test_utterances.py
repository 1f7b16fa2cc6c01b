"""AssemblyAI and Deepgram ``utterances`` JSON: told apart by key names, each in its own unit."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.formats import TranscriptError, read_transcript
from archive.turns import merge_turns


def read(document: object, **kwargs):
    return read_transcript(json.dumps(document).encode(), source="job.json", **kwargs)


ASSEMBLYAI = {
    "id": "job-1",
    "status": "completed",
    "text": "The kettle is on. Two sugars, please.",
    "utterances": [
        {"speaker": "A", "start": 320, "end": 1840, "confidence": 0.9, "text": "The kettle is on."},
        {"speaker": "B", "start": 2010, "end": 3375, "confidence": 0.8, "text": "Two sugars,"},
        {"speaker": "B", "start": 3400, "end": 3900, "confidence": 0.8, "text": "please."},
    ],
}
DEEPGRAM = {
    "metadata": {"request_id": "r-1"},
    "results": {
        "channels": [],
        "utterances": [
            {"start": 0.32, "end": 1.84, "channel": 0, "speaker": 0, "transcript": "Kettle on."},
            {"start": 2.01, "end": 3.375, "channel": 0, "speaker": 1, "transcript": "Thanks."},
        ],
    },
}


def test_assemblyai_times_are_milliseconds():
    parsed = read(ASSEMBLYAI)
    assert parsed.format == "utterances"
    assert "AssemblyAI" in parsed.detected_because
    assert [(s.label, s.start_ms, s.end_ms) for s in parsed.segments] == [
        ("A", 320, 1_840),
        ("B", 2_010, 3_375),
        ("B", 3_400, 3_900),
    ]
    assert [(t.label, t.text) for t in merge_turns(parsed)] == [
        ("A", "The kettle is on."),
        ("B", "Two sugars, please."),
    ]


def test_deepgram_times_are_seconds_and_speaker_numbers_become_labels():
    parsed = read(DEEPGRAM)
    assert "Deepgram" in parsed.detected_because
    assert [(s.label, s.start_ms, s.end_ms, s.text) for s in parsed.segments] == [
        ("0", 320, 1_840, "Kettle on."),
        ("1", 2_010, 3_375, "Thanks."),
    ]


def test_deepgram_without_diarization_has_no_labels():
    document = json.loads(json.dumps(DEEPGRAM))
    for utterance in document["results"]["utterances"]:
        del utterance["speaker"]
    assert [s.label for s in read(document).segments] == [None, None]


def test_assemblyai_job_without_speaker_labels_is_refused_with_the_reason():
    with pytest.raises(TranscriptError, match=r"job\.json: .*without speaker labels"):
        read({"id": "job-2", "text": "Hello.", "utterances": None, "words": []})


def test_whisper_segments_are_left_to_the_speaker_map_reader():
    parsed = read({"segments": [{"start": 0, "end": 1, "text": " Hi."}]})
    assert parsed.format == "speakermap"


def test_bad_utterance_is_refused_naming_it():
    document = json.loads(json.dumps(ASSEMBLYAI))
    document["utterances"][1]["start"] = "soon"
    with pytest.raises(TranscriptError, match=r"job\.json: utterance 2: start: time 'soon'"):
        read(document)


def test_forced_on_other_json_says_what_it_expected():
    with pytest.raises(TranscriptError, match='expected an "utterances" list'):
        read({"segments": []}, format="utterances")


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(["utterances", "results", "start", "end", "text", "transcript"]),
                inner,
                max_size=4,
            )
        ),
        max_leaves=12,
    )
)
def test_arbitrary_json_only_ever_raises_transcript_error(document):
    with contextlib.suppress(TranscriptError):
        read(document, format="utterances")
