"""Restatements and parts (tracker/extract/restate.py): one pledge said several times is one
record, and an amount said to be part of another points at its whole."""
from datetime import date

import pytest

from tables import PUB, every, one

from tracker.extract.decide import extract_pledges


# One pledge stated several times in one article: one record, read from the sentence
# that states it first in the body (a headline or a later quotation only restates it).
SAME_PLEDGE_TWICE = [
    ("UK pledges £650m for Ukraine\nBritain will spend £650m on air defence, the minister said.\n"
     "\"This £650m will keep Ukraine's air defences firing,\" she said.",
     (["GBR"], "GBP", 650e6, "exact", "Britain will spend £650m on air defence, the minister said.")),
    ("Germany adds two billion euros\nGerman support will grow by a further two billion euros.\n"
     "\"We are providing two billion euros now,\" the minister said.",
     (["DEU"], "EUR", 2e9, "exact", "German support will grow by a further two billion euros.")),
    ("Denmark announced a package worth about 5 billion Danish kroner.\n\"The 5 billion kroner will help,\" he said.",
     (["DNK"], "DKK", 5e9, "about", "Denmark announced a package worth about 5 billion Danish kroner.")),
    ("Norway announced 1.5 billion Norwegian kroner for F-16 ammunition.\nThe kr 1.5bn will be spent quickly.",
     (["NOR"], "NOK", 1.5e9, "exact", "Norway announced 1.5 billion Norwegian kroner for F-16 ammunition.")),
    ("Switzerland approved CHF 1.5 billion for reconstruction.\n\"With 1.5 billion Swiss francs, we help,\" she said.",
     (["CHE"], "CHF", 1.5e9, "exact", "Switzerland approved CHF 1.5 billion for reconstruction.")),
    ("Allies pledge more than €9bn\nPartners pledged more than €9bn in military aid at a meeting of the contact group.",
     (["UDCG"], "EUR", 9e9, "at_least", "Partners pledged more than €9bn in military aid at a meeting of the contact group.")),
    ("Canada pledges C$440 million\nOttawa will send C$440 million worth of armoured vehicles.\n"
     "\"The C$440 million we are announcing today matters,\" the minister said.",
     (["CAN"], "CAD", 440e6, "exact", "Ottawa will send C$440 million worth of armoured vehicles.")),
    ("Kyiv's allies agreed a record 21 billion euros (£18.2 billion) of military support.\n"
     "He said: \"The new pledges announced today total over 21 billion euros.\"",
     ([], "EUR", 21e9, "at_least", "Kyiv's allies agreed a record 21 billion euros (£18.2 billion) of military support.")),
    ("Sweden commits SEK 8.2 billion (about 740 million euros) to Ukraine's air defence.",
     (["SWE"], "SEK", 8.2e9, "exact", "Sweden commits SEK 8.2 billion (about 740 million euros) to Ukraine's air defence.")),
    ("Norway will give NOK 12.5 billion (about $1.2 billion) for air defence.",
     (["NOR"], "NOK", 12.5e9, "exact", "Norway will give NOK 12.5 billion (about $1.2 billion) for air defence.")),
    ("Poland approved a package worth 760 million zł (about €180 million), the ministry said.",
     (["POL"], "PLN", 760e6, "exact", "Poland approved a package worth 760 million zł (about €180 million), the ministry said.")),
    ("Japan signed a ¥470 billion (about US$3 billion) loan agreement with Ukraine.",
     (["JPN"], "JPY", 470e9, "exact", "Japan signed a ¥470 billion (about US$3 billion) loan agreement with Ukraine.")),
    # Said again in its own currency, with the first figure as its conversion
    ("Canada will lend Ukraine $1.8 billion through the IMF, a broadcaster reported. \"Canada will extend a "
     "$2.4 billion Canadian dollars ($1.8 billion) loan to Ukraine,\" the report said.",
     (["CAN"], "USD", 1.8e9, "exact", "Canada will lend Ukraine $1.8 billion through the IMF, a broadcaster reported.")),
]


@pytest.mark.parametrize("text, expected", SAME_PLEDGE_TWICE)
def test_same_pledge_twice_is_one_record(text, expected):
    r = one(text)
    assert (r.donors, r.currency, r.amount, r.qualifier, r.quote) == expected


