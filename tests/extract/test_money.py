"""Amounts in text: tables of real-world phrasings, each list with its provenance."""
import pytest

from tracker.extract.conversions import mark_conversions
from tracker.extract.money import extract_amounts, parse_amount, parse_number
from tracker.records.formatting import format_amount

# Phrasings from the development corpus and the seed article (the examples the parser was built on).
BUILT_ON = [
    ("21 billion euros", 21e9, "EUR", "exact"),
    ("£18.2 billion", 18.2e9, "GBP", "exact"),
    ("£450 million", 450e6, "GBP", "exact"),
    ("£4.5 billion", 4.5e9, "GBP", "exact"),
    ("more than €9bn", 9e9, "EUR", "at_least"),
    ("€400m", 400e6, "EUR", "exact"),
    ("NOK 12.5 billion", 12.5e9, "NOK", "exact"),
    ("NOK\u00a01.5\u00a0billion", 1.5e9, "NOK", "exact"),
    ("EUR 3.9 billion", 3.9e9, "EUR", "exact"),
    ("half a billion euros", 0.5e9, "EUR", "exact"),
    ("£650m", 650e6, "GBP", "exact"),
    ("DKK 5 billion", 5e9, "DKK", "exact"),
    ("375 million dollars", 375e6, "USD", "exact"),
    ("a further $1.2bn", 1.2e9, "USD", "exact"),
    ("more than $66bn", 66e9, "USD", "at_least"),
    ("two billion euros", 2e9, "EUR", "exact"),
    ("€8.5 billion", 8.5e9, "EUR", "exact"),
    ("760 million zł", 760e6, "PLN", "exact"),
    ("up to PLN 300 million", 300e6, "PLN", "at_most"),
    ("SEK 8.2 billion", 8.2e9, "SEK", "exact"),
    ("GBP 300 million", 300e6, "GBP", "exact"),
    ("nearly £85m", 85e6, "GBP", "about"),
    ("passed 110 billion Norwegian kroner", 110e9, "NOK", "at_least"),
    ("1.5 billion Norwegian kroner", 1.5e9, "NOK", "exact"),
    ("C$440 million", 440e6, "CAD", "exact"),
    ("C$20 million", 20e6, "CAD", "exact"),
    ("¥470 billion", 470e9, "JPY", "exact"),
    ("USD 50 billion", 50e9, "USD", "exact"),
    ("up to ¥100 billion", 100e9, "JPY", "at_most"),
    ("€1,5 Mrd", 1.5e9, "EUR", "exact"),
    ("€1.5 mln", 1.5e6, "EUR", "exact"),
    ("CZK 2 billion", 2e9, "CZK", "exact"),
    ("A$100 million", 100e6, "AUD", "exact"),
    ("some A$1.4 billion", 1.4e9, "AUD", "about"),
    ("US$10 million", 10e6, "USD", "exact"),
    ("7.1\u00a0billion kronor", 7.1e9, "SEK", "exact"),
    ("€300 mn", 300e6, "EUR", "exact"),
    ("between €1bn and €2bn", 1e9, "EUR", "at_least"),
    ("over EUR 30 billion", 30e9, "EUR", "at_least"),
    ("about 5 billion Danish kroner", 5e9, "DKK", "about"),
    ("DKK 1,000,000,000", 1e9, "DKK", "exact"),
    ("roughly DKK 70 billion", 70e9, "DKK", "about"),
    ("about 400 million dollars", 400e6, "USD", "about"),
    ("USD 15.6 billion", 15.6e9, "USD", "exact"),
    ("USD 2,000,000,000", 2e9, "USD", "exact"),
    ("100 billion yen", 100e9, "JPY", "exact"),
    ("CHF\u00a01.5\u00a0billion", 1.5e9, "CHF", "exact"),
    ("1.5 billion Swiss francs", 1.5e9, "CHF", "exact"),
    ("CAD 500 million", 500e6, "CAD", "exact"),
    ("up to €20 mln", 20e6, "EUR", "at_most"),
    ("A$50 million", 50e6, "AUD", "exact"),
    ("at least 40 billion euros", 40e9, "EUR", "at_least"),
    ("£3bn", 3e9, "GBP", "exact"),
    ("£1.7bn", 1.7e9, "GBP", "exact"),
    ("£45m", 45e6, "GBP", "exact"),
    ("zł 40 million", 40e6, "PLN", "exact"),
    ("some €1.3 billion", 1.3e9, "EUR", "about"),
    ("€1bn a year", 1e9, "EUR", "exact"),
    ("between one and two billion euros", 1e9, "EUR", "at_least"),
    ("€977 million", 977e6, "EUR", "exact"),
]

