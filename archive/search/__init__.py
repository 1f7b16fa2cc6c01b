"""Full-text search over utterances, on PostgreSQL and on SQLite, behind one queryset method.

``Utterance.objects.search(q)`` filters to the lines matching ``q`` (visitor
syntax: words, "exact phrase", -exclude, OR, prefix*) and annotates ``rank``
and ``snippet``; the ``highlight`` template filter turns a snippet into safe
HTML. The index is written only through this module (``reindex``,
``forget``, and for bulk writers ``row_document``, ``index_new_lines`` and
``replace_entries``),
which the curation core calls on every write; ``stale_lines`` lets
``check_archive`` prove it is in step.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .engines import CHUNK, GREATER_THAN, LESS_THAN, MARK_END, MARK_START, engine_for
from .query import ParsedQuery, QueryError, parse

__all__ = [
    "ParsedQuery",
    "QueryError",
    "forget",
    "highlight",
    "index_new_lines",
    "parse",
    "reindex",
    "replace_entries",
    "row_document",
    "search",
]


def search(queryset: QuerySet, query: str | ParsedQuery) -> QuerySet:
    """``queryset`` narrowed to lines matching ``query``, with ``rank`` and ``snippet``.

    Raises ``QueryError`` (a message for the visitor) when there is nothing to search for.
    """
    parsed = parse(query) if isinstance(query, str) else query
    return engine_for().search(queryset, parsed)


def reindex(utterance_ids: Iterable[int]) -> None:
    """Make these lines' index entries match their text and speaker (new lines too)."""
    _in_chunks(engine_for().reindex, utterance_ids)


def forget(utterance_ids: Iterable[int]) -> None:
    """Drop these (deleted) lines from the index."""
    _in_chunks(engine_for().forget, utterance_ids)


def row_document(row: str) -> str | None:
    """SQL for the index entry of utterance row ``row``, where the entry is part of the row.

    PostgreSQL keeps the document in the row, so a bulk writer computes it in
    the statement that writes the line (no second pass over the rows); SQLite
    keeps a separate table and this is None: call ``index_new_lines`` (or
    ``reindex``) after writing.
    """
    return engine_for().row_document(row)


def replace_entries(lines: list[tuple[int, str, int | None]]) -> None:
    """Bring the entries of lines just rewritten in step, from their (id, text, speaker id).

    For a bulk writer that wrote the lines with ``row_document`` (PostgreSQL:
    nothing left to do) or plainly (SQLite: two statements, however many lines).
    """
    if lines:
        with connection.cursor() as cursor:
            engine_for().replace_entries(cursor, lines)


def index_new_lines(episode_id: int, after_id: int) -> None:
    """Index ``episode_id``'s lines with ids above ``after_id``, all of them just inserted.

    One statement on SQLite; nothing on PostgreSQL, where ``row_document`` wrote them.
    """
    with connection.cursor() as cursor:
        engine_for().index_new_lines(cursor, episode_id, after_id)


def rebuild() -> None:
    """Index every line from scratch (the migration, ``check_archive --repair``)."""
    from ..models import Utterance

    reindex(Utterance.objects.values_list("pk", flat=True).order_by("pk").iterator())


def stale_lines() -> tuple[list[int], list[int]]:
    """(lines whose index entry is missing or out of date, index entries with no line)."""
    engine = engine_for()
    with connection.cursor() as cursor:
        return engine.stale_ids(cursor), engine.orphan_ids(cursor)


def highlight(snippet: str | None) -> SafeString:
    """A snippet as HTML: every character of transcript text escaped, hits in ``<mark>``."""
    text = escape(snippet or "")
    for sentinel, markup in (
        (MARK_START, "<mark>"),
        (MARK_END, "</mark>"),
        (LESS_THAN, "&lt;"),
        (GREATER_THAN, "&gt;"),
    ):
        text = text.replace(sentinel, markup)
    return mark_safe(text)


def _in_chunks(write, ids: Iterable[int]) -> None:
    batch: list[int] = []
    with connection.cursor() as cursor:
        for utterance_id in ids:
            batch.append(utterance_id)
            if len(batch) == CHUNK:
                write(cursor, batch)
                batch = []
        if batch:
            write(cursor, batch)