def test_restatement_with_over_makes_the_first_at_least():
    text = ("Allies agreed a record 21 billion euros of military support.\n"
            "\"The new pledges total over 21 billion euros,\" he said.")
    assert one(text).qualifier == "at_least"


def test_a_further_equal_amount_is_a_second_record():
    text = ("Belgium will give €1bn a year in military aid for four years.\n"
            "On top of that commitment, the government will hand Ukraine between one and two billion euros.")
    assert [(r.amount, r.qualifier) for r in extract_pledges(text, PUB)] == [(1e9, "exact"), (1e9, "at_least")]


def test_same_amount_from_different_donors_is_two_records():
    text = "Latvia gave €10m for drones and Estonia gave €10m for ammunition."
    assert [r.donors for r in extract_pledges(text, PUB)] == [["LVA"], ["EST"]]


def test_a_whole_split_by_aid_type_is_of_the_type_of_its_larger_part():
    text = ("Australia today announced an additional $110 million in assistance for Ukraine, made up of $100 million "
            "in military assistance and $10 million in humanitarian support.")
    assert [(r.amount, r.aid_type, r.part_of) for r in extract_pledges(text, PUB)] == [
        (110e6, "military", None), (100e6, "military", 0), (10e6, "humanitarian", 0)]


def test_the_same_figure_twice_in_one_sentence_is_two_records():
    text = ("Of the humanitarian support, $5 million will go to the UN's Ukraine Humanitarian Fund, and $5 million "
            "will go to Ukraine's Energy Support Fund.")
    assert [r.amount for r in every("Australia will give A$10 million in aid. " + text)] == [10e6, 5e6, 5e6]
    text = ("The Council agreed to mobilise €2 billion for the pledge: €1 billion to reimburse member states for "
            "rounds taken from their stocks and €1 billion for joint orders of new ammunition.")
    assert [r.amount for r in every(text)] == [2e9, 1e9, 1e9]


def test_a_part_of_a_running_total_with_its_own_year_is_that_years_budget():
    text = ("In total, the Council has mobilised €11.1 billion under the facility for Ukraine since 2022, including "
            "the €5 billion Ukraine Assistance Fund agreed in March for 2024.")
    assert [(r.amount, r.kind, r.period, r.part_of) for r in extract_pledges(text, PUB)] == [
        (11.1e9, "cumulative", "2022-2025", None), (5e9, "budget", "2024", 0)]


def test_the_same_money_rounded_down_is_said_again():
    text = ("The contract is valued at NOK 7.4 billion and is financed by the Norwegian government.\n"
            "With this contract, Norway is spending more than seven billion kroner on protecting civilians.")
    assert [(r.amount, r.qualifier) for r in extract_pledges(text, PUB)] == [(7.4e9, "exact")]


def test_part_of_points_at_the_whole():
    text = ("The UK will provide £2.5bn in military aid this year.\n"
            "The package includes £200m for the production of drones.")
    whole, part = extract_pledges(text, PUB)
    assert (part.part_of, part.kind, whole.part_of) == (0, "package", None)


def test_a_headline_that_rounds_restates_the_body():
    text = ("Sweden unveils SEK 16 billion package\n"
            "Sweden presented a package worth 16.6 billion Swedish crowns ($1.6 billion) on Tuesday.")
    assert [r.amount for r in extract_pledges(text, PUB)] == [16.6e9]


def test_the_amount_pointing_back_is_a_restatement_whoever_else_is_named():
    text = ("Germany plans to provide around 4 billion euros in military aid in 2025.\n"
            "Lindner said the government would not go beyond the 4 billion euros limit, but that Ukraine "
            "would also benefit from a $50 billion G7 loan.")
    assert [(r.donors, r.amount, r.kind) for r in extract_pledges(text, PUB)] == [
        (["DEU"], 4e9, "budget"), (["G7"], 50e9, "aggregate")]


def test_a_part_of_a_running_total_is_a_running_total():
    text = "Since the start of the war, Britain has committed £12.8bn in support, of which £7.8bn is military aid."
    assert [(r.kind, r.part_of) for r in extract_pledges(text, PUB)] == [("cumulative", None), ("cumulative", 0)]


def test_a_years_money_split_by_aid_type_is_the_years_money_too():
    # "... including $1.6 billion in military assistance" divides the year's budget by what it is for;
    # "The package includes £200m for drones" (above) buys something from it: a package.
    text = "Canada will provide over C$3.02 billion in support to Ukraine in 2024, including more than C$1.6 billion in military assistance."
    assert [(r.kind, r.period, r.part_of) for r in extract_pledges(text, PUB)] == [
        ("budget", "2024", None), ("budget", "2024", 0)]


