"""Aid type and categories (tracker/extract/aid.py): military, financial or humanitarian, and
what the money buys."""
import pytest

from tables import PUB, one

from tracker.extract.aid import categories_in
from tracker.extract.decide import extract_pledges


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


def test_two_amounts_in_one_sentence_are_two_records_with_their_own_categories():
    text = "London will spend £120m on air defence radars and nearly £85m on repairing artillery guns."
    records = extract_pledges(text, PUB)
    assert [(r.amount, r.qualifier, r.categories) for r in records] == [
        (120e6, "exact", ["air_defence"]), (85e6, "about", ["maintenance_repair"])]


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


def test_a_list_after_a_colon_says_what_the_package_buys():
    text = ("Pentagon announces new weapons for Ukraine\n\n"
            "The package is valued at up to $400 million and includes:\n"
            "- Munitions for NASAMS air defence systems;\n"
            "- 155mm artillery rounds;\n"
            "- 12 Bradley Infantry Fighting Vehicles.\n"
            "Russian strikes on Kharkiv killed 12 people overnight, officials said.\n")
    (record,) = extract_pledges(text, PUB)
    assert record.categories == ["air_defence", "artillery_ammunition", "armour_vehicles"]
