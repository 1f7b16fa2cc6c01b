"""A curator in a real browser: a diarized file to an attributed episode, and a merge."""

import time

import pytest

from archive.models import Role
from speakers.models import Speaker
from tests.e2e.conftest import log_in, screenshots
from tests.factories import make_appearance, make_episode, make_speaker, make_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"
PODNEWS = "vtt_podnews-weekly-2024-01-19_speaker-n_seconds-only.vtt"


@pytest.fixture
def curator_login(live_server):
    make_staff(curator=True, username="curator")
    return lambda page: log_in(page, live_server.url, "curator", PASSWORD)


def choose_file(page, path_or_name, data=None):
    if data is None:
        page.set_input_files("input[name=file]", str(path_or_name))
    else:
        files = [{"name": path_or_name, "mimeType": "text/vtt", "buffer": data}]
        page.set_input_files("input[name=file]", files=files)


def pick_speaker(page, form_index: int, name: str) -> None:
    """Choose an existing speaker in the admin's autocomplete box (select2)."""
    page.locator(f"#id_form-{form_index}-action_0").check()
    page.locator(f"#id_form-{form_index}-speaker + .select2").click()
    page.locator(".select2-search__field").fill(name.split()[0])
    page.locator(".select2-results__option", has_text=name).click()


def test_curator_turns_a_diarized_file_into_an_attributed_episode(
    live_server, page, curator_login, corpus
):
    episode = make_episode(title="Podnews Weekly Review")
    james = make_speaker("James Cridland")
    make_appearance(episode, james, role=Role.HOST)
    curator_login(page)
    started = time.monotonic()

    page.goto(live_server.url + "/admin/archive/episode/")
    page.get_by_role("row", name="Podnews Weekly Review").get_by_role("link", name="Upload").click()
    choose_file(page, corpus / PODNEWS)
    page.get_by_role("button", name="Preview").click()
    page.wait_for_url("**/upload-transcript/*/")

    body = page.locator("#content-main")
    assert "WebVTT" in body.inner_text() and "51" in body.inner_text()
    assert "James Cridland is credited as host" in page.locator(".messagelist").inner_text()
    assert page.locator("fieldset.curation-label").count() == 4
    screenshots(page, "admin-upload-preview")

    pick_speaker(page, 0, "James Cridland")
    page.locator("#id_form-1-action_1").check()
    page.locator("#id_form-1-new_name").fill("Sam Sethi")
    page.get_by_role("button", name="Import 51 turns").click()
    page.wait_for_url(f"**/admin/archive/episode/{episode.pk}/change/")
    print(f"\nupload -> preview -> map -> confirm took {time.monotonic() - started:.1f} s")

    assert "Imported WebVTT into" in page.locator(".messagelist").inner_text()
    page.goto(live_server.url + episode.get_absolute_url())
    first, second = page.locator(".utterance .speaker").all()[:2]
    assert (first.inner_text(), second.inner_text()) == ("James Cridland", "Sam Sethi")


def test_curator_merges_a_duplicate_speaker(live_server, page, curator_login):
    keep = make_speaker("Ada Okafor")
    twin = make_speaker("Ada Okafor-Smith")
    for speaker in (keep, twin):
        make_appearance(make_episode(), speaker, role=Role.GUEST)
    curator_login(page)

    page.goto(live_server.url + "/admin/speakers/speaker/")
    for speaker in (keep, twin):
        page.locator(f'input.action-select[value="{speaker.pk}"]').check()
    page.locator("select[name=action]").select_option("merge_selected")
    page.get_by_role("button", name="Go").click()
    page.get_by_role("radio", name=str(keep), exact=True).check()
    page.get_by_role("button", name="Review the merge").click()

    plan = page.locator(".curation-plan").inner_text()
    assert "Ada Okafor-Smith" in plan and "Appearances\t1" in plan
    screenshots(page, "admin-merge-confirmation")
    page.get_by_role("button", name="Yes, merge").click()
    page.wait_for_url(f"**/admin/speakers/speaker/{keep.pk}/change/")

    assert list(Speaker.objects.values_list("pk", flat=True)) == [keep.pk]
    page.goto(f"{live_server.url}/speakers/{twin.slug}/")
    assert page.url == live_server.url + keep.get_absolute_url()


def test_curator_sees_where_a_file_is_broken(live_server, page, curator_login):
    episode = make_episode()
    broken = (
        b"WEBVTT\n\n00:00:01.000 --> 00:00:00.500\nBackwards.\n\n"
        b"00:00:03.000 --> 00:00:xx.000\nBad.\n"
    )
    curator_login(page)

    page.goto(f"{live_server.url}/admin/archive/episode/{episode.pk}/upload-transcript/")
    choose_file(page, "broken.vtt", broken)
    page.get_by_role("button", name="Preview").click()

    error = page.locator(".errorlist").inner_text()
    assert "broken.vtt: cue 1" in error and "before it starts" in error  # no cue was good
    assert episode.utterances.count() == 0


def test_the_preview_lists_a_skipped_cue_and_imports_the_rest(live_server, page, curator_login):
    episode = make_episode()
    glitched = (
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ada>Fine.\n\n"
        b"00:00:03.000 --> 00:00:xx.000\nBad.\n\n00:00:05.000 --> 00:00:06.000\n<v Ada>Also fine.\n"
    )
    curator_login(page)

    page.goto(f"{live_server.url}/admin/archive/episode/{episode.pk}/upload-transcript/")
    choose_file(page, "glitched.vtt", glitched)
    page.get_by_role("button", name="Preview").click()

    page.locator("li.warning").first.wait_for()
    screenshots(page, "admin-upload-skipped-cue")
    warnings = page.locator("li.warning").all_inner_texts()
    skipped = [w for w in warnings if "cue 2 (line 6)" in w and "cue skipped" in w]
    assert skipped == ["In the file: cue 2 (line 6): '00:00:xx.000' is not a time; cue skipped"]
    assert episode.utterances.count() == 0  # a preview writes nothing
