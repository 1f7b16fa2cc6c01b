"""Reading RSS feeds: hostile XML, and every rule for what we keep."""

from __future__ import annotations

import re
import time
import tracemalloc
from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.feeds.parse import parse_duration, parse_feed, pick_transcript
from archive.feeds.parsed import (
    PODCAST_NAMESPACES,
    FeedError,
    ParsedFeed,
    Person,
    TranscriptLink,
)

NEW_NS = PODCAST_NAMESPACES[0]


def rss(items: str = "", channel: str = "", namespace: str = NEW_NS) -> bytes:
    """A minimal feed around ``items`` and extra ``channel`` elements."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        f' xmlns:podcast="{namespace}">\n'
        f"<channel><title>Show</title>{channel}\n{items}\n</channel></rss>"
    ).encode()


def one_item(body: str, channel: str = "", namespace: str = NEW_NS):
    """The single item of a feed whose item is ``body``."""
    (item,) = parse_feed(rss(f"<item>{body}</item>", channel, namespace), source="t.xml").items
    return item


# --- hostile and malformed XML ------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title></channel></rss>"""


def test_billion_laughs_is_refused_before_anything_is_expanded():
    tracemalloc.start()
    with pytest.raises(FeedError, match="declares XML entities") as refused:
        parse_feed(BILLION_LAUGHS, source="laughs.xml")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 1_000_000  # expanded, &lol9; alone would be 3 GB
    assert refused.value.line == 3
    assert str(refused.value).startswith("laughs.xml, line 3: ")


def test_external_entity_is_refused_without_reading_the_file():
    data = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        b'<rss version="2.0"><channel><title>&xxe;</title></channel></rss>'
    )
    with pytest.raises(FeedError, match="external XML entity") as refused:
        parse_feed(data, source="xxe.xml")
    assert "file:///etc/passwd" in str(refused.value)
    assert "root:" not in str(refused.value)


def test_external_parameter_entity_is_refused():
    data = (
        b'<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>'
        b'<rss version="2.0"><channel><title>x</title></channel></rss>'
    )
    with pytest.raises(FeedError, match="external XML entity"):
        parse_feed(data, source="t.xml")


def test_a_doctype_without_entities_is_read_and_not_fetched():
    data = b'<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/rss.dtd"><rss><channel><title>A</title></channel></rss>'
    assert parse_feed(data, source="t.xml").title == "A"


def test_not_well_formed_names_the_line_and_problem():
    data = rss("<item>\n<title>Broken</titel>\n</item>")
    with pytest.raises(FeedError) as refused:
        parse_feed(data, source="broken.xml")
    assert refused.value.line == 5
    assert "not well-formed XML at column" in str(refused.value)
    assert "mismatched tag" in str(refused.value)
    assert str(refused.value).startswith("broken.xml, line 5: ")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "no element found", id="empty"),
        pytest.param(b"just some text", "not well-formed", id="text"),
        pytest.param(b"<rss><channel><title>&nbsp;</title></channel></rss>", "undefined entity"),
        pytest.param(
            b'<?xml version="1.0" encoding="bogus"?><rss/>', "encoding cannot be read", id="enc"
        ),
        pytest.param(
            b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title></feed>',
            "not an RSS feed: the root element is <feed> (namespace http://www.w3.org/2005/Atom)",
            id="atom",
        ),
        pytest.param(b"<html><body/></html>", "the root element is <html>", id="html"),
        pytest.param(b'<rss version="2.0"><title>A</title></rss>', "<rss> has no <channel>"),
    ],
)
def test_unreadable_feeds_are_refused_with_a_reason(data, message):
    with pytest.raises(FeedError, match="^t.xml.*" + re.escape(message)):
        parse_feed(data, source="t.xml")


def test_deeply_nested_markup_does_not_hit_the_recursion_limit():
    nested = "<b>" * 50_000 + "deep" + "</b>" * 50_000
    item = one_item(f"<guid>g</guid><description>{nested}</description>")
    assert (item.description, item.title) == ("deep", "deep")


def test_bom_and_leading_whitespace_before_the_root_are_accepted():
    data = b"\xef\xbb\xbf\n\n   " + rss("<item><guid>a</guid><title>One</title></item>")
    assert [item.title for item in parse_feed(data, source="t.xml").items] == ["One"]


