"""A curator imports a transcript through the admin in a real browser."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_episode, make_speaker, vtt

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-curator-password-1"


@pytest.fixture
def curator_page(live_server, page):
    get_user_model().objects.create_superuser("curator", "curator@example.org", PASSWORD)
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("curator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/admin/")
    return page


def open_import_form(page, live_server, episode):
    page.goto(f"{live_server.url}/admin/archive/episode/{episode.pk}/change/")
    page.get_by_role("link", name="Import transcript").click()
    page.wait_for_url(f"**/admin/archive/episode/{episode.pk}/import-transcript/")


def test_curator_uploads_a_transcript_and_maps_a_speaker(live_server, curator_page):
    episode = make_episode(title="Pilot")
    jane = make_speaker("Jane Doe")
    data = vtt(("Speaker 1", 0, 2000, "Welcome to the pilot."), ("Ben", 2000, 4000, "Thanks!"))

    open_import_form(curator_page, live_server, episode)
    curator_page.set_input_files(
        "input[name=file]", files=[{"name": "pilot.vtt", "mimeType": "text/vtt", "buffer": data}]
    )
    curator_page.get_by_label("Speaker map").fill(f"Speaker 1={jane.slug}")
    curator_page.get_by_role("button", name="Import").click()

    messages = curator_page.locator(".messagelist").inner_text()
    assert "imported WebVTT" in messages
    assert "2 created" in messages
    assert "new speakers: Ben" in messages

    curator_page.goto(live_server.url + episode.get_absolute_url())
    first = curator_page.locator(".utterance").first
    assert first.locator(".speaker").inner_text() == "Jane Doe"
    assert first.locator(".utterance-text").inner_text() == "Welcome to the pilot."


def test_curator_sees_where_a_file_is_broken(live_server, curator_page):
    episode = make_episode()
    broken = (
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nFine.\n\n00:00:03.000 --> 00:00:xx.000\nBad.\n"
    )

    open_import_form(curator_page, live_server, episode)
    curator_page.set_input_files(
        "input[name=file]", files=[{"name": "broken.vtt", "mimeType": "text/vtt", "buffer": broken}]
    )
    curator_page.get_by_role("button", name="Import").click()

    error = curator_page.locator(".errorlist").inner_text()
    assert "broken.vtt: cue 2" in error
    assert "is not a time" in error
    assert episode.utterances.count() == 0
