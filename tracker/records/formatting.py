"""Amounts written for people: `format_money` as the dashboard shows them
(compact, the display currencies by symbol, others by code) and `format_amount`
in the forms articles use (code, symbol or words), which the tests read back.
One table of currency symbols and one of currency words serve both.
"""
from __future__ import annotations

import math

from tracker.records.pledge import NORMALISED_CURRENCIES

SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "JPY": "¥", "CAD": "C$", "AUD": "A$", "UAH": "₴"}
WORDS = {"EUR": "euros", "GBP": "pounds", "USD": "dollars", "JPY": "yen", "CHF": "Swiss francs",
         "SEK": "Swedish kronor", "NOK": "Norwegian kroner", "DKK": "Danish kroner", "PLN": "zlotys"}
# The display currencies by name, as captions say them ("amounts in euros (EUR)").
CURRENCY_NAMES = {"EUR": "euros", "USD": "US dollars", "GBP": "pounds sterling"}


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
    for size, suffix in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= size:
            number = value / size
            text = f"{number:.3g}" if abs(number) < 1000 else f"{number:,.0f}"
            return f"{symbol}{text}{suffix}"
    return f"{symbol}{value:,.0f}"


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
