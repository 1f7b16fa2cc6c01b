"""The API's views: read-only, public only, each a generic view over a site queryset.

Each docstring gives the view's queries for a page of results, pinned in
tests/archive/test_api.py. ``extend_schema`` says what the generated OpenAPI
schema cannot see for itself: parameters read by hand, error answers, and a
description for the API's readers (docstrings here are for this code's).
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.decorators import api_view
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from speakers.models import Speaker, SpeakerSlugRedirect

from ..models import Appearance, Episode, Role, Show, Utterance
from ..search import QueryError, parse
from ..search.filters import UtteranceSearchFilter
from ..search.results import SearchResults
from ..timeline.exports import timeline_json
from ..timeline.figures import speaker_figure
from ..timeline.params import ChartRequest
from . import serializers as api
from .filters import EpisodeFilter, SpeakerListFilter
from .pagination import PagePagination, TranscriptPagination

FIELD_ERRORS = OpenApiResponse(
    {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    description="A parameter was not understood: its name, and what was wrong with it.",
)
NOT_FOUND = OpenApiResponse(api.ErrorSerializer, description="No such thing, or not public.")
MOVED = OpenApiResponse(
    api.ErrorSerializer, description="The speaker's slug changed: Location is the same request."
)
NO_SUCH_PAGE = OpenApiResponse(
    api.ErrorSerializer, description="No such page of results, or no such thing."
)
CREDITED_ROLE = OpenApiParameter(
    "role",
    enum=[value for value, _ in Role.choices if value],
    description="Credited in this role (on the same appearance as show and year).",
)


class PublicList(generics.ListAPIView):
    """A numbered-page list, two queries (count, page) plus the prefetches its queryset names."""

    pagination_class = PagePagination


class SpeakerMoved(APIException):
    """A slug the speaker had before (renamed, merged away), as the speaker page answers it."""

    status_code = status.HTTP_301_MOVED_PERMANENTLY
    default_detail = "This speaker's slug has changed: follow Location."

    def __init__(self, location: str):
        super().__init__()
        self.location = location


class SpeakerResource:
    """Views under /api/speakers/<slug>/: an old slug answers 301 to the same view, new slug."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, SpeakerMoved):
            response["Location"] = exc.location
        return response


def _public_speaker(request, slug: str, speakers=None) -> Speaker:
    """One query (plus ``speakers``' prefetches); one more for a slug that is not current.

    Hidden speakers are as absent as those that never were; an old slug raises
    ``SpeakerMoved`` with the address of the same view under the slug they have now.
    """
    speakers = Speaker.objects.all() if speakers is None else speakers
    speaker = speakers.public().filter(slug=slug).first()
    if speaker is not None:
        return speaker
    current = SpeakerSlugRedirect.objects.current_slug(slug)
    if current is None:
        raise NotFound("No such speaker.")
    path = reverse(request.resolver_match.view_name, kwargs={"slug": current})
    query = request.META.get("QUERY_STRING", "")
    raise SpeakerMoved(request.build_absolute_uri(f"{path}?{query}" if query else path))


def _public_episode(show: str, slug: str, episodes=None) -> Episode:
    """One query (plus ``episodes``' prefetches); an unpublished episode is not found."""
    episodes = Episode.objects.all() if episodes is None else episodes
    episode = episodes.public().filter(show__slug=show, slug=slug).first()
    if episode is None:
        raise NotFound("No such episode.")
    return episode


@extend_schema(
    tags=["speakers"],
    summary="Speakers",
    description="People with at least one public appearance, most appearances first, "
    "filtered as on the speakers page.",
    parameters=[CREDITED_ROLE],
    responses={200: api.SpeakerListSerializer, 400: FIELD_ERRORS, 404: NO_SUCH_PAGE},
)
class SpeakerList(PublicList):
    """The speakers index, with its filters (name, show, role, year, sort). Four queries
    (the filter's years, count, page, its shows), and one more to check a ``show`` slug."""

    queryset = Speaker.objects.in_index()
    serializer_class = api.SpeakerListSerializer
    filterset_class = SpeakerListFilter


