"""How public pages word and break things: paragraphs, show notes, anchors, labels. No database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive.models import Appearance, Episode, Utterance
from archive.shownotes import show_notes_html
from archive.transcript import paragraphs, transcript_rows


def test_a_short_turn_stays_one_paragraph():
    assert paragraphs("Uh-huh.") == ["Uh-huh."]
    ninety = ("Yes. " * 90).strip()
    assert paragraphs(ninety) == [ninety]  # half as long again as a paragraph stays together


def test_a_long_turn_breaks_between_sentences_about_every_60_words():
    sentence = "One two three four five six seven eight nine ten."
    result = paragraphs(" ".join([sentence] * 42))

    assert len(result) == 7
    assert all(part.endswith(".") for part in result)
    assert all(len(part.split()) == 60 for part in result)


def test_closing_quotes_stay_with_their_sentence_and_no_short_orphan_ends_it():
    text = " ".join(['He said "stop the cache." Then he left the room at once.'] * 20) + " Bye."

    result = paragraphs(text)

    assert result[-1].endswith("at once. Bye.")  # "Bye." joins the last paragraph
    assert all(part.count('"') % 2 == 0 for part in result)


def test_a_turn_without_sentence_ends_is_not_broken_mid_sentence():
    text = " ".join(["word"] * 400)

    assert paragraphs(text) == [text]


@given(st.text())
def test_paragraphs_never_lose_or_invent_words(text):
    assert " ".join(paragraphs(text)).split() == text.split()


def test_show_notes_keep_allowed_html_and_drop_the_rest():
    html = show_notes_html(
        '<p>See <a href="https://example.org" target="_blank">this</a>'
        '<iframe src="https://evil.example"></iframe><em>now</em></p>'
    )

    assert html == (
        '<p>See <a href="https://example.org" rel="nofollow noopener noreferrer">this</a>'
        "<em>now</em></p>"
    )


def test_plain_show_notes_are_escaped_into_paragraphs():
    assert show_notes_html("a < b\n\nc") == "<p>a &lt; b</p>\n\n<p>c</p>"
    assert show_notes_html("  ") == ""


def test_only_the_first_line_at_a_second_gets_the_time_anchor():
    rows = transcript_rows(
        [Utterance(pk=n, start_ms=start, text="x") for n, start in enumerate([0, 500, 1000, None])]
    )

    assert [row.time_anchor for row in rows] == ["t=0:00", "", "t=0:01", ""]
    assert [row.speaker_url for row in rows] == ["", "", "", ""]


@pytest.mark.parametrize(
    ("seconds", "label", "iso"),
    [
        (None, "", ""),
        (20, "1 min", "PT0M20S"),
        (263, "4 min", "PT4M23S"),
        (3600, "1 hr", "PT1H0M0S"),
        (3930, "1 hr 6 min", "PT1H5M30S"),
    ],
)
def test_episode_lengths_read_as_words(seconds, label, iso):
    episode = Episode(duration_seconds=seconds)

    assert (episode.length_label, episode.duration_iso) == (label, iso)


def test_how_much_a_speaker_said_reads_naturally():
    assert Appearance(utterance_count=0).said_label == "No lines in the transcript"
    assert Appearance(utterance_count=1, word_count=1).said_label == "1 line, 1 word"
    assert Appearance(utterance_count=42, word_count=1234).said_label == "42 lines, 1,234 words"
