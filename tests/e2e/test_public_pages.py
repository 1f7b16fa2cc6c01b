"""Every public page in a real browser: no console errors, a screenshot of each, the player.

Screenshots land in screenshots/public-<page>-desktop.png and -phone.png; look at them.
"""

from datetime import UTC, datetime
from itertools import pairwise

import pytest

from archive import curation
from archive.ingest import import_transcript
from archive.models import Episode, Role
from speakers.models import LinkKind, Speaker, SpeakerLink
from tests.e2e.conftest import screenshots
from tests.factories import make_episode, make_show, make_speaker, transcript

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AUDIO = "/static/audio/demo/why-caches-lie.opus"  # 4:23 of real speech, served by the app
LONG_TURN = " ".join(
    [
        "The honest answer is that we stopped caching the part that mattered.",
        "Availability came straight from the primary, every time, and we cached the rest:",
        "the decorative things, the venue photos, the descriptions, the seat map artwork.",
    ]
    * 6
)


@pytest.fixture
def public_archive(live_server):
    return build_public_archive(live_server.url)


def build_public_archive(base_url: str) -> dict[str, str]:
    """Two shows (one with artwork), a transcribed episode with audio, one without; by name."""
    signal = make_show(
        title="Signal and Noise",
        slug="signal-and-noise",
        description="Engineers on what went wrong, and what they changed afterwards.",
    )
    fold = make_show(
        title="The Weekly Fold",
        slug="the-weekly-fold",
        image_url=f"{base_url}/static/img/favicon.svg",
        description="The week's news, folded small.",
    )
    ada = make_speaker("Ada Okafor", bio="Software engineer and host of Signal and Noise.")
    SpeakerLink.objects.create(speaker=ada, kind=LinkKind.WEBSITE, url="https://example.org/ada")
    priya = make_speaker("Priya Castellanos", bio="Hosts The Weekly Fold.")
    episode = make_episode(
        signal,
        title="Why Caches Lie",
        slug="why-caches-lie",
        published_at=datetime(2025, 3, 4, tzinfo=UTC),
        duration_seconds=263,
        audio_url=AUDIO,
        page_url="https://example.org/signal/why-caches-lie",
        description=(
            "<p>Kenji Marlowe on stale reads and stampedes. "
            '<a href="https://example.org/paper">The paper</a> we mention.</p>'
            "<script>alert('not run')</script>"
        ),
    )
    import_transcript(
        episode,
        transcript(
            ("Ada Okafor", 0, "Welcome to Signal and Noise, the show about what went wrong."),
            ("Kenji Marlowe", 7000, "Uh-huh."),
            ("Ada Okafor", 8000, "My guest today is Kenji Marlowe. Kenji, welcome to the show."),
            ("Kenji Marlowe", 30_000, LONG_TURN),
            ("Speaker 3", 67_000, "Can I ask a question from the back of the room?"),
            ("Ada Okafor", 132_000, "Let's get to the lying part. What are the common lies?"),
        ),
        source="why-caches-lie.vtt",
        content_hash="why",
    )
    curation.credit(episode, ada, Role.HOST)
    curation.credit(episode, Speaker.objects.get(name="Kenji Marlowe"), Role.GUEST)
    quiet = make_episode(
        fold,
        title="Passwords, Pigeons and a Podcast Host",
        slug="passwords-pigeons",
        published_at=datetime(2025, 6, 2, tzinfo=UTC),
        duration_seconds=2100,
    )
    import_transcript(
        quiet,
        transcript(
            ("Priya Castellanos", 0, "This week on the Fold, a guest you will recognise."),
            ("Ada Okafor", 5000, "Thank you! It's very relaxing to be a guest for once."),
        ),
        source="fold.vtt",
        content_hash="fold",
    )
    curation.credit(quiet, priya, Role.HOST)
    curation.credit(quiet, ada, Role.GUEST)
    lines = list(episode.utterances.order_by("sequence").values_list("pk", flat=True))
    return {
        "home": "/",
        "speakers": "/speakers/",
        "quote": f"/q/{lines[1]}/",
        "passage": f"/q/{lines[0]}-{lines[2]}/",
        "compare": f"/speakers/compare/?s={ada.slug}&s=kenji-marlowe",
        "shows": "/shows/",
        "show": signal.get_absolute_url(),
        "episode": episode.get_absolute_url(),
        "episode-no-audio": quiet.get_absolute_url(),
        "speaker": ada.get_absolute_url(),
        "404": "/no/such/page/",
    }


