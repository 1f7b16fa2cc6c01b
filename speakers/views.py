import csv

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django_filters.views import FilterView

# Where speakers uses archive code: the timeline charts appearances (an archive fact), how
# fresh a page is depends on its episodes (and so does its cached rendering), and searching
# their words is the archive's search.
from archive.freshness import archive_freshness, respond_cached, speaker_with_freshness
from archive.models import Utterance
from archive.search.results import SearchResults, said_by
from archive.timeline.exports import timeline_csv_rows, timeline_json
from archive.timeline.figures import compare_figure, speaker_figure
from archive.timeline.params import ChartRequest, narrowing_link

from .filters import SpeakerFilter
from .forms import CompareForm, LineSearchForm
from .lines import FirstLines
from .models import Speaker, SpeakerSlugRedirect

APPEARANCES_PER_PAGE = 20
LINES_PER_PAGE = 20
CO_SPEAKERS = 8


class SpeakerIndex(FilterView):
    """Speakers, filtered and sorted. Six queries: freshness, years, shows, count, a page, its
    shows; one for a 304.
    """

    filterset_class = SpeakerFilter
    queryset = Speaker.objects.in_index()
    paginate_by = 30
    template_name = "speakers/speaker_list.html"

    def get(self, request, *args, **kwargs):
        """The list, or 304 when the archive has not changed since the visitor's copy."""
        page = super().get  # a TemplateResponse: rendered here, so the cache can keep its bytes
        return respond_cached(
            request, archive_freshness(), lambda: page(request, *args, **kwargs).render()
        )


def speaker_detail(request, slug):
    """Who a speaker is, the episodes they were on, and what they said there. Eight queries;
    one, the speaker's freshness (``archive.freshness``), for a 304 or a page in the cache.

    A slug the speaker had before (renamed, merged away) answers 301 to the page now.
    """
    speaker = speaker_with_freshness(slug)
    if speaker is None:
        return _redirect_old_slug(slug)
    return respond_cached(
        request,
        speaker.freshness.charted(),
        lambda: render(request, "speakers/speaker_detail.html", _page(request, speaker)),
    )


def _page(request, speaker) -> dict:
    """What the page shows beyond the speaker. Seven queries: links, the chart, the
    appearances (two), the lines (two, or a search's two), who they appear with."""
    chart = ChartRequest.read(request.GET)
    appearances = speaker.appearances.public().select_related("episode__show")
    if chart.selected:
        starts, ends = chart.selected_bounds()
        appearances = appearances.filter(
            episode__published_at__gte=starts, episode__published_at__lt=ends
        )
    search = LineSearchForm(request.GET)
    said = Paginator(_said(search, speaker), LINES_PER_PAGE)
    return {
        "speaker": speaker,
        "links": speaker.links.all(),
        "figure": speaker_figure(speaker, chart, link=narrowing_link(request.GET, "appearances")),
        "appearances": Paginator(
            FirstLines(appearances.by_episode_date()), APPEARANCES_PER_PAGE
        ).get_page(request.GET.get("page")),
        "search": search,
        "lines": said.get_page(request.GET.get("said")),
        "co_speakers": Speaker.objects.appearing_with(speaker)[:CO_SPEAKERS],
        "canonical_url": request.build_absolute_uri(speaker.get_absolute_url()),
    }


def _said(search, speaker):
    """Every line of theirs, or the search's matches best first, among their latest thousand.

    A busy speaker's common word matches thousands of lines; ``SearchResults``
    bounds what the count and the ranking read, and ``said_by`` names the
    speaker so that each database keeps its search index in the lead.
    """
    lines = search.lines(speaker)  # checks the words; a queryset when there are some
    if not isinstance(lines, QuerySet):
        return lines
    hits = said_by(Utterance.objects.public().search(search.query), [speaker.pk])
    return SearchResults(hits.select_related("episode__show").order_by("-rank", "pk"))


def _redirect_old_slug(slug):
    current = SpeakerSlugRedirect.objects.current_slug(slug)
    if current is None:
        raise Http404("No such speaker.")
    return redirect("speakers:detail", slug=current, permanent=True)


def _public_speaker(slug: str) -> Speaker:
    speaker = Speaker.objects.public().filter(slug=slug).first()
    if speaker is None:
        raise Http404("No such speaker.")
    return speaker


def appearances_data(request, slug, format):
    """The chart's numbers as CSV or JSON: the same series, bucket for bucket. One query."""
    speaker = _public_speaker(slug)
    figure = speaker_figure(speaker, ChartRequest.read(request.GET))
    if format == "json":
        return JsonResponse(timeline_json(figure.timeline, subject=_described(request, speaker)))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{speaker.slug}-appearances.csv"'
    csv.writer(response).writerows(timeline_csv_rows(figure.timeline))
    return response


def appearances_svg(request, slug):
    """The chart alone, as an SVG image people can embed in a blog post."""
    speaker = _public_speaker(slug)
    figure = speaker_figure(speaker, ChartRequest.read(request.GET))
    svg = render_to_string(
        "includes/_timeline_svg.html",
        {
            "figure": figure,
            "chart": figure.chart,
            "timeline": figure.timeline,
            "id_prefix": figure.id_prefix,
            "standalone": True,
        },
        request=request,  # the CSP nonce of its <style>
    )
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


def _described(request, speaker) -> dict:
    return {
        "name": speaker.name,
        "slug": speaker.slug,
        "url": request.build_absolute_uri(speaker.get_absolute_url()),
    }


def compare(request):
    """Up to five speakers on one chart. Three queries: the archive's freshness, the speakers,
    the series; one for a 304.
    """
    return respond_cached(request, archive_freshness().charted(), lambda: _compared(request))


def _compared(request):
    form = CompareForm(request.GET)
    speakers = form.speakers()
    context = {"form": form, "speakers": speakers}
    if speakers:
        context["figure"] = compare_figure(speakers, ChartRequest.read(request.GET))
    return render(request, "speakers/compare.html", context)
