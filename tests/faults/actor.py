"""The other processes of the fault tests: ``python -m tests.faults.actor COMMAND [ARGS]``.

Each works on the database DATABASE_URL names (a scratch database, tests/faults/scratch.py)
and prints its answer as JSON on the last line of stdout:

- ``seed [TRANSCRIPT]``: a show and a published episode, with TRANSCRIPT imported through
  the import service if given; ``{"episode": "SHOW/EPISODE", "id": ID, "state": STATE}``.
- ``state SHOW/EPISODE``: everything an import writes for the episode, and check_archive's
  drift (``find_drift``) over the whole archive.
- ``read SHOW/EPISODE STOP_FILE``: a visitor. Requests the public pages (and counts the
  episode's lines) in a loop until STOP_FILE exists; prints ``ready`` after the first round,
  then ``{"requests": [[path, started, ended, status, error], ...], "line_counts": [...]}``.
- ``meet NAME STOP_FILE``: an import half-way through, as far as speakers go: creates the
  person NAME the way an import does, prints ``ready``, and commits once STOP_FILE exists;
  ``{"created": [NAME...]}``.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

SHOW, EPISODE = "fault-show", "fault-episode"


def seed(transcript: str = "") -> dict:
    from archive.ingest import import_transcript_file
    from archive.models import Episode, Show

    show = Show.objects.create(title="Fault Show", slug=SHOW)
    episode = Episode.objects.create(
        show=show,
        title="Fault Episode",
        slug=EPISODE,
        guid=EPISODE,
        published_at=datetime(2024, 1, 1, tzinfo=UTC),
    )
    if transcript:
        path = Path(transcript)
        import_transcript_file(episode, path.read_bytes(), source=path.name)
    reference = f"{SHOW}/{EPISODE}"
    return {"episode": reference, "id": episode.pk, "state": state(reference)}


def state(reference: str) -> dict:
    from archive.curation.audit import find_drift
    from archive.models import Appearance, RemovedUtterance
    from speakers.models import Speaker

    episode = _episode(reference)
    lines = episode.utterances.order_by("sequence")
    appearances = Appearance.objects.filter(episode=episode).order_by("speaker__name")
    return {
        "lines": list(lines.values_list("pk", "sequence", "speaker_label", "speaker_id", "text")),
        "transcript_hash": episode.transcript_hash,
        "appearances": list(
            appearances.values_list("speaker__name", "role", "utterance_count", "word_count")
        ),
        "speakers": sorted(Speaker.objects.values_list("name", flat=True)),
        "tombstones": sorted(RemovedUtterance.objects.values_list("pk", flat=True)),
        "drift": [str(drift) for drift in find_drift()],
    }


def read(reference: str, stop_file: str) -> dict:
    """Visit public pages until told to stop; every failure is recorded, none is raised."""
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from archive.models import Utterance

    setup_test_environment()  # lets the test client's "testserver" host in
    episode = _episode(reference)
    paths = [
        reverse("archive:home"),
        reverse("speakers:index"),
        reverse("archive:shows"),
        reverse("archive:show", args=[SHOW]),
        episode.get_absolute_url(),
        reverse("archive:search") + "?q=line",
        reverse("api:episode-detail", args=[SHOW, EPISODE]),
    ]
    client, stop = Client(), Path(stop_file)
    requests, line_counts = [], set()
    for number, path in enumerate(itertools.cycle(paths), start=1):
        if stop.exists():
            break
        requests.append(_visit(client, path))
        time.sleep(0.02)  # a visitor, not a load test: leave the writer some CPU
        if number % len(paths) == 0:
            try:
                line_counts.add(Utterance.objects.filter(episode=episode).count())
            except Exception as exception:
                requests.append(["count", time.time(), time.time(), 0, str(exception)])
        if number == len(paths):
            print("ready", flush=True)
    return {"requests": requests, "line_counts": sorted(line_counts)}


def meet(name: str, stop_file: str) -> dict:
    from django.db import transaction

    from speakers.resolve import get_or_create_speakers

    with transaction.atomic():
        _, created = get_or_create_speakers([name])
        print("ready", flush=True)
        while not Path(stop_file).exists():
            time.sleep(0.05)
    return {"created": [speaker.name for speaker in created]}


def _visit(client, path: str) -> list:
    started, status, error = time.time(), 0, ""
    try:
        status = client.get(path).status_code
    except Exception as exception:  # the very thing under test: record it, go on
        error = f"{type(exception).__name__}: {exception}"
    return [path, started, time.time(), status, error]


def _episode(reference: str):
    from archive.models import Episode

    show, _, slug = reference.partition("/")
    return Episode.objects.select_related("show").get(show__slug=show, slug=slug)


COMMANDS = {"seed": seed, "state": state, "read": read, "meet": meet}


def main(argv: list[str]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    command, *args = argv
    print(json.dumps(COMMANDS[command](*args)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
