"""The two full-text engines behind ``Utterance.objects.search``: one class each.

PostgreSQL keeps a weighted ``tsvector`` in ``archive_utterance.search_document``
(the line's words weigh A, its speaker's name B) under a GIN index; SQLite keeps
an FTS5 table ``archive_utterance_fts`` (text, speaker) keyed by the utterance
id. Neither column nor table is known to Django's models: they are written
only here, by ``reindex`` (and, for bulk writers, by the SQL ``row_document``
gives, ``index_new_lines`` and ``replace_entries``), which the curation core
calls on every write.

Snippets come back with control-character sentinels around the hits (and in
place of ``<`` and ``>``); ``highlight`` escapes the text and only then turns
the sentinels into ``<mark>``, so no transcript text is ever trusted as HTML.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL

from .query import ParsedQuery, to_fts5, to_tsquery

MARK_START, MARK_END = "\x02", "\x03"
LESS_THAN, GREATER_THAN = "\x0e", "\x0f"
# Lines per statement when (re)indexing: well under SQLite's 999 variables.
CHUNK = 500
SNIPPET_WORDS = 24


def postgres_document(row: str) -> str:
    """SQL for the search document of the utterance row (or row of utterance columns) ``row``.

    The line's words (stemmed, weight A) and its speaker's name (as written, weight B).
    """
    return (
        f"setweight(to_tsvector('english', {row}.text), 'A') || setweight(to_tsvector('simple', "
        f"coalesce((SELECT s.name FROM speakers_speaker AS s WHERE s.id = {row}.speaker_id), '')),"
        " 'B')"
    )


class PostgresEngine:
    DOCUMENT = postgres_document("u")
    # One window around the hits (fragments would drop a short line's first words).
    HEADLINE_OPTIONS = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS + 6}, "
        "MinWords=15, ShortWord=2"
    )

    def create(self, cursor) -> None:
        cursor.execute("ALTER TABLE archive_utterance ADD COLUMN search_document tsvector")
        # The search box: every query is one GIN lookup, whatever the archive's size.
        cursor.execute(
            "CREATE INDEX utterance_search_idx ON archive_utterance USING gin (search_document)"
        )

    def drop(self, cursor) -> None:
        cursor.execute("ALTER TABLE archive_utterance DROP COLUMN search_document")

    def reindex(self, cursor, ids: list[int]) -> None:
        cursor.execute(
            f"UPDATE archive_utterance AS u SET search_document = {self.DOCUMENT} "
            "WHERE u.id = ANY(%s)",
            [ids],
        )

    def forget(self, cursor, ids: list[int]) -> None:
        """Nothing to do: the document is a column of the row that went."""

    def row_document(self, row: str) -> str:
        """The document lives in the row: writers compute it in the statement that writes it."""
        return postgres_document(row)

    def index_new_lines(self, cursor, episode_id: int, after_id: int) -> None:
        """Nothing to do: ``row_document`` wrote each new line's document with the line."""

    def replace_entries(self, cursor, lines: list[tuple[int, str, int | None]]) -> None:
        """Nothing to do: ``row_document`` rewrote each line's document with the line."""

    def search(self, queryset: QuerySet, parsed: ParsedQuery) -> QuerySet:
        tsquery = "to_tsquery('english', %s)"
        text = to_tsquery(parsed)
        column = '"archive_utterance"."search_document"'
        escaped = "replace(replace(\"archive_utterance\".\"text\", '<', chr(14)), '>', chr(15))"
        return queryset.filter(
            RawSQL(f"{column} @@ {tsquery}", [text], output_field=BooleanField())
        ).annotate(
            # The order lines were added in, newest last: the primary key (its index).
            index_order=F("pk"),
            rank=RawSQL(f"ts_rank({column}, {tsquery})", [text], output_field=FloatField()),
            snippet=RawSQL(
                f"ts_headline('english', {escaped}, {tsquery}, %s)",
                [text, self.HEADLINE_OPTIONS],
                output_field=TextField(),
            ),
        )

    def stale_ids(self, cursor) -> list[int]:
        cursor.execute(
            "SELECT u.id FROM archive_utterance AS u "
            f"WHERE u.search_document IS DISTINCT FROM ({self.DOCUMENT}) ORDER BY u.id"
        )
        return [row[0] for row in cursor.fetchall()]

    def orphan_ids(self, cursor) -> list[int]:
        return []  # a document cannot outlive its row


