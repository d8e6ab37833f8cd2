"""The Compare page, driven by its widgets with AppTest over a real SQLite
store holding the seed article's gold records."""
import json
import shutil
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, SEED, gold_records
from tracker.dashboard.markdown import shown_text
from tracker.dashboard.reference import REFERENCE_ROOT
from tracker.pipeline import ingest_article
from tracker.reading.files import read_article
from tracker.records.formatting import format_money
from tracker.records.frame import pledges_to_frame
from tracker.store.schema import open_store

PAGE = str(ROOT / "pages" / "5_Compare.py")
# The seed's gold amounts in euros at 11 April 2025: €21bn total, £450m joint, £4.5bn budget.
SEED_EUR = list(pledges_to_frame(gold_records(SEED))["amount_eur"])
ATTRIBUTION = "Source: Kiel Institute for the World Economy, Ukraine Support Tracker, Release 29 (04/2026)"


@pytest.fixture
def seeded(tmp_path, monkeypatch):
    """A store file with the seed's three gold records: the UK's £4.5bn budget,
    the joint UK-Norway £450m package and the €21bn meeting total."""
    db = tmp_path / "tracker.db"
    store = open_store(str(db))
    ingest_article(store, read_article(SEED), published=date(2025, 4, 11), pledges=gold_records(SEED))
    store.close()
    monkeypatch.setenv("TRACKER_DB", str(db))
    monkeypatch.delenv("TRACKER_REFERENCE", raising=False)
    return db


def run(params=None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def donor_rows(at: AppTest) -> list[tuple]:
    table = at.tabs[0].dataframe[0].value
    return [(r["Code"], round(r["Tracked (€ bn)"], 3), round(r["Kiel allocations (€ bn)"], 3))
            for _, r in table.iterrows()]


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_page_runs_and_shows_both_sides(seeded):
    at = run()
    metrics = [(m.label, m.value) for m in at.metric]
    assert (at.exception, metrics[1:]) == ([], [("Kiel allocations", "€358bn"),
                                                 ("Kiel commitments", "€548bn")])


def test_every_chart_carries_the_attribution(seeded):
    at = run()
    found = [[a["text"] for a in fig["layout"]["annotations"]] for fig in figures(at)]
    assert found == [[ATTRIBUTION]] * 4


def test_donor_filter_narrows_both_sides(seeded):
    at = run()
    at.multiselect(key="f_donors").set_value(["NOR"]).run()
    # Norway's share of the joint £450m package, in euros at 11 April 2025;
    # Kiel's Norway over the whole release.
    joint = round(SEED_EUR[1] / 1e9, 3)
    assert (at.exception, donor_rows(at), at.query_params["donors"]) == (
        [], [("NOR", joint, 10.69)], "NOR")


def test_donor_filter_sets_our_side_by_the_counting_rules(seeded):
    at = run()
    at.multiselect(key="f_donors").set_value(["GBR", "NOR"]).run()
    ours = [(code, tracked) for code, tracked, _ in donor_rows(at)]
    # The UK counts its £4.5bn budget (the joint package is drawn from it);
    # Norway shows the joint £450m; across both, the budget alone.
    expected = [("GBR", round(SEED_EUR[2] / 1e9, 3)), ("NOR", round(SEED_EUR[1] / 1e9, 3))]
    assert (ours, at.metric[0].value) == (expected, format_money(SEED_EUR[2], "EUR"))


def test_url_restores_the_donor_filter(seeded):
    at = run({"donors": "GBR", "aid_type": "military"})
    rows = donor_rows(at)
    notes = [c.value for c in at.caption if "commitments by aid type" in c.value]
    assert ([r[0] for r in rows], len(notes), at.multiselect(key="f_donors").value) == (
        ["GBR"], 1, ["GBR"])


def test_eu_shares_tab_follows_the_donor_filter(seeded):
    at = run({"donors": ["DEU", "FRA", "GBR"]})
    shares = at.tabs[3].dataframe[0].value
    assert list(shares["Code"]) == ["DEU", "FRA"]


def test_a_view_after_the_release_shows_nothing_on_kiels_side(seeded):
    at = run({"since": "2026-06-01"})
    notes = [c.value for c in at.caption if "covers Jan 2022 to Apr 2026" in c.value]
    assert (at.metric[1].value, len(notes)) == ("–", 1)


def test_empty_store_shows_kiel_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "empty.db"))
    at = run()
    infos = [i.value for i in at.info]
    assert (at.exception, infos, at.metric[1].value) == (
        [], ["No tracked pledges in this view: Kiel's figures are shown alone."], "€358bn")


def test_a_broken_release_is_reported_by_file_and_column(seeded, tmp_path, monkeypatch):
    folder = tmp_path / "release"
    shutil.copytree(REFERENCE_ROOT / "kiel-ust-release-29", folder)
    path = folder / "data_explorer.csv"
    path.write_text(path.read_text().replace('"military"', '"military_aid"', 1))
    monkeypatch.setenv("TRACKER_REFERENCE", str(folder))
    at = run()
    assert [shown_text(e.value) for e in at.error] == [
        "The reference series cannot be shown: data_explorer.csv: column 'military' is missing "
        "(expected ['country', 'iso', 'year', 'month', 'total', 'financial', 'humanitarian', "
        "'military', 'commitments', 'to_be_allocated', 'gdp', 'pct_gdp'], found ['country', 'iso', "
        "'year', 'month', 'total', 'financial', 'humanitarian', 'military_aid', 'commitments', "
        "'to_be_allocated', 'gdp', 'pct_gdp']; unexpected column(s) ['military_aid'], renamed?)"]