def test_a_years_part_of_a_running_total_is_that_years_money():
    text = "Since 2022 Poland has spent over 323 mln zł on terminals for Ukraine, including 82 mln zł last year."
    assert [(r.kind, r.period) for r in extract_pledges(text, PUB)] == [("cumulative", "2022-2025"), ("budget", "2024")]


@pytest.mark.parametrize("text, amounts", [
    # "or" after a share of GDP gives the amount; after an amount it says the same money again
    ("Latvia's 2025 budget sets 0.25% of GDP, or €112 million, for Ukraine's military.", [112e6]),
    ("The budget sets at 0,25 % of gross domestic product, or around EUR 200 mln, its aid to Ukraine.", [200e6]),
    ("Norway approved a five-year, NOK 75 billion commitment, or NOK 15 billion a year.", [75e9]),
])
def test_or_restates_only_an_amount(text, amounts):
    assert [r.amount for r in extract_pledges(text, PUB)] == amounts


def test_the_same_money_said_again_in_another_currency_gives_its_years():
    text = ("The European Union has agreed fifty billion euros of support for Ukraine's economy. "
            "The money, about forty-three billion pounds, is to be paid out over four years, from 2024 to 2027.")
    assert [(r.currency, r.kind, r.period) for r in extract_pledges(text, date(2024, 2, 1))] == [
        ("EUR", "budget", "2024-2027")]


def test_a_list_after_a_line_without_money_is_no_breakdown_of_the_amount_before_it():
    text = ("Our countries have together provided more than EUR 30 billion since February 2022. "
            "We reaffirmed today the following national commitments:\n"
            "- Sweden has set aside SEK 40 billion for military support to Ukraine in 2026.\n"
            "- Finland will deliver its 31st package, valued at EUR 90 million.")
    assert [(r.kind, r.part_of) for r in extract_pledges(text, PUB)] == [
        ("cumulative", None), ("budget", None), ("package", None)]


def test_a_running_total_in_a_list_is_no_part_of_the_package_above_it():
    text = ("Britain announced a £100m package on Friday, its officials said:\n"
            "- The UK Government says its humanitarian support to Ukraine has reached £220 million since the invasion.")
    package, total = extract_pledges(text, PUB)
    assert (total.kind, total.part_of) == ("cumulative", None)


def test_a_share_of_a_years_money_that_is_called_a_package_is_a_package():
    text = ("The UK has set aside £2.5 billion in military aid for Ukraine for the 2024-25 financial year. "
            "Of that, £200 million will be spent on drones, the largest single drone package so far.")
    assert [(r.kind, r.part_of) for r in extract_pledges(text, PUB)] == [("budget", None), ("package", 0)]


def test_a_part_without_words_of_its_own_is_for_what_its_whole_is_for():
    text = "The World Bank said it had mobilised $50 billion for Ukraine since 2022, including $10bn from Japan."
    assert [(r.donors, r.aid_type, r.kind) for r in extract_pledges(text, PUB)] == [
        (["WB"], "financial", "cumulative"), (["JPN"], "financial", "cumulative")]


def test_a_bill_passed_is_its_amount_and_a_share_of_it_is_a_part():
    text = ("The House on Saturday passed $61 billion in aid for Ukraine, ending months of delay. "
            "Of the Ukraine money, about $23 billion will be used to buy new weapons.")
    whole, part = extract_pledges(text, PUB)
    assert (whole.amount, whole.qualifier) == (61e9, "exact")
    assert (part.amount, part.qualifier, part.part_of) == (23e9, "about", 0)


def test_a_conversion_in_brackets_a_few_words_later_is_the_same_money():
    text = "South Korea pledged $300 million in humanitarian aid for 2024 (about ₩400 billion) and $2.1 billion in loans."
    assert [(r.amount, r.currency) for r in extract_pledges(text, date(2024, 3, 1))] == [(3e8, "USD"), (2.1e9, "USD")]


