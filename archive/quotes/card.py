"""The quote card: a 1200×630 PNG that chat apps and social networks show for /q/<id>/.

The quote is set as large as it fits (``fit_quote`` tries ``QUOTE_SIZES`` from 72 px
down to 30 px), wrapped between words measured with the real font, and cut back to a
whole word with "…" when even the floor size cannot hold it all. Everything drawn is
cleaned first (``clean``): control characters, bidi overrides and isolates, and other
invisible format characters are dropped, so no input can crash the drawing; glyphs
the fonts lack (Hebrew, Arabic, emoji) come out as boxes.

Fonts: Source Serif Pro (the quote) and Source Sans Pro (byline and site name) by
Adobe, SIL Open Font License 1.1, shipped by the PyPI packages ``font-source-serif-pro``
and ``font-source-sans-pro`` (0.0.1; each has its LICENSE.txt beside the fonts in
``<package>/files/``). They are read from the installed package through
``importlib.resources``, never copied into this repository, and cover Latin with
accents (é, ø, ł, ß, ş, ő …; tests/archive/test_quote_card.py checks).

Right-to-left text is shaped and reordered when Pillow has libraqm (its wheels do, with
the system's libfribidi); without it the text is drawn as given. The layout engine
changes the pixels, so identical bytes for identical text hold on one machine setup.

Cost: no database, no I/O after the first call (each font file is read once, each
size loaded once); a render takes a few tens of milliseconds (benchmarks/quote_card.py).
"""

from __future__ import annotations

import functools
import io
import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.resources import files
from typing import NamedTuple

from PIL import Image, ImageDraw, ImageFont, features

WIDTH, HEIGHT = 1200, 630
BACKGROUND = "#fbfaf7"
INK = "#16181d"
MUTED = "#525c69"  # 6.3:1 on BACKGROUND
ACCENT = "#0b5cad"

MARGIN_X = 96
ACCENT_BAR = 14
QUOTE_TOP, QUOTE_BOTTOM = 118, 446
QUOTE_WIDTH = WIDTH - 2 * MARGIN_X
QUOTE_HEIGHT = QUOTE_BOTTOM - QUOTE_TOP
QUOTE_SIZES = tuple(range(72, 29, -2))
LINE_SPACING = 1.3  # baseline to baseline, in font sizes

# About six times what fits at the floor size: longer input costs time and shows nothing.
MAX_QUOTE_CHARS = 4000
MAX_LINE_CHARS = 500  # the byline and site name: a line holds no more than ~150

OPEN, CLOSE, ELLIPSIS = "“", "”", "…"
QUOTE_MARKS = '"“”„‟«»'
LOOSE_PUNCTUATION = ",;:.–—-"  # dropped before an ellipsis: "lied,…" reads badly

DROPPED_CATEGORIES = {"Cc", "Cf", "Cs"}  # controls, format (bidi, zero-width), surrogates
JOINERS = {"\u200c", "\u200d"}  # format characters that shape emoji and Persian words
ZWJ = "\u200d"
APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")  # isn't -> isn’t; other ' are left alone
# Whitespace that may break a line: all of it except the no-break spaces.
BREAKABLE_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


class Face(NamedTuple):
    package: str
    filename: str


SERIF = Face("font_source_serif_pro", "SourceSerifPro-Regular.ttf")
SANS = Face("font_source_sans_pro", "SourceSansPro-Regular.ttf")
SANS_SEMIBOLD = Face("font_source_sans_pro", "SourceSansPro-Semibold.ttf")
SANS_BOLD = Face("font_source_sans_pro", "SourceSansPro-Bold.ttf")

LAYOUT = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC


@dataclass(frozen=True)
class CardText:
    quote: str
    speaker: str
    context: str
    site: str = "Podcast Appearance Archive"


@dataclass(frozen=True)
class Fitted:
    """The quote as set: its font size, its lines (curly quotes included), and whether cut."""

    size: int
    lines: tuple[str, ...]
    truncated: bool


def render_card(text: CardText) -> bytes:
    """The card as PNG bytes, 1200×630 RGB; the same text always gives the same bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, ACCENT_BAR - 1, HEIGHT - 1), fill=ACCENT)
    draw_site(draw, text.site)
    draw_quote(draw, fit_quote(text.quote))
    draw_byline(draw, text.speaker, text.context)
    buffer = io.BytesIO()
    # zlib's default level: optimize=True makes it ~4% smaller and ~3× slower to write.
    image.save(buffer, "PNG", optimize=False)
    return buffer.getvalue()


# Fonts


@functools.cache
def font_data(face: Face) -> bytes:
    """The font file's bytes, read once from the installed package."""
    return files(face.package).joinpath("files", face.filename).read_bytes()


def load_font(face: Face, size: int) -> ImageFont.FreeTypeFont:
    """The face at ``size`` px, with the module's layout engine; loaded once per size."""
    return _load_font(face, size, LAYOUT)


