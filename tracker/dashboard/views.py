"""What each dashboard page shows, built from a `load_pledges` frame: headline
figures, chart data, table rows, the sources list and the highlighted article.

Pure functions over frames; the counting is `tracker.counting.totals`'s. No Streamlit here.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

from tracker.counting import totals
from tracker.dashboard.charts import format_money
from tracker.dashboard.filters import donor_name, label
from tracker.extract.money import extract_amounts
from tracker.records.pledge import Pledge

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
    equal shares: columns donor, part, amount."""
    if parts.empty:
        return pd.DataFrame({"donor": pd.Series([], dtype="object"), "part": pd.Series([], dtype="object"),
                             "amount": pd.Series([], dtype="float64")})
    source = frame.loc[parts["record"].to_numpy(), "aid_type" if split == "aid_type" else "categories"]
    out = pd.DataFrame({"donor": parts["donor"].astype("object").to_numpy(), "part": source.to_numpy(),
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
    record's contribution under its categories in equal shares, so the
    categories sum to the headline total. Columns category, amount."""
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
    """Everything the Overview page shows for one view."""

    metrics: list[Metric]
    beside: pd.DataFrame
    donors: pd.DataFrame
    months: pd.DataFrame
    categories: pd.DataFrame
    countries: pd.DataFrame


def overview(frame: pd.DataFrame, currency: str = "EUR", split: str = "aid_type") -> Overview:
    """The Overview page's data, passing the counting rules over the frame
    twice (per donor; across donors, a joint package once) and sharing them."""
    rows = totals.counted(frame, currency)  # sifted once, counted both ways
    per_donor = totals.contributions(frame, currency, joint_once=False, rows=rows)
    across = totals.contributions(frame, currency, joint_once=True, rows=rows)
    countries = donor_totals(frame, currency, per_donor)
    return Overview(
        metrics=headline_metrics(frame, currency, _headline(frame, float(across["amount"].sum()))),
        beside=beside_rows(frame, currency),
        donors=donor_breakdown(frame, currency, split, per_donor),
        months=monthly_totals(frame, currency, across),
        categories=category_totals(frame, currency, across),
        countries=countries[countries["donor"].map(_is_country)].reset_index(drop=True),
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
    sums and never added in: columns date, donors, kind, amount, stated, quote."""
    rows = totals.beside(frame)
    return pd.DataFrame({
        "date": rows["date"].dt.date,
        "donors": rows["donors"].pipe(_donor_names),
        "kind": rows["kind"].map({"aggregate": "total across donors", "cumulative": "running total"}),
        "amount": rows[amount_column(currency)],
        "stated": [format_money(a, c) + ("" if c in ("EUR", "USD", "GBP") else f" ({c})")
                   for a, c in zip(rows["amount"], rows["currency"])],
        "quote": rows["quote"],
    })


def map_rows(frame: pd.DataFrame, currency: str = "EUR") -> pd.DataFrame:
    """Donor countries for the map (groups such as the EU have no outline)."""
    by = donor_totals(frame, currency)
    return by[by["donor"].map(_is_country)].reset_index(drop=True)


def _link(source: dict) -> str | None:
    url = source.get("url")
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None


def table_rows(frame: pd.DataFrame, currency: str = "EUR", limit: int | None = None) -> pd.DataFrame:
    """The Pledges table: one row per pledge with its quote and sources, the
    amount as stated and in the display currency, newest first; the newest
    `limit` rows only, when given (a browser table of 100,000 rows helps no one)."""
    frame = frame.sort_values("date", ascending=False, na_position="last", kind="stable")
    if limit is not None:
        frame = frame.head(limit)
    sources = frame["sources"] if "sources" in frame else pd.Series([[]] * len(frame), index=frame.index)
    out = pd.DataFrame({
        "date": frame["date"].dt.date,
        "donors": frame["donors"].pipe(_donor_names),
        "stated": [format_money(a, c) + ("" if c in ("EUR", "USD", "GBP") else f" ({c})")
                   for a, c in zip(frame["amount"], frame["currency"])],
        "qualifier": frame["qualifier"].map(label),
        currency: frame[amount_column(currency)],
        "kind": frame["kind"],
        "aid_type": frame["aid_type"],
        "categories": frame["categories"].map(lambda cs: ", ".join(label(c) for c in cs)),
        "period": frame["period"],
        "quote": frame["quote"],
        "source": sources.map(lambda ss: next((_link(s) for s in ss if _link(s)), None)),
        "reports": sources.map(len),
        "status": frame["status"] if "status" in frame else "extracted",
        "id": frame["id"],
    }, index=frame.index)
    return out.reset_index(drop=True)


def source_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Every article behind the pledges in view: columns published, outlet,
    title, url, pledges (how many of the view's pledges it reports)."""
    seen: dict[tuple, dict] = {}
    for links in frame.get("sources", pd.Series([], dtype="object")):
        for s in links:
            key = (s.get("url") or s.get("path"), s.get("published"))
            row = seen.setdefault(key, {"published": s.get("published"), "outlet": s.get("outlet"),
                                        "title": s.get("title"), "url": _link(s),
                                        "file": None if _link(s) else s.get("path"), "pledges": 0})
            row["pledges"] += 1
    out = pd.DataFrame(list(seen.values()), columns=["published", "outlet", "title", "url", "file", "pledges"])
    return out.sort_values("published", ascending=False, kind="stable").reset_index(drop=True)


def find_pledge(frame: pd.DataFrame, pledge_id: str) -> pd.Series:
    """The row of one pledge by its id."""
    return frame[frame["id"] == pledge_id].iloc[0]


def pledge_detail(row: pd.Series, currency: str = "EUR") -> dict:
    """One pledge for the detail panel: the quote and every report of it."""
    return {
        "title": f"{', '.join(donor_name(d) for d in row['donors']) or 'Unknown donor'}: "
                 f"{format_money(row['amount'], row['currency'])} {row['kind']}",
        "quote": row["quote"],
        "converted": (f"{format_money(row[amount_column(currency)], currency)} at the rate of "
                      f"{row['fx_date']:%d %b %Y}" if pd.notna(row.get("fx_date")) else
                      f"no {currency} rate for {row['currency']}"),
        "sources": [{"label": " · ".join(str(x) for x in (s.get("outlet"), s.get("title"), s.get("published")) if x),
                     "url": _link(s), "file": None if _link(s) else s.get("path"), "quote": s.get("quote")}
                    for s in row.get("sources", [])],
    }


def _record_spans(text: str, records: list[Pledge]) -> list[tuple[int, int, str]]:
    """(start, end, kind) spans to mark: each record's amount within its
    quote ("record N"), every other amount in the text ("amount")."""
    spans = []
    taken = set()
    amounts = extract_amounts(text)
    for n, p in enumerate(records, 1):
        lo, hi = (p.start, p.end) if p.end > p.start else (0, len(text))
        for i, a in enumerate(amounts):
            if i in taken or a.start < lo or a.end > hi:
                continue
            if a.currency == p.currency and abs(a.value - float(p.amount)) <= 0.005 * max(abs(p.amount), 1):
                spans.append((a.start, a.end, f"record {n}"))
                taken.add(i)
                break
    spans += [(a.start, a.end, "amount") for i, a in enumerate(amounts) if i not in taken]
    return sorted(spans)


def highlight_html(text: str, records: list[Pledge]) -> str:
    """The article as escaped HTML with each record's amount marked and
    numbered, and other amounts underlined: markup in the text stays text.

    >>> highlight_html("<b>£5m</b> & more", [Pledge(["GBR"], 5e6, "GBP")])
    '<div class="article">&lt;b&gt;<mark title="record 1">£5m</mark><sup>1</sup>&lt;/b&gt; &amp; more</div>'
    """
    out, pos = [], 0
    for start, end, kind in _record_spans(text, records):
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        piece = html.escape(text[start:end])
        if kind == "amount":
            out.append(f'<u title="an amount that is not a record">{piece}</u>')
        else:
            out.append(f'<mark title="{kind}">{piece}</mark><sup>{kind.split()[1]}</sup>')
        pos = end
    out.append(html.escape(text[pos:]))
    body = "".join(out).replace("\n", "<br>")
    return f'<div class="article">{body}</div>'


def read_upload(name: str, data: bytes):
    """An uploaded file as an Article: HTML by its suffix or first tag, else text."""
    from pathlib import PurePath

    from tracker.reading.files import HTML_SUFFIXES, read_bytes

    is_html = True if PurePath(name).suffix.lower() in HTML_SUFFIXES else None
    article = read_bytes(data, name, html=is_html)
    article.path = name
    return article


@dataclass
class Draft:
    """An article read on the Add page and the records found in it, waiting
    for the user to check them before anything is saved."""

    article: object
    published: date
    records: list[Pledge]

    @property
    def key(self) -> str:
        """Stable across reruns and removals: the text's own hash."""
        import hashlib

        return hashlib.sha256(self.article.text.encode()).hexdigest()[:12]

    @property
    def name(self) -> str:
        a = self.article
        return a.title or a.path or a.url or f"Pasted text ({len(a.text):,} characters)"


def make_draft(article, published: date | None) -> Draft:
    """Read the records in an article for review. The page's date is used
    when the article has none of its own; with neither, a clear error."""
    from tracker.errors import InputError
    from tracker.extract.decide import extract_pledges

    when = article.published or published
    if when is None:
        raise InputError(f"{article.path or article.url or 'the pasted text'} has no publication date: "
                         "give it in the date box")
    if not article.text.strip():
        raise InputError(f"{article.path or article.url or 'the pasted text'} has no text")
    return Draft(article=article, published=when, records=extract_pledges(article.text, published=when))


EDIT_COLUMNS = ("keep", "donors", "amount", "currency", "qualifier", "kind", "aid_type", "categories",
                "date", "period", "quote")


def records_to_rows(records: list[Pledge]) -> pd.DataFrame:
    """Extracted records as rows the user edits: lists as ';'-joined codes and
    a `keep` column (confirm, reject)."""
    return pd.DataFrame({
        "keep": ["confirm"] * len(records),
        "donors": [";".join(p.donors) for p in records],
        "amount": pd.Series([float(p.amount) for p in records], dtype="float64"),
        "currency": pd.Series([p.currency for p in records], dtype="object"),
        "qualifier": pd.Series([p.qualifier for p in records], dtype="object"),
        "kind": pd.Series([p.kind for p in records], dtype="object"),
        "aid_type": pd.Series([p.aid_type for p in records], dtype="object"),
        "categories": [";".join(p.categories) for p in records],
        "date": pd.Series([p.date for p in records], dtype="object"),
        "period": pd.Series([p.period for p in records], dtype="object"),
        "quote": pd.Series([p.quote for p in records], dtype="object"),
    }, columns=list(EDIT_COLUMNS))


def rows_to_records(rows: pd.DataFrame, originals: list[Pledge], text: str) -> tuple[list[Pledge], list[str]]:
    """The user's edited rows back as records with their statuses: 'confirmed'
    when unchanged, 'edited' when changed, 'rejected' when the user said so.
    A quote edited to a sentence of the text keeps its place in the text."""
    from tracker.errors import InputError
    from tracker.records.pledge import AID_TYPES as _A, CATEGORIES, KINDS, QUALIFIERS

    records, statuses = [], []
    for i, row in enumerate(rows.to_dict("records")):
        n = i + 1

        def codes(value) -> list[str]:
            return [c.strip() for c in str(value or "").replace(",", ";").split(";") if c.strip()]

        donors = [c.upper() for c in codes(row["donors"])]
        categories = codes(row["categories"]) or ["general"]
        for name, value, allowed in (("qualifier", row["qualifier"], QUALIFIERS), ("kind", row["kind"], KINDS),
                                     ("aid type", row["aid_type"], _A)):
            if value not in allowed:
                raise InputError(f"record {n}: {name} {value!r} is not one of {', '.join(allowed)}")
        bad = [c for c in categories if c not in CATEGORIES]
        if bad:
            raise InputError(f"record {n}: unknown category {', '.join(bad)}")
        try:
            amount = float(row["amount"])
        except (TypeError, ValueError):
            raise InputError(f"record {n}: the amount must be a number") from None
        if not amount > 0:
            raise InputError(f"record {n}: the amount must be more than zero")
        currency = str(row["currency"] or "").strip().upper()
        if len(currency) != 3 or not currency.isalpha():
            raise InputError(f"record {n}: the currency must be an ISO 4217 code such as EUR")
        when = row["date"]
        if isinstance(when, datetime):  # pandas' Timestamp too
            when = when.date()
        elif isinstance(when, str):
            try:
                when = date.fromisoformat(when.strip()) if when.strip() else None
            except ValueError:
                raise InputError(f"record {n}: the date must be YYYY-MM-DD") from None
        elif not isinstance(when, date):
            when = None
        period = row["period"] if isinstance(row["period"], str) and row["period"].strip() else None
        quote = str(row["quote"] or "")
        original = originals[i] if i < len(originals) else None
        start, end = (original.start, original.end) if original and original.quote == quote else (0, 0)
        if (start, end) == (0, 0) and quote and quote in text:
            start = text.index(quote)
            end = start + len(quote)
        record = Pledge(donors=donors, amount=amount, currency=currency, qualifier=row["qualifier"],
                        kind=row["kind"], aid_type=row["aid_type"], categories=categories, date=when,
                        period=period, quote=quote, start=start, end=end,
                        part_of=original.part_of if original else None)
        records.append(record)
        if row["keep"] == "reject":
            statuses.append("rejected")
        elif original is not None and record.to_dict() == original.to_dict():
            statuses.append("confirmed")
        else:
            statuses.append("edited")
    return records, statuses
