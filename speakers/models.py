from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import ngettext

from .names import name_key, without_name_bidi


class SpeakerQuerySet(models.QuerySet):
    def public(self) -> SpeakerQuerySet:
        """Speakers visitors may see; curators hide a person by unpublishing them."""
        return self.filter(is_published=True)

    def by_name(self, name: str) -> SpeakerQuerySet:
        """Speakers known under ``name`` in any spelling: one indexed alias lookup."""
        return self.filter(aliases__key=name_key(name))

    def with_appearance_counts(self) -> SpeakerQuerySet:
        """Annotate ``appearance_count`` (public episodes only) for lists and rankings.

        A correlated subquery rather than a JOIN aggregate, so other joins (the
        admin's alias search) cannot multiply the count.
        """
        appearances = self.model._meta.get_field("appearances").related_model.objects
        count = (
            appearances.public()
            .filter(speaker=models.OuterRef("pk"))
            .order_by()
            .values("speaker")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(appearance_count=models.functions.Coalesce(models.Subquery(count), 0))

    def most_appearing(self) -> SpeakerQuerySet:
        return (
            self.public()
            .with_appearance_counts()
            .filter(appearance_count__gt=0)
            .order_by("-appearance_count", "name")
        )

    def _public_appearances(self):
        """This speaker's public appearances, for correlated subqueries (``OuterRef("pk")``)."""
        appearances = self.model._meta.get_field("appearances").related_model.objects
        return appearances.public().filter(speaker=models.OuterRef("pk")).order_by()

    def listed(self) -> SpeakerQuerySet:
        """Speakers with a page worth listing: public, on at least one public episode."""
        return self.public().appearing()

    def appearing(self, **lookups) -> SpeakerQuerySet:
        """Speakers with a public appearance matching ``lookups`` (``role="guest"``…).

        One EXISTS subquery on appearance_speaker_idx, however many lookups.
        """
        return self.filter(models.Exists(self._public_appearances().filter(**lookups)))

    def in_index(self) -> SpeakerQuerySet:
        """The speakers index: most appearances first, each row's figures and shows.

        Annotates ``appearance_count``, ``first_appeared`` and ``last_appeared``
        (correlated subqueries on appearance_speaker_idx, so a page of rows is
        one query) and prefetches the shows (``with_shows``, one more).
        """
        dates = self._public_appearances().values("speaker")
        return (
            self.listed()
            .with_appearance_counts()
            .annotate(
                first_appeared=models.Subquery(
                    dates.annotate(at=models.Min("episode__published_at")).values("at")
                ),
                last_appeared=models.Subquery(
                    dates.annotate(at=models.Max("episode__published_at")).values("at")
                ),
            )
            .with_shows()
            .order_by("-appearance_count", "name", "disambiguation")
        )

    def with_shows(self) -> SpeakerQuerySet:
        """Prefetch ``show_appearances``: one public appearance per show, by show title.

        One query for a page of speakers: a window numbers each speaker's
        appearances per show and keeps the first, show selected.
        """
        appearances = self.model._meta.get_field("appearances").related_model.objects
        first_per_show = (
            appearances.public()
            .annotate(
                nth_on_show=models.Window(
                    models.functions.RowNumber(),
                    partition_by=[models.F("speaker_id"), models.F("episode__show_id")],
                    order_by=models.F("episode_id").asc(),
                )
            )
            .filter(nth_on_show=1)
            .select_related("episode__show")
            .order_by("episode__show__title", "episode__show_id")
        )
        return self.prefetch_related(
            models.Prefetch("appearances", queryset=first_per_show, to_attr="show_appearances")
        )

    def most_active_in(self, year: int) -> SpeakerQuerySet:
        """Public speakers by public episodes published in ``year`` (``appearance_count``).

        One join over that year's episodes (episode_published_idx) and their appearances.
        """
        return (
            self.public()
            .filter(
                appearances__episode__is_published=True,
                appearances__episode__published_at__year=year,
            )
            .annotate(appearance_count=models.Count("appearances"))
            .order_by("-appearance_count", "name")
        )

    def credited_on(self, show, roles) -> SpeakerQuerySet:
        """Public speakers credited in one of ``roles`` on ``show``'s public episodes.

        ``appearance_count`` is how many such episodes; most first.
        """
        return (
            self.public()
            .filter(
                appearances__episode__show=show,
                appearances__episode__is_published=True,
                appearances__role__in=roles,
            )
            .annotate(appearance_count=models.Count("appearances"))
            .order_by("-appearance_count", "name")
        )

    def appearing_with(self, speaker: Speaker) -> SpeakerQuerySet:
        """Who ``speaker`` appears with most: ``appearance_count`` is episodes together.

        One query: the other people's appearances on ``speaker``'s public episodes
        (appearance_speaker_idx, then appearance_unique by episode), grouped by person.
        """
        return (
            self.public()
            .exclude(pk=speaker.pk)
            .filter(
                appearances__episode__appearances__speaker=speaker,
                appearances__episode__is_published=True,
            )
            .annotate(appearance_count=models.Count("appearances"))
            .order_by("-appearance_count", "name")
        )


# Paths under /speakers/ that are pages of their own, not people.
RESERVED_SLUGS = frozenset({"compare"})


class Speaker(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=220,
        unique=True,
        help_text="Part of public URLs; the old slug keeps working as a redirect.",
    )
    disambiguation = models.CharField(
        max_length=120,
        blank=True,
        help_text='Tells two people with the same name apart, e.g. "AI researcher".',
    )
    bio = models.TextField(blank=True)
    image_url = models.URLField(max_length=500, blank=True)
    is_published = models.BooleanField(
        "published", default=True, help_text="Untick to hide this person from every public page."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "disambiguation"]
        indexes = [
            # The admin's and the public speaker list's alphabetical ordering.
            models.Index(fields=["name", "disambiguation"], name="speaker_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.disambiguation})" if self.disambiguation else self.name

    def get_absolute_url(self) -> str:
        return reverse("speakers:detail", kwargs={"slug": self.slug})

    @property
    def appearance_label(self) -> str:
        """Reads "3 episodes"; needs ``with_appearance_counts()``."""
        count = self.appearance_count
        return ngettext("%(count)d episode", "%(count)d episodes", count) % {"count": count}

    @property
    def shows(self) -> list:
        """The shows this speaker appeared on, by title; needs ``with_shows()``."""
        return [appearance.episode.show for appearance in self.show_appearances]

    @staticmethod
    def slug_base(name: str) -> str:
        return slugify(name, allow_unicode=False)[:200] or "speaker"

    @staticmethod
    def first_free_slug(base: str, taken: set[str]) -> str:
        """``tim-davis``, else ``tim-davis-2``, ``tim-davis-3``… whichever is not taken."""
        slug, number = base, 2
        while slug in taken:
            slug = f"{base}-{number}"
            number += 1
        return slug


class SpeakerAlias(models.Model):
    """Every name a speaker was imported under; ``key`` is the normalised, unique lookup key."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "speaker aliases"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = without_name_bidi(self.name)  # as written, less bidi controls and marks
        self.key = name_key(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        """Refuse, as a form error, a name that already belongs to someone."""
        self.key = name_key(self.name)
        if len(self.key) > self._meta.get_field("key").max_length:
            raise ValidationError({"name": "This name is too long to be a speaker's name."})
        owner = SpeakerAlias.objects.filter(key=self.key).exclude(pk=self.pk).first()
        if owner and owner.speaker_id != self.speaker_id:
            raise ValidationError({"name": f"{owner.name!r} is already a name of {owner.speaker}."})
        if owner:
            raise ValidationError({"name": f"{self.speaker} is already known as {owner.name!r}."})

    @classmethod
    def build(cls, speaker: Speaker, name: str) -> SpeakerAlias:
        """An unsaved alias with its key set, ready for ``bulk_create``."""
        return cls(speaker=speaker, name=name, key=name_key(name))


class LinkKind(models.TextChoices):
    WEBSITE = "website", "Website"
    WIKIDATA = "wikidata", "Wikidata item"
    PODCAST_PERSON = "podcast-person", "podcast:person href"
    PROFILE = "profile", "Other profile"


class SpeakerLink(models.Model):
    """A page that says who this person is: tells two people with one name apart (``sameAs``)."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=LinkKind.choices, default=LinkKind.WEBSITE)
    url = models.URLField(max_length=1000)

    class Meta:
        ordering = ["speaker_id", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["speaker", "url"], name="speaker_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.url}"


class SpeakerSlugRedirectQuerySet(models.QuerySet):
    def current_slug(self, old_slug: str) -> str | None:
        """The slug now of the public speaker who once had ``old_slug``, else None. One query.

        Every page, feed and API resource of a speaker answers an old slug with a 301 to it.
        """
        visible = self.filter(old_slug=old_slug, speaker__is_published=True)
        return visible.values_list("speaker__slug", flat=True).first()


class SpeakerSlugRedirect(models.Model):
    """A slug a speaker's page once had (renamed or merged away): it answers 301 for good."""

    old_slug = models.SlugField(max_length=220, unique=True)
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SpeakerSlugRedirectQuerySet.as_manager()

    class Meta:
        ordering = ["old_slug"]

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.speaker_id}"
