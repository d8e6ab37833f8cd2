"""The counting rules of the spec's "Why the kinds matter", as pure functions
over a `load_pledges` (or `pledges_to_frame`) frame: no money counted twice.

Knows nothing of the store or the screen. Per donor and year the larger of the
budget and the sum of packages; a joint package under each of its donors but
once across donors; parts never added to their whole; outlets in conflict
counted once; aggregates and running totals shown beside, never in, a sum.
"""
from __future__ import annotations

import re

import pandas as pd

from tracker.errors import InputError

CURRENCIES = ("EUR", "USD", "GBP")
FREQUENCIES = ("year", "month")
BESIDE_KINDS = ("aggregate", "cumulative")
# "€1bn a year for four years", "£3bn a year until 2030": the spec keeps the
# yearly figure as the amount, so such a budget holds that much in each year.
_YEARLY = re.compile(r"\b(?:a|per|each|every)\s+year\b|\bannual(?:ly)?\b|\byearly\b|\bper\s+annum\b", re.I)


def _amounts(frame: pd.DataFrame, currency: str) -> pd.Series:
    """Each record's amount in `currency`: as stated when it is stated in it
    (no round trip through the euro), else the normalised column."""
    code = currency.upper()
    if code not in CURRENCIES:
        raise InputError(f"totals are kept in {', '.join(CURRENCIES)}, not {currency!r}")
    normalised = frame[f"amount_{code.lower()}"].astype("float64")
    return normalised.where(frame["currency"] != code, frame["amount"].astype("float64"))


def _when(frame: pd.DataFrame) -> pd.Series:
    """The day a record counts on: its announcement date, else the first
    report's publication day, else the first year of its period."""
    when = pd.to_datetime(frame["date"])
    if "sources" in frame:
        first = pd.to_datetime(pd.Series([min((s["published"] for s in links if s.get("published")), default=None)
                                          if isinstance(links, list) else None for links in frame["sources"]],
                                         index=frame.index, dtype="object"))
        when = when.fillna(first)
    start = pd.to_datetime(frame["period"].map(lambda p: f"{p[:4]}-01-01" if isinstance(p, str) else None),
                           errors="coerce")
    return when.fillna(start)


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


def _inside_counted_whole(rows: pd.DataFrame, frame: pd.DataFrame) -> pd.Series:
    """For each row: is it a stated part of a package or budget that is itself
    counted? ("$770 million in USAI funds" within "a package worth about $820
    million"). A part of a meeting total counts: the total is never summed.
    `part_of` is the whole's id (a store frame) or its position (a frame of
    one text's records)."""
    counted = frame["kind"].isin(("package", "budget"))
    if "status" in frame:
        counted &= frame["status"] != "rejected"
    by_id = dict(zip(frame["id"], counted)) if "id" in frame else {}
    by_position = list(counted)

    def inside(whole) -> bool:
        if whole is None or (isinstance(whole, float) and pd.isna(whole)):
            return False
        if whole in by_id:
            return bool(by_id[whole])
        if isinstance(whole, (int, float)) and 0 <= int(whole) < len(by_position):
            return bool(by_position[int(whole)])
        return False  # the whole is not in this selection: nothing to add the part to

    return pd.Series([inside(w) for w in rows["part_of"]], index=rows.index, dtype="bool")


def _counted(frame: pd.DataFrame, currency: str) -> pd.DataFrame:
    """The records that may enter a sum: packages and budgets, not rejected,
    not a part of another record, with a known amount and day; of reports
    in unsettled conflict (outlets disagreeing on one donor's pledge of one
    day), only the smallest, so a disputed pledge never counts twice."""
    rows = frame
    if "status" in rows:
        rows = rows[rows["status"] != "rejected"]
    rows = rows[rows["kind"].isin(("package", "budget"))]
    if "part_of" in rows:
        rows = rows[~_inside_counted_whole(rows, frame)]
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


def contributions(frame: pd.DataFrame, currency: str = "EUR", joint_once: bool = True) -> pd.DataFrame:
    """What each record adds to the sums, as rows of donor, when (a
    Timestamp), amount and record (the record's index label in `frame`);
    summing `amount` gives `total_across_donors` (with `joint_once`) or, by
    donor and period, `totals_by_donor` (without).

    A budget covers its donor's packages of the same aid type in the years of
    its period; the covered years count the larger of the budget and their
    packages, so a budget adds only what its packages leave unspent, on its
    first day. With `joint_once`, a joint package is given to one donor only
    (the first whose budget covers it, else the first named) and a joint
    budget counts once, covering the packages of each of its donors.
    """
    rows = _counted(frame, currency)
    scopes: list[dict] = []  # what each budget covers: donors, aid type, years
    for r in rows[rows["kind"] == "budget"].itertuples():
        years = _period_years(r.period, r.when.year)
        yearly = bool(_YEARLY.search(r.quote or "")) and len(years) > 1
        donors = list(dict.fromkeys(r.donors)) or [""]
        # A joint budget: under each donor, but once (under the first) across donors.
        groups = [donors] if joint_once else [[d] for d in donors]
        for group in groups:
            for span in [[y] for y in years] if yearly else [years]:
                first = r.when if r.when.year == span[0] else pd.Timestamp(year=span[0], month=1, day=1)
                key = (frozenset(group), r.aid_type, tuple(span))
                same = next((s for s in scopes if s["key"] == key), None)
                if same is None:
                    scopes.append({"key": key, "donors": set(group), "donor": group[0], "aid_type": r.aid_type,
                                   "years": span, "budget": r.value, "when": first, "packages": 0.0,
                                   "record": r.Index})
                elif r.value > same["budget"]:  # one envelope reported twice: never summed
                    same.update(budget=r.value, when=first, record=r.Index)

    def scope_of(donor, aid_type, year):
        covering = [s for s in scopes if donor in s["donors"] and s["aid_type"] == aid_type and year in s["years"]]
        return min(covering, key=lambda s: len(s["years"])) if covering else None

    out = []
    for r in rows[rows["kind"] == "package"].itertuples():
        donors = list(dict.fromkeys(r.donors)) or [""]
        if joint_once:
            covered = [d for d in donors if scope_of(d, r.aid_type, r.when.year)]
            donors = covered[:1] or donors[:1]
        for donor in donors:
            scope = scope_of(donor, r.aid_type, r.when.year)
            if scope:
                scope["packages"] += r.value
            out.append({"donor": donor, "when": r.when, "amount": r.value, "record": r.Index})
    for s in scopes:
        unspent = s["budget"] - s["packages"]
        if unspent > 0:
            out.append({"donor": s["donor"], "when": s["when"], "amount": unspent, "record": s["record"]})
    return pd.DataFrame(out, columns=["donor", "when", "amount", "record"]).astype({"amount": "float64"})


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
