"""SQLite's FTS5 table as Django sees it: only so queries can join it (never written here).

Rows are written by ``engines.SQLiteEngine`` with raw SQL; on PostgreSQL the
table does not exist and nothing touches this model.
"""

from django.db import models
from django.db.models import Lookup


class FullTextDocument(models.TextField):
    """FTS5's hidden column named after its table: the left side of ``MATCH``."""


@FullTextDocument.register_lookup
class Match(Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class SQLiteSearchEntry(models.Model):
    utterance = models.OneToOneField(
        "archive.Utterance",
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="sqlite_search_entry",
    )
    document = FullTextDocument(db_column="archive_utterance_fts")
    # FTS5's hidden rank column: bm25 with the weights the engine configured (lower is better).
    rank = models.FloatField(db_column="rank")

    class Meta:
        managed = False
        db_table = "archive_utterance_fts"
        app_label = "archive"

    def __str__(self) -> str:
        return f"Search entry of line {self.pk}"
