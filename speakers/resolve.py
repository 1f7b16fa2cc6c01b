"""Names to speakers, through aliases, creating the people the archive has not met yet."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Speaker, SpeakerAlias
from .names import name_key


def find_speakers(names: Iterable[str]) -> dict[str, Speaker]:
    """Known speakers for ``names`` keyed by the name as given. One query."""
    by_key: dict[str, list[str]] = {}
    for name in names:
        by_key.setdefault(name_key(name), []).append(name)
    found: dict[str, Speaker] = {}
    aliases = SpeakerAlias.objects.filter(key__in=list(by_key)).select_related("speaker")
    for alias in aliases:
        for name in by_key[alias.key]:
            found[name] = alias.speaker
    return found


def get_or_create_speakers(names: Iterable[str]) -> tuple[dict[str, Speaker], list[Speaker]]:
    """Like ``find_speakers``, creating a speaker (and its alias) for each unknown name.

    Returns the mapping and the speakers created. Spellings that share a key
    ("Tim Davis", "tim  davis") become one new speaker. Costs one query to
    look up plus three per new person (slug check, speaker, alias).
    """
    names = list(dict.fromkeys(names))
    found = find_speakers(names)
    created: list[Speaker] = []
    new_by_key: dict[str, Speaker] = {}
    for name in names:
        if name in found:
            continue
        key = name_key(name)
        if key not in new_by_key:
            speaker = Speaker.objects.create(
                name=" ".join(name.split()), slug=Speaker.unique_slug(name)
            )
            SpeakerAlias.build(speaker, speaker.name).save()
            new_by_key[key] = speaker
            created.append(speaker)
        found[name] = new_by_key[key]
    return found, created


def add_alias(speaker: Speaker, name: str) -> SpeakerAlias:
    """Record that ``speaker`` is also known as ``name`` (no-op if it already is).

    Raises ``ValueError`` when the name already belongs to someone else: two
    people who share a name are told apart by mapping, not by aliases.
    """
    alias, _ = SpeakerAlias.objects.select_related("speaker").get_or_create(
        key=name_key(name), defaults={"speaker": speaker, "name": name}
    )
    if alias.speaker_id != speaker.pk:
        raise ValueError(f"{name!r} is already a name of {alias.speaker} ({alias.speaker.slug})")
    return alias
