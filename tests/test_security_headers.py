"""Security headers: a strict Content-Security-Policy, and no inline code it would refuse.

Every kind of page is fetched and its HTML read: each inline ``<script>`` and ``<style>``
must carry the nonce of its own response's header, and no element may have a ``style``
attribute (no nonce can allow one). tests/e2e/test_csp.py loads the same pages in Chromium.
"""

from __future__ import annotations

from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.urls import reverse

from archive import curation
from archive.ingest import import_transcript_file
from archive.models import Utterance
from tests.factories import make_episode, make_show, make_speaker, make_staff, vtt

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# <script> types a browser runs; any other (application/json, ld+json) is data, never run.
SCRIPT_TYPES = {None, "", "text/javascript", "application/javascript", "module"}


@pytest.fixture
def archive():
    """A show, an episode with audio and a transcript, its speakers, a quote, a removed line."""
    show = make_show(title="Signal and Noise", slug="signal-and-noise")
    episode = make_episode(
        show, title="Why Caches Lie", slug="why-caches-lie", audio_url="https://cdn.example/a.mp3"
    )
    ada = make_speaker("Ada Okafor", slug="ada-okafor")
    make_speaker("Kenji Marlowe", slug="kenji-marlowe")
    cues = vtt(
        ("Ada Okafor", 0, 4000, "Welcome to Signal and Noise."),
        ("Kenji Marlowe", 4000, 9000, "Caches lie when nobody owns them."),
        ("Ada Okafor", 9000, 12000, "That is a good rule."),
    )
    import_transcript_file(episode, cues, source="why.vtt")
    lines = Utterance.objects.filter(episode=episode).order_by("sequence")
    quote, removed = lines[1], lines[2]
    curation.delete_utterances(Utterance.objects.filter(pk=removed.pk))
    return SimpleNamespace(show=show, episode=episode, speaker=ada, quote=quote, removed=removed)


def page_paths(a) -> dict[str, tuple[str, int]]:
    """Each kind of page: name -> (path, the status it answers)."""
    quote = [a.quote.pk]
    return {
        "home": ("/", 200),
        "shows": (reverse("archive:shows"), 200),
        "show": (a.show.get_absolute_url(), 200),
        "episode": (a.episode.get_absolute_url(), 200),
        "speakers": (reverse("speakers:index"), 200),
        "speaker": (a.speaker.get_absolute_url(), 200),
        "compare": (reverse("speakers:compare") + "?s=ada-okafor&s=kenji-marlowe", 200),
        "search": (reverse("archive:search") + "?q=caches", 200),
        "quote": (reverse("archive:quote", args=quote), 200),
        "embed": (reverse("archive:quote_embed", args=quote), 200),
        "gone": (reverse("archive:quote", args=[a.removed.pk]), 410),
        "not-found": ("/no-such-page/", 404),
        "feed": (reverse("syndication:show-feed", args=[a.show.slug]), 200),
        "api-json": (reverse("api:speaker-list") + "?format=json", 200),
        "api-browsable": (reverse("api:speaker-list"), 200),
        "api-docs": (reverse("api:docs"), 200),
        "admin-login": (reverse("admin:login"), 200),
        "admin-changelist": (reverse("admin:archive_episode_changelist"), 200),
        "admin-change-form": (reverse("admin:archive_episode_change", args=[a.episode.pk]), 200),
        "admin-speaker-form": (reverse("admin:speakers_speaker_change", args=[a.speaker.pk]), 200),
    }


def directives(response) -> dict[str, list[str]]:
    """The response's Content-Security-Policy as {directive: [sources]}."""
    policy = {}
    for part in response[CSP].split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


def nonce_of(response) -> str | None:
    """The nonce the header allows (the same one for scripts and styles), if any."""
    policy = directives(response)
    sources = policy.get("script-src", []) + policy.get("style-src", [])
    found = {s[len("'nonce-") : -1] for s in sources if s.startswith("'nonce-")}
    assert len(found) <= 1
    return found.pop() if found else None


class InlineCode(HTMLParser):
    """Inline scripts and styles (with their nonce) and elements with a style attribute.

    Data blocks (``<script type="application/json">``, DRF's CSRF settings) are not code:
    CSP leaves them alone, so they are not counted.
    """

    def __init__(self):
        super().__init__()
        self.inline: list[tuple[str, str | None]] = []
        self.styled: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.styled.append(self.get_starttag_text())
        script = tag == "script" and "src" not in attributes
        if tag == "style" or (script and attributes.get("type") in SCRIPT_TYPES):
            self.inline.append((tag, attributes.get("nonce")))

    handle_startendtag = handle_starttag


