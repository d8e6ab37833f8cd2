"""Text -> records: tables of phrasings for what is and is not a pledge, who
gives, which kind, what type of aid, and when. Phrasings are written in the
style of wire copy and government statements; each table notes its purpose."""
from datetime import date

import pytest

from tracker.extract.aid import categories_in
from tracker.extract.decide import extract_pledges
from tracker.extract.sentences import split_sentences

PUB = date(2025, 4, 11)  # a Friday


def one(text, published=PUB):
    """The one record a sentence gives, whatever its confidence: a sentence alone lacks the article
    that names the giver or Ukraine, and these tables test the fields, not that decision
    (test_evidence.py tests it)."""
    records = extract_pledges(text, published, min_confidence=0)
    assert len(records) == 1, [r.to_dict() for r in records]
    return records[0]


def every(text, published=PUB):
    """The records of a few sentences, whatever their confidence (as `one`)."""
    return extract_pledges(text, published, min_confidence=0)


# Amounts that are not support to Ukraine (the spec's list), each in a sentence of its own.
NOT_A_PLEDGE = [
    "Russia plans to spend 13.5 trillion roubles on defence and security next year.",
    "Russia is set to spend an estimated $145bn on its armed forces this year.",
    "Norway's own defence budget for this year is a little over NOK 100 billion.",
    "Germany's defence budget is set to reach €86 billion next year.",
    "The UK's own defence budget, currently about £60bn a year, is set to rise.",
    "Poland's defence budget for 2025 exceeds PLN 186 billion.",
    "The World Bank put the cost of recovery and reconstruction at $490 billion.",
    "The finance ministry expects a budget gap of about $38 billion next year.",
    "The country still needs about $39 billion of external financing this year.",
    "The assets themselves, worth roughly €210bn, remain frozen.",
    "Those assets, worth around €185 billion, are held at a depository in Brussels.",
    "It will be repaid from profits on immobilised assets, which the G7 values at around $280 billion.",
    "Norway's sovereign wealth fund, worth more than 20,000 billion kroner, is not used.",
    "A single Patriot interceptor costs about $4m, officials said.",
    "The Treasury estimates the rise will cost an extra £13.4bn a year.",
    "Households pay 4.32 hryvnias per kilowatt-hour of electricity.",
    "The Swiss franc has strengthened to about 1.22 dollars this year.",
    "Ukraine's economy grew by 2.9% last year while inflation rose to 14.6%.",
    "Russia has laid mines across an estimated 139,000 square kilometres.",
    "He launched over 10,000 glide bombs and 100 drones every day.",
    "The UK will raise defence spending to 2.5% of national income by 2027.",
    "The US defence budget request for next year stands at about $850bn.",
    "Denmark's own armed forces are being expanded through a defence fund of DKK 155 billion.",
    "The aid is £200m more than last year, an increase of £200m on the previous two years.",
    "Journalists can call the press office on 020 7946 0194.",
    # Money not (yet) agreed
    "The European Union is struggling to agree a €50bn aid package because of opposition from Hungary.",
    "Hungary vetoed a €50 billion support package for Ukraine at the summit.",
    # Money for other recipients as well
    "The Senate passed the $95 billion foreign aid package, which also includes money for Israel and Taiwan.",
    # Proposals, motions and what should be done
    "The Socialist Left Party had demanded a separate Ukraine fund of 300 billion kroner.",
    "The opposition Greens had tabled an amendment to raise the Ukraine line by another €3 billion.",
    "The People's Party motion, which would have shifted CHF 250 million from Ukraine, failed.",
    "EU governments argue over a European Commission proposal to lend Ukraine €140bn.",
    "My proposal is simple: Europe's governments should fund the initiative with €5bn a year.",
    # A third party's tally
    "The Kiel Institute's Ukraine Support Tracker counts about €72bn of military aid from Europe.",
    "Europe has allocated €132 billion in total, according to the Kiel Institute.",
    # Donors' own armies, national budgets, earnings, sales
    "The country spends a little over 2% of GDP on its own army, about CZK 160 billion.",
    "Japan's parliament debates a ¥112 trillion budget for the next fiscal year.",
    "Canada will reach NATO's spending target this year, adding about $9 billion to the military budget.",
    "Critics say Norway has earned around NOK 1,300 billion in extra gas revenue since 2022.",
    "Lawmakers cut development aid in the 2025 budget by CHF 110 million.",
    "South Korea has sold tanks to Poland under framework deals worth more than 20 trillion won.",
    "The World Bank put the damage, estimated at around $486 billion, far above earlier figures.",
    "The 2026 budget bill foresees more than PLN 200 billion for defence, about 4.8% of GDP.",
    "At the same time, parliament added CHF 530 million to the army's budget for 2025.",
    "Lithuania approved a €300 million contribution to an ammunition plant, which will supply its own army.",
    "Defence and security expenditures are planned at UAH 2.2 trillion next year.",
    # Loans to donors for themselves, hopes, hypotheticals, prices, assets, what may follow
    "Warsaw stands to borrow up to €43.7 billion under the EU's defence loan scheme.",
    "The Commission's first split of its €150 billion defence loan scheme favours the eastern flank.",
    "Kallas is trying to put together a new military aid package of €40 billion.",
    "For the whole coalition, a quarter of a percent would mean more than €120 billion.",
    "Each gun sells for around €4 million.",
    "Officials expect the profits to generate between €2.5 billion and €3 billion a year.",
    "Latvia's defence budget this year is 2.4 percent of GDP, about €1 billion.",
    "We have ordered more than €1.6 billion of ammunition for our own forces.",
    "Euroclear holds around 183 billion euros of the Russian central bank's immobilised assets.",
    "The Commission said a further payment of up to 3.05 billion euros could follow this year.",
    # Claims checked, tallies, asset values, needs, company figures, authority left unused
    'A post shared 40,000 times claims that "the UK has given Ukraine £100bn".',
    "Kiel's tally of all US aid, military and otherwise, is roughly $120bn.",
    "The value of Russian central bank assets frozen in the West is estimated at $300bn.",
    "The IMF revised its estimate of Ukraine's external financing needs for 2025-2027 to USD 65 billion.",
    "Diehl reported an order backlog of €16 billion for 2024.",
    "About $3.85 billion of drawdown authority would likely remain unused when the administration leaves.",
    "The Netherlands itself spends about €24 billion a year on defence in 2025.",
    "The first post, which appeared on Sunday as European leaders met in London, puts the figure at £100bn.",
    "FACT CHECK: No, Britain has not given Ukraine £100bn in military aid.",
    "The United Nations launched an urgent appeal on Tuesday for $1.7 billion to help people inside Ukraine.",
    "The president asked lawmakers last month for $33 billion in extra funding for Ukraine.",
    "The White House says there is only about $100 million of that drawdown authority left.",
    "The budget deficit for 2023 is estimated at about $38 billion.",
    "The European Commission will give €5 million for neighbouring Moldova.",
    "The bill includes $8.7 billion to replenish US stocks.",
    "Euroclear holds about €185 billion of the assets.",
    "Lithuanian citizens crowdfunded nearly €5m for a drone in 2022.",
    "The government's budget bill for 2026 again proposes NOK 85 billion for Ukraine.",
    "Poland says it has spent about zł 8 billion on refugees on its own territory.",
    "UN asks for $1.7 billion for Ukraine as donors line up emergency money.",
    "Hungary, which blocked about €6.6 billion of payments to member states, relented in March.",
    "Korean companies have signed contracts with Poland for K2 tanks worth about $12 billion.",
    'Is this the "$500 billion" Trump talked about?',
    "Each PURL package is worth roughly $500 million, NATO officials say.",
    "At today's exchange rates, Canada's C$22 billion is about US$16 billion.",
    "If every ally did the same, Estonian officials argue, Ukraine would receive well over €100bn a year.",
    "The 2025 appeal seeks $2.63 billion for Ukraine and another $690 million for refugees.",
    "State Department clears $825-million missile sale to Ukraine.",
    "Those profits come to roughly $3bn a year.",
    "The Government Pension Fund Global, better known as the oil fund, is worth more than NOK 19,000 billion.",
    "• Moldova: the European Commission set out a €250m package to help Chisinau replace Russian gas.",
    "For a country whose gross domestic product was about $16 billion last year, the plan is large.",
    "A British-Ukrainian foundation said it had raised £12 million from private donors.",
    "Label: 13.5 trillion roubles (about 6.3% of GDP)",
    "British officials said the fleet had carried more than $24 billion worth of oil.",
    "Trade in goods between the EU and Russia fell to about €68 billion last year.",
    "Paris has delivered some 30 Caesar howitzers, each worth roughly €4 million.",
    "European Union officials are discussing a further macro-financial assistance of €9 billion.",
    # Asked for, drafted, forecast, priced, spent by Ukraine, given by the public, counted by a tracker
    "We are calling on the UK Government to commit at least £100 million to repairing homes.",
    "HOST: Germany has 11.5 billion euros in its draft budget for Ukraine next year.",
    "The cabinet's draft for 2025 foresees only 4 Mrd. Euro for Ukraine.",
    "The next Ukraine Facility payment, which officials expect to be worth €3.1bn, is due in September.",
    "A single Patriot battery is often put at around a billion euros.",
    "$1bn+: the usual price tag quoted for one Patriot battery with its first load of missiles.",
    "Kyiv's finance ministry said monthly budget spending is running at roughly $4.5 billion.",
    "Since March 2022, our supporters have given £38.6 million, the largest sum in our history.",
    "That appeal has since raised more than £400 million from the public.",
    "€4.6bn: the Kiel Institute's estimate of European military aid allocated in May and June.",
    # Sums of what was said, needs, refunds, own forces' money, one item's cost, others' tallies
    "Add those together and you get close to $96 billion, well above the figure he gave.",
    "Requirements (HNRP 2025): US$2.63 billion",
    "The Winter Response Plan targets 1.7 million people and requires $277 million.",
    "As of 30 September, humanitarian partners had received $1.16 billion against the requirement.",
    "In return for the jets, the European Union agreed to refund Slovakia about €213 million.",
    "Slovakia's new government has refused to approve a military aid package for Ukraine worth €40.3 million.",
    "The Bundeswehr's regular budget for 2026 is around €82.7 billion.",
    "Separately, the Lithuanian Armed Forces will buy drones worth EUR 20 mln for their own units.",
    "Fiscal 2024 Ukraine supplemental replenishment procurement of ammunition funds in the amount of $94,115,260 were obligated.",
    "A Bohdana self-propelled howitzer built in Ukraine costs roughly €2.5 million.",
    "Even at roughly €1.8 billion, by my own rough sum, the model finances a modest share.",
    "Three years on, the platform says it has raised more than $1.5 billion from people in 110 countries.",
    "The aid organisation Blue/Yellow has raised EUR 1,2 mln in donations since January.",
    "For next year, the foreign ministry plans to request about 520 billion won.",
    "EU leaders are due to discuss a proposed 20 billion euros for weapons.",
    "Its financial ceiling for the period 2021-2027 was initially set at around €5.7 billion.",
    # The most an instrument may hold is no money given
    "The facility, set up last year outside the EU's regular budget, has a ceiling of €5 billion to 2027.",
    # Frozen money, whatever it is called, and a share of it
    "• Frozen assets: Euroclear reported holding about €183bn of immobilised Russian central-bank money.",
    "The depository holds about €185 billion of the Russian assets, of which roughly €176 billion has turned into cash.",
]


