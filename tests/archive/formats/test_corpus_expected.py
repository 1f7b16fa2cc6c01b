"""Every transcript in ../shared/corpus against the facts EXPECTED.md lists, in one table.

Each row is copied by hand from EXPECTED.md: detected format, distinct labels,
the first utterance's label, start and first words, the last segment's start,
and the number of turns (runs of one speaker). HTML labels lose the colon
EXPECTED writes inside the <cite>. Where EXPECTED gives headers or blocks but
no turn count, the per-format test file says how the turns were counted.
"""

import pytest

from archive.formats import read_transcript
from archive.turns import merge_turns

# file, format, labels, first label, first start ms, first words, last start ms, turns
EXPECTED = [
    ("html_buzzcast_saved-full-document.html", "html", 5, "Alban", 0,
     "It is so stinking nice to like, show", 1_661_000, 34),
    ("html_buzzsprout-example_fragment-entities.html", "html", 3, "Travis", 0,
     "When you first get started in podcasting, it's", 691_000, 10),
    ("html_podnews-2023-03-17_first-block-no-cite.html", "html", 2, None, 0,
     "Hello. And just before we start, I'm gonna", 1_130_000, 9),
    ("json_awsbites-100_podwhisperer-speaker-map.json", "speakermap", 2, "spk_0", 0,
     "AWS is all about removing undifferentiated heavy lifting.", 535_320, 7),
    ("otter_ladybug-62_security.txt", "otter", 5, "Emma", 0,
     "It's more important than ever to build secure", 3_321_000, 141),
    ("p20json_buzzcast_phrases-equal-times.json", "p20json", 2, "Alban", 0,
     "It is so stinking nice to", 358_500, 7),
    ("p20json_podnews-2023-05-05_phrases.json", "p20json", 5, "James C", 35,
     "it's Friday, the 5th of", 206_694, 26),
    ("p20json_podnews-2023-06-02_words-space-tokens.json", "p20json", 2, "Speaker 1", 221,
     "It's", 8_729, 2),
    ("srt_buzzcast_name-prefix-on-turn-start.srt", "srt", 3, "Alban", 0,
     "It is so stinking nice to like, show", 717_659, 11),
    ("srt_podcasting20-ep124_name-prefix-unknown.srt", "srt", 3, "Adam Curry", 780,
     "podcasting 2.0 March 4 2023 Episode 124 on", 676_920, 52),
    ("txt_changelog-662_bold-name-colon.md", "markdown", 3, "Jerod Santo", None,
     "Today we are joined by Deepak Singh, one", None, 165),
    ("txt_ladybug-46_otter-markdown-mixed-bold.md", "otter", 4, "Emma", 0,
     "Systems Design interviews are becoming more and more", 3_079_000, 142),
    ("txt_talkpython-300_timestamp-no-speaker.txt", "timestamped", 0, None, 0,
     "You've heard that software developers and startups go", 666_000, 200),
    ("txt_talkpython-555_timestamp-voice-tag.txt", "timestamped", 2, "Michael Kennedy", 0,
     "Coding agents have gotten really good at one", 791_000, 28),
    ("vtt_buzzsprout-podcasting-qa_crlf-entities.vtt", "vtt", 2, "Sarah", 0,
     "In today's episode, you'll learn whether or not", 21_450, 2),
    ("vtt_omny-sysk_speaker-n_single-digit-hour.vtt", "vtt", 2, "Speaker 1", 1_480,
     "Welcome to Stuff you should know, a production", 192_000, 8),
    ("vtt_podnews-weekly-2024-01-19_speaker-n_seconds-only.vtt", "vtt", 4, "SPEAKER_1", 0,
     "It's Friday, the 19th of January, 2024.", 850_720, 51),
    ("vtt_talkpython-555_named-voices.vtt", "vtt", 2, "Michael Kennedy", 20,
     "Coding agents have gotten really good at one", 649_300, 25),
    ("vtt_youtube-talkpython-353_dash-turns.vtt", "vtt", 0, None, 0,
     "Sebastian, welcome back to Talk Python To", 513_640, 26),
    ("vtt_youtube-talkpython-404_chevron-turns.vtt", "vtt", 0, None, 0,
     "Hey, YouTube. Hey, Bob.", 490_360, 29),
]  # fmt: skip


@pytest.mark.parametrize(
    (
        "name",
        "format",
        "labels",
        "first_label",
        "first_start",
        "first_words",
        "last_start",
        "turns",
    ),
    EXPECTED,
    ids=[row[0] for row in EXPECTED],
)
def test_corpus_file_yields_the_expected_facts(
    corpus, name, format, labels, first_label, first_start, first_words, last_start, turns
):
    parsed = read_transcript((corpus / name).read_bytes(), source=name)
    merged = merge_turns(parsed)

    assert parsed.format == format
    assert len({s.label for s in parsed.segments if s.label is not None}) == labels
    assert (merged[0].label, merged[0].start_ms) == (first_label, first_start)
    assert merged[0].text.startswith(first_words)
    assert parsed.segments[-1].start_ms == last_start
    assert len(merged) == turns


def test_the_table_covers_every_corpus_transcript(corpus):
    transcripts = {
        path.name
        for path in corpus.iterdir()
        if not path.name.startswith("rss_") and path.name not in {"SOURCES.md", "EXPECTED.md"}
    }

    assert transcripts == {row[0] for row in EXPECTED}
