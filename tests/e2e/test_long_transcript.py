"""A day-long episode in a real browser: its parts, and old links that still land on their line.

Screenshots: screenshots/long-transcript-*-{desktop,phone}.png (the viewport, not the
whole 1,800-line part); look at them.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import SCREENSHOTS
from tests.factories import make_long_episode, make_speaker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AUDIO = "/static/audio/demo/why-caches-lie.opus"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def stream(live_server):
    """8,000 lines, one a second: five parts, the third 1:00:00–1:30:00."""
    speakers = [make_speaker("Ada Okafor"), make_speaker("Kenji Marlowe")]
    episode = make_long_episode(8000, speakers, title="All day on caches", audio_url=AUDIO)
    return live_server.url + episode.get_absolute_url(), episode


def screenshot(page, name: str, size: str) -> None:
    """What a visitor sees (the viewport) as screenshots/<name>-<size>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}.png"))


def console_errors(page) -> list[str]:
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def is_targeted_and_visible(page, selector: str) -> bool:
    return page.locator(selector).evaluate(
        """line => {
            const box = line.getBoundingClientRect();
            const targeted = line.matches(':target') || line.matches(':has(:target)');
            return targeted && box.top >= 0 && box.top < window.innerHeight;
        }"""
    )


@pytest.mark.parametrize("size", SIZES)
def test_an_old_time_link_lands_on_its_line_in_its_part(stream, page, size):
    url, episode = stream
    line = episode.utterances.get(sequence=4500)  # 1:15:00
    errors = console_errors(page)
    page.set_viewport_size(SIZES[size])

    page.goto(f"{url}#t=1:15:00")

    page.wait_for_url(f"{url}?part=3#t=1:15:00")
    page.wait_for_load_state()
    assert is_targeted_and_visible(page, f"#u{line.pk}")
    assert page.locator('nav [aria-current="page"]').text_content() == "Part 3, 1:00:00–1:30:00"
    screenshot(page, "long-transcript-time-link", size)
    assert errors == []


@pytest.mark.parametrize("size", SIZES)
def test_an_old_line_link_lands_on_its_line_in_its_part(stream, page, size):
    url, episode = stream
    line = episode.utterances.get(sequence=6000)  # 1:40:00, in part 4
    errors = console_errors(page)
    page.set_viewport_size(SIZES[size])

    page.goto(f"{url}#u{line.pk}")

    page.wait_for_url(f"{url}?part=4#u{line.pk}")
    page.wait_for_load_state()
    assert is_targeted_and_visible(page, f"#u{line.pk}")
    assert page.locator(f"#u{line.pk} .utterance-text").inner_text() == line.text
    screenshot(page, "long-transcript-line-link", size)
    assert errors == []


@pytest.mark.parametrize("size", SIZES)
def test_the_parts_are_a_list_to_open_and_steps_either_side(stream, page, size):
    url, _ = stream
    page.set_viewport_size(SIZES[size])
    page.goto(f"{url}?part=2")
    page.get_by_role("navigation", name="More of the transcript").scroll_into_view_if_needed()
    screenshot(page, "long-transcript-part-end", size)

    page.get_by_text("All 5 parts").click()
    below_the_player = "nav => window.scrollTo(0, nav.offsetTop - 90)"
    page.get_by_role("navigation", name="Parts of the transcript").evaluate(below_the_player)
    screenshot(page, "long-transcript-parts-open", size)

    links = page.locator(".parts-list a")
    assert links.evaluate_all("links => links.map((link) => link.textContent)") == [
        "Part 1, 0:00–30:00",
        "Part 2, 30:00–1:00:00",
        "Part 3, 1:00:00–1:30:00",
        "Part 4, 1:30:00–2:00:00",
        "Part 5, 2:00:00–2:13:19",
    ]
    page.get_by_role("link", name="Part 5, 2:00:00–2:13:19").click()
    page.wait_for_url(f"{url}?part=5")
    assert page.locator(".utterance").count() == 800


def test_without_javascript_the_parts_still_lead_on(stream, browser):
    url, episode = stream
    context = browser.new_context(java_script_enabled=False, viewport=SIZES["phone"])
    page = context.new_page()
    try:
        page.goto(url)
        page.locator(".transcript-parts-end").get_by_role("link", name="Part 2").click()

        page.wait_for_url(f"{url}?part=2")
        first = episode.utterances.get(sequence=1800)
        assert page.locator(".utterance").first.get_attribute("id") == f"u{first.pk}"
        page.goto(f"{url}line/{first.pk}/")  # what every list of lines links to
        page.wait_for_url(f"{url}?part=2#u{first.pk}")
        assert page.locator(f"#u{first.pk}").evaluate("li => li.matches(':target')")
    finally:
        context.close()


@pytest.mark.parametrize("colour_scheme", ["light", "dark"])
def test_a_part_has_no_axe_violations(stream, browser, colour_scheme):
    url, _ = stream
    context = browser.new_context(color_scheme=colour_scheme, viewport=SIZES["phone"])
    page = context.new_page()
    try:
        page.goto(f"{url}?part=2")
        page.get_by_text("All 5 parts").click()

        results = Axe().run(page)

        assert results.violations_count == 0, results.generate_report()
    finally:
        context.close()
