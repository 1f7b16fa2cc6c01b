"""Who may curate: Curators change the archive, other staff only look, visitors must log in.

Each workflow is posted through its real admin entry point by all three kinds
of user, and each refusal checks that nothing was written: a test here fails
if a permission check is removed, not only if a status code changes.
"""

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive import curation
from archive.models import Episode, RemovedUtterance, Role, StagedTranscript, Utterance
from speakers.models import Speaker, SpeakerAlias
from tests.factories import (
    make_appearance,
    make_episode,
    make_speaker,
    make_staff,
    make_utterance,
    vtt,
)

pytestmark = pytest.mark.django_db

REFUSED = ["viewer", "anonymous"]
CUES = vtt(("Ada", 0, 1000, "Hello there."), ("Bo", 1000, 2000, "Hi, Ada."))


def login(client, role):
    """``client`` as a curator, a viewer (staff outside Curators) or nobody; returns the user."""
    if role == "anonymous":
        return None
    user = make_staff(curator=role == "curator")
    client.force_login(user)
    return user


def assert_refused(response, role, viewer_status=403):
    """A viewer gets ``viewer_status``; a visitor is sent to log in and come back."""
    if role == "anonymous":
        login_page = f"{reverse('admin:login')}?next={response.request['PATH_INFO']}"
        assert (response.status_code, response.get("Location")) == (302, login_page)
    else:
        assert response.status_code == viewer_status


def changelist_action(client, url_name, action, objects, **fields):
    """Post a changelist action for ``objects`` as its confirmation step would."""
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], **fields}
    return client.post(reverse(url_name), data)


# Upload -> preview -> confirm.


def upload(client, episode):
    url = reverse("admin:archive_episode_upload_transcript", args=[episode.pk])
    file = SimpleUploadedFile("episode.vtt", CUES)
    return client.post(url, {"file": file, "format": "", "max_gap_seconds": "60"})


def confirm_everyone_unattributed(client, staged):
    """The preview's mapping formset for CUES' two labels, both left unattributed, confirmed."""
    url = reverse("admin:archive_episode_preview_transcript", args=[staged.episode_id, staged.pk])
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0", "_confirm": "1"}
    for index, label in enumerate(["Ada", "Bo"]):
        data |= {f"form-{index}-label": label, f"form-{index}-action": "nobody"}
    return client.post(url, data)


def test_curator_uploads_previews_and_confirms_a_transcript(client):
    curator = login(client, "curator")
    episode = make_episode()

    uploaded = upload(client, episode)
    staged = StagedTranscript.objects.get(episode=episode, uploaded_by=curator)
    preview = client.get(uploaded.url)
    confirmed = confirm_everyone_unattributed(client, staged)

    assert preview.status_code == 200
    assert confirmed.url == reverse("admin:archive_episode_change", args=[episode.pk])
    assert list(episode.utterances.values_list("text", flat=True)) == ["Hello there.", "Hi, Ada."]
    assert not StagedTranscript.objects.exists()
    assert LogEntry.objects.get(object_id=str(episode.pk)).user == curator


@pytest.mark.parametrize("role", REFUSED)
def test_only_curators_may_upload_a_transcript(client, role):
    login(client, role)
    episode = make_episode()
    url = reverse("admin:archive_episode_upload_transcript", args=[episode.pk])

    assert_refused(client.get(url), role)
    assert_refused(upload(client, episode), role)
    assert not StagedTranscript.objects.exists()


@pytest.mark.parametrize("role", REFUSED)
def test_only_curators_may_preview_or_confirm_an_upload(client, role):
    # Staged by this very user (say, while still a curator), so only the check stands between.
    user = login(client, role) or make_staff(curator=True)
    episode = make_episode()
    staged = StagedTranscript.objects.create(
        episode=episode, uploaded_by=user, file_name="episode.vtt", data=CUES, max_gap_ms=60_000
    )
    preview = reverse("admin:archive_episode_preview_transcript", args=[episode.pk, staged.pk])

    assert_refused(client.get(preview), role)
    assert_refused(confirm_everyone_unattributed(client, staged), role)
    assert not Utterance.objects.exists()
    assert StagedTranscript.objects.filter(pk=staged.pk).exists()


# Lines: reattribute, edit, delete.


@pytest.fixture
def lines():
    """Two lines by Ada on one episode."""
    episode = make_episode()
    ada = make_speaker("Ada")
    return [make_utterance(episode, ada, start_ms=n * 1000) for n in range(2)]


def reattribute(client, lines, speaker):
    return changelist_action(
        client,
        "admin:archive_utterance_changelist",
        "reattribute_selected",
        lines,
        apply="1",
        speaker=speaker.pk,
    )


