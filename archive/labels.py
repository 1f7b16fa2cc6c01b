"""What a transcript's speaker label says about who is speaking.

Diarization tools write placeholders ("Speaker 2", "SPEAKER_1", "spk_0",
"Unknown Speaker") that are not people, and shows mark segments like "Break" or
"Jingle" that nobody says. Neither may create a Speaker; both stay as labels on
unattributed utterances until a curator maps them.

A label holding invisible formatting characters (a right-to-left override, a
soft hyphen, a word joiner) can look exactly like another speaker's name while
being a different label, or show reversed; one holding U+FFFD lost a character
to a control code. ``label_problem`` says so, and the readers then credit
nobody rather than a lookalike.
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum

GENERIC_LABEL = re.compile(
    r"""^(?:
        (?:speaker|spkr?|voice|person|participant|talker)[\s_-]*(?:[0-9]+|[a-z])?
        | s[\s_-]*[0-9]+
        | [0-9]+ | [a-z]              # AssemblyAI's "A", "B"; Deepgram's 0, 1
        | (?:unknown|unidentified|unnamed)(?:[\s_-]+(?:speaker|voice|person))?(?:[\s_-]*[0-9]+)?
        | \?+
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

PSEUDO_LABEL = re.compile(
    r"""^(?:
        break|jingles?|music|musical\ interlude|theme(?:\ music)?|ident|stinger
        | ads?|advert(?:isement)?s?|sponsor(?:ship)?s?|promo|commercial(?:\ break)?
        | intro|outro|interlude|sound\ ?effects?|sfx|applause|laughter|silence|crosstalk
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


# Zero-width joiners spell emoji ("👩‍🌾") and words in Persian and Indic scripts: not hidden.
JOINERS = frozenset("\u200c\u200d")
REPLACEMENT = "\ufffd"


def label_problem(label: str) -> str | None:
    """Why ``label`` cannot name a speaker as written (hidden characters), or None.

    Cost: one pass over the label.
    """
    hidden = sorted(
        {char for char in label if unicodedata.category(char) == "Cf" and char not in JOINERS}
    )
    if hidden:
        codes = ", ".join(f"U+{ord(char):04X}" for char in hidden)
        return f"holds invisible formatting characters ({codes})"
    if REPLACEMENT in label:
        return "holds U+FFFD where the file had a character that could not be read"
    return None


class LabelKind(Enum):
    PERSON = "person"
    GENERIC = "generic"
    PSEUDO = "pseudo"


def classify_label(label: str) -> LabelKind:
    cleaned = label.strip().rstrip(":").strip()
    if PSEUDO_LABEL.match(cleaned):
        return LabelKind.PSEUDO
    if GENERIC_LABEL.match(cleaned):
        return LabelKind.GENERIC
    return LabelKind.PERSON
