"""Reviewed records as files give them: each record checked field by field as
the pledge schema says (donor and currency codes, kinds, aid types,
categories, dates, periods), with the reports it comes from and a reviewer's
links. Knows nothing of files or databases: tracker.reading.records builds
these, tracker.store.imports saves them.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tracker.errors import InputError
from tracker.records.pledge import AID_TYPES, CATEGORIES, KINDS, QUALIFIERS, Pledge

# The spec's donor groups beside ISO 3166-1 alpha-3 country codes.
GROUP_CODES = ("EU", "NATO", "UDCG", "G7", "IMF", "WB", "EIB", "EBRD", "UN")
NOT_MONEY = ("XXX", "XTS")
# How our CSV writes what a cell holds several of, and guards a cell (OWASP, CSV
# injection): a cell a spreadsheet would read as a formula or a command starts
# with one of FORMULA_STARTS (full-width forms too: some spreadsheets fold them
# to ASCII), and such a text cell gets a leading apostrophe. tracker.export
# writes by these, the readers of record files read by them.
URL_SEPARATOR, QUOTE_SEPARATOR = "; ", " | "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
FORMULA_GUARD = "'"
ID = re.compile(r"[A-Za-z0-9_-]{1,16}")
_PERIOD = re.compile(r"(\d{4})(?:-(\d{4}))?")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


@dataclass
class Report:
    """One report of a record: where it was published, and the sentence."""

    url: str | None
    published: date
    quote: str
    start: int = 0
    end: int = 0
    path: str | None = None
    title: str | None = None
    outlet: str | None = None
    source_id: str | None = None


@dataclass
class Row:
    """One record as read from a file, checked, with where it stands there
    (`where`: "pledges.csv:12", "report.json:40 (record 3)")."""

    where: str
    pledge: Pledge
    reports: list[Report]
    id: str | None = None
    part_of: str | int | None = None  # a stored pledge id (export), a position (gold)
    status: str | None = None  # as the file gives it; None: confirmed
    conflict: bool = False
    reviewed_by: str | None = None  # who checked it, as the file gives it; None: who imports it
    # A reviewer's link to the record of another report that gave this pledge
    # first: (that report's id, the record's position); this report joins it.
    same_as: tuple[str, int] | None = None


@dataclass
class RecordsFile:
    """A file's checked records, and the reports it names for the whole file
    (a gold file's `url` and `published`: stored even when it holds no record,
    as an ingested article that states no pledge is)."""

    path: Path
    rows: list[Row]
    reports: list[Report] = field(default_factory=list)
    id: str | None = None  # a report file's own id, which `same_as` names


def is_donor_code(code) -> bool:
    """A donor or recipient code of the spec: ISO 3166-1 alpha-3 or a group.

    >>> [is_donor_code(c) for c in ("NOR", "EU", "nor", "XYZ", "UKR")]
    [True, True, False, False, True]
    """
    import pycountry

    if not isinstance(code, str):
        return False
    return code in GROUP_CODES or (len(code) == 3 and code.isupper()
                                   and pycountry.countries.get(alpha_3=code) is not None)


def is_currency_code(code) -> bool:
    """An ISO 4217 code of money (not XXX, "no currency", nor XTS, for testing).

    >>> [is_currency_code(c) for c in ("EUR", "UAH", "XDR", "eur", "EURO", "XYZ", "XXX")]
    [True, True, True, False, False, False, False]
    """
    import pycountry

    return (isinstance(code, str) and len(code) == 3 and code.isupper() and code not in NOT_MONEY
            and pycountry.currencies.get(alpha_3=code) is not None)


def parse_day(value, what: str) -> date | None:
    """An ISO date, or None for an empty one.

    >>> parse_day("2024-03-01", "date"), parse_day("", "date")
    (datetime.date(2024, 3, 1), None)
    """
    if value is None or value == "":
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InputError(f"{what} {value!r} is not a date written YYYY-MM-DD")


def _codes(value, what: str) -> list[str]:
    """A list (JSON) or ';'-joined text (CSV) of codes."""
    if isinstance(value, str):
        value = [v.strip() for v in value.split(";")] if value.strip() else []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{what} {value!r} is not a list of codes")
    return value


def check_record(raw: dict, text_cells: bool) -> dict:
    """The spec's fields of one record, typed and checked: InputError with one
    sentence naming the first bad field. `text_cells`: every value is text (CSV)."""
    def get(key, default=None):
        value = raw.get(key, default)
        return value.strip() if text_cells and isinstance(value, str) else value

    out = {}
    donors = _codes(get("donors", ""), "donors")
    bad = [d for d in donors if not is_donor_code(d)]
    if bad:
        raise InputError(f"donors: {', '.join(map(repr, bad))} "
                         f"{'is' if len(bad) == 1 else 'are'} not ISO 3166-1 alpha-3 or one of {', '.join(GROUP_CODES)}")
    if len(set(donors)) != len(donors):
        raise InputError(f"donors {donors!r} name a donor twice")
    out["donors"] = donors
    recipient = get("recipient") or "UKR"
    if not is_donor_code(recipient):
        raise InputError(f"recipient {recipient!r} is not an ISO 3166-1 alpha-3 code such as UKR")
    out["recipient"] = recipient
    amount = get("amount")
    if text_cells and isinstance(amount, str) and _NUMBER.fullmatch(amount):
        amount = float(amount)
    if (isinstance(amount, bool) or not isinstance(amount, (int, float)) or not math.isfinite(amount)
            or amount <= 0):
        raise InputError(f"amount {amount!r} is not a positive number (digits, '.' for decimals, no separators)")
    out["amount"] = float(amount)
    currency = get("currency")
    if not is_currency_code(currency):
        raise InputError(f"currency {currency!r} is not an ISO 4217 code such as EUR")
    out["currency"] = currency
    for key, allowed in (("qualifier", QUALIFIERS), ("kind", KINDS), ("aid_type", AID_TYPES)):
        value = get(key)
        if value not in allowed:
            raise InputError(f"{key} {value!r} is not one of {', '.join(allowed)}")
        out[key] = value
    categories = _codes(get("categories", ""), "categories")
    if not categories or any(c not in CATEGORIES for c in categories):
        raise InputError(f"categories {categories!r} is not a non-empty list from {', '.join(CATEGORIES)}")
    out["categories"] = categories
    out["date"] = parse_day(get("date"), "date")
    period = get("period") or None
    if period is not None:
        m = _PERIOD.fullmatch(period) if isinstance(period, str) else None
        if not m or (m.group(2) and m.group(2) < m.group(1)):
            raise InputError(f"period {period!r} is not YYYY or YYYY-YYYY (first year first)")
    out["period"] = period
    quote = get("quote") or ""
    if not isinstance(quote, str):
        raise InputError(f"quote {quote!r} is not text")
    out["quote"] = quote
    return out


def check_status(value) -> str | None:
    """A status as given (the store knows which it accepts), or None when the
    file gives none: a reviewed record."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"status {value!r} is not text")
    return value


