"""HTML transcripts: ``<cite>``/``<time>``/``<p>`` blocks, saved pages, refusals and the corpus."""

import contextlib
import html as html_escaping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.formats import TranscriptError, html, read_transcript
from archive.formats.base import DEFAULT_LIMITS
from archive.formats.speakerline import refused_label, split_label
from archive.turns import merge_turns

BUZZCAST = "html_buzzcast_saved-full-document.html"
BUZZSPROUT_EXAMPLE = "html_buzzsprout-example_fragment-entities.html"
PODNEWS = "html_podnews-2023-03-17_first-block-no-cite.html"


def read(text: str, **kwargs):
    return read_transcript(text.encode(), source="test.html", **kwargs)


def read_corpus(corpus, name: str):
    return read_transcript((corpus / name).read_bytes(), source=name)


def labels(parsed) -> list:
    return [segment.label for segment in parsed.segments]


# The real corpus: expected values are copied by hand from ../shared/corpus/EXPECTED.md.
# Turn counts: `grep -o '<cite>[^<]*</cite>' FILE | uniq | wc -l` gives the runs of
# consecutive same-speaker blocks (34, 10, 8); no run repeats, and Podnews adds its
# one uncited first block (9).


def test_buzzcast_saved_page_is_detected_and_read(corpus):
    parsed = read_corpus(corpus, BUZZCAST)
    assert parsed.format == "html"
    assert len(parsed.segments) == 34
    assert set(labels(parsed)) == {"Alban", "Kevin", "Travis", "Tom", "Dave"}
    assert len(merge_turns(parsed)) == 34


def test_buzzcast_first_and_last_block(corpus):
    parsed = read_corpus(corpus, BUZZCAST)
    first, last = parsed.segments[0], parsed.segments[-1]
    assert (first.label, first.start_ms, first.location) == ("Alban", 0, "block 1 (line 3)")
    assert first.text.startswith("It is so stinking nice to like, show")
    assert first.text.endswith("Yeah, I mean, exactly.")
    assert (last.label, last.start_ms, last.end_ms) == ("Travis", 1_661_000, None)
    assert last.text.endswith("Why is Alban the coolest? No,")


def test_buzzcast_entity_is_decoded(corpus):
    parsed = read_corpus(corpus, BUZZCAST)
    all_text = " ".join(segment.text for segment in parsed.segments)
    assert "&amp;" not in all_text
    assert "&" in all_text


def test_buzzsprout_example_fragment_decodes_apostrophes(corpus):
    parsed = read_corpus(corpus, BUZZSPROUT_EXAMPLE)
    assert parsed.format == "html"
    assert len(parsed.segments) == 10
    assert set(labels(parsed)) == {"Travis", "Sarah", "Gilon"}
    first = parsed.segments[0]
    assert (first.label, first.start_ms) == ("Travis", 0)
    assert first.text.startswith("When you first get started in podcasting, it's")
    assert parsed.segments[-1].start_ms == 691_000
    assert len(merge_turns(parsed)) == 10


def test_podnews_first_block_without_cite_keeps_its_time(corpus):
    parsed = read_corpus(corpus, PODNEWS)
    assert parsed.format == "html"
    assert len(parsed.segments) == 9
    assert set(labels(parsed)) == {None, "Norma-Jean Belenky", "Jingle"}
    first, last = parsed.segments[0], parsed.segments[-1]
    assert (first.label, first.start_ms) == (None, 0)
    assert first.text.startswith("Hello. And just before we start, I'm gonna")
    assert (last.label, last.start_ms) == ("Jingle", 1_130_000)
    assert len(merge_turns(parsed)) == 9


# Blocks.

FRAGMENT = """<cite>Travis:</cite>
<time>0:00</time>
<p>It&#39;s   here,
  and  now</p>
<cite>Sarah:</cite>
<time>12:05</time>
<p>Q&amp;A time</p>
"""


def test_fragment_gives_labels_without_colon_times_and_decoded_text():
    parsed = read(FRAGMENT)
    assert [(s.label, s.start_ms, s.end_ms, s.text, s.location) for s in parsed.segments] == [
        ("Travis", 0, None, "It's here, and now", "block 1 (line 1)"),
        ("Sarah", 725_000, None, "Q&A time", "block 2 (line 5)"),
    ]


