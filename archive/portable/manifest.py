"""Reading an export's manifest and proving its files are the ones that were exported.

A restore reads only files the manifest lists, and only after every one of
them matched its SHA-256, so a truncated copy or a hand-edited file is
refused (named) before anything is written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from ..progress import ProgressBar
from .layout import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    TABLES,
    TOMBSTONES,
    PortableError,
    inside,
    sha256_of,
)


def read_manifest(directory: Path) -> dict:
    """The manifest, refused unless it is one of ours, of a version this code reads."""
    path = directory / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PortableError(
            f"{directory} has no {MANIFEST}: not an export, or one that did not finish"
        ) from None
    except (OSError, ValueError) as error:
        raise PortableError(f"{path}: cannot be read ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PortableError(f"{path}: not an archive export (no format {FORMAT!r})")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise PortableError(
            f"{path}: format version {manifest.get('format_version')!r}; "
            f"this version of the app reads version {FORMAT_VERSION}"
        )
    _check_file_list(manifest, path)
    return manifest


def verify_checksums(directory: Path, manifest: dict, progress: TextIO | None = None) -> None:
    """Refuse, naming the first, a listed file that is missing or differs from its checksum.

    Reads every file once, in full.
    """
    files = manifest["files"]
    bar = ProgressBar("checksums", progress)
    for done, (name, entry) in enumerate(sorted(files.items()), start=1):
        path = inside(directory, name)
        if not path.is_file():
            raise PortableError(f"{name} is missing from {directory}")
        if sha256_of(path) != entry["sha256"]:
            raise PortableError(
                f"{name} does not match its checksum in {MANIFEST}: it changed or was "
                "damaged since the export; nothing was imported"
            )
        bar(done, len(files))


def _check_file_list(manifest: dict, path: Path) -> None:
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(
        isinstance(entry, dict) and isinstance(entry.get("sha256"), str) for entry in files.values()
    ):
        raise PortableError(f"{path}: its file list is damaged")
    for table in (*TABLES, TOMBSTONES):
        if table.file not in files:
            raise PortableError(f"{path}: lists no {table.file}")
