"""Hostile input, timed by doubling: for each family of inputs built to make a
reader backtrack or rescan, the time at sizes that double, and the ratio of each
time to the one before. A linear reader gives ratios near 2; quadratic ones near
4; a backtracking pattern explodes. A family's ratio over its whole span (the
geometric mean of its ratios, steadier on a busy machine than any one of them)
should stay under 2.5 (exit 1 if not).

    .venv/bin/python benchmarks/hostile_bench.py            # every family
    .venv/bin/python benchmarks/hostile_bench.py byline     # the families whose name holds 'byline'

Each time is the best of `--repeat` rounds (5) that each time every size once,
so that a busy machine's pauses count less and fall on all sizes alike. Printed figures, not a test: tests/test_hostile.py holds the inputs
that hung before, each under a generous timeout, and tests/extract/test_linear.py counts the extractor's steps
on the `extract:` families, doubled.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LIMIT = 2.5


@dataclass(frozen=True)
class Family:
    """Inputs of one shape: `make(n)` builds the input of size n, `run` reads it."""

    name: str
    run: Callable
    make: Callable[[int], object]
    sizes: tuple[int, ...]
    repeat: int | None = None  # overrides --repeat for slow families


def _families() -> list[Family]:
    from tracker.reading.fetch import looks_like_html
    from tracker.extract.conversions import joins_conversion
    from tracker.extract.money import extract_amounts
    from tracker.reading.files import read_bytes
    from tracker.reading.html import MAX_HTML_ELEMENTS, parse_byline_date, read_html

    def page(paragraphs: int) -> bytes:
        return ("<html><body><article>" + "<p>x y z w v</p>" * paragraphs + "</article></body></html>").encode()

    def refused(run):
        def call(value):
            try:
                run(value)
            except Exception:  # the refusal is what is timed
                pass
        return call

    doubling = lambda first, count=4: tuple(first * 2 ** i for i in range(count))  # noqa: E731
    return [
        # '<!---->' x 30 took minutes in a pattern that repeated a group of comments
        Family("fetch: empty comments before a page", looks_like_html, lambda n: b"<!---->" * n + b"x",
               doubling(40_000)),
        # 'Published' then a run of spaces: split every way by '\s*:?\s*'
        Family("byline: cue word before spaces", parse_byline_date, lambda n: "Published" + " " * n + "x",
               doubling(100_000)),
        Family("byline: cue words repeated", parse_byline_date, lambda n: "Published on: " * n,
               doubling(20_000)),
        # '(' then spaces: split between two space runs of the conversion pattern
        Family("money: bracket before spaces", joins_conversion, lambda n: "(" + " " * n + "x",
               doubling(200_000)),
        # every '000' of a long run of space-separated thousands was a start scanning the rest
        Family("money: space-separated thousands", extract_amounts, lambda n: "1" + " 000" * n + "1 bn",
               doubling(10_000)),
        Family("money: figures without currency", extract_amounts, lambda n: "5 " * n + "x",
               doubling(20_000)),
        Family("reading: text with a byte-order mark", lambda d: read_bytes(d, "a.txt"),
               lambda n: ("The minister said so. " * n).encode("utf-16"), doubling(50_000)),
        # reducing a page grows faster than its element count: within the limit it stays near linear
        Family("html: paragraphs up to the element limit", read_html, page,
               tuple(MAX_HTML_ELEMENTS // 2 ** i - 10 for i in (3, 2, 1, 0)), repeat=1),
        Family("html: refused page over the element limit", refused(read_html), page,
               doubling(MAX_HTML_ELEMENTS * 2, 3)),
        *_extract_families(doubling(16_384)),
    ]


def _extract_families(sizes: tuple[int, ...]) -> list[Family]:
    """Texts of n characters an attacker can paste, upload or serve, read by the extractor the command line,
    the ingest and the dashboard call ("on 3 March 2025 " x 16,000 took 37 s; a 635 KB line of amounts 164 s)."""
    from datetime import date

    from tracker.extract.decide import extract_pledges
    from tracker.extract.taxonomy import word_keys

    def read(text: str) -> None:
        word_keys.cache_clear()  # the one cache keyed by text: a repeated phrase would cost less the second time
        extract_pledges(text, date(2025, 3, 12))

    texts = {
        # one sentence of thousands of dates, or of relative dates each hung on the one before
        "repeated dates": lambda n: "on 3 March 2025 " * (n // 16) + "£5m",
        "relative dates": lambda n: "on Friday and a week later " * (n // 27) + "£5m",
        # one line of amounts, alone, joined by 'and', each with its donor
        "line of amounts": lambda n: "£5m, " * (n // 5),
        "amounts joined by and": lambda n: "€5 million and " * (n // 15) + "€5 million.",
        "names and amounts": lambda n: "Germany gave £5m, " * (n // 18),
        "a name and an amount": lambda n: "UK £5m, " * (n // 8),
        "long sentence of names": lambda n: "Germany, France, Poland and " * (n // 28) + "gave £5m.",
        # "the two countries" sends each amount back to the names of the sentences before
        "donors named before": lambda n: "Germany and France met. " * 3 + "The two countries gave £5m, " * (n // 28),
        "nested brackets": lambda n: "(" * (n // 2) + "£5m" + ")" * (n // 2),
        "words without end": lambda n: "the support " * (n // 12) + "£5m",
        # many lines: corrections, lines ending in a colon (each introduces a list), records, sentences
        "correction lines": lambda n: "Correction: Germany gave £5m on Friday.\n" * (n // 40),
        "colon lines": lambda n: "Germany gives £5m for:\n" * (n // 23),
        "many records": lambda n: "".join(f"UK gave €{i}m. " for i in range(10, 10 + n // 15)),
        "many records said new": lambda n: "".join(f"UK gave an additional €{i}m. " for i in range(10, 10 + n // 29)),
        "headline of amounts": lambda n: "£5m " * (n // 8) + "\n" + "Britain gave £5m (about $6m). " * (n // 60),
        "many sentences": lambda n: "Germany gave £5m to Ukraine on 3 March. " * (n // 40),
    }
    return [Family(f"extract: {name}", read, make, sizes, repeat=2) for name, make in texts.items()]


def _best_times(family: Family, repeat: int) -> list[float]:
    """The best time of each size over `repeat` rounds, every round timing each size once."""
    inputs = [family.make(n) for n in family.sizes]
    best = [float("inf")] * len(inputs)
    for _ in range(repeat):
        for i, value in enumerate(inputs):
            start = time.perf_counter()
            family.run(value)
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("only", nargs="*", help="run only families whose name holds one of these")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    worst = 0.0
    for family in _families():
        if args.only and not any(word in family.name for word in args.only):
            continue
        times = _best_times(family, family.repeat or args.repeat)
        ratios = [b / a for a, b in zip(times, times[1:])]
        span = (times[-1] / times[0]) ** (1 / len(ratios))
        worst = max(worst, span)
        verdict = "ok" if span < LIMIT else f"OVER {LIMIT}"
        print(f"{family.name:45} " + " ".join(f"{n:>9,}" for n in family.sizes))
        print(f"{'  ms':45} " + " ".join(f"{t * 1000:>9.1f}" for t in times)
              + "   per doubling " + " ".join(f"{r:.2f}" for r in ratios) + f", over the span {span:.2f}   {verdict}",
              flush=True)
    print(f"worst ratio per doubling over a family's span: {worst:.2f} (limit {LIMIT})")
    return 0 if worst < LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
