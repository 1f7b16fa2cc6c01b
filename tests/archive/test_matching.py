"""Which old line a re-imported line continues: pure, no database."""

from archive.matching import Line, is_same_line, match_lines


def line(text, who="Ada", start=None, end=None):
    return Line(who=who, start_ms=start, end_ms=end, text=text)


def test_identical_transcripts_match_line_for_line():
    lines = [line("One."), line("Two."), line("Three.")]

    assert match_lines(lines, lines) == [0, 1, 2]


def test_typo_fix_matches_by_similar_text():
    old = [line("A first line here."), line("Teh quick brown fox jumps."), line("The end.")]
    new = [line("A first line here."), line("The quick brown fox jumps."), line("The end.")]

    assert match_lines(old, new) == [0, 1, 2]


def test_rewritten_line_matches_by_speaker_and_overlapping_time():
    old = [line("Completely different words.", who=7, start=1000, end=4000)]
    new = [line("Nothing in common at all!", who=7, start=3000, end=6000)]

    assert match_lines(old, new) == [0]


def test_same_time_but_another_speaker_and_other_words_is_a_new_line():
    old = [line("Completely different words.", who=7, start=1000, end=4000)]
    new = [line("Nothing in common at all!", who=8, start=1000, end=4000)]

    assert match_lines(old, new) == [None]


def test_inserted_and_deleted_lines_are_unmatched():
    old = [line("Alpha."), line("Bravo."), line("Charlie.")]
    new = [line("Alpha."), line("Something brand new, quite long."), line("Charlie.")]

    assert match_lines(old, new) == [0, None, 2]


def test_moved_line_keeps_its_match():
    old = [line("First."), line("Second."), line("Third.")]
    new = [line("Third."), line("First."), line("Second.")]

    assert match_lines(old, new) == [2, 0, 1]


def test_each_old_line_is_matched_at_most_once():
    old = [line("Yeah.")]
    new = [line("Yeah."), line("Yeah.")]

    assert sorted(match_lines(old, new), key=str) == [0, None]


def test_untimed_lines_compare_by_text_only():
    assert is_same_line(line("Hello there, friend."), line("Hello there friend"))
    assert not is_same_line(line("Hello there."), line("Goodbye forever and ever."))


def test_a_wholly_rewritten_transcript_is_matched_by_time_in_bounded_work():
    old = [line(f"Old words {n}.", who=1, start=n * 1000, end=n * 1000 + 900) for n in range(3000)]
    new = [line(f"Brand new {n}!", who=1, start=n * 1000, end=n * 1000 + 900) for n in range(3000)]

    assert match_lines(old, new) == list(range(3000))


def test_an_inserted_stretch_longer_than_the_lookahead_still_realigns():
    shared = [line(f"Kept line number {n}, quite distinct.") for n in range(5)]
    inserted = [line(f"Fresh material {n}", who=2) for n in range(60)]

    matches = match_lines(shared, shared[:2] + inserted + shared[2:])

    assert matches[:2] == [0, 1]
    assert matches[2:62] == [None] * 60
    assert matches[62:] == [2, 3, 4]
