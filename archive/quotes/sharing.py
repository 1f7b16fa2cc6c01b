"""What a shared quote carries: a citation to paste, and JSON-LD for search engines."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from ..shownotes import public_url
from .quote import Quote

# JSON inside <script>: nothing in it may close the element or open a comment.
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def citation(quote: Quote, url: str) -> str:
    """“…” — Name, Show, "Episode", 4 March 2019, https://…/q/12/ (plain text, to paste)."""
    episode = quote.episode
    parts = [quote.speaker_line, episode.show.title, f"“{episode.title}”"]
    if episode.published_at:
        parts.append(f"{episode.published_at:%-d %B %Y}")
    if quote.start_label:
        parts.append(f"at {quote.start_label}")
    return f"“{quote.text}” — {', '.join(parts)}, {url}"


def quote_json_ld(quote: Quote, url: str) -> SafeString:
    """schema.org Quotation: the words, who said them (sameAs their identity links), where.

    Every string is the stored one, as JSON; ``<``, ``>`` and ``&`` are written as
    JSON's unicode escapes (``_SCRIPT_SAFE``, what Django's ``json_script`` does),
    so no name or line can close the ``<script>`` the template embeds this in.
    Identity links that are not http(s) are left out of ``sameAs``.
    """
    episode = quote.episode
    data = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "text": quote.text,
        "url": url,
        "isPartOf": {
            "@type": "PodcastEpisode",
            "name": episode.title,
            "datePublished": episode.published_at,
            "partOfSeries": {"@type": "PodcastSeries", "name": episode.show.title},
        },
    }
    speaker = quote.first.public_speaker
    if speaker is not None and not quote.is_passage:
        data["creator"] = {
            "@type": "Person",
            "name": speaker.name,
            "sameAs": [
                url for link in speaker.links.all() if _absolute(url := public_url(link.url))
            ],
        }
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_SAFE)
    return mark_safe(text)  # safe: JSON with <, > and & escaped, inside a JSON-LD script


def _absolute(url: str) -> bool:
    return url.startswith(("http://", "https://"))
