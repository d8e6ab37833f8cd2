"""Review before it counts, against real databases (an SQLite file and a fresh
PostgreSQL schema): one row per pledge across outlets (the four reports of the
11 April 2025 contact-group meeting), the review queue, a reviewer's actions
(confirm, edit, reject, merge, split, undo) and two reviewers at once."""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import ROOT, SEED, gold_records
from tracker.errors import InputError
from tracker.pipeline import ingest_article, ingest_paths
from tracker.reading.files import Article
from tracker.records.pledge import Pledge
from tracker.store.query import count_pledges, load_pledges
from tracker.store.review import (ChangedMeanwhile, confirm, load_history, merge, reject, review_item,
                                  review_queue, split, undo, update_pledge)
from tracker.store.schema import open_store

FRIDAY = date(2025, 4, 11)
FOUR = ROOT / "tests" / "fixtures" / "four-outlets"
OUTLETS = [SEED] + sorted(FOUR.glob("fo-*.txt"))


def article(path: Path) -> Article:
    return Article(text=path.read_text(encoding="utf-8"), title=path.stem, outlet=(path.stem.split("-") + ["seed", "seed", "seed"])[2],
                   url=f"https://{path.stem}.example/", path=str(path))


def published(path: Path) -> date:
    return date.fromisoformat(json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["published"])


def ingest_gold(store, path: Path, **changes):
    records = [replace(r, **changes) for r in gold_records(path)]
    return ingest_article(store, article(path), published=published(path), pledges=records)


def rows(store, **filters) -> list[tuple]:
    frame = load_pledges(store, **filters)
    return sorted((tuple(r.donors), r.amount, r.currency, r.kind, len(r.sources)) for r in frame.itertuples())


def pledge(amount=450e6, donors=("GBR", "NOR"), currency="GBP", when=FRIDAY, kind="package", confidence=None,
           quote="", **more) -> Pledge:
    return Pledge(donors=list(donors), amount=amount, currency=currency, kind=kind, date=when,
                  quote=quote or f"{'+'.join(donors) or 'Allies'}: {currency} {amount:,.0f}.", start=0, end=10,
                  confidence=confidence, **more)


def report(store, *records: Pledge, outlet="o", when=FRIDAY, statuses=None):
    text = f"{outlet}: " + " ".join(r.quote for r in records)
    return ingest_article(store, Article(text=text, title=text[:20], outlet=outlet, url=f"https://{outlet}.example/"),
                          published=when, pledges=list(records), statuses=statuses)


# -- one row per pledge across outlets ------------------------------------------

THREE = [(("GBR",), 4.5e9, "GBP", "budget", 2), (("GBR", "NOR"), 450e6, "GBP", "package", 3),
         (("UDCG",), 21e9, "EUR", "aggregate", 4)]


@pytest.mark.parametrize("order", [[0, 1, 2, 3], [3, 2, 1, 0], [1, 2, 0, 3]], ids=["seed-first", "seed-last", "wire-first"])
def test_four_outlets_give_three_pledges_each_once(any_store, order):
    for i in order:
        ingest_gold(any_store, OUTLETS[i])
    assert rows(any_store) == THREE


def test_reingesting_any_of_the_four_adds_nothing(any_store):
    for path in OUTLETS:
        ingest_gold(any_store, path)
    again = [ingest_gold(any_store, path) for path in OUTLETS]
    actual = ([r.duplicate for r in again], rows(any_store), count_pledges(any_store, include_rejected=True))
    assert actual == ([True] * 4, THREE, 3)


def test_the_headline_counts_the_joint_package_once(any_store):
    from tracker.counting.totals import total_across_donors

    for path in OUTLETS:
        ingest_gold(any_store, path)
    # The £450m package is drawn from the UK's £4.5bn for 2025: the year counts the budget alone.
    assert total_across_donors(load_pledges(any_store), "GBP") == 4.5e9


