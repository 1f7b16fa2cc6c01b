"""What the API says about each thing: stable snake_case fields, public facts only.

Serializers read only what their view's queryset loaded (``select_related``,
prefetches, annotations); none makes a query. Every URL is absolute: ``url`` is
the public page, ``api_url`` this API's resource, ``permalink`` a quote's page.
Text is the stored text, exactly (JSON needs no escaping); a stored URL from a
feed or a curator is given only when it is http(s) (``PublicURLField``), since
clients put these in links and images as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from speakers.models import Speaker, SpeakerLink

from ..models import Appearance, Episode, Show, Utterance
from ..search import highlight
from ..shownotes import public_url


@extend_schema_field(OpenApiTypes.URI)
class LinkField(serializers.Field):
    """An absolute URL on this site, from a function giving the object's path."""

    def __init__(self, path: Callable[[object], str], **kwargs):
        self.path = path
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return self.context["request"].build_absolute_uri(self.path(value))


@extend_schema_field(OpenApiTypes.URI)
class PublicURLField(serializers.CharField):
    """A stored URL as a client may follow it: http(s) or a path on this site, else "".

    ``javascript:``, ``data:`` and the like (``archive.shownotes.public_url``)
    become "", as an empty field reads: no URL known.
    """

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_blank=True, **kwargs)

    def to_representation(self, value) -> str:
        return public_url(value)


def _page(thing) -> str:
    return thing.get_absolute_url()


def _speaker_api(speaker: Speaker) -> str:
    return reverse("api:speaker-detail", args=[speaker.slug])


def _show_api(show: Show) -> str:
    return reverse("api:show-detail", args=[show.slug])


def _episode_api(episode: Episode) -> str:
    return reverse("api:episode-detail", args=[episode.show.slug, episode.slug])


class SpeakerRefSerializer(serializers.ModelSerializer):
    """A person named inside another resource."""

    url = LinkField(_page)
    api_url = LinkField(_speaker_api)

    class Meta:
        model = Speaker
        fields = ["slug", "name", "disambiguation", "url", "api_url"]


class ShowRefSerializer(serializers.ModelSerializer):
    url = LinkField(_page)
    api_url = LinkField(_show_api)

    class Meta:
        model = Show
        fields = ["slug", "title", "url", "api_url"]


# Needs the episode's show selected (or set by a prefetch).
class EpisodeRefSerializer(serializers.ModelSerializer):
    """An episode named inside another resource."""

    show = ShowRefSerializer()
    url = LinkField(_page)
    api_url = LinkField(_episode_api)

    class Meta:
        model = Episode
        fields = ["slug", "title", "show", "published_at", "url", "api_url"]


# Needs Speaker.objects.in_index() (its annotations and shows).
class SpeakerListSerializer(serializers.ModelSerializer):
    """A row of the speakers index."""

    appearance_count = serializers.IntegerField(help_text="Public episodes they appear on.")
    first_appeared = serializers.DateTimeField(allow_null=True)
    last_appeared = serializers.DateTimeField(allow_null=True)
    shows = ShowRefSerializer(many=True, help_text="Shows they appeared on, by title.")
    url = LinkField(_page)
    api_url = LinkField(_speaker_api)

    class Meta:
        model = Speaker
        fields = [
            "slug",
            "name",
            "disambiguation",
            "appearance_count",
            "first_appeared",
            "last_appeared",
            "shows",
            "url",
            "api_url",
        ]


class SpeakerLinkSerializer(serializers.ModelSerializer):
    url = PublicURLField()

    class Meta:
        model = SpeakerLink
        fields = ["kind", "url"]


class SpeakerSerializer(serializers.ModelSerializer):
    """One person: who they are, every name they were heard under, pages that identify them."""

    aliases = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name", help_text="Every spelling of their name."
    )
    links = SpeakerLinkSerializer(many=True, help_text="Pages that say who this person is.")
    image_url = PublicURLField()
    appearance_count = serializers.IntegerField(help_text="Public episodes they appear on.")
    shows = ShowRefSerializer(many=True, help_text="Shows they appeared on, by title.")
    url = LinkField(_page)
    appearances_url = LinkField(lambda s: reverse("api:speaker-appearances", args=[s.slug]))
    appearances_over_time_url = LinkField(
        lambda s: reverse("api:speaker-appearances-over-time", args=[s.slug])
    )

    class Meta:
        model = Speaker
        fields = [
            "slug",
            "name",
            "disambiguation",
            "bio",
            "image_url",
            "aliases",
            "links",
            "appearance_count",
            "shows",
            "url",
            "appearances_url",
            "appearances_over_time_url",
        ]


class AppearanceSerializer(serializers.ModelSerializer):
    """A speaker on an episode; ``role`` is empty for someone heard but not credited."""

    episode = EpisodeRefSerializer()

    class Meta:
        model = Appearance
        fields = ["episode", "role", "utterance_count", "word_count"]


