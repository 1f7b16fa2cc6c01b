"""What every curation operation does after it writes: derived rows made exact again.

Private to ``archive.curation``: nothing else calls these, so nothing else can
forget to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils import timezone

from .. import search
from ..models import Appearance, Episode, RemovedUtterance, Role, Utterance
from ..turns import word_count


def retire(utterances: Iterable[Utterance]) -> int:
    """Delete loaded utterances whose words are gone, keeping a tombstone for each id (410).

    Three queries on PostgreSQL, four on SQLite (its search table is separate).
    """
    utterances = list(utterances)
    remove_rows(utterances)
    return write_tombstones(utterances)


def retire_where(utterances) -> int:
    """``retire`` for a queryset, loading only what a tombstone keeps. Three queries."""
    kept = ("id", "episode", "text", "start_ms")
    return retire(utterances.select_related(None).only(*kept).order_by())


def remove_rows(utterances: list[Utterance]) -> None:
    """Delete loaded utterances and their search entries; ``write_tombstones`` must follow.

    The first half of ``retire``, apart for ``write_transcript``: the lines that
    take over a removed line's words are created after it is gone, since they
    may need its sequence. One query on PostgreSQL, two on SQLite (none for no lines).
    """
    if not utterances:
        return
    ids = [utterance.pk for utterance in utterances]
    search.forget(ids)
    Utterance.objects.filter(pk__in=ids).delete()


def write_tombstones(utterances: list, moved_to: Mapping[int, int] | None = None) -> int:
    """Keep a tombstone for each removed line's id. One query (none for no lines).

    ``utterances`` are loaded utterances or ``transcripts.StoredLine`` rows.
    ``moved_to`` maps a removed id to the id of the saved line that holds its
    words now; its permalink redirects there. The rest are gone (410).
    """
    moved_to = moved_to or {}
    tombstones = [
        RemovedUtterance.of(utterance, moved_to=moved_to.get(utterance.pk))
        for utterance in utterances
    ]
    RemovedUtterance.objects.bulk_create(tombstones, ignore_conflicts=True)
    return len(tombstones)


def lines_changed(utterance_ids: Iterable[int]) -> None:
    """These lines' text or speaker changed (or they are new): bring the search index in step."""
    search.reindex(utterance_ids)


def episodes_changed(
    episode_ids: Iterable[int | None], *, heard: Mapping[int, dict] | None = None
) -> None:
    """Recompute everything derived from these episodes' utterances and credits.

    The one hook every operation calls after writing lines or credits (with
    ``lines_changed`` for the lines themselves). It also moves the episodes'
    ``updated_at``, which keys the cached rendering of their transcripts.
    ``heard`` gives an episode's counts (``tally_utterances`` of every line it
    has, by speaker id) when the caller holds all its lines anyway, as a
    transcript import does: the lines are then not read back.
    """
    ids = {episode_id for episode_id in episode_ids if episode_id is not None}
    heard = {key: counts for key, counts in (heard or {}).items() if key in ids}
    for episode_id, counts in heard.items():
        refresh_appearances(episode_id, counts)
    unknown = ids - heard.keys()
    if unknown:
        for episode in Episode.objects.filter(pk__in=unknown).only("pk"):
            refresh_appearances(episode.pk)
    if ids:
        Episode.objects.filter(pk__in=ids).update(updated_at=timezone.now())


def speakers_changed(speaker_ids: Iterable[int]) -> None:
    """A speaker's name, slug or visibility changed: every episode showing them is stale."""
    episodes = Appearance.objects.filter(speaker_id__in=list(speaker_ids))
    episodes_changed(episodes.values_list("episode_id", flat=True).distinct())


def refresh_appearances(episode_id: int, counts: dict | None = None) -> None:
    """Make the episode's appearance counts exact.

    Creates uncredited appearances for newly heard speakers, deletes
    uncredited ones nobody is heard in any more, and keeps credited ones (a
    host whose transcript is not in yet) at zero. Three to five queries; one
    fewer when the caller gives ``counts`` (``tally_utterances`` of all the
    episode's lines with a speaker).
    """
    if counts is None:
        counts = tally_utterances(
            Utterance.objects.filter(episode_id=episode_id, speaker__isnull=False).values_list(
                "speaker_id", "text"
            )
        )
    existing = {
        appearance.speaker_id: appearance
        for appearance in Appearance.objects.filter(episode_id=episode_id)
    }
    stale, changed, created = [], [], []
    for speaker_id, appearance in existing.items():
        utterances, words = counts.get(speaker_id, (0, 0))
        if not utterances and appearance.role == Role.SPEAKER:
            stale.append(appearance.pk)
        elif (appearance.utterance_count, appearance.word_count) != (utterances, words):
            appearance.utterance_count, appearance.word_count = utterances, words
            changed.append(appearance)
    for speaker_id, (utterances, words) in counts.items():
        if speaker_id not in existing:
            created.append(
                Appearance(
                    episode_id=episode_id,
                    speaker_id=speaker_id,
                    utterance_count=utterances,
                    word_count=words,
                )
            )
    if stale:
        Appearance.objects.filter(pk__in=stale).delete()
    Appearance.objects.bulk_update(changed, ["utterance_count", "word_count"])
    Appearance.objects.bulk_create(created)


def tally_utterances(rows: Iterable[tuple]) -> dict:
    """``(key…, text)`` rows -> ``{key: (utterances, words)}``; the one way counts are made."""
    counts: dict = {}
    for row in rows:
        key = row[0] if len(row) == 2 else tuple(row[:-1])
        utterances, words = counts.get(key, (0, 0))
        counts[key] = (utterances + 1, words + word_count(row[-1]))
    return counts
