from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from config.admin_slugs import PermanentSlugAdminMixin

from .. import curation
from ..models import Appearance, Episode, Utterance
from .base import CuratedDeleteMixin, CurationAdmin, CurationInline, PublishingAdminMixin
from .uploads import TranscriptUploadMixin


class AppearanceInline(CurationInline):
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


class HasTranscriptFilter(admin.SimpleListFilter):
    title = "transcript"
    parameter_name = "has_transcript"

    def lookups(self, request, model_admin):
        return [("yes", "Has a transcript"), ("no", "No transcript yet")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(transcript_hash="")
        if self.value() == "no":
            return queryset.filter(transcript_hash="")
        return queryset


def utterance_list_url(episode_id: int, **filters) -> str:
    """The admin's line list for one episode, optionally filtered (``label=…``)."""
    query = urlencode({"episode": episode_id, **filters})
    return reverse("admin:archive_utterance_changelist") + "?" + query


@admin.register(Episode)
class EpisodeAdmin(
    TranscriptUploadMixin,
    PublishingAdminMixin,
    CuratedDeleteMixin,
    PermanentSlugAdminMixin,
    CurationAdmin,
):
    list_display = ["title", "show", "published_at", "is_published", "transcript"]
    list_filter = ["is_published", HasTranscriptFilter, "show", "transcript_format"]
    list_select_related = ["show"]
    search_fields = ["title", "guid", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["show"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "speaker_labels",
        "transcript_format",
        "transcript_source",
        "transcript_imported_at",
        "transcript_hash",
    ]
    fieldsets = [
        (None, {"fields": ["show", "title", "slug", "guid", "published_at", "is_published"]}),
        ("Numbering", {"fields": ["season_number", "episode_number"], "classes": ["collapse"]}),
        (
            "Media and links",
            {"fields": ["duration_seconds", "audio_url", "page_url", "chapters_url"]},
        ),
        ("Description", {"fields": ["description"], "classes": ["collapse"]}),
        ("Transcript", {"fields": readonly_fields}),
    ]
    inlines = [AppearanceInline]
    delete_operation = staticmethod(curation.delete_episodes)
    change_form_template = "admin/archive/episode/change_form.html"

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj is not None else fieldsets[:4]

    def get_urls(self):
        return [*self.upload_urls(), *super().get_urls()]

    def get_list_display(self, request):
        """Curators get upload links in the transcript column; viewers only the lines."""
        column = "transcript" if self.has_change_permission(request) else "transcript_lines"
        return [*self.list_display[:-1], column]

    @admin.display(description="transcript")
    def transcript(self, episode):
        upload = reverse("admin:archive_episode_upload_transcript", args=[episode.pk])
        if not episode.has_transcript:
            return format_html('<a href="{}">Upload</a>', upload)
        return format_html('{} · <a href="{}">Replace</a>', self.transcript_lines(episode), upload)

    @admin.display(description="transcript")
    def transcript_lines(self, episode):
        if not episode.has_transcript:
            return "none yet"
        lines = utterance_list_url(episode.pk)
        return format_html('{} · <a href="{}">Lines</a>', episode.transcript_format, lines)

    @admin.display(description="speaker labels")
    def speaker_labels(self, episode):
        """Each label with its lines and who they are, linked to its lines: one query."""
        rows = (
            episode.utterances.order_by("speaker_label")
            .values("speaker_label")
            .annotate(lines=Count("pk"), unattributed=Count("pk", filter=Q(speaker=None)))
        )
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a>: {} lines{}</li>',
            (
                (
                    utterance_list_url(episode.pk, label=row["speaker_label"] or "-"),
                    row["speaker_label"] or "(no label)",
                    row["lines"],
                    f", {row['unattributed']} unattributed" if row["unattributed"] else "",
                )
                for row in rows
            ),
        )
        return format_html("<ul>{}</ul>", items) if items else "No transcript yet."

    def save_formset(self, request, form, formset, change):
        """Credits go through the core, which keeps counts and uncredited rows exact."""
        if formset.model is not Appearance:
            return super().save_formset(request, form, formset, change)
        changed = formset.save(commit=False)
        for appearance in formset.deleted_objects:
            curation.uncredit(appearance)
        for appearance in changed:
            curation.credit(appearance.episode, appearance.speaker, appearance.role)

    def deleted_along(self, objs):
        return {
            "credits": Appearance.objects.filter(episode__in=objs).count(),
            "utterances (their permalinks will answer 410 Gone)": Utterance.objects.filter(
                episode__in=objs
            ).count(),
        }


@admin.register(Appearance)
class AppearanceAdmin(CurationAdmin):
    """Credits. Who and where are fixed once saved; counts are the core's."""

    list_display = ["speaker", "episode", "show", "role", "utterance_count", "word_count"]
    list_filter = ["role", "episode__show"]
    list_select_related = ["speaker", "episode__show"]
    search_fields = ["speaker__name", "episode__title"]
    autocomplete_fields = ["speaker", "episode"]

    def get_readonly_fields(self, request, obj=None):
        counts = ["utterance_count", "word_count"]
        return ["speaker", "episode", *counts] if obj is not None else counts

    def save_model(self, request, obj, form, change):
        saved = curation.credit(obj.episode, obj.speaker, obj.role)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        curation.uncredit(obj)

    def delete_queryset(self, request, queryset):
        for appearance in queryset.select_related("episode", "speaker"):
            curation.uncredit(appearance)

    @admin.display(ordering="episode__show__title")
    def show(self, appearance):
        return appearance.episode.show
