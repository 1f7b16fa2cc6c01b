"""A visitor searches in a real browser: results, highlights, filters, accessibility."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from archive.ingest import import_transcript
from tests.e2e.conftest import screenshots
from tests.factories import make_episode, make_show, transcript

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archive_lines():
    show = make_show(title="Signal and Noise", slug="signal-and-noise")
    episode = make_episode(show, title="Why Caches Lie", slug="why-caches-lie")
    import_transcript(
        episode,
        transcript(
            ("Ada Okafor", 0, "Welcome back. Today: why every cache eventually lies to you."),
            (
                "Kenji Marlowe",
                4000,
                "The cache stampede at the bank was the worst night of my career.",
            ),
            ("Ada Okafor", 9000, "Tell me what a stampede looks like from the inside."),
        ),
        source="t",
        content_hash="h",
    )
    return episode


def test_a_visitor_searches_and_opens_the_moment(live_server, page, archive_lines):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.goto(live_server.url + "/search/")
    page.get_by_label("Words to find").fill("stampede")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=stampede*")

    hits = page.locator(".search-hit")
    assert hits.count() == 2
    assert hits.first.locator("mark").first.inner_text().lower() == "stampede"
    screenshots(page, "public-search")
    hits.first.get_by_role("link", name="Hear it at").click()
    page.wait_for_url(f"**{archive_lines.get_absolute_url()}#u*")
    assert errors == []


def test_a_query_with_nothing_to_find_explains_itself(live_server, page, archive_lines):
    page.goto(live_server.url + "/search/?q=the")

    assert "too common to search for" in page.get_by_role("status").inner_text()
    screenshots(page, "public-search-refused")


@pytest.mark.parametrize("colour_scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 375, "height": 740}]
)
def test_search_pages_have_no_axe_violations(
    live_server, browser, archive_lines, colour_scheme, viewport
):
    context = browser.new_context(color_scheme=colour_scheme, viewport=viewport)
    page = context.new_page()
    try:
        for query in ("?q=cache", "?q=the", "?q=cache&sort=newest&show=signal-and-noise", ""):
            page.goto(f"{live_server.url}/search/{query}")
            results = Axe().run(page)
            assert results.violations_count == 0, f"/search/{query}:\n{results.generate_report()}"
    finally:
        context.close()


def test_a_search_with_more_matches_than_it_reads_says_so(
    live_server, page, archive_lines, monkeypatch
):
    from archive.search import results

    monkeypatch.setattr(results, "POOL", 1)  # two lines say "cache": more than it reads

    page.goto(live_server.url + "/search/?q=cache")

    assert page.get_by_role("heading", name="More than 1 lines found").is_visible()
    assert "Narrow the search" in page.locator("p.notice").inner_text()
    assert page.locator("mark").count() == 1  # the one line it read, highlighted
    screenshots(page, "search-more-than-the-pool")