@pytest.mark.parametrize(
    ("written", "ms"),
    [("0:07", 7000), ("12:34", 754_000), ("1:02:03", 3_723_000), ("[4:05]", 245_000)],
)
def test_time_shapes_are_read(written, ms):
    parsed = read(f"<cite>A:</cite><time>{written}</time><p>hi</p>")
    assert parsed.segments[0].start_ms == ms


@pytest.mark.parametrize(
    ("attribute", "ms"), [("PT1M7S", 67_000), ("PT1H2M3.5S", 3_723_500), ("00:01:07", 67_000)]
)
def test_datetime_attribute_wins_over_the_visible_time(attribute, ms):
    parsed = read(f'<cite>A:</cite><time datetime="{attribute}">1:00</time><p>hi</p>')
    assert parsed.segments[0].start_ms == ms


def test_unparseable_datetime_attribute_falls_back_to_the_visible_time():
    parsed = read('<cite>A:</cite><time datetime="tomorrow">1:00</time><p>hi</p>')
    assert parsed.segments[0].start_ms == 60_000


def test_block_without_time_has_no_start():
    parsed = read("<cite>A:</cite><p>hi</p><cite>B:</cite><p>ho</p>")
    assert [(s.label, s.start_ms) for s in parsed.segments] == [("A", None), ("B", None)]


def test_paragraphs_of_a_block_are_joined_and_br_is_a_space():
    parsed = read("<cite>A:</cite><time>0:01</time><p>one<br>two</p><p>three<br/>four</p>")
    assert parsed.segments[0].text == "one two three four"


def test_blocks_without_cite_follow_each_other_by_time():
    parsed = read("<time>0:00</time><p>one</p><time>0:05</time><p>two</p>")
    assert [(s.label, s.start_ms, s.text) for s in parsed.segments] == [
        (None, 0, "one"),
        (None, 5000, "two"),
    ]


def test_consecutive_blocks_of_one_speaker_merge_into_one_turn():
    parsed = read(
        "<cite>A:</cite><time>0:00</time><p>one</p><cite>A:</cite><time>0:10</time><p>two</p>"
        "<cite>B:</cite><time>0:20</time><p>three</p>"
    )
    assert [(turn.label, turn.text) for turn in merge_turns(parsed)] == [
        ("A", "one two"),
        ("B", "three"),
    ]


def test_cite_and_time_inside_the_paragraph_are_read():
    parsed = read("<p><cite>A:</cite> <time>0:03</time> hello there</p>")
    assert [(s.label, s.start_ms, s.text) for s in parsed.segments] == [("A", 3000, "hello there")]


def test_markup_inside_paragraphs_keeps_its_text():
    parsed = read('<cite><b>A</b>:</cite><time>0:01</time><p>a <a href="#">link</a>!</p>')
    assert (parsed.segments[0].label, parsed.segments[0].text) == ("A", "a link!")


SAVED_PAGE = """
<!-- saved from url=(0054)https://feeds.buzzsprout.com/231452/9092843/transcript -->
<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>Episode 5 transcript</title>
<style>p { color: red } cite:after { content: "<p>x</p>" }</style>
<script>var t = "<cite>Nobody:</cite><p>no</p>";</script>
</head><body>
<p>Transcript of the episode, auto-generated.</p>
<cite>Alban:</cite>
  <time>0:00</time>
  <p>It is so stinking nice</p>
<script>document.write("<p>not speech</p>")</script>
</body></html>
"""


def test_saved_page_skips_head_script_style_and_prose_before_the_first_block():
    parsed = read(SAVED_PAGE)
    assert [(s.label, s.start_ms, s.text) for s in parsed.segments] == [
        ("Alban", 0, "It is so stinking nice")
    ]
    assert parsed.title == "Episode 5 transcript"
    assert parsed.warnings == ["skipped 1 paragraph(s) before the first <cite> or <time>"]


