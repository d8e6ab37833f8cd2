"""The kind of record an amount is (package, budget, cumulative, aggregate) and the years it
covers: running totals, a year's envelope, money per year, and the kind a list or a
comparison carries over from the amount before."""
from __future__ import annotations

import re

from tracker.extract.context import Context, Windows, cue
from tracker.extract.dates import FISCAL_YEAR
from tracker.extract.giver import RECEIVED_BY_UKRAINE
from tracker.extract.money import Amount
from tracker.extract.taxonomy import Entity, cue_pattern
from tracker.records.pledge import Pledge

# Groups that give nothing of their own: what they announce is their members' total.
_SUM_GROUPS = {"UDCG", "G7"}
# "promised €977 million for 2024": money for a stated year is an envelope
# One year, said as a year (not a range's start) or as this or next year
_A_YEAR = r"(?:(?:19|20)\d\d\b(?!\s*[-–])|this year\b|next year\b)"
# "$6bn in fiscal 2025" is that year's budget; "Fiscal 2024 funds in the amount of $312m" is money from it
_IN_FISCAL_YEAR = re.compile(rf"\b(?i:in|for|during)\s+(?i:the\s+)?{FISCAL_YEAR.pattern}")
_FOR_YEAR = re.compile(rf"\bfor\s+(?:(?:ukraine|kyiv)\s+in\s+)?{_A_YEAR}"
                       r"|\bfür (?:das )?(?:kommende|nächste|laufende|dieses) Jahr\b|\bpour l['’]année\b", re.I)
# "€1bn this year", "£4.5bn for Ukraine in 2025": the words after the amount give its year
OWN_YEAR = re.compile(rf"^\W*(?:(?:for|to) (?:ukraine|kyiv|(?-i:[A-Z]\w+))\s+)?(?:(?:in|for) (?:{_A_YEAR}|last year\b)|{_A_YEAR}|last year\b)", re.I)
# "Next year, Denmark will allocate 9.4 billion kroner", "This year, the ministry has allocated €20 million":
# a sentence that opens on its year
_YEAR_FIRST = re.compile(r"^\W*(?:(?:in|for|during)\s+)?(?:this|next|the coming) (?:year|financial year|fiscal year),"
                         r"|^\W*(?:in diesem|im kommenden|im nächsten) Jahr\b|^\W*(?:cette année|l['’]année prochaine)\b",
                         re.I)
# "0.25% of its GDP each year ..., about €200 million": yearly, wherever the clause says it
_EVERY_YEAR = re.compile(r"\b(?:each|every|per) year\b|\bannually\b|\bper annum\b", re.I)
_COORDINATED = re.compile(r"[^,;:]{0,60}\b(?:and|as well as|plus)\s+", re.I)
_SUPERLATIVE = re.compile(r"\b(?:largest|biggest|highest|greatest|first|most|record|single)\b[^,.;$€£¥\d]{0,50}$"
                          r"|\b(?:years?|months?|weeks?|days?)\s+(?:to the day\s+)?$", re.I)
_ELLIPSIS = re.compile(r"[\s,]*(?:(?:and|while|with|plus)\s+)?(?:the\s+)?(?:'s\s+)?[\s,]*", re.I)
_SAME_PERIOD = re.compile(r"\b(?:over|in|during|for|across) the same (?:period|time|years)\b", re.I)
_ONE_AMOUNT = re.compile(r"\b(?:an?|one)\s+(?!estimated\b|total\b)(?:\w+\s+)?$", re.I)  # "a new £50m"
_FOR_PACKAGE = re.compile(r"[^.;]{0,30}\bfor (?:the|a|its|their) (?:\w+ ){0,2}package\b", re.I)
_UNTIL_YEAR = re.compile(r"\b(?:until|through|till|to)\s+(?:the end of\s+)?(?:19|20)\d\d\b", re.I)
_ONE_YEAR = re.compile(r"\btotal\b[^.;]{0,60}\b(?:in|for) (?:(?:19|20)\d\d|this year)\b", re.I)


def period_of(texts: tuple[str, str], ctx: Context, kind: str) -> str | None:
    """The period the amount's own words give, else the one its clause gives; a start
    the clause names before the amount completes an open end after it ("approved in
    2023 and worth USD 15.6 billion, runs until 2027")."""
    own = ctx.period(texts[0], kind, counted=False)
    whole = ctx.period(texts[1], kind)
    if own and whole and "-" in own and "-" in whole and ctx.published and own.startswith(str(ctx.published.year)) \
            and _span(own) == _span(whole):
        return whole  # "When the programme was created in 2023, it was 75 billion kroner over five years"
    if own and whole and own != whole and own.split("-")[-1] == whole.split("-")[-1]:
        return whole
    return own or whole


def one_year(text: str, ctx: Context) -> bool:
    """Whether an amount's own words give it one year ("the €5 billion fund agreed in March for 2024")."""
    own = ctx.period(text, "budget", counted=False)
    return bool(own) and "-" not in own


