"""Hostile text and URLs from transcripts and feeds are shown as text, everywhere, and isolated.

One archive whose every text field holds markup, script breakouts, CDATA ends,
double-escaped entities, right-to-left names, bidi controls and very long
unbroken words, and whose every URL field holds ``javascript:``, ``data:`` and
``vbscript:`` in the spellings browsers forgive. It is written the ways real
data arrives: a hostile RSS feed through ``import_feed_file``, a hostile
Podcasting 2.0 JSON transcript through ``import_transcript_file``, curators'
edits through ``archive.curation``, and the ORM directly for what an older
import, a restored export or a curator's typing could have stored.

Then every public page and representation is fetched and read with a parser,
never by searching for strings: HTML has no script but the site's own, no
``on*`` attribute, no link or image to a script URL, and every name and quote is
inside ``<bdi>`` or an element with ``dir``; JSON-LD and API JSON parse to the
stored strings; the Atom feeds (feedparser) and the SVG chart (ElementTree) are
well-formed and carry the hostile strings as text; the card image renders.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urlencode
from xml.sax.saxutils import escape, quoteattr

import feedparser
import pytest
from django.core.cache import cache
from django.urls import reverse
from PIL import Image

from archive import curation
from archive.feeds.importer import Options, import_feed_file
from archive.ingest import import_transcript_file
from archive.models import Episode, Role, Show, Utterance
from archive.quotes.card import CardText, render_card
from speakers.models import LinkKind, Speaker, SpeakerAlias, SpeakerLink
from tests.factories import make_episode, make_show
from tests.feeds import PODCAST_NS

pytestmark = pytest.mark.django_db

# Hostile text, with ``{f}`` standing for the field it is put in, so a leak names its field
# and a name is never found inside a title that happens to hold the same payload.
MARKUP = [
    '<script>alert("{f}")</script>',
    '"><img src=x onerror=alert("{f}")>',
    "'><svg onload=alert('{f}')>",
    '</script><script>alert("{f}")</script>',  # breaks out of a JSON-LD <script>
    "]]><![CDATA[<b>{f}</b>",  # ends a CDATA section in XML
    "{f} &amp; Tom &lt;b&gt; &#x3C;i&#x3E; AT&T",  # must show as typed, escaped once
    "<!-- {f} --><style>*{{display:none}}</style>",
]
# Names the curation core and importers store without their bidi controls and marks.
RTL_NAMES = ["محمد عبد الله", "דוד בן-גוריון", "علي (Ali) 2024"]
BIDI_NAMES = [
    "\u202eAda Lovelace\u202c",  # right-to-left override, closed
    "\u202eGrace Hopper",  # override left open
    "\u2067Alan\u2069 \u2066Turing",  # isolates, one left open
    "\u200fKaren\u200e Spärck\u061c Jones",  # marks only: in a <bdi>, "Jones Karen Spärck"
]
BAD_URLS = [
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "JaVaScRiPt:alert(1)",
    " \t\n javascript:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
]
NOTES_HTML = (
    "<p>Notes for {f}. <a href=\"javascript:alert('{f}')\">js</a>"
    ' <a href=" JaVaScRiPt:alert(1)">mixed case</a>'
    ' <a href="java&#x09;script:alert(1)">tab</a>'
    ' <a href="&#106;avascript:alert(1)">entity</a>'
    ' <a href="vbscript:msgbox(1)">vb</a>'
    ' <a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">data</a>'
    ' <a href="https://publisher.example/{f}" onclick="alert(1)">a real link</a></p>'
    '<img src="data:image/png;base64,iVBORw0KGgo=" onerror="alert(1)">'
    "<svg onload=alert(1)><circle r=9 /></svg>"
    '<iframe src="https://evil.example/"></iframe>'
    "<style>body{{display:none}}</style><script>alert('{f}')</script>"
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form>'
    "<p>A right-to-left override: \u202e{f} reversed</p>"
)
LONG_WORD = "Supercalifragilistic" * 500  # 10,000 characters without a space


def payloads(field: str) -> list[str]:
    return [template.format(f=field) for template in MARKUP]


def capped(text: str, model, field_name: str) -> str:
    """``text`` cut to the column, as PostgreSQL would refuse it whole."""
    return text[: model._meta.get_field(field_name).max_length]


@dataclass
class Hostile:
    shows: list[Show] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    quotes: list[Utterance] = field(default_factory=list)
    gone: int = 0
    feed_summary: object = None
    transcript_summary: object = None

    @property
    def names(self) -> list[str]:
        """Every public name and label a page may show: each must be isolated."""
        names = {speaker.name for speaker in self.speakers}
        names |= set(
            Utterance.objects.filter(speaker__isnull=True)
            .exclude(speaker_label="")
            .values_list("speaker_label", flat=True)
        )
        return sorted(name for name in names if name.strip())

    @property
    def titles(self) -> list[str]:
        """Every show and episode title: isolated too, an open override in one reorders the
        date and role printed after it on the same line."""
        shows = Show.objects.values_list("title", flat=True)
        return sorted({*shows, *Episode.objects.public().values_list("title", flat=True)})

    @property
    def quote_starts(self) -> list[str]:
        """The start of every line's words: they must be isolated wherever shown."""
        return sorted({" ".join(u.text.split())[:36] for u in Utterance.objects.all()})