@extend_schema(
    tags=["speakers"],
    summary="A speaker",
    description="Who they are, every name they were heard under, and pages that identify them.",
    responses={200: api.SpeakerSerializer, 301: MOVED, 404: NOT_FOUND},
)
class SpeakerDetail(SpeakerResource, generics.RetrieveAPIView):
    """A public speaker, their names, links and shows. Four queries."""

    queryset = (
        Speaker.objects.with_appearance_counts().with_shows().prefetch_related("aliases", "links")
    )
    serializer_class = api.SpeakerSerializer

    def get_object(self):
        return _public_speaker(self.request, self.kwargs["slug"], self.get_queryset())


@extend_schema(
    tags=["speakers"],
    summary="A speaker's appearances",
    description="Their public episodes, newest first, with their role and how much they said.",
    responses={200: api.AppearanceSerializer, 301: MOVED, 404: NO_SUCH_PAGE},
)
class SpeakerAppearances(SpeakerResource, PublicList):
    """Three queries: the speaker, the count, the page (episodes and shows joined)."""

    serializer_class = api.AppearanceSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular, making the schema
            return Appearance.objects.none()
        speaker = _public_speaker(self.request, self.kwargs["slug"])
        return speaker.appearances.public().select_related("episode__show").by_episode_date()


@extend_schema(
    tags=["speakers"],
    summary="A speaker's appearances over time",
    description="The numbers behind the chart on the speaker's page, bucket for bucket. "
    "Values that are not understood are ignored, as on the page.",
    parameters=[
        OpenApiParameter("by", enum=["month", "quarter", "year"], description="Bar size."),
        OpenApiParameter("from", pattern=r"^\d{4}-\d{2}$", description="First month: 2022-01."),
        OpenApiParameter("to", pattern=r"^\d{4}-\d{2}$", description="Last month: 2024-12."),
        OpenApiParameter("stack", enum=["show", "role"], description="Series by show or role."),
    ],
    responses={200: api.TimelineSerializer, 301: MOVED, 404: NOT_FOUND},
)
class SpeakerAppearancesOverTime(SpeakerResource, APIView):
    """The series the speaker page charts (``speaker_figure``, ``timeline_json``). Two queries."""

    def get(self, request, slug):
        speaker = _public_speaker(request, slug)
        figure = speaker_figure(speaker, ChartRequest.read(request.query_params))
        subject = {
            "name": speaker.name,
            "slug": speaker.slug,
            "url": request.build_absolute_uri(speaker.get_absolute_url()),
        }
        return Response(timeline_json(figure.timeline, subject=subject))


@extend_schema(
    tags=["shows"],
    summary="Shows",
    description="Every show, by title, with its number of public episodes and the latest.",
    responses={200: api.ShowListSerializer, 404: NO_SUCH_PAGE},
)
class ShowList(PublicList):
    """Three queries: count, page (episode counts annotated), latest episodes."""

    queryset = Show.objects.with_episode_summary()
    serializer_class = api.ShowListSerializer


@extend_schema(
    tags=["shows"],
    summary="A show",
    description="Its episodes are at `episodes_url`.",
    responses={200: api.ShowSerializer, 404: NOT_FOUND},
)
class ShowDetail(generics.RetrieveAPIView):
    """Two queries: the show with its episode count, its latest episode."""

    queryset = Show.objects.with_episode_summary()
    serializer_class = api.ShowSerializer
    lookup_field = "slug"


@extend_schema(
    tags=["episodes"],
    summary="Episodes",
    description="Public episodes, newest first; `show`, `after` and `before` narrow them.",
    responses={200: api.EpisodeListSerializer, 400: FIELD_ERRORS, 404: NO_SUCH_PAGE},
)
class EpisodeList(PublicList):
    """Two queries (count, page with shows), and one more to check a ``show`` slug."""

    queryset = Episode.objects.public().with_show().latest()
    serializer_class = api.EpisodeListSerializer
    filterset_class = EpisodeFilter


