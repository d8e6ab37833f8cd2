"""The pledge record, field for field as ../shared/spec/pledge-schema.md has it
(frame.py builds the pandas frame of records with the normalised amounts).

Knows nothing of text or databases: extract builds records, store saves them.
"""
from __future__ import annotations

import getpass
import hashlib
import json
import math
import os
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
# Below this confidence an extracted record waits for a person and is not counted.
REVIEW_BAR = 0.8
# What a view may be filtered to: the stored statuses, with an extracted record below the
# review bar called "pending". A view shows COUNTED unless a status filter says otherwise.
VIEW_STATUSES = ("confirmed", "edited", "extracted", "pending", "rejected")
COUNTED = ("confirmed", "edited", "extracted")


def review_bar() -> float:
    """The review bar: TRACKER_REVIEW_BAR (a number from 0 to 1), else 0.8.

    >>> review_bar()
    0.8
    """
    raw = os.environ.get("TRACKER_REVIEW_BAR", "").strip()
    if not raw:
        return REVIEW_BAR
    try:
        bar = float(raw)
    except ValueError:
        bar = math.nan
    if not 0 <= bar <= 1:
        from tracker.errors import InputError

        raise InputError(f"TRACKER_REVIEW_BAR is {raw!r}; give a number from 0 to 1, such as 0.8")
    return bar


def reviewer() -> str:
    """Who a review action is recorded as: TRACKER_REVIEWER, else the user running the program."""
    name = os.environ.get("TRACKER_REVIEWER", "").strip()
    if name:
        return name[:80]
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def view_status(status: str, confidence: float | None, bar: float) -> str:
    """A stored status as a view filters it: an extracted record below the bar is 'pending'.

    >>> view_status("extracted", 0.5, 0.8), view_status("extracted", None, 0.8), view_status("confirmed", 0.1, 0.8)
    ('pending', 'extracted', 'confirmed')
    """
    if status == "extracted" and confidence is not None and not math.isnan(confidence) and confidence < bar:
        return "pending"
    return status


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
    # and how likely it is to be a pledge as the text states it (0..1); None when a person typed it.
    evidence: list[str] = field(default_factory=list)
    confidence: float | None = None

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
