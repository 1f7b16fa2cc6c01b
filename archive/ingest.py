"""The one import service every entry point calls: file or parsed transcript in, rows out.

All or nothing: everything happens in one transaction, so a refused file or a
failure half-way leaves the archive exactly as it was. Re-importing keeps quote
permalinks: old utterances are matched to new lines and updated in place.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from speakers.models import Speaker
from speakers.resolve import get_or_create_speakers

from .formats import (
    FORMATS,
    Limits,
    ParsedTranscript,
    TranscriptError,
    content_hash,
    read_transcript,
)
from .formats.decoding import check_size
from .labels import LabelKind, classify_label
from .matching import Line, match_lines
from .models import Appearance, Episode, Role, Utterance, retire_utterances
from .turns import DEFAULT_MAX_GAP_MS, Turn, merge_turns, word_count

# The columns an import writes and compares, as model field names.
UTTERANCE_FIELDS = ("speaker", "speaker_label", "sequence", "start_ms", "end_ms", "text")

# A mapping value: a speaker, a slug or a name to resolve, or None/"" for "nobody".
SpeakerChoice = Speaker | str | None


@dataclass
class ImportSummary:
    episode: str
    format: str = ""
    detected_because: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    speakers_created: list[str] = field(default_factory=list)
    unattributed_labels: list[str] = field(default_factory=list)
    pseudo_labels: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    # The transcript's own title (WEBVTT header, <title>, front matter): a check
    # that the file belongs to this episode.
    title: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed or self.speakers_created)

    def lines(self) -> list[str]:
        """The summary as a curator reads it (management command, admin message)."""
        verb = "would import" if self.dry_run else "imported"
        title = FORMATS[self.format].TITLE if self.format in FORMATS else self.format
        lines = [
            f"{self.episode}: {verb} {title} ({self.detected_because})",
            f"  utterances: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.removed} removed",
        ]
        if self.title:
            lines.append(f"  title in the file: {self.title}")
        if self.speakers_created:
            lines.append("  new speakers: " + ", ".join(self.speakers_created))
        if self.unattributed_labels:
            lines.append(
                "  unattributed labels (map them to people): " + ", ".join(self.unattributed_labels)
            )
        if self.pseudo_labels:
            lines.append(
                "  not speech by a person, left unattributed: " + ", ".join(self.pseudo_labels)
            )
        lines.extend(f"  warning: {warning}" for warning in self.warnings)
        return lines


def read_transcript_path(path: Path, limits: Limits | None = None) -> bytes:
    """A transcript file's bytes; an oversized file is refused before it is read."""
    check_size(path.stat().st_size, source=path.name, limits=limits or configured_limits())
    return path.read_bytes()


def configured_limits(**overrides) -> Limits:
    """The importer's limits as settings (the environment) configure them."""
    limits = {
        "max_bytes": settings.TRANSCRIPT_MAX_BYTES,
        "max_segments": settings.TRANSCRIPT_MAX_SEGMENTS,
        "max_label_length": settings.TRANSCRIPT_MAX_LABEL_LENGTH,
        "max_time_ms": settings.TRANSCRIPT_MAX_HOURS * 3_600_000,
        "max_json_depth": settings.TRANSCRIPT_MAX_JSON_DEPTH,
    }
    return Limits(**(limits | overrides))


def parse_speaker_map(entries: list[str]) -> dict[str, str | None]:
    """``["Speaker 1=Jane Doe", "Speaker 3="]`` -> label: name or slug (None: nobody).

    Raises ``ValueError`` naming the first malformed entry (1-based).
    """
    mapping: dict[str, str | None] = {}
    for number, entry in enumerate(entries, start=1):
        if not entry.strip():
            continue
        label, sep, target = entry.partition("=")
        if not sep or not label.strip():
            raise ValueError(f'entry {number}: expected "LABEL=NAME", got {entry.strip()!r}')
        mapping[label.strip()] = target.strip() or None
    return mapping