NOT_A_PLEDGE += [
    # A forecast of money to come
    "For April, the ministry expects about USD 3 billion from partners.",
    "Kyiv expects to receive $1.5bn from Tokyo next month.",
    # What may still be given is not given
    "Officials said they intended to spend the remaining drawdown authority, about $5.6 billion, before Jan. 20.",
    # A target others are to meet; a debt
    "The IMF said the arrangement was designed to help unlock a total of about $115bn in financing.",
    "Ukraine already owes the IMF about SDR 7bn from earlier programmes.",
    # An aim; a donor's own forces
    "\"Our goal is that PURL should reach at least one billion dollars every month,\" the President said.",
    "The aid is separate from the Government's own investment in the Australian Defence Force, which includes "
    "$19 billion over the forward estimates.",
    "We earned extraordinary income from gas in 2022 and 2023, more than 1,000 billion kroner over the two years.",
    "By the end of June, €870 million had been paid back to member states under the first track.",
    "In return for the jets, the European Union agreed to refund Slovakia about 213 million euros, and the "
    "United States offered 12 attack helicopters for $340 million.",
    "A single long-range strike drone of the kind Ukraine builds costs roughly $200,000, against well over "
    "$1 million for a Western cruise missile.",
    "Slovakia, whose government scrapped its predecessor's €40.3 million package in 2023, has sent nothing since.",
    "The partners hope private investors will lift it to €500m by next year.",
    "Raytheon will act as a subcontractor for elements of the delivery worth approximately NOK 1.3 billion.",
    "- About $23.2 billion goes to replenishing US military stocks of weapons already sent to Ukraine.",
    "- $11.3 billion funds current US military operations in the region.",
    "The bill also raises by $7.8 billion the amount of equipment the president can send from US stocks.",
    "It provides $1.6 billion in Foreign Military Financing for Ukraine and other countries in the region.",
    "Biden asked Congress for more money as part of a $106 billion request.",
    "The government adopted a frame for 2024-2026, an average of SEK 25 billion a year.",
    "Some opposition MPs argue that the Ukraine frame should be raised to at least SEK 40 billion a year.",
    "President Zelensky has spoken of at least 120 miliardi di dollari for defence next year.",
    # The size of a kind of package
    "The Secretary General noted that a standard PURL package is designed to be worth about USD 500 million.",
]


