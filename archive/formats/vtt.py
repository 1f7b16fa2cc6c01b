"""WebVTT captions, including the near-WebVTT that podcast hosts and YouTube publish.

Read as the spec writes it: a ``WEBVTT`` header (``WEBVTT - title`` gives the
title), cues of optional identifier, ``start --> end`` timing with optional
cue settings, and text lines; NOTE, STYLE and REGION blocks are skipped. The
variants seen in the wild are read too: one-digit hours (Omny's
``0:00:01.480``), Apple's bare-seconds times (``59.240 --> 1:03.100``), several
blank lines between cues, a cue that starts without a blank line before it,
and text split from its cue by a stray blank line (joined back, with a warning).
A block the spec's parser drops is skipped with a warning naming its line, and
the rest is read: a timing line that does not parse (a junk ``-->`` line, a
malformed time, a U+FFFD where decoding met a NUL or control character) or a
cue that ends before it starts. A file with no valid cue at all is refused,
naming the first problem.
A file without the header is still claimed when it opens with a timing line
written the WebVTT way (``.`` milliseconds) or its cues carry ``<v`` voice tags.
Messages name a cue by the file's own id when it has one, and its line: ``cue 6 (line 9)``.

YouTube's auto-captions as yt-dlp saves them roll: a cue types a phrase in word
by word (``<00:00:00.510><c> word</c>``), a 10 ms cue holds it, and the next
cue repeats it as its first line. In a file with such word timings the short
hold cues and the repeated first lines are dropped, so each phrase is read once.

Speakers:

- ``<v Name>`` / ``<v.loud Name>`` names the speaker (``</v>`` optional). A voice
  tag in the middle of a cue splits it into two segments with the cue's times.
- A cue without a voice tag, in a file that uses voice tags anywhere, carries
  the previous cue's voice. The spec calls such a cue unattributed, but real
  files (Buzzsprout, Omny) tag every cue and an untagged one is a line the
  diarizer left out of a turn, not a new anonymous speaker. In a file with no
  voice tags at all, a cue opening with a ``Name:`` prefix names the speaker
  by the shared rule in ``speakerline`` (read as caption text, so "So:" stays
  speech): Zoom and Google Meet write ``Ann Lee: text`` in every cue, some
  exporters ``<b>Ann Lee:</b> text``. The name carries to the cues after it, as
  in SubRip; cues before the first name are unlabelled. A prefix the rule
  refuses ("Note:", "jane:") credits nobody, with a warning, and nobody carries
  from it, as in SubRip.
- YouTube exports have no voices; a text line starting ``>> `` or ``- `` starts a
  new turn (``turn_start``; the marker is removed) and unmarked cues continue
  the current turn. A marker on a cue's second line splits the cue there.

Other cue markup (``<c>``, ``<i>``, ``<b>``, ``<u>``, ``<lang>``, ``<ruby>`` with
its ``<rt>`` annotation, ``<00:00:01.000>`` timestamps) is removed, HTML
entities are decoded, and a cue's lines are joined with single spaces. A
``<`` that does not open a WebVTT tag is kept as text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .base import Limits, ParsedTranscript, Segment, TranscriptError, shown
from .speakerline import RefusedLabels, refused_label, split_label
from .timecode import parse_timestamp

NAME = "vtt"
TITLE = "WebVTT"

HEADER = re.compile(r"^WEBVTT(?:[ \t]+(?P<title>.*))?$")
STARTS_WITH_HEADER = re.compile(r"[ \t\n]*WEBVTT(?:[ \t][^\n]*)?(?:\n|$)")
SKIPPED_BLOCK = re.compile(r"^(?:NOTE|STYLE|REGION)(?:[ \t]|$)")
SKIPPED_INITIALS = frozenset("NSR")  # a cheap look before the pattern, on every line
TIMING = re.compile(r"^\s*(?P<start>[^\s-]+?)\s*-->\s*(?P<end>[^\s-]+)(?:\s+(?P<settings>.*))?$")
# A line that was meant as a timing line but lacks a proper "-->" (e.g. "00:01.000 - 00:02.000").
TIMING_LIKE = re.compile(r"^\s*\d+(?:[:.,]\d+)+\s*(?:-+>?|=>|→|–|—)?\s*\d+(?:[:.,]\d+)+(?:\s|$)")
# A timing line with U+FFFD where decoding met a NUL or control character, even in its
# arrow ("-\ufffd>"): a broken timing line that starts a (skipped) block, never cue text.
GARBLED_TIMING = re.compile(
    r"^\s*[\d\ufffd]+(?:[:.,][\d\ufffd]+)+\s*[-\ufffd>]*\s*[\d\ufffd]+(?:[:.,][\d\ufffd]+)+(?:\s|$)"
)
# A cue identifier longer than this is not quoted in locations; the cue's ordinal is.
MAX_SHOWN_ID_LENGTH = 20
# Detection without a header: the file opens with a timing line (after an optional id)
# whose milliseconds follow a '.', which SubRip writes as ','.
DOT_TIMING = re.compile(r"^\s*(?:\d+:)*\d+\.\d+\s*-->")
DETECT_WINDOW = 4096
# yt-dlp's rolling auto-captions: a cue that holds the text for 10 ms between two phrases.
HOLD_CUE_MS = 50
TIMESTAMP_TAG = re.compile(r"<\d+(?::\d+)*[.,]\d+>")

VOICE = re.compile(r"<v(?:\.[^\s<>]*)?(?:[ \t]+(?P<name>[^<>\n]*))?>", re.IGNORECASE)
RUBY_TEXT = re.compile(r"<rt(?:\.[^\s<>]*)?>.*?(?:</rt>|(?=</ruby>)|$)", re.IGNORECASE)
CUE_TAG = re.compile(
    r"</?(?:c|i|b|u|v|lang|ruby|rt)(?:\.[^\s<>]*)?(?:[ \t][^<>]*)?>|<\d+(?::\d+)*[.,]\d+>",
    re.IGNORECASE,
)
TURN_MARKER = re.compile(r"^(?:>>\s*|-(?:\s+|$))")
# A cue's one text line as most voiced files write it: a voice tag, then plain words
# (no markup, no entities); read without splitting it into chunks first.
PLAIN_VOICED_LINE = re.compile(
    r"<v(?:\.[^\s<>]*)?(?:[ \t]+(?P<name>[^<>\n]*))?>(?P<words>[^<&]*)(?:</v>)?$"
)
# The timing line almost every file writes, read without the general parser: the same
# milliseconds ``TIMING`` and ``parse_timestamp`` make of it, at a fraction of the cost.
CANONICAL_TIMING = re.compile(
    r"(\d\d):([0-5]\d):([0-5]\d)\.(\d{3}) --> (\d\d):([0-5]\d):([0-5]\d)\.(\d{3})(?:\s.*)?$"
)


@dataclass
class RawCue:
    """A cue's timing line and text lines, before any markup is read."""

    number: int
    line: int
    timing: str
    text: list[str] = field(default_factory=list)
    identifier: str = ""

    @property
    def location(self) -> str:
        """``cue 6 (line 9)``: the file's own id when it has a short one, else the ordinal."""
        short = self.identifier if len(self.identifier) <= MAX_SHOWN_ID_LENGTH else ""
        return f"cue {short or self.number} (line {self.line})"


