"""What a transcript's speaker label says about who is speaking.

Diarization tools write placeholders ("Speaker 2", "SPEAKER_1", "spk_0",
"Unknown Speaker") that are not people, and shows mark segments like "Break" or
"Jingle" that nobody says. Neither may create a Speaker; both stay as labels on
unattributed utterances until a curator maps them.
"""

from __future__ import annotations

import re
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
