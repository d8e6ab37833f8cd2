"""Store benchmark: articles ingested per second into a fresh SQLite file (the
development corpus, varied so every article is distinct), and the time to load
a donor- and date-filtered selection from a store of 100,000 pledges.

Not a test: it prints its measurements. Targets: >= 200 articles/s, < 0.2 s.
Run: .venv/bin/python benchmarks/store_bench.py [--articles N] [--pledges N] [--db-dir DIR] [--pg URL]
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.pipeline import ingest_article, ingest_paths  # noqa: E402
from tracker.reading.files import Article  # noqa: E402
from tracker.records.pledge import CATEGORIES, Pledge  # noqa: E402
from tracker.store.query import count_pledges, count_sources, load_pledges  # noqa: E402
from tracker.store.schema import open_store  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "corpus"
DONORS = ("GBR", "NOR", "DEU", "FRA", "USA", "CAN", "DNK", "SWE", "NLD", "POL", "FIN", "EST", "LTU", "LVA",
          "CZE", "BEL", "ITA", "ESP", "JPN", "AUS", "EU", "NATO", "CHE", "AUT", "PRT", "IRL", "ISL", "KOR")
CURRENCIES = ("EUR", "GBP", "USD", "NOK", "SEK", "DKK", "CAD", "JPY", "PLN", "CZK")


def corpus_articles() -> list[tuple[str, date]]:
    """The corpus texts with their publication dates."""
    paths = sorted(CORPUS.glob("dev-*.txt"))
    return [(p.read_text(encoding="utf-8"), date.fromisoformat(json.loads(p.with_suffix(".json").read_text())["published"]))
            for p in paths]


def varied(base: list[tuple[str, date]], n: int):
    """n distinct articles: corpus text i % len, published 4k days later in its
    k-th round (so a few reports of one round merge with the next), with a
    closing line that makes its text (and so its source id) its own."""
    for i in range(n):
        text, published = base[i % len(base)]
        k = 4 * (i // len(base))
        yield (f"{text.rstrip()}\nFiled {k} days on (copy {i}).\n", published + timedelta(days=k))


def bench_ingest(n: int, folder: Path, extract: bool, url: str | None = None) -> float:
    """Articles per second over n ingests into a new SQLite file. With
    `extract`, the command line's path: n article files (with their sidecar
    dates) read, extracted and stored by `ingest_paths`. Without, the store
    alone: each corpus text is extracted once and its records (dates shifted
    with the article) are passed to `ingest_article`."""
    base = corpus_articles()
    store = open_store(url or str(folder / f"ingest-{'extract' if extract else 'records'}.db"))
    if extract:
        files = folder / "articles"
        files.mkdir(exist_ok=True)
        for i, (text, published) in enumerate(varied(base, n)):
            (files / f"a{i:05d}.txt").write_text(text, encoding="utf-8")
            (files / f"a{i:05d}.json").write_text(json.dumps({"published": published.isoformat()}), encoding="utf-8")
        start = time.perf_counter()
        ingest_paths(store, [files])
    else:
        from tracker.extract.decide import extract_pledges

        records = [extract_pledges(text, published=published) for text, published in base]
        start = time.perf_counter()
        for i, (text, published) in enumerate(varied(base, n)):
            shift = published - base[i % len(base)][1]
            pledges = [replace(p, date=p.date + shift if p.date else None) for p in records[i % len(base)]]
            ingest_article(store, Article(text=text, url=f"https://bench.example/{i}"), published=published,
                           pledges=pledges)
    elapsed = time.perf_counter() - start
    where = store.engine.dialect.name
    print(f"ingest {n:,} articles into {where} ({'files: read, extract, store' if extract else 'store only, records given'}): "
          f"{elapsed:.1f} s, {n / elapsed:,.0f} articles/s; "
          f"{count_sources(store):,} sources, {count_pledges(store):,} pledges")
    store.close()
    return n / elapsed


def synthetic_store(total: int, folder: Path):
    """A store of `total` pledges, up to 10 per article, over 28 donors (a
    fifth of them joint), ten currencies, four kinds and the years 2022-2026;
    articles are added until chance merges are made up."""
    rng = random.Random(20250411)
    store = open_store(str(folder / "load.db"))
    first = date(2022, 2, 24)
    added, a = 0, 0
    while added < total:
        published = first + timedelta(days=rng.randrange(1700))
        pledges = []
        for j in range(min(10, total - added)):
            donors = rng.sample(DONORS, 2 if rng.random() < 0.2 else 1)
            quote = f"Donor pledge {a}-{j}."
            pledges.append(Pledge(donors=donors, amount=float(rng.randrange(1, 5000)) * 1e6,
                                  currency=rng.choice(CURRENCIES),
                                  kind=rng.choice(("package", "package", "package", "budget", "aggregate")),
                                  categories=[rng.choice(CATEGORIES)], date=published, quote=quote,
                                  start=j * 20, end=j * 20 + len(quote)))
        added += ingest_article(store, Article(text=f"Synthetic article {a}.", url=f"https://load.example/{a}"),
                                published=published, pledges=pledges).added
        a += 1
    return store


def bench_load(total: int, folder: Path) -> float:
    """Seconds to load GBR's pledges of 2025 from a store of `total` pledges."""
    t = time.perf_counter()
    store = synthetic_store(total, folder)
    print(f"built a store of {count_pledges(store):,} pledges in {time.perf_counter() - t:.0f} s")
    timings = []
    for _ in range(7):
        t = time.perf_counter()
        frame = load_pledges(store, donors=["GBR"], since="2025-01-01", until="2025-12-31")
        timings.append(time.perf_counter() - t)
    t = time.perf_counter()
    everything = load_pledges(store)
    whole = time.perf_counter() - t
    print(f"filtered load (donor GBR, 2025): {len(frame):,} of {len(everything):,} pledges, "
          f"median {statistics.median(timings):.3f} s, first {timings[0]:.3f} s; "
          f"unfiltered load of all: {whole:.2f} s")
    store.close()
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--pledges", type=int, default=100_000)
    parser.add_argument("--db-dir", type=Path, help="where the benchmark databases go (default: a temporary folder)")
    parser.add_argument("--pg", metavar="URL", help="also time the store-only ingest into this (empty) PostgreSQL database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.db_dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        stored = bench_ingest(args.articles, folder, extract=False)
        full = bench_ingest(args.articles, folder, extract=True)
        load = bench_load(args.pledges, folder)
        if args.pg:
            bench_ingest(args.articles, folder, extract=False, url=args.pg)
    print(f"targets: >= 200 articles/s into SQLite: {'met' if full >= 200 else 'MISSED'} "
          f"(files end to end {full:,.0f}/s; store alone {stored:,.0f}/s); filtered load < 0.2 s: "
          f"{'met' if load < 0.2 else 'MISSED'} ({load:.3f} s)")


if __name__ == "__main__":
    main()
