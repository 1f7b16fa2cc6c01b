"""Speaker identity: merging duplicates, splitting a wrong alias off, renaming a slug.

It lives in ``archive`` because a merge moves appearances and utterances, and
the speakers app never imports the archive.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Count

from speakers.models import (
    RESERVED_SLUGS,
    Speaker,
    SpeakerAlias,
    SpeakerLink,
    SpeakerSlugRedirect,
)
from speakers.names import clean_name, name_key
from speakers.resolve import add_alias, assign_slugs, check_name

from ..models import CREDIT_ORDER, Appearance, Utterance
from .bookkeeping import episodes_changed, lines_changed, speakers_changed

logger = logging.getLogger(__name__)


@dataclass
class MergePlan:
    """What a merge of ``merged`` into ``survivor`` will move, for the confirmation page."""

    survivor: Speaker
    merged: list[Speaker]
    appearances: int = 0
    shared_episodes: int = 0
    utterances: int = 0
    aliases: list[str] = field(default_factory=list)
    links: int = 0


def plan_merge(survivor: Speaker, merged: list[Speaker]) -> MergePlan:
    """Count what would move, without writing. Four queries."""
    ids = [speaker.pk for speaker in merged]
    plan = MergePlan(survivor=survivor, merged=merged)
    survivor_episodes = Appearance.objects.filter(speaker=survivor).values("episode_id")
    plan.appearances = Appearance.objects.filter(speaker_id__in=ids).count()
    plan.shared_episodes = (
        Appearance.objects.filter(speaker_id__in=ids, episode_id__in=survivor_episodes)
        .values("episode_id")
        .distinct()
        .count()
    )
    plan.utterances = Utterance.objects.filter(speaker_id__in=ids).count()
    plan.aliases = list(
        SpeakerAlias.objects.filter(speaker_id__in=ids).values_list("name", flat=True)
    )
    plan.links = SpeakerLink.objects.filter(speaker_id__in=ids).count()
    return plan


@transaction.atomic
def merge_speakers(survivor: Speaker, merged: list[Speaker]) -> MergePlan:
    """Fold ``merged`` into ``survivor``: credits, lines, aliases, links and slugs move.

    Where both were on one episode, the survivor keeps one appearance with
    the more prominent role. Every merged slug answers 301 to the survivor.
    """
    merged = [speaker for speaker in merged if speaker.pk != survivor.pk]
    plan = plan_merge(survivor, merged)
    ids = [speaker.pk for speaker in merged]
    episode_ids = set(
        Appearance.objects.filter(speaker_id__in=ids).values_list("episode_id", flat=True)
    )
    _move_appearances(survivor, ids)
    moved = list(Utterance.objects.filter(speaker_id__in=ids).values_list("pk", flat=True))
    Utterance.objects.filter(pk__in=moved).update(speaker=survivor)
    SpeakerAlias.objects.filter(speaker_id__in=ids).update(speaker=survivor)
    known_urls = survivor.links.values("url")
    SpeakerLink.objects.filter(speaker_id__in=ids).exclude(url__in=known_urls).update(
        speaker=survivor
    )
    SpeakerSlugRedirect.objects.filter(speaker_id__in=ids).update(speaker=survivor)
    _fill_blanks(survivor, merged)
    Speaker.objects.filter(pk__in=ids).delete()
    SpeakerSlugRedirect.objects.bulk_create(
        [SpeakerSlugRedirect(old_slug=speaker.slug, speaker=survivor) for speaker in merged]
    )
    lines_changed(moved)
    episodes_changed(episode_ids)
    return plan


def _move_appearances(survivor: Speaker, ids: list[int]) -> None:
    """Re-point appearances; where the survivor is on the episode already, keep one credit."""
    mine = {a.episode_id: a for a in Appearance.objects.filter(speaker=survivor)}
    theirs = Appearance.objects.filter(speaker_id__in=ids).order_by("episode_id", "id")
    duplicates, promoted = [], []
    for appearance in theirs:
        kept = mine.get(appearance.episode_id)
        if kept is None:
            appearance.speaker = survivor
            mine[appearance.episode_id] = appearance
            promoted.append(appearance)
            continue
        duplicates.append(appearance.pk)
        if _rank(appearance.role) < _rank(kept.role):
            kept.role = appearance.role
            kept.save(update_fields=["role"])
    Appearance.objects.filter(pk__in=duplicates).delete()
    Appearance.objects.bulk_update(promoted, ["speaker", "role"])


def _rank(role: str) -> int:
    return CREDIT_ORDER.index(role) if role in CREDIT_ORDER else len(CREDIT_ORDER)


def _fill_blanks(survivor: Speaker, merged: list[Speaker]) -> None:
    fields = [
        name
        for name in ("disambiguation", "bio", "image_url")
        if not getattr(survivor, name) and any(getattr(speaker, name) for speaker in merged)
    ]
    for name in fields:
        setattr(survivor, name, next(getattr(s, name) for s in merged if getattr(s, name)))
    if fields:
        survivor.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def new_speaker(name: str) -> Speaker:
    """A new person named ``name``, even if someone else has that name already.

    The name becomes an alias only when it is free: two people who share a
    name are told apart by mapping and disambiguation, not by aliases. Bidi
    controls in it are removed, with a logged warning (``clean_name``).
    """
    check_name(name)
    speaker = Speaker(name=_cleaned(name))
    assign_slugs([speaker])
    speaker.save()
    if not SpeakerAlias.objects.filter(key=name_key(name)).exists():
        add_alias(speaker, speaker.name)
    return speaker


@dataclass
class SplitPlan:
    alias: SpeakerAlias
    utterances: int
    episodes: int


def plan_split(alias: SpeakerAlias) -> SplitPlan:
    """The lines that would leave with the alias: its speaker's, labelled with that name."""
    lines = _lines_labelled(alias).aggregate(
        utterances=Count("pk"), episodes=Count("episode", distinct=True)
    )
    return SplitPlan(alias=alias, **lines)


