"""Words that moved: a vanished quote id forwards to the line that holds its words now."""

import pytest
from django.db import connection

from archive import curation
from archive.curation.audit import find_drift
from archive.ingest import import_transcript_file
from archive.matching import holds_words, words
from archive.models import Episode, RemovedUtterance, Utterance
from tests.factories import make_episode, vtt

# Cue 4 and cue 6 are Ada's, cue 5 between them Bo's: three turns until cue 5 goes.
HARBOUR = [
    ("Cy", 0, 3000, "Welcome back to the harbour hour."),
    ("Bo", 3000, 6000, "Glad to be here again."),
    ("Cy", 6000, 9000, "Tell us about the old ferry."),
    ("Ada", 9000, 12000, "The ferry ran on coal until the war."),
    ("Bo", 12000, 14000, "Really, coal?"),
    ("Ada", 14000, 18000, "Then diesel, and now it is electric."),
    ("Cy", 18000, 21000, "What a change that is."),
]


def load(episode: Episode, cues) -> None:
    import_transcript_file(episode, vtt(*cues), source="harbour.vtt")


def where_is(old_id: int) -> Utterance | None:
    """Where a permalink leads now: its live line, the line holding its words, or nowhere."""
    return RemovedUtterance.objects.resolve(old_id)


def line(text: str) -> Utterance:
    return Utterance.objects.get(text=text)


def without(cues, *texts):
    return [cue for cue in cues if cue[3] not in texts]


@pytest.mark.django_db
def test_a_deleted_line_that_merges_its_neighbours_forwards_the_later_turn():
    episode = make_episode()
    load(episode, HARBOUR)
    four, five, six = (line(cue[3]) for cue in HARBOUR[3:6])

    load(episode, without(HARBOUR, "Really, coal?"))

    merged = Utterance.objects.get(pk=four.pk)
    assert merged.text == f"{four.text} {six.text}"
    assert RemovedUtterance.objects.get(pk=six.pk).moved_to == four.pk
    assert where_is(six.pk) == merged
    assert six.text in where_is(six.pk).text
    assert where_is(five.pk) is None
    assert find_drift() == []


@pytest.mark.django_db
def test_a_line_a_correction_deletes_outright_is_gone_and_keeps_its_moment():
    episode = make_episode()
    load(episode, HARBOUR)
    gone = line("What a change that is.")

    summary = import_transcript_file(
        episode, vtt(*without(HARBOUR, gone.text)), source="harbour.vtt"
    )

    tombstone = RemovedUtterance.objects.get(pk=gone.pk)
    assert (tombstone.moved_to, tombstone.start_ms, tombstone.text) == (None, 18000, gone.text)
    assert (summary.changes.removed, summary.changes.moved) == (1, 0)
    assert where_is(gone.pk) is None
    nearest = min(
        episode.utterances.exclude(start_ms=None),
        key=lambda u: (abs(u.start_ms - 18000), u.sequence),
    )
    assert tombstone.nearest_moment_url() == f"{episode.get_absolute_url()}#u{nearest.pk}"
    assert find_drift() == []


@pytest.mark.django_db
def test_a_merge_that_also_fixes_a_word_still_forwards():
    episode = make_episode()
    cues = [
        ("Cy", 0, 3000, "So what powered it?"),
        ("Ada", 3000, 8000, "The ferry ran on coal until the war ended, then diesel."),
        ("Bo", 8000, 9000, "Really?"),
        ("Ada", 9000, 15000, "Then the council bought two electric boats in twenty twenty."),
    ]
    load(episode, cues)
    later = line(cues[3][3])
    fixed = ("Ada", 9000, 15000, "Then the city council bought two electric boats in 2020.")

    load(episode, [cues[0], cues[1], fixed])

    assert where_is(later.pk) == line(f"{cues[1][3]} {fixed[3]}")


