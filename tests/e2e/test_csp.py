"""Every kind of page under the Content-Security-Policy in a real browser: not one violation.

A listener added before any page script records each ``securitypolicyviolation`` event,
and console errors and warnings are collected too (Chromium reports refused inline code,
refused frames and unknown Permissions-Policy features there).

Screenshots: screenshots/csp-*-desktop.png; look at them: a refused stylesheet or script
shows as an unstyled or empty page, which no assertion about text would catch.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from archive import curation
from archive.demo import load_demo
from archive.models import Episode, Utterance
from tests.e2e.conftest import screenshot
from tests.factories import make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline code"}` +
      ` at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""
FAILED_LOAD = re.compile(r"Failed to load resource: ")


@pytest.fixture
def archive_pages(live_server):
    """The demo archive, one quote removed, a curator; each kind of page by name -> path."""
    load_demo()
    episode = Episode.objects.get(slug="why-caches-lie")
    lines = Utterance.objects.filter(episode=episode).order_by("sequence")
    quote, removed = lines[5], lines[6]
    curation.delete_utterances(Utterance.objects.filter(pk=removed.pk))
    make_staff(curator=True, username="curator")
    return {
        "home": "/",
        "shows": reverse("archive:shows"),
        "show": episode.show.get_absolute_url(),
        "episode": episode.get_absolute_url(),
        "speakers": reverse("speakers:index"),
        "speaker": reverse("speakers:detail", args=["ada-okafor"]),
        "compare": reverse("speakers:compare") + "?s=ada-okafor&s=kenji-marlowe",
        "search": reverse("archive:search") + "?q=cache",
        "quote": reverse("archive:quote", args=[quote.pk]),
        "embed": reverse("archive:quote_embed", args=[quote.pk]),
        "gone": reverse("archive:quote", args=[removed.pk]),
        "not-found": "/no-such-page/",
        "feed": reverse("syndication:show-feed", args=[episode.show.slug]),
        "api-json": reverse("api:speaker-list") + "?format=json",
        "api-browsable": reverse("api:speaker-list"),
        "api-docs": reverse("api:docs"),
        "admin-login": reverse("admin:login"),
        "admin-changelist": reverse("admin:archive_episode_changelist"),
        "admin-change-form": reverse("admin:archive_episode_change", args=[episode.pk]),
        "admin-speaker-form": reverse("admin:speakers_speaker_change", args=[quote.speaker_id]),
    }


class Watcher:
    """What one page's visit drew from the policy: violations, console complaints, failures.

    The browser's "Failed to load resource" lines do not say which; failed responses are
    reported by URL instead, except the page's own expected 404 or 410 and the
    /favicon.ico a browser asks of a document that names no icon (the Atom feed).
    """

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        self.failed: list[str] = []
        page.add_init_script(WATCH_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console.append(f"uncaught: {error}"))
        page.on("response", self._response)

    def _console(self, message) -> None:
        if message.type in {"error", "warning"} and not FAILED_LOAD.match(message.text):
            self.console.append(f"{message.type}: {message.text}")

    def _response(self, response) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            self.failed.append(f"{response.status} {response.url}")

    def visit(self, url: str, *, status: int = 200, ready: str | None = None) -> list[str]:
        self.console.clear()
        self.failed.clear()
        response = self.page.goto(url)
        assert response is not None and response.status == status, url
        if ready:
            self.page.locator(ready).first.wait_for()
        self.page.wait_for_load_state("networkidle")
        violations = self.page.evaluate("window.__violations || []")
        failed = [line for line in self.failed if line != f"{status} {url}"]
        return violations + self.console + failed


def test_every_kind_of_page_loads_without_a_policy_violation(live_server, archive_pages, page):
    watcher = Watcher(page)
    base, problems = live_server.url, {}

    def check(name: str, **expect) -> None:
        found = watcher.visit(base + archive_pages[name], **expect)
        if found:
            problems[name] = found

    for name in ["home", "shows", "show", "speakers", "compare", "search", "quote", "feed"]:
        check(name)
    check("speaker", ready=".timeline-wide svg")
    check("embed", ready="blockquote")
    check("gone", status=410)
    check("not-found", status=404)
    check("api-json")
    check("api-browsable", ready=".api-filters-button")
    check("api-docs", ready="text=/api/speakers/")
    screenshot(page, "csp-api-docs-desktop")

    check("episode", ready="audio#player")
    played = page.evaluate(
        """async () => {
            const audio = document.getElementById("player");
            audio.muted = true;
            await audio.play();
            audio.pause();
            return audio.readyState;
        }"""
    )
    assert played >= 2  # the app's own audio under media-src
    screenshot(page, "csp-episode-desktop")

    check("admin-login", ready="#id_username")
    page.get_by_label("Username").fill("curator")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base + reverse("admin:index"))
    for name in ["admin-changelist", "admin-change-form", "admin-speaker-form"]:
        check(name, ready="#content")
    screenshot(page, "csp-admin-change-form-desktop")

    assert not problems, "\n".join(
        f"{name}: {line}" for name, lines in problems.items() for line in lines
    )


def test_pages_look_right_under_the_policy(live_server, archive_pages, page):
    """The stylesheets, the chart's classes and the scripts all arrived: the pages as drawn."""
    base = live_server.url
    page.goto(base + archive_pages["speaker"])
    chart = page.locator(".timeline-wide svg .timeline-segment").first
    assert chart.evaluate("el => getComputedStyle(el).fill") not in {"", "none", "rgb(0, 0, 0)"}
    screenshot(page, "csp-speaker-desktop")

    page.goto(base + archive_pages["home"])
    header = page.locator(".site-header")
    assert header.evaluate("el => getComputedStyle(el).display") != "inline"  # site.css applied
    screenshot(page, "csp-home-desktop")

    page.goto(base + archive_pages["api-browsable"])
    button = page.locator(".api-filters-button")
    assert button.evaluate("el => getComputedStyle(el).float") == "right"
    screenshot(page, "csp-api-browsable-desktop")


def test_only_the_embed_may_be_framed_by_another_site(
    live_server, archive_pages, feed_server, page
):
    base = live_server.url
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text))
    frames = "".join(
        f'<iframe name="{name}" src="{base}{archive_pages[name]}"></iframe>'
        for name in ["embed", "quote", "home"]
    )
    blog = f"<!doctype html><title>A blog</title>{frames}"  # at 127.0.0.1:<another port>
    feed_server.serve("/blog.html", blog, headers={"Content-Type": "text/html"})

    page.goto(feed_server.url("/blog.html"))
    embed = page.frame(name="embed")
    embed.locator("blockquote").wait_for()
    page.wait_for_load_state("networkidle")

    assert "Hear it on Podcast Appearance Archive" in embed.content()
    for name in ["quote", "home"]:
        assert "<blockquote" not in page.frame(name=name).content()
    frame_refusals = [text for text in refused if "frame-ancestors" in text]
    assert len(frame_refusals) == 2, refused
    assert not any(archive_pages["embed"] in text for text in frame_refusals)
    screenshot(page, "csp-embed-framed-desktop")
