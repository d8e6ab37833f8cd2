"""Property tests: no input makes the parsers raise, and what we format we parse back."""
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.dates import find_dates, find_period
from tracker.extract import extract_pledges
from tracker.money import extract_amounts, format_amount, parse_amount

# Text that looks like news: words, numbers, currency marks, odd spaces and punctuation.
_PIECES = st.sampled_from([
    "€", "£", "$", "US$", "C$", "NOK", "kr", "zł", "bn", "m", "million", "billion", "Mrd", " ", "\u00a0",
    "\u202f", ",", ".", "-", "(", ")", "between", "and", "up to", "more than", "about", "half a", "euros",
    "kroner", "Britain", "Norway", "the UK", "Brussels", "on Friday", "last week", "since 2022", "a year",
    "\n", "\"", "1", "2", "5", "12", "450", "1,000", "4.5", "0", "2025", "through 2029", "Russia", "Ukraine",
    ":", "- ", "• ", "including", "Correction:", "Read also:", "from", " to ", "up from", "after", "UAH", "SDR",
    "(about ", "has given", "over the same period", "Germany", "Storting", "led by", "NZ$", "'s", "Most of it,",
    "the meeting", "allies", "so far", "the largest", "proposal", "Kiel Institute", "of which", "and the",
])
_NEWSY = st.lists(_PIECES, max_size=60).map("".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.one_of(st.text(max_size=300), _NEWSY))
def test_amount_parser_never_raises(text):
    for a in extract_amounts(text):
        assert a.value >= 0 and 0 <= a.start < a.end <= len(text)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.one_of(st.text(max_size=400), _NEWSY), st.dates(date(1990, 1, 1), date(2040, 12, 31)) | st.none())
def test_extractor_never_raises_and_quotes_point_into_the_text(text, published):
    for p in extract_pledges(text, published):
        assert text[p.start:p.end] == p.quote
        assert p.kind in ("package", "budget", "aggregate", "cumulative")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.dates(date(1990, 1, 1), date(2040, 12, 31)))
def test_date_parsers_never_raise(text, published):
    find_dates(text, published)
    for kind in ("package", "budget", "aggregate", "cumulative"):
        find_period(text, published, kind)


_CURRENCIES = st.sampled_from(["EUR", "GBP", "USD", "NOK", "SEK", "DKK", "CHF", "PLN", "CZK", "JPY", "CAD", "AUD"])
_VALUES = st.integers(1, 999_999).map(lambda n: n / 100) | st.integers(1, 999)


@settings(max_examples=300, deadline=None)
@given(_VALUES, st.sampled_from([1e6, 1e9, 1e12]), _CURRENCIES, st.sampled_from(["code", "symbol", "word"]))
def test_what_we_format_we_parse_back(number, scale, currency, style):
    value = number * scale
    written = format_amount(value, currency, style)
    parsed = parse_amount(written)
    assert parsed is not None, written
    assert (parsed.currency or parsed.options[0]) == currency
    assert abs(parsed.value - value) <= 1e-6 * value
