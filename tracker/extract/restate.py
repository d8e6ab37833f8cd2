"""Restatements and parts: an amount that says an earlier record again (rounded, in another
currency, in a headline), and an amount that is a stated part of an earlier whole (its share,
or a package bought from it), with the aid type a whole takes from its parts."""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace

from tracker.extract.context import Context, Windows, cue
from tracker.extract.conversions import CONVERSION_TOLERANCE
from tracker.extract.evidence import Reason
from tracker.extract._money_data import DOLLARS
from tracker.extract.money import Amount
from tracker.extract.sentences import LIST_ITEM, REACH
from tracker.extract.text import fold_case
from tracker.records.pledge import CATEGORIES, Pledge

# How many records back an amount may say one again (an article of the corpora has 16 at most).
RECALL = 100
PACKAGE = re.compile(r"\bpackages?\b", re.I)  # "£200 million will be spent on drones, the largest single drone package"
# "The money is worth about US$366 million", "The money, about forty-three billion pounds, ...": said again
_WORTH = re.compile(r"\b(?:worth|equivalent to|equal to|amounts? to|or)\b"
                    r"|\b(?:money|sum|amount|total|figure),\s+(?:about|around|roughly|some|nearly|approximately)\b"
                    r"|\b(?:billion|million|trillion|bn|m)\s+(?:is|are|makes?)\s+(?:about|around|roughly|some|nearly|approximately)?\s*$",
                    re.I)  # "Eighty-five billion is roughly 7.6 billion dollars"
# "of which £7.8bn", "Of the total, €33bn", "Of this, CHF 500 million": a share of the same money
SHARE_OF = re.compile(r"(?:\bof which\b|^\W*(?:most|much|part|half|some|all|the bulk|the rest|the remainder) of "
                       r"(?:it|that|this|the (?:money|sum|total|amount))\b|^\W*of (?:the|this|that|these)\b(?: \w+){0,2},|\bsplit (?:into|between)\b|"
                       r"\bmade up of\b|\bcompris(?:es|ing|ed)\b|\bconsist(?:s|ing) of\b)", re.I)
_INCLUDES = re.compile(r"\b(?:includ(?:es?|ing|ed)|of which|compris(?:es|ing|ed)|consist(?:s|ing) of|made up of|"
                       r"split (?:into|between))\b", re.I)
# "includes more than $1.6 billion in military assistance": the same money, split by what it is for
_SPLIT_BY_AID = re.compile(r"^\s*(?:in|of)\s+(?:[\w-]+\s+){0,2}?(?:aid|support|assistance|funding)\b", re.I)
_AND = re.compile(r"\band\b")
# What a full sentence restating a subheading's amount says better than the subheading.
_SENTENCE_FIELDS = ("donors", "qualifier", "kind", "aid_type", "categories", "date", "period", "quote", "start", "end")


def restates_earlier(p: Pledge, records: list[Pledge], stated: bool, headline: bool = False,
              definite: bool = False, dollar: bool = False) -> Pledge | None:
    """The earlier record that `p` only restates: the same amount and currency from
    the same donors (or donors the sentence does not name, or "the £650m", which
    points back). A headline rounds ("SEK 16 billion" for SEK 16.6 billion), and its
    bare "$" may be the body's Canadian or Australian dollar (`dollar`)."""
    for r in records:
        # "more than $3 billion" ... "The $3.02 billion for this year": a round figure, then the exact one
        rounded = headline or (r.qualifier in ("at_least", "about") and p.qualifier == "exact"
                               and (r.qualifier == "about" or p.amount >= r.amount))
        tolerance = 0.05 if rounded else 0.005
        same_money = r.currency == p.currency or (dollar and headline and r.currency in DOLLARS)
        # "NOK 7.4 billion" ... "more than seven billion kroner": the same money, rounded down
        below = p.qualifier == "at_least" and r.qualifier == "exact" and p.kind == r.kind \
            and _rounded_down(r.amount, p.amount)
        if same_money and (abs(r.amount - p.amount) <= tolerance * max(r.amount, 1) or below) \
                and not _other_year(r.period, p.period):
            if definite or not stated or not r.donors or not p.donors or set(r.donors) == set(p.donors):
                return r
    return None


def said_new_before(words: str, p: Pledge, records: list[Pledge]) -> bool:
    """Whether a record of an earlier sentence, of the same amount, was said to be new in the same
    adjective ('additional', 'extra'); 'another', 'a further' and an ordinal count a new one."""
    words = fold_case(words)
    return words in ("additional", "extra") and any(r.currency == p.currency and abs(r.amount - p.amount) <= 0.005 * r.amount
               and words in fold_case(r.quote) for r in records)


def _rounded_down(exact: float, figure: float) -> bool:
    """Whether `figure` is `exact` rounded down to one or two significant figures (7.4bn -> 7bn).

    >>> _rounded_down(7.4e9, 7e9), _rounded_down(5e9, 4.5e9)
    (True, False)
    """
    if not 0 < figure < exact:
        return False
    magnitude = 10 ** math.floor(math.log10(exact))
    return any(math.isclose(math.floor(exact / step) * step, figure) for step in (magnitude, magnitude / 10))