@pytest.mark.parametrize("text", NOT_A_PLEDGE)
def test_not_a_pledge(text):
    assert extract_pledges(text, PUB) == []


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


def test_a_payment_schedule_and_a_converted_figure_in_the_headline_are_no_pledges_of_their_own():
    text = ("IMF approves loan as Ukraine secures $15.6bn programme\n"
            "The IMF approved a four-year lending arrangement for Ukraine worth SDR 11.6bn (about $15.6bn).\n"
            "The European Union has pledged €18bn for this year, paid out in monthly instalments of about €1.5bn.")
    assert [(r.donors, r.currency, r.amount) for r in extract_pledges(text, PUB)] == [
        (["IMF"], "XDR", 11.6e9), (["EU"], "EUR", 18e9)]


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


def test_a_continental_abbreviation_does_not_end_the_sentence():
    text = "For the programme, the Czech cabinet approved 700 mil. Kč for this year in January."
    assert [(r.currency, r.amount, r.kind, r.quote) for r in extract_pledges(text, PUB)] == [
        ("CZK", 700e6, "budget", text)]


def test_figures_without_a_currency_take_the_currency_of_the_record_one_of_them_restates():
    text = ("Norway will raise its support for Ukraine this year to 85 billion kroner.\n"
            "Eighty-five billion is roughly 7.6 billion dollars.\n"
            "Stoltenberg: Of the 85 billion, about 17 billion is civilian support, for energy and humanitarian aid.")
    records = extract_pledges(text, PUB)
    assert [(r.currency, r.amount, r.qualifier, r.kind, r.part_of) for r in records] == [
        ("NOK", 85e9, "exact", "budget", None), ("NOK", 17e9, "about", "budget", 0)]
    assert records[1].aid_type == "humanitarian"
    # ... and figures that restate none stay no amounts
    assert extract_pledges("Norway gave NOK 5bn.\nSome 300 million people live there, and 12 billion is a lot.", PUB) \
        == extract_pledges("Norway gave NOK 5bn.", PUB)


def test_a_part_of_a_running_total_with_its_own_year_is_that_years_budget():
    text = ("In total, the Council has mobilised €11.1 billion under the facility for Ukraine since 2022, including "
            "the €5 billion Ukraine Assistance Fund agreed in March for 2024.")
    assert [(r.amount, r.kind, r.period, r.part_of) for r in extract_pledges(text, PUB)] == [
        (11.1e9, "cumulative", "2022-2025", None), (5e9, "budget", "2024", 0)]


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


