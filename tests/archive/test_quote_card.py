"""The quote card: a 1200×630 PNG, its quote fitted to the box, and no input that crashes it."""

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFont, features

from archive.quotes import card
from archive.quotes.card import (
    LINE_SPACING,
    QUOTE_HEIGHT,
    QUOTE_WIDTH,
    CardText,
    fit_quote,
    quote_font,
    render_card,
)

MEDIUM = (
    "On-call without tears isn't about heroics. It's about saying no to alerts nobody "
    "acts on, and making sure São Paulo and Zürich never page the same person twice."
)
LONG = " ".join(f"word{n} is here, and then" for n in range(300))
CONTEXT = "Signal and Noise · “On-Call Without Tears” · 15 June 2020"
HOSTILE = {
    "hebrew": "המטמון תמיד משקר, וזה בדיוק התפקיד שלו",
    "arabic": "ذاكرة التخزين المؤقت تكذب دائمًا، وهذه وظيفتها",
    "bidi controls": "a\u202ab\u202bc\u202cd\u202de\u202ef"
    "\u2066g\u2067h\u2068i\u2069j\u200ek\u200f\u061cl",
    "emoji": "on call 😴🔥 👩‍👩‍👧‍👦 👍🏽 🇵🇹🇳🇴 🏴󠁧󠁢󠁳󠁣󠁴󠁿 ❤️",
    "combining marks": "e\u0301\u0302\u0303\u0304" * 50 + " Zalgo" + "\u0336" * 500,
    "zero-width": "\u200b\u200c\u200d\ufeff\u2060" * 300,
    "controls": "NUL\x00 BEL\x07 ESC\x1b DEL\x7f C1\x85\x9f tab\tnewline\n\r",
    "lone surrogate": "broken \ud800 text \udfff",
    "long word": "Donaudampfschifffahrtsgesellschaft" * 200,
    "long word of narrow letters": "i" * 20_000,
    "empty": "",
    "whitespace": " \t\n\u3000\u00a0 ",
    "10,000 words": " ".join(["lorem"] * 10_000),
    "quote marks only": "“”“”",
    "private use": "\ue000\U0010fffd",
}
LAYOUTS = [ImageFont.Layout.BASIC] + ([ImageFont.Layout.RAQM] if features.check("raqm") else [])