def detect(text: str) -> str | None:
    """A ``WEBVTT`` header; or, without one, cues that only WebVTT writes.

    A file opening with a timing line (after an optional id) is WebVTT when the
    timing writes ``.`` milliseconds (SubRip writes ``,``) or the cues carry
    ``<v`` voice tags. Cost: a look at the first 4 KB.
    """
    if STARTS_WITH_HEADER.match(text):
        return "starts with a WEBVTT header"
    window = text[:DETECT_WINDOW]
    head = [line for line in window.split("\n") if line.strip()][:2]
    timing = next((line for line in head if "-->" in line), None)
    if timing is None or not TIMING.match(timing) or head[0].lstrip().startswith("WEBVTT"):
        return None  # no timing line first, or a broken header rather than none
    if DOT_TIMING.match(timing):
        return "cues with '.' millisecond timings (no WEBVTT header)"
    if VOICE.search(window):
        return "cues with <v> voice tags (no WEBVTT header)"
    return None


def parse(text: str, *, limits: Limits) -> ParsedTranscript:
    lines = text.split("\n")
    warnings: list[str] = []
    title, body_start = _read_header(lines, warnings)
    segments: list[Segment] = []
    voice = None
    timed = _timed_cues(_raw_cues(lines, body_start, warnings), warnings)
    cues = [cue for cue, _, _ in timed]
    # A look at the whole text first: most files have no word timings, and a search
    # of one string is far cheaper than one per line.
    if TIMESTAMP_TAG.search(text) and _has_word_timings(cues):
        timed = _settled(timed)
    prefixes = None if VOICE.search(text) and _uses_voice_tags(cues) else set()
    refusals = RefusedLabels(limits.max_label_length)
    for cue, start_ms, end_ms in timed:
        pieces, voice = _cue_pieces(cue, voice, prefixes, refusals)
        location = cue.location
        segments.extend(
            Segment(
                text=piece,
                label=label,
                start_ms=start_ms,
                end_ms=end_ms,
                location=location,
                turn_start=turn_start,
            )
            for label, turn_start, piece in pieces
        )
    return ParsedTranscript(
        format=NAME,
        segments=segments,
        warnings=warnings + refusals.warnings(),
        turn_markers=any(segment.turn_start for segment in segments),
        title=title,
    )


