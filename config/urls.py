from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("archive.api.urls")),
    path("", include("archive.syndication.urls")),
    path("speakers/", include("speakers.urls")),
    path("", include("archive.urls")),
]
