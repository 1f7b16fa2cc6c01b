"""Series colours: the stylesheet matches chart.PALETTE, reads on the page, survives CVD."""

import itertools
import math
import re
from pathlib import Path

import pytest

from archive.timeline.chart import PALETTE
from archive.timeline.series import OTHER_COLOUR, PALETTE_SIZE

STATIC = Path(__file__).resolve().parents[3] / "static" / "css"
RULE = re.compile(r"\.(series-[a-z0-9]+)\s*\{\s*--series:\s*(#[0-9a-f]{6});\s*\}", re.IGNORECASE)

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
SIMULATIONS = {
    "typical": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
# CIE76 distance in CIELAB; about 10 is "clearly different" side by side.
MIN_DISTANCE = 15


def stylesheet_colours() -> tuple[dict[str, str], dict[str, str]]:
    css = (STATIC / "timeline.css").read_text()
    dark_at = css.index("@media (prefers-color-scheme: dark)")
    light = {name: colour.lower() for name, colour in RULE.findall(css[:dark_at])}
    dark_block = css[dark_at : css.index("\n}", dark_at)]
    dark = {name: colour.lower() for name, colour in RULE.findall(dark_block)}
    return light, dark


def page_background(scheme: str) -> str:
    css = (STATIC / "site.css").read_text()
    dark_at = css.index("@media (prefers-color-scheme: dark)")
    block = css[:dark_at] if scheme == "light" else css[dark_at:]
    return re.search(r"--bg:\s*(#[0-9a-f]{6})", block, re.IGNORECASE)[1]


def linear(hex_colour: str) -> list[float]:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def luminance(rgb: list[float]) -> float:
    r, g, b = rgb
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(linear(a)), luminance(linear(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(rgb: list[float]) -> tuple[float, float, float]:
    r, g, b = (min(1.0, max(0.0, c)) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def simulate(hex_colour: str, matrix) -> tuple[float, float, float]:
    rgb = linear(hex_colour)
    return lab([sum(row[i] * rgb[i] for i in range(3)) for row in matrix])


def test_the_stylesheet_holds_exactly_the_palette_in_both_schemes():
    light, dark = stylesheet_colours()

    assert light == {s.css_class: s.light for s in PALETTE}
    assert dark == {s.css_class: s.dark for s in PALETTE}


def test_there_is_a_class_per_series_colour_and_one_grey():
    classes = [s.css_class for s in PALETTE]

    assert classes == [f"series-{n}" for n in range(PALETTE_SIZE)] + ["series-other"]
    assert PALETTE[OTHER_COLOUR].css_class == "series-other"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_fill_has_three_to_one_against_the_page(scheme):
    background = page_background(scheme)

    ratios = {s.css_class: contrast(getattr(s, scheme), background) for s in PALETTE}

    assert background == {"light": "#ffffff", "dark": "#14171a"}[scheme]
    assert min(ratios.values()) >= 3, ratios


@pytest.mark.parametrize("vision", SIMULATIONS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_pair_stays_apart_under_colour_vision_deficiencies(scheme, vision):
    colours = [getattr(s, scheme) for s in PALETTE]
    points = {c: simulate(c, SIMULATIONS[vision]) for c in colours}

    closest = min(
        (math.dist(points[a], points[b]), a, b) for a, b in itertools.combinations(colours, 2)
    )

    assert closest[0] >= MIN_DISTANCE, closest
