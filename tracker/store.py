"""The pledge store: sources, pledges, their links and the history of every
correction, in SQLite (default) or PostgreSQL through SQLAlchemy 2 Core.

The only module that speaks SQL. It saves records as extract built them and
never edits a value without writing the old one to the history table.
"""
from __future__ import annotations

import functools
import gc
import hashlib
import json
import math
import numbers
import os
import re
import time
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import (Boolean, CheckConstraint, Column, Date, DateTime, Double, ForeignKey,
                        Index, Integer, MetaData, String, Table, Text, create_engine, event,
                        func, insert, or_, select, type_coerce, update)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError, SQLAlchemyError

from tracker.errors import InputError, TrackerError
from tracker.pledge import AID_TYPES, CATEGORIES, FRAME_COLUMNS, KINDS, QUALIFIERS, Pledge
from tracker.sources import Article, article_paths, load_article

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_ROOT / "data" / "tracker.db"
STATUSES = ("extracted", "confirmed", "edited", "rejected")
# "same donors, currency and kind, amounts within 1 %, dates within 7 days"
MERGE_TOLERANCE = 0.01
MERGE_DAYS = 7
BUSY_TIMEOUT_MS = 30_000
# One advisory lock serialises ingests on PostgreSQL, as BEGIN IMMEDIATE does on SQLite.
_PG_INGEST_LOCK = 0x7ACE_5107E
LOAD_COLUMNS = FRAME_COLUMNS + ("status", "conflict", "sources", "source_urls")
# What `update_pledge` may change; everything else (id, links, status) has its own function.
EDITABLE = ("donors", "recipient", "amount", "currency", "qualifier", "kind", "aid_type",
            "categories", "date", "period", "quote")

metadata = MetaData()

