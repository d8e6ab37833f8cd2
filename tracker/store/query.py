"""Reading the store: pledges as a frame (with their status, conflict flag and
every report of them), the articles, and counts.
"""
from __future__ import annotations

import gc
import json
from contextlib import contextmanager
from datetime import date, datetime

import numpy as np
import pandas as pd
from sqlalchemy import String, func, or_, select, type_coerce

from tracker.errors import InputError
from tracker.records.pledge import AID_TYPES, CATEGORIES, KINDS, VIEW_STATUSES, review_bar
from tracker.store.schema import (LOAD_COLUMNS, Store, _database_errors, history, pledge_donors, pledge_sources,
                                  pledges, sources)


def _codes(value) -> list[str] | None:
    """A filter given as a list or a comma-separated string."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.split(",")
    out = [v.strip() for v in value if v and v.strip()]
    return out or None


def _day(value, name: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"bad {name} date {value!r}: give it as YYYY-MM-DD") from None


def _status_clause(status: str, bar: float):
    """A view status as SQL: 'pending' is an extracted record below the review bar."""
    c = pledges.c
    if status == "pending":
        return (c.status == "extracted") & (c.confidence < bar)
    if status == "extracted":
        return (c.status == "extracted") & or_(c.confidence.is_(None), c.confidence >= bar)
    return c.status == status


def _filters(donors, since, until, aid_types, kinds, categories, statuses, include_rejected, bar=None) -> list:
    where = [pledges.c.merged_into.is_(None)]  # a pledge merged into another is that one now
    donors = _codes(donors)
    if donors:
        # A joint pledge matches any of its donors.
        where.append(pledges.c.id.in_(select(pledge_donors.c.pledge_id)
                                      .where(pledge_donors.c.donor.in_([d.upper() for d in donors]))))
    since, until = _day(since, "since"), _day(until, "until")
    if since and until and since > until:
        raise InputError(f"since {since} is after until {until}")
    if since:
        where.append(pledges.c.event_date >= since)
    if until:
        where.append(pledges.c.event_date <= until)
    for column, chosen, allowed in ((pledges.c.aid_type, aid_types, AID_TYPES), (pledges.c.kind, kinds, KINDS),
                                    (pledges.c.status, statuses, VIEW_STATUSES)):
        chosen = _codes(chosen)
        if chosen:
            unknown = sorted(set(chosen) - set(allowed))
            if unknown:
                raise InputError(f"unknown {column.name} {', '.join(unknown)}: choose from {', '.join(allowed)}")
            if column is pledges.c.status:
                bar = review_bar() if bar is None else bar
                where.append(or_(*[_status_clause(s, bar) for s in chosen]))
            else:
                where.append(column.in_(chosen))
    chosen = _codes(categories)
    if chosen:
        unknown = sorted(set(chosen) - set(CATEGORIES))
        if unknown:
            raise InputError(f"unknown categories {', '.join(unknown)}: choose from {', '.join(CATEGORIES)}")
        wrapped = ";" + pledges.c.categories + ";"
        where.append(or_(*[wrapped.like(f"%;{c};%") for c in chosen]))
    if not include_rejected and not (_codes(statuses) and "rejected" in _codes(statuses)):
        where.append(pledges.c.status != "rejected")
    return where


def _to_dates(values) -> pd.Series:
    """Dates as stored (ISO text from SQLite, date objects from PostgreSQL) as
    datetime64; None becomes NaT.

    >>> _to_dates(["2024-03-01", None]).tolist()
    [Timestamp('2024-03-01 00:00:00'), NaT]
    """
    days = np.array(values, dtype="datetime64[D]") if len(values) else np.array([], dtype="datetime64[D]")
    return pd.Series(days.astype("datetime64[us]"))


def _split(values) -> list[list[str]]:
    """';'-joined codes as a fresh list per row (rows never share a list)."""
    return [v.split(";") if v else [] for v in values]


@contextmanager
def _no_gc():
    """The cyclic garbage collector paused while a read builds some 100,000
    lists and dicts (none of them cyclic): each collection it would start
    walks every one of them again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _driver_rows(conn, query) -> list[tuple]:
    """A query's rows as the driver returns them: plain tuples, none of
    SQLAlchemy's row objects (a 100,000-row read spent a third of its time
    building them). SQLAlchemy still compiles and binds the query."""
    result = conn.execute(query)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _reports(link_rows: list[tuple]) -> tuple[dict, dict]:
    """Each pledge's reports as dicts, first report first, and its report
    addresses ("; "-joined, each once), keyed by pledge id."""
    by_pledge: dict[str, list[dict]] = {}
    for pid, url, title, outlet, published, path, quote, start, end, src in link_rows:
        report = {"url": url, "title": title, "outlet": outlet, "published": str(published)[:10],
                  "quote": quote, "start": start, "end": end, "path": path, "source_id": src}
        reports = by_pledge.get(pid)
        if reports is None:
            by_pledge[pid] = [report]
        else:
            reports.append(report)
    urls = {}
    for pid, reports in by_pledge.items():
        if len(reports) == 1:
            r = reports[0]
            urls[pid] = r["url"] or r["path"] or ""
        else:
            reports.sort(key=lambda r: (r["published"], r["source_id"], r["start"]))
            urls[pid] = "; ".join(dict.fromkeys(r["url"] or r["path"] for r in reports if r["url"] or r["path"]))
    return by_pledge, urls


