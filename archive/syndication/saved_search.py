"""A search a feed reader polls: the site's query syntax and filters, newest matches first."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict
from django.urls import reverse

from ..models import Utterance
from ..search import ParsedQuery, parse
from ..search.filters import UtteranceSearchFilter

# The search page's filters that narrow which lines match (the order is always newest).
FILTERS = [name for name in UtteranceSearchFilter.base_filters if name != "sort"]


@dataclass(frozen=True)
class SavedSearch:
    text: str
    parsed: ParsedQuery
    params: QueryDict

    @classmethod
    def read(cls, params: QueryDict) -> SavedSearch:
        """The search in ``params``; raises ``QueryError`` when there is nothing to search for."""
        text = params.get("q", "").strip()
        narrowed = params.copy()
        narrowed["sort"] = "newest"  # a feed is about what is new, whatever the page was sorted by
        narrowed.pop("page", None)
        return cls(text=text, parsed=parse(text), params=narrowed)

    def lines(self):
        """Public matching lines, newest episode first, episode, show and speaker selected.

        Lazy: one query when sliced and read (one more to check a ``show`` filter).
        """
        hits = (
            Utterance.objects.public()
            .search(self.parsed)
            .select_related("episode__show", "speaker")
        )
        return UtteranceSearchFilter(self.params, queryset=hits).qs

    @property
    def page_url(self) -> str:
        """The same search on the site, newest first."""
        return f"{reverse('archive:search')}?{self.params.urlencode()}"

    @property
    def filters_label(self) -> str:
        """Reads "show: signal, role: host"; empty when only the words narrow the search."""
        return ", ".join(
            f"{name}: {self.params[name]}" for name in FILTERS if self.params.get(name)
        )
