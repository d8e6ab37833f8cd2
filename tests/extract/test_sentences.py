"""The units the text is read in (tracker/extract/sentences.py): sentences, abbreviations,
figures on a line of their own, corrections and links that are no part of the report."""
from datetime import date

from tables import PUB, one

from tracker.extract.decide import extract_pledges
from tracker.extract.sentences import split_sentences


def test_a_continental_abbreviation_does_not_end_the_sentence():
    text = "For the programme, the Czech cabinet approved 700 mil. Kč for this year in January."
    assert [(r.currency, r.amount, r.kind, r.quote) for r in extract_pledges(text, PUB)] == [
        ("CZK", 700e6, "budget", text)]


def test_a_figure_on_its_own_line_is_read_with_the_line_under_it():
    text = ("THE WEEK IN NUMBERS\n"
            "€2.3bn\n"
            "The package of agreements the European Commission signed in Rome on Thursday for Ukraine's energy.\n"
            "NOK 1.1bn\n"
            "Norway's latest contribution to the Ukraine Energy Support Fund, roughly $108m at current rates.\n"
            "$524bn\n"
            "The World Bank's most recent estimate of what it will cost to rebuild Ukraine. It was $486bn a year earlier.\n"
            "More than €10bn\n"
            "What was gathered in Rome, where the pledges from governments and companies exceeded ten billion euros.")
    records = extract_pledges(text, date(2025, 7, 12))
    assert [(r.donors, r.currency, r.amount, r.kind, r.date) for r in records] == [
        (["EU"], "EUR", 2.3e9, "package", date(2025, 7, 10)), (["NOR"], "NOK", 1.1e9, "package", date(2025, 7, 12)),
        ([], "EUR", 10e9, "aggregate", date(2025, 7, 12))]
    assert records[0].quote == text[records[0].start:records[0].end]


def test_a_list_of_links_under_read_more_is_no_statement():
    text = ("Germany gave €5bn on Friday.\nRead more:\n- EU signs off on 35 billion euro loan for Kyiv\n"
            "- UK gives £3bn\nIn other news, Norway gave NOK 2bn.")
    assert [r.donors for r in extract_pledges(text, PUB)] == [["DEU"], ["NOR"]]


def test_quote_and_offsets_locate_the_sentence():
    text = "Headline here\nFirst sentence. Germany pledged €1bn for air defence on Friday. Last one."
    r = one(text)
    assert text[r.start:r.end] == r.quote == "Germany pledged €1bn for air defence on Friday."


def test_sentences_keep_abbreviations_whole():
    text = "Mr. Healey met U.S. officials on Friday. The UK gave £5m."
    assert [s.text for s in split_sentences(text)] == ["Mr. Healey met U.S. officials on Friday.", "The UK gave £5m."]


def test_corrections_and_links_to_other_articles_are_no_records():
    text = ("Denmark pledges DKK 4.2 billion for Ukraine\n\n"
            "Denmark will give Ukraine DKK 4.2 billion in military aid, the government said on Friday.\n"
            "Read also: Norway adds NOK 5 billion to its Ukraine fund\n"
            "Editor's note: An earlier version of this article gave the Danish package as DKK 4.2 million.\n"
            "Correction, 12 April: An earlier version of this article said the aid was worth €600 million.\n")
    assert [(r.amount, r.currency) for r in extract_pledges(text, PUB)] == [(4.2e9, "DKK")]


def test_a_list_of_corrections_is_no_record():
    text = ("EU leaders agree on €90bn loan for Ukraine\n\n"
            "EU leaders agreed on Thursday to lend Ukraine €90 billion for 2026 and 2027.\n"
            "Corrections:\n"
            "- An earlier version said the loan would be worth around €210 billion.\n"
            "- A previous update misstated the latest ERA transfer as €8.1 billion.\n")
    assert [r.amount for r in extract_pledges(text, PUB)] == [90e9]


def test_a_german_billion_with_its_dot_is_one_sentence_and_one_amount():
    text = "The defence ministry announces its largest package so far: equipment worth more than 2.7 Mrd. Euro."
    assert (one(text).amount, one(text).currency, one(text).qualifier) == (2.7e9, "EUR", "at_least")


def test_russian_sentences_end_before_a_capital_and_not_after_an_abbreviation():
    text = ("В 2024 г. Литва выделила Украине 10 млн евро. «Мы продолжим», — сказал министр. "
            "Латвия передала Украине 5 млн евро.")
    assert [s.text for s in split_sentences(text)] == [
        "В 2024 г. Литва выделила Украине 10 млн евро.", "«Мы продолжим», — сказал министр.",
        "Латвия передала Украине 5 млн евро."]
    assert [r.donors for r in extract_pledges(text, PUB)] == [["LTU"], ["LVA"]]
