"""Who gives (tracker/extract/giver.py): names, adjectives, capitals, metonyms, groups and joint
donors, and the dollar a donor's name settles."""
import pytest

from tables import PUB, one

from tracker.extract.decide import extract_pledges


# Who gives: names, adjectives, capitals, metonyms, groups and joint donors.
DONORS = [
    ("Britain will spend £650m on air defence.", ["GBR"]),
    ("The UK will give £100m for drones.", ["GBR"]),
    ("The British package of £100m covers drones.", ["GBR"]),
    ("London will separately spend £120m on radars.", ["GBR"]),
    ("Oslo will give Ukraine NOK 12.5 billion for air defence.", ["NOR"]),
    ("The Norwegian government will give NOK 2 billion for air defence.", ["NOR"]),
    ("The Pentagon announced $375 million of vehicles.", ["USA"]),
    ("Washington announced a $1bn package of air defence missiles.", ["USA"]),
    ("Berlin has earmarked €8.5 billion for further military aid.", ["DEU"]),
    ("German support will grow by a further two billion euros.", ["DEU"]),
    ("Ottawa will send Ukraine C$440 million worth of armoured vehicles.", ["CAN"]),
    ("Canberra announced an A$100 million package of drones.", ["AUS"]),
    ("Stockholm announced a package worth SEK 8.2 billion.", ["SWE"]),
    ("Warsaw will provide up to PLN 300 million for demining.", ["POL"]),
    ("Bern said it would give CHF 90 million for demining.", ["CHE"]),
    ("The European Commission paid EUR 3.9 billion to Ukraine.", ["EU"]),
    ("Brussels has agreed a EUR 5 billion fund for military aid.", ["EU"]),
    ("EU governments also approved €300 mn for F-16 ammunition.", ["EU"]),
    ("The International Monetary Fund approved a disbursement of $400 million.", ["IMF"]),
    ("The World Bank loan adds a $15 million grant from the Government of Finland.", ["FIN"]),
    # Many donors, listed
    ("Allies such as Germany, Norway and Poland have committed $1 billion to the fund for Ukraine.",
     ["DEU", "NOR", "POL"]),
    # Who carries out the projects is not who pays for them
    ("Luxembourg has allocated USD 13 million for demining in Ukraine. The money goes to projects implemented "
     "by the United Nations Development Programme (USD 10.8 million).", ["LUX"]),
    # Whose money: a name before a word for its money, or whose decision it is
    ("Britain gave £2 billion last year. That is close to the US allocation of €43 billion.", ["USA"]),
    ("Washington gave $2 billion to Ukraine. A delay in the European Union's approval of a $50 billion aid package "
     "for Ukraine worries Kyiv.", ["EU"]),
    # Europe's donors together, not the EU and not the donor named before
    ("Britain gave £2 billion last year. European military support has reached €42 billion.", []),
    ("Britain gave £2 billion last year. Europe has now allocated a total of €138 billion in aid to Ukraine.", []),
    ("The World Bank approved new financing of USD 2 billion.", ["WB"]),
    ("The Netherlands and Denmark jointly committed €400m to buy air defence interceptors.", ["NLD", "DNK"]),
    ("Sweden, Denmark and Finland agreed to fund a 7.1 billion kronor package.", ["SWE", "DNK", "FIN"]),
    ("The support includes a £450 million package from the UK and Norway.", ["GBR", "NOR"]),
    ("Norway will put NOK 1.5 billion into a World Bank-administered fund.", ["NOR"]),
    ("Japan contributed 100 billion yen to a World Bank trust fund.", ["JPN"]),
    ("Australia will give US$10 million to a NATO trust fund.", ["AUS"]),
    ("Japan and Ukraine signed a ¥470 billion loan agreement.", ["JPN"]),
    ("Lithuania will give up to €20 mln to the coalition it leads with Iceland.", ["LTU"]),
    ("Speaking in Brussels, the Dutch defence minister pledged €250 million.", ["NLD"]),
    ("The defence minister, visiting a plant in London, Ontario, said Canada would spend C$20 million.", ["CAN"]),
    ("Partners pledged more than €9bn at a meeting of the Ukraine Defence Contact Group in Brussels.", ["UDCG"]),
    ("NATO allies are on track to provide at least 40 billion euros this year.", ["NATO"]),
    ("The Czech-led initiative has secured more than €3bn from donor countries.", []),
    # Whose money it is, wherever it goes; a fund's manager gives nothing
    ("The United States transferred its share, $20 bln, to a fund administered by the World Bank.", ["USA"]),
    # A legislature stands for its country
    ("In June, the Storting raised this year's allocation under the Nansen programme to NOK 85bn.", ["NOR"]),
    ("Congress approved $61 billion in aid for Ukraine.", ["USA"]),
    # A surname that is also a country's name
    ("Portugal's Prime Minister Luís Montenegro said his government would give at least €220 million.", ["PRT"]),
    # Those who follow are not the givers; a people named by its adjective is
    ("The Netherlands became the first to pay, with €500 million, followed a day later by Denmark.", ["NLD"]),
    ("The new money comes on top of the €500 million the Dutch gave in August.", ["NLD"]),
    # A leaders' summit is the occasion, not a total of many
    ("At a leaders' summit in London on Sunday, Britain announced a deal worth £1.6 billion for missiles.", ["GBR"]),
    # A factbox's names in capitals
    ("* CANADA - Committed C$500 million to the scheme.", ["CAN"]),
    ("THE NETHERLANDS: €500 million for the first package", ["NLD"]),
    # A leader stands for the donor, and is never a place
    ("At the leaders' meeting in Kananaskis, Carney announced a further C$2 billion in military aid.", ["CAN"]),
    ("Last month in Kyiv, von der Leyen promised Ukraine €160 million for its energy system.", ["EU"]),
    # The other party to an agreement gives; a hyphenated word between the amount and its giver
    ("The loan agreement with the United Kingdom, worth GBP 2.26 billion, was signed on Monday.", ["GBR"]),
    ("Kyiv signed a security agreement with France worth €3 billion.", ["FRA"]),
    ("In 2022 the firm signed a contract with the US Army, worth about USD 182 million, for two NASAMS units.",
     ["USA"]),
    ("- USD 1.0 billion in non-repayable grants from Japan through the World Bank;", ["JPN"]),
    # A group that says what the giver is
    ("• New Zealand, a NATO partner: NZD 16.5 million, its first contribution to the mechanism.", ["NZL"]),
    # Money Ukraine received, with no giver named, came from all its partners
    ("Norway gave NOK 5bn. Since January, Ukraine has received USD 10.3 billion of external financing.", []),
]


