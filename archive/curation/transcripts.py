"""Writing an episode's transcript: new lines in, old ids kept where a line survives."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from ..matching import Line, find_moved_words, match_lines
from ..models import Episode, Utterance
from .bookkeeping import episodes_changed, lines_changed, remove_rows, write_tombstones

# The columns a transcript write compares, as model field names.
UTTERANCE_FIELDS = ("speaker", "speaker_label", "sequence", "start_ms", "end_ms", "text")
# How many examples of each kind of change a preview shows.
EXAMPLES = 3


@dataclass
class Provenance:
    format: str
    source: str
    content_hash: str


@dataclass
class TranscriptChanges:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    # Of the removed, how many lines' words live on in another line (their permalinks redirect).
    moved: int = 0
    # A few lines of each kind, for the curator's preview: texts, or (before, after).
    created_examples: list[str] = field(default_factory=list)
    updated_examples: list[tuple[str, str]] = field(default_factory=list)
    removed_examples: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


def lock_transcript(episode: Episode) -> list[Utterance]:
    """Lock ``episode`` for writing and load its lines in order (inside a transaction)."""
    Episode.objects.select_for_update().filter(pk=episode.pk).first()
    # "episode" too: the related manager reads episode_id on every row it yields.
    return list(episode.utterances.order_by("sequence").only("pk", "episode", *UTTERANCE_FIELDS))


@transaction.atomic
def write_transcript(
    episode: Episode,
    old: list[Utterance],
    new: list[Utterance],
    *,
    relabelled: set[str],
    provenance: Provenance,
) -> TranscriptChanges:
    """Replace ``old`` (from ``lock_transcript``) with the unsaved ``new`` lines.

    A new line that continues an old one takes over its id, so permalinks
    survive. A line the curator re-attributed keeps that speaker unless its
    label is in ``relabelled`` (the labels this import maps explicitly).
    Vanished ids get tombstones, forwarding to the line that holds their words
    where one does (``archive.matching.find_moved_words``: a deleted line
    merged its neighbours); appearances and provenance are made exact.
    """
    changes = TranscriptChanges()
    old_lines, new_lines = [_line(u) for u in old], [_line(u) for u in new]
    matches = match_lines(old_lines, new_lines)
    kept_old = {index for index in matches if index is not None}
    removed = [u for index, u in enumerate(old) if index not in kept_old]
    moved = {
        old[index].pk: new[holder]
        for index, holder in find_moved_words(old_lines, new_lines, matches).items()
    }
    remove_rows(removed)  # first: their sequences may be the new lines'

    updated, created = _pair(old, new, matches, relabelled, changes)
    highest = max((u.sequence for u in old), default=0)
    _update_in_place(updated, offset=highest + len(new) + 1)
    Utterance.objects.bulk_create(created, batch_size=1000)
    write_tombstones(removed, moved)  # last: every line that holds moved words has its id
    _summarise(changes, updated, created, removed, moved)
    lines_changed([u.pk for u in created] + [new.pk for new, _ in updated])
    episodes_changed([episode.pk])
    if changes.changed or episode.transcript_hash != provenance.content_hash:
        _record_provenance(episode, provenance)
    return changes


def _summarise(changes: TranscriptChanges, updated, created, removed, moved) -> None:
    """Count what changed and keep a few examples of each kind for the preview."""
    changes.updated, changes.created = len(updated), len(created)
    changes.removed, changes.moved = len(removed), len(moved)
    changes.created_examples = [u.text for u in created[:EXAMPLES]]
    changes.updated_examples = [(old.text, new.text) for new, old in updated[:EXAMPLES]]
    changes.removed_examples = [u.text for u in removed[:EXAMPLES]]


def _pair(old, new, matches, relabelled, changes):
    """New lines that continue old ones take their ids: (updated pairs, created lines)."""
    updated, created = [], []
    for utterance, old_index in zip(new, matches, strict=True):
        if old_index is None:
            created.append(utterance)
            continue
        previous = old[old_index]
        utterance.pk = previous.pk
        same_label = utterance.speaker_label == previous.speaker_label
        if same_label and utterance.speaker_label not in relabelled:
            utterance.speaker_id = previous.speaker_id  # a curator's one-line fix stays
        if _values(utterance) == _values(previous):
            changes.unchanged += 1
        else:
            updated.append((utterance, previous))
    return updated, created


def _update_in_place(changed: list[tuple[Utterance, Utterance]], *, offset: int) -> None:
    """Write (new, old) pairs without tripping the (episode, sequence) constraint.

    Rows that move are first parked above every sequence in use, then moved
    home, so no statement ever sees two rows with one sequence (PostgreSQL
    checks a non-deferred unique constraint row by row). Rows are grouped by
    the fields that changed: ``bulk_update`` builds a CASE per field and row,
    so a text-only correction writes one column, not six.
    """
    moving = [new for new, old in changed if new.sequence != old.sequence]
    for utterance in moving:
        utterance.sequence += offset
    by_fields: dict[tuple[str, ...], list[Utterance]] = defaultdict(list)
    for new, old in changed:
        fields = tuple(
            name
            for name in UTTERANCE_FIELDS
            if new.serializable_value(name) != old.serializable_value(name)
        )
        by_fields[fields].append(new)
    for fields, utterances in by_fields.items():
        Utterance.objects.bulk_update(utterances, fields, batch_size=500)
    for utterance in moving:
        utterance.sequence -= offset
    Utterance.objects.bulk_update(moving, ["sequence"], batch_size=500)


def _line(utterance: Utterance) -> Line:
    who = utterance.speaker_id or utterance.speaker_label
    return Line(who=who, start_ms=utterance.start_ms, end_ms=utterance.end_ms, text=utterance.text)


def _values(utterance: Utterance) -> tuple:
    """What a re-import compares; ``speaker_id``, not ``speaker``, to stay query-free."""
    return tuple(utterance.serializable_value(name) for name in UTTERANCE_FIELDS)


def _record_provenance(episode: Episode, provenance: Provenance) -> None:
    episode.transcript_format = provenance.format
    episode.transcript_source = provenance.source[:1000]
    episode.transcript_imported_at = timezone.now()
    episode.transcript_hash = provenance.content_hash
    episode.save(
        update_fields=[
            "transcript_format",
            "transcript_source",
            "transcript_imported_at",
            "transcript_hash",
            "updated_at",
        ]
    )
