"""Tiny builders for test data: each makes one row with sensible defaults."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from archive import search
from archive.formats import ParsedTranscript, Segment
from archive.models import Appearance, Episode, Show, Utterance
from speakers.models import Speaker, SpeakerAlias

_numbers = itertools.count(1)


def make_show(**fields) -> Show:
    number = next(_numbers)
    fields.setdefault("title", f"Show {number}")
    fields.setdefault("slug", f"show-{number}")
    return Show.objects.create(**fields)


def make_episode(show: Show | None = None, **fields) -> Episode:
    number = next(_numbers)
    fields.setdefault("title", f"Episode {number}")
    fields.setdefault("slug", f"episode-{number}")
    fields.setdefault("guid", f"guid-{number}")
    fields.setdefault("published_at", datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=number))
    return Episode.objects.create(show=show or make_show(), **fields)


def make_speaker(name: str | None = None, **fields) -> Speaker:
    number = next(_numbers)
    name = name or f"Person {number}"
    fields.setdefault("slug", f"{Speaker.slug_base(name)}-{number}")
    speaker = Speaker.objects.create(name=name, **fields)
    SpeakerAlias.build(speaker, name).save()
    return speaker


def make_appearance(episode: Episode, speaker: Speaker, **fields) -> Appearance:
    return Appearance.objects.create(episode=episode, speaker=speaker, **fields)


def make_utterance(episode: Episode, speaker: Speaker | None = None, **fields) -> Utterance:
    fields.setdefault("sequence", episode.utterances.count())
    fields.setdefault("text", f"Line number {next(_numbers)}.")
    fields.setdefault("speaker_label", speaker.name if speaker else "")
    utterance = Utterance.objects.create(episode=episode, speaker=speaker, **fields)
    search.reindex([utterance.pk])  # searchable, as the curation core leaves every line
    return utterance


def transcript(*lines: tuple[str | None, int, str], format: str = "test") -> ParsedTranscript:
    """``transcript(("Ada", 0, "Hello."), ("Bo", 2000, "Hi."))``: one segment per line.

    Each segment ends one second after it starts.
    """
    segments = [
        Segment(text=text, label=label, start_ms=start, end_ms=start + 1000, location=f"cue {n}")
        for n, (label, start, text) in enumerate(lines, start=1)
    ]
    return ParsedTranscript(format=format, segments=segments, detected_because="built in a test")


def vtt(*cues: tuple[str, int, int, str]) -> bytes:
    """A WebVTT file from ``(voice, start_ms, end_ms, text)`` cues."""
    blocks = ["WEBVTT", ""]
    for voice, start, end, text in cues:
        blocks += [f"{_clock(start)} --> {_clock(end)}", f"<v {voice}>{text}", ""]
    return "\n".join(blocks).encode()


def _clock(ms: int) -> str:
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02}:{minutes:02}:{seconds:02}.{millis:03}"


def make_staff(*, curator: bool, username: str | None = None):
    """A staff account: in the Curators group (may change) or not (may only look)."""
    from django.contrib.auth.models import Group, Permission, User

    from archive.permissions import ensure_curators_group

    user = User.objects.create_user(
        username or f"staff-{next(_numbers)}", password="a-long-test-password", is_staff=True
    )
    if curator:
        user.groups.add(ensure_curators_group(Group, Permission))
    return user


def make_long_episode(lines: int, speakers: list[Speaker], **fields) -> Episode:
    """An episode with ``lines`` utterances spread over the speakers and one unknown label.

    Written in bulk, then counted by the curation core, as an import would leave it.
    """
    from archive.curation.bookkeeping import episodes_changed, lines_changed

    episode = make_episode(**fields)
    voices = [*speakers, None]
    lines = Utterance.objects.bulk_create(
        Utterance(
            episode=episode,
            speaker=voices[n % len(voices)],
            speaker_label=getattr(voices[n % len(voices)], "name", "Speaker 9"),
            sequence=n,
            start_ms=n * 1000,
            end_ms=n * 1000 + 900,
            text=f"Line {n} of a long conversation.",
        )
        for n in range(lines)
    )
    Episode.objects.filter(pk=episode.pk).update(transcript_hash="x" * 64, transcript_format="vtt")
    lines_changed([line.pk for line in lines])
    episodes_changed([episode.pk])
    episode.refresh_from_db()
    return episode
