"""``load_demo``: the manifest loader ``make run`` uses, on a small manifest of its own."""

import pytest
from django.core.management import call_command

from archive.demo import ManifestError, load_demo
from archive.models import Appearance, Episode, Show, Utterance
from speakers.models import Speaker
from tests.factories import vtt

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
