from django.urls import path

from . import views
from .search.views import search_page

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", search_page, name="search"),
    path("shows/", views.show_list, name="shows"),
    path("shows/<slug:slug>/", views.show_detail, name="show"),
    path("shows/<slug:show>/<slug:slug>/", views.episode_detail, name="episode"),
]