def test_block_without_paragraph_is_skipped_with_a_warning():
    parsed = read("<cite>A:</cite><time>0:01</time><cite>B:</cite><time>0:02</time><p>hi</p>")
    assert [(s.label, s.location) for s in parsed.segments] == [("B", "block 2 (line 1)")]
    assert parsed.warnings == ["block 1 (line 1): no <p> text; skipped"]


# Refusals.


def test_bad_time_names_the_block():
    text = FRAGMENT + "<cite>Gilon:</cite><time>3:xx</time><p>hi</p>"
    with pytest.raises(TranscriptError) as error:
        read(text)
    assert str(error.value) == "test.html: block 3 (line 8): '3:xx' is not a time"


def test_html_without_transcript_blocks_is_refused():
    page = "<html><body><p>Just an article.</p><p>With paragraphs.</p></body></html>"
    with pytest.raises(TranscriptError, match="no <p> transcript blocks found"):
        read(page, format="html")


def test_malformed_declaration_is_a_transcript_error():
    with pytest.raises(TranscriptError, match="the HTML could not be read"):
        read("<cite>A:</cite><time>0:00</time><p>hi</p><![ ]>", format="html")


# Detection.


@pytest.mark.parametrize(
    "text", [FRAGMENT, SAVED_PAGE, "<TIME>0:00</TIME>\n<P class=x>hi</P>", "<cite >A</cite>"]
)
def test_detects_transcript_markup(text):
    assert html.detect(text)


@pytest.mark.parametrize(
    "text",
    [
        "<html><body><p>Just an article.</p></body></html>",
        "1\n00:00:01,000 --> 00:00:02,000\n<i>Hi</i>\n",
        "Alban: <b>hello</b>\n",
        "<citation>x</citation><pre>y</pre>",
    ],
)
def test_does_not_claim_other_markup(text):
    assert html.detect(text) is None


# Properties.


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_only_ever_raises_transcript_error(text):
    with contextlib.suppress(TranscriptError):
        html.parse(text, limits=DEFAULT_LIMITS)
    html.detect(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="<>/!?[]-&#;:=\"' citmepbrahdsy0123456789", max_size=150))
def test_markup_shaped_noise_only_ever_raises_transcript_error(text):
    with contextlib.suppress(TranscriptError):
        html.parse(text, limits=DEFAULT_LIMITS)


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_arbitrary_bytes_only_ever_raise_transcript_error(data):
    with contextlib.suppress(TranscriptError):
        read_transcript(data, source="fuzz.html", format="html")


SPEAKERS = ["Travis", "Norma-Jean Belenky", "Dave", "Speaker 2"]
SPEECH = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]),
    min_size=1,
    max_size=60,
).filter(str.strip)
BLOCK = st.fixed_dictionaries(
    {
        "name": st.one_of(st.none(), st.sampled_from(SPEAKERS)),
        "seconds": st.integers(min_value=0, max_value=5 * 3600),
        "paragraphs": st.lists(SPEECH, min_size=1, max_size=3),
    }
)


def clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


def write_html(blocks: list[dict]) -> tuple[str, list[tuple]]:
    """A small Buzzsprout-shaped writer plus what reading it back must give."""
    parts, expected = [], []
    for block in blocks:
        if block["name"]:
            parts.append(f"<cite>{block['name']}:</cite>")
        parts.append(f"  <time>{clock(block['seconds'])}</time>")
        parts += [f"  <p>{html_escaping.escape(text)}</p>" for text in block["paragraphs"]]
        text = " ".join(" ".join(paragraph.split()) for paragraph in block["paragraphs"])
        expected.append((block["name"], block["seconds"] * 1000, text))
    return "\n".join(parts), expected


@settings(max_examples=200, deadline=None)
@given(st.lists(BLOCK, min_size=1, max_size=10))
def test_written_blocks_round_trip(blocks):
    text, expected = write_html(blocks)
    parsed = read(text)
    assert parsed.format == "html"
    assert [(s.label, s.start_ms, s.text) for s in parsed.segments] == expected


# Published transcript pages without <cite>: bold labels, <dl> lists, class-marked blocks.

