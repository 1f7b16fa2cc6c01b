"""Transcript formats: detection, parsing and the checks every format shares.

Adding a format is one module with ``NAME``, ``TITLE``, ``detect(text)`` and
``parse(text, limits)`` plus one line in ``FORMATS``. ``detect`` returns a short
reason ("starts with a WEBVTT header") when the content is its format, else
None; the first format in ``FORMATS`` that claims a file wins, so the more
specific shapes come first.
"""

from __future__ import annotations

import dataclasses
import hashlib

from . import (
    awstranscribe,
    html,
    iheart,
    markdown,
    otter,
    p20json,
    plaintext,
    sniff,
    speakermap,
    speakertime,
    srt,
    timestamped,
    utterances,
    vtt,
)
from .base import (
    DEFAULT_LIMITS,
    Limits,
    ParsedTranscript,
    Segment,
    TranscriptError,
    check_speech,
)
from .decoding import CONTROL_CHARACTERS, decode_transcript
from .jsonload import parsed_once

FORMATS = {
    module.NAME: module
    for module in (
        # JSON first: they claim only what parses as JSON of their shape.
        p20json,
        speakermap,
        utterances,
        awstranscribe,
        # Files with a header or a cue structure of their own.
        vtt,
        srt,
        html,
        # Plain-text shapes, most specific first; plaintext ("Name: text") is the fallback.
        timestamped,
        iheart,
        otter,
        # Before markdown and plaintext, which would read its lines as unlabelled speech;
        # it claims a file only when most of its speaker lines are this shape, not theirs.
        speakertime,
        markdown,
        plaintext,
    )
}