def test_a_leader_who_speaks_quotes_a_total_and_gives_nothing():
    text = ("Allies agreed €21 billion of military support at the meeting of the contact group.\n"
            "Healey told a press conference: \"The new pledges total over €21 billion.\"")
    assert [(r.donors, r.kind) for r in extract_pledges(text, PUB)] == [(["UDCG"], "aggregate")]


def test_a_bare_dollar_converted_into_the_donors_own_is_the_us_dollar():
    assert [(r.currency, r.amount) for r in extract_pledges(
        "* CANADA - Committed $500 million (about C$700 million) to the scheme.", PUB)] == [("USD", 500e6)]
    assert one("Canada will give $500 million for drones.").currency == "CAD"


def test_a_bare_dollar_of_a_donor_carried_over_is_the_articles_dollar():
    us = ("The United States on Tuesday sent $20 billion to the fund. US officials said the US money was safe.\n"
          "Canada said its money would go to general budget support.\n"
          "Separately, a further $1 billion in grants will follow next year.")
    canada = ("Canada on Tuesday sent C$2 billion to the fund. Canadian officials said the money was safe.\n"
              "Separately, a further $1 billion in grants will follow next year.")
    assert [(r.donors, r.currency) for r in extract_pledges(us, PUB)][-1] == (["CAN"], "USD")
    assert [(r.donors, r.currency) for r in extract_pledges(canada, PUB)][-1] == (["CAN"], "CAD")


def test_a_bare_dollar_is_the_us_dollar_in_a_report_about_others_or_one_that_converts_it():
    about_others = ("Washington has so far provided more than $35 billion, the Pentagon said. Germany added "
                    "€2.7 billion. Canada is providing $29 million in aid, including sniper rifles.")
    converted = ("Canada will provide a $1.8 billion loan to Ukraine, the budget says. Canada will extend a "
                 "$2.4 billion Canadian dollars ($1.8 billion) loan to Ukraine.")
    assert [(r.donors, r.currency) for r in extract_pledges(about_others, PUB)][-1] == (["CAN"], "USD")
    assert [(r.donors, r.currency, r.amount) for r in extract_pledges(converted, PUB)][0] == (["CAN"], "USD", 1.8e9)


