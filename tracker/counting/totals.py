"""The counting rules of the spec's "Why the kinds matter", as pure functions
over a `load_pledges` (or `pledges_to_frame`) frame: no money counted twice.

Knows nothing of the store or the screen. Per donor and year the larger of the
budget and the sum of packages; a joint package under each of its donors but
once across donors; parts never added to their whole; outlets in conflict
counted once; aggregates and running totals shown beside, never in, a sum.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from tracker.errors import InputError
from tracker.records.pledge import NORMALISED_CURRENCIES

FREQUENCIES = ("year", "month")
BESIDE_KINDS = ("aggregate", "cumulative")
# "€1bn a year for four years", "£3bn a year until 2030": the spec keeps the
# yearly figure as the amount, so such a budget holds that much in each year.
_YEARLY = re.compile(r"\b(?:a|per|each|every)\s+year\b|\bannual(?:ly)?\b|\byearly\b|\bper\s+annum\b", re.I)


def _amounts(frame: pd.DataFrame, currency: str) -> pd.Series:
    """Each record's amount in `currency`: as stated when it is stated in it
    (no round trip through the euro), else the normalised column."""
    code = currency.upper()
    if code not in NORMALISED_CURRENCIES:
        raise InputError(f"totals are kept in {', '.join(NORMALISED_CURRENCIES)}, not {currency!r}")
    normalised = frame[f"amount_{code.lower()}"].astype("float64")
    return normalised.where(frame["currency"] != code, frame["amount"].astype("float64"))


def _when(frame: pd.DataFrame) -> pd.Series:
    """The day a record counts on: its announcement date, else the first
    report's publication day, else the first year of its period."""
    when = pd.to_datetime(frame["date"])
    missing = when.isna()
    if not missing.any():
        return when
    if "sources" in frame:  # only the undated records need their reports read
        first = pd.to_datetime(pd.Series([min((s["published"] for s in links if s.get("published")), default=None)
                                          if isinstance(links, list) else None
                                          for links in frame.loc[missing, "sources"]],
                                         index=frame.index[missing], dtype="object"))
        when = when.fillna(first.reindex(frame.index))
        missing = when.isna()
    periods = frame.loc[missing, "period"]
    start = pd.to_datetime(periods.map(lambda p: f"{p[:4]}-01-01" if isinstance(p, str) else None),
                           errors="coerce")
    return when.fillna(start.reindex(frame.index))


def _period_years(period, fallback: int) -> list[int]:
    """The years a budget's period covers ("2025-2029"), else its own year.

    >>> _period_years("2025-2027", 2024)
    [2025, 2026, 2027]
    >>> _period_years(None, 2024)
    [2024]
    """
    if isinstance(period, str) and re.fullmatch(r"\d{4}(-\d{4})?", period):
        first, last = int(period[:4]), int(period[-4:])
        if first <= last:
            return list(range(first, last + 1))
    return [fallback]


def _inside_counted_whole(frame: pd.DataFrame, currency: str) -> np.ndarray:
    """For each record of `frame`: is it a stated part of a whole that is
    itself counted? ("$770 million in USAI funds" within "a package worth
    about $820 million"). A whole is counted when it is a package or budget,
    not rejected, with a known amount in `currency` and a day, or when it is
    itself inside a counted whole. So a part still counts when its whole is
    not in this selection (filtered out), is a meeting or running total
    (never summed), is rejected, or has no amount in `currency`. `part_of`
    is the whole's id (a store frame) or its position (a frame of one text's
    records)."""
    inside = np.zeros(len(frame), dtype="bool")
    if "part_of" not in frame:
        return inside
    has_whole = frame["part_of"].notna().to_numpy(dtype="bool")
    if not has_whole.any():  # the usual case: no parts, so nothing to look up
        return inside
    wholes = frame["part_of"].to_numpy(dtype="object")
    summable = frame["kind"].isin(("package", "budget")) & _amounts(frame, currency).notna() & _when(frame).notna()
    if "status" in frame:
        summable &= frame["status"] != "rejected"
    summable = summable.to_numpy(dtype="bool")
    by_id = {pid: i for i, pid in enumerate(frame["id"])} if "id" in frame else {}

    def whole_of(i: int) -> int:
        whole = wholes[i]
        if not has_whole[i]:
            return -1
        if whole in by_id:
            return by_id[whole]
        if isinstance(whole, (int, float, np.integer, np.floating)) and 0 <= int(whole) < len(frame):
            return int(whole)
        return -1  # the whole is not in this selection: nothing to add the part to

    memo: dict[int, bool] = {}

    def inside_of(i: int) -> bool:
        if i not in memo:
            memo[i] = False  # a loop of parts adds nothing to itself
            w = whole_of(i)
            memo[i] = w >= 0 and w != i and bool(summable[w] or inside_of(w))
        return memo[i]

    for i in np.flatnonzero(has_whole):
        inside[i] = inside_of(int(i))
    return inside