def import_transcript_file(
    episode: Episode,
    data: bytes,
    *,
    source: str,
    format: str | None = None,
    speaker_map: Mapping[str, SpeakerChoice] | None = None,
    max_gap_ms: int | None = DEFAULT_MAX_GAP_MS,
    dry_run: bool = False,
    limits: Limits | None = None,
) -> ImportSummary:
    """Read ``data`` (raises ``TranscriptError`` before touching the database) and import it.

    ``limits`` default to the ``TRANSCRIPT_*`` settings.
    """
    limits = limits or configured_limits()
    parsed = read_transcript(data, source=source, format=format, limits=limits)
    return import_transcript(
        episode,
        parsed,
        source=source,
        content_hash=content_hash(data),
        speaker_map=speaker_map,
        max_gap_ms=max_gap_ms,
        dry_run=dry_run,
    )


def import_transcript(
    episode: Episode,
    parsed: ParsedTranscript,
    *,
    source: str,
    content_hash: str,
    speaker_map: Mapping[str, SpeakerChoice] | None = None,
    max_gap_ms: int | None = DEFAULT_MAX_GAP_MS,
    dry_run: bool = False,
) -> ImportSummary:
    """Write ``parsed`` as ``episode``'s utterances, keeping the ids of lines that survive.

    Queries: about a dozen (the tests pin the budget), however long the transcript
    and however many people are new. Raises ``TranscriptError`` for a label or
    mapped name the archive cannot store; nothing is written then.
    """
    summary = ImportSummary(
        episode=f"{episode.show.slug}/{episode.slug}",
        format=parsed.format,
        detected_because=parsed.detected_because,
        warnings=list(parsed.warnings),
        dry_run=dry_run,
        title=parsed.title,
    )
    turns = merge_turns(parsed, max_gap_ms=max_gap_ms)
    speaker_map = speaker_map or {}
    with transaction.atomic():
        Episode.objects.select_for_update().filter(pk=episode.pk).first()
        # "episode" too: the related manager reads episode_id on every row it yields.
        old = list(episode.utterances.order_by("sequence").only("pk", "episode", *UTTERANCE_FIELDS))
        try:
            speakers = _resolve_labels(
                parsed, turns, speaker_map, _stored_attributions(old), summary
            )
        except ValueError as error:
            raise TranscriptError(str(error), source=source) from None
        _write_utterances(episode, old, turns, speakers, set(speaker_map), summary)
        refresh_appearances(episode)
        if summary.changed or episode.transcript_hash != content_hash:
            _record_provenance(episode, parsed.format, source, content_hash)
        if dry_run:
            transaction.set_rollback(True)
    if dry_run:
        episode.refresh_from_db()
    return summary


