from datetime import timedelta

from django.core.paginator import Paginator
from django.shortcuts import render

from ..freshness import archive_freshness, respond_cached
from ..models import Utterance
from ..timeline.figures import mentions_figure
from ..timeline.params import ChartRequest
from . import QueryError, parse
from .filters import UtteranceSearchFilter
from .results import SearchResults

RESULTS_PER_PAGE = 20


def search_page(request):
    """Every public line matching ``q``, filtered and paginated. Five queries with hits,
    one for a 304: any episode may hold a new match, so the archive's freshness decides.

    A query with nothing to search for gets the page with a helpful message, never an error.
    """
    return respond_cached(request, archive_freshness().charted(), lambda: _results(request))


def _results(request):
    text = request.GET.get("q", "")
    context = {"q": text, "filter": UtteranceSearchFilter(request.GET or None)}
    try:
        parsed = parse(text) if text.strip() else None
    except QueryError as error:
        parsed, context["problem"] = None, str(error)
    if parsed:
        hits = Utterance.objects.public().search(parsed).select_related("episode__show", "speaker")
        found = UtteranceSearchFilter(request.GET, queryset=hits)
        results = SearchResults(found.qs, order=found.order)
        page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        context.update(filter=found, notes=parsed.notes, results=results, page=page)
        if not results.more:  # charting every match of a common word would read them all
            context["mentions"] = mentions_figure(
                found.qs, ChartRequest.read(request.GET), link=_results_in(request)
            )
    return render(request, "search/results.html", context)


def _results_in(request):
    """A bar's link: these results, narrowed to the bar's period with the date filters."""

    def link(period) -> str:
        query = request.GET.copy()
        query["after"] = period.start.isoformat()
        query["before"] = (period.end - timedelta(days=1)).isoformat()
        query.pop("page", None)
        return f"?{query.urlencode()}"

    return link