def _counted(frame: pd.DataFrame, currency: str) -> pd.DataFrame:
    """The records that may enter a sum: packages and budgets, not rejected,
    not a part of another counted record, with a known amount and day; of reports
    in unsettled conflict (outlets disagreeing on one donor's pledge of one
    day), only the smallest, so a disputed pledge never counts twice."""
    keep = frame["kind"].isin(("package", "budget"))
    if "status" in frame:
        keep &= frame["status"] != "rejected"
    keep &= ~_inside_counted_whole(frame, currency)
    code = f"amount_{currency.lower()}"
    needed = ("donors", "kind", "aid_type", "period", "quote", "amount", "currency", code, "date", "sources",
              "conflict")
    rows = frame.loc[keep, [c for c in needed if c in frame]]  # only what the rules read
    out = pd.DataFrame({"donors": rows["donors"], "kind": rows["kind"], "aid_type": rows["aid_type"],
                        "period": rows["period"], "quote": rows["quote"] if "quote" in rows else "",
                        "value": _amounts(rows, currency), "when": _when(rows)}, index=rows.index)
    out = out[out["value"].notna() & out["when"].notna()]
    if "conflict" in rows and rows["conflict"].any():
        disputed = out[rows.loc[out.index, "conflict"].astype(bool)]
        key = [tuple(sorted(d)) for d in disputed["donors"]]
        groups = disputed.assign(key=key, day=disputed["when"].dt.normalize())
        keep = groups.sort_values("value").drop_duplicates(["key", "kind", "aid_type", "day"]).index
        out = out.drop(disputed.index.difference(keep))
    return out


def _scopes(budgets: pd.DataFrame, joint_once: bool) -> list[dict]:
    """What each budget covers, in the order first seen: its donors, aid type
    and years, its amount, its first day and its record. One envelope
    reported twice (same donors, aid type and years) is one scope at the
    larger amount, never summed."""
    scopes: list[dict] = []
    seen: dict[tuple, dict] = {}
    spans: dict[tuple, list[int]] = {}  # _period_years of each (period, year) met
    for record, donors_, aid_type, period, value, when, quote in zip(
            budgets.index, budgets["donors"], budgets["aid_type"].tolist(), budgets["period"].tolist(),
            budgets["value"].tolist(), budgets["when"], budgets["quote"].tolist()):
        years = spans.get((period, when.year))
        if years is None:
            years = spans[(period, when.year)] = _period_years(period, when.year)
        yearly = len(years) > 1 and bool(_YEARLY.search(quote or ""))
        donors = list(dict.fromkeys(donors_)) or [""]
        # A joint budget: under each donor, but once (under the first) across donors.
        groups = [donors] if joint_once else [[d] for d in donors]
        for group in groups:
            for span in [[y] for y in years] if yearly else [years]:
                first = when if when.year == span[0] else pd.Timestamp(year=span[0], month=1, day=1)
                key = (frozenset(group), aid_type, tuple(span))
                same = seen.get(key)
                if same is None:
                    seen[key] = {"donors": group, "donor": group[0], "aid_type": aid_type, "years": span,
                                 "budget": value, "when": first, "record": record}
                    scopes.append(seen[key])
                elif value > same["budget"]:  # one envelope reported twice: never summed
                    same.update(budget=value, when=first, record=record)
    return scopes


def _scope_index(scopes: list[dict]) -> dict[tuple, int]:
    """(donor, aid type, year) -> the position of the budget that covers it:
    the one of the fewest years, the first seen of equals."""
    index: dict[tuple, int] = {}
    for i, s in enumerate(scopes):
        for donor in s["donors"]:
            for year in s["years"]:
                key = (donor, s["aid_type"], year)
                j = index.get(key)
                if j is None or len(s["years"]) < len(scopes[j]["years"]):
                    index[key] = i
    return index


def counted(frame: pd.DataFrame, currency: str = "EUR") -> pd.DataFrame:
    """The records that may enter a sum, with their amount in `currency`
    (`value`) and the day they count on (`when`), indexed as in `frame`:
    pass it to `contributions(..., rows=)` to count one view twice (per
    donor and across donors) without sifting it twice."""
    return _counted(frame, currency)


