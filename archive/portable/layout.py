"""What an export directory holds and how a row is written: shared by export and restore.

Every table is a JSON Lines file (one object per line, keys sorted, rows by
id), so both sides stream it in constant memory and two exports of the same
archive are byte-for-byte equal whichever database wrote them. A row holds
every concrete column under its attribute name (``show_id``, not ``show``)
except what is derived and recomputed on restore (an alias's ``key``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from django.db import models

from speakers.models import Speaker, SpeakerAlias, SpeakerLink, SpeakerSlugRedirect

from ..models import Appearance, Episode, RemovedUtterance, Show, Utterance

FORMAT = "podcast-archive-export"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
TRANSCRIPTS = "transcripts"
# Rows per fetch when streaming a table out.
FETCH = 2000
# Rows per bulk_create (Django splits it further to fit SQLite's 999 parameters).
BATCH = 2000


class PortableError(Exception):
    """An export or restore refused, with a message that says what to do."""


@dataclass(frozen=True)
class Table:
    """One model as one JSON Lines file. ``derived`` columns are left out and recomputed."""

    file: str
    model: type[models.Model]
    derived: frozenset[str] = field(default_factory=frozenset)

    @property
    def label(self) -> str:
        return self.file.removesuffix(".jsonl").replace("_", " ")

    @property
    def columns(self) -> list[models.Field]:
        return [f for f in self.model._meta.concrete_fields if f.attname not in self.derived]

    @property
    def attnames(self) -> list[str]:
        return [column.attname for column in self.columns]


# In restore order: everything a row refers to comes before it. Utterances are
# not a table here; they travel in the transcripts (``transcripts.py``), between
# appearances and tombstones.
TABLES = (
    Table("shows.jsonl", Show),
    Table("speakers.jsonl", Speaker),
    Table("speaker_aliases.jsonl", SpeakerAlias, derived=frozenset({"key"})),
    Table("speaker_links.jsonl", SpeakerLink),
    Table("speaker_slug_redirects.jsonl", SpeakerSlugRedirect),
    Table("episodes.jsonl", Episode),
    Table("appearances.jsonl", Appearance),
)
TOMBSTONES = Table("tombstones.jsonl", RemovedUtterance)
# Every model an export carries: what "an empty database" means to a restore.
ARCHIVE_MODELS = (*(table.model for table in TABLES), Utterance, RemovedUtterance)


def transcript_path(show_slug: str, episode_slug: str) -> str:
    """``transcripts/<show-slug>/<episode-slug>.json``; a slug that is not a safe file name
    (never one the app makes) is percent-encoded, the same way on both sides."""
    return f"{TRANSCRIPTS}/{quote(show_slug, safe='')}/{quote(episode_slug, safe='')}.json"


def encode_row(row: dict) -> str:
    """One JSON line: keys sorted, datetimes in full ISO 8601 (microseconds and offset kept).

    Sorted keys matter for ``feed_values``, too: PostgreSQL's jsonb reorders an
    object's keys, SQLite keeps them as written, and the two exports must agree.
    """
    return json.dumps(row, default=_iso, ensure_ascii=False, sort_keys=True) + "\n"


def decode_row(table: Table, line: str, where: str) -> models.Model:
    """An unsaved ``table.model`` from one JSON line, each value through its field's
    ``to_python``. A column this version does not know is refused (a newer export)."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise PortableError(f"{where}: not valid JSON ({error.msg})") from None
    columns = {column.attname: column for column in table.columns}
    unknown = sorted(set(row) - set(columns))
    if unknown:
        raise PortableError(f"{where}: unknown column {unknown[0]!r} (from a newer version?)")
    try:
        values = {name: columns[name].to_python(value) for name, value in row.items()}
    except Exception as error:  # ValidationError, TypeError: a hand-edited value
        raise PortableError(f"{where}: {error}") from None
    return table.model(**values)


def read_rows(directory: Path, table: Table) -> Iterator[models.Model]:
    """Stream ``table``'s file as unsaved model instances, one line at a time."""
    with (directory / table.file).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                yield decode_row(table, line, f"{table.file} line {number}")


def sha256_of(path: Path) -> str:
    """The file's SHA-256 in hex, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while block := data.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def inside(directory: Path, name: str) -> Path:
    """``directory / name`` for a manifest's relative POSIX path; refuses one that could
    reach outside the export (absolute, ``..``, backslashes)."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or not path.parts:
        raise PortableError(f"{MANIFEST}: {name!r} is not a path inside the export")
    return directory.joinpath(*path.parts)


def _iso(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
