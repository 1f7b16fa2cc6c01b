"""Match a re-imported transcript's lines to the utterances already stored.

Quote permalinks are utterance ids, so a corrected transcript must update the
old rows in place rather than replace them. This module only decides *which*
old line each new line continues; ``archive.ingest`` does the writing.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

# Two texts at least this similar are the same line with corrections.
SIMILAR_TEXT_RATIO = 0.6
# Within an edited stretch, a new line looks this many old lines ahead for its match,
# so re-importing a wholly different transcript stays linear rather than quadratic.
LOOKAHEAD = 25


@dataclass(frozen=True)
class Line:
    """The parts of an utterance that matching compares."""

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
