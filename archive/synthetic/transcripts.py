"""Every episode's utterances, generated lazily from the plan, and what they add up to.

An episode's lines come from its own ``random.Random(episode.seed)``: the
lead host opens, then the cast take turns (nobody twice in a row), each at
their own pace, so times only increase. While the rows stream past, each
episode's tally is kept: lines and words per speaker (counted with
``archive.turns.word_count``, as the curation core counts), its length and a
hash, which its episode and appearance rows need afterwards.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate

from ..turns import word_count
from .plan import ArchivePlan, EpisodePlan
from .text import opening, turn_text, with_rare_word

UTTERANCE_COLUMNS = (
    "id",
    "episode_id",
    "speaker_id",
    "speaker_label",
    "sequence",
    "start_ms",
    "end_ms",
    "text",
)
# How much each member of a cast talks, relative to the lead host.
LEAD_SHARE, CO_HOST_SHARE, GUEST_SHARE, UNCREDITED_SHARE = 1.0, 0.7, 1.1, 0.05
# Report progress every this many lines.
PROGRESS_EVERY = 100_000


@dataclass
class Heard:
    """What one episode's transcript adds up to, for its episode and appearance rows."""

    duration_seconds: int = 0
    transcript_hash: str = ""
    # Speaker id -> [lines, words], in the order they were first heard.
    counts: dict[int, list[int]] = field(default_factory=dict)


class Transcripts:
    """``rows()`` yields every utterance row, ids from 1; ``heard[episode_id]`` fills as it goes.

    Memory stays flat: one episode's cast and tally at a time, plus a small
    ``Heard`` per episode.
    """

    def __init__(self, plan: ArchivePlan, progress: Callable[[int], None] | None = None):
        self.plan = plan
        self.progress = progress or (lambda done: None)
        self.heard: dict[int, Heard] = {}
        self.names = {speaker.id: speaker.name for speaker in plan.speakers}
        self.show_titles = {show.id: show.title for show in plan.shows}

    def rows(self) -> Iterator[tuple]:
        next_id = 1
        for episode in self.plan.episodes:
            heard = self.heard[episode.id] = Heard()
            digest = hashlib.sha256()
            end_ms = 0
            for sequence, (speaker_id, start_ms, end_ms, text) in enumerate(self.lines(episode)):
                label = self.names[speaker_id]
                tally = heard.counts.setdefault(speaker_id, [0, 0])
                tally[0] += 1
                tally[1] += word_count(text)
                digest.update(f"{label}\t{start_ms}\t{text}\n".encode())
                yield (next_id, episode.id, speaker_id, label, sequence, start_ms, end_ms, text)
                next_id += 1
                if next_id % PROGRESS_EVERY == 1:
                    self.progress(next_id - 1)
            heard.duration_seconds = math.ceil(end_ms / 1000)
            heard.transcript_hash = digest.hexdigest()
        if (next_id - 1) % PROGRESS_EVERY:
            self.progress(next_id - 1)

    def lines(self, episode: EpisodePlan) -> Iterator[tuple[int, int, int, str]]:
        """(speaker id, start ms, end ms, text) of each of ``episode``'s turns, in order."""
        rng = random.Random(episode.seed)
        lead = episode.host_ids[0]
        pace = {speaker: rng.randint(320, 440) for speaker in _cast(episode)[0]}
        start_ms = rng.randint(1_000, 20_000)
        for turn, speaker in enumerate(_speaking_order(rng, episode)):
            if turn == 0:
                text = opening(self.show_titles[episode.show_id], self.names[lead])
            elif turn == episode.rare_turn:
                text = with_rare_word(turn_text(rng))
            else:
                text = turn_text(rng)
            end_ms = start_ms + word_count(text) * pace[speaker] + rng.randint(200, 600)
            yield speaker, start_ms, end_ms, text
            start_ms = end_ms + rng.randint(150, 1_500)


def _cast(episode: EpisodePlan) -> tuple[list[int], list[float]]:
    """Everyone heard on ``episode`` and how much each talks."""
    lead, *co_hosts = episode.host_ids
    shares = [
        (lead, LEAD_SHARE),
        *((host, CO_HOST_SHARE) for host in co_hosts),
        *((guest, GUEST_SHARE) for guest in episode.guest_ids),
        *((speaker, UNCREDITED_SHARE) for speaker in episode.uncredited_ids),
    ]
    return [speaker for speaker, _ in shares], [share for _, share in shares]


def _speaking_order(rng: random.Random, episode: EpisodePlan) -> Iterator[int]:
    """The speaker of each turn: the lead host first, then never the same person twice
    in a row (consecutive lines of one speaker would have been one turn)."""
    speakers, shares = _cast(episode)
    cum_weights = list(accumulate(shares))
    previous = episode.host_ids[0]
    yield previous
    for _ in range(episode.turns - 1):
        speaker = rng.choices(speakers, cum_weights=cum_weights)[0]
        while speaker == previous and len(speakers) > 1:
            speaker = rng.choices(speakers, cum_weights=cum_weights)[0]
        yield speaker
        previous = speaker
