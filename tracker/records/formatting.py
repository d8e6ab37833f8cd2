"""Amounts and codes written for people: `format_money` as the dashboard shows
every amount (tables, headline figures, charts' hovers and axes: compact, the
display currencies by symbol, others by code), `money_ticks` for a chart's axis,
`label` for the spec's codes in words, `counted` for "1 pledge" and "2 pledges",
and `format_amount` in the forms articles use (code, symbol or words), which the
tests read back. One table of currency symbols and one of currency words serve both.
"""
from __future__ import annotations

import math

from tracker.records.pledge import NORMALISED_CURRENCIES

SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "JPY": "¥", "CAD": "C$", "AUD": "A$", "UAH": "₴"}
WORDS = {"EUR": "euros", "GBP": "pounds", "USD": "dollars", "JPY": "yen", "CHF": "Swiss francs",
         "SEK": "Swedish kronor", "NOK": "Norwegian kroner", "DKK": "Danish kroner", "PLN": "zlotys"}
# The display currencies by name, as captions say them ("amounts in euros (EUR)").
CURRENCY_NAMES = {"EUR": "euros", "USD": "US dollars", "GBP": "pounds sterling"}


# The spec's codes in words, for every page, chart, caption and filter: the
# categories as the spec means them ("mines_demining" is mines and demining).
LABELS = {
    "air_defence": "air defence", "drones": "drones", "artillery_ammunition": "artillery / ammunition",
    "armour_vehicles": "armour / vehicles", "aircraft": "aircraft", "naval": "naval",
    "maintenance_repair": "maintenance / repair", "mines_demining": "mines / demining",
    "training": "training", "industry": "industry", "general": "general",
    "at_least": "at least", "at_most": "at most", "exact": "exact", "about": "about",
    "aid_type": "aid type", "categories": "category",
}


def label(code: str | None) -> str:
    """A code of the spec in words, from `LABELS` (else its underscores as spaces).

    >>> label("mines_demining"), label("air_defence"), label("at_least"), label("new_code"), label(None)
    ('mines / demining', 'air defence', 'at least', 'new code', '')
    """
    if not isinstance(code, str):
        return ""
    return LABELS.get(code, code.replace("_", " "))


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun in the right number.

    >>> counted(1, "pledge"), counted(2, "pledge"), counted(12_000, "row"), counted(1, "running total")
    ('1 pledge', '2 pledges', '12,000 rows', '1 running total')
    >>> counted(0, "entry", "entries")
    '0 entries'
    """
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def format_money(value: float, currency: str) -> str:
    """An amount as people write it in the news.

    >>> format_money(4_500_000_000, "GBP"), format_money(450e6, "GBP"), format_money(21e9, "EUR")
    ('£4.5bn', '£450m', '€21bn')
    >>> format_money(1_234_567_890_000, "USD"), format_money(75_000, "EUR"), format_money(float("nan"), "EUR")
    ('$1.23tn', '€75k', '–')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    symbol = SYMBOLS[currency] if currency in NORMALISED_CURRENCIES else currency + " "
    if value < 0:
        return "−" + format_money(-value, currency)
    value = float(f"{value:.3g}")  # three significant figures, so 999.6m is written €1bn, not €1e+03m
    for size, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= size:
            number = value / size
            text = f"{number:.3g}" if abs(number) < 1000 else f"{number:,.0f}"
            return f"{symbol}{text}{suffix}"
    return f"{symbol}{value:,.0f}"


def money_ticks(top: float, currency: str, count: int = 5, bottom: float = 0.0) -> dict:
    """An axis from `bottom` (0 unless below) to `top` with about `count` round
    ticks written by `format_money`: plotly's tickvals and ticktext, so an axis
    reads like the hovers and the tables ("€20bn", not "20B").

    >>> money_ticks(131e9, "EUR")
    {'tickmode': 'array', 'tickvals': [0.0, 50000000000.0, 100000000000.0], 'ticktext': ['€0', '€50bn', '€100bn']}
    >>> money_ticks(9e8, "NOK", 3)["ticktext"]
    ['NOK 0', 'NOK 500m']
    >>> money_ticks(2e9, "EUR", bottom=-1e9)["ticktext"]
    ['−€1bn', '€0', '€1bn', '€2bn']
    """
    top = 0.0 if top is None or math.isnan(top) else max(float(top), 0.0)
    bottom = 0.0 if bottom is None or math.isnan(bottom) else min(float(bottom), 0.0)
    if top == bottom:
        return {"tickmode": "array", "tickvals": [0.0], "ticktext": [format_money(0.0, currency)]}
    rough = (top - bottom) / count
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    values = [float(i * step) for i in range(math.ceil(bottom / step - 1e-9), int(top // step) + 1)]
    return {"tickmode": "array", "tickvals": values, "ticktext": [format_money(v, currency) for v in values]}


def format_amount(value: float, currency: str, style: str = "code") -> str:
    """An amount written the way articles write it, for tests and display.

    >>> format_amount(4.5e9, "GBP", "symbol"), format_amount(1.5e9, "NOK"), format_amount(2e6, "EUR", "word")
    ('£4.5bn', 'NOK 1.5 billion', '2 million euros')
    """
    for scale, long, short in ((1e12, "trillion", "tn"), (1e9, "billion", "bn"), (1e6, "million", "m")):
        if abs(value) >= scale:
            number = f"{value / scale:,.6f}".rstrip("0").rstrip(".")
            break
    else:
        number, long, short = f"{value:,.2f}".rstrip("0").rstrip("."), "", ""
    if style == "symbol" and currency in SYMBOLS:
        return f"{SYMBOLS[currency]}{number}{short}"
    if style == "word" and currency in WORDS:
        return f"{number} {long + ' ' if long else ''}{WORDS[currency]}"
    return f"{currency} {number}{' ' + long if long else ''}"
