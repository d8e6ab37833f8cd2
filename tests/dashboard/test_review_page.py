"""The Review page through Streamlit's AppTest against a real SQLite store: the
queue walked from start to end (a low-confidence record confirmed, one edited,
one rejected, a conflict resolved by merging) with the Overview's figures
following each step, and an action on a record changed meanwhile refused."""
from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from tracker.dashboard.markdown import shown_text
from tracker.records.pledge import Pledge
from tracker.reading.files import Article

APP = str(ROOT / "dashboard.py")
REVIEW, OVERVIEW = "pages/6_Review.py", "pages/0_Overview.py"
FRIDAY = date(2025, 4, 11)


def _report(store, outlet: str, *records: Pledge, when=FRIDAY):
    from tracker.pipeline import ingest_article

    text = f"{outlet} reports: " + " ".join(r.quote for r in records)
    for r in records:
        r.start = text.index(r.quote)
        r.end = r.start + len(r.quote)
    return ingest_article(store, Article(text=text, outlet=outlet, url=f"https://{outlet}.example/"),
                          published=when, pledges=list(records))


def _record(donors, amount, quote, confidence, **more) -> Pledge:
    return Pledge(list(donors), amount, "EUR", date=FRIDAY, quote=quote, confidence=confidence, **more)


def build_review_store(url: str, gold):
    """The seed (typed by a person: it counts), two records below the bar, a
    pledge two outlets reported with different donors, and two outlets in conflict."""
    from tracker.pipeline import ingest_article
    from tracker.store.schema import open_store

    store = open_store(url)
    seed = ROOT / "seeds" / "000_ec911605d6ab0184.txt"
    ingest_article(store, Article(text=seed.read_text(), url="https://news.example/seed"), published=FRIDAY,
                   pledges=gold(seed))
    _report(store, "berlin", _record(["DEU"], 1.2e9, "Germany gives €1.2 billion.", 0.5, aid_type="financial",
                                     evidence=["package: gives", "donor: Germany"]))
    _report(store, "paris", _record(["FRA"], 2e9, "France gives €2 billion.", 0.6))
    _report(store, "warsaw", _record(["POL"], 3e9, "Poland gives €3 billion.", 0.9))
    _report(store, "wire", _record([], 3e9, "Allies give €3 billion.", 0.9))
    _report(store, "hague", _record(["NLD"], 5e8, "The Netherlands gives €500 million.", 0.9))
    _report(store, "rotterdam", _record(["NLD"], 7e8, "The Netherlands gives €700 million.", 0.9))
    return store


@pytest.fixture
def store(tmp_path, gold, monkeypatch):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    store = build_review_store(url, gold)
    monkeypatch.setenv("TRACKER_DB", url)
    monkeypatch.setenv("TRACKER_REVIEWER", "analyst")
    yield store
    store.close()


def _page(path: str, params=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params or {})
    at.run()
    if path != OVERVIEW:
        at.switch_page(path)
        at.query_params.update(params or {})
        at.run()
    assert not at.exception, at.exception
    return at


def _history(at):
    """The item's history table (the last table on the page)."""
    (table,) = [d.value for d in at.dataframe if "change" in d.value.columns]
    return table


def _ids(store) -> dict:
    from tracker.store.query import load_pledges

    frame = load_pledges(store)
    return {(tuple(ds), amount): pid for ds, amount, pid in zip(frame["donors"], frame["amount"], frame["id"])}


def _total(store) -> str:
    return {m.label: m.value for m in _page(OVERVIEW).metric}["Total pledged"]


def expected_total(*amounts_eur: float) -> str:
    from tracker.records.formatting import format_money
    from tracker.records.fx import rate

    # The UK's £4.5bn budget (which holds the joint £450m package) in euros, plus the rest.
    return format_money(4.5e9 * rate("GBP", "EUR", FRIDAY)[0] + sum(amounts_eur), "EUR")


def test_the_queue_lists_what_needs_a_person(store):
    at = _page(REVIEW)
    rows = at.dataframe(key="queue").value
    actual = (sorted(zip(rows["donors"], rows["why"])), at.caption[0].value.split(":")[0])
    assert actual == (sorted([("Germany", "confidence below 0.8"), ("France", "confidence below 0.8"),
                              ("Poland", "reports differ"), ("Netherlands", "conflict"),
                              ("Netherlands", "conflict")]), "5 records wait for a person")


def test_an_item_shows_its_quote_in_context_its_evidence_and_its_link(store):
    pid = _ids(store)[(("DEU",), 1.2e9)]
    at = _page(REVIEW, {"pledge": pid})
    html = [h.proto.body for h in at.get("html")]
    actual = (["<mark>Germany gives €1.2 billion.</mark>" in h for h in html], at.markdown[1].value,
              [b.proto.url for b in at.get("link_button")])
    assert actual == ([True], "- `package: gives`\n- `donor: Germany`", ["https://berlin.example/"])



def test_a_source_address_that_is_not_http_is_shown_as_text_never_as_a_link(store):
    from tracker.pipeline import ingest_article

    quote = "Spain gives €4 billion."
    ingest_article(store, Article(text=f"Madrid reports: {quote}", outlet="madrid", url="javascript:alert(1)"),
                   published=FRIDAY, pledges=[_record(["ESP"], 4e9, quote, 0.5, start=16, end=16 + len(quote))])
    at = _page(REVIEW, {"pledge": _ids(store)[(("ESP",), 4e9)]})
    actual = ([b.proto.url for b in at.get("link_button")], [shown_text(c.value) for c in at.caption if "alert" in c.value])
    assert actual == ([], ["source javascript:alert(1)"])

