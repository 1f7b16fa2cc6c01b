"""The one ``Name:`` label rule that SubRip, plain text, timestamped and Markdown share."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.formats import read_transcript
from archive.formats.speakerline import (
    bold_label,
    looks_like_name,
    recurring_headings,
    split_label,
)


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


def test_text_cut_mid_sentence_keeps_discourse_words_as_speech():
    assert split_label("So: what now") == ("So", "what now")
    assert split_label("So: what now", mid_sentence=True) is None
    assert split_label("So Young Kim: hi", mid_sentence=True) == ("So Young Kim", "hi")


@pytest.mark.parametrize("mid_sentence", [False, True])
def test_a_heading_word_is_a_note_not_a_speaker_unless_known(mid_sentence):
    assert split_label("Disclaimer: views are my own", mid_sentence=mid_sentence) is None
    assert split_label("Update: the kiln was fixed", known={"update"}) == (
        "Update",
        "the kiln was fixed",
    )
    assert not looks_like_name("Note", capitalised=False)
    assert looks_like_name("Note", capitalised=False, known={"note"})


def test_a_heading_word_label_that_recurs_is_known():
    lines = ["Update: one", "Mira: hi", "update: two", "Note: once", "**Tip:** x"]
    assert recurring_headings(lines) == {"update"}
    assert recurring_headings(["**Tip:** a", "__Tip__: b", "Tip: c"], bold=True) == {"tip"}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("A.J. Jacobs: Hi Adam", ("A.J. Jacobs", "Hi Adam")),
        ("J.R.R. Tolkien: a story", ("J.R.R. Tolkien", "a story")),
        ("Mira Okafor (host): Welcome.", ("Mira Okafor", "Welcome.")),
        ("Tom Reyes (guest, potter): Thanks.", ("Tom Reyes", "Thanks.")),
    ],
)
def test_initials_and_a_bracketed_role_make_a_label(line, expected):
    assert split_label(line) == expected


@pytest.mark.parametrize(
    "line", ["A.Jacobs.Smith: no", "Mira (2024): not a role", "(host): no name", "A.B.C.D.E.: x"]
)
def test_other_periods_and_brackets_are_not_labels(line):
    assert split_label(line) is None


def test_a_bold_label_drops_its_role_and_refuses_a_one_off_heading():
    assert bold_label("**Mira Okafor (host):** hi") == ("Mira Okafor", "hi")
    assert bold_label("**Note:** generated") is None
    assert bold_label("**Note:** generated", known={"note"}) == ("Note", "generated")


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
