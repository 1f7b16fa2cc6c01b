"""An episode's transcript from the URL its feed gives, re-imported only when it changed.

The feed's transcript is remembered in ``feed_values["transcript_fetch"]``:
its URL, content hash and the server's validators. A refresh asks with
``If-None-Match`` / ``If-Modified-Since``; a 304, or the same bytes again,
is skipped without work, and so a transcript a curator uploaded over the
feed's one stays until the feed's own changes. A new URL or new content goes
through the one importer, whose matching keeps every quote's permalink.
"""

from __future__ import annotations

from django.conf import settings

from ..formats import FORMATS, TranscriptError, content_hash
from ..ingest import import_transcript_file
from ..models import Episode
from .fetch import FetchError, fetch
from .parsed import TranscriptLink
from .summary import ItemReport, Status

ACCEPT = "text/vtt, application/json, application/x-subrip, text/html;q=0.5, text/plain;q=0.3"


def import_feed_transcript(episode: Episode, link: TranscriptLink, report: ItemReport) -> None:
    """Fetch ``link`` and import it into ``episode``; ``report.transcript`` says what happened."""
    last = episode.feed_values.get("transcript_fetch", {})
    same_url = last.get("url") == link.url
    try:
        fetched = fetch(
            link.url,
            etag=last.get("etag", "") if same_url else "",
            last_modified=last.get("last_modified", "") if same_url else "",
            max_bytes=settings.TRANSCRIPT_MAX_BYTES,
            accept=ACCEPT,
        )
    except FetchError as error:
        report.transcript = f"not fetched: {error}"
        return
    if fetched.not_modified:
        report.transcript = "unchanged (the server says not modified)"
        return
    digest = content_hash(fetched.body)
    state = {
        "url": link.url,
        "hash": digest,
        "etag": fetched.etag,
        "last_modified": fetched.last_modified,
    }
    if same_url and digest == last.get("hash"):
        _remember(episode, state)
        report.transcript = "unchanged (the same content)"
        return
    try:
        imported = import_transcript_file(episode, fetched.body, source=link.url)
    except TranscriptError as error:
        report.transcript = f"refused: {error}"
        return
    _remember(episode, state)
    report.transcript = _described(imported)
    if report.status is Status.UNCHANGED:
        report.status = Status.UPDATED
        report.detail = ", ".join(filter(None, [report.detail, "transcript"]))


def _remember(episode: Episode, state: dict) -> None:
    episode.feed_values["transcript_fetch"] = state
    Episode.objects.filter(pk=episode.pk).update(feed_values=episode.feed_values)


def _described(imported) -> str:
    title = FORMATS[imported.format].TITLE if imported.format in FORMATS else imported.format
    changes = imported.changes
    text = (
        f"{title}: {changes.created} lines created, {changes.updated} updated, "
        f"{changes.unchanged} unchanged, {changes.removed} removed"
    )
    if imported.speakers_created:
        text += "; new speakers: " + ", ".join(imported.speakers_created)
    if imported.unattributed_labels:
        text += "; unattributed labels: " + ", ".join(imported.unattributed_labels)
    if imported.warnings:
        text += f"; {len(imported.warnings)} warnings, first: {imported.warnings[0]}"
    return text
