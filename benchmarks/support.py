"""What every benchmark script shares: a throwaway database, and WebVTT built from lines."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def on_test_database(run: Callable[[], None]) -> None:
    """Set Django up and call ``run`` on a test database made for it, dropped afterwards.

    The database is whatever DATABASE_URL selects (SQLite by default), so a
    benchmark never touches real data.
    """
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database: {connection.vendor}")
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def webvtt(cues: Iterable[tuple[str, int, int, str]]) -> bytes:
    """A WebVTT file from ``(voice, start_ms, end_ms, text)`` cues."""
    lines = ["WEBVTT", ""]
    for voice, start, end, text in cues:
        lines += [f"{clock(start)} --> {clock(end)}", f"<v {voice}>{text}", ""]
    return "\n".join(lines).encode()


def clock(ms: int) -> str:
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02}:{minutes:02}:{seconds:02}.{millis:03}"
