from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django_filters.views import FilterView

from .filters import SpeakerFilter
from .forms import LineSearchForm
from .models import Speaker, SpeakerSlugRedirect

APPEARANCES_PER_PAGE = 20
LINES_PER_PAGE = 20
CO_SPEAKERS = 8


class SpeakerIndex(FilterView):
    """Speakers, filtered and sorted. Five queries: years, shows, count, a page, its shows."""

    filterset_class = SpeakerFilter
    queryset = Speaker.objects.in_index()
    paginate_by = 30
    template_name = "speakers/speaker_list.html"


def speaker_detail(request, slug):
    """Who a speaker is, the episodes they were on, and what they said there. Seven queries.

    A slug the speaker had before (renamed, merged away) answers 301 to the page now.
    """
    speaker = Speaker.objects.public().filter(slug=slug).first()
    if speaker is None:
        return _redirect_old_slug(slug)
    appearances = speaker.appearances.public().select_related("episode__show")
    search = LineSearchForm(request.GET)
    context = {
        "speaker": speaker,
        "links": speaker.links.all(),
        "appearances": Paginator(
            appearances.with_first_line().by_episode_date(), APPEARANCES_PER_PAGE
        ).get_page(request.GET.get("page")),
        "search": search,
        "lines": Paginator(search.lines(speaker), LINES_PER_PAGE).get_page(request.GET.get("said")),
        "co_speakers": Speaker.objects.appearing_with(speaker)[:CO_SPEAKERS],
        "canonical_url": request.build_absolute_uri(speaker.get_absolute_url()),
    }
    return render(request, "speakers/speaker_detail.html", context)


def _redirect_old_slug(slug):
    moved = SpeakerSlugRedirect.objects.filter(old_slug=slug, speaker__is_published=True)
    target = moved.select_related("speaker").first()
    if target is None:
        raise Http404("No such speaker.")
    return redirect(target.speaker, permanent=True)
