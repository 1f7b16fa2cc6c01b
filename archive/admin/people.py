"""Speakers in the admin: identity, links, merging duplicates, splitting a wrong alias off.

Registered here, not in ``speakers``, because merging moves archive rows and
the speakers app never imports the archive.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, DELETION, LogEntry
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html

from speakers.models import Speaker, SpeakerAlias, SpeakerLink, SpeakerSlugRedirect
from speakers.names import name_key

from .. import curation
from ..models import Appearance, Utterance
from .base import (
    CuratedDeleteMixin,
    CurationAdmin,
    CurationInline,
    PublishingAdminMixin,
    log_change,
    render_admin,
    selection,
)


class SpeakerForm(forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["name", "slug", "disambiguation", "bio", "image_url", "is_published"]

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        try:
            curation.check_new_slug(self.instance, slug)
        except ValueError as error:
            raise forms.ValidationError(str(error).capitalize() + ".") from None
        return slug


class SpeakerAliasInline(CurationInline):
    model = SpeakerAlias
    extra = 1
    fields = ["name", "key", "split"]
    readonly_fields = ["key", "split"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker")  # for ``split``

    @admin.display(description="")
    def split(self, alias):
        """A link to split the alias off; not for the speaker's own name (rename that)."""
        if not alias.pk or alias.key == name_key(alias.speaker.name):
            return ""
        url = reverse("admin:speakers_speakeralias_split", args=[alias.pk])
        return format_html('<a href="{}">Split off…</a>', url)


class SpeakerLinkInline(CurationInline):
    model = SpeakerLink
    extra = 1
    fields = ["kind", "url"]


class MergeForm(forms.Form):
    survivor = forms.ModelChoiceField(
        Speaker.objects.none(), widget=forms.RadioSelect, empty_label=None
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].queryset = candidates


@admin.register(Speaker)
class SpeakerAdmin(PublishingAdminMixin, CuratedDeleteMixin, CurationAdmin):
    form = SpeakerForm
    list_display = ["name", "disambiguation", "slug", "is_published", "appearance_count"]
    list_filter = ["is_published"]
    search_fields = ["name", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SpeakerAliasInline, SpeakerLinkInline]
    actions = ["merge_selected", *PublishingAdminMixin.actions]
    delete_operation = staticmethod(curation.delete_speakers)

    def get_queryset(self, request):
        return super().get_queryset(request).with_appearance_counts()

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else super().get_prepopulated_fields(request, obj)

    @admin.display(ordering="appearance_count", description="appearances")
    def appearance_count(self, speaker):
        return speaker.appearance_count

    def save_model(self, request, obj, form, change):
        """A new slug goes through the core, which keeps the old one as a redirect."""
        new_slug = obj.slug
        if change and "slug" in form.changed_data:
            obj.slug = form.initial["slug"]
        super().save_model(request, obj, form, change)
        curation.rename_speaker_slug(obj, new_slug)

    def save_through_core(self, obj, form):
        curation.save_speaker(obj, form.changed_data)

    def deleted_along(self, objs):
        return {
            "appearances": Appearance.objects.filter(speaker__in=objs).count(),
            "lines left unattributed": Utterance.objects.filter(speaker__in=objs).count(),
        }

    @admin.action(permissions=["change", "delete"], description="Merge selected speakers…")
    def merge_selected(self, request, queryset):
        candidates = queryset.order_by("-appearance_count", "name")
        if len(candidates) < 2:
            self.message_user(request, "Select two or more speakers to merge.", messages.WARNING)
            return None
        data = request.POST if "survivor" in request.POST else None
        form = MergeForm(data, candidates=candidates)
        if not form.is_valid():
            return self._merge_page(request, candidates, form, plan=None)
        survivor = form.cleaned_data["survivor"]
        merged = [speaker for speaker in candidates if speaker.pk != survivor.pk]
        if "apply" not in request.POST:
            plan = curation.plan_merge(survivor, merged)
            return self._merge_page(request, candidates, form, plan)
        return self._merge(request, survivor, merged)

    def _merge_page(self, request, candidates, form, plan):
        return render_admin(
            request,
            self,
            "admin/speakers/speaker/merge.html",
            "Merge speakers" if plan is None else f"Merge into {plan.survivor}?",
            candidates=candidates,
            form=form,
            plan=plan,
            **selection(request),
        )

    def _merge(self, request, survivor, merged):
        names = ", ".join(f"{speaker} ({speaker.slug})" for speaker in merged)
        LogEntry.objects.log_actions(
            request.user.pk, merged, DELETION, change_message=f"Merged into {survivor.slug}."
        )
        plan = curation.merge_speakers(survivor, merged)
        message = (
            f"Merged {names} into this speaker: {plan.appearances} appearances, "
            f"{plan.utterances} lines, {len(plan.aliases)} aliases moved."
        )
        log_change(request, Speaker.objects.filter(pk=survivor.pk), message)
        self.message_user(request, f"{survivor}: {message}", messages.SUCCESS)
        return redirect("admin:speakers_speaker_change", survivor.pk)


@admin.register(SpeakerAlias)
class SpeakerAliasAdmin(CurationAdmin):
    list_display = ["name", "key", "speaker", "split"]
    list_select_related = ["speaker"]
    search_fields = ["name", "key", "speaker__name"]
    autocomplete_fields = ["speaker"]
    readonly_fields = ["key"]
    split = SpeakerAliasInline.split

    def get_urls(self):
        split = self.admin_site.admin_view(self.split_view)
        return [
            path("<int:alias_id>/split/", split, name="speakers_speakeralias_split"),
            *super().get_urls(),
        ]

    def split_view(self, request, alias_id):
        """Confirm, then make the alias a speaker of its own with the lines it labels."""
        alias = get_object_or_404(SpeakerAlias.objects.select_related("speaker"), pk=alias_id)
        if not self.has_change_permission(request, alias):
            raise PermissionDenied
        owner = alias.speaker
        if request.method == "POST":
            try:
                speaker = curation.split_alias(alias)
            except ValueError as error:
                self.message_user(request, str(error).capitalize() + ".", messages.ERROR)
                return redirect("admin:speakers_speaker_change", owner.pk)
            message = f"Split {alias.name!r} off {owner} ({owner.slug})."
            LogEntry.objects.log_actions(
                request.user.pk, [speaker], ADDITION, change_message=message
            )
            log_change(request, Speaker.objects.filter(pk=owner.pk), message)
            self.message_user(request, f"{message} It is now {speaker.slug}.", messages.SUCCESS)
            return redirect("admin:speakers_speaker_change", speaker.pk)
        return render_admin(
            request,
            self,
            "admin/speakers/speakeralias/split.html",
            f"Split {alias.name!r} off {owner}?",
            plan=curation.plan_split(alias),
            owner=owner,
        )


@admin.register(SpeakerSlugRedirect)
class SpeakerSlugRedirectAdmin(CurationAdmin):
    """Read-only: old slugs that answer 301; renames and merges write them."""

    list_display = ["old_slug", "speaker", "created_at"]
    list_select_related = ["speaker"]
    search_fields = ["old_slug", "speaker__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