def hostile_feed() -> bytes:
    """An RSS feed whose every field is hostile; podcast:person names and hrefs too."""
    urls = [url for url in BAD_URLS if "\x01" not in url]  # XML cannot carry U+0001
    people = "".join(
        f"<podcast:person role='guest' href={quoteattr(url)} img={quoteattr(url)}>"
        f"{escape(name)}</podcast:person>"
        for name, url in zip(
            [*payloads("feed-person"), *RTL_NAMES[:2], *BIDI_NAMES[:3]],
            urls * 2,
            strict=False,
        )
    )
    items = "".join(
        "<item>"
        f"<title>{escape(title)}</title><guid>hostile-{n}</guid>"
        f"<pubDate>Mon, {n + 1:02} Jan 2024 10:00:00 +0000</pubDate>"
        f"<link>{escape(urls[n % len(urls)])}</link>"
        f"<enclosure url={quoteattr(urls[n % len(urls)])} type='audio/mpeg' length='1'/>"
        f"<content:encoded><![CDATA[{NOTES_HTML.format(f=f'feed-notes-{n}')}]]></content:encoded>"
        f"{people}</item>"
        for n, title in enumerate([*payloads("feed-title"), "\u202eEpisode reversed"])
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<rss version="2.0" xmlns:podcast="{PODCAST_NS}" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>'
        f"<title>{escape(payloads('feed-show')[0])}</title>"
        "<link>javascript:alert(1)</link>"
        f"<itunes:image href={quoteattr(BAD_URLS[1])}/>"
        f"<itunes:author>{escape(payloads('feed-author')[1])}</itunes:author>"
        f"<description>{escape(NOTES_HTML.format(f='feed-show-notes'))}</description>"
        f"{items}</channel></rss>"
    ).encode()


def hostile_transcript() -> bytes:
    """A Podcasting 2.0 JSON transcript: labels and words hostile, one line 10,000 chars."""
    labels = [
        *payloads("label"),
        *RTL_NAMES,
        *BIDI_NAMES,
        "Speaker 1",
        "Dr. " + "Averyveryverylongname" * 9,
    ]
    texts = [
        *payloads("said"),
        "كان ذلك في عام 2019، وقال لي: «لا تفعل ذلك».",
        "הוא אמר: זה לא עובד (בכלל) בשנת 2020.",
        "An override in speech: \u202ethis reads backwards\u202c, then \u2067an open isolate.",
        f"One unbroken word: {LONG_WORD}",
    ]
    segments = [
        {
            "speaker": labels[n % len(labels)],
            "startTime": n * 5,
            "endTime": n * 5 + 4,
            "body": f"{texts[n % len(texts)]} (line {n})",
        }
        for n in range(max(len(labels), len(texts)) * 2)
    ]
    return json.dumps({"version": "1.0.0", "segments": segments}).encode()


