"""Load the demo archive (``fixtures/demo/manifest.toml``) through the real importers.

The manifest's shows and episodes go through the transcript importer; the
saved RSS feeds it lists (``[[feeds]]``) through the feed importer, as a
curator's "Add show from feed" would, without transcripts or network.

Idempotent and respectful of curation: shows, episodes and speakers that
already exist (matched by their natural keys: slug, show + guid) are left as
they are, and a transcript is imported only into an episode that has none; a
feed's show is matched by slug and its episodes by guid, and the feed
importer changes only what the feed itself changed since the last load. So
running ``make run`` again changes nothing a curator has fixed.
"""

from __future__ import annotations

import contextlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from speakers.models import LinkKind, Speaker, SpeakerLink
from speakers.resolve import add_alias

from . import curation
from .feeds.importer import Options, import_feed_file
from .feeds.parsed import FeedError
from .feeds.summary import FeedSummary, Status
from .ingest import ImportSummary, import_transcript_file
from .models import Episode, Show

DEMO_MANIFEST = Path(__file__).resolve().parent.parent / "fixtures" / "demo" / "manifest.toml"


@dataclass
class DemoReport:
    shows_created: int = 0
    episodes_created: int = 0
    speakers_created: int = 0
    imports: list[ImportSummary] = field(default_factory=list)
    # One per [[feeds]] entry: its show, episodes added or updated, new speakers.
    feeds: list[FeedSummary] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.shows_created
            or self.episodes_created
            or self.speakers_created
            or any(summary.changed for summary in self.imports)
            or any(summary.changed for summary in self.feeds)
        )


class ManifestError(ValueError):
    pass


def load_demo(manifest_path: Path = DEMO_MANIFEST) -> DemoReport:
    """Create what the manifest describes and the archive lacks, in one transaction.

    Speakers first, so the feeds' ``podcast:person`` names resolve to them
    through their aliases; then the shows; then the feeds. Raises
    ``ManifestError`` (and lands nothing) for a manifest, feed or item that
    cannot be read. About a second on SQLite for the whole demo.
    """
    try:
        manifest = tomllib.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ManifestError(f"{manifest_path}: {error}") from None
    report = DemoReport()
    with transaction.atomic():
        speakers = _ensure_speakers(manifest.get("speakers", []), report)
        for show_data in manifest.get("shows", []):
            show = _ensure_show(show_data, report)
            for episode_data in show_data.get("episodes", []):
                _ensure_episode(show, episode_data, speakers, manifest_path.parent, report)
        for feed_data in manifest.get("feeds", []):
            report.feeds.append(_import_feed(feed_data, manifest_path.parent))
    return report


def _ensure_speakers(rows: list[dict], report: DemoReport) -> dict[str, Speaker]:
    existing = {s.slug: s for s in Speaker.objects.filter(slug__in=[row["slug"] for row in rows])}
    for row in rows:
        speaker = existing.get(row["slug"])
        if speaker is None:
            speaker = Speaker.objects.create(
                name=row["name"],
                slug=row["slug"],
                disambiguation=row.get("disambiguation", ""),
                bio=row.get("bio", ""),
                image_url=row.get("image_url", ""),
            )
            if row.get("website_url"):
                SpeakerLink.objects.create(
                    speaker=speaker, kind=LinkKind.WEBSITE, url=row["website_url"]
                )
            existing[speaker.slug] = speaker
            report.speakers_created += 1
            for name in [speaker.name, *row.get("aliases", [])]:
                _add_alias_unless_taken(speaker, name)
    return existing


def _ensure_show(row: dict, report: DemoReport) -> Show:
    show, created = Show.objects.get_or_create(
        slug=row["slug"],
        defaults={
            "title": row["title"],
            "feed_url": row.get("feed_url", ""),
            "website_url": row.get("website_url", ""),
            "image_url": row.get("image_url", ""),
            "description": row.get("description", ""),
            "language": row.get("language", ""),
        },
    )
    report.shows_created += created
    return show


def _ensure_episode(
    show: Show, row: dict, speakers: dict[str, Speaker], base: Path, report: DemoReport
) -> None:
    episode, created = Episode.objects.get_or_create(
        show=show,
        guid=row["guid"],
        defaults={
            "slug": row["slug"],
            "title": row["title"],
            "published_at": row.get("published_at"),
            "duration_seconds": row.get("duration"),
            "audio_url": row.get("audio_url", ""),
            "page_url": row.get("page_url", ""),
            "description": row.get("description", ""),
        },
    )
    report.episodes_created += created
    if created:
        for person in row.get("people", []):
            curation.credit(episode, _speaker(speakers, person["speaker"]), person["role"])
    if row.get("transcript") and not episode.has_transcript:
        path = base / row["transcript"]
        speaker_map = {
            label: _speaker(speakers, slug) for label, slug in row.get("speaker_map", {}).items()
        }
        report.imports.append(
            import_transcript_file(
                episode,
                path.read_bytes(),
                source=row["transcript"],
                format=row.get("format"),
                speaker_map=speaker_map,
            )
        )


def _import_feed(row: dict, base: Path) -> FeedSummary:
    """A saved feed into the show ``row["show"]``: episodes and credits, no transcripts.

    A skipped item is a broken fixture, not a curator's problem: refused, so
    the demo never silently lacks an episode.
    """
    options = Options(show_slug=row["show"], transcripts=False)
    try:
        summary = import_feed_file(
            (base / row["file"]).read_bytes(), source=row["file"], options=options
        )
    except (OSError, FeedError) as error:
        raise ManifestError(str(error)) from None
    skipped = [item for item in summary.items if item.status is Status.SKIPPED]
    if skipped:
        raise ManifestError(f"{row['file']}: {skipped[0].lines()[0]}")
    return summary


def _add_alias_unless_taken(speaker: Speaker, name: str) -> None:
    """The second of two same-name people gets no alias: transcripts map them by slug."""
    with contextlib.suppress(ValueError):
        add_alias(speaker, name)


def _speaker(speakers: dict[str, Speaker], slug: str) -> Speaker:
    try:
        return speakers[slug]
    except KeyError:
        raise ManifestError(f"speaker {slug!r} is not listed under [[speakers]]") from None
