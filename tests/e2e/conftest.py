"""A real browser: Debian's Chromium driven by Playwright against pytest-django's live server."""

import os
from pathlib import Path

import pytest

from tests.conftest import REPO

# Where browser tests save what they saw; open them before calling a page done.
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", REPO / "screenshots"))

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module.

    Playwright's sync API keeps an event loop running in the test thread, which
    trips Django's async guard on every ORM call the test makes; the guard is
    lifted only while the browser lives, and restored for the tests after.
    """
    if not CHROMIUM.exists():
        # CI installs it (.ci/run), so these tests always run there.
        pytest.skip(f"{CHROMIUM} is absent: `apt-get install chromium` to run the browser tests")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """Save the whole page as ``screenshots/<name>.png`` and return the path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def screenshots(page, name: str) -> list[Path]:
    """``name-desktop.png`` at 1280 px and ``name-phone.png`` at 375 px, of the same page."""
    size = page.viewport_size
    paths = [screenshot(page, f"{name}-desktop")]
    page.set_viewport_size({"width": 375, "height": 740})
    paths.append(screenshot(page, f"{name}-phone"))
    page.set_viewport_size(size)
    return paths


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(base_url + "/admin/")