class CreditSerializer(serializers.ModelSerializer):
    """Who is on an episode, in credit order."""

    speaker = SpeakerRefSerializer()

    class Meta:
        model = Appearance
        fields = ["speaker", "role", "utterance_count", "word_count"]


# Needs Show.objects.with_episode_summary().
class ShowListSerializer(serializers.ModelSerializer):
    """A show, how many public episodes it has, and its latest."""

    episode_count = serializers.IntegerField(help_text="Public episodes.")
    image_url = PublicURLField()
    latest_episode = EpisodeRefSerializer(allow_null=True)
    url = LinkField(_page)
    api_url = LinkField(_show_api)

    class Meta:
        model = Show
        fields = ["slug", "title", "image_url", "episode_count", "latest_episode", "url", "api_url"]


class ShowSerializer(ShowListSerializer):
    summary = serializers.CharField(help_text="The description as plain text.")
    website_url = PublicURLField()
    feed_url = PublicURLField()
    episodes_url = LinkField(
        lambda show: f"{reverse('api:episode-list')}?{urlencode({'show': show.slug})}"
    )

    class Meta(ShowListSerializer.Meta):
        fields = [
            *ShowListSerializer.Meta.fields,
            "summary",
            "author",
            "language",
            "website_url",
            "feed_url",
            "episodes_url",
        ]


class EpisodeListSerializer(serializers.ModelSerializer):
    show = ShowRefSerializer()
    has_transcript = serializers.BooleanField()
    url = LinkField(_page)
    api_url = LinkField(_episode_api)

    class Meta:
        model = Episode
        fields = [
            "slug",
            "title",
            "show",
            "published_at",
            "duration_seconds",
            "season_number",
            "episode_number",
            "has_transcript",
            "url",
            "api_url",
        ]


class EpisodeSerializer(EpisodeListSerializer):
    """An episode with its credits; its lines are at ``utterances_url``, a page at a time."""

    summary = serializers.CharField(help_text="The show notes as plain text.")
    show_notes_html = serializers.CharField(
        source="show_notes", help_text="The show notes as HTML, sanitised with an allow-list."
    )
    audio_url = PublicURLField()
    page_url = PublicURLField()
    appearances = CreditSerializer(source="public_appearances", many=True)
    utterances_url = LinkField(
        lambda e: reverse("api:episode-utterances", args=[e.show.slug, e.slug])
    )

    class Meta(EpisodeListSerializer.Meta):
        fields = [
            *EpisodeListSerializer.Meta.fields,
            "summary",
            "show_notes_html",
            "audio_url",
            "page_url",
            "appearances",
            "utterances_url",
        ]


# Needs select_related("speaker").
class UtteranceSerializer(serializers.ModelSerializer):
    """One line. ``speaker`` is null when the line is not attributed to a public person.

    ``display_speaker`` is what the site shows: the person's name, else the
    transcript's label, else "Unattributed"; "Unattributed" too for a person not
    shown publicly (whose label is often their name).
    """

    speaker = serializers.SerializerMethodField()
    display_speaker = serializers.CharField()
    permalink = LinkField(lambda line: line.permalink)

    class Meta:
        model = Utterance
        fields = [
            "id",
            "sequence",
            "speaker",
            "display_speaker",
            "start_ms",
            "end_ms",
            "text",
            "permalink",
        ]

    @extend_schema_field(SpeakerRefSerializer(allow_null=True))
    def get_speaker(self, line: Utterance) -> dict | None:
        speaker = line.public_speaker
        return SpeakerRefSerializer(speaker, context=self.context).data if speaker else None


class SearchHitSerializer(UtteranceSerializer):
    """A line that matched, where it was said, and a snippet with the hits marked."""

    episode = EpisodeRefSerializer()
    snippet_html = serializers.SerializerMethodField(
        help_text="Around the hits, HTML-escaped, each hit in <mark>."
    )

    class Meta(UtteranceSerializer.Meta):
        fields = [*UtteranceSerializer.Meta.fields, "episode", "snippet_html"]

    def get_snippet_html(self, line: Utterance) -> str:
        return str(highlight(line.snippet))


class TimelineSubjectSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.URLField()


class TimelineSeriesSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="A show's id, or a role; the keys of ``counts``.")
    label = serializers.CharField()
    total = serializers.IntegerField()


class TimelinePeriodSerializer(serializers.Serializer):
    period = serializers.CharField(help_text='"2024-06", "2024-Q2" or "2024".')
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(help_text="The period's last day.")
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="By series key.")
    total = serializers.IntegerField()


# Documents timeline_json's shape for the schema; the view returns that dict as it is.
class TimelineSerializer(serializers.Serializer):
    """The appearances chart's numbers: a count per period and series, and the totals."""

    subject = TimelineSubjectSerializer()
    granularity = serializers.ChoiceField(
        choices=["month", "quarter", "year"], allow_null=True, help_text="Null with no data."
    )
    total = serializers.IntegerField()
    series = TimelineSeriesSerializer(many=True)
    periods = TimelinePeriodSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    """What went wrong, in a sentence."""

    detail = serializers.CharField()
