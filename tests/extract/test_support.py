"""Support to Ukraine or not (tracker/extract/support.py): amounts that are no pledge, each in a
sentence of its own, and what makes a figure someone else's, or Ukraine's own."""
import pytest

from tables import PUB, one

from tracker.extract.decide import extract_pledges


# Amounts that are not support to Ukraine (the spec's list), each in a sentence of its own.
NOT_A_PLEDGE = [
    "Russia plans to spend 13.5 trillion roubles on defence and security next year.",
    "Russia is set to spend an estimated $145bn on its armed forces this year.",
    # Russia named by its adjective before its state is the subject too, money for Ukraine's occupied land
    # or not (written for test_patterns.py: no text read Russia's state by its adjective)
    "The Russian government has promised $2 billion to rebuild the occupied cities of Ukraine.",
    "The Russian leadership will send 1.5 billion dollars to the occupied regions of Ukraine this year.",
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
    # What the shells for Ukraine will cost each year
    "Keeping Ukraine's guns supplied will swallow between six and nine billion euros a year, the adviser said.",
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


def test_remaining_authority_is_not_a_pledge():
    text = "The administration has about $4.3 billion in remaining drawdown authority, officials said."
    assert extract_pledges(text, PUB) == []


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


def test_russian_assets_do_not_make_russia_the_subject():
    text = "Japan's share of the G7 loans backed by Russian assets, 471.9 billion yen, is larger than ever."
    assert one(text).donors == ["JPN"]


def test_generators_worth_an_amount_are_given():
    assert one("Poland sent generators worth zł 40 million to hospitals in Kharkiv.").currency == "PLN"


def test_assets_named_earlier_in_the_sentence_do_not_make_a_pledge_an_asset_value():
    text = ("Meloni, who had asked for a legal base before any use of the assets, said Rome would keep "
            "its own bilateral humanitarian line, worth EUR 15 mln for 2026.")
    assert (one(text).amount, one(text).donors) == (15e6, ["ITA"])
