"""The pledge record, field for field as ../shared/spec/pledge-schema.md has it,
and the pandas frame built from records with the normalised amounts.

Knows nothing of text or databases: extract builds records, store saves them.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date

import pandas as pd

KINDS = ("package", "budget", "aggregate", "cumulative")
AID_TYPES = ("military", "financial", "humanitarian")
QUALIFIERS = ("exact", "at_least", "at_most", "about")
CATEGORIES = (
    "air_defence", "drones", "artillery_ammunition", "armour_vehicles", "aircraft",
    "naval", "maintenance_repair", "mines_demining", "training", "industry", "general",
)
# The spec's fields, in the spec's order; `start` and `end` locate `quote` in the text.
FIELDS = ("donors", "recipient", "amount", "currency", "qualifier", "kind", "aid_type",
          "categories", "date", "period", "part_of", "quote")
NORMALISED = ("amount_eur", "amount_usd", "amount_gbp", "fx_date")
FRAME_COLUMNS = ("id",) + FIELDS + ("start", "end") + NORMALISED


@dataclass
class Pledge:
    """One monetary amount of support, as the text states it."""

    donors: list[str]
    amount: float
    currency: str
    qualifier: str = "exact"
    kind: str = "package"
    aid_type: str = "military"
    categories: list[str] = field(default_factory=lambda: ["general"])
    date: date | None = None
    period: str | None = None
    part_of: int | None = None
    quote: str = ""
    start: int = 0
    end: int = 0
    recipient: str = "UKR"
    # Why the extractor kept it: rule ids and the words that fired them ('giver:named "Denmark"'),
    # and how likely it is to be a pledge as the text states it (0..1).
    evidence: list[str] = field(default_factory=list)
    confidence: float = 1.0

    @property
    def quantity(self):
        """The amount as a pint quantity of its currency (the project's one registry).

        >>> Pledge(["GBR"], 4.5e9, "GBP").quantity
        <Quantity(4.5e+09, 'GBP')>
        """
        from tracker.fx import money

        return money(self.amount, self.currency)

    @property
    def id(self) -> str:
        """A content hash of what identifies the pledge within its source."""
        key = json.dumps([sorted(self.donors), self.currency, round(self.amount, 2), self.kind,
                          self.date.isoformat() if self.date else None, self.quote],
                         ensure_ascii=False)
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    def to_dict(self) -> dict:
        """The spec's fields (plus `start`, `end`) as JSON-ready values."""
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        amount = float(self.amount)
        d["amount"] = int(amount) if amount.is_integer() else amount
        return {k: d[k] for k in FIELDS + ("start", "end")}


def pledges_to_frame(pledges: list[Pledge]) -> pd.DataFrame:
    """Records as a frame with the spec's columns and the amounts converted to
    EUR, USD and GBP at each announcement date (see `tracker.fx.normalise_frame`)."""
    from tracker.fx import normalise_frame

    rows = [{"id": p.id, **p.to_dict()} for p in pledges]
    frame = pd.DataFrame(rows, columns=[c for c in FRAME_COLUMNS if c not in NORMALISED])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["amount"] = frame["amount"].astype(float)
    return normalise_frame(frame)
