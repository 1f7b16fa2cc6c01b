from django.contrib import admin

from config.admin_slugs import PermanentSlugAdminMixin

from .. import curation
from ..models import Episode, Show, Utterance
from .base import CuratedDeleteMixin, CurationAdmin
from .feeds import FeedImportMixin


@admin.register(Show)
class ShowAdmin(FeedImportMixin, CuratedDeleteMixin, PermanentSlugAdminMixin, CurationAdmin):
    list_display = ["title", "slug", "language", "feed_url", "feed_refreshed_at"]
    search_fields = ["title", "slug", "feed_url"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["feed_refreshed_at"]
    actions = ["refresh_from_feed"]

    def get_urls(self):
        return [*self.feed_urls(), *super().get_urls()]

    # Deleting a show deletes its episodes' quotes: the core keeps their permalinks at 410.
    delete_operation = staticmethod(curation.delete_shows)

    def deleted_along(self, objs):
        return {
            "episodes": Episode.objects.filter(show__in=objs).count(),
            "utterances (their permalinks will answer 410 Gone)": Utterance.objects.filter(
                episode__show__in=objs
            ).count(),
        }
