"""The Kiel reference loader: the published Release 29 figures reproduced from
the shipped files, and every layout change failing by file and column."""
import math
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, strategies as st

from tracker.dashboard.reference import (LAYOUT, REFERENCE_ROOT, ReferenceFormatError, load_reference,
                                         load_reference_file, load_release, parse_month, reference_folder)
from tracker.errors import TrackerError

RELEASE_29 = REFERENCE_ROOT / "kiel-ust-release-29"
BN = 1e9


@pytest.fixture(scope="module")
def ref():
    return load_reference(RELEASE_29)


def copy_release(tmp_path: Path, name="release") -> Path:
    folder = tmp_path / name
    shutil.copytree(RELEASE_29, folder)
    return folder


def rewrite(folder: Path, file: str, old: str, new: str, count: int = 1) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {file}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# --- The published figures (Kiel's dashboard, Release 29) -------------------
# All 1,079 rows of data_explorer.csv (42 donors including the EU institutions,
# 2022-01 to 2026-04) sum to the headline; total_allocations.csv's 52 monthly
# rows give the same sums, month by month.
PUBLISHED_BN = [
    ("total", "total_allocations", 358.4),
    ("military", "military", 173.0),
    ("financial", "financial", 159.7),
    ("humanitarian", "humanitarian", 25.7),
]


@pytest.mark.parametrize("monthly_col,totals_col,expected", PUBLISHED_BN,
                         ids=[p[0] for p in PUBLISHED_BN])
def test_all_donors_monthly_allocations_sum_to_published_figure(ref, monthly_col, totals_col, expected):
    actual = round(ref.monthly[monthly_col].sum() / BN, 1)
    assert actual == expected


@pytest.mark.parametrize("monthly_col,totals_col,expected", PUBLISHED_BN,
                         ids=[p[0] for p in PUBLISHED_BN])
def test_total_allocations_file_gives_the_same_figure(ref, monthly_col, totals_col, expected):
    actual = round(ref.totals[totals_col].sum() / BN, 1)
    assert actual == expected


def test_total_allocations_equal_donor_rows_month_by_month(ref):
    by_month = ref.monthly.groupby("date")["total"].sum()
    totals = ref.totals.set_index("date")["total_allocations"]
    gaps = (by_month - totals).abs()
    assert list(by_month.index) == list(totals.index)
    assert gaps.max() < 1.0  # euros


def test_eu_shares_sum_to_published_figure(ref):
    actual = round(ref.eu_shares["eu_share_eur"].sum() / BN, 2)
    assert actual == 84.43


def test_eu_shares_split_the_eu_institutions_own_row(ref):
    # The shares divide the EU row's money among members: adding them to the
    # members' bilateral aid would count the same euros twice.
    eu_row = ref.monthly.loc[ref.monthly["iso"] == "EU", "total"].sum()
    assert math.isclose(ref.eu_shares["eu_share_eur"].sum(), eu_row, abs_tol=0.01 * BN)


def test_commitments_are_total_plus_to_be_allocated_on_every_row(ref):
    m = ref.monthly
    gaps = (m["commitments"] - (m["total"] + m["to_be_allocated"])).abs()
    assert len(m) == 1079
    assert gaps.max() < 1.0  # euros; the files hold € bn to six decimals


def test_total_is_the_sum_of_aid_types_on_every_row(ref):
    m = ref.monthly
    gaps = (m["total"] - (m["financial"] + m["humanitarian"] + m["military"])).abs()
    assert gaps.max() < 1.0


# --- Units and types at the edge --------------------------------------------

def test_billions_become_euros(ref):
    first = ref.monthly.iloc[0]  # "Australia","AUS",2022,2,0.002645,...
    actual = (first["iso"], first["date"], round(first["total"]), round(first["gdp"]))
    assert actual == ("AUS", pd.Timestamp("2022-02-01"), 2_645_000, 1_312_771_155_263)


def test_eu_share_column_is_renamed_with_its_new_unit(ref):
    actual = list(ref.eu_shares.columns)
    assert actual == ["country", "iso", "bilateral_pct_gdp", "eu_share_pct_gdp",
                      "total_pct_gdp", "eu_share_eur"]


def test_weapon_values_already_in_euros_stay_as_they_are(ref):
    first = ref.weapons.iloc[0]  # "Australia","Howitzers",6,28672479,...
    assert (first["number_of_weapons"], first["monetary_value_eur"]) == (6, 28672479.0)


DTYPES = [
    ("monthly", "iso", "str"), ("monthly", "year", "int64"), ("monthly", "month", "Int64"),
    ("monthly", "total", "float64"), ("monthly", "date", "datetime64[ns]"),
    ("totals", "military", "float64"), ("eu_shares", "eu_share_eur", "float64"),
    ("weapons", "number_of_weapons", "int64"), ("procurement", "nato_purl", "float64"),
]


