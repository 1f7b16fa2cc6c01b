"""Write the whole archive to a directory in open formats (``manage.py export_archive``).

Everything is read inside one transaction (REPEATABLE READ on PostgreSQL), so
the files agree with each other even while curators keep working. Tables and
utterances are streamed ``FETCH`` rows per fetch; only one episode's lines are
held at a time. The manifest is written last: a directory without one is an
export that did not finish, and ``import_archive`` refuses it.
"""

from __future__ import annotations

import importlib.metadata
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import TextIO

from django.db import connection, transaction
from django.utils import timezone

from speakers.models import Speaker

from ..models import Episode, Utterance
from ..progress import ProgressBar
from .layout import (
    FETCH,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    TABLES,
    TOMBSTONES,
    PortableError,
    Table,
    encode_row,
    inside,
    sha256_of,
    transcript_path,
)
from .transcripts import LINE_FIELDS, transcript_document


@dataclass(frozen=True)
class ExportReport:
    directory: Path
    manifest: dict

    def lines(self) -> list[str]:
        counts = ", ".join(
            f"{n:,} {name.replace('_', ' ')}" for name, n in self.manifest["counts"].items()
        )
        return [f"Exported to {self.directory}: {counts}."]


def export_archive(directory: Path, *, progress: TextIO | None = None) -> ExportReport:
    """Write every show, episode, speaker (aliases, links, slug redirects), appearance,
    utterance and tombstone under ``directory``, which must be new or empty.

    ``progress`` is where each table's progress bar is drawn (when a terminal).
    Reads each table once; writes one file per table and per transcribed episode.
    """
    _prepare(directory)
    files: dict[str, dict] = {}
    with _snapshot():
        for table in (*TABLES, TOMBSTONES):
            files[table.file] = _write_table(directory, table, progress)
        files.update(_write_transcripts(directory, progress))
    manifest = _manifest(files)
    (directory / MANIFEST).write_text(
        json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return ExportReport(directory, manifest)


def app_version() -> str:
    try:
        return importlib.metadata.version("podcast-archive")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _prepare(directory: Path) -> None:
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise PortableError(f"{directory} is not an empty directory: export into a new one")
    directory.mkdir(parents=True, exist_ok=True)


@contextmanager
def _snapshot() -> Iterator[None]:
    """One moment's data for every table. (Inside a caller's transaction, that one's.)"""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _write_table(directory: Path, table: Table, progress: TextIO | None) -> dict:
    rows = table.model.objects.order_by("pk")
    total, bar = rows.count(), ProgressBar(table.label, progress)
    path = directory / table.file
    with path.open("w", encoding="utf-8") as out:
        for done, row in enumerate(
            rows.values(*table.attnames).iterator(chunk_size=FETCH), start=1
        ):
            out.write(encode_row(row))
            if done % FETCH == 0 or done == total:
                bar(done, total)
    return {"rows": total, "sha256": sha256_of(path)}


def _write_transcripts(directory: Path, progress: TextIO | None) -> dict[str, dict]:
    """One Podcasting 2.0 file per episode with lines, from one ordered pass over them all.

    The utterance_sequence index (episode, sequence) serves the order.
    """
    paths = {pk: transcript_path(show, slug) for pk, show, slug in _episode_slugs()}
    speakers = {
        pk: (name, slug) for pk, name, slug in Speaker.objects.values_list("pk", "name", "slug")
    }
    lines = Utterance.objects.order_by("episode_id", "sequence").values(*LINE_FIELDS, "text")
    total, done, bar = lines.count(), 0, ProgressBar("utterances", progress)
    files = {}
    for episode_id, group in groupby(
        lines.iterator(chunk_size=FETCH), key=itemgetter("episode_id")
    ):
        group = list(group)
        path = inside(directory, paths[episode_id])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(transcript_document(group, speakers), encoding="utf-8")
        files[paths[episode_id]] = {"rows": len(group), "sha256": sha256_of(path)}
        done += len(group)
        bar(done, total)
    return files


def _episode_slugs():
    return (
        Episode.objects.order_by()
        .values_list("pk", "show__slug", "slug")
        .iterator(chunk_size=FETCH)
    )


def _manifest(files: dict[str, dict]) -> dict:
    transcripts = {name: entry for name, entry in files.items() if name not in _TABLE_FILES}
    counts = {table.file.removesuffix(".jsonl"): files[table.file]["rows"] for table in TABLES}
    counts["utterances"] = sum(entry["rows"] for entry in transcripts.values())
    counts["tombstones"] = files[TOMBSTONES.file]["rows"]
    counts["transcripts"] = len(transcripts)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "app_version": app_version(),
        "counts": counts,
        "files": files,
    }


_TABLE_FILES = frozenset(table.file for table in (*TABLES, TOMBSTONES))