SAMPLE = rss(
    '<item><guid>g</guid><title>T</title><enclosure url="https://a.test/1.mp3"/>'
    '<podcast:person role="guest">Ann</podcast:person></item>'
)


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=400)
    | st.builds(
        lambda cut, noise: SAMPLE[:cut] + noise + SAMPLE[cut:],
        st.integers(0, len(SAMPLE)),
        st.binary(max_size=8),
    )
)
def test_arbitrary_bytes_give_a_feed_or_a_feed_error(data):
    try:
        feed = parse_feed(data, source="fuzz.xml")
    except FeedError as refused:
        assert str(refused).startswith("fuzz.xml")
    else:
        assert isinstance(feed, ParsedFeed)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60))
def test_arbitrary_item_values_never_raise(value):
    text, attribute = escape(value), quoteattr(value)
    body = (
        f"<title>{text}</title><guid>{text}</guid><pubDate>{text}</pubDate>"
        f"<itunes:duration>{text}</itunes:duration><itunes:episode>{text}</itunes:episode>"
        f"<link>{text}</link><enclosure url={attribute} type={attribute}/>"
        f"<podcast:person role={attribute} href={attribute}>{text}</podcast:person>"
        f"<podcast:transcript url={attribute} type={attribute} language={attribute}/>"
    )
    try:
        item = one_item(body)
    except FeedError:
        return  # characters XML 1.0 forbids, e.g. most C0 controls
    assert len(item.title) <= 500 and len(item.guid) <= 500
    assert item.duration_seconds is None or item.duration_seconds >= 0


# --- item identity: guid and title -------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "guid", "derived_from"),
    [
        pytest.param(
            '<guid> g-1 </guid><enclosure url="https://a.test/1.mp3"/>', "g-1", "", id="own"
        ),
        pytest.param(
            '<guid></guid><link>https://a.test/p</link><enclosure url="https://a.test/1.mp3"/>',
            "https://a.test/1.mp3",
            "enclosure URL",
            id="enclosure",
        ),
        pytest.param(
            "<title>T</title><link>https://a.test/p</link>", "https://a.test/p", "link", id="link"
        ),
        pytest.param(
            "<title>Hello  World</title><pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate>",
            "Hello World Mon, 01 Jan 2024 00:00:00 GMT",
            "title and date",
            id="title-and-date",
        ),
        pytest.param("<title>Only a title</title>", "", "", id="nothing-stable"),
        pytest.param(
            '<title>T</title><enclosure url="javascript:alert(1)"/><link>https://a.test/p</link>',
            "https://a.test/p",
            "link",
            id="unsafe-enclosure-not-used",
        ),
    ],
)
def test_missing_guid_is_derived_stably(body, guid, derived_from):
    item = one_item(body)
    assert (item.guid, item.guid_derived_from) == (guid, derived_from)
    assert one_item(body).guid == guid  # the same feed again gives the same guid


def test_a_long_guid_is_shortened_to_fit_and_stays_distinct():
    first = one_item("<title>T</title><guid>" + "x" * 600 + "1</guid>")
    second = one_item("<title>T</title><guid>" + "x" * 600 + "2</guid>")
    assert len(first.guid) == len(second.guid) == 500
    assert first.guid != second.guid
    assert "guid is 601 characters" in first.warnings[0]


def test_missing_title_comes_from_the_plain_text_description():
    description = (
        "<![CDATA[<p>We talk <b>caching</b> &amp; queues with Ann Lee, " + "x" * 100 + "</p>]]>"
    )
    item = one_item(f"<guid>g</guid><description>{description}</description>")
    assert item.title == ("We talk caching & queues with Ann Lee, " + "x" * 100)[:80]
    assert item.warnings == ["the item has no <title>; titled from its description"]


def test_missing_title_and_description_is_an_untitled_episode():
    item = one_item("<guid>g</guid>")
    assert item.title == "Untitled episode"
    assert item.warnings == ["the item has no <title>; titled from 'Untitled episode'"]


def test_a_long_title_is_cut_to_the_column_size():
    item = one_item("<guid>g</guid><title>" + "word " * 200 + "</title>")
    assert len(item.title) <= 500
    assert item.title.startswith("word word")
    assert any("title is 999 characters; cut to 500" in w for w in item.warnings)


