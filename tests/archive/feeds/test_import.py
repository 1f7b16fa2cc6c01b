"""Feed import: the corpus feeds, refreshes that keep curators' fixes, and bad items."""

from __future__ import annotations

import pytest

from archive.curation.audit import find_drift
from archive.feeds.importer import Options, import_feed_file
from archive.feeds.parsed import FeedError
from archive.feeds.summary import Status
from archive.models import Appearance, Episode, Role, Show
from speakers.models import LinkKind, Speaker, SpeakerLink
from tests.factories import make_appearance, make_episode, make_show, make_speaker
from tests.feeds import item, person, rss, transcript

pytestmark = pytest.mark.django_db

OFFLINE = Options(transcripts=False)


def run(data: bytes, **options):
    return import_feed_file(data, source="feed.xml", options=Options(transcripts=False, **options))


def credits_of(episode: Episode) -> dict[str, str]:
    return {a.speaker.name: a.role for a in episode.appearances.select_related("speaker")}


# The corpus, as EXPECTED.md describes it


def import_corpus(corpus, name: str):
    data = (corpus / name).read_bytes()
    return import_feed_file(data, source=name, options=OFFLINE)


def test_item_persons_replace_the_channel_host(corpus):
    summary = import_corpus(corpus, "rss_mike-neumann-show_channel-host-item-guest_transcript.xml")

    show = Show.objects.get(slug=summary.show)
    assert show.title == "The Mike Neumann Show" and show.author == "Mike Neumann"
    assert show.episodes.count() == 5
    episode = show.episodes.get(guid="fe49b65b-9026-4f0d-9758-8b4b746bbb88")
    assert episode.title == "Resilience"
    # Each item lists its guest, so the channel's host is not credited (the spec's rule).
    assert credits_of(episode) == {"Dr. Timothy M. Jurgensen": Role.GUEST}
    assert not Speaker.objects.filter(name="Mike Neumann").exists()
    report = summary.items[4]
    assert report.status is Status.ADDED
    assert report.transcript.endswith("themnshow050-20240622-DRAFT-transcript.vtt")  # VTT over SRT


def test_a_person_without_a_role_is_a_host(corpus):
    summary = import_corpus(corpus, "rss_no-agenda_person-without-role.xml")

    for episode in Show.objects.get(slug=summary.show).episodes.all():
        assert credits_of(episode) == {"Adam Curry": Role.HOST, "John C Dvorak": Role.HOST}


def test_hosts_and_guests_with_identity_links_and_photos(corpus):
    summary = import_corpus(corpus, "rss_podcasting20_person-host-guest_transcript-srt.xml")

    show = Show.objects.get(slug=summary.show)
    episode = show.episodes.get(guid="PC2057")
    assert credits_of(episode) == {
        "Adam Curry": Role.HOST,
        "Dave Jones": Role.HOST,
        "Brian of London": Role.GUEST,
    }
    assert credits_of(show.episodes.get(guid="PC2055")) == {
        "Adam Curry": Role.HOST,
        "Dave Jones": Role.HOST,
    }
    dave = Speaker.objects.get(name="Dave Jones")
    assert dave.image_url.startswith("https://")
    assert dave.links.get().kind == LinkKind.PODCAST_PERSON
    assert sorted(summary.speakers_created) == sorted(
        ["Adam Curry", "Dave Jones", "Brian of London", "Graham Krizek", "Hass McCook"]
    )


def test_feeds_without_persons_import_their_episodes(corpus):
    techdirt = import_corpus(corpus, "rss_techdirt_itunes-only.xml")
    omny = import_corpus(corpus, "rss_omny-seattle-official_transcript-only_current-ns.xml")

    assert Show.objects.get(slug=techdirt.show).episodes.count() == 7
    assert Show.objects.get(slug=omny.show).episodes.count() == 2
    assert not Appearance.objects.exists()
    assert "format=WebVTT" in omny.items[0].transcript  # VTT over SRT and plain text