def test_a_subheading_s_amount_takes_the_fields_of_the_sentence_that_says_it_in_full():
    text = ("Ukraine war live: allies pledge new aid\n\n"
            "UK and Norway put £450m into joint package\n"
            "The UK and Norway will provide a £450m package of air defence radars and drones, "
            "the Ministry of Defence announced on Thursday.\n")
    (record,) = extract_pledges(text, PUB)
    assert (record.donors, record.categories, record.date) == (["GBR", "NOR"], ["air_defence", "drones"], date(2025, 4, 10))
    assert record.quote.startswith("The UK and Norway will provide")


def test_a_hryvnia_figure_said_to_be_the_same_money_is_a_conversion():
    text = "Ukraine has received the first tranche of 3 bln euros (about UAH 131 bln) from the European Union."
    assert [(r.amount, r.currency) for r in extract_pledges(text, PUB)] == [(3e9, "EUR")]


def test_a_headline_s_bare_dollars_restate_the_body_s_own_dollars():
    text = ("Carney pledges $2B in military aid to Ukraine\n\n"
            "Canada will give Ukraine C$2 billion in military aid, Prime Minister Mark Carney said on Tuesday.")
    assert [(r.amount, r.currency) for r in extract_pledges(text, PUB)] == [(2e9, "CAD")]


def test_the_same_sum_for_another_year_is_another_budget():
    text = ("The government has reserved €3.5 billion for military support to Ukraine in 2025. "
            "Earlier this year it also added €3.5 billion for 2026.")
    assert [r.period for r in every(text)] == ["2025", "2026"]


def test_a_round_figure_then_the_exact_one_is_one_record_at_the_exact_figure():
    text = ("Canada will provide more than $3 billion in support to Ukraine this year, Trudeau said on Saturday. "
            "The $3.02 billion for this year includes funding for ammunition, a senior official said.")
    assert [(r.amount, r.qualifier) for r in extract_pledges(text, PUB)] == [(3.02e9, "exact")]


def test_the_items_of_a_list_are_parts_of_the_total_that_introduces_them():
    text = ("Financing in 2025\n\n"
            "Since the beginning of 2025, Ukraine has attracted USD 23.6 billion of external financing, including:\n"
            "- USD 9.8 billion from the EU under the Ukraine Facility;\n"
            "- USD 2.9 billion from Japan;\n"
            "- other partners.\n")
    records = extract_pledges(text, PUB)
    assert [(r.amount, r.kind, r.part_of) for r in records] == [
        (23.6e9, "cumulative", None), (9.8e9, "cumulative", 0), (2.9e9, "cumulative", 0)]
    assert [r.donors for r in records[1:]] == [["EU"], ["JPN"]]


def test_most_of_it_is_a_share_and_a_delivery_date_is_no_period():
    text = ("The facility is worth 50 billion euros for 2024 to 2027. "
            "Most of it, 38.3 billion euros, is meant to flow directly to the state budget.")
    assert [(r.kind, r.period, r.part_of) for r in every(text)] == [
        ("budget", "2024-2027", None), ("budget", "2024-2027", 0)]
    order = "Germany placed an order worth €2.2 billion for IRIS-T systems, to be delivered through 2027."
    assert (one(order).kind, one(order).period) == ("package", None)


def test_a_headline_s_round_figure_does_not_loosen_the_body_s_exact_one():
    text = ("Canada pledges more than $3 billion for Ukraine\n\n"
            "Canada will provide C$3.02 billion in support to Ukraine this year, Trudeau said on Saturday.")
    assert [(r.amount, r.qualifier) for r in extract_pledges(text, PUB)] == [(3.02e9, "exact")]


def test_ordinal_tranches_of_the_same_size_are_each_a_record():
    text = ("The Council adopted the first assistance measure of the war, worth €500 million. "
            "A second tranche of €500 million was adopted on 23 March 2022, "
            "and a sixth €500 million tranche was approved in October 2022.")
    assert len(every(text)) == 3


def test_a_subheadings_figure_said_in_full_with_its_conversion_is_the_sentences_record():
    text = ("Nordic aid this week\nThe Nordic governments announced new support for Ukraine on Tuesday.\n"
            "Norway to allocate over $600 million to Ukraine's air defence\n"
            "Norway will increase its support to Ukraine by NOK 7 billion ($600 million) in 2024, of which "
            "NOK 6 billion will be allocated to air defence.")
    assert [(r.currency, r.amount, r.kind) for r in every(text)][:2] == [("NOK", 7e9, "budget"), ("NOK", 6e9, "budget")]
