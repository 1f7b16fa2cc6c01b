"""Every public page passes axe-core's automated accessibility rules in a real browser.

On a phone and a desktop, in light and dark, with no console errors along the way.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.test_public_pages import build_public_archive, console_errors

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}
# States worth checking beyond each page as it first loads.
EXTRA = {
    "speakers filtered": "/speakers/?role=guest&sort=name",
    "speakers refused": "/speakers/?show=no-such-show",
    "search with when it was said": "/search/?q=database",
}


@pytest.fixture
def public_archive(live_server):
    return build_public_archive(live_server.url)


@pytest.mark.parametrize("colour_scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_public_pages_have_no_axe_violations(
    live_server, browser, public_archive, colour_scheme, viewport
):
    context = browser.new_context(
        color_scheme=colour_scheme, viewport=VIEWPORTS[viewport], is_mobile=viewport == "phone"
    )
    page = context.new_page()
    errors = console_errors(page)
    speaker = public_archive["speaker"]
    pages = {
        **public_archive,
        **EXTRA,
        "speaker search": f"{speaker}?q=relaxing",
        "speaker search refused": f"{speaker}?q=the",
        "episode at a line": public_archive["episode"] + "#t=1:07",
    }
    axe = Axe()
    try:
        for name, path in pages.items():
            page.goto(live_server.url + path)
            results = axe.run(page)
            assert results.violations_count == 0, f"{name} page:\n{results.generate_report()}"
    finally:
        context.close()
    assert errors == []
