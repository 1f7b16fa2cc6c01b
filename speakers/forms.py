from __future__ import annotations

from urllib.parse import urlencode

from django import forms

from .lines import SpeakerLines
from .models import Speaker


class LineSearchForm(forms.Form):
    """The speaker page's search box: only this speaker's words."""

    q = forms.CharField(
        label="Search their words",
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"placeholder": "e.g. caches"}),
    )

    @property
    def query(self) -> str:
        """The words being searched for, once ``lines()`` accepted them; else ""."""
        return self.cleaned_data.get("q", "") if self.is_valid() else ""

    def lines(self, speaker):
        """What "What they said" lists: matches for ``q``, best first, else every line.

        Every line is ``SpeakerLines`` (newest episode first, two queries a
        page). A query the search cannot use (empty, one letter, only stop
        words) becomes this form's error, and no lines.
        """
        query = self.cleaned_data["q"] if self.is_valid() else ""
        if not query:
            return SpeakerLines(speaker)
        try:
            found = speaker.utterances.public().search(query)
        except ValueError as error:
            # archive.search.QueryError is a ValueError; speakers imports nothing from archive.
            self.add_error("q", str(error))
            return []
        return found.select_related("episode__show")


class CompareForm(forms.Form):
    """The compare page: ``?s=slug&s=slug…`` (five at most), and a name or slug to add."""

    LIMIT = 5

    add = forms.CharField(
        label="Add a speaker",
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"placeholder": "Name or slug"}),
    )

    def __init__(self, data):
        super().__init__(data)
        self.slugs = list(dict.fromkeys(s for s in data.getlist("s") if s))[: self.LIMIT * 2]
        self.notes: list[str] = []

    def speakers(self) -> list[Speaker]:
        """The public speakers asked for, in the order given. One query (two with ``add``)."""
        found = {s.slug: s for s in Speaker.objects.public().filter(slug__in=self.slugs)}
        speakers = [found[slug] for slug in self.slugs if slug in found]
        missing = [slug for slug in self.slugs if slug not in found]
        if missing:
            self.notes.append("No speaker at " + ", ".join(missing) + ".")
        added = self._added()
        if added is not None and added not in speakers:
            speakers.append(added)
        if len(speakers) > self.LIMIT:
            self.notes.append(f"At most {self.LIMIT} speakers fit on one chart.")
        self.chosen = speakers[: self.LIMIT]
        return self.chosen

    def _added(self) -> Speaker | None:
        text = self.cleaned_data.get("add", "").strip() if self.is_valid() else ""
        if not text:
            return None
        match = (
            Speaker.objects.public().filter(slug=text).first()
            or Speaker.objects.public().by_name(text).first()
        )
        if match is None:
            self.notes.append(f"Nobody called {text!r} is in the archive.")
        return match

    def removals(self) -> list[tuple[Speaker, str]]:
        """Each compared speaker with the query string of the comparison without them."""
        return [
            (speaker, urlencode([("s", s.slug) for s in self.chosen if s != speaker]))
            for speaker in self.chosen
        ]

    def query(self) -> str:
        """The comparison's query string: what the page's own link is."""
        return urlencode([("s", s.slug) for s in self.chosen])
