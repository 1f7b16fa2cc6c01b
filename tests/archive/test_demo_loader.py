"""``load_demo``: the manifest loader ``make run`` uses, on a small manifest of its own.

One test loads the real demo, to pin what its generated feed adds.
"""

import re

import pytest
from django.core.management import call_command

from archive.curation.audit import find_drift
from archive.demo import ManifestError, load_demo
from archive.feeds.summary import Status
from archive.models import Appearance, Episode, Show, Utterance
from speakers.models import Speaker
from tests.factories import vtt
from tests.feeds import item, person, rss

pytestmark = pytest.mark.django_db

MANIFEST = """
[[speakers]]
name = "Ada Okafor"
slug = "ada-okafor"
bio = "Host."
aliases = ["Ada Okafo"]

[[speakers]]
name = "Tim Davis"
slug = "tim-davis-ai"
disambiguation = "AI researcher"

[[speakers]]
name = "Tim Davis"
slug = "tim-davis-music"
disambiguation = "musician"

[[shows]]
slug = "signal"
title = "Signal"
feed_url = "https://demo.invalid/signal.xml"

  [[shows.episodes]]
  guid = "signal-1"
  slug = "one"
  title = "One"
  published_at = 2020-01-02T09:00:00Z
  duration = 600
  transcript = "one.vtt"
  people = [
    { speaker = "ada-okafor", role = "host" },
    { speaker = "tim-davis-music", role = "guest" },
  ]
  speaker_map = { "Tim Davis" = "tim-davis-music" }

  [[shows.episodes]]
  guid = "signal-2"
  slug = "two"
  title = "Two"
  published_at = 2021-05-06T09:00:00Z
  people = [{ speaker = "tim-davis-ai", role = "guest" }]
"""


FEEDS = """
[[feeds]]
file = "phone-in.xml"
show = "phone-in"
"""
# The newest item names nobody, so it takes the channel's host.
PHONE_IN = rss(
    item("call-2", "Second call", "Thu, 04 Mar 2021 07:00:00 +0000"),
    item(
        "call-1",
        "First call",
        "Thu, 25 Feb 2021 07:00:00 +0000",
        extra=person("Ada Okafo", "host") + person("Morwenna Quill", "guest"),
    ),
    title="Phone-in",
    extra=person("Ada Okafor", "host"),
)
# What fixtures/demo/make_feed.py generates; regenerate the feed and update these together.
OPEN_LINE_EPISODES = 197
ADA_ON_OPEN_LINE = 38


@pytest.fixture
def manifest(tmp_path):
    (tmp_path / "manifest.toml").write_text(MANIFEST)
    (tmp_path / "one.vtt").write_bytes(
        vtt(("Ada Okafo", 0, 1000, "Welcome."), ("Tim Davis", 1000, 3000, "Thanks for having me."))
    )
    return tmp_path / "manifest.toml"


def test_demo_loads_through_the_importer(manifest):
    report = load_demo(manifest)

    assert (report.shows_created, report.episodes_created, report.speakers_created) == (1, 2, 3)
    assert Speaker.objects.count() == 3  # the misspelt alias found Ada; the map found the musician
    musician = Speaker.objects.get(slug="tim-davis-music")
    assert Utterance.objects.get(speaker_label="Tim Davis").speaker == musician
    roles = dict(Appearance.objects.values_list("speaker__slug", "role"))
    assert roles == {"ada-okafor": "host", "tim-davis-music": "guest", "tim-davis-ai": "guest"}
    assert Appearance.objects.get(speaker=musician).utterance_count == 1
    assert Episode.objects.get(slug="one").transcript_format == "vtt"


def test_loading_again_changes_nothing_and_keeps_curation(manifest):
    load_demo(manifest)
    line = Utterance.objects.get(speaker_label="Ada Okafo")
    line.text = "Welcome, everyone."  # a curator's fix
    line.save()
    Show.objects.update(title="Signal (curated)")

    report = load_demo(manifest)

    assert not report.changed
    assert Utterance.objects.get(pk=line.pk).text == "Welcome, everyone."
    assert Show.objects.get().title == "Signal (curated)"
    assert Utterance.objects.count() == 2


def test_command_says_when_nothing_changed(manifest, capsys):
    call_command("load_demo", "--manifest", str(manifest))
    assert "2 episodes" in capsys.readouterr().out

    call_command("load_demo", "--manifest", str(manifest))
    assert "nothing changed" in capsys.readouterr().out