@pytest.mark.parametrize("table,column,expected", DTYPES, ids=[f"{t}.{c}" for t, c, _ in DTYPES])
def test_loaded_column_types(ref, table, column, expected):
    assert str(getattr(ref, table)[column].dtype) == expected


# --- The release --------------------------------------------------------------

def test_release_comes_from_release_info(ref):
    expected = (29, "04/2026", date(2026, 8, 4), "Ukraine Support Tracker, Release 29 (04/2026)")
    assert (ref.release.release, ref.release.period, ref.release.date, ref.release.label) == expected


def test_attribution_is_the_line_source_md_requires(ref):
    source = (RELEASE_29 / "SOURCE.md").read_text(encoding="utf-8")
    quoted = " ".join(source.split("Attribution required wherever shown:")[1].split()).split('"')[1]
    assert ref.release.attribution == quoted


def test_a_newer_release_is_another_folder(tmp_path):
    newer = copy_release(tmp_path, "kiel-ust-release-30")
    rewrite(newer, "release_info.csv", '"29","04/2026","2026-08-04","Ukraine Support Tracker, Release 29 (04/2026)"',
            '"30","06/2026","2026-10-01","Ukraine Support Tracker, Release 30 (06/2026)"')
    assert load_reference(newer).release.label == "Ukraine Support Tracker, Release 30 (06/2026)"


def test_default_folder_is_the_highest_release(tmp_path, monkeypatch):
    monkeypatch.delenv("TRACKER_REFERENCE", raising=False)
    copy_release(tmp_path, "a-release-29")
    newer = copy_release(tmp_path, "b-release-30")
    rewrite(newer, "release_info.csv", '"29"', '"30"')
    (tmp_path / "notes").mkdir()
    assert reference_folder(tmp_path) == newer


def test_env_chooses_the_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_REFERENCE", str(tmp_path / "x"))
    assert reference_folder() == tmp_path / "x"


def test_shipped_default_is_release_29(monkeypatch):
    monkeypatch.delenv("TRACKER_REFERENCE", raising=False)
    assert reference_folder() == RELEASE_29


def test_release_info_must_hold_one_row(tmp_path):
    folder = copy_release(tmp_path)
    path = folder / "release_info.csv"
    path.write_text(path.read_text() + '"30","06/2026","2026-10-01","Release 30"\n')
    with pytest.raises(ReferenceFormatError, match=r"release_info\.csv: 2 rows, expected one"):
        load_release(folder)


# --- Month 0 or no month ------------------------------------------------------
# Kiel books a few amounts to a year without a month in some releases: the row
# is kept (the money counts for its donor) with month <NA> and date NaT.
MONTHS = [("0", "month 0"), ("", "no month")]


@pytest.mark.parametrize("cell,label", MONTHS, ids=[m[1] for m in MONTHS])
def test_month_not_stated_keeps_the_row_undated(tmp_path, cell, label):
    folder = copy_release(tmp_path)
    rewrite(folder, "data_explorer.csv", '"AUS",2022,2,', f'"AUS",2022,{cell},')
    frame = load_reference_file(folder, "data_explorer.csv")
    first = frame.iloc[0]
    actual = (len(frame), first["year"], first["month"] is pd.NA, first["date"] is pd.NaT,
              round(first["total"]))
    assert actual == (1079, 2022, True, True, 2_645_000)


def test_two_undated_rows_of_one_year_are_not_duplicates(tmp_path):
    folder = copy_release(tmp_path)
    rewrite(folder, "data_explorer.csv", '"AUS",2022,2,', '"AUS",2022,0,')
    rewrite(folder, "data_explorer.csv", '"AUS",2022,3,', '"AUS",2022,0,')
    frame = load_reference_file(folder, "data_explorer.csv")
    assert int(frame["month"].isna().sum()) == 2


