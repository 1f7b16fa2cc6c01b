from django.core.paginator import Paginator
from django.shortcuts import render

from ..models import Utterance
from . import QueryError, parse
from .filters import UtteranceSearchFilter

RESULTS_PER_PAGE = 20


def search_page(request):
    """Every public line matching ``q``, filtered and paginated. Four queries with hits.

    A query with nothing to search for gets the page with a helpful message, never an error.
    """
    text = request.GET.get("q", "")
    context = {"q": text, "filter": UtteranceSearchFilter(request.GET or None)}
    try:
        parsed = parse(text) if text.strip() else None
    except QueryError as error:
        parsed, context["problem"] = None, str(error)
    if parsed:
        hits = Utterance.objects.public().search(parsed).select_related("episode__show", "speaker")
        context["filter"] = UtteranceSearchFilter(request.GET, queryset=hits)
        context["notes"] = parsed.notes
        context["page"] = Paginator(context["filter"].qs, RESULTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
    return render(request, "search/results.html", context)
