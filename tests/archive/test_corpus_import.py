"""Every real transcript in ../shared/corpus lands in the database as EXPECTED.md says.

Turn counts and speakers come from EXPECTED.md (runs of one speaker's cues);
where EXPECTED gives blocks or headers only, the count is the number of runs
of one label, counted over the raw file (see the per-format tests).
"""

from collections import Counter

import pytest

from archive.ingest import import_transcript_file
from archive.models import Utterance
from speakers.models import Speaker
from tests.factories import make_episode

pytestmark = pytest.mark.django_db

# file, utterances (turns), people created, labels left unattributed, pseudo-speakers
CORPUS_IMPORTS = [
    ("vtt_buzzsprout-podcasting-qa_crlf-entities.vtt", 2, ["Gillian", "Sarah"], [], []),
    ("vtt_omny-sysk_speaker-n_single-digit-hour.vtt", 8, [], ["Speaker 1", "Speaker 2"], []),
    (
        "vtt_podnews-weekly-2024-01-19_speaker-n_seconds-only.vtt",
        51,
        [],
        ["SPEAKER_1", "SPEAKER_2", "SPEAKER_3", "SPEAKER_4"],
        [],
    ),
    ("vtt_talkpython-555_named-voices.vtt", 25, ["Michael Kennedy", "Trevor Manz"], [], []),
    ("vtt_youtube-talkpython-353_dash-turns.vtt", 26, [], [], []),
    ("vtt_youtube-talkpython-404_chevron-turns.vtt", 29, [], [], []),
    ("p20json_buzzcast_phrases-equal-times.json", 7, ["Alban", "Kevin"], [], []),
    (
        "p20json_podnews-2023-05-05_phrases.json",
        26,
        ["Chris Quamme Rhoden", "James C", "Nick Hilton", "Sam Sethi"],
        [],
        ["Jingles"],
    ),
    ("p20json_podnews-2023-06-02_words-space-tokens.json", 2, [], ["Speaker 1", "Speaker 2"], []),
    ("json_awsbites-100_podwhisperer-speaker-map.json", 7, ["Eoin", "Luciano"], [], []),
    ("srt_buzzcast_name-prefix-on-turn-start.srt", 11, ["Alban", "Kevin", "Travis"], [], []),
    (
        "srt_podcasting20-ep124_name-prefix-unknown.srt",
        52,
        ["Adam Curry", "Dave Jones"],
        ["Unknown"],
        [],
    ),
    (
        "html_buzzcast_saved-full-document.html",
        34,
        ["Alban", "Dave", "Kevin", "Tom", "Travis"],
        [],
        [],
    ),
    ("html_buzzsprout-example_fragment-entities.html", 10, ["Gilon", "Sarah", "Travis"], [], []),
    ("html_podnews-2023-03-17_first-block-no-cite.html", 9, ["Norma-Jean Belenky"], [], ["Jingle"]),
    (
        "txt_changelog-662_bold-name-colon.md",
        165,
        ["Adam Stacoviak", "Deepak Singh", "Jerod Santo"],
        [],
        [],
    ),
    (
        "otter_ladybug-62_security.txt",
        141,
        ["Emma", "Kelly", "Sidney", "Tailor"],
        ["Unknown Speaker"],
        [],
    ),
    (
        "txt_ladybug-46_otter-markdown-mixed-bold.md",
        142,
        ["Ali", "Emma", "Kelly"],
        ["Unknown Speaker"],
        [],
    ),
    ("txt_talkpython-555_timestamp-voice-tag.txt", 28, ["Michael Kennedy", "Trevor Manz"], [], []),
    ("txt_talkpython-300_timestamp-no-speaker.txt", 200, [], [], []),
]


@pytest.mark.parametrize(
    ("name", "turns", "people", "unattributed", "pseudo"),
    CORPUS_IMPORTS,
    ids=[row[0] for row in CORPUS_IMPORTS],
)
def test_corpus_file_imports_into_turns_and_speakers(
    corpus, name, turns, people, unattributed, pseudo
):
    episode = make_episode()

    summary = import_transcript_file(episode, (corpus / name).read_bytes(), source=name)

    assert summary.created == episode.utterances.count() == turns
    assert sorted(summary.speakers_created) == people
    assert sorted(summary.unattributed_labels) == unattributed
    assert summary.pseudo_labels == pseudo
    assert sorted(Speaker.objects.values_list("name", flat=True)) == people
    counts = dict(episode.appearances.values_list("speaker__name", "utterance_count"))
    heard = Counter(
        Utterance.objects.filter(episode=episode, speaker__isnull=False).values_list(
            "speaker__name", flat=True
        )
    )
    assert counts == dict(heard)
    texts = episode.utterances.values_list("text", flat=True)
    assert all(text.strip() and "\x00" not in text for text in texts)


def test_every_corpus_transcript_is_covered(corpus):
    not_transcripts = {"SOURCES.md", "EXPECTED.md"}
    transcripts = {
        path.name
        for path in corpus.iterdir()
        if not path.name.startswith("rss_") and path.name not in not_transcripts
    }

    assert transcripts == {row[0] for row in CORPUS_IMPORTS}


def test_reimporting_a_corrected_corpus_file_keeps_permalinks(corpus):
    name = "vtt_talkpython-555_named-voices.vtt"
    original = (corpus / name).read_bytes()
    episode = make_episode()
    import_transcript_file(episode, original, source=name)
    before = dict(episode.utterances.values_list("sequence", "id"))

    corrected = original.replace(b"Coding agents", b"Coding assistants", 1).replace(
        b"marimo", b"Marimo", 3
    )
    summary = import_transcript_file(episode, corrected, source=name)

    after = dict(episode.utterances.values_list("sequence", "id"))
    assert after == before
    assert summary.updated >= 1
    assert (summary.created, summary.removed) == (0, 0)
    assert episode.utterances.get(sequence=0).text.startswith("Coding assistants")
