from django.urls import path

from . import views
from .search.views import search_page

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", search_page, name="search"),
    path("shows/<slug:slug>/", views.show_detail, name="show"),
    path("shows/<slug:show>/<slug:slug>/", views.episode_detail, name="episode"),
]
