"""The synthetic archive's words: a ranked vocabulary drawn with Zipfian frequency.

Rank 1 ("the") is drawn about as often as in real speech and the last (about 5,700) a few
hundred times in a million lines, so searches meet both very common and
uncommon words. The list is the same for every seed: the probe terms (the
benchmark's search words) hold in any generated archive.
"""

from __future__ import annotations

import random
from functools import cache
from itertools import accumulate

# The words of conversation in roughly the order speech uses them: function
# words, fillers and the content words everybody says every few minutes.
EVERYDAY_WORDS = [
    *("the", "and", "I", "to", "you", "a", "that", "of", "it", "is", "in", "like", "so", "we"),
    *("know", "was", "but", "just", "think", "this", "yeah", "they", "have", "really", "what"),
    *("for", "on", "be", "not", "with", "do", "right", "people", "there", "are", "about", "can"),
    *("if", "one", "all", "get", "going", "kind", "mean", "or", "at", "because", "um", "would"),
    *("then", "when", "uh", "my", "me", "he", "something", "more", "very", "don't", "I'm", "it's"),
    *("that's", "time", "go", "some", "out", "he's", "okay", "actually", "she", "lot", "got"),
    *("thing", "things", "how", "now", "say", "said", "well", "also", "them", "who", "good", "see"),
    *("work", "make", "way", "much", "your", "could", "even", "our", "there's", "want", "first"),
    *("other", "us", "from", "an", "into", "where", "back", "year", "years", "been", "were"),
    *("world", "idea", "question", "point", "part", "pretty", "maybe", "sure", "today", "sort"),
    *("whole", "different", "new", "little", "many", "never", "always", "probably", "great"),
    *("same", "those", "these", "two", "three", "feel", "talk", "talking", "look", "why", "course"),
    *("gonna", "wanna", "let's", "you're", "we're", "they're", "didn't", "doesn't", "isn't"),
    *("can't", "won't", "thought", "find", "made", "still", "big", "long", "here", "again"),
    *("their", "which", "life", "story", "show", "week", "day"),
]

# Content words of the topics shows talk about; any of them may turn up anywhere.
TOPIC_WORDS = [
    *("open", "source", "music", "history", "science", "money", "market", "city", "water"),
    *("energy", "climate", "food", "kitchen", "garden", "coffee", "bread", "cheese", "travel"),
    *("train", "bicycle", "ocean", "river", "mountain", "forest", "island", "desert", "weather"),
    *("summer", "winter", "spring", "autumn", "school", "teacher", "student", "research", "study"),
    *("paper", "book", "library", "author", "writer", "novel", "poem", "language", "grammar"),
    *("letter", "printer", "camera", "picture", "film", "movie", "screen", "theatre", "stage"),
    *("song", "album", "guitar", "piano", "drummer", "singer", "radio", "podcast", "episode"),
    *("interview", "guest", "host", "audience", "listener", "email", "message", "phone"),
    *("computer", "software", "hardware", "network", "server", "database", "code", "program"),
    *("compiler", "memory", "battery", "engine", "rocket", "planet", "moon", "orbit", "telescope"),
    *("galaxy", "physics", "chemistry", "biology", "medicine", "doctor", "hospital", "patient"),
    *("health", "sleep", "brain", "habit", "game", "player", "team", "season", "coach", "stadium"),
    *("football", "tennis", "chess", "puzzle", "strategy", "company", "startup", "founder"),
    *("investor", "budget", "price", "salary", "tax", "policy", "vote", "election", "government"),
    *("court", "judge", "lawyer", "contract", "border", "village", "neighbour", "family", "parent"),
    *("child", "friend", "brother", "sister", "partner", "wedding", "holiday", "birthday"),
    *("dinner", "breakfast", "recipe", "flavour", "spice", "sugar", "salt", "butter", "apple"),
    *("orange", "lemon", "tomato", "potato", "onion", "garlic", "pepper", "harbour", "bridge"),
    *("tunnel", "highway", "airport", "station", "street", "building", "house", "window", "door"),
    *("factory", "worker", "union", "wage", "farm", "farmer", "harvest", "soil", "seed", "weed"),
    *("tractor", "animal", "horse", "bird", "whale", "insect", "bee", "spider", "virus", "vaccine"),
    *("data", "model", "pattern", "signal", "noise", "sound", "silence", "colour", "light"),
    *("shadow", "mirror", "glass", "metal", "wood", "stone", "paint", "canvas", "museum"),
    *("gallery", "artist", "design", "designer", "pixel", "font", "typeface", "archive", "record"),
    *("tape", "vinyl", "cassette", "microphone", "speaker", "quiet", "loud", "bright", "dark"),
    *("early", "late", "quick", "slow", "simple", "complex", "honest", "strange", "curious"),
    *("careful", "serious", "funny", "happy", "angry", "tired", "hungry", "famous", "local"),
    *("global", "public", "private", "digital", "analog", "ancient", "modern", "future", "past"),
    *("present", "culture", "society", "economy", "trust", "risk", "value", "choice", "chance"),
    *("luck", "failure", "success", "mistake", "lesson", "problem", "solution", "answer", "reason"),
    *("evidence", "theory", "experiment", "result", "measure", "number", "percent", "average"),
    *("million", "billion", "hundred", "thousand", "dozen", "minute", "hour", "morning", "evening"),
    *("night", "weekend", "month", "decade", "century", "generation", "moment", "beginning"),
    *("ending", "middle", "edge", "centre", "corner", "surface", "layer", "build", "break", "fix"),
    *("learn", "teach", "write", "read", "listen", "watch", "play", "sing", "dance", "cook"),
    *("bake", "grow", "plant", "drive", "walk", "run", "swim", "climb", "fly", "sail", "ship"),
    *("carry", "lift", "push", "pull", "close", "start", "finish", "remember", "forget", "imagine"),
    *("explain", "describe", "argue", "agree", "disagree", "decide", "change", "move"),
]

