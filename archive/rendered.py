"""Pages rendered once per version and then served from the cache, for the pages read most.

A speaker's page or a shared quote is read far more often than it changes,
and its rendering (the ORM, the templates, a chart) costs many times the one
query that says which version of it is current. ``cached_page`` keeps the
rendered bytes under a key naming that version and the URL, so a repeat view
by anyone costs the version's query and a cache read. Nothing is kept of a
page that is the request's own: one that used the CSP nonce (shared, the
nonce would be refused, and guessable) or set a cookie.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

PAGE_SECONDS = 24 * 3600


def cached_page(
    request: HttpRequest, version: str, render: Callable[[], HttpResponse]
) -> HttpResponse:
    """``render()``'s response, or the page it rendered before for this version and URL.

    ``version`` must change whenever anything the page shows does (an ETag, an
    ``updated_at``); the key adds the absolute URL, query string included, and
    ``settings.RELEASE``, which changes with the templates. Only
    a 200 is kept. No query of its own; one cache read, and a write when rendering.
    """
    key = f"page:{settings.RELEASE}:{version}:{request.build_absolute_uri()}"
    kept = cache.get(key)
    if kept is not None:
        content, content_type = kept
        return HttpResponse(content, content_type=content_type)
    response = render()
    if response.status_code == 200 and not _own(request, response):
        cache.set(key, (response.content, response["Content-Type"]), PAGE_SECONDS)
    return response


def _own(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether the response holds something of this request's: the CSP nonce, a cookie."""
    return bool(getattr(request, "csp_nonce", None)) or bool(response.cookies)