class SQLiteEngine:
    TABLE = "archive_utterance_fts"

    def create(self, cursor) -> None:
        cursor.execute(
            f"CREATE VIRTUAL TABLE {self.TABLE} USING fts5("
            "text, speaker, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        self.configure(cursor)

    def configure(self, cursor) -> None:
        """The rank column is bm25 with the line's words weighing five times its speaker."""
        cursor.execute(
            f"INSERT INTO {self.TABLE} ({self.TABLE}, rank) VALUES ('rank', 'bm25(5.0, 1.0)')"
        )

    def drop(self, cursor) -> None:
        cursor.execute(f"DROP TABLE IF EXISTS {self.TABLE}")

    def reindex(self, cursor, ids: list[int]) -> None:
        marks = ", ".join("%s" for _ in ids)
        cursor.execute(f"DELETE FROM {self.TABLE} WHERE rowid IN ({marks})", ids)
        cursor.execute(
            f"INSERT INTO {self.TABLE} (rowid, text, speaker) "
            "SELECT u.id, u.text, coalesce(s.name, '') FROM archive_utterance AS u "
            f"LEFT JOIN speakers_speaker AS s ON s.id = u.speaker_id WHERE u.id IN ({marks})",
            ids,
        )

    def forget(self, cursor, ids: list[int]) -> None:
        marks = ", ".join("%s" for _ in ids)
        cursor.execute(f"DELETE FROM {self.TABLE} WHERE rowid IN ({marks})", ids)

    def row_document(self, row: str) -> None:
        """The index is a table of its own, written after the lines (``index_new_lines``)."""
        return None

    def index_new_lines(self, cursor, episode_id: int, after_id: int) -> None:
        """Index the episode's lines with ids above ``after_id``: those just inserted, in one go.

        Exact because ids only grow (AUTOINCREMENT never hands out an id again) and
        the writer holds SQLite's one write lock, so no other line can be among them.
        New ids never had an entry, so nothing is deleted first.
        """
        cursor.execute(
            f"INSERT INTO {self.TABLE} (rowid, text, speaker) "
            "SELECT u.id, u.text, coalesce(s.name, '') FROM archive_utterance AS u "
            "LEFT JOIN speakers_speaker AS s ON s.id = u.speaker_id "
            "WHERE u.episode_id = %s AND u.id > %s",
            [episode_id, after_id],
        )

    def replace_entries(self, cursor, lines: list[tuple[int, str, int | None]]) -> None:
        """New entries for lines just rewritten, from their (id, text, speaker id) as written.

        Two ``executemany`` however many lines: the text comes from the caller,
        the speaker's name from the table, as ``reindex`` would read them.
        """
        cursor.executemany(
            f"DELETE FROM {self.TABLE} WHERE rowid = %s", [(pk,) for pk, _, _ in lines]
        )
        cursor.executemany(
            f"INSERT INTO {self.TABLE} (rowid, text, speaker) VALUES (%s, %s, "
            "coalesce((SELECT s.name FROM speakers_speaker AS s WHERE s.id = %s), ''))",
            lines,
        )

    def search(self, queryset: QuerySet, parsed: ParsedQuery) -> QuerySet:
        """One join: FTS5 finds and ranks the lines, then each is fetched by its id."""
        entry = "sqlite_search_entry"
        return queryset.filter(**{f"{entry}__document__match": to_fts5(parsed)}).annotate(
            # The order lines were added in, newest last: FTS5's rowid, which it walks either
            # way and bounds (``index_order__gte``) without a sort; the utterance's id would not.
            index_order=F(f"{entry}__pk"),
            rank=-F(f"{entry}__rank"),
            snippet=Func(
                F(f"{entry}__document"),
                Value(0),
                Value(MARK_START),
                Value(MARK_END),
                Value(" … "),
                Value(SNIPPET_WORDS),
                function="snippet",
                output_field=TextField(),
            ),
        )

    def stale_ids(self, cursor) -> list[int]:
        cursor.execute(
            "SELECT u.id FROM archive_utterance AS u "
            "LEFT JOIN speakers_speaker AS s ON s.id = u.speaker_id "
            f"LEFT JOIN {self.TABLE} AS f ON f.rowid = u.id "
            "WHERE f.rowid IS NULL OR f.text IS NOT u.text "
            "OR f.speaker IS NOT coalesce(s.name, '') ORDER BY u.id"
        )
        return [row[0] for row in cursor.fetchall()]

    def orphan_ids(self, cursor) -> list[int]:
        cursor.execute(
            f"SELECT rowid FROM {self.TABLE} "
            "WHERE rowid NOT IN (SELECT id FROM archive_utterance) ORDER BY rowid"
        )
        return [row[0] for row in cursor.fetchall()]


ENGINES = {"postgresql": PostgresEngine, "sqlite": SQLiteEngine}


def engine_for(vendor: str | None = None):
    vendor = vendor or connection.vendor
    try:
        return ENGINES[vendor]()
    except KeyError:
        raise NotImplementedError(f"no full-text search for {vendor}") from None
