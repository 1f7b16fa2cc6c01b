"""The whole archive in open formats, out of one database and into another.

``export_archive(directory)`` writes it; ``restore_archive(directory)`` brings
it back with every quote id, slug and tombstone, on SQLite or PostgreSQL
alike, so every permalink survives a move. The layout:

- ``manifest.json``: format and version, when, the app's version, counts, and
  every file's row count and SHA-256;
- one JSON Lines file per table (``layout.TABLES``, and ``tombstones.jsonl``);
- ``transcripts/<show-slug>/<episode-slug>.json``: each transcribed episode as
  Podcasting 2.0 JSON, speakers named, each segment carrying its quote id
  (``transcripts``).
"""

from .export import ExportReport, export_archive
from .layout import PortableError
from .restore import RestoreReport, restore_archive

__all__ = ["ExportReport", "PortableError", "RestoreReport", "export_archive", "restore_archive"]
