"""What synthetic people say: turns of sentences, with the lengths real conversations have.

Most turns run 5 to 60 words; some are a quick "Yeah." and a few are
monologues of 150 words or more. Sentences start with a capital and end with
a full stop, question mark or exclamation mark, with the odd comma between.
Costs about a microsecond per word, which is most of a large archive's
generation time outside the database.
"""

from __future__ import annotations

import random
from itertools import accumulate

from .vocabulary import COMMON_WORD, PHRASE, RARE_WORD, draw_words

BACKCHANNELS = (
    "Yeah.",
    "Right.",
    "Mm-hmm.",
    "Exactly.",
    "Sure.",
    "Okay.",
    "Wow.",
    "Oh, interesting.",
    "Totally, yeah.",
    "Ha! Right.",
    "No, no.",
    "Yes, absolutely.",
    "Hmm.",
    "Fair enough.",
    "I see.",
)
# (share of turns, fewest words, most words): a backchannel is drawn from the list above.
TURN_LENGTHS = (
    (0.12, 1, 3),
    (0.70, 5, 60),
    (0.14, 60, 150),
    (0.04, 150, 400),
)
TURN_LENGTH_WEIGHTS = tuple(accumulate(share for share, _, _ in TURN_LENGTHS))
SENTENCE_WORDS = (4, 22)
ENDINGS = (".", ".", ".", ".", ".", ".", "?", "?", "!")
COMMA_CHANCE = 0.07


def turn_text(rng: random.Random) -> str:
    """One turn: a backchannel, or sentences adding up to a drawn length."""
    _, fewest, most = rng.choices(TURN_LENGTHS, cum_weights=TURN_LENGTH_WEIGHTS)[0]
    if most <= 3:
        return rng.choice(BACKCHANNELS)
    return sentences(rng, _length(rng, fewest, most))


def sentences(rng: random.Random, words: int) -> str:
    """About ``words`` words in sentences of 4 to 22 words."""
    parts = []
    while words > 0:
        length = min(words, rng.randint(*SENTENCE_WORDS))
        parts.append(_sentence(rng, length))
        words -= length
    return " ".join(parts)


def opening(show_title: str, host_name: str) -> str:
    """Every episode's first line: it plants the common word and the phrase in each episode."""
    return (
        f"Welcome back to {show_title}. I'm {host_name}, and today we talk about "
        f"{PHRASE} and the {COMMON_WORD} who make it work."
    )


def with_rare_word(text: str) -> str:
    """``text`` with the rare probe word in it: one of the few lines that have it."""
    return f"{text} Honestly, it was a {RARE_WORD} answer."


def _length(rng: random.Random, fewest: int, most: int) -> int:
    """Skewed towards the short end of the range, as speech is."""
    return fewest + int((most - fewest) * rng.random() ** 1.6)


def _sentence(rng: random.Random, length: int) -> str:
    words = draw_words(rng, length)
    words[0] = words[0][0].upper() + words[0][1:]
    if length > 6 and rng.random() < COMMA_CHANCE * length / 6:
        at = rng.randrange(2, length - 2)
        words[at] += ","
    return " ".join(words) + rng.choice(ENDINGS)