def test_money_in_a_donors_own_currency_is_its_own_when_no_giver_is_named():
    text = ("Denmark will spend DKK 4.2 billion on its 27th package. The committee also approved that Denmark will "
            "administer EUR 250 million from the European Union.\n"
            "The package is financed from the Ukraine Fund, which covers DKK 68.6 billion for the years 2023 to 2028.")
    assert [r.donors for r in extract_pledges(text, PUB)] == [["DNK"], ["EU"], ["DNK"]]


def test_the_same_money_rounded_down_is_said_again():
    text = ("The contract is valued at NOK 7.4 billion and is financed by the Norwegian government.\n"
            "With this contract, Norway is spending more than seven billion kroner on protecting civilians.")
    assert [(r.amount, r.qualifier) for r in extract_pledges(text, PUB)] == [(7.4e9, "exact")]


def test_a_whole_that_includes_ukraines_part_is_not_ukraines():
    text = ("President Biden on Wednesday signed into law a $95 billion national security package that includes "
            "$60.8 billion for Ukraine.")
    assert [r.amount for r in extract_pledges(text, PUB)] == [60.8e9]
    assert [r.amount for r in extract_pledges("The US announced a $1bn package that includes $300m for ammunition.",
                                              PUB)] == [1e9, 300e6]


def test_a_ministry_of_economy_and_ukraines_state_budget_name_no_distractor():
    text = ("In the first months of the war the Ministry of Economy and Finance paid a grant of 110 milioni di euro to "
            "the Ukrainian state budget and granted a loan of a further 200 milioni. Italy has provided more than "
            "100 milioni di euro in humanitarian aid since 2022.")
    assert [(r.amount, r.kind) for r in extract_pledges(text, PUB)] == [
        (110e6, "package"), (200e6, "package"), (100e6, "cumulative")]


def test_a_list_of_links_under_read_more_is_no_statement():
    text = ("Germany gave €5bn on Friday.\nRead more:\n- EU signs off on 35 billion euro loan for Kyiv\n"
            "- UK gives £3bn\nIn other news, Norway gave NOK 2bn.")
    assert [r.donors for r in extract_pledges(text, PUB)] == [["DEU"], ["NOR"]]


def test_respectively_gives_each_donor_its_own_amount():
    text = "Japan and Canada have paid their shares, ¥471.9 billion and CAD 5 billion respectively."
    assert [(r.donors, r.currency) for r in extract_pledges(text, PUB)] == [(["JPN"], "JPY"), (["CAN"], "CAD")]


@pytest.mark.parametrize("text,donors", DONORS)
def test_donors(text, donors):
    assert sorted(extract_pledges(text, PUB)[-1].donors) == sorted(donors)


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
    # A total that runs into years to come is an envelope, not a running total
    ("The agreement also fixes a total of 5.000 million euros in military support until 2027.", "budget"),
]


@pytest.mark.parametrize("text,kind", KINDS)
def test_kinds(text, kind):
    assert one(text).kind == kind


# What type of aid: military, financial (the state's budget, loans) or humanitarian (civilians, energy).
AID_TYPES = [
    ("Germany will give €500m for air defence.", "military"),
    # A mixed sum is of the type it names first; water for a city is relief
    ("Canada's running total of military, financial and humanitarian support is more than C$19 billion.", "military"),
    ("Norway has given Ukraine close to 60 billion kroner in military and civilian support.", "military"),
    ("Japan has provided $12 billion in humanitarian and financial aid.", "humanitarian"),
    ("Denmark will give DKK 1 billion to bring drinking water back to Mykolaiv.", "humanitarian"),
    ("Norway will put NOK 1.5 billion into a fund that pays salaries and pensions.", "financial"),
    ("The Commission approved EUR 1.4 billion in low-interest loans for the national budget.", "financial"),
    ("The EU will provide half a billion euros for emergency repairs to the grid.", "humanitarian"),
    ("Britain announced £62m for generators and portable boilers.", "humanitarian"),
    ("Japan will provide up to ¥100 billion in grant aid for winter shelter for civilians.", "humanitarian"),
    ("Australia will give US$10 million to a fund that buys fuel for Ukraine's armed forces.", "military"),
    ("A further CHF 90 million will go to humanitarian demining of farmland.", "humanitarian"),
    ("The Czech Republic will contribute CZK 2 billion to the ammunition initiative from its state budget.",
     "military"),
    ("Canada said it would lend Ukraine $2.4 billion through the IMF.", "financial"),
    ("Ukraine has received EUR 1.5 billion from the European Union under the Ukraine Facility.", "financial"),
    ("Japan transferred USD 3 billion to Ukraine from the proceeds of frozen Russian assets.", "financial"),
    ("Japan announced $3.5 billion in credit guarantees to keep the Ukrainian government running.", "financial"),
    ("Seoul will lend 2.1 billion dollars to finance reconstruction and keep Ukraine's public finances afloat.",
     "financial"),
    ("Britain signed a £2.26bn loan to be spent on military equipment for Ukraine's armed forces.", "military"),
]


@pytest.mark.parametrize("text,aid_type", AID_TYPES)
def test_aid_types(text, aid_type):
    assert one(text).aid_type == aid_type