@extend_schema(
    tags=["episodes"],
    summary="An episode",
    description="An episode and who is on it, in credit order. "
    "Its transcript is at `utterances_url`, a page at a time.",
    responses={200: api.EpisodeSerializer, 404: NOT_FOUND},
)
class EpisodeDetail(generics.RetrieveAPIView):
    """Two queries: the episode with its show, its public credits with their speakers."""

    serializer_class = api.EpisodeSerializer
    credits = Appearance.objects.public().select_related("speaker").in_credit_order()
    queryset = Episode.objects.with_show().prefetch_related(
        Prefetch("appearances", queryset=credits, to_attr="public_appearances")
    )

    def get_object(self):
        return _public_episode(self.kwargs["show"], self.kwargs["slug"], self.get_queryset())


@extend_schema(
    tags=["episodes"],
    summary="An episode's transcript",
    description="Its lines in order, a page at a time: follow `next` to the end. "
    "Each line's `id` is its permanent identity, the quote at `permalink`.",
    responses={200: api.UtteranceSerializer, 404: NOT_FOUND},
)
class EpisodeUtterances(generics.ListAPIView):
    """Two queries (the episode, a page of lines with speakers), however long the episode.

    Every line of a public episode, as on its page: a hidden person's lines are there,
    attributed to nobody.
    """

    serializer_class = api.UtteranceSerializer
    pagination_class = TranscriptPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Utterance.objects.none()
        episode = _public_episode(self.kwargs["show"], self.kwargs["slug"])
        return episode.utterances.select_related("speaker")


@extend_schema(
    tags=["search"],
    summary="Search what was said",
    description="Public lines matching `q`, best match first, with the search page's filters. "
    "A query with nothing to search for (only common words, say) is a 400 that says why.",
    parameters=[
        OpenApiParameter(
            "q",
            required=True,
            description='Words (all must match), "a phrase", -left-out, this OR that, prefix*.',
        ),
        OpenApiParameter("speaker", description="The speaker's name contains this."),
        OpenApiParameter("show", description="A show's slug."),
        OpenApiParameter("after", OpenApiTypes.DATE, description="Said on or after this day."),
        OpenApiParameter("before", OpenApiTypes.DATE, description="Said on or before this day."),
    ],
    responses={200: api.SearchHitSerializer, 400: FIELD_ERRORS, 404: NO_SUCH_PAGE},
)
class Search(PublicList):
    """Two queries (count, page with episodes, shows, speakers); one more to check ``show``.

    As the search page does, it reads at most the 1,000 newest matches
    (``archive.search.results``): ``count`` stops at 1,000, and past it the
    results are those 1,000, ranked. Counting and ranking all 136,000 lines
    a common word matches took seconds a request under load.
    A query with nothing to search for is a 400 naming ``q``, with the page's message.
    """

    serializer_class = api.SearchHitSerializer
    filterset_class = UtteranceSearchFilter

    def filter_queryset(self, queryset):
        found = super().filter_queryset(queryset)  # a bad ``sort`` is refused (400) there
        order = self.request.query_params.get("sort") or "relevance"
        return SearchResults(found, order=order)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Utterance.objects.none()
        try:
            parsed = parse(self.request.query_params.get("q", ""))
        except QueryError as error:
            raise ValidationError({"q": [str(error)]}) from None
        return Utterance.objects.public().search(parsed).select_related("episode__show", "speaker")


ROOT_LINKS = {
    "speakers": "api:speaker-list",
    "shows": "api:show-list",
    "episodes": "api:episode-list",
    "search": "api:search",
    "schema": "api:schema",
    "docs": "api:docs",
}


@extend_schema(
    summary="Where everything is",
    description="Links to each list, the search, this schema and its documentation page.",
    responses=OpenApiResponse(
        {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}},
        description="Each resource's URL, by name.",
    ),
)
@api_view(["GET"])
def api_root(request):
    """The API's front door, for people browsing it. No queries."""
    return Response({name: reverse(view, request=request) for name, view in ROOT_LINKS.items()})


@extend_schema(exclude=True)
@api_view(["GET"])
def not_found(request):
    """Any other address under /api/: the API's JSON 404 rather than the site's page."""
    raise NotFound("There is nothing at this address.")