sources = Table(
    "sources", metadata,
    Column("id", String(16), primary_key=True),  # hash of the normalised text
    Column("url", Text),
    Column("title", Text),
    Column("outlet", Text),
    Column("published", Date, nullable=False),
    Column("path", Text),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

pledges = Table(
    "pledges", metadata,
    Column("id", String(16), primary_key=True),
    Column("donors", Text, nullable=False),      # "GBR;NOR", in the order stated
    Column("donor_key", Text, nullable=False),   # sorted, for matching reports
    Column("recipient", String(8), nullable=False),
    Column("amount", Double, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("qualifier", String(10), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("aid_type", String(12), nullable=False),
    Column("categories", Text, nullable=False),  # "air_defence;drones"
    Column("date", Date),
    # The announcement date, else the first report's publication day: what
    # matching and date filters use, so an undated pledge is never lost.
    Column("event_date", Date, nullable=False),
    Column("period", String(9)),
    Column("part_of", String(16)),               # the id of the whole this is a part of
    Column("quote", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("amount_eur", Double),
    Column("amount_usd", Double),
    Column("amount_gbp", Double),
    Column("fx_date", Date),
    Column("status", String(9), nullable=False),
    Column("conflict", Boolean, nullable=False, default=False),
    Column("source_id", String(16), ForeignKey("sources.id"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    CheckConstraint(f"status IN {STATUSES}", name="pledge_status"),
    CheckConstraint(f"kind IN {KINDS}", name="pledge_kind"),
    Index("pledges_donor_day", "donor_key", "event_date"),  # what merging looks up
    Index("pledges_event_date", "event_date"),
)

pledge_sources = Table(
    "pledge_sources", metadata,
    Column("pledge_id", String(16), ForeignKey("pledges.id"), primary_key=True),
    Column("source_id", String(16), ForeignKey("sources.id"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, nullable=False),
    Column("quote", Text, nullable=False),
    Index("pledge_sources_source", "source_id"),
)

pledge_donors = Table(
    "pledge_donors", metadata,
    Column("pledge_id", String(16), ForeignKey("pledges.id"), primary_key=True),
    Column("donor", String(8), primary_key=True),
    Index("pledge_donors_donor", "donor", "pledge_id"),
)

history = Table(
    "history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("pledge_id", String(16), ForeignKey("pledges.id"), nullable=False, index=True),
    Column("what", String(16), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("before", Text, nullable=False),
    Column("after", Text, nullable=False),
)


@dataclass
class Store:
    """An open store: its SQLAlchemy engine and the URL it was opened with."""

    engine: Engine
    url: str

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@dataclass
class IngestResult:
    """What one article's ingest did: `duplicate` means the same article was
    already stored and nothing was added; `merged` counts pledges that joined
    a pledge reported by another outlet; `conflicts` counts new pledges that
    disagree with another outlet's report of the same donor and day."""

    source_id: str
    duplicate: bool = False
    added: int = 0
    merged: int = 0
    conflicts: int = 0
    pledge_ids: list[str] = field(default_factory=list)  # per record given: its stored pledge
    added_ids: list[str] = field(default_factory=list)   # the pledges this article created
    name: str = ""
    warnings: list[str] = field(default_factory=list)  # the article's own ("not UTF-8; read as Windows-1252")

    def describe(self) -> str:
        """One line for the command line."""
        if self.duplicate:
            return f"{self.name}: already stored (source {self.source_id}); nothing added"
        return (f"{self.name}: source {self.source_id}: {self.added} added, {self.merged} merged "
                f"with other reports, {self.conflicts} in conflict")


# -- opening ---------------------------------------------------------------

def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Leave BEGIN to us (see _sqlite_begin): the driver's own implicit BEGIN is deferred.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(conn) -> None:
    # A writer takes the write lock at BEGIN: two ingesting processes then
    # queue on the busy timeout instead of failing when a read turns into a write.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("writing") else "BEGIN")


def _resolve_url(url: str | None) -> str:
    """The SQLAlchemy URL to open: a plain file path means an SQLite file."""
    url = url or os.environ.get("TRACKER_DB") or str(DEFAULT_DB)
    return url if "://" in url else f"sqlite:///{Path(url).expanduser()}"


def _shown(url: str) -> str:
    """A URL fit for a message: its password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url


def open_store(url: str | None = None) -> Store:
    """Open (and create on first use) the store at an SQLAlchemy URL or an
    SQLite file path; without one, `TRACKER_DB`, else data/tracker.db. An
    SQLite file is used in WAL mode with a busy timeout."""
    url = _resolve_url(url)
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
    except (ArgumentError, NoSuchModuleError, ValueError) as e:
        raise InputError(f"cannot use database URL {_shown(url)!r}: {e}") from None
    except OSError as e:
        raise InputError(f"cannot create the database folder for {_shown(url)!r}: {e.strerror}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    store = Store(engine=engine, url=url)
    try:
        _create_tables(store)
    except SQLAlchemyError as e:
        engine.dispose()
        raise InputError(f"cannot open the store at {_shown(url)!r}: "
                         f"{str(getattr(e, 'orig', e)).strip().splitlines()[0]}") from None
    return store


def _create_tables(store: Store) -> None:
    """The schema, created if missing. SQLite can answer "database is locked" at once, without
    waiting out the busy timeout, to a connection that switches a file another process is
    creating into WAL mode; that is tried again, for as long as the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            with _writing(store) as conn:
                metadata.create_all(conn)
            return
        except OperationalError as e:
            if store.engine.dialect.name != "sqlite" or "locked" not in str(e.orig) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@contextmanager
def _writing(store: Store):
    """A write transaction that no other writer interleaves with."""
    with store.engine.connect() as conn:
        conn.execution_options(writing=True)
        with conn.begin():
            if store.engine.dialect.name == "postgresql":
                conn.execute(select(func.pg_advisory_xact_lock(_PG_INGEST_LOCK)))
            yield conn


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _database_errors(function):
    """A database failure (unreachable, locked past the busy timeout, full
    disk) becomes a `TrackerError` with one sentence; the transaction it
    interrupted has rolled back."""
    @functools.wraps(function)
    def guarded(store, *args, **kwargs):
        try:
            return function(store, *args, **kwargs)
        except DBAPIError as e:
            first = str(e.orig).strip().splitlines()[0] if str(e.orig).strip() else type(e.orig).__name__
            raise TrackerError(f"the store at {_shown(store.url)} failed: {first}") from None
    return guarded


# -- ingest ----------------------------------------------------------------

def normalise_text(text: str) -> str:
    """The text an article's identity is taken from: Unicode NFC, every run of
    whitespace (no-break spaces too) one space, no outer space.

    >>> normalise_text("£450\\u00a0million  package\\n")
    '£450 million package'
    """
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def source_id(text: str) -> str:
    """The id of an article: a hash of its normalised text, so the same
    article read twice (or re-spaced) is one source.

    >>> source_id("A  text.") == source_id("A text.")
    True
    """
    return hashlib.sha256(normalise_text(text).encode()).hexdigest()[:16]


def _check_pledges(pledges_: list[Pledge], statuses: list[str] | None) -> list[str]:
    """Every record valid before anything is written, or InputError naming it."""
    if statuses is None:
        statuses = ["extracted"] * len(pledges_)
    if len(statuses) != len(pledges_):
        raise InputError(f"{len(statuses)} statuses given for {len(pledges_)} pledges")
    for i, (p, status) in enumerate(zip(pledges_, statuses)):
        _check_values({f: getattr(p, f) for f in EDITABLE}, f"pledge {i + 1}")
        if not (isinstance(p.start, numbers.Integral) and isinstance(p.end, numbers.Integral)
                and 0 <= p.start <= p.end):
            raise InputError(f"pledge {i + 1}: start {p.start!r} and end {p.end!r} do not locate its quote")
        if status not in STATUSES:
            raise InputError(f"pledge {i + 1}: status {status!r} is not one of {', '.join(STATUSES)}")
        if p.part_of is not None and not (isinstance(p.part_of, int) and 0 <= p.part_of < len(pledges_)
                                          and p.part_of != i):
            raise InputError(f"pledge {i + 1}: part_of {p.part_of!r} is not another record of the article")
    return list(statuses)


_PERIOD = re.compile(r"\d{4}(-\d{4})?")


def _check_values(values: dict, name: str) -> None:
    """Spec-valid field values, or InputError with one sentence."""
    def bad(field_, why):
        raise InputError(f"{name}: {field_} {values[field_]!r} {why}")

    for key, allowed in (("qualifier", QUALIFIERS), ("kind", KINDS), ("aid_type", AID_TYPES)):
        if key in values and values[key] not in allowed:
            bad(key, f"is not one of {', '.join(allowed)}")
    if "amount" in values:
        a = values["amount"]
        if isinstance(a, bool) or not isinstance(a, numbers.Real) or not math.isfinite(a) or a <= 0:
            bad("amount", "is not a positive number")
    if "currency" in values and not (isinstance(values["currency"], str)
                                     and re.fullmatch(r"[A-Z]{3}", values["currency"])):
        bad("currency", "is not an ISO 4217 code such as EUR")
    if "donors" in values and not (isinstance(values["donors"], list) and all(
            isinstance(d, str) and re.fullmatch(r"[A-Z0-9]{2,8}", d) for d in values["donors"])):
        bad("donors", "is not a list of codes such as ['GBR', 'NOR']")
    if "recipient" in values and not (isinstance(values["recipient"], str)
                                      and re.fullmatch(r"[A-Z0-9]{2,8}", values["recipient"])):
        bad("recipient", "is not a code such as UKR")
    if "categories" in values and not (isinstance(values["categories"], list) and values["categories"]
                                       and all(c in CATEGORIES for c in values["categories"])):
        bad("categories", f"is not a non-empty list from {', '.join(CATEGORIES)}")
    if "date" in values and values["date"] is not None and not isinstance(values["date"], date):
        bad("date", "is not a date")
    if "period" in values and values["period"] is not None and not (
            isinstance(values["period"], str) and _PERIOD.fullmatch(values["period"])):
        bad("period", "is not YYYY or YYYY-YYYY")
    if "quote" in values and not isinstance(values["quote"], str):
        bad("quote", "is not text")


def _normalised(rows: list[dict]) -> None:
    """Add amount_eur/usd/gbp and fx_date to pledge rows, at the rate of each
    row's announcement date (else its publication day): computed once, here,
    row by row as `tracker.fx.normalise_frame` does it (a test holds the two
    equal), without a frame per article."""
    from tracker.fx import TARGETS, euro_rate
    from tracker.errors import UnknownRateError

    for row in rows:
        on = row["event_date"]
        try:
            per_eur, day = euro_rate(row["currency"], on)
        except UnknownRateError:  # "UAH stays unconverted": empty, never invented
            row.update(amount_eur=None, amount_usd=None, amount_gbp=None, fx_date=None)
            continue
        eur = float(row["amount"]) / per_eur
        days = [day]
        for target in TARGETS:
            t_rate, t_day = euro_rate(target, on)
            days.append(t_day)
            row[f"amount_{target.lower()}"] = eur * t_rate
        row["fx_date"] = min(days)


def _as_day(value: date | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _pledge_row(p: Pledge, status: str, src: str, published: date, now: datetime) -> dict:
    day = _as_day(p.date)
    return {"donors": ";".join(p.donors), "donor_key": ";".join(sorted(set(p.donors))),
            "recipient": p.recipient, "amount": float(p.amount), "currency": p.currency,
            "qualifier": p.qualifier, "kind": p.kind, "aid_type": p.aid_type,
            "categories": ";".join(p.categories), "date": day, "event_date": day or published,
            "period": p.period, "part_of": None, "quote": p.quote, "start": int(p.start),
            "end": int(p.end), "status": status, "conflict": False, "source_id": src,
            "created_at": now}


def _same_amount(a: float, b: float) -> bool:
    return abs(a - b) <= MERGE_TOLERANCE * max(abs(a), abs(b))


def _candidates(conn, rows: list[dict]) -> list[dict]:
    """Stored pledges any new row could match or contradict: same donors and
    kind, announced within the merge window."""
    if not rows:
        return []
    keys = {r["donor_key"] for r in rows}
    lo = min(r["event_date"] for r in rows) - timedelta(days=MERGE_DAYS)
    hi = max(r["event_date"] for r in rows) + timedelta(days=MERGE_DAYS)
    q = select(pledges.c.id, pledges.c.donor_key, pledges.c.currency, pledges.c.kind, pledges.c.aid_type,
               pledges.c.amount, pledges.c.event_date, pledges.c.conflict, pledges.c.status).where(
        pledges.c.donor_key.in_(keys), pledges.c.event_date.between(lo, hi))
    return [dict(r._mapping) for r in conn.execute(q)]


def _history_row(pledge_id: str, what: str, before: dict, after: dict, now: datetime) -> dict:
    return {"pledge_id": pledge_id, "what": what, "at": now,
            "before": json.dumps(before, default=str, ensure_ascii=False, sort_keys=True),
            "after": json.dumps(after, default=str, ensure_ascii=False, sort_keys=True)}


def _match_reports(rows: list[dict], stored: list[dict]) -> dict[int, str]:
    """New row index -> the stored pledge it reports again: same donors,
    currency and kind, amounts within 1 %, days within 7; the closest wins,
    and no stored pledge takes two records of one article."""
    matched: dict[int, str] = {}
    for i, r in enumerate(rows):
        best = None
        for c in stored:
            if (c["id"] in matched.values() or c["donor_key"] != r["donor_key"] or c["currency"] != r["currency"]
                    or c["kind"] != r["kind"] or not _same_amount(c["amount"], r["amount"])
                    or abs((c["event_date"] - r["event_date"]).days) > MERGE_DAYS):
                continue
            score = (abs(c["amount"] - r["amount"]), abs((c["event_date"] - r["event_date"]).days))
            if best is None or score < best[0]:
                best = (score, c["id"])
        if best:
            matched[i] = best[1]
    return matched


def _flag_conflicts(rows: list[dict], stored: list[dict], matched: dict[int, str]) -> set[str]:
    """'A different amount for the same donor and day': a new record that
    matched nothing, against a stored one of the same donors, kind, aid type
    and day that this article does not corroborate. Marks the new rows and
    returns the stored ids to flag; nothing is averaged."""
    flag: set[str] = set()
    used = set(matched.values())
    for i, r in enumerate(rows):
        if i in matched:
            continue
        for c in stored:
            if (c["id"] not in used and c["donor_key"] == r["donor_key"] and c["kind"] == r["kind"]
                    and c["aid_type"] == r["aid_type"] and c["event_date"] == r["event_date"]
                    and not _same_amount(c["amount"], r["amount"])):
                r["conflict"] = True
                if not c["conflict"]:
                    flag.add(c["id"])
    return flag


def _save_article(conn, article: Article, published: date, url: str | None, pledges_: list[Pledge],
                  statuses: list[str]) -> IngestResult:
    """Everything for one article inside the caller's transaction."""
    src = source_id(article.text)
    result = IngestResult(source_id=src, name=article.path or url or article.url or article.title or src,
                          warnings=list(article.warnings))
    if conn.execute(select(sources.c.id).where(sources.c.id == src)).first():
        result.duplicate = True
        return result
    now = _now()
    conn.execute(insert(sources).values(
        id=src, url=url or article.url, title=article.title, outlet=article.outlet, published=published,
        path=article.path, text=article.text, ingested_at=now))
    rows = [_pledge_row(p, s, src, published, now) for p, s in zip(pledges_, statuses)]
    stored = _candidates(conn, rows)
    matched = _match_reports(rows, stored)
    flag_stored = _flag_conflicts(rows, stored, matched)
    result.conflicts = sum(r["conflict"] for r in rows)
    own = {i: p.id for i, p in enumerate(pledges_) if i not in matched}
    taken = {c["id"] for c in stored}
    if own:
        taken |= set(conn.execute(select(pledges.c.id).where(pledges.c.id.in_(set(own.values())))).scalars())
    ids: list[str] = []
    for i, (p, r) in enumerate(zip(pledges_, rows)):
        if i in matched:
            ids.append(matched[i])
            continue
        pid = p.id
        n = 0
        while pid in taken or (n and conn.execute(select(pledges.c.id).where(pledges.c.id == pid)).first()):
            n += 1  # two equal records of one quote ("€200m for X and €200m for Y") stay two
            pid = hashlib.sha256(f"{p.id}:{src}:{i}:{n}".encode()).hexdigest()[:16]
        taken.add(pid)
        r["id"] = pid
        ids.append(pid)
    for i, p in enumerate(pledges_):
        if p.part_of is not None and i not in matched:
            rows[i]["part_of"] = ids[p.part_of]
    new_rows = [r for i, r in enumerate(rows) if i not in matched]
    if new_rows:
        _normalised(new_rows)
        conn.execute(insert(pledges), new_rows)
        donor_rows = [{"pledge_id": r["id"], "donor": d} for r in new_rows for d in r["donor_key"].split(";") if d]
        if donor_rows:  # "a total from unnamed donors has donors: []"
            conn.execute(insert(pledge_donors), donor_rows)
    links = {(ids[i], p.start): {"pledge_id": ids[i], "source_id": src, "start": int(p.start),
                                 "end": int(p.end), "quote": p.quote} for i, p in enumerate(pledges_)}
    if links:
        conn.execute(insert(pledge_sources), list(links.values()))
    # A reviewer's confirmation of a report confirms the pledge it joined.
    status_of = {c["id"]: c["status"] for c in stored}
    confirmed = sorted({pid for i, pid in matched.items()
                        if statuses[i] == "confirmed" and status_of[pid] == "extracted"})
    if confirmed:
        conn.execute(update(pledges).where(pledges.c.id.in_(confirmed)).values(status="confirmed"))
        conn.execute(insert(history), [_history_row(pid, "status", {"status": "extracted"},
                                                    {"status": "confirmed", "source_id": src}, now)
                                       for pid in confirmed])
    if flag_stored:
        conn.execute(update(pledges).where(pledges.c.id.in_(flag_stored)).values(conflict=True))
        conn.execute(insert(history), [_history_row(pid, "conflict", {"conflict": False},
                                                    {"conflict": True, "source_id": src}, now)
                                       for pid in sorted(flag_stored)])
    result.added = len(new_rows)
    result.added_ids = [r["id"] for r in new_rows]
    result.merged = len(matched)
    result.pledge_ids = ids
    return result


def _history_of_review(conn, result: IngestResult, records: list[Pledge], originals: list[Pledge | None]) -> None:
    """An 'edit' history row for each new pledge a reviewer changed before saving."""
    rows = []
    now = _now()
    new_ids = set(result.added_ids)
    for pid, edited, original in zip(result.pledge_ids, records, originals):
        if original is None or pid not in new_ids:
            continue
        before = {f: getattr(original, f) for f in EDITABLE if getattr(original, f) != getattr(edited, f)}
        if before:
            after = {f: getattr(edited, f) for f in before}
            rows.append(_history_row(pid, "edit", _jsonable(before), _jsonable(after), now))
    if rows:
        conn.execute(insert(history), rows)


def _publication_date(article: Article, published: date | None) -> date:
    when = published or article.published
    if when is None:
        name = article.path or article.url or "the article"
        raise InputError(f"no publication date for {name}: give it with --published YYYY-MM-DD")
    if isinstance(when, datetime):
        when = when.date()
    return when


def _extracted(article: Article, when: date) -> list[Pledge]:
    try:
        from tracker.extract import extract_pledges
    except ModuleNotFoundError as e:
        if e.name != "tracker.extract":
            raise
        raise TrackerError("the extractor (tracker.extract) is not installed; pass the pledges in") from None

    return extract_pledges(article.text, published=when)


def ingest_article(store: Store, article: Article, published: date | None = None, url: str | None = None,
                   pledges: list[Pledge] | None = None, statuses: list[str] | None = None,
                   originals: list[Pledge | None] | None = None) -> IngestResult:
    """Store one article and its pledges in one transaction: extracted from
    its text unless `pledges` (with `statuses`) are given. The same article
    again adds nothing; the same pledge from another outlet joins the stored one.
    `originals`, beside `pledges`, are the records as extracted before a
    reviewer edited them: what an edit changed goes to the history."""
    when = _publication_date(article, published)
    if not article.text or not article.text.strip():
        raise InputError(f"{article.path or url or 'the article'} has no text")
    records = _extracted(article, when) if pledges is None else list(pledges)
    checked = _check_pledges(records, statuses)
    if originals is not None and len(originals) != len(records):
        raise InputError(f"{len(originals)} original records given for {len(records)} pledges")
    try:
        with _writing(store) as conn:
            result = _save_article(conn, article, when, url, records, checked)
            if originals and not result.duplicate:
                _history_of_review(conn, result, records, originals)
            return result
    except DBAPIError as e:
        raise TrackerError(f"the store could not save {article.path or url or 'the article'}: "
                           f"{str(e.orig).strip().splitlines()[0]}") from None


def _extract_text(text: str, when: date) -> list[Pledge]:
    """The extractor on one text; a top-level function so worker processes can run it."""
    return _extracted(Article(text=text), when)


def _extract_all(jobs: list[tuple[str, date]], workers: int):
    """The records of each (text, date), in order: in worker processes for a
    large batch (extraction is the slow step of an ingest), else here."""
    if workers <= 1 or len(jobs) < PARALLEL_FROM:
        for text, when in jobs:
            yield _extract_text(text, when)
        return
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    # "spawn": a fresh interpreter per worker, safe in a process with threads (the dashboard).
    pool = ProcessPoolExecutor(workers, mp_context=get_context("spawn"))
    try:
        yield from pool.map(_extract_text, [t for t, _ in jobs], [w for _, w in jobs], chunksize=8)
    finally:  # on an error, drop the work not yet started instead of waiting for it
        pool.shutdown(wait=True, cancel_futures=True)


# Batches of at least this many new articles are extracted in worker processes.
PARALLEL_FROM = 64


@_database_errors
def ingest_paths(store: Store, paths, published: date | None = None, url: str | None = None,
                 workers: int | None = None) -> list[IngestResult]:
    """Ingest article files and folders. Every file is read and dated before
    anything is written, so bad input leaves the store unchanged; articles
    already stored are reported without extracting them again; each new
    article lands in its own transaction. `workers` (default: the CPUs, at
    most 4) extract large batches in parallel."""
    files = article_paths(paths)
    if url and len(files) != 1:
        raise InputError(f"--url names the source of one file, but {len(files)} were given")
    prepared = []
    for f in files:
        article = load_article(f)
        when = _publication_date(article, published)
        if not article.text.strip():
            raise InputError(f"{f} has no text")
        prepared.append((article, when, source_id(article.text)))
    with store.engine.connect() as conn:
        ids = list({src for _, _, src in prepared})
        known = {row for i in range(0, len(ids), 500)
                 for row in conn.execute(select(sources.c.id).where(sources.c.id.in_(ids[i:i + 500]))).scalars()}
    fresh = [(a, w) for a, w, src in prepared if src not in known]
    records = _extract_all([(a.text, w) for a, w in fresh], workers or min(os.cpu_count() or 1, 4))
    by_article = {}
    try:
        for article, when in fresh:
            by_article[id(article)] = ingest_article(store, article, when, url, pledges=next(records))
    finally:
        records.close()
    return [by_article.get(id(article)) or IngestResult(source_id=src, duplicate=True, name=str(article.path))
            for article, _, src in prepared]


# -- reading the store -----------------------------------------------------

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


def _filters(donors, since, until, aid_types, kinds, categories, statuses, include_rejected) -> list:
    where = []
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
                                    (pledges.c.status, statuses, STATUSES)):
        chosen = _codes(chosen)
        if chosen:
            unknown = sorted(set(chosen) - set(allowed))
            if unknown:
                raise InputError(f"unknown {column.name} {', '.join(unknown)}: choose from {', '.join(allowed)}")
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
                 categories=None, statuses=None, include_rejected: bool = False) -> pd.DataFrame:
    """The stored pledges as a frame: the columns of `FRAME_COLUMNS` plus
    `status`, `conflict`, `sources` (every report: url, title, outlet,
    published, quote, start, end) and `source_urls`. Filters combine with
    AND; a list filter matches any of its values; dates filter the
    announcement date (the first report's day when the text gives none).
    Rejected pledges are left out unless asked for."""
    where = _filters(donors, since, until, aid_types, kinds, categories, statuses, include_rejected)
    c = pledges.c
    # Dates come back untyped (text from SQLite) and are parsed in one vectorised step.
    cols = [c.id, c.donors, c.recipient, c.amount, c.currency, c.qualifier, c.kind, c.aid_type, c.categories,
            type_coerce(c.date, String).label("date"), c.period, c.part_of, c.quote, c.start, c.end,
            c.amount_eur, c.amount_usd, c.amount_gbp, type_coerce(c.fx_date, String).label("fx_date"),
            c.status, c.conflict]
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
def count_pledges(store: Store, include_rejected: bool = False) -> int:
    """How many pledges the store holds (rejected ones only when asked)."""
    q = select(func.count()).select_from(pledges)
    if not include_rejected:
        q = q.where(pledges.c.status != "rejected")
    with store.engine.connect() as conn:
        return conn.execute(q).scalar_one()


# -- corrections -----------------------------------------------------------

def _stored_values(row) -> dict:
    """A stored pledge's editable fields as the record has them."""
    m = dict(row._mapping)
    m["donors"] = m["donors"].split(";") if m["donors"] else []
    m["categories"] = m["categories"].split(";") if m["categories"] else []
    return m


def _locked_pledge(conn, pledge_id: str):
    q = select(pledges).where(pledges.c.id == pledge_id)
    if conn.dialect.name == "postgresql":
        q = q.with_for_update()
    row = conn.execute(q).first()
    if row is None:
        raise InputError(f"no pledge with id {pledge_id!r} in the store")
    return row


def _jsonable(values: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


@_database_errors
def update_pledge(store: Store, pledge_id: str, **changes) -> dict:
    """Correct a stored pledge's fields (those of `EDITABLE`); its status
    becomes `edited` (a rejected one stays rejected) and the old and new
    values go to the history. Returns the fields that changed, with their
    new values."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InputError(f"cannot edit {', '.join(unknown)}: editable fields are {', '.join(EDITABLE)}")
    if "date" in changes and isinstance(changes["date"], str):
        changes["date"] = _day(changes["date"], "pledge")
    _check_values(changes, f"pledge {pledge_id}")
    with _writing(store) as conn:
        row = _locked_pledge(conn, pledge_id)
        old = _stored_values(row)
        changed = {k: v for k, v in changes.items() if old[k] != v}
        if not changed:
            return {}
        values = {k: (";".join(v) if k in ("donors", "categories") else v) for k, v in changed.items()}
        if "donors" in changed:
            values["donor_key"] = ";".join(sorted(set(changed["donors"])))
        if "date" in changed:
            published = conn.execute(select(sources.c.published).where(sources.c.id == row.source_id)).scalar_one()
            values["event_date"] = changed["date"] or published
        if {"amount", "currency", "date"} & set(changed):
            fx = {"amount": changed.get("amount", old["amount"]), "currency": changed.get("currency", old["currency"]),
                  "event_date": values.get("event_date", old["event_date"])}
            _normalised([fx])
            values.update({k: fx[k] for k in ("amount_eur", "amount_usd", "amount_gbp", "fx_date")})
        before = {k: old[k] for k in changed}
        if old["status"] in ("extracted", "confirmed"):  # a rejected pledge stays rejected
            values["status"] = "edited"
            before["status"], changed = old["status"], {**changed, "status": "edited"}
        conn.execute(update(pledges).where(pledges.c.id == pledge_id).values(**values))
        if "donors" in values:
            conn.execute(pledge_donors.delete().where(pledge_donors.c.pledge_id == pledge_id))
            donor_rows = [{"pledge_id": pledge_id, "donor": d} for d in values["donor_key"].split(";") if d]
            if donor_rows:
                conn.execute(insert(pledge_donors), donor_rows)
        conn.execute(insert(history), [_history_row(pledge_id, "edit", _jsonable(before), _jsonable(changed),
                                                    _now())])
    return changed


@_database_errors
def set_status(store: Store, pledge_id: str, status: str) -> None:
    """Confirm, reject (or mark edited) a stored pledge, keeping the old status in the history."""
    if status not in STATUSES:
        raise InputError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    with _writing(store) as conn:
        row = _locked_pledge(conn, pledge_id)
        if row.status == status:
            return
        conn.execute(update(pledges).where(pledges.c.id == pledge_id).values(status=status))
        conn.execute(insert(history), [_history_row(pledge_id, "status", {"status": row.status},
                                                    {"status": status}, _now())])


@_database_errors
def clear_conflict(store: Store, pledge_id: str) -> None:
    """Mark a reviewed conflict as settled, keeping the flag in the history."""
    with _writing(store) as conn:
        row = _locked_pledge(conn, pledge_id)
        if not row.conflict:
            return
        conn.execute(update(pledges).where(pledges.c.id == pledge_id).values(conflict=False))
        conn.execute(insert(history), [_history_row(pledge_id, "conflict", {"conflict": True},
                                                    {"conflict": False}, _now())])


@_database_errors
def load_history(store: Store, pledge_id: str) -> list[dict]:
    """Every correction of a pledge, oldest first: what, when, before, after."""
    q = select(history.c.what, history.c.at, history.c.before, history.c.after).where(
        history.c.pledge_id == pledge_id).order_by(history.c.id)
    with store.engine.connect() as conn:
        rows = conn.execute(q).all()
    # SQLite keeps no time zone; every time is written in UTC.
    return [{"what": what, "when": at if at.tzinfo else at.replace(tzinfo=timezone.utc),
             "before": json.loads(before), "after": json.loads(after)}
            for what, at, before, after in rows]
