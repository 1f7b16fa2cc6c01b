"""What a search page lists: a page of matches at a bounded cost, however common the words.

Counting, ranking or charting every match costs time in proportion to the
matches. A common word is on one line in seven: 136,000 lines of a
million-line archive, and PostgreSQL needs half a second just to visit their
rows (the GIN index finds them, but a count, ``ts_rank`` or a GROUP BY reads
each row; SQLite joins each one to its utterance). So a search looks at
``POOL`` matches at most: the most recently added ones, which both indexes
hand over in order without sorting (``index_order``, see ``engines``). Up to
``POOL`` matches, that is all of them, counted, ranked and charted exactly;
past it the page says "more than 1,000", ranks and pages through those
``POOL``, and asks the visitor to narrow the search rather than pretend.
"""

from __future__ import annotations

from functools import cached_property

from django.db import connection
from django.db.models import F, QuerySet
from django.utils.translation import ngettext

POOL = 1_000


class SearchResults:
    """A filtered, ordered search (``hits``) for a ``Paginator``: at most ``POOL`` lines.

    ``count()`` is one query: the positions (``index_order``) of the ``POOL + 1``
    newest matches (oldest, for ``order="oldest"``), an index walk that stops
    there. A page is one more, over those ``POOL`` lines only: ``rank`` is
    computed for them, the snippet for the page's own twenty.
    """

    def __init__(self, hits: QuerySet, *, order: str = "relevance"):
        self.hits = hits
        self.order = order

    @property
    def oldest_first(self) -> bool:
        return self.order == "oldest"

    @cached_property
    def _positions(self) -> list[int]:
        order = "index_order" if self.oldest_first else "-index_order"
        positions = self.hits.order_by(order).values_list("index_order", flat=True)
        return list(positions[: POOL + 1])

    @property
    def more(self) -> bool:
        """Whether more lines match than the ``POOL`` listed (and ranked)."""
        return len(self._positions) > POOL

    @property
    def pool(self) -> int:
        return POOL

    @property
    def count_label(self) -> str:
        """Reads "1 line found", "12 lines found" or "More than 1,000 lines found"."""
        if self.more:
            return f"More than {POOL:,} lines found"
        count = self.count()
        return ngettext("%(count)s line found", "%(count)s lines found", count) % {
            "count": f"{count:,}"
        }

    @property
    def pool_note(self) -> str:
        """Which lines are listed when there are ``more``: the page must not pretend otherwise."""
        which = "first" if self.oldest_first else "latest"
        ranked = ", best match first" if self.order == "relevance" else ""
        return f"These are the {which} {POOL:,} added to the archive{ranked}."

    def count(self) -> int:
        return min(len(self._positions), POOL)

    def __len__(self) -> int:
        return self.count()

    def within(self) -> QuerySet:
        """``hits`` narrowed to the listed lines (all of them unless there are ``more``).

        PostgreSQL fetches them by primary key: a thousand index probes, whatever
        the filters. FTS5 would run its MATCH again for each id of a list, so on
        SQLite the rowid is bounded instead: a range of the index it walks anyway.
        """
        if not self.more:
            return self.hits
        listed = self._positions[:POOL]
        if connection.vendor == "postgresql":
            return self.hits.filter(pk__in=listed)
        bound = "index_order__lte" if self.oldest_first else "index_order__gte"
        return self.hits.filter(**{bound: listed[-1]})

    def __getitem__(self, window: slice) -> list:
        if not self._positions:
            return []
        return list(self.within()[window])


def said_by(hits: QuerySet, speaker_ids: list[int]) -> QuerySet:
    """``hits`` narrowed to lines by these speakers, written the way each database plans well.

    PostgreSQL gets the ids as constants, which it has statistics for (the
    busiest host said a tenth of all lines, a guest a few dozen), so it can
    intersect the search index with the speaker's. SQLite must let FTS5 lead:
    given an indexed speaker it walks that speaker's lines and runs the MATCH
    again for each (five seconds for the busiest host and a common word), so
    there the column is compared as ``speaker_id + 0``, which no index serves.
    """
    if connection.vendor == "postgresql":
        return hits.filter(speaker_id__in=speaker_ids)
    return hits.alias(said_by=F("speaker_id") + 0).filter(said_by__in=speaker_ids)
