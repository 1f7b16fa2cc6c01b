"""What an incoming row would take from the rows already here (``import_archive --merge``).

A restore keeps every id and slug, so it can add an archive to a database
only where none of them is taken yet. A quote id is taken by a live line and
by a tombstone alike: a restored line must never take a removed quote's id
(whose permalink must keep answering 410 or redirecting), nor the reverse.
"""

from __future__ import annotations

from django.db import models

from speakers.models import Speaker, SpeakerAlias, SpeakerLink, SpeakerSlugRedirect

from ..models import Appearance, Episode, RemovedUtterance, Show, Utterance

# Values per IN lookup: under SQLite's 999 parameters.
CHUNK = 500
# Per model: (the incoming row's attribute, a model and field that must not hold it yet).
CLAIMS: dict[type[models.Model], list[tuple[str, type[models.Model], str]]] = {
    Show: [("id", Show, "id"), ("slug", Show, "slug"), ("feed_url", Show, "feed_url")],
    Speaker: [
        ("id", Speaker, "id"),
        ("slug", Speaker, "slug"),
        ("slug", SpeakerSlugRedirect, "old_slug"),
    ],
    SpeakerAlias: [("id", SpeakerAlias, "id"), ("key", SpeakerAlias, "key")],
    SpeakerLink: [("id", SpeakerLink, "id")],
    SpeakerSlugRedirect: [
        ("id", SpeakerSlugRedirect, "id"),
        ("old_slug", SpeakerSlugRedirect, "old_slug"),
        ("old_slug", Speaker, "slug"),
    ],
    # An episode, appearance or line belongs to a show or episode that is new here
    # (its id was claimed above), so its other unique keys cannot collide.
    Episode: [("id", Episode, "id")],
    Appearance: [("id", Appearance, "id")],
    Utterance: [("id", Utterance, "id"), ("id", RemovedUtterance, "id")],
    RemovedUtterance: [("id", RemovedUtterance, "id"), ("id", Utterance, "id")],
}


def first_collision(batch: list[models.Model]) -> str | None:
    """What the first taken value in ``batch`` (rows of one model) is, or None.

    One indexed ``IN`` query per claim and ``CHUNK`` rows; empty values (a show
    with no feed) claim nothing.
    """
    if not batch:
        return None
    model = type(batch[0])
    for attribute, holder, field in CLAIMS[model]:
        values = sorted({getattr(row, attribute) for row in batch} - {"", None})
        taken = _first_taken(holder, field, values)
        if taken is not None:
            holder_name = holder._meta.verbose_name
            article = "an" if holder_name[0] in "aeiou" else "a"
            return (
                f"{model._meta.verbose_name} {attribute} {taken!r} is already "
                f"{article} {holder_name}'s {field} in this database"
            )
    return None


def _first_taken(holder: type[models.Model], field: str, values: list):
    for start in range(0, len(values), CHUNK):
        chunk = holder.objects.filter(**{f"{field}__in": values[start : start + CHUNK]})
        taken = chunk.order_by(field).values_list(field, flat=True).first()
        if taken is not None:
            return taken
    return None
