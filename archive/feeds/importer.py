"""Importing a show from its feed, and refreshing it: idempotent by guid, kind to curators.

Two phases. First the show, its episodes and their credits are written in
one transaction (an item with a problem is skipped and reported before
anything is written, so one bad item never loses the others, and a failure
leaves the archive as it was). Then each episode's transcript is fetched
and imported in a transaction of its own, outside the first: network time
never holds the archive's locks, and a transcript that cannot be had leaves
its episode standing with the reason in the summary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from speakers.models import Speaker

from ..models import Episode, Show
from . import merge, people
from .fetch import FetchError, fetch
from .parse import parse_feed, pick_transcript
from .parsed import FeedError, FeedItem, ParsedFeed
from .summary import FeedSummary, ItemReport, Status
from .transcripts import import_feed_transcript

Progress = Callable[[int, int], None]


@dataclass
class Options:
    """How to import: into which show, with transcripts or not, for real or not."""

    show_slug: str = ""
    transcripts: bool = True
    dry_run: bool = False
    progress: Progress | None = None


@dataclass
class _Planned:
    item: FeedItem
    report: ItemReport
    episode: Episode
    # The fields to save; "feed_values" alone when only what the feed said moved.
    changed: list[str] = field(default_factory=list)
    credits: dict = field(default_factory=dict)
    drop: set[int] = field(default_factory=set)


def import_feed_url(url: str, options: Options | None = None) -> FeedSummary:
    """Fetch the feed at ``url`` (conditionally, if a show has it) and import it.

    Raises ``FetchError`` or ``FeedError`` when the feed cannot be had or read.
    """
    options = options or Options()
    known = Show.objects.filter(feed_url=url).first()
    fetched = fetch(
        url,
        etag=known.feed_etag if known else "",
        last_modified=known.feed_last_modified if known else "",
        accept="application/rss+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1",
    )
    if fetched.not_modified:
        if not options.dry_run:
            Show.objects.filter(pk=known.pk).update(feed_refreshed_at=timezone.now())
        return FeedSummary(source=url, show=known.slug, not_modified=True, dry_run=options.dry_run)
    feed = parse_feed(fetched.body, source=url, max_items=settings.FEED_MAX_ITEMS)
    summary, show = import_parsed_feed(feed, source=url, feed_url=url, options=options)
    if show is not None and not options.dry_run:
        Show.objects.filter(pk=show.pk).update(
            feed_etag=fetched.etag[:300],
            feed_last_modified=fetched.last_modified[:100],
            feed_refreshed_at=timezone.now(),
        )
    return summary


def import_feed_file(data: bytes, *, source: str, options: Options | None = None) -> FeedSummary:
    """Import a feed saved as a file (no feed URL is recorded). Raises ``FeedError``."""
    feed = parse_feed(data, source=source, max_items=settings.FEED_MAX_ITEMS)
    summary, _ = import_parsed_feed(feed, source=source, feed_url="", options=options or Options())
    return summary


def refresh_show(show: Show, options: Options | None = None) -> FeedSummary:
    """Refresh ``show`` from its feed URL."""
    if not show.feed_url:
        raise FeedError(f"the show {show.slug!r} has no feed URL to refresh from")
    options = options or Options()
    options.show_slug = show.slug
    return import_feed_url(show.feed_url, options)


def import_parsed_feed(
    feed: ParsedFeed, *, source: str, feed_url: str, options: Options
) -> tuple[FeedSummary, Show | None]:
    summary = FeedSummary(source=source, dry_run=options.dry_run, warnings=list(feed.warnings))
    with transaction.atomic():
        show = _write_show(feed, feed_url, options.show_slug, summary)
        planned = _plan_episodes(show, feed.items, summary)
        people.resolve_credits(planned, summary)
        _save_episodes(planned)
        people.save_credits(planned)
        if options.dry_run:
            transaction.set_rollback(True)
    if options.transcripts and not options.dry_run:
        _import_transcripts(show, planned, options.progress)
    else:
        _describe_transcripts(
            show, planned, "would fetch" if options.dry_run else "not fetched (transcripts off)"
        )
    return summary, (None if options.dry_run else show)


def _write_show(feed: ParsedFeed, feed_url: str, slug: str, summary: FeedSummary) -> Show:
    show = _find_show(feed, feed_url, slug)
    values = merge.show_values(feed)
    remembered: dict = {}
    if show is None:
        show = merge.fresh(Show, values, slug=slug or _free_show_slug(feed.title))
        summary.show_created = True
    else:
        remembered = dict(show.feed_values)
        summary.show_changed = merge.apply(show, values)
    moved = bool(feed_url) and show.feed_url != feed_url
    if moved:
        show.feed_url = feed_url
    if summary.show_created or summary.show_changed or moved or show.feed_values != remembered:
        show.full_clean(validate_unique=False, validate_constraints=False)
        show.save()  # an unchanged show is not written: a refresh changes nothing
    summary.show = show.slug
    return show


def _find_show(feed: ParsedFeed, feed_url: str, slug: str) -> Show | None:
    """The show this feed is: named by the curator, else by feed URL, podcast:guid, title.

    By title only where the show came from a feed of that title, so a file
    import never takes over a show a curator made by hand.
    """
    shows = Show.objects.all()
    if slug:
        return shows.filter(slug=slug).first()
    found = shows.filter(feed_url=feed_url).first() if feed_url else None
    if found is None and feed.podcast_guid:
        found = shows.filter(podcast_guid=feed.podcast_guid).first()
    if found is None and feed.title:
        found = shows.filter(feed_values__title=feed.title).first()
    return found


def _free_show_slug(title: str) -> str:
    base = slugify(title)[:190] or "show"
    taken = set(Show.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    return Speaker.first_free_slug(base, taken)


def _plan_episodes(show: Show, items: list[FeedItem], summary: FeedSummary) -> list[_Planned]:
    """Each item against the show's episodes: new, changed (which fields) or unchanged."""
    existing = {episode.guid: episode for episode in Episode.objects.filter(show=show)}
    slugs = {episode.slug for episode in existing.values()}
    seen: dict[str, int] = {}
    planned = []
    for item in items:
        report = ItemReport(item.position, item.guid, item.title, warnings=list(item.warnings))
        summary.items.append(report)
        plan = _plan_item(show, item, report, existing, slugs, seen)
        if plan is not None:
            planned.append(plan)
    return planned


