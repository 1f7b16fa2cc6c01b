"""Every public page passes axe-core's automated accessibility rules in a real browser."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from archive.models import Role
from tests.factories import make_appearance, make_episode, make_show, make_speaker, make_utterance

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def public_pages():
    show = make_show(title="Signal and Noise", slug="signal-and-noise", description="Talk.")
    host = make_speaker("Ada Okafor", bio="Host of the show.")
    episode = make_episode(show, title="Why Caches Lie", audio_url="https://example.org/1.mp3")
    make_appearance(episode, host, role=Role.HOST)
    make_utterance(episode, host, start_ms=0, text="Welcome to Signal and Noise.")
    make_utterance(episode, None, speaker_label="Speaker 2", start_ms=4200, text="Hello.")
    return {
        "home": "/",
        "show": show.get_absolute_url(),
        "episode": episode.get_absolute_url(),
        "speaker": host.get_absolute_url(),
        "not found": "/no/such/page/",
    }


@pytest.mark.parametrize("colour_scheme", ["light", "dark"])
def test_public_pages_have_no_axe_violations(live_server, browser, public_pages, colour_scheme):
    context = browser.new_context(color_scheme=colour_scheme)
    page = context.new_page()
    axe = Axe()
    try:
        for name, path in public_pages.items():
            page.goto(live_server.url + path)
            results = axe.run(page)
            assert results.violations_count == 0, f"{name} page:\n{results.generate_report()}"
    finally:
        context.close()