@_database_errors
def load_pledges(store: Store, donors=None, since=None, until=None, aid_types=None, kinds=None,
                 categories=None, statuses=None, include_rejected: bool = False,
                 bar: float | None = None) -> pd.DataFrame:
    """The stored pledges as a frame: the columns of `FRAME_COLUMNS` plus
    `status`, `conflict`, `sources` (every report: url, title, outlet,
    published, quote, start, end), `source_urls`, `confidence`, `evidence`,
    `reviewed_by`, `review_note` and `version`. Filters combine with AND; a
    list filter matches any of its values; dates filter the announcement date
    (the first report's day when the text gives none); statuses are those of
    `VIEW_STATUSES`, 'pending' being an extracted record below the review bar
    (`bar`, else the setting). Rejected pledges are left out unless asked for."""
    where = _filters(donors, since, until, aid_types, kinds, categories, statuses, include_rejected, bar)
    c = pledges.c
    # Dates come back untyped (text from SQLite) and are parsed in one vectorised step.
    cols = [c.id, c.donors, c.recipient, c.amount, c.currency, c.qualifier, c.kind, c.aid_type, c.categories,
            type_coerce(c.date, String).label("date"), c.period, c.part_of, c.quote, c.start, c.end,
            c.amount_eur, c.amount_usd, c.amount_gbp, type_coerce(c.fx_date, String).label("fx_date"),
            c.status, c.conflict, c.confidence, c.evidence, c.reviewed_by, c.review_note, c.version]
    names = [col.name for col in cols]
    query = select(*cols).where(*where).order_by(c.event_date, c.id)
    # Unsorted: most pledges have one report; the few with more are sorted below.
    links = (select(pledge_sources.c.pledge_id, sources.c.url, sources.c.title, sources.c.outlet,
                    type_coerce(sources.c.published, String).label("published"), sources.c.path,
                    pledge_sources.c.quote, pledge_sources.c.start, pledge_sources.c.end, sources.c.id)
             .join(sources, sources.c.id == pledge_sources.c.source_id))
    if any(v is not None for v in (donors, since, until, aid_types, kinds, categories, statuses)):
        links = links.join(pledges, pledges.c.id == pledge_sources.c.pledge_id).where(*where)
    # else every link is read (faster than joining the pledges); a rejected pledge's are never looked up
    with store.engine.connect() as conn, _no_gc():
        if conn.dialect.name == "postgresql":  # both queries see one snapshot (SQLite's transaction does)
            conn.execution_options(isolation_level="REPEATABLE READ")
        rows = _driver_rows(conn, query)
        link_rows = _driver_rows(conn, links)
        data = dict(zip(names, zip(*rows))) if rows else {n: () for n in names}
        del rows
        reports, urls = _reports(link_rows)
        del link_rows
        frame = _pledge_frame(data, reports, urls)
    return frame


