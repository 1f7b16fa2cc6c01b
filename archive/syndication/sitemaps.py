"""The sitemap's sections: listed speakers, shows, public episodes (quote pages are left out).

Django's sitemap machinery paginates each section (50,000 URLs a page). Each
page is two queries (a count, the page); the index is two per section (the
count, the section's latest ``lastmod``).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery

from speakers.models import Speaker

from ..models import Appearance, Episode, Show


def _latest(*dates):
    return max((date for date in dates if date is not None), default=None)


class SpeakerSitemap(Sitemap):
    """Speakers with a page worth crawling: public, on at least one public episode.

    A page changes with the person and with their episodes, so ``lastmod`` is
    the later of the two (a correlated subquery on appearance_speaker_idx).
    """

    def items(self):
        episodes_updated = (
            Appearance.objects.filter(speaker=OuterRef("pk"))
            .order_by("-episode__updated_at")
            .values("episode__updated_at")[:1]
        )
        return (
            Speaker.objects.listed()
            .annotate(episodes_updated=Subquery(episodes_updated))
            .only("slug", "updated_at")
            .order_by("pk")
        )

    def lastmod(self, speaker):
        return _latest(speaker.updated_at, speaker.episodes_updated)

    def get_latest_lastmod(self):
        latest = self.items().aggregate(own=Max("updated_at"), episodes=Max("episodes_updated"))
        return _latest(latest["own"], latest["episodes"])


class ShowSitemap(Sitemap):
    """Every show; its page changes with the show and with its episodes."""

    def items(self):
        return (
            Show.objects.annotate(episodes_updated=Max("episodes__updated_at"))
            .only("slug", "updated_at")
            .order_by("pk")
        )

    def lastmod(self, show):
        return _latest(show.updated_at, show.episodes_updated)

    def get_latest_lastmod(self):
        latest = Show.objects.aggregate(own=Max("updated_at"), episodes=Max("episodes__updated_at"))
        return _latest(latest["own"], latest["episodes"])


class EpisodeSitemap(Sitemap):
    """Public episodes, show selected for their URLs."""

    def items(self):
        return (
            Episode.objects.public()
            .select_related("show")
            .only("slug", "updated_at", "show__slug")
            .order_by("pk")
        )

    def lastmod(self, episode):
        return episode.updated_at

    def get_latest_lastmod(self):
        return Episode.objects.public().aggregate(latest=Max("updated_at"))["latest"]


SITEMAPS = {"speakers": SpeakerSitemap, "shows": ShowSitemap, "episodes": EpisodeSitemap}