def _other_year(one: str | None, other: str | None) -> bool:
    """Whether two periods are different single years: "€3.5bn for 2025" ... "€3.5bn for 2026"
    are two budgets (ranges are worked out in too many ways to tell)."""
    return bool(one and other and "-" not in one + other and one != other)


def converts_earlier(p: Pledge, w: Windows, records: list[Pledge]) -> Pledge | None:
    """The recent record `p` only restates in another currency, in a sentence that names
    no donor ("The money is worth about US$366 million."), if any."""
    if not _WORTH.search(w.before[-REACH:]):
        return None
    from tracker.errors import UnknownRateError
    from tracker.records import fx

    for r in records[-3:]:
        if r.currency == p.currency:
            continue
        try:
            factor, _ = fx.rate(r.currency, p.currency, p.date or r.date or fx.last_rate_date())
        except UnknownRateError:
            continue
        if abs(p.amount - r.amount * factor) <= CONVERSION_TOLERANCE * r.amount * factor:
            return r
    return None


def restated_in_conversion(p: Pledge, conversion: Amount | None, records: list[Pledge]) -> Pledge | None:
    """The earlier record an amount restates in another currency, as the conversion said beside it
    shows: "a $1.8 billion loan" ... "a $2.4 billion Canadian dollars ($1.8 billion) loan" (the
    conversion restates it as `restates_earlier` tells, its sentence naming its donors)."""
    if conversion is None:
        return None
    said = replace(p, amount=conversion.value, currency=conversion.currency, qualifier=conversion.qualifier)
    return restates_earlier(said, records, stated=True)


def whole_of(p: Pledge, w: Windows, out: list[Pledge], ctx: Context) -> tuple[Pledge | None, bool]:
    """The record `p` is a stated part of, and whether `p` is a share of the same money
    ("of which", "Of the total, €33bn will be lent": same kind and years) rather
    than something bought from it ("includes a £450m package", "Within this year's
    allocation, ... £1.7bn": a package)."""
    earlier = out or ctx.records
    share = bool(SHARE_OF.search(w.clause) or (_INCLUDES.search(w.near) and _SPLIT_BY_AID.match(w.right)))
    if (share or _INCLUDES.search(w.near)) and earlier:
        # "The new package will include £92 million": a part of the last package, whatever came after it
        packages = [r for r in earlier if PACKAGE.search(r.quote)] if PACKAGE.search(w.clause) else []
        last = packages[-1] if packages else earlier[-1]
        return (last.part_of if isinstance(last.part_of, Pledge) else last), share
    if ctx.list_whole is not None and LIST_ITEM.match(p.quote):
        # "..., including:" and a list of the parts: of a running total, running totals too
        return ctx.list_whole, ctx.list_whole.kind == "cumulative"
    if out and isinstance(out[-1].part_of, Pledge) and _AND.search(w.clause):
        return out[-1].part_of, bool(SHARE_OF.search(out[-1].quote))  # the next part in the same list
    if cue("drawn_from", w.clause, heads=w.heads):
        budgets = [r for r in ctx.records[-RECALL:] + out if r.kind == "budget" and set(r.donors) & set(p.donors)]
        if budgets:
            return budgets[-1], False
    return None, False


def type_of_larger_part(records: list[Pledge]) -> None:
    """A whole whose stated parts are of different aid types is of the type most of its money is:
    "$110 million, made up of $100 million in military assistance and $10 million in humanitarian
    support" is military."""
    parts: dict[int, list[Pledge]] = {}
    for p in records:
        if isinstance(p.part_of, Pledge):
            parts.setdefault(id(p.part_of), []).append(p)
    for whole in records:
        mine = parts.get(id(whole), [])
        if len({p.aid_type for p in mine}) < 2 or any(p.currency != whole.currency for p in mine):
            continue
        money = Counter()
        for p in mine:
            money[p.aid_type] += p.amount
        larger = max(money, key=money.get)
        if larger != whole.aid_type:
            whole.aid_type = larger
            whole.categories = ["general"] if larger != "military" else \
                sorted({c for p in mine if p.aid_type == "military" for c in p.categories},
                       key=CATEGORIES.index) or ["general"]


def correct_earlier(earlier: Pledge, p: Pledge, reasons: list[Reason], heading: bool, headline: bool,
                    ctx: Context) -> None:
    """What `p`, which restates `earlier`, says better than it: all of it after a subheading, a
    looser qualifier, or the exact figure after a round one."""
    if id(earlier) in ctx.headings and not heading:
        # "UK and Norway put £450m into joint package", then the sentence that says it in full
        for name in _SENTENCE_FIELDS:
            setattr(earlier, name, getattr(p, name))
        ctx.headings.discard(id(earlier))
        ctx.kept[id(earlier)].reasons = reasons
    # "agreed a record 21 billion euros" ... "total over 21 billion euros": at least
    elif earlier.qualifier == "exact" and p.amount == earlier.amount:
        earlier.qualifier = p.qualifier
    elif p.qualifier == "exact" and earlier.qualifier != "exact" and p.amount != earlier.amount \
            and not headline:
        # "more than $3 billion" ... "The $3.02 billion for this year": the exact figure
        earlier.amount, earlier.qualifier = p.amount, "exact"
