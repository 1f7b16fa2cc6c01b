from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Abs, Coalesce, Length, Replace
from django.urls import reverse
from django.utils.translation import ngettext

from .formats.timecode import format_timestamp
from .shownotes import notes_text, show_notes_html
from .transcript import paragraphs
from .turns import word_count
from .validators import validate_audio_url


class ShowQuerySet(models.QuerySet):
    def with_episode_summary(self) -> ShowQuerySet:
        """Annotate ``episode_count`` and prefetch ``latest_episodes`` (at most one), public only.

        For the shows index: two queries however many shows and episodes. The
        count is a correlated subquery and the latest episode one windowed query,
        both on episode_show_published_idx.
        """
        count = (
            Episode.objects.public()
            .filter(show=OuterRef("pk"))
            .order_by()
            .values("show")
            .annotate(n=Count("pk"))
            .values("n")
        )
        latest = Prefetch(
            "episodes", queryset=Episode.objects.public().latest()[:1], to_attr="latest_episodes"
        )
        return self.annotate(episode_count=Coalesce(Subquery(count), 0)).prefetch_related(latest)


class Show(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    feed_url = models.URLField(max_length=1000, blank=True)
    website_url = models.URLField(max_length=1000, blank=True)
    image_url = models.URLField(max_length=1000, blank=True)
    description = models.TextField(blank=True)
    language = models.CharField(max_length=35, blank=True, help_text="BCP 47 tag, e.g. en-us")
    author = models.CharField(max_length=300, blank=True)
    podcast_guid = models.CharField(
        max_length=100, blank=True, help_text="The feed's podcast:guid, the show's global id."
    )
    # What the feed said when last imported: a refresh changes a field only where
    # the feed changed it, so a curator's fix of a field the feed did not touch stays.
    feed_values = models.JSONField(default=dict, blank=True, editable=False)
    feed_etag = models.CharField(max_length=300, blank=True, editable=False)
    feed_last_modified = models.CharField(max_length=100, blank=True, editable=False)
    feed_refreshed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ShowQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            # A feed is one show; empty means "no feed known", which many shows share.
            models.UniqueConstraint(
                fields=["feed_url"], condition=~Q(feed_url=""), name="show_feed_url_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("archive:show", kwargs={"slug": self.slug})

    @property
    def summary(self) -> str:
        """The description as plain text: feeds often write it in HTML."""
        return notes_text(self.description)

    @property
    def monogram(self) -> str:
        """The first letter of the title: the artwork's stand-in when a show has none."""
        return self.title[:1].upper()

    @property
    def monogram_hue(self) -> int:
        """Which of site.css's six stand-in colours this show's monogram gets."""
        return (self.pk or 0) % 6

    @property
    def latest_episode(self) -> Episode | None:
        """Needs ``with_episode_summary()``."""
        return self.latest_episodes[0] if self.latest_episodes else None

    @property
    def episode_count_label(self) -> str:
        """Reads "12 episodes"; needs ``with_episode_summary()``."""
        count = self.episode_count
        return ngettext("%(count)d episode", "%(count)d episodes", count) % {"count": count}


class EpisodeQuerySet(models.QuerySet):
    def public(self) -> EpisodeQuerySet:
        """Episodes visitors may see; curators hide an episode by unpublishing it."""
        return self.filter(is_published=True)

    def with_show(self) -> EpisodeQuerySet:
        return self.select_related("show")

    def latest(self) -> EpisodeQuerySet:
        return self.order_by(F("published_at").desc(nulls_last=True), "-id")

    def with_guests(self) -> EpisodeQuerySet:
        """Prefetch ``guest_appearances``: credited guests visitors may see, speaker selected.

        One query for a page of episodes (appearance_unique serves the lookup).
        """
        guests = (
            Appearance.objects.public()
            .filter(role__in=GUEST_ROLES)
            .select_related("speaker")
            .in_credit_order()
        )
        return self.prefetch_related(
            Prefetch("appearances", queryset=guests, to_attr="guest_appearances")
        )


class Episode(models.Model):
    show = models.ForeignKey(Show, on_delete=models.CASCADE, related_name="episodes")
    guid = models.CharField(
        max_length=500, help_text="The item's guid in the feed, unique within a show."
    )
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=200)
    published_at = models.DateTimeField(null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    audio_url = models.CharField(
        max_length=1000,
        blank=True,
        validators=[validate_audio_url],
        help_text="An http(s) URL, or a path on this site such as /static/audio/…",
    )
    page_url = models.URLField(max_length=1000, blank=True)
    description = models.TextField(blank=True)
    episode_number = models.PositiveIntegerField(null=True, blank=True)
    season_number = models.PositiveIntegerField(null=True, blank=True)
    chapters_url = models.URLField(
        max_length=1000, blank=True, help_text="The feed's podcast:chapters file, kept for later."
    )
    # The item as the feed last gave it, credits and transcript link included (see Show).
    feed_values = models.JSONField(default=dict, blank=True, editable=False)
    is_published = models.BooleanField(
        "published", default=True, help_text="Untick to hide the episode from public pages."
    )
    # Provenance of the transcript the utterances came from.
    transcript_format = models.CharField(max_length=40, blank=True)
    transcript_source = models.CharField(
        max_length=1000, blank=True, help_text="File name or URL the transcript was read from."
    )
    transcript_imported_at = models.DateTimeField(null=True, blank=True)
    transcript_hash = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the transcript file as imported."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["show", "guid"], name="episode_guid_per_show"),
            models.UniqueConstraint(fields=["show", "slug"], name="episode_slug_per_show"),
        ]
        indexes = [
            # Home page "latest episodes" and every date-ordered episode list.
            models.Index(fields=["published_at"], name="episode_published_idx"),
            # A show's page: its episodes newest first.
            models.Index(fields=["show", "published_at"], name="episode_show_published_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("archive:episode", kwargs={"show": self.show.slug, "slug": self.slug})

    @property
    def has_transcript(self) -> bool:
        return bool(self.transcript_hash)

    @property
    def duration_label(self) -> str:
        return (
            "" if self.duration_seconds is None else format_timestamp(self.duration_seconds * 1000)
        )

    @property
    def length_label(self) -> str:
        """Reads "47 min" or "1 hr 5 min" in lists, where "47:00" could be a time of day."""
        if self.duration_seconds is None:
            return ""
        hours, minutes = divmod(round(self.duration_seconds / 60), 60)
        if not hours:
            return f"{max(minutes, 1)} min"
        return f"{hours} hr {minutes} min" if minutes else f"{hours} hr"

    @property
    def duration_iso(self) -> str:
        """``PT4M23S``, for ``<time datetime>``; empty when the duration is unknown."""
        if self.duration_seconds is None:
            return ""
        minutes, seconds = divmod(self.duration_seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return f"PT{hours}H{minutes}M{seconds}S" if hours else f"PT{minutes}M{seconds}S"

    @property
    def summary(self) -> str:
        """The description as plain text, for the page's meta description."""
        return notes_text(self.description)

    @property
    def show_notes(self) -> str:
        """The description as safe HTML, sanitised with an allow-list (``archive.shownotes``)."""
        return show_notes_html(self.description)


class Role(models.TextChoices):
    """The Podcasting 2.0 person taxonomy's common roles, plus "speaker" for the uncredited."""

    HOST = "host", "Host"
    CO_HOST = "co-host", "Co-host"
    GUEST = "guest", "Guest"
    GUEST_HOST = "guest host", "Guest host"
    CAST_MEMBER = "cast member", "Cast member"
    NARRATOR = "narrator", "Narrator"
    ANNOUNCER = "announcer", "Announcer"
    REPORTER = "reporter", "Reporter"
    VOICE_ACTOR = "voice actor", "Voice actor"
    PRODUCER = "producer", "Producer"
    # Heard in a transcript but not credited by the feed or a curator.
    SPEAKER = "", "Speaker (uncredited)"


CREDIT_ORDER = [
    Role.HOST,
    Role.CO_HOST,
    Role.GUEST_HOST,
    Role.GUEST,
    Role.CAST_MEMBER,
    Role.NARRATOR,
    Role.ANNOUNCER,
    Role.REPORTER,
    Role.VOICE_ACTOR,
    Role.PRODUCER,
]
# Who a show page lists as its hosts, and as its guests (credited ones only).
HOST_ROLES = [Role.HOST, Role.CO_HOST]
GUEST_ROLES = [Role.GUEST, Role.GUEST_HOST]
# A "substantive" line, the one a speaker's appearance is quoted by, has at least this many words.
SUBSTANTIVE_WORDS = 6


class AppearanceQuerySet(models.QuerySet):
    def public(self) -> AppearanceQuerySet:
        """Appearances visitors may see: a published speaker on a published episode."""
        return self.filter(episode__is_published=True, speaker__is_published=True)

    def by_episode_date(self) -> AppearanceQuerySet:
        """Newest episode first; undated episodes last on every database."""
        return self.order_by(F("episode__published_at").desc(nulls_last=True), "-episode_id")

    def in_credit_order(self) -> AppearanceQuerySet:
        """Hosts first, then guests, then people heard but not credited."""
        rank = models.Case(
            *(models.When(role=role, then=index) for index, role in enumerate(CREDIT_ORDER)),
            default=len(CREDIT_ORDER),
        )
        return self.order_by(rank, "id")

    def with_first_line(self) -> AppearanceQuerySet:
        """Annotate each appearance's first substantive line (``first_line``).

        The speaker's first utterance in the episode with ``SUBSTANTIVE_WORDS``
        or more ("Uh-huh." and "Thanks." are skipped). Three correlated
        subqueries in the one query, each a walk of utterance_speaker_idx
        (speaker, episode, sequence) that stops at the first match: no query per row.
        """
        lines = (
            Utterance.objects.filter(speaker=OuterRef("speaker_id"), episode=OuterRef("episode_id"))
            .substantive()
            .order_by("sequence")
        )
        return self.annotate(
            first_line_pk=Subquery(lines.values("pk")[:1]),
            first_line_text=Subquery(lines.values("text")[:1]),
            first_line_start_ms=Subquery(lines.values("start_ms")[:1]),
        )


class Appearance(models.Model):
    """A speaker on an episode: credited (a role) and/or heard (utterances).

    ``utterance_count`` and ``word_count`` are kept exact by ``archive.curation``,
    the only code that writes utterances and appearances.
    """

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="appearances")
    speaker = models.ForeignKey(
        "speakers.Speaker", on_delete=models.CASCADE, related_name="appearances"
    )
    role = models.CharField(max_length=40, choices=Role.choices, blank=True, default=Role.SPEAKER)
    utterance_count = models.PositiveIntegerField(default=0)
    word_count = models.PositiveIntegerField(default=0)

    objects = AppearanceQuerySet.as_manager()

    class Meta:
        # episode_id, not episode: the FK would pull in Episode's ordering and a join.
        ordering = ["episode_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "speaker"], name="appearance_unique"),
        ]
        indexes = [
            # A speaker's page: every appearance of one speaker (and the timeline).
            models.Index(fields=["speaker", "episode"], name="appearance_speaker_idx"),
        ]

    def __str__(self) -> str:
        return f"Appearance #{self.pk}"

    @property
    def role_label(self) -> str:
        """Reads "Guest", "Host"…; empty for a speaker heard but not credited."""
        return self.get_role_display() if self.role else ""

    @property
    def said_label(self) -> str:
        """Reads "42 lines, 1,234 words": how much the speaker said on the episode."""
        if not self.utterance_count:
            return "No lines in the transcript"
        lines = ngettext("%(count)s line", "%(count)s lines", self.utterance_count)
        words = ngettext("%(count)s word", "%(count)s words", self.word_count)
        return ", ".join(
            [
                lines % {"count": f"{self.utterance_count:,}"},
                words % {"count": f"{self.word_count:,}"},
            ]
        )

    @property
    def first_line(self) -> Utterance | None:
        """The line ``with_first_line()`` found, as an unsaved utterance on this episode."""
        if getattr(self, "first_line_pk", None) is None:
            return None
        return Utterance(
            pk=self.first_line_pk,
            episode=self.episode,
            speaker_id=self.speaker_id,
            text=self.first_line_text,
            start_ms=self.first_line_start_ms,
        )


class UtteranceQuerySet(models.QuerySet):
    def public(self) -> UtteranceQuerySet:
        """Lines visitors may see: on a published episode, by nobody hidden."""
        return self.filter(episode__is_published=True).exclude(speaker__is_published=False)

    def search(self, query: str) -> UtteranceQuerySet:
        """Lines matching ``query``, annotated with ``rank`` and a safe ``snippet``.

        Raises ``archive.search.QueryError`` for a query with nothing to search for.
        """
        from .search import search

        return search(self, query)

    def substantive(self) -> UtteranceQuerySet:
        """Lines of about ``SUBSTANTIVE_WORDS`` words or more (spaces + 1, counted in SQL)."""
        spaces = Length("text") - Length(Replace("text", Value(" "), Value("")))
        return self.alias(spaces=spaces).filter(spaces__gte=SUBSTANTIVE_WORDS - 1)

    def for_transcript(self) -> UtteranceQuerySet:
        """In order, loading only what a transcript row shows. One query, however long.

        Served by the utterance_sequence constraint's index (episode, sequence).
        """
        return self.select_related("speaker").only(*TRANSCRIPT_FIELDS).order_by("sequence")


# What an episode page reads of each line and its speaker.
TRANSCRIPT_FIELDS = [
    "episode_id",
    "speaker_label",
    "sequence",
    "start_ms",
    "text",
    "speaker__name",
    "speaker__slug",
    "speaker__is_published",
]


class Utterance(models.Model):
    """One speaker's turn. Its primary key is the quote's permanent identity (``/q/<id>/``).

    Nothing renumbers or recreates an utterance that did not change: re-imports
    match old lines to new ones and update in place (``archive.matching``).
    """

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="utterances")
    speaker = models.ForeignKey(
        "speakers.Speaker",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="utterances",
        help_text="Empty while the label is not attributed to a person.",
    )
    speaker_label = models.CharField(
        max_length=200, blank=True, help_text='The label exactly as in the source ("Speaker 2").'
    )
    sequence = models.PositiveIntegerField(help_text="Order within the episode, from 0.")
    start_ms = models.PositiveIntegerField(null=True, blank=True)
    end_ms = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField()

    objects = UtteranceQuerySet.as_manager()

    class Meta:
        # Served by the utterance_sequence index; "episode" would join and sort by date.
        ordering = ["episode_id", "sequence"]
        constraints = [
            # Also the index for an episode's transcript in order.
            models.UniqueConstraint(fields=["episode", "sequence"], name="utterance_sequence"),
            models.CheckConstraint(
                condition=Q(start_ms__isnull=True) | Q(start_ms__gte=0),
                name="utterance_start_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(end_ms__isnull=True)
                | Q(start_ms__isnull=True)
                | Q(end_ms__gte=F("start_ms")),
                name="utterance_end_after_start",
            ),
        ]
        indexes = [
            # A speaker's quotes, grouped by episode in transcript order.
            models.Index(fields=["speaker", "episode", "sequence"], name="utterance_speaker_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def word_count(self) -> int:
        return word_count(self.text)

    @property
    def start_label(self) -> str:
        """Reads "12:05" for people; empty when the source gave no time."""
        return "" if self.start_ms is None else format_timestamp(self.start_ms)

    @property
    def public_speaker(self):
        """The attributed speaker if visitors may see them, else None."""
        return self.speaker if self.speaker_id and self.speaker.is_published else None

    @property
    def display_speaker(self) -> str:
        """The attributed speaker's name, else the source label, else "Unattributed".

        A hidden speaker's line shows neither: the label is often their name.
        Touches ``speaker``: select it with ``select_related`` in lists.
        """
        if self.speaker_id:
            return self.speaker.name if self.speaker.is_published else "Unattributed"
        return self.speaker_label or "Unattributed"

    @property
    def anchor(self) -> str:
        """The line's element id on its episode page."""
        return f"u{self.pk}"

    @property
    def permalink(self) -> str:
        """The quote's permanent page, ``/q/<id>/``: what people share."""
        return reverse("archive:quote", args=[self.pk])

    @property
    def moment_url(self) -> str:
        """The line in its episode's transcript, in whichever part holds it (``archive.parts``).

        A redirect that knows (``…/line/<id>/``), so a list of lines needs no
        query to learn whether an episode is split. Touches episode and show: select them.
        """
        episode = self.episode
        return reverse(
            "archive:episode_line",
            kwargs={"show": episode.show.slug, "slug": episode.slug, "line": self.pk},
        )

    @property
    def time_fragment(self) -> str:
        """``t=1:05``: the fragment that seeks the episode's player; empty without a time."""
        return f"t={self.start_label}" if self.start_ms is not None else ""

    @property
    def paragraphs(self) -> list[str]:
        """The text in paragraphs of about 60 words, so a long turn is no wall of text."""
        return paragraphs(self.text)


# How many tombstones a quote id's forwarding may pass through before it counts as gone:
# far more than any run of corrections makes, and a bound should the data ever loop.
MAX_FORWARDS = 50


class RemovedUtteranceQuerySet(models.QuerySet):
    def resolve(self, quote_id: int) -> Utterance | None:
        """The live utterance that holds ``quote_id``'s words now, or None when they are gone.

        The utterance itself while it is live, else where its tombstone forwards
        (``RemovedUtterance.resolve``); None too for an id that never existed.
        One query for a live id; two, plus two per tombstone passed, otherwise.
        """
        live = Utterance.objects.filter(pk=quote_id).first()
        if live is not None:
            return live
        tombstone = self.filter(pk=quote_id).first()
        return tombstone.resolve() if tombstone else None


class RemovedUtterance(models.Model):
    """A quote id that once existed: its permalink redirects to where its words went, or
    answers 410 Gone, never 404.

    Written by ``archive.curation`` whenever it deletes utterances, in the same
    transaction. ``id`` is the removed utterance's id, never reused.
    """

    id = models.BigIntegerField(primary_key=True)
    episode = models.ForeignKey(
        Episode, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(help_text="The line as it was, for curators.")
    start_ms = models.PositiveIntegerField(
        null=True, blank=True, help_text="Where the line began, for a link to that moment."
    )
    # A quote id, not a foreign key: the holder may itself be retired later, and its
    # tombstone then carries the chain on (``resolve``). A foreign key would be nulled
    # (breaking the chain) and cost every deletion of utterances a query.
    moved_to = models.BigIntegerField(
        null=True,
        blank=True,
        help_text="The quote that holds this line's words since a re-import merged them; "
        "empty when the words are gone.",
    )
    removed_at = models.DateTimeField(auto_now_add=True)

    objects = RemovedUtteranceQuerySet.as_manager()

    class Meta:
        ordering = ["-removed_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(moved_to=F("id")), name="removed_utterance_not_moved_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"Removed quote #{self.pk}"

    @classmethod
    def of(cls, utterance: Utterance, *, moved_to: int | None = None) -> RemovedUtterance:
        """The tombstone to keep when ``utterance`` is deleted (unsaved)."""
        return cls(
            id=utterance.pk,
            episode_id=utterance.episode_id,
            text=utterance.text,
            start_ms=utterance.start_ms,
            moved_to=moved_to,
        )

    def resolve(self) -> Utterance | None:
        """The live utterance that holds this line's words now; None means 410 Gone.

        Follows chains: A's words went to B, a later correction merged B into C,
        so A's tombstone points at B and B's at C, and A resolves to C (nothing
        re-points old tombstones). A chain that ends in a line deleted outright,
        or loops, resolves to None. One query when ``moved_to`` is live, two per
        further tombstone passed.
        """
        seen = {self.pk}
        target = self.moved_to
        while target is not None and target not in seen and len(seen) <= MAX_FORWARDS:
            live = Utterance.objects.filter(pk=target).first()
            if live is not None:
                return live
            seen.add(target)
            forwards = type(self).objects.filter(pk=target).values_list("moved_to", flat=True)
            target = forwards.first()
        return None

    @property
    def start_label(self) -> str:
        """Reads "12:05": where the line was; empty when the source gave no time."""
        return "" if self.start_ms is None else format_timestamp(self.start_ms)

    def nearest_moment_url(self) -> str:
        """The episode at the surviving line nearest to where this one was, for a 410 page.

        ``#u<id>`` scrolls there without JavaScript and seeks the player with it,
        on the part of a long transcript that holds it (``?part=3``); the
        episode's top when nothing is left near, "" once the episode is gone.
        One query, and one more when the episode's parts are not cached;
        ``select_related("episode__show")`` spares two more.
        """
        from .parts import transcript_parts

        if self.episode_id is None:
            return ""
        url = self.episode.get_absolute_url()
        if self.start_ms is None:
            return url
        lines = Utterance.objects.filter(episode_id=self.episode_id, start_ms__isnull=False)
        nearest = (
            lines.annotate(distance=Abs(F("start_ms") - self.start_ms))
            .order_by("distance", "sequence")
            .values_list("pk", "sequence")
            .first()
        )
        if nearest is None:
            return url
        part = transcript_parts(self.episode).holding(nearest[1])
        return f"{url}{part.query_string}#u{nearest[0]}"


class StagedTranscript(models.Model):
    """An uploaded transcript waiting for its curator to map speakers and confirm.

    Kept in the database so the preview and the confirmation may land on
    different workers; deleted once imported, and swept after a day.
    """

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(max_length=1000)
    data = models.BinaryField()
    format = models.CharField(max_length=40, blank=True, help_text="Empty: detect from content.")
    max_gap_ms = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


# The search engine's SQLite table, registered with the app so queries can join it.
from .search.tables import SQLiteSearchEntry  # noqa: E402, F401