def test_every_corpus_feed_imports_twice_without_a_change(corpus):
    names = sorted(path.name for path in corpus.glob("rss_*.xml"))
    assert len(names) == 5
    for name in names:
        import_corpus(corpus, name)
    episodes = Episode.objects.count()

    for name in names:
        again = import_corpus(corpus, name)
        assert not again.changed, again.lines()
        assert again.count()[Status.UNCHANGED] == len(again.items)
    assert Episode.objects.count() == episodes == 20
    assert find_drift() == []


# Refreshing


def test_a_refresh_that_changes_nothing_writes_nothing():
    run(rss(item("a")))
    show, episode = Show.objects.get(), Episode.objects.get()

    run(rss(item("a")))

    assert Show.objects.get().updated_at == show.updated_at
    assert Episode.objects.get().updated_at == episode.updated_at


def test_a_new_item_adds_exactly_one_episode():
    first = item("a", "First")
    run(rss(first))

    summary = run(rss(item("b", "Second", "Tue, 07 Jan 2025 10:00:00 +0000"), first))

    assert [(r.guid, r.status) for r in summary.items] == [
        ("b", Status.ADDED),
        ("a", Status.UNCHANGED),
    ]
    assert Episode.objects.count() == 2


def test_a_curators_fix_survives_a_refresh_that_did_not_change_the_field():
    run(rss(item("a", "Frist episode", audio="https://cdn.example/a.mp3")))
    episode = Episode.objects.get()
    episode.title = "First episode"
    episode.save()

    unchanged = run(rss(item("a", "Frist episode", audio="https://cdn.example/a.mp3")))
    assert unchanged.items[0].status is Status.UNCHANGED
    assert Episode.objects.get().title == "First episode"

    moved = run(rss(item("a", "Frist episode", audio="https://cdn.example/a2.mp3")))
    assert moved.items[0].detail == "audio_url"
    episode = Episode.objects.get()
    assert (episode.title, episode.audio_url) == ("First episode", "https://cdn.example/a2.mp3")


def test_a_title_the_feed_changes_is_taken_and_the_slug_stays():
    run(rss(item("a", "Old title")))
    slug = Episode.objects.get().slug

    summary = run(rss(item("a", "New title")))

    assert summary.items[0].status is Status.UPDATED
    assert Episode.objects.get().title == "New title"
    assert Episode.objects.get().slug == slug


def test_a_curators_credit_fix_survives_and_a_new_guest_is_added():
    host = person("Ann Host", "host")
    run(rss(item("a", extra=host + person("Bob Guest", "guest"))))
    episode = Episode.objects.get()
    bob = Speaker.objects.get(name="Bob Guest")
    Appearance.objects.filter(speaker=bob).update(role=Role.CO_HOST)  # the curator knows better

    run(rss(item("a", extra=host + person("Bob Guest", "guest") + person("Cy New", "guest"))))

    assert credits_of(episode) == {
        "Ann Host": Role.HOST,
        "Bob Guest": Role.CO_HOST,
        "Cy New": Role.GUEST,
    }


def test_a_person_the_feed_drops_loses_the_credit():
    run(rss(item("a", extra=person("Ann Host") + person("Bob Guest", "guest"))))

    summary = run(rss(item("a", extra=person("Ann Host"))))

    assert summary.items[0].detail == "credits"
    assert credits_of(Episode.objects.get()) == {"Ann Host": Role.HOST}
    assert find_drift() == []


def test_an_episode_a_curator_made_is_filled_in_not_overwritten():
    show = make_show(title="The Test Show", slug="test-show")
    make_episode(show, guid="a", title="Curated title", description="")

    summary = run(
        rss(item("a", "Feed title", extra="<description>Notes.</description>")),
        show_slug="test-show",
    )

    episode = Episode.objects.get()
    assert summary.items[0].status is Status.UPDATED
    assert (episode.title, episode.description) == ("Curated title", "Notes.")


def test_a_file_import_never_takes_over_a_show_made_by_hand():
    make_show(title="The Test Show", slug="the-test-show")

    summary = run(rss(item("a")))

    assert summary.show_created and summary.show == "the-test-show-2"


# People


