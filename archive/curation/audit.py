"""Recount everything derived from scratch and say where the stored values drifted:
appearance counts, tombstones, slugs, alias keys and the search index.

``manage.py check_archive`` runs it; the curation tests run it after every
operation. It reads in chunks, so it is slow on a big archive but flat in memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from speakers.models import Speaker, SpeakerAlias, SpeakerSlugRedirect
from speakers.names import name_key

from .. import search
from ..models import Appearance, RemovedUtterance, Role, Utterance
from .bookkeeping import episodes_changed, tally_utterances

CHUNK = 2000


@dataclass(frozen=True)
class Drift:
    what: str
    episode_id: int | None = None
    # Lines whose search-index entry is missing or out of date (repair reindexes them),
    # and index entries whose line is gone (repair drops them).
    utterance_ids: tuple[int, ...] = ()
    orphan_ids: tuple[int, ...] = ()

    def __str__(self) -> str:
        return self.what


def find_drift() -> list[Drift]:
    return [*_appearance_drift(), *_tombstone_drift(), *_identity_drift(), *_search_drift()]


def repair(drift: list[Drift]) -> None:
    """Recount drifted appearances and reindex drifted lines; the rest needs a curator."""
    episodes_changed(item.episode_id for item in drift)
    search.reindex(pk for item in drift for pk in item.utterance_ids)
    search.forget(pk for item in drift for pk in item.orphan_ids)


def _search_drift():
    stale, orphans = search.stale_lines()
    if stale:
        sample = ", ".join(map(str, stale[:10]))
        yield Drift(
            f"search index: {len(stale)} lines missing or out of date (e.g. {sample})",
            utterance_ids=tuple(stale),
        )
    if orphans:
        yield Drift(
            f"search index: {len(orphans)} entries for lines that are gone",
            orphan_ids=tuple(orphans),
        )


def _appearance_drift():
    heard = tally_utterances(
        Utterance.objects.filter(speaker__isnull=False)
        .order_by()
        .values_list("episode_id", "speaker_id", "text")
        .iterator(chunk_size=CHUNK)
    )
    stored = Appearance.objects.values_list(
        "episode_id", "speaker_id", "role", "utterance_count", "word_count"
    )
    for episode_id, speaker_id, role, utterances, words in stored.iterator(chunk_size=CHUNK):
        expected = heard.pop((episode_id, speaker_id), (0, 0))
        where = f"episode {episode_id}, speaker {speaker_id}"
        if expected == (0, 0) and role == Role.SPEAKER:
            yield Drift(f"{where}: uncredited appearance with no lines", episode_id)
        elif expected != (utterances, words):
            yield Drift(
                f"{where}: stored {utterances} lines / {words} words, "
                f"counted {expected[0]} / {expected[1]}",
                episode_id,
            )
    for (episode_id, speaker_id), (utterances, _) in heard.items():
        yield Drift(
            f"episode {episode_id}, speaker {speaker_id}: heard in {utterances} lines "
            "but has no appearance",
            episode_id,
        )


def _tombstone_drift():
    live = Utterance.objects.filter(pk__in=RemovedUtterance.objects.values("pk"))
    for pk in live.values_list("pk", flat=True):
        yield Drift(f"quote {pk} is both live and tombstoned")
    # A forward to an id that is neither live nor tombstoned: the chain's end was
    # deleted without a tombstone, so the permalink answers 410 where it should redirect.
    dangling = (
        RemovedUtterance.objects.filter(moved_to__isnull=False)
        .exclude(moved_to__in=Utterance.objects.values("pk"))
        .exclude(moved_to__in=RemovedUtterance.objects.values("pk"))
    )
    for pk, moved_to in dangling.values_list("pk", "moved_to"):
        yield Drift(f"quote {pk} forwards to quote {moved_to}, which is neither live nor removed")


def _identity_drift():
    shadowed = SpeakerSlugRedirect.objects.filter(
        old_slug__in=Speaker.objects.values("slug")
    ).values_list("old_slug", flat=True)
    for slug in shadowed:
        yield Drift(f"slug {slug!r} is a live speaker's and a redirect too")
    for alias in SpeakerAlias.objects.only("pk", "name", "key").iterator(chunk_size=CHUNK):
        if alias.key != name_key(alias.name):
            yield Drift(f"alias {alias.pk} ({alias.name!r}) has a stale key {alias.key!r}")
