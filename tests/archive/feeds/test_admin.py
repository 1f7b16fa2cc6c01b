"""The admin's "Add show from feed" page and "Refresh from feed" action."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.models import Episode, Show
from tests.feeds import item, person, rss

pytestmark = pytest.mark.django_db

ADD = reverse("admin:archive_show_add_from_feed")


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_show_list_links_to_the_feed_page(curator_client):
    response = curator_client.get(reverse("admin:archive_show_changelist"))

    assert ADD in response.content.decode()


def test_the_feed_page_costs_a_fixed_number_of_queries(curator_client, django_assert_num_queries):
    with django_assert_num_queries(4):
        response = curator_client.get(ADD)
    assert response.status_code == 200


def test_a_feed_file_becomes_a_show_and_the_summary_a_message(curator_client):
    upload = SimpleUploadedFile("feed.xml", rss(item("a", extra=person("Ann Host"))))

    response = curator_client.post(ADD, {"file": upload, "transcripts": "on"})

    show = Show.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:archive_show_change", args=[show.pk])
    notes = messages_of(response)
    assert notes[0].startswith("Imported feed.xml into the-test-show (new show): 1 added")
    assert "new speakers: Ann Host" in notes


def test_a_feed_url_is_fetched_and_remembered(curator_client, feed_server):
    feed_server.serve("/feed.xml", rss(item("a")))

    curator_client.post(ADD, {"url": feed_server.url("/feed.xml")})

    assert Show.objects.get().feed_url == feed_server.url("/feed.xml")


def test_a_refused_feed_is_a_form_error_and_nothing_is_written(curator_client):
    upload = SimpleUploadedFile("broken.xml", b"<rss><channel><title>x</channel></rss>")

    response = curator_client.post(ADD, {"file": upload})

    assert response.status_code == 200
    assert "broken.xml, line 1" in response.content.decode()
    assert not Show.objects.exists()


def test_url_and_file_together_are_refused(curator_client):
    upload = SimpleUploadedFile("feed.xml", rss(item("a")))

    response = curator_client.post(ADD, {"file": upload, "url": "https://example.org/feed"})

    assert "one of the two" in response.content.decode()


def test_a_dry_run_stays_on_the_page(curator_client):
    upload = SimpleUploadedFile("feed.xml", rss(item("a")))

    response = curator_client.post(ADD, {"file": upload, "dry_run": "on"})

    assert response.status_code == 200
    assert not Show.objects.exists()
    assert messages_of(response)[0].startswith("Would import")


def test_viewers_may_not_import(viewer_client):
    assert viewer_client.get(ADD).status_code == 403


def test_the_refresh_action_reports_each_show(curator_client, feed_server):
    feed_server.serve("/feed.xml", rss(item("a")))
    curator_client.post(ADD, {"url": feed_server.url("/feed.xml")})
    feed_server.serve("/feed.xml", rss(item("b", "Episode two"), item("a")))
    manual = Show.objects.create(title="By hand", slug="by-hand")

    response = curator_client.post(
        reverse("admin:archive_show_changelist"),
        {"action": "refresh_from_feed", "_selected_action": [s.pk for s in Show.objects.all()]},
        follow=True,
    )

    notes = messages_of(response)
    assert f"{manual}: no feed URL to refresh from." in notes
    assert any("1 added, 0 updated, 1 unchanged" in note for note in notes)
    assert Episode.objects.count() == 2
