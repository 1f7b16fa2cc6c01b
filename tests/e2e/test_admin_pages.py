"""Every curation page in a real browser, at desktop and phone width, saved as screenshots."""

import pytest

from archive import curation
from archive.models import Role
from speakers.models import LinkKind, SpeakerLink
from tests.e2e.conftest import log_in, screenshots
from tests.factories import make_long_episode, make_speaker, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def curated(live_server, page):
    make_staff(curator=True, username="curator")
    log_in(page, live_server.url, "curator", "a-long-test-password")
    ada, bo = make_speaker("Ada Okafor"), make_speaker("Bo Lind")
    episode = make_long_episode(
        240,
        [ada, bo],
        title="A rather long episode title about caches, queues and the people who debug them",
    )
    curation.credit(episode, ada, Role.HOST)
    SpeakerLink.objects.create(speaker=ada, kind=LinkKind.WIKIDATA, url="https://example.org/Q1")
    return episode, ada, bo


def test_episode_list_shows_every_column_at_1280(live_server, page, curated):
    page.goto(live_server.url + "/admin/archive/episode/")

    last_header = page.locator("#result_list thead th").last
    box = last_header.bounding_box()
    assert box["x"] + box["width"] <= 1280
    assert page.get_by_role("link", name="Lines").is_visible()
    screenshots(page, "admin-episode-list")


def test_episode_page_and_its_lines(live_server, page, curated):
    episode, _, _ = curated

    page.goto(f"{live_server.url}/admin/archive/episode/{episode.pk}/change/")
    assert page.get_by_role("link", name="Speaker 9").is_visible()
    screenshots(page, "admin-episode-change")

    page.get_by_role("link", name="Speaker 9").click()
    page.wait_for_url("**/admin/archive/utterance/?*label=Speaker+9")
    assert page.locator("#result_list tbody tr").count() == 80
    screenshots(page, "admin-episode-lines")

    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("reattribute_selected")
    page.get_by_role("button", name="Go").click()
    page.wait_for_load_state()
    assert "80 selected lines" in page.locator("#content-main").inner_text()
    screenshots(page, "admin-attribute-lines")


def test_speaker_page_and_split(live_server, page, curated):
    _, ada, bo = curated
    curation.merge_speakers(ada, [bo])

    page.goto(f"{live_server.url}/admin/speakers/speaker/{ada.pk}/change/")
    screenshots(page, "admin-speaker-change")
    page.get_by_role("link", name="Split off…").first.click()
    page.wait_for_url("**/split/")
    assert "becomes a speaker of its own" in page.locator("#content-main").inner_text()
    screenshots(page, "admin-split-alias")


def test_public_speaker_page_lists_identity_links(live_server, page, curated):
    _, ada, _ = curated

    page.goto(live_server.url + ada.get_absolute_url())

    assert page.get_by_role("link", name="Wikidata item").is_visible()
    screenshots(page, "public-speaker")
