"""Uploading a transcript in the admin: file -> preview and speaker mapping -> confirm."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse

from ..formats import TranscriptError
from ..forms import LabelMappingForm, LabelMappingFormSet, TranscriptUploadForm
from ..models import Episode, StagedTranscript
from ..preview import confirm, preview, read_labels
from .base import render_admin


class TranscriptUploadMixin:
    """The two upload views of ``EpisodeAdmin``; the preview module does the work."""

    def upload_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:episode_id>/upload-transcript/",
                wrap(self.upload_view),
                name="archive_episode_upload_transcript",
            ),
            path(
                "<int:episode_id>/upload-transcript/<int:staged_id>/",
                wrap(self.preview_view),
                name="archive_episode_preview_transcript",
            ),
        ]

    def _episode_for_upload(self, request, episode_id) -> Episode:
        episode = get_object_or_404(Episode.objects.with_show(), pk=episode_id)
        if not self.has_change_permission(request, episode):
            raise PermissionDenied
        return episode

    def upload_view(self, request, episode_id):
        """Step one: choose a file; it is read at once, and kept until confirmed."""
        episode = self._episode_for_upload(request, episode_id)
        form = TranscriptUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            staged = form.stage(episode, request.user)
            return redirect("admin:archive_episode_preview_transcript", episode.pk, staged.pk)
        return render_admin(
            request,
            self,
            "admin/archive/episode/upload_transcript.html",
            f"Upload a transcript: {episode.title}",
            original=episode,
            form=form,
        )

    def preview_view(self, request, episode_id, staged_id):
        """Step two: what the file holds and would change; map the labels, then confirm."""
        episode = self._episode_for_upload(request, episode_id)
        staged = get_object_or_404(
            StagedTranscript, pk=staged_id, episode=episode, uploaded_by=request.user
        )
        staged.episode = episode
        try:
            labels = read_labels(staged)
        except TranscriptError as error:  # e.g. the limits were lowered since the upload
            self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:archive_episode_upload_transcript", episode.pk)
        initial = [LabelMappingForm.initial_for(label) for label in labels.labels]
        formset = LabelMappingFormSet(request.POST or None, initial=initial)
        if formset.is_bound and formset.total_form_count() != len(initial):
            formset = LabelMappingFormSet(initial=initial)  # not this file's labels: start over
        chosen = formset.choices() if formset.is_bound and formset.is_valid() else None
        if chosen is not None and "_confirm" in request.POST:
            return self._confirm_upload(request, staged, chosen, labels)
        return render_admin(
            request,
            self,
            "admin/archive/episode/preview_transcript.html",
            f"Preview: {staged.file_name}",
            original=episode,
            staged=staged,
            preview=preview(staged, chosen),
            rows=zip(labels.labels, formset.forms, strict=True),
            formset=formset,
            media=self.media + formset.media,
        )

    def _confirm_upload(self, request, staged, chosen, labels):
        try:
            summary = confirm(staged, chosen, labels)
        except (TranscriptError, DatabaseError) as error:
            self.message_user(request, f"Nothing was saved: {error}", messages.ERROR)
            return redirect(request.path)
        lines = summary.lines()
        self.log_change(
            request, staged.episode, f"Imported transcript {staged.file_name}; {lines[1].strip()}."
        )
        staged.delete()
        for line in lines:
            self.message_user(request, line.strip(), messages.SUCCESS)
        return redirect(reverse("admin:archive_episode_change", args=[staged.episode.pk]))