def test_the_merged_pledge_records_what_differed_and_waits_for_a_person(any_store):
    ingest_gold(any_store, FOUR / "fo-02-trade-site-uk-450m-drones.txt")
    ingest_gold(any_store, SEED)
    frame = load_pledges(any_store, donors="NOR")
    (pid,) = frame["id"]
    entries = [(h["what"], h["before"].get("donors"), h["after"].get("donors"), h["after"]["took"])
               for h in load_history(any_store, pid)]
    queue = review_queue(any_store)
    actual = (entries, frame.iloc[0]["donors"], list(queue.loc[queue["id"] == pid, "reasons"]))
    assert actual == ([("report", ["GBR"], ["GBR", "NOR"], ["donors"])], ["GBR", "NOR"], ["reports differ"])


def test_four_outlets_end_to_end_through_the_extractor(any_store):
    """The extractor reads the four texts: the joint package and the UK's budget once each, and
    re-ingesting adds nothing. A meeting total the extractor gives another donor (the wire's 'allies')
    is not a second total: it is flagged beside the contact group's, and a reviewer merges the two."""
    for path in OUTLETS:
        ingest_paths(any_store, [path], published=published(path))
    first = count_pledges(any_store, include_rejected=True)
    again = [r.duplicate for path in OUTLETS for r in ingest_paths(any_store, [path], published=published(path))]
    frame = load_pledges(any_store)
    packages = frame[(frame["amount"] == 450e6) & (frame["currency"] == "GBP")]
    budgets = frame[(frame["amount"] == 4.5e9) & (frame["currency"] == "GBP")]
    actual = ([sorted(ds) for ds in packages["donors"]], packages["sources"].map(len).tolist(),
              [ds for ds in budgets["donors"]], again, count_pledges(any_store, include_rejected=True) - first)
    assert actual == ([["GBR", "NOR"]], [3], [["GBR"]], [True] * 4, 0)
    totals = frame[(frame["amount"] == 21e9) & (frame["currency"] == "EUR")].sort_values("id")
    if len(totals) > 1:  # the wire's total under another donor: in conflict, then merged into the group's
        assert totals["conflict"].all()
        keep = totals.loc[totals["sources"].map(len).idxmax(), "id"]
        for other in totals["id"]:
            if other != keep:
                merge(any_store, keep, other)
    merged = load_pledges(any_store, kinds="aggregate")
    assert (merged["donors"].tolist(), merged["sources"].map(len).tolist()) == ([["UDCG"]], [4])


@pytest.mark.parametrize("first, second, merged", [
    (pledge(donors=()), pledge(), True),                                  # one side names no donor
    (pledge(donors=("GBR",)), pledge(), True),                            # a subset
    (pledge(), pledge(amount=450e6 * 1.009), True),                       # within 1 %
    (pledge(), pledge(amount=450e6 * 1.02), False),
    (pledge(), pledge(when=FRIDAY + timedelta(days=7)), True),
    (pledge(), pledge(when=FRIDAY + timedelta(days=8)), False),
    (pledge(), pledge(kind="budget"), False),
    (pledge(), pledge(currency="EUR"), False),
    (pledge(donors=("DEU",)), pledge(donors=("FRA",)), False),            # two donors' own pledges
    (pledge(donors=("UDCG",), kind="aggregate"), pledge(donors=("EU",), kind="aggregate"), False),
], ids=["unnamed", "subset", "amount-0.9%", "amount-2%", "7-days", "8-days", "kind", "currency", "disjoint",
        "totals-of-other-donors"])
def test_merge_rule(any_store, first, second, merged):
    report(any_store, first, outlet="a")
    report(any_store, second, outlet="b")
    actual = count_pledges(any_store)
    assert actual == (1 if merged else 2)


def test_the_more_specific_donors_win_whatever_the_order(any_store):
    report(any_store, pledge(), outlet="a")
    report(any_store, pledge(donors=("GBR",)), outlet="b")
    report(any_store, pledge(donors=()), outlet="c")
    assert rows(any_store) == [(("GBR", "NOR"), 450e6, "GBP", "package", 3)]


