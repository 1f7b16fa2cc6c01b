"""What feeds and transcripts give us, made safe to put on a page, in a feed or in an SVG.

Show notes: feeds carry publishers' HTML (links, lists, emphasis) and sometimes
worse (scripts, tracking pixels, inline styles). ``nh3`` (Rust's ammonia) keeps
only the tags and attributes listed here; everything else is dropped, its text
kept. Headings and images are not allowed: a notes ``<h1>`` would break the
page's heading order, and a remote image is an asset this site does not serve.

URLs: ``public_url`` is the last check before a stored URL becomes an ``href`` or
a ``src``. The feed parser and the admin's forms already refuse anything but
http(s), but rows also arrive by ``import_archive``, older imports and the ORM,
and a ``javascript:`` link is one click from running in the visitor's session.

XML text: ``xml_text`` drops the characters XML 1.0 cannot carry (a vertical tab
pasted from a word processor), which would otherwise make an SVG malformed and
an Atom feed fail to render at all.

Pure functions, no queries.
"""

from __future__ import annotations

import html
import re

import nh3
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "cite",
    "code",
    "em",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "ul",
}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "time": {"datetime"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Links in notes are the publisher's, not ours: no referrer, no endorsement.
LINK_REL = "nofollow noopener noreferrer"
# A tag, a comment or an entity: "a < b" alone is plain text.
_HTML = re.compile(r"<[a-zA-Z!/]|&[#a-zA-Z0-9]+;")
# What a browser ignores in a URL: tabs and newlines anywhere, C0 controls and spaces
# around it ("java\tscript:", " \njavascript:", "\x01javascript:" all run as javascript:).
_URL_IGNORED = re.compile(r"[\t\n\r]")
_URL_EDGES = "".join(map(chr, range(0x21)))
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
PAGE_URL_SCHEMES = {"http", "https"}
# Not allowed in XML 1.0 at all: C0 controls but tab, newline and carriage return;
# lone surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def show_notes_html(text: str) -> SafeString:
    """``text`` as safe HTML: sanitised if it is HTML, paragraphs if it is plain text."""
    if not text.strip():
        return mark_safe("")
    if not _HTML.search(text):
        return mark_safe(linebreaks(text, autoescape=True))  # safe: escaped, then <p> and <br>
    cleaned = nh3.clean(
        text, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=LINK_REL
    )
    return mark_safe(cleaned)  # safe: nh3 kept only the allow-listed tags and attributes


def notes_text(text: str) -> str:
    """``text`` as plain text, for a lede or a meta description: tags dropped, entities read.

    The result is unescaped text; templates escape it as they print it.
    """
    return " ".join(html.unescape(nh3.clean(text, tags=set())).split())


def public_url(value: str | None) -> str:
    """``value`` when a browser would fetch it over http(s), else "": safe for ``href``/``src``.

    Accepts an absolute http(s) URL with a host, and a path on this site
    (``/static/audio/a.opus``; ``//host/x`` takes the page's scheme). Refuses
    every other scheme (``javascript:``, ``data:``, ``vbscript:``, ``file:``…)
    however it is spelled: any case, with tabs or newlines inside, with spaces or
    control characters before it. Also refuses relative paths, which no stored
    URL should be. The accepted URL is returned stripped, as a browser reads it.
    """
    url = str(value or "")
    probe = _URL_IGNORED.sub("", url).strip(_URL_EDGES)
    if not probe:
        return ""
    scheme = _SCHEME.match(probe)
    if scheme is None:
        return url.strip(_URL_EDGES) if probe.startswith("/") else ""
    if scheme[1].lower() not in PAGE_URL_SCHEMES or not probe[scheme.end() :].startswith("//"):
        return ""
    return url.strip(_URL_EDGES)


def xml_text(value) -> str:
    """``value`` as text XML 1.0 can carry: the characters it forbids are dropped."""
    return _NOT_XML.sub("", str(value))