# Other phrasings seen in news and official statements (checked on, not built on).
CHECKED_ON = [
    ("$2.5bn", 2.5e9, "USD", "exact"),
    ("US$365 million", 365e6, "USD", "exact"),
    ("CA$1.2 billion", 1.2e9, "CAD", "exact"),
    ("AU$100m", 100e6, "AUD", "exact"),
    ("NZ$5 million", 5e6, "NZD", "exact"),
    ("€2.2bn", 2.2e9, "EUR", "exact"),
    ("EUR 1.1bn", 1.1e9, "EUR", "exact"),
    ("1.1bn euros", 1.1e9, "EUR", "exact"),
    ("£2.26 billion", 2.26e9, "GBP", "exact"),
    ("2.5 billion pounds", 2.5e9, "GBP", "exact"),
    ("2.5 billion pounds sterling", 2.5e9, "GBP", "exact"),
    ("$61 billion", 61e9, "USD", "exact"),
    ("61 billion US dollars", 61e9, "USD", "exact"),
    ("a billion dollars", 1e9, "USD", "exact"),
    ("one and a half billion euros", 1.5e9, "EUR", "exact"),
    ("three hundred million euros", 300e6, "EUR", "exact"),
    ("twenty-five million pounds", 25e6, "GBP", "exact"),
    ("$500,000", 500e3, "USD", "exact"),
    ("€250k", 250e3, "EUR", "exact"),
    ("€50 thousand", 50e3, "EUR", "exact"),
    ("$1 trillion", 1e12, "USD", "exact"),
    ("$1tn", 1e12, "USD", "exact"),
    ("€4 Mrd.", 4e9, "EUR", "exact"),
    ("4 milliard euros", 4e9, "EUR", "exact"),
    # Translations that keep the original's notation: dots between thousands, its own scale words
    ("1.000 million euros", 1e9, "EUR", "exact"),
    ("some 1.200 million euros", 1.2e9, "EUR", "about"),
    ("1.000 millones de euros", 1e9, "EUR", "exact"),
    ("5 mil millones de dólares", 5e9, "USD", "exact"),
    ("3 milliards d'euros", 3e9, "EUR", "exact"),
    ("1,5 miliardi di euro", 1.5e9, "EUR", "exact"),
    ("3,2 Milliarden Euro", 3.2e9, "EUR", "exact"),
    ("NOK 1.500 Mio.", 1.5e9, "NOK", "exact"),
    ("5.000.000 euros", 5e6, "EUR", "exact"),
    ("EUR 2,6 mlrd.", 2.6e9, "EUR", "exact"),
    # Czech, Slovak and Polish abbreviations with their dot
    ("86,4 mil. Kč", 86.4e6, "CZK", "exact"),
    ("3 mil. eur", 3e6, "EUR", "exact"),
    ("over 2,1 mld. eur", 2.1e9, "EUR", "at_least"),
    ("about 524 mld. dolarů", 524e9, "USD", "about"),
    ("1.200 mil. Kč", 1.2e9, "CZK", "exact"),
    ("5 tys. zł", 5e3, "PLN", "exact"),
    # ... while an English decimal stays one
    ("$1.125 billion", 1.125e9, "USD", "exact"),
    ("€1.25 billion", 1.25e9, "EUR", "exact"),
    ("NOK 2 mln", 2e6, "NOK", "exact"),
    ("SEK 10bn", 10e9, "SEK", "exact"),
    ("10 billion Swedish kronor", 10e9, "SEK", "exact"),
    ("10 billion crowns", 10e9, "CZK", "exact"),
    ("1.5 billion Czech crowns", 1.5e9, "CZK", "exact"),
    ("¥1.5 trillion", 1.5e12, "JPY", "exact"),
    ("100 million zlotys", 100e6, "PLN", "exact"),
    ("100 million złoty", 100e6, "PLN", "exact"),
    ("PLN 1.2bn", 1.2e9, "PLN", "exact"),
    ("CHF 5 billion", 5e9, "CHF", "exact"),
    ("5 billion francs", 5e9, "CHF", "exact"),
    ("KRW 1 trillion", 1e12, "KRW", "exact"),
    ("1 trillion won", 1e12, "KRW", "exact"),
    ("₴10 billion", 10e9, "UAH", "exact"),
    ("UAH 10 billion", 10e9, "UAH", "exact"),
    ("10 billion hryvnias", 10e9, "UAH", "exact"),
    ("almost €3bn", 3e9, "EUR", "about"),
    ("around $1bn", 1e9, "USD", "about"),
    ("approximately £500 million", 500e6, "GBP", "about"),
    ("close to $2 billion", 2e9, "USD", "about"),
    ("in excess of £1bn", 1e9, "GBP", "at_least"),
    ("upwards of €500m", 500e6, "EUR", "at_least"),
    ("as much as $3bn", 3e9, "USD", "at_most"),
    ("no more than €100m", 100e6, "EUR", "at_most"),
    ("€1-2bn", 1e9, "EUR", "at_least"),
    ("€1bn-€2bn", 1e9, "EUR", "at_least"),
    ("SDR 0.4 billion", 0.4e9, "XDR", "exact"),  # the IMF's special drawing rights
    ("SFr 1.5bn", 1.5e9, "CHF", "exact"),
    ("EUR 90 mld", 90e9, "EUR", "exact"),  # Italian and Polish "miliardi"/"miliard"
    ("1.5 to 2 billion euros", 1.5e9, "EUR", "at_least"),
    ("raised from 4 to 8 billion euros", 8e9, "EUR", "exact"),  # a change: the new figure
    ("€1bn to €2bn", 1e9, "EUR", "at_least"),
    ("$ 400 million", 400e6, "USD", "exact"),
    ("€\u202f200\u202fmillion", 200e6, "EUR", "exact"),
    ("€2\u2009billion", 2e9, "EUR", "exact"),
    ("EUR 20 000 000", 20e6, "EUR", "exact"),
    ("USD 1.5 bn", 1.5e9, "USD", "exact"),
    ("1,5 milliard euros", 1.5e9, "EUR", "exact"),
    ("an estimated $145bn", 145e9, "USD", "about"),
    ("a record £4.5bn", 4.5e9, "GBP", "exact"),
    ("€ 1.4 billion", 1.4e9, "EUR", "exact"),
    ("a $300-million package", 300e6, "USD", "exact"),
    ("a €1.4-billion deal", 1.4e9, "EUR", "exact"),
    # The words after a bare sign say which dollar it is
    ("a $2.4 billion Canadian dollars loan", 2.4e9, "CAD", "exact"),
    ("$60 million Australian dollars", 60e6, "AUD", "exact"),
    ("$3 billion US dollars", 3e9, "USD", "exact"),
]