BOLD_PAGE = """<!doctype html>
<html><head><title>Ep. 7: Moss</title></head>
<body>
<nav><ul><li><p><strong>Home:</strong> back to the start</p></li></ul></nav>
<header><p><b>Menu:</b> Episodes, About</p></header>
<main>
  <h1>Moss, slowly</h1>
  <p>Transcript generated by a machine; expect slips.</p>
  <p><strong>Odile Varga:</strong> Welcome back. Today, moss.</p>
  <p>It grows on the north side, mostly.</p>
  <p><b>Femi</b>: Mostly? That is <b>not</b> a rule.</p>
  <p><strong>Odile Varga</strong> <span>00:01:02</span></p>
  <p>A tendency, then.</p>
  <p>[00:01:30] And a damp one.</p>
</main>
<aside><p><strong>Related:</strong> ferns</p></aside>
<footer><p><strong>Contact:</strong> letters only</p></footer>
</body></html>
"""


def test_bold_label_page_is_detected_and_read_inside_main_only():
    parsed = read(BOLD_PAGE)
    assert parsed.format == "html"
    assert parsed.detected_because == "HTML with <p><strong>Name:</strong> paragraphs"
    assert [(s.label, s.start_ms, s.text, s.location) for s in parsed.segments] == [
        (
            "Odile Varga",
            None,
            "Welcome back. Today, moss. It grows on the north side, mostly.",
            "block 1 (line 9)",
        ),
        ("Femi", None, "Mostly? That is not a rule.", "block 2 (line 11)"),
        ("Odile Varga", 62_000, "A tendency, then.", "block 3 (line 12)"),
        ("Odile Varga", 90_000, "And a damp one.", "block 4 (line 14)"),
    ]
    assert parsed.title == "Ep. 7: Moss"
    assert parsed.warnings == ["skipped 1 paragraph(s) before the first speaker label or time"]
    assert [(t.label, t.start_ms) for t in merge_turns(parsed)] == [
        ("Odile Varga", None),
        ("Femi", None),
        ("Odile Varga", 62_000),
    ]


def test_page_furniture_is_skipped_without_main():
    page = BOLD_PAGE.replace("<main>", "<div>").replace("</main>", "</div>")
    labels_read = {s.label for s in read(page).segments}
    assert labels_read == {"Odile Varga", "Femi"}


def test_bold_that_is_not_a_label_is_speech():
    parsed = read(
        "<p><b>Ana:</b> one</p><p><b>Careful</b> with that.</p>"
        "<p><strong>Here is the plan, roughly:</strong> two</p><p><b>Ben:</b> three</p>"
    )
    assert [(s.label, s.text) for s in parsed.segments] == [
        ("Ana", "one Careful with that. Here is the plan, roughly: two"),
        ("Ben", "three"),
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        "<p><strong>Ana:</strong> [1:02:03] hi</p>",
        "<p><b>Ana</b> (1:02:03) hi</p>",
        "<p><b>Ana</b>: 1:02:03 hi</p>",
        '<p><b>Ana</b> <span class="timestamp">1:02:03</span> hi</p>',
    ],
)
def test_time_after_a_bold_label_is_read(paragraph):
    parsed = read(paragraph + "<p><b>Ben:</b> ho</p>")
    assert (parsed.segments[0].label, parsed.segments[0].start_ms) == ("Ana", 3_723_000)
    assert parsed.segments[0].text == "hi"


DEFINITION_LIST = """<article>
<dl>
  <dt>Ines:</dt><dd>[00:00:04] Is the bread <em>rising</em>?</dd>
  <dt>Raul</dt><dd>Barely.</dd><dd>It is cold in here.</dd>
  <dt>Ines</dt><dd>Then we wait.</dd>
</dl>
</article>"""


def test_definition_list_names_speakers():
    parsed = read(DEFINITION_LIST)
    assert parsed.detected_because == "HTML with <dt> speaker and <dd> speech lists"
    assert [(s.label, s.start_ms, s.text) for s in parsed.segments] == [
        ("Ines", 4_000, "Is the bread rising?"),
        ("Raul", None, "Barely. It is cold in here."),
        ("Ines", None, "Then we wait."),
    ]
    assert len(merge_turns(parsed)) == 3


