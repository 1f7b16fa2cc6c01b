"""Writing an episode's transcript: new lines in, old ids kept where a line survives.

Lines travel as tuples (``StoredLine``, ``NewLine``), never as model instances:
building 50,000 ``Utterance`` objects for ``bulk_create`` was most of a long
import. PostgreSQL copies the rows into a temporary table (``COPY``) and
writes them with one ``INSERT … SELECT`` or ``UPDATE … FROM`` that computes
each line's search document in the same pass; SQLite runs ``executemany``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from .. import search
from ..bulk import copy_rows
from ..matching import Line, find_moved_words, match_lines
from ..models import Episode, Utterance
from .bookkeeping import (
    episodes_changed,
    remove_rows,
    tally_utterances,
    write_tombstones,
)

# The columns a transcript write compares and writes, in ``NewLine`` order.
LINE_COLUMNS = ("speaker_id", "speaker_label", "sequence", "start_ms", "end_ms", "text")
# Their types in the temporary tables PostgreSQL copies rows into.
LINE_TYPES = "speaker_id bigint, speaker_label text, sequence integer, start_ms integer, " + (
    "end_ms integer, text text"
)
# How many examples of each kind of change a preview shows.
EXAMPLES = 3


class NewLine(NamedTuple):
    """A line to write: an utterance's columns without its id."""

    speaker_id: int | None
    speaker_label: str
    sequence: int
    start_ms: int | None
    end_ms: int | None
    text: str


class StoredLine(NamedTuple):
    """A line as the archive has it; ``RemovedUtterance.of`` reads its tombstone from it."""

    pk: int
    episode_id: int
    speaker_id: int | None
    speaker_label: str
    sequence: int
    start_ms: int | None
    end_ms: int | None
    text: str


@dataclass
class Provenance:
    format: str
    source: str
    content_hash: str


@dataclass
class TranscriptChanges:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    # Of the removed, how many lines' words live on in another line (their permalinks redirect).
    moved: int = 0
    # A few lines of each kind, for the curator's preview: texts, or (before, after).
    created_examples: list[str] = field(default_factory=list)
    updated_examples: list[tuple[str, str]] = field(default_factory=list)
    removed_examples: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


def lock_episode(episode: Episode) -> Provenance:
    """Lock ``episode`` for writing (inside a transaction); the provenance it records now.

    One query. Read under the lock, so an import that waited for another sees its result.
    """
    recorded = (
        Episode.objects.select_for_update()
        .filter(pk=episode.pk)
        .values_list("transcript_format", "transcript_source", "transcript_hash")
        .first()
    )
    return Provenance(*recorded) if recorded else Provenance("", "", "")


def lock_transcript(episode: Episode) -> list[StoredLine]:
    """Lock ``episode`` for writing and load its lines in order (inside a transaction)."""
    lock_episode(episode)
    rows = episode.utterances.order_by("sequence").values_list("pk", "episode_id", *LINE_COLUMNS)
    return [StoredLine._make(row) for row in rows]


@transaction.atomic(savepoint=False)  # all or nothing with the caller's transaction
def write_transcript(
    episode: Episode,
    old: list[StoredLine],
    new: list[NewLine],
    *,
    relabelled: set[str],
    provenance: Provenance,
) -> TranscriptChanges:
    """Replace ``old`` (from ``lock_transcript``) with ``new`` (sequences 0, 1, 2, …).

    A new line that continues an old one takes over its id, so permalinks
    survive. A line the curator re-attributed keeps that speaker unless its
    label is in ``relabelled`` (the labels this import maps explicitly).
    Vanished ids get tombstones, forwarding to the line that holds their words
    where one does (``archive.matching.find_moved_words``: a deleted line
    merged its neighbours); appearances, the search index and provenance are
    made exact. A fixed number of statements, however long the transcript.
    """
    matches, holders = _match(old, new)
    kept_old = {index for index in matches if index is not None}
    removed = [u for index, u in enumerate(old) if index not in kept_old]
    remove_rows(removed)  # first: their sequences may be the new lines'

    updated, created, final = _pair(old, new, matches, relabelled)
    highest = max((u.sequence for u in old), default=0)
    _update_in_place(episode, updated, offset=highest + len(new) + 1)
    new_holders = {new[holder].sequence for holder in holders.values() if matches[holder] is None}
    created_ids = _insert(episode, created, wanted=new_holders)
    moved = {
        old[index].pk: _id_of(holder, new, matches, old, created_ids)
        for index, holder in holders.items()
    }
    write_tombstones(removed, moved)  # last: every line that holds moved words has its id
    changes = _summarise(len(final), updated, created, removed, moved)
    heard = tally_utterances((line.speaker_id, line.text) for line in final if line.speaker_id)
    episodes_changed([episode.pk], heard={episode.pk: heard})
    if changes.changed or episode.transcript_hash != provenance.content_hash:
        _record_provenance(episode, provenance)
    return changes


