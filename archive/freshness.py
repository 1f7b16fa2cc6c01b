"""How fresh a page or feed is, in one small query, so that repeat visits get 304 Not Modified.

A page changes when one of its episodes does: the curation core moves
``Episode.updated_at`` on every write a page would show (lines, credits, a
speaker renamed or hidden), and Django's ``auto_now`` does on an admin save.
Hiding or publishing an episode with ``curation.set_published`` does not move
it, so the validators also count the public rows: the ETag changes then, and
on a deletion, which moves the newest date backwards. A page with a timeline
also changes when a month begins (the chart runs to this month), and every
page when the site's templates do: ``settings.RELEASE`` is part of each ETag.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from speakers.models import Speaker

from .models import Episode, Show
from .rendered import cached_page


@dataclass(frozen=True)
class Freshness:
    """When a page's or feed's rows last changed, and how many of them visitors may see."""

    last_modified: datetime | None
    public_rows: int

    @classmethod
    def of(cls, *dates: datetime | None, public_rows: int) -> Freshness:
        known = [date for date in dates if date is not None]
        return cls(last_modified=max(known, default=None), public_rows=public_rows)

    def charted(self) -> Freshness:
        """This freshness for a page that also draws a timeline, which grows when a month begins."""
        dates = [self.last_modified, this_month_began()]
        return type(self).of(*dates, public_rows=self.public_rows)

    @property
    def timestamp(self) -> int | None:
        return int(self.last_modified.timestamp()) if self.last_modified else None

    def etag(self, path: str) -> str:
        """A strong ETag for the page or feed at ``path`` (its query string included)."""
        stamp = self.last_modified.isoformat() if self.last_modified else "-"
        key = f"{settings.RELEASE}|{path}|{stamp}|{self.public_rows}"
        digest = hashlib.sha256(key.encode()).hexdigest()
        return f'"{digest[:32]}"'


def this_month_began() -> datetime:
    """Midnight on the first of this month, in ``TIME_ZONE``: when every chart last grew."""
    today = timezone.localdate()
    midnight = datetime(today.year, today.month, 1)
    return timezone.make_aware(midnight)


def speaker_with_freshness(slug: str) -> Speaker | None:
    """The public speaker at ``slug`` with ``freshness`` set, or None. One query.

    Aggregates over every appearance of theirs (appearance_speaker_idx), hidden
    episodes included, and the shows those are on (a show renamed retitles entries).
    """
    public = Q(appearances__episode__is_published=True)
    speaker = (
        Speaker.objects.public()
        .filter(slug=slug)
        .annotate(
            episodes_updated=Max("appearances__episode__updated_at"),
            shows_updated=Max("appearances__episode__show__updated_at"),
            public_rows=Count("appearances", filter=public),
        )
        .first()
    )
    if speaker is not None:
        dates = (speaker.updated_at, speaker.episodes_updated, speaker.shows_updated)
        speaker.freshness = Freshness.of(*dates, public_rows=speaker.public_rows)
    return speaker


def show_with_freshness(slug: str) -> Show | None:
    """The show at ``slug`` with ``freshness`` set, or None. One query.

    Aggregates over every episode of the show, hidden ones included (episode_show_published_idx).
    """
    show = (
        Show.objects.filter(slug=slug)
        .annotate(
            episodes_updated=Max("episodes__updated_at"),
            public_rows=Count("episodes", filter=Q(episodes__is_published=True)),
        )
        .first()
    )
    if show is not None:
        dates = (show.updated_at, show.episodes_updated)
        show.freshness = Freshness.of(*dates, public_rows=show.public_rows)
    return show


def archive_freshness() -> Freshness:
    """The whole archive's freshness, for search feeds (any episode may hold a new match).

    One aggregate over episodes and their shows; no search is run.
    """
    totals = Episode.objects.aggregate(
        episodes=Max("updated_at"),
        shows=Max("show__updated_at"),
        public_rows=Count("pk", filter=Q(is_published=True)),
    )
    return Freshness.of(totals["episodes"], totals["shows"], public_rows=totals["public_rows"])


def respond_cached(request: HttpRequest, freshness: Freshness, render) -> HttpResponse:
    """``respond_conditionally``, with the page kept in the cache under its ETag (``cached_page``).

    So a repeat view by anyone, not only by a visitor holding a copy, costs the
    freshness query and a cache read.
    """
    version = freshness.etag(request.get_full_path())
    return respond_conditionally(request, freshness, lambda: cached_page(request, version, render))


def respond_conditionally(request: HttpRequest, freshness: Freshness, render) -> HttpResponse:
    """``render()``'s response, or 304 when the reader's ETag or date is still current.

    What ``django.views.decorators.http.condition`` does, with the validators
    computed once (that decorator asks for each separately: two queries).
    Browsers are told to ask again each time (``no-cache``): a page is cheap
    to revalidate and a curator's fix shows at once. A 304 carries no
    Content-Security-Policy: its nonce would replace the one the cached page
    was written with, and the page's own scripts would then be refused.
    """
    etag = freshness.etag(request.get_full_path())
    response = get_conditional_response(request, etag=etag, last_modified=freshness.timestamp)
    if response is None:
        response = render()
    else:
        response._csp_exempt = True
    if response.has_header("Content-Encoding"):
        etag = f"W/{etag}"  # the gzipped bytes are one representation of the page, not all
    patch_cache_control(response, no_cache=True)
    response.headers["ETag"] = etag
    # Replaces the Feed framework's own guess (the newest entry, or now when there is none).
    response.headers.pop("Last-Modified", None)
    if freshness.timestamp is not None:
        response.headers["Last-Modified"] = http_date(freshness.timestamp)
    return response
