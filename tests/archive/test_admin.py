"""The admin: every changelist at two data sizes, credits, aliases, line fixes and deletes."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from archive import curation
from archive.models import Appearance, Episode, RemovedUtterance, Role, Show, Utterance
from speakers.models import Speaker, SpeakerAlias, SpeakerSlugRedirect
from tests.factories import (
    make_appearance,
    make_episode,
    make_show,
    make_speaker,
    make_utterance,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cold_content_type_cache():
    """The admin looks content types up once per process; start each count from cold."""
    ContentType.objects.clear_cache()


def populate(size):
    show = make_show()
    for _ in range(size):
        episode = make_episode(show)
        speaker = make_speaker()
        make_appearance(episode, speaker, role=Role.GUEST)
        for _ in range(3):
            make_utterance(episode, speaker)
        curation.rename_speaker_slug(speaker, f"{speaker.slug}-renamed")
    curation.delete_utterances(Utterance.objects.filter(pk=Utterance.objects.first().pk))


# Exact query counts, the same at both sizes: an improvement is a deliberate change.
CHANGELISTS = [
    ("admin:archive_show_changelist", 5),
    ("admin:archive_episode_changelist", 9),
    ("admin:archive_appearance_changelist", 6),
    ("admin:archive_utterance_changelist", 5),
    ("admin:archive_removedutterance_changelist", 7),
    ("admin:speakers_speaker_changelist", 5),
    ("admin:speakers_speakeralias_changelist", 5),
    ("admin:speakers_speakerslugredirect_changelist", 5),
]


@pytest.mark.parametrize(("url_name", "queries"), CHANGELISTS)
@pytest.mark.parametrize("size", [2, 10])
def test_changelist_query_count_is_flat(
    admin_client, django_assert_num_queries, url_name, queries, size
):
    populate(size)

    with django_assert_num_queries(queries):
        assert admin_client.get(reverse(url_name)).status_code == 200


CHANGE_PAGES = [
    (Show, 6),
    (Episode, 9),
    (Appearance, 8),
    (Utterance, 8),
    (RemovedUtterance, 7),
    (Speaker, 8),
    (SpeakerAlias, 7),
    (SpeakerSlugRedirect, 7),
]


@pytest.mark.parametrize(
    ("model", "queries"), CHANGE_PAGES, ids=lambda v: getattr(v, "__name__", v)
)
@pytest.mark.parametrize("size", [2, 10])
def test_change_page_query_count_is_flat(
    curator_client, django_assert_num_queries, model, queries, size
):
    populate(size)
    obj = model.objects.order_by("pk").last()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])

    with django_assert_num_queries(queries):
        assert curator_client.get(url).status_code == 200


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
    curation.delete_utterances(Utterance.objects.filter(pk=line.pk))

    page = admin_client.get(reverse("admin:archive_removedutterance_changelist"))

    assert "A line that will go." in page.content.decode()
    assert admin_client.get(reverse("admin:archive_removedutterance_add")).status_code == 403


def test_credited_speaker_cannot_be_swapped_and_removed_credit_keeps_counts(admin_client):
    episode = make_episode()
    ada = make_speaker("Ada")
    appearance = make_appearance(episode, ada, role=Role.GUEST)
    make_utterance(episode, ada, text="Three words here")
    url = reverse("admin:archive_appearance_change", args=[appearance.pk])

    page = admin_client.get(url).content.decode()
    assert 'name="speaker"' not in page  # read-only once saved

    admin_client.post(
        reverse("admin:archive_appearance_delete", args=[appearance.pk]), {"post": "yes"}
    )

    heard = episode.appearances.get()
    assert (heard.speaker, heard.role, heard.utterance_count, heard.word_count) == (
        ada,
        Role.SPEAKER,
        1,
        3,
    )


def test_alias_that_belongs_to_someone_else_is_a_form_error(admin_client):
    make_speaker("Ada Okafor")
    other = make_speaker("Someone Else")

    response = admin_client.post(
        reverse("admin:speakers_speakeralias_add"), {"speaker": other.pk, "name": "ada  okafor"}
    )

    assert response.status_code == 200
    assert "is already a name of Ada Okafor" in response.content.decode()
    assert SpeakerAlias.objects.filter(speaker=other).count() == 1


def test_speaker_search_does_not_inflate_appearance_counts(admin_client):
    speaker = make_speaker("Jane Quill")
    for alias in ["Jane Q", "J. Quill"]:
        SpeakerAlias.build(speaker, alias).save()
    for _ in range(2):
        make_appearance(make_episode(), speaker)

    response = admin_client.get(reverse("admin:speakers_speaker_changelist"), {"q": "jane"})

    assert [s.appearance_count for s in response.context["cl"].result_list] == [2]


@pytest.mark.parametrize(
    "url_name",
    ["admin:archive_show_change", "admin:archive_episode_change"],
)
def test_slugs_are_read_only_once_saved(admin_client, url_name):
    episode = make_episode()
    target = {"archive_show": episode.show, "archive_episode": episode}
    obj = next(value for key, value in target.items() if key in url_name)

    page = admin_client.get(reverse(url_name, args=[obj.pk])).content.decode()

    assert 'name="slug"' not in page
    assert obj.slug in page


def test_deleting_an_episode_keeps_tombstones_for_its_quotes(admin_client):
    episode = make_episode()
    lines = [make_utterance(episode) for _ in range(3)]

    admin_client.post(reverse("admin:archive_episode_delete", args=[episode.pk]), {"post": "yes"})

    assert set(RemovedUtterance.objects.values_list("id", flat=True)) == {u.pk for u in lines}
    assert not Utterance.objects.exists()


def test_deleting_a_show_keeps_tombstones_for_its_quotes(admin_client):
    episode = make_episode()
    line = make_utterance(episode)

    admin_client.post(
        reverse("admin:archive_show_changelist"),
        {"action": "delete_selected", "_selected_action": [episode.show.pk], "post": "yes"},
    )

    assert RemovedUtterance.objects.get().pk == line.pk
