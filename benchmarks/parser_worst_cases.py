"""Parser worst cases: seconds to read inputs built to make a parser slow.

Each case once took minutes (regex backtracking, joining text line by line,
JSON parsed once per detector); the tests check the results, this prints the
times. Every row should stay well under a second and grow linearly with size:

    .venv/bin/python benchmarks/parser_worst_cases.py
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def cases(scale: int) -> dict[str, tuple[str, bytes]]:
    spaces = " " * (200_000 * scale)
    return {
        "otter: long run of spaces": (
            "otter",
            ("a" + spaces + "x" + "a  " * 100_000 * scale + "\nEmma  0:00\nhi\n").encode(),
        ),
        "iheart: spaces and open brackets": (
            "iheart",
            ("Speaker" + spaces + "x (" * 50_000 * scale + "\n(00:01):\nhi\n").encode(),
        ),
        "timestamped: unclosed voice tags": (
            "timestamped",
            ("00:00:01 <v" + spaces + "<v " * 100_000 * scale + "A: " * 100_000 * scale).encode(),
        ),
        "speakertime: spaces, brackets, unclosed bold": (
            "speakertime",
            (
                "a"
                + spaces
                + "[" * 50_000 * scale
                + "\n"
                + "**a " * 50_000 * scale
                + "[0:1\n**Kelly** [0:18] hi\n**Ravi** [0:20] yo\n"
            ).encode(),
        ),
        "vtt: one cue of many lines": (
            "vtt",
            ("WEBVTT\n\n00:01.000 --> 00:02.000\n" + "tea and toast\n" * 100_000 * scale).encode(),
        ),
        "p20json: one speaker, many phrases": (
            None,
            json.dumps(
                {
                    "version": "1.0.0",
                    "segments": [
                        {"speaker": "Ann", "startTime": n, "endTime": n + 1, "body": "a phrase"}
                        for n in range(25_000 * scale)
                    ],
                }
            ).encode(),
        ),
    }


def main() -> None:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from archive.formats import Limits, read_transcript
    from archive.turns import merge_turns

    limits = Limits(max_bytes=200 * 1024 * 1024)
    print(f"{'case':40} {'size x1':>9} {'s x1':>7} {'s x2':>7}")
    for name in cases(1):
        timings = []
        for scale in (1, 2):
            format, data = cases(scale)[name]
            started = time.perf_counter()
            merge_turns(read_transcript(data, source=name, format=format, limits=limits))
            timings.append(time.perf_counter() - started)
        size = len(cases(1)[name][1])
        print(f"{name:40} {size / 1e6:>7.1f}MB {timings[0]:>7.2f} {timings[1]:>7.2f}")


if __name__ == "__main__":
    main()