def fetch(client, archive, name: str):
    path, status = page_paths(archive)[name]
    if name.startswith("admin-") and name != "admin-login":
        client.force_login(make_staff(curator=True))
    response = client.get(path, HTTP_ACCEPT=BROWSER_ACCEPT)
    assert response.status_code == status, name
    return response


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "shows",
        "show",
        "episode",
        "speakers",
        "speaker",
        "compare",
        "search",
        "quote",
        "embed",
        "gone",
        "not-found",
        "feed",
        "api-json",
        "api-browsable",
        "api-docs",
        "admin-login",
        "admin-changelist",
        "admin-change-form",
        "admin-speaker-form",
    ],
)
def test_no_page_has_inline_code_without_its_nonce(client, archive, name):
    response = fetch(client, archive, name)

    assert CSP in response
    if "html" not in response["Content-Type"]:
        return
    found = InlineCode()
    found.feed(response.content.decode())
    nonce = nonce_of(response)
    assert [tag for tag, given in found.inline if given is None or given != nonce] == []
    assert found.styled == []


def test_structured_data_needs_no_nonce(client, archive):
    """JSON-LD is a data block: browsers never run it, so the policy never checks it.

    Without a nonce the quote page is the same bytes on every request (tests/e2e/test_csp.py
    loads it in Chromium: no violation).
    """
    response = fetch(client, archive, "quote")

    assert '<script type="application/ld+json">' in response.text
    assert nonce_of(response) is None


def test_the_api_docs_init_script_runs_by_nonce(client, archive):
    response = fetch(client, archive, "api-docs")

    nonce = nonce_of(response)
    assert nonce and f'<script nonce="{nonce}">' in response.text
    assert "SwaggerUIBundle(" in response.text
    assert "<style" not in response.text  # drf-spectacular's inline one is in api-docs.css
    assert directives(response)["script-src"] == ["'self'", f"'nonce-{nonce}'"]


def test_a_page_without_inline_code_names_no_nonce(client, archive):
    assert nonce_of(fetch(client, archive, "home")) is None


def test_every_response_has_a_fresh_nonce(client, archive):
    first, second = (nonce_of(fetch(client, archive, "api-docs")) for _ in range(2))

    assert first and second and first != second


def test_the_policy_allows_no_inline_code_and_no_third_party_code(client, archive):
    response = fetch(client, archive, "quote")
    policy = directives(response)

    assert "unsafe" not in response[CSP]
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == policy["style-src"] == ["'self'"]  # and a nonce, if used
    assert policy["font-src"] == policy["connect-src"] == policy["form-action"] == ["'self'"]
    assert policy["frame-src"] == policy["object-src"] == policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    # Artwork, portraits and audio come from wherever a feed's host keeps them; never data:.
    assert policy["img-src"] == policy["media-src"] == ["'self'", "https:"]


def test_only_the_api_docs_may_show_data_images(client, archive):
    assert "data:" in directives(fetch(client, archive, "api-docs"))["img-src"]
    for name in ["home", "api-browsable", "admin-login"]:
        assert "data:" not in directives(fetch(client, archive, name))["img-src"]


@pytest.mark.parametrize("view", ["archive:quote_embed", "archive:quote_embed_passage"])
def test_the_embed_may_be_framed_by_any_site(client, archive, view):
    first = archive.quote.pk
    args = [first] if view == "archive:quote_embed" else [first - 1, first]

    response = client.get(reverse(view, args=args))

    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert directives(response)["frame-ancestors"] == ["*"]


@pytest.mark.parametrize("name", ["quote", "home", "episode", "admin-login", "api-docs", "gone"])
def test_nothing_else_may_be_framed(client, archive, name):
    response = fetch(client, archive, name)

    assert response["X-Frame-Options"] == "DENY"
    assert directives(response)["frame-ancestors"] == ["'none'"]


def test_referrer_sniffing_and_browser_features_are_locked_down(client, archive):
    response = fetch(client, archive, "episode")

    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    features = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert features[feature] == "()"


def test_the_standalone_chart_styles_itself_by_nonce(client, archive):
    response = client.get(reverse("speakers:appearances_svg", args=[archive.speaker.slug]))

    nonce = nonce_of(response)
    assert nonce and f'<style nonce="{nonce}">' in response.text
