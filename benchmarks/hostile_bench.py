"""Hostile input: the time to read each family of hostile text, size after size
doubled, and the ratio of each doubling. Linear work doubles (ratio 2); work that
grows with the square of the size quadruples. Every ratio must stay under 2.5.

Each family is a text an attacker can paste, upload or serve (one long line of
amounts, thousands of dates in one sentence, ...), read by the same function the
command line, the folder ingest and the dashboard call. Times are CPU seconds of
this process, the best of --repeat runs, so other work on the machine counts less.
Exit status 1 when a ratio reaches 2.5.

    .venv/bin/python benchmarks/hostile_bench.py [--start 16384] [--doublings 3] [--family NAME ...]
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.extract.decide import extract_pledges  # noqa: E402
from tracker.extract.taxonomy import word_keys  # noqa: E402

PUB = date(2025, 3, 12)
LIMIT = 2.5


def _extract(text: str) -> None:
    word_keys.cache_clear()  # the one cache keyed by text: a repeated phrase would cost less the second time
    extract_pledges(text, PUB)


# name -> (text of about n characters, what reads it)
FAMILIES = {
    # thousands of dates in one sentence, an amount at the end ("on 3 March 2025 " x 16,000 took 37 s)
    "repeated dates": (lambda n: "on 3 March 2025 " * (n // 16) + "£5m", _extract),
    # relative dates, each hung on the date before it
    "relative dates": (lambda n: "on Friday and a week later " * (n // 27) + "£5m", _extract),
    # one line of amounts and nothing else (a 635 KB line took 164 s)
    "line of amounts": (lambda n: "£5m, " * (n // 5), _extract),
    "amounts joined by and": (lambda n: "€5 million and " * (n // 15) + "€5 million.", _extract),
    # a long sentence of names and amounts, every amount with its donor
    "names and amounts": (lambda n: "Germany gave £5m, " * (n // 18), _extract),
    "a name and an amount": (lambda n: "UK £5m, " * (n // 8), _extract),
    # a long sentence of names only, then an amount
    "long sentence of names": (lambda n: "Germany, France, Poland and " * (n // 28) + "gave £5m.", _extract),
    # "the two countries" sends each amount back to the names of the sentences before
    "donors named before": (lambda n: "Germany and France met. " * 3 + "The two countries gave £5m, " * (n // 28),
                            _extract),
    "nested brackets": (lambda n: "(" * (n // 2) + "£5m" + ")" * (n // 2), _extract),
    "words without end": (lambda n: "the support " * (n // 12) + "£5m", _extract),
    # many lines: corrections, lines ending in a colon (each introduces a list), sentences
    "correction lines": (lambda n: "Correction: Germany gave £5m on Friday.\n" * (n // 40), _extract),
    "colon lines": (lambda n: "Germany gives £5m for:\n" * (n // 23), _extract),
    "many records": (lambda n: "".join(f"UK gave €{i}m. " for i in range(10, 10 + n // 15)), _extract),
    "many records said new": (lambda n: "".join(f"UK gave an additional €{i}m. " for i in range(10, 10 + n // 29)),
                              _extract),
    "headline of amounts": (lambda n: "£5m " * (n // 8) + "\n" + "Britain gave £5m (about $6m). " * (n // 60),
                            _extract),
    "many sentences": (lambda n: "Germany gave £5m to Ukraine on 3 March. " * (n // 40), _extract),
}


def seconds(read, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        read(text)
        best = min(best, time.process_time() - t0)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", type=int, default=16384, help="characters of the smallest text")
    parser.add_argument("--doublings", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best counts")
    parser.add_argument("--family", action="append", choices=sorted(FAMILIES), help="only these (repeatable)")
    args = parser.parse_args()
    names = args.family or list(FAMILIES)
    for make, read in FAMILIES.values():
        read(make(1024))  # patterns compiled, rates loaded, before any timing
    worst = {}
    sizes = [args.start * 2 ** k for k in range(args.doublings + 1)]
    print(f"{'family':<24}" + "".join(f"{f'{n // 1024} KB':>10}" for n in sizes) + "   ratio per doubling")
    for name in names:
        make, read = FAMILIES[name]
        times = [seconds(read, make(n), args.repeat) for n in sizes]
        ratios = [b / a if a > 0 else 0.0 for a, b in zip(times, times[1:])]
        worst[name] = max(ratios)
        print(f"{name:<24}" + "".join(f"{t:>9.3f}s" for t in times) + "   "
              + " ".join(f"{r:.2f}" for r in ratios) + ("   QUADRATIC?" if worst[name] >= LIMIT else ""),
              flush=True)
    failed = [n for n, r in worst.items() if r >= LIMIT]
    print(f"worst ratio {max(worst.values()):.2f} ({max(worst, key=worst.get)}); "
          + (f"at or over {LIMIT}: {', '.join(failed)}" if failed else f"every ratio under {LIMIT}"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
