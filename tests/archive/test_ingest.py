"""The import service: turns, speakers, counts, provenance, atomicity and permalink-keeping."""

import pytest

from archive.curation import transcripts
from archive.formats import TranscriptError
from archive.ingest import import_transcript, import_transcript_file, parse_speaker_map
from archive.models import Appearance, RemovedUtterance, Role, Utterance
from speakers.models import Speaker
from tests.factories import make_appearance, make_episode, make_speaker, transcript, vtt

pytestmark = pytest.mark.django_db


def run_import(episode, parsed, **options):
    return import_transcript(episode, parsed, source="test.vtt", content_hash="h1", **options)


def rows(episode):
    return list(
        episode.utterances.order_by("sequence").values_list(
            "id", "speaker_label", "start_ms", "text"
        )
    )


def test_consecutive_segments_of_one_speaker_become_one_utterance():
    episode = make_episode()
    parsed = transcript(
        ("Ada Lovelace", 0, "Welcome back"),
        ("Ada Lovelace", 1000, "to the show."),
        ("Grace Hopper", 2000, "Thanks, Ada."),
        ("Ada Lovelace", 3000, "So, compilers."),
    )
    summary = run_import(episode, parsed)

    assert summary.created == 3
    texts = list(episode.utterances.values_list("speaker__name", "text", "start_ms", "end_ms"))
    assert texts == [
        ("Ada Lovelace", "Welcome back to the show.", 0, 2000),
        ("Grace Hopper", "Thanks, Ada.", 2000, 3000),
        ("Ada Lovelace", "So, compilers.", 3000, 4000),
    ]


def test_gap_longer_than_limit_splits_a_turn():
    episode = make_episode()
    parsed = transcript(("Ada", 0, "One."), ("Ada", 1000, "Two."), ("Ada", 90_000, "Three."))

    run_import(episode, parsed, max_gap_ms=30_000)

    assert list(episode.utterances.values_list("text", flat=True)) == ["One. Two.", "Three."]


def test_labels_resolve_through_aliases_whatever_the_spelling():
    speaker = make_speaker("Tím Davis")
    episode = make_episode()

    summary = run_import(episode, transcript(("tim  DAVIS", 0, "Hello there.")))

    assert summary.speakers_created == []
    assert episode.utterances.get().speaker == speaker


def test_unknown_names_create_one_speaker_each():
    episode = make_episode()

    summary = run_import(
        episode,
        transcript(("Jane Doe", 0, "Hi."), ("John Roe", 1000, "Hello."), ("jane doe", 2000, "Ok.")),
    )

    assert sorted(summary.speakers_created) == ["Jane Doe", "John Roe"]
    assert Speaker.objects.count() == 2
    assert Speaker.objects.by_name("JANE DOE").get().slug == "jane-doe"


def test_generic_labels_stay_unattributed_unless_mapped():
    jane = make_speaker("Jane Doe")
    episode = make_episode()
    parsed = transcript(
        ("Speaker 1", 0, "Hi."), ("SPEAKER_2", 1000, "Hello."), ("spk_0", 2000, "Yo.")
    )

    summary = run_import(episode, parsed, speaker_map={"Speaker 1": jane.slug})

    assert summary.unattributed_labels == ["SPEAKER_2", "spk_0"]
    assert Speaker.objects.count() == 1
    attributed = dict(episode.utterances.values_list("speaker_label", "speaker__name"))
    assert attributed == {"Speaker 1": "Jane Doe", "SPEAKER_2": None, "spk_0": None}


def test_mapping_by_name_creates_the_person_and_empty_mapping_means_nobody():
    episode = make_episode()
    parsed = transcript(("Speaker 1", 0, "Hi."), ("Bob", 1000, "Hello."))

    run_import(episode, parsed, speaker_map={"Speaker 1": "Jane Doe", "Bob": None})

    attributed = dict(episode.utterances.values_list("speaker_label", "speaker__name"))
    assert attributed == {"Speaker 1": "Jane Doe", "Bob": None}


