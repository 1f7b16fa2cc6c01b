"""What a feed says, as plain data: the parser's output and the importer's input."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# The Podcasting 2.0 namespace under its current URI and the old GitHub one.
PODCAST_NAMESPACES = (
    "https://podcastindex.org/namespace/1.0",
    "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
)
ITUNES_NAMESPACE = "http://www.itunes.com/dtds/podcast-1.0.dtd"


class FeedError(ValueError):
    """A feed we cannot read at all; the message names the problem and where it is."""

    def __init__(self, message: str, *, source: str = "", line: int | None = None):
        self.source, self.line, self.reason = source, line, message
        where = ", ".join(filter(None, [source, f"line {line}" if line else ""]))
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True)
class Person:
    """A ``podcast:person``: the spec's defaults are role "host", group "cast"."""

    name: str
    role: str = "host"
    group: str = "cast"
    href: str = ""
    img: str = ""


@dataclass(frozen=True)
class TranscriptLink:
    """A ``podcast:transcript``; ``type`` is the MIME type, lower case."""

    url: str
    type: str
    language: str = ""
    rel: str = ""


@dataclass
class FeedItem:
    """One ``<item>``. ``position`` is its place in the feed from 1, for messages."""

    position: int
    guid: str
    title: str
    # Empty when the feed gave a guid; else what the stable guid was derived from.
    guid_derived_from: str = ""
    published_at: datetime | None = None
    audio_url: str = ""
    audio_type: str = ""
    duration_seconds: int | None = None
    page_url: str = ""
    description: str = ""
    episode_number: int | None = None
    season_number: int | None = None
    # The item's own persons, or the channel's when it lists none (``persons_from_channel``).
    persons: list[Person] = field(default_factory=list)
    persons_from_channel: bool = False
    transcripts: list[TranscriptLink] = field(default_factory=list)
    chapters_url: str = ""
    # Problems with this item that did not stop it importing ("pubDate 'soon' is not a date").
    warnings: list[str] = field(default_factory=list)


@dataclass
class ParsedFeed:
    title: str
    description: str = ""
    link: str = ""
    image_url: str = ""
    language: str = ""
    author: str = ""
    podcast_guid: str = ""
    # The podcast namespace URI the feed used, "" when it uses none.
    podcast_namespace: str = ""
    persons: list[Person] = field(default_factory=list)
    items: list[FeedItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
