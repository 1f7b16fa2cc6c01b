"""The synthetic archive's plan: who is on which episode, when, and for how many turns.

Everything is drawn from one ``random.Random(seed)``, so a seed names one
archive. The plan is small (a row per show, speaker and episode, a few MB at
the large scale); the utterances are generated from it later, episode by
episode (``transcripts``), each from its own seed.

Shape: shows launch over the years, more of them recently, and publish at
a steady pace until the end (a few stop early), so recent years are denser.
Show sizes are Zipfian, and each show's hosts are on nearly all its episodes:
a few hosts have hundreds. Guests are Zipfian too: every guest appears at
least once, most exactly once, a few again and again.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from django.utils.text import slugify

from speakers.models import RESERVED_SLUGS, Speaker

from .names import show_titles, speaker_names
from .vocabulary import TOPIC_WORDS

# The archive's last day; its first is ``Scale.years`` before.
ENDS_AT = datetime(2026, 6, 30, 18, 0, tzinfo=UTC)
# How many lines carry the rare probe word, in as many episodes.
RARE_LINES = 3
# A show's hosts: how many, with what chance; co-hosts miss an episode now and then.
HOST_COUNTS = ((1, 0.4), (2, 0.45), (3, 0.15))
CO_HOST_PRESENCE = 0.85
# Chance that someone is heard on an episode without being credited.
UNCREDITED_CHANCE = 0.25
MAX_GUESTS = 6


@dataclass(frozen=True)
class Scale:
    """How big an archive to plan. ``longest_turns`` is one episode's exact length (the
    benchmark's long transcript); every other episode has ``min_turns`` to one fewer."""

    name: str
    shows: int
    episodes: int
    speakers: int
    utterances: int
    min_turns: int = 100
    longest_turns: int = 3000
    years: int = 15


SCALES = {
    "small": Scale("small", shows=20, episodes=100, speakers=200, utterances=50_000),
    "medium": Scale("medium", shows=50, episodes=2_000, speakers=3_000, utterances=1_000_000),
    "large": Scale("large", shows=250, episodes=10_000, speakers=15_000, utterances=5_000_000),
}


@dataclass(frozen=True)
class ShowPlan:
    id: int
    title: str
    slug: str
    host_ids: tuple[int, ...]
    podcast_guid: str


@dataclass(frozen=True)
class SpeakerPlan:
    id: int
    name: str
    slug: str


@dataclass(frozen=True)
class EpisodePlan:
    id: int
    show_id: int
    number: int
    title: str
    slug: str
    guid: str
    published_at: datetime
    turns: int
    host_ids: tuple[int, ...]
    guest_ids: tuple[int, ...]
    uncredited_ids: tuple[int, ...]
    seed: int
    # The turn that carries the rare probe word, in the few episodes that have one.
    rare_turn: int | None = None


@dataclass(frozen=True)
class ArchivePlan:
    scale: Scale
    seed: int
    shows: list[ShowPlan]
    speakers: list[SpeakerPlan]
    episodes: list[EpisodePlan]

    @property
    def utterance_count(self) -> int:
        return sum(episode.turns for episode in self.episodes)

    @property
    def generated_at(self) -> datetime:
        """Every row's ``created_at``: fixed, so a seed's archive is the same row for row."""
        return ENDS_AT + timedelta(days=1)


def plan_archive(scale: Scale, seed: int) -> ArchivePlan:
    """The whole archive's plan for ``scale``; the same ``seed`` gives the same plan.

    Pure Python, no queries; well under a second even at the large scale.
    Raises ``ValueError`` for a scale that cannot be planned (too few speakers
    for the shows' hosts, too few utterances for the episodes).
    """
    _check(scale)
    rng = random.Random(seed)
    speakers = _speakers(rng, scale.speakers)
    shows = _shows(rng, scale.shows)
    guest_ids = [speaker.id for speaker in speakers[sum(len(s.host_ids) for s in shows) :]]
    if not guest_ids:
        raise ValueError(f"{scale.speakers} speakers are all hosts: give the scale more")
    dated = _episode_dates(rng, scale, _episode_counts(rng, scale.episodes, len(shows)))
    turns = _turn_counts(rng, scale)
    casts = _casts(rng, [shows[show] for _, show in dated], guest_ids)
    rare = set(rng.sample(range(scale.episodes), min(RARE_LINES, scale.episodes)))
    numbers: dict[int, int] = {}
    episodes = []
    for index, ((published_at, show), cast) in enumerate(zip(dated, casts, strict=True)):
        show_id = shows[show].id
        numbers[show_id] = numbers.get(show_id, 0) + 1
        rare_turn = rng.randrange(1, turns[index]) if index in rare else None
        where = (index + 1, show_id, numbers[show_id], published_at)
        episodes.append(_episode(rng, where, turns[index], cast, rare_turn))
    return ArchivePlan(scale, seed, shows, speakers, episodes)


