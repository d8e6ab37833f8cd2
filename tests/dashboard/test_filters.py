"""Filters: URL query parameters in and out, descriptions in words, and the
rows a view keeps (tables of cases, `assert actual == expected`)."""
from datetime import date

import pandas as pd
import pytest

from conftest import ROOT
from tracker.dashboard.filters import Filters, apply_filters, parse_filters, search_rows

# Links as users share them: the issue's own example first, then the other fields.
ROUND_TRIPS = [
    ("issue example", {"donors": ["GBR", "NOR"], "aid_type": ["military"], "currency": ["GBP"]},
     Filters(donors=("GBR", "NOR"), aid_types=("military",), currency="GBP")),
    ("dates", {"since": ["2025-01-01"], "until": ["2025-06-30"]},
     Filters(since=date(2025, 1, 1), until=date(2025, 6, 30))),
    ("kinds and categories", {"kind": ["package", "budget"], "categories": ["air_defence", "drones"]},
     Filters(kinds=("package", "budget"), categories=("air_defence", "drones"))),
    ("group donor, split, search", {"donors": ["EU"], "split": ["categories"], "search": ["radar"]},
     Filters(donors=("EU",), split="categories", search="radar")),
    ("nothing", {}, Filters()),
]


@pytest.mark.parametrize("params, filters", [c[1:] for c in ROUND_TRIPS], ids=[c[0] for c in ROUND_TRIPS])
def test_params_parse_to_filters(params, filters):
    assert parse_filters(params) == (filters, [])


@pytest.mark.parametrize("params, filters", [c[1:] for c in ROUND_TRIPS], ids=[c[0] for c in ROUND_TRIPS])
def test_filters_write_the_same_params(params, filters):
    assert filters.to_params() == params


# Hand-edited or stale links: the bad value alone is dropped, with a sentence saying so.
BAD_PARAMS = [
    ("lower-case donor is read", {"donors": ["nor"]}, Filters(donors=("NOR",)), []),
    ("unknown donor", {"donors": ["GBR", "XYZ"]}, Filters(donors=("GBR",)),
     ["'XYZ' is neither a donor code (e.g. GBR, NOR, EU) nor a country's name; ignored"]),
    ("country names resolve", {"donors": ["Norway", "united kingdom", "the Ramstein group"]},
     Filters(donors=("NOR", "GBR", "UDCG")), []),
    ("bad date", {"since": "April 2025", "until": "2025-05-01"}, Filters(until=date(2025, 5, 1)),
     ["'April 2025' is not a date (since=YYYY-MM-DD); ignored"]),
    ("dates reversed", {"since": "2025-05-01", "until": "2025-01-01"}, Filters(),
     ["the start date is after the end date; both ignored"]),
    ("unknown aid type", {"aid_type": ["military", "cyber"]}, Filters(aid_types=("military",)),
     ["'cyber' is not an aid type (military, financial, humanitarian); ignored"]),
    ("plural kind", {"kind": "packages"}, Filters(),
     ["'packages' is not a kind (package, budget, aggregate, cumulative); ignored"]),
    ("unknown category", {"categories": "tanks"}, Filters(), ["'tanks' is not a category (air_defence, drones, "
     "artillery_ammunition, armour_vehicles, aircraft, naval, maintenance_repair, mines_demining, training, "
     "industry, general); ignored"]),
    ("unknown currency", {"currency": "JPY"}, Filters(), ["'JPY' is not a display currency (EUR, USD, GBP); showing EUR"]),
    ("duplicates", {"donors": ["GBR", "GBR"], "kind": ["package", "package"]},
     Filters(donors=("GBR",), kinds=("package",)), []),
    ("empty values", {"donors": [""], "since": ""}, Filters(), []),
]


@pytest.mark.parametrize("params, filters, problems", [c[1:] for c in BAD_PARAMS], ids=[c[0] for c in BAD_PARAMS])
def test_bad_params_are_dropped_with_a_reason(params, filters, problems):
    assert parse_filters(params) == (filters, problems)


DESCRIPTIONS = [
    ("everything", Filters(), "All pledges; amounts in euros (EUR), each converted at its announcement date."),
    ("one donor in dollars", Filters(donors=("NOR",), currency="USD"),
     "Pledges by Norway (joint pledges included); amounts in US dollars (USD), each converted at its announcement date."),
    ("categories and dates", Filters(categories=("air_defence", "drones"), since=date(2025, 4, 1), until=date(2025, 4, 30)),
     "Pledges for air defence or drones, announced 1 Apr 2025 to 30 Apr 2025; amounts in euros (EUR), "
     "each converted at its announcement date."),
    ("a group, until", Filters(donors=("UDCG",), until=date(2025, 4, 11), kinds=("aggregate",)),
     "Pledges by Ukraine Defence Contact Group (joint pledges included), aggregates, announced up to 11 Apr 2025; "
     "amounts in euros (EUR), each converted at its announcement date."),
]


@pytest.mark.parametrize("filters, words", [c[1:] for c in DESCRIPTIONS], ids=[c[0] for c in DESCRIPTIONS])
def test_describe_says_the_view_in_words(filters, words):
    assert filters.describe() == words


def test_store_args_name_the_store_filters():
    filters = Filters(donors=("NOR",), since=date(2025, 1, 1), kinds=("package",), currency="GBP")
    expected = {"donors": ["NOR"], "since": date(2025, 1, 1), "until": None, "aid_types": None,
                "kinds": ["package"], "categories": None, "statuses": ["confirmed", "edited", "extracted"]}
    assert filters.store_args() == expected


