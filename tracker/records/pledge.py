"""The pledge record, field for field as ../shared/spec/pledge-schema.md has it
(frame.py builds the pandas frame of records with the normalised amounts).

Knows nothing of text or databases: extract builds records, store saves them.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date

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
# Every amount is also kept in these, converted at the rate of its announcement date;
# they are the dashboard's display currencies and the ones totals are counted in.
NORMALISED_CURRENCIES = ("EUR", "USD", "GBP")
NORMALISED = tuple(f"amount_{c.lower()}" for c in NORMALISED_CURRENCIES) + ("fx_date",)
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
