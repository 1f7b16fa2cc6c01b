"""A long transcript in parts: how it is cut, and that every link to a line lands on its part."""

import pytest
from django.core.cache import cache

from archive import curation
from archive.models import RemovedUtterance, Utterance
from archive.parts import (
    HOUR_MS,
    PART_LINES,
    WHOLE_LINES,
    TranscriptParts,
    plan_parts,
    transcript_parts,
)
from tests.factories import make_episode, make_long_episode, make_speaker, make_utterance

MINUTE = 60_000


def timed(*starts):
    """Lines ``(sequence, start_ms, end_ms)`` starting at ``starts``, each a second long."""
    return [(n, start, None if start is None else start + 1000) for n, start in enumerate(starts)]


def every(seconds, count, first=0):
    """``count`` line starts, one each ``seconds`` from ``first`` ms."""
    return [first + n * seconds * 1000 for n in range(count)]


@pytest.fixture(autouse=True)
def cold_cache():
    cache.clear()
    yield
    cache.clear()


# Planning: pure functions, no database.


def test_a_transcript_up_to_the_limit_reads_whole():
    (whole,) = plan_parts(timed(*every(1, WHOLE_LINES)))

    assert (whole.number, whole.first_line, whole.last_line) == (1, 1, WHOLE_LINES)
    assert whole.first_sequence is None  # no bounds: the lines query is unchanged
    assert whole.query == "" and whole.query_string == ""


def test_one_line_more_and_it_reads_in_parts_of_at_most_the_part_limit():
    parts = plan_parts(timed(*every(1, WHOLE_LINES + 1)))

    assert [part.last_line - part.first_line + 1 for part in parts] == [1750, 1751]
    assert [part.label for part in parts] == ["0:00–29:10", "29:10–58:21"]
    assert max(part.last_line - part.first_line + 1 for part in parts) <= PART_LINES


def test_an_empty_transcript_is_one_empty_part():
    (whole,) = plan_parts([])

    assert (whole.first_line, whole.last_line) == (1, 0)


def test_a_longer_timed_transcript_reads_an_hour_a_part():
    lines = timed(*every(2, 5 * 1800))  # five hours, a line every two seconds

    parts = plan_parts(lines, limit=5000)

    assert [part.label for part in parts] == [
        "0:00–1:00:00",
        "1:00:00–2:00:00",
        "2:00:00–3:00:00",
        "3:00:00–4:00:00",
        "4:00:00–4:59:59",  # the last ends where its last line does
    ]
    assert [(part.first_sequence, part.last_sequence) for part in parts][:2] == [
        (0, 1799),
        (1800, 3599),
    ]
    assert [part.query_string for part in parts][:3] == ["", "?part=2", "?part=3"]
    assert parts[1].start_seconds == 3600


def test_an_hour_holding_more_than_the_limit_is_cut_evenly():
    lines = timed(*every(1, 3600), *every(60, 30, first=HOUR_MS))  # 3,600 lines, then 30

    parts = plan_parts(lines, limit=1000)

    assert [part.label for part in parts] == [
        "0:00–15:00",
        "15:00–30:00",
        "30:00–45:00",
        "45:00–1:00:00",
        "1:00:00–1:29:01",
    ]
    assert [part.last_line - part.first_line + 1 for part in parts] == [900, 900, 900, 900, 30]
    assert all(part.last_line - part.first_line < 1000 for part in parts)


def test_an_untimed_transcript_is_cut_into_even_runs_of_lines():
    parts = plan_parts(timed(*[None] * 2500), whole=1000, limit=1000)

    assert [part.label for part in parts] == ["Lines 1–833", "Lines 834–1,666", "Lines 1,667–2,500"]
    assert [part.start_seconds for part in parts] == [None, None, None]
    assert parts[1].lines_label == "833 lines"


def test_untimed_and_out_of_order_lines_stay_in_the_hour_they_are_read_in():
    starts = [*every(30, 120), None, 5 * MINUTE, *every(30, 120, first=HOUR_MS)]

    first, second = plan_parts(timed(*starts), whole=200, limit=200)

    assert (first.first_line, first.last_line) == (1, 122)  # the stray 0:05:00 reads in hour one
    assert second.label == "1:00:00–1:59:31"


def test_an_hour_without_lines_has_no_part_and_its_time_is_the_part_before():
    starts = [*every(10, 360), *every(10, 360, first=3 * HOUR_MS)]

    parts = TranscriptParts(tuple(plan_parts(timed(*starts), whole=500, limit=500)))

    assert [part.label for part in parts.parts] == ["0:00–3:00:00", "3:00:00–3:59:51"]
    assert parts.holding(359).number == 1 and parts.holding(360).number == 2


