"""The admin: every changelist at two data sizes, and the transcript upload view."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.models import RemovedUtterance, Role, Utterance
from speakers.models import SpeakerAlias
from tests.factories import (
    make_appearance,
    make_episode,
    make_show,
    make_speaker,
    make_utterance,
    vtt,
)

pytestmark = pytest.mark.django_db


def populate(size):
    show = make_show()
    for _ in range(size):
        episode = make_episode(show)
        speaker = make_speaker()
        make_appearance(episode, speaker, role=Role.GUEST)
        for _ in range(3):
            make_utterance(episode, speaker)


CHANGELISTS = [
    "admin:archive_show_changelist",
    "admin:archive_episode_changelist",
    "admin:archive_appearance_changelist",
    "admin:archive_utterance_changelist",
    "admin:speakers_speaker_changelist",
    "admin:speakers_speakeralias_changelist",
    "admin:archive_removedutterance_changelist",
]


@pytest.mark.parametrize("url_name", CHANGELISTS)
def test_changelist_queries_do_not_grow_per_row(
    admin_client, django_assert_max_num_queries, url_name
):
    populate(2)
    with django_assert_max_num_queries(12) as small:
        assert admin_client.get(reverse(url_name)).status_code == 200
    populate(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert admin_client.get(reverse(url_name)).status_code == 200


def test_episode_change_page_links_to_the_import(admin_client):
    episode = make_episode()

    page = admin_client.get(reverse("admin:archive_episode_change", args=[episode.pk]))

    assert (
        reverse("admin:archive_episode_import_transcript", args=[episode.pk])
        in page.content.decode()
    )


def upload(admin_client, episode, data, name="episode.vtt", **fields):
    url = reverse("admin:archive_episode_import_transcript", args=[episode.pk])
    payload = {"file": SimpleUploadedFile(name, data), "max_gap_seconds": "60", **fields}
    return admin_client.post(url, payload, follow=True)


def test_staff_upload_imports_and_maps_speakers(admin_client):
    episode = make_episode()
    jane = make_speaker("Jane Doe")
    data = vtt(("Speaker 1", 0, 1000, "Hello."), ("Speaker 2", 1000, 2000, "Hi."))

    response = upload(admin_client, episode, data, speaker_map=f"Speaker 1={jane.slug}")

    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("2 created" in m for m in messages)
    assert Utterance.objects.get(speaker_label="Speaker 1").speaker == jane
    assert Utterance.objects.get(speaker_label="Speaker 2").speaker is None


def test_upload_error_is_shown_and_nothing_written(admin_client):
    episode = make_episode()

    response = upload(
        admin_client, episode, b"WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nBackwards.\n"
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert "episode.vtt: cue 1" in errors[0]
    assert "before it starts" in errors[0]
    assert not Utterance.objects.exists()


def test_upload_dry_run_writes_nothing(admin_client):
    episode = make_episode()

    response = upload(admin_client, episode, vtt(("Ada", 0, 1000, "Hello.")), dry_run="on")

    assert any("would import" in str(m) for m in response.context["messages"])
    assert not Utterance.objects.exists()


def test_bad_speaker_map_line_is_named(admin_client):
    episode = make_episode()

    response = upload(
        admin_client, episode, vtt(("Ada", 0, 1000, "Hello.")), speaker_map="A=B\nnonsense"
    )

    assert "Line 2" in response.context["form"].errors["speaker_map"][0]


def test_alias_added_in_admin_gets_its_key(admin_client):
    speaker = make_speaker("Siobhán O'Neill")
    url = reverse("admin:speakers_speakeralias_add")

    admin_client.post(url, {"speaker": speaker.pk, "name": "Siobhan  O'Neil"})

    assert SpeakerAlias.objects.get(name="Siobhan  O'Neil").key == "siobhan o'neil"


def test_curator_text_fix_keeps_word_counts_exact(admin_client):
    episode = make_episode()
    speaker = make_speaker()
    make_appearance(episode, speaker, utterance_count=1, word_count=2)
    line = make_utterance(episode, speaker, text="Two words", start_ms=0)
    url = reverse("admin:archive_utterance_change", args=[line.pk])

    admin_client.post(
        url,
        {
            "episode": episode.pk,
            "speaker": speaker.pk,
            "speaker_label": line.speaker_label,
            "sequence": 0,
            "start_ms": 0,
            "text": "Now there are five words",
        },
    )

    appearance = episode.appearances.get()
    assert (appearance.utterance_count, appearance.word_count) == (1, 5)


def test_deleting_lines_in_bulk_keeps_counts_exact(admin_client):
    episode = make_episode()
    speaker = make_speaker()
    make_appearance(episode, speaker, role=Role.GUEST, utterance_count=2, word_count=4)
    lines = [make_utterance(episode, speaker, text="Two words") for _ in range(2)]

    admin_client.post(
        reverse("admin:archive_utterance_changelist"),
        {"action": "delete_selected", "_selected_action": [lines[0].pk], "post": "yes"},
    )

    appearance = episode.appearances.get()
    assert (appearance.utterance_count, appearance.word_count) == (1, 2)
    assert RemovedUtterance.objects.get().pk == lines[0].pk


def test_removed_quotes_are_listed_read_only(admin_client):
    episode = make_episode()
    line = make_utterance(episode, text="A line that will go.")
    Utterance.objects.filter(pk=line.pk).delete_keeping_tombstones()

    page = admin_client.get(reverse("admin:archive_removedutterance_changelist"))

    assert "A line that will go." in page.content.decode()
    assert admin_client.get(reverse("admin:archive_removedutterance_add")).status_code == 403
