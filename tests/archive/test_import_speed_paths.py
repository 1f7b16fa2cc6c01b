"""The import's fast paths: the same file recognised by its hash, bulk writes, ids, the index.

Each fast path must give exactly what the slow one gave: the same lines, fresh
ids never handed out before, a search index in step and no drift.
"""

import gc

import pytest

from archive import ingest
from archive import search as search_index
from archive.curation import edit_utterance
from archive.curation.audit import find_drift
from archive.ingest import import_transcript_file
from archive.models import RemovedUtterance, Utterance
from tests.factories import make_episode, vtt

pytestmark = pytest.mark.django_db

CUES = [
    ("Ann Lee", 0, 2000, "Welcome to the show, today we talk about compilers."),
    ("Bo Diaz", 2000, 4000, "Thanks for having me, it is great to be here."),
    ("Ann Lee", 4000, 6000, "Let us start with your first job."),
    ("Bo Diaz", 6000, 8000, "I started as a night operator on a mainframe."),
]
ORIGINAL = vtt(*CUES)


def lines(episode):
    return list(episode.utterances.order_by("sequence").values_list("id", "speaker__name", "text"))


def reworded(cues, word="indeed"):
    return [(voice, start, end, f"{text[:-1]}, {word}.") for voice, start, end, text in cues]


@pytest.fixture
def imported():
    episode = make_episode()
    import_transcript_file(episode, ORIGINAL, source="first.vtt")
    episode.refresh_from_db()
    return episode


def refuse_to_parse(*args, **kwargs):
    raise AssertionError("the file was parsed")


def test_the_same_bytes_again_are_recognised_without_parsing(
    imported, monkeypatch, django_assert_num_queries
):
    before, imported_at = lines(imported), imported.transcript_imported_at
    monkeypatch.setattr(ingest, "read_transcript", refuse_to_parse)

    # A savepoint, the locked episode, its show (the summary names it), a count, the release.
    with django_assert_num_queries(5):
        summary = import_transcript_file(imported, ORIGINAL, source="again.vtt")

    assert summary.already_imported
    assert (summary.created, summary.updated, summary.removed, summary.unchanged) == (0, 0, 0, 4)
    assert not summary.changed
    assert "Nothing to import" in summary.lines()[0]
    imported.refresh_from_db()
    assert (lines(imported), imported.transcript_imported_at) == (before, imported_at)
    assert imported.transcript_source == "first.vtt"


@pytest.mark.parametrize(
    "options",
    [
        {"force": True},
        {"speaker_map": {"Bo Diaz": "Robert Diaz"}},
        {"max_gap_ms": 1000},
        {"format": "srt"},
    ],
    ids=["force", "speaker map", "other gap", "other format"],
)
def test_the_same_bytes_are_read_again_when_the_import_asks_for_more(
    imported, monkeypatch, options
):
    monkeypatch.setattr(ingest, "read_transcript", refuse_to_parse)

    with pytest.raises(AssertionError, match="the file was parsed"):
        import_transcript_file(imported, ORIGINAL, source="again.vtt", **options)


def test_another_file_is_read_as_ever(imported):
    summary = import_transcript_file(imported, vtt(*reworded(CUES)), source="second.vtt")

    assert not summary.already_imported
    assert summary.updated == 4


def test_a_dry_run_of_the_same_bytes_says_nothing_would_change(imported, monkeypatch):
    monkeypatch.setattr(ingest, "read_transcript", refuse_to_parse)

    summary = import_transcript_file(imported, ORIGINAL, source="again.vtt", dry_run=True)

    assert summary.already_imported and summary.dry_run
    assert summary.unchanged == 4


def test_a_curators_edit_survives_the_same_file_and_force_puts_the_file_back(imported):
    line = imported.utterances.get(sequence=1)
    edit_utterance(line, text="Thanks for having me.")

    kept = import_transcript_file(imported, ORIGINAL, source="again.vtt")
    assert imported.utterances.get(pk=line.pk).text == "Thanks for having me."
    assert kept.already_imported

    forced = import_transcript_file(imported, ORIGINAL, source="again.vtt", force=True)
    assert (forced.already_imported, forced.updated, forced.unchanged) == (False, 1, 3)
    assert imported.utterances.get(pk=line.pk).text == CUES[1][3]
    assert find_drift() == []


