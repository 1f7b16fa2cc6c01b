"""How a transcript reads on the episode page: long turns in paragraphs, unique time anchors.

Pure functions over text and loaded utterances; no queries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.urls import reverse

# A long turn breaks into paragraphs of about this many words, only between sentences.
PARAGRAPH_WORDS = 60
# A sentence ends at . ! ? or …, perhaps inside closing quotes or brackets, before a space.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")


def paragraphs(text: str, words: int = PARAGRAPH_WORDS) -> list[str]:
    """``text`` as paragraphs of about ``words`` words each, so no turn is a wall of text.

    A turn up to half as long again stays one paragraph, and so does a turn with
    no sentence ends (a break mid-sentence reads worse than a long paragraph).
    """
    text = text.strip()
    if len(text.split()) <= words * 3 // 2:
        return [text]
    result, current, count = [], [], 0
    for sentence in sentences(text):
        current.append(sentence)
        count += len(sentence.split())
        if count >= words:
            result.append(" ".join(current))
            current, count = [], 0
    if current and result and count < words // 3:
        result[-1] = " ".join([result[-1], *current])  # no one-line orphan at the end
    elif current:
        result.append(" ".join(current))
    return result


def sentences(text: str) -> list[str]:
    """``text`` cut after each sentence end; joined with spaces it reads as before."""
    found, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() + len(match.group().rstrip())
        found.append(text[start:end])
        start = match.end()
    found.append(text[start:])
    return [sentence for sentence in found if sentence]


def transcript_rows(
    utterances: Iterable, passage_from: int | None = None, part_query: str = ""
) -> list:
    """The utterances, each with what its row shows that is costly to work out per row.

    ``time_anchor`` is the element id a ``#t=1:05`` link jumps to: only the
    first line at each timestamp gets it ("t=1:05"; the rest get ""), so ids
    stay unique when two lines start in the same second. Without JavaScript a
    timestamp link still scrolls to its line; with it, it also seeks the player
    (static/js/player.js). ``speaker_url`` is the visible speaker's page, or "",
    reversed once per speaker rather than once per line (3,000 lines, 5 people).
    ``quote_url`` is the line's permalink; with ``passage_from`` (a line id),
    the lines after it get ``passage_url``, the permalink of the passage from
    there to them (how a passage is quoted without JavaScript), and every line
    a ``from_url`` that starts a passage there (``cancel_url`` on the first
    line undoes it), keeping ``part_query`` (``part=3``) so the page stays on
    its part of a long transcript (``archive.parts``).
    """
    seen: set[str] = set()
    speaker_urls: dict[int, str] = {}
    quote_prefix = reverse("archive:quote", args=[0])[: -len("0/")]
    rows = list(utterances)
    passage = _passage_rows(rows, passage_from, quote_prefix)
    here = f"?{part_query}&" if part_query else "?"
    for utterance in rows:
        fragment = utterance.time_fragment
        utterance.time_anchor = fragment if fragment and fragment not in seen else ""
        seen.add(fragment)
        utterance.quote_url = f"{quote_prefix}{utterance.pk}/"
        utterance.passage_url = passage.get(utterance.pk, "")
        utterance.passage_start = utterance.pk == passage_from
        utterance.from_url = f"{here}from={utterance.pk}#u{utterance.pk}"
        utterance.cancel_url = f"?{part_query}#u{utterance.pk}" if utterance.passage_start else ""
        speaker = utterance.public_speaker
        if speaker is None:
            utterance.speaker_url = ""
        else:
            if speaker.pk not in speaker_urls:
                speaker_urls[speaker.pk] = speaker.get_absolute_url()
            utterance.speaker_url = speaker_urls[speaker.pk]
    return rows


# A passage permalink holds a few consecutive lines, not a chapter.
MAX_PASSAGE = 20


def _passage_rows(rows: list, passage_from: int | None, prefix: str) -> dict[int, str]:
    """Line id -> the permalink of the passage from ``passage_from`` to that line."""
    ids = [row.pk for row in rows]
    if passage_from not in ids:
        return {}
    start = ids.index(passage_from)
    return {pk: f"{prefix}{passage_from}-{pk}/" for pk in ids[start + 1 : start + MAX_PASSAGE]}