def _span(period: str) -> int:
    first, last = period.split("-")
    return int(last) - int(first)


def kind_of(w: Windows, donors: list[str], collective: bool, period_text: tuple[str, str], ctx: Context) -> tuple[str, str]:
    """The kind of record an amount is, and the id of the rule that says so."""
    if _to_date(w.clause + " " + w.right, w.heads):
        return "cumulative", "to-date"
    if cue("cumulative_left", w.clause, heads=w.heads):
        # "takes the UK's total military support for Ukraine in 2024 to £3 billion": the year's envelope;
        # "a total of €5 billion in military support until 2027": years to come, no running total
        if _ONE_YEAR.search(w.clause) or _UNTIL_YEAR.search(w.right):
            return "budget", "year-envelope"
        return "cumulative", "running-total"
    # "Britain has given Ukraine £7.1bn": a total to date, unless one new amount or a year's money
    if cue("cumulative_perfect", w.clause, heads=w.heads) and not cue("left", w.clause, "new_money", w.heads) \
            and not _ONE_AMOUNT.search(w.near) and not period_of(period_text, ctx, "budget") \
            and not RECEIVED_BY_UKRAINE.search(w.clause):
        return "cumulative", "perfect-tense"
    if collective and RECEIVED_BY_UKRAINE.search(w.clause):
        return "cumulative", "received-over-span"  # what many partners paid in over a span ("In March, Ukraine received ... from partners")
    if collective or (donors and set(donors) <= _SUM_GROUPS):
        return "aggregate", "many-donors"
    if cue("share", w.clause, heads=w.heads) or cue("drawn_from", w.clause, heads=w.heads):
        return "package", "share"
    if cue("per_year", w.right[:40], heads=w.heads) or cue("per_year", w.near, heads=w.heads) or _EVERY_YEAR.search(w.clause):
        return "budget", "per-year"
    period = period_of(period_text, ctx, "budget")
    if period and _FOR_PACKAGE.match(w.right):
        return "package", "for-package"  # "€3.5 billion for 2025, plus €500 million on 4 August for the first package of ..."
    # ... but "an additional $4.5 billion to Ukraine this year" is one more package
    if period and ("-" in period or _FOR_YEAR.search(period_text[1]) or _IN_FISCAL_YEAR.search(period_text[1])
                   or ((OWN_YEAR.match(w.right) or _YEAR_FIRST.match(w.before))
                       and not cue("left", w.clause, "new_money", w.heads))):
        return "budget", "year-budget"
    if period and (cue("envelope", w.clause, heads=w.heads) or cue("envelope", w.right, heads=w.heads)):
        return "budget", "envelope"
    return "package", "default"


def kind_said_before(kind: str, w: Windows, a: Amount, entities: list[Entity], out: list[Pledge],
                      ctx: Context, compared: bool) -> tuple[str, str | None]:
    """The kind an amount takes from the records before it, and the years it falls back on:
    "has so far committed £4.6bn in military aid and £12bn in total support" (a running total
    too), "... £7.8 billion over the same period" (the last record's kind and years), "...,
    Germany €4 billion and Norway NOK 72.5 billion" (a list that leaves out the verb), "€4
    billion for 2025, down from €7.5bn this year" (a budget too)."""
    years = None
    if kind == "package" and out and out[-1].kind == "cumulative" and _COORDINATED.fullmatch(w.clause):
        kind = "cumulative"
    earlier = out or ctx.records
    if earlier and _SAME_PERIOD.search(w.right):
        kind, years = earlier[-1].kind, earlier[-1].period
    if out and _is_ellipsis(w.near, entities, a):
        kind, years = out[-1].kind, out[-1].period
    if compared and kind == "package" and out and out[-1].kind in ("budget", "cumulative"):
        kind = out[-1].kind
    return kind, years


def _is_ellipsis(near: str, entities: list[Entity], a: Amount) -> bool:
    """Whether the words before an amount are only a donor's name, as in a list that leaves
    the verb out: "..., Germany €4 billion and Norway NOK 72.5 billion"."""
    start = a.start - len(near)
    names = [e for e in entities if start <= e.start and e.end <= a.start]
    if not names:
        return False
    rest, last = [], start
    for e in names:
        rest.append(near[last - start:e.start - start])
        last = e.end
    rest.append(near[last - start:])
    return bool(_ELLIPSIS.fullmatch("".join(rest)))


def _to_date(text: str, heads: frozenset[str] | None = None) -> bool:
    """Whether `text` says an amount is a total to date ("since 2022", "so far"), and not only
    that something is the largest so far ("the largest package Sweden has provided so far") or
    an anniversary ("three years to the day since the invasion")."""
    return any(not _SUPERLATIVE.search(text, max(0, m.start() - 80), m.start())
               for m in cue_pattern("kind", "cumulative_any").finditer(text, heads))
