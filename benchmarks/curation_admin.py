"""The curation admin on a three-hour episode: time and queries per page and action.

Runs the real views through Django's test client against a throwaway test
database on whatever DATABASE_URL selects (SQLite by default):

    .venv/bin/python benchmarks/curation_admin.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
        .venv/bin/python benchmarks/curation_admin.py

A curator uploads a diarized 3,000-turn WebVTT file ("Speaker 1".."Speaker 4"),
previews it, maps the labels and confirms; then replaces it with a copy in
which every tenth line is corrected, opens the admin pages, attributes a whole
label, and merges two speakers. Numbers, not assertions.
"""

from __future__ import annotations

import time

from support import on_test_database, webvtt

TURNS = 3000


def diarized_vtt(turns: int, corrected_every: int = 0) -> bytes:
    def text(number):
        fixed = " (corrected)" if corrected_every and number % corrected_every == 0 else ""
        return (
            f"Line {number} of a long conversation{fixed}, with enough words to read like a turn."
        )

    return webvtt(
        (f"Speaker {n % 4 + 1}", n * 3600, n * 3600 + 3000, text(n)) for n in range(turns)
    )


def measure(label, call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = call()
        elapsed = time.perf_counter() - started
    status = getattr(response, "status_code", "")
    print(f"{label:52} {elapsed * 1000:>9.0f} {len(queries):>8} {status:>6}")
    return response


def mapping(page, **by_label):
    formset = page.context["formset"]
    data = {f"form-{key}": value for key, value in formset.management_form.initial.items()}
    for index, form in enumerate(formset.forms):
        label = form.initial["label"]
        action, speaker, name = by_label.get(label, ("nobody", "", ""))
        data |= {
            f"form-{index}-label": label,
            f"form-{index}-action": action,
            f"form-{index}-speaker": speaker,
            f"form-{index}-new_name": name,
        }
    return data


def run() -> None:
    from django.contrib.auth.models import Group, Permission, User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from archive import curation
    from archive.curation.audit import find_drift
    from archive.models import Episode, Role, Show
    from archive.permissions import ensure_curators_group
    from speakers.models import Speaker

    curator = User.objects.create_user("bench", password="x", is_staff=True)
    curator.groups.add(ensure_curators_group(Group, Permission))
    client = Client()
    client.force_login(curator)
    show = Show.objects.create(slug="bench", title="Bench")
    episode = Episode.objects.create(show=show, guid="g", slug="long", title="Three hours")
    host = Speaker.objects.create(name="Ada Host", slug="ada-host")
    twin = Speaker.objects.create(name="Ada H.", slug="ada-h")

    curation.credit(episode, host, Role.HOST)
    upload_url = reverse("admin:archive_episode_upload_transcript", args=[episode.pk])
    print(f"{'step (' + str(TURNS) + ' turns)':52} {'ms':>9} {'queries':>8} {'status':>6}")

    for label, data in (
        ("first upload", diarized_vtt(TURNS)),
        ("replacement", diarized_vtt(TURNS, 10)),
    ):
        file = SimpleUploadedFile("long.vtt", data)
        response = measure(
            f"{label}: upload (read, stage)",
            lambda file=file: client.post(upload_url, {"file": file, "max_gap_seconds": "0"}),
        )
        preview_url = response.url
        page = measure(
            f"{label}: preview (rehearsed import)", lambda url=preview_url: client.get(url)
        )
        changes = page.context["preview"].changes
        print(
            f"{'':4}preview says: {changes.created} added, {changes.updated} changed, "
            f"{changes.removed} removed, {changes.unchanged} unchanged"
        )
        chosen = mapping(
            page,
            **{"Speaker 1": ("existing", host.pk, ""), "Speaker 2": ("new", "", "Bo Guest")},
        )
        measure(
            f"{label}: confirm (import)",
            lambda url=preview_url, chosen=chosen: client.post(url, {**chosen, "_confirm": "1"}),
        )

    lines = reverse("admin:archive_utterance_changelist")
    pages = [
        ("episode list", reverse("admin:archive_episode_changelist")),
        ("episode change page", reverse("admin:archive_episode_change", args=[episode.pk])),
        ("episode's lines, one label", f"{lines}?episode={episode.pk}&label=Speaker+3"),
        ("episode's lines, text search", f"{lines}?episode={episode.pk}&q=%22Line+2999%22"),
        ("episode delete confirmation", reverse("admin:archive_episode_delete", args=[episode.pk])),
        ("speaker list", reverse("admin:speakers_speaker_changelist")),
        ("speaker change page", reverse("admin:speakers_speaker_change", args=[host.pk])),
    ]
    for label, url in pages:
        measure(label, lambda url=url: client.get(url))

    first = episode.utterances.filter(speaker_label="Speaker 3").first()
    measure(
        "attribute every 'Speaker 3' line (750) to a speaker",
        lambda: client.post(
            f"{lines}?episode={episode.pk}",
            {
                "action": "reattribute_selected",
                "_selected_action": [first.pk],
                "apply": "1",
                "speaker": twin.pk,
                "same_label": "on",
            },
        ),
    )
    merge = {
        "action": "merge_selected",
        "_selected_action": [host.pk, twin.pk],
        "survivor": host.pk,
    }
    changelist = reverse("admin:speakers_speaker_changelist")
    measure("merge confirmation page", lambda: client.post(changelist, merge))
    measure("merge (1,500 lines move)", lambda: client.post(changelist, {**merge, "apply": "1"}))
    started = time.perf_counter()
    drift = find_drift()
    print(
        f"{'check_archive recount':52} {(time.perf_counter() - started) * 1000:>9.0f}"
        f"   drift: {len(drift)}"
    )


if __name__ == "__main__":
    on_test_database(run)
