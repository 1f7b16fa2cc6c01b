"""A visitor browses from the home page to an episode's transcript and a speaker's page."""

import pytest

from archive.models import Role
from tests.factories import make_appearance, make_episode, make_show, make_speaker, make_utterance

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archive_data():
    show = make_show(title="Signal and Noise", slug="signal-and-noise")
    host = make_speaker("Ada Okafor")
    episode = make_episode(show, title="Why Caches Lie", slug="why-caches-lie")
    make_appearance(episode, host, role=Role.HOST)
    make_utterance(episode, host, start_ms=0, text="Welcome to Signal and Noise.")
    make_utterance(episode, None, speaker_label="Speaker 2", start_ms=4200, text="Glad to be here.")
    return episode


def test_visitor_reads_a_transcript_and_finds_the_speaker(live_server, page, archive_data):
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", name="Latest episodes").is_visible()

    page.get_by_role("link", name="Why Caches Lie").click()
    page.wait_for_url("**/shows/signal-and-noise/why-caches-lie/")
    transcript = page.locator(".transcript")
    assert transcript.locator(".utterance").count() == 2
    assert "Glad to be here." in transcript.inner_text()
    assert page.locator(".utterance .unattributed").inner_text() == "Speaker 2"

    page.locator(".utterance").first.get_by_role("link", name="Ada Okafor").click()
    page.wait_for_url("**/speakers/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Ada Okafor"
    assert page.get_by_role("link", name="Why Caches Lie").is_visible()


def test_pages_fit_a_phone_screen(live_server, phone, archive_data):
    speaker = archive_data.appearances.get().speaker
    for path in [
        "/",
        archive_data.get_absolute_url(),
        speaker.get_absolute_url(),
        "/no/such/page/",
    ]:
        phone.goto(live_server.url + path)
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
        margin = phone.evaluate("getComputedStyle(document.body).margin")
        assert margin == "0px", f"{path}: site.css was not applied"