def test_a_part_is_picked_by_its_number_and_junk_means_the_first():
    parts = TranscriptParts(tuple(plan_parts(timed(*every(1, 7200)), limit=5000)))

    assert parts.is_split
    assert parts.pick("2").number == 2
    assert parts.pick("").number == 1 and parts.pick("two").number == 1
    assert parts.pick("1" * 30).number == 1
    assert parts.pick("3") is None and parts.pick("0") is None


def test_a_whole_transcript_holds_every_line_in_its_one_part():
    parts = TranscriptParts(tuple(plan_parts(timed(0, 1000))))

    assert not parts.is_split
    assert parts.holding(1).number == 1 and parts.pick("2") is None


# An episode's plan: one query, then the cache.


@pytest.mark.django_db
def test_an_episodes_plan_is_one_query_then_cached(django_assert_num_queries):
    episode = make_long_episode(WHOLE_LINES + 1, [make_speaker()])

    with django_assert_num_queries(1):
        parts = transcript_parts(episode)
    with django_assert_num_queries(0):
        assert transcript_parts(episode) == parts

    assert len(parts.parts) == 2  # an hour of one line a second, cut in two


@pytest.mark.django_db
def test_an_episodes_plan_follows_its_edits():
    episode = make_long_episode(WHOLE_LINES, [make_speaker()])
    assert not transcript_parts(episode).is_split

    make_utterance(episode, None, start_ms=WHOLE_LINES * 1000, text="One line too many.")
    curation_touch(episode)

    assert transcript_parts(episode).is_split


def curation_touch(episode):
    """What the curation core does after changing an episode's lines."""
    from archive.curation.bookkeeping import episodes_changed

    episodes_changed([episode.pk])
    episode.refresh_from_db()


# Links to a line land on its part.


@pytest.fixture
def stream(db):
    """8,000 lines, one a second: each full hour in two parts, then 1,800 lines, then 800."""
    return make_long_episode(8000, [make_speaker("Ada Okafor")], slug="all-day")


def line_at(episode, sequence):
    return episode.utterances.get(sequence=sequence)


def test_a_lines_moment_is_its_episodes_line_address(stream):
    line = line_at(stream, 5000)

    assert line.moment_url == f"{stream.get_absolute_url()}line/{line.pk}/"


def test_the_line_address_redirects_to_the_part_that_holds_it(client, stream):
    episode_url = stream.get_absolute_url()
    first, middle, last = (line_at(stream, n) for n in (0, 5000, 7999))

    assert client.get(first.moment_url).url == f"{episode_url}#u{first.pk}"
    assert client.get(middle.moment_url).url == f"{episode_url}?part=3#u{middle.pk}"
    assert client.get(last.moment_url).url == f"{episode_url}?part=5#u{last.pk}"
    assert client.get(middle.moment_url).status_code == 302


def test_on_a_short_episode_the_line_address_redirects_to_the_line(client, db):
    episode = make_episode()
    line = make_utterance(episode, None, start_ms=0)

    assert client.get(line.moment_url).url == f"{episode.get_absolute_url()}#u{line.pk}"


def test_a_line_not_of_the_episode_redirects_to_its_top(client, stream):
    other = make_utterance(make_episode(), None, start_ms=0)
    url = f"{stream.get_absolute_url()}line/{other.pk}/"

    assert client.get(url).url == stream.get_absolute_url()
    assert client.get(f"{stream.get_absolute_url()}line/999999/").status_code == 302


def test_the_line_address_of_a_hidden_episode_is_not_found(client, stream):
    curation.set_published(type(stream).objects.filter(pk=stream.pk), False)

    assert client.get(line_at(stream, 5000).moment_url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("lines", [10, 8000])
def test_the_line_address_costs_the_same_however_long(client, django_assert_num_queries, lines):
    episode = make_long_episode(lines, [make_speaker()])
    url = line_at(episode, lines - 1).moment_url

    with django_assert_num_queries(3):  # the episode, the line, its parts
        client.get(url)
    with django_assert_num_queries(2):  # the parts are cached
        client.get(url)


def test_a_removed_lines_nearest_moment_is_on_its_part(client, stream):
    line = line_at(stream, 5000)
    curation.delete_utterances(Utterance.objects.filter(pk=line.pk))
    nearest = line_at(stream, 4999)  # 1:23:19, a second before

    moment = f"{stream.get_absolute_url()}?part=3#u{nearest.pk}"
    assert RemovedUtterance.objects.get(pk=line.pk).nearest_moment_url() == moment
    gone = client.get(f"/q/{line.pk}/")
    assert gone.status_code == 410 and f'href="{moment}"' in gone.content.decode()


def test_the_line_lands_in_the_page_it_redirects_to(client, stream):
    line = line_at(stream, 5000)

    page = client.get(line.moment_url, follow=True).content.decode()

    assert f'<li class="utterance" id="u{line.pk}">' in page
    current = page.count('aria-current="page"')
    assert current == 1
    assert (
        'aria-current="page"><span class="visually-hidden">Part 3, </span>1:00:00–1:30:00' in page
    )
