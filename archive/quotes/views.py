"""Quote permalinks: the page, the embeddable card, the card image, oEmbed, and never a dead end.

``/q/<id>/`` answers 200 with the quote; 301 to where its words went when a
correction merged them into another line; 410 Gone, pointing at the nearest
surviving moment, when they are truly gone; 404 when the episode is hidden.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qs, urlencode, urlsplit

from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.html import escape
from django.views.decorators.clickjacking import xframe_options_exempt

from ..models import Episode, RemovedUtterance
from ..rendered import cached_page
from .card import CardText, render_card
from .quote import Quote, find_ends, load_quote
from .sharing import citation, quote_json_ld

CARD_SECONDS = 7 * 24 * 3600
# Part of every card's cache key: bump it when the card's design changes.
CARD_DESIGN = 1
EMBED_SIZE = (560, 220)


def quote_page(request, first: int, last: int | None = None):
    """A quote (or passage) large, its context, the moment's audio, and what to share.

    One query for a quote shown before, its ends and version (``find_ends``): the
    page is rendered once per version and then served from the cache, so the
    people following a shared link cost little. A first view costs two queries more.
    """
    ends = find_ends(first, last)
    if ends is None:
        return _not_here(request, first if last is None else None)
    return cached_page(request, f"quote:{ends.version}", lambda: _quote(request, first, last, ends))


def _quote(request, first: int, last: int | None, ends):
    quote = load_quote(first, last, request.GET.get("s", ""), ends=ends)
    if quote is None:
        return _not_here(request, first if last is None else None)
    canonical = request.build_absolute_uri(_path(quote))
    context = {
        "quote": quote,
        "episode": quote.episode,
        "canonical_url": canonical,
        "citation": citation(quote, canonical),
        "json_ld": quote_json_ld(quote, canonical),
        "card_url": request.build_absolute_uri(
            reverse("archive:quote_card", args=[quote.first.pk])
        ),
        "oembed_url": request.build_absolute_uri(reverse("archive:oembed"))
        + "?"
        + urlencode({"url": canonical}),
    }
    return render(request, "quotes/quote.html", context)


@xframe_options_exempt
def quote_embed(request, first: int, last: int | None = None):
    """The quote as a small card for other sites' pages: the only page that may be framed."""
    quote = load_quote(first, last, request.GET.get("s", ""))
    if quote is None:
        raise Http404("No such quote.")
    canonical = request.build_absolute_uri(_path(quote))
    return render(request, "quotes/embed.html", {"quote": quote, "canonical_url": canonical})


def quote_card(request, first: int):
    """The link-preview image (1200×630 PNG), made once per wording and kept in the cache.

    The cache key is the card's own text, so an edit makes a new card and any
    app server finds the card, or makes it again.
    """
    quote = load_quote(first)
    if quote is None:
        raise Http404("No such quote.")
    text = card_text(quote)
    key = f"quote-card:{CARD_DESIGN}:" + hashlib.sha256(repr(text).encode()).hexdigest()
    png = cache.get(key)
    if png is None:
        png = render_card(text)
        cache.set(key, png, CARD_SECONDS)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    response["ETag"] = f'"{key[-16:]}"'
    return response


def card_text(quote: Quote) -> CardText:
    episode = quote.episode
    context = [episode.show.title, f"“{episode.title}”"]
    if episode.published_at:
        context.append(f"{episode.published_at:%-d %B %Y}")
    return CardText(quote=quote.text, speaker=quote.speaker_line, context=" · ".join(context))


def oembed(request):
    """oEmbed (https://oembed.com) for quote permalinks: a "rich" iframe of the embed card."""
    quote = _quote_named_by(request.GET.get("url", ""))
    if quote is None:
        raise Http404("Not a quote permalink.")
    if request.GET.get("format", "json") != "json":
        return HttpResponse("Only JSON.", status=501, content_type="text/plain")
    canonical = request.build_absolute_uri(_path(quote))
    embed = request.build_absolute_uri(_path(quote, "archive:quote_embed"))
    width, height = EMBED_SIZE
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "provider_name": "Podcast Appearance Archive",
            "provider_url": request.build_absolute_uri("/"),
            "title": quote.description,
            "author_name": quote.speaker_line,
            "url": canonical,
            "html": (
                f'<iframe src="{embed}" width="{width}" height="{height}" '
                f'style="border:0" title="A quote from {escape(quote.speaker_line)}" '
                'loading="lazy"></iframe>'
            ),
            "width": width,
            "height": height,
            "thumbnail_url": request.build_absolute_uri(
                reverse("archive:quote_card", args=[quote.first.pk])
            ),
            "thumbnail_width": 1200,
            "thumbnail_height": 630,
        }
    )


def _not_here(request, quote_id: int | None):
    """Moved words redirect; gone words answer 410 with the nearest moment; else 404."""
    tombstones = RemovedUtterance.objects.select_related("episode__show")
    tombstone = tombstones.filter(pk=quote_id).first() if quote_id else None
    if tombstone is None:
        raise Http404("No such quote.")
    holder = tombstone.resolve()
    if holder is not None:
        return redirect(reverse("archive:quote", args=[holder.pk]), permanent=True)
    episode = Episode.objects.public().with_show().filter(pk=tombstone.episode_id).first()
    if tombstone.episode_id and episode is None:
        raise Http404("No such quote.")
    context = {
        "episode": episode,
        "moment": tombstone.nearest_moment_url() if episode else "",
        "moment_label": tombstone.start_label,
    }
    return render(request, "quotes/gone.html", context, status=410)


def _path(quote: Quote, name: str = "archive:quote") -> str:
    if quote.is_passage:
        path = reverse(f"{name}_passage", args=[quote.first.pk, quote.lines[-1].pk])
    else:
        path = reverse(name, args=[quote.first.pk])
    if quote.sentence_range:
        first, last = quote.sentence_range
        path += f"?s={first}" if first == last else f"?s={first}-{last}"
    return path


def _quote_named_by(url: str) -> Quote | None:
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name not in {"archive:quote", "archive:quote_passage"}:
        return None
    sentence = parse_qs(parts.query).get("s", [""])[0]
    return load_quote(match.kwargs["first"], match.kwargs.get("last"), sentence)