# Russian reports (wire copy, ministry releases): scale words in their case forms and abbreviations,
# number words, currency words, a decimal comma, and the words that qualify an amount. Written for
# these tests in the phrasing such reports use.
RUSSIAN = [
    ("12 млн евро", 12e6, "EUR", "exact"),
    ("2,5 млрд евро", 2.5e9, "EUR", "exact"),
    ("3 млрд. евро", 3e9, "EUR", "exact"),
    ("800 тыс. евро", 800e3, "EUR", "exact"),
    ("800 тыс евро", 800e3, "EUR", "exact"),
    ("4 миллиона евро", 4e6, "EUR", "exact"),
    ("25 миллионов долларов", 25e6, "USD", "exact"),
    ("1 миллиард долларов", 1e9, "USD", "exact"),
    ("7 миллиардов евро", 7e9, "EUR", "exact"),
    ("1 трлн иен", 1e12, "JPY", "exact"),
    ("2 триллиона иен", 2e12, "JPY", "exact"),
    ("полтора миллиарда евро", 1.5e9, "EUR", "exact"),
    ("полторы тысячи евро", 1.5e3, "EUR", "exact"),
    ("два миллиарда долларов", 2e9, "USD", "exact"),
    ("три миллиона фунтов", 3e6, "GBP", "exact"),
    ("сто миллионов евро", 100e6, "EUR", "exact"),
    ("двадцать пять миллионов евро", 25e6, "EUR", "exact"),
    ("триста пятьдесят млн евро", 350e6, "EUR", "exact"),
    ("одна тысяча евро", 1e3, "EUR", "exact"),
    ("3,4 млрд долларов США", 3.4e9, "USD", "exact"),
    ("60 млн долл.", 60e6, "USD", "exact"),
    ("60 млн долл. США", 60e6, "USD", "exact"),
    ("1 доллар", 1, "USD", "exact"),
    ("200 млн канадских долларов", 200e6, "CAD", "exact"),
    ("5 млрд гривен", 5e9, "UAH", "exact"),
    ("1 млн гривны", 1e6, "UAH", "exact"),
    ("300 тыс. грн", 300e3, "UAH", "exact"),
    ("13 трлн рублей", 13e12, "RUB", "exact"),
    ("900 млн руб.", 900e6, "RUB", "exact"),
    ("40 млн фунтов стерлингов", 40e6, "GBP", "exact"),
    ("1,5 млрд норвежских крон", 1.5e9, "NOK", "exact"),
    ("3 млрд шведских крон", 3e9, "SEK", "exact"),
    ("500 млн чешских крон", 500e6, "CZK", "exact"),
    ("200 млн швейцарских франков", 200e6, "CHF", "exact"),
    ("1 млрд злотых", 1e9, "PLN", "exact"),
    # qualifiers
    ("более 600 млн евро", 600e6, "EUR", "at_least"),
    ("свыше 2 млрд долларов", 2e9, "USD", "at_least"),
    ("больше 50 млн евро", 50e6, "EUR", "at_least"),
    ("не менее 1 млрд евро", 1e9, "EUR", "at_least"),
    ("уже превысила 4 млрд евро", 4e9, "EUR", "at_least"),
    ("около 3 млрд евро", 3e9, "EUR", "about"),
    ("примерно 150 млн долларов", 150e6, "USD", "about"),
    ("почти полтора миллиарда евро", 1.5e9, "EUR", "about"),
    ("до 100 млн евро", 100e6, "EUR", "at_most"),
    ("не более 20 млн евро", 20e6, "EUR", "at_most"),
    # ... but "до" after a change says the new level, and "от ... до" is a range
    ("увеличит помощь до 3 млрд евро", 3e9, "EUR", "exact"),
    ("помощь выросла с 2 до 5 млрд евро", 5e9, "EUR", "exact"),
    ("от 1 до 2 млрд евро", 1e9, "EUR", "at_least"),
]

