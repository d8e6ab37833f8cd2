"""Kind of record and its years (tracker/extract/kind.py): package, budget, aggregate,
cumulative (the spec's definitions), the period the money covers, and comparisons."""
import pytest

from tables import PUB, every, one

from tracker.extract.decide import extract_pledges


# What kind of record: package, budget, aggregate, cumulative (the spec's definitions).
KINDS = [
    ("Britain will spend £650m on air defence missiles.", "package"),
    ("The UK would spend a record £4.5 billion on military aid for Ukraine this year.", "budget"),
    ("Britain will give Ukraine £3bn a year in military aid until 2030.", "budget"),
    ("Belgium will give €1bn a year in military aid for four years.", "budget"),
    ("Berlin has earmarked €8.5 billion for military aid to Ukraine through 2029.", "budget"),
    ("Switzerland approved CHF 1.5 billion for reconstruction over 2025 to 2028.", "budget"),
    ("A bilateral agreement promised €977 million for 2024.", "budget"),
    ("Sweden said its military support frame for Ukraine in 2026 would be SEK 40 billion.", "budget"),
    ("Partners pledged more than €9bn in new military aid at the contact group.", "aggregate"),
    ("Member states have together pledged over EUR 30 billion in military aid, the EU said.", "aggregate"),
    # A pledging event's takings: many donors' money at one moment
    ("The Stand Up for Ukraine campaign raised €9.1 billion for people fleeing the war.", "aggregate"),
    ("The donors' conference in Paris on Tuesday mobilised more than €1 billion in winter aid.", "aggregate"),
    ("Participants in the Lugano conference committed €7bn to the recovery.", "aggregate"),
    ("Participating governments pledged a further $800 million.", "aggregate"),
    ("Taken together, the new commitments announced today amount to more than USD 1 billion.", "aggregate"),
    ("Allies and partners have committed more than USD 4 billion through PURL since the first package was funded.",
     "cumulative"),
    ("Counting from February 2022, Norway has given Ukraine close to 60 billion kroner.", "cumulative"),
    ("Denmark has given DKK 2 billion to the scheme since August.", "cumulative"),
    # What many partners paid in over a span is a running total
    ("In March, the state budget of Ukraine received USD 3.4 billion from international partners.", "cumulative"),
    ("The United States has provided more than $66bn in military assistance since February 2022.", "cumulative"),
    ("Norwegian funding has passed 110 billion Norwegian kroner since 2022.", "cumulative"),
    ("Danish support since 2022 now stands at roughly DKK 70 billion.", "cumulative"),
    ("The announcement brings Japan's total support for Ukraine to around $12 billion.", "cumulative"),
    ("Berlin's share for 2025 is listed as €1,5 Mrd.", "package"),
    # A present perfect of giving is a total to date ...
    ("Britain has given Ukraine £7.1bn in military aid.", "cumulative"),
    ("Poland has sent 44 aid packages worth about 4.2 billion zlotys.", "cumulative"),
    ("The Netherlands has donated more than €4 billion in military equipment.", "cumulative"),
    # ... unless the words make it one new amount, or a year's money
    ("Germany has provided an additional €500 million in military aid.", "package"),
    ("Canada has sent a new C$60 million package of drones.", "package"),
    # "so far" and "since" after a superlative or an anniversary make no running total
    ("The package is worth SEK 13.5 billion and is the largest package Sweden has provided so far.", "package"),
    ("The Pentagon announced $6 billion for Ukraine, the largest commitment made since the invasion.", "package"),
    ("New Zealand will give $16 million, three years to the day since Russia's full-scale invasion.", "package"),
    ("Britain, the largest European donor, has provided £12bn since 2022.", "cumulative"),
    ("That brings the Dutch contribution to the initiative to €250 million, the largest so far.", "cumulative"),
    ("Washington had now committed more than $56 billion since Russia's February 2022 invasion.", "cumulative"),
    ("Britain's £4.5bn for this year is the UK's highest annual level so far.", "budget"),
    ("The €50 billion Ukraine Facility, covering 2024 to 2027, supports Kyiv's budget.", "budget"),
    ("Denmark has allocated DKK 1.3 billion for weapons in 2025.", "budget"),
    ("Ukraine has received EUR 1.5 billion from the European Union under the Ukraine Facility.", "package"),
    ("Britain will increase its military funding for Ukraine to £2.5 billion next year.", "budget"),
    # The words right after the amount give its year: the year's money
    ("Belgium - €1bn this year, mainly for F-16s.", "budget"),
    ("The drones are part of the UK's £4.5bn for Ukraine in 2025.", "budget"),
    ("Latvia will provide €112 million in 2025 for the drone coalition.", "budget"),
    # ... but not a year said elsewhere in the sentence, nor one more amount for the year
    ("In 2025 Latvia gave €20 million for drones.", "package"),
    ("Tokyo will provide an additional $4.5 billion to Ukraine this year.", "package"),
    ("The Netherlands confirmed that 3.5 billion euros is committed for Ukraine in 2026.", "budget"),
    ("The UK will again spend £3 billion on military aid in the 2025-26 financial year.", "budget"),
    ("The Pentagon will spend $6bn on Ukraine in FY2025.", "budget"),
    ("Denmark's DKK 1 billion for Mykolaiv this year.", "budget"),
    ("The Dutch gave €500 million for 2025 on 4 August for the first package of US weapons.", "package"),
    ("The package, worth $400m, was announced in FY2024.", "package"),
    # A sentence that opens on its year gives that year's money
    ("Next year, Sweden will give SEK 2 billion to Ukraine.", "budget"),
    # A programme of several years, with the amount between its years and its name
    ("The Fund approved a three-year $9.4bn loan programme for Ukraine.", "budget"),
    # ... and a year's money as German and French reports say it
    ("Im kommenden Jahr wird Schweden 2 Milliarden Kronen für die Ukraine ausgeben.", "budget"),
    ("Die gesamte schwedische Hilfe für das kommende Jahr beträgt 2 Milliarden Kronen.", "budget"),
    ("Schweden will der Ukraine jährlich 500 Millionen Euro geben.", "budget"),
    ("Cette année, la Suède donnera 2 milliards d'euros à l'Ukraine.", "budget"),
    ("La Belgique donnera 1 milliard d'euros par an à l'Ukraine.", "budget"),
    # A total that runs into years to come is an envelope, not a running total
    ("The agreement also fixes a total of 5.000 million euros in military support until 2027.", "budget"),
]


