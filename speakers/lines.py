"""A speaker's own lines, newest episode first, a page at a time, without sorting them all;
and their appearances a page at a time, each quoted by its first real line (``FirstLines``).

Ordering every line a prolific speaker said by episode date in SQL would join
and sort all of them (tens of thousands) for each page. The curation core
keeps each appearance's ``utterance_count`` exact, so a page can find its
episodes from the appearances alone, then read only those episodes' lines.
"""

from __future__ import annotations

from functools import cached_property

from django.db.models import F


class SpeakerLines:
    """``speaker``'s public lines for a ``Paginator``: newest episode first, then in order.

    ``count()`` is one query over the speaker's appearances (appearance_speaker_idx),
    a page one more over the lines of just the episodes it spans
    (utterance_speaker_idx: speaker, episode, sequence).
    """

    def __init__(self, speaker):
        self.speaker = speaker

    @cached_property
    def _episodes(self) -> list[tuple[int, int]]:
        """``(episode_id, lines)`` for each public episode the speaker is heard on, newest first."""
        appearances = self.speaker.appearances.public().filter(utterance_count__gt=0)
        return list(appearances.by_episode_date().values_list("episode_id", "utterance_count"))

    def count(self) -> int:
        return sum(lines for _, lines in self._episodes)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list:
        start, stop = window.start or 0, window.stop
        spanned, skip, seen = [], 0, 0
        for episode_id, lines in self._episodes:
            if seen + lines > start:
                if not spanned:
                    skip = start - seen
                spanned.append(episode_id)
            seen += lines
            if seen >= stop:
                break
        if not spanned:
            return []
        lines = (
            self.speaker.utterances.filter(episode_id__in=spanned)
            .select_related("episode__show")
            .order_by(F("episode__published_at").desc(nulls_last=True), "-episode_id", "sequence")
        )
        return list(lines[skip : skip + stop - start])


class FirstLines:
    """``appearances`` (ordered) for a ``Paginator``, a page's worth quoted by their first line.

    ``count()`` is one query, a page one more: the page's appearances are picked
    in a subquery and only they are annotated (``with_first_line``). Annotated
    before the LIMIT, SQLite would run the three first-line subqueries for every
    appearance it sorts: all 562 of the busiest host's, 5 ms where 20 take 0.6.
    """

    def __init__(self, appearances):
        self.appearances = appearances

    def count(self) -> int:
        return self.appearances.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list:
        page = self.appearances.values("pk")[window]
        return list(self.appearances.filter(pk__in=page).with_first_line())
