"""Included at the site root before the speaker and archive URLs, so these paths win."""

from django.urls import path

from . import views

app_name = "syndication"

urlpatterns = [
    path("speakers/<slug:slug>/feed/", views.speaker_feed, name="speaker-feed"),
    path("shows/<slug:slug>/feed/", views.show_feed, name="show-feed"),
    path("search/feed/", views.search_feed, name="search-feed"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", views.sitemap_section, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots"),
]