@pytest.mark.parametrize("text,kind", KINDS)
def test_kinds(text, kind):
    assert one(text).kind == kind


# Periods: the years the money covers.
PERIODS = [
    ("The UK would spend £4.5 billion on military aid for Ukraine this year.", "2025"),
    ("The Fund approved a three-year $9.4bn loan programme for Ukraine.", "2025-2027"),
    ("Im kommenden Jahr wird Schweden 2 Milliarden Kronen für die Ukraine ausgeben.", "2026"),
    ("Cette année, la Suède donnera 2 milliards d'euros à l'Ukraine.", "2025"),
    ("Britain will give £3bn a year in military aid until 2030.", "2025-2030"),
    ("Belgium will give €1bn a year for four years, starting in 2025.", "2025-2028"),
    ("Berlin has earmarked €8.5 billion for military aid to Ukraine through 2029.", "2025-2029"),
    ("The facility is worth €50 billion for 2024-2027.", "2024-2027"),
    ("The US has provided more than $66bn since February 2022.", "2022-2025"),
    ("Sweden's support frame in 2026 would be SEK 40 billion.", "2026"),
    ("Denmark's total military support stands at about DKK 68 billion since the beginning of the full-scale war.",
     "2022-2025"),
    ("The ministry puts it at about CZK 1 billion since the scheme began in 2024.", "2024-2025"),
    ("Partners have provided USD 23.6 billion of external financing since the beginning of 2025.", "2025"),
    ("The Netherlands said it would add €3.5 billion to its 2026 budget for Ukraine.", "2026"),
    # A fiscal year is named by its label; a split one covers both years
    ("The Pentagon will spend $6bn on Ukraine in fiscal 2025.", "2025"),
    ("Washington set aside $300 million for Ukraine in the fiscal year 2026 defense bill.", "2026"),
    ("The department has $1.2bn for Kyiv in FY26.", "2026"),
    ("Britain will provide £3bn in military aid in the 2024/25 financial year.", "2024-2025"),
    # "a four-year programme" counts its years when no year is said, and only before the amount
    ("The IMF's board approved a four-year lending arrangement for Ukraine worth SDR 11.6bn.", "2025-2028"),
    ("The four-year programme, approved in 2023 and worth USD 15.6 billion, runs until 2027.", "2023-2027"),
    ("In 2024 Ukraine received €16.1bn from the EU under the four-year Ukraine Facility.", "2024"),
    ("When the programme was created in 2023, it was 75 billion kroner over five years.", "2023-2027"),
    ("Counting from February 2022, Norway has given Ukraine close to 60 billion kroner.", "2022-2025"),
]


