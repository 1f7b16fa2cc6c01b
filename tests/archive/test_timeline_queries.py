"""The timeline's rows: one aggregate query each, months in the site's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from archive.models import Role, Utterance
from archive.timeline import queries
from tests.factories import make_appearance, make_episode, make_show, make_speaker, make_utterance

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=12, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def ann():
    return make_speaker("Ann Lee")


def appear(speaker, when, show=None, role=Role.GUEST, **episode):
    episode = make_episode(show or make_show(), published_at=when, **episode)
    return make_appearance(episode, speaker, role=role)


def test_a_speakers_appearances_per_month_and_show_in_one_query(ann, django_assert_num_queries):
    radio, pod = make_show(title="Radio"), make_show(title="Pod")
    appear(ann, at(2024, 6, 1), radio)
    appear(ann, at(2024, 6, 30), radio)
    appear(ann, at(2024, 6, 30), pod)  # the same day on another show
    appear(ann, at(2024, 8, 2), pod)

    with django_assert_num_queries(1):
        rows, labels = queries.speaker_by_show(ann)

    assert sorted(rows) == sorted(
        [
            (date(2024, 6, 1), radio.pk, 2),
            (date(2024, 6, 1), pod.pk, 1),
            (date(2024, 8, 1), pod.pk, 1),
        ]
    )
    assert labels == {radio.pk: "Radio", pod.pk: "Pod"}


def test_hidden_and_undated_episodes_and_hidden_speakers_are_not_counted(ann):
    appear(ann, at(2024, 6, 1))
    appear(ann, at(2024, 6, 2), is_published=False)
    appear(ann, None)

    rows, _ = queries.speaker_by_show(ann)

    assert [n for *_, n in rows] == [1]
    ann.is_published = False
    ann.save()
    assert queries.speaker_by_show(ann)[0] == []


@pytest.mark.parametrize(
    ("zone", "month"), [("UTC", date(2024, 12, 1)), ("Europe/Berlin", date(2025, 1, 1))]
)
def test_months_follow_the_sites_time_zone(ann, settings, zone, month):
    settings.TIME_ZONE = zone
    appear(ann, at(2024, 12, 31, 23, 30))

    rows, _ = queries.speaker_by_show(ann)

    assert [m for m, _, _ in rows] == [month]


def test_a_date_range_keeps_whole_months(ann):
    for month in (1, 2, 3, 4):
        appear(ann, at(2024, month, 15))

    rows, _ = queries.speaker_by_show(ann, start=date(2024, 2, 1), end=date(2024, 4, 1))

    assert sorted(m.month for m, _, _ in rows) == [2, 3]


def test_roles_group_into_hosts_and_guests(ann):
    show = make_show()
    appear(ann, at(2024, 1, 1), show, role=Role.HOST)
    appear(ann, at(2024, 1, 2), show, role=Role.CO_HOST)
    appear(ann, at(2024, 1, 3), show, role=Role.GUEST_HOST)
    appear(ann, at(2024, 1, 4), show, role=Role.SPEAKER)

    rows, labels = queries.speaker_by_role(ann)

    assert sorted((key, n) for _, key, n in rows) == [
        ("", 1),
        ("guest", 1),
        ("host", 1),
        ("host", 1),
    ]
    assert labels["host"] == "Host" and labels[""] == "Heard, not credited"


def test_episodes_per_month_and_show(django_assert_num_queries):
    show = make_show(title="Radio")
    make_episode(show, published_at=at(2023, 5, 1))
    make_episode(show, published_at=at(2023, 5, 9))
    make_episode(show, published_at=at(2023, 5, 9), is_published=False)

    with django_assert_num_queries(1):
        rows, labels = queries.episodes_by_show()

    assert rows == [(date(2023, 5, 1), show.pk, 2)] and labels == {show.pk: "Radio"}


def test_mentions_per_month_and_speaker_over_search_results(ann, django_assert_num_queries):
    bob = make_speaker("Bob Roe")
    june, july = (
        make_episode(published_at=at(2024, 6, 3)),
        make_episode(published_at=at(2024, 7, 3)),
    )
    make_utterance(june, ann, text="We talked about tide pools.")
    make_utterance(july, ann, text="Tide pools again, sorry.")
    make_utterance(july, bob, text="I love tide pools.")
    make_utterance(july, None, text="Tide pools, said somebody.")
    make_utterance(july, bob, text="Nothing to see here.")
    results = Utterance.objects.public().search("tide pools")

    with django_assert_num_queries(1):
        rows, labels = queries.mentions_by_speaker(results)

    assert sorted(rows, key=str) == sorted(
        [
            (date(2024, 6, 1), ann.pk, 1),
            (date(2024, 7, 1), ann.pk, 1),
            (date(2024, 7, 1), bob.pk, 1),
            (date(2024, 7, 1), "unattributed", 1),
        ],
        key=str,
    )
    assert labels == {ann.pk: "Ann Lee", bob.pk: "Bob Roe", "unattributed": "Unattributed"}
