"""Curating lines, credits and episodes: each function one transaction, derived rows exact."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from speakers.models import Speaker

from ..models import Appearance, Episode, Role, Show, Utterance
from .bookkeeping import episodes_changed, lines_changed, retire_where, speakers_changed

# The fields of a line a curator may fix; its id, episode and place never change.
EDITABLE_FIELDS = ("text", "speaker", "speaker_label", "start_ms", "end_ms")


@transaction.atomic
def edit_utterance(utterance: Utterance, **changes) -> Utterance:
    """Fix a line's text, speaker, label or times in place: its id (the permalink) stays."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"cannot edit {', '.join(sorted(unknown))} of a line")
    for name, value in changes.items():
        setattr(utterance, name, value)
    utterance.full_clean(exclude=["episode", "sequence"], validate_unique=False)
    utterance.save(update_fields=list(changes))
    lines_changed([utterance.pk])
    episodes_changed([utterance.episode_id])
    return utterance


@transaction.atomic
def reattribute(utterances: QuerySet[Utterance], speaker: Speaker | None) -> int:
    """Give these lines to ``speaker`` (None: unattributed). Returns how many changed."""
    moving = utterances.exclude(speaker=speaker) if speaker else utterances.exclude(speaker=None)
    rows = list(moving.order_by().values_list("pk", "episode_id"))
    ids = [pk for pk, _ in rows]
    count = Utterance.objects.filter(pk__in=ids).update(speaker=speaker)
    lines_changed(ids)
    episodes_changed({episode_id for _, episode_id in rows})
    return count


def reattribute_label(episode: Episode, label: str, speaker: Speaker | None) -> int:
    """Every line of ``episode`` that carries ``label`` goes to ``speaker``."""
    return reattribute(episode.utterances.filter(speaker_label=label), speaker)


@transaction.atomic
def delete_utterances(utterances: QuerySet[Utterance]) -> int:
    """Delete lines; their permalinks answer 410 Gone from now on."""
    episode_ids = set(utterances.values_list("episode_id", flat=True).distinct())
    count = retire_where(Utterance.objects.filter(pk__in=utterances.values("pk")))
    episodes_changed(episode_ids)
    return count


@transaction.atomic
def delete_episodes(episodes: QuerySet[Episode]) -> int:
    """Delete episodes with their lines and credits, keeping every quote id's tombstone."""
    ids = list(episodes.values_list("pk", flat=True))
    retire_where(Utterance.objects.filter(episode_id__in=ids))
    Episode.objects.filter(pk__in=ids).delete()
    return len(ids)


@transaction.atomic
def delete_shows(shows: QuerySet[Show]) -> int:
    ids = list(shows.values_list("pk", flat=True))
    delete_episodes(Episode.objects.filter(show_id__in=ids))
    Show.objects.filter(pk__in=ids).delete()
    return len(ids)


@transaction.atomic
def credit(episode: Episode, speaker: Speaker, role: str) -> Appearance:
    """Credit ``speaker`` on ``episode`` in ``role`` (``Role.SPEAKER``: uncredit)."""
    appearance, _ = Appearance.objects.update_or_create(
        episode=episode, speaker=speaker, defaults={"role": role}
    )
    episodes_changed([episode.pk])
    return appearance


def uncredit(appearance: Appearance) -> None:
    """Drop a credit; the person stays on the episode while they are heard in it."""
    credit(appearance.episode, appearance.speaker, Role.SPEAKER)


@transaction.atomic
def set_published(objects: QuerySet[Episode] | QuerySet[Speaker], published: bool) -> int:
    """Publish or hide episodes or speakers; hidden ones answer 404 to visitors.

    Search needs no reindex (it filters on visibility as it reads); pages that
    show a re-published or hidden speaker are marked changed.
    """
    changing = list(objects.exclude(is_published=published).values_list("pk", flat=True))
    # updated_at too: feeds' Last-Modified and cached pages follow it.
    count = objects.model.objects.filter(pk__in=changing).update(
        is_published=published, updated_at=timezone.now()
    )
    if objects.model is Speaker:
        speakers_changed(changing)
    return count