# Twenty turns by three people, and the corrections a listener sent in.
INTERVIEW = [
    ("Ada", 0, 4000, "Welcome to Tideline, the show about working harbours."),
    ("Bo", 4000, 8000, "Thanks for having me on."),
    ("Cy", 8000, 12000, "And I am here to ask the awkward questions."),
    ("Ada", 12000, 16000, "Bo, you ran the night ferry for thirty years."),
    ("Bo", 16000, 20000, "Thirty one, if you count the strike."),
    ("Cy", 20000, 24000, "What was the strike about?"),
    ("Bo", 24000, 28000, "Pay, mostly, and the new timetable."),
    ("Ada", 28000, 32000, "The timetable that nobody could read."),
    ("Cy", 32000, 36000, "I still have a copy somewhere."),
    ("Bo", 36000, 40000, "Frame it, it is a museum piece."),
    ("Ada", 40000, 44000, "Tell us about the worst crossing."),
    ("Bo", 44000, 48000, "February, force nine, a lorry came loose."),
    ("Cy", 48000, 52000, "We lost two mirrors and a bumper."),
    ("Ada", 52000, 56000, "Was anyone hurt?"),
    ("Bo", 56000, 60000, "Only the lorry and my pride."),
    ("Cy", 60000, 64000, "And the best crossing?"),
    ("Bo", 64000, 68000, "Every single crossing with the dolphins."),
    ("Ada", 68000, 72000, "The dolphins, he is right."),
    ("Cy", 72000, 76000, "Where do you go from here?"),
    ("Ada", 76000, 80000, "That is all for this week on Tideline."),
]
EDITS = {
    "Bo, you ran the night ferry for thirty years.": (
        "Bo, you ran the night ferry for thirty one years."
    ),
    "February, force nine, a lorry came loose.": "February, force ten, a lorry broke loose.",
    "Where do you go from here?": "So where do you go from here?",
}
DELETED = "I still have a copy somewhere."
INSERTED = ("Cy", 42000, 43500, "Brace yourselves.")
# Mislabelled in the first file: Bo said it, so it joins Bo's turn before it.
MISLABELLED = "We lost two mirrors and a bumper."


def corrected_interview():
    cues = []
    for voice, start, end, text in INTERVIEW:
        if text == DELETED:
            continue
        if text == MISLABELLED:
            voice = "Bo"
        cues.append((voice, start, end, EDITS.get(text, text)))
        if text == "Tell us about the worst crossing.":
            cues.append(INSERTED)
    return cues


@pytest.mark.django_db
def test_every_old_permalink_still_leads_to_its_corrected_words():
    episode = make_episode()
    load(episode, INTERVIEW)
    permalinks = dict(episode.utterances.values_list("pk", "text"))
    assert len(permalinks) == 20
    merged_into = f"February, force ten, a lorry broke loose. {MISLABELLED}"
    corrected = {**EDITS, "February, force nine, a lorry came loose.": merged_into}

    load(episode, corrected_interview())

    forwarded, gone = [], []
    for old_id, old_text in permalinks.items():
        holder = where_is(old_id)
        if Utterance.objects.filter(pk=old_id).exists():
            assert holder.text == corrected.get(old_text, old_text)
        elif holder is not None:
            assert old_text in holder.text
            forwarded.append(old_text)
        else:
            gone.append(old_text)
    assert (forwarded, gone) == ([MISLABELLED], [DELETED])
    assert episode.utterances.filter(text=INSERTED[3]).exists()
    assert find_drift() == []


@pytest.mark.django_db
def test_forwarding_follows_a_chain_of_merges():
    episode = make_episode()
    first = [HARBOUR[2], HARBOUR[3], HARBOUR[4], HARBOUR[5], HARBOUR[6]]
    load(episode, first)
    cy_before, ada, _, ada_later, cy_after = (line(cue[3]) for cue in first)
    load(episode, without(first, "Really, coal?"))  # ada_later -> ada
    relabelled = [("Cy", *cue[1:]) for cue in without(first, "Really, coal?")]

    load(episode, relabelled)  # all of it Cy's: ada -> cy_before

    assert RemovedUtterance.objects.get(pk=ada_later.pk).moved_to == ada.pk
    assert RemovedUtterance.objects.get(pk=ada.pk).moved_to == cy_before.pk
    assert where_is(ada_later.pk) == where_is(ada.pk) == where_is(cy_after.pk)
    assert where_is(ada_later.pk).pk == cy_before.pk
    assert ada_later.text in where_is(ada_later.pk).text
    assert find_drift() == []


@pytest.mark.django_db
def test_a_chain_that_ends_in_a_curators_deletion_is_gone():
    episode = make_episode()
    load(episode, HARBOUR)
    four, six = line(HARBOUR[3][3]), line(HARBOUR[5][3])
    load(episode, without(HARBOUR, "Really, coal?"))

    curation.delete_utterances(Utterance.objects.filter(pk=four.pk))

    tombstone = RemovedUtterance.objects.get(pk=four.pk)
    assert (tombstone.moved_to, tombstone.start_ms) == (None, 9000)
    assert where_is(six.pk) is None
    assert find_drift() == []


