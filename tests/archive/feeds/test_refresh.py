"""Feeds and transcripts over HTTP from a local server: refreshes, permalinks, refusals."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from archive.curation.audit import find_drift
from archive.feeds.fetch import FetchError
from archive.feeds.importer import Options, import_feed_file, import_feed_url, refresh_show
from archive.feeds.parsed import FeedError
from archive.feeds.summary import Status
from archive.models import Episode, Show, Utterance
from tests.factories import vtt
from tests.feeds import item, person, rss, transcript

pytestmark = pytest.mark.django_db

LINES = [
    ("Ann", 0, 4000, "Welcome back to the show, everyone listening today."),
    ("Bob Guest", 4000, 9000, "Thanks for having me, it is good to be here."),
    ("Ann", 9000, 14000, "Let us talk about what you built this year."),
]


def serve_show(feed_server, lines=LINES, *, etag: str = "", transcript_etag: str = ""):
    """A feed with one episode whose transcript is a WebVTT file on the same server."""
    feed_server.serve("/t/1.vtt", vtt(*lines), etag=transcript_etag)
    data = rss(
        item(
            "ep-1",
            "Episode one",
            extra=person("Ann Host")
            + person("Bob Guest", "guest")
            + transcript(feed_server.url("/t/1.vtt")),
        )
    )
    feed_server.serve("/feed.xml", data, etag=etag)
    return feed_server.url("/feed.xml")


def lines_by_text() -> dict[str, int]:
    return dict(Utterance.objects.values_list("text", "pk"))


def test_a_show_with_its_transcript_and_credited_labels(feed_server):
    url = serve_show(feed_server)

    summary = import_feed_url(url)

    show = Show.objects.get()
    assert show.feed_url == url
    episode = Episode.objects.get()
    assert summary.items[0].transcript.startswith("WebVTT: 3 lines created")
    # "Ann" is a first name only the credited "Ann Host" has.
    assert [u.speaker.name for u in episode.utterances.select_related("speaker")] == [
        "Ann Host",
        "Bob Guest",
        "Ann Host",
    ]
    assert find_drift() == []
    assert (
        "PodcastAppearanceArchive" in feed_server.requests_to("/feed.xml")[0].headers["User-Agent"]
    )


def test_a_refresh_asks_conditionally_and_a_304_does_nothing(feed_server):
    url = serve_show(feed_server, etag='"v1"', transcript_etag='"t1"')
    import_feed_url(url)

    summary = refresh_show(Show.objects.get())

    assert summary.not_modified and not summary.changed
    assert feed_server.requests_to("/feed.xml")[-1].headers["If-None-Match"] == '"v1"'


def test_an_unchanged_transcript_is_not_imported_again(feed_server):
    url = serve_show(feed_server, transcript_etag='"t1"')
    import_feed_url(url)
    imported_at = Episode.objects.get().transcript_imported_at

    summary = import_feed_url(url)

    assert summary.items[0].transcript == "unchanged (the server says not modified)"
    assert feed_server.requests_to("/t/1.vtt")[-1].headers["If-None-Match"] == '"t1"'
    assert Episode.objects.get().transcript_imported_at == imported_at
    assert not summary.changed


def test_the_same_transcript_bytes_without_validators_are_skipped(feed_server):
    url = serve_show(feed_server)
    import_feed_url(url)

    summary = import_feed_url(url)

    assert summary.items[0].transcript == "unchanged (the same content)"
    assert summary.items[0].status is Status.UNCHANGED


def test_a_corrected_transcript_keeps_every_permalink(feed_server):
    url = serve_show(feed_server)
    import_feed_url(url)
    before = lines_by_text()
    corrected = [*LINES[:2], ("Ann", 9000, 14000, "Let us talk about what you built this year!")]
    serve_show(feed_server, corrected)

    summary = import_feed_url(url)

    assert summary.items[0].status is Status.UPDATED and "transcript" in summary.items[0].detail
    after = Utterance.objects.order_by("sequence").values_list("pk", flat=True)
    assert list(after) == sorted(before.values())
    assert Utterance.objects.get(pk=before[LINES[2][3]]).text.endswith("year!")


def test_a_curators_upload_survives_a_refresh_of_an_unchanged_feed_transcript(feed_server):
    from archive.ingest import import_transcript_file

    url = serve_show(feed_server)
    import_feed_url(url)
    episode = Episode.objects.get()
    fixed = vtt(("Ann Host", 0, 4000, "Welcome back to the show, everyone listening now."))
    import_transcript_file(episode, fixed, source="fixed.vtt")

    import_feed_url(url)

    assert Episode.objects.get().transcript_source == "fixed.vtt"


def test_a_transcript_at_a_private_address_is_refused_and_the_episode_stays(feed_server):
    data = rss(item("a", extra=transcript("http://10.0.0.8/t.vtt")))
    feed_server.serve("/feed.xml", data)

    summary = import_feed_url(feed_server.url("/feed.xml"))

    assert summary.items[0].status is Status.ADDED
    assert summary.items[0].transcript.startswith("not fetched:")
    assert "private" in summary.items[0].transcript
    assert not Utterance.objects.exists()


def test_a_broken_transcript_is_reported_and_the_rest_imports(feed_server):
    feed_server.serve("/t/bad.vtt", b"WEBVTT\n\n00:00:01.000 --> nonsense\nHello\n")
    data = rss(
        item("a", extra=transcript(feed_server.url("/t/bad.vtt"))),
        item("b", "Second", extra=transcript(feed_server.url("/t/missing.vtt"))),
    )
    feed_server.serve("/feed.xml", data)

    summary = import_feed_url(feed_server.url("/feed.xml"))

    assert summary.items[0].transcript.startswith("refused:")
    assert "404" in summary.items[1].transcript
    assert Episode.objects.count() == 2


def test_a_feed_url_inside_our_network_is_refused(settings):
    settings.FEED_ALLOWED_HOSTS = []
    with pytest.raises(FetchError, match="refused"):
        import_feed_url("http://127.0.0.1:9/feed.xml")
    assert not Show.objects.exists()


def test_a_feed_with_entity_expansion_over_http_writes_nothing(feed_server):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><title>&b;</title>'
        b"</channel></rss>"
    )
    feed_server.serve("/feed.xml", laughs)

    with pytest.raises(FeedError, match="entit"):
        import_feed_url(feed_server.url("/feed.xml"))
    assert not Show.objects.exists()


def test_the_import_query_count_does_not_grow_with_the_feed(django_assert_max_num_queries):
    def feed(items: int) -> bytes:
        return rss(
            *(
                item(
                    f"g{n}",
                    f"Episode {n}",
                    extra=person("Ann Host") + person(f"Guest {n}", "guest"),
                )
                for n in range(items)
            ),
            title=f"Show of {items}",
        )

    with django_assert_max_num_queries(40):
        import_feed_file(feed(5), source="small.xml", options=Options(transcripts=False))
    with django_assert_max_num_queries(40):
        summary = import_feed_file(feed(400), source="big.xml", options=Options(transcripts=False))
    assert summary.count()[Status.ADDED] == 400


# The commands


def test_import_feed_command_from_a_url_and_a_dry_run(feed_server, capsys):
    url = serve_show(feed_server)

    call_command("import_feed", url, "--dry-run")
    assert not Show.objects.exists()
    assert "Would import" in capsys.readouterr().out

    call_command("import_feed", url, "--show", "my-show")
    assert Show.objects.get().slug == "my-show"
    assert "1 added" in capsys.readouterr().out


def test_import_feed_command_names_a_bad_file(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_bytes(b"<rss><channel><title>x</channel></rss>")

    with pytest.raises(CommandError, match=r"broken\.xml, line 1"):
        call_command("import_feed", str(path))


def test_refresh_feeds_goes_on_past_a_failing_feed(feed_server, capsys):
    good = serve_show(feed_server)
    import_feed_url(good)
    Show.objects.create(title="Gone", slug="gone", feed_url=feed_server.url("/gone.xml"))
    feed_server.serve("/feed.xml", rss(item("ep-1", "Episode one"), item("ep-2", "Episode two")))

    with pytest.raises(CommandError, match="1 feeds failed: gone"):
        call_command("refresh_feeds", "--no-transcripts")

    assert Episode.objects.filter(guid="ep-2").exists()
    assert "404" in capsys.readouterr().err
