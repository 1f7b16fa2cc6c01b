from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from .names import name_key


class SpeakerQuerySet(models.QuerySet):
    def by_name(self, name: str) -> SpeakerQuerySet:
        """Speakers known under ``name`` in any spelling: one indexed alias lookup."""
        return self.filter(aliases__key=name_key(name))

    def with_appearance_counts(self) -> SpeakerQuerySet:
        """Annotate ``appearance_count`` (public episodes only) for lists and rankings."""
        public = models.Q(appearances__episode__is_published=True)
        return self.annotate(appearance_count=models.Count("appearances", filter=public))

    def most_appearing(self) -> SpeakerQuerySet:
        return (
            self.with_appearance_counts()
            .filter(appearance_count__gt=0)
            .order_by("-appearance_count", "name")
        )


class Speaker(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=220, unique=True, help_text="Part of public URLs: never change it once public."
    )
    disambiguation = models.CharField(
        max_length=120,
        blank=True,
        help_text='Tells two people with the same name apart, e.g. "AI researcher".',
    )
    bio = models.TextField(blank=True)
    image_url = models.URLField(max_length=500, blank=True)
    website_url = models.URLField(max_length=500, blank=True)
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

    @classmethod
    def unique_slug(cls, name: str, taken: set[str] | None = None) -> str:
        """A slug for ``name`` not yet used (``tim-davis``, ``tim-davis-2``, …). One query."""
        base = slugify(name, allow_unicode=False)[:200] or "speaker"
        used = set(cls.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        used |= taken or set()
        slug, number = base, 2
        while slug in used:
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
        self.key = name_key(self.name)
        super().save(*args, **kwargs)

    @classmethod
    def build(cls, speaker: Speaker, name: str) -> SpeakerAlias:
        """An unsaved alias with its key set, ready for ``bulk_create``."""
        return cls(speaker=speaker, name=name, key=name_key(name))
