"""Show notes from feeds, made safe to put on a page: an allow-list HTML sanitiser.

Feeds carry publishers' HTML (links, lists, emphasis) and sometimes worse
(scripts, tracking pixels, inline styles). ``nh3`` (Rust's ammonia) keeps only
the tags and attributes listed here; everything else is dropped, its text kept.
Headings and images are not allowed: a notes ``<h1>`` would break the page's
heading order, and a remote image is an asset this site does not serve. Pure
functions, no queries.
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
