"""Who a feed credits: people found by identity link or name, and their credits in bulk.

A feed names people the archive may know under another spelling, or may not
know at all; and two people may share a name. The identity link (a
``podcast:person`` ``href``) decides first, then the name through aliases.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.db import transaction
from django.utils import timezone

from speakers.models import LinkKind, Speaker, SpeakerAlias, SpeakerLink
from speakers.names import clean_name, name_key, name_warnings, without_name_bidi
from speakers.resolve import assign_slugs, check_name, find_speakers

from ..models import Appearance, Episode, Role


class Credited(Protocol):
    """What a credit says of a person (``archive.feeds.parsed.Person`` is one)."""

    name: str
    href: str
    img: str


@dataclass
class Identified:
    """``speakers[(name, href)]`` is each person's speaker; ``created`` the new ones."""

    speakers: dict[tuple[str, str], Speaker] = field(default_factory=dict)
    created: list[Speaker] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def identity_url(url: str) -> str:
    """The form identity links are compared in: no trailing slash, scheme and host lower case."""
    scheme, sep, rest = url.strip().partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}{sep}{host.lower()}{slash}{path}".rstrip("/")


@transaction.atomic
def identify_people(people: Iterable[Credited]) -> Identified:
    """Each person's speaker: by identity link, else by name, else a new speaker.

    A name that belongs to someone with a *different* identity link is another
    person of that name: they get a speaker of their own. New spellings of a
    linked person become aliases where free; links and photos are recorded.
    Names are stored as ``clean_name`` has them, bidi controls removed with a
    warning. A dozen queries however many people.
    """
    people = list({(p.name, p.href): p for p in people}.values())
    for person in people:
        check_name(person.name)
    result = Identified()
    result.warnings.extend(f"podcast:person {w}" for w in name_warnings(p.name for p in people))
    by_link = _speakers_by_link({identity_url(p.href) for p in people if p.href})
    by_name = find_speakers(p.name for p in people)
    their_links = _links_of({s.pk for s in by_name.values()})
    new: dict[str, Speaker] = {}
    for person in people:
        link = identity_url(person.href) if person.href else ""
        speaker = by_link.get(link) if link else None
        named = by_name.get(person.name)
        if speaker is None and named is not None:
            if link and their_links.get(named.pk) and link not in their_links[named.pk]:
                result.warnings.append(
                    f"{person.name!r} ({person.href}) is not the {named} already in the archive "
                    f"({named.slug}), whose identity link differs: made a new speaker"
                )
            else:
                speaker = named
        if speaker is None:
            key = link or f"name:{name_key(person.name)}"
            speaker = new.setdefault(key, Speaker(name=clean_name(person.name)[0]))
            if link:
                by_link[link] = speaker
        result.speakers[(person.name, person.href)] = speaker
    result.created = list({id(s): s for s in new.values()}.values())
    _create(result.created)
    _record_identity(people, result)
    return result


def _speakers_by_link(urls: set[str]) -> dict[str, Speaker]:
    if not urls:
        return {}
    links = SpeakerLink.objects.filter(kind=LinkKind.PODCAST_PERSON).select_related("speaker")
    found = {}
    # Stored links may differ in a trailing slash or the host's case: compare normalised.
    wanted = urls | {f"{url}/" for url in urls}
    for link in links.filter(url__in=wanted):
        found.setdefault(identity_url(link.url), link.speaker)
    return found


def _links_of(speaker_ids: set[int]) -> dict[int, set[str]]:
    links: dict[int, set[str]] = {}
    rows = SpeakerLink.objects.filter(speaker_id__in=speaker_ids, kind=LinkKind.PODCAST_PERSON)
    for speaker_id, url in rows.values_list("speaker_id", "url"):
        links.setdefault(speaker_id, set()).add(identity_url(url))
    return links


def _create(speakers: list[Speaker]) -> None:
    if not speakers:
        return
    assign_slugs(speakers)
    Speaker.objects.bulk_create(speakers)


def _record_identity(people: list[Credited], result: Identified) -> None:
    """Aliases for names not yet taken, identity links, photos where a speaker has none."""
    taken = set(
        SpeakerAlias.objects.filter(key__in={name_key(p.name) for p in people}).values_list(
            "key", flat=True
        )
    )
    aliases, links, photographed = [], [], {}
    known_links = {
        (speaker_id, identity_url(url))
        for speaker_id, url in SpeakerLink.objects.filter(
            speaker__in=[s.pk for s in result.speakers.values()]
        ).values_list("speaker_id", "url")
    }
    for person in people:
        speaker = result.speakers[(person.name, person.href)]
        if name_key(person.name) not in taken:
            taken.add(name_key(person.name))
            aliases.append(SpeakerAlias.build(speaker, without_name_bidi(person.name)))
        if person.href and (speaker.pk, identity_url(person.href)) not in known_links:
            known_links.add((speaker.pk, identity_url(person.href)))
            link = SpeakerLink(speaker=speaker, kind=LinkKind.PODCAST_PERSON, url=person.href)
            links.append(link)
        max_length = Speaker._meta.get_field("image_url").max_length
        if person.img and not speaker.image_url and len(person.img) <= max_length:
            speaker.image_url = person.img
            photographed[speaker.pk] = speaker
    SpeakerAlias.objects.bulk_create(aliases)
    SpeakerLink.objects.bulk_create(links, ignore_conflicts=True)
    Speaker.objects.bulk_update(list(photographed.values()), ["image_url"])


@transaction.atomic
def set_credits(credits: dict[int, dict[Speaker, str]], drop: dict[int, set[int]]) -> int:
    """Credit people on many episodes at once: ``credits[episode_id][speaker] = role``.

    ``drop[episode_id]`` are speaker ids whose credit ends (an uncredited person
    nobody hears in the episode loses the appearance, as in ``uncredit``).
    Counts come from lines and do not move, so there is no recount: four
    queries however many episodes. Returns how many episodes changed.
    """
    existing = {
        (a.episode_id, a.speaker_id): a
        for a in Appearance.objects.filter(episode_id__in=set(credits) | set(drop))
    }
    created, changed, silent = [], [], []
    for episode_id, roles in credits.items():
        for speaker, role in roles.items():
            appearance = existing.get((episode_id, speaker.pk))
            if appearance is None:
                created.append(Appearance(episode_id=episode_id, speaker=speaker, role=role))
            elif appearance.role != role:
                appearance.role = role
                changed.append(appearance)
    for episode_id, speaker_ids in drop.items():
        for speaker_id in speaker_ids:
            appearance = existing.get((episode_id, speaker_id))
            if appearance is None or not appearance.role:
                continue
            appearance.role = Role.SPEAKER
            (changed if appearance.utterance_count else silent).append(appearance)
    Appearance.objects.bulk_create(created, batch_size=1000)
    Appearance.objects.bulk_update(changed, ["role"], batch_size=1000)
    Appearance.objects.filter(pk__in=[a.pk for a in silent]).delete()
    touched = {a.episode_id for a in created + changed + silent}
    Episode.objects.filter(pk__in=touched).update(updated_at=timezone.now())
    return len(touched)