def test_pseudo_speakers_are_kept_as_text_and_flagged():
    episode = make_episode()
    parsed = transcript(("Jingle", 0, "Da da daa."), ("Ada", 1000, "Welcome."))

    summary = run_import(episode, parsed)

    assert summary.pseudo_labels == ["Jingle"]
    jingle = episode.utterances.get(speaker_label="Jingle")
    assert (jingle.speaker, jingle.text) == (None, "Da da daa.")
    assert not Speaker.objects.filter(name="Jingle").exists()


def test_speaker_names_in_the_file_attribute_their_labels():
    episode = make_episode()
    parsed = transcript(("spk_0", 0, "Hi."), ("spk_1", 1000, "Hello."))
    parsed.label_names = {"spk_0": "Luciano", "spk_1": "Eoin"}

    run_import(episode, parsed)

    attributed = dict(episode.utterances.values_list("speaker_label", "speaker__name"))
    assert attributed == {"spk_0": "Luciano", "spk_1": "Eoin"}


def test_appearance_counts_are_exact_and_credits_survive():
    ada, host = make_speaker("Ada"), make_speaker("Host Person")
    episode = make_episode()
    make_appearance(episode, host, role=Role.HOST)
    parsed = transcript(
        ("Ada", 0, "One two three."), ("Bo", 1000, "Four."), ("Ada", 2000, "Five six.")
    )

    run_import(episode, parsed)

    counts = {
        a.speaker.name: (a.role, a.utterance_count, a.word_count)
        for a in episode.appearances.select_related("speaker")
    }
    assert counts == {
        "Ada": ("", 2, 5),
        "Bo": ("", 1, 1),
        "Host Person": ("host", 0, 0),
    }
    assert ada.appearances.get().episode == episode


def test_reimport_drops_appearances_of_speakers_no_longer_heard():
    episode = make_episode()
    run_import(episode, transcript(("Ada", 0, "Hi."), ("Bo", 1000, "Hello.")))

    run_import(episode, transcript(("Ada", 0, "Hi.")))

    assert list(episode.appearances.values_list("speaker__name", flat=True)) == ["Ada"]


def test_provenance_is_recorded():
    episode = make_episode()

    import_transcript_file(episode, vtt(("Ada", 0, 1000, "Hello.")), source="episode-1.vtt")

    episode.refresh_from_db()
    assert episode.transcript_format == "vtt"
    assert episode.transcript_source == "episode-1.vtt"
    assert len(episode.transcript_hash) == 64
    assert episode.transcript_imported_at is not None


def test_importing_the_same_file_twice_changes_nothing():
    episode = make_episode()
    data = vtt(("Ada", 0, 1000, "Hello."), ("Bo", 1000, 2000, "Hi."), ("Ada", 2000, 3000, "Bye."))
    import_transcript_file(episode, data, source="a.vtt")
    before = rows(episode)
    episode.refresh_from_db()
    imported_at = episode.transcript_imported_at

    summary = import_transcript_file(episode, data, source="a.vtt")

    assert (summary.created, summary.updated, summary.removed, summary.unchanged) == (0, 0, 0, 3)
    assert not summary.changed
    assert rows(episode) == before
    episode.refresh_from_db()
    assert episode.transcript_imported_at == imported_at


ORIGINAL = [
    ("Ada", 0, "Welcome to the show, today we talk about compilers."),
    ("Bo", 5000, "Thanks for having me, it is great to be here."),
    ("Ada", 9000, "Let us start with your first job."),
    ("Bo", 12000, "I started as a night operator on a mainframe."),
    ("Ada", 20000, "What did that teach you?"),
    ("Bo", 23000, "Patience, mostly, and how to read a core dump."),
    ("Ada", 30000, "That is all for today."),
]


