"""The Kiel Institute's Ukraine Support Tracker files, read and checked: every
file's columns and values are checked against the layout below before use, and
€ bn become euros here, at the edge. A release is a folder (data/reference/*);
nothing here compares, sums across files or draws.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from tracker.errors import TrackerError

REFERENCE_ROOT = Path(__file__).resolve().parents[2] / "data" / "reference"
# The attribution SOURCE.md requires wherever a figure is shown, before the label.
PUBLISHER = "Kiel Institute for the World Economy"
BILLION = 1_000_000_000

# What a column holds. `bn` is € bn in the file and euros once loaded.
TEXT, INTEGER, YEAR, MONTH, BN, EUR, PERCENT, DATE = (
    "text", "integer", "year", "month", "bn", "eur", "percent", "date")

# The layout of Release 29, file by file: column -> what it holds. A future
# release that renames, drops or retypes a column fails on load, by name.
LAYOUT: dict[str, dict[str, str]] = {
    "data_explorer.csv": {
        "country": TEXT, "iso": TEXT, "year": YEAR, "month": MONTH,
        "total": BN, "financial": BN, "humanitarian": BN, "military": BN,
        "commitments": BN, "to_be_allocated": BN, "gdp": BN, "pct_gdp": PERCENT,
    },
    "total_allocations.csv": {
        "year": YEAR, "month": MONTH, "total_allocations": BN,
        "military": BN, "financial": BN, "humanitarian": BN,
    },
    "eu_aid_shares.csv": {
        "country": TEXT, "iso": TEXT, "bilateral_pct_gdp": PERCENT,
        "eu_share_pct_gdp": PERCENT, "total_pct_gdp": PERCENT, "eu_share_bn": BN,
    },
    "weapons.csv": {
        "donor": TEXT, "category": TEXT, "number_of_weapons": INTEGER,
        "monetary_value_eur": EUR, "weapons_list": TEXT,
    },
    "procurement_trends.csv": {
        "year": YEAR, "month": MONTH, "stockpile": BN, "procurement": BN,
        "unspecified": BN, "nato_purl": BN,
    },
    "release_info.csv": {"release": INTEGER, "period": TEXT, "date": DATE, "label": TEXT},
}
# A column whose name states its unit is renamed with the unit it gets here.
RENAMED = {"eu_share_bn": "eu_share_eur"}
# Columns that identify a row: two rows with the same key mean a changed layout.
KEYS = {
    "data_explorer.csv": ("iso", "year", "month"),
    "total_allocations.csv": ("year", "month"),
    "eu_aid_shares.csv": ("iso",),
    "weapons.csv": ("donor", "category"),
    "procurement_trends.csv": ("year", "month"),
}
# Text columns that may be empty ("weapons_list" for a category without models).
MAY_BE_EMPTY = {("weapons.csv", "weapons_list")}


class ReferenceFormatError(TrackerError):
    """Raised when a reference file is missing, or a column is missing, renamed
    or holds a value of the wrong kind; the message names the file and column."""


@dataclass(frozen=True)
class Release:
    """Which release a folder holds, from its release_info.csv."""

    release: int
    period: str
    date: date
    label: str

    @property
    def attribution(self) -> str:
        """The line SOURCE.md asks for beside every figure shown.

        >>> Release(29, "04/2026", date(2026, 8, 4), "Ukraine Support Tracker, Release 29 (04/2026)").attribution
        'Source: Kiel Institute for the World Economy, Ukraine Support Tracker, Release 29 (04/2026)'
        """
        return f"Source: {PUBLISHER}, {self.label}"


@dataclass(frozen=True)
class Reference:
    """One release, every file loaded: amounts in euros, `date` the first day
    of the month (NaT when the file gives month 0 or no month)."""

    folder: Path
    release: Release
    monthly: pd.DataFrame       # data_explorer.csv: one donor in one month
    totals: pd.DataFrame        # total_allocations.csv: one month, all donors
    eu_shares: pd.DataFrame     # eu_aid_shares.csv: one EU member's share of EU aid
    weapons: pd.DataFrame       # weapons.csv: one donor and weapon category
    procurement: pd.DataFrame   # procurement_trends.csv: one month, by channel


def parse_month(value: str) -> int | None:
    """A month number as Kiel writes it: 1-12, or None when not stated
    (an empty cell or 0, Kiel's "year known, month not"). Anything else raises
    ValueError.

    >>> [parse_month(v) for v in ("4", "12", "0", "", " ", "4.0")]
    [4, 12, None, None, None, 4]
    >>> parse_month("13")
    Traceback (most recent call last):
    ValueError: month 13 is not 0-12
    """
    text = value.strip()
    if not text:
        return None
    number = float(text)
    if not number.is_integer() or not 0 <= number <= 12:
        raise ValueError(f"month {text} is not 0-12")
    return int(number) or None


def _parse_integer(value: str) -> int:
    number = float(value)
    if not number.is_integer():
        raise ValueError(f"{value} is not a whole number")
    return int(number)


def _parse_number(value: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{value} is not a finite number")
    return number


def _parse_year(value: str) -> int:
    year = _parse_integer(value)
    if not 1990 <= year <= 2100:
        raise ValueError(f"{year} is not a plausible year")
    return year


def _parse_text(value: str) -> str:
    if not value.strip():
        raise ValueError("it is empty")
    return value.strip()


_PARSERS = {
    TEXT: _parse_text,
    INTEGER: _parse_integer,
    YEAR: _parse_year,
    MONTH: parse_month,
    BN: _parse_number,
    EUR: _parse_number,
    PERCENT: _parse_number,
    DATE: date.fromisoformat,
}
_DTYPES = {TEXT: "str", INTEGER: "int64", YEAR: "int64", MONTH: "Int64",
           BN: "float64", EUR: "float64", PERCENT: "float64", DATE: "object"}


def _read_table(path: Path) -> pd.DataFrame:
    """The file's cells as text, exactly as written; nothing guessed."""
    if not path.is_file():
        raise ReferenceFormatError(f"{path.name}: file not found in {path.parent}")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ReferenceFormatError(f"{path.name}: not a readable CSV file ({reason})") from exc


def _check_columns(name: str, found: list[str], layout: dict[str, str]) -> None:
    missing = [c for c in layout if c not in found]
    if missing:
        extra = [c for c in found if c not in layout]
        hint = f"; unexpected column(s) {extra}, renamed?" if extra else ""
        raise ReferenceFormatError(
            f"{name}: column '{missing[0]}' is missing (expected {list(layout)}, "
            f"found {found}{hint})")


def _parse_column(name: str, column: str, kind: str, cells: pd.Series) -> pd.Series:
    parse = _PARSERS[kind]
    if (name, column) in MAY_BE_EMPTY:
        parse = str.strip
    values = []
    for line, cell in enumerate(cells, start=2):  # line 1 is the header
        if not cell.strip() and kind not in (TEXT, MONTH):
            raise ReferenceFormatError(
                f"{name}: column '{column}' is empty on line {line}, expected {kind}")
        try:
            values.append(parse(cell))
        except ValueError as exc:
            raise ReferenceFormatError(
                f"{name}: column '{column}' holds {cell!r} on line {line}, "
                f"expected {kind} ({exc})") from None
    if kind == MONTH:
        return pd.Series(pd.array(values, dtype="Int64"), index=cells.index)
    return pd.Series(values, index=cells.index, dtype=_DTYPES[kind])


def load_reference_file(folder: Path | str, name: str) -> pd.DataFrame:
    """One file of a release, checked against `LAYOUT`: the expected columns in
    their order (extra columns are dropped), text stripped, € bn as euros,
    months 1-12 or <NA>, and a `date` column (first of the month, NaT when the
    month is not stated) wherever the file has `year` and `month`."""
    if name not in LAYOUT:
        raise ReferenceFormatError(f"{name}: not a file of the reference layout")
    layout = LAYOUT[name]
    raw = _read_table(Path(folder) / name)
    _check_columns(name, list(raw.columns), layout)
    if raw.empty:
        raise ReferenceFormatError(f"{name}: the file has no rows")
    frame = pd.DataFrame(
        {col: _parse_column(name, col, kind, raw[col]) for col, kind in layout.items()})
    for col, kind in layout.items():
        if kind == BN:
            frame[col] = frame[col] * BILLION
    frame = frame.rename(columns=RENAMED)
    if "year" in frame and "month" in frame:
        frame["date"] = _month_start(frame["year"], frame["month"])
    key = [RENAMED.get(c, c) for c in KEYS.get(name, ())]
    if key:
        dup = frame.duplicated(key, keep=False)
        if "month" in frame:
            # Rows without a month may share a year: several undated corrections.
            dup &= frame["month"].notna()
        if dup.any():
            first = frame.loc[dup, key].iloc[0]
            where = ", ".join(f"{col}={first[col]}" for col in key)
            raise ReferenceFormatError(
                f"{name}: column(s) {key} repeat {where} (line {dup.idxmax() + 2}), "
                "one row each was expected")
    return frame


def _month_start(years: pd.Series, months: pd.Series) -> pd.Series:
    stated = months.notna()
    dates = pd.Series(pd.NaT, index=years.index, dtype="datetime64[ns]")
    if stated.any():
        dates[stated] = pd.to_datetime(pd.DataFrame(
            {"year": years[stated], "month": months[stated].astype("int64"), "day": 1}))
    return dates


def load_release(folder: Path | str) -> Release:
    """The release number, data period, publication date and label of a folder."""
    frame = load_reference_file(folder, "release_info.csv")
    if len(frame) != 1:
        raise ReferenceFormatError(
            f"release_info.csv: {len(frame)} rows, expected one (the release described)")
    row = frame.iloc[0]
    return Release(release=int(row["release"]), period=row["period"], date=row["date"],
                   label=row["label"])


def load_reference(folder: Path | str | None = None) -> Reference:
    """Every file of one release (by default `reference_folder()`), checked."""
    path = Path(folder) if folder is not None else reference_folder()
    return Reference(
        folder=path,
        release=load_release(path),
        monthly=load_reference_file(path, "data_explorer.csv"),
        totals=load_reference_file(path, "total_allocations.csv"),
        eu_shares=load_reference_file(path, "eu_aid_shares.csv"),
        weapons=load_reference_file(path, "weapons.csv"),
        procurement=load_reference_file(path, "procurement_trends.csv"),
    )


def reference_folder(root: Path | str | None = None) -> Path:
    """The release to show: env TRACKER_REFERENCE (a folder) when set, else
    the folder under `root` (data/reference) with the highest release number."""
    chosen = os.environ.get("TRACKER_REFERENCE")
    if chosen:
        return Path(chosen)
    base = Path(root) if root is not None else REFERENCE_ROOT
    releases = [(load_release(p).release, p) for p in sorted(base.iterdir())
                if (p / "release_info.csv").is_file()] if base.is_dir() else []
    if not releases:
        raise ReferenceFormatError(f"release_info.csv: no release folder found under {base}")
    return max(releases)[1]
