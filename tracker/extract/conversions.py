"""Conversions said beside an amount: "NOK 12.5 billion (about $1.2 billion)" is
one amount written twice, recognised by the words between the two and by the
day's exchange rate, so that the second never becomes a record of its own.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from tracker.extract import _money_data as data
from tracker.extract.money import _SP, Amount, _alternation

# Possessive spaces: a run of them is taken whole, never split between two `{_SP}*` (quadratic).
_CONVERSION_JOIN = re.compile(
    rf"^{_SP}*+(?:\({_SP}*+(?:{_alternation(data.CONVERSION_WORDS)})?{_SP}*+"
    rf"|\([^()]{{1,16}},{_SP}*+(?:{_alternation(data.CONVERSION_WORDS)}){_SP}*+"  # "(55億ドル, about "
    rf"|,{_SP}*+(?:or{_SP}++)?(?:{_alternation(data.CONVERSION_WORDS)}){_SP}*+"
    rf"|{_SP}*+[–—]{_SP}*+(?:{_alternation(data.CONVERSION_WORDS)})?{_SP}*+)$",
    re.I)
# "$300 million in humanitarian aid for 2024 (about ₩400 billion)": a few words later, in brackets
_LATE_CONVERSION = re.compile(
    rf"^[^();:]{{1,40}}\({_SP}*+(?:{_alternation(data.CONVERSION_WORDS)})?{_SP}*+$", re.I)
# A conversion said outright, right after the amount: "(about UAH 131 bln)", "(approximately"
_SAID_SAME = re.compile(rf"^{_SP}*\({_SP}*(?:about|approximately|approx\.|around|roughly|some|equivalent to|~|≈){_SP}*$", re.I)
# A conversion is accepted when the stated figure is within this share of the day's rate
# (journalists round: "NOK 12.5 billion (about $1.2 billion)").
CONVERSION_TOLERANCE = 0.2
# ... and within this share when the bracket says it is the same money ("2.258 billion pounds
# sterling (approximately $2.2 billion)", converted at some other rate)
SAID_TOLERANCE = 0.35

_BARE_DOLLAR = re.compile(r"\$")
_US_DOLLAR = re.compile(r"(?:US\$|U\.S\.\$|USD)")
_LOCAL_DOLLARS = ("CAD", "AUD", "NZD", "SGD", "HKD")


def _same_money(value: float, currency: str, other: float, other_currency: str, on: date) -> bool:
    """Whether `other` is `value` converted at the day's rate, within `CONVERSION_TOLERANCE`."""
    from tracker.errors import UnknownRateError
    from tracker.records import fx

    try:
        factor, _ = fx.rate(currency, other_currency, on)
    except UnknownRateError:
        return False
    expected = value * factor
    return bool(expected) and abs(other - expected) / expected <= CONVERSION_TOLERANCE


# A bracket opened right after an amount, with a few words and no figure before the next one
_OPEN_BRACKET = re.compile(r"\s*[(\[]\s*[^\d()\[\]]{0,24}")


def joins_conversion(between: str) -> bool:
    """Whether the words between two amounts make the second a conversion standing right
    after the first: " (about ", ", or about ", " – "."""
    return bool(_CONVERSION_JOIN.match(between))


# "..., roughly $108m at current rates": a conversion, however far from the amount it converts
_AT_RATES = re.compile(r"\s*(?:at|on) (?:current|today['’]s|the current|present|prevailing|market) (?:exchange )?rates?\b",
                       re.I)


def _garbled(stated: float, expected: float) -> bool:
    """Whether a stated conversion is the expected one with a wrong scale word: off by a
    factor of a thousand or a million, and otherwise within `CONVERSION_TOLERANCE`.

    >>> _garbled(404_500e6, 420e6), _garbled(5e9, 420e6)
    (True, False)
    """
    return any(abs(stated / scale - expected) / expected <= CONVERSION_TOLERANCE
               for scale in (1e3, 1e6, 1e-3, 1e-6))


def mark_conversions(text: str, amounts: list[Amount], on: date | None = None) -> list[Amount]:
    """Mark an amount that restates the one before it in another currency
    ("21 billion euros (£18.2 billion)", "NOK 10 billion (about $950 million)"):
    it must follow directly, in brackets or after 'or about', and match the
    day's exchange rate within `CONVERSION_TOLERANCE`."""
    if len(amounts) < 2:
        return list(amounts)
    from tracker.errors import UnknownRateError
    from tracker.records import fx

    on = on or fx.last_rate_date()
    out = list(amounts)
    for i in range(1, len(out)):
        prev, cur = out[i - 1], out[i]
        between = text[prev.end:cur.start]
        if prev.converts is None and prev.currency and cur.currency == prev.currency \
                and _OPEN_BRACKET.fullmatch(between) and abs(cur.value - prev.value) <= 0.005 * prev.value:
            out[i] = replace(cur, converts=i - 1)  # "3 billion euros (jusqu'à 3 milliards d'euros)": the original's words
            continue
        if prev.converts is not None or not (_CONVERSION_JOIN.match(between) or _LATE_CONVERSION.match(between)
                                             or _AT_RATES.match(text, cur.end)):
            continue
        if _BARE_DOLLAR.match(prev.text) and prev.currency == "USD" and _US_DOLLAR.match(cur.text):
            # "$245 million (US$164 million)": the bare dollar is the donor's own
            locals_ = tuple(c for c in _LOCAL_DOLLARS if _same_money(prev.value, c, cur.value, "USD", on))
            if locals_:
                out[i - 1] = replace(prev, currency=None, options=locals_)
                out[i] = replace(cur, converts=i - 1)
            continue
        for prev_code in (prev.currency,) if prev.currency else prev.options:
            cur_code = cur.currency or (cur.options[0] if cur.options else None)
            if not prev_code or not cur_code or prev_code == cur_code:
                continue
            try:
                factor, _ = fx.rate(prev_code, cur_code, on)
            except UnknownRateError:
                # No reference rate (the hryvnia): "3 bln euros (about UAH 131 bln)" is said to be the
                # same money, and there is nothing else to check it with
                if _SAID_SAME.match(between):
                    out[i] = replace(cur, converts=i - 1)
                    break
                continue
            expected = prev.value * factor
            said = bool(_SAID_SAME.match(between))
            if expected and (abs(cur.value - expected) / expected <= (SAID_TOLERANCE if said else CONVERSION_TOLERANCE)
                             or (said and _garbled(cur.value, expected))):
                # ... or said to be the same money and off by a scale word: "NOK 4.5 billion (approx.
                # US$404,500 million)" is a conversion with "million" for "thousand", not $404.5bn
                out[i] = replace(cur, converts=i - 1)
                if prev.currency is None:
                    out[i - 1] = replace(prev, currency=prev_code)
                break
    return out
