"""How long a quote card takes to render, cold and warm, and how big its PNG is.

Run: ``.venv/bin/python benchmarks/quote_card.py``. No database. "cold" is the first
render in a fresh Python process, fonts loaded on the way (the module's import, with
Pillow's, is timed apart: a web worker pays it once at start-up); "warm" is the mean
of 20 renders after that, with the best beside it (steadier on a busy machine).
Also writes screenshots/quote-card-example.png, the card to look at.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from support import REPO

SENTENCES = [
    "On-call should be boring, and boring takes work.",
    "We wrote every runbook as if the reader had been asleep for four minutes.",
    "Ferran's rule was simple: if a page fires twice, the alert is the bug.",
    "The café downstairs opened at six, so that's when our handovers happened.",
    "Nobody gets a medal for a heroic weekend; they get a postmortem and a nap.",
    "Łukasz kept a notebook of every false alarm and read it aloud on Fridays.",
]
SAMPLES = {
    "short": "Caches lie. That's their whole job.",
    "medium": (
        "On-call without tears isn't about heroics. It's about saying no to alerts "
        "nobody acts on, writing the runbook before the outage, and making sure "
        "São Paulo and Zürich never page the same person twice in one night."
    ),
    "300 words": " ".join(" ".join(SENTENCES * 30).split()[:300]),
    "10,000 words": " ".join(["overlong"] * 10_000),
    "4,000-char word": "x" * 4000,
}
EXAMPLE = {
    "quote": SAMPLES["medium"],
    "speaker": "Beatriz Saldanha",
    "context": "Signal and Noise · “On-Call Without Tears” · 15 June 2020",
}
WARM_RUNS = 20


def card_text(name: str):
    from archive.quotes.card import CardText

    return CardText(SAMPLES[name], EXAMPLE["speaker"], EXAMPLE["context"])


def cold(name: str) -> None:
    """In a fresh process: print the import time and the first render's time, in ms."""
    start = time.perf_counter()
    from archive.quotes.card import render_card

    imported = time.perf_counter()
    render_card(card_text(name))
    done = time.perf_counter()
    print(f"{(imported - start) * 1000:.1f} {(done - imported) * 1000:.1f}")


def cold_in_subprocess(name: str) -> tuple[float, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--cold", name], capture_output=True, text=True, check=True
    ).stdout
    imported, first = output.split()
    return float(imported), float(first)


def warm(name: str) -> tuple[float, float, int]:
    """The mean and the best of 20 renders after a first one, in ms; and the PNG's size."""
    from archive.quotes.card import render_card

    text = card_text(name)
    png = render_card(text)
    times = []
    for _ in range(WARM_RUNS):
        start = time.perf_counter()
        render_card(text)
        times.append(time.perf_counter() - start)
    return statistics.mean(times) * 1000, min(times) * 1000, len(png)


def write_example() -> None:
    from archive.quotes.card import CardText, render_card

    path = REPO / "screenshots" / "quote-card-example.png"
    path.write_bytes(render_card(CardText(**EXAMPLE)))
    print(f"example card: {path.relative_to(REPO)}")


def main() -> None:
    from PIL import features

    print(f"raqm layout: {features.check('raqm')}")
    print(
        f"{'quote':<16} {'import':>9} {'cold':>9} {'warm mean':>10} {'best':>9} {'PNG bytes':>10}"
    )
    for name in SAMPLES:
        imported, first = cold_in_subprocess(name)
        mean, best, size = warm(name)
        timings = f"{imported:6.1f} ms {first:6.1f} ms {mean:7.1f} ms {best:6.1f} ms"
        print(f"{name:<16} {timings} {size:>10,}")
    write_example()


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    if sys.argv[1:2] == ["--cold"]:
        cold(sys.argv[2])
    else:
        main()
