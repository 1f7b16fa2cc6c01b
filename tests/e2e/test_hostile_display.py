"""The hostile archive (tests/test_hostile_display.py) in a real browser: nothing runs, nothing
overflows, a right-to-left name leaves the text around it in order.

Screenshots land in screenshots/hostile-<page>-desktop.png (1280×900) and -phone.png
(390×844); look at them.
"""

import pytest
from django.db.models import Count

from speakers.models import Speaker
from tests.e2e.conftest import screenshot
from tests.test_hostile_display import build_hostile_archive

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture
def hostile_pages(live_server):
    archive = build_hostile_archive()
    arabic = (
        Speaker.objects.filter(name="محمد عبد الله")
        .annotate(lines=Count("utterances"))
        .order_by("-lines")
        .first()
    )
    transcribed = archive.quotes[0].episode
    return {
        "speaker-rtl": arabic.get_absolute_url(),
        "speaker-long-name": Speaker.objects.get(slug="raw-4").get_absolute_url(),
        "episode-transcript": transcribed.get_absolute_url(),
        "episode-open-override": "/shows/pasted-show-3/pasted-episode-3/",
        "show-open-override": "/shows/pasted-show-3/",
        "speaker-open-override": Speaker.objects.get(slug="raw-0").get_absolute_url(),
    }


def test_hostile_pages_run_nothing_and_fit_the_screen(live_server, page, hostile_pages):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    overflowing = []
    for name, path in hostile_pages.items():
        for size, (width, height) in SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            screenshot(page, f"hostile-{name}-{size}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                overflowing.append(f"{name} at {size} scrolls sideways by {overflow}px")
    assert not overflowing
    assert not dialogs, f"hostile text ran as script: {dialogs}"
    assert not errors


def test_a_right_to_left_name_keeps_the_role_after_it_in_place(live_server, page, hostile_pages):
    """On the episode page each credit reads "<name> <role>": the role stays after the name's
    last line, to its right, whatever the name's direction, because the name is in <bdi>."""
    page.goto(live_server.url + hostile_pages["episode-transcript"])
    misplaced = page.evaluate(
        """() => [...document.querySelectorAll(".people li")].flatMap((item) => {
            const role = item.querySelector(".role");
            if (!role) return [];
            const lines = item.querySelector("bdi").getClientRects();
            const last = lines[lines.length - 1];
            const box = role.getBoundingClientRect();
            const after = box.left >= last.right - 1 || box.top >= last.bottom - 1;
            return after ? [] : [item.textContent.trim()];
        })"""
    )
    assert page.locator(".people li .role").count() >= 5
    assert not misplaced
