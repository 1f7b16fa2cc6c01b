"""What an uploaded transcript would do, before anything is written: the admin's preview.

A preview reads the file, says which format it is and why, lists every
speaker label with a suggested person, warns about credited people nobody
maps to, and rehearses the import (rolled back) to count what would change.
The same mapping, confirmed, runs the real import.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum

from django.db import transaction

from speakers.models import Speaker
from speakers.names import name_key
from speakers.resolve import find_speakers

from . import curation
from .curation import TranscriptChanges
from .formats import FORMATS, read_transcript
from .ingest import (
    ImportSummary,
    configured_limits,
    credited_by_name,
    import_transcript_file,
    stored_attributions,
)
from .labels import LabelKind, classify_label
from .models import Episode, Role, StagedTranscript
from .turns import merge_turns


class Action(Enum):
    EXISTING = "existing"
    NEW = "new"
    NOBODY = "nobody"


@dataclass(frozen=True)
class Choice:
    """What the curator chose for one label."""

    action: Action
    speaker: Speaker | None = None
    name: str = ""


@dataclass
class LabelPreview:
    label: str
    name: str  # the person the file says the label is, else the label
    kind: LabelKind
    turns: int
    first_line: str
    suggestion: Choice
    reason: str
    stored: Speaker | None = None  # who the label is in this episode today


@dataclass
class TranscriptPreview:
    format_title: str
    detected_because: str
    title: str
    turns: int
    unlabelled_turns: int
    labels: list[LabelPreview]
    file_warnings: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: TranscriptChanges = field(default_factory=TranscriptChanges)
    replacing: bool = False
    credited: list = field(default_factory=list)  # the episode's credits, hosts first

    def suggested(self) -> dict[str, Choice]:
        return {label.label: label.suggestion for label in self.labels}


def preview(staged: StagedTranscript, chosen: dict[str, Choice] | None = None) -> TranscriptPreview:
    """Read ``staged`` and rehearse importing it with ``chosen`` (default: the suggestions).

    Raises ``TranscriptError`` (naming the line or cue) for a file it cannot read.
    """
    result = read_labels(staged)
    chosen = {**result.suggested(), **(chosen or {})}
    summary = confirm(staged, chosen, result, dry_run=True)
    result.changes = summary.changes
    # The rehearsal repeats the file's own warnings, which the preview lists apart ("In the file").
    rehearsed = [warning for warning in summary.warnings if warning not in result.file_warnings]
    result.warnings = _warnings(result, chosen) + rehearsed
    return result


def read_labels(staged: StagedTranscript) -> TranscriptPreview:
    """The file's format, turns and labels with suggestions; no rehearsal."""
    episode = staged.episode
    parsed = read_transcript(
        bytes(staged.data),
        source=staged.file_name,
        format=staged.format or None,
        limits=configured_limits(),
    )
    turns = merge_turns(parsed, max_gap_ms=staged.max_gap_ms)
    counts = Counter(turn.label for turn in turns)
    first_lines: dict[str | None, str] = {}
    for turn in turns:
        first_lines.setdefault(turn.label, turn.text)
    names = {label: parsed.label_names.get(label, label) for label in counts if label is not None}
    credited = list(
        episode.appearances.exclude(role=Role.SPEAKER).select_related("speaker").in_credit_order()
    )
    return TranscriptPreview(
        format_title=FORMATS[parsed.format].TITLE,
        detected_because=parsed.detected_because,
        title=parsed.title,
        turns=len(turns),
        unlabelled_turns=counts.get(None, 0),
        labels=_suggest(episode, names, counts, first_lines),
        file_warnings=list(parsed.warnings),
        replacing=episode.utterances.exists(),
        credited=credited,
    )


