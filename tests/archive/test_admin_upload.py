"""Uploading a transcript in the admin: file, preview, speaker mapping, confirmation."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.models import Role, StagedTranscript, Utterance
from speakers.models import Speaker
from tests.factories import (
    make_appearance,
    make_episode,
    make_speaker,
    make_staff,
    vtt,
)

pytestmark = pytest.mark.django_db

PODNEWS = "vtt_podnews-weekly-2024-01-19_speaker-n_seconds-only.vtt"


def upload(client, episode, data, name="episode.vtt", **fields):
    url = reverse("admin:archive_episode_upload_transcript", args=[episode.pk])
    payload = {"file": SimpleUploadedFile(name, data), "max_gap_seconds": "60", **fields}
    return client.post(url, payload)


def staged_preview(client, episode, data, name="episode.vtt"):
    """Upload ``data`` and follow to its preview page."""
    response = upload(client, episode, data, name)
    assert response.status_code == 302, response.content.decode()[:500]
    return response.url, client.get(response.url)


def mapping(preview_page, **by_label):
    """The preview's mapping form as posted: the suggestions, with ``by_label`` overrides.

    An override is a Speaker (existing), a str (new speaker of that name) or None (nobody).
    """
    formset = preview_page.context["formset"]
    data = {f"form-{key}": value for key, value in formset.management_form.initial.items()}
    for index, form in enumerate(formset.forms):
        label = form.initial["label"]
        fields = {
            "label": label,
            "action": form.initial["action"],
            "speaker": getattr(form.initial["speaker"], "pk", ""),
            "new_name": form.initial["new_name"],
        }
        if label in by_label:
            choice = by_label[label]
            if isinstance(choice, Speaker):
                fields.update(action="existing", speaker=choice.pk)
            elif isinstance(choice, str):
                fields.update(action="new", new_name=choice)
            else:
                fields.update(action="nobody")
        data.update({f"form-{index}-{name}": value for name, value in fields.items()})
    return data


def test_episode_page_and_list_link_to_the_upload(curator_client):
    episode = make_episode()
    url = reverse("admin:archive_episode_upload_transcript", args=[episode.pk])

    change_page = curator_client.get(reverse("admin:archive_episode_change", args=[episode.pk]))
    changelist = curator_client.get(reverse("admin:archive_episode_changelist"))

    assert url in change_page.content.decode()
    assert url in changelist.content.decode()
    assert curator_client.get(url).status_code == 200


def test_upload_writes_nothing_and_previews_the_file(curator_client, corpus):
    episode = make_episode()
    james = make_speaker("James Cridland")
    make_appearance(episode, james, role=Role.HOST)

    _, page = staged_preview(curator_client, episode, (corpus / PODNEWS).read_bytes(), PODNEWS)

    assert not Utterance.objects.exists()
    preview = page.context["preview"]
    assert (preview.format_title, preview.turns) == ("WebVTT", 51)
    assert "WEBVTT" in preview.detected_because
    labels = {label.label: label for label in preview.labels}
    assert list(labels) == ["SPEAKER_1", "SPEAKER_2", "SPEAKER_3", "SPEAKER_4"]
    assert labels["SPEAKER_1"].first_line.startswith("It's Friday, the 19th of January, 2024.")
    assert sum(label.turns for label in preview.labels) == 51
    assert preview.changes.created == 51
    html = page.content.decode()
    assert "James Cridland is credited as host but no label in this file is mapped" in html
    assert "Label &#x27;SPEAKER_3&#x27; matches nobody" in html


def test_confirming_the_mapping_imports_and_attributes(curator_client, curator, corpus):
    episode = make_episode()
    james = make_speaker("James Cridland")
    make_appearance(episode, james, role=Role.HOST)
    url, page = staged_preview(curator_client, episode, (corpus / PODNEWS).read_bytes(), PODNEWS)

    data = mapping(page, SPEAKER_1=james, SPEAKER_2="Sam Sethi", SPEAKER_3=None)
    response = curator_client.post(url, {**data, "_confirm": "1"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "admin:archive_episode_change", args=[episode.pk]
    )
    sam = Speaker.objects.get(name="Sam Sethi")
    by_label = dict(episode.utterances.values_list("speaker_label", "speaker").distinct())
    assert by_label == {
        "SPEAKER_1": james.pk,
        "SPEAKER_2": sam.pk,
        "SPEAKER_3": None,
        "SPEAKER_4": None,
    }
    assert episode.appearances.get(speaker=james).utterance_count == by_label_count(
        episode, "SPEAKER_1"
    )
    assert not StagedTranscript.objects.exists()
    entry = LogEntry.objects.get(object_id=str(episode.pk))
    assert entry.user == curator
    assert f"Imported transcript {PODNEWS}; utterances: 51 created" in entry.get_change_message()
    messages = [str(m) for m in response.context["messages"]]
    assert messages[0].startswith("Imported WebVTT into ")


def by_label_count(episode, label):
    return episode.utterances.filter(speaker_label=label).count()


def test_update_preview_rehearses_the_chosen_mapping(curator_client):
    episode = make_episode()
    url, page = staged_preview(
        curator_client,
        episode,
        vtt(("Speaker 1", 0, 1000, "Hi."), ("Speaker 2", 1000, 2000, "Yo.")),
    )
    ada = make_speaker("Ada Okafor")

    again = curator_client.post(url, {**mapping(page, **{"Speaker 1": ada}), "_preview": "1"})

    assert again.status_code == 200
    warnings = again.context["preview"].warnings
    assert any("'Speaker 2' matches nobody" in w for w in warnings)
    assert not any("'Speaker 1'" in w for w in warnings)
    assert not Utterance.objects.exists()


def test_a_named_label_suggests_the_credited_person_before_a_namesake(curator_client):
    make_speaker("Jane Doe")  # owns the alias "Jane Doe"
    credited = Speaker.objects.create(name="Jane Doe", slug="jane-doe-2", disambiguation="poet")
    episode = make_episode()
    make_appearance(episode, credited, role=Role.GUEST)

    _, page = staged_preview(curator_client, episode, vtt(("Jane Doe", 0, 1000, "Hello.")))

    (label,) = page.context["preview"].labels
    assert label.suggestion.speaker == credited
    assert label.reason == "credited on this episode"


def test_new_speaker_is_created_even_when_the_name_is_taken(curator_client):
    existing = make_speaker("Jane Doe")
    episode = make_episode()
    url, page = staged_preview(curator_client, episode, vtt(("Speaker 1", 0, 1000, "Hello.")))

    curator_client.post(url, {**mapping(page, **{"Speaker 1": "Jane Doe"}), "_confirm": "1"})

    speaker = Utterance.objects.get().speaker
    assert speaker.name == "Jane Doe" and speaker != existing


def test_replacing_shows_what_changes_and_keeps_permalinks(curator_client):
    episode = make_episode()
    first = vtt(
        ("Ada", 0, 1000, "Hello there."), ("Bo", 1000, 2000, "Hi Ada."), ("Ada", 2000, 3000, "Bye.")
    )
    url, page = staged_preview(curator_client, episode, first)
    curator_client.post(url, {**mapping(page), "_confirm": "1"})
    kept = Utterance.objects.get(text="Hello there.").pk

    second = vtt(
        ("Ada", 0, 1000, "Hello there."),
        ("Bo", 1000, 2000, "Hi, Ada!"),
        ("Ada", 5000, 6000, "Something else entirely."),
    )
    url, page = staged_preview(curator_client, episode, second)

    changes = page.context["preview"].changes
    assert (changes.created, changes.updated, changes.removed, changes.unchanged) == (1, 1, 1, 1)
    assert changes.updated_examples == [("Hi Ada.", "Hi, Ada!")]
    assert changes.removed_examples == ["Bye."]
    assert "What the replacement changes" in page.content.decode()
    curator_client.post(url, {**mapping(page), "_confirm": "1"})
    assert Utterance.objects.get(text="Hello there.").pk == kept


def test_a_line_reattributed_by_hand_survives_a_reimport_with_the_suggestions(curator_client):
    episode = make_episode()
    ada, bo = make_speaker("Ada"), make_speaker("Bo")
    data = vtt(("Ada", 0, 1000, "One."), ("Bo", 1000, 2000, "Two."), ("Ada", 2000, 3000, "Three."))
    url, page = staged_preview(curator_client, episode, data)
    curator_client.post(url, {**mapping(page), "_confirm": "1"})
    Utterance.objects.filter(text="Three.").update(speaker=bo)  # as if fixed by hand

    url, page = staged_preview(curator_client, episode, data)
    curator_client.post(url, {**mapping(page), "_confirm": "1"})

    assert Utterance.objects.get(text="Three.").speaker == bo
    assert Utterance.objects.get(text="One.").speaker == ada


def test_a_broken_file_names_the_cue_and_nothing_is_staged(curator_client):
    episode = make_episode()

    response = upload(
        curator_client, episode, b"WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nBackwards.\n"
    )

    assert response.status_code == 200
    (error,) = response.context["form"].errors["file"]
    assert "episode.vtt: cue 1" in error and "before it starts" in error
    assert not StagedTranscript.objects.exists()


def test_an_existing_speaker_must_be_chosen(curator_client):
    episode = make_episode()
    url, page = staged_preview(curator_client, episode, vtt(("Speaker 1", 0, 1000, "Hi.")))
    data = mapping(page)
    data["form-0-action"] = "existing"

    response = curator_client.post(url, {**data, "_confirm": "1"})

    assert response.status_code == 200
    assert "Choose the speaker" in response.content.decode()
    assert not Utterance.objects.exists()


def test_a_database_refusal_is_shown_and_nothing_saved(curator_client, monkeypatch):
    from django.db import DatabaseError

    from archive.admin import uploads

    def refuse(*args, **kwargs):
        raise DatabaseError("disk full")

    episode = make_episode()
    url, page = staged_preview(curator_client, episode, vtt(("Ada", 0, 1000, "Hello.")))
    monkeypatch.setattr(uploads, "confirm", refuse)

    response = curator_client.post(url, {**mapping(page), "_confirm": "1"}, follow=True)

    assert "Nothing was saved: disk full" in response.content.decode()
    assert StagedTranscript.objects.exists()


def test_another_curators_upload_is_not_theirs_to_confirm(curator_client, client):
    episode = make_episode()
    url, _ = staged_preview(curator_client, episode, vtt(("Ada", 0, 1000, "Hello.")))
    client.force_login(make_staff(curator=True))

    assert client.get(url).status_code == 404


def test_a_mapping_for_other_labels_starts_the_mapping_over(curator_client):
    episode = make_episode()
    url, _ = staged_preview(curator_client, episode, vtt(("Speaker 1", 0, 1000, "Hi.")))
    forged = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0", "_confirm": "1"}

    response = curator_client.post(url, forged)

    assert response.status_code == 200
    assert [form.initial["label"] for form in response.context["formset"].forms] == ["Speaker 1"]
    assert not Utterance.objects.exists()
