"""Appearances over time on the speaker page, its data as CSV, JSON and SVG, and compare."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from archive.models import Appearance, Episode, Role
from tests.factories import make_appearance, make_episode, make_show, make_speaker

pytestmark = pytest.mark.django_db


def at(year, month, day=15):
    return datetime(year, month, day, 12, tzinfo=UTC)


def many_appearances(speaker, count: int, shows: list) -> None:
    """``count`` episodes twelve hours apart from 2010, round-robin over ``shows``, credited."""
    start = at(2010, 1, 1)
    episodes = Episode.objects.bulk_create(
        Episode(
            show=shows[n % len(shows)],
            guid=f"bulk-{speaker.pk}-{n}",
            slug=f"bulk-{speaker.pk}-{n}",
            title=f"Episode {n}",
            published_at=start + timedelta(hours=12 * n),
        )
        for n in range(count)
    )
    Appearance.objects.bulk_create(
        Appearance(episode=episode, speaker=speaker, role=Role.GUEST) for episode in episodes
    )


@pytest.fixture
def ann():
    speaker = make_speaker("Ann Lee")
    radio, pod = make_show(title="Radio Hour"), make_show(title="The Pod")
    for when, show in [
        (at(2024, 1), radio),
        (at(2024, 1, 20), pod),
        (at(2024, 3), radio),
        (at(2024, 6), radio),
        (at(2024, 6, 2), pod),
    ]:
        make_appearance(make_episode(show, published_at=when), speaker, role=Role.GUEST)
    return speaker


def page(client, speaker, query="") -> str:
    response = client.get(speaker.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_speaker_page_opens_with_the_chart_table_and_summary(client, ann, settings):
    html = page(client, ann, "?to=2024-06")

    assert html.index("Appearances over time") < html.index("Podcast appearances")
    assert "<svg" in html and "aria-labelledby" in html
    assert "5 appearances on 2 shows since January 2024" in html
    assert "<table" in html and "Radio Hour" in html and "The Pod" in html


def test_a_bar_links_to_its_periods_appearances(client, ann):
    html = page(client, ann, "?by=month&to=2024-06")
    assert "?by=month&amp;to=2024-06&amp;in=2024-06#appearances" in html

    narrowed = page(client, ann, "?by=month&to=2024-06&in=2024-06")

    assert "Podcast appearances in June 2024" in narrowed
    assert narrowed.count('class="appearance-row"') == 2


def test_csv_and_json_hold_the_charts_numbers(client, ann):
    query = "?by=quarter&from=2024-01&to=2024-06"
    html = page(client, ann, query)
    url = reverse("speakers:appearances_data", args=[ann.slug, "csv"]) + query
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode())))
    data = json.loads(client.get(url.replace(".csv", ".json")).content)

    assert rows[0][:4] == ["period", "label", "start", "end"]
    assert [row[0] for row in rows[1:]] == ["2024-Q1", "2024-Q2"]
    assert [int(row[-1]) for row in rows[1:]] == [3, 2]
    assert [p["total"] for p in data["periods"]] == [3, 2]
    assert data["total"] == 5 and data["granularity"] == "quarter"
    for period in data["periods"]:  # the table shows the same numbers
        assert f"{period['label']}" in html


def test_the_svg_stands_alone(client, ann):
    response = client.get(reverse("speakers:appearances_svg", args=[ann.slug]))

    assert response["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert b"<style" in response.content


def test_hidden_speakers_have_no_chart_data(client, ann):
    ann.is_published = False
    ann.save()

    assert (
        client.get(reverse("speakers:appearances_data", args=[ann.slug, "json"])).status_code == 404
    )
    assert client.get(reverse("speakers:appearances_svg", args=[ann.slug])).status_code == 404


def test_an_unknown_data_format_is_not_found(client, ann):
    assert client.get(f"/speakers/{ann.slug}/appearances.xml").status_code == 404


def test_a_speaker_without_dated_appearances_reads_so(client):
    speaker = make_speaker("No Date")
    make_appearance(make_episode(published_at=None), speaker)

    assert "No dated appearances yet" in page(client, speaker)


def test_stacking_by_role(client, ann):
    html = page(client, ann, "?stack=role&to=2024-06")

    assert "Guest" in html and "Stack by show" in html


@pytest.mark.parametrize("count", [3, 10_000])
def test_the_chart_costs_the_same_queries_at_ten_thousand_appearances(
    client, django_assert_num_queries, count
):
    speaker = make_speaker("Busy Host")
    many_appearances(speaker, count, [make_show(), make_show(), make_show()])

    # speaker, links, the chart's series, appearance count, a page of appearances,
    # their line counts, who they appear with (no lines: no page of lines)
    with django_assert_num_queries(7):
        html = page(client, speaker)
    assert f"{count:,} appearances on 3 shows" in html


def test_compare_puts_speakers_on_one_axis(client, ann, django_assert_num_queries):
    bob = make_speaker("Bob Roe")
    make_appearance(make_episode(published_at=at(2023, 5)), bob)
    url = f"{reverse('speakers:compare')}?s={ann.slug}&s={bob.slug}&to=2024-06"

    # the archive's freshness, the speakers, the series
    with django_assert_num_queries(3):
        response = client.get(url)

    html = response.content.decode()
    assert "Ann Lee" in html and "Bob Roe" in html
    assert "6 appearances" in html  # 5 + 1, one axis from May 2023


def test_compare_adds_by_name_and_stops_at_five(client, ann):
    others = [make_speaker(f"Person Number {n}") for n in range(5)]
    query = "&".join(f"s={s.slug}" for s in others[:4])

    added = client.get(f"{reverse('speakers:compare')}?s={ann.slug}&{query}&add=Person+Number+4")

    assert "At most 5 speakers fit on one chart." in added.content.decode()


def test_compare_names_who_is_not_found(client):
    html = client.get(reverse("speakers:compare") + "?s=nobody&add=Someone").content.decode()

    assert "No speaker at nobody." in html
    assert "Nobody called &#x27;Someone&#x27; is in the archive." in html


def test_no_speaker_can_take_the_compare_pages_slug():
    from archive import curation
    from speakers.resolve import get_or_create_speakers

    _, (created,) = get_or_create_speakers(["Compare"])

    assert created.slug == "compare-2"
    with pytest.raises(ValueError, match="page of its own"):
        curation.rename_speaker_slug(created, "compare")
