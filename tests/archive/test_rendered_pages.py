"""Pages rendered once per version and served from the cache (``archive.rendered``)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from archive.rendered import cached_page


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    cache.clear()


def renders(text: str, *, status: int = 200, touch_nonce: bool = False, request=None):
    """A render function that counts its calls, as a view's would be."""
    calls = []

    def render():
        calls.append(1)
        if touch_nonce:
            str(request.csp_nonce)
        return HttpResponse(text, status=status, content_type="application/atom+xml")

    render.calls = calls
    return render


def with_nonce(request):
    """What django-csp's middleware gives each request: a nonce made only when asked for."""
    from csp.middleware import CSPMiddleware

    CSPMiddleware(lambda request: None).process_request(request)
    return request


def test_a_page_is_rendered_once_per_version_and_url():
    request = with_nonce(RequestFactory().get("/speakers/ada/?page=2"))
    render = renders("<feed/>")

    first = cached_page(request, "v1", render)
    again = cached_page(request, "v1", render)
    other = cached_page(with_nonce(RequestFactory().get("/speakers/ada/")), "v1", render)
    newer = cached_page(request, "v2", render)

    assert len(render.calls) == 3  # the repeat alone came from the cache
    assert again.content == first.content == b"<feed/>"
    assert again["Content-Type"] == "application/atom+xml"
    assert other.status_code == newer.status_code == 200


def test_a_page_that_used_the_csp_nonce_is_never_kept():
    request = with_nonce(RequestFactory().get("/q/1/"))
    render = renders("<script nonce>", touch_nonce=True, request=request)

    cached_page(request, "v1", render)
    cached_page(request, "v1", render)

    assert len(render.calls) == 2


def test_only_a_200_is_kept():
    request = with_nonce(RequestFactory().get("/q/1/"))
    render = renders("Gone", status=410)

    cached_page(request, "v1", render)
    cached_page(request, "v1", render)

    assert len(render.calls) == 2