def test_incompatible_donors_stay_apart_as_a_conflict(any_store):
    report(any_store, pledge(donors=("GBR", "NOR")), outlet="a")
    report(any_store, pledge(donors=("GBR", "DEU")), outlet="b")
    frame = load_pledges(any_store)
    actual = (len(frame), frame["conflict"].tolist(), sorted(review_queue(any_store)["reasons"]))
    assert actual == (2, [True, True], ["conflict", "conflict"])


@pytest.mark.parametrize("first, second, flagged", [
    (pledge(donors=("DEU",)), pledge(donors=("FRA",)), False),
    (pledge(donors=("UDCG",), kind="aggregate"), pledge(donors=("EU",), kind="aggregate"), True),
    (pledge(donors=("UDCG",), kind="aggregate"), pledge(donors=("EU",), kind="aggregate", amount=22e8), False),
], ids=["two-countries-packages", "one-meeting-total-two-donors", "two-totals"])
def test_a_total_said_to_be_of_other_donors_is_a_conflict(any_store, first, second, flagged):
    report(any_store, first, outlet="a")
    report(any_store, second, outlet="b")
    actual = load_pledges(any_store)["conflict"].tolist()
    assert actual == [flagged, flagged]


def test_a_report_of_a_rejected_pledge_does_not_bring_it_back(any_store):
    first = report(any_store, pledge(), outlet="a")
    reject(any_store, first.pledge_ids[0])
    again = report(any_store, pledge(donors=("GBR",)), outlet="b")
    actual = (again.pledge_ids == first.pledge_ids, count_pledges(any_store),
              load_pledges(any_store, include_rejected=True)["status"].tolist())
    assert actual == (True, 0, ["rejected"])


# -- the queue ------------------------------------------------------------------

def _queue_store(store):
    """A low-confidence record, a confident one, one typed by a person, and a conflict."""
    report(store, pledge(100e6, ("DEU",), "EUR", confidence=0.4, evidence=["package:pledged"]), outlet="a")
    report(store, pledge(200e6, ("FRA",), "EUR", confidence=0.95), outlet="b")
    report(store, pledge(300e6, ("ITA",), "EUR"), outlet="c")
    report(store, pledge(50e6, ("NLD",), "EUR", confidence=0.9), outlet="d")
    report(store, pledge(70e6, ("NLD",), "EUR", confidence=0.9), outlet="e")


def test_the_queue_lists_low_confidence_and_conflicts_lowest_first(any_store):
    _queue_store(any_store)
    queue = review_queue(any_store)
    actual = [(ds[0], amount, reasons) for ds, amount, reasons in zip(queue["donors"], queue["amount"], queue["reasons"])]
    assert (actual[0], sorted(actual[1:])) == (("DEU", 100e6, "confidence below 0.8"),
                                               [("NLD", 50e6, "conflict"), ("NLD", 70e6, "conflict")])


def test_the_review_bar_is_a_setting(any_store, monkeypatch):
    _queue_store(any_store)
    monkeypatch.setenv("TRACKER_REVIEW_BAR", "0.96")
    actual = sorted(d[0] for d in review_queue(any_store).query("pending")["donors"])
    assert actual == ["DEU", "FRA", "NLD", "NLD"]


def test_a_bad_review_bar_is_named(any_store, monkeypatch):
    monkeypatch.setenv("TRACKER_REVIEW_BAR", "eighty")
    with pytest.raises(InputError, match="TRACKER_REVIEW_BAR"):
        review_queue(any_store)


def test_pending_records_are_a_status_of_their_own(any_store):
    _queue_store(any_store)
    pending = load_pledges(any_store, statuses="pending")
    counted = load_pledges(any_store, statuses=["confirmed", "edited", "extracted"])
    actual = (pending["amount"].tolist(), sorted(counted["amount"]), len(load_pledges(any_store)))
    assert actual == ([100e6], [50e6, 70e6, 200e6, 300e6], 5)


def test_an_item_shows_its_quote_in_context_evidence_and_sources(any_store):
    _queue_store(any_store)
    pid = review_queue(any_store).iloc[0]["id"]
    item = review_item(any_store, pid)
    (r,) = item["reports"]
    actual = (item["confidence"], item["evidence"], r["url"], r["text"][r["start"]:r["end"]] in r["text"], item["version"])
    assert actual == (0.4, ["package:pledged"], "https://a.example/", True, 1)


