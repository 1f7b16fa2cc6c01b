"""Name keys and clean names: the rules that decide whether two written names are one person.

Names arrive from transcripts, feeds and curators, and some carry Unicode's
bidirectional formatting characters, which no name needs:

- Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) open a
  scope that lasts until its terminator. One left open in a name (U+202E before "Ada")
  reorders the text after it wherever the name is printed without isolation:
  a byline, a feed reader, a CSV opened in a spreadsheet, the admin.
- Marks (LRM U+200E, RLM U+200F, ALM U+061C) are invisible strong characters.
  Outside an isolated name they do nothing, but inside one they still steer it:
  "Karen Spärck Jones" with an RLM before it and an ALM after "Spärck" reads
  "Jones Karen Spärck" in a ``<bdi>``.
  Pages isolate every name, which makes the marks a name might need for its
  punctuation unnecessary, so they go too.

``clean_name`` removes both kinds and says so; ``name_key`` ignores them, so an
invisible character never makes another person. Pages show every name in
``<bdi>`` or ``dir="auto"`` as well, for names stored before this rule.
Pure functions, no queries.
"""

from __future__ import annotations

import re
import unicodedata

# Embeddings (LRE, RLE, PDF), overrides (LRO, RLO) and isolates (LRI, RLI, FSI, PDI).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Everything ``clean_name`` takes out of a name: those, and the marks LRM, RLM and ALM.
NAME_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def name_key(name: str) -> str:
    """``"Tím  Davis"`` -> ``"tim davis"``: NFKC, accents stripped, casefolded, spaces collapsed.

    This is the unique key of ``SpeakerAlias``, so "Tim Davis", "tim  davis"
    and "Tím Davis" resolve to one speaker with one indexed lookup. Bidi
    controls and marks are left out, so an RLM before "Tim Davis" is Tim Davis too.
    """
    name = NAME_BIDI.sub("", name)
    decomposed = unicodedata.normalize("NFKD", name)
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    folded = unicodedata.normalize("NFKC", without_accents).casefold()
    return " ".join(folded.split())


def clean_name(name: str) -> tuple[str, str | None]:
    """The name as the archive stores it, and a warning when bidi controls were removed.

    Spaces are collapsed; embeddings, overrides, isolates and marks are dropped
    (see the module's docstring). The warning names the characters by code
    point, e.g. ``'<U+202E>Ada' held bidi controls (U+202E); removed them``.
    """
    found = sorted(set(NAME_BIDI.findall(name)))
    cleaned = " ".join(NAME_BIDI.sub("", name).split())
    if not found:
        return cleaned, None
    codes = ", ".join(f"U+{ord(char):04X}" for char in found)
    return cleaned, f"{shown(name)} held bidi controls ({codes}); removed them"


def name_warnings(names) -> list[str]:
    """``clean_name``'s warning for each of ``names`` that has one, in order, once each."""
    return [warning for name in dict.fromkeys(names) if (warning := clean_name(name)[1])]


def without_name_bidi(name: str) -> str:
    """``name`` without what ``clean_name`` removes, its spacing as written (for aliases)."""
    return NAME_BIDI.sub("", name)


def without_bidi_controls(text: str) -> str:
    """``text`` without embeddings, overrides and isolates; marks and spacing untouched.

    For free text such as titles, where a mark may be the writer's own choice.
    """
    return BIDI_CONTROLS.sub("", text)


def shown(name: str, limit: int = 60) -> str:
    """A name quoted for a message, its bidi characters spelled out so none can act there.

    U+202E then "Ada" reads ``'<U+202E>Ada'``; long names are cut with "…".
    """
    short = name if len(name) <= limit else name[: limit - 1] + "…"
    spelled = NAME_BIDI.sub(lambda match: f"<U+{ord(match[0]):04X}>", short)
    return f"'{spelled}'"