# Numbers that are not money ("no price here"): counts, calibres, years, models, percentages, phones.
NOT_MONEY = [
    "10,000 glide bombs",
    "155mm artillery shells",
    "F-16 fighter jets",
    "F/A-18 Hornet fighters",
    "the 26th meeting",
    "since 2022",
    "70%-80% of casualties",
    "2.5% of GDP",
    "020 7946 0194",
    "about 200,000 rounds",
    "more than 45,000 troops",
    "about 300 kilometres",
    "139,000 square kilometres",
    "more than 9 gigawatts",
    "the 67th drawdown",
    "up to five years",
    "hundreds of thousands of drones",
    "1.5 million rounds",
    "a 2-1 vote",
    "24 December 2024",
    "all 27 member states",
    "ALL 27 member states",
    # ... in Russian reports
    "2 млн снарядов",
    "в 2024 г.",
    "5 евроцентов",
    "10 тысячелетий",
]


def _first(text):
    a = parse_amount(text)
    return None if a is None else (a.value, a.currency, a.qualifier)


@pytest.mark.parametrize("text,value,currency,qualifier", BUILT_ON + CHECKED_ON + RUSSIAN, ids=lambda v: str(v))
def test_amount_phrasings(text, value, currency, qualifier):
    found = extract_amounts(text)
    assert len(found) == 1
    a = found[0]
    assert (a.value, a.currency or a.options[0], a.qualifier) == pytest.approx((value, currency, qualifier))


@pytest.mark.parametrize("text", NOT_MONEY)
def test_not_money(text):
    assert extract_amounts(text) == []


@pytest.mark.parametrize("text,options", [
    ("5 billion kroner", ("NOK", "DKK")),
    ("the kr 1.5bn", ("NOK", "DKK", "SEK")),
    ("2 млрд крон", ("NOK", "DKK", "SEK", "CZK")),
])
def test_ambiguous_currency_is_left_to_context(text, options):
    a = parse_amount(text)
    assert (a.currency, a.options) == (None, options)


