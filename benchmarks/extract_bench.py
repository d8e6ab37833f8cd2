"""Extraction throughput: the tracker's extractor against quantulum3 on the same texts.

Prints MB/s and articles/s for the development corpus and seed repeated to at
least --mb MB (5 by default), on one core, and the same figures for quantulum3 in
the same run. Each copy is varied, and the extractor's one cache keyed by text (the
word heads of a sentence or phrase) is emptied before each article, so repeated text
gains nothing. quantulum3 is slow, so it reads the same texts for at most
--peer-seconds and its rate is taken over what it read. The targets: at least
0.75 MB/s, and at least 25 times quantulum3's rate in the same run.

    .venv/bin/python benchmarks/extract_bench.py   (after `make bench` installed quantulum3)
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
sys.path.insert(0, str(ROOT))


def corpus() -> list[tuple[str, date]]:
    out = []
    for gold in sorted(CORPUS.glob("*.json")) + sorted((ROOT / "seeds").glob("*.json")):
        text = gold.with_suffix(".txt").read_text(encoding="utf-8")
        out.append((text, date.fromisoformat(json.loads(gold.read_text())["published"])))
    return out


def varied(articles, min_bytes: int):
    """The articles repeated until `min_bytes`, each copy with its numbers nudged."""
    out, size, n = [], 0, 0
    while size < min_bytes:
        for text, published in articles:
            copy = text.replace("billion", "billion" if n % 2 else "bn").replace(" 1", f" {1 + n % 9}")
            out.append((copy, published))
            size += len(copy.encode())
        n += 1
    return out, size


def rate(label: str, run, texts, budget_s: float | None = None):
    done, size = 0, 0
    t0 = time.perf_counter()
    for text, published in texts:
        run(text, published)
        done += 1
        size += len(text.encode())
        if budget_s and time.perf_counter() - t0 > budget_s:
            break
    dt = time.perf_counter() - t0
    print(f"{label:<16} {size / 1e6:8.2f} MB  {done:6d} articles  {dt:8.2f} s  "
          f"{size / 1e6 / dt:8.3f} MB/s  {done / dt:9.1f} articles/s")
    return size / dt


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=5.0, help="size of the repeated corpus (MB)")
    ap.add_argument("--peer-seconds", type=float, default=30.0, help="time given to quantulum3")
    ap.add_argument("--stages", action="store_true",
                    help="also time the first stages alone: where the time goes")
    args = ap.parse_args()

    from tracker.extract.decide import extract_pledges

    texts, size = varied(corpus(), int(args.mb * 1e6))
    print(f"corpus: {len(texts)} articles, {size / 1e6:.2f} MB (development corpus and seed, varied)")
    extract_pledges(*texts[0])  # load data files and rates before timing
    from tracker.records import fx

    fx.last_rate_date()
    from tracker.extract.taxonomy import word_keys

    def fresh(text, published):
        word_keys.cache_clear()
        return extract_pledges(text, published)

    ours = rate("tracker", fresh, texts)
    if args.stages:
        stages(texts)
    try:
        from quantulum3 import parser as q
    except ImportError:
        print("quantulum3 is not installed: `make bench` installs requirements-bench.txt")
        return
    q.parse(texts[0][0])
    theirs = rate("quantulum3", lambda text, _: q.parse(text), texts, args.peer_seconds)
    print(f"tracker is {ours / theirs:.0f} times quantulum3's rate (targets: >= 0.75 MB/s, >= 25 times)")


def stages(texts):
    """The extractor's first stages alone, each with those before it: what any reading of the
    text must do before a rule decides anything (its rate bounds the whole extractor's)."""
    from tracker.extract.conversions import mark_conversions
    from tracker.extract.dates import find_dates
    from tracker.extract.decide import split_sentences
    from tracker.extract.taxonomy import find_entities, word_keys

    def sentences(text, _):
        return split_sentences(text)

    def amounts(text, published):
        return [mark_conversions(s.text, s.amounts, published) for s in split_sentences(text)]

    def names_dates(text, published):
        word_keys.cache_clear()
        return [(mark_conversions(s.text, s.amounts, published), find_entities(s.text), find_dates(s.text, published))
                for s in split_sentences(text)]

    print("stages (each with those before it):")
    rate("  sentences", sentences, texts)
    rate("  +amounts", amounts, texts)
    rate("  +names,dates", names_dates, texts)


if __name__ == "__main__":
    main()