@functools.cache
def _load_font(face: Face, size: int, layout: ImageFont.Layout) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(io.BytesIO(font_data(face)), size, layout_engine=layout)


def quote_font(size: int) -> ImageFont.FreeTypeFont:
    return load_font(SERIF, size)


def line_pitch(size: int) -> int:
    """Baseline to baseline, in pixels."""
    return round(size * LINE_SPACING)


def line_capacity(font: ImageFont.FreeTypeFont, height: int) -> int:
    """How many lines fit in ``height``: the first takes ascent + descent, the rest a pitch each."""
    ascent, descent = font.getmetrics()
    return max(1, 1 + (height - ascent - descent) // line_pitch(int(font.size)))


# Text


def clean(text: str) -> str:
    """Words separated by single spaces, without the characters that must not be drawn."""
    words = (drop_invisible(word) for word in BREAKABLE_SPACE.split(text))
    return APOSTROPHE.sub("’", " ".join(word for word in words if word))


def drop_invisible(word: str) -> str:
    return "".join(
        char
        for char in word
        if char in JOINERS or unicodedata.category(char) not in DROPPED_CATEGORIES
    )


def clusters(word: str) -> list[str]:
    """Rough grapheme clusters, so a broken word never strands an accent or splits an emoji."""
    found: list[str] = []
    for char in word:
        if found and (extends_cluster(char) or found[-1].endswith(ZWJ)):
            found[-1] += char
        else:
            found.append(char)
    return found


def extends_cluster(char: str) -> bool:
    return (
        unicodedata.category(char) in {"Mn", "Mc", "Me"}
        or char == ZWJ
        or "\ufe00" <= char <= "\ufe0f"  # variation selectors
        or "\U0001f3fb" <= char <= "\U0001f3ff"  # skin tones
    )


def right_to_left(text: str) -> bool:
    """Whether the first strongly directional character is Hebrew, Arabic or similar."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in {"L", "R", "AL"}:
            return direction != "L"
    return False


# Fitting


def fit_quote(
    quote: str,
    width: int = QUOTE_WIDTH,
    height: int = QUOTE_HEIGHT,
    sizes: tuple[int, ...] = QUOTE_SIZES,
) -> Fitted:
    """The quote in curly quotes, at the largest size in ``sizes`` whose lines fit the box.

    When none fits, the smallest size is used and the text is cut after the last whole
    word that leaves room for "…”". Costs one measurement of the whole text per size,
    and about two per word at each size actually wrapped.
    """
    words, cut = quote_words(quote)
    if not words:
        return Fitted(sizes[0], (), False)
    for size in sizes:
        font = quote_font(size)
        capacity = line_capacity(font, height)
        if size != sizes[-1] and too_long(words, font, width, capacity):
            continue
        lines, complete = wrap(words, font, width, capacity)
        if complete:
            return Fitted(size, tuple(balance(words, font, width, lines)), cut)
    suffix = ELLIPSIS + CLOSE
    last = shorten(lines[-1].split(" "), font, width, suffix)
    return Fitted(size, (*lines[:-1], last), True)


def quote_words(quote: str) -> tuple[list[str], bool]:
    """The quote's words with curly quotes attached, and whether the input was cut short."""
    cut = len(quote) > MAX_QUOTE_CHARS
    words = clean(quote[:MAX_QUOTE_CHARS]).strip(QUOTE_MARKS).split(" ")
    words = [word for word in words if word]
    if cut and len(words) > 1:
        words.pop()  # the cap may have fallen inside it
    if words:
        words[0] = OPEN + words[0]
        if cut:
            words[-1] = (words[-1].rstrip(LOOSE_PUNCTUATION) or words[-1]) + ELLIPSIS
        words[-1] += CLOSE
    return words, cut


def too_long(words: list[str], font: ImageFont.FreeTypeFont, width: int, capacity: int) -> bool:
    """Whether the words cannot fit in ``capacity`` lines even if packed with no ragged ends.

    One measurement of the whole text, to skip sizes that are hopeless for a long quote
    instead of wrapping it line by line at each. Each break drops a space, hence its width.
    """
    space = font.getlength(" ")
    return font.getlength(" ".join(words)) + space > capacity * (width + space)


def wrap(
    words: list[str], font: ImageFont.FreeTypeFont, width: int, max_lines: int
) -> tuple[list[str], bool]:
    """Greedy lines of whole words, at most ``max_lines``; and whether every word was placed."""
    lines: list[str] = []
    line = ""
    for word in words:
        for piece in pieces(word, font, width):
            candidate = f"{line} {piece}" if line else piece
            if not line or font.getlength(candidate) <= width:
                line = candidate
                continue
            lines.append(line)
            if len(lines) == max_lines:
                return lines, False
            line = piece
    lines.append(line)
    return lines, True


def balance(
    words: list[str], font: ImageFont.FreeTypeFont, width: int, lines: list[str]
) -> list[str]:
    """The same number of lines at the narrowest measure that holds them: even lines, and
    no lonely last word. Never narrower than the widest word, so no new word is broken.

    Bisecting the measure costs about seven more wraps, at one size only.
    """
    if len(lines) < 2:
        return lines
    widest = max(font.getlength(word) for word in words)
    low, high = math.ceil(max(widest, width / 2)), width
    while high - low > 4:
        middle = (low + high) // 2
        trial, complete = wrap(words, font, middle, len(lines))
        if complete:
            high, lines = middle, trial
        else:
            low = middle
    return lines


def pieces(word: str, font: ImageFont.FreeTypeFont, width: int) -> Iterator[str]:
    """The word itself; or, only when it is wider than a line, line-wide chunks of it."""
    if font.getlength(word) <= width:
        yield word
        return
    rest = clusters(word)
    while rest:
        count = longest_prefix(len(rest), functools.partial(prefix_fits, rest, font, width))
        yield "".join(rest[:count])
        rest = rest[count:]


def prefix_fits(parts: list[str], font: ImageFont.FreeTypeFont, width: int, count: int) -> bool:
    return font.getlength("".join(parts[:count])) <= width


def longest_prefix(total: int, fits: Callable[[int], bool]) -> int:
    """The largest ``n`` in 1..total for which ``fits(n)``, or 1: doubling, then bisecting.

    A handful of measurements instead of one per word or character, so a
    4,000-character word costs little more than an ordinary line.
    """
    low, high = 1, 2
    while high <= total and fits(high):
        low, high = high, high * 2
    high = min(high, total + 1)  # high is known not to fit, or is past the end
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if fits(middle) else (low, middle)
    return low


def shorten(words: list[str], font: ImageFont.FreeTypeFont, width: int, suffix: str) -> str:
    """``words`` cut back to fit ``width`` with ``suffix`` after them: whole words first,
    and between clusters only when the first word alone is too wide."""

    def ending(kept: list[str]) -> str:
        text = " ".join(kept)
        return (text.rstrip(LOOSE_PUNCTUATION) or text) + suffix

    def fits(text: str) -> bool:
        return font.getlength(text) <= width

    kept = words[: longest_prefix(len(words), lambda n: fits(ending(words[:n])))]
    if len(kept) > 1 or fits(ending(kept)):
        return ending(kept)
    parts = clusters(kept[0])
    count = longest_prefix(len(parts), lambda n: fits(ending(["".join(parts[:n])])))
    return ending(["".join(parts[:count])])


def one_line(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    """``text`` cleaned, and cut with "…" if it is wider than ``width``."""
    text = clean(text[:MAX_LINE_CHARS])
    if not text or font.getlength(text) <= width:
        return text
    return shorten(text.split(" "), font, width, ELLIPSIS)


# Drawing


def draw_site(draw: ImageDraw.ImageDraw, site: str) -> None:
    font = load_font(SANS_SEMIBOLD, 24)
    name = one_line(site, font, QUOTE_WIDTH)
    draw.text((MARGIN_X, 70), name, font=font, fill=ACCENT, anchor="ls")


def draw_quote(draw: ImageDraw.ImageDraw, fitted: Fitted) -> None:
    """The lines centred in the quote box; an opening “ hangs into the margin."""
    if not fitted.lines:
        return
    font = quote_font(fitted.size)
    ascent, descent = font.getmetrics()
    pitch = line_pitch(fitted.size)
    block = ascent + descent + pitch * (len(fitted.lines) - 1)
    baseline = QUOTE_TOP + (QUOTE_HEIGHT - block) // 2 + ascent
    rtl = right_to_left(fitted.lines[0])
    for index, line in enumerate(fitted.lines):
        y = baseline + index * pitch
        if rtl:
            draw.text((MARGIN_X + QUOTE_WIDTH, y), line, font=font, fill=INK, anchor="rs")
            continue
        hang = font.getlength(OPEN) if index == 0 and line.startswith(OPEN) else 0
        draw.text((MARGIN_X - hang, y), line, font=font, fill=INK, anchor="ls")


def draw_byline(draw: ImageDraw.ImageDraw, speaker: str, context: str) -> None:
    """A short accent rule, the speaker's name, and the show · episode · date line under it."""
    draw.rectangle((MARGIN_X, 480, MARGIN_X + 56, 483), fill=ACCENT)
    name_font = load_font(SANS_BOLD, 38)
    context_font = load_font(SANS, 27)
    name = one_line(speaker, name_font, QUOTE_WIDTH)
    draw.text((MARGIN_X, 530), name, font=name_font, fill=INK, anchor="ls")
    line = one_line(context, context_font, QUOTE_WIDTH)
    draw.text((MARGIN_X, 570), line, font=context_font, fill=MUTED, anchor="ls")