def confirm(
    staged: StagedTranscript,
    chosen: dict[str, Choice],
    result: TranscriptPreview,
    *,
    dry_run: bool = False,
) -> ImportSummary:
    """Import ``staged`` with the curator's choices, in one transaction (rolled back if dry)."""
    with transaction.atomic():
        speaker_map = {
            label.label: _speaker_for(chosen.get(label.label, label.suggestion))
            for label in result.labels
            if chosen.get(label.label, label.suggestion) != _keep(label)
        }
        summary = import_transcript_file(
            staged.episode,
            bytes(staged.data),
            source=staged.file_name,
            format=staged.format or None,
            speaker_map=speaker_map,
            max_gap_ms=staged.max_gap_ms,
        )
        summary.dry_run = dry_run
        if dry_run:
            transaction.set_rollback(True)
    if dry_run:
        staged.episode.refresh_from_db()
    return summary


def _keep(label: LabelPreview) -> Choice | None:
    """The choice that means "as the archive has it": left out of the map, so lines a
    curator re-attributed one by one stay as they are."""
    return Choice(Action.EXISTING, label.stored) if label.stored else None


def _speaker_for(choice: Choice) -> Speaker | None:
    if choice.action is Action.NEW:
        return curation.new_speaker(choice.name)
    return choice.speaker if choice.action is Action.EXISTING else None


def _suggest(
    episode: Episode, names: dict[str, str], counts: Counter, first_lines: dict
) -> list[LabelPreview]:
    """A suggested person per label: this episode's attribution, a credited person, an alias."""
    stored = _stored_attributions(episode)
    credited = credited_by_name(episode)
    people = [name for name in names.values() if classify_label(name) is LabelKind.PERSON]
    known = find_speakers(people)
    labels = []
    for label, name in names.items():
        kind = classify_label(name)
        suggestion, reason = _suggestion(label, name, kind, stored, credited, known)
        labels.append(
            LabelPreview(
                label=label,
                name=name,
                kind=kind,
                turns=counts[label],
                first_line=first_lines[label],
                suggestion=suggestion,
                reason=reason,
                stored=stored.get(label),
            )
        )
    return labels


def _suggestion(label, name, kind, stored, credited, known) -> tuple[Choice, str]:
    if label in stored:
        return Choice(Action.EXISTING, stored[label]), "attributed so in this episode already"
    if kind is LabelKind.PSEUDO:
        return Choice(Action.NOBODY), "not a person (music, applause…)"
    if kind is LabelKind.GENERIC:
        return Choice(Action.NOBODY), "a placeholder label: choose who it is"
    if name_key(name) in credited:
        return Choice(Action.EXISTING, credited[name_key(name)]), "credited on this episode"
    if name in known:
        return Choice(Action.EXISTING, known[name]), "a known name of this speaker"
    return Choice(Action.NEW, name=name), "nobody by this name yet"


def _stored_attributions(episode: Episode) -> dict[str, Speaker]:
    """Each label's speaker in this episode today, by most lines (as a re-import sees it)."""
    rows = episode.utterances.filter(speaker__isnull=False).values_list("speaker_label", "speaker")
    winners = stored_attributions(rows)
    speakers = Speaker.objects.in_bulk(set(winners.values()))
    return {label: speakers[speaker_id] for label, speaker_id in winners.items()}


def _warnings(result: TranscriptPreview, chosen: dict[str, Choice]) -> list[str]:
    warnings = []
    heard = {choice.speaker.pk for choice in chosen.values() if choice.speaker}
    for appearance in result.credited:
        if appearance.speaker_id not in heard:
            warnings.append(
                f"{appearance.speaker} is credited as {appearance.get_role_display().lower()} "
                "but no label in this file is mapped to them."
            )
    for label in result.labels:
        choice = chosen.get(label.label, label.suggestion)
        if choice.action is Action.NOBODY and label.kind is not LabelKind.PSEUDO:
            warnings.append(
                f"Label {label.label!r} matches nobody: its {label.turns} turns stay "
                "unattributed unless you map it."
            )
    return warnings
