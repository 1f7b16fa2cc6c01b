from django.urls import path

from . import views

app_name = "speakers"

urlpatterns = [
    path("", views.SpeakerIndex.as_view(), name="index"),
    path("<slug:slug>/", views.speaker_detail, name="detail"),
]