# --- dates, durations, numbers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sat, 14 Sep 2024 19:15:44 +0000", datetime(2024, 9, 14, 19, 15, 44, tzinfo=UTC)),
        ("Sat, 14 Sep 2024 21:15:44 +0200", datetime(2024, 9, 14, 19, 15, 44, tzinfo=UTC)),
        ("Sat, 14 Sep 2024 19:15:44 -0000", datetime(2024, 9, 14, 19, 15, 44, tzinfo=UTC)),
        ("2024-09-14T19:15:44Z", datetime(2024, 9, 14, 19, 15, 44, tzinfo=UTC)),
        ("2024-09-14T21:15:44+02:00", datetime(2024, 9, 14, 19, 15, 44, tzinfo=UTC)),
        ("2024-09-14 19:15:44", datetime(2024, 9, 14, 19, 15, 44, tzinfo=UTC)),
    ],
)
def test_pubdate_rfc822_and_iso8601(text, expected):
    item = one_item(f"<guid>g</guid><title>T</title><pubDate>{text}</pubDate>")
    assert item.published_at == expected
    assert item.published_at.utcoffset().total_seconds() == 0
    assert item.warnings == []


@pytest.fixture
def local_time_in_new_york(monkeypatch):
    """A process clock away from UTC, so "naive means local time" would show."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("local_time_in_new_york")
@pytest.mark.parametrize("text", ["2024-09-14T19:15:44", "Sat, 14 Sep 2024 19:15:44 -0000"])
def test_a_date_without_offset_is_utc_not_local_time(text):
    item = one_item(f"<guid>g</guid><title>T</title><pubDate>{text}</pubDate>")
    assert item.published_at == datetime(2024, 9, 14, 19, 15, 44, tzinfo=UTC)


def test_bad_pubdate_is_an_item_warning_and_no_date():
    feed = rss(
        "<item><guid>1</guid><title>A</title></item><item><guid>2</guid><title>B</title></item>"
        "<item><guid>3</guid><title>Title</title><pubDate>next Tuesday</pubDate></item>"
    )
    item = parse_feed(feed, source="t.xml").items[2]
    assert item.published_at is None
    assert item.warnings == ["pubDate 'next Tuesday' is not a date; imported without one"]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("00:52:01", 3121),
        ("1:02:03", 3723),
        ("52:01", 3121),
        ("75:30", 4530),
        ("4209", 4209),
        (" 123.5 ", 124),
        ("123.4", 123),
        ("01:00:00.750", 3601),
        ("0", 0),
        ("12:61", None),
        ("1:2:3:4", None),
        ("an hour", None),
        ("-5", None),
        ("3,600", None),
        ("1e3", None),
        ("٣٠", None),
        ("", None),
    ],
)
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


def test_bad_duration_is_an_item_warning():
    item = one_item(
        "<guid>g</guid><title>T</title><itunes:duration>about an hour</itunes:duration>"
    )
    assert item.duration_seconds is None
    assert item.warnings == ["itunes:duration 'about an hour' is not a duration; ignored"]


@given(st.text(max_size=40))
def test_parse_duration_never_raises(text):
    seconds = parse_duration(text)
    assert seconds is None or (isinstance(seconds, int) and seconds >= 0)


@given(st.integers(0, 99), st.integers(0, 59), st.integers(0, 59))
def test_parse_duration_reads_every_hh_mm_ss(hours, minutes, seconds):
    assert parse_duration(f"{hours:02}:{minutes:02}:{seconds:02}") == (
        hours * 3600 + minutes * 60 + seconds
    )


def test_episode_and_season_numbers():
    item = one_item(
        "<guid>g</guid><title>T</title><itunes:episode> 12 </itunes:episode>"
        "<itunes:season>two</itunes:season>"
    )
    assert (item.episode_number, item.season_number) == (12, None)
    assert item.warnings == ["itunes:season 'two' is not a whole number; ignored"]


# --- URLs and text ----------------------------------------------------------------------------


def test_unsafe_urls_are_dropped_with_warnings():
    feed = parse_feed(
        rss(
            "<item><guid>g</guid><title>T</title><link>javascript:alert(1)</link>"
            '<enclosure url="data:audio/mpeg;base64,AAAA" type="audio/mpeg"/>'
            '<podcast:chapters url="/relative/chapters.json"/>'
            '<podcast:person href="javascript:alert(2)" img="ftp://a.test/p.jpg">Ann</podcast:person>'
            '<podcast:transcript url="file:///etc/passwd" type="text/vtt"/>'
            '<podcast:transcript url="https://a.test/t.srt" type="application/srt"/>'
            "</item>",
            channel="<link>javascript:void(0)</link><image><url>//cdn.test/i.png</url></image>",
        ),
        source="t.xml",
    )
    assert (feed.link, feed.image_url) == ("", "")
    assert len(feed.warnings) == 2
    assert feed.warnings[0] == "channel: link 'javascript:void(0)' is not an http(s) URL; dropped"
    (item,) = feed.items
    assert (item.page_url, item.audio_url, item.chapters_url) == ("", "", "")
    assert item.persons == [Person(name="Ann")]
    assert [t.url for t in item.transcripts] == ["https://a.test/t.srt"]
    assert len(item.warnings) == 6
    assert all("is not an http(s) URL; dropped" in w for w in item.warnings)


def test_a_url_longer_than_its_column_is_dropped():
    long_url = "https://a.test/" + "a" * 1000
    item = one_item(f'<guid>g</guid><title>T</title><enclosure url="{long_url}"/>')
    assert item.audio_url == ""
    assert item.warnings == ["enclosure URL is 1015 characters, over 1000; dropped"]


def test_image_falls_back_from_itunes_image_to_rss_image():
    feed = parse_feed(rss(channel="<image><url>https://a.test/i.png</url></image>"), source="t")
    assert feed.image_url == "https://a.test/i.png"


def test_description_preferences():
    item = one_item(
        "<guid>g</guid><title>T</title><itunes:summary>summary</itunes:summary>"
        "<description>plain</description><content:encoded><![CDATA[<p>rich</p>]]></content:encoded>"
    )
    assert item.description == "<p>rich</p>"
    item = one_item("<guid>g</guid><title>T</title><itunes:summary>summary</itunes:summary>")
    assert item.description == "summary"
    feed = parse_feed(
        rss(channel="<itunes:summary>summary</itunes:summary><description>d</description>"),
        source="t",
    )
    assert feed.description == "d"
    assert (
        parse_feed(rss(channel="<itunes:summary>s</itunes:summary>"), source="t").description == "s"
    )


def test_control_characters_are_stripped_from_text():
    item = one_item("<guid>g</guid><title>A&#13;B</title><description>x&#13;y\tz\nw</description>")
    assert (item.title, item.description) == ("AB", "xy\tz\nw")


def test_a_channel_without_title_is_untitled_with_a_warning():
    data = b'<rss version="2.0"><channel><language>EN-GB</language></channel></rss>'
    feed = parse_feed(data, source="t")
    assert (feed.title, feed.language) == ("Untitled show", "en-gb")
    assert feed.warnings == ["channel: the channel has no <title>; called 'Untitled show'"]


# --- size -------------------------------------------------------------------------------------


def many_items(count: int) -> bytes:
    item = (
        "<item><guid>g{0}</guid><title>Episode {0}</title>"
        "<pubDate>Sat, 14 Sep 2024 19:15:44 +0000</pubDate>"
        '<enclosure url="https://a.test/{0}.mp3" type="audio/mpeg"/>'
        "<itunes:duration>01:02:03</itunes:duration><description>About {0}</description>"
        '<podcast:person role="guest">Guest {0}</podcast:person>'
        '<podcast:transcript url="https://a.test/{0}.vtt" type="text/vtt"/></item>'
    )
    return rss("".join(item.format(n) for n in range(count)))


def test_five_thousand_items_parse_in_bounded_memory():
    data = many_items(5000)
    tracemalloc.start()
    feed = parse_feed(data, source="big.xml")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 30 * len(data)  # the tree and the dataclasses, nothing quadratic
    assert len(feed.items) == 5000
    assert feed.items[-1].guid == "g4999"
    assert feed.items[-1].persons == [Person(name="Guest 4999", role="guest")]


def test_max_items_refuses_a_longer_feed():
    data = many_items(11)
    with pytest.raises(FeedError, match="the feed has 11 items, more than the limit of 10"):
        parse_feed(data, source="t.xml", max_items=10)
    assert len(parse_feed(data, source="t.xml", max_items=11).items) == 11


# --- podcast:person ---------------------------------------------------------------------------


@pytest.mark.parametrize("namespace", PODCAST_NAMESPACES)
def test_both_podcast_namespace_uris_are_read(namespace):
    body = '<guid>g</guid><title>T</title><podcast:person role="guest">Ann</podcast:person>'
    feed = parse_feed(rss(f"<item>{body}</item>", namespace=namespace), source="t")
    assert feed.podcast_namespace == namespace
    assert feed.items[0].persons == [Person(name="Ann", role="guest")]


def test_an_unknown_podcast_namespace_is_not_read():
    data = rss("<item><guid>g</guid><podcast:person>Ann</podcast:person></item>", namespace="urn:x")
    feed = parse_feed(data, source="t")
    assert (feed.podcast_namespace, feed.items[0].persons) == ("", [])


def test_person_role_and_group_are_case_insensitive_and_name_collapsed():
    item = one_item(
        '<guid>g</guid><title>T</title><podcast:person role=" Guest " group="CAST"'
        ' href="https://ann.test" img="https://ann.test/a.jpg">\n  Ann\n  Lee </podcast:person>'
        '<podcast:person role="Cover  Art Designer" group="Visuals">Bo</podcast:person>'
    )
    assert item.persons == [
        Person(
            name="Ann Lee",
            role="guest",
            group="cast",
            href="https://ann.test",
            img="https://ann.test/a.jpg",
        ),
        Person(name="Bo", role="cover art designer", group="visuals"),
    ]
    assert item.persons_from_channel is False


def test_person_without_a_name_is_skipped_with_a_warning():
    item = one_item(
        '<guid>g</guid><title>T</title><podcast:person role="guest">  </podcast:person>'
        "<podcast:person>Bo</podcast:person>"
    )
    assert item.persons == [Person(name="Bo")]
    assert item.warnings == ["a podcast:person has no name; skipped"]


def test_item_without_persons_gets_a_copy_of_the_channels():
    feed = parse_feed(
        rss(
            "<item><guid>1</guid><title>A</title></item>"
            "<item><guid>2</guid><title>B</title>"
            '<podcast:person role="guest">Bo</podcast:person></item>',
            channel="<podcast:person>Ann</podcast:person>",
        ),
        source="t",
    )
    first, second = feed.items
    assert (first.persons, first.persons_from_channel) == ([Person(name="Ann")], True)
    assert first.persons is not feed.persons
    assert (second.persons, second.persons_from_channel) == ([Person("Bo", "guest")], False)


# --- podcast:transcript and pick_transcript --------------------------------------------------


def test_transcript_type_loses_parameters_and_case():
    item = one_item(
        '<guid>g</guid><title>T</title><podcast:transcript url="https://a.test/t.vtt"'
        ' type="Text/VTT; charset=utf-8" language="EN-us" rel="Captions"/>'
        '<podcast:transcript type="text/plain"/>'
    )
    assert item.transcripts == [
        TranscriptLink(
            url="https://a.test/t.vtt", type="text/vtt", language="en-us", rel="captions"
        )
    ]
    assert item.warnings == ["a podcast:transcript has no url; skipped"]


def link(kind: str, language: str = "", rel: str = "", name: str = "") -> TranscriptLink:
    return TranscriptLink(
        url=f"https://a.test/{name or kind}", type=kind, language=language, rel=rel
    )


@pytest.mark.parametrize(
    ("types", "chosen"),
    [
        (["text/plain", "application/srt", "text/vtt"], "text/vtt"),
        (["text/html", "application/json"], "application/json"),
        (["text/plain", "application/x-subrip"], "application/x-subrip"),
        (["text/plain", "text/srt"], "text/srt"),
        (["text/plain", "text/html"], "text/html"),
        (["application/pdf", "text/plain"], "text/plain"),
        (["application/pdf"], "application/pdf"),
        (["application/json", "text/vtt"], "application/json"),
        (["text/vtt", "application/json"], "text/vtt"),
    ],
)
def test_pick_transcript_prefers_the_richest_type(types, chosen):
    assert pick_transcript([link(kind) for kind in types]).type == chosen


def test_pick_transcript_of_nothing_is_none():
    assert pick_transcript([]) is None
    assert pick_transcript([], "en") is None


def test_pick_transcript_honours_the_show_language():
    links = [link("text/vtt", "de"), link("application/srt", "EN-us"), link("text/html", "fr")]
    assert pick_transcript(links, "en").language == "EN-us"
    assert pick_transcript(links, "EN-GB").language == "EN-us"
    assert pick_transcript(links, "de-AT").language == "de"
    assert pick_transcript(links).language == "de"  # no show language: the richest


def test_pick_transcript_treats_no_language_as_matching_and_falls_back_to_all():
    links = [link("text/vtt", "de"), link("application/srt")]
    assert pick_transcript(links, "en").type == "application/srt"
    assert pick_transcript([link("text/vtt", "de"), link("text/plain", "fr")], "en").type == (
        "text/vtt"
    )


def test_pick_transcript_prefers_non_captions_at_equal_rank_then_feed_order():
    captions = link("text/vtt", rel="captions", name="captions")
    transcript = link("application/json", name="speakers")
    assert pick_transcript([captions, transcript]) is transcript
    assert (
        pick_transcript([link("text/vtt", rel="captions"), link("text/plain")]).type == "text/vtt"
    )
    first, second = link("text/vtt", name="first"), link("text/vtt", name="second")
    assert pick_transcript([first, second]) is first