__all__ = [
    "DEFAULT_LIMITS",
    "FORMATS",
    "Limits",
    "ParsedTranscript",
    "Segment",
    "TranscriptError",
    "content_hash",
    "read_transcript",
]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_transcript(
    data: bytes, *, source: str, format: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> ParsedTranscript:
    """Decode, detect (unless ``format`` is given), parse and validate a transcript file.

    Pure: no database, no I/O beyond the bytes given. Every refusal is a
    ``TranscriptError`` naming ``source`` and, where it can, the line or cue.
    """
    text, warnings = decode_transcript(data, source=source, limits=limits)
    with parsed_once():  # the JSON detectors and the parser share one json.loads
        module, reason = _choose_format(text, source=source, format=format)
        try:
            parsed = module.parse(text, limits=limits)
            _validate(parsed, limits)
        except TranscriptError as error:
            raise error.in_source(source) from None
    parsed.detected_because = reason
    parsed.warnings[:0] = warnings
    return parsed


def _choose_format(text: str, *, source: str, format: str | None):
    if format:
        if format not in FORMATS:
            known = ", ".join(sorted(FORMATS))
            raise TranscriptError(f"unknown format {format!r} (known: {known})", source=source)
        return FORMATS[format], "chosen explicitly"
    if not text.strip():
        raise TranscriptError("the file is empty", source=source)
    for module in FORMATS.values():
        reason = module.detect(text)
        if reason:
            return module, reason
    raise TranscriptError(
        "not a transcript format the archive reads (tried "
        + ", ".join(module.TITLE for module in FORMATS.values())
        + ")"
        + (f"; this looks like {kind}" if (kind := sniff.text_kind(text)) else "")
        + "; pass --format to force one",
        source=source,
    )


def _validate(parsed: ParsedTranscript, limits: Limits) -> None:
    """The checks every format shares: counts, label lengths, time ranges and order."""
    if len(parsed.segments) > limits.max_segments:
        raise TranscriptError(
            f"{len(parsed.segments):,} segments, over the limit of {limits.max_segments:,}"
        )
    check_speech(parsed, limits)
    if not any(segment.text.strip() for segment in parsed.segments):
        raise TranscriptError("no speech found in the file")
    for segment in parsed.segments:
        if not _plainly_valid(segment, limits):
            _validate_segment(segment, limits)
    _strip_escaped_control_characters(parsed)
    parsed.warnings.extend(_order_warnings(parsed.segments))


def _strip_escaped_control_characters(parsed: ParsedTranscript) -> None:
    """Remove control characters that decoding could not see (JSON ``\\u0000``, ``&#1;``).

    PostgreSQL refuses a NUL and SQLite stores it silently; neither may happen.
    One search of all the texts and labels joined first: most files have none.
    """
    pieces = [segment.text for segment in parsed.segments]
    pieces += [segment.label for segment in parsed.segments if segment.label]
    if not CONTROL_CHARACTERS.search("\n".join(pieces)):  # "\n" is no control character here
        return
    for index, segment in enumerate(parsed.segments):
        label = segment.label or ""
        if CONTROL_CHARACTERS.search(segment.text) or CONTROL_CHARACTERS.search(label):
            parsed.segments[index] = dataclasses.replace(
                segment,
                text=CONTROL_CHARACTERS.sub("", segment.text),
                label=CONTROL_CHARACTERS.sub("", segment.label) if segment.label else segment.label,
            )
            parsed.warnings.append(f"{segment.location}: removed control character(s)")


# Name at most this many places in one order warning; the count says the rest.
ORDER_WARNING_EXAMPLES = 5


def _order_warnings(segments: list[Segment]) -> list[str]:
    """Warn once each about segments that start before, or inside, the timed one before them.

    Segments that share a start time (display lines of one phrase) are neither.
    """
    earlier, overlapping = [], []
    previous = None
    for segment in segments:
        if segment.start_ms is None:
            continue
        if previous is not None:
            if segment.start_ms < previous.start_ms:
                earlier.append(segment.location)
            elif previous.start_ms < segment.start_ms < (previous.end_ms or 0):
                overlapping.append(segment.location)
        previous = segment
    return [
        f"{len(places)} segment(s) {problem} ({_some(places)}); kept in source order"
        for places, problem in (
            (earlier, "start before the segment above them"),
            (overlapping, "start before the segment above them ends"),
        )
        if places
    ]


def _some(places: list[str]) -> str:
    shown = ", ".join(places[:ORDER_WARNING_EXAMPLES])
    more = len(places) - ORDER_WARNING_EXAMPLES
    return f"{shown} and {more} more" if more > 0 else shown


def _plainly_valid(segment: Segment, limits: Limits) -> bool:
    """What ``_validate_segment`` accepts, in the shape nearly every segment has.

    A quick yes for the common case (a short label, whole-millisecond times in
    range and in order); anything else goes to ``_validate_segment`` for its verdict.
    """
    label, start, end = segment.label, segment.start_ms, segment.end_ms
    return (
        (label is None or len(label) <= limits.max_label_length)
        and type(start) is int
        and type(end) is int
        and 0 <= start <= end <= limits.max_time_ms
    )


def _validate_segment(segment: Segment, limits: Limits) -> None:
    where = segment.location
    if segment.label is not None and len(segment.label) > limits.max_label_length:
        raise TranscriptError(
            f"speaker label is {len(segment.label)} characters long, over the limit of "
            f"{limits.max_label_length}; is a line missing its break?",
            location=where,
        )
    for name, value in (("start", segment.start_ms), ("end", segment.end_ms)):
        if value is None:
            continue
        if not isinstance(value, int):
            raise TranscriptError(f"{name} time {value!r} is not a number", location=where)
        if value < 0:
            raise TranscriptError(f"{name} time is negative ({value} ms)", location=where)
        if value > limits.max_time_ms:
            hours = limits.max_time_ms / 3_600_000
            raise TranscriptError(
                f"{name} time {value / 1000:.3f} s is past the {hours:g}-hour limit",
                location=where,
            )
    start, end = segment.start_ms, segment.end_ms
    if start is not None and end is not None and end < start:
        raise TranscriptError(
            f"ends ({end / 1000:.3f} s) before it starts ({start / 1000:.3f} s)", location=where
        )