def _pledge_frame(data: dict, reports: dict, urls: dict) -> pd.DataFrame:
    pids = data["id"]
    return pd.DataFrame({
        "id": pd.Series(pids, dtype="str"),
        "donors": _split(data["donors"]),
        "recipient": pd.Series(data["recipient"], dtype="str"),
        "amount": pd.Series(data["amount"], dtype="float64"),
        "currency": pd.Series(data["currency"], dtype="str"),
        "qualifier": pd.Series(data["qualifier"], dtype="str"),
        "kind": pd.Series(data["kind"], dtype="str"),
        "aid_type": pd.Series(data["aid_type"], dtype="str"),
        "categories": _split(data["categories"]),
        "date": _to_dates(data["date"]),
        "period": pd.Series(data["period"], dtype="object"),
        "part_of": pd.Series(data["part_of"], dtype="object"),
        "quote": pd.Series(data["quote"], dtype="str"),
        "start": pd.Series(data["start"], dtype="int64"),
        "end": pd.Series(data["end"], dtype="int64"),
        "amount_eur": pd.Series(data["amount_eur"], dtype="float64"),
        "amount_usd": pd.Series(data["amount_usd"], dtype="float64"),
        "amount_gbp": pd.Series(data["amount_gbp"], dtype="float64"),
        "fx_date": _to_dates(data["fx_date"]),
        "status": pd.Series(data["status"], dtype="str"),
        "conflict": pd.Series(data["conflict"], dtype="bool"),
        "sources": pd.Series([reports.get(pid, []) for pid in pids], dtype="object"),
        "source_urls": pd.Series([urls.get(pid, "") for pid in pids], dtype="str"),
        "confidence": pd.Series([np.nan if v is None else v for v in data["confidence"]], dtype="float64"),
        "evidence": [json.loads(v) if v else [] for v in data["evidence"]],
        "reviewed_by": pd.Series(data["reviewed_by"], dtype="object"),
        "review_note": pd.Series([v or "" for v in data["review_note"]], dtype="str"),
        "version": pd.Series(data["version"], dtype="int64"),
    }, columns=list(LOAD_COLUMNS))


@_database_errors
def load_sources(store: Store) -> pd.DataFrame:
    """The stored articles, newest first: id, url, title, outlet, published,
    path, ingested_at and how many pledges cite each."""
    cited = (select(pledge_sources.c.source_id, func.count(func.distinct(pledge_sources.c.pledge_id)).label("n"))
             .group_by(pledge_sources.c.source_id).subquery())
    q = (select(sources.c.id, sources.c.url, sources.c.title, sources.c.outlet, sources.c.published,
                sources.c.path, sources.c.ingested_at, func.coalesce(cited.c.n, 0).label("pledges"))
         .outerjoin(cited, cited.c.source_id == sources.c.id)
         .order_by(sources.c.published.desc(), sources.c.id))
    with store.engine.connect() as conn:
        rows = conn.execute(q).all()
    frame = pd.DataFrame(rows, columns=["id", "url", "title", "outlet", "published", "path", "ingested_at",
                                        "pledges"])
    frame["published"] = pd.to_datetime(frame["published"])
    frame["ingested_at"] = pd.to_datetime(frame["ingested_at"], utc=True)
    return frame.astype({"pledges": "int64"})


@_database_errors
def count_sources(store: Store) -> int:
    """How many articles the store holds."""
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(sources)).scalar_one()


@_database_errors
def data_version(store: Store) -> tuple[int, int, int]:
    """What changes whenever the store's data does: the articles, the pledges
    (rejected ones too) and the last history entry (every correction writes one)."""
    with store.engine.connect() as conn:
        articles = conn.execute(select(func.count()).select_from(sources)).scalar_one()
        stored = conn.execute(select(func.count()).select_from(pledges)
                              .where(pledges.c.merged_into.is_(None))).scalar_one()
        last = conn.execute(select(func.max(history.c.id))).scalar_one()
    return articles, stored, last or 0


@_database_errors
def count_pledges(store: Store, include_rejected: bool = False) -> int:
    """How many pledges the store holds (rejected ones only when asked)."""
    q = select(func.count()).select_from(pledges).where(pledges.c.merged_into.is_(None))
    if not include_rejected:
        q = q.where(pledges.c.status != "rejected")
    with store.engine.connect() as conn:
        return conn.execute(q).scalar_one()