def build_hostile_archive() -> Hostile:
    archive = Hostile()
    # 1. A hostile feed, through the importer (credits and all).
    archive.feed_summary = import_feed_file(
        hostile_feed(), source="hostile.xml", options=Options(transcripts=False)
    )
    fed = Show.objects.get(episodes__guid="hostile-0")
    # 2. What a curator could type into the admin, or an old import stored: the ORM.
    for n, url in enumerate(BAD_URLS):
        archive.shows.append(
            make_show(
                title=capped(payloads(f"show-{n}")[n % len(MARKUP)], Show, "title"),
                slug=f"hostile-show-{n}",
                website_url=url,
                image_url=url,
                feed_url="",
                description=NOTES_HTML.format(f=f"show-notes-{n}"),
                author=payloads("author")[n % len(MARKUP)],
            )
        )
    long_show = make_show(
        title=capped("Show" + LONG_WORD, Show, "title"),
        slug="hostile-long-show",
        description="Plain notes with a\x0bvertical tab and " + LONG_WORD,
    )
    archive.shows[:0] = [fed, long_show]
    for n, url in enumerate(BAD_URLS):
        archive.episodes.append(
            make_episode(
                archive.shows[2 + n],
                title=capped(payloads(f"episode-{n}")[n % len(MARKUP)], Episode, "title"),
                slug=f"hostile-episode-{n}",
                page_url=url,
                audio_url=url,
                chapters_url=url,
                description=NOTES_HTML.format(f=f"episode-notes-{n}"),
                published_at=datetime(2024, 2 + n % 10, 1, tzinfo=UTC),
            )
        )
    transcribed = make_episode(
        long_show,
        title=capped("Episode" + LONG_WORD, Episode, "title"),
        slug="hostile-transcribed",
        description=NOTES_HTML.format(f="transcribed-notes"),
        published_at=datetime(2024, 6, 1, tzinfo=UTC),
        duration_seconds=600,
    )
    archive.episodes[:0] = [*list(fed.episodes.all()), transcribed]
    # 3. A hostile transcript, through the importer: labels become speakers or stay labels.
    archive.transcript_summary = import_transcript_file(
        transcribed, hostile_transcript(), source="hostile.json"
    )
    # 4. Curators' edits through the core: names typed with markup, bidi controls, links.
    for n, name in enumerate([*payloads("curated-name"), *RTL_NAMES, *BIDI_NAMES]):
        speaker = curation.new_speaker(capped(name, Speaker, "name"))
        speaker.image_url = BAD_URLS[n % len(BAD_URLS)]
        speaker.bio = payloads("bio")[n % len(MARKUP)]
        speaker.disambiguation = capped(
            payloads("disambiguation")[n % len(MARKUP)], Speaker, "disambiguation"
        )
        curation.save_speaker(speaker, ["image_url", "bio", "disambiguation"])
        SpeakerLink.objects.create(
            speaker=speaker, kind=LinkKind.WEBSITE, url=BAD_URLS[n % len(BAD_URLS)]
        )
        for episode in archive.episodes[1 + n % 4 :: 3]:
            curation.credit(episode, speaker, Role.GUEST)
    # 5. And names the core would clean, as an older import could have left them.
    for n, name in enumerate([*BIDI_NAMES, capped("Name" + LONG_WORD, Speaker, "name")]):
        raw = Speaker.objects.create(name=name, slug=f"raw-{n}", image_url=BAD_URLS[n])
        SpeakerAlias.objects.create(speaker=raw, name=f"raw alias {n}")
        curation.credit(transcribed, raw, Role.HOST)
    _add_pasted_and_formula_titles(archive, transcribed)
    lines = list(transcribed.utterances.order_by("sequence"))
    curation.edit_utterance(lines[0], speaker=None, speaker_label="<b>label-edit</b>\u202e")
    # The transcribed episode's audio and a transcript speaker's photo and link, hostile too,
    # so the quote page's player, portrait and JSON-LD sameAs meet them.
    Episode.objects.filter(pk=transcribed.pk).update(audio_url=BAD_URLS[0])
    quoted = lines[2].speaker
    assert quoted is not None, "a label with markup is read as a name, and credited"
    Speaker.objects.filter(pk=quoted.pk).update(image_url=BAD_URLS[2])
    SpeakerLink.objects.create(speaker=quoted, kind=LinkKind.WEBSITE, url=BAD_URLS[1])
    SpeakerLink.objects.create(speaker=quoted, kind=LinkKind.PROFILE, url="https://ok.example/")
    # A line deleted: its permalink answers 410 with the episode's (hostile) title.
    curation.delete_utterances(Utterance.objects.filter(pk=lines[-1].pk))
    archive.gone = lines[-1].pk
    archive.speakers = list(Speaker.objects.public().order_by("pk"))
    archive.quotes = list(transcribed.utterances.order_by("sequence"))
    archive.episodes = list(Episode.objects.public().order_by("pk"))
    archive.shows = list(Show.objects.order_by("pk"))
    return archive


def _add_pasted_and_formula_titles(archive: Hostile, transcribed: Episode) -> None:
    """Titles a curator could save in the admin: a vertical tab pasted from a word processor
    (XML 1.0 cannot carry it), spreadsheet formulas, a right-to-left override left open."""
    raw = Speaker.objects.get(slug="raw-0")
    for n, title in enumerate(
        [
            "Pasted from a word processor\x0bwith a vertical tab",
            '=HYPERLINK("https://evil.example/","click me")',
            "@SUM(1+1)*cmd|' /C calc'!A0",
            "\u202eRaw override left open in a title",
        ]
    ):
        show = make_show(title=title, slug=f"pasted-show-{n}")
        episode = make_episode(
            show,
            title=f"{title} (episode)",
            slug=f"pasted-episode-{n}",
            published_at=datetime(2024, 9, 1 + n, tzinfo=UTC),
        )
        curation.credit(episode, raw, Role.GUEST)
    transcribed.refresh_from_db()


# Reading what was served


SCRIPT_URL = re.compile(r"^(?:javascript|data|vbscript):", re.IGNORECASE)
# Browsers drop these anywhere in a URL (tab, newline) or around it (C0 controls, space).
URL_IGNORED = re.compile(r"[\t\n\r]")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "srcset", "xlink:href", "data"}
FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "form"}
# Elements whose text is not laid out as page text, so bidi isolation does not apply.
NOT_TEXT = {"title", "script", "style", "textarea", "option", "svg"}
ISOLATING = {"bdi"}


def script_url(value: str) -> bool:
    """Whether a browser would run ``value`` as a URL: javascript:, data: or vbscript:."""
    probe = URL_IGNORED.sub("", value).lstrip("".join(map(chr, range(0x21))))
    return bool(SCRIPT_URL.match(probe))


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    isolated: bool


