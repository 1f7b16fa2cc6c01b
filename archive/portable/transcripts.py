"""An episode's utterances as a Podcasting 2.0 JSON transcript that also keeps their ids.

The file is a plain Podcasting 2.0 transcript (``{"version": "1.0.0",
"segments": [{"speaker", "startTime", "endTime", "body"}]}``), speakers named,
that any player or our own importer reads. The spec has no place for our quote
ids, so each segment carries one extension object, which consumers ignore::

    "archive": {"id": 4711, "sequence": 12, "speakerSlug": "ada-okafor", "label": "Speaker 2"}

``id`` is the utterance's primary key (its ``/q/<id>/``), ``speakerSlug`` the
attributed speaker (null when unattributed; names are not unique, slugs are)
and ``label`` the source's label exactly. Times are seconds (milliseconds / 1000,
which reads back to the same milliseconds exactly); a time the source never
gave is left out. So the transcript alone restores every line exactly, and
the text is not stored twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from ..models import Utterance
from .layout import PortableError

VERSION = "1.0.0"
EXTENSION = "archive"
# What the export reads of each line, in transcript order.
LINE_FIELDS = ("id", "episode_id", "sequence", "speaker_id", "speaker_label", "start_ms", "end_ms")


def transcript_document(lines: Iterable[dict], speakers: Mapping[int, tuple[str, str]]) -> str:
    """The file's text: one segment per line of the file, so it diffs and greps well.

    ``lines`` are utterance value dicts (``LINE_FIELDS`` and ``text``) in order;
    ``speakers`` maps a speaker id to its (name, slug).
    """
    segments = ",\n".join(json.dumps(segment(line, speakers), ensure_ascii=False) for line in lines)
    return f'{{"version": "{VERSION}", "segments": [\n{segments}\n]}}\n'


def segment(line: dict, speakers: Mapping[int, tuple[str, str]]) -> dict:
    name, slug = speakers[line["speaker_id"]] if line["speaker_id"] else (None, None)
    shown = name or line["speaker_label"]
    item: dict = {"speaker": shown} if shown else {}
    if line["start_ms"] is not None:
        item["startTime"] = line["start_ms"] / 1000
    if line["end_ms"] is not None:
        item["endTime"] = line["end_ms"] / 1000
    item["body"] = line["text"]
    item[EXTENSION] = {
        "id": line["id"],
        "sequence": line["sequence"],
        "speakerSlug": slug,
        "label": line["speaker_label"],
    }
    return item


def read_utterances(
    text: str, *, episode_id: int, speaker_ids: Mapping[str, int], where: str
) -> list[Utterance]:
    """The unsaved utterances of one exported transcript, ids and all.

    Refuses (naming the file and segment) a file that is not one of ours: a
    segment without the extension, or naming a speaker the export lacks.
    """
    try:
        segments = json.loads(text)["segments"]
    except (json.JSONDecodeError, KeyError, TypeError):
        raise PortableError(f"{where}: not a Podcasting 2.0 JSON transcript") from None
    return [
        _utterance(item, episode_id, speaker_ids, f"{where} segment {number}")
        for number, item in enumerate(segments, start=1)
    ]


def _utterance(item, episode_id: int, speaker_ids: Mapping[str, int], where: str) -> Utterance:
    try:
        ours = item[EXTENSION]
        slug = ours["speakerSlug"]
        if slug is not None and slug not in speaker_ids:
            raise PortableError(f"{where}: speaker {slug!r} is not in speakers.jsonl")
        return Utterance(
            id=_whole(ours["id"]),
            episode_id=episode_id,
            sequence=_whole(ours["sequence"]),
            speaker_id=speaker_ids[slug] if slug is not None else None,
            speaker_label=_text(ours["label"]),
            start_ms=_milliseconds(item.get("startTime")),
            end_ms=_milliseconds(item.get("endTime")),
            text=_text(item["body"]),
        )
    except KeyError as error:
        raise PortableError(f"{where}: {error.args[0]!r} is missing") from None
    except (TypeError, ValueError) as error:
        raise PortableError(f"{where}: {error}") from None


def _whole(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{value!r} is not a whole number")
    return value


def _text(value) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not text")
    return value


def _milliseconds(seconds) -> int | None:
    if seconds is None:
        return None
    if not isinstance(seconds, int | float) or isinstance(seconds, bool) or seconds < 0:
        raise ValueError(f"{seconds!r} is not a time in seconds")
    return round(seconds * 1000)