def test_reimport_keeps_quote_permalinks():
    episode = make_episode()
    run_import(episode, transcript(*ORIGINAL))
    ids = {text: pk for pk, _, _, text in rows(episode)}

    corrected = list(ORIGINAL)
    # A typo fixed, a time nudged, a line inserted, a line removed, a speaker corrected.
    corrected[1] = ("Bo", 5000, "Thanks for having me, it's great to be here.")
    corrected[3] = ("Bo", 12500, "I started as a night operator on a mainframe.")
    corrected.insert(4, ("Cy", 18000, "Those were the days."))
    del corrected[6]  # "Patience, mostly…"
    corrected[-1] = ("Cy", 30000, "That is all for today.")
    summary = run_import(episode, transcript(*corrected))

    after = {text: pk for pk, _, _, text in rows(episode)}
    assert after["Welcome to the show, today we talk about compilers."] == ids[ORIGINAL[0][2]]
    assert after["Thanks for having me, it's great to be here."] == ids[ORIGINAL[1][2]]
    assert after["I started as a night operator on a mainframe."] == ids[ORIGINAL[3][2]]
    assert after["What did that teach you?"] == ids[ORIGINAL[4][2]]
    assert after["That is all for today."] == ids[ORIGINAL[6][2]]
    assert after["Those were the days."] not in ids.values()
    assert not Utterance.objects.filter(pk=ids[ORIGINAL[5][2]]).exists()
    assert (summary.created, summary.removed) == (1, 1)
    assert summary.updated == 4  # typo, time, speaker, and the line that moved up a place
    assert [seq for seq in episode.utterances.values_list("sequence", flat=True)] == list(range(7))
    last = episode.utterances.get(pk=ids[ORIGINAL[6][2]])
    assert (last.speaker.name, last.speaker_label) == ("Cy", "Cy")


def test_reimport_with_lines_reordered_keeps_sequence_unique():
    episode = make_episode()
    run_import(episode, transcript(("Ada", 0, "First."), ("Bo", 1000, "Second.")))
    ids = dict(episode.utterances.values_list("text", "id"))

    run_import(episode, transcript(("Bo", 0, "Second."), ("Ada", 1000, "First.")))

    reordered = list(episode.utterances.order_by("sequence").values_list("text", "id"))
    assert reordered == [("Second.", ids["Second."]), ("First.", ids["First."])]


def test_dry_run_writes_nothing():
    episode = make_episode()

    summary = run_import(
        episode, transcript(("Ada", 0, "Hi."), ("New Person", 1000, "Yo.")), dry_run=True
    )

    assert (summary.created, summary.dry_run) == (2, True)
    assert summary.speakers_created == ["Ada", "New Person"]
    assert not Utterance.objects.exists()
    assert not Speaker.objects.exists()
    episode.refresh_from_db()
    assert episode.transcript_hash == ""


def test_failure_half_way_leaves_the_archive_untouched(monkeypatch):
    episode = make_episode()
    run_import(episode, transcript(("Ada", 0, "Old line.")))
    before = rows(episode)

    def explode(episode_ids, **counts):
        raise RuntimeError("disk full")

    monkeypatch.setattr(transcripts, "episodes_changed", explode)
    with pytest.raises(RuntimeError):
        run_import(episode, transcript(("Zed Newcomer", 0, "New line."), ("Ada", 900, "More.")))

    assert rows(episode) == before
    assert not Speaker.objects.filter(name="Zed Newcomer").exists()
    assert Appearance.objects.get().utterance_count == 1


def test_bad_file_is_refused_before_anything_is_written():
    episode = make_episode()
    broken = (
        b"WEBVTT\n\n00:00:05.000 --> 00:00:04.000\n<v Ada>Backwards.\n\n"
        b"00:00:0x --> 00:00:04.000\nBad.\n"
    )

    with pytest.raises(TranscriptError) as refused:
        import_transcript_file(episode, broken, source="broken.vtt")

    assert "broken.vtt" in str(refused.value)
    assert "cue 1" in str(refused.value)  # the first problem; no cue was good
    assert not Utterance.objects.exists()
    assert not Speaker.objects.exists()


