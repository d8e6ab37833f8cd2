"""Why the extractor keeps or drops a figure: rule ids with the words that fired them,
the decision for every money figure of a text, and a record's confidence.

A `Reason` is one rule that fired ("giver:named", "distractor:russia-subject") and the
words of the text that made it fire. A `Decision` is what happened to one money figure:
kept (with the reasons for it and its confidence) or dropped (with the rule that dropped
it). The confidence of a kept record is a logistic function of the rules' features, with
the weights of confidence.toml; below `MIN_CONFIDENCE` a record is not emitted.
"""
from __future__ import annotations

import csv
import math
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from tracker.extract.taxonomy import GROUPS

DATA = Path(__file__).resolve().parent  # confidence.toml and donor_gdp.csv, beside this module
# Records below this confidence are not emitted (the one place the default is set).
MIN_CONFIDENCE = 0.5
# Below this, a figure is a price, a tariff or a rate, never a pledge ("4.32 hryvnias per kilowatt-hour").
MIN_AMOUNT = 10_000


@dataclass(frozen=True)
class Reason:
    """One rule that fired, by its id, and the words that fired it."""

    rule: str
    words: str = ""

    def __str__(self) -> str:
        words = " ".join(self.words.split())
        if len(words) > 60:
            words = words[:57] + "..."
        return f'{self.rule} "{words}"' if words else self.rule

    @property
    def family(self) -> str:
        """The part of the id before the colon: giver, support, recipient, kind, ..."""
        return self.rule.split(":", 1)[0]


@dataclass
class Decision:
    """What the extractor did with one money figure of a text (offsets in the whole text)."""

    figure: str
    start: int
    end: int
    kept: bool
    reasons: list[Reason] = field(default_factory=list)
    confidence: float | None = None
    sentence: str = ""

    def describe(self) -> str:
        verdict = "KEPT" if self.kept else "dropped"
        conf = f" confidence {self.confidence:.2f}" if self.confidence is not None else ""
        lines = [f"{verdict:<8}{self.figure!r} at {self.start}{conf}"]
        lines += [f"          {r}" for r in self.reasons]
        return "\n".join(lines)


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    """The weight of each feature, and the bias, from confidence.toml."""
    with open(DATA / "confidence.toml", "rb") as f:
        return dict(tomllib.load(f)["weights"])


def confidence(features: dict[str, float]) -> float:
    """A record's confidence in 0..1: the logistic function of the weighted features.

    >>> confidence({}) == round(1 / (1 + math.exp(-weights()["bias"])), 3)
    True
    """
    w = weights()
    z = w["bias"] + sum(w.get(name, 0.0) * value for name, value in features.items())
    return round(1 / (1 + math.exp(-z)), 3)


@lru_cache(maxsize=1)
def donor_gdp() -> dict[str, float]:
    """Each donor's annual GDP in billions of euros (donor_gdp.csv)."""
    with open(DATA / "donor_gdp.csv", encoding="utf-8", newline="") as f:
        return {row["code"]: float(row["gdp_eur_bn"]) for row in csv.DictReader(f)}


# A single donor's package, or one year of its budget, is never more than this share of its
# annual GDP (of 2021, the reference year of donor_gdp.csv). The largest real packages are
# about 0.7 % (Denmark's DKK 18bn for 2024) and 0.6 % (the EU's €90bn loan for 2026-2027; the US
# $61bn supplemental was 0.3 %); the largest one-year budget about 2 % (Norway's NOK 85bn for
# 2026). One bound for both: the kind of a record is the less certain of the two.
YEAR_SHARE = 0.03
# A running total or a sum of many donors' money: the largest real ones are about 3 % of the
# donors' GDP (Denmark's DKK 79bn since 2022).
TOTAL_SHARE = 0.06


def implausible(amount_eur_bn: float, donors: list[str], kind: str, years: int = 1) -> Reason | None:
    """Whether an amount is larger than its donors could give: more than a share of
    their annual GDP (per year of its period, for a budget over many years)."""
    gdp = donor_gdp()
    known = [gdp[d] for d in donors if d in gdp]
    total = sum(known)
    many = kind in ("cumulative", "aggregate") or len(donors) > 1
    if not known:
        # no donor named: all donors together for a total, else the largest single one could give
        total = gdp["ALL"] if many else max(v for k, v in gdp.items() if k not in GROUPS and k != "ALL")
    if many:
        share = TOTAL_SHARE
    else:
        share = YEAR_SHARE * max(years, 1) if kind == "budget" else YEAR_SHARE
    if amount_eur_bn > share * total:
        return Reason("plausible:gdp-share", f"{amount_eur_bn:,.1f}bn EUR > {share:.1%} of GDP {total:,.0f}bn")
    return None


def years_of(period: str | None) -> int:
    """How many years a period ("2024-2027", "2025") spans (1 if none).

    >>> years_of("2024-2027"), years_of("2025"), years_of(None)
    (4, 1, 1)
    """
    if not period:
        return 1
    first, _, last = period.partition("-")
    try:
        return int(last or first) - int(first) + 1
    except ValueError:
        return 1


def in_euro_bn(amount: float, currency: str, on: date | None) -> float | None:
    """An amount in billions of euros at the day's reference rate, or None if there is none."""
    from tracker.records import fx
    from tracker.errors import UnknownRateError

    try:
        factor, _ = fx.rate(currency, "EUR", on or fx.last_rate_date())
    except UnknownRateError:
        return None
    return amount * factor / 1e9