def speakers_of(lines):
    return [Utterance.objects.get(pk=line.pk).speaker for line in lines]


def test_curator_reattributes_lines_and_the_episode_history_says_so(client, lines):
    curator = login(client, "curator")
    bo = make_speaker("Bo")

    response = reattribute(client, lines, bo)

    assert response.status_code == 302
    assert speakers_of(lines) == [bo, bo]
    entry = LogEntry.objects.get(object_id=str(lines[0].episode_id), action_flag=CHANGE)
    assert (entry.user, entry.content_type.model) == (curator, "episode")
    assert "Attributed 2 lines to Bo" in entry.get_change_message()


@pytest.mark.parametrize("role", REFUSED)
def test_only_curators_may_reattribute_lines(client, lines, role):
    login(client, role)

    response = reattribute(client, lines, make_speaker("Bo"))

    assert_refused(response, role, viewer_status=200)  # the action is not offered: a plain list
    assert speakers_of(lines) == [line.speaker for line in lines]
    assert not LogEntry.objects.exists()


def edit_line(client, line, **changes):
    fields = ["speaker", "speaker_label", "start_ms", "end_ms", "text"]
    data = {name: getattr(line, f"{name}_id" if name == "speaker" else name) for name in fields}
    data = {name: "" if value is None else value for name, value in (data | changes).items()}
    return client.post(reverse("admin:archive_utterance_change", args=[line.pk]), data)


def test_curator_fixes_a_line_in_place(client, lines):
    login(client, "curator")
    line = lines[0]

    response = edit_line(client, line, text="Hello, corrected.", end_ms=900)

    assert response.status_code == 302
    fixed = Utterance.objects.get(pk=line.pk)  # the same id: its permalink still opens it
    assert (fixed.text, fixed.end_ms, fixed.speaker) == ("Hello, corrected.", 900, line.speaker)
    assert Utterance.objects.count() == 2


@pytest.mark.parametrize("role", REFUSED)
def test_only_curators_may_fix_a_line(client, lines, role):
    login(client, role)
    line = lines[0]

    response = edit_line(client, line, text="Vandalised.")

    assert_refused(response, role)
    assert Utterance.objects.get(pk=line.pk).text == line.text


