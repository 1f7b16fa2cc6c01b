"""The API under /api/: slugs as keys, episodes under their show's slug, read-only."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import views

app_name = "api"

urlpatterns = [
    path("", views.api_root, name="root"),
    path("speakers/", views.SpeakerList.as_view(), name="speaker-list"),
    path("speakers/<slug:slug>/", views.SpeakerDetail.as_view(), name="speaker-detail"),
    path(
        "speakers/<slug:slug>/appearances/",
        views.SpeakerAppearances.as_view(),
        name="speaker-appearances",
    ),
    path(
        "speakers/<slug:slug>/appearances-over-time/",
        views.SpeakerAppearancesOverTime.as_view(),
        name="speaker-appearances-over-time",
    ),
    path("shows/", views.ShowList.as_view(), name="show-list"),
    path("shows/<slug:slug>/", views.ShowDetail.as_view(), name="show-detail"),
    path("episodes/", views.EpisodeList.as_view(), name="episode-list"),
    path("episodes/<slug:show>/<slug:slug>/", views.EpisodeDetail.as_view(), name="episode-detail"),
    path(
        "episodes/<slug:show>/<slug:slug>/utterances/",
        views.EpisodeUtterances.as_view(),
        name="episode-utterances",
    ),
    path("search/", views.Search.as_view(), name="search"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    # Last: ends in a slash, so APPEND_SLASH still redirects /api/shows to /api/shows/.
    re_path(r"^[\s\S]*/$", views.not_found, name="not-found"),
]