@transaction.atomic
def split_alias(alias: SpeakerAlias) -> Speaker:
    """Make ``alias`` its own speaker, taking the lines labelled with that name along.

    Refuses the speaker's own name: that is a rename, not a split.
    """
    owner = alias.speaker
    if alias.key == name_key(owner.name):
        raise ValueError(f"{alias.name!r} is {owner}'s own name; rename the speaker instead")
    rows = list(_lines_labelled(alias).values_list("pk", "episode_id"))
    speaker = Speaker(name=_cleaned(alias.name))
    assign_slugs([speaker])
    speaker.save()  # the alias moves to it below: no second alias
    Utterance.objects.filter(pk__in=[pk for pk, _ in rows]).update(speaker=speaker)
    alias.speaker = speaker
    alias.save(update_fields=["speaker"])
    lines_changed([pk for pk, _ in rows])
    episodes_changed({episode_id for _, episode_id in rows})
    return speaker


def _lines_labelled(alias: SpeakerAlias):
    """The alias owner's lines whose source label is the alias's name, in any spelling."""
    labels = (
        Utterance.objects.filter(speaker_id=alias.speaker_id)
        .values_list("speaker_label", flat=True)
        .distinct()
    )
    matching = [label for label in labels if name_key(label) == alias.key]
    return Utterance.objects.filter(speaker_id=alias.speaker_id, speaker_label__in=matching)


@transaction.atomic
def save_speaker(speaker: Speaker, changed: list[str]) -> Speaker:
    """Save a curator's edit of a speaker's details; a new name is searchable at once.

    Bidi controls typed or pasted into the name are removed, with a logged warning.
    """
    speaker.name = _cleaned(speaker.name)
    speaker.save()
    if "name" in changed:
        lines_changed(speaker.utterances.values_list("pk", flat=True))
    if {"name", "disambiguation", "is_published"} & set(changed):
        speakers_changed([speaker.pk])
    return speaker


def _cleaned(name: str) -> str:
    """``clean_name``'s name; its warning, if any, goes to the log."""
    name, warning = clean_name(name)
    if warning:
        logger.warning("speaker name %s", warning)
    return name


@transaction.atomic
def delete_speakers(speakers) -> int:
    """Delete people; their lines stay, unattributed, and their pages answer 404."""
    ids = list(speakers.values_list("pk", flat=True))
    episode_ids = set(
        Appearance.objects.filter(speaker_id__in=ids).values_list("episode_id", flat=True)
    )
    lines = list(Utterance.objects.filter(speaker_id__in=ids).values_list("pk", flat=True))
    Utterance.objects.filter(pk__in=lines).update(speaker=None)
    Speaker.objects.filter(pk__in=ids).delete()
    lines_changed(lines)
    episodes_changed(episode_ids)
    return len(ids)


@transaction.atomic
def rename_speaker_slug(speaker: Speaker, new_slug: str) -> None:
    """Give ``speaker`` a new slug; the old one answers 301 for good.

    Raises ``ValueError`` when the slug is malformed or belongs to someone
    else, now or as a redirect.
    """
    check_new_slug(speaker, new_slug)
    if new_slug == speaker.slug:
        return
    SpeakerSlugRedirect.objects.filter(old_slug=new_slug).delete()  # taking back an old slug
    SpeakerSlugRedirect.objects.create(old_slug=speaker.slug, speaker=speaker)
    speaker.slug = new_slug
    speaker.save(update_fields=["slug", "updated_at"])
    speakers_changed([speaker.pk])  # their episodes link to the new slug


def check_new_slug(speaker: Speaker, new_slug: str) -> None:
    """Raise ``ValueError`` unless ``new_slug`` is free for ``speaker`` to take."""
    try:
        validate_slug(new_slug)
    except ValidationError:
        raise ValueError(
            f"{new_slug!r} is not a slug: letters, digits, hyphens and underscores only"
        ) from None
    if new_slug in RESERVED_SLUGS:
        raise ValueError(f"/speakers/{new_slug}/ is a page of its own; choose another slug")
    if Speaker.objects.filter(slug=new_slug).exclude(pk=speaker.pk).exists():
        raise ValueError(f"the slug {new_slug!r} belongs to another speaker")
    # speaker_id, not speaker: a speaker being added has no id yet, and no redirects.
    taken = SpeakerSlugRedirect.objects.filter(old_slug=new_slug).exclude(speaker_id=speaker.pk)
    if taken.exists():
        raise ValueError(f"{new_slug!r} redirects to another speaker; it cannot be reused")