def _read_header(lines: list[str], warnings: list[str]) -> tuple[str, int]:
    """The title and the index of the first line after the header block."""
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    match = HEADER.match(lines[index].rstrip()) if index < len(lines) else None
    if not match:
        warnings.append(f"line {index + 1}: no WEBVTT header; read as WebVTT anyway")
        return "", index
    title = (match["title"] or "").strip().lstrip("-").strip()
    index += 1
    # Header metadata (Kind:, Language:, X-TIMESTAMP-MAP=) runs to the first blank line;
    # a cue that follows the header with no blank line is still a cue.
    while index < len(lines) and lines[index].strip() and "-->" not in lines[index]:
        index += 1
    return title, index


def _raw_cues(lines: list[str], index: int, warnings: list[str]) -> list[RawCue]:
    """Cut the body into cues; skip NOTE/STYLE/REGION blocks and cue identifiers.

    A line with "-->" always starts a cue (the spec ends cue text there), so a
    file that leaves out the blank line between cues still reads right.
    """
    cues: list[RawCue] = []
    in_text = False
    identifier = ""
    count = len(lines)
    while index < count:
        line = lines[index]
        following = lines[index + 1] if index + 1 < count else ""
        if not line.strip() and not (line and in_text and not cues[-1].text):
            # A line of spaces straight after the timing is cue text (YouTube writes one).
            in_text = False
            index += 1
        elif in_text and "-->" not in line and not _garbled_timing(line):
            if "-->" in following and line.strip().isdigit():  # the next cue's id
                identifier = line.strip()
            else:
                cues[-1].text.append(line)
            index += 1
        elif not in_text and line[:1] in SKIPPED_INITIALS and SKIPPED_BLOCK.match(line):
            index = _next_blank_line(lines, index)
        elif "-->" in line or (not in_text and TIMING_LIKE.match(line)) or _garbled_timing(line):
            cue = RawCue(number=len(cues) + 1, line=index + 1, timing=line, identifier=identifier)
            cues.append(cue)
            in_text, identifier = True, ""
            index += 1
        elif "-->" in following or TIMING_LIKE.match(following) or _garbled_timing(following):
            identifier = line.strip()  # the timing line follows
            index += 1
        else:
            index = _orphan_text(lines, index, cues, warnings)
    return cues


def _next_blank_line(lines: list[str], index: int) -> int:
    while index < len(lines) and lines[index].strip():
        index += 1
    return index


def _starts_cue(lines: list[str], index: int) -> bool:
    following = lines[index + 1] if index + 1 < len(lines) else ""
    return any("-->" in line or _garbled_timing(line) for line in (lines[index], following))


def _garbled_timing(line: str) -> bool:
    """A timing line U+FFFD broke (see ``GARBLED_TIMING``); one ``in`` for every other line."""
    return "\ufffd" in line and GARBLED_TIMING.match(line) is not None