# When: relative dates against the publication date (Friday 11 April 2025).
DATES = [
    ("Britain pledged £100m on Friday.", date(2025, 4, 11)),
    ("Britain pledged £100m on Thursday.", date(2025, 4, 10)),
    ("Britain pledged £100m on Monday.", date(2025, 4, 7)),
    ("Britain pledged £100m on Saturday.", date(2025, 4, 5)),
    ("Britain pledged £100m yesterday.", date(2025, 4, 10)),
    ("Britain pledged £100m today.", date(2025, 4, 11)),
    ("Britain pledged £100m on 3 March.", date(2025, 3, 3)),
    ("Britain pledged £100m on 12 December.", date(2024, 12, 12)),
    ("Britain pledged £100m on March 3.", date(2025, 3, 3)),
    ("Britain pledged £100m on 24 December 2024.", date(2024, 12, 24)),
    ("Britain pledged £100m on April 2, 2025.", date(2025, 4, 2)),
    ("Britain pledged £100m last week.", None),
    ("Britain pledged £100m earlier this month.", None),
    ("The programme, approved in 2023 and worth USD 15.6 billion, runs until 2027.", None),
    ("Britain pledged £100m.", date(2025, 4, 11)),
    # A day of the month alone: of this month, or of the last if it is still to come
    ("Britain pledged £100m on the 9th.", date(2025, 4, 9)),
    ("Britain pledged £100m on the 20th.", date(2025, 3, 20)),
]


@pytest.mark.parametrize("second, expected", [
    ("Within hours the Pentagon announced a $1bn drawdown.", date(2025, 4, 8)),
    ("The day before, in Warsaw, Britain announced a further £500m.", date(2025, 4, 7)),
    ("The next day Norway added NOK 1bn.", date(2025, 4, 9)),
])
def test_a_day_said_from_the_sentence_before(second, expected):
    text = "Congress passed $61bn for Ukraine on 8 April. " + second
    assert [r.date for r in extract_pledges(text, PUB)] == [date(2025, 4, 8), expected]


@pytest.mark.parametrize("text,expected", DATES)
def test_dates(text, expected):
    assert one(text).date == expected


def test_a_week_later_hangs_on_the_date_before_it():
    text = "The Netherlands pledged €250 million on 3 March, and Lithuania added €1.5 mln a week later."
    assert [r.date for r in extract_pledges(text, date(2025, 3, 12))] == [date(2025, 3, 3), date(2025, 3, 10)]


def test_same_meeting_carries_the_date():
    text = ("Canada pledged CAD 500 million at a meeting in Brussels on Friday.\n"
            "At the same meeting, Lithuania said it would give up to €20 mln for demining.")
    assert [r.date for r in extract_pledges(text, date(2025, 6, 9))] == [date(2025, 6, 6)] * 2


def test_lead_sentence_dates_the_pledges_it_introduces():
    text = ("Donors pledged fresh money on Friday to keep the lights on.\n"
            "Britain announced £62m for generators, and Switzerland added CHF 30 million to an energy fund.")
    assert [r.date for r in extract_pledges(text, date(2024, 11, 18))] == [date(2024, 11, 15)] * 2