def _frame():
    # The seed article's three records, as the store returns them (abridged).
    return pd.DataFrame({
        "id": ["a", "b", "c"],
        "donors": [["UDCG"], ["GBR", "NOR"], ["GBR"]],
        "kind": ["aggregate", "package", "budget"],
        "aid_type": ["military"] * 3,
        "categories": [["general"], ["air_defence", "drones"], ["general"]],
        "date": pd.to_datetime(["2025-04-11", "2025-04-11", None]),
        "quote": ["21 billion euros", "a £450 million package to fund radar", "£4.5 billion"],
        "source_urls": ["https://example.org/a"] * 3,
    })


SEARCHES = [
    ("the quote, case-blind", "RADAR", ["b"]),
    ("a donor's name finds its joint package", "norway", ["b"]),
    ("a donor's code", "gbr", ["b", "c"]),
    ("a source address", "example.org", ["a", "b", "c"]),
    ("blank keeps everything", "  ", ["a", "b", "c"]),
    ("nothing matches", "tanks", []),
]


@pytest.mark.parametrize("search, ids", [c[1:] for c in SEARCHES], ids=[c[0] for c in SEARCHES])
def test_search_rows_keeps_the_matching_rows(search, ids):
    assert search_rows(_frame(), search)["id"].tolist() == ids


# -- the same rows as the store's own query -------------------------------

def _store(tmp_path, gold):
    """A real SQLite store: the seed (a joint package, a budget, a meeting
    total), an undated pledge whose day is its article's, several categories,
    a rejected record."""

    from tracker.pipeline import ingest_article
    from tracker.reading.files import Article
    from tracker.records.pledge import Pledge
    from tracker.store.schema import open_store

    store = open_store(f"sqlite:///{tmp_path / 'tracker.db'}")
    seed = ROOT / "seeds" / "000_ec911605d6ab0184.txt"
    ingest_article(store, Article(text=seed.read_text()), published=date(2025, 4, 11), pledges=gold(seed))
    later = "Oslo adds NOK 2 billion for drones and naval training. Earlier Berlin gave €1bn in loans."
    ingest_article(store, Article(text=later), published=date(2025, 6, 30), pledges=[
        Pledge(["NOR"], 2e9, "NOK", categories=["drones", "naval"], date=None, quote="Oslo adds NOK 2 billion"),
        Pledge(["DEU"], 1e9, "EUR", aid_type="financial", date=date(2025, 6, 2), quote="Berlin gave €1bn"),
        Pledge(["DEU"], 5e8, "EUR", date=date(2025, 6, 3), quote="a misread"),
        Pledge(["POL"], 3e8, "EUR", date=date(2025, 6, 4), quote="a doubtful one", confidence=0.3)],
        statuses=["confirmed", "confirmed", "rejected", "extracted"])
    return store


SAME_AS_STORE = [
    ("nothing", Filters()),
    ("a joint donor", Filters(donors=("NOR",))),
    ("two donors", Filters(donors=("DEU", "UDCG"))),
    ("any category", Filters(categories=("naval", "air_defence"))),
    ("aid type and kind", Filters(aid_types=("military",), kinds=("package", "budget"))),
    ("an undated pledge takes its article's day", Filters(since=date(2025, 6, 30))),
    ("inclusive dates", Filters(since=date(2025, 4, 11), until=date(2025, 6, 2))),
    ("until", Filters(until=date(2025, 4, 11))),
    ("everything at once", Filters(donors=("GBR", "NOR"), categories=("drones",), since=date(2025, 1, 1))),
    ("nothing matches", Filters(donors=("USA",))),
    ("awaiting review", Filters(statuses=("pending",))),
    ("what counts and what waits", Filters(statuses=("confirmed", "edited", "extracted", "pending"))),
    ("confirmed only, by a donor", Filters(statuses=("confirmed",), donors=("DEU", "POL"))),
]


@pytest.mark.parametrize("filters", [c[1] for c in SAME_AS_STORE], ids=[c[0] for c in SAME_AS_STORE])
def test_apply_filters_keeps_the_rows_the_store_returns(tmp_path, gold, filters):
    from tracker.store.query import load_pledges

    store = _store(tmp_path, gold)
    everything = load_pledges(store)
    expected = load_pledges(store, **filters.store_args())["id"].tolist()
    assert apply_filters(everything, filters)["id"].tolist() == expected


def test_the_status_filter_lives_in_the_link():
    filters, problems = parse_filters({"status": ["pending", "extracted", "maybe"]})
    actual = (filters.statuses, problems, filters.to_params(), parse_filters(filters.to_params())[0] == filters)
    assert actual == (("pending", "extracted"), ["'maybe' is not a status (confirmed, edited, extracted, pending); ignored"],
                      {"status": ["pending", "extracted"]}, True)


def test_without_a_status_filter_a_view_holds_what_counts():
    frame = pd.DataFrame({"id": ["a", "b", "c", "d"], "status": ["extracted", "extracted", "confirmed", "edited"],
                          "confidence": [0.5, 0.9, 0.1, None], "donors": [["GBR"]] * 4})
    actual = (apply_filters(frame, Filters())["id"].tolist(),
              apply_filters(frame, Filters(statuses=("pending",)))["id"].tolist())
    assert actual == (["b", "c", "d"], ["a"])
