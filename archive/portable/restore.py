"""Restore an export into a database (``manage.py import_archive``): every id, slug and
tombstone as it was, so every permalink answers as it did on the old server.

Refuses, before writing anything, an export whose manifest or checksums do not
hold, and a database that already holds archive rows (unless merging, where
any id or slug already taken is refused by name). Then one transaction: rows
in batches with their own ids and timestamps, id counters moved past them,
the search index rebuilt, and ``find_drift()`` must come back empty, or
nothing lands.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TextIO

from django.db import models, transaction

from speakers.models import Speaker, SpeakerAlias
from speakers.names import name_key

from .. import search
from ..curation.audit import find_drift
from ..models import Episode, Show, Utterance
from ..progress import ProgressBar
from .collisions import first_collision
from .layout import (
    ARCHIVE_MODELS,
    BATCH,
    TABLES,
    TOMBSTONES,
    TRANSCRIPTS,
    PortableError,
    Table,
    inside,
    read_rows,
    transcript_path,
)
from .manifest import read_manifest, verify_checksums
from .sequences import advance_past_restored_ids
from .transcripts import read_utterances


@dataclass
class RestoreReport:
    counts: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        counts = ", ".join(f"{n:,} {name}" for name, n in self.counts.items())
        return [f"Restored {counts}.", "Search index rebuilt; check_archive finds no drift."]


def restore_archive(
    directory: Path, *, merge: bool = False, progress: TextIO | None = None
) -> RestoreReport:
    """Restore the export in ``directory``; raises ``PortableError`` and writes nothing
    when it cannot be restored exactly.

    Reads every file twice (checksums, then rows); writes in ``BATCH``-row
    inserts, one transaction. Then rebuilds the whole search index and recounts
    everything derived (``find_drift``), which on a big archive takes as long
    as the inserts.
    """
    manifest = read_manifest(directory)
    if not merge:
        _refuse_unless_empty()
    verify_checksums(directory, manifest, progress)
    restore = _Restore(directory, manifest, merge=merge, progress=progress)
    with transaction.atomic(), _keeping_timestamps():
        restore.run()
        advance_past_restored_ids(list(ARCHIVE_MODELS))
        search.rebuild()
        _refuse_drift()
    return restore.report


class _Restore:
    """One restore's state: what the later files refer to by slug or path."""

    def __init__(self, directory: Path, manifest: dict, *, merge: bool, progress: TextIO | None):
        self.directory, self.manifest, self.progress = directory, manifest, progress
        # Into an empty database nothing can be taken: the archive's own ids are
        # kept unique by the constraints, and a line and a tombstone sharing an id
        # are caught by find_drift. Only a merge pays for the lookups.
        self.check_collisions = merge
        self.report = RestoreReport()
        self.show_slugs: dict[int, str] = {}
        self.speaker_ids: dict[str, int] = {}
        self.transcripts: list[tuple[int, str]] = []  # (episode id, path) of each transcript

    def run(self) -> None:
        for table in TABLES:
            self.table(table)
        self.utterances()
        self.table(TOMBSTONES)

    def table(self, table: Table) -> None:
        rows = self.noted(read_rows(self.directory, table))
        bar = ProgressBar(table.label, self.progress)
        total = self.manifest["files"][table.file].get("rows", 0)
        self.report.counts[table.label] = self.insert(table.file, rows, lambda n: bar(n, total))

    def noted(self, rows: Iterable[models.Model]) -> Iterator[models.Model]:
        """Each row as it goes by, noting what later files name it by."""
        for row in rows:
            if isinstance(row, Show):
                self.show_slugs[row.pk] = row.slug
            elif isinstance(row, Speaker):
                self.speaker_ids[row.slug] = row.pk
            elif isinstance(row, SpeakerAlias):
                row.key = name_key(row.name)  # derived, so not exported (as SpeakerAlias.build)
            elif isinstance(row, Episode):
                if row.show_id not in self.show_slugs:
                    raise PortableError(f"episode {row.pk}'s show {row.show_id} is not exported")
                path = transcript_path(self.show_slugs[row.show_id], row.slug)
                if path in self.manifest["files"]:
                    self.transcripts.append((row.pk, path))
            yield row

    def utterances(self) -> None:
        self._refuse_orphan_transcripts()
        total = self.manifest["counts"].get("utterances", 0)
        bar = ProgressBar("utterances", self.progress)
        count = self.insert("transcripts", self.lines(), lambda n: bar(n, total))
        self.report.counts["utterances"] = count

    def lines(self) -> Iterator[Utterance]:
        """Every transcript's lines in turn; one file in memory at a time."""
        for episode_id, name in self.transcripts:
            text = inside(self.directory, name).read_text(encoding="utf-8")
            yield from read_utterances(
                text, episode_id=episode_id, speaker_ids=self.speaker_ids, where=name
            )

    def insert(self, where: str, rows: Iterable[models.Model], progress) -> int:
        """``bulk_create`` in batches, ids as given; when merging, a batch holding an
        id or slug already taken here is refused."""
        done, rows = 0, iter(rows)
        while batch := list(islice(rows, BATCH)):
            collision = self.check_collisions and first_collision(batch)
            if collision:
                raise PortableError(f"{where}: {collision}; nothing was imported")
            type(batch[0]).objects.bulk_create(batch)
            done += len(batch)
            progress(done)
        return done

    def _refuse_orphan_transcripts(self) -> None:
        claimed = {name for _, name in self.transcripts}
        for name in self.manifest["files"]:
            if name.startswith(f"{TRANSCRIPTS}/") and name not in claimed:
                raise PortableError(f"{name} belongs to no episode in episodes.jsonl")


def _refuse_unless_empty() -> None:
    for model in ARCHIVE_MODELS:
        if model.objects.exists():
            raise PortableError(
                f"this database already holds {model._meta.verbose_name_plural}: restore into "
                "an empty one (after migrate), or pass --merge to add this archive to it"
            )


def _refuse_drift() -> None:
    drift = find_drift()
    if drift:
        sample = "; ".join(str(item) for item in drift[:5])
        raise PortableError(
            f"the restored archive does not add up ({len(drift)} problems, e.g. {sample}); "
            "nothing was imported"
        )


@contextmanager
def _keeping_timestamps() -> Iterator[None]:
    """Let ``bulk_create`` keep the exported ``auto_now``/``auto_now_add`` values.

    Those fields stamp "now" on every insert (``pre_save``), which would turn
    every ``created_at`` and tombstone's ``removed_at`` into the restore's
    time. The flags are switched off on the archive's models only for the
    restore and always switched back; nothing else saves in this process then.
    """
    stamped = [
        (column, column.auto_now, column.auto_now_add)
        for model in ARCHIVE_MODELS
        for column in model._meta.concrete_fields
        if getattr(column, "auto_now", False) or getattr(column, "auto_now_add", False)
    ]
    for column, _, _ in stamped:
        column.auto_now = column.auto_now_add = False
    try:
        yield
    finally:
        for column, auto_now, auto_now_add in stamped:
            column.auto_now, column.auto_now_add = auto_now, auto_now_add
