"""The plan as table rows: tuples in column order, as ``archive.bulk.copy_rows`` takes them.

Each row holds what the archive's own writers would have left: a speaker's
name as its alias (keyed by ``name_key``, as ``speakers.resolve`` does), an
episode's transcript provenance and length, an appearance per person
credited or heard with exact counts. Timestamps are the plan's fixed
``generated_at``, so a seed's archive is the same row for row.
"""

from __future__ import annotations

from collections.abc import Iterator

from speakers.names import name_key

from ..models import Role
from .plan import ArchivePlan, EpisodePlan
from .transcripts import Heard

TRANSCRIPT_FORMAT = "synthetic"

SHOW_COLUMNS = (
    "id",
    "title",
    "slug",
    "feed_url",
    "website_url",
    "image_url",
    "description",
    "language",
    "author",
    "podcast_guid",
    "feed_values",
    "feed_etag",
    "feed_last_modified",
    "feed_refreshed_at",
    "created_at",
    "updated_at",
)
SPEAKER_COLUMNS = (
    "id",
    "name",
    "slug",
    "disambiguation",
    "bio",
    "image_url",
    "is_published",
    "created_at",
    "updated_at",
)
ALIAS_COLUMNS = ("id", "speaker_id", "name", "key", "created_at")
EPISODE_COLUMNS = (
    "id",
    "show_id",
    "guid",
    "title",
    "slug",
    "published_at",
    "duration_seconds",
    "audio_url",
    "page_url",
    "description",
    "episode_number",
    "season_number",
    "chapters_url",
    "feed_values",
    "is_published",
    "transcript_format",
    "transcript_source",
    "transcript_imported_at",
    "transcript_hash",
    "created_at",
    "updated_at",
)
APPEARANCE_COLUMNS = ("id", "episode_id", "speaker_id", "role", "utterance_count", "word_count")


def show_rows(plan: ArchivePlan) -> Iterator[tuple]:
    names = _names(plan)
    at = plan.generated_at
    for show in plan.shows:
        hosts = _listed(names[host] for host in show.host_ids)
        yield (
            show.id,
            show.title,
            show.slug,
            f"https://feeds.example.org/{show.slug}.xml",
            f"https://{show.slug}.example.org/",
            "",
            f"Conversations with the people behind the work, hosted by {hosts}.",
            "en",
            hosts,
            show.podcast_guid,
            "{}",
            "",
            "",
            None,
            at,
            at,
        )


def speaker_rows(plan: ArchivePlan) -> Iterator[tuple]:
    at = plan.generated_at
    for speaker in plan.speakers:
        yield (speaker.id, speaker.name, speaker.slug, "", "", "", True, at, at)


def alias_rows(plan: ArchivePlan) -> Iterator[tuple]:
    """One alias per speaker, their name: what ``get_or_create_speakers`` leaves."""
    for speaker in plan.speakers:
        yield (speaker.id, speaker.id, speaker.name, name_key(speaker.name), plan.generated_at)


def episode_rows(plan: ArchivePlan, heard: dict[int, Heard]) -> Iterator[tuple]:
    """Needs every episode's ``Heard``: write after the utterances."""
    names = _names(plan)
    at = plan.generated_at
    for episode in plan.episodes:
        transcript = heard[episode.id]
        yield (
            episode.id,
            episode.show_id,
            episode.guid,
            episode.title,
            episode.slug,
            episode.published_at,
            transcript.duration_seconds,
            "",
            "",
            _description(episode, names),
            episode.number,
            None,
            "",
            "{}",
            True,
            TRANSCRIPT_FORMAT,
            f"generate_archive --seed {plan.seed} ({episode.guid})",
            at,
            transcript.transcript_hash,
            at,
            at,
        )


def appearance_rows(plan: ArchivePlan, heard: dict[int, Heard]) -> Iterator[tuple]:
    """Credits first (hosts, then guests), then anyone heard but uncredited, counts exact."""
    next_id = 1
    for episode in plan.episodes:
        counts = heard[episode.id].counts
        credits = {host: Role.HOST for host in episode.host_ids}
        credits.update((guest, Role.GUEST) for guest in episode.guest_ids)
        uncredited = {speaker: Role.SPEAKER for speaker in counts if speaker not in credits}
        for speaker, role in (*credits.items(), *uncredited.items()):
            lines, words = counts.get(speaker, (0, 0))
            yield (next_id, episode.id, speaker, str(role), lines, words)
            next_id += 1


def _names(plan: ArchivePlan) -> dict[int, str]:
    return {speaker.id: speaker.name for speaker in plan.speakers}


def _listed(names) -> str:
    """Names as a sentence lists them: "Ada", "Ada and Bo", "Ada, Bo and Cy"."""
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _description(episode: EpisodePlan, names: dict[int, str]) -> str:
    hosts = _listed(names[host] for host in episode.host_ids)
    if not episode.guest_ids:
        return f"{hosts} on {episode.title.lower()}."
    guests = _listed(names[guest] for guest in episode.guest_ids)
    join = "joins" if len(episode.guest_ids) == 1 else "join"
    return f"{guests} {join} {hosts} to talk about {episode.title.lower()}."
