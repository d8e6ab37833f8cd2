"""Property tests: no input makes the parsers raise, and what we format we parse back."""
import re
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.extract.dates import find_dates, find_period
from tracker.extract.decide import extract_pledges
from tracker.extract.money import extract_amounts, parse_amount
from tracker.records.bounds import date_bounds
from tracker.records.formatting import format_amount

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
def test_date_mentions_lie_in_the_text_in_order_and_periods_are_years(text, published):
    spans = [(m.start, m.end) for m in find_dates(text, published)]
    assert spans == sorted(spans) and all(0 <= start < end <= len(text) for start, end in spans)
    for kind in ("package", "budget", "aggregate", "cumulative"):
        period = find_period(text, published, kind)
        years = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", period or "0000")
        assert years and int(years[1]) <= int(years[2] or years[1]), period


@given(st.dates(date_bounds()[0] + timedelta(days=6), date_bounds()[1]), st.integers(0, 6))
def test_a_weekday_is_that_day_in_the_week_up_to_publication(published, back):
    day = published - timedelta(days=back)
    text = f"The package was announced on {day:%A}."
    assert [(text[m.start:m.end], m.value) for m in find_dates(text, published)] == [(f"on {day:%A}", day)]


@given(st.dates(date_bounds()[0], date_bounds()[1] - timedelta(days=400)), st.integers(0, 400))
def test_a_full_date_reads_back(day, later):
    text = f"It was signed on {day.day} {day:%B} {day.year}."
    assert [m.value for m in find_dates(text, day + timedelta(days=later))] == [day]


@given(st.integers(1995, 2035), st.integers(0, 10))
def test_a_running_total_since_a_year_runs_to_publication(start, more):
    period = find_period(f"has provided $5bn since {start}", date(start + more, 6, 1), "cumulative")
    assert period == (f"{start}-{start + more}" if more else str(start))


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


def _cue_phrases() -> list[str]:
    from tracker.extract.taxonomy import load_cues

    def walk(node):
        if isinstance(node, dict):
            for v in node.values():
                yield from walk(v)
        elif isinstance(node, list):
            for v in node:
                yield from walk(v)
        elif isinstance(node, str):
            yield node

    return sorted(set(walk(load_cues())))


# Text made of what cue phrases match, glued to each other and to letters, in mixed case:
# cues at and off word starts (the letters of German, French and Russian cues among them).
_PHRASE_TEXT = st.sampled_from(_cue_phrases()).flatmap(
    lambda p: st.from_regex(p, fullmatch=True, alphabet=st.characters(codec="ascii")
                            | st.sampled_from("äöüéè" + "абвгдеёжзийклмнопрстуфхцчшщъыьэюя")))
_CUE_TEXT = st.lists(_PHRASE_TEXT | st.sampled_from([" ", " ", "", ", ", ". ", "'s ", "-", "x", "2024 ", "€5bn "]),
                     max_size=12).map("".join).map(
                         lambda s: s.upper() if len(s) % 5 == 0 else s.title() if len(s) % 5 == 1 else s)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_CUE_TEXT, _CUE_TEXT)
def test_cue_lists_find_what_plain_case_insensitive_patterns_find(text, more):
    # The cue lists search case-folded text without a look-behind and only for the phrases
    # whose first words the text (or its sentence) has: they must find the same cues.
    from tracker.extract.taxonomy import aid_type_scores, cue_pattern, find_category_cues, load_cues, word_keys

    sentence_heads = word_keys(more + " " + text + " " + more)
    for section, lists in load_cues().items():
        if section in ("aid_type", "categories"):
            continue
        for key, phrases in lists.items():
            plain = re.compile(rf"(?<!\w)(?:{'|'.join(f'(?:{p})' for p in phrases)})(?!\w)", re.I)
            expected = plain.search(text)
            for heads in (None, sentence_heads):
                found = cue_pattern(section, key).search(text, heads)
                assert (found and found.start()) == (expected and expected.start()), (section, key, heads)
    weights = dict.fromkeys(("military", "financial", "humanitarian"), 0.0)
    hits = []
    for aid_type in weights:
        for phrase, weight in load_cues()["aid_type"][aid_type]:
            if re.search(rf"(?<!\w)(?:{phrase})(?!\w)", text, re.I):
                weights[aid_type] += weight
    for category, phrases in load_cues()["categories"].items():
        if category != "repair_masks":
            hits += [(m.start(), category) for p in phrases
                     for m in re.finditer(rf"(?<!\w)(?:{p})(?!\w)", text, re.I)]
    assert aid_type_scores(text) == weights
    assert find_category_cues(text) == sorted(hits)
