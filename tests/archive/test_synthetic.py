import hashlib
import math
import random
import statistics
from collections import Counter
from dataclasses import replace
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from archive.curation.audit import find_drift
from archive.models import Appearance, Episode, Role, Show, Utterance
from archive.synthetic import (
    SCALES,
    ArchiveNotEmpty,
    Scale,
    busiest_host,
    empty_archive,
    generate_archive,
    longest_episode,
    plan_archive,
    probe_terms,
    typical_guest,
)
from archive.synthetic.names import speaker_names
from archive.synthetic.plan import RARE_LINES
from archive.synthetic.rows import (
    ALIAS_COLUMNS,
    APPEARANCE_COLUMNS,
    EPISODE_COLUMNS,
    SHOW_COLUMNS,
    SPEAKER_COLUMNS,
)
from archive.synthetic.text import turn_text
from archive.synthetic.transcripts import UTTERANCE_COLUMNS
from archive.synthetic.vocabulary import ranked_words
from archive.synthetic.write import WRITTEN
from speakers.models import Speaker, SpeakerAlias
from speakers.names import name_key
from tests.factories import make_show

# A few hundred lines: the real shape (hosts, Zipfian guests, fifteen years) in a tenth of a second.
TINY = Scale(
    "tiny", shows=3, episodes=12, speakers=30, utterances=1_200, min_turns=20, longest_turns=300
)
# Enough people, or enough episodes, for their distributions to show, still in short lines.
MANY_GUESTS = Scale(
    "guests", shows=4, episodes=60, speakers=150, utterances=1_500, min_turns=10, longest_turns=100
)
MANY_EPISODES = Scale(
    "episodes", shows=5, episodes=200, speakers=80, utterances=2_000, min_turns=5, longest_turns=50
)


@pytest.fixture
def generated(db):
    return generate_archive(TINY, seed=7)


def digest() -> str:
    """Every row the generator writes, column by column, in id order."""
    hashed = hashlib.sha256()
    for model in WRITTEN:
        columns = [field.attname for field in model._meta.concrete_fields]
        for row in model.objects.order_by("pk").values_list(*columns):
            hashed.update(repr(row).encode())
    return hashed.hexdigest()


def test_a_seed_names_one_archive(db):
    generate_archive(TINY, seed=7)
    first = digest()
    generate_archive(TINY, seed=7, flush=True)
    again = digest()
    generate_archive(TINY, seed=8, flush=True)

    assert again == first
    assert digest() != first


def test_the_generated_archive_has_no_drift(generated):
    assert find_drift() == []


def test_counts_match_the_scale(generated):
    plan = plan_archive(TINY, seed=7)

    assert Show.objects.count() == TINY.shows
    assert Episode.objects.count() == TINY.episodes
    assert Speaker.objects.count() == SpeakerAlias.objects.count() == TINY.speakers
    assert Utterance.objects.count() == plan.utterance_count
    assert plan.utterance_count == pytest.approx(TINY.utterances, rel=0.05)
    assert generated.counts["utterances"] == plan.utterance_count


def test_one_episode_has_exactly_the_longest_transcript(generated):
    lines = Episode.objects.annotate(lines=Count("utterances")).values_list("lines", flat=True)
    lengths = sorted(lines)

    assert lengths[-1] == TINY.longest_turns
    assert lengths[-2] < TINY.longest_turns
    assert longest_episode().utterances.count() == TINY.longest_turns


@pytest.mark.parametrize("name", ["small", "medium", "large"])
def test_every_named_scale_has_a_3000_line_episode_and_about_its_lines(name):
    plan = plan_archive(SCALES[name], seed=1)

    assert max(episode.turns for episode in plan.episodes) == 3000
    assert sum(episode.turns == 3000 for episode in plan.episodes) == 1
    assert plan.utterance_count == pytest.approx(SCALES[name].utterances, rel=0.01)


