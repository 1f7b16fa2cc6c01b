from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from archive.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/", include("archive.api.urls")),
    path("", include("archive.syndication.urls")),
    path("speakers/", include("speakers.urls")),
    path("", include("archive.urls")),
]
