"""Names to speakers, through aliases, creating the people the archive has not met yet."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Q

from .models import RESERVED_SLUGS, Speaker, SpeakerAlias, SpeakerSlugRedirect
from .names import clean_name, name_key, without_name_bidi


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


def check_name(name: str) -> None:
    """Raise ``ValueError`` for a name the archive cannot store as a speaker's name."""
    limit = SpeakerAlias._meta.get_field("key").max_length
    if not clean_name(name)[0]:
        raise ValueError("a speaker's name cannot be empty")
    if len(name) > limit or len(name_key(name)) > limit:
        raise ValueError(f"{name[:40]!r}… is too long to be a speaker's name ({limit} at most)")


def get_or_create_speakers(names: Iterable[str]) -> tuple[dict[str, Speaker], list[Speaker]]:
    """Like ``find_speakers``, creating a speaker (and its alias) for each unknown name.

    Returns the mapping and the speakers created. Spellings that share a key
    ("Tim Davis", "tim  davis") become one new speaker, named by ``clean_name``
    (bidi controls removed: ``name_warnings`` says which names lost some). Five
    queries at most, however many people are new (seven on PostgreSQL:
    ``_wait_for_other_creators``).
    Raises ``ValueError`` for an unstorable name.
    """
    names = list(dict.fromkeys(names))
    for name in names:
        check_name(name)
    found = find_speakers(names)
    if len(found) < len(names) and _wait_for_other_creators():
        found |= find_speakers(name for name in names if name not in found)
    new_by_key: dict[str, Speaker] = {}
    for name in names:
        if name not in found:
            new_by_key.setdefault(name_key(name), Speaker(name=clean_name(name)[0]))
    created = list(new_by_key.values())
    if created:
        assign_slugs(created)
        Speaker.objects.bulk_create(created)
        SpeakerAlias.objects.bulk_create(
            [SpeakerAlias.build(speaker, speaker.name) for speaker in created]
        )
    for name in names:
        found.setdefault(name, new_by_key.get(name_key(name)))
    return found, created


# Any constant will do: the key of PostgreSQL's transaction-level lock on creating speakers.
SPEAKER_CREATION_LOCK = 0x5EA4E2


def _wait_for_other_creators() -> bool:
    """Take the creating-speakers lock (until commit); True when names must be looked up again.

    Two imports that meet the same new person at once would both create them,
    and the second would fail on the unique slug when the first commits. On
    PostgreSQL the second waits here for the first to commit, then finds the
    person it made. SQLite needs nothing: one writer at a time (IMMEDIATE).
    """
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SPEAKER_CREATION_LOCK])
    return True


def assign_slugs(speakers: list[Speaker]) -> None:
    """Unique slugs for new speakers: two queries (live slugs, redirects) per 200 bases."""
    bases = [Speaker.slug_base(speaker.name) for speaker in speakers]
    taken = _slugs_starting(Speaker.objects, "slug", bases)
    # A slug that redirects (renamed, merged away) is never handed out again.
    taken |= _slugs_starting(SpeakerSlugRedirect.objects, "old_slug", bases) | RESERVED_SLUGS
    for speaker, base in zip(speakers, bases, strict=True):
        speaker.slug = Speaker.first_free_slug(base, taken)
        taken.add(speaker.slug)


# SQLite refuses an expression deeper than 1,000 terms: look prefixes up in batches.
PREFIX_BATCH = 200


def _slugs_starting(objects, field: str, bases: list[str]) -> set[str]:
    unique = sorted(set(bases))
    taken: set[str] = set()
    for start in range(0, len(unique), PREFIX_BATCH):
        starts = Q()
        for base in unique[start : start + PREFIX_BATCH]:
            starts |= Q(**{f"{field}__startswith": base})
        taken.update(objects.filter(starts).values_list(field, flat=True))
    return taken


def add_alias(speaker: Speaker, name: str) -> SpeakerAlias:
    """Record that ``speaker`` is also known as ``name`` (no-op if it already is).

    Raises ``ValueError`` when the name already belongs to someone else: two
    people who share a name are told apart by mapping, not by aliases. The alias
    is stored as written, less its bidi controls and marks (``without_name_bidi``).
    """
    alias, _ = SpeakerAlias.objects.select_related("speaker").get_or_create(
        key=name_key(name), defaults={"speaker": speaker, "name": without_name_bidi(name)}
    )
    if alias.speaker_id != speaker.pk:
        raise ValueError(f"{name!r} is already a name of {alias.speaker} ({alias.speaker.slug})")
    return alias
