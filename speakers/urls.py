from django.urls import path, re_path

from . import views

app_name = "speakers"

urlpatterns = [
    path("", views.SpeakerIndex.as_view(), name="index"),
    path("compare/", views.compare, name="compare"),
    path("<slug:slug>/", views.speaker_detail, name="detail"),
    path("<slug:slug>/appearances.svg", views.appearances_svg, name="appearances_svg"),
    re_path(
        r"^(?P<slug>[-\w]+)/appearances\.(?P<format>csv|json)$",
        views.appearances_data,
        name="appearances_data",
    ),
]