def test_viewer_sees_a_line_read_only(client, lines):
    login(client, "viewer")

    page = client.get(reverse("admin:archive_utterance_change", args=[lines[0].pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert lines[0].text in html
    assert 'name="text"' not in html and 'name="_save"' not in html


def delete_lines(client, lines):
    return changelist_action(
        client, "admin:archive_utterance_changelist", "delete_selected", lines, post="yes"
    )


def test_curator_deletes_lines_and_keeps_their_tombstones(client, lines):
    login(client, "curator")

    response = delete_lines(client, lines[:1])

    assert response.status_code == 302
    assert list(Utterance.objects.values_list("pk", flat=True)) == [lines[1].pk]
    assert RemovedUtterance.objects.get().pk == lines[0].pk


@pytest.mark.parametrize("role", REFUSED)
def test_only_curators_may_delete_lines(client, lines, role):
    login(client, role)
    one_line = reverse("admin:archive_utterance_delete", args=[lines[0].pk])

    assert_refused(delete_lines(client, lines), role, viewer_status=200)
    assert_refused(client.post(one_line, {"post": "yes"}), role)
    assert Utterance.objects.count() == 2
    assert not RemovedUtterance.objects.exists()


# Speakers: merge, split an alias, rename a slug.


def merge(client, survivor, merged):
    return changelist_action(
        client,
        "admin:speakers_speaker_changelist",
        "merge_selected",
        [survivor, merged],
        survivor=survivor.pk,
        apply="1",
    )


def test_curator_merges_a_duplicate_and_its_page_redirects(client):
    curator = login(client, "curator")
    ada, twin = make_speaker("Ada"), make_speaker("Ada O.")

    response = merge(client, ada, twin)

    assert response.url == reverse("admin:speakers_speaker_change", args=[ada.pk])
    assert not Speaker.objects.filter(pk=twin.pk).exists()
    old_page = client.get(twin.get_absolute_url())
    assert (old_page.status_code, old_page["Location"]) == (301, ada.get_absolute_url())
    history = LogEntry.objects.filter(user=curator).values_list("object_id", "action_flag")
    assert set(history) == {(str(ada.pk), CHANGE), (str(twin.pk), DELETION)}


@pytest.mark.parametrize("role", REFUSED)
def test_only_curators_may_merge_speakers(client, role):
    login(client, role)
    ada, twin = make_speaker("Ada"), make_speaker("Ada O.")

    assert_refused(merge(client, ada, twin), role, viewer_status=200)
    assert Speaker.objects.filter(pk=twin.pk).exists()
    assert list(twin.aliases.values_list("name", flat=True)) == ["Ada O."]
    assert client.get(twin.get_absolute_url()).status_code == 200


@pytest.fixture
def merged_by_mistake():
    """Bo was merged into Ada: Ada owns the alias "Bo" and a line labelled "Bo"."""
    ada, bo = make_speaker("Ada"), make_speaker("Bo")
    line = make_utterance(make_episode(), bo, speaker_label="Bo")
    curation.merge_speakers(ada, [bo])
    return SpeakerAlias.objects.get(name="Bo"), line


def test_curator_splits_an_alias_off_with_its_lines(client, merged_by_mistake):
    curator = login(client, "curator")
    alias, line = merged_by_mistake
    url = reverse("admin:speakers_speakeralias_split", args=[alias.pk])

    confirmation = client.get(url)
    response = client.post(url)

    assert confirmation.status_code == 200
    bo = Speaker.objects.get(aliases=alias)
    assert bo.name == "Bo" and bo != alias.speaker
    assert response.url == reverse("admin:speakers_speaker_change", args=[bo.pk])
    assert Utterance.objects.get(pk=line.pk).speaker == bo
    assert LogEntry.objects.get(action_flag=ADDITION, object_id=str(bo.pk)).user == curator


@pytest.mark.parametrize("role", REFUSED)
def test_only_curators_may_split_an_alias(client, merged_by_mistake, role):
    login(client, role)
    alias, line = merged_by_mistake
    url = reverse("admin:speakers_speakeralias_split", args=[alias.pk])

    assert_refused(client.get(url), role)
    assert_refused(client.post(url), role)
    assert Utterance.objects.get(pk=line.pk).speaker == alias.speaker
    assert Speaker.objects.count() == 1


def speaker_form(name, slug, **fields):
    """The speaker form as a browser posts it, its alias and link inlines adding nothing.

    The inline prefixes are the reverse accessors; a wrong one makes every save a form error.
    """
    data = {"name": name, "slug": slug, "disambiguation": "", "bio": "", "image_url": ""}
    data |= {"is_published": "on", **fields}
    for prefix in ["aliases", "links"]:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def rename(client, speaker, slug):
    url = reverse("admin:speakers_speaker_change", args=[speaker.pk])
    return client.post(url, speaker_form(speaker.name, slug))


def test_curator_renames_a_slug_and_the_old_one_redirects(client):
    login(client, "curator")
    ada = make_speaker("Ada")
    old = ada.get_absolute_url()

    response = rename(client, ada, "ada-okafor")

    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.slug == "ada-okafor"
    moved = client.get(old)
    assert (moved.status_code, moved["Location"]) == (301, "/speakers/ada-okafor/")


def test_a_slug_that_redirects_to_someone_else_is_a_form_error(client):
    login(client, "curator")
    ada, bo = make_speaker("Ada"), make_speaker("Bo")
    taken = bo.slug
    curation.rename_speaker_slug(bo, "bo-renamed")

    response = rename(client, ada, taken)

    assert response.status_code == 200
    assert "redirects to another speaker" in str(response.context["adminform"].form.errors)
    assert Speaker.objects.get(pk=ada.pk).slug == ada.slug
    assert client.get(f"/speakers/{taken}/")["Location"] == "/speakers/bo-renamed/"


def test_a_new_speaker_may_not_take_a_slug_that_redirects_to_someone_else(client):
    login(client, "curator")
    bo = make_speaker("Bo")
    taken = bo.slug
    curation.rename_speaker_slug(bo, "bo-renamed")

    response = client.post(reverse("admin:speakers_speaker_add"), speaker_form("Bob", taken))

    assert response.status_code == 200
    assert "redirects to another speaker" in str(response.context["adminform"].form.errors)
    assert client.get(f"/speakers/{taken}/")["Location"] == "/speakers/bo-renamed/"


@pytest.mark.parametrize("role", REFUSED)
def test_only_curators_may_rename_a_slug(client, role):
    login(client, role)
    ada = make_speaker("Ada")

    assert_refused(rename(client, ada, "ada-okafor"), role)
    assert Speaker.objects.get(pk=ada.pk).slug == ada.slug
    assert client.get("/speakers/ada-okafor/").status_code == 404


# Publish and hide, on episodes and speakers.

PUBLISHABLE = {
    "episode": ("admin:archive_episode_changelist", make_episode),
    "speaker": ("admin:speakers_speaker_changelist", make_speaker),
}


@pytest.mark.parametrize("kind", PUBLISHABLE)
def test_curator_hides_and_publishes_with_one_history_entry_each(client, kind):
    curator = login(client, "curator")
    changelist, make = PUBLISHABLE[kind]
    objects = [make(), make()]

    changelist_action(client, changelist, "hide", objects)

    assert [client.get(obj.get_absolute_url()).status_code for obj in objects] == [404, 404]
    hidden = LogEntry.objects.filter(user=curator, change_message="Hidden from visitors.")
    assert sorted(hidden.values_list("object_id", flat=True)) == sorted(
        str(obj.pk) for obj in objects
    )

    changelist_action(client, changelist, "publish", objects)

    assert [client.get(obj.get_absolute_url()).status_code for obj in objects] == [200, 200]
    assert LogEntry.objects.filter(user=curator, change_message="Published.").count() == 2


@pytest.mark.parametrize("kind", PUBLISHABLE)
@pytest.mark.parametrize("role", REFUSED)
def test_only_curators_may_hide(client, kind, role):
    login(client, role)
    changelist, make = PUBLISHABLE[kind]
    shown = make()

    response = changelist_action(client, changelist, "hide", [shown])

    assert_refused(response, role, viewer_status=200)
    assert type(shown).objects.get(pk=shown.pk).is_published
    assert client.get(shown.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("role", REFUSED)
def test_only_curators_may_publish(client, role):
    login(client, role)
    hidden = make_episode(is_published=False)

    response = changelist_action(client, "admin:archive_episode_changelist", "publish", [hidden])

    assert_refused(response, role, viewer_status=200)
    assert not Episode.objects.get(pk=hidden.pk).is_published
    assert client.get(hidden.get_absolute_url()).status_code == 404


# Looking around.


def admin_pages():
    """The admin index, and the episode, speaker and line lists and change pages."""
    episode = make_episode()
    speaker = make_speaker("Ada")
    line = make_utterance(episode, speaker)
    return [
        reverse("admin:index"),
        *(
            reverse(f"admin:{model}_changelist")
            for model in ["archive_episode", "speakers_speaker", "archive_utterance"]
        ),
        reverse("admin:archive_episode_change", args=[episode.pk]),
        reverse("admin:speakers_speaker_change", args=[speaker.pk]),
        reverse("admin:archive_utterance_change", args=[line.pk]),
    ]


def test_viewer_can_look_at_episodes_speakers_and_lines_but_not_save(client):
    login(client, "viewer")

    pages = {url: client.get(url) for url in admin_pages()}

    assert {url: page.status_code for url, page in pages.items()} == dict.fromkeys(pages, 200)
    change_pages = [page for url, page in pages.items() if "/change/" in url]
    assert [b'name="_save"' in page.content for page in change_pages] == [False] * 3


def test_admin_index_lists_the_archive_and_speakers_to_a_viewer(client):
    login(client, "viewer")

    index = client.get(reverse("admin:index"))

    apps = {app["app_label"]: app for app in index.context["app_list"]}
    assert set(apps) == {"archive", "speakers"}
    models = {model["object_name"] for model in apps["archive"]["models"]}
    assert {"Episode", "Utterance", "Show"} <= models
    assert not any(model["add_url"] for app in apps.values() for model in app["models"])


def test_viewer_sees_a_speakers_aliases_and_an_episodes_credits(client):
    login(client, "viewer")
    ada = make_speaker("Ada Okafor")
    SpeakerAlias.build(ada, "A. Okafor").save()
    episode = make_episode()
    make_appearance(episode, ada, role=Role.HOST)

    speaker_page = client.get(reverse("admin:speakers_speaker_change", args=[ada.pk]))
    episode_page = client.get(reverse("admin:archive_episode_change", args=[episode.pk]))

    assert "A. Okafor" in speaker_page.content.decode()
    assert "Ada Okafor" in episode_page.content.decode()


def test_viewer_is_not_offered_an_upload_they_may_not_make(client):
    login(client, "viewer")
    episode = make_episode()
    upload_url = reverse("admin:archive_episode_upload_transcript", args=[episode.pk])

    change_page = client.get(reverse("admin:archive_episode_change", args=[episode.pk]))
    changelist = client.get(reverse("admin:archive_episode_changelist"))

    assert upload_url not in change_page.content.decode()
    assert upload_url not in changelist.content.decode()


def test_a_visitor_is_sent_to_log_in_from_each_of_those_pages(client):
    for url in admin_pages():
        response = client.get(url)
        assert (response.status_code, response.get("Location")) == (
            302,
            f"{reverse('admin:login')}?next={url}",
        )