def _episode(
    rng: random.Random,
    where: tuple[int, int, int, datetime],
    turns: int,
    cast: tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]],
    rare_turn: int | None,
) -> EpisodePlan:
    """One episode's plan; ``where`` is (id, show id, number in the show, published_at)."""
    episode_id, show_id, number, published_at = where
    hosts, guests, uncredited = cast
    title = _episode_title(rng)
    return EpisodePlan(
        id=episode_id,
        show_id=show_id,
        number=number,
        title=title,
        slug=f"{number}-{slugify(title)}",
        guid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        published_at=published_at,
        turns=turns,
        host_ids=hosts,
        guest_ids=guests,
        uncredited_ids=uncredited,
        seed=rng.getrandbits(64),
        rare_turn=rare_turn,
    )


def _check(scale: Scale) -> None:
    if scale.episodes < 1 or scale.shows < 1 or scale.shows > scale.episodes:
        raise ValueError("a scale needs at least one episode per show")
    if not 2 <= scale.min_turns < scale.longest_turns:
        raise ValueError("min_turns must be at least 2 and below longest_turns")
    fewest = scale.longest_turns + (scale.episodes - 1) * scale.min_turns
    most = scale.longest_turns + (scale.episodes - 1) * (scale.longest_turns - 1)
    if not fewest <= scale.utterances <= most:
        raise ValueError(f"{scale.utterances} utterances cannot fill {scale.episodes} episodes")


def _speakers(rng: random.Random, count: int) -> list[SpeakerPlan]:
    """Speakers with the slugs ``speakers.resolve`` would give them in an empty archive."""
    taken = set(RESERVED_SLUGS)
    speakers = []
    for number, name in enumerate(speaker_names(rng, count), start=1):
        slug = Speaker.first_free_slug(Speaker.slug_base(name), taken)
        taken.add(slug)
        speakers.append(SpeakerPlan(number, name, slug))
    return speakers


def _shows(rng: random.Random, count: int) -> list[ShowPlan]:
    """Shows with their hosts: speakers 1, 2, … in show order."""
    shows, next_host = [], 1
    for number, title in enumerate(show_titles(rng, count), start=1):
        hosts = rng.choices(*zip(*HOST_COUNTS, strict=True))[0]
        host_ids = tuple(range(next_host, next_host + hosts))
        next_host += hosts
        guid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        shows.append(ShowPlan(number, title, slugify(title), host_ids, guid))
    return shows


def _episode_counts(
    rng: random.Random, episodes: int, shows: int
) -> list[tuple[float, float, int]]:
    """Each show's (launch, stop, episode count); times are fractions of the archive's span.

    The first show runs from the first day to the last, so the dates span the
    whole range. Launches cluster late (density rising with time); sizes are
    proportional to run length times a Zipfian popularity, at least one each.
    """
    spans = [(0.0, 1.0)]
    for _ in range(shows - 1):
        launch = 0.97 * rng.random() ** 0.6
        stop = 1.0 if rng.random() < 0.8 else launch + (1 - launch) * rng.uniform(0.3, 0.9)
        spans.append((launch, stop))
    ranks = list(range(1, shows + 1))
    rng.shuffle(ranks)
    weights = [
        (stop - launch) / rank**0.9 for (launch, stop), rank in zip(spans, ranks, strict=True)
    ]
    # One episode each, two for the first show (its first and last day) when there are enough.
    base = [2 if show == 0 and episodes > shows else 1 for show in range(shows)]
    counts = _apportion(episodes - sum(base), weights)
    return [
        (launch, stop, least + extra)
        for (launch, stop), least, extra in zip(spans, base, counts, strict=True)
    ]