def _orphan_text(lines: list[str], index: int, cues: list[RawCue], warnings: list[str]) -> int:
    """Text after a blank line with no timing: a cue's text split by a stray blank line.

    The run ends at a blank line or where the next cue (its identifier or timing) begins.
    """
    end = index
    while end < len(lines) and lines[end].strip() and not _starts_cue(lines, end):
        end += 1
    if cues:
        cues[-1].text.extend(lines[index:end])
        warnings.append(f"line {index + 1}: text after a blank line; joined to {cues[-1].location}")
    else:
        warnings.append(f"line {index + 1}: text before the first cue; skipped")
    return end


def _timed_cues(cues: list[RawCue], warnings: list[str]) -> list[tuple[RawCue, int, int]]:
    """Each cue with its times; a cue the spec's parser drops is skipped, with a warning.

    Those are a timing line that does not parse and a cue that ends before it
    starts; the block's text goes with it. Refuses the file, with the first
    problem, when cues were found and none is valid.
    """
    timed, skipped = [], []
    for cue in cues:
        try:
            timed.append((cue, *_cue_times(cue)))
        except TranscriptError as problem:
            skipped.append(problem)
    if skipped and not timed:
        raise skipped[0]
    warnings.extend(f"{problem}; cue skipped" for problem in skipped)
    return timed


def _cue_times(cue: RawCue) -> tuple[int, int]:
    where = cue.location
    if "\ufffd" in cue.timing:
        raise TranscriptError(
            f"{shown(cue.timing.strip())} has an unreadable character (U+FFFD) in its timing",
            location=where,
        )
    canonical = CANONICAL_TIMING.match(cue.timing)
    if canonical:
        hours, minutes, seconds, millis, *end = map(int, canonical.groups())
        start = ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis
        hours, minutes, seconds, millis = end
        end_ms = ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis
    else:
        match = TIMING.match(cue.timing)
        if not match:
            raise TranscriptError(
                f"{shown(cue.timing.strip())} is not a timing line (expected 'start --> end')",
                location=where,
            )
        start = parse_timestamp(match["start"], location=where)
        end_ms = parse_timestamp(match["end"], location=where)
    if end_ms < start:
        raise TranscriptError(
            f"ends ({end_ms / 1000:.3f} s) before it starts ({start / 1000:.3f} s)", location=where
        )
    return start, end_ms


def _settled(timed: list[tuple[RawCue, int, int]]) -> list[tuple[RawCue, int, int]]:
    """yt-dlp's rolling auto-captions, each phrase once.

    Such a file (recognised by its ``<00:00:00.510>`` word timings) shows every
    phrase three times: typed in word by word, held for 10 ms, then as the
    first line above the next phrase. The hold cues go, and so does a first
    line repeating the last line of the cue kept before it.
    """
    settled = []
    previous = ""
    for cue, start_ms, end_ms in timed:
        if end_ms - start_ms < HOLD_CUE_MS:
            continue
        text = cue.text
        first = next((i for i, line in enumerate(text) if clean_cue_text(line)), None)
        if first is not None and clean_cue_text(text[first]) == previous:
            text = text[first + 1 :]
        cleaned = [clean_cue_text(line) for line in text if clean_cue_text(line)]
        previous = cleaned[-1] if cleaned else previous
        settled.append((replace(cue, text=text), start_ms, end_ms))
    return settled


def _has_word_timings(cues: list[RawCue]) -> bool:
    """``<00:00:00.510>`` tags in cue text: yt-dlp's rolling captions (see ``_settled``)."""
    return any(TIMESTAMP_TAG.search(line) for cue in cues for line in cue.text)


def _uses_voice_tags(cues: list[RawCue]) -> bool:
    """Voice tags anywhere make the file's labels voices; else ``Name:`` prefixes are read."""
    return any(VOICE.search(line) for cue in cues for line in cue.text)


def _cue_pieces(
    cue: RawCue, voice: str | None, prefixes: set[str] | None, refusals: RefusedLabels
) -> tuple[list[tuple[str | None, bool, str]], str | None]:
    """(label, turn_start, text) for each voice and each marked turn in the cue.

    ``prefixes`` holds the casefolded ``Name:`` labels read so far, or is None
    in a file with voice tags (no prefixes read). Returns the speaker that
    carries on to the next cue. A prefix the shared rule refuses goes to ``refusals``.
    """
    if prefixes is None and len(cue.text) == 1:
        plain = _plain_voiced_piece(cue.text[0])
        if plain is not None:
            return plain
    pieces = []
    raw = cue.text[0] if len(cue.text) == 1 else "\n".join(cue.text)
    for label, chunk in _voice_chunks(raw, voice):
        for turn_start, text in _marked_turns(chunk):
            if prefixes is not None and (turn_start or not pieces):
                label, text = _prefix_label(text, label, turn_start, prefixes, refusals, cue.line)
            pieces.append((label, turn_start, text))
        voice = label
    return pieces, voice


