"""What a benchmark looks for in a generated archive: search terms that are sure to hit,
the busiest host, a typical guest and the longest transcript.

The finders are plain queries over appearances (a few thousand rows at the
medium scale), never over utterances, so they cost milliseconds however
many lines the archive holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Sum

from speakers.models import Speaker

from ..models import Appearance, Episode, Role
from .plan import RARE_LINES
from .vocabulary import COMMON_WORD, PHRASE, RARE_WORD


@dataclass(frozen=True)
class ProbeTerms:
    """``common`` is in every episode's first line and in many others; ``rare`` in exactly
    ``rare_lines`` lines; ``phrase`` (two words) in every episode's first line."""

    common: str
    rare: str
    phrase: str
    rare_lines: int

    @property
    def phrase_query(self) -> str:
        """The phrase as a visitor types an exact-phrase search: ``"open source"``."""
        return f'"{self.phrase}"'


def probe_terms() -> ProbeTerms:
    """Search terms that hold in any generated archive, whatever its seed or scale
    (``rare_lines`` is fewer only in an archive of fewer episodes)."""
    return ProbeTerms(common=COMMON_WORD, rare=RARE_WORD, phrase=PHRASE, rare_lines=RARE_LINES)


def busiest_host() -> Speaker | None:
    """The speaker credited as host on the most episodes (the lowest id among equals)."""
    hosts = Appearance.objects.filter(role=Role.HOST).values("speaker")
    busiest = hosts.annotate(episodes=Count("pk")).order_by("-episodes", "speaker").first()
    return Speaker.objects.get(pk=busiest["speaker"]) if busiest else None


def typical_guest() -> Speaker | None:
    """A guest credited on the median number of episodes for a guest (usually one)."""
    guests = (
        Appearance.objects.filter(role=Role.GUEST)
        .values("speaker")
        .annotate(episodes=Count("pk"))
        .order_by("episodes", "speaker")
    )
    count = guests.count()
    if not count:
        return None
    return Speaker.objects.get(pk=guests[count // 2]["speaker"])


def longest_episode() -> Episode | None:
    """The episode with the most utterances (3,000 at the named scales), by its appearances'
    line counts."""
    lines = Appearance.objects.values("episode").annotate(lines=Sum("utterance_count"))
    longest = lines.order_by("-lines", "episode").first()
    return Episode.objects.get(pk=longest["episode"]) if longest else None
