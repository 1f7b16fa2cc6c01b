"""The API's documentation page in a real browser: it renders from the app's own assets.

Screenshots: screenshots/api-docs-{desktop,phone}.png.
"""

import pytest

from tests.e2e.conftest import screenshots
from tests.factories import make_speaker

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_page_lists_the_endpoints_from_local_assets(live_server, page):
    make_speaker("Ada Okafor")
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(live_server.url) else None
        ),
    )

    page.goto(f"{live_server.url}/api/docs/")
    page.get_by_text("/api/speakers/").first.wait_for()

    assert outside == []
    screenshots(page, "api-docs")


def test_the_browsable_api_shows_a_speaker(live_server, page):
    make_speaker("Ada Okafor", slug="ada-okafor")

    page.goto(f"{live_server.url}/api/speakers/ada-okafor/")

    assert "Ada Okafor" in page.content()
    screenshots(page, "api-speaker")