def test_an_identity_link_finds_the_speaker_under_another_spelling():
    tim = make_speaker("Tim Jurgensen")
    SpeakerLink.objects.create(speaker=tim, kind=LinkKind.PODCAST_PERSON, url="https://tim.example")

    run(rss(item("a", extra=person("Dr. Timothy Jurgensen", "guest", href="https://tim.example/"))))

    assert credits_of(Episode.objects.get()) == {"Tim Jurgensen": Role.GUEST}
    assert Speaker.objects.by_name("Dr. Timothy Jurgensen").get() == tim
    assert tim.links.count() == 1


def test_a_namesake_with_another_identity_link_is_another_person():
    other = make_speaker("Jane Doe")
    SpeakerLink.objects.create(speaker=other, kind=LinkKind.PODCAST_PERSON, url="https://a.example")

    summary = run(rss(item("a", extra=person("Jane Doe", "guest", href="https://b.example"))))

    credited = Appearance.objects.get().speaker
    assert credited != other and credited.name == "Jane Doe"
    assert "identity link differs" in summary.warnings[0]


def test_crew_are_reported_not_credited():
    summary = run(
        rss(
            item(
                "a",
                extra=person("Ann Host")
                + person("Ed Itor", "editor", group="audio post-production"),
            )
        )
    )

    assert credits_of(Episode.objects.get()) == {"Ann Host": Role.HOST}
    assert "crew" in summary.items[0].warnings[0]


def test_a_person_image_does_not_replace_a_curators_photo():
    ann = make_speaker("Ann Host", image_url="https://curated.example/ann.jpg")

    run(rss(item("a", extra=person("Ann Host", img="https://feed.example/ann.jpg"))))

    ann.refresh_from_db()
    assert ann.image_url == "https://curated.example/ann.jpg"


# Bad items never lose the good ones


def test_missing_and_duplicate_guids_and_bad_dates_are_reported_per_item():
    data = rss(
        item(None, "Derived from audio", audio="https://cdn.example/1.mp3"),
        item("dup", "Original"),
        item("dup", "Copy"),
        item("d", "Undated", date="next Tuesday"),
        item(None, "Nothing to go on", date=""),
    )

    summary = run(data)

    statuses = [(r.title, r.status) for r in summary.items]
    assert statuses == [
        ("Derived from audio", Status.ADDED),
        ("Original", Status.ADDED),
        ("Copy", Status.SKIPPED),
        ("Undated", Status.ADDED),
        ("Nothing to go on", Status.SKIPPED),
    ]
    assert "no guid" in summary.items[4].detail
    assert "the same guid as item 2" in summary.items[2].detail
    assert "next Tuesday" in " ".join(summary.items[3].warnings)
    assert Episode.objects.get(title="Undated").published_at is None
    assert Episode.objects.get(title="Derived from audio").guid == "https://cdn.example/1.mp3"


def test_an_unreadable_feed_writes_nothing():
    with pytest.raises(FeedError, match="line"):
        run(b"<rss><channel><title>Broken</title><item></channel></rss>")
    assert not Show.objects.exists()


def test_a_dry_run_reports_and_writes_nothing():
    summary = run(
        rss(item("a", extra=person("Ann Host") + transcript("https://t.example/a.vtt"))),
        dry_run=True,
    )

    assert summary.dry_run and summary.count()[Status.ADDED] == 1
    assert summary.items[0].transcript == "would fetch: https://t.example/a.vtt"
    assert not Show.objects.exists() and not Speaker.objects.exists()


def test_a_show_slug_given_by_the_curator_is_used():
    summary = run(rss(item("a")), show_slug="my-show")

    assert summary.show == "my-show" and Show.objects.get().slug == "my-show"


def test_credited_people_are_kept_on_an_episode_with_a_transcript_already():
    show = make_show(title="The Test Show")
    episode = make_episode(show, guid="a")
    ann = make_speaker("Ann Host")
    make_appearance(episode, ann, role=Role.SPEAKER, utterance_count=3, word_count=30)

    run(rss(item("a", extra=person("Ann Host"))), show_slug=show.slug)

    appearance = Appearance.objects.get()
    assert (appearance.role, appearance.utterance_count) == (Role.HOST, 3)