def test_unknown_speaker_slug_is_refused_and_nothing_lands(manifest):
    manifest.write_text(MANIFEST.replace('speaker = "tim-davis-ai"', 'speaker = "nobody"'))

    with pytest.raises(ManifestError, match="'nobody'"):
        load_demo(manifest)
    assert not Show.objects.exists()


@pytest.fixture
def manifest_with_feed(manifest):
    manifest.write_text(MANIFEST + FEEDS)
    (manifest.parent / "phone-in.xml").write_bytes(PHONE_IN)
    return manifest


def _credits(show_slug: str) -> set[tuple[str, str, str]]:
    rows = Appearance.objects.filter(episode__show__slug=show_slug)
    return set(rows.values_list("episode__guid", "speaker__name", "role"))


def test_a_listed_feed_becomes_a_show_through_the_feed_importer(manifest_with_feed):
    report = load_demo(manifest_with_feed)

    assert report.feeds[0].count()[Status.ADDED] == 2
    assert Show.objects.get(slug="phone-in").title == "Phone-in"
    assert _credits("phone-in") == {
        ("call-1", "Ada Okafor", "host"),  # the misspelling found her through her alias
        ("call-1", "Morwenna Quill", "guest"),  # new to the archive
        ("call-2", "Ada Okafor", "host"),  # the channel's host, for an item naming nobody
    }
    assert Speaker.objects.count() == 4  # the manifest's three and the feed's newcomer
    assert not Utterance.objects.filter(episode__show__slug="phone-in").exists()


def test_loading_a_feed_again_changes_nothing_and_keeps_curation(manifest_with_feed):
    load_demo(manifest_with_feed)
    Episode.objects.filter(guid="call-1").update(title="First call (curated)")
    before = set(Episode.objects.values_list("guid", "title", "updated_at"))

    report = load_demo(manifest_with_feed)

    assert not report.changed
    assert report.feeds[0].count()[Status.UNCHANGED] == 2
    assert set(Episode.objects.values_list("guid", "title", "updated_at")) == before
    assert len(_credits("phone-in")) == 3


def test_command_reports_the_feed(manifest_with_feed, capsys):
    call_command("load_demo", "--manifest", str(manifest_with_feed))
    out = capsys.readouterr().out
    assert "Imported phone-in.xml into phone-in (new show): 2 added" in out
    assert "new speakers: Morwenna Quill" in out

    call_command("load_demo", "--manifest", str(manifest_with_feed))
    assert "nothing changed" in capsys.readouterr().out


@pytest.mark.parametrize(
    "feed, problem",
    [
        (b"<rss><channel><title>Cut short", "phone-in.xml, line 1: not well-formed XML"),
        (None, "No such file"),
        (rss(item(None, "No guid", "")), "item 1 'No guid': skipped: no guid"),
    ],
)
def test_a_feed_that_cannot_be_read_whole_is_refused_and_nothing_lands(
    manifest_with_feed, feed, problem
):
    path = manifest_with_feed.parent / "phone-in.xml"
    if feed is None:
        path.unlink()
    else:
        path.write_bytes(feed)

    with pytest.raises(ManifestError, match=re.escape(problem)):
        load_demo(manifest_with_feed)
    assert not Show.objects.exists()


def test_the_demo_loads_its_feed_show_with_every_credit_and_no_drift():
    """The real demo, once: the generated feed lands whole, credited as generated."""
    load_demo()

    show = Show.objects.get(slug="open-line")
    assert show.episodes.count() == OPEN_LINE_EPISODES
    ada = Appearance.objects.filter(speaker__slug="ada-okafor", episode__show=show)
    assert ada.count() == ADA_ON_OPEN_LINE and {a.role for a in ada} == {"guest"}
    off_air = Appearance.objects.filter(episode__show=show, episode__title="Off Air Until Spring")
    assert set(off_air.values_list("speaker__slug", "role")) == {
        ("hattie-bellamy", "host"),
        ("jonah-whitlock", "host"),
    }
    assert Appearance.objects.filter(speaker__slug="tim-davis-ai", episode__show=show).exists()
    assert not Appearance.objects.filter(speaker__slug="tim-davis-musician", episode__show=show)
    lighthouse_keeper = Speaker.objects.get(aliases__name="Perpetua Ashdowne")
    assert lighthouse_keeper.appearances.count() == 2  # two spellings, one identity link
    assert find_drift() == []
    assert not load_demo().changed
