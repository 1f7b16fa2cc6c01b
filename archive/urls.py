from django.urls import path

from . import views
from .quotes import views as quotes
from .search.views import search_page

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", search_page, name="search"),
    path("shows/", views.show_list, name="shows"),
    path("shows/<slug:slug>/", views.show_detail, name="show"),
    path("shows/<slug:show>/<slug:slug>/", views.episode_detail, name="episode"),
    path("shows/<slug:show>/<slug:slug>/line/<int:line>/", views.episode_line, name="episode_line"),
    path("q/<int:first>/", quotes.quote_page, name="quote"),
    path("q/<int:first>-<int:last>/", quotes.quote_page, name="quote_passage"),
    path("q/<int:first>/embed/", quotes.quote_embed, name="quote_embed"),
    path("q/<int:first>-<int:last>/embed/", quotes.quote_embed, name="quote_embed_passage"),
    path("q/<int:first>/card.png", quotes.quote_card, name="quote_card"),
    path("oembed/", quotes.oembed, name="oembed"),
]
