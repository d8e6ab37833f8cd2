#!/usr/bin/env python3
"""Fit the confidence weights (data/confidence.toml) to the labelled sets, and compare
them with the weights set by hand, set by set.

    python tools/train_confidence.py [--cases GOLD_DIR[:TEXT_DIR]]... [--write]

Each record the extractor keeps (at any confidence) is a sample: its features are the
rule ids of its evidence (`kind:` ones left out: they say what a record is, not whether
it is one), its label whether it matches a gold record (same currency, amount within
1 %). A logistic regression with an L2 penalty is fitted by Newton's method (numpy only).

Leave one set out: for each set, the weights are fitted on all the others and scored on
it, and so are the hand-set weights of data/confidence.toml: amount precision, recall
and F1 of the records at >= 0.5, the share of records at >= 0.9 that match gold, and
the log-loss. --write replaces the weights with those fitted on every set (review the
diff: the file is data, and says how it was made). Without --cases: the development
corpus, the seeds and the held-out sets up to heldout10 (a frozen set is never fitted on).
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.extract.evidence import DATA, MIN_CONFIDENCE, weights  # noqa: E402
from tracker.extract.decide import extract_pledges  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
DEFAULT_SETS = ([str(FIXTURES / "corpus"), str(ROOT / "seeds"), str(FIXTURES / "heldout")]
                + [str(FIXTURES / f"heldout{i}") for i in range(2, 11)])
PENALTY = 1.0  # L2 on the weights (not the bias): few samples per feature


def samples(spec: str) -> tuple[list[set[str]], list[int], int]:
    """Every kept record of a set's texts: its features, whether it matches gold; and
    how many gold records the set has."""
    gold_dir, _, text_dir = spec.partition(":")
    gold_dir = Path(gold_dir)
    text_dir = Path(text_dir) if text_dir else gold_dir
    features, labels, golds = [], [], 0
    for gold_file in sorted(gold_dir.glob("*.json")):
        text_file = text_dir / (gold_file.stem + ".txt")
        if not text_file.exists():
            continue
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        golds += len(gold["records"])
        records = extract_pledges(text_file.read_text(encoding="utf-8"), date.fromisoformat(gold["published"]),
                                  min_confidence=0)
        used: set[int] = set()
        for g in gold["records"]:
            for i, p in enumerate(records):
                if i not in used and p.currency == g["currency"] and abs(p.amount - g["amount"]) <= 0.01 * g["amount"]:
                    used.add(i)
                    break
        for i, p in enumerate(records):
            features.append({e.split(" ", 1)[0] for e in p.evidence if not e.startswith("kind:")})
            labels.append(int(i in used))
    return features, labels, golds


def fit(features: list[set[str]], labels: list[int]) -> dict[str, float]:
    names = sorted(set().union(*features))
    x = np.array([[1.0] + [float(n in f) for n in names] for f in features])
    y = np.array(labels, dtype=float)
    w = np.zeros(x.shape[1])
    ridge = np.eye(len(w)) * PENALTY
    ridge[0, 0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (p - y) + ridge @ w
        hess = x.T @ (x * (p * (1 - p))[:, None]) + ridge + np.eye(len(w)) * 1e-9
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {"bias": round(float(w[0]), 2), **{n: round(float(v), 2) for n, v in zip(names, w[1:])}}


def predict(weights_: dict[str, float], f: set[str]) -> float:
    z = weights_["bias"] + sum(weights_.get(n, 0.0) for n in f)
    return 1 / (1 + math.exp(-z))


def score(weights_: dict[str, float], features, labels, golds) -> dict[str, float]:
    probs = [predict(weights_, f) for f in features]
    kept = [(p, y) for p, y in zip(probs, labels) if p >= MIN_CONFIDENCE]
    tp = sum(y for _, y in kept)
    precision = tp / len(kept) if kept else 0.0
    recall = tp / golds if golds else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    high = [y for p, y in zip(probs, labels) if p >= 0.9]
    loss = -sum(math.log(max(p if y else 1 - p, 1e-9)) for p, y in zip(probs, labels)) / max(len(labels), 1)
    return {"P": precision, "R": recall, "F1": f1, "at0.9": sum(high) / len(high) if high else float("nan"),
            "n0.9": len(high), "logloss": loss}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", action="append", help="GOLD_DIR[:TEXT_DIR] of one labelled set (repeat)")
    ap.add_argument("--write", action="store_true", help="write the weights fitted on every set")
    args = ap.parse_args()
    sets = {Path(spec.partition(":")[0]).name: samples(spec) for spec in args.cases or DEFAULT_SETS}
    hand = weights()
    print(f"{'left out':<12} {'weights':<7} {'P':>6} {'R':>6} {'F1':>6} {'>=0.9':>12} {'logloss':>8}")
    for name, (features, labels, golds) in sets.items():
        rest_f = [f for other, (fs, _, _) in sets.items() if other != name for f in fs]
        rest_y = [y for other, (_, ys, _) in sets.items() if other != name for y in ys]
        for label, w in (("hand", hand), ("fitted", fit(rest_f, rest_y))):
            s = score(w, features, labels, golds)
            print(f"{name:<12} {label:<7} {s['P']:6.3f} {s['R']:6.3f} {s['F1']:6.3f} "
                  f"{s['at0.9']:6.0%} of {s['n0.9']:<3} {s['logloss']:8.3f}")
    every = fit([f for fs, _, _ in sets.values() for f in fs], [y for _, ys, _ in sets.values() for y in ys])
    print("fitted on every set:", json.dumps(every))
    if args.write:
        lines = ["# Weights of the features a kept record's evidence gives (tracker/extract/evidence.py):",
                 "# confidence = 1 / (1 + exp(-(bias + sum of the weights of its rule ids))).",
                 f"# Fitted by tools/train_confidence.py on: {', '.join(sets)}.", "[weights]"]
        lines += [f'"{k}" = {v}' if ":" in k else f"{k} = {v}" for k, v in every.items()]
        (DATA / "confidence.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
