"""Appearances over time in a real browser: the demo archive's charts, light and dark, phone too.

Screenshots: screenshots/timeline-*-{desktop,phone}.png; look at them.
"""

import pytest

from archive.demo import load_demo
from tests.e2e.conftest import SCREENSHOTS, screenshot, screenshots

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def chart_shot(page, name: str) -> None:
    """Just the chart's section, at the page's width, as screenshots/<name>.png."""
    page.locator("#over-time").screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@pytest.fixture
def demo(live_server):
    load_demo()
    return live_server.url


def test_a_hosts_chart_its_bars_and_its_numbers(demo, page):
    page.goto(f"{demo}/speakers/ada-okafor/")

    figure = page.locator("#appearances-figure")
    assert figure.locator(".timeline-wide svg").is_visible()
    assert not figure.locator(".timeline-narrow svg").is_visible()
    summary = page.locator("#over-time .timeline-summary").inner_text()
    assert summary.startswith("49 appearances on 3 shows since")
    screenshots(page, "timeline-speaker")
    chart_shot(page, "timeline-speaker-chart")

    page.locator("#over-time summary").click()  # the numbers, under the chart
    assert page.locator("#over-time table").is_visible()
    screenshot(page, "timeline-speaker-table-desktop")

    page.set_viewport_size({"width": 375, "height": 740})
    assert figure.locator(".timeline-narrow svg").is_visible()  # laid out for the phone
    chart_shot(page, "timeline-speaker-chart-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    first_bar = page.locator("#appearances-figure .timeline-wide svg a").first
    first_bar.click()
    page.wait_for_url("**in=*#appearances")
    assert "Podcast appearances in" in page.locator("#appearances-heading").inner_text()


def test_the_chart_in_the_dark(demo, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    page.goto(f"{demo}/speakers/ada-okafor/?by=year")
    screenshots(page, "timeline-speaker-dark")
    chart_shot(page, "timeline-speaker-chart-dark")
    context.close()


def test_compare_speakers_on_one_axis(demo, page):
    page.goto(f"{demo}/speakers/compare/?s=ada-okafor&s=wren-halloway&s=kenji-marlowe")

    legend = page.locator("#over-time .timeline-legend").inner_text()
    assert "Ada Okafor" in legend and "Wren Halloway" in legend and "Kenji Marlowe" in legend
    screenshots(page, "timeline-compare")
    chart_shot(page, "timeline-compare-chart")


def test_when_it_was_said_on_the_search_page(demo, page):
    page.goto(f"{demo}/search/?q=cache")

    assert page.get_by_role("heading", name="When it was said").is_visible()
    screenshots(page, "timeline-search")


def test_the_archive_and_a_show_over_time(demo, page):
    page.goto(demo + "/")
    assert page.get_by_role("heading", name="Episodes over time").is_visible()
    screenshots(page, "timeline-home")
    page.goto(f"{demo}/shows/signal-and-noise/")
    screenshots(page, "timeline-show")
