"""`python -m tracker review` on a real store file: the queue listed, an item
shown with its quote in context, confirm, edit (refused on a stale version),
reject, merge, split and undo, each recorded under the reviewer's name."""
from __future__ import annotations

import json
from datetime import date

import pytest

from tracker.__main__ import main
from tracker.pipeline import ingest_article
from tracker.reading.files import Article
from tracker.records.pledge import Pledge
from tracker.store.query import count_pledges, load_pledges
from tracker.store.review import load_history
from tracker.store.schema import open_store

FRIDAY = date(2025, 4, 11)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _report(store, outlet, donors, amount, confidence, sentence):
    text = f"Before it. {sentence} After it."
    start = text.index(sentence)
    return ingest_article(store, Article(text=text, outlet=outlet, url=f"https://{outlet}.example/"), published=FRIDAY,
                          pledges=[Pledge(list(donors), amount, "EUR", date=FRIDAY, quote=sentence, start=start,
                                          end=start + len(sentence), confidence=confidence,
                                          evidence=["package: gives"])])


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "tracker.db"
    with open_store(str(path)) as store:
        _report(store, "berlin", ["DEU"], 1.2e9, 0.5, "Germany gives €1.2 billion.")
        _report(store, "hague", ["NLD"], 5e8, 0.9, "The Netherlands gives €500 million.")
        _report(store, "rotterdam", ["NLD"], 7e8, 0.9, "The Netherlands gives €700 million.")
    monkeypatch.setenv("TRACKER_REVIEWER", "cli-analyst")
    return path


def _ids(db) -> dict:
    with open_store(str(db)) as store:
        frame = load_pledges(store)
    return dict(zip(frame["amount"], frame["id"]))


def test_list_shows_the_queue(db, capsys):
    code, out, _ = run(capsys, "review", "--db", db, "list")
    lines = out.splitlines()
    assert (code, len(lines), "confidence below 0.8" in lines[0], lines[-1]) == (0, 4, True, "3 awaiting review")


def test_list_as_json(db, capsys):
    code, out, _ = run(capsys, "review", "--db", db, "list", "--format", "json")
    rows = json.loads(out)
    assert (code, [r["reasons"] for r in rows][0], rows[0]["confidence"]) == (0, "confidence below 0.8", 0.5)


def test_show_marks_the_quote_in_its_article(db, capsys):
    pid = _ids(db)[1.2e9]
    code, out, _ = run(capsys, "review", "--db", db, "show", pid)
    actual = (code, "Before it. »Germany gives €1.2 billion.« After it." in out, "evidence    package: gives" in out,
              "https://berlin.example/" in out, f"pledge {pid}  version 1  status extracted" in out)
    assert actual == (0, True, True, True, True)


def test_confirm_edit_and_undo_say_who(db, capsys):
    pid = _ids(db)[1.2e9]
    assert run(capsys, "review", "--db", db, "confirm", pid, "--version", "1")[0] == 0
    code, out, _ = run(capsys, "review", "--db", db, "--reviewer", "second", "edit", pid, "amount=1.1e9",
                       "donors=DEU;FRA", "--version", "2")
    with open_store(str(db)) as store:
        history = load_history(store, pid)
        row = load_pledges(store).set_index("id").loc[pid]
    actual = (code, out.strip(), [(h["what"], h["who"]) for h in history], row["amount"], row["donors"])
    assert actual == (0, f"edited pledge {pid}: amount = 1,100,000,000, donors = DEU;FRA, status = edited",
                      [("status", "cli-analyst"), ("edit", "second")], 1.1e9, ["DEU", "FRA"])
    code, out, _ = run(capsys, "review", "--db", db, "undo", history[-1]["id"])
    with open_store(str(db)) as store:
        row = load_pledges(store).set_index("id").loc[pid]
    assert (code, row["amount"], row["donors"], row["status"]) == (0, 1.2e9, ["DEU"], "confirmed")


def test_an_edit_on_an_old_version_is_refused(db, capsys):
    pid = _ids(db)[1.2e9]
    run(capsys, "review", "--db", db, "edit", pid, "amount=1.1e9", "--version", "1")
    code, out, err = run(capsys, "review", "--db", db, "edit", pid, "amount=1.3e9", "--version", "1")
    assert (code, out, "changed since you opened it" in err, _ids(db).get(1.1e9) == pid) == (2, "", True, True)


def test_a_bad_field_is_named(db, capsys):
    pid = _ids(db)[1.2e9]
    code, _, err = run(capsys, "review", "--db", db, "edit", pid, "kind=grant")
    assert (code, err.strip()) == (2, "error: edit: kind 'grant' is not one of package, budget, aggregate, cumulative")


def test_reject_merge_and_split(db, capsys):
    ids = _ids(db)
    assert run(capsys, "review", "--db", db, "reject", ids[1.2e9])[0] == 0
    code, out, _ = run(capsys, "review", "--db", db, "merge", ids[7e8], ids[5e8])
    with open_store(str(db)) as store:
        merged = (count_pledges(store), len(load_pledges(store).set_index("id").loc[ids[7e8], "sources"]))
        (source,) = [s["source_id"] for s in load_pledges(store).set_index("id").loc[ids[7e8], "sources"]
                     if s["outlet"] == "hague"]
    code2, out2, _ = run(capsys, "review", "--db", db, "split", ids[7e8], source)
    with open_store(str(db)) as store:
        amounts = sorted(load_pledges(store)["amount"])
    assert (code, merged, code2, amounts) == (0, (1, 2), 0, [5e8, 7e8])