def test_one_bad_cue_is_skipped_and_named_while_the_rest_imports():
    episode = make_episode()
    glitched = (
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ada>Fine.\n\n"
        b"00:00:0x --> 00:00:04.000\nBad.\n\n"
        b"00:00:05.000 --> 00:00:06.000\n<v Ada>Still fine.\n"
    )

    summary = import_transcript_file(episode, glitched, source="glitched.vtt")

    said = " ".join(episode.utterances.values_list("text", flat=True))
    assert said == "Fine. Still fine."  # Ada's two good cues, nothing of the bad one
    assert "cue 2 (line 6): '00:00:0x' is not a time; cue skipped" in summary.warnings
    assert any("cue skipped" in line for line in summary.lines())


def test_import_query_count_does_not_grow_with_transcript_length(django_assert_max_num_queries):
    make_speaker("Ada"), make_speaker("Bo")
    short, long = make_episode(), make_episode()
    lines = [("Ada" if n % 2 else "Bo", n * 1000, f"Line {n}.") for n in range(400)]

    with django_assert_max_num_queries(20):
        run_import(short, transcript(*lines[:10]))
    with django_assert_max_num_queries(20):
        run_import(long, transcript(*lines))
    assert long.utterances.count() == 400


def test_reimport_query_count_does_not_grow_with_transcript_length(
    django_assert_max_num_queries,
):
    make_speaker("Ada"), make_speaker("Bo")
    short, long = make_episode(), make_episode()
    lines = [("Ada" if n % 2 else "Bo", n * 1000, f"Line {n}.") for n in range(400)]
    run_import(short, transcript(*lines[:10]))
    run_import(long, transcript(*lines))
    edited = [(label, start, text.replace("Line", "Verse")) for label, start, text in lines]
    edited.insert(5, ("Cy", 4500, "An interjection."))

    with django_assert_max_num_queries(27):
        run_import(short, transcript(*edited[:11]))
    with django_assert_max_num_queries(27):
        summary = run_import(long, transcript(*edited))
    assert (summary.created, summary.updated) == (1, 400)


def test_speaker_map_entries_are_parsed_and_bad_ones_named():
    assert parse_speaker_map(["Speaker 1=Jane Doe", "", " Speaker 3 = "]) == {
        "Speaker 1": "Jane Doe",
        "Speaker 3": None,
    }
    with pytest.raises(ValueError, match="entry 2"):
        parse_speaker_map(["A=B", "no equals sign"])


def test_a_label_from_the_file_never_resolves_by_slug():
    make_speaker("Someone Else", slug="ada")
    episode = make_episode()

    summary = run_import(episode, transcript(("ada", 0, "Hello.")))

    assert summary.speakers_created == ["ada"]
    assert episode.utterances.get().speaker.name == "ada"


def test_unmapped_label_shared_by_two_people_is_warned_about():
    researcher = make_speaker("Tim Davis", slug="tim-davis-ai", disambiguation="AI researcher")
    musician = make_speaker("Tim Davis x", slug="tim-davis-music", disambiguation="musician")
    Speaker.objects.filter(pk=musician.pk).update(name="Tim Davis")  # an alias each is impossible
    episode = make_episode()

    summary = run_import(episode, transcript(("Tim Davis", 0, "Hi.")))

    assert episode.utterances.get().speaker == researcher
    assert any("one of several people named Tim Davis" in w for w in summary.warnings)


def test_mapped_label_shared_by_two_people_is_not_warned_about():
    make_speaker("Tim Davis", slug="tim-davis-ai")
    musician = make_speaker("Tim Davis x", slug="tim-davis-music")
    Speaker.objects.filter(pk=musician.pk).update(name="Tim Davis")
    episode = make_episode()

    summary = run_import(
        episode, transcript(("Tim Davis", 0, "Hi.")), speaker_map={"Tim Davis": "tim-davis-music"}
    )

    assert episode.utterances.get().speaker == musician
    assert summary.warnings == []


def test_lines_removed_by_a_reimport_leave_a_tombstone_for_their_permalink():
    episode = make_episode()
    run_import(episode, transcript(("Ada", 0, "Stays."), ("Bo", 1000, "Goes away.")))
    gone = episode.utterances.get(text="Goes away.")

    run_import(episode, transcript(("Ada", 0, "Stays.")))

    tombstone = RemovedUtterance.objects.get()
    assert (tombstone.pk, tombstone.episode, tombstone.text) == (gone.pk, episode, "Goes away.")


