"""Quote permalinks in a real browser: the page on a phone and a desktop, its audio, passages.

Screenshots: screenshots/quote-*-{desktop,phone}.png; look at them.
"""

import pytest

from archive.demo import load_demo
from archive.models import Utterance
from tests.e2e.conftest import SCREENSHOTS, screenshots

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(live_server):
    load_demo()
    return live_server.url


def a_quote_with_audio() -> Utterance:
    """A substantial line of the demo episode with real audio, well into the file."""
    lines = Utterance.objects.filter(episode__slug="why-caches-lie", start_ms__gt=30_000)
    return next(line for line in lines.order_by("sequence") if len(line.text.split()) > 12)


def test_the_permalink_page_plays_the_quote_from_its_start(demo, page):
    quote = a_quote_with_audio()
    page.goto(f"{demo}/q/{quote.pk}/")

    assert quote.text[:40] in page.locator("blockquote").inner_text()
    screenshots(page, "quote-page")
    played = page.evaluate(
        """async () => {
            const audio = document.getElementById("quote-player");
            audio.muted = true;
            await audio.play();
            await new Promise((done) => setTimeout(done, 800));
            audio.pause();
            return audio.currentTime;
        }"""
    )
    start = quote.start_ms / 1000
    assert start <= played < start + 5  # from the quote's start, not the episode's


def test_the_quote_links_back_to_its_line_in_the_transcript(demo, page):
    quote = a_quote_with_audio()
    page.goto(f"{demo}/q/{quote.pk}/")

    page.get_by_role("link", name="Read it in the full transcript").click()
    page.wait_for_url(f"**#u{quote.pk}")
    assert page.locator(f"#u{quote.pk}").is_visible()


def test_a_passage_without_javascript(demo, browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{demo}/shows/signal-and-noise/why-caches-lie/")

    page.locator(".utterance .passage-from").nth(3).click()
    page.locator(".utterance .passage-end").nth(1).click()
    page.wait_for_url("**/q/*-*/")
    assert page.locator("blockquote p").count() >= 2
    screenshots(page, "quote-passage")
    context.close()


def test_selecting_lines_offers_one_link(demo, page):
    page.goto(f"{demo}/shows/signal-and-noise/why-caches-lie/")
    lines = page.locator(".transcript li.utterance")
    first, third = lines.nth(1).get_attribute("id")[1:], lines.nth(3).get_attribute("id")[1:]

    page.evaluate(
        """([a, b]) => {
            const range = document.createRange();
            range.setStart(document.querySelector(`#u${a} .utterance-text`), 0);
            range.setEnd(document.querySelector(`#u${b} .utterance-text`), 1);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }""",
        [first, third],
    )

    bar = page.locator(".passage-bar a")
    bar.wait_for(state="visible")
    assert bar.get_attribute("href") == f"/q/{first}-{third}/"
    assert bar.inner_text() == "Link to these 3 lines"


def test_the_embed_card(demo, page):
    quote = a_quote_with_audio()
    page.set_viewport_size({"width": 560, "height": 220})
    page.goto(f"{demo}/q/{quote.pk}/embed/")
    page.screenshot(path=str(SCREENSHOTS / "quote-embed.png"))
    assert page.get_by_role("link", name="Hear it on Podcast Appearance Archive").is_visible()


def test_the_card_people_see_when_the_link_is_shared(demo, page):
    quote = a_quote_with_audio()
    page.goto(f"{demo}/q/{quote.pk}/")
    card_url = page.locator('meta[property="og:image"]').get_attribute("content")

    response = page.request.get(card_url)

    assert response.ok and response.headers["content-type"] == "image/png"
    (SCREENSHOTS / "quote-card-demo.png").write_bytes(response.body())
