"""The curation core: each operation leaves every derived value exact (``check_archive``)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from archive import curation
from archive.curation.audit import find_drift
from archive.ingest import import_transcript
from archive.models import Appearance, Episode, RemovedUtterance, Role, Show, Utterance
from speakers.models import LinkKind, Speaker, SpeakerAlias, SpeakerLink, SpeakerSlugRedirect
from tests.factories import make_episode, make_show, make_speaker, transcript

pytestmark = pytest.mark.django_db


def imported(episode, *lines, **speaker_map):
    import_transcript(
        episode, transcript(*lines), source="test", content_hash="h", speaker_map=speaker_map
    )
    return episode


def counts(episode):
    """{speaker name: (role, lines, words)} as stored."""
    return {
        a.speaker.name: (a.role, a.utterance_count, a.word_count)
        for a in episode.appearances.select_related("speaker")
    }


@pytest.fixture
def archive():
    """Two episodes: Ada hosts both, Bo guests on one, "Speaker 2" is nobody yet."""
    show = make_show()
    one = imported(
        make_episode(show),
        ("Ada", 0, "Welcome to the show."),
        ("Bo", 2000, "Glad to be here."),
        ("Speaker 2", 4000, "Who am I?"),
    )
    two = imported(make_episode(show), ("Ada", 0, "Back again."), ("Speaker 2", 2000, "Me too."))
    ada = Speaker.objects.get(name="Ada")
    curation.credit(one, ada, Role.HOST)
    return one, two


def test_edit_keeps_the_id_and_recounts_words(archive):
    one, _ = archive
    line = one.utterances.get(text="Welcome to the show.")

    curation.edit_utterance(line, text="Welcome, everyone, to this show.")

    assert Utterance.objects.get(pk=line.pk).text == "Welcome, everyone, to this show."
    assert counts(one)["Ada"] == (Role.HOST, 1, 5)
    assert find_drift() == []


def test_edit_refuses_other_fields_and_bad_times(archive):
    one, _ = archive
    line = one.utterances.first()

    with pytest.raises(ValueError, match="cannot edit sequence"):
        curation.edit_utterance(line, sequence=9)
    with pytest.raises(ValidationError):
        curation.edit_utterance(line, start_ms=5000, end_ms=1000)


def test_reattributing_a_label_creates_and_drops_appearances(archive):
    one, two = archive
    bo = Speaker.objects.get(name="Bo")

    moved = curation.reattribute_label(one, "Speaker 2", bo)
    curation.reattribute_label(one, "Bo", None)

    assert moved == 1
    assert counts(one)["Bo"] == (Role.SPEAKER, 1, 3)  # now only "Who am I?"
    assert two.utterances.get(speaker_label="Speaker 2").speaker is None  # other episode untouched
    curation.reattribute(one.utterances.filter(speaker_label="Speaker 2"), None)
    assert "Bo" not in counts(one)  # uncredited and silent: gone
    assert find_drift() == []


def test_a_silent_credited_host_keeps_the_credit_at_zero(archive):
    one, _ = archive

    curation.reattribute_label(one, "Ada", None)

    assert counts(one)["Ada"] == (Role.HOST, 0, 0)
    assert find_drift() == []


def test_deleting_lines_episodes_and_shows_keeps_tombstones(archive):
    one, two = archive
    line = one.utterances.get(text="Glad to be here.")
    all_ids = set(Utterance.objects.values_list("pk", flat=True))

    curation.delete_utterances(Utterance.objects.filter(pk=line.pk))
    assert "Bo" not in counts(one)
    curation.delete_episodes(Episode.objects.filter(pk=two.pk))
    curation.delete_shows(Show.objects.all())

    assert set(RemovedUtterance.objects.values_list("pk", flat=True)) == all_ids
    assert not Appearance.objects.exists()
    assert find_drift() == []


def test_uncredit_keeps_someone_still_heard(archive):
    one, _ = archive

    curation.uncredit(one.appearances.get(speaker__name="Ada"))

    assert counts(one)["Ada"] == (Role.SPEAKER, 1, 4)


def test_publish_and_hide(archive):
    one, _ = archive

    assert curation.set_published(Episode.objects.filter(pk=one.pk), False) == 1
    assert curation.set_published(Episode.objects.filter(pk=one.pk), False) == 0
    assert curation.set_published(Speaker.objects.filter(name="Bo"), False) == 1

    assert not Episode.objects.get(pk=one.pk).is_published
    assert list(Speaker.objects.public().values_list("name", flat=True)) == ["Ada"]


def test_merge_moves_everything_and_keeps_one_credit_per_episode(archive):
    one, two = archive
    ada = Speaker.objects.get(name="Ada")
    twin = make_speaker("Ada O.", bio="Hosts the show.")
    SpeakerLink.objects.create(speaker=twin, kind=LinkKind.WIKIDATA, url="https://example.org/Q1")
    curation.credit(one, twin, Role.GUEST)
    curation.reattribute_label(two, "Speaker 2", twin)

    plan = curation.merge_speakers(ada, [twin])

    assert (plan.appearances, plan.shared_episodes, plan.utterances) == (2, 2, 1)
    assert not Speaker.objects.filter(pk=twin.pk).exists()
    assert counts(one)["Ada"] == (Role.HOST, 1, 4)  # host outranks guest
    assert counts(two)["Ada"] == (Role.SPEAKER, 2, 4)
    assert set(ada.aliases.values_list("name", flat=True)) == {"Ada", "Ada O."}
    assert ada.links.get().url == "https://example.org/Q1"
    assert SpeakerSlugRedirect.objects.get(old_slug=twin.slug).speaker == ada
    ada.refresh_from_db()
    assert ada.bio == "Hosts the show."  # a blank filled from the merged speaker
    assert find_drift() == []


def test_a_merged_speakers_old_redirects_follow_to_the_survivor(archive, client):
    ada = Speaker.objects.get(name="Ada")
    bo = Speaker.objects.get(name="Bo")
    old_slug = bo.slug
    curation.rename_speaker_slug(bo, "bo-renamed")

    curation.merge_speakers(ada, [bo])

    for slug in (old_slug, "bo-renamed"):
        response = client.get(f"/speakers/{slug}/")
        assert (response.status_code, response["Location"]) == (301, ada.get_absolute_url())


def test_split_takes_the_lines_labelled_with_the_alias(archive):
    one, _ = archive
    ada = Speaker.objects.get(name="Ada")
    bo = Speaker.objects.get(name="Bo")
    curation.merge_speakers(ada, [bo])  # by mistake
    alias = SpeakerAlias.objects.get(name="Bo")

    assert curation.plan_split(alias).utterances == 1
    split = curation.split_alias(alias)

    assert split.name == "Bo" and split.slug == "bo-2"  # "bo" redirects to Ada now
    assert one.utterances.get(speaker_label="Bo").speaker == split
    assert list(split.aliases.values_list("name", flat=True)) == ["Bo"]
    assert counts(one)["Bo"] == (Role.SPEAKER, 1, 4)
    assert find_drift() == []


def test_split_refuses_the_speakers_own_name(archive):
    alias = SpeakerAlias.objects.get(name="Ada")

    with pytest.raises(ValueError, match="own name"):
        curation.split_alias(alias)


def test_renaming_a_slug_keeps_every_old_slug_redirecting(archive, client):
    ada = Speaker.objects.get(name="Ada")
    first = ada.slug

    curation.rename_speaker_slug(ada, "ada-okafor")
    curation.rename_speaker_slug(ada, "ada-o")

    for slug in (first, "ada-okafor"):
        response = client.get(f"/speakers/{slug}/")
        assert (response.status_code, response["Location"]) == (301, "/speakers/ada-o/")
    curation.rename_speaker_slug(ada, first)  # taking an old one back
    assert client.get(f"/speakers/{first}/").status_code == 200
    assert find_drift() == []


@pytest.mark.parametrize(
    ("slug", "message"),
    [("Not a slug!", "not a slug"), ("bo", "belongs to another speaker"), ("bo-old", "redirects")],
)
def test_renaming_refuses_a_slug_that_is_taken_or_malformed(archive, slug, message):
    bo = Speaker.objects.get(name="Bo")
    curation.rename_speaker_slug(bo, "bo-old")
    curation.rename_speaker_slug(bo, "bo")
    ada = Speaker.objects.get(name="Ada")

    with pytest.raises(ValueError, match=message):
        curation.rename_speaker_slug(ada, slug)


def test_deleting_a_speaker_leaves_their_lines_unattributed(archive):
    one, _ = archive

    curation.delete_speakers(Speaker.objects.filter(name="Bo"))

    assert one.utterances.get(speaker_label="Bo").speaker is None
    assert find_drift() == []


def test_every_operation_then_check_archive_finds_no_drift(archive, capsys):
    one, two = archive
    ada, bo = Speaker.objects.get(name="Ada"), Speaker.objects.get(name="Bo")
    newcomer = curation.new_speaker("Cy")
    curation.reattribute_label(two, "Speaker 2", newcomer)
    curation.edit_utterance(one.utterances.get(speaker_label="Bo"), text="Glad, truly, to be here.")
    curation.credit(two, bo, Role.GUEST)
    curation.merge_speakers(ada, [newcomer])
    curation.split_alias(SpeakerAlias.objects.get(name="Cy"))
    curation.rename_speaker_slug(bo, "bo-the-guest")
    curation.set_published(Speaker.objects.filter(pk=bo.pk), False)
    imported(one, ("Ada", 0, "Welcome to the show!"), ("Speaker 2", 4000, "Who am I, then?"))
    curation.delete_utterances(two.utterances.filter(speaker_label="Ada"))
    curation.delete_episodes(Episode.objects.filter(pk=two.pk))

    call_command("check_archive")

    assert "No drift" in capsys.readouterr().out


def test_check_archive_reports_drift_and_repairs_it(archive, capsys):
    one, _ = archive
    Appearance.objects.filter(episode=one, speaker__name="Ada").update(word_count=99)
    Appearance.objects.filter(episode=one, speaker__name="Bo").delete()

    with pytest.raises(CommandError, match="2 derived values drifted"):
        call_command("check_archive")
    out = capsys.readouterr().out
    assert "stored 1 lines / 99 words, counted 1 / 4" in out
    assert "heard in 1 lines but has no appearance" in out

    call_command("check_archive", "--repair")
    assert "No drift" in capsys.readouterr().out


def test_check_archive_names_a_live_tombstone_and_a_shadowed_slug(archive):
    line = Utterance.objects.first()
    RemovedUtterance.objects.create(id=line.pk, text=line.text)
    ada = Speaker.objects.get(name="Ada")
    SpeakerSlugRedirect.objects.create(old_slug=ada.slug, speaker=ada)

    drift = [str(item) for item in find_drift()]

    assert f"quote {line.pk} is both live and tombstoned" in drift
    assert f"slug {ada.slug!r} is a live speaker's and a redirect too" in drift


def test_every_change_an_episode_page_shows_moves_its_updated_at(archive):
    one, two = archive
    bo = Speaker.objects.get(name="Bo")

    def stamps():
        return dict(Episode.objects.values_list("pk", "updated_at"))

    before = stamps()
    curation.edit_utterance(two.utterances.first(), text="Back again, all of us.")
    after_edit = stamps()
    curation.set_published(Speaker.objects.filter(pk=bo.pk), False)
    after_hide = stamps()
    curation.rename_speaker_slug(bo, "bo-renamed")

    assert after_edit[two.pk] > before[two.pk] and after_edit[one.pk] == before[one.pk]
    assert after_hide[one.pk] > after_edit[one.pk]  # Bo is on episode one only
    assert after_hide[two.pk] == after_edit[two.pk]
    assert stamps()[one.pk] > after_hide[one.pk]
