"""A visitor browses: from the header to people and shows, to an episode's transcript and back."""

import pytest

from tests.e2e.test_public_pages import build_public_archive, console_errors

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def public_archive(live_server):
    return build_public_archive(live_server.url)


def test_visitor_finds_a_person_and_the_moment_they_spoke(live_server, page, public_archive):
    errors = console_errors(page)
    page.goto(live_server.url + "/")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Speakers").click()
    page.wait_for_url("**/speakers/")
    page.get_by_label("Show").select_option(label="The Weekly Fold")
    page.get_by_role("button", name="Show speakers").click()
    page.wait_for_url("**/speakers/?*show=the-weekly-fold*")
    page.get_by_role("link", name="Ada Okafor").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Ada Okafor"
    appearance = page.locator(".appearance-row").filter(has_text="Passwords, Pigeons")
    appearance.get_by_role("link", name="Read it at 0:05").click()
    page.wait_for_url("**/shows/the-weekly-fold/passwords-pigeons/#u*")
    line = page.locator(".utterance:target")
    assert "relaxing to be a guest" in line.inner_text()
    assert errors == []


def test_visitor_reads_a_transcript_from_the_shows_list(live_server, page, public_archive):
    page.goto(live_server.url + "/")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Shows").click()
    page.get_by_role("link", name="Signal and Noise").first.click()
    page.get_by_role("link", name="Why Caches Lie").click()

    page.wait_for_url("**/shows/signal-and-noise/why-caches-lie/")
    transcript = page.locator(".transcript")
    assert transcript.locator(".utterance").count() == 6
    assert page.locator(".utterance .unattributed").inner_text() == "Speaker 3"
    page.locator(".utterance").first.get_by_role("link", name="Ada Okafor").click()
    page.wait_for_url("**/speakers/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Ada Okafor"


def test_pages_fit_a_phone_screen(live_server, phone, public_archive):
    for path in public_archive.values():
        phone.goto(live_server.url + path)
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
        margin = phone.evaluate("getComputedStyle(document.body).margin")
        assert margin == "0px", f"{path}: site.css was not applied"
