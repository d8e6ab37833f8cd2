"""Review benchmark: the data work of the Review page's list (the store's review
queue read and turned into the page's table rows) over a store holding 10,000
records awaiting review among others that count.

Not a test: it prints its measurements. Target: < 0.5 s.
Run: .venv/bin/python benchmarks/review_bench.py [--pending N] [--counted N] [--db-dir DIR] [--pg URL]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.dashboard.review import queue_rows  # noqa: E402
from tracker.pipeline import ingest_article  # noqa: E402
from tracker.reading.files import Article  # noqa: E402
from tracker.records.pledge import CATEGORIES, Pledge  # noqa: E402
from tracker.store.query import count_pledges  # noqa: E402
from tracker.store.review import review_queue  # noqa: E402
from tracker.store.schema import open_store  # noqa: E402

DONORS = ("GBR", "NOR", "DEU", "FRA", "USA", "CAN", "DNK", "SWE", "NLD", "POL", "FIN", "EST", "LTU", "LVA",
          "CZE", "BEL", "ITA", "ESP", "JPN", "AUS", "EU", "NATO", "CHE", "AUT", "PRT", "IRL", "ISL", "KOR")
CURRENCIES = ("EUR", "GBP", "USD", "NOK", "SEK", "DKK", "CAD", "JPY", "PLN", "CZK")


def build(url: str, pending: int, counted: int) -> None:
    """Articles of up to 10 records each: `pending` below the review bar (confidence
    0.2-0.79), `counted` above it, over the years 2022-2026."""
    rng = random.Random(20250411)
    store = open_store(url)
    first = date(2022, 2, 24)
    want = {"pending": pending, "counted": counted}
    a = 0
    for which, total in want.items():
        added = 0
        while added < total:
            published = first + timedelta(days=rng.randrange(1700))
            records = []
            for j in range(min(10, total - added)):
                quote = f"Donor pledge {a}-{j}."
                confidence = rng.uniform(0.2, 0.79) if which == "pending" else rng.uniform(0.8, 1.0)
                records.append(Pledge(donors=rng.sample(DONORS, 2 if rng.random() < 0.2 else 1),
                                      amount=float(rng.randrange(1, 5000)) * 1e6, currency=rng.choice(CURRENCIES),
                                      kind=rng.choice(("package", "package", "budget", "aggregate")),
                                      categories=[rng.choice(CATEGORIES)], date=published, quote=quote,
                                      start=j * 25, end=j * 25 + len(quote), confidence=round(confidence, 3),
                                      evidence=["package: pledged", "donor: named"]))
            text = " ".join(r.quote.ljust(24) for r in records)
            added += ingest_article(store, Article(text=f"{text} (article {a})", url=f"https://bench.example/{a}"),
                                    published=published, pledges=records).added
            a += 1
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pending", type=int, default=10_000)
    parser.add_argument("--counted", type=int, default=20_000)
    parser.add_argument("--db-dir", type=Path, help="where the benchmark database goes (default: a temporary folder)")
    parser.add_argument("--pg", metavar="URL", help="an empty PostgreSQL database to run it on instead of SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.db_dir or Path(tmp)
        url = args.pg or str(folder / "review.db")
        t = time.perf_counter()
        build(url, args.pending, args.counted)
        store = open_store(url)
        print(f"built a store of {count_pledges(store):,} pledges in {time.perf_counter() - t:.0f} s "
              f"({store.engine.dialect.name})")
        timings, reads = [], []
        for _ in range(7):
            t = time.perf_counter()
            queue = review_queue(store)
            read = time.perf_counter() - t
            rows = queue_rows(queue)
            timings.append(time.perf_counter() - t)
            reads.append(read)
        store.close()
    took = statistics.median(timings)
    print(f"review list: {len(rows):,} records awaiting review; median {took:.3f} s "
          f"(store read {statistics.median(reads):.3f} s, table rows {took - statistics.median(reads):.3f} s), "
          f"first {timings[0]:.3f} s")
    print(f"target: the review page lists 10,000 pending records in < 0.5 s of data work: "
          f"{'met' if took < 0.5 else 'MISSED'} ({took:.3f} s)")


if __name__ == "__main__":
    main()
