"""Shows from feeds in the admin: "Add show from feed" and the "Refresh from feed" action."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path

from ..feeds.fetch import FetchError
from ..feeds.importer import Options, import_feed_file, import_feed_url, refresh_show
from ..feeds.parsed import FeedError
from ..feeds.summary import FeedSummary, Status
from .base import log_change, render_admin

# An admin message per changed item, up to this many; the rest are counted.
MESSAGE_LINES = 25


class FeedImportForm(forms.Form):
    url = forms.URLField(
        required=False,
        assume_scheme="https",
        max_length=1000,
        label="Feed URL",
        help_text="The show's RSS feed. It is remembered, so the show can be refreshed later.",
    )
    file = forms.FileField(
        required=False, label="…or a saved feed file", help_text="An RSS file (no refreshes)."
    )
    transcripts = forms.BooleanField(
        required=False, initial=True, help_text="Fetch and import the transcripts items link to."
    )
    dry_run = forms.BooleanField(
        required=False, label="Dry run", help_text="Report what would change; write nothing."
    )

    def clean(self):
        cleaned = super().clean()
        url, upload = cleaned.get("url"), cleaned.get("file")
        if bool(url) == bool(upload):
            raise forms.ValidationError("Give a feed URL or a feed file (one of the two).")
        if upload is not None and upload.size > settings.FEED_MAX_BYTES:
            self.add_error("file", f"{upload.name} is over {settings.FEED_MAX_BYTES:,} bytes.")
        return cleaned

    def run(self) -> FeedSummary:
        """Import what the form names. Raises ``FeedError`` or ``FetchError``."""
        options = Options(
            transcripts=self.cleaned_data["transcripts"], dry_run=self.cleaned_data["dry_run"]
        )
        if self.cleaned_data["url"]:
            return import_feed_url(self.cleaned_data["url"], options)
        upload = self.cleaned_data["file"]
        return import_feed_file(upload.read(), source=upload.name, options=options)


def report(model_admin, request, summary: FeedSummary) -> None:
    """The summary as admin messages: the headline, then one message per changed item."""
    level = messages.WARNING if summary.warnings else messages.SUCCESS
    model_admin.message_user(request, summary.headline(), level)
    notes = summary.lines(every_item=False, items=False)[1:]
    notes += [
        " · ".join(line.strip() for line in item.lines())
        for item in summary.items
        if item.status is not Status.UNCHANGED or item.warnings
    ]
    for note in notes[:MESSAGE_LINES]:
        model_admin.message_user(request, note.strip(), messages.INFO)
    if len(notes) > MESSAGE_LINES:
        more = len(notes) - MESSAGE_LINES
        model_admin.message_user(
            request, f"…and {more} more: `manage.py import_feed` prints them all.", messages.INFO
        )


class FeedImportMixin:
    """For ``ShowAdmin``: the add-from-feed page and the refresh action."""

    def feed_urls(self):
        return [
            path(
                "add-from-feed/",
                self.admin_site.admin_view(self.add_from_feed_view),
                name="archive_show_add_from_feed",
            )
        ]

    def add_from_feed_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = FeedImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                summary = form.run()
            except (FeedError, FetchError) as error:
                form.add_error(None, str(error))
            else:
                report(self, request, summary)
                show = self.model.objects.filter(slug=summary.show).first()
                if show is not None and not summary.dry_run:
                    return redirect("admin:archive_show_change", show.pk)
        return render_admin(
            request,
            self,
            "admin/archive/show/add_from_feed.html",
            "Add a show from its feed",
            form=form,
        )

    @admin.action(permissions=["change"], description="Refresh selected shows from their feeds")
    def refresh_from_feed(self, request, queryset):
        for show in queryset.order_by("title"):
            if not show.feed_url:
                self.message_user(
                    request, f"{show}: no feed URL to refresh from.", messages.WARNING
                )
                continue
            try:
                summary = refresh_show(show)
            except (FeedError, FetchError) as error:
                self.message_user(request, f"{show}: {error}", messages.ERROR)
                continue
            report(self, request, summary)
            if summary.changed:
                log_change(request, queryset.filter(pk=show.pk), "Refreshed from its feed.")
