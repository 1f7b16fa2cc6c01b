"""What the home page says about the archive as a whole: its totals, and its active year.

Designed for a million utterances: no query here reads utterance rows except
the unattributed ones (through utterance_speaker_idx); the rest come from
episodes, speakers and the exact per-appearance counts the curation core keeps.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils import timezone

from speakers.models import Speaker

from .models import Appearance, Episode, Show, Utterance


@dataclass(frozen=True)
class ArchiveTotals:
    shows: int
    episodes: int
    speakers: int
    seconds: int
    utterances: int

    @property
    def rows(self) -> list[tuple[str, str]]:
        """``(label, figure)`` pairs, figures formatted for people ("1,204", "12.5")."""
        hours = self.seconds / 3600
        return [
            ("Shows", f"{self.shows:,}"),
            ("Episodes", f"{self.episodes:,}"),
            ("Speakers", f"{self.speakers:,}"),
            ("Hours", f"{hours:,.1f}" if hours < 10 else f"{hours:,.0f}"),
            ("Utterances", f"{self.utterances:,}"),
        ]


def archive_totals() -> ArchiveTotals:
    """Shows, public episodes and their hours, listed speakers, lines on public episodes.

    Five small queries. Lines are the appearances' exact counts (every
    attributed line, a hidden speaker's too, since those show as
    "Unattributed") plus the unattributed lines.
    """
    episodes = Episode.objects.public().aggregate(
        count=Count("pk"), seconds=Sum("duration_seconds", default=0)
    )
    attributed = Appearance.objects.filter(episode__is_published=True).aggregate(
        lines=Sum("utterance_count", default=0)
    )["lines"]
    unattributed = Utterance.objects.filter(
        speaker__isnull=True, episode__is_published=True
    ).count()
    return ArchiveTotals(
        shows=Show.objects.count(),
        episodes=episodes["count"],
        speakers=Speaker.objects.listed().count(),
        seconds=episodes["seconds"],
        utterances=attributed + unattributed,
    )


def activity_year(latest_episodes: list[Episode]) -> int:
    """The year "most active" speakers are counted in: the newest episode's, usually this one.

    An archive whose newest episode is from an earlier year still shows who was
    busiest then rather than an empty list. No queries: takes the latest episodes.
    """
    years = [episode.published_at.year for episode in latest_episodes if episode.published_at]
    return max(years) if years else timezone.now().year
