"""A feed's ``podcast:person`` credits as appearances, through the curation core.

Credits follow the same three-way rule as the other fields: an episode's
credits are looked at only when the item's list of people changed since the
last import, and then only the people the feed added, re-roled or dropped
are touched, so a curator's fix of a credit the feed did not change stays.
"""

from __future__ import annotations

from speakers.resolve import check_name

from .. import curation
from ..models import Role
from .parsed import Person
from .summary import FeedSummary, Status

# The roles an appearance can have: the cast of the Podcasting 2.0 taxonomy, and producers.
CREDITED_ROLES = frozenset(Role.values) - {Role.SPEAKER}


def resolve_credits(planned: list, summary: FeedSummary) -> None:
    """Work out each changed item's credits (``plan.credits``, ``plan.drop``).

    The people are found or created (``curation.identify_people``) in one go
    for the whole feed; the episodes' ``feed_values`` learn who they were.
    """
    changing = [plan for plan in planned if _changed(plan)]
    people = {
        (person.name, person.href): person
        for plan in changing
        for person in _creditable(plan.item.persons, plan.report)
    }
    identified = curation.identify_people(people.values())
    summary.speakers_created.extend(str(speaker) for speaker in identified.created)
    summary.warnings.extend(identified.warnings)
    for plan in changing:
        _plan_credits(plan, identified.speakers)


def save_credits(planned: list) -> None:
    curation.set_credits(
        {plan.episode.pk: plan.credits for plan in planned if plan.credits},
        {plan.episode.pk: plan.drop for plan in planned if plan.drop},
    )


def _changed(plan) -> bool:
    last = [entry[:3] for entry in plan.episode.feed_values.get("persons", [])]
    return last != [[p.name, p.role, p.href] for p in plan.item.persons]


def _creditable(persons: list[Person], report) -> list[Person]:
    """The people who appear on an episode; crew and unstorable names are reported."""
    kept = []
    for person in persons:
        if person.role not in CREDITED_ROLES:
            report.warnings.append(
                f"{person.name} not credited: the role {person.role!r} (group "
                f"{person.group!r}) is crew, not someone heard on the episode"
            )
            continue
        try:
            check_name(person.name)
        except ValueError as error:
            report.warnings.append(f"podcast:person not credited: {error}")
            continue
        kept.append(person)
    return kept


def _plan_credits(plan, speakers: dict) -> None:
    last = {(name, href): (role, speaker_id) for name, role, href, speaker_id in _entries(plan)}
    entries, credits = [], {}
    for person in plan.item.persons:
        speaker = speakers.get((person.name, person.href))
        entries.append([person.name, person.role, person.href, speaker.pk if speaker else None])
        if speaker is not None and last.get((person.name, person.href), (None,))[0] != person.role:
            credits[speaker] = person.role
    now = {(person.name, person.href) for person in plan.item.persons}
    plan.drop = {sid for key, (_, sid) in last.items() if key not in now and sid is not None}
    plan.drop -= {speaker.pk for speaker in credits}
    plan.credits = credits
    plan.episode.feed_values["persons"] = entries
    if plan.report.status is Status.UNCHANGED:
        plan.report.status = Status.UPDATED
    if plan.report.status is Status.UPDATED:
        plan.report.detail = ", ".join(filter(None, [plan.report.detail, "credits"]))
    plan.changed.append("feed_values")


def _entries(plan) -> list[list]:
    return [entry for entry in plan.episode.feed_values.get("persons", []) if len(entry) == 4]
