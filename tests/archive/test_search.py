"""Full-text search: one queryset method, the same answers on PostgreSQL and SQLite."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from archive import curation, search
from archive.curation.audit import find_drift
from archive.ingest import import_transcript
from archive.models import Episode, Utterance
from archive.search.query import QueryError, parse, to_fts5, to_tsquery
from speakers.models import Speaker, SpeakerAlias
from tests.factories import make_episode, transcript

pytestmark = pytest.mark.django_db


def found(query, queryset=None):
    """Texts of the lines ``query`` finds, best first."""
    hits = (Utterance.objects.all() if queryset is None else queryset).search(query)
    hits = hits.order_by("-rank", "pk")
    return [hit.text for hit in hits]


@pytest.fixture
def lines():
    episode = make_episode(title="Why Caches Lie")
    import_transcript(
        episode,
        transcript(
            ("Ada", 0, "Welcome to the show about caching and stale reads."),
            ("Kenji", 2000, "Every cache lies eventually; the cache stampede is the worst."),
            ("Ada", 4000, "Tell me about the stampede at the bank."),
            ("Kenji", 6000, "We used Redis, and <script>alert(1)</script> showed up in a log."),
            ("Ada", 8000, "Eventually consistent is a polite way to say wrong."),
        ),
        source="t",
        content_hash="h",
    )
    return episode


# Parsing: pure, the same for both engines.


@pytest.mark.parametrize(
    ("query", "tsquery", "fts5"),
    [
        ("caches lie", "'caches' & 'lie'", '"caches" AND "lie"'),
        (
            '"cache stampede" -redis',
            "('cache' <-> 'stampede') & !'redis'",
            '"cache stampede" NOT ("redis")',
        ),
        ("ada OR kenji stamp*", "('ada' | 'kenji') & 'stamp':*", '("ada" OR "kenji") AND "stamp"*'),
        ("The Cache!", "'cache'", '"cache"'),
    ],
)
def test_queries_are_written_for_each_engine(query, tsquery, fts5):
    parsed = parse(query)

    assert (to_tsquery(parsed), to_fts5(parsed)) == (tsquery, fts5)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type a word or two"),
        ("   ***  ", "Type a word or two"),
        ("a", "at least two letters"),
        ("the and of", "too common to search for"),
        ('"it is"', "too common to search for"),
        ("-redis", "not only what to leave out"),
    ],
)
def test_a_query_with_nothing_to_find_says_why(query, message):
    with pytest.raises(QueryError, match=message):
        parse(query)


def test_an_unbalanced_quote_closes_at_the_end_and_says_so():
    parsed = parse('"cache stampede')

    assert parsed.words == ["cache", "stampede"]
    assert "closing quote was missing" in parsed.notes[0]


# Searching, on whichever database the suite runs.


def test_words_are_found_whatever_their_ending(lines):
    assert found("caches") == [
        "Every cache lies eventually; the cache stampede is the worst.",
        "Welcome to the show about caching and stale reads.",
    ]


def test_phrase_exclusion_or_and_prefix(lines):
    assert found('"cache stampede"') == [
        "Every cache lies eventually; the cache stampede is the worst."
    ]
    assert found("stampede -bank") == [
        "Every cache lies eventually; the cache stampede is the worst."
    ]
    assert set(found("redis OR polite")) == {
        "We used Redis, and <script>alert(1)</script> showed up in a log.",
        "Eventually consistent is a polite way to say wrong.",
    }
    assert found("consist*") == ["Eventually consistent is a polite way to say wrong."]


def test_a_speakers_name_finds_their_lines(lines):
    assert set(found("kenji")) == set(
        Utterance.objects.filter(speaker__name="Kenji").values_list("text", flat=True)
    )


def test_snippets_escape_the_text_and_mark_the_hits(lines):
    (hit,) = Utterance.objects.search("redis")

    html = search.highlight(hit.snippet)

    assert "<mark>Redis</mark>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html


def test_hidden_episodes_and_speakers_never_appear(lines):
    curation.set_published(Speaker.objects.filter(name="Kenji"), False)
    assert found("cache", Utterance.objects.public()) == [
        "Welcome to the show about caching and stale reads."
    ]

    curation.set_published(Episode.objects.filter(pk=lines.pk), False)
    assert found("caching", Utterance.objects.public()) == []


# The index stays in step with every curation operation.


def test_an_edited_line_is_found_by_its_new_words_only(lines):
    line = Utterance.objects.get(text__startswith="Tell me")

    curation.edit_utterance(line, text="Tell me about the thundering herd.")

    assert found("thundering") == ["Tell me about the thundering herd."]
    assert found("bank") == []
    assert find_drift() == []


def test_reattribution_merge_split_and_rename_move_the_name(lines):
    ada, kenji = Speaker.objects.get(name="Ada"), Speaker.objects.get(name="Kenji")
    polite = "Eventually consistent is a polite way to say wrong."

    curation.reattribute(Utterance.objects.filter(text=polite), kenji)
    assert polite in found("kenji")
    curation.merge_speakers(ada, [kenji])
    assert polite in found("ada") and found("kenji") == []
    curation.split_alias(SpeakerAlias.objects.get(name="Kenji"))
    assert polite not in found("kenji")  # it was Ada's label, so it stayed with her
    ada.name = "Ada Okafor"
    curation.save_speaker(ada, ["name"])
    assert polite in found("okafor")
    assert find_drift() == []


def test_deleted_and_reimported_lines_leave_the_index(lines):
    curation.delete_utterances(Utterance.objects.filter(text__contains="Redis"))
    assert found("redis") == []

    import_transcript(
        lines,
        transcript(("Ada", 0, "A brand new transcript about memcached.")),
        source="t",
        content_hash="i",
    )
    assert found("memcached") == ["A brand new transcript about memcached."]
    assert found("stampede") == []
    curation.delete_episodes(Episode.objects.all())
    assert found("memcached") == []
    assert find_drift() == []


def test_check_archive_reports_and_repairs_a_stale_index(lines, capsys):
    Utterance.objects.filter(text__startswith="Tell me").update(text="Tell me about the outage.")

    with pytest.raises(CommandError):
        call_command("check_archive")
    assert "search index: 1 lines missing or out of date" in capsys.readouterr().out
    assert found("outage") == []

    call_command("check_archive", "--repair")
    assert found("outage") == ["Tell me about the outage."]


def test_check_archive_finds_index_entries_for_lines_that_are_gone(lines):
    Utterance.objects.filter(text__contains="Redis").delete()  # behind the core's back

    drift = [item.what for item in find_drift() if item.what.startswith("search")]

    # On PostgreSQL the document is a column of the line, so it cannot outlive it.
    gone = ["search index: 1 entries for lines that are gone"]
    assert drift == (gone if connection.vendor == "sqlite" else [])