def test_a_reworded_reimport_keeps_every_id_and_indexes_the_new_words(imported):
    before = lines(imported)

    summary = import_transcript_file(imported, vtt(*reworded(CUES, "zeppelin")), source="b.vtt")

    after = lines(imported)
    assert summary.updated == 4
    assert [pk for pk, *_ in after] == [pk for pk, *_ in before]
    assert all(text.endswith(", zeppelin.") for _, _, text in after)
    found = Utterance.objects.filter(episode=imported).search("zeppelin")
    assert sorted(found.values_list("pk", flat=True)) == sorted(pk for pk, *_ in before)
    assert not Utterance.objects.search("mainframe.").filter(text__endswith="mainframe.").exists()
    assert search_index.stale_lines() == ([], [])
    assert find_drift() == []


def test_lines_shifted_down_a_place_keep_their_ids_and_places_stay_unique(imported):
    before = {text: pk for pk, _, text in lines(imported)}
    shifted = [("Cy Young", 0, 500, "A word first.")] + [
        (voice, start + 1000, end + 1000, text) for voice, start, end, text in CUES
    ]

    import_transcript_file(imported, vtt(*shifted), source="shifted.vtt")

    after = lines(imported)
    assert [text for _, _, text in after] == ["A word first."] + [cue[3] for cue in CUES]
    assert all(before[text] == pk for pk, _, text in after[1:])
    assert list(imported.utterances.values_list("sequence", flat=True).order_by("sequence")) == [
        0,
        1,
        2,
        3,
        4,
    ]
    assert find_drift() == []


def test_new_lines_get_ids_never_handed_out_before(imported):
    import_transcript_file(imported, vtt(*CUES[:2]), source="shorter.vtt")
    gone = set(RemovedUtterance.objects.values_list("pk", flat=True))
    assert len(gone) == 2

    import_transcript_file(imported, vtt(*CUES[:2], ("Cy Young", 9000, 9500, "Hello.")), source="c")

    new = imported.utterances.get(text="Hello.")
    assert new.pk not in gone and new.pk > max(gone)
    assert find_drift() == []


def test_a_fresh_import_numbers_ids_in_transcript_order_and_indexes_every_line():
    episode = make_episode()
    cues = [
        (f"Guest {n % 3}", n * 1000, n * 1000 + 900, f"Line {n} about turbines.") for n in range(60)
    ]

    import_transcript_file(episode, vtt(*cues), source="fresh.vtt")

    ids = list(episode.utterances.order_by("sequence").values_list("pk", flat=True))
    assert ids == sorted(ids) and len(ids) == 60
    assert Utterance.objects.search("turbines").count() == 60
    assert episode.appearances.get(speaker__name="Guest 1").utterance_count == 20
    assert search_index.stale_lines() == ([], [])
    assert find_drift() == []


def test_words_that_move_into_a_new_line_forward_to_its_new_id():
    episode = make_episode()
    cues = [
        ("Ann Lee", 0, 1000, "Intro words here."),
        ("Bo Diaz", 1000, 2000, "the quick brown fox jumps over the lazy dog"),
        ("Ann Lee", 50000, 51000, "Outro words here."),
    ]
    import_transcript_file(episode, vtt(*cues), source="a.vtt")
    fox = episode.utterances.get(sequence=1).pk
    merged = (
        "Cy Young",
        20000,
        21000,
        "Then, as the saying goes, the quick brown fox jumps over the lazy dog, "
        "and after that a great many other words were said at length by everyone.",
    )

    summary = import_transcript_file(episode, vtt(cues[0], merged, cues[2]), source="b.vtt")

    assert (summary.created, summary.removed, summary.changes.moved) == (1, 1, 1)
    holder = episode.utterances.get(sequence=1)
    assert holder.pk != fox
    assert RemovedUtterance.objects.get(pk=fox).moved_to == holder.pk
    assert find_drift() == []


def test_the_garbage_collector_is_back_on_after_an_import_even_a_refused_one(imported):
    assert gc.isenabled()
    import_transcript_file(imported, vtt(*reworded(CUES)), source="b.vtt")
    assert gc.isenabled()
    with pytest.raises(ingest.TranscriptError):
        import_transcript_file(imported, b"WEBVTT\n\n00:00:0x --> 1\nBad.\n", source="bad.vtt")
    assert gc.isenabled()