class PageReader(HTMLParser):
    """Reads a page as a browser would and notes anything hostile that became markup.

    ``problems`` lists what is wrong; ``json_ld`` the JSON-LD blocks' raw text;
    ``texts`` every text node with whether it is inside ``<bdi>`` or ``[dir]``.
    """

    def __init__(self, *, site_forms: set[str]):
        super().__init__(convert_charrefs=True)
        self.site_forms = site_forms
        self.stack: list[Element] = []
        self.problems: list[str] = []
        self.json_ld: list[str] = []
        self.texts: list[tuple[str, bool, str]] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)
        values = {name: value or "" for name, value in attrs}
        parent = self.stack[-1].isolated if self.stack else False
        isolated = parent or tag in ISOLATING or "dir" in values
        if tag not in VOID:
            self.stack.append(Element(tag, values, isolated))

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not data.strip():
            return
        inside = [element.tag for element in self.stack]
        if self.stack and self.stack[-1].tag == "script":
            if self.stack[-1].attrs.get("type") == "application/ld+json":
                self.json_ld.append(data)
            return
        if NOT_TEXT & set(inside):
            return
        isolated = bool(self.stack) and self.stack[-1].isolated
        self.texts.append((data, isolated, "/".join(inside[-3:])))

    def _check(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        where = f"<{tag} {' '.join(f'{k}={v!r}' for k, v in attrs)[:160]}>"
        if tag == "script" and not self._site_script(values):
            self.problems.append(f"a script that is not the site's: {where}")
        if tag in FORBIDDEN_ELEMENTS and not (tag == "form" and self._site_form(values)):
            self.problems.append(f"a <{tag}> element: {where}")
        if tag == "style" and "nonce" not in values:
            self.problems.append(f"a <style> element without the page's nonce: {where}")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.problems.append(f"a meta refresh: {where}")
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"an event handler attribute {name}: {where}")
            if name in URL_ATTRIBUTES and script_url(value):
                self.problems.append(f"a script URL in {name}: {where}")
            if name == "style":
                self.problems.append(f"a style attribute: {where}")

    @staticmethod
    def _site_script(values) -> bool:
        src = values.get("src", "")
        if src:
            return src.startswith("/") and not src.startswith("//")
        return values.get("type") in {"application/ld+json", "application/json"}

    def _site_form(self, values) -> bool:
        action = values.get("action", "")
        return action == "" or action.startswith(("/", "?", "#")) or action in self.site_forms


VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


def read_page(html: str) -> PageReader:
    reader = PageReader(site_forms=set())
    reader.feed(html)
    reader.close()
    return reader


def unisolated(reader: PageReader, needles: list[str]) -> list[str]:
    """The text nodes outside any ``<bdi>`` or ``[dir]`` that hold a name or a quote."""
    found = []
    for text, isolated, where in reader.texts:
        if isolated:
            continue
        for needle in needles:
            if needle and needle in text:
                found.append(f"{needle[:40]!r} not isolated in {where}: {text.strip()[:80]!r}")
    return found


# The audit


@pytest.fixture
def hostile(settings):
    # The audit asks the API for ~150 resources: more than an anonymous visitor's minute.
    # The throttle counts them in the cache, which the next test would inherit: cleared.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min"},
    }
    cache.clear()
    yield build_hostile_archive()
    cache.clear()


