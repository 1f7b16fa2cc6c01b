"""Match a re-imported transcript's lines to the utterances already stored.

Quote permalinks are utterance ids, so a corrected transcript must update the
old rows in place rather than replace them. This module only decides *which*
old line each new line continues, and where the words of an old line no new
line continues went; ``archive.curation`` does the writing.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from difflib import SequenceMatcher
from typing import NamedTuple

# Two texts at least this similar are the same line with corrections.
SIMILAR_TEXT_RATIO = 0.6
# Within an edited stretch, a new line looks this many old lines ahead for its match,
# so re-importing a wholly different transcript stays linear rather than quadratic.
LOOKAHEAD = 25
# A removed line's words live on in a new line holding at least this share of them, in
# order, around the longest run of words the two share (see ``holds_words``).
SURVIVING_WORDS_SHARE = 0.8
# A word for comparing texts: letters and digits, with inner apostrophes ("don't").
WORD = re.compile(r"\w+(?:['’]\w+)*")


class Line(NamedTuple):
    """The parts of an utterance that matching compares (a tuple: a re-import makes 100,000)."""

    who: Hashable  # speaker id, else the label
    start_ms: int | None
    end_ms: int | None
    text: str

    @property
    def key(self) -> str:
        return " ".join(self.text.casefold().split())


def match_lines(old: Sequence[Line], new: Sequence[Line]) -> list[int | None]:
    """For each new line, the index of the old line it continues, or None for a new line.

    Identical texts are aligned first (in order, as ``difflib`` finds the
    longest common runs); between those anchors a changed line continues an
    old one when it has the same speaker and overlapping time, or
    near-identical text, looking at most ``LOOKAHEAD`` old lines ahead. Lines
    moved elsewhere unchanged are matched last. Cost: linear in the number of
    lines (difflib's alignment aside), whatever the edits.
    """
    matches: list[int | None] = [None] * len(new)
    if not old or not new:
        return matches  # a first import: nothing to continue, nor to align
    matcher = SequenceMatcher(None, [line.key for line in old], [line.key for line in new], False)
    for tag, old_from, old_to, new_from, new_to in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(old_to - old_from):
                matches[new_from + offset] = old_from + offset
        elif tag == "replace":
            _match_edited_block(old, new, range(old_from, old_to), range(new_from, new_to), matches)
    _match_moved_lines(old, new, matches)
    return matches


def _match_moved_lines(old: Sequence[Line], new: Sequence[Line], matches: list[int | None]) -> None:
    """A line that moved elsewhere, text unchanged, keeps its id too (crossing allowed)."""
    taken = set(matches)
    unmatched_old: dict[str, list[int]] = {}
    for index, line in enumerate(old):
        if index not in taken:
            unmatched_old.setdefault(line.key, []).append(index)
    for new_index, line in enumerate(new):
        if matches[new_index] is None and unmatched_old.get(line.key):
            matches[new_index] = unmatched_old[line.key].pop(0)


def _match_edited_block(
    old: Sequence[Line],
    new: Sequence[Line],
    old_range: range,
    new_range: range,
    matches: list[int | None],
) -> None:
    next_old = old_range.start
    for new_index in new_range:
        for old_index in range(next_old, min(next_old + LOOKAHEAD, old_range.stop)):
            if is_same_line(old[old_index], new[new_index]):
                matches[new_index] = old_index
                next_old = old_index + 1
                break


def is_same_line(old: Line, new: Line) -> bool:
    if old.who == new.who and _times_overlap(old, new):
        return True
    ratio = SequenceMatcher(None, old.key, new.key, False)
    return ratio.quick_ratio() >= SIMILAR_TEXT_RATIO and ratio.ratio() >= SIMILAR_TEXT_RATIO


def _times_overlap(a: Line, b: Line) -> bool:
    if a.start_ms is None or b.start_ms is None:
        return False
    a_end = a.end_ms if a.end_ms is not None else a.start_ms
    b_end = b.end_ms if b.end_ms is not None else b.start_ms
    return a.start_ms <= b_end and b.start_ms <= a_end


def find_moved_words(
    old: Sequence[Line], new: Sequence[Line], matches: Sequence[int | None]
) -> dict[int, int]:
    """For each old line no new line continues, the index of the new line holding its words.

    A correction that deletes a line between two turns of one speaker merges
    them: the later turn's id vanishes, but its words live on in the merged
    line. Candidates are the new lines between where the removed line's nearest
    kept neighbours went, at most ``LOOKAHEAD`` either side of its projected
    place, nearest first; the first that ``holds_words`` wins. Old lines whose
    words no candidate holds are left out: they are truly gone. Linear in the
    number of lines: at most 2 × ``LOOKAHEAD`` + 1 comparisons per removed line.
    """
    kept = {old_index: n for n, old_index in enumerate(matches) if old_index is not None}
    if not new or len(kept) == len(old):
        return {}  # every old line continues (a reworded re-import): nothing to forward
    previous, following = _kept_neighbours(len(old), kept)
    new_words: dict[int, list[str]] = {}  # only the candidates' words are ever needed
    moved: dict[int, int] = {}
    for index in range(len(old)):
        if index in kept:
            continue
        old_words = words(old[index].text)
        window = _candidates(index, previous[index], following[index], kept, len(new))
        for candidate in window:
            if candidate not in new_words:
                new_words[candidate] = words(new[candidate].text)
            if holds_words(old_words, new_words[candidate]):
                moved[index] = candidate
                break
    return moved


def words(text: str) -> list[str]:
    """``text``'s words as the forwarding rule compares them: case and punctuation ignored."""
    return WORD.findall(text.casefold())


def holds_words(old_words: Sequence[str], new_words: Sequence[str]) -> bool:
    """Whether a new line still holds an old line's words.

    It does when it has all of them as one contiguous run (a merge of
    neighbours puts the old text inside the new, longer one), or, for a merge
    that also corrected a word or two, at least ``SURVIVING_WORDS_SHARE`` of
    them in order within the stretch of the new line around the longest run
    the two share (the old line's length, plus a fifth either side). Lines
    under five words therefore need every word, contiguous.
    """
    length = len(old_words)
    # Cheap first: more old words missing altogether than the share allows rules it out.
    may_miss = length - SURVIVING_WORDS_SHARE * length
    if not length or len(set(old_words).difference(new_words)) > may_miss:
        return False
    matcher = SequenceMatcher(None, old_words, new_words, False)
    old_at, new_at, size = matcher.find_longest_match(0, length, 0, len(new_words))
    if size == length:
        return True
    slack = length // 5
    start = max(0, new_at - old_at - slack)
    stretch = new_words[start : new_at - old_at + length + slack]
    in_order = SequenceMatcher(None, old_words, stretch, False).get_matching_blocks()
    return sum(block.size for block in in_order) >= SURVIVING_WORDS_SHARE * length


def _kept_neighbours(count: int, kept: dict[int, int]) -> tuple[list, list]:
    """For each old index, the nearest kept old index before it and after it (or None)."""
    previous: list[int | None] = [None] * count
    following: list[int | None] = [None] * count
    last = None
    for index in range(count):
        previous[index] = last
        if index in kept:
            last = index
    last = None
    for index in reversed(range(count)):
        following[index] = last
        if index in kept:
            last = index
    return previous, following


def _candidates(
    index: int, before: int | None, after: int | None, kept: dict[int, int], new_count: int
) -> list[int]:
    """New indices that may hold old line ``index``'s words, nearest its projected place first.

    The span runs from the new line its previous kept neighbour went to (a merge
    into the earlier turn keeps that turn's id) to the one its next went to.
    """
    low = kept[before] if before is not None else 0
    high = kept[after] if after is not None else new_count - 1
    low, high = min(low, high), max(low, high)
    if before is not None and after is not None:
        place = low + (high - low) * (index - before) / (after - before)
    elif before is not None:
        place = low + (index - before)
    elif after is not None:
        place = high - (after - index)
    else:
        place = index
    place = min(max(place, low), high)
    span = range(max(low, int(place) - LOOKAHEAD), min(high, int(place) + LOOKAHEAD) + 1)
    return sorted(span, key=lambda candidate: (abs(candidate - place), candidate))