# --- Layout changes fail loudly, by file and column -----------------------------
BROKEN = [
    # file, text replaced, replacement, expected message
    ("data_explorer.csv", '"total",', '"total_eur",',
     r"data_explorer\.csv: column 'total' is missing .*unexpected column\(s\) \['total_eur'\], renamed\?"),
    ("data_explorer.csv", ',"gdp","pct_gdp"', ',"pct_gdp"',
     r"data_explorer\.csv: column 'gdp' is missing"),
    ("eu_aid_shares.csv", '"eu_share_bn"', '"eu_share_eur"',
     r"eu_aid_shares\.csv: column 'eu_share_bn' is missing"),
    ("total_allocations.csv", '"month"', '"Month"', r"total_allocations\.csv: column 'month' is missing"),
    ("release_info.csv", '"label"', '"title"', r"release_info\.csv: column 'label' is missing"),
    ("data_explorer.csv", '0.002645,0,0,', '"n/a",0,0,',
     r"data_explorer\.csv: column 'total' holds 'n/a' on line 2, expected bn"),
    ("data_explorer.csv", '"AUS",2022,2,', '"AUS",2022,13,',
     r"data_explorer\.csv: column 'month' holds '13' on line 2, expected month \(month 13 is not 0-12\)"),
    ("data_explorer.csv", '"AUS",2022,', '"AUS",,', r"data_explorer\.csv: column 'year' is empty on line 2"),
    ("data_explorer.csv", '"Australia","AUS"', '"Australia",""', r"data_explorer\.csv: column 'iso' holds '' on line 2"),
    ("weapons.csv", ',6,28672479,', ',6.5,28672479,', r"weapons\.csv: column 'number_of_weapons' holds '6\.5' on line 2"),
    ("procurement_trends.csv", "2022,1,0.00149570612079685", "2022,1,inf",
     r"procurement_trends\.csv: column 'stockpile' holds 'inf' on line 2"),
    ("release_info.csv", '"2026-08-04"', '"04.08.2026"', r"release_info\.csv: column 'date' holds '04\.08\.2026'"),
    ("data_explorer.csv", '"AUS",2022,3,', '"AUS",2022,2,',
     r"data_explorer\.csv: column\(s\) \['iso', 'year', 'month'\] repeat iso=AUS, year=2022, month=2 \(line 2\)"),
]


@pytest.mark.parametrize("file,old,new,message", BROKEN, ids=[f"{b[0]}:{b[3][:40]}" for b in BROKEN])
def test_layout_change_fails_naming_file_and_column(tmp_path, file, old, new, message):
    folder = copy_release(tmp_path)
    rewrite(folder, file, old, new)
    with pytest.raises(ReferenceFormatError, match=message):
        load_reference(folder)


def test_missing_file_is_named(tmp_path):
    folder = copy_release(tmp_path)
    (folder / "weapons.csv").unlink()
    with pytest.raises(ReferenceFormatError, match=r"weapons\.csv: file not found in "):
        load_reference(folder)


def test_header_only_file_fails(tmp_path):
    folder = copy_release(tmp_path)
    path = folder / "total_allocations.csv"
    path.write_text(path.read_text().splitlines()[0] + "\n")
    with pytest.raises(ReferenceFormatError, match=r"total_allocations\.csv: the file has no rows"):
        load_reference(folder)


def test_empty_file_fails(tmp_path):
    folder = copy_release(tmp_path)
    (folder / "eu_aid_shares.csv").write_text("")
    with pytest.raises(ReferenceFormatError, match=r"eu_aid_shares\.csv: not a readable CSV file"):
        load_reference(folder)


def test_an_added_column_is_dropped_and_the_rest_load(tmp_path):
    folder = copy_release(tmp_path)
    path = folder / "release_info.csv"
    lines = path.read_text().splitlines()
    path.write_text(f'{lines[0]},"doi"\n{lines[1]},"10.1/x"\n')
    assert list(load_reference_file(folder, "release_info.csv").columns) == list(LAYOUT["release_info.csv"])


def test_format_error_is_a_tracker_error():
    assert issubclass(ReferenceFormatError, TrackerError)


# --- parse_month: properties ---------------------------------------------------
@given(st.text(max_size=12))
def test_parse_month_gives_a_month_none_or_a_value_error(text):
    try:
        month = parse_month(text)
    except ValueError:
        return
    assert month is None or 1 <= month <= 12


@given(st.integers(min_value=0, max_value=12), st.sampled_from(["{}", " {} ", "{}.0"]))
def test_parse_month_reads_back_what_kiel_writes(number, layout):
    expected = number or None  # month 0: the year is known, the month is not
    assert parse_month(layout.format(number)) == expected


def test_a_byte_order_mark_is_not_part_of_the_first_column(tmp_path):
    # Spreadsheet programs save CSV with one; the first column must still be found.
    folder = copy_release(tmp_path)
    path = folder / "release_info.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_release(folder).release == 29


def test_a_file_not_in_utf8_is_named(tmp_path):
    folder = copy_release(tmp_path)
    path = folder / "eu_aid_shares.csv"
    path.write_bytes(path.read_bytes().replace(b"Denmark", "Dänemark".encode("latin-1")))
    with pytest.raises(ReferenceFormatError, match=r"eu_aid_shares\.csv: not a readable CSV file"):
        load_reference(folder)