def console_errors(page) -> list[str]:
    """Collects the page's console errors and uncaught exceptions as they happen.

    A 404 page's own status is logged as an error by Chromium; that one is expected.
    """
    errors: list[str] = []

    def on_console(message):
        if message.type == "error" and not (
            "status of 404" in message.text and message.location.get("url", "").endswith("/page/")
        ):
            errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_every_page_type_renders_without_console_errors(live_server, page, public_archive):
    errors = console_errors(page)

    for name, path in public_archive.items():
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        screenshots(page, f"public-{name}")
        levels = page.eval_on_selector_all(
            "main h1, main h2, main h3, main h4", "hs => hs.map(h => Number(h.tagName[1]))"
        )
        assert levels[0] == 1 and levels.count(1) == 1, f"{name}: one h1, first"
        assert all(b - a <= 1 for a, b in pairwise(levels)), name

    assert errors == []


def test_images_load_from_the_app(live_server, page, public_archive):
    page.goto(live_server.url + public_archive["shows"])

    artwork = page.locator("img.artwork")
    assert artwork.count() == 1
    assert artwork.evaluate("image => image.complete && image.naturalWidth > 0")


def test_a_timestamp_seeks_the_player_and_plays(live_server, page, public_archive):
    errors = console_errors(page)
    page.goto(live_server.url + public_archive["episode"])
    audio = page.locator("audio#player")

    page.get_by_role("link", name="2:12", exact=True).click()

    page.wait_for_function("document.getElementById('player').currentTime >= 132")
    assert page.evaluate("location.hash") == "#t=2:12"
    assert audio.evaluate("player => !player.paused")
    assert errors == []


def test_opening_a_time_link_seeks_the_player_there(live_server, page, public_archive):
    page.goto(live_server.url + public_archive["episode"] + "#t=1:07")

    page.wait_for_function("document.getElementById('player').currentTime >= 67")
    assert page.locator("audio#player").evaluate("player => player.paused")  # ready, not playing
    assert page.evaluate("document.activeElement.tagName") != "AUDIO"


def test_a_line_permalink_opens_at_that_line(live_server, page, public_archive):
    episode = Episode.objects.get(slug="why-caches-lie")
    line = episode.utterances.get(start_ms=67_000)

    page.goto(live_server.url + public_archive["episode"] + f"#u{line.pk}")

    assert page.locator(f"#u{line.pk}").evaluate("li => li.matches(':target')")
    page.wait_for_function("document.getElementById('player').currentTime >= 67")


def test_without_javascript_times_are_anchors_and_filters_still_work(
    live_server, browser, public_archive
):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    page = context.new_page()
    try:
        page.goto(live_server.url + public_archive["episode"])
        page.get_by_role("link", name="1:07", exact=True).click()
        assert page.evaluate("location.hash") == "#t=1:07" or page.url.endswith("#t=1:07")
        assert page.locator(".utterance:has(:target)").inner_text().startswith("Speaker 3")

        page.goto(live_server.url + public_archive["speakers"])
        page.get_by_label("Role").select_option("guest")
        page.get_by_role("button", name="Show speakers").click()
        page.wait_for_url("**/speakers/?*role=guest*")
        rows = page.locator(".speaker-row")
        assert sorted(rows.all_inner_texts())[0].startswith("Ada Okafor")
        assert rows.count() == 2  # Ada (a guest on the Fold) and Kenji
    finally:
        context.close()


def test_no_player_where_an_episode_has_no_audio(live_server, page, public_archive):
    page.goto(live_server.url + public_archive["episode-no-audio"])

    assert page.locator("audio").count() == 0
    assert page.locator(".transcript .utterance").count() == 2


def test_a_keyboard_user_skips_to_the_content_and_reaches_the_search_box(
    live_server, page, public_archive
):
    page.goto(live_server.url + public_archive["speaker"])

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"

    page.goto(live_server.url + public_archive["speaker"])
    for _ in range(5):  # skip link, site name, Speakers, Shows, then the search box
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type("caches")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=caches")


def test_a_speakers_own_search_box_finds_their_words(live_server, page, public_archive):
    page.goto(live_server.url + public_archive["speaker"])

    page.get_by_label("Search their words").fill("relaxing")
    page.get_by_label("Search their words").press("Enter")

    page.wait_for_url("**?q=relaxing#said")
    hits = page.locator("#said .line")
    assert hits.count() == 1
    assert "relaxing to be a guest" in hits.inner_text()
    screenshots(page, "public-speaker-search")
