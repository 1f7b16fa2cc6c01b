"""Curating in the admin: one episode's lines, attribution, merges, publishing, fixes."""

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.urls import reverse

from archive import curation
from archive.models import Episode, Role, Utterance
from speakers.models import Speaker
from tests.factories import make_appearance, make_episode, make_long_episode, make_speaker

pytestmark = pytest.mark.django_db

LINES = reverse("admin:archive_utterance_changelist")


@pytest.fixture
def episode():
    return make_long_episode(9, [make_speaker("Ada"), make_speaker("Bo")])


def test_episode_page_summarises_labels_and_links_to_their_lines(curator_client, episode):
    page = curator_client.get(reverse("admin:archive_episode_change", args=[episode.pk]))

    html = page.content.decode()
    assert f'href="{LINES}?episode={episode.pk}&amp;label=Speaker+9"' in html
    assert "Speaker 9</a>: 3 lines, 3 unattributed" in html
    assert "The item's guid in the feed, unique within a show." in html  # rendered |safe


def test_lines_page_offers_only_that_episodes_labels_and_people(curator_client, episode):
    other = make_long_episode(3, [make_speaker("Cy")])

    response = curator_client.get(LINES, {"episode": episode.pk})

    filters = {
        spec.title: [title for _, title in spec.lookup_choices]
        for spec in response.context["cl"].filter_specs
    }
    assert filters["speaker label"] == ["Ada", "Bo", "Speaker 9"]
    assert filters["speaker"] == ["Ada", "Bo", "Unattributed"]
    assert all(u.episode_id == episode.pk for u in response.context["cl"].result_list)
    assert other.utterances.exists()


def test_attributing_one_line_with_its_whole_label(curator_client, curator, episode):
    cy = make_speaker("Cy")
    one = episode.utterances.filter(speaker_label="Speaker 9").first()
    data = {
        "action": "reattribute_selected",
        "_selected_action": [one.pk],
        "apply": "1",
        "speaker": cy.pk,
        "same_label": "on",
    }

    response = curator_client.post(f"{LINES}?episode={episode.pk}", data, follow=True)

    assert set(
        episode.utterances.filter(speaker_label="Speaker 9").values_list("speaker", flat=True)
    ) == {cy.pk}
    assert episode.appearances.get(speaker=cy).utterance_count == 3
    entry = LogEntry.objects.get(object_id=str(episode.pk), action_flag=CHANGE)
    assert (entry.user, entry.change_message) == (curator, f"Attributed 3 lines to Cy ({cy.slug}).")
    assert "3 lines attributed to Cy" in response.content.decode()


def test_the_action_first_asks_who(curator_client, episode):
    one = episode.utterances.first()
    data = {"action": "reattribute_selected", "_selected_action": [one.pk]}

    response = curator_client.post(LINES, data)

    assert response.status_code == 200
    assert (
        b'name="speaker"' in response.content
        and b'value="reattribute_selected"' in response.content
    )
    assert Utterance.objects.get(pk=one.pk).speaker_id == one.speaker_id


def test_merge_asks_for_a_survivor_then_shows_what_moves(curator_client):
    ada, twin = make_speaker("Ada"), make_speaker("Ada O.")
    make_appearance(make_episode(), twin, role=Role.GUEST)
    selected = {"action": "merge_selected", "_selected_action": [ada.pk, twin.pk]}

    first = curator_client.post(reverse("admin:speakers_speaker_changelist"), selected)
    second = curator_client.post(
        reverse("admin:speakers_speaker_changelist"), {**selected, "survivor": ada.pk}
    )

    assert first.context["plan"] is None and b'name="survivor"' in first.content
    html = second.content.decode()
    assert "Merge into Ada?" in html and "Ada O. (" in html and "Yes, merge" in html
    assert Speaker.objects.count() == 2


def test_merging_one_speaker_is_refused(curator_client):
    ada = make_speaker("Ada")
    selected = {"action": "merge_selected", "_selected_action": [ada.pk]}

    response = curator_client.post(
        reverse("admin:speakers_speaker_changelist"), selected, follow=True
    )

    assert "Select two or more speakers to merge." in response.content.decode()


def test_merge_is_in_the_history_of_both(curator_client, curator):
    ada, twin = make_speaker("Ada"), make_speaker("Ada O.")
    data = {
        "action": "merge_selected",
        "_selected_action": [ada.pk, twin.pk],
        "survivor": ada.pk,
        "apply": "1",
    }

    curator_client.post(reverse("admin:speakers_speaker_changelist"), data)

    entries = {(e.object_id, e.action_flag) for e in LogEntry.objects.filter(user=curator)}
    assert entries == {(str(ada.pk), CHANGE), (str(twin.pk), DELETION)}


def test_unticking_published_on_the_form_hides_the_episode(curator_client, client):
    episode = make_episode(title="Going private")
    url = reverse("admin:archive_episode_change", args=[episode.pk])
    form = curator_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        show=episode.show.pk,
        published_at_0="2024-01-02",
        published_at_1="00:00:00",
        is_published="",
        **{"appearances-TOTAL_FORMS": 0, "appearances-INITIAL_FORMS": 0},
    )
    data = {k: v for k, v in data.items() if k not in {"published_at", "is_published"}}

    response = curator_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not Episode.objects.get(pk=episode.pk).is_published
    assert client.get(episode.get_absolute_url()).status_code == 404


def test_hide_action_logs_each_episode(curator_client, curator):
    episodes = [make_episode() for _ in range(3)]

    curator_client.post(
        reverse("admin:archive_episode_changelist"),
        {"action": "hide", "_selected_action": [e.pk for e in episodes[:2]]},
    )

    assert list(Episode.objects.public().values_list("pk", flat=True)) == [episodes[2].pk]
    assert (
        LogEntry.objects.filter(user=curator, change_message="Hidden from visitors.").count() == 2
    )


def test_has_transcript_filter(curator_client):
    with_lines = make_long_episode(2, [make_speaker()])
    make_episode()

    response = curator_client.get(
        reverse("admin:archive_episode_changelist"), {"has_transcript": "yes"}
    )

    assert list(response.context["cl"].result_list) == [with_lines]


def test_show_delete_page_counts_what_goes(curator_client, episode):
    response = curator_client.get(reverse("admin:archive_show_delete", args=[episode.show.pk]))

    html = response.content.decode()
    assert "Episodes: 1" in html and "Utterances (their permalinks will answer 410 Gone): 9" in html
    assert "Line 1 of a long conversation" not in html


def test_upload_page_dates_the_current_transcript_plainly(curator_client):
    episode = make_long_episode(1, [make_speaker()])
    Episode.objects.filter(pk=episode.pk).update(transcript_imported_at="2024-05-06T15:30:00Z")

    html = curator_client.get(
        reverse("admin:archive_episode_upload_transcript", args=[episode.pk])
    ).content.decode()

    assert "imported 2024-05-06 15:30." in html


def test_a_split_alias_link_is_on_the_speaker_page(curator_client):
    ada, bo = make_speaker("Ada"), make_speaker("Bo")
    curation.merge_speakers(ada, [bo])
    alias = ada.aliases.get(name="Bo")

    page = curator_client.get(reverse("admin:speakers_speaker_change", args=[ada.pk]))

    assert reverse("admin:speakers_speakeralias_split", args=[alias.pk]) in page.content.decode()