def test_appearances_are_zipfian_a_few_hosts_and_a_long_tail(db):
    generate_archive(MANY_GUESTS, seed=3)
    per_speaker = sorted(
        Appearance.objects.values("speaker").annotate(n=Count("pk")).values_list("n", flat=True)
    )

    assert len(per_speaker) == 150  # everyone appears somewhere
    assert per_speaker[-1] >= 10 * statistics.median(per_speaker)
    assert per_speaker.count(1) > len(per_speaker) / 2


def test_dates_span_fifteen_years_and_recent_years_are_denser(db):
    generate_archive(MANY_EPISODES, seed=1)
    dates = sorted(Episode.objects.values_list("published_at", flat=True))
    middle = dates[0] + (dates[-1] - dates[0]) / 2

    assert all(date.tzinfo is not None for date in dates)
    assert 14.5 <= (dates[-1] - dates[0]).days / 365.25 <= 15.1
    assert dates[-1].year == 2026
    assert sum(date > middle for date in dates) > 2 * sum(date <= middle for date in dates)


def test_every_transcript_runs_in_order_from_zero(generated):
    for episode in Episode.objects.all():
        lines = list(
            episode.utterances.order_by("sequence").values_list("sequence", "start_ms", "end_ms")
        )
        starts = [start for _, start, _ in lines]

        assert [sequence for sequence, _, _ in lines] == list(range(len(lines)))
        assert starts == sorted(set(starts))
        assert all(end >= start for _, start, end in lines)
        assert all(after[1] >= before[2] for before, after in pairwise(lines))
        assert episode.duration_seconds == math.ceil(lines[-1][2] / 1000)
        assert episode.has_transcript


def test_lines_are_labelled_with_their_speakers_name(generated):
    assert not Utterance.objects.exclude(speaker_label=F("speaker__name")).exists()
    assert not Utterance.objects.filter(speaker__isnull=True).exists()


def test_hosts_guests_and_the_uncredited_have_their_roles(generated):
    plan = plan_archive(TINY, seed=7)
    hosts = {host for show in plan.shows for host in show.host_ids}
    roles = Appearance.objects.values_list("speaker_id", "role", "utterance_count")

    assert {speaker for speaker, role, _ in roles if role == Role.HOST} == hosts
    assert all(speaker not in hosts for speaker, role, _ in roles if role == Role.GUEST)
    assert [lines for _, role, lines in roles if role == Role.SPEAKER]
    assert all(lines > 0 for _, role, lines in roles if role == Role.SPEAKER)
    for show in Show.objects.all():
        lead = next(s for s in plan.shows if s.id == show.pk).host_ids[0]
        hosted = Appearance.objects.filter(episode__show=show, speaker_id=lead, role=Role.HOST)
        assert hosted.count() == show.episodes.count()


def test_speakers_are_found_by_name_under_unique_slugs(generated):
    speakers = list(Speaker.objects.all())

    assert len({speaker.slug for speaker in speakers}) == len(speakers)
    for speaker in speakers:
        assert list(Speaker.objects.by_name(speaker.name.upper())) == [speaker]
        assert speaker.slug.startswith(Speaker.slug_base(speaker.name))


def test_search_finds_the_probe_terms(generated):
    terms = probe_terms()

    assert Utterance.objects.search(terms.common).count() > TINY.episodes
    assert Utterance.objects.search(terms.rare).count() == terms.rare_lines == RARE_LINES
    assert Utterance.objects.search(terms.phrase_query).count() >= TINY.episodes


def test_the_landmarks_are_a_host_a_guest_and_the_longest_episode(generated):
    host, guest = busiest_host(), typical_guest()
    most = max(
        Appearance.objects.filter(role=Role.HOST)
        .values("speaker")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )

    assert host.appearances.filter(role=Role.HOST).count() == most
    assert guest.appearances.filter(role=Role.GUEST).exists()
    assert longest_episode().utterances.count() == TINY.longest_turns