# -- the actions ----------------------------------------------------------------

def test_confirming_takes_it_out_of_the_queue_and_says_who(any_store, monkeypatch):
    _queue_store(any_store)
    monkeypatch.setenv("TRACKER_REVIEWER", "analyst-1")
    pid = review_queue(any_store).iloc[0]["id"]
    confirm(any_store, pid, expected_version=1)
    row = load_pledges(any_store).set_index("id").loc[pid]
    (h,) = load_history(any_store, pid)
    actual = (row["status"], row["reviewed_by"], row["version"], pid in set(review_queue(any_store)["id"]),
              h["who"], h["before"], h["after"])
    assert actual == ("confirmed", "analyst-1", 2, False, "analyst-1", {"status": "extracted"},
                      {"status": "confirmed"})


def test_an_edit_keeps_the_old_value_and_undo_restores_it(any_store):
    _queue_store(any_store)
    pid = review_queue(any_store).iloc[0]["id"]
    eur_before = load_pledges(any_store, statuses="pending").iloc[0]["amount_gbp"]
    update_pledge(any_store, pid, expected_version=1, amount=150e6, who="analyst-2")
    edited = load_pledges(any_store).set_index("id").loc[pid]
    (h,) = load_history(any_store, pid)
    message = undo(any_store, h["id"], who="analyst-3")
    restored = load_pledges(any_store, statuses="pending").set_index("id").loc[pid]
    actual = (edited["amount"], edited["status"], h["before"], h["who"], restored["amount"],
              round(restored["amount_gbp"]) == round(eur_before), restored["status"], restored["version"],
              [(x["what"], x["undone"]) for x in load_history(any_store, pid)], message)
    assert actual == (150e6, "edited", {"amount": 100e6, "status": "extracted"}, "analyst-2", 100e6, True,
                      "extracted", 3, [("edit", True), ("undo", False)],
                      f"undid the edit of pledge {pid} made by analyst-2")


def test_rejecting_drops_it_from_every_count_and_undo_brings_it_back(any_store):
    _queue_store(any_store)
    pid = load_pledges(any_store, donors="FRA").iloc[0]["id"]
    reject(any_store, pid)
    gone = (count_pledges(any_store), pid in set(load_pledges(any_store)["id"]))
    undo(any_store, load_history(any_store, pid)[-1]["id"])
    assert (gone, count_pledges(any_store)) == ((4, False), 5)


def test_merging_two_pledges_keeps_every_source_and_undo_splits_them(any_store):
    _queue_store(any_store)
    shown = load_pledges(any_store, donors="NLD")
    a, b = shown["id"]
    merge(any_store, a, b, expected_versions=dict(zip(shown["id"], shown["version"])), who="analyst")
    merged = load_pledges(any_store, donors="NLD")
    entry = [h for h in load_history(any_store, a) if h["what"] == "merge"][0]
    undo(any_store, entry["id"])
    apart = load_pledges(any_store, donors="NLD")
    actual = (len(merged), len(merged.iloc[0]["sources"]), bool(merged.iloc[0]["conflict"]),
              merged.iloc[0]["status"], sorted(apart["id"]), apart["sources"].map(len).tolist())
    assert actual == (1, 2, False, "confirmed", sorted([a, b]), [1, 1])


def test_a_wrong_merge_is_split_with_each_report_its_own_values(any_store):
    report(any_store, pledge(donors=("GBR", "NOR")), outlet="a")
    second = report(any_store, pledge(donors=("GBR",), amount=452e6, aid_type="humanitarian"), outlet="b")
    (pid,) = load_pledges(any_store)["id"]
    new = split(any_store, pid, second.source_id)
    frame = load_pledges(any_store).set_index("id")
    actual = (len(frame), frame.loc[new, "amount"], frame.loc[new, "donors"], frame.loc[new, "aid_type"],
              frame.loc[pid, "sources"][0]["outlet"], frame.loc[new, "sources"][0]["outlet"])
    undo(any_store, load_history(any_store, pid)[-1]["id"])
    assert (actual, count_pledges(any_store)) == ((2, 452e6, ["GBR"], "humanitarian", "a", "b"), 1)


