"""What a file is when it is not what its name says: images, archives, JSON called .srt.

A curator who uploads a cover image or a JSON export named ``.srt`` should read
"this looks like a PNG image, not a transcript", not a byte offset or a list of
formats tried. Everything here is a cheap look at the first bytes or
characters (no parsing), so a 20 MB file costs what a short one does.
"""

from __future__ import annotations

import re
from pathlib import PurePath

# Leading bytes of files people upload by mistake, and what to call them.
MAGIC_BYTES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a .zip, .docx or .xlsx file)"),
    (b"PK\x05\x06", "a ZIP archive (a .zip, .docx or .xlsx file)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word or Excel 97-2003 document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an Ogg audio file"),
    (b"fLaC", "a FLAC audio file"),
    (b"ID3\x02", "an MP3 audio file"),
    (b"ID3\x03", "an MP3 audio file"),
    (b"ID3\x04", "an MP3 audio file"),
    (b"\xff\xfb", "an MP3 audio file"),
    (b"\xff\xf3", "an MP3 audio file"),
)
# RIFF containers name their kind at bytes 8-12.
RIFF_KINDS = {b"WAVE": "a WAV audio file", b"WEBP": "a WebP image", b"AVI ": "an AVI video"}
# UTF-16 without a byte-order mark: judged on this many leading bytes.
UTF16_SAMPLE_BYTES = 4096
# In UTF-16 text of Latin script, about every other byte is zero; in UTF-8 none is.
UTF16_ZERO_SHARE = 0.3
UTF16_STRAY_ZERO_SHARE = 0.02

HEAD_CHARS = 2048
SUBRIP = "a SubRip file"
JSON_ARRAY = re.compile(r"\[\s*(?:[{\[\"\]]|-?\d+(?:\.\d+)?\s*[,\]]|true\b|false\b|null\b)")
SUBRIP_OPENING = re.compile(r"(?:\d+[ \t]*\n[ \t]*)?\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->")
MARKUP = re.compile(r"<(?:!--|!doctype\b|[a-z])", re.IGNORECASE)
HTML_PAGE = re.compile(r"<(?:!doctype[ \t\n]+html|html)\b", re.IGNORECASE)
XML_ROOT = re.compile(r"<(?P<root>rss|feed|tt|svg)\b", re.IGNORECASE)
XML_KINDS = {"rss": "an RSS feed", "feed": "an Atom feed", "tt": "a TTML subtitle file"}

# What a transcript's extension promises: the kinds its content may look like (the first
# names it in a message); plain text, which looks like no kind, fits all but the strict ones.
EXPECTED_KINDS = {
    ".srt": (SUBRIP,),
    ".vtt": ("a WebVTT file",),
    ".json": ("a JSON document",),
    ".html": ("an HTML page", "an HTML or XML document"),
    ".htm": ("an HTML page", "an HTML or XML document"),
    ".txt": (),
    ".md": ("an HTML or XML document",),  # Markdown may open with an HTML comment or tag
    ".markdown": ("an HTML or XML document",),
}
# Files that must be their kind; the others may be plain text of any shape.
STRICT_EXTENSIONS = frozenset({".json", ".html", ".htm"})


def binary_kind(data: bytes) -> str | None:
    """``"a PNG image"`` when ``data`` opens like a known binary file, else None."""
    for magic, kind in MAGIC_BYTES:
        if data.startswith(magic):
            return kind
    if data.startswith(b"RIFF") and data[8:12] in RIFF_KINDS:
        return RIFF_KINDS[data[8:12]]
    if data[4:8] == b"ftyp":
        return "an MP4 or M4A media file"
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when ``data`` reads as UTF-16 that lost its BOM.

    Text in a Latin script saved as UTF-16 has a zero in about every other
    byte, on one side only; UTF-8 text has none. Cost: a count over 4 KB.
    """
    sample = data[:UTF16_SAMPLE_BYTES]
    sample = sample[: len(sample) - len(sample) % 2]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for zeros, strays, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= UTF16_ZERO_SHARE * half and strays <= UTF16_STRAY_ZERO_SHARE * half:
            return codec
    return None


def text_kind(text: str) -> str | None:
    """What a decoded file opens like when it is a document of another kind; None for text.

    ``"a JSON document"``, ``"an RSS feed"``, ``"an HTML page"``, ``"a WebVTT file"``,
    ``"a SubRip file"``...: the words a message can use ("this looks like ...").
    """
    head = text[:HEAD_CHARS].lstrip()
    if head.startswith("{\\rtf"):
        return "an RTF document"
    if head.startswith("{") or JSON_ARRAY.match(head):
        return "a JSON document"
    if head.startswith("WEBVTT"):
        return "a WebVTT file"
    if SUBRIP_OPENING.match(head):
        return SUBRIP
    if head.startswith("<"):
        return _markup_kind(head)
    return None


def _markup_kind(head: str) -> str | None:
    if HTML_PAGE.match(head):
        return "an HTML page"
    root = XML_ROOT.search(head)
    if root and root["root"].lower() == "svg":
        return "an SVG image"
    if root and (head.startswith("<?xml") or root.start() == 0):
        return XML_KINDS[root["root"].lower()]
    if head.startswith("<?xml"):
        return "an XML document"
    return "an HTML or XML document" if MARKUP.match(head) else None


def name_mismatch(source: str, text: str) -> str | None:
    """A warning when the content contradicts the file's extension (JSON called .srt).

    None when the name promises nothing we know (no extension, ``.bin``) or
    the content fits it.
    """
    suffix = PurePath(source).suffix.lower()
    expected = EXPECTED_KINDS.get(suffix)
    if expected is None:
        return None
    kind = text_kind(text)
    if kind in expected or (kind is None and suffix not in STRICT_EXTENSIONS):
        return None
    found = f"looks like {kind}" if kind else f"is not {expected[0]}"
    return f"the file is named {source!r} but {found}; read by what it holds"
