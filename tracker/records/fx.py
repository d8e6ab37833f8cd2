"""The project's one pint registry (with a currency dimension) and dated
exchange rates: the ECB's daily reference rates as bundled, offline, by the
CurrencyConverter package.

A rate is the last one published on or before the date asked for (weekends and
holidays take the previous business day; dates after the bundled history take
its last day). Every conversion returns the date of the rate it used. A missing
rate raises `UnknownRateError`; it never turns into NaN or a guess.
"""
from __future__ import annotations

import math
from datetime import date, timedelta
from functools import lru_cache

import pandas as pd
import pint

from currency_converter import RateNotFoundError

from tracker.errors import UnknownRateError
from tracker.records.pledge import NORMALISED_CURRENCIES, Pledge

# "EUR" is the base of the currency dimension; the ECB quotes every rate against it.
ureg = pint.UnitRegistry(cache_folder=None)
ureg.define("EUR = [currency]")
# Currencies we can name but must never convert through pint itself: their
# factor is NaN on purpose, so only `convert` below (which knows the day's
# rate) may cross from one to another.
_PINT_CURRENCIES: set[str] = {"EUR"}

# How far back a missing day may look for the previous business day's rate.
MAX_GAP_DAYS = 10


@lru_cache(maxsize=1)
def _converter():
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


def last_rate_date() -> date:
    """The last day of the bundled ECB history."""
    return max(b.last_date for b in _converter().bounds.values())


def unit(currency: str) -> pint.Unit:
    """The registry's unit for an ISO 4217 code, defined on first use."""
    code = currency.upper()
    if code not in _PINT_CURRENCIES:
        ureg.define(f"{code} = nan EUR")
        _PINT_CURRENCIES.add(code)
    return ureg.Unit(code)


def money(amount: float, currency: str) -> pint.Quantity:
    """An amount of a currency as a pint quantity."""
    return ureg.Quantity(amount, unit(currency))


def quantity(pledge: Pledge) -> pint.Quantity:
    """A pledge's amount as a quantity of its currency.

    >>> quantity(Pledge(["GBR"], 4.5e9, "GBP"))
    <Quantity(4.5e+09, 'GBP')>
    """
    return money(pledge.amount, pledge.currency)


@lru_cache(maxsize=65536)
def euro_rate(currency: str, on: date) -> tuple[float, date]:
    """Units of `currency` per euro on `on`, and the day that rate was published."""
    code = currency.upper()
    if code == "EUR":
        return 1.0, on
    conv = _converter()
    if code not in conv.currencies:
        raise UnknownRateError(code, on)
    day = min(on, last_rate_date())
    for _ in range(MAX_GAP_DAYS + 1):
        try:
            return float(conv.convert(1, "EUR", code, date=day)), day
        except RateNotFoundError:
            if day == date.min:  # no day before it to try
                break
            day -= timedelta(days=1)
    raise UnknownRateError(code, on)


def rate(source: str, target: str, on: date) -> tuple[float, date]:
    """How many `target` one `source` buys on `on`, and the rate's date."""
    src, src_day = euro_rate(source, on)
    dst, dst_day = euro_rate(target, on)
    return dst / src, min(src_day, dst_day)


def convert(quantity: pint.Quantity, target: str, on: date) -> tuple[pint.Quantity, date]:
    """`quantity` in `target` at the rate of `on`, with the rate's date."""
    source = str(quantity.units)
    factor, day = rate(source, target, on)
    return money(quantity.magnitude * factor, target), day


def normalise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Add `amount_eur`, `amount_usd`, `amount_gbp` and `fx_date` to a frame with
    `amount`, `currency` and `date` (the announcement date).

    A row without a date has no day to take a rate from, and a currency the
    ECB does not publish (UAH, for one) has no rate: both stay unconverted,
    their normalised amounts and `fx_date` empty, never invented.
    """
    out = frame.copy()
    cols = {t: [] for t in NORMALISED_CURRENCIES}
    days = []
    for amount, currency, when in zip(out["amount"], out["currency"], out["date"]):
        on = None if pd.isna(when) else pd.Timestamp(when).date()
        try:
            per_eur, day = euro_rate(currency, on) if on else (None, None)
        except UnknownRateError:
            per_eur = None
        if per_eur is None:
            for t in NORMALISED_CURRENCIES:
                cols[t].append(math.nan)
            days.append(None)
            continue
        eur = float(amount) / per_eur
        used = [day]
        for t in NORMALISED_CURRENCIES:
            t_rate, t_day = euro_rate(t, on)
            used.append(t_day)
            cols[t].append(eur * t_rate)
        days.append(min(used))
    for t in NORMALISED_CURRENCIES:
        out[f"amount_{t.lower()}"] = pd.Series(cols[t], index=out.index, dtype="float64")
    out["fx_date"] = pd.to_datetime(pd.Series(days, index=out.index, dtype="object"))
    return out
