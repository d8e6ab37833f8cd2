"""`python -m tracker import`: reviewed records from our own CSV and JSON
exports and from report files of the gold format (data/starting/), checked
field by field, one transaction a file; and the starting set's totals under
the counting rules against figures worked out by hand."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from conftest import ROOT
from tracker.__main__ import main
from tracker.errors import InputError
from tracker.export import to_csv, to_json
from tracker.counting.totals import totals_by_donor
from tracker.pipeline import import_files, ingest_article
from tracker.reading.files import Article
from tracker.reading.records import read_records
from tracker.records.pledge import Pledge
from tracker.store.imports import import_file
from tracker.store.query import count_pledges, count_sources, load_pledges
from tracker.store.review import set_status
from tracker.store.schema import open_store

STARTING = ROOT / "data" / "starting"
# One report of the starting set with a whole and its parts (records 1 and 2 of
# ra-01 are running totals, the second "including" in the first).
DRAWDOWN = STARTING / "ra-01-us-450m-13th-drawdown-2022.json"
# Two reports of one pledge: Canada's $200m through PURL on 3 December 2025, told by two outlets.
PURL = [STARTING / "ra-11-purl-two-joint-packages-dec-2025.json", STARTING / "ra-12-purl-norway-canada-australia-de.json"]
HOSTILE = "=HYPERLINK(\"http://evil.example\") -Denmark gives €200 million for drones."


def _store(path):
    return open_store(str(path))


@pytest.fixture
def starting(tmp_path):
    """A store holding the whole starting set, plus one extracted and one
    rejected pledge from an ingested article (statuses other than confirmed)."""
    store = _store(tmp_path / "starting.db")
    import_files(store, [STARTING])
    result = ingest_article(store, Article(text=HOSTILE, url="https://h.example/a", title="@Hostile"),
                            published=date(2025, 4, 12), pledges=[
                                Pledge(["DNK"], 200e6, "EUR", categories=["drones"], quote=HOSTILE, end=len(HOSTILE)),
                                Pledge(["DNK"], 5e6, "EUR", kind="budget", period="2025", quote=HOSTILE,
                                       start=1, end=len(HOSTILE))])
    set_status(store, result.pledge_ids[1], "rejected")
    yield store
    store.close()


def _everything(store):
    return load_pledges(store, include_rejected=True)


# -- round trip and idempotence ---------------------------------------------

def test_json_export_reads_back_as_it_was(starting, any_store, tmp_path):
    exported = tmp_path / "pledges.json"
    exported.write_text(to_json(_everything(starting)), encoding="utf-8")
    import_files(any_store, [exported])
    actual = to_json(_everything(any_store))
    assert actual == exported.read_text(encoding="utf-8")


def test_csv_export_reads_back_as_it_was(starting, tmp_path):
    exported = tmp_path / "pledges.csv"
    exported.write_text(to_csv(_everything(starting)), encoding="utf-8", newline="")
    with _store(tmp_path / "empty.db") as empty:
        import_files(empty, [exported])
        actual = to_csv(_everything(empty))
    assert actual == exported.read_text(encoding="utf-8")


def test_the_round_trip_keeps_ids_statuses_and_sources(starting, tmp_path):
    exported = tmp_path / "pledges.json"
    exported.write_text(to_json(_everything(starting)), encoding="utf-8")
    with _store(tmp_path / "empty.db") as empty:
        import_files(empty, [exported])
        frame = _everything(empty)
    before = _everything(starting)
    actual = (sorted(zip(frame["id"], frame["status"])), frame["sources"].map(len).sum(),
              sorted(frame["status"].unique()))
    assert actual == (sorted(zip(before["id"], before["status"])), before["sources"].map(len).sum(),
                      ["confirmed", "extracted", "rejected"])


def test_importing_a_file_again_adds_nothing(any_store):
    import_files(any_store, [STARTING])
    before = to_json(_everything(any_store)), count_sources(any_store)
    again = import_files(any_store, [STARTING])
    actual = (sum(r.added + r.linked for r in again), to_json(_everything(any_store)), count_sources(any_store))
    assert actual == (0, *before)


def test_the_starting_set_loads_301_records_as_285_pledges_from_85_reports(tmp_path):
    # Two records repeat within a week a pledge another report gave first (the
    # UK's £500m, Canada's $200m via PURL), and fourteen are linked in review
    # (`same_as`) to the pledge they restate: sixteen join a stored pledge.
    with _store(tmp_path / "t.db") as store:
        results = import_files(store, [STARTING])
        actual = (sum(r.added for r in results), sum(r.linked for r in results), count_pledges(store),
                  count_sources(store), set(_everything(store)["status"]))
    assert actual == (285, 16, 285, 85, {"confirmed"})


def test_a_restatement_months_later_joins_the_pledge_it_names(tmp_path):
    # The US supplemental for Ukraine: asked for in December 2023 ($61bn), passed
    # by the Senate in February ($60bn), by the House in April 2024 ($60.8bn, "US
    # lawmakers ... unblocking a US$61 billion"): one pledge, as the factbox of
    # 17 April gives the bills ($60.84bn), with five reports.
    with _store(tmp_path / "t.db") as store:
        import_files(store, [STARTING])
        frame = load_pledges(store, donors="USA", since="2023-12-01", until="2024-04-30")
    big = frame[frame["amount"].between(60e9, 61e9)]
    actual = (len(big), big.iloc[0]["amount"], str(big.iloc[0]["fx_date"].date()), len(big.iloc[0]["sources"]))
    assert actual == (1, 60.84e9, "2024-04-17", 5)


def test_a_same_as_outside_the_files_imported_is_refused(tmp_path):
    path = tmp_path / "rc-01.json"
    path.write_bytes((STARTING / "rc-01-us-senate-95bn-breakdown.json").read_bytes())
    with pytest.raises(InputError, match=r"record 1\): same_as names report 'rc-02-us-house-bills-factbox', "
                                         r"which is not another of the files imported with it"):
        with _store(tmp_path / "t.db") as store:
            import_files(store, [path])


def test_a_second_report_of_a_pledge_joins_it_as_a_source(tmp_path):
    with _store(tmp_path / "t.db") as store:
        import_files(store, PURL)
        frame = load_pledges(store, donors="CAN")
    row = frame[frame["amount"] == 200e6].iloc[0]
    actual = (len(frame[frame["amount"] == 200e6]), sorted(s["outlet"] for s in row["sources"]))
    assert actual == (1, ["thedefensenews.com", "tid.news"])


# -- the gold format ----------------------------------------------------------

def test_a_report_file_is_stored_confirmed_with_its_source(tmp_path):
    with _store(tmp_path / "t.db") as store:
        import_file(store, read_records(DRAWDOWN))
        frame = load_pledges(store)
    first = frame[frame["amount"] == 450e6].iloc[0]
    source = first["sources"][0]
    actual = (len(frame), first["status"], first["qualifier"], source["url"][:23], source["outlet"],
              source["published"], source["quote"][:40])
    assert actual == (3, "confirmed", "at_most", "https://www.defense.gov", "defense.gov", "2022-06-23",
                      "President Joe Biden has given DOD author")


def test_a_report_file_is_converted_at_its_dates_rate(tmp_path):
    # The ECB's reference rate of Thursday 23 June 2022 (eurofxref-hist):
    # 1.0493 USD per euro, so $450,000,000 / 1.0493 = €428,857,333.46.
    with _store(tmp_path / "t.db") as store:
        import_file(store, read_records(DRAWDOWN))
        frame = load_pledges(store)
    first = frame[frame["amount"] == 450e6].iloc[0]
    actual = (round(first["amount_eur"], 2), str(first["fx_date"].date()))
    assert actual == (428857333.46, "2022-06-23")


def test_part_of_becomes_the_stored_id_of_the_whole(tmp_path):
    with _store(tmp_path / "t.db") as store:
        import_file(store, read_records(DRAWDOWN))
        frame = load_pledges(store)
    whole = frame[frame["amount"] == 6.8e9].iloc[0]
    part = frame[frame["amount"] == 6.1e9].iloc[0]
    actual = (part["part_of"], whole["part_of"])
    assert actual == (whole["id"], None)


def _parts(frame) -> dict:
    return {pid: whole for pid, whole in zip(frame["id"], frame["part_of"]) if whole is not None}


def test_part_of_survives_the_round_trip(starting, tmp_path):
    # 90 records of the starting set are parts; two of them join a pledge that
    # keeps its own link: Canada's $200m via PURL in ra-12 (the pledge ra-11 gave
    # first) and the EU's €18.1bn of the ERA in rb-07 (same_as rb-08's):
    # 88 stored links, each to a stored whole.
    exported = tmp_path / "pledges.csv"
    exported.write_text(to_csv(_everything(starting)), encoding="utf-8")
    with _store(tmp_path / "empty.db") as empty:
        import_files(empty, [exported])
        frame = _everything(empty)
    links = _parts(frame)
    actual = (len(links), set(links.values()) <= set(frame["id"]), links == _parts(_everything(starting)))
    assert actual == (88, True, True)


# -- the starting set under the counting rules --------------------------------

def test_starting_set_totals_for_two_donors_match_the_hand_count(tmp_path):
    # Worked out by hand from the JSON files, in US dollars as stated:
    # South Korea (rb-17-cambodiatribune-korea-200m-of-2-3bn.json), 2024:
    #   record 1, package $2,300,000,000                  counted
    #   record 0, budget $200,000,000, part_of 1          a part of a counted whole: not added
    #   record 2, package $2,100,000,000, part_of 1       a part of a counted whole: not added
    #   records 3 and 4, $50,000,000 each (World Bank, EBRD)  counted, two pledges
    #   2,300,000,000 + 50,000,000 + 50,000,000 = 2,400,000,000
    # Luxembourg (rb-21-kmu-umac-2024-demining-pledges.json), 2024:
    #   record 0, aggregate $70,000,000 (LUX, NLD, NOR, CAN)  shown beside, never added
    #   record 2, package $13,000,000, part_of 0          its whole is a meeting total: counted
    #   records 3, 4, 5 ($10,800,000 + $1,080,000 + $1,080,000), part_of 2
    #                                                      parts of a counted whole: not added
    #   = 13,000,000
    with _store(tmp_path / "t.db") as store:
        import_files(store, [STARTING])
        frame = load_pledges(store)
    totals = totals_by_donor(frame, "USD")
    actual = totals[totals["donor"].isin(["KOR", "LUX"])].round(2).to_dict("records")
    assert actual == [{"donor": "KOR", "period": "2024", "amount": 2_400_000_000.0},
                      {"donor": "LUX", "period": "2024", "amount": 13_000_000.0}]


# -- bad input: nothing of the file stored, the place named --------------------

GOOD_ROW = ('"GBR","UKR",450000000,"GBP","exact","package","military","general","2025-04-11",,,"A quote.",'
            '"https://a.example/1",')
HEADER = ('"donors","recipient","amount","currency","qualifier","kind","aid_type","categories","date","period",'
          '"part_of","quote","source_urls","status"')


@pytest.mark.parametrize("bad, field", [
    (GOOD_ROW.replace('"GBP"', '"GB£"'), "currency"),
    (GOOD_ROW.replace('"GBR"', '"UK"'), "donors"),
    (GOOD_ROW.replace('"package"', '"pledge"'), "kind"),
    (GOOD_ROW.replace('"2025-04-11"', '"11/04/2025"'), "date"),
    (GOOD_ROW.replace("450000000", "-5"), "amount"),
    (GOOD_ROW.replace('"general"', '"tanks"'), "categories"),
    (GOOD_ROW.replace(',,,"A quote."', ',"2025-2023",,"A quote."'), "period"),
    (GOOD_ROW.replace(',,,"A quote."', ',,"0123456789abcdef","A quote."'), "part_of"),
    (GOOD_ROW.replace('"https://a.example/1"', '""'), "source"),
    (GOOD_ROW + '"approved"', "status"),
])
def test_a_bad_row_stores_nothing_of_its_file_and_names_file_line_and_field(tmp_path, bad, field):
    path = tmp_path / "sheet.csv"
    path.write_text("\n".join([HEADER, GOOD_ROW, bad]) + "\n", encoding="utf-8")
    with _store(tmp_path / "t.db") as store:
        with pytest.raises(InputError) as caught:
            import_files(store, [path])
        stored = count_pledges(store, include_rejected=True), count_sources(store)
    actual = (str(caught.value).startswith(f"{path}:3: "), field in str(caught.value), stored)
    assert actual == (True, True, (0, 0))


def test_a_bad_record_of_a_json_file_is_named_by_line_and_position(tmp_path):
    report = json.loads(DRAWDOWN.read_text(encoding="utf-8"))
    report["records"][2]["currency"] = "usd"
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report, indent=1), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    line = [i for i, text in enumerate(lines, 1) if text == "  {"][2]  # the third record's opening brace
    with _store(tmp_path / "t.db") as store:
        with pytest.raises(InputError) as caught:
            import_files(store, [path])
        stored = count_pledges(store)
    assert (str(caught.value), stored) == (
        f"{path}:{line} (record 3): currency 'usd' is not an ISO 4217 code such as EUR", 0)


def test_a_part_of_outside_the_file_is_refused(tmp_path):
    report = json.loads(DRAWDOWN.read_text(encoding="utf-8"))
    report["records"][2]["part_of"] = 3
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    with pytest.raises(InputError, match=r"record 3\): part_of 3 is not the position of another record"):
        read_records(path)


def test_one_bad_file_stores_none_of_the_files(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\n" + GOOD_ROW.replace('"GBP"', '"XYZ"') + "\n", encoding="utf-8")
    with _store(tmp_path / "t.db") as store:
        with pytest.raises(InputError):
            import_files(store, [DRAWDOWN, bad])
        actual = count_pledges(store)
    assert actual == 0


# -- a CSV saved by a spreadsheet -------------------------------------------

def test_a_spreadsheet_csv_with_bom_crlf_and_formula_guards_reads_as_written(starting, tmp_path):
    frame = _everything(starting)
    text = to_csv(frame)
    assert "'=HYPERLINK" in text  # the export guarded the hostile quote
    path = tmp_path / "saved.csv"
    path.write_bytes("\ufeff".encode() + text.replace("\n", "\r\n").encode("utf-8"))
    with _store(tmp_path / "empty.db") as empty:
        import_files(empty, [path])
        back = _everything(empty)
    quotes = set(back["quote"])
    actual = (to_csv(back) == text, HOSTILE in quotes, "'" + HOSTILE in quotes)
    assert actual == (True, True, False)


def test_a_spreadsheet_of_its_own_columns_is_read(tmp_path):
    # An analyst's sheet: no id, status or normalised amounts; one day for the report.
    path = tmp_path / "mine.csv"
    path.write_text("donors,amount,currency,qualifier,kind,aid_type,categories,date,quote,url,published\r\n"
                    "NOR;GBR,450000000,GBP,exact,package,military,drones;air_defence,,Joint.,"
                    "https://b.example/2,2025-04-11\r\n", encoding="utf-8")
    with _store(tmp_path / "t.db") as store:
        import_files(store, [path])
        row = load_pledges(store).iloc[0]
    actual = (row["donors"], row["categories"], row["status"], row["sources"][0]["published"],
              row["sources"][0]["outlet"], str(row["fx_date"].date()))
    assert actual == (["NOR", "GBR"], ["drones", "air_defence"], "confirmed", "2025-04-11", "b.example",
                      "2025-04-11")


# -- the command line ----------------------------------------------------------

def test_the_command_says_what_it_stored(tmp_path, capsys):
    code = main(["import", "--db", str(tmp_path / "t.db"), str(DRAWDOWN)])
    out = capsys.readouterr().out
    assert (code, out.splitlines()[-1]) == (0, "1 file imported, 3 pledges added, 0 joined a stored pledge, "
                                                "0 already stored")


def test_the_command_names_a_bad_row_and_exits_2(tmp_path, capsys):
    path = tmp_path / "sheet.csv"
    path.write_text(HEADER + "\n" + GOOD_ROW.replace('"military"', '"army"') + "\n", encoding="utf-8")
    code = main(["import", "--db", str(tmp_path / "t.db"), str(path)])
    err = capsys.readouterr().err
    assert (code, err) == (2, f"error: {path}:2: aid_type 'army' is not one of military, financial, "
                              "humanitarian\n")


def test_make_dashboards_first_run_loads_the_seed_and_the_starting_set(tmp_path):
    # What `make dashboard` runs: twice, as on a first and a second start.
    db = tmp_path / "tracker.db"
    command = [sys.executable, "-m", "tracker", "ingest", "--db", str(db), "--if-empty", "seeds/",
               "--import", "data/starting/"]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    second = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    with open_store(str(db)) as store:
        frame = load_pledges(store)
        held = (count_sources(store), len(frame), len({d for ds in frame["donors"] for d in ds}))
    actual = (first.returncode, second.returncode, second.stdout, held)
    assert actual == (0, 0, "the store already holds 86 reports; nothing ingested\n", (86, 288, 33))


# -- what the pages say of the starting set -------------------------------------

@pytest.fixture
def starting_dashboard(tmp_path, monkeypatch):
    """A store as `make dashboard` fills it on first run, for the pages."""
    db = tmp_path / "tracker.db"
    assert main(["ingest", "--db", str(db), "--if-empty", str(ROOT / "seeds"),
                 "--import", str(STARTING)]) == 0
    monkeypatch.setenv("TRACKER_DB", str(db))
    monkeypatch.delenv("TRACKER_REFERENCE", raising=False)
    return db


def test_the_overview_names_its_sources(starting_dashboard):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    said = [m.value for m in at.markdown if "report" in m.value]
    # 285 pledges from the starting set and the seed's 3; the 75 reports of the
    # starting set that hold records and the seed; published April 2022 to December 2025.
    assert (at.exception, said) == ([], ["**288 pledges from 76 reports, 2022–2025: a sample of public reports, "
                                         "not a complete count.**"])


def test_compare_gives_each_donor_a_share_of_kiel_and_its_reports(starting_dashboard):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "pages" / "5_Compare.py"), default_timeout=60).run()
    table = at.tabs[0].dataframe[0].value.set_index("Code")
    # The reports behind the United States: the starting set's files with a record
    # naming it (each of them joins a pledge naming it).
    files = sum(any("USA" in r["donors"] for r in json.loads(f.read_text(encoding="utf-8"))["records"])
                for f in STARTING.glob("*.json"))
    usa = table.loc["USA"]
    share = usa["Tracked (€ bn)"] / usa["Kiel allocations (€ bn)"] * 100
    actual = (at.exception, int(usa["Reports"]), round(usa["Tracked as % of Kiel allocations"], 6),
              int(table.loc["ITA", "Reports"]))
    assert actual == ([], files, round(share, 6), 0)


def test_a_reviewed_report_confirms_the_extracted_pledge_it_joins(tmp_path):
    from tracker.store.review import load_history

    text = "Denmark gives €200 million for drones."
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("donors,amount,currency,qualifier,kind,aid_type,categories,date,quote,url\n"
                     "DNK,200000000,EUR,exact,package,military,drones,2025-04-12,Denmark: €200m.,"
                     "https://b.example/dk\n", encoding="utf-8")
    with _store(tmp_path / "t.db") as store:
        first = ingest_article(store, Article(text=text, url="https://a.example/dk"), published=date(2025, 4, 11),
                               pledges=[Pledge(["DNK"], 200e6, "EUR", categories=["drones"], date=date(2025, 4, 11),
                                               quote=text, end=len(text))])
        result = import_files(store, [sheet])[0]
        frame = load_pledges(store)
        history = load_history(store, first.pledge_ids[0])
    actual = (result.linked, len(frame), frame.iloc[0]["status"], len(frame.iloc[0]["sources"]),
              [(h["what"], h["before"], h["after"]["status"]) for h in history])
    assert actual == (1, 1, "confirmed", 2, [("status", {"status": "extracted"}, "confirmed")])
