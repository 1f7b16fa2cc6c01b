"""A small builder of RSS feeds for tests: channel and items as keyword arguments."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

PODCAST_NS = "https://podcastindex.org/namespace/1.0"


def person(name: str, role: str = "", href: str = "", img: str = "", group: str = "") -> str:
    attrs = "".join(
        f" {key}={quoteattr(value)}"
        for key, value in (("role", role), ("href", href), ("img", img), ("group", group))
        if value
    )
    return f"<podcast:person{attrs}>{escape(name)}</podcast:person>"


def transcript(url: str, type: str = "text/vtt", **attrs: str) -> str:
    extra = "".join(f" {key}={quoteattr(value)}" for key, value in attrs.items())
    return f"<podcast:transcript url={quoteattr(url)} type={quoteattr(type)}{extra}/>"


def item(
    guid: str | None = "ep-1",
    title: str = "Episode one",
    date: str = "Mon, 06 Jan 2025 10:00:00 +0000",
    *,
    audio: str = "",
    extra: str = "",
) -> str:
    parts = [f"<title>{escape(title)}</title>"]
    if guid is not None:
        parts.append(f"<guid isPermaLink='false'>{escape(guid)}</guid>")
    if date:
        parts.append(f"<pubDate>{escape(date)}</pubDate>")
    if audio:
        parts.append(f"<enclosure url={quoteattr(audio)} type='audio/mpeg' length='1'/>")
    return "<item>" + "".join(parts) + extra + "</item>"


def rss(*items: str, title: str = "The Test Show", extra: str = "", language: str = "en") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<rss version="2.0" xmlns:podcast="{PODCAST_NS}" '
        'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>'
        f"<title>{escape(title)}</title><link>https://show.example/</link>"
        f"<language>{language}</language><description>A show for tests.</description>"
        f"{extra}{''.join(items)}</channel></rss>"
    ).encode()
