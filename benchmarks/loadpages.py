"""Which URLs the load benchmark fetches, chosen from whatever archive the database holds.

Needs Django set up on the benchmarked database (benchmarks/load.py does that).
Every finder is a handful of queries over speakers and appearances, plus a few
index lookups on utterances, so choosing costs well under a second even on a
million-line archive. Search words come from ``archive.synthetic.probe_terms()``
when the archive has them (a generated one), else from a sample of its lines.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from urllib.parse import urlencode

from django.db.models import F, Max, Min, Sum
from django.db.models.functions import Abs
from django.urls import reverse

from archive.models import GUEST_ROLES, HOST_ROLES, Appearance, Episode, Utterance
from archive.search.query import STOP_WORDS
from speakers.models import Speaker

LONG_EPISODE_LINES = 3000
SAMPLE_LINES = 2000
TOKEN = re.compile(r"[\w']+")


@dataclass(frozen=True)
class Page:
    key: str  # what --only names
    label: str  # the table's first column
    url: str


@dataclass(frozen=True)
class SearchWords:
    common: str
    rare: str
    phrase: str  # two words (one when no line has two side by side), searched in quotes


def choose_pages() -> list[Page]:
    """/healthz first (the floor every ratio is to), then each page of issue 12's list.

    Raises LookupError when the archive lacks something a page needs (no speakers…).
    """
    busiest = list(Speaker.objects.most_appearing()[:3])
    host, guest, episode = busiest_host(), typical_guest(), long_episode()
    if not (busiest and host and guest and episode):
        raise LookupError("the archive has no public speakers, guests or episodes to measure")
    words = search_words()
    search = reverse("archive:search")
    return [
        Page("healthz", "healthz (floor)", reverse("healthz")),
        Page("host", "speaker: busiest host", host.get_absolute_url()),
        Page("guest", "speaker: typical guest", guest.get_absolute_url()),
        Page("episode", f"episode ({episode.line_count:,} lines)", episode.get_absolute_url()),
        Page("quote", "quote permalink", middle_quote().permalink),
        Page("search-common", "search: common word", _query(search, q=words.common)),
        Page("search-rare", "search: rare word", _query(search, q=words.rare)),
        Page("search-phrase", "search: phrase", _query(search, q=f'"{words.phrase}"')),
        Page(
            "search-speaker",
            "search: common, by speaker",
            _query(search, q=words.common, speaker=host.name),
        ),
        Page("compare", "compare: 3 busiest", _compare_url(busiest)),
        Page("feed", "feed: busiest speaker", _feed_url(busiest[0])),
    ]


def busiest_host() -> Speaker | None:
    """The speaker with the most public appearances among those credited as a host."""
    hosts = Speaker.objects.most_appearing().appearing(role__in=HOST_ROLES)
    return hosts.first() or Speaker.objects.most_appearing().first()


def typical_guest() -> Speaker | None:
    """A guest with the median number of public appearances among guests. Two queries."""
    guests = Speaker.objects.most_appearing().appearing(role__in=GUEST_ROLES)
    slugs = list(guests.values_list("slug", flat=True))
    if not slugs:
        return None
    return Speaker.objects.get(slug=slugs[len(slugs) // 2])


def long_episode(lines: int = LONG_EPISODE_LINES) -> Episode | None:
    """The public episode whose line count is nearest ``lines``, with ``line_count`` set.

    Counted from appearances (``utterance_count``, kept exact by curation), not
    by grouping every utterance.
    """
    per_episode = (
        Appearance.objects.filter(episode__is_published=True)
        .values("episode")
        .annotate(line_count=Sum("utterance_count"))
        .annotate(distance=Abs(F("line_count") - lines))
        .order_by("distance", "episode")
        .first()
    )
    if per_episode is None:
        return None
    episode = Episode.objects.with_show().get(pk=per_episode["episode"])
    episode.line_count = episode.utterances.count()
    return episode


def middle_quote() -> Utterance:
    """The first public line at or after the middle of the id range: a quote nobody warmed."""
    bounds = Utterance.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        raise LookupError("the archive has no lines to quote")
    middle = (bounds["low"] + bounds["high"]) // 2
    public = Utterance.objects.public().order_by("pk")
    quote = public.filter(pk__gte=middle).first() or public.last()
    if quote is None:
        raise LookupError("the archive has no public lines to quote")
    return quote


def search_words() -> SearchWords:
    """The generated archive's probe terms when they are there, else words from its lines."""
    probed = _probe_terms()
    if probed and _found(probed.common) and _found(probed.rare):
        return SearchWords(common=probed.common, rare=probed.rare, phrase=probed.phrase)
    return sampled_words(_sample_texts())


def sampled_words(texts: list[str]) -> SearchWords:
    """Common: the most frequent word; rare: one seen once; phrase: the likeliest word pair.

    Words of four letters or more that search does not drop as stop words, the pair
    side by side in a line; each is in ``texts``, so a search for it finds something.
    """
    words = Counter()
    pairs = Counter()
    for text in texts:
        tokens = [token if _searchable(token) else None for token in TOKEN.findall(text.lower())]
        words.update(token for token in tokens if token)
        pairs.update((a, b) for a, b in pairwise(tokens) if a and b)
    if not words:
        raise LookupError("the archive's lines have no searchable words")
    common = words.most_common(1)[0][0]
    once = [word for word, count in words.items() if count == 1] or [min(words, key=words.get)]
    phrase = " ".join(pairs.most_common(1)[0][0]) if pairs else common
    return SearchWords(common=common, rare=max(once, key=len), phrase=phrase)


def _searchable(token: str) -> bool:
    return len(token) >= 4 and token.isalpha() and token not in STOP_WORDS


def _probe_terms():
    try:
        from archive.synthetic import probe_terms
    except ImportError:
        return None
    return probe_terms()


def _found(word: str) -> bool:
    return Utterance.objects.public().search(word).exists()


def _sample_texts() -> list[str]:
    """Up to SAMPLE_LINES consecutive public lines from the middle of the archive."""
    start = middle_quote().pk
    lines = Utterance.objects.public().filter(pk__gte=start).order_by("pk")
    return list(lines.values_list("text", flat=True)[:SAMPLE_LINES])


def _query(path: str, **params: str) -> str:
    return f"{path}?{urlencode(params)}"


def _compare_url(speakers: list[Speaker]) -> str:
    return f"{reverse('speakers:compare')}?{urlencode([('s', s.slug) for s in speakers])}"


def _feed_url(speaker: Speaker) -> str:
    return reverse("syndication:speaker-feed", kwargs={"slug": speaker.slug})


def archive_size() -> str:
    """Reads "35 episodes, 1,345 utterances, 22 speakers": three counts."""
    return ", ".join(
        [
            f"{Episode.objects.count():,} episodes",
            f"{Utterance.objects.count():,} utterances",
            f"{Speaker.objects.count():,} speakers",
        ]
    )
