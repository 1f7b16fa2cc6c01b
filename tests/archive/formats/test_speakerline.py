"""The one ``Name:`` label rule that SubRip, plain text, timestamped and Markdown share."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.formats import read_transcript
from archive.formats.speakerline import looks_like_name, split_label


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Jane Doe: Hello there.", ("Jane Doe", "Hello there.")),
        ("Brian of London: hi", ("Brian of London", "hi")),
        ("Dr. Timothy M. Jurgensen: hi", ("Dr. Timothy M. Jurgensen", "hi")),
        ("SPEAKER_1: hi", ("SPEAKER_1", "hi")),
        ("speaker 1: hi", ("speaker 1", "hi")),
        ("unknown speaker: hi", ("unknown speaker", "hi")),
        ("Travis:", ("Travis", "")),
        ("Kevin : bonjour", ("Kevin", "bonjour")),
    ],
)
def test_a_name_before_the_first_colon_is_a_label(line, expected):
    assert split_label(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Here is the plan: we go at noon.",
        "at 10:30 we met",
        "https://example.com is the site",
        "Ratio:1.5 has no space after the colon.",
        "Hello. World: a sentence before the colon.",
        "One Two Three Four Five Six: too many words.",
        "music: lower-case and not a diarization label",
    ],
)
def test_prose_with_a_colon_is_not_a_label(line):
    assert split_label(line) is None


def test_text_cut_mid_sentence_keeps_heading_and_discourse_words_as_speech():
    assert split_label("Note: it is free") == ("Note", "it is free")
    assert split_label("Note: it is free", mid_sentence=True) is None
    assert split_label("So: what now", mid_sentence=True) is None
    assert split_label("So Young Kim: hi", mid_sentence=True) == ("So Young Kim", "hi")


def test_a_name_already_used_is_a_label_in_any_case():
    assert split_label("dave jones: again") is None
    assert split_label("dave jones: again", known={"dave jones"}) == ("dave jones", "again")


def test_markup_marked_names_need_no_capitals():
    assert looks_like_name("jane doe", capitalised=False)
    assert not looks_like_name("jane doe")
    assert not looks_like_name("Note that this is long, and a sentence", capitalised=False)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("srt", "1\n00:00:01,000 --> 00:00:02,000\n{line}\n"),
        ("plaintext", "{line}\n"),
        ("timestamped", "00:00:01 {line}\n"),
    ],
)
@pytest.mark.parametrize("label", ["Brian of London", "speaker 2", "Dr. Jane Doe"])
def test_every_plain_format_reads_the_same_label(name, text, label):
    data = text.format(line=f"{label}: hi").encode()
    parsed = read_transcript(data, source="x", format=name)
    assert [(s.label, s.text) for s in parsed.segments] == [(label, "hi")]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="Ja ne:\t.,'-_1h/\u00a0Speakr", max_size=120))
def test_a_label_is_always_the_trimmed_text_before_the_first_colon(line):
    found = split_label(line)
    if found is not None:
        label, rest = found
        before, _, after = line.partition(":")
        assert (label, rest) == (before.strip(), after.strip())
