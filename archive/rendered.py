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

import re
from collections.abc import Callable
from gzip import compress as gzip_compress
from gzip import decompress as gzip_decompress

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

PAGE_SECONDS = 24 * 3600
# What GZipMiddleware looks for in Accept-Encoding.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def cached_page(
    request: HttpRequest, version: str, render: Callable[[], HttpResponse]
) -> HttpResponse:
    """``render()``'s response, or the page it rendered before for this version and URL.

    ``version`` must change whenever anything the page shows does (an ETag, an
    ``updated_at``); the key adds the absolute URL, query string included, and
    ``settings.RELEASE``, which changes with the templates. Only
    a 200 is kept. No query of its own; one cache read, and a write when rendering.

    Kept gzipped, and sent so to a browser that accepts it: compressing a
    3,000-line transcript (2 MB) took 35 ms of a 47 ms request, on every
    request. GZipMiddleware leaves a response with a Content-Encoding alone;
    its random padding against BREACH is not needed here, since a page that
    is kept holds no secret (no nonce, no cookie, so no CSRF token either).
    """
    key = f"page:{settings.RELEASE}:{version}:{request.build_absolute_uri()}"
    kept = cache.get(key)
    if kept is None:
        response = render()
        if response.status_code != 200 or _own(request, response):
            return response
        kept = (gzip_compress(response.content, mtime=0), response["Content-Type"])
        cache.set(key, kept, PAGE_SECONDS)
    return _served(request, *kept)


def _served(request: HttpRequest, compressed: bytes, content_type: str) -> HttpResponse:
    if ACCEPTS_GZIP.search(request.headers.get("accept-encoding", "")):
        response = HttpResponse(compressed, content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip_decompress(compressed), content_type=content_type)
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def _own(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether the response holds something of this request's: the CSP nonce, a cookie."""
    return bool(getattr(request, "csp_nonce", None)) or bool(response.cookies)