def _match(old: list[StoredLine], new: list[NewLine]) -> tuple[list, dict[int, int]]:
    """(the old index each new line continues or None, removed old index -> holder new index)."""
    if not old:
        return [None] * len(new), {}  # a first import: nothing to match
    old_lines, new_lines = [_line(u) for u in old], [_line(u) for u in new]
    matches = match_lines(old_lines, new_lines)
    return matches, find_moved_words(old_lines, new_lines, matches)


def _id_of(holder: int, new, matches, old, created_ids: dict[int, int]) -> int:
    """The id new line ``holder`` has now: the old line's it continues, or its own new one."""
    if matches[holder] is not None:
        return old[matches[holder]].pk
    return created_ids[new[holder].sequence]


def _summarise(total: int, updated, created, removed, moved) -> TranscriptChanges:
    """Count what changed and keep a few examples of each kind for the preview."""
    return TranscriptChanges(
        created=len(created),
        updated=len(updated),
        unchanged=total - len(created) - len(updated),
        removed=len(removed),
        moved=len(moved),
        created_examples=[line.text for line in created[:EXAMPLES]],
        updated_examples=[(old.text, new.text) for old, new in updated[:EXAMPLES]],
        removed_examples=[line.text for line in removed[:EXAMPLES]],
    )


def _pair(old, new, matches, relabelled):
    """New lines that continue old ones take their ids.

    Returns (``(old, new)`` pairs that differ, created lines, every line as written).
    """
    updated, created, final = [], [], []
    for line, old_index in zip(new, matches, strict=True):
        if old_index is None:
            created.append(line)
            final.append(line)
            continue
        previous = old[old_index]
        if (
            line.speaker_id != previous.speaker_id
            and line.speaker_label == previous.speaker_label
            and line.speaker_label not in relabelled
        ):
            line = NewLine(previous.speaker_id, *line[1:])  # a curator's one-line fix stays
        final.append(line)
        if line != previous[2:]:
            updated.append((previous, line))
    return updated, created, final


def _update_in_place(
    episode: Episode, changed: list[tuple[StoredLine, NewLine]], *, offset: int
) -> None:
    """Write (old, new) pairs without tripping the (episode, sequence) constraint.

    Rows that move are first parked above every sequence in use, then moved
    home with everything else, so no statement ever sees two rows with one
    sequence (both databases check a non-deferred unique constraint row by
    row). Search entries are rewritten only where text or speaker changed.
    """
    if not changed:
        return
    if connection.vendor == "postgresql":
        _update_copying(episode, changed, offset)
    else:
        _update_batched(changed, offset)
    search.replace_entries(
        [
            (old.pk, new.text, new.speaker_id)
            for old, new in changed
            if _indexed(old) != _indexed(new)
        ]
    )


def _indexed(line) -> tuple:
    """What a line's search entry is made of."""
    return line.text, line.speaker_id


def _update_copying(
    episode: Episode, changed: list[tuple[StoredLine, NewLine]], offset: int
) -> None:
    """PostgreSQL: COPY the new values into a temporary table, then UPDATE … FROM it.

    Two statements (three when lines move), however many rows; the search
    document is recomputed in the same UPDATE for rows whose words or speaker
    changed. The episode's own rows only: the join never has to look further
    than its (episode, sequence) index, however big the archive.
    """
    with connection.cursor() as cursor:
        _create_temporary_table(cursor, "changed_lines", "id bigint, " + LINE_TYPES)
        _copy(cursor, "changed_lines", ("id", *LINE_COLUMNS), ((o.pk, *n) for o, n in changed))
        if any(old.sequence != new.sequence for old, new in changed):
            cursor.execute(
                "UPDATE archive_utterance AS u SET sequence = t.sequence + %s "
                "FROM changed_lines AS t "
                "WHERE u.episode_id = %s AND u.id = t.id AND u.sequence <> t.sequence",
                [offset, episode.pk],
            )
        assignments = ", ".join(f"{column} = t.{column}" for column in LINE_COLUMNS)
        cursor.execute(
            f"UPDATE archive_utterance AS u SET {assignments}, search_document = CASE "
            "WHEN u.text IS DISTINCT FROM t.text OR u.speaker_id IS DISTINCT FROM t.speaker_id "
            f"THEN {search.row_document('t')} ELSE u.search_document END "
            "FROM changed_lines AS t WHERE u.episode_id = %s AND u.id = t.id",
            [episode.pk],
        )


