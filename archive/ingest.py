"""The one import service every entry point calls: file or parsed transcript in, rows out.

This is the reading half (parse, merge turns, resolve labels to speakers);
``archive.curation.write_transcript`` is the writing half. All or nothing:
everything happens in one transaction, so a refused file or a failure
half-way leaves the archive exactly as it was. Re-importing keeps quote
permalinks: old utterances are matched to new lines and updated in place;
re-importing the very file already imported is recognised by its hash and
costs a few queries (``already_imported``).
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count

from speakers.models import Speaker
from speakers.names import name_key, name_warnings
from speakers.resolve import get_or_create_speakers

from .curation import Provenance, TranscriptChanges, lock_transcript, write_transcript
from .curation.transcripts import NewLine, lock_episode
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
from .models import Appearance, Episode, Role
from .turns import DEFAULT_MAX_GAP_MS, Turn, merge_turns

# A mapping value: a speaker, a slug or a name to resolve, or None/"" for "nobody".
SpeakerChoice = Speaker | str | None


@dataclass
class ImportSummary:
    episode: str
    format: str = ""
    detected_because: str = ""
    changes: TranscriptChanges = field(default_factory=TranscriptChanges)
    speakers_created: list[str] = field(default_factory=list)
    unattributed_labels: list[str] = field(default_factory=list)
    pseudo_labels: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    # The transcript's own title (WEBVTT header, <title>, front matter): a check
    # that the file belongs to this episode.
    title: str = ""
    # The file is the one the episode's lines were last imported from: not read again.
    already_imported: bool = False

    @property
    def changed(self) -> bool:
        return self.changes.changed or bool(self.speakers_created)

    created = property(lambda self: self.changes.created)
    updated = property(lambda self: self.changes.updated)
    unchanged = property(lambda self: self.changes.unchanged)
    removed = property(lambda self: self.changes.removed)

    def lines(self) -> list[str]:
        """The summary as a curator reads it (management command, admin message)."""
        verb = "Would import" if self.dry_run else "Imported"
        title = _title(self.format)
        headline = f"{verb} {title} into {self.episode} ({self.detected_because})"
        if self.already_imported:
            headline = f"Nothing to import into {self.episode}: {self.detected_because}"
        lines = [
            headline,
            f"  utterances: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.removed} removed"
            + (f" ({self.changes.moved} merged into other lines)" if self.changes.moved else ""),
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


def _title(format: str) -> str:
    return FORMATS[format].TITLE if format in FORMATS else format


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
        "max_utterance_chars": settings.TRANSCRIPT_MAX_UTTERANCE_CHARS,
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
    force: bool = False,
) -> ImportSummary:
    """Read ``data`` (raises ``TranscriptError`` before touching the database) and import it.

    ``limits`` default to the ``TRANSCRIPT_*`` settings. The very file the
    episode's lines were last imported from is not read again unless the
    import asks for something that file's import may not have had: a
    ``speaker_map``, a ``max_gap_ms`` other than the default, or ``force``
    (see ``already_imported``).
    """
    digest = content_hash(data)
    if not force and not speaker_map and max_gap_ms == DEFAULT_MAX_GAP_MS:
        summary = already_imported(episode, digest, format=format, dry_run=dry_run)
        if summary is not None:
            return summary
    limits = limits or configured_limits()
    with collector_paused():
        parsed = read_transcript(data, source=source, format=format, limits=limits)
        return import_transcript(
            episode,
            parsed,
            source=source,
            content_hash=digest,
            speaker_map=speaker_map,
            max_gap_ms=max_gap_ms,
            dry_run=dry_run,
        )


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold Python's cyclic garbage collector off for the block, then restore it.

    A long transcript makes hundreds of thousands of small tuples (segments,
    turns, lines) that all live until the import ends; the collector would
    walk them again and again, for a quarter of the parse time, though none
    is part of a cycle. Reference counting still frees everything meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def already_imported(
    episode: Episode, digest: str, *, format: str | None = None, dry_run: bool = False
) -> ImportSummary | None:
    """The summary of re-importing the file ``episode``'s lines came from; None for another file.

    The file is recognised by its SHA-256 (``Episode.transcript_hash``) and
    not parsed: read again with the same options it could only make the same
    lines (unless the parser changed since), or undo what curators did to
    them since (an edited text, a deleted line), which only ``force`` should
    do. Every line counts as unchanged; nothing is written, dry run or not.
    None when ``format`` forces another format than the one recorded. Two
    queries (three if ``episode.show`` is not loaded), under the episode's
    write lock, so an import of the episode still running is waited for, as
    a full one would.
    Trusts the recorded import's options: a file imported with a custom gap
    and re-imported with the default needs ``force`` to be merged again.
    """
    with transaction.atomic():
        recorded = lock_episode(episode)
        if recorded.content_hash != digest or format not in (None, recorded.format):
            return None
        lines = episode.utterances.count()
    return ImportSummary(
        episode=f"{episode.show.slug}/{episode.slug}",
        format=recorded.format,
        detected_because=f"the same {_title(recorded.format)} file as the last import (SHA-256)",
        changes=TranscriptChanges(unchanged=lines),
        dry_run=dry_run,
        already_imported=True,
    )


@collector_paused()
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

    Queries: about twenty (the tests pin the budget), however long the transcript
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
        old = lock_transcript(episode)
        try:
            speakers = _resolve_labels(
                parsed,
                turns,
                speaker_map,
                stored_attributions((u.speaker_label, u.speaker_id) for u in old),
                credited_by_name(episode),
                summary,
            )
        except ValueError as error:
            raise TranscriptError(str(error), source=source) from None
        new = _new_lines(turns, speakers)
        summary.changes = write_transcript(
            episode,
            old,
            new,
            relabelled=set(speaker_map),
            provenance=Provenance(parsed.format, source, content_hash),
        )
        if dry_run:
            transaction.set_rollback(True)
    if dry_run:
        episode.refresh_from_db()
    return summary


def stored_attributions(lines: Iterable[tuple[str, int | None]]) -> dict[str, int]:
    """Each label's speaker id as the archive has it now, from (label, speaker id) pairs.

    Most lines win, so a curator's attribution survives a re-import.
    """
    votes: dict[str, Counter] = defaultdict(Counter)
    for label, speaker_id in lines:
        if speaker_id and label:
            votes[label][speaker_id] += 1
    return {label: counter.most_common(1)[0][0] for label, counter in votes.items()}


def credited_by_name(episode: Episode) -> dict[str, Speaker]:
    """Name keys of the people credited on ``episode`` -> them. Two queries.

    Each credited person's name and aliases, and a bare first name ("adam")
    where only one of them has it: transcript labels are often first names.
    A credited person wins over a namesake, who may own the name's alias.
    """
    credited = Appearance.objects.filter(episode=episode).exclude(role=Role.SPEAKER)
    people = Speaker.objects.filter(pk__in=credited.values("speaker_id")).prefetch_related(
        "aliases"
    )
    by_name: dict[str, Speaker] = {}
    first_names: dict[str, set[Speaker]] = defaultdict(set)
    for speaker in people:
        by_name[name_key(speaker.name)] = speaker
        first_names[name_key(speaker.name).partition(" ")[0]].add(speaker)
    for speaker in people:
        for alias in speaker.aliases.all():
            by_name.setdefault(alias.key, speaker)
    for first_name, namesakes in first_names.items():
        if len(namesakes) == 1:
            by_name.setdefault(first_name, next(iter(namesakes)))
    return by_name


def _resolve_labels(
    parsed: ParsedTranscript,
    turns: list[Turn],
    speaker_map: Mapping[str, SpeakerChoice],
    stored: dict[str, int],
    credited: dict[str, Speaker],
    summary: ImportSummary,
) -> dict[str, Speaker | None]:
    """Each label in ``turns`` -> the speaker it attributes to, or None.

    First the curator's map (a speaker, a slug or a name), then the speaker the
    label already has in this episode, then a person credited on the episode
    by that name (``credited_by_name``), then the file's own name for the label,
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
        elif name_key(parsed.label_names.get(label, label)) in credited:
            mapped[label] = credited[name_key(parsed.label_names.get(label, label))]
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
    summary.warnings.extend(f"speaker {warning}" for warning in name_warnings(sorted(names)))
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


def _new_lines(turns: list[Turn], speakers: dict[str, Speaker | None]) -> list[NewLine]:
    """The rows to write, in order: tuples, as cheap to build as the turns themselves."""
    speaker_ids = {label: speaker.pk for label, speaker in speakers.items() if speaker}
    return [
        NewLine(
            speaker_ids.get(turn.label), turn.label or "", n, turn.start_ms, turn.end_ms, turn.text
        )
        for n, turn in enumerate(turns)
    ]