CLASS_BLOCKS = """<div class="transcript">
  <div class="segment">
    <span class="speaker">Speaker 1</span><span class="timestamp">00:00:03</span>
    <p>Is the tide coming in?</p>
  </div>
  <div class="segment">
    <span class="transcript__speaker-name">Wren Albescu</span>
    <a class="seg-timestamp" href="#t=11">00:00:11</a>
    <div class="segment-text">It turned an hour ago.</div>
  </div>
  <div class="segment">
    <span class="timestamp">00:00:20</span>
    <p>So we have until noon.</p>
  </div>
  <div class="segment">
    <span class="timestamp">00:00:26</span><span class="speaker">Speaker 1</span>
    <p>Then pack the nets.</p>
  </div>
</div>"""


def test_class_marked_blocks_give_speakers_and_times():
    parsed = read(CLASS_BLOCKS)
    assert parsed.detected_because == 'HTML with class="speaker" blocks'
    assert [(s.label, s.start_ms, s.text, s.location) for s in parsed.segments] == [
        ("Speaker 1", 3_000, "Is the tide coming in?", "block 1 (line 3)"),
        ("Wren Albescu", 11_000, "It turned an hour ago.", "block 2 (line 7)"),
        ("Wren Albescu", 20_000, "So we have until noon.", "block 3 (line 12)"),
        ("Speaker 1", 26_000, "Then pack the nets.", "block 4 (line 16)"),
    ]
    assert [t.label for t in merge_turns(parsed)] == ["Speaker 1", "Wren Albescu", "Speaker 1"]


def test_time_class_without_a_clock_is_not_a_time():
    parsed = read(
        '<span class="reading-time">4 min read</span>'
        '<span class="speaker">Ana</span><p>hi</p><span class="speaker">Ben</span><p>ho</p>'
    )
    assert [(s.label, s.start_ms) for s in parsed.segments] == [("Ana", None), ("Ben", None)]


def test_transcript_outside_an_article_is_still_found():
    page = "<article><p>Show notes only.</p></article><p><b>Ana:</b> hi</p><p><b>Ben:</b> ho</p>"
    assert [s.label for s in read(page).segments] == ["Ana", "Ben"]


def test_cite_page_keeps_bold_and_classes_as_speech():
    parsed = read(
        '<cite>A:</cite><time>0:01</time><p><b>B:</b> hi <span class="speaker">C</span></p>'
    )
    assert [(s.label, s.text) for s in parsed.segments] == [("A", "B: hi C")]


def test_bad_anchor_time_names_the_block():
    with pytest.raises(TranscriptError) as error:
        read("<p><b>Ana:</b> hi</p><p><b>Ben:</b> [0:99] ho</p>")
    assert str(error.value) == "test.html: block 2 (line 1): '0:99' is not a valid time"


def test_page_of_prose_with_one_bold_label_is_not_claimed():
    page = "<p><strong>Note:</strong> we moved.</p><p>New address below.</p>"
    assert html.detect(page) is None
    with pytest.raises(TranscriptError, match="no <p> transcript blocks found"):
        read("<nav><p><b>Ana:</b> hi</p></nav><p>prose</p>", format="html")


@pytest.mark.parametrize(
    "text",
    [
        "<dl><dt>Duration</dt><dd>40 min</dd></dl>",
        '<div class="speakers-list">Ana, Ben</div>',
        "<p><b>Ana</b> hi</p><p><b>Ben</b> ho</p>",
    ],
)
def test_does_not_claim_lookalike_markup(text):
    assert html.detect(text) is None


PAGE_PIECES = (
    *("<p>", "</p>", "<b>", "</b>", "<strong>", "<dt>", "<dd>", "</dl>", "<main>", "<nav>"),
    *("</nav>", '<span class="speaker">', '<i class="timestamp">', "</span>", "</i>"),
    *("Ana", "Ben:", ":", " ", "[0:01]", "1:02", "(3:04)", "hi", "&amp;", "<br>"),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PAGE_PIECES), max_size=40))
def test_page_shaped_noise_only_ever_raises_transcript_error(pieces):
    with contextlib.suppress(TranscriptError):
        html.parse("".join(pieces), limits=DEFAULT_LIMITS)


