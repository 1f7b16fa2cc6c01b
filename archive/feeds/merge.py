"""The three-way rule that keeps curators' fixes: the feed changes a field only where it changed.

Every show and episode keeps ``feed_values``, what the feed said when last
imported. On a refresh a field takes the feed's new value only when that
differs from the last one; otherwise the field keeps whatever it holds now,
a curator's correction included. A field the feed never gave before (an
episode a curator made, then found in the feed) is filled only if empty.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import models

from ..models import Episode, Show
from .parsed import FeedItem, ParsedFeed

# Model field -> how the feed's value is read, for shows and for episodes.
SHOW_FIELDS = {
    "title": lambda feed: feed.title,
    "description": lambda feed: feed.description,
    "website_url": lambda feed: feed.link,
    "image_url": lambda feed: feed.image_url,
    "language": lambda feed: feed.language,
    "author": lambda feed: feed.author,
    "podcast_guid": lambda feed: feed.podcast_guid,
}
EPISODE_FIELDS = {
    "title": lambda item: item.title,
    "published_at": lambda item: item.published_at,
    "duration_seconds": lambda item: item.duration_seconds,
    "audio_url": lambda item: item.audio_url,
    "page_url": lambda item: item.page_url,
    "description": lambda item: item.description,
    "episode_number": lambda item: item.episode_number,
    "season_number": lambda item: item.season_number,
    "chapters_url": lambda item: item.chapters_url,
}
_NEVER_GIVEN = object()


def show_values(feed: ParsedFeed) -> dict[str, Any]:
    return {name: read(feed) for name, read in SHOW_FIELDS.items()}


def episode_values(item: FeedItem) -> dict[str, Any]:
    return {name: read(item) for name, read in EPISODE_FIELDS.items()}


def apply(instance: Show | Episode, values: dict[str, Any]) -> list[str]:
    """Set the fields the feed changed since ``instance.feed_values``; returns their names.

    ``feed_values`` is brought up to date for the fields given (other keys stay).
    """
    last = instance.feed_values or {}
    changed = []
    for name, value in values.items():
        before = last.get(name, _NEVER_GIVEN)
        current = getattr(instance, name)
        if before is _NEVER_GIVEN:
            take = _is_empty(current) and not _is_empty(value)
        else:
            take = stored(value) != before and value != current
        if take:
            setattr(instance, name, value)
            changed.append(name)
    instance.feed_values = {**last, **{name: stored(value) for name, value in values.items()}}
    return changed


def stored(value: Any) -> Any:
    """A value as JSON keeps it (dates as ISO 8601 text)."""
    return value.isoformat() if isinstance(value, datetime) else value


def _is_empty(value: Any) -> bool:
    return value is None or value == ""


def fresh(model: type[models.Model], values: dict[str, Any], **fields) -> models.Model:
    """A new show or episode from the feed's values, remembering them."""
    instance = model(**fields, **values)
    instance.feed_values = {name: stored(value) for name, value in values.items()}
    return instance
