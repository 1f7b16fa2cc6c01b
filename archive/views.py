from functools import partial

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from speakers.models import Speaker

from .freshness import Freshness, archive_freshness, respond_cached, show_with_freshness
from .models import GUEST_ROLES, HOST_ROLES, Episode, Show
from .overview import activity_year, archive_totals
from .parts import PartNav, line_url, transcript_parts
from .timeline.figures import archive_figure
from .timeline.params import ChartRequest, narrowing_link
from .timeline.periods import Granularity
from .transcript import transcript_rows

HOME_LIST_LENGTH = 12
SHOW_HOSTS = 12
SHOW_GUESTS = 12
EPISODES_PER_PAGE = 30


def home(request):
    """Latest episodes, who was most active in their year, the archive's totals. Nine queries,
    one for a 304 (the archive's freshness).
    """
    return respond_cached(request, archive_freshness().charted(), lambda: _home(request))


def _home(request):
    episodes = list(Episode.objects.public().with_show().latest()[:HOME_LIST_LENGTH])
    year = activity_year(episodes)
    context = {
        "episodes": episodes,
        "year": year,
        "speakers": Speaker.objects.most_active_in(year)[:HOME_LIST_LENGTH],
        "active_url": f"{reverse('speakers:index')}?year={year}",
        "totals": archive_totals(),
        "figure": archive_figure(ChartRequest.read(request.GET), link=_year_link),
    }
    return render(request, "archive/home.html", context)


def _year_link(period) -> str | None:
    """A year's bar opens who was active that year; shorter periods have no such list."""
    if period.granularity is not Granularity.YEAR:
        return None
    return f"{reverse('speakers:index')}?year={period.start.year}"


def show_list(request):
    """Every show with its artwork, episode count and latest episode. Three queries, one for
    a 304 (the archive's freshness).
    """
    shows = Show.objects.with_episode_summary()
    return respond_cached(
        request,
        archive_freshness(),
        lambda: render(request, "archive/show_list.html", {"shows": shows}),
    )


def show_detail(request, slug):
    """A show, its hosts and frequent guests, its episodes newest first. Six queries, one for a
    304 (the show with its freshness).
    """
    show = show_with_freshness(slug)
    if show is None:
        raise Http404("No such show.")
    return respond_cached(request, show.freshness.charted(), lambda: _show(request, show))


def _show(request, show):
    chart = ChartRequest.read(request.GET)
    episodes = show.episodes.public().with_guests().latest()
    if chart.selected:
        starts, ends = chart.selected_bounds()
        episodes = episodes.filter(published_at__gte=starts, published_at__lt=ends)
    context = {
        "show": show,
        "figure": archive_figure(chart, shows=[show], link=narrowing_link(request.GET, "episodes")),
        "hosts": Speaker.objects.credited_on(show, HOST_ROLES)[:SHOW_HOSTS],
        "guests": Speaker.objects.credited_on(show, GUEST_ROLES)[:SHOW_GUESTS],
        "episodes": Paginator(episodes, EPISODES_PER_PAGE).get_page(request.GET.get("page")),
        "canonical_url": request.build_absolute_uri(show.get_absolute_url()),
    }
    return render(request, "archive/show_detail.html", context)


def episode_detail(request, show, slug):
    """An episode with its credits and its transcript: whole, or one part of a long one.

    Two queries, one for a 304. A transcript past ``WHOLE_LINES`` lines reads in parts
    (``?part=3``, ``archive.parts``); a part past the last redirects to the top
    (a link's ``#u123`` rides along, and static/js/parts.js takes it on). The
    plan and each part's rendering are cached per ``episode.updated_at``,
    which the curation core moves on every change the page would show; cold,
    the plan costs one more query and the part's lines another.
    """
    episode = get_object_or_404(Episode.objects.public().with_show(), show__slug=show, slug=slug)
    freshness = Freshness.of(episode.updated_at, episode.show.updated_at, public_rows=1)
    return respond_cached(request, freshness, lambda: _episode(request, episode))


def _episode(request, episode):
    parts = transcript_parts(episode)
    part = parts.pick(request.GET.get("part", ""))
    if part is None:
        return redirect(episode.get_absolute_url())
    passage_from = _line_id(request.GET.get("from", ""))
    lines = part.select(episode.utterances.for_transcript())
    context = {
        "episode": episode,
        "part": part,
        "nav": PartNav.of(episode, parts, part),
        "passage_from": passage_from,
        "appearances": episode.appearances.public().select_related("speaker").in_credit_order(),
        "utterances": SimpleLazyObject(partial(transcript_rows, lines, passage_from, part.query)),
        "canonical_url": request.build_absolute_uri(episode.get_absolute_url() + part.query_string),
    }
    return render(request, "archive/episode_detail.html", context)


def episode_line(request, show, slug, line):
    """``…/line/123/``: 302 to line 123 in the part of the transcript that holds it.

    What every list of lines links to, so none needs a query to learn which
    part a line is in. Two queries; three when the episode's parts are not cached.
    """
    episode = get_object_or_404(Episode.objects.public().with_show(), show__slug=show, slug=slug)
    return redirect(line_url(episode, line))


def _line_id(text: str) -> int | None:
    """``?from=123``: where a passage being quoted starts; anything else is ignored."""
    return int(text) if text.isdigit() and len(text) < 19 else None
