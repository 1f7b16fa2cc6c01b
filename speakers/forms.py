from __future__ import annotations

from django import forms

from .lines import SpeakerLines


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