def _save_episodes(planned: list[_Planned]) -> None:
    """New episodes in bulk; changed ones field by field; unchanged ones not at all."""
    new = [plan.episode for plan in planned if plan.report.status is Status.ADDED]
    Episode.objects.bulk_create(new, batch_size=500)
    for plan in planned:
        if plan.report.status is not Status.ADDED and plan.changed:
            fields = set(plan.changed) | {"feed_values"}
            if fields != {"feed_values"}:
                fields.add("updated_at")
            plan.episode.save(update_fields=sorted(fields))
        plan.report.episode_id = plan.episode.pk


def _plan_item(show, item, report, existing, slugs, seen) -> _Planned | None:
    if not item.guid:
        return _skip(report, "no guid, and no enclosure, link or title and date to derive one")
    if item.guid in seen:
        return _skip(report, f"the same guid as item {seen[item.guid]} ({item.guid!r})")
    seen[item.guid] = item.position
    values = merge.episode_values(item)
    episode = existing.get(item.guid)
    if episode is None:
        slug = Speaker.first_free_slug(slugify(item.title)[:190] or "episode", slugs)
        slugs.add(slug)
        episode = merge.fresh(Episode, values, show=show, guid=item.guid, slug=slug)
        report.status = Status.ADDED
        changed = []
    else:
        remembered = dict(episode.feed_values)
        changed = merge.apply(episode, values)
        report.status = Status.UPDATED if changed else Status.UNCHANGED
        report.detail = ", ".join(changed)
        if episode.feed_values != remembered:
            changed.append("feed_values")
    if report.status is not Status.UNCHANGED:  # unchanged values passed these checks before
        try:
            episode.full_clean(exclude=["show"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            return _skip(report, _describe(error))
    return _Planned(item, report, episode, changed)


def _skip(report: ItemReport, reason: str) -> None:
    report.status, report.detail = Status.SKIPPED, reason
    return None


def _describe(error: ValidationError) -> str:
    fields = getattr(error, "message_dict", {"item": error.messages})
    return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in fields.items())


def _describe_transcripts(show: Show, planned: list[_Planned], verb: str) -> None:
    for plan in planned:
        link = pick_transcript(plan.item.transcripts, show.language)
        if link is not None:
            plan.report.transcript = f"{verb}: {link.url}"


def _import_transcripts(show: Show, planned: list[_Planned], progress: Progress | None) -> None:
    for done, plan in enumerate(planned, start=1):
        link = pick_transcript(plan.item.transcripts, show.language)
        if link is not None:
            import_feed_transcript(plan.episode, link, plan.report)
        if progress:
            progress(done, len(planned))


__all__ = [
    "FeedError",
    "FeedSummary",
    "FetchError",
    "Options",
    "import_feed_file",
    "import_feed_url",
    "refresh_show",
]