def test_an_undo_after_a_later_change_is_refused(any_store):
    _queue_store(any_store)
    pid = review_queue(any_store).iloc[0]["id"]
    update_pledge(any_store, pid, amount=150e6)
    first = load_history(any_store, pid)[0]["id"]
    reject(any_store, pid)
    with pytest.raises(ChangedMeanwhile, match="undo the later changes first"):
        undo(any_store, first)


def test_a_reports_own_entry_cannot_be_undone(any_store):
    ingest_gold(any_store, FOUR / "fo-02-trade-site-uk-450m-drones.txt")
    ingest_gold(any_store, SEED)
    pid = load_pledges(any_store, donors="NOR").iloc[0]["id"]
    with pytest.raises(InputError, match="cannot be undone"):
        undo(any_store, load_history(any_store, pid)[0]["id"])


# -- two reviewers at once --------------------------------------------------------

def test_an_edit_on_a_version_changed_meanwhile_is_refused(any_store):
    _queue_store(any_store)
    pid = review_queue(any_store).iloc[0]["id"]
    shown = review_item(any_store, pid)["version"]
    with open_store(any_store.url) as other:  # a second reviewer, on a store handle of their own
        update_pledge(other, pid, expected_version=shown, amount=120e6, who="first")
    with pytest.raises(ChangedMeanwhile, match=r"changed since you opened it \(edit by first at .*"
                                               r"you saw version 1, the store holds version 2"):
        update_pledge(any_store, pid, expected_version=shown, amount=130e6, who="second")
    assert load_pledges(any_store, statuses="edited").iloc[0]["amount"] == 120e6


_EDIT_AT_ONCE = """
import sys, time
sys.path[:0] = [{root!r}]
from tracker.errors import TrackerError
from tracker.store.review import update_pledge, ChangedMeanwhile
from tracker.store.schema import open_store
store = open_store({db!r})
while time.time() < {start}:
    time.sleep(0.001)
try:
    update_pledge(store, {pid!r}, expected_version=1, amount={amount}, who={who!r})
    print("saved")
except ChangedMeanwhile as e:
    print("refused:", e)
"""


def test_two_processes_editing_one_version_save_one_and_refuse_the_other(any_store):
    import time

    _queue_store(any_store)
    pid = review_queue(any_store).iloc[0]["id"]
    start = time.time() + 3  # both processes open the store first, then edit at the same moment
    procs = [subprocess.Popen([sys.executable, "-c", _EDIT_AT_ONCE.format(
        root=str(ROOT), db=any_store.url, pid=pid, amount=amount, who=who, start=start)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for amount, who in ((110e6, "one"), (120e6, "two"))]
    outs = [p.communicate(timeout=120) for p in procs]
    said = sorted(out.split(":")[0].strip() for out, _ in outs)
    frame = load_pledges(any_store, statuses="edited")
    winner = [who for (out, _), who in zip(outs, ("one", "two")) if out.startswith("saved")]
    actual = (said, frame["version"].tolist(), frame["reviewed_by"].tolist() == winner, [e for _, e in outs])
    assert actual == (["refused", "saved"], [2], True, ["", ""])


# -- stores made before the review columns ----------------------------------------

def test_a_store_made_before_review_gains_its_columns(tmp_path):
    import sqlite3

    db = tmp_path / "old.db"
    open_store(str(db)).close()
    with sqlite3.connect(db) as conn:
        for table, column in (("pledges", "version"), ("pledges", "confidence"), ("pledge_sources", "record"),
                              ("history", "who")):
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    with open_store(str(db)) as store:
        report(store, pledge(confidence=0.5), outlet="a")
        actual = load_pledges(store)[["version", "confidence"]].values.tolist()
    assert actual == [[1, 0.5]]
