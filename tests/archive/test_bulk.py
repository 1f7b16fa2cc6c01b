import pytest
from django.db import connection

from archive.bulk import copy_rows, reserve_ids
from archive.models import Episode, Utterance
from tests.factories import make_episode

pytestmark = pytest.mark.django_db


def test_copy_rows_writes_every_row_with_the_given_ids():
    episode = make_episode()
    ids = reserve_ids(Utterance, 3) if connection.vendor == "postgresql" else [901, 902, 903]
    rows = [(pk, episode.pk, "", n, n * 1000, None, f"line {n}") for n, pk in enumerate(ids)]
    columns = ["id", "episode_id", "speaker_label", "sequence", "start_ms", "end_ms", "text"]

    assert copy_rows(Utterance, columns, rows) == 3

    stored = list(Episode.objects.get(pk=episode.pk).utterances.values_list("id", "text"))
    assert stored == [(ids[0], "line 0"), (ids[1], "line 1"), (ids[2], "line 2")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="sequences are PostgreSQL's")
def test_reserved_ids_are_fresh_and_never_handed_out_again():
    first = reserve_ids(Utterance, 5)
    second = reserve_ids(Utterance, 2)

    assert len(set(first)) == 5
    assert min(second) > max(first)
    assert reserve_ids(Utterance, 0) == []
