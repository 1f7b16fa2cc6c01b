from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from config.admin_slugs import PermanentSlugAdminMixin

from .forms import TranscriptImportForm
from .ingest import refresh_appearances, refresh_appearances_of
from .models import Appearance, Episode, RemovedUtterance, Show, Utterance


@admin.register(Show)
class ShowAdmin(PermanentSlugAdminMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "language", "feed_url"]
    search_fields = ["title", "slug", "feed_url"]
    prepopulated_fields = {"slug": ["title"]}

    # Deleting a show deletes its episodes' quotes: keep their permalinks answering 410.
    def delete_model(self, request, obj):
        Episode.objects.filter(show=obj).delete_keeping_tombstones()
        obj.delete()

    def delete_queryset(self, request, queryset):
        Episode.objects.filter(show__in=queryset).delete_keeping_tombstones()
        queryset.delete()


class AppearanceInline(admin.TabularInline):
    """Credits on the episode page: roles are edited here, people are added on their own page.

    The speaker is read-only so counts can never move to the wrong person, and
    read-only fields cost no query per row (an autocomplete widget does).
    """

    model = Appearance
    extra = 0
    fields = ["speaker", "role", "utterance_count", "word_count"]
    readonly_fields = ["speaker", "utterance_count", "word_count"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Episode)
class EpisodeAdmin(PermanentSlugAdminMixin, admin.ModelAdmin):
    list_display = ["title", "show", "published_at", "is_published", "transcript_format"]
    list_filter = ["is_published", "show", "transcript_format"]
    list_select_related = ["show"]
    search_fields = ["title", "guid", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["show"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "transcript_format",
        "transcript_source",
        "transcript_imported_at",
        "transcript_hash",
    ]
    inlines = [AppearanceInline]
    change_form_template = "admin/archive/episode/change_form.html"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_appearances(form.instance)  # a credit removed from someone still heard

    def delete_model(self, request, obj):
        Episode.objects.filter(pk=obj.pk).delete_keeping_tombstones()

    def delete_queryset(self, request, queryset):
        queryset.delete_keeping_tombstones()

    def get_urls(self):
        import_view = self.admin_site.admin_view(self.import_transcript_view)
        return [
            path(
                "<int:episode_id>/import-transcript/",
                import_view,
                name="archive_episode_import_transcript",
            ),
            *super().get_urls(),
        ]

    def import_transcript_view(self, request, episode_id):
        """Upload a transcript for one episode; the importer does all the work."""
        episode = get_object_or_404(Episode.objects.with_show(), pk=episode_id)
        if not self.has_change_permission(request, episode):
            return redirect("admin:index")
        form = TranscriptImportForm(request.POST or None, request.FILES or None)
        summary = form.import_into(episode) if request.method == "POST" else None
        if summary:
            for line in summary.lines():
                self.message_user(request, line, messages.SUCCESS)
            change_url = reverse("admin:archive_episode_change", args=[episode.pk])
            return redirect(request.path if summary.dry_run else change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": episode,
            "title": f"Import transcript: {episode.title}",
            "form": form,
        }
        return TemplateResponse(request, "admin/archive/episode/import_transcript.html", context)


@admin.register(Appearance)
class AppearanceAdmin(admin.ModelAdmin):
    """Credits. Who and where are fixed once saved; counts are the importer's."""

    list_display = ["speaker", "episode", "show", "role", "utterance_count", "word_count"]
    list_filter = ["role", "episode__show"]
    list_select_related = ["speaker", "episode__show"]
    search_fields = ["speaker__name", "episode__title"]
    autocomplete_fields = ["speaker", "episode"]

    def get_readonly_fields(self, request, obj=None):
        counts = ["utterance_count", "word_count"]
        return ["speaker", "episode", *counts] if obj is not None else counts

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        refresh_appearances(obj.episode)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_appearances(obj.episode)

    def delete_queryset(self, request, queryset):
        episode_ids = set(queryset.values_list("episode_id", flat=True))
        super().delete_queryset(request, queryset)
        refresh_appearances_of(episode_ids)

    @admin.display(ordering="episode__show__title")
    def show(self, appearance):
        return appearance.episode.show


@admin.register(RemovedUtterance)
class RemovedUtteranceAdmin(admin.ModelAdmin):
    """Read-only: the record that keeps deleted quotes' permalinks answering 410."""

    list_display = ["id", "text_start", "episode", "removed_at"]
    list_select_related = ["episode"]
    search_fields = ["=id", "text"]
    date_hierarchy = "removed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="text")
    def text_start(self, removed):
        return removed.text[:100]


@admin.register(Utterance)
class UtteranceAdmin(admin.ModelAdmin):
    list_display = ["id", "short_text", "speaker", "speaker_label", "episode", "start_ms"]
    list_filter = ["episode__show"]
    list_select_related = ["speaker", "episode"]
    search_fields = ["text", "speaker_label"]
    autocomplete_fields = ["speaker", "episode"]
    show_full_result_count = False  # a count(*) over a million rows per page view is waste

    @admin.display(description="text")
    def short_text(self, utterance):
        return utterance.text[:100]

    # Curators fix text and attribution here; appearance counts must stay exact.
    def save_model(self, request, obj, form, change):
        previous_episode_id = form.initial.get("episode")
        super().save_model(request, obj, form, change)
        refresh_appearances_of({obj.episode_id, previous_episode_id} - {None})

    def delete_model(self, request, obj):
        Utterance.objects.filter(pk=obj.pk).delete_keeping_tombstones()
        refresh_appearances_of({obj.episode_id})

    def delete_queryset(self, request, queryset):
        episode_ids = set(queryset.values_list("episode_id", flat=True))
        queryset.delete_keeping_tombstones()
        refresh_appearances_of(episode_ids)