# The same amount in a second currency is a conversion, confirmed by the day's rate.
CONVERSIONS = [
    "21 billion euros (£18.2 billion)",
    "NOK 12.5 billion (about $1.2 billion)",
    "£650m (€770m)",
    "760 million zł (about €180 million)",
    "SEK 8.2 billion (about 740 million euros)",
    "CZK 2 billion (about €80 million)",
    "7.1 billion kronor (€650 million)",
    "CAD 500 million (about US$365 million)",
    "some A$1.4 billion (US$940 million)",
    "¥470 billion (about US$3 billion)",
    "1.5 billion Norwegian kroner (about $150 million)",
    "£2.5bn, or about $3.2bn,",
    "3 billion euros (jusqu'à 3 milliards d'euros)",  # the original's words, in brackets
    "5.5 billion dollars (55億ドル, about 737 billion yen)",  # the original's figure, then a conversion
    "SEK 1.1bn (≈ €100m)",
    "50 млн евро (около 54 млн долларов)",
]
NOT_CONVERSIONS = [
    "€200 million for interceptors and €125 million for F-16 support",
    "£650m (€70m of it for repairs)",  # the rate says this is not the same money
    "$1bn (€5bn)",
]


@pytest.mark.parametrize("text", CONVERSIONS)
def test_conversion_is_one_amount(text):
    from datetime import date

    found = mark_conversions(text, extract_amounts(text), date(2025, 3, 1))
    assert [a.converts for a in found] == [None, 0]


@pytest.mark.parametrize("text", NOT_CONVERSIONS)
def test_not_a_conversion(text):
    from datetime import date

    found = mark_conversions(text, extract_amounts(text), date(2025, 3, 1))
    assert [a.converts for a in found] == [None, None]


def test_two_amounts_in_one_sentence_keep_their_spans():
    text = "€200 million for interceptors and €125 million for F-16 support"
    assert [text[a.start:a.end] for a in extract_amounts(text)] == ["€200 million", "€125 million"]


@pytest.mark.parametrize("text,expected", [
    ("1,000", 1000.0), ("1,5", 1.5), ("12,345,678", 12345678.0), ("0.5", 0.5), ("half a", 0.5),
    ("twenty", 20.0), ("a quarter of a", 0.25), ("nine hundred", 900.0), ("nonsense", None),
    ("полтора", 1.5), ("сорок два", 42.0), ("две", 2.0), ("два чего-то", None),
])
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("value,currency,style,expected", [
    (4.5e9, "GBP", "symbol", "£4.5bn"),
    (450e6, "GBP", "symbol", "£450m"),
    (1.5e9, "NOK", "code", "NOK 1.5 billion"),
    (21e9, "EUR", "word", "21 billion euros"),
])
def test_format_amount(value, currency, style, expected):
    assert format_amount(value, currency, style) == expected


def test_a_bare_dollar_beside_us_dollars_is_a_local_dollar():
    from datetime import date

    text = "$245 million (US$164 million)"
    found = mark_conversions(text, extract_amounts(text), date(2024, 10, 17))
    assert (found[0].currency, found[0].options[:2], found[1].converts) == (None, ("CAD", "AUD"), 0)


@pytest.mark.parametrize("text, found", [
    # A figure without a currency, joined by 'and' to an amount before it, is in that currency ...
    ("thirty-three billion euros will be lent to Ukraine and seventeen billion will be given as grants",
     [(33e9, "EUR", "exact"), (17e9, "EUR", "exact")]),
    ("€2 billion in 2024 and about 3 billion in 2025", [(2e9, "EUR", "exact"), (3e9, "EUR", "about")]),
    ("The Netherlands will give €2 billion this year and 3 billion next year.", [(2e9, "EUR", "exact"), (3e9, "EUR", "exact")]),
    # ... but not a count of something, not another donor's figure, not across a 'to' or a new sentence
    ("Germany gave €5bn and 300 million people watched.", [(5e9, "EUR", "exact")]),
    ("Norway gave NOK 5bn and Sweden 2bn.", [(5e9, "NOK", "exact")]),
    ("It rose from €1bn to 2bn.", [(1e9, "EUR", "exact")]),
    ("Germany gave €5bn. Another 2 billion is planned.", [(5e9, "EUR", "exact")]),
])
def test_a_figure_takes_the_currency_of_the_amount_it_is_joined_to(text, found):
    assert [(a.value, a.currency, a.qualifier) for a in extract_amounts(text)] == found