def _plain_voiced_piece(line: str) -> tuple[list, str | None] | None:
    """``_cue_pieces`` of a one-line cue ``<v Name>plain words``; None for any other line.

    What the general path makes of it (the text before the tag is empty, so
    only the voice's words count), without its chunking and turn splitting.
    """
    match = PLAIN_VOICED_LINE.match(line)
    if match is None:
        return None
    voice = _voice_name(match["name"] or "")
    words = " ".join(match["words"].split())
    if words[:1] in (">", "-"):
        return None  # a turn marker: the general path reads it
    return ([(voice, False, words)] if words else []), voice


def _prefix_label(
    text: str,
    carried: str | None,
    turn_start: bool,
    seen: set[str],
    refusals: RefusedLabels,
    line: int,
) -> tuple[str | None, str]:
    """``"Ann Lee: Welcome"`` -> ``("Ann Lee", "Welcome")``; else the carried speaker.

    A marked turn without a name is a new, unnamed speaker, so nothing carries into it.
    A label-like prefix the shared rule refuses credits nobody: it is noted in
    ``refusals`` (for the warnings) and the cue's timing ``line``.
    """
    found = split_label(text, known=seen, mid_sentence=True)
    if found is None:
        refused = refused_label(text)
        if refused is not None:
            refusals.note(line, refused)
            return None, text
        return (None if turn_start else carried), text
    seen.add(found[0].casefold())
    return found


def _voice_chunks(raw: str, voice: str | None) -> list[tuple[str | None, str]]:
    """Split cue text at each voice tag; text before the first tag keeps ``voice``."""
    if "<v" not in raw and "<V" not in raw:  # every voice tag opens so
        return [(voice, raw)]
    chunks = []
    position = 0
    for match in VOICE.finditer(raw):
        chunks.append((voice, raw[position : match.start()]))
        voice = _voice_name(match["name"] or "")
        position = match.end()
    chunks.append((voice, raw[position:]))
    return chunks


@lru_cache(maxsize=1024)
def _voice_name(raw: str) -> str | None:
    """A voice tag's name as a label; a file repeats a handful of them thousands of times."""
    return clean_cue_text(raw) or None


def _marked_turns(chunk: str) -> list[tuple[bool, str]]:
    """Clean each line and split where a line opens with a ``>>`` or ``- `` turn marker."""
    if "\n" not in chunk:  # one line, as most cues are: the loop below, unrolled
        text = clean_cue_text(chunk)
        marker = TURN_MARKER.match(text) if text[:1] in (">", "-") else None
        if marker:
            text = text[marker.end() :]
        return [(marker is not None, text)] if text else []
    turns: list[tuple[bool, list[str]]] = []
    for line in chunk.split("\n"):
        text = clean_cue_text(line)
        marker = TURN_MARKER.match(text)
        if marker:
            turns.append((True, [text[marker.end() :]]))
        elif turns:
            turns[-1][1].append(text)  # joined once below: a += per line would be quadratic
        else:
            turns.append((False, [text]))
    joined = ((turn_start, " ".join(filter(None, parts))) for turn_start, parts in turns)
    return [(turn_start, text) for turn_start, text in joined if text]


def clean_cue_text(text: str) -> str:
    """WebVTT cue text as words: markup removed, entities decoded, spaces made single.

    Drops cue tags (``<c>``, ``<i>``, ``<b>``, ``<u>``, ``<v>``, ``<lang>``,
    ``<ruby>``), ``<rt>`` ruby annotations with their text and ``<00:00:01.500>``
    timestamp tags; a ``<`` that opens no WebVTT tag stays as text. Shared with
    ``timestamped``, whose lines carry WebVTT voice tags. Pure; linear in the text.
    """
    if "<" in text:  # every tag and annotation opens with one
        text = CUE_TAG.sub("", RUBY_TEXT.sub("", text))
    return " ".join(html.unescape(text).split())
