"""The pledge store against real databases: an SQLite file per test and a fresh
PostgreSQL schema: ingest, re-ingest, cross-outlet merge, conflicts, history,
filters, a crash mid-ingest and two processes ingesting at once."""
from __future__ import annotations

import json
import math
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, strategies as st

from conftest import CORPUS, ROOT, SEED, gold_records
from tracker.errors import InputError
from tracker.pipeline import ingest_article
from tracker.reading.files import Article, load_article, parse_dateline
from tracker.records.bounds import date_bounds
from tracker.records.pledge import Pledge
from tracker.store.query import count_pledges, count_sources, load_pledges, load_sources
from tracker.store.review import clear_conflict, load_history, set_status, update_pledge
from tracker.store.schema import open_store, source_id

FRIDAY = date(2025, 4, 11)


def seed_article() -> Article:
    return Article(text=SEED.read_text(encoding="utf-8"), title="Healey: allies agree record support",
                   outlet="Seed Times", url="https://seed.example/healey", path=str(SEED))


def report(text: str, outlet: str, url: str) -> Article:
    return Article(text=text, title=text.split(".")[0], outlet=outlet, url=url)


def package(amount: float, donors=("GBR", "NOR"), currency="GBP", when=FRIDAY, kind="package", quote="") -> Pledge:
    return Pledge(donors=list(donors), amount=amount, currency=currency, kind=kind, date=when,
                  quote=quote or f"A {currency} {amount:,.0f} package.", start=0, end=10)


# -- opening -----------------------------------------------------------------

def test_open_store_creates_the_sqlite_file_in_wal_mode(tmp_path):
    path = tmp_path / "new" / "tracker.db"
    open_store(str(path)).close()
    actual = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert actual == "wal"


def test_open_store_takes_tracker_db_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_DB", f"sqlite:///{tmp_path / 'env.db'}")
    with open_store() as store:
        actual = store.url
    assert actual == f"sqlite:///{tmp_path / 'env.db'}"


def test_unreachable_database_is_an_input_error_without_its_password():
    with pytest.raises(InputError, match="cannot open the store") as caught:
        open_store("postgresql+psycopg://tracker:s3cret@127.0.0.1:9/none?connect_timeout=2")
    actual = "s3cret" in str(caught.value)
    assert actual is False


def test_database_failure_is_one_clear_tracker_error(tmp_path):
    from tracker.errors import TrackerError

    path = tmp_path / "tracker.db"
    store = open_store(str(path))
    store.engine.dispose()
    for leftover in tmp_path.glob("tracker.db*"):
        leftover.unlink()
    path.write_bytes(b"this is not a database file at all" * 200)
    with pytest.raises(TrackerError, match="the store at sqlite:///.* failed: file is not a database"):
        load_pledges(store)


def test_open_store_rejects_a_bad_url():
    with pytest.raises(InputError, match="cannot use database URL"):
        open_store("nosuchdb://x/y")


# -- ingest --------------------------------------------------------------------

