"""Admin pages for a three-hour episode (3,000 lines) cost what they cost for ten.

Budgets are exact and the same at both sizes: a change is deliberate.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from archive.models import Role
from tests.factories import make_appearance, make_episode, make_long_episode, make_speaker

pytestmark = pytest.mark.django_db

SIZES = [10, 3000]


@pytest.fixture(autouse=True)
def cold_content_type_cache():
    ContentType.objects.clear_cache()


@pytest.fixture
def long_episode(request):
    host, guest = make_speaker("Ada Host"), make_speaker("Bo Guest")
    episode = make_long_episode(request.param, [host, guest])
    make_appearance(make_episode(), host, role=Role.HOST)
    return episode


@pytest.mark.parametrize("long_episode", SIZES, indirect=True)
def test_episode_change_page(curator_client, django_assert_num_queries, long_episode):
    url = reverse("admin:archive_episode_change", args=[long_episode.pk])

    with django_assert_num_queries(9):
        response = curator_client.get(url)

    html = response.content.decode()
    assert html.count('class="field-speaker"') == 2  # credits inline, not 3,000 lines
    assert "Speaker 9" in html and "lines" in html


@pytest.mark.parametrize("long_episode", SIZES, indirect=True)
def test_one_episodes_lines_page(curator_client, django_assert_num_queries, long_episode):
    url = reverse("admin:archive_utterance_changelist")

    with django_assert_num_queries(9):
        response = curator_client.get(url, {"episode": long_episode.pk, "label": "Speaker 9"})

    assert response.status_code == 200
    cl = response.context["cl"]
    assert len(cl.result_list) == min(100, len(range(2, long_episode.utterances.count(), 3)))
    assert {u.speaker_label for u in cl.result_list} == {"Speaker 9"}


@pytest.mark.parametrize("long_episode", SIZES, indirect=True)
def test_lines_page_text_search(curator_client, django_assert_num_queries, long_episode):
    url = reverse("admin:archive_utterance_changelist")

    with django_assert_num_queries(9):
        response = curator_client.get(url, {"episode": long_episode.pk, "q": '"Line 7 of"'})

    assert [u.sequence for u in response.context["cl"].result_list] == [7]


@pytest.mark.parametrize("long_episode", SIZES, indirect=True)
def test_episode_delete_confirmation_counts_instead_of_listing(
    curator_client, django_assert_num_queries, long_episode
):
    url = reverse("admin:archive_episode_delete", args=[long_episode.pk])

    with django_assert_num_queries(7):
        response = curator_client.get(url)

    html = response.content.decode()
    assert "Line 5 of a long conversation" not in html
    lines = long_episode.utterances.count()
    assert f"Utterances (their permalinks will answer 410 Gone): {lines}" in html


@pytest.mark.parametrize("long_episode", SIZES, indirect=True)
def test_reattribute_step_for_every_line_of_a_label(
    curator_client, django_assert_num_queries, long_episode
):
    url = reverse("admin:archive_utterance_changelist") + f"?episode={long_episode.pk}"
    first = long_episode.utterances.first()
    data = {"action": "reattribute_selected", "_selected_action": [first.pk], "select_across": "1"}

    with django_assert_num_queries(13):  # the list's filters run twice: admin's own doing
        response = curator_client.post(url, data)

    assert response.context["count"] == long_episode.utterances.count()


@pytest.mark.parametrize("appearances", [2, 40])
def test_merge_confirmation(curator_client, django_assert_num_queries, appearances):
    from speakers.models import Speaker

    keep, twin = make_speaker("Ada"), make_speaker("Ada O.")
    for _ in range(appearances):
        make_appearance(make_episode(), twin, role=Role.GUEST)
    data = {
        "action": "merge_selected",
        "_selected_action": [keep.pk, twin.pk],
        "survivor": keep.pk,
    }

    with django_assert_num_queries(13):
        response = curator_client.post(reverse("admin:speakers_speaker_changelist"), data)

    assert response.context["plan"].appearances == appearances
    assert Speaker.objects.count() == 2  # nothing written yet


@pytest.mark.parametrize("aliases", [1, 30])
def test_speaker_change_page(curator_client, django_assert_num_queries, aliases):
    from speakers.models import SpeakerAlias

    speaker = make_speaker("Ada")
    for n in range(aliases):
        SpeakerAlias.build(speaker, f"Ada {n}").save()

    with django_assert_num_queries(8):
        response = curator_client.get(reverse("admin:speakers_speaker_change", args=[speaker.pk]))

    assert response.status_code == 200