def test_walking_the_queue_changes_the_overview(store):
    from tracker.store.review import load_history

    ids = _ids(store)
    # Below the bar, Germany and France wait; Poland's €3bn counts; the Netherlands' conflict counts once, at €500m.
    before = (_total(store), [i.value for i in _page(OVERVIEW).info][0].split(":")[0])
    assert before == (expected_total(3e9, 5e8), "2 records await review, €3.2bn in packages and budgets")

    deu = ids[(("DEU",), 1.2e9)]
    at = _page(REVIEW, {"pledge": deu})
    at.button(key=f"confirm_{deu}").click().run()
    assert (shown_text(at.success[0].value), _total(store)) == (f"Confirmed pledge {deu}.", expected_total(1.2e9, 3e9, 5e8))

    fra = ids[(("FRA",), 2e9)]
    at = _page(REVIEW, {"pledge": fra})
    at.number_input(key=f"e_{fra}_1_amount").set_value(2.5e9)
    next(b for b in at.button if b.label == "Save edits").click().run()
    history = _history(at)
    assert (list(history["change"]), list(history["who"]), _total(store)) == (
        ["amount: 2,000,000,000 → 2,500,000,000; status: extracted → edited"], ["analyst"],
        expected_total(1.2e9, 2.5e9, 3e9, 5e8))

    pol = ids[(("POL",), 3e9)]
    at = _page(REVIEW, {"pledge": pol})
    at.button(key=f"reject_{pol}").click().run()
    assert _total(store) == expected_total(1.2e9, 2.5e9, 5e8)

    small, large = ids[(("NLD",), 5e8)], ids[(("NLD",), 7e8)]
    at = _page(REVIEW, {"pledge": large})
    at.selectbox(key=f"merge_{large}").set_value(small).run()
    at.button(key=f"merge_go_{large}").click().run()
    at = _page(REVIEW)
    actual = ([i.value for i in at.info], _total(store), [h["what"] for h in load_history(store, large)],
              [i.value for i in _page(OVERVIEW).info])
    assert actual == (["Nothing awaits review."], expected_total(1.2e9, 2.5e9, 7e8), ["merge"], [])


def test_the_history_undoes_the_last_change(store):
    fra = _ids(store)[(("FRA",), 2e9)]
    at = _page(REVIEW, {"pledge": fra})
    at.number_input(key=f"e_{fra}_1_amount").set_value(2.5e9)
    next(b for b in at.button if b.label == "Save edits").click().run()
    next(b for b in at.button if b.label.startswith("Undo")).click().run()
    history = _history(at)
    assert (list(history["what"]), list(history["undone"]), _total(store)) == (
        ["undone", "edited"], [False, True], expected_total(3e9, 5e8))


def test_an_action_on_a_record_changed_meanwhile_is_refused(store):
    from tracker.store.review import update_pledge
    from tracker.store.schema import open_store

    deu = _ids(store)[(("DEU",), 1.2e9)]
    at = _page(REVIEW, {"pledge": deu})  # shows version 1
    with open_store(store.url) as other:  # another reviewer, in another browser
        update_pledge(other, deu, expected_version=1, amount=1.1e9, who="colleague")
    at.button(key=f"confirm_{deu}").click().run()
    assert shown_text(at.error[0].value).startswith(f"pledge {deu} was changed since you opened it (edit by colleague at ")


def test_the_status_filter_includes_what_awaits_review_and_lives_in_the_link(store):
    at = _page(OVERVIEW, {"status": ["confirmed", "edited", "extracted", "pending"]})
    metrics = {m.label: m.value for m in at.metric}
    actual = (metrics["Total pledged"], at.info == [] or "await" not in at.info[0].value,
              at.sidebar.multiselect(key="f_statuses").value)
    assert actual == (expected_total(1.2e9, 2e9, 3e9, 5e8), True, ["confirmed", "edited", "extracted", "pending"])


def test_a_wrong_merge_is_split_from_the_page_and_the_total_follows(store):
    from tracker.store.query import load_pledges

    pol = _ids(store)[(("POL",), 3e9)]  # Warsaw's €3bn and the wire's unnamed allies' €3bn, merged
    at = _page(REVIEW, {"pledge": pol})
    reports = [b for b in at.button if b.label == "Split this report off"]
    from tracker.store.review import review_item

    wire = [r["outlet"] for r in review_item(store, pol)["reports"]].index("wire")  # listed as the item lists them
    reports[wire].click().run()
    frame = load_pledges(store)
    split = frame[(frame["amount"] == 3e9) & frame["donors"].map(lambda ds: ds == [])]
    new = split["id"].iloc[0]
    queue = at.dataframe(key="queue").value
    actual = (len(reports), shown_text(at.success[0].value), frame.loc[frame["id"] == pol, "sources"].map(len).tolist(),
              "split from" in " ".join(queue["why"]) or new in set(queue["id"]), _total(store))
    # Two pledges now: the unnamed allies' €3bn package counts beside Poland's (its confidence is above the bar).
    assert actual == (2, f"Split a report off pledge {pol}: it is pledge {new} now, waiting for review.", [1], True,
                      expected_total(3e9, 3e9, 5e8))
