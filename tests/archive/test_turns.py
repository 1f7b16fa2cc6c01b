"""Segments to turns: pure, no database."""

from archive.formats import ParsedTranscript, Segment
from archive.turns import join_texts, merge_turns


def parsed(*segments, turn_markers=False):
    return ParsedTranscript(format="test", segments=list(segments), turn_markers=turn_markers)


def seg(text, label="Ada", start=None, end=None, turn_start=False):
    return Segment(text=text, label=label, start_ms=start, end_ms=end, turn_start=turn_start)


def test_word_level_segments_join_without_stray_spaces():
    words = ["It's", " ", "Friday", ",", " ", "the", " ", "5th", "."]
    turns = merge_turns(
        parsed(*(seg(word, start=n * 100, end=n * 100) for n, word in enumerate(words)))
    )

    assert [turn.text for turn in turns] == ["It's Friday, the 5th."]


def test_caption_fragments_join_with_one_space():
    turns = merge_turns(parsed(seg("It is so stinking nice to"), seg("like, show up")))

    assert turns[0].text == "It is so stinking nice to like, show up"


def test_turn_takes_first_start_and_last_end():
    turns = merge_turns(parsed(seg("A", start=500, end=900), seg("B", start=900, end=2000)))

    assert (turns[0].start_ms, turns[0].end_ms, turns[0].segment_count) == (500, 2000, 2)


def test_label_change_starts_a_turn():
    turns = merge_turns(parsed(seg("Hi.", "Ada"), seg("Hey.", "Bo"), seg("So.", "Ada")))

    assert [(t.label, t.text) for t in turns] == [("Ada", "Hi."), ("Bo", "Hey."), ("Ada", "So.")]


def test_unlabelled_segments_stay_apart_without_turn_markers():
    turns = merge_turns(parsed(seg("One.", None), seg("Two.", None)))

    assert [turn.text for turn in turns] == ["One.", "Two."]


def test_turn_markers_group_unlabelled_segments():
    segments = [
        seg("Welcome back.", None, turn_start=True),
        seg("Today, SQL.", None),
        seg("Thanks!", None, turn_start=True),
    ]
    turns = merge_turns(parsed(*segments, turn_markers=True))

    assert [turn.text for turn in turns] == ["Welcome back. Today, SQL.", "Thanks!"]


def test_pause_longer_than_the_gap_splits_a_turn():
    segments = [seg("One.", start=0, end=1000), seg("Two.", start=70_000, end=71_000)]

    assert len(merge_turns(parsed(*segments), max_gap_ms=60_000)) == 2
    assert len(merge_turns(parsed(*segments), max_gap_ms=None)) == 1


def test_whitespace_only_segments_make_no_turn():
    turns = merge_turns(parsed(seg(" ", "Ada"), seg("Hi.", "Bo"), seg("  ", "Ada")))

    assert [(turn.label, turn.text) for turn in turns] == [("Bo", "Hi.")]


def test_join_respects_existing_spacing_and_punctuation():
    assert join_texts(["word", ","]) == "word,"
    assert join_texts(["word ", "next"]) == "word next"
    assert join_texts(["word", "next"]) == "word next"
    assert join_texts(["", "next"]) == "next"


def test_punctuation_that_starts_a_word_is_not_glued_to_the_one_before():
    pieces = ["I moved to", ".NET last year", "'cause it was fast", "and then", "...it broke", "?!"]

    assert join_texts(pieces) == (
        "I moved to .NET last year 'cause it was fast and then ...it broke?!"
    )


def test_quotes_and_brackets_hug_their_words():
    assert join_texts(["He said", " ", "“", "hi", "”", " ", "(", "twice", ")", "."]) == (
        "He said “hi” (twice)."
    )


def test_a_turn_starts_when_its_first_segment_does_not_at_a_later_anchor():
    turns = merge_turns(parsed(seg("Hello", start=None), seg("more", start=273_000)))

    assert (turns[0].start_ms, turns[0].text) == (None, "Hello more")


def test_joining_many_pieces_is_linear():
    pieces = ["word"] * 200_000

    assert len(join_texts(pieces)) == 200_000 * 5 - 1