# Periods: the years the money covers.
PERIODS = [
    ("The UK would spend £4.5 billion on military aid for Ukraine this year.", "2025"),
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


def test_part_of_points_at_the_whole():
    text = ("The UK will provide £2.5bn in military aid this year.\n"
            "The package includes £200m for the production of drones.")
    whole, part = extract_pledges(text, PUB)
    assert (part.part_of, part.kind, whole.part_of) == (0, "package", None)


def test_two_amounts_in_one_sentence_are_two_records_with_their_own_categories():
    text = "London will spend £120m on air defence radars and nearly £85m on repairing artillery guns."
    records = extract_pledges(text, PUB)
    assert [(r.amount, r.qualifier, r.categories) for r in records] == [
        (120e6, "exact", ["air_defence"]), (85e6, "about", ["maintenance_repair"])]


def test_quote_and_offsets_locate_the_sentence():
    text = "Headline here\nFirst sentence. Germany pledged €1bn for air defence on Friday. Last one."
    r = one(text)
    assert text[r.start:r.end] == r.quote == "Germany pledged €1bn for air defence on Friday."


@pytest.mark.parametrize("text,expected", [
    ("radar systems, anti-tank mines, vehicle repairs and drones",
     ["air_defence", "drones", "maintenance_repair", "mines_demining"]),
    ("repairing damaged armoured vehicles", ["maintenance_repair"]),
    ("F-16 fighter jets and pilot training", ["aircraft", "training"]),
    ("buying drones from Ukrainian producers", ["drones", "industry"]),
    ("patrol boats and 155mm artillery ammunition", ["artillery_ammunition", "naval"]),
])
def test_categories(text, expected):
    assert categories_in(text) == expected


def test_no_text_no_records():
    assert extract_pledges("", PUB) == [] and extract_pledges("   \n ", PUB) == []


def test_without_a_publication_date_relative_dates_stay_empty():
    assert one("Britain pledged £100m on Friday.", None).date is None


def test_sentences_keep_abbreviations_whole():
    text = "Mr. Healey met U.S. officials on Friday. The UK gave £5m."
    assert [s.text for s in split_sentences(text)] == ["Mr. Healey met U.S. officials on Friday.", "The UK gave £5m."]


def test_bare_dollars_of_a_dollar_country_are_its_own():
    assert one("Canada will provide an additional $500 million in military assistance.").currency == "CAD"


# Regressions found on articles written in wire-copy style (not from the corpus).
def test_a_deadline_is_not_the_announcement_date():
    text = "The administration will send $400 million in ammunition before January 20, officials said."
    assert one(text, date(2024, 12, 3)).date == date(2024, 12, 3)


def test_remaining_authority_is_not_a_pledge():
    text = "The administration has about $4.3 billion in remaining drawdown authority, officials said."
    assert extract_pledges(text, PUB) == []


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


def test_a_group_that_tells_a_total_of_many_gives_none_of_it():
    r = one("NATO says allies have funded more than $4 billion of PURL packages since the scheme began in July.")
    assert (r.donors, r.kind) == ([], "cumulative")


def test_a_group_without_money_of_its_own_announces_an_aggregate():
    text = "The Group of Seven agreed on Thursday to provide a $50 billion loan to Ukraine."
    r = one(text)
    assert (r.donors, r.kind, r.aid_type) == (["G7"], "aggregate", "financial")


def test_the_two_countries_are_the_donors_just_named():
    text = ("Denmark and Norway will jointly finance drone production in Ukraine.\n"
            "The two countries have set aside a combined DKK 2.3 billion for the project.")
    r = one(text)
    assert (sorted(r.donors), r.kind) == (["DNK", "NOR"], "package")


def test_money_for_a_donors_own_defence_is_not_a_pledge():
    text = "The Commission proposed to mobilise up to €800 billion for the bloc's own defence."
    assert extract_pledges(text, PUB) == []


@pytest.mark.parametrize("text", [
    "Zelensky said Ukraine needs $40bn a year to keep its army supplied.",
    "Kyiv has asked for €5bn in additional air defence funding.",
    "Ukraine is seeking $1.5 billion from partners to buy Patriot systems.",
    "The UN appealed for $3.1 billion in humanitarian funding for Ukraine.",
])
def test_a_request_is_not_a_pledge(text):
    assert extract_pledges(text, PUB) == []


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


def test_a_sum_of_announcements_already_made_is_no_new_pledge():
    text = ("The Pentagon announced a $1.25 billion drawdown and $1.22 billion in contracts. "
            "Taken together, the two announcements are worth nearly $2.5 billion.")
    assert [r.amount for r in extract_pledges(text, PUB)] == [1.25e9, 1.22e9]


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


def test_for_this_year_at_the_start_of_a_sentence_makes_a_budget():
    assert one("For this year, Norway's NOK 7.5 billion goes to the fund.").kind == "budget"


def test_each_year_anywhere_in_the_clause_makes_a_budget():
    text = "Lithuania will allocate 0.25% of its GDP each year to military support for Ukraine, about €200 million."
    assert one(text).kind == "budget"


def test_each_amount_takes_the_year_said_after_it():
    text = "The Netherlands will provide €2 billion in military support in 2024, and €3 billion in 2025."
    assert [r.period for r in extract_pledges(text, PUB)] == ["2024", "2025"]


def test_a_part_without_words_of_its_own_is_for_what_its_whole_is_for():
    text = "The World Bank said it had mobilised $50 billion for Ukraine since 2022, including $10bn from Japan."
    assert [(r.donors, r.aid_type, r.kind) for r in extract_pledges(text, PUB)] == [
        (["WB"], "financial", "cumulative"), (["JPN"], "financial", "cumulative")]


def test_a_list_after_a_colon_says_what_the_package_buys():
    text = ("Pentagon announces new weapons for Ukraine\n\n"
            "The package is valued at up to $400 million and includes:\n"
            "- Munitions for NASAMS air defence systems;\n"
            "- 155mm artillery rounds;\n"
            "- 12 Bradley Infantry Fighting Vehicles.\n"
            "Russian strikes on Kharkiv killed 12 people overnight, officials said.\n")
    (record,) = extract_pledges(text, PUB)
    assert record.categories == ["air_defence", "artillery_ammunition", "armour_vehicles"]


def test_a_total_at_the_meeting_is_the_group_s_whose_meeting_was_named():
    text = ("Germany pledged €500m for air defence at the meeting of the Ukraine Defence Contact Group on Wednesday. "
            "In total, allies committed about $3 billion in new aid at the meeting, the group's chair said.")
    records = extract_pledges(text, PUB)
    assert [(r.donors, r.kind) for r in records] == [(["DEU"], "package"), (["UDCG"], "aggregate")]


def test_an_amount_joined_to_a_running_total_is_one_too():
    text = "Britain has so far committed £4.6 billion in military aid to Ukraine and £12 billion in total support."
    assert [r.kind for r in extract_pledges(text, PUB)] == ["cumulative", "cumulative"]


def test_a_bill_passed_is_its_amount_and_a_share_of_it_is_a_part():
    text = ("The House on Saturday passed $61 billion in aid for Ukraine, ending months of delay. "
            "Of the Ukraine money, about $23 billion will be used to buy new weapons.")
    whole, part = extract_pledges(text, PUB)
    assert (whole.amount, whole.qualifier) == (61e9, "exact")
    assert (part.amount, part.qualifier, part.part_of) == (23e9, "about", 0)


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


def test_corrections_and_links_to_other_articles_are_no_records():
    text = ("Denmark pledges DKK 4.2 billion for Ukraine\n\n"
            "Denmark will give Ukraine DKK 4.2 billion in military aid, the government said on Friday.\n"
            "Read also: Norway adds NOK 5 billion to its Ukraine fund\n"
            "Editor's note: An earlier version of this article gave the Danish package as DKK 4.2 million.\n"
            "Correction, 12 April: An earlier version of this article said the aid was worth €600 million.\n")
    assert [(r.amount, r.currency) for r in extract_pledges(text, PUB)] == [(4.2e9, "DKK")]


def test_a_dollar_code_names_a_currency_and_a_coalition_leader_gives_nothing():
    text = ("NZ commits further $16m to Ukraine\n\n"
            "New Zealand will give Ukraine a further $16 million, Foreign Minister Winston Peters said on Friday. "
            "Of that, $7.5m will go to the drone coalition led by Latvia and the United Kingdom. "
            "The amounts are worth about US$9.2 million and US$4.3 million respectively.")
    assert [(r.amount, r.currency, r.donors) for r in extract_pledges(text, PUB)] == [
        (16e6, "NZD", ["NZL"]), (7.5e6, "NZD", ["NZL"])]


def test_a_conversion_in_brackets_a_few_words_later_is_the_same_money():
    text = "South Korea pledged $300 million in humanitarian aid for 2024 (about ₩400 billion) and $2.1 billion in loans."
    assert [(r.amount, r.currency) for r in extract_pledges(text, date(2024, 3, 1))] == [(3e8, "USD"), (2.1e9, "USD")]


def test_russian_assets_do_not_make_russia_the_subject():
    text = "Japan's share of the G7 loans backed by Russian assets, 471.9 billion yen, is larger than ever."
    assert one(text).donors == ["JPN"]


def test_a_list_that_leaves_out_the_verb_shares_its_kind_and_years():
    text = ("For this year, the Netherlands has earmarked €3.5 billion for Ukraine's military, "
            "Germany €4 billion and Norway NOK 72.5 billion.")
    assert [(r.donors, r.kind, r.period) for r in extract_pledges(text, PUB)] == [
        (["NLD"], "budget", "2025"), (["DEU"], "budget", "2025"), (["NOR"], "budget", "2025")]


def test_a_group_s_meeting_is_an_occasion_not_a_giver():
    text = ("Britain's Defence Secretary, attending his first contact group meeting, said "
            "his government's aid was locked in at 3 billion pounds a year.")
    assert (one(text).donors, one(text).kind) == (["GBR"], "budget")


def test_the_lead_s_day_dates_the_pledges_after_it():
    text = ("Nordic ministers add money for Ukraine\n\n"
            "Defence ministers from the Nordic and Baltic states met in Vilnius on Monday and announced new support.\n"
            "Denmark committed DKK 4.2 billion in its 26th aid package, the ministers said in a joint statement.")
    assert one(text).date == date(2025, 4, 7)


def test_a_subheading_s_amount_takes_the_fields_of_the_sentence_that_says_it_in_full():
    text = ("Ukraine war live: allies pledge new aid\n\n"
            "UK and Norway put £450m into joint package\n"
            "The UK and Norway will provide a £450m package of air defence radars and drones, "
            "the Ministry of Defence announced on Thursday.\n")
    (record,) = extract_pledges(text, PUB)
    assert (record.donors, record.categories, record.date) == (["GBR", "NOR"], ["air_defence", "drones"], date(2025, 4, 10))
    assert record.quote.startswith("The UK and Norway will provide")


def test_the_owner_named_before_an_amount_is_its_donor():
    text = "Canada pledged $5 billion toward the G7's US$50-billion loan for Ukraine."
    assert [(r.donors, r.kind) for r in extract_pledges(text, PUB)] == [(["CAN"], "package"), (["G7"], "aggregate")]


def test_a_hryvnia_figure_said_to_be_the_same_money_is_a_conversion():
    text = "Ukraine has received the first tranche of 3 bln euros (about UAH 131 bln) from the European Union."
    assert [(r.amount, r.currency) for r in extract_pledges(text, PUB)] == [(3e9, "EUR")]


def test_a_headline_s_bare_dollars_restate_the_body_s_own_dollars():
    text = ("Carney pledges $2B in military aid to Ukraine\n\n"
            "Canada will give Ukraine C$2 billion in military aid, Prime Minister Mark Carney said on Tuesday.")
    assert [(r.amount, r.currency) for r in extract_pledges(text, PUB)] == [(2e9, "CAD")]


def test_over_the_same_period_takes_the_kind_and_years_said_before():
    text = ("Germany puts its military support at around €28 billion since the full-scale invasion, and the "
            "British government says the UK has committed £7.8 billion in military aid over the same period.")
    assert [(r.donors, r.kind, r.period) for r in extract_pledges(text, PUB)] == [
        (["DEU"], "cumulative", "2022-2025"), (["GBR"], "cumulative", "2022-2025")]


def test_a_country_that_drops_its_veto_gives_nothing():
    text = ("The EU's Ukraine Facility was agreed by EU leaders in February 2024 after Hungary dropped its veto, "
            "and is worth 50 billion euros for 2024 to 2027.")
    assert one(text).donors == ["EU"]


def test_generators_worth_an_amount_are_given():
    assert one("Poland sent generators worth zł 40 million to hospitals in Kharkiv.").currency == "PLN"


def test_the_same_sum_for_another_year_is_another_budget():
    text = ("The government has reserved €3.5 billion for military support to Ukraine in 2025. "
            "Earlier this year it also added €3.5 billion for 2026.")
    assert [r.period for r in every(text)] == ["2025", "2026"]


def test_a_round_figure_then_the_exact_one_is_one_record_at_the_exact_figure():
    text = ("Canada will provide more than $3 billion in support to Ukraine this year, Trudeau said on Saturday. "
            "The $3.02 billion for this year includes funding for ammunition, a senior official said.")
    assert [(r.amount, r.qualifier) for r in extract_pledges(text, PUB)] == [(3.02e9, "exact")]


def test_a_country_named_after_since_is_a_time_not_a_subject():
    text = "Danish military support since Russia's invasion in February 2022 reaches more than DKK 30 billion."
    assert (one(text).donors, one(text).kind) == (["DNK"], "cumulative")


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


def test_a_figure_after_another_year_s_is_that_year_s_budget():
    text = ("For 2025, Germany has set aside some €9 billion for military aid to Ukraine, "
            "after about €7.5 billion last year.")
    assert [(r.amount, r.kind, r.period) for r in extract_pledges(text, PUB)] == [
        (9e9, "budget", "2025"), (7.5e9, "budget", "2024")]


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


def test_a_hostile_line_of_thousands_of_amounts_is_read_in_linear_steps():
    # Sentence-wide cues look at most _REACH characters from each amount, and a sentence's
    # own cues are read once, so the text scanned per amount does not grow with the line.
    from tracker.extract import context, decide, kind, restate
    original, scanned = context.cue, []

    def counting(key, text, section="kind", heads=None):
        scanned[-1] += len(text)
        return original(key, text, section, heads)

    users = (context, decide, kind, restate)  # every module that reads a cue list with `cue`
    try:
        for module in users:
            module.cue = counting
        for amounts in (400, 800):
            scanned.append(0)
            extract_pledges("Germany pledged " + "€1bn and " * amounts + "more.", PUB)
    finally:
        for module in users:
            module.cue = original
    assert scanned[1] <= 2.5 * scanned[0], scanned  # quadratic work would be 4 times


@pytest.mark.parametrize("text, dates", [
    # A timeline: each dated heading dates the lines under it, to the next heading.
    ("Timeline: Berlin's aid\n\n13 May 2023\nThe ministry announces its largest package: equipment worth "
     "2.7 billion euros.\n\n16 February 2024\nThe chancellor announces a package worth 1.1 billion euros.\n\n"
     "Where things stand\nBerlin will add €500 million in ammunition.",
     ["2023-05-13", "2024-02-16", "2025-04-11"]),
    # A digest's weekday headings, in capitals or not, resolved against the publication day (a Friday).
    ("The week in aid\n\nMONDAY\n• Denmark approved DKK 4.3bn for howitzers.\n\nWednesday, 9 April\n"
     "• Norway added NOK 1.5bn for heating.\n• Sweden gave SEK 500m on Tuesday.",
     ["2025-04-07", "2025-04-09", "2025-04-08"]),
    # A byline with a date is no heading for what follows.
    ("Aid news\nUpdated Monday, 7 April 2025\n\nDenmark approved DKK 4.3bn for howitzers.", ["2025-04-11"]),
])
def test_a_dated_heading_dates_the_lines_under_it(text, dates):
    assert [str(r.date) for r in every(text)] == dates


def test_a_sentence_without_money_names_who_the_next_ones_are_about():
    text = ("Nordic frames for Ukraine\n\n"
            "Norway approved NOK 75 billion over five years in 2023.\n"
            "Sweden was first to write a multi-year frame into its budget.\n"
            "In January 2024 the government set a frame of SEK 75 billion in military support for 2024 to 2026.")
    assert [r.donors for r in extract_pledges(text, PUB)] == [["NOR"], ["SWE"]]


def test_ordinal_tranches_of_the_same_size_are_each_a_record():
    text = ("The Council adopted the first assistance measure of the war, worth €500 million. "
            "A second tranche of €500 million was adopted on 23 March 2022, "
            "and a sixth €500 million tranche was approved in October 2022.")
    assert len(every(text)) == 3


def test_a_video_link_is_not_a_viral_video():
    text = ("Canadian Prime Minister Justin Trudeau, speaking by video link, said Canada would give "
            "C$100 million more in humanitarian aid for Ukrainians displaced by the war.")
    assert (one(text).amount, one(text).donors) == (100e6, ["CAN"])


def test_a_list_of_corrections_is_no_record():
    text = ("EU leaders agree on €90bn loan for Ukraine\n\n"
            "EU leaders agreed on Thursday to lend Ukraine €90 billion for 2026 and 2027.\n"
            "Corrections:\n"
            "- An earlier version said the loan would be worth around €210 billion.\n"
            "- A previous update misstated the latest ERA transfer as €8.1 billion.\n")
    assert [r.amount for r in extract_pledges(text, PUB)] == [90e9]


def test_assets_named_earlier_in_the_sentence_do_not_make_a_pledge_an_asset_value():
    text = ("Meloni, who had asked for a legal base before any use of the assets, said Rome would keep "
            "its own bilateral humanitarian line, worth EUR 15 mln for 2026.")
    assert (one(text).amount, one(text).donors) == (15e6, ["ITA"])


def test_a_german_billion_with_its_dot_is_one_sentence_and_one_amount():
    text = "The defence ministry announces its largest package so far: equipment worth more than 2.7 Mrd. Euro."
    assert (one(text).amount, one(text).currency, one(text).qualifier) == (2.7e9, "EUR", "at_least")
