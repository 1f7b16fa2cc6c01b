"""Atom feeds: a speaker's appearances, a show's episodes, a saved search's new lines.

Built with Django's syndication framework. The views make one feed object per
request (``SpeakerFeed(request)``), so a feed may keep the request for
absolute links and entry ids; the framework's usual single instance in the
URLconf would share it between threads. The subject (speaker, show, search)
is fetched by the view, which needs it first for conditional GET, and passed
in: ``SpeakerFeed(request)(request, subject=speaker)``.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.xmlutils import SimplerXMLGenerator

from speakers.lines import FirstLines

from ..rendered import cached_page
from ..shownotes import xml_text
from .saved_search import SavedSearch

FEED_LENGTH = 50
ARCHIVE_NAME = "Podcast Appearance Archive"
# The date in every entry's tag: URI (RFC 4151). Never change it: readers key entries on ids.
TAG_DATE = "2026"


class XMLTextGenerator(SimplerXMLGenerator):
    """Writes text and attributes without the characters XML 1.0 forbids (``xml_text``).

    Django's generator refuses them by raising, so one vertical tab pasted into
    a title would turn the whole feed into a 500.
    """

    def characters(self, content):
        super().characters(xml_text(content) if content else content)

    def startElement(self, name, attrs):
        super().startElement(name, {key: xml_text(value) for key, value in (attrs or {}).items()})


class ArchiveAtomFeed(Atom1Feed):
    """Atom 1.0, plus an optional ``<link rel="related">`` per entry (a line's permalink)."""

    def write(self, outfile, encoding):
        """``Atom1Feed.write`` with ``XMLTextGenerator`` for its handler."""
        handler = XMLTextGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("related_link"):
            link = {"rel": "related", "href": item["related_link"], "title": item["related_title"]}
            handler.addQuickElement("link", "", link)


class ArchiveFeed(Feed):
    """What every archive feed shares: Atom, the archive as author, tag: URI entry ids."""

    feed_type = ArchiveAtomFeed
    author_name = ARCHIVE_NAME

    def __init__(self, request: HttpRequest):
        self.request = request

    def get_object(self, request, subject=None):
        return subject

    def absolute(self, url: str) -> str:
        return self.request.build_absolute_uri(url)

    def tag(self, *parts) -> str:
        """A stable, unique id, e.g. ``tag:example.org,2026:appearance:3:17``.

        Built from primary keys, so renaming a speaker or an episode's slug keeps it.
        """
        authority, _ = split_domain_port(self.request.get_host())
        return f"tag:{authority},{TAG_DATE}:{':'.join(str(part) for part in parts)}"

    def item_updateddate(self, item):
        """The episode's last change: always known, where ``published_at`` may not be."""
        return self.episode_of(item).updated_at

    def item_pubdate(self, item):
        return self.episode_of(item).published_at

    def episode_of(self, item):
        return item.episode


class SpeakerFeed(ArchiveFeed):
    """A speaker's latest public appearances across every show, each with their first real line.

    One query for the entries (``FirstLines``: episode and show selected, the
    fifty quoted by their first line). The feed is made once per version of it
    (the speaker's ``freshness``, which the view fetched) and then served from
    the cache: a feed reader polling without a validator costs no query more.
    """

    description_template = "syndication/appearance_entry.html"

    def __call__(self, request, subject):
        make = super().__call__
        version = "feed:" + subject.freshness.etag(request.get_full_path())
        return cached_page(request, version, lambda: make(request, subject=subject))

    def title(self, speaker):
        return f"{speaker} on podcasts"

    def subtitle(self, speaker):
        return f"New podcast appearances of {speaker.name}, on every show in the {ARCHIVE_NAME}."

    def link(self, speaker):
        return speaker.get_absolute_url()

    def feed_url(self, speaker):
        return reverse("syndication:speaker-feed", kwargs={"slug": speaker.slug})

    def feed_guid(self, speaker):
        return self.tag("speaker", speaker.pk, "appearances")

    def items(self, speaker):
        appearances = speaker.appearances.public().select_related("episode__show")
        return FirstLines(appearances.by_episode_date())[:FEED_LENGTH]

    def item_title(self, appearance):
        return f"{appearance.episode.title} ({appearance.episode.show.title})"

    def item_link(self, appearance):
        return appearance.episode.get_absolute_url()

    def item_guid(self, appearance):
        return self.tag("appearance", appearance.speaker_id, appearance.episode_id)

    def item_categories(self, appearance):
        return [appearance.episode.show.title]

    def item_extra_kwargs(self, appearance):
        line = appearance.first_line
        if line is None:
            return {}
        return {"related_link": self.absolute(line.permalink), "related_title": "Quote this line"}

    def get_context_data(self, item, **kwargs):
        line = item.first_line
        return {
            "appearance": item,
            "episode": item.episode,
            "line": line,
            "episode_url": self.absolute(item.episode.get_absolute_url()),
            "show_url": self.absolute(item.episode.show.get_absolute_url()),
            "quote_url": self.absolute(line.permalink) if line else "",
        }


class ShowFeed(ArchiveFeed):
    """A show's latest public episodes with their summary and credited guests.

    Two queries: the episodes, and their guests (``with_guests`` prefetches).
    """

    description_template = "syndication/episode_entry.html"

    def title(self, show):
        return f"{show.title} · {ARCHIVE_NAME}"

    def subtitle(self, show):
        return show.summary or f"Every episode of {show.title}, who was on it and what they said."

    def link(self, show):
        return show.get_absolute_url()

    def feed_url(self, show):
        return reverse("syndication:show-feed", kwargs={"slug": show.slug})

    def feed_guid(self, show):
        return self.tag("show", show.pk, "episodes")

    def items(self, show):
        return show.episodes.public().with_guests().latest()[:FEED_LENGTH]

    def item_title(self, episode):
        return episode.title

    def item_link(self, episode):
        return episode.get_absolute_url()

    def item_guid(self, episode):
        return self.tag("episode", episode.pk)

    def episode_of(self, episode):
        return episode

    def get_context_data(self, item, **kwargs):
        guests = [
            (appearance.speaker.name, self.absolute(appearance.speaker.get_absolute_url()))
            for appearance in item.guest_appearances
        ]
        return {"episode": item, "guests": guests}


class SearchFeed(ArchiveFeed):
    """The newest public lines matching a saved search, each linking to its quote permalink.

    One query for the entries (speaker, episode and show selected).
    """

    description_template = "syndication/line_entry.html"

    def title(self, search: SavedSearch):
        narrowed = f" ({search.filters_label})" if search.filters_label else ""
        return f"Lines matching “{search.text}”{narrowed} · {ARCHIVE_NAME}"

    def subtitle(self, search: SavedSearch):
        return f"New lines said on the {ARCHIVE_NAME}'s podcasts that match this search."

    def link(self, search: SavedSearch):
        return search.page_url

    def feed_url(self, search: SavedSearch):
        return self.request.get_full_path()  # the framework's default drops the query string

    def items(self, search: SavedSearch):
        return search.lines()[:FEED_LENGTH]

    def item_title(self, line):
        return f"{line.display_speaker} on {line.episode.title} ({line.episode.show.title})"

    def item_link(self, line):
        return line.permalink

    def item_guid(self, line):
        return self.tag("quote", line.pk)

    def item_author_name(self, line):
        return line.display_speaker

    def item_author_link(self, line):
        speaker = line.public_speaker
        return self.absolute(speaker.get_absolute_url()) if speaker else None

    def get_context_data(self, item, **kwargs):
        return {
            "line": item,
            "episode": item.episode,
            "moment_url": self.absolute(item.moment_url),
            "episode_url": self.absolute(item.episode.get_absolute_url()),
        }