@pytest.mark.django_db
def test_forwarding_that_loops_resolves_to_gone(django_assert_max_num_queries):
    RemovedUtterance.objects.create(id=9001, text="One.", moved_to=9002)
    RemovedUtterance.objects.create(id=9002, text="Two.", moved_to=9003)
    RemovedUtterance.objects.create(id=9003, text="Three.", moved_to=9001)

    with django_assert_max_num_queries(8):
        assert where_is(9001) is None


@pytest.mark.django_db
def test_a_live_id_and_an_unknown_id_resolve_without_following_anything():
    episode = make_episode()
    load(episode, HARBOUR)
    live = line(HARBOUR[0][3])

    assert where_is(live.pk) == live
    assert where_is(live.pk + 1000) is None


@pytest.mark.django_db
def test_lines_deleted_with_their_episode_keep_their_moments():
    episode = make_episode()
    load(episode, HARBOUR)
    starts = dict(episode.utterances.values_list("pk", "start_ms"))

    curation.delete_episodes(Episode.objects.filter(pk=episode.pk))

    tombstones = RemovedUtterance.objects.all()
    assert {t.pk: t.start_ms for t in tombstones} == starts
    assert {(t.moved_to, t.nearest_moment_url()) for t in tombstones} == {(None, "")}


@pytest.mark.django_db
def test_a_forward_to_a_line_deleted_without_a_trace_is_drift():
    episode = make_episode()
    load(episode, HARBOUR)
    four, six = line(HARBOUR[3][3]), line(HARBOUR[5][3])
    load(episode, without(HARBOUR, "Really, coal?"))
    Utterance.objects.filter(pk=four.pk).delete()  # behind the curation core's back

    drift = [str(item) for item in find_drift()]
    assert f"quote {six.pk} forwards to quote {four.pk}, which is neither live nor removed" in drift


def merging_transcript(blocks: int, *, with_interjections: bool):
    """Ada's point, Cy's interjection, the rest of Ada's point, Bo: per block of four cues."""
    cues = []
    for block in range(blocks):
        at = block * 20000
        cues.append(("Ada", at, at + 4000, f"Point {block} starts here."))
        if with_interjections:
            cues.append(("Cy", at + 4000, at + 5000, f"Interjection {block}."))
        cues.append(("Ada", at + 5000, at + 9000, f"And point {block} ends here."))
        cues.append(("Bo", at + 9000, at + 13000, f"Reply {block}."))
    return cues


@pytest.mark.django_db
def test_forwarding_merged_lines_costs_no_query_per_line(django_assert_num_queries):
    """160 tombstones still fit one insert: SQLite's 999 parameters make 166 of six fields."""
    short, long = make_episode(), make_episode()
    load(short, merging_transcript(5, with_interjections=True))
    load(long, merging_transcript(80, with_interjections=True))
    # PostgreSQL's search index lives in the utterance row: two queries fewer than SQLite's table.
    budget = 21 if connection.vendor == "sqlite" else 19

    with django_assert_num_queries(budget):
        load(short, merging_transcript(5, with_interjections=False))
    with django_assert_num_queries(budget):
        load(long, merging_transcript(80, with_interjections=False))

    assert RemovedUtterance.objects.filter(moved_to__isnull=False).count() == 85
    assert RemovedUtterance.objects.filter(moved_to__isnull=True).count() == 85


def test_a_line_holds_words_it_has_as_one_run_whatever_the_case_and_punctuation():
    assert holds_words(words("Then diesel, and now"), words("Coal. THEN DIESEL and now, power!"))


def test_a_line_holds_words_with_a_word_or_two_corrected():
    old = words("the council bought two electric boats in the spring of 2020")
    new = words("Then the city council bought two electric ferries in the spring of 2020.")
    assert holds_words(old, new)


def test_a_short_line_needs_every_word_in_one_run():
    assert not holds_words(words("I think so too."), words("I was there, and I think it so, too."))
    assert not holds_words(words("Really, coal?"), words("Really, it ran on diesel."))


def test_words_scattered_through_a_long_line_are_not_held():
    old = words("the ferry ran on coal until the war")
    new = words("the boats ran late and the coal came until the end, on and on, in the war")
    assert not holds_words(old, new)