@pytest.mark.parametrize("text,period", PERIODS)
def test_periods(text, period):
    assert one(text).period == period


def test_a_group_without_money_of_its_own_announces_an_aggregate():
    text = "The Group of Seven agreed on Thursday to provide a $50 billion loan to Ukraine."
    r = one(text)
    assert (r.donors, r.kind, r.aid_type) == (["G7"], "aggregate", "financial")


def test_for_this_year_at_the_start_of_a_sentence_makes_a_budget():
    assert one("For this year, Norway's NOK 7.5 billion goes to the fund.").kind == "budget"


def test_each_year_anywhere_in_the_clause_makes_a_budget():
    text = "Lithuania will allocate 0.25% of its GDP each year to military support for Ukraine, about €200 million."
    assert one(text).kind == "budget"


def test_each_amount_takes_the_year_said_after_it():
    text = "The Netherlands will provide €2 billion in military support in 2024, and €3 billion in 2025."
    assert [r.period for r in extract_pledges(text, PUB)] == ["2024", "2025"]


def test_an_amount_joined_to_a_running_total_is_one_too():
    text = "Britain has so far committed £4.6 billion in military aid to Ukraine and £12 billion in total support."
    assert [r.kind for r in extract_pledges(text, PUB)] == ["cumulative", "cumulative"]


COMPARISONS = [
    # The figure compared with is another year's amount, a record of its own ...
    ("Germany's military aid to Ukraine for 2025 is set at €4 billion, down from €7.5bn this year.",
     [(4e9, "budget", "2025"), (7.5e9, "budget", "2025")]),
    ("The sum, €11.5 billion for 2026, is up from about €8.3 billion this year.",
     [(11.5e9, "budget", "2026"), (8.3e9, "budget", "2025")]),
    # ... unless the amount before is not support ("will cost $486 billion, up from $411 billion")
    ("The World Bank said Ukraine's reconstruction will cost $486 billion, up from $411 billion a year earlier.", []),
    # A level the amount rises from is no amount of its own
    ("Military support to Ukraine in 2025 rises from NOK 22.5 billion to NOK 72.5 billion (around €6.2 billion).",
     [(72.5e9, "budget", "2025")]),
]


@pytest.mark.parametrize("text,expected", COMPARISONS)
def test_comparisons(text, expected):
    assert [(r.amount, r.kind, r.period) for r in every(text)] == expected


def test_a_list_that_leaves_out_the_verb_shares_its_kind_and_years():
    text = ("For this year, the Netherlands has earmarked €3.5 billion for Ukraine's military, "
            "Germany €4 billion and Norway NOK 72.5 billion.")
    assert [(r.donors, r.kind, r.period) for r in extract_pledges(text, PUB)] == [
        (["NLD"], "budget", "2025"), (["DEU"], "budget", "2025"), (["NOR"], "budget", "2025")]


def test_over_the_same_period_takes_the_kind_and_years_said_before():
    text = ("Germany puts its military support at around €28 billion since the full-scale invasion, and the "
            "British government says the UK has committed £7.8 billion in military aid over the same period.")
    assert [(r.donors, r.kind, r.period) for r in extract_pledges(text, PUB)] == [
        (["DEU"], "cumulative", "2022-2025"), (["GBR"], "cumulative", "2022-2025")]


def test_a_figure_after_another_year_s_is_that_year_s_budget():
    text = ("For 2025, Germany has set aside some €9 billion for military aid to Ukraine, "
            "after about €7.5 billion last year.")
    assert [(r.amount, r.kind, r.period) for r in extract_pledges(text, PUB)] == [
        (9e9, "budget", "2025"), (7.5e9, "budget", "2024")]