# Pieces of made-up words: the long tail of names, jargon and slang real transcripts have.
ONSETS = [
    *("b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z"),
    *("br", "ch", "dr", "fl", "gr", "pl", "sh", "st", "th", "tr"),
]
VOWELS = ["a", "e", "i", "o", "u", "a", "e", "o", "ai", "ee", "ou"]
CODAS = ["", "", "", "", "n", "r", "l", "s", "t", "m", "x", "nd", "ck"]
MADE_UP_WORDS = 5200
# Fixed, so every seed shares one vocabulary (and the probe terms hold in all).
VOCABULARY_SEED = 20260101
# Zipf–Mandelbrot: weight of rank r is 1 / (r + SHIFT) ** EXPONENT.
SHIFT, EXPONENT = 2.7, 1.05

# The benchmark's search terms (``probe_terms``): planted as well as drawn, so they hold
# at any scale. The rare word is in no list above: only the lines planted with it have it.
COMMON_WORD = "people"
PHRASE = "open source"
RARE_WORD = "sesquipedalian"


@cache
def ranked_words() -> tuple[str, ...]:
    """Every word of the vocabulary, most frequent first (a few thousand)."""
    real = list(dict.fromkeys([*EVERYDAY_WORDS, *TOPIC_WORDS]))
    return (*real, *_made_up_words(set(real)))


@cache
def cumulative_weights() -> tuple[float, ...]:
    """Running totals of the Zipf weights, for ``random.choices(cum_weights=…)``."""
    weights = (1 / (rank + SHIFT) ** EXPONENT for rank in range(1, len(ranked_words()) + 1))
    return tuple(accumulate(weights))


def draw_words(rng: random.Random, count: int) -> list[str]:
    """``count`` words drawn with Zipfian frequency (a bisection each)."""
    return rng.choices(ranked_words(), cum_weights=cumulative_weights(), k=count)


def _made_up_words(taken: set[str]) -> list[str]:
    rng = random.Random(VOCABULARY_SEED)
    words: list[str] = []
    seen = {*taken, RARE_WORD}
    while len(words) < MADE_UP_WORDS:
        word = "".join(_syllable(rng) for _ in range(rng.choice((1, 2, 2, 2, 2, 3))))
        if len(word) >= 4 and word not in seen:
            seen.add(word)
            words.append(word)
    return words


def _syllable(rng: random.Random) -> str:
    return rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
