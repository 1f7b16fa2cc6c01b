"""Writing a planned archive through the fast paths: ``copy_rows`` with explicit ids, then
the search index in one statement, then the id counters moved past the ids used.

The curation core writes an episode at a time and keeps everything derived
exact as it goes; here the same derived values (appearance counts, alias
keys, slugs, the search index) are computed once for the whole archive, so
that ``check_archive`` finds nothing to recount. One transaction: an
interrupted run leaves the database as it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from speakers.models import Speaker, SpeakerAlias

from ..bulk import copy_rows
from ..models import Appearance, Episode, Show, Utterance
from ..portable.sequences import advance_past_restored_ids
from ..search.engines import PostgresEngine, SQLiteEngine
from .plan import ArchivePlan, Scale, plan_archive
from .rows import (
    ALIAS_COLUMNS,
    APPEARANCE_COLUMNS,
    EPISODE_COLUMNS,
    SHOW_COLUMNS,
    SPEAKER_COLUMNS,
    alias_rows,
    appearance_rows,
    episode_rows,
    show_rows,
    speaker_rows,
)
from .transcripts import UTTERANCE_COLUMNS, Transcripts

WRITTEN = (Show, Speaker, SpeakerAlias, Episode, Appearance, Utterance)
# The apps whose tables make up "the archive": empty before generating, emptied by flush.
ARCHIVE_APPS = ("archive", "speakers")

Report = Callable[[str], None]


class ArchiveNotEmpty(Exception):
    """The database already holds an archive; the message says what to do."""


@dataclass(frozen=True)
class Generated:
    counts: dict[str, int]
    seconds: float

    def summary(self) -> str:
        counts = ", ".join(f"{count:,} {name}" for name, count in self.counts.items())
        return f"Generated {counts} in {self.seconds:.1f} s."


def generate_archive(
    scale: Scale, seed: int, *, flush: bool = False, report: Report | None = None
) -> Generated:
    """Plan and write a synthetic archive into an empty database (emptied first if ``flush``).

    Raises ``ArchiveNotEmpty`` (writing nothing) when the archive tables hold
    rows and ``flush`` is false. Memory stays flat: rows are generated as
    they are written. Medium (a million lines) takes a few minutes.
    """
    started = time.monotonic()
    report = report or (lambda message: None)
    plan = plan_archive(scale, seed)
    with transaction.atomic():
        if flush:
            empty_archive()
        else:
            refuse_unless_empty()
        counts = _Writer(plan, report, started).write()
    if connection.vendor == "postgresql":
        _tidy_up()
    return Generated(counts, time.monotonic() - started)


def refuse_unless_empty() -> None:
    """Raise ``ArchiveNotEmpty`` if any archive table has a row. A query per table."""
    for model in _archive_models():
        if model.objects.exists():
            raise ArchiveNotEmpty(
                f"this database already holds {model._meta.verbose_name_plural}: generate "
                "into an empty one (after migrate), or pass --flush to empty it first"
            )


def empty_archive() -> None:
    """Delete every row of the archive's tables and its search index: TRUNCATE on
    PostgreSQL (instant), DELETE on SQLite. Shows, speakers, tombstones: all of it."""
    tables = [model._meta.db_table for model in _archive_models()]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses a table with foreign-key checks still pending in this transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in connection.ops.sql_flush(no_style(), tables, reset_sequences=True):
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute(f"DELETE FROM {SQLiteEngine.TABLE}")


def index_search() -> None:
    """Index every line for full-text search in one statement, exactly as
    ``archive.search.engines`` would line by line (its document, its columns)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE archive_utterance AS u SET search_document = {PostgresEngine.DOCUMENT}"
            )
        else:
            cursor.execute(
                f"INSERT INTO {SQLiteEngine.TABLE} (rowid, text, speaker) "
                "SELECT u.id, u.text, coalesce(s.name, '') FROM archive_utterance AS u "
                "LEFT JOIN speakers_speaker AS s ON s.id = u.speaker_id ORDER BY u.id"
            )


class _Writer:
    """One generation's writes, in an order the foreign keys allow at commit."""

    def __init__(self, plan: ArchivePlan, report: Report, started: float):
        self.plan, self.report, self.started = plan, report, started

    def write(self) -> dict[str, int]:
        plan = self.plan
        counts = {
            "shows": copy_rows(Show, SHOW_COLUMNS, _adapted(show_rows(plan))),
            "speakers": copy_rows(Speaker, SPEAKER_COLUMNS, _adapted(speaker_rows(plan))),
            "aliases": copy_rows(SpeakerAlias, ALIAS_COLUMNS, _adapted(alias_rows(plan))),
        }
        self.say(f"{counts['shows']:,} shows and {counts['speakers']:,} speakers written")
        # Lines before their episodes: an episode's length and hash are known only once its
        # lines are. The foreign keys are checked at commit (Django makes them deferrable).
        transcripts = Transcripts(plan, progress=self.utterances_written)
        utterances = copy_rows(Utterance, UTTERANCE_COLUMNS, transcripts.rows())
        counts["episodes"] = copy_rows(
            Episode, EPISODE_COLUMNS, _adapted(episode_rows(plan, transcripts.heard))
        )
        counts["utterances"] = utterances
        counts["appearances"] = copy_rows(
            Appearance, APPEARANCE_COLUMNS, appearance_rows(plan, transcripts.heard)
        )
        self.say(f"{counts['episodes']:,} episodes and {counts['appearances']:,} appearances")
        index_search()
        self.say("search index built")
        advance_past_restored_ids(list(WRITTEN))
        return counts

    def utterances_written(self, done: int) -> None:
        self.say(f"{done:,} of {self.plan.utterance_count:,} utterances")

    def say(self, message: str) -> None:
        self.report(f"{message} ({time.monotonic() - self.started:.1f} s)")


def _archive_models() -> list:
    return [
        model
        for app in ARCHIVE_APPS
        for model in apps.get_app_config(app).get_models()
        if model._meta.managed and not model._meta.proxy
    ]


def _adapted(rows: Iterable[tuple]) -> Iterator[tuple]:
    """Datetimes as the database backend stores them (naive UTC text on SQLite)."""
    adapt = connection.ops.adapt_datetimefield_value
    for row in rows:
        yield tuple(adapt(value) if isinstance(value, datetime) else value for value in row)


def _tidy_up() -> None:
    """Planner statistics now, not whenever autovacuum gets to a million new rows; and,
    outside a transaction, the dead row versions the search-index UPDATE left (one a line)
    cleared too. A few seconds at the medium scale."""
    names = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in WRITTEN)
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        cursor.execute(f"{command} {names}")