def check_review(raw: dict, text_cells: bool) -> tuple[float | None, list[str], str | None]:
    """A record's review state as an export gives it: the extractor's
    confidence (0 to 1; none when a person typed the record), its evidence
    (a list, or ' | '-joined text in a CSV cell) and who reviewed it.

    >>> check_review({"confidence": "0.93", "evidence": "giver:named | support:gives", "reviewed_by": ""}, True)
    (0.93, ['giver:named', 'support:gives'], None)
    """
    confidence = raw.get("confidence")
    if isinstance(confidence, str):
        text = confidence.strip()
        try:
            confidence = float(text) if text else None
        except ValueError:
            raise InputError(f"confidence {text!r} is not a number from 0 to 1") from None
    if confidence is not None and (isinstance(confidence, bool) or not isinstance(confidence, (int, float))
                                   or not 0 <= confidence <= 1):
        raise InputError(f"confidence {confidence!r} is not a number from 0 to 1")
    evidence = raw.get("evidence") or []
    if isinstance(evidence, str) and text_cells:
        evidence = [e.strip() for e in evidence.split(QUOTE_SEPARATOR) if e.strip()]
    if not (isinstance(evidence, list) and all(isinstance(e, str) for e in evidence)):
        raise InputError(f"evidence {evidence!r} is not a list of texts")
    who = raw.get("reviewed_by")
    if who is not None and not isinstance(who, str):
        raise InputError(f"reviewed_by {who!r} is not a name")
    return (None if confidence is None else float(confidence)), evidence, (who or "").strip()[:80] or None


def check_flag(value) -> bool:
    if value in (None, "", False, "false", "FALSE", "False"):
        return False
    if value in (True, "true", "TRUE", "True"):
        return True
    raise InputError(f"conflict {value!r} is not true or false")


def check_links(files: list[RecordsFile]) -> dict[str, RecordsFile]:
    """Every `same_as` names a record of another report among `files`, one
    that is no link itself."""
    by_id = {f.id: f for f in files if f.id}
    for f in files:
        for row in f.rows:
            if not row.same_as:
                continue
            report, position = row.same_as
            target = by_id.get(report)
            if target is None or report == f.id:
                raise InputError(f"{row.where}: same_as names report {report!r}, which is not another of the "
                                 "files imported with it")
            if position >= len(target.rows) or target.rows[position].same_as:
                raise InputError(f"{row.where}: same_as names record {position} of {report}, which "
                                 f"{'is itself a link' if position < len(target.rows) else 'it does not hold'}")
    return by_id