def contributions(frame: pd.DataFrame, currency: str = "EUR", joint_once: bool = True,
                  rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """What each record adds to the sums, as rows of donor, when (a
    Timestamp), amount and record (the record's index label in `frame`);
    summing `amount` gives `total_across_donors` (with `joint_once`) or, by
    donor and period, `totals_by_donor` (without). `rows` is `counted(frame,
    currency)` when already at hand.

    A budget covers its donor's packages of the same aid type in the years of
    its period; the covered years count the larger of the budget and their
    packages, so a budget adds only what its packages leave unspent, on its
    first day. With `joint_once`, a joint package is given to one donor only
    (the first whose budget covers it, else the first named) and a joint
    budget counts once, covering the packages of each of its donors.

    Budgets are indexed by (donor, aid type, year), so each package finds its
    budget in one look-up: linear in the number of records.
    """
    rows = _counted(frame, currency) if rows is None else rows
    scopes = _scopes(rows[rows["kind"] == "budget"], joint_once)
    index = _scope_index(scopes)
    spent = [0.0] * len(scopes)
    packages = rows[rows["kind"] == "package"]
    out_donor, out_at, out_amount = [], [], []  # out_at: the package's position in `packages`
    for at, (donors_, aid_type, value, year) in enumerate(zip(
            packages["donors"], packages["aid_type"].tolist(), packages["value"].tolist(),
            packages["when"].dt.year.tolist())):
        donors = donors_ if len(donors_) == 1 else list(dict.fromkeys(donors_)) or [""]
        if joint_once and len(donors) > 1:
            covered = [d for d in donors if (d, aid_type, year) in index]
            donors = covered[:1] or donors[:1]
        for donor in donors:
            scope = index.get((donor, aid_type, year))
            if scope is not None:
                spent[scope] += value
            out_donor.append(donor)
            out_at.append(at)
            out_amount.append(value)
    kept = [(s, s["budget"] - packages_sum) for s, packages_sum in zip(scopes, spent)]
    kept = [(s, unspent) for s, unspent in kept if unspent > 0]
    columns = ["donor", "when", "amount", "record"]
    if not out_at and not kept:
        return pd.DataFrame([], columns=columns).astype({"amount": "float64"})
    at = np.asarray(out_at, dtype="int64")
    firsts = pd.to_datetime(pd.Series([s["when"] for s, _ in kept], dtype="object"))
    when = pd.concat([packages["when"].iloc[at], firsts], ignore_index=True) if len(at) else firsts
    return pd.DataFrame({
        "donor": out_donor + [s["donor"] for s, _ in kept],
        "when": pd.to_datetime(when),
        "amount": np.asarray(out_amount + [unspent for _, unspent in kept], dtype="float64"),
        "record": list(packages.index[at]) + [s["record"] for s, _ in kept],
    }, columns=columns)


def totals_by_donor(frame: pd.DataFrame, currency: str = "EUR", freq: str = "year") -> pd.DataFrame:
    """Per donor and year (or month): the larger of the budget and the sum of
    packages; a joint package counts in full under each donor named. Columns
    donor, period ("2025" or "2025-04"), amount; donors without a code are left out."""
    if freq not in FREQUENCIES:
        raise InputError(f"freq must be one of {', '.join(FREQUENCIES)}, not {freq!r}")
    parts = contributions(frame, currency, joint_once=False)
    parts = parts[parts["donor"] != ""]
    if parts.empty:
        return pd.DataFrame({"donor": pd.Series([], dtype="str"), "period": pd.Series([], dtype="str"),
                             "amount": pd.Series([], dtype="float64")})
    fmt = "%Y" if freq == "year" else "%Y-%m"
    parts = parts.assign(period=parts["when"].dt.strftime(fmt))
    out = parts.groupby(["donor", "period"], as_index=False, sort=True)["amount"].sum()
    return out.astype({"donor": "str", "period": "str", "amount": "float64"}).reset_index(drop=True)


def total_across_donors(frame: pd.DataFrame, currency: str = "EUR") -> float:
    """One sum over every donor: each joint package once, budgets by the same
    rule as per donor, aggregates and running totals left out."""
    return float(contributions(frame, currency, joint_once=True)["amount"].sum())


def beside(frame: pd.DataFrame) -> pd.DataFrame:
    """The aggregate and cumulative records (meeting totals, running totals),
    to show beside the sums, latest first; never added into them."""
    rows = frame[frame["kind"].isin(BESIDE_KINDS)]
    if "status" in rows:
        rows = rows[rows["status"] != "rejected"]
    return rows.sort_values("date", ascending=False, na_position="last").reset_index(drop=True)


def headline(frame: pd.DataFrame, currency: str = "EUR") -> dict:
    """The figures above a table: `total` across donors (see
    `total_across_donors`), the number of `pledges` (records shown), of
    distinct `donors` whose packages or budgets are in the total, and the
    `latest` announcement date (None when empty)."""
    rows = frame[frame["status"] != "rejected"] if "status" in frame else frame
    donors = {d for ds in rows.loc[rows["kind"].isin(("package", "budget")), "donors"] for d in ds}
    latest = pd.to_datetime(rows["date"]).max()
    return {"total": total_across_donors(rows, currency), "pledges": len(rows), "donors": len(donors),
            "latest": None if pd.isna(latest) else latest.date()}
