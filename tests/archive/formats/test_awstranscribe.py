"""Amazon Transcribe JSON: words and punctuation items, speakers per item or per range."""

from __future__ import annotations

import contextlib
import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.formats import DEFAULT_LIMITS, TranscriptError, awstranscribe, read_transcript
from archive.turns import merge_turns


def read(document: object, **kwargs):
    return read_transcript(json.dumps(document).encode(), source="job.json", **kwargs)


def word(content: str, start: str, end: str, speaker: str | None = None) -> dict:
    item = {
        "start_time": start,
        "end_time": end,
        "alternatives": [{"confidence": "0.98", "content": content}],
        "type": "pronunciation",
    }
    if speaker:
        item["speaker_label"] = speaker
    return item


def mark(content: str) -> dict:
    return {"alternatives": [{"confidence": "0.0", "content": content}], "type": "punctuation"}


# An invented two-speaker job, shaped like Transcribe's batch output with diarization on.
JOB = {
    "jobName": "garden-hour-12",
    "accountId": "000000000000",
    "status": "COMPLETED",
    "results": {
        "transcripts": [{"transcript": "Rain again, Tomas. Good for the leeks."}],
        "speaker_labels": {
            "speakers": 2,
            "segments": [
                {"speaker_label": "spk_0", "start_time": "0.31", "end_time": "1.92", "items": []},
                {"speaker_label": "spk_1", "start_time": "2.40", "end_time": "3.85", "items": []},
            ],
        },
        "items": [
            word("Rain", "0.31", "0.6", "spk_0"),
            word("again", "0.6", "1.05", "spk_0"),
            mark(","),
            word("Tomas", "1.1", "1.92", "spk_0"),
            mark("."),
            word("Good", "2.40", "2.7", "spk_1"),
            word("for", "2.7", "2.85", "spk_1"),
            word("the", "2.85", "3.0", "spk_1"),
            word("leeks", "3.0", "3.85", "spk_1"),
            mark("."),
        ],
    },
}


def without_item_speakers(document: dict) -> dict:
    older = copy.deepcopy(document)
    for item in older["results"]["items"]:
        item.pop("speaker_label", None)
    return older


def test_job_is_detected_and_read_one_segment_per_item():
    parsed = read(JOB)
    assert parsed.format == "awstranscribe"
    assert "Amazon Transcribe" in parsed.detected_because
    assert [(s.label, s.start_ms, s.end_ms, s.text) for s in parsed.segments[:5]] == [
        ("spk_0", 310, 600, "Rain"),
        ("spk_0", 600, 1_050, "again"),
        ("spk_0", None, None, ","),
        ("spk_0", 1_100, 1_920, "Tomas"),
        ("spk_0", None, None, "."),
    ]
    assert parsed.segments[2].location == "item 3"
    assert len(parsed.segments) == 10


def test_turns_read_with_punctuation_attached():
    turns = merge_turns(read(JOB))
    assert [(t.label, t.start_ms, t.end_ms, t.text) for t in turns] == [
        ("spk_0", 310, 1_920, "Rain again, Tomas."),
        ("spk_1", 2_400, 3_850, "Good for the leeks."),
    ]


def test_older_output_takes_speakers_from_the_label_segments():
    parsed = read(without_item_speakers(JOB))
    assert [s.label for s in parsed.segments] == ["spk_0"] * 5 + ["spk_1"] * 5
    assert len(merge_turns(parsed)) == 2


def test_word_outside_every_range_keeps_the_speaker_before_it():
    older = without_item_speakers(JOB)
    older["results"]["items"].append(word("Mm", "9.0", "9.2"))
    assert read(older).segments[-1].label == "spk_1"


def test_job_without_speaker_identification_names_nobody_and_turns_are_sentences():
    plain = without_item_speakers(JOB)
    del plain["results"]["speaker_labels"]
    parsed = read(plain)
    assert {s.label for s in parsed.segments} == {None}
    assert parsed.turn_markers
    assert [t.text for t in merge_turns(parsed)] == ["Rain again, Tomas.", "Good for the leeks."]


def test_first_alternative_is_the_one_read():
    job = copy.deepcopy(JOB)
    job["results"]["items"][0]["alternatives"].append({"confidence": "0.1", "content": "Brain"})
    assert read(job).segments[0].text == "Rain"


def test_empty_job_is_claimed_and_refused_as_no_speech():
    empty = {"jobName": "x", "results": {"transcripts": [{"transcript": ""}], "items": []}}
    with pytest.raises(TranscriptError) as error:
        read(empty)
    assert str(error.value) == "job.json: no speech found in the file"


# Refusals name the place.


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda items: items[1].pop("start_time"), "job.json: item 2: start_time is missing"),
        (
            lambda items: items[0].update(start_time="soon"),
            "job.json: item 1: start_time: time 'soon' is not a number of seconds",
        ),
        (
            lambda items: items[2].update(alternatives=[]),
            "job.json: item 3: alternatives should be a non-empty list",
        ),
        (
            lambda items: items[3]["alternatives"][0].pop("content"),
            "job.json: item 4: content is missing",
        ),
        (
            lambda items: items.insert(0, "Rain"),
            "job.json: item 1: expected an object with fields, found text",
        ),
    ],
)
def test_bad_item_is_refused_naming_it(change, message):
    job = copy.deepcopy(JOB)
    change(job["results"]["items"])
    with pytest.raises(TranscriptError) as error:
        read(job)
    assert str(error.value) == message


def test_bad_speaker_range_is_refused_naming_it():
    job = without_item_speakers(JOB)
    job["results"]["speaker_labels"]["segments"][1]["end_time"] = None
    with pytest.raises(TranscriptError) as error:
        read(job)
    assert str(error.value) == "job.json: speaker_labels segment 2: end_time is null"


def test_forced_format_on_other_json_says_what_it_expected():
    with pytest.raises(TranscriptError, match=r'job\.json: expected "results": \{"items"'):
        read({"segments": []}, format="awstranscribe")


# Detection.


def test_deepgram_results_are_left_to_the_utterances_reader():
    deepgram = {"results": {"utterances": [{"start": 0.1, "transcript": "Hi."}]}}
    assert awstranscribe.detect(json.dumps(deepgram)) is None
    assert read(deepgram).format == "utterances"


def test_broken_json_naming_alternatives_is_claimed_and_refused_where_it_breaks():
    text = json.dumps(JOB)[:-40]
    assert awstranscribe.detect(text)
    with pytest.raises(TranscriptError, match=r"job\.json: line 1, column \d+: not valid JSON"):
        read_transcript(text.encode(), source="job.json")


# Properties.


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_only_ever_raises_transcript_error(text):
    with contextlib.suppress(TranscriptError):
        awstranscribe.parse(text, limits=DEFAULT_LIMITS)
    awstranscribe.detect(text)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["start_time", "end_time", "alternatives", "content", "type"])
            | st.sampled_from(["speaker_label", "segments", "items", "speaker_labels"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(JSON_VALUES, max_size=5), JSON_VALUES)
def test_job_shaped_junk_only_ever_raises_transcript_error(items, speaker_labels):
    document = {"results": {"items": items, "speaker_labels": speaker_labels}}
    with contextlib.suppress(TranscriptError):
        read(document, format="awstranscribe")