def _update_batched(changed: list[tuple[StoredLine, NewLine]], offset: int) -> None:
    """SQLite: one ``executemany`` parking the rows that move, one writing every row."""
    with connection.cursor() as cursor:
        parked = [
            (new.sequence + offset, old.pk) for old, new in changed if new.sequence != old.sequence
        ]
        if parked:
            cursor.executemany("UPDATE archive_utterance SET sequence = %s WHERE id = %s", parked)
        assignments = ", ".join(f"{column} = %s" for column in LINE_COLUMNS)
        cursor.executemany(
            f"UPDATE archive_utterance SET {assignments} WHERE id = %s",
            [(*new, old.pk) for old, new in changed],
        )


def _insert(episode: Episode, lines: list[NewLine], *, wanted: set[int]) -> dict[int, int]:
    """Insert ``lines`` into ``episode`` with their search entries; ids from the database.

    Ids come from the table's own sequence (PostgreSQL's identity, SQLite's
    AUTOINCREMENT), so no id is ever handed out twice: quote ids are permanent
    and deleted ones have tombstones. Returns sequence -> id for the
    sequences in ``wanted`` (lines that now hold a removed line's words).
    """
    if not lines:
        return {}
    if connection.vendor == "postgresql":
        return _insert_copying(episode, lines, wanted)
    return _insert_batched(episode, lines, wanted)


def _insert_copying(episode: Episode, lines: list[NewLine], wanted: set[int]) -> dict[int, int]:
    """PostgreSQL: COPY into a temporary table, then one INSERT … SELECT with the documents.

    Writing each row once, document included, is what makes it fast: a COPY
    straight into the table and an UPDATE for the documents would write every
    row twice and leave as many dead row versions behind.
    """
    columns = ", ".join(LINE_COLUMNS)
    from_temporary = ", ".join(f"t.{column}" for column in LINE_COLUMNS)
    returning = " RETURNING sequence, id" if wanted else ""
    with connection.cursor() as cursor:
        _create_temporary_table(cursor, "new_lines", LINE_TYPES)
        _copy(cursor, "new_lines", LINE_COLUMNS, lines)
        cursor.execute(
            f"INSERT INTO archive_utterance (episode_id, {columns}, search_document) "
            f"SELECT %s, {from_temporary}, {search.row_document('t')} "
            f"FROM new_lines AS t ORDER BY t.sequence{returning}",
            [episode.pk],
        )
        return _wanted_ids(cursor.fetchall(), wanted) if wanted else {}


def _insert_batched(episode: Episode, lines: list[NewLine], wanted: set[int]) -> dict[int, int]:
    """SQLite: ``executemany`` in batches, then the new lines' search entries in one statement.

    The new lines are the episode's lines with ids above the largest id before
    the insert: AUTOINCREMENT ids only grow, and SQLite's write lock keeps
    every other writer out until this transaction ends.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM archive_utterance")
        (before,) = cursor.fetchone()
    copy_rows(Utterance, ("episode_id", *LINE_COLUMNS), ((episode.pk, *line) for line in lines))
    search.index_new_lines(episode.pk, before)
    if not wanted:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sequence, id FROM archive_utterance WHERE episode_id = %s AND id > %s",
            [episode.pk, before],
        )
        return _wanted_ids(cursor.fetchall(), wanted)


def _wanted_ids(rows: Iterable[tuple[int, int]], wanted: set[int]) -> dict[int, int]:
    return {sequence: pk for sequence, pk in rows if sequence in wanted}


def _create_temporary_table(cursor, name: str, columns: str) -> None:
    """A temporary table gone at commit; one left by an earlier write in this transaction goes.

    ``pg_temp.`` so that the DROP can never reach a real table of that name.
    For the rest of the transaction, JIT is off and sorts and hashes may take
    64 MB: ``to_tsvector`` on every row makes the planner's cost of a long
    transcript's write reach the JIT thresholds, and compiling it then takes
    longer than running it; and 50,000 lines sorted or hashed in 4 MB spill to disk.
    """
    cursor.execute(
        "SET LOCAL jit = off; SET LOCAL work_mem = '64MB'; "
        f"DROP TABLE IF EXISTS pg_temp.{name}; "
        f"CREATE TEMPORARY TABLE {name} ({columns}) ON COMMIT DROP"
    )


def _copy(cursor, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """``COPY`` rows into a temporary table (``archive.bulk.copy_rows`` writes model tables)."""
    with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _line(utterance: StoredLine | NewLine) -> Line:
    """What matching compares: who (speaker id, else label), start, end, text."""
    who = utterance.speaker_id or utterance.speaker_label
    return Line(who, utterance.start_ms, utterance.end_ms, utterance.text)


def _record_provenance(episode: Episode, provenance: Provenance) -> None:
    episode.transcript_format = provenance.format
    episode.transcript_source = provenance.source[:1000]
    episode.transcript_imported_at = timezone.now()
    episode.transcript_hash = provenance.content_hash
    episode.save(
        update_fields=[
            "transcript_format",
            "transcript_source",
            "transcript_imported_at",
            "transcript_hash",
            "updated_at",
        ]
    )