def decoded(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def notdef_mask(font: ImageFont.FreeTypeFont) -> tuple[bytes, tuple[int, int]]:
    """What the font draws for a character it lacks: U+10FFFD is private use, in no font."""
    mask = font.getmask("\U0010fffd")
    return bytes(mask), mask.size


def has_glyph(font: ImageFont.FreeTypeFont, char: str) -> bool:
    mask = font.getmask(char)
    return mask.getbbox() is not None and (bytes(mask), mask.size) != notdef_mask(font)


def block_height(size: int, line_count: int) -> int:
    ascent, descent = quote_font(size).getmetrics()
    return ascent + descent + round(size * LINE_SPACING) * (line_count - 1)


def shown_words(lines: tuple[str, ...]) -> list[str]:
    text = " ".join(lines).removeprefix("“").removesuffix("”").removesuffix("…")
    return text.split(" ")


def test_card_is_a_1200_by_630_png():
    image = decoded(render_card(CardText(MEDIUM, "Beatriz Saldanha", CONTEXT)))
    assert image.format == "PNG"
    assert image.size == (1200, 630)
    assert image.mode in {"RGB", "RGBA"}


def test_card_draws_text_in_ink_and_accent_on_a_light_background():
    image = decoded(render_card(CardText(MEDIUM, "Beatriz Saldanha", CONTEXT))).convert("RGB")
    colours = {colour for _, colour in image.getcolors(maxcolors=100_000)}
    assert image.getpixel((600, 5)) == (0xFB, 0xFA, 0xF7)
    assert (0x16, 0x18, 0x1D) in colours
    assert (0x0B, 0x5C, 0xAD) in colours


def test_same_text_renders_identical_bytes():
    text = CardText(MEDIUM, "Beatriz Saldanha", CONTEXT)
    assert render_card(text) == render_card(CardText(MEDIUM, "Beatriz Saldanha", CONTEXT))


def test_different_text_renders_different_bytes():
    assert render_card(CardText(MEDIUM, "Ada Okafor", CONTEXT)) != render_card(
        CardText(MEDIUM, "Ada Okafora", CONTEXT)
    )


def test_short_quote_is_set_larger_than_a_long_one():
    short, medium, long = fit_quote("Caches lie."), fit_quote(MEDIUM), fit_quote(LONG)
    assert short.size > medium.size > long.size
    assert long.size == card.QUOTE_SIZES[-1]


@pytest.mark.parametrize("quote", ["Caches lie.", MEDIUM, LONG, "x" * 500, HOSTILE["emoji"]])
def test_fitted_lines_fit_the_width_and_height_when_measured(quote):
    fitted = fit_quote(quote)
    font = quote_font(fitted.size)
    assert fitted.lines
    for line in fitted.lines:
        assert font.getlength(line) <= QUOTE_WIDTH, line
    assert block_height(fitted.size, len(fitted.lines)) <= QUOTE_HEIGHT


def test_the_largest_size_that_fits_is_chosen():
    fitted = fit_quote(MEDIUM)
    larger = fitted.size + 2
    font = quote_font(larger)
    lines, complete = card.wrap(card.quote_words(MEDIUM)[0], font, QUOTE_WIDTH, 99)
    assert complete
    assert block_height(larger, len(lines)) > QUOTE_HEIGHT


def test_quote_that_fits_keeps_every_word_in_curly_quotes():
    fitted = fit_quote(MEDIUM)
    assert not fitted.truncated
    assert fitted.lines[0].startswith("“")
    assert fitted.lines[-1].endswith("twice.”")
    assert shown_words(fitted.lines) == MEDIUM.replace("'", "’").split()


def test_long_quote_is_cut_on_a_word_boundary_with_an_ellipsis():
    fitted = fit_quote(LONG)
    assert fitted.truncated
    assert fitted.lines[-1].endswith("…”")
    words = shown_words(fitted.lines)
    original = LONG.split()
    assert 10 < len(words) < len(original)
    assert words[:-1] == original[: len(words) - 1]
    # The last word shown is whole; only loose punctuation before the ellipsis goes.
    assert words[-1] == original[len(words) - 1].rstrip(",")


def test_ten_thousand_words_are_cut_too():
    fitted = fit_quote(HOSTILE["10,000 words"])
    assert fitted.truncated
    assert fitted.lines[-1].endswith("lorem…”")


def test_words_are_never_broken_when_they_fit_a_line():
    original = set(LONG.split()) | {"“word0"}
    for line in fit_quote(LONG).lines:
        for word in line.removesuffix("…”").split(" "):
            assert word in original or word + "," in original, word


def test_a_word_wider_than_a_line_is_broken_into_chunks_that_fit():
    word = "Donaudampfschifffahrtsgesellschaft" * 3
    fitted = fit_quote(word)
    font = quote_font(fitted.size)
    assert len(fitted.lines) > 1
    assert "".join(fitted.lines) == f"“{word}”"
    assert all(font.getlength(line) <= QUOTE_WIDTH for line in fitted.lines)


def test_clusters_keep_marks_joiners_and_modifiers_with_their_base():
    word = "e\u0301x👩\u200d👧👍🏽❤\ufe0f"
    assert card.clusters(word) == ["e\u0301", "x", "👩\u200d👧", "👍🏽", "❤\ufe0f"]


@pytest.mark.parametrize("mark", ["\u0301", "\u093e"], ids=["acute", "spacing vowel sign"])
def test_breaking_a_word_keeps_marks_with_their_letters(mark):
    for line in fit_quote(("ka" + mark) * 300).lines:
        assert not line.startswith(mark), line


def test_empty_and_whitespace_quotes_set_no_lines():
    assert fit_quote("").lines == ()
    assert fit_quote(" \n\t\u3000 ").lines == ()


def test_control_and_bidi_override_characters_are_stripped_joiners_kept():
    assert card.clean("a\u202eb\x00c\u2066d\u200fe\ufeff\ud800f") == "abcdef"
    assert card.clean("👩\u200d👧 \u200cx") == "👩\u200d👧 \u200cx"
    assert card.clean("one\ttwo\n\nthree  four\u00a0five") == "one two three four\u00a0five"


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_text_renders_a_card(name, layout, monkeypatch):
    monkeypatch.setattr(card, "LAYOUT", layout)
    text = HOSTILE[name]
    png = render_card(CardText(text, speaker=text, context=text, site=text))
    assert decoded(png).size == (1200, 630)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_text_fits_the_box(quote):
    fitted = fit_quote(quote)
    font = quote_font(fitted.size)
    assert all(font.getlength(line) <= QUOTE_WIDTH for line in fitted.lines)
    assert not fitted.lines or block_height(fitted.size, len(fitted.lines)) <= QUOTE_HEIGHT


def test_long_speaker_and_context_are_cut_to_one_line():
    font = card.load_font(card.SANS, 27)
    context = "Signal and Noise · " + "a very long title " * 40
    line = card.one_line(context, font, QUOTE_WIDTH)
    assert line.endswith("…")
    assert font.getlength(line) <= QUOTE_WIDTH
    assert context.startswith(line.removesuffix("…") + " ")  # cut between words
    assert len(line) > 60


@pytest.mark.parametrize("face", [card.SERIF, card.SANS, card.SANS_SEMIBOLD, card.SANS_BOLD])
def test_fonts_cover_latin_with_accents(face):
    font = card.load_font(face, 40)
    missing = [char for char in "éøłßşőŁŐŞğıñçåæœăţžčřůąę“”‘’…·–—" if not has_glyph(font, char)]
    assert missing == []


def test_missing_glyph_check_does_detect_a_missing_glyph():
    font = quote_font(40)
    assert not has_glyph(font, "ש")  # Source Serif Pro has no Hebrew
    assert has_glyph(font, "e")
