"""Adding a show from its feed in the admin, then reading it as a visitor, in a real browser."""

import pytest

from tests.e2e.conftest import log_in, screenshots
from tests.factories import make_staff, vtt
from tests.feeds import item, person, rss, transcript

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def feed(feed_server):
    feed_server.serve(
        "/t/42.vtt",
        vtt(
            ("Ann", 0, 5000, "Welcome to the Field Notes episode about tide pools and patience."),
            ("Rosa Marin", 5000, 12000, "Thank you. I have spent twenty winters on that shore."),
            ("Ann", 12000, 16000, "Then start at the beginning: what did you see first?"),
        ),
    )
    feed_server.serve(
        "/feed.xml",
        rss(
            item(
                "fn-42",
                "Tide pools, with Rosa Marin",
                extra=person("Ann Host")
                + person("Rosa Marin", "guest", img="")
                + transcript(feed_server.url("/t/42.vtt")),
                audio="https://cdn.example/fn-42.mp3",
            ),
            item(
                "fn-41",
                "Listener questions",
                "Mon, 30 Dec 2024 10:00:00 +0000",
                extra=person("Ann Host"),
            ),
            title="Field Notes",
        ),
    )
    return feed_server.url("/feed.xml")


def test_a_curator_adds_a_show_from_its_feed_and_a_visitor_reads_it(live_server, page, feed):
    make_staff(curator=True, username="curator")
    log_in(page, live_server.url, "curator", "a-long-test-password")

    page.goto(live_server.url + "/admin/archive/show/")
    page.get_by_role("link", name="Add show from feed").click()
    page.wait_for_url("**/add-from-feed/")
    page.get_by_label("Feed URL").fill(feed)
    screenshots(page, "admin-add-show-from-feed")
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/change/")
    assert "2 added" in page.locator(".messagelist").inner_text()
    screenshots(page, "admin-show-imported-from-feed")

    page.goto(live_server.url + "/shows/field-notes/")
    assert page.get_by_role("link", name="Tide pools, with Rosa Marin").is_visible()
    screenshots(page, "public-show-from-feed")
    page.get_by_role("link", name="Tide pools, with Rosa Marin").click()
    page.wait_for_load_state()
    transcript_text = page.locator("main").inner_text()
    assert "Ann Host" in transcript_text and "twenty winters" in transcript_text
    screenshots(page, "public-episode-from-feed")