def test_reimport_keeps_attributions_curators_made():
    jane, bo = make_speaker("Jane Doe"), make_speaker("Bo Ray")
    episode = make_episode()
    parsed = transcript(
        ("Speaker 1", 0, "Hi."), ("Speaker 2", 1000, "Hey."), ("Speaker 1", 2000, "So.")
    )
    run_import(episode, parsed)
    episode.utterances.filter(speaker_label="Speaker 1").update(speaker=jane)  # label-wide fix
    episode.utterances.filter(text="Hey.").update(speaker=bo)  # a one-line fix

    summary = run_import(
        episode,
        transcript(
            *parsed_lines(parsed), ("Speaker 1", 3000, "A new line."), ("Speaker 2", 4000, "Ok.")
        ),
    )

    attributed = list(episode.utterances.values_list("text", "speaker__name"))
    assert attributed == [
        ("Hi.", "Jane Doe"),
        ("Hey.", "Bo Ray"),
        ("So. A new line.", "Jane Doe"),
        ("Ok.", "Bo Ray"),
    ]
    assert summary.unattributed_labels == []


def test_an_explicit_map_overrides_stored_attributions():
    jane, bo = make_speaker("Jane Doe"), make_speaker("Bo Ray")
    episode = make_episode()
    run_import(episode, transcript(("Speaker 1", 0, "Hi.")), speaker_map={"Speaker 1": jane})

    run_import(episode, transcript(("Speaker 1", 0, "Hi.")), speaker_map={"Speaker 1": bo})

    assert episode.utterances.get().speaker == bo


def parsed_lines(parsed):
    return [(s.label, s.start_ms, s.text) for s in parsed.segments]


def test_map_entries_that_match_nothing_are_reported():
    episode = make_episode()

    summary = run_import(
        episode, transcript(("Speaker 1", 0, "Hi.")), speaker_map={"Speakr 1": "Jane Doe"}
    )

    assert "map entry 'Speakr 1' matches no speaker label in the file" in summary.warnings
    assert episode.utterances.get().speaker is None


def test_a_mapped_slug_that_does_not_exist_is_reported():
    episode = make_episode()

    summary = run_import(
        episode, transcript(("Speaker 1", 0, "Hi.")), speaker_map={"Speaker 1": "jane-deo"}
    )

    assert any(
        "map 'Speaker 1'='jane-deo': no speaker has that slug" in w for w in summary.warnings
    )


@pytest.mark.parametrize("label", ["ß" * 150, "\ufdfa" * 20])
def test_a_label_whose_name_cannot_be_stored_is_refused_cleanly(label):
    episode = make_episode()

    with pytest.raises(TranscriptError, match="too long to be a speaker's name"):
        run_import(episode, transcript((label, 0, "Hi.")))
    assert not Speaker.objects.exists()


def test_reimport_survives_curated_sequence_numbers():
    episode = make_episode()
    run_import(
        episode, transcript(("Ada", 0, "One."), ("Bo", 1000, "Two."), ("Ada", 2000, "Three."))
    )
    Utterance.objects.filter(text="Three.").update(sequence=5)  # a curator's odd edit
    Utterance.objects.filter(text="Two.").update(sequence=4)

    run_import(
        episode, transcript(("Bo", 0, "Two."), ("Ada", 1000, "One."), ("Ada", 1500, "Zero."))
    )

    assert list(episode.utterances.values_list("text", "sequence")) == [
        ("Two.", 0),
        ("One. Zero.", 1),
    ]


def test_many_new_speakers_cost_a_fixed_number_of_queries(django_assert_max_num_queries):
    episode = make_episode()
    lines = [(f"Guest Number {n}", n * 1000, "Hello.") for n in range(30)]

    # Includes the search index (two statements on SQLite) and the page's updated_at.
    with django_assert_max_num_queries(22):
        summary = run_import(episode, transcript(*lines))

    assert len(summary.speakers_created) == 30
    assert len(set(Speaker.objects.values_list("slug", flat=True))) == 30
