"""Feeds with conditional GET, the sitemap, robots.txt.

A feed costs one query when the reader's copy is current (304): the
freshness lookup, which for speaker and show feeds also fetches the subject.
"""

from django.contrib.sitemaps import views as sitemaps
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from speakers.models import SpeakerSlugRedirect

from ..freshness import (
    archive_freshness,
    respond_conditionally,
    show_with_freshness,
    speaker_with_freshness,
)
from ..search import QueryError
from .feeds import SearchFeed, ShowFeed, SpeakerFeed
from .saved_search import SavedSearch
from .sitemaps import SITEMAPS


@require_safe
def speaker_feed(request, slug):
    """A speaker's latest appearances as Atom. Two queries, one for a 304.

    A slug the speaker had before answers 301 to the feed now, as their page does.
    """
    speaker = speaker_with_freshness(slug)
    if speaker is None:
        return _moved_speaker_feed(slug)
    feed = SpeakerFeed(request)
    return respond_conditionally(request, speaker.freshness, lambda: feed(request, subject=speaker))


def _moved_speaker_feed(slug):
    current = SpeakerSlugRedirect.objects.current_slug(slug)
    if current is None:
        raise Http404("No such speaker.")
    return redirect("syndication:speaker-feed", slug=current, permanent=True)


@require_safe
def show_feed(request, slug):
    """A show's latest episodes as Atom. Three queries, one for a 304."""
    show = show_with_freshness(slug)
    if show is None:
        raise Http404("No such show.")
    feed = ShowFeed(request)
    return respond_conditionally(request, show.freshness, lambda: feed(request, subject=show))


@require_safe
def search_feed(request):
    """New lines matching a search, as Atom. Two queries (three with a show filter), one for a 304.

    A query with nothing to search for is a 404: no line could ever match it,
    and a reader should say so at once rather than poll an empty feed for good.
    """
    try:
        search = SavedSearch.read(request.GET)
    except QueryError as error:
        raise Http404(str(error)) from error
    feed = SearchFeed(request)
    freshness = archive_freshness()
    return respond_conditionally(request, freshness, lambda: feed(request, subject=search))


@require_safe
def sitemap_index(request):
    """The sitemap index: one entry per page of each section. Two queries per section."""
    return sitemaps.index(request, SITEMAPS, sitemap_url_name="syndication:sitemap-section")


@require_safe
def sitemap_section(request, section):
    """One page (``?p=``) of a section. Two queries: the count, the page."""
    return sitemaps.sitemap(request, SITEMAPS, section=section)


@require_safe
def robots_txt(request):
    """Crawl all that is public but search results; here is the sitemap. No queries."""
    sitemap_url = request.build_absolute_uri(reverse("syndication:sitemap"))
    return render(
        request, "syndication/robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain"
    )
