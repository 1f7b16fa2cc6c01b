"""The speakers index: filter by name, show, role and year; sort; paginate; each row's figures."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from archive.models import Role
from tests.factories import make_appearance, make_episode, make_show, make_speaker

pytestmark = pytest.mark.django_db

INDEX = reverse("speakers:index")


@pytest.fixture
def cast():
    """Ada hosts Signal (2019, 2024); Bo guests on Signal (2024) and hosts Fold (2020);
    Cy is only heard, on Fold (2021); Dee was on a hidden episode only."""
    signal = make_show(title="Signal", slug="signal")
    fold = make_show(title="Fold", slug="fold")
    ada, bo, cy, dee = (make_speaker(name) for name in ("Ada", "Bo", "Cy", "Dee"))
    for show, year, people in [
        (signal, 2019, [(ada, Role.HOST)]),
        (signal, 2024, [(ada, Role.HOST), (bo, Role.GUEST)]),
        (fold, 2020, [(bo, Role.HOST)]),
        (fold, 2021, [(cy, Role.SPEAKER)]),
    ]:
        episode = make_episode(show, published_at=datetime(year, 6, 1, tzinfo=UTC))
        for speaker, role in people:
            make_appearance(episode, speaker, role=role)
    hidden = make_episode(fold, published_at=datetime(2022, 1, 1, tzinfo=UTC), is_published=False)
    make_appearance(hidden, dee, role=Role.GUEST)
    return {"ada": ada, "bo": bo, "cy": cy, "dee": dee}


def names(client, query=""):
    response = client.get(INDEX + query)
    assert response.status_code == 200
    return [speaker.name for speaker in response.context["object_list"]]


def test_lists_everyone_on_a_public_episode_most_appearances_first(client, cast):
    assert names(client) == ["Ada", "Bo", "Cy"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?name=d", ["Ada"]),
        ("?name=BO", ["Bo"]),
        ("?show=fold", ["Bo", "Cy"]),
        ("?role=host", ["Ada", "Bo"]),
        ("?role=guest", ["Bo"]),
        ("?year=2024", ["Ada", "Bo"]),
        ("?year=2021", ["Cy"]),
        ("?year=2022", []),  # only a hidden episode that year
        # Combined filters must hold on one appearance: Bo hosted, but not on Signal.
        ("?show=signal&role=host", ["Ada"]),
        ("?show=fold&year=2024", []),
        ("?sort=name", ["Ada", "Bo", "Cy"]),
        ("?sort=latest", ["Ada", "Bo", "Cy"]),
        ("?sort=appearances", ["Ada", "Bo", "Cy"]),
    ],
)
def test_filters_and_sorts(client, cast, query, expected):
    assert names(client, query) == expected


def test_sort_by_latest_appearance(client, cast):
    late = make_episode(make_show(), published_at=datetime(2026, 1, 1, tzinfo=UTC))
    make_appearance(late, cast["cy"])

    assert names(client, "?sort=latest") == ["Cy", "Ada", "Bo"]


def test_an_unknown_choice_lists_no_one_and_says_why(client, cast):
    response = client.get(INDEX + "?show=nope")

    assert list(response.context["object_list"]) == []
    assert "Select a valid choice" in response.content.decode()


def test_each_row_has_its_count_shows_and_first_and_latest_appearance(client, cast):
    page = client.get(INDEX + "?name=bo").content.decode()

    row = page[page.index('<li class="speaker-row">') :]
    assert '<a href="/speakers/' in row and "><bdi>Bo</bdi></a>" in row
    assert "<strong>2 episodes</strong>" in row
    fold, signal = '<a href="/shows/fold/"><bdi>Fold</bdi></a>', '<a href="/shows/signal/">'
    assert f"{fold}, {signal}<bdi>Signal</bdi></a>" in row
    assert ">Jun 2020</time> – " in row and ">Jun 2024</time>" in row


def test_every_control_has_a_label(client, cast):
    page = client.get(INDEX).content.decode()

    for field in ("name", "show", "role", "year", "sort"):
        assert f'<label for="id_{field}">' in page
    assert '<option value="2024">2024</option>' in page
    assert '<option value="2022">' not in page  # no public episode that year
    assert '<option value="" selected>Any role</option>' in page
    assert "Speaker (uncredited)" not in page


def test_pages_keep_the_filters(client):
    show = make_show(slug="signal")
    episode = make_episode(show)
    for number in range(31):
        make_appearance(episode, make_speaker(f"Person {number:02}"))

    first = client.get(INDEX + "?show=signal&sort=name").content.decode()
    second = names(client, "?show=signal&sort=name&page=2")

    assert '<a rel="next" href="?show=signal&amp;sort=name&amp;page=2#results">' in first
    assert second == ["Person 30"]


@pytest.mark.parametrize("size", [3, 60])
def test_index_query_count_is_flat(client, django_assert_num_queries, size):
    shows = [make_show(slug=f"show-{n}") for n in range(3)]
    for number in range(size):
        speaker = make_speaker(f"Person {number}")
        for show in shows[: 1 + number % 3]:
            make_appearance(make_episode(show), speaker, role=Role.GUEST)

    # the archive's freshness, years for the year menu, count, a page of speakers, their
    # shows, shows for the menu
    with django_assert_num_queries(6):
        response = client.get(INDEX)
    # ... and one more to look up the chosen show
    with django_assert_num_queries(7):
        filtered = client.get(INDEX + "?show=show-0&role=guest&sort=latest")

    assert response.content.count(b'class="speaker-row"') == min(size, 30)
    assert filtered.content.count(b'class="speaker-row"') == min(size, 30)
