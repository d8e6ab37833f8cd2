"""The one money formatter, the axis ticks written by it, the spec's codes in
words and counts with their noun: as every page, chart and table shows them."""
from __future__ import annotations

import math

import pytest

from tracker.records.formatting import LABELS, counted, format_money, label, money_ticks
from tracker.records.pledge import AID_TYPES, CATEGORIES, KINDS, QUALIFIERS

MONEY = [
    # value, currency, as shown: three significant figures, symbol for the display currencies, code else
    (5.19e9, "EUR", "€5.19bn"),
    (5.2e9, "EUR", "€5.2bn"),
    (0.5e9, "EUR", "€500m"),
    (4.5e9, "GBP", "£4.5bn"),
    (820e6, "USD", "$820m"),
    (1.3e9, "DKK", "DKK 1.3bn"),
    (110e9, "NOK", "NOK 110bn"),
    (131.4e9, "EUR", "€131bn"),
    (1_234_567_890_000, "USD", "$1.23tn"),
    (999.6e6, "EUR", "€1bn"),  # rounds up into the next unit, never "€1e+03m"
    (75_000, "EUR", "€75k"),
    (950, "GBP", "£950"),
    (0.0, "EUR", "€0"),
    (-2e9, "EUR", "−€2bn"),
    (float("nan"), "EUR", "–"),
    (None, "USD", "–"),
]


@pytest.mark.parametrize("value, currency, shown", MONEY, ids=[m[2] for m in MONEY])
def test_format_money(value, currency, shown):
    assert format_money(value, currency) == shown


@pytest.mark.parametrize("top, currency, bottom, texts", [
    (131e9, "EUR", 0.0, ["€0", "€50bn", "€100bn"]),
    (9.4e9, "USD", 0.0, ["$0", "$2bn", "$4bn", "$6bn", "$8bn"]),
    (900e6, "NOK", 0.0, ["NOK 0", "NOK 200m", "NOK 400m", "NOK 600m", "NOK 800m"]),
    (2e9, "EUR", -1e9, ["−€1bn", "€0", "€1bn", "€2bn"]),
    (0.0, "GBP", 0.0, ["£0"]),
    (float("nan"), "GBP", 0.0, ["£0"]),
])
def test_axis_ticks_are_written_by_the_money_formatter(top, currency, bottom, texts):
    ticks = money_ticks(top, currency, bottom=bottom)
    assert (ticks["ticktext"], [format_money(v, currency) for v in ticks["tickvals"]], ticks["tickmode"]) == (
        texts, texts, "array")


def test_ticks_stay_within_the_data_and_start_at_zero_or_below():
    for top in (1.0, 7.5e6, 3.3e9, 48e9, 2.2e12):
        values = money_ticks(top, "EUR")["tickvals"]
        assert (values[0], values[-1] <= top, 2 <= len(values) <= 6) == (0.0, True, True), top


@pytest.mark.parametrize("code, words", [
    ("mines_demining", "mines / demining"), ("maintenance_repair", "maintenance / repair"),
    ("air_defence", "air defence"), ("artillery_ammunition", "artillery / ammunition"),
    ("armour_vehicles", "armour / vehicles"), ("at_least", "at least"), ("aid_type", "aid type"),
    ("military", "military"), (None, ""), (math.nan, ""),
])
def test_codes_in_words(code, words):
    assert label(code) == words


def test_every_code_of_the_spec_has_words_without_underscores():
    codes = set(CATEGORIES) | set(QUALIFIERS) | set(AID_TYPES) | set(KINDS)
    assert [c for c in sorted(codes) if "_" in label(c)] == []
    assert set(CATEGORIES) | {q for q in QUALIFIERS if "_" in q} <= set(LABELS)


@pytest.mark.parametrize("n, noun, plural, shown", [
    (1, "pledge", None, "1 pledge"), (2, "pledge", None, "2 pledges"), (0, "row", None, "0 rows"),
    (1, "row", None, "1 row"), (5000, "row", None, "5,000 rows"),
    (1, "meeting or running total", None, "1 meeting or running total"),
    (3, "meeting or running total", None, "3 meeting or running totals"), (2, "entry", "entries", "2 entries"),
])
def test_counts_with_their_noun_in_the_right_number(n, noun, plural, shown):
    assert counted(n, noun, plural) == shown
