"""What each dashboard page shows, built from a `load_pledges` frame: headline
figures, chart data, table rows and a pledge's detail (the Add page's draft is
draft.py's).

Pure functions over frames; the counting is `tracker.counting.totals`'s. No Streamlit here.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tracker.counting import totals
from tracker.dashboard.filters import donor_name, view_statuses
from tracker.dashboard.markdown import web_link
from tracker.records.formatting import counted, format_money, label


def amount_column(currency: str) -> str:
    """The frame's column of amounts in a display currency.

    >>> amount_column("GBP")
    'amount_gbp'
    """
    return f"amount_{currency.lower()}"


def _contributions(frame: pd.DataFrame, currency: str, joint_once: bool) -> pd.DataFrame:
    """What each record adds to the sums under the counting rules
    (`totals.contributions`): donor, when, amount, record (its row label)."""
    return totals.contributions(frame, currency, joint_once=joint_once)


def _by_part(parts: pd.DataFrame, frame: pd.DataFrame, split: str) -> pd.DataFrame:
    """Contributions under their record's aid type, or its categories in
    equal shares: columns donor, part, amount. Categories say what military
    aid buys; a financial or humanitarian record ("non-military records use
    general") stands under its aid type, not in military aid's "general"."""
    if parts.empty:
        return pd.DataFrame({"donor": pd.Series([], dtype="object"), "part": pd.Series([], dtype="object"),
                             "amount": pd.Series([], dtype="float64")})
    records = parts["record"].to_numpy()
    source = frame.loc[records, "aid_type" if split == "aid_type" else "categories"].to_numpy()
    if split != "aid_type":
        aid = frame.loc[records, "aid_type"].to_numpy()
        source = pd.Series([cats if a == "military" else [a] for cats, a in zip(source, aid)],
                           dtype="object").to_numpy()
    out = pd.DataFrame({"donor": parts["donor"].astype("object").to_numpy(), "part": source,
                        "amount": parts["amount"].to_numpy(dtype="float64")})
    if split != "aid_type":  # equal shares; a record without categories is "general"
        shares = out["part"].map(len).to_numpy(dtype="float64")
        out["amount"] = out["amount"] / np.maximum(shares, 1.0)
        out = out.explode("part")
        out["part"] = out["part"].fillna("general")
    return out.groupby(["donor", "part"], as_index=False, sort=False)["amount"].sum()


def _named(by: pd.DataFrame) -> pd.DataFrame:
    order = by.groupby("donor")["amount"].sum().sort_values(ascending=False, kind="stable").index
    by = by.assign(donor=pd.Categorical(by["donor"], categories=order))
    by = by.sort_values(["donor", "part"], kind="stable").reset_index(drop=True)
    by["donor"] = by["donor"].astype("str")
    by.insert(1, "name", by["donor"].map(donor_name))
    return by


def donor_breakdown(frame: pd.DataFrame, currency: str = "EUR", split: str = "aid_type",
                    parts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per donor, what the counting rules count (a joint package under each
    donor it names, as `totals.totals_by_donor`) split by aid type or
    category: each record's contribution under its own aid type or
    categories. Columns donor, name, part, amount."""
    parts = _contributions(frame, currency, joint_once=False) if parts is None else parts
    by = _by_part(parts[parts["donor"] != ""], frame, split)
    return _named(by[by["amount"] > 0].astype({"amount": "float64"}))


def donor_totals(frame: pd.DataFrame, currency: str = "EUR", parts: pd.DataFrame | None = None
                 ) -> pd.DataFrame:
    """Per donor, the total under the counting rules, largest first: columns
    donor, name, amount (a joint package counts under each donor)."""
    parts = _contributions(frame, currency, joint_once=False) if parts is None else parts
    by = parts[parts["donor"] != ""].groupby("donor", as_index=False)["amount"].sum()
    by = by[by["amount"] > 0].sort_values("amount", ascending=False, kind="stable").reset_index(drop=True)
    by.insert(1, "name", by["donor"].map(donor_name))
    return by


def monthly_totals(frame: pd.DataFrame, currency: str = "EUR", parts: pd.DataFrame | None = None
                   ) -> pd.DataFrame:
    """Across donors per month (a joint package once, a budget's amount beyond
    its packages in its first month) and the running total: columns month,
    amount, cumulative."""
    parts = _contributions(frame, currency, joint_once=True) if parts is None else parts
    if parts.empty:
        return pd.DataFrame({"month": pd.Series([], dtype="datetime64[ns]"),
                             "amount": pd.Series([], dtype="float64"),
                             "cumulative": pd.Series([], dtype="float64")})
    month = parts["when"].dt.to_period("M")
    by = parts.groupby(month)["amount"].sum()
    full = pd.period_range(by.index.min(), by.index.max(), freq="M")
    by = by.reindex(full, fill_value=0.0)
    return pd.DataFrame({"month": full.to_timestamp(), "amount": by.to_numpy(dtype="float64"),
                         "cumulative": by.cumsum().to_numpy(dtype="float64")})


def category_totals(frame: pd.DataFrame, currency: str = "EUR", parts: pd.DataFrame | None = None
                    ) -> pd.DataFrame:
    """What the money buys across donors (a joint package once): each
    military record's contribution under its categories in equal shares, a
    financial or humanitarian one under its aid type, so the parts sum to the
    headline total. Columns category, amount."""
    parts = _contributions(frame, currency, joint_once=True) if parts is None else parts
    by = _by_part(parts.assign(donor="all"), frame, "categories")
    by = by[by["amount"] > 0].rename(columns={"part": "category"})[["category", "amount"]]
    return by.sort_values("amount", ascending=False, kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class Metric:
    """One headline figure as shown: a label, the value in words and a note."""

    label: str
    value: str
    help: str


def headline_metrics(frame: pd.DataFrame, currency: str = "EUR", headline: dict | None = None) -> list[Metric]:
    """The row of headline figures under the spec's counting rules
    (`totals.headline`)."""
    h = totals.headline(frame, currency) if headline is None else headline
    latest = h["latest"]
    return [
        Metric("Total pledged", format_money(h["total"], currency),
               "Packages and budgets across donors; a joint package once, a year's packages inside "
               "its budget, meeting and running totals left out."),
        Metric("Pledges", f"{h['pledges']:,}", "Records in this view, of every kind."),
        Metric("Donors", f"{h['donors']:,}", "Countries and organisations with a package or budget in the total."),
        Metric("Latest pledge", f"{latest.day} {latest:%b %Y}" if latest else "–",
               "The most recent announcement date in this view."),
    ]


def _headline(frame: pd.DataFrame, total: float) -> dict:
    """`totals.headline` with its total already counted (one pass of the rules, not two)."""
    rows = frame[frame["status"] != "rejected"] if "status" in frame else frame
    counted = rows.loc[rows["kind"].isin(("package", "budget")), "donors"]
    latest = pd.to_datetime(rows["date"]).max()
    return {"total": total, "pledges": len(rows), "donors": len({d for ds in counted for d in ds}),
            "latest": None if pd.isna(latest) else latest.date()}


@dataclass(frozen=True)
class Overview:
    """Everything the Overview page shows for one view, and how many rows it holds."""

    rows: int
    metrics: list[Metric]
    beside: pd.DataFrame
    donors: pd.DataFrame
    months: pd.DataFrame
    categories: pd.DataFrame
    countries: pd.DataFrame
    sources: str = ""


def sources_line(frame: pd.DataFrame) -> str:
    """What a view is drawn from, in one sentence: its pledges, the reports
    they come from and the years those were published, and that it is a
    sample, so a small figure never reads as a donor giving little.

    >>> sources_line(pd.DataFrame({"status": ["confirmed", "confirmed", "rejected"], "sources": [
    ...     [{"source_id": "a", "published": "2022-06-23"}],
    ...     [{"source_id": "a", "published": "2022-06-23"}, {"source_id": "b", "published": "2026-01-05"}],
    ...     [{"source_id": "c", "published": "2027-01-01"}]]}))
    '2 pledges from 2 reports, 2022–2026: a sample of public reports, not a complete count.'
    """
    rows = frame[frame["status"] != "rejected"] if "status" in frame else frame
    reports = {}
    for links in rows["sources"] if "sources" in rows else []:
        for s in links if isinstance(links, list) else []:
            reports[s.get("source_id") or s.get("url") or s.get("path")] = s.get("published") or ""
    years = sorted(p[:4] for p in reports.values() if p)
    span = "" if not years else f", {years[0]}" if years[0] == years[-1] else f", {years[0]}–{years[-1]}"
    n, m = len(rows), len(reports)
    return (f"{counted(n, 'pledge')} from {counted(m, 'report')}{span}: "
            "a sample of public reports, not a complete count.")


def overview(frame: pd.DataFrame, currency: str = "EUR", split: str = "aid_type") -> Overview:
    """The Overview page's data, passing the counting rules over the frame
    twice (per donor; across donors, a joint package once) and sharing them."""
    rows = totals.counted(frame, currency)  # sifted once, counted both ways
    per_donor = totals.contributions(frame, currency, joint_once=False, rows=rows)
    across = totals.contributions(frame, currency, joint_once=True, rows=rows)
    return Overview(
        rows=len(frame),
        metrics=headline_metrics(frame, currency, _headline(frame, float(across["amount"].sum()))),
        beside=beside_rows(frame, currency),
        donors=donor_breakdown(frame, currency, split, per_donor),
        months=monthly_totals(frame, currency, across),
        categories=category_totals(frame, currency, across),
        countries=map_rows(frame, currency, per_donor),
        sources=sources_line(frame),
    )


def _is_country(code: str) -> bool:
    return len(code) == 3 and code.isupper() and donor_name(code) != code


def _donor_names(donors: pd.Series) -> pd.Series:
    """Each record's donors in words ("United Kingdom, Norway"), each list of
    codes named once however many records share it."""
    names: dict[tuple, str] = {}

    def named(ds) -> str:
        key = tuple(ds)
        if key not in names:
            names[key] = ", ".join(donor_name(d) for d in key) or "unknown"
        return names[key]

    return donors.map(named)


def beside_rows(frame: pd.DataFrame, currency: str = "EUR") -> pd.DataFrame:
    """Meeting totals and running totals (`totals.beside`), shown beside the
    sums and never added in: columns date, donors, kind, amount (in `currency`,
    written by `format_money`), stated, quote."""
    rows = totals.beside(frame)
    return pd.DataFrame({
        "date": rows["date"].dt.date.map(_day),
        "donors": rows["donors"].pipe(_donor_names),
        "kind": rows["kind"].map({"aggregate": "total across donors", "cumulative": "running total"}),
        "amount": rows[amount_column(currency)].map(lambda v: format_money(v, currency)),
        "stated": [format_money(a, c) for a, c in zip(rows["amount"], rows["currency"])],
        "quote": rows["quote"],
    })


def map_rows(frame: pd.DataFrame, currency: str = "EUR", parts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Donor countries for the map (groups such as the EU have no outline)."""
    by = donor_totals(frame, currency, parts)
    return by[by["donor"].map(_is_country)].reset_index(drop=True)


def _link(source: dict) -> str | None:
    return web_link(source.get("url"))


# A cell with nothing to show: the same mark as `format_money`'s for no amount.
BLANK = "–"


def _day(value) -> str:
    """A date cell: ISO (so the text sorts by date), or `BLANK` for none."""
    return value.isoformat() if pd.notna(value) else BLANK


def table_rows(frame: pd.DataFrame, currency: str = "EUR", limit: int | None = None) -> pd.DataFrame:
    """The Pledges table: one row per pledge with its quote and sources, the
    amount as stated and in the display currency (both by `format_money`),
    newest first; the newest `limit` rows only, when given (a browser table of
    100,000 rows helps no one). Codes are in words (`label`); an empty cell
    is `BLANK`, never "None". Columns in the order a reviewer reads them: when,
    who, how much, the quote and its source, then the record's codes."""
    frame = frame.sort_values("date", ascending=False, na_position="last", kind="stable")
    if limit is not None:
        frame = frame.head(limit)
    sources = frame["sources"] if "sources" in frame else pd.Series([[]] * len(frame), index=frame.index)
    out = pd.DataFrame({
        "date": frame["date"].dt.date.map(_day),
        "donors": frame["donors"].pipe(_donor_names),
        "stated": [format_money(a, c) for a, c in zip(frame["amount"], frame["currency"])],
        currency: frame[amount_column(currency)].map(lambda v: format_money(v, currency)),
        "quote": frame["quote"].fillna(BLANK),
        # A link column shows an empty cell for "", where None would read "None".
        "source": sources.map(lambda ss: next((_link(s) for s in ss if _link(s)), "")),
        "qualifier": frame["qualifier"].map(label),
        "kind": frame["kind"],
        "aid_type": frame["aid_type"],
        "categories": frame["categories"].map(lambda cs: ", ".join(label(c) for c in cs)),
        "period": frame["period"].fillna(BLANK),
        "reports": sources.map(len),
        "status": view_statuses(frame) if "status" in frame else "extracted",
        "confidence": frame["confidence"] if "confidence" in frame else np.nan,
        "id": frame["id"],
    }, index=frame.index)
    return out.reset_index(drop=True)


def find_pledge(frame: pd.DataFrame, pledge_id: str) -> pd.Series:
    """The row of one pledge by its id."""
    return frame[frame["id"] == pledge_id].iloc[0]


def _review_words(row) -> str:
    """Who checked a record, or how sure the extractor was.

    >>> _review_words({"status": "extracted", "confidence": 0.62})
    'Extracted, confidence 0.62.'
    >>> _review_words({"status": "confirmed", "confidence": 0.5, "reviewed_by": "ann"})
    "Confirmed by ann; the extractor's confidence was 0.50."
    """
    status = row.get("status") or "extracted"
    confidence = row.get("confidence")
    known = confidence is not None and confidence == confidence
    if status == "extracted":
        return f"Extracted, confidence {confidence:.2f}." if known else "Extracted."
    who = f" by {row['reviewed_by']}" if row.get("reviewed_by") else ""
    sure = f"; the extractor's confidence was {confidence:.2f}" if known else ""
    return f"{status.capitalize()}{who}{sure}."


def pledge_detail(row: pd.Series, currency: str = "EUR") -> dict:
    """One pledge for the detail panel: the quote and every report of it."""
    return {
        "title": f"{', '.join(donor_name(d) for d in row['donors']) or 'Unknown donor'}: "
                 f"{format_money(row['amount'], row['currency'])} {row['kind']}",
        "quote": row["quote"],
        "converted": (f"{format_money(row[amount_column(currency)], currency)} at the rate of "
                      f"{row['fx_date']:%d %b %Y}" if pd.notna(row.get("fx_date")) else
                      f"no {currency} rate for {row['currency']}"),
        "review": _review_words(row),
        "evidence": list(row.get("evidence") or []) if isinstance(row.get("evidence"), list) else [],
        "sources": [_source_detail(s) for s in row.get("sources", [])],
    }


def _source_detail(source: dict) -> dict:
    """One report of a pledge as the detail panel lists it: a link when it has
    an address, else its words say where it came from (its file, or nothing
    recorded), never "None".

    >>> _source_detail({"outlet": "Reuters", "path": None})["text"]
    'Reuters (no address or file recorded)'
    >>> _source_detail({"title": "Oslo adds", "published": "2025-04-11", "path": "oslo.html"})["text"]
    'Oslo adds · 2025-04-11 (file oslo.html)'
    """
    parts = [str(x) for x in (source.get("outlet"), source.get("title"), source.get("published")) if x]
    name = " · ".join(parts) or "A report"
    url, path = _link(source), source.get("path")
    where = f"file {path}" if isinstance(path, str) and path else "no address or file recorded"
    return {"label": name, "url": url, "text": name if url else f"{name} ({where})", "quote": source.get("quote")}