def test_later_inserts_get_fresh_ids(generated):
    largest = Utterance.objects.order_by("-pk").values_list("pk", flat=True).first()
    show = make_show()
    episode = Episode.objects.create(show=show, guid="new", title="New", slug="new")
    utterance = Utterance.objects.create(episode=episode, sequence=0, text="Hello.")

    assert show.pk == TINY.shows + 1
    assert episode.pk == TINY.episodes + 1
    assert utterance.pk == largest + 1
    assert Speaker.objects.create(name="New Person", slug="new-person").pk == TINY.speakers + 1


def test_a_non_empty_archive_is_refused_unless_flushed(db):
    make_show(title="Kept", slug="kept")

    with pytest.raises(CommandError, match=r"already holds shows.*--flush"):
        call_command("generate_archive", "--scale", "small", stdout=StringIO())
    with pytest.raises(ArchiveNotEmpty):
        generate_archive(TINY, seed=1)
    assert Show.objects.count() == 1

    generate_archive(TINY, seed=1, flush=True)
    assert not Show.objects.filter(slug="kept").exists()
    assert find_drift() == []


def test_the_command_reports_progress_and_a_summary(db, monkeypatch):
    monkeypatch.setitem(SCALES, "small", TINY)
    out = StringIO()

    call_command("generate_archive", "--scale", "small", "--seed", "5", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "Generating the small archive, seed 5…"
    assert "search index built" in out.getvalue()
    assert lines[-1].startswith("Generated 3 shows, 30 speakers, 30 aliases, 12 episodes, ")
    assert lines[-1].endswith(" s.")


def test_the_flushed_archive_is_empty_search_index_too(generated):
    empty_archive()

    assert not Utterance.objects.search(probe_terms().common).exists()
    assert not Speaker.objects.exists()
    assert not Appearance.objects.exists()


def test_the_plan_is_the_seeds_alone():
    assert plan_archive(TINY, seed=7) == plan_archive(TINY, seed=7)
    assert plan_archive(TINY, seed=7) != plan_archive(TINY, seed=8)


def test_a_scale_that_cannot_be_planned_is_refused():
    with pytest.raises(ValueError, match="all hosts"):
        plan_archive(replace(TINY, speakers=3), seed=1)
    with pytest.raises(ValueError, match="cannot fill"):
        plan_archive(replace(TINY, utterances=50), seed=1)


def test_turns_are_mostly_short_sentences_with_some_monologues():
    rng = random.Random(1)
    turns = [turn_text(rng) for _ in range(5_000)]
    lengths = [len(turn.split()) for turn in turns]

    assert sum(5 <= n <= 60 for n in lengths) / len(lengths) > 0.6
    assert sum(n >= 150 for n in lengths) / len(lengths) > 0.01
    assert all(turn[0].isupper() and turn[-1] in ".?!" for turn in turns)


def test_the_vocabulary_is_zipfian_and_the_rare_word_is_planted_only():
    rng = random.Random(2)
    words = Counter(word for _ in range(2_000) for word in turn_text(rng).lower().split())
    counts = sorted(words.values(), reverse=True)

    assert len(ranked_words()) > 3_000
    assert probe_terms().rare not in ranked_words()
    assert set(probe_terms().phrase.split()) <= set(ranked_words())
    assert counts[0] > 20 * counts[len(counts) // 2]


def test_names_and_their_keys_are_distinct_at_the_large_scale():
    names = speaker_names(random.Random(1), SCALES["large"].speakers)

    assert len({name_key(name) for name in names}) == len(names)


@pytest.mark.parametrize(
    ("columns", "model"),
    [
        (SHOW_COLUMNS, Show),
        (SPEAKER_COLUMNS, Speaker),
        (ALIAS_COLUMNS, SpeakerAlias),
        (EPISODE_COLUMNS, Episode),
        (APPEARANCE_COLUMNS, Appearance),
        (UTTERANCE_COLUMNS, Utterance),
    ],
)
def test_rows_give_every_column(columns, model):
    assert sorted(columns) == sorted(field.column for field in model._meta.concrete_fields)
