from django.contrib import admin

from config.admin_slugs import PermanentSlugAdminMixin

from .. import curation
from ..models import Episode, Show, Utterance
from .base import CuratedDeleteMixin, CurationAdmin


@admin.register(Show)
class ShowAdmin(CuratedDeleteMixin, PermanentSlugAdminMixin, CurationAdmin):
    list_display = ["title", "slug", "language", "feed_url"]
    search_fields = ["title", "slug", "feed_url"]
    prepopulated_fields = {"slug": ["title"]}

    # Deleting a show deletes its episodes' quotes: the core keeps their permalinks at 410.
    delete_operation = staticmethod(curation.delete_shows)

    def deleted_along(self, objs):
        return {
            "episodes": Episode.objects.filter(show__in=objs).count(),
            "utterances (their permalinks will answer 410 Gone)": Utterance.objects.filter(
                episode__show__in=objs
            ).count(),
        }