def test_money_in_a_donors_own_currency_is_its_own_when_no_giver_is_named():
    text = ("Denmark will spend DKK 4.2 billion on its 27th package. The committee also approved that Denmark will "
            "administer EUR 250 million from the European Union.\n"
            "The package is financed from the Ukraine Fund, which covers DKK 68.6 billion for the years 2023 to 2028.")
    assert [r.donors for r in extract_pledges(text, PUB)] == [["DNK"], ["EU"], ["DNK"]]


def test_respectively_gives_each_donor_its_own_amount():
    text = "Japan and Canada have paid their shares, ¥471.9 billion and CAD 5 billion respectively."
    assert [(r.donors, r.currency) for r in extract_pledges(text, PUB)] == [(["JPN"], "JPY"), (["CAN"], "CAD")]


@pytest.mark.parametrize("text,donors", DONORS)
def test_donors(text, donors):
    assert sorted(extract_pledges(text, PUB)[-1].donors) == sorted(donors)


def test_bare_dollars_of_a_dollar_country_are_its_own():
    assert one("Canada will provide an additional $500 million in military assistance.").currency == "CAD"


def test_a_group_that_tells_a_total_of_many_gives_none_of_it():
    r = one("NATO says allies have funded more than $4 billion of PURL packages since the scheme began in July.")
    assert (r.donors, r.kind) == ([], "cumulative")


def test_the_two_countries_are_the_donors_just_named():
    text = ("Denmark and Norway will jointly finance drone production in Ukraine.\n"
            "The two countries have set aside a combined DKK 2.3 billion for the project.")
    r = one(text)
    assert (sorted(r.donors), r.kind) == (["DNK", "NOR"], "package")


def test_a_total_at_the_meeting_is_the_group_s_whose_meeting_was_named():
    text = ("Germany pledged €500m for air defence at the meeting of the Ukraine Defence Contact Group on Wednesday. "
            "In total, allies committed about $3 billion in new aid at the meeting, the group's chair said.")
    records = extract_pledges(text, PUB)
    assert [(r.donors, r.kind) for r in records] == [(["DEU"], "package"), (["UDCG"], "aggregate")]


def test_a_dollar_code_names_a_currency_and_a_coalition_leader_gives_nothing():
    text = ("NZ commits further $16m to Ukraine\n\n"
            "New Zealand will give Ukraine a further $16 million, Foreign Minister Winston Peters said on Friday. "
            "Of that, $7.5m will go to the drone coalition led by Latvia and the United Kingdom. "
            "The amounts are worth about US$9.2 million and US$4.3 million respectively.")
    assert [(r.amount, r.currency, r.donors) for r in extract_pledges(text, PUB)] == [
        (16e6, "NZD", ["NZL"]), (7.5e6, "NZD", ["NZL"])]


def test_a_group_s_meeting_is_an_occasion_not_a_giver():
    text = ("Britain's Defence Secretary, attending his first contact group meeting, said "
            "his government's aid was locked in at 3 billion pounds a year.")
    assert (one(text).donors, one(text).kind) == (["GBR"], "budget")


def test_the_owner_named_before_an_amount_is_its_donor():
    text = "Canada pledged $5 billion toward the G7's US$50-billion loan for Ukraine."
    assert [(r.donors, r.kind) for r in extract_pledges(text, PUB)] == [(["CAN"], "package"), (["G7"], "aggregate")]


def test_a_country_that_drops_its_veto_gives_nothing():
    text = ("The EU's Ukraine Facility was agreed by EU leaders in February 2024 after Hungary dropped its veto, "
            "and is worth 50 billion euros for 2024 to 2027.")
    assert one(text).donors == ["EU"]


def test_a_country_named_after_since_is_a_time_not_a_subject():
    text = "Danish military support since Russia's invasion in February 2022 reaches more than DKK 30 billion."
    assert (one(text).donors, one(text).kind) == (["DNK"], "cumulative")


def test_a_sentence_without_money_names_who_the_next_ones_are_about():
    text = ("Nordic frames for Ukraine\n\n"
            "Norway approved NOK 75 billion over five years in 2023.\n"
            "Sweden was first to write a multi-year frame into its budget.\n"
            "In January 2024 the government set a frame of SEK 75 billion in military support for 2024 to 2026.")
    assert [r.donors for r in extract_pledges(text, PUB)] == [["NOR"], ["SWE"]]