def public_pages(archive: Hostile) -> dict[str, list[str]]:
    """Every public HTML page of the hostile archive, by kind."""
    speakers = archive.speakers
    listed = Speaker.objects.listed().count()
    lines = archive.quotes
    sentences = next(u for u in lines if u.text.count(". ") >= 1)
    return {
        "home": [reverse("archive:home")],
        "shows": [reverse("archive:shows")],
        "show": [show.get_absolute_url() for show in archive.shows],
        "episode": [episode.get_absolute_url() for episode in archive.episodes]
        + [f"{lines[0].episode.get_absolute_url()}?from={lines[1].pk}"],
        "speakers": [
            f"{reverse('speakers:index')}?page={page}" for page in range(1, listed // 30 + 2)
        ],
        "speaker": [speaker.get_absolute_url() for speaker in speakers]
        + [f"{speaker.get_absolute_url()}?q=alert" for speaker in speakers[:12]],
        "compare": [
            f"{reverse('speakers:compare')}?{urlencode([('s', s.slug) for s in group])}"
            for group in (speakers[n : n + 5] for n in range(0, len(speakers), 5))
        ],
        "search": [
            f"{reverse('archive:search')}?{urlencode({'q': q})}"
            for q in ["alert", "script", "line", "محمد", "זה", "Supercalifragilistic*", "img"]
        ],
        "quote": [line.permalink for line in lines]
        + [reverse("archive:quote_passage", args=[lines[1].pk, lines[6].pk])]
        + [f"{sentences.permalink}?s=1"],
        "embed": [reverse("archive:quote_embed", args=[line.pk]) for line in lines],
        "gone": [reverse("archive:quote", args=[archive.gone])],
    }


PAGE_GROUPS = [
    "home", "shows", "show", "episode", "speakers", "speaker", "compare", "search", "quote",
    "embed", "gone",
]  # fmt: skip


@pytest.mark.parametrize("group", [group for group in PAGE_GROUPS])
def test_hostile_text_is_text_and_hostile_urls_are_not_links_on_every_page(client, hostile, group):
    problems = []
    for url in public_pages(hostile)[group]:
        response = client.get(url)
        assert response.status_code == (410 if group == "gone" else 200), url
        reader = read_page(response.content.decode())
        problems += [f"{url}: {problem}" for problem in reader.problems]
        for block in reader.json_ld:
            assert "</script" not in block.lower(), url
            json.loads(block)
    assert not problems, "\n".join(dict.fromkeys(problems))


@pytest.mark.parametrize("group", [group for group in PAGE_GROUPS])
def test_every_name_title_and_quote_on_a_page_is_isolated(client, hostile, group):
    needles = hostile.names + hostile.titles + hostile.quote_starts
    problems = []
    for url in public_pages(hostile)[group]:
        reader = read_page(client.get(url).content.decode())
        problems += [f"{url}: {problem}" for problem in unisolated(reader, needles)]
    assert not problems, "\n".join(dict.fromkeys(problems))


def texts_of(client, url: str) -> str:
    reader = read_page(client.get(url).content.decode())
    return "\n".join(text for text, _, _ in reader.texts)


def test_hostile_names_and_titles_read_back_exactly_as_typed(client, hostile):
    """Escaped once: ``&amp;`` shows as "&amp;", ``<script>`` as "<script>", RTL as written."""
    for show in hostile.shows:
        assert show.title in texts_of(client, show.get_absolute_url())
    for episode in hostile.episodes:
        assert episode.title in texts_of(client, episode.get_absolute_url())
    transcript = texts_of(client, hostile.quotes[0].episode.get_absolute_url())
    for line in hostile.quotes:
        assert line.display_speaker in transcript
        assert " ".join(line.text.split())[:36] in transcript
    index = "\n".join(
        texts_of(client, f"{reverse('speakers:index')}?page={page}") for page in (1, 2)
    )
    assert {s.name for s in Speaker.objects.listed()} <= {
        name for name in (s.name for s in hostile.speakers) if name in index
    }


def test_json_ld_holds_the_stored_strings_and_cannot_close_its_script(client, hostile):
    for line in hostile.quotes:
        reader = read_page(client.get(line.permalink).content.decode())
        (block,) = reader.json_ld
        assert "</script" not in block.lower() and "<" not in block
        data = json.loads(block)
        assert data["text"] == line.text
        assert data["isPartOf"]["name"] == line.episode.title
        if "creator" in data:
            assert data["creator"]["name"] == line.speaker.name
            assert all(url.startswith("https://") for url in data["creator"]["sameAs"])


def test_oembed_json_carries_the_strings_and_one_iframe_of_ours(client, hostile):
    for line in hostile.quotes:
        url = f"http://testserver{line.permalink}"
        data = client.get(f"{reverse('archive:oembed')}?{urlencode({'url': url})}").json()
        quote = load_quote_for(line)
        assert data["title"] == quote.description
        assert data["author_name"] == quote.speaker_line
        frames = IframeReader()
        frames.feed(data["html"])
        (frame,) = frames.frames
        assert frame["src"].startswith("http://testserver/q/")
        assert frame["title"] == f"A quote from {quote.speaker_line}"
        assert not [name for name in frame if name.startswith("on")]


def load_quote_for(line: Utterance):
    from archive.quotes.quote import load_quote

    return load_quote(line.pk)


class IframeReader(HTMLParser):
    """Every element of an oEmbed ``html`` snippet; only iframes are expected."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.frames: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        assert tag == "iframe", f"oEmbed html holds a <{tag}>"
        self.frames.append({name: value or "" for name, value in attrs})


def test_quote_cards_render_the_hostile_lines(client, hostile):
    for line in hostile.quotes:
        response = client.get(reverse("archive:quote_card", args=[line.pk]))
        assert response.status_code == 200
        image = Image.open(io.BytesIO(response.content))
        assert (image.format, image.size) == ("PNG", (1200, 630))


def test_a_card_with_a_ten_thousand_character_name_and_quote_renders_quickly():
    start = time.perf_counter()
    png = render_card(
        CardText(
            quote=LONG_WORD,
            speaker="\u202e" + "N" * 10_000 + "\u2066",
            context=" · ".join([LONG_WORD, payloads("card")[0], "\u202eevil"]),
        )
    )
    assert time.perf_counter() - start < 2.0
    assert Image.open(io.BytesIO(png)).size == (1200, 630)


def test_the_card_draws_names_without_bidi_controls():
    from archive.quotes.card import clean

    assert clean("\u202eAda\u202c \u2067Lovelace\u2069 <b>&amp;</b>") == "Ada Lovelace <b>&amp;</b>"


ATOM = "{http://www.w3.org/2005/Atom}"


def feeds(archive: Hostile) -> dict[str, list[str]]:
    pasted = {show for show in archive.shows if show.slug.startswith("pasted-show-")}
    raw = Speaker.objects.get(slug="raw-0")
    return {
        "speaker-feeds": [
            reverse("syndication:speaker-feed", args=[s.slug]) for s in archive.speakers if s != raw
        ],
        "show-feeds": [
            reverse("syndication:show-feed", args=[show.slug])
            for show in archive.shows
            if show not in pasted
        ],
        "search-feeds": [
            f"{reverse('syndication:search-feed')}?{urlencode({'q': q})}"
            for q in ["alert", "script", "محمد", "line"]
        ],
        "pasted-feeds": [reverse("syndication:speaker-feed", args=[raw.slug])]
        + [reverse("syndication:show-feed", args=[show.slug]) for show in pasted],
    }


@pytest.mark.parametrize("group", ["speaker-feeds", "show-feeds", "search-feeds", "pasted-feeds"])
def test_atom_feeds_carry_hostile_strings_as_text(client, hostile, group):
    needles = hostile.names + hostile.titles + hostile.quote_starts
    for url in feeds(hostile)[group]:
        response = client.get(url)
        assert response.status_code == 200, url
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, (url, parsed.bozo_exception)
        root = ET.fromstring(response.content)
        titles = [element.text or "" for element in root.iter(f"{ATOM}title")]
        assert [entry.title for entry in parsed.entries] == titles[1:], url
        for summary in root.iter(f"{ATOM}summary"):
            reader = read_page(summary.text or "")
            assert not reader.problems, (url, reader.problems)
            assert not unisolated(reader, needles), (url, unisolated(reader, needles))
    if group == "show-feeds":
        show = hostile.shows[0]
        parsed = feedparser.parse(client.get(feeds(hostile)[group][0]).content)
        assert sorted(entry.title for entry in parsed.entries) == sorted(
            show.episodes.values_list("title", flat=True)
        )


def test_the_sitemap_lists_only_this_sites_pages(client, hostile):
    index = ET.fromstring(client.get(reverse("syndication:sitemap")).content)
    sections = [loc.text for loc in index.iter() if loc.tag.endswith("loc")]
    assert sections
    for section in sections:
        urls = ET.fromstring(client.get(section.removeprefix("http://testserver")).content)
        for loc in (loc.text for loc in urls.iter() if loc.tag.endswith("loc")):
            assert loc.startswith("http://testserver/")


SVG = "{http://www.w3.org/2000/svg}"


def test_the_timeline_svg_is_well_formed_and_names_are_text(client, hostile):
    from archive.shownotes import xml_text

    for speaker in [*hostile.speakers, Speaker.objects.get(slug="raw-0")]:
        response = client.get(reverse("speakers:appearances_svg", args=[speaker.slug]))
        root = ET.fromstring(response.content)  # raises on malformed XML
        assert root.tag == f"{SVG}svg"
        tags = {element.tag.removeprefix(SVG) for element in root.iter()}
        assert tags <= {"svg", "title", "desc", "style", "rect", "g", "line", "text", "a"}, tags
        for element in root.iter():
            assert not [name for name in element.attrib if name.startswith("on")]
            assert not script_url(element.get("href", ""))
        title = root.find(f"{SVG}title").text
        assert xml_text(speaker.name) in title


def test_the_chart_json_holds_the_stored_titles_exactly(client, hostile):
    raw = Speaker.objects.get(slug="raw-0")
    for speaker in [*hostile.speakers, raw]:
        url = reverse("speakers:appearances_data", args=[speaker.slug, "json"])
        data = json.loads(client.get(url).content)
        assert data["subject"]["name"] == speaker.name
        titles = set(
            Show.objects.filter(episodes__appearances__speaker=speaker).values_list(
                "title", flat=True
            )
        )
        assert {series["label"] for series in data["series"]} - {"Other shows"} <= titles


# Cells a spreadsheet would run as a formula.
FORMULA = re.compile(r"^[=+\-@\t\r]")


@pytest.mark.parametrize("group", ["titles", "formulas"])
def test_the_chart_csv_holds_the_titles_as_text(client, hostile, group):
    raw = Speaker.objects.get(slug="raw-0")
    speakers = [s for s in hostile.speakers if s != raw] if group == "titles" else [raw]
    for speaker in speakers:
        url = reverse("speakers:appearances_data", args=[speaker.slug, "csv"])
        header, *_rows = list(csv.reader(io.StringIO(client.get(url).content.decode())))
        assert header[:4] == ["period", "label", "start", "end"] and header[-1] == "total"
        labels = header[4:-1]
        titles = set(
            Show.objects.filter(episodes__appearances__speaker=speaker).values_list(
                "title", flat=True
            )
        )
        for label in labels:
            assert not FORMULA.match(label), label
            assert label in titles or label.removeprefix("'") in titles or label == "Other shows"


def api_urls(archive: Hostile) -> list[str]:
    urls = [reverse(f"api:{name}") for name in ("speaker-list", "show-list", "episode-list")]
    urls += [f"{reverse('api:search')}?{urlencode({'q': q})}" for q in ["alert", "محمد"]]
    for speaker in archive.speakers:
        for name in ("speaker-detail", "speaker-appearances", "speaker-appearances-over-time"):
            urls.append(reverse(f"api:{name}", args=[speaker.slug]))
    urls += [reverse("api:show-detail", args=[show.slug]) for show in archive.shows]
    for episode in archive.episodes:
        for name in ("episode-detail", "episode-utterances"):
            urls.append(reverse(f"api:{name}", args=[episode.show.slug, episode.slug]))
    return urls


URL_KEYS = {"image_url", "website_url", "feed_url", "audio_url", "page_url"}


def walk(value, key=""):
    """Every (key, value) in a JSON document, however nested."""
    if isinstance(value, dict):
        for inner_key, inner in value.items():
            yield from walk(inner, inner_key)
    elif isinstance(value, list):
        for inner in value:
            yield from walk(inner, key)
    else:
        yield key, value


def test_the_api_gives_the_stored_strings_exactly_and_no_script_urls(client, hostile):
    names = {speaker.slug: speaker.name for speaker in Speaker.objects.all()}
    titles = {show.slug: show.title for show in Show.objects.all()}
    texts = dict(Utterance.objects.values_list("pk", "text"))
    for url in api_urls(hostile):
        response = client.get(url, HTTP_ACCEPT="application/json")
        assert response.status_code == 200, url
        data = json.loads(response.content)
        for key, value in walk(data):
            if key in URL_KEYS or key == "url":
                assert value == "" or value.startswith(("http://", "https://", "/")), (url, value)
                assert not script_url(value), (url, key, value)
            if key == "snippet_html" or key == "show_notes_html":
                assert not read_page(value).problems, (url, value)
        for item in _objects(data):
            if "slug" in item and "name" in item and item["slug"] in names:
                assert item["name"] == names[item["slug"]], url
            if (
                "slug" in item
                and "title" in item
                and "api_url" in item
                and "/shows/" in item["api_url"]
            ):
                assert item["title"] == titles[item["slug"]], url
            if "text" in item and "id" in item:
                assert item["text"] == texts[item["id"]], url


def _objects(value):
    if isinstance(value, dict):
        yield value
        for inner in value.values():
            yield from _objects(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _objects(inner)


def test_the_browsable_api_escapes_what_it_shows(client, hostile):
    for url in api_urls(hostile)[::7]:
        response = client.get(url, HTTP_ACCEPT="text/html")
        assert response["Content-Type"].startswith("text/html"), url
        problems = read_page(response.content.decode()).problems
        assert not problems, (url, problems)


def admin_urls(archive: Hostile) -> list[str]:
    urls = [
        reverse(f"admin:{name}_changelist")
        for name in (
            "speakers_speaker",
            "speakers_speakeralias",
            "archive_show",
            "archive_episode",
            "archive_utterance",
        )
    ]
    urls.append(f"{reverse('admin:archive_utterance_changelist')}?q=alert")
    urls += [reverse("admin:speakers_speaker_change", args=[s.pk]) for s in archive.speakers]
    urls += [reverse("admin:archive_show_change", args=[s.pk]) for s in archive.shows]
    urls += [reverse("admin:archive_episode_change", args=[e.pk]) for e in archive.episodes]
    urls += [reverse("admin:archive_utterance_change", args=[u.pk]) for u in archive.quotes]
    return urls


def test_the_admin_shows_hostile_values_as_text(admin_client, hostile):
    problems = []
    for url in admin_urls(hostile):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        problems += [f"{url}: {p}" for p in read_page(response.content.decode()).problems]
    assert not problems, "\n".join(dict.fromkeys(problems))


# Names enter the archive without bidi controls (speakers.names.clean_name)


@pytest.mark.parametrize(
    ("written", "stored", "codes"),
    [
        ("\u202eAda Lovelace\u202c", "Ada Lovelace", "U+202C, U+202E"),
        ("\u202dGrace\u202a \u202bHopper", "Grace Hopper", "U+202A, U+202B, U+202D"),
        ("\u2067Alan\u2069  \u2066Turing\u2068", "Alan Turing", "U+2066, U+2067, U+2068, U+2069"),
        ("\u200fKaren\u200e Spärck\u061c Jones", "Karen Spärck Jones", "U+061C, U+200E, U+200F"),
        ("محمد عبد الله", "محمد عبد الله", None),
        ("Ann\u200dLee", "Ann\u200dLee", None),  # a joiner is part of the spelling
    ],
)
def test_clean_name_drops_overrides_isolates_and_marks(written, stored, codes):
    from speakers.names import NAME_BIDI, clean_name

    name, warning = clean_name(written)
    assert name == stored
    if codes is None:
        assert warning is None
    else:
        assert warning.endswith(f"held bidi controls ({codes}); removed them")
        assert not NAME_BIDI.search(warning)  # spelled out, so the message reads in order


def test_a_name_key_ignores_every_bidi_character():
    from speakers.names import name_key

    assert name_key("\u202eAda\u202c \u2067Lovelace\u2069") == name_key("Ada Lovelace")
    assert name_key("\u200fKaren\u200e Spärck\u061c Jones") == "karen sparck jones"


def test_names_from_a_transcript_or_a_curators_map_are_stored_clean(db):
    from speakers.names import name_warnings
    from speakers.resolve import get_or_create_speakers

    written = ["\u202eAda Lovelace", "\u2066Alan\u2069 Turing"]
    found, created = get_or_create_speakers(written)

    assert sorted(s.name for s in created) == ["Ada Lovelace", "Alan Turing"]
    assert sorted(SpeakerAlias.objects.values_list("name", flat=True)) == [
        "Ada Lovelace",
        "Alan Turing",
    ]
    assert found["\u202eAda Lovelace"].name == "Ada Lovelace"
    assert get_or_create_speakers(["Ada Lovelace"])[1] == []  # the same person, found
    assert len(name_warnings(written)) == 2


def test_feed_credits_and_titles_lose_bidi_controls_with_a_warning(db):
    feed = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<rss version="2.0" xmlns:podcast="{PODCAST_NS}"><channel>'
        "<title>\u202eA show</title><link>https://show.example/</link>"
        "<item><guid>1</guid><title>An \u2067episode</title>"
        "<podcast:person role='guest'>\u202eGrace Hopper\u202c</podcast:person></item>"
        "</channel></rss>"
    ).encode()

    summary = import_feed_file(feed, source="bidi.xml", options=Options(transcripts=False))

    episode = Episode.objects.get()
    assert (episode.show.title, episode.title) == ("A show", "An episode")
    assert Speaker.objects.get().name == "Grace Hopper"
    assert SpeakerAlias.objects.get().name == "Grace Hopper"
    report = "\n".join(summary.lines())
    assert (
        "podcast:person '<U+202E>Grace Hopper<U+202C>' held bidi controls (U+202C, U+202E); "
        "removed them" in report
    )
    assert "title '\\u202eA show' held bidi controls; removed them" in report
    assert "title 'An \\u2067episode' held bidi controls; removed them" in report


def test_credits_given_directly_are_cleaned_too(db):
    from archive.feeds.parsed import Person

    identified = curation.identify_people([Person(name="\u202eGrace Hopper")])

    (speaker,) = identified.created
    assert speaker.name == "Grace Hopper"
    assert identified.speakers[("\u202eGrace Hopper", "")] == speaker
    assert identified.warnings == [
        "podcast:person '<U+202E>Grace Hopper' held bidi controls (U+202E); removed them"
    ]


def test_curators_names_lose_bidi_controls_with_a_logged_warning(db, caplog):
    speaker = curation.new_speaker("\u202eAda Lovelace")
    speaker.name = "\u2067Ada\u2069 King"
    curation.save_speaker(speaker, ["name"])

    speaker.refresh_from_db()
    assert speaker.name == "Ada King"
    assert SpeakerAlias.objects.get().name == "Ada Lovelace"
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        "speaker name '<U+202E>Ada Lovelace' held bidi controls (U+202E); removed them",
        "speaker name '<U+2067>Ada<U+2069> King' held bidi controls (U+2067, U+2069); removed them",
    ]


def test_a_split_alias_names_its_speaker_without_bidi_controls(db):
    owner = curation.new_speaker("Ada Lovelace")
    alias = SpeakerAlias.objects.create(speaker=owner, name="\u202eAugusta King")

    assert curation.split_alias(alias).name == "Augusta King"


def test_a_ten_thousand_character_name_is_cut_or_refused_never_stored_whole(db):
    from speakers.resolve import get_or_create_speakers

    name = "N" * 10_000
    with pytest.raises(ValueError, match="too long to be a speaker's name"):
        curation.new_speaker(name)
    with pytest.raises(ValueError, match="too long to be a speaker's name"):
        get_or_create_speakers([name])
    feed = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<rss version="2.0" xmlns:podcast="{PODCAST_NS}"><channel><title>Show</title>'
        f"<item><guid>1</guid><title>{'T' * 10_000}</title>"
        f"<podcast:person role='guest'>{name}</podcast:person></item></channel></rss>"
    ).encode()
    summary = import_feed_file(feed, source="long.xml", options=Options(transcripts=False))
    assert len(Speaker.objects.get().name) == 200
    assert len(Episode.objects.get().title) == 500
    assert "podcast:person name is 10000 characters; cut to 200" in "\n".join(summary.lines())


# The URL and XML checks themselves


@pytest.mark.parametrize("url", [*BAD_URLS, "file:///etc/passwd", "mailto:a@b.example", "x.png"])
def test_public_url_refuses_every_scheme_but_http(url):
    from archive.shownotes import public_url

    assert public_url(url) == ""


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://cdn.example/a.mp3", "https://cdn.example/a.mp3"),
        ("  HTTP://cdn.example/a.mp3\n", "HTTP://cdn.example/a.mp3"),
        ("/static/audio/demo/a.opus", "/static/audio/demo/a.opus"),
    ],
)
def test_public_url_keeps_http_urls_and_site_paths(url, kept):
    from archive.shownotes import public_url

    assert public_url(url) == kept


def test_xml_text_drops_only_what_xml_cannot_carry():
    from archive.shownotes import xml_text

    assert xml_text("a\x0bb\x00c\ufffe\tד\n<&>") == "abc\tד\n<&>"
