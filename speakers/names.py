"""Name keys: the one rule that decides whether two written names are the same person."""

from __future__ import annotations

import unicodedata


def name_key(name: str) -> str:
    """``"Tím  Davis"`` -> ``"tim davis"``: NFKC, accents stripped, casefolded, spaces collapsed.

    This is the unique key of ``SpeakerAlias``, so "Tim Davis", "tim  davis"
    and "Tím Davis" resolve to one speaker with one indexed lookup.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    folded = unicodedata.normalize("NFKC", without_accents).casefold()
    return " ".join(folded.split())