def test_seed_ingest_stores_one_source_and_its_pledges(any_store):
    result = ingest_article(any_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    actual = (result.duplicate, result.added, count_sources(any_store), count_pledges(any_store))
    assert actual == (False, 3, 1, 3)


def test_reingest_of_the_same_article_adds_nothing(any_store):
    ingest_article(any_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    again = ingest_article(any_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    actual = (again.duplicate, again.added, count_sources(any_store), count_pledges(any_store))
    assert actual == (True, 0, 1, 3)


def test_respaced_article_is_the_same_source():
    actual = source_id("£450\u00a0million  from the UK\n and Norway.")
    assert actual == source_id("£450 million from the UK and Norway.")


def test_loaded_frame_keeps_the_record_and_its_source(any_store):
    ingest_article(any_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    row = load_pledges(any_store, donors="NOR").iloc[0]
    actual = (row["donors"], row["amount"], row["currency"], row["status"], row["conflict"], row["source_urls"],
              row["sources"][0]["outlet"], row["sources"][0]["published"], row["date"].date())
    assert actual == (["GBR", "NOR"], 450e6, "GBP", "extracted", False, "https://seed.example/healey",
                      "Seed Times", "2025-04-11", FRIDAY)


def test_sources_are_listed_with_their_pledge_counts(any_store):
    ingest_article(any_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    ingest_article(any_store, report("Nothing pledged.", "Quiet", "https://q.example"), published=date(2025, 4, 12),
                   pledges=[])
    frame = load_sources(any_store)
    actual = [(r.outlet, r.published.date(), r.pledges) for r in frame.itertuples()]
    assert actual == [("Quiet", date(2025, 4, 12), 0), ("Seed Times", FRIDAY, 3)]


def test_normalised_amounts_are_stored_at_ingest(any_store):
    from tracker.records.fx import euro_rate

    ingest_article(any_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    row = load_pledges(any_store, kinds="budget").iloc[0]
    per_eur, day = euro_rate("GBP", FRIDAY)
    actual = (round(row["amount_eur"], 2), row["fx_date"].date())
    assert actual == (round(4.5e9 / per_eur, 2), day)


@pytest.mark.parametrize("currency, day", [
    ("GBP", date(2025, 4, 11)), ("NOK", date(2025, 4, 13)), ("JPY", date(2022, 12, 26)), ("USD", date(2031, 1, 1)),
    ("EUR", date(2024, 2, 29)), ("UAH", date(2025, 4, 11)),
])
def test_amounts_normalised_at_ingest_equal_those_of_fx(currency, day):
    import pandas as pd

    from tracker.records.fx import normalise_frame
    from tracker.store.schema import _normalised

    row = {"amount": 123_456_789.0, "currency": currency, "event_date": day}
    _normalised([row])
    expected = normalise_frame(pd.DataFrame({"amount": [123_456_789.0], "currency": [currency],
                                             "date": pd.to_datetime([day])})).iloc[0]
    columns = ("amount_eur", "amount_usd", "amount_gbp", "fx_date")
    actual = [row[c] for c in columns]
    assert actual == [None if pd.isna(expected[c]) else expected[c].date() if c == "fx_date" else expected[c]
                      for c in columns]


def test_currency_without_ecb_rate_stays_unconverted(any_store):
    pledge = package(1e9, donors=["UKR"], currency="UAH")
    ingest_article(any_store, report("Kyiv sets aside UAH 1bn.", "K", "https://k.example/1"),
                   published=FRIDAY, pledges=[pledge])
    row = load_pledges(any_store).iloc[0]
    actual = (math.isnan(row["amount_eur"]), row["fx_date"] is None or str(row["fx_date"]) == "NaT")
    assert actual == (True, True)


def test_pledge_from_unnamed_donors_is_stored(any_store):
    total = package(21e9, donors=[], currency="EUR", kind="aggregate")
    ingest_article(any_store, report("Allies agreed €21bn.", "A", "https://a.example"), published=FRIDAY,
                   pledges=[total])
    actual = (list(load_pledges(any_store)["donors"]), len(load_pledges(any_store, donors="GBR")))
    assert actual == ([[]], 0)


def test_missing_publication_date_asks_for_it(any_store):
    with pytest.raises(InputError, match="--published"):
        ingest_article(any_store, report("No date here.", "X", "https://x.example"), pledges=[])


def test_invalid_record_is_refused_and_nothing_lands(any_store):
    bad = package(450e6)
    bad.kind = "donation"
    with pytest.raises(InputError, match="kind 'donation'"):
        ingest_article(any_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED) + [bad])
    actual = (count_sources(any_store), count_pledges(any_store))
    assert actual == (0, 0)


def test_two_equal_records_of_one_sentence_stay_two(any_store):
    quote = "Norway gives €200 million for interceptors and €200 million for F-16 support."
    twins = [package(200e6, ["NOR"], "EUR", quote=quote), package(200e6, ["NOR"], "EUR", quote=quote)]
    twins[1].start, twins[1].end = 40, 80
    result = ingest_article(any_store, report(quote, "N", "https://n.example"), published=FRIDAY, pledges=twins)
    actual = (result.added, len(set(result.pledge_ids)), count_pledges(any_store))
    assert actual == (2, 2, 2)


def test_part_of_points_at_the_stored_whole(any_store):
    whole = package(820e6, ["USA"], "USD", quote="A package worth about $820 million.")
    part = package(770e6, ["USA"], "USD", quote="It includes $770 million in USAI funds.")
    part.part_of = 0
    result = ingest_article(any_store, report("US aid.", "U", "https://u.example"), published=FRIDAY,
                            pledges=[whole, part])
    frame = load_pledges(any_store).set_index("id")
    actual = frame.loc[result.pledge_ids[1], "part_of"]
    assert actual == result.pledge_ids[0]


def test_statuses_from_the_review_page_are_kept(any_store):
    records = gold_records(SEED)
    ingest_article(any_store, seed_article(), published=FRIDAY, pledges=records,
                   statuses=["confirmed", "edited", "rejected"])
    actual = sorted(load_pledges(any_store, include_rejected=True)["status"])
    assert actual == ["confirmed", "edited", "rejected"]


# -- the same pledge from several outlets -------------------------------------

def test_same_pledge_from_another_outlet_merges(any_store):
    ingest_article(any_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    other = report("Britain and Norway commit £452m for radars and mines.", "Other Post", "https://other.example/1")
    result = ingest_article(any_store, other, published=date(2025, 4, 14),
                            pledges=[package(452e6, when=date(2025, 4, 13))])
    row = load_pledges(any_store, donors="NOR").iloc[0]
    actual = (result.merged, result.added, count_pledges(any_store), row["amount"], len(row["sources"]),
              row["source_urls"])
    assert actual == (1, 0, 3, 450e6, 2, "https://seed.example/healey; https://other.example/1")


@pytest.mark.parametrize("amount, currency, when, kind", [
    pytest.param(460e6, "GBP", date(2025, 4, 12), "package", id="amount-off-by-2pct"),
    pytest.param(450e6, "EUR", FRIDAY, "package", id="other-currency"),
    pytest.param(450e6, "GBP", date(2025, 4, 19), "package", id="eight-days-later"),
    pytest.param(450e6, "GBP", FRIDAY, "budget", id="other-kind"),
])
def test_different_pledge_is_not_merged(any_store, amount, currency, when, kind):
    ingest_article(any_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    result = ingest_article(any_store, report("Another report.", "O", "https://o.example"), published=when,
                            pledges=[package(amount, currency=currency, when=when, kind=kind)])
    actual = (result.merged, result.added, count_pledges(any_store))
    assert actual == (0, 1, 4)


def test_disagreeing_reports_stay_apart_flagged_never_averaged(any_store):
    ingest_article(any_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    other = report("Britain and Norway commit £500m.", "Other Post", "https://other.example/2")
    result = ingest_article(any_store, other, published=FRIDAY, pledges=[package(500e6)])
    frame = load_pledges(any_store, donors="NOR")
    actual = (result.conflicts, sorted(frame["amount"]), list(frame["conflict"]))
    assert actual == (1, [450e6, 500e6], [True, True])


def test_corroborating_report_raises_no_conflict(any_store):
    # Outlet B confirms the joint package and adds a UK-only one: nothing disagrees.
    ingest_article(any_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    other = report("UK and Norway £450m; UK also £120m.", "B", "https://b.example")
    result = ingest_article(any_store, other, published=FRIDAY, pledges=[package(450e6), package(120e6, ["GBR"])])
    actual = (result.merged, result.added, result.conflicts, int(load_pledges(any_store)["conflict"].sum()))
    assert actual == (1, 1, 0, 0)


def test_conflict_flag_is_in_the_history(any_store):
    ingest_article(any_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    first = load_pledges(any_store, donors="NOR").iloc[0]["id"]
    ingest_article(any_store, report("£500m.", "O", "https://o.example"), published=FRIDAY, pledges=[package(500e6)])
    actual = [(h["what"], h["before"], h["after"]["conflict"]) for h in load_history(any_store, first)]
    assert actual == [("conflict", {"conflict": False}, True)]


# -- corrections ---------------------------------------------------------------

def test_edit_keeps_the_old_values_in_the_history(any_store):
    ingest_article(any_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    pid = load_pledges(any_store, kinds="budget").iloc[0]["id"]
    update_pledge(any_store, pid, amount=4.6e9, categories=["air_defence"])
    row = load_pledges(any_store, kinds="budget").iloc[0]
    (entry,) = load_history(any_store, pid)
    actual = (row["amount"], row["categories"], row["status"], entry["what"], entry["before"], entry["after"])
    assert actual == (4.6e9, ["air_defence"], "edited", "edit",
                      {"amount": 4.5e9, "categories": ["general"], "status": "extracted"},
                      {"amount": 4.6e9, "categories": ["air_defence"], "status": "edited"})


def test_edit_of_the_amount_recomputes_the_normalised_amounts(any_store):
    ingest_article(any_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    pid = load_pledges(any_store, kinds="budget").iloc[0]["id"]
    update_pledge(any_store, pid, amount=9e9)
    row = load_pledges(any_store, kinds="budget").iloc[0]
    actual = round(row["amount_gbp"])
    assert actual == 9_000_000_000


def test_edit_of_the_donors_moves_the_donor_filter(any_store):
    ingest_article(any_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    pid = load_pledges(any_store, kinds="budget").iloc[0]["id"]
    update_pledge(any_store, pid, donors=["DNK"])
    actual = list(load_pledges(any_store, donors="DNK")["id"])
    assert actual == [pid]


def test_review_edits_before_saving_are_in_the_history(any_store):
    extracted = gold_records(SEED)
    edited = [replace(extracted[0], kind="aggregate"), replace(extracted[1], amount=460e6), extracted[2]]
    result = ingest_article(any_store, seed_article(), published=FRIDAY, pledges=edited,
                            statuses=["confirmed", "edited", "confirmed"], originals=extracted)
    actual = [[(h["what"], h["before"], h["after"]) for h in load_history(any_store, pid)] for pid in result.pledge_ids]
    assert actual == [[], [("edit", {"amount": 450e6}, {"amount": 460e6})], []]


def test_confirmed_report_confirms_the_pledge_it_joins(any_store):
    ingest_article(any_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    result = ingest_article(any_store, report("UK and Norway: £450m.", "B", "https://b.example"), published=FRIDAY,
                            pledges=[package(450e6)], statuses=["confirmed"])
    pid = result.pledge_ids[0]
    frame = load_pledges(any_store).set_index("id")
    actual = (result.merged, frame.loc[pid, "status"], [h["after"]["status"] for h in load_history(any_store, pid)
                                                               if h["what"] == "status"])
    assert actual == (1, "confirmed", ["confirmed"])


def test_settled_conflict_keeps_its_trace(any_store):
    ingest_article(any_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    result = ingest_article(any_store, report("£500m.", "O", "https://o.example"), published=FRIDAY,
                            pledges=[package(500e6)])
    clear_conflict(any_store, result.added_ids[0])
    frame = load_pledges(any_store, donors="NOR").set_index("id")
    actual = (bool(frame.loc[result.added_ids[0], "conflict"]),
              [h["after"] for h in load_history(any_store, result.added_ids[0])])
    assert actual == (False, [{"conflict": False}])


def test_rejection_hides_the_pledge_and_is_recorded(any_store):
    ingest_article(any_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    pid = load_pledges(any_store, kinds="aggregate").iloc[0]["id"]
    set_status(any_store, pid, "rejected")
    actual = (len(load_pledges(any_store)), len(load_pledges(any_store, include_rejected=True)),
              count_pledges(any_store), [(h["what"], h["before"], h["after"]) for h in load_history(any_store, pid)])
    assert actual == (2, 3, 2, [("status", {"status": "extracted"}, {"status": "rejected"})])


def test_edit_of_a_rejected_pledge_leaves_it_rejected(sqlite_store):
    ingest_article(sqlite_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    pid = load_pledges(sqlite_store, kinds="budget").iloc[0]["id"]
    set_status(sqlite_store, pid, "rejected")
    update_pledge(sqlite_store, pid, period="2025-2026")
    row = load_pledges(sqlite_store, kinds="budget", include_rejected=True).iloc[0]
    actual = (row["status"], row["period"])
    assert actual == ("rejected", "2025-2026")


@pytest.mark.parametrize("changes, message", [
    ({"amount": -5}, "not a positive number"),
    ({"kind": "gift"}, "kind 'gift'"),
    ({"id": "x"}, "cannot edit id"),
    ({"categories": ["rockets"]}, "categories"),
    ({"date": "11/04/2025"}, "bad pledge date"),
])
def test_bad_edit_is_refused_and_changes_nothing(sqlite_store, changes, message):
    ingest_article(sqlite_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    pid = load_pledges(sqlite_store, kinds="budget").iloc[0]["id"]
    with pytest.raises(InputError, match=message):
        update_pledge(sqlite_store, pid, **changes)
    actual = (load_history(sqlite_store, pid), load_pledges(sqlite_store, kinds="budget").iloc[0]["amount"])
    assert actual == ([], 4.5e9)


def test_edit_of_an_unknown_pledge_is_an_input_error(sqlite_store):
    with pytest.raises(InputError, match="no pledge with id"):
        set_status(sqlite_store, "0000000000000000", "confirmed")


# -- filters ---------------------------------------------------------------------

def _corpus_store(store):
    for path in sorted(CORPUS.glob("dev-*.txt")):
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        article = Article(text=path.read_text(encoding="utf-8"), url=f"https://corpus.example/{path.stem}")
        ingest_article(store, article, published=date.fromisoformat(meta["published"]), pledges=gold_records(path))


@pytest.mark.parametrize("filters, expected", [
    pytest.param({"donors": "NLD"}, 3, id="joint-package-under-either-donor"),
    pytest.param({"donors": ["GBR", "NLD"]}, 12, id="any-of-several-donors"),
    pytest.param({"kinds": "cumulative"}, 5, id="kind"),
    pytest.param({"aid_types": ["humanitarian"]}, 9, id="aid-type"),
    pytest.param({"categories": "naval"}, 3, id="category"),
    pytest.param({"since": "2025-07-01", "until": "2025-07-31"}, 2, id="date-range"),
])
def test_corpus_filters(sqlite_store, corpus_dir, filters, expected):
    _corpus_store(sqlite_store)
    actual = len(load_pledges(sqlite_store, **filters))
    assert actual == expected


def test_corpus_ingests_every_gold_record(sqlite_store, corpus_dir):
    _corpus_store(sqlite_store)
    expected = sum(len(json.loads(p.read_text())["records"]) for p in CORPUS.glob("dev-*.json"))
    actual = (count_sources(sqlite_store), count_pledges(sqlite_store))
    assert actual == (24, expected)


@pytest.mark.parametrize("filters, message", [
    ({"since": "April 2025"}, "bad since date"),
    ({"kinds": "gift"}, "unknown kind"),
    ({"since": "2025-05-01", "until": "2025-04-01"}, "is after until"),
])
def test_bad_filter_is_an_input_error(sqlite_store, filters, message):
    with pytest.raises(InputError, match=message):
        load_pledges(sqlite_store, **filters)


def test_empty_store_loads_an_empty_frame_with_every_column(sqlite_store):
    from tracker.store.schema import LOAD_COLUMNS

    frame = load_pledges(sqlite_store)
    actual = (len(frame), tuple(frame.columns))
    assert actual == (0, LOAD_COLUMNS)


def _merged_corpus_store(store):
    """The corpus plus a second report of the seed's joint package (one pledge, two sources)."""
    _corpus_store(store)
    ingest_article(store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    other = report("Britain and Norway commit £452m for radars and mines.", "Other Post", "https://other.example/1")
    ingest_article(store, other, published=date(2025, 4, 14), pledges=[package(452e6, when=date(2025, 4, 13))])


def _reports_of(frame) -> list:
    return list(zip(frame["id"], frame["source_urls"], frame["sources"]))


@pytest.mark.parametrize("filters", [
    pytest.param({"donors": "NOR"}, id="donor"),
    pytest.param({"kinds": "cumulative"}, id="kind"),
    pytest.param({"since": "2025-04-01", "until": "2025-07-31"}, id="date-range"),
    pytest.param({"statuses": "extracted"}, id="status"),
])
def test_filtered_load_reads_the_same_reports_as_the_whole_store(any_store, corpus_dir, filters):
    _merged_corpus_store(any_store)
    everything = load_pledges(any_store)
    filtered = load_pledges(any_store, **filters)
    expected = [r for r in _reports_of(everything) if r[0] in set(filtered["id"])]
    actual = _reports_of(filtered)
    assert (len(actual) > 0, actual) == (True, expected)


def test_every_loaded_pledge_has_its_reports_first_report_first(any_store, corpus_dir):
    _merged_corpus_store(any_store)
    frame = load_pledges(any_store)
    actual = [(len(s) >= 1, [r["published"] for r in s] == sorted(r["published"] for r in s),
               u == "; ".join(dict.fromkeys(r["url"] for r in s))) for s, u in zip(frame["sources"],
                                                                             frame["source_urls"])]
    assert actual == [(True, True, True)] * len(frame)


def test_loaded_frame_has_the_frame_dtypes_and_fresh_lists(any_store, corpus_dir):
    _merged_corpus_store(any_store)
    frame = load_pledges(any_store)
    expected = {"id": "str", "donors": "object", "amount": "float64", "categories": "object",
                "date": "datetime64[us]", "period": "object", "start": "int64", "amount_eur": "float64",
                "fx_date": "datetime64[us]", "status": "str", "conflict": "bool", "sources": "object",
                "source_urls": "str"}
    lists = list(frame["donors"]) + list(frame["categories"]) + list(frame["sources"])
    actual = ({c: str(frame[c].dtype) for c in expected}, all(isinstance(v, list) for v in lists),
              len({id(v) for v in lists}) == len(lists))
    assert actual == (expected, True, True)


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_leaves_the_garbage_collector_as_it_was(sqlite_store, enabled):
    import gc

    ingest_article(sqlite_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        load_pledges(sqlite_store)
        actual = gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert actual == enabled


def test_dashboard_event_dates_read_the_reports_of_undated_pledges_only(any_store):
    from tracker.dashboard.cache import _event_dates
    from tracker.dashboard.filters import event_dates

    ingest_article(any_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    undated = report("Denmark adds DKK 500 million.", "Third Post", "https://third.example/1")
    ingest_article(any_store, undated, published=date(2025, 4, 20), pledges=[package(5e8, ("DNK",), "DKK", None)])
    frame = load_pledges(any_store)
    actual = list(_event_dates(frame))
    assert (actual, date(2025, 4, 20) in [d.date() for d in actual]) == (list(event_dates(frame)), True)


# -- crashes and concurrency ---------------------------------------------------

def test_failure_mid_ingest_leaves_no_half_article(any_store, monkeypatch):
    import tracker.store.ingest

    def fail(rows):  # after the source row is written, before the pledges are
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(tracker.store.ingest, "_normalised", fail)
    with pytest.raises(RuntimeError):
        ingest_article(any_store, seed_article(), published=FRIDAY, pledges=gold_records(SEED))
    actual = (count_sources(any_store), count_pledges(any_store, include_rejected=True))
    assert actual == (0, 0)


_CRASHING_INGEST = """
import os, sys
from datetime import date
sys.path[:0] = [{root!r}, {tests!r}]
import tracker.store.ingest as store
from conftest import SEED, gold_records
from tracker.pipeline import ingest_article
from tracker.reading.files import Article
from tracker.store.schema import open_store
s = open_store({db!r})
def crash(rows):
    os._exit(3)  # the process dies inside the write transaction
store._normalised = crash
ingest_article(s, Article(text=SEED.read_text()), published=date(2025, 4, 11), pledges=gold_records(SEED))
"""


def test_process_killed_mid_ingest_leaves_no_half_article(tmp_path):
    db = str(tmp_path / "tracker.db")
    code = _CRASHING_INGEST.format(root=str(ROOT), tests=str(ROOT / "tests"), db=db)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    with open_store(db) as store:
        actual = (proc.returncode, count_sources(store), count_pledges(store, include_rejected=True))
    assert actual == (3, 0, 0)


_INGEST_ALL = """
import json, sys
from datetime import date
from pathlib import Path
sys.path[:0] = [{root!r}, {tests!r}]
from conftest import gold_records
from tracker.pipeline import ingest_article
from tracker.reading.files import Article
from tracker.store.schema import open_store
store = open_store({db!r})
for path in {paths!r}:
    p = Path(path)
    meta = json.loads(p.with_suffix(".json").read_text())
    ingest_article(store, Article(text=p.read_text(), url="https://corpus.example/" + p.stem),
                   published=date.fromisoformat(meta["published"]), pledges=gold_records(p))
"""


def _ingest_in_processes(db: str, orders: list[list[str]]) -> list[subprocess.CompletedProcess]:
    procs = [subprocess.Popen([sys.executable, "-c", _INGEST_ALL.format(
        root=str(ROOT), tests=str(ROOT / "tests"), db=db, paths=paths)], stderr=subprocess.PIPE, text=True)
        for paths in orders]
    for p in procs:
        p.wait(timeout=300)
    return procs


def test_two_processes_ingesting_at_once_lose_nothing_and_duplicate_nothing(tmp_path, corpus_dir):
    paths = [str(p) for p in sorted(CORPUS.glob("dev-*.txt"))] + [str(SEED)]
    serial = str(tmp_path / "serial.db")
    _ingest_in_processes(serial, [paths])
    both = str(tmp_path / "both.db")
    procs = _ingest_in_processes(both, [paths, paths[::-1]])
    with open_store(serial) as one, open_store(both) as two:
        expected = sorted(zip(load_pledges(one)["quote"], load_pledges(one)["amount"]))
        actual = ([p.returncode for p in procs], count_sources(two),
                  sorted(zip(load_pledges(two)["quote"], load_pledges(two)["amount"])))
    assert actual == ([0, 0], 25, expected), [p.stderr.read()[-2000:] for p in procs]


@pytest.mark.postgres
def test_two_processes_ingesting_at_once_into_postgresql(pg_url, corpus_dir):
    paths = [str(p) for p in sorted(CORPUS.glob("dev-*.txt"))]
    procs = _ingest_in_processes(pg_url, [paths, paths[::-1]])
    expected = sum(len(json.loads(p.read_text())["records"]) for p in CORPUS.glob("dev-*.json"))
    with open_store(pg_url) as store:
        actual = ([p.returncode for p in procs], count_sources(store), count_pledges(store))
    assert actual == ([0, 0], 24, expected)


# -- article files and their metadata --------------------------------------------

@pytest.mark.parametrize("head, expected", [
    ("KYIV, 3 March 2025 (Reuters) - Allies pledged", date(2025, 3, 3)),
    ("Washington, Sept. 5, 2024 - The Pentagon", date(2024, 9, 5)),
    ("Published 2025-06-24\nNATO ministers", date(2025, 6, 24)),
    ("BRUSSELS, June 24th, 2025 —", date(2025, 6, 24)),
    ("Allies pledged £450m on Friday.", None),          # no year: not a dateline
    ("Line one\nLine two\nLine three\nOn 3 March 2025 it rained.", None),  # too deep to be a dateline
    ("Ukraine, 31 February 2025 -", None),              # no such day
])
def test_parse_dateline(head, expected):
    actual = parse_dateline(head)
    assert actual == expected


@given(st.text(st.characters(blacklist_categories=("Nd",)), max_size=300))
def test_text_without_digits_has_no_dateline(text):
    assert parse_dateline(text) is None


@given(st.dates(*date_bounds()), st.text(max_size=300))
def test_what_follows_a_dateline_does_not_change_it(day, rest):
    assert parse_dateline(f"LONDON, {day:%d} {day:%B} {day:%Y} -\n{rest}") == day


@given(st.dates(*date_bounds()),
       st.sampled_from(["LONDON, {d:%d} {d:%B} {d:%Y} -", "Kyiv, {d:%B} {d:%d}, {d:%Y} (AP)", "{d:%Y-%m-%d} Brussels"]))
def test_a_dateline_we_write_reads_back(day, form):
    actual = parse_dateline(form.format(d=day) + " Allies pledged more.")
    assert actual == day


def test_text_file_takes_its_date_and_address_from_a_sidecar(tmp_path):
    (tmp_path / "a.txt").write_text("Norway gives NOK 1bn.\n", encoding="utf-8")
    (tmp_path / "a.json").write_text('{"published": "2025-05-02", "url": "https://n.example/a"}', encoding="utf-8")
    article = load_article(tmp_path / "a.txt")
    actual = (article.published, article.url, article.title)
    assert actual == (date(2025, 5, 2), "https://n.example/a", "Norway gives NOK 1bn.")


def test_markdown_front_matter_gives_metadata_and_is_not_text(tmp_path):
    (tmp_path / "a.md").write_text("---\npublished: 2025-05-02\ntitle: Oslo pledge\noutlet: NRK\n---\n"
                                   "Norway gives NOK 1bn.\n", encoding="utf-8")
    article = load_article(tmp_path / "a.md")
    actual = (article.published, article.title, article.outlet, article.text)
    assert actual == (date(2025, 5, 2), "Oslo pledge", "NRK", "Norway gives NOK 1bn.\n")


def test_bad_sidecar_date_is_an_input_error(tmp_path):
    (tmp_path / "a.txt").write_text("Norway gives NOK 1bn.\n", encoding="utf-8")
    (tmp_path / "a.json").write_text('{"published": "May 2nd"}', encoding="utf-8")
    with pytest.raises(InputError, match="is not a date"):
        load_article(tmp_path / "a.txt")


def test_html_page_date_comes_from_its_metadata(tmp_path):
    page = ("<html><head><title>Oslo pledge</title>"
            '<meta property="article:published_time" content="2025-05-02T10:00:00Z"></head><body><article>'
            + "<p>Norway will give NOK 1 billion to Ukraine for air defence, the ministry said.</p>" * 5
            + "</article></body></html>")
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    actual = load_article(tmp_path / "a.html").published
    assert actual == date(2025, 5, 2)


def test_html_page_without_a_date_falls_back_to_its_dateline(tmp_path):
    page = ("<html><head><title>Oslo pledge</title></head><body><article>"
            "<p>OSLO, 2 May 2025 - Norway will give NOK 1 billion to Ukraine for air defence.</p>"
            + "<p>The ministry said the money would buy radars and missiles for the coming winter.</p>" * 4
            + "</article></body></html>")
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    actual = load_article(tmp_path / "a.html").published
    assert actual == date(2025, 5, 2)


def test_seed_sidecar_gives_the_seed_its_date():
    actual = load_article(SEED).published
    assert actual == FRIDAY