def _stored_attributions(old: list[Utterance]) -> dict[str, int]:
    """Each label's speaker as the archive has it now (most lines win): curation survives."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for utterance in old:
        if utterance.speaker_id and utterance.speaker_label:
            votes[utterance.speaker_label][utterance.speaker_id] += 1
    return {label: counter.most_common(1)[0][0] for label, counter in votes.items()}


def _resolve_labels(
    parsed: ParsedTranscript,
    turns: list[Turn],
    speaker_map: Mapping[str, SpeakerChoice],
    stored: dict[str, int],
    summary: ImportSummary,
) -> dict[str, Speaker | None]:
    """Each label in ``turns`` -> the speaker it attributes to, or None.

    First the curator's map (a speaker, a slug or a name), then the speaker the
    label already has in this episode, then the file's own name for the label,
    resolved by name only (so a label never lands on a speaker by slug).
    """
    labels = list(dict.fromkeys(turn.label for turn in turns if turn.label is not None))
    _warn_about_unused_map_entries(speaker_map, labels, summary)
    mapped: dict[str, SpeakerChoice] = {}
    named: dict[str, str | None] = {}
    keep = Speaker.objects.in_bulk({stored[label] for label in labels if label in stored})
    for label in labels:
        if label in speaker_map:
            mapped[label] = speaker_map[label]
        elif stored.get(label) in keep:
            mapped[label] = keep[stored[label]]
        else:
            named[label] = _name_for(label, parsed, summary)
    resolved = _speakers_for(mapped, named, summary)
    _warn_about_shared_names(resolved, mapped, summary)
    return resolved


def _name_for(label: str, parsed: ParsedTranscript, summary: ImportSummary) -> str | None:
    """The person a label names, or None for placeholders and pseudo-speakers."""
    name = parsed.label_names.get(label, label)
    kind = classify_label(name)
    if kind is LabelKind.PSEUDO:
        summary.pseudo_labels.append(label)
    elif kind is LabelKind.GENERIC:
        summary.unattributed_labels.append(label)
    return name if kind is LabelKind.PERSON else None


def _speakers_for(
    mapped: dict[str, SpeakerChoice], named: dict[str, str | None], summary: ImportSummary
) -> dict[str, Speaker | None]:
    slugs = {value for value in mapped.values() if isinstance(value, str) and value}
    by_slug = {speaker.slug: speaker for speaker in Speaker.objects.filter(slug__in=slugs)}
    names = {value for value in named.values() if value}
    names |= {value for value in slugs if value not in by_slug}
    by_name, created = get_or_create_speakers(sorted(names))
    summary.speakers_created.extend(str(speaker) for speaker in created)
    resolved: dict[str, Speaker | None] = {}
    for label, value in mapped.items():
        if isinstance(value, str) and value and value not in by_slug and by_name[value] in created:
            summary.warnings.append(
                f"map {label!r}={value!r}: no speaker has that slug or name, so a new "
                "speaker was created; check the spelling"
            )
        if isinstance(value, str):
            value = (by_slug.get(value) or by_name[value]) if value else None
        resolved[label] = value
    for label, name in named.items():
        resolved[label] = by_name[name] if name else None
    return resolved


def _warn_about_unused_map_entries(
    speaker_map: Mapping[str, SpeakerChoice], labels: list[str], summary: ImportSummary
) -> None:
    for label in speaker_map:
        if label not in labels:
            summary.warnings.append(f"map entry {label!r} matches no speaker label in the file")


def _warn_about_shared_names(
    resolved: dict[str, Speaker | None], mapped: Mapping[str, SpeakerChoice], summary: ImportSummary
) -> None:
    """Say so when an unmapped label landed on one of several people with that name."""
    unmapped = {label: s for label, s in resolved.items() if s is not None and label not in mapped}
    names = {speaker.name for speaker in unmapped.values()}
    shared = set(
        Speaker.objects.filter(name__in=names)
        .values("name")
        .annotate(people=Count("id"))
        .filter(people__gt=1)
        .values_list("name", flat=True)
    )
    for label, speaker in unmapped.items():
        if speaker.name in shared:
            summary.warnings.append(
                f"label {label!r} went to {speaker} ({speaker.slug}), one of several people "
                f"named {speaker.name}; map the label if that is the wrong one"
            )


def _write_utterances(
    episode: Episode,
    old: list[Utterance],
    turns: list[Turn],
    speakers: dict[str, Speaker | None],
    mapped_labels: set[str],
    summary: ImportSummary,
) -> None:
    new = [_utterance_for(episode, turn, sequence, speakers) for sequence, turn in enumerate(turns)]
    matches = match_lines([_line(u) for u in old], [_line(u) for u in new])

    kept_old = {index for index in matches if index is not None}
    summary.removed = retire_utterances([u for index, u in enumerate(old) if index not in kept_old])

    changed, created = [], []
    for utterance, old_index in zip(new, matches, strict=True):
        if old_index is None:
            created.append(utterance)
            continue
        previous = old[old_index]
        utterance.pk = previous.pk
        same_label = utterance.speaker_label == previous.speaker_label
        if same_label and utterance.speaker_label not in mapped_labels:
            # A curator may have re-attributed this one line; only a map overrides that.
            utterance.speaker_id = previous.speaker_id
        if _values(utterance) == _values(previous):
            summary.unchanged += 1
        else:
            changed.append((utterance, previous))
    highest = max((u.sequence for u in old), default=0)
    _update_in_place(changed, offset=highest + len(new) + 1)
    Utterance.objects.bulk_create(created, batch_size=1000)
    summary.updated, summary.created = len(changed), len(created)


def _update_in_place(changed: list[tuple[Utterance, Utterance]], *, offset: int) -> None:
    """Write (new, old) pairs without tripping the (episode, sequence) constraint.

    Rows that move are first parked above every sequence in use, then moved
    home, so no statement ever sees two rows with one sequence (PostgreSQL
    checks a non-deferred unique constraint row by row). Rows are grouped by
    the fields that changed: ``bulk_update`` builds a CASE per field and row,
    so a text-only correction writes one column, not six.
    """
    moving = [new for new, old in changed if new.sequence != old.sequence]
    for utterance in moving:
        utterance.sequence += offset
    by_fields: dict[tuple[str, ...], list[Utterance]] = defaultdict(list)
    for new, old in changed:
        fields = tuple(
            name
            for name in UTTERANCE_FIELDS
            if new.serializable_value(name) != old.serializable_value(name)
        )
        by_fields[fields].append(new)
    for fields, utterances in by_fields.items():
        Utterance.objects.bulk_update(utterances, fields, batch_size=500)
    for utterance in moving:
        utterance.sequence -= offset
    Utterance.objects.bulk_update(moving, ["sequence"], batch_size=500)


def _utterance_for(
    episode: Episode, turn: Turn, sequence: int, speakers: dict[str, Speaker | None]
) -> Utterance:
    speaker = speakers.get(turn.label) if turn.label is not None else None
    return Utterance(
        episode=episode,
        speaker=speaker,
        speaker_label=turn.label or "",
        sequence=sequence,
        start_ms=turn.start_ms,
        end_ms=turn.end_ms,
        text=turn.text,
    )


def _line(utterance: Utterance) -> Line:
    who = utterance.speaker_id or utterance.speaker_label
    return Line(who=who, start_ms=utterance.start_ms, end_ms=utterance.end_ms, text=utterance.text)


def _values(utterance: Utterance) -> tuple:
    """What a re-import compares; ``speaker_id``, not ``speaker``, to stay query-free."""
    return tuple(utterance.serializable_value(name) for name in UTTERANCE_FIELDS)


def _record_provenance(episode: Episode, format: str, source: str, digest: str) -> None:
    episode.transcript_format = format
    episode.transcript_source = source[:1000]
    episode.transcript_imported_at = timezone.now()
    episode.transcript_hash = digest
    episode.save(
        update_fields=[
            "transcript_format",
            "transcript_source",
            "transcript_imported_at",
            "transcript_hash",
            "updated_at",
        ]
    )


def refresh_appearances_of(episode_ids: set[int]) -> None:
    """``refresh_appearances`` for each episode id (admin edits and deletes)."""
    for episode in Episode.objects.filter(pk__in=episode_ids):
        refresh_appearances(episode)


def refresh_appearances(episode: Episode) -> None:
    """Make ``episode``'s appearance counts exact; call after any write to its utterances.

    Creates uncredited appearances for newly heard speakers, deletes
    uncredited ones nobody is heard in any more, and keeps credited ones (a
    host whose transcript is not in yet) at zero. Three to five queries.
    """
    counts: dict[int, list[int]] = {}
    for speaker_id, text in episode.utterances.filter(speaker__isnull=False).values_list(
        "speaker_id", "text"
    ):
        tally = counts.setdefault(speaker_id, [0, 0])
        tally[0] += 1
        tally[1] += word_count(text)
    existing = {appearance.speaker_id: appearance for appearance in episode.appearances.all()}
    stale, changed, created = [], [], []
    for speaker_id, appearance in existing.items():
        utterances, words = counts.get(speaker_id, (0, 0))
        if not utterances and appearance.role == Role.SPEAKER:
            stale.append(appearance.pk)
        elif (appearance.utterance_count, appearance.word_count) != (utterances, words):
            appearance.utterance_count, appearance.word_count = utterances, words
            changed.append(appearance)
    for speaker_id, (utterances, words) in counts.items():
        if speaker_id not in existing:
            created.append(
                Appearance(
                    episode=episode,
                    speaker_id=speaker_id,
                    utterance_count=utterances,
                    word_count=words,
                )
            )
    Appearance.objects.filter(pk__in=stale).delete()
    Appearance.objects.bulk_update(changed, ["utterance_count", "word_count"])
    Appearance.objects.bulk_create(created)