def _apportion(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders), summing exactly."""
    whole = sum(weights)
    shares = [total * weight / whole for weight in weights]
    counts = [int(share) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: (counts[i] - shares[i], i))
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _episode_dates(
    rng: random.Random, scale: Scale, runs: list[tuple[float, float, int]]
) -> list[tuple[datetime, int]]:
    """(published_at, show index) of every episode, oldest first: each show at a steady
    pace over its run, a little early or late each time, at its own hour of the day."""
    span = timedelta(days=365.25 * scale.years)
    starts_at = ENDS_AT - span
    dated = []
    for show, (launch, stop, count) in enumerate(runs):
        hour = rng.randrange(4, 20)
        for position in _positions(rng, count, anchored=show == 0):
            at = launch + (stop - launch) * position
            day = (starts_at + span * at).replace(hour=hour, minute=0, second=0, microsecond=0)
            dated.append((day, show))
    dated.sort()
    return dated


def _positions(rng: random.Random, count: int, *, anchored: bool) -> list[float]:
    """Where in its run each of a show's ``count`` episodes falls, from 0 to 1, in order.

    Evenly spaced, each a little early or late; ``anchored`` puts the first on
    the run's first day and the last on its last (the archive's whole span).
    """
    if anchored:
        return [n / (count - 1) for n in range(count)] if count > 1 else [1.0]
    return [(n + rng.uniform(0.2, 0.8)) / count for n in range(count)]


def _turn_counts(rng: random.Random, scale: Scale) -> list[int]:
    """Turns per episode, adding up to about ``scale.utterances``: a log-normal spread
    between ``min_turns`` and ``longest_turns - 1``, and one episode of exactly
    ``longest_turns`` at a random place."""
    budget = scale.utterances - scale.longest_turns
    raw = [rng.lognormvariate(0, 0.7) for _ in range(scale.episodes - 1)]
    factor = budget / sum(raw) if raw else 0
    counts: list[int] = []
    for _ in range(12):  # clipping shifts the total; rescale until it settles
        counts = [
            min(scale.longest_turns - 1, max(scale.min_turns, round(r * factor))) for r in raw
        ]
        if not counts or sum(counts) == budget:
            break
        factor *= budget / sum(counts)
    counts.insert(rng.randrange(scale.episodes), scale.longest_turns)
    return counts


def _casts(
    rng: random.Random, shows: list[ShowPlan], guest_ids: list[int]
) -> list[tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]]:
    """(hosts present, guests, uncredited) of each episode, given each episode's show."""
    seen: set[int] = set()
    hosts = []
    for show in shows:
        # Every host is on their show's first episode; co-hosts miss a few later ones.
        hosts.append(show.host_ids if show.id not in seen else _hosts_present(rng, show))
        seen.add(show.id)
    slots = _guest_slots(rng, hosts, len(guest_ids))
    book = GuestBook(rng, guest_ids, sum(slots))
    casts = []
    for present, count in zip(hosts, slots, strict=True):
        guests: list[int] = []
        for _ in range(count):
            guest = book.pick(exclude=guests)
            if guest is not None:
                guests.append(guest)
        heard = book.popular(exclude=guests) if rng.random() < UNCREDITED_CHANCE else None
        casts.append((present, tuple(guests), () if heard is None else (heard,)))
    return casts


def _hosts_present(rng: random.Random, show: ShowPlan) -> tuple[int, ...]:
    lead, *co_hosts = show.host_ids
    return (lead, *(host for host in co_hosts if rng.random() < CO_HOST_PRESENCE))


def _guest_slots(rng: random.Random, hosts: list[tuple[int, ...]], guests: int) -> list[int]:
    """Guests per episode: enough slots for every guest to appear, a third more for repeats.

    A lone host always has a guest, so every episode is a conversation.
    """
    mean = max(1.2, 1.35 * guests / len(hosts))
    slots = [
        min(MAX_GUESTS, max(1 if len(present) == 1 else 0, round(rng.gauss(mean, 0.9))))
        for present in hosts
    ]
    while sum(slots) < guests:
        slots[rng.randrange(len(slots))] += 1
    return slots


class GuestBook:
    """Hands out guests so that everyone debuts once and a Zipfian few come back often.

    Each slot is a debut with probability (debuts left) / (slots left), so the
    debuts run out exactly with the slots; otherwise it is a Zipfian draw over
    all guests (guest 1 the most asked back).
    """

    def __init__(self, rng: random.Random, guest_ids: list[int], slots: int):
        self.rng = rng
        self.guest_ids = guest_ids
        self.cum_weights = list(accumulate(1 / rank for rank in range(1, len(guest_ids) + 1)))
        self.queue = rng.sample(guest_ids, len(guest_ids))
        self.appeared: set[int] = set()
        self.slots_left = slots

    def pick(self, exclude: list[int]) -> int | None:
        """The next slot's guest, not one of ``exclude`` (already on the episode)."""
        debuts_left = len(self.guest_ids) - len(self.appeared)
        debut = self.rng.random() * self.slots_left < debuts_left
        self.slots_left -= 1
        guest = self._debut() if debut else self.popular(exclude)
        if guest is None and debuts_left:
            guest = self._debut()
        if guest is not None:
            self.appeared.add(guest)
        return guest

    def popular(self, exclude: list[int]) -> int | None:
        """A Zipfian draw of any guest not in ``exclude``; None after 20 misses."""
        for _ in range(20):
            guest = self.rng.choices(self.guest_ids, cum_weights=self.cum_weights)[0]
            if guest not in exclude:
                return guest
        return None

    def _debut(self) -> int:
        while self.queue[-1] in self.appeared:
            self.queue.pop()
        return self.queue.pop()


def _episode_title(rng: random.Random) -> str:
    first, second, third = (word.capitalize() for word in rng.sample(TOPIC_WORDS, 3))
    pattern = rng.choice(
        (
            "{0} and {1}",
            "On {0}",
            "Why {0} Matters",
            "{0}, {1} and {2}",
            "The Trouble with {0}",
            "A Short History of {0}",
            "{0} Revisited",
            "What {0} Taught Us about {1}",
        )
    )
    return pattern.format(first, second, third)