# Speech that opens with a clock, a bracket or a colon would read as the label's time or
# colon; writers of these pages put the time in its own element, so it is left out here.
PLAIN_SPEECH = SPEECH.filter(lambda text: text.strip()[0] not in "[(:0123456789")
# A later paragraph continues its speaker only when it opens with no label of its own.
CONTINUING_SPEECH = PLAIN_SPEECH.filter(
    lambda text: (
        split_label(" ".join(text.split())) is None
        and refused_label(" ".join(text.split())) is None
    )
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(SPEAKERS),
            st.tuples(PLAIN_SPEECH, st.lists(CONTINUING_SPEECH, max_size=2)),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_written_bold_label_pages_round_trip(blocks):
    parts, expected = [], []
    for name, (opening, continuing) in blocks:
        paragraphs = [opening, *continuing]
        first, *rest = (html_escaping.escape(text) for text in paragraphs)
        parts.append(f"<p><strong>{name}:</strong> {first}</p>")
        parts += [f"<p>{text}</p>" for text in rest]
        expected.append((name, " ".join(" ".join(text.split()) for text in paragraphs)))
    parsed = read("\n".join(parts), format="html")
    assert [(s.label, s.text) for s in parsed.segments] == expected


# Page furniture around the blocks.


def test_a_publication_date_is_not_a_block_time():
    parsed = read(
        '<article><p>Published <time datetime="2024-05-01T09:00:00Z">May 1, 2024</time></p>'
        "<cite>Ines:</cite><time>0:00</time><p>Morning, all.</p>"
        "<cite>Kofi:</cite><time>0:04</time><p>Morning.</p>"
        "<p>Posted <time>last spring</time></p></article>"
    )
    assert [(s.label, s.start_ms, s.text) for s in parsed.segments] == [
        ("Ines", 0, "Morning, all."),
        ("Kofi", 4_000, "Morning. Posted last spring"),
    ]


def test_paragraphs_after_the_blocks_container_are_dropped_with_a_warning():
    parsed = read(
        '<div class="transcript"><cite>Ines:</cite><time>0:00</time><p>Morning.</p>'
        "<cite>Kofi:</cite><time>0:04</time><p>Hi.</p></div>"
        '<div class="cta"><p>Join the mailing list!</p><p>&copy; 2024 Gull Radio</p></div>'
    )
    assert [s.text for s in parsed.segments] == ["Morning.", "Hi."]
    assert "skipped 2 paragraph(s) after the transcript's blocks ended" in parsed.warnings


def test_bold_name_after_a_line_break_starts_a_new_turn():
    parsed = read(
        "<p><strong>Ines:</strong> Hi<br><strong>Kofi:</strong> Hello<br/>"
        "<strong>Ines:</strong> Bye</p><p><strong>Kofi:</strong> ok</p>"
    )
    assert [(s.label, s.text) for s in parsed.segments] == [
        ("Ines", "Hi"),
        ("Kofi", "Hello"),
        ("Ines", "Bye"),
        ("Kofi", "ok"),
    ]


def test_labelled_lines_outside_paragraphs_are_reported():
    parsed = read(
        "<p><b>Ines:</b> In a paragraph.</p><p><b>Kofi:</b> So am I.</p>"
        "<div><strong>Ines:</strong> Lost in a div.</div>"
    )
    assert [s.text for s in parsed.segments] == ["In a paragraph.", "So am I."]
    assert any("1 speaker label(s) outside <p>" in w and "'Ines'" in w for w in parsed.warnings)


def test_a_runaway_time_is_quoted_short_with_its_line():
    with pytest.raises(TranscriptError) as error:
        read("<cite>A:</cite>\n<time>0:" + "1" * 100_000 + "</time><p>hi</p>")
    assert str(error.value).startswith("test.html: block 1 (line 1): '0:111")
    assert len(str(error.value)) < 200


def test_only_the_documents_own_title_names_the_transcript():
    parsed = read(
        "<html><head><title>Ep 5</title></head><body>"
        "<svg><title>Menu icon</title></svg><p><b>Ines:</b> Hi.</p><p><b>Kofi:</b> Yo.</p>"
        "</body></html>"
    )
    assert parsed.title == "Ep 5"
