#!/usr/bin/env python3
"""Score the extractor against hand-labelled gold records.

    python tools/score.py [-v] [--cases GOLD_DIR[:TEXT_DIR]]... [--project DIR] [--python PY]

A case is GOLD_DIR/<id>.json (`published`, `records` with the record fields of the
README) and its text TEXT_DIR/<id>.txt (TEXT_DIR defaults to GOLD_DIR). Without
--cases: the development corpus (tests/fixtures/corpus) and the seeds (seeds/).
Each text goes through the command line a user has, `PY -m tracker extract
--published DATE --format json FILE`, run in DIR (default: this checkout).

A predicted record matches a gold one when the currency is the same and the amount
within 1 %; each gold record takes the first unmatched prediction that fits. Printed:
precision, recall and F1 on amounts; on the matched pairs, the share with the right
donors (as a set), kind, aid type, qualifier, date (within a day, when the gold has
one), period (when the gold has one) and categories (at least one in common); and,
for records that carry a `confidence`, how many fall in each band and what share of
them match gold. The last line is a one-line summary. Exits 1 only when no text
could be extracted at all.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CASES = [str(ROOT / "tests" / "fixtures" / "corpus"), str(ROOT / "seeds")]
FIELDS = ("donors", "kind", "aid_type", "date", "categories", "qualifier", "period")
BANDS = [(0.9, 1.01), (0.7, 0.9), (0.5, 0.7), (0.0, 0.5)]


def cases(specs: list[str] | None) -> list[tuple[Path, Path]]:
    """(gold file, text file) pairs of every GOLD_DIR[:TEXT_DIR] spec; a gold file
    without its text is named on stderr and left out."""
    out = []
    for spec in specs or DEFAULT_CASES:
        gold_dir, _, text_dir = spec.partition(":")
        gold_dir = Path(gold_dir)
        text_dir = Path(text_dir) if text_dir else gold_dir
        for gold in sorted(gold_dir.glob("*.json")):
            text = text_dir / (gold.stem + ".txt")
            if text.exists():
                out.append((gold, text))
            else:
                print(f"# no text for {gold.stem}", file=sys.stderr)
    return out


def run_extractor(project: str, python: str, text: Path, published: str | None):
    """(records or None, seconds, error) of the command-line extractor on one text."""
    cmd = [python, "-m", "tracker", "extract", "--format", "json"]
    if published:
        cmd += ["--published", published]
    cmd.append(str(text.resolve()))
    t0 = time.perf_counter()
    run = subprocess.run(cmd, cwd=project, capture_output=True, text=True, timeout=120)
    seconds = time.perf_counter() - t0
    if run.returncode != 0:
        return None, seconds, run.stderr.strip()[-300:]
    try:
        data = json.loads(run.stdout)
    except json.JSONDecodeError as e:
        return None, seconds, f"bad JSON: {e}"
    if isinstance(data, dict):
        data = data.get("records") or data.get("pledges") or []
    return data, seconds, ""


def same_amount(a, b) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return b != 0 and abs(a - b) / abs(b) <= 0.01


def match(pred: list[dict], gold: list[dict]) -> list[tuple[dict, dict]]:
    """(predicted, gold) pairs: same currency, amount within 1 %, each prediction used once."""
    pairs, used = [], set()
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and str(p.get("currency", "")).upper() == g["currency"] \
                    and same_amount(p.get("amount"), g["amount"]):
                pairs.append((p, g))
                used.add(i)
                break
    return pairs


def days_apart(a, b) -> int:
    try:
        return abs((date.fromisoformat(str(a)[:10]) - date.fromisoformat(str(b)[:10])).days)
    except ValueError:
        return 10**6


def field_checks(p: dict, g: dict, published: str | None = None) -> dict[str, bool]:
    """Which fields of a matched pair are right; date and period only when the gold has one."""
    checks = {
        "donors": sorted(p.get("donors") or []) == sorted(g["donors"]),
        "kind": p.get("kind") == g["kind"],
        "aid_type": p.get("aid_type") == g["aid_type"],
        "qualifier": p.get("qualifier") == g.get("qualifier", "exact"),
        "categories": bool(set(p.get("categories") or []) & set(g["categories"])),
    }
    if g.get("date") and published:
        checks["date"] = days_apart(p.get("date"), g["date"]) <= 1
    if g.get("period"):
        checks["period"] = str(p.get("period")) == str(g["period"])
    return checks


def _differences(pred, gold, pairs) -> list[str]:
    """The -v lines of one article: amounts missed and extra, wrong donors, kinds, aid types."""
    got = {(str(p.get("currency")), float(p.get("amount") or 0)) for p in pred}
    want = {(g["currency"], float(g["amount"])) for g in gold}
    missed = [w for w in want if not any(c == w[0] and same_amount(x, w[1]) for c, x in got)]
    extra = [x for x in got if not any(c == x[0] and same_amount(x[1], w) for c, w in want)]
    lines = [f"gold {len(gold)} pred {len(pred)} matched {len(pairs)}"
             + (f" missed {missed}" if missed else "") + (f" extra {extra}" if extra else "")]
    for p, g in pairs:
        wrong = []
        for k in ("donors", "kind", "aid_type"):
            mine, theirs = p.get(k), g[k]
            if k == "donors":
                mine, theirs = sorted(mine or []), sorted(theirs)
            if mine != theirs:
                wrong.append(f"{k} {p.get(k)!r} != {g[k]!r}")
        if wrong:
            lines.append(f"    {g['currency']} {g['amount']:.4g}: " + ", ".join(wrong))
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--project", default=str(ROOT), help="the checkout whose extractor runs (default: this one)")
    ap.add_argument("--python", default=sys.executable, help="the Python that runs it (default: this one)")
    ap.add_argument("--cases", action="append", metavar="GOLD_DIR[:TEXT_DIR]",
                    help="a folder of gold .json files (repeatable; default: the corpus and the seeds)")
    ap.add_argument("-v", action="store_true", help="one line per article, with what it missed and added")
    a = ap.parse_args(argv)

    todo = cases(a.cases)
    golds = [json.loads(gold.read_text(encoding="utf-8")) for gold, _ in todo]
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        runs = list(pool.map(lambda gt: run_extractor(a.project, a.python, gt[1], gt[0].get("published")),
                             zip(golds, (text for _, text in todo))))

    tp = fp = fn = 0
    hits = {k: [0, 0] for k in FIELDS}  # field -> [right, checked]
    by_band = {band: [0, 0] for band in BANDS}  # band -> [matched, records]
    no_confidence, failures, seconds = 0, [], 0.0
    for g, (pred, dt, err) in zip(golds, runs):
        seconds += dt
        gold = g["records"]
        if pred is None:
            failures.append((g["id"], err))
            fn += len(gold)
            continue
        pairs = match(pred, gold)
        matched = {id(p) for p, _ in pairs}
        for p in pred:
            c = p.get("confidence")
            if not isinstance(c, (int, float)):
                no_confidence += 1
                continue
            for lo, hi in BANDS:
                if lo <= c < hi:
                    by_band[(lo, hi)][0] += id(p) in matched
                    by_band[(lo, hi)][1] += 1
        tp, fp, fn = tp + len(pairs), fp + len(pred) - len(pairs), fn + len(gold) - len(pairs)
        for p, gr in pairs:
            for k, ok in field_checks(p, gr, g.get("published")).items():
                hits[k][0] += ok
                hits[k][1] += 1
        if a.v:
            first, *rest = _differences(pred, gold, pairs)
            print(f"{g['id']}: {first}", *rest, sep="\n")

    for gid, err in failures:
        print(f"FAILED {gid}: {err}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    for k, (right, n) in hits.items():
        if n:
            print(f"{k:>10}: {right}/{n} = {right / n:.0%}")
    if any(n for _, n in by_band.values()):
        for (lo, hi), (m, n) in by_band.items():
            if n:
                print(f"confidence {lo:.1f}-{min(hi, 1.0):.1f}: {n} records, {m / n:.0%} match gold")
        if no_confidence:
            print(f"confidence missing on {no_confidence} records")
    print(f"texts {len(todo)} failed {len(failures)} extractor-seconds {seconds:.1f}")
    print(f"{len(todo)} texts: P={precision:.2f} R={recall:.2f} F1={f1:.2f} tp={tp} fp={fp} fn={fn} "
          f"donors={hits['donors'][0]}/{hits['donors'][1]} kind={hits['kind'][0]}/{hits['kind'][1]}")
    return 1 if todo and len(failures) == len(todo) else 0


if __name__ == "__main__":
    sys.exit(main())
