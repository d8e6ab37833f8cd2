"""The store's schema and how it is opened: the tables, the checks every record
passes before it is written, the conversion of its amount, and the one write
transaction. The only modules that speak SQL are this package's.
"""
from __future__ import annotations

import functools
import hashlib
import json
import math
import numbers
import os
import re
import time
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, UTC
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import (Boolean, CheckConstraint, Column, Date, DateTime, Double, ForeignKey,
                        Index, Integer, MetaData, String, Table, Text, create_engine, event,
                        func, inspect, select)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError, SQLAlchemyError

from tracker.errors import InputError, TrackerError
from tracker.records.pledge import (AID_TYPES, CATEGORIES, FRAME_COLUMNS, KINDS, NORMALISED_CURRENCIES, QUALIFIERS,
                                    Pledge)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = PROJECT_ROOT / "data" / "tracker.db"
STATUSES = ("extracted", "confirmed", "edited", "rejected")
# "same donors, currency and kind, amounts within 1 %, dates within 7 days"
MERGE_TOLERANCE = 0.01
MERGE_DAYS = 7
BUSY_TIMEOUT_MS = 30_000
# One advisory lock serialises ingests on PostgreSQL, as BEGIN IMMEDIATE does on SQLite.
_PG_INGEST_LOCK = 0x7ACE_5107E
LOAD_COLUMNS = FRAME_COLUMNS + ("status", "conflict", "sources", "source_urls", "confidence", "evidence",
                                "reviewed_by", "review_note", "version")
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
    Column("confidence", Double),                # the extractor's, 0..1; null when a person typed it
    Column("evidence", Text),                    # JSON list: the rules that fired, with their words
    Column("review_note", Text),                 # why a person should look, beyond the confidence
    Column("reviewed_by", Text),
    # Raised by every change: an edit made on an older version is refused (optimistic locking).
    Column("version", Integer, nullable=False, server_default="1"),
    Column("merged_into", String(16)),           # set while a reviewer's merge folds it into another
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
    Column("record", Text),  # JSON: this report's own record, what a split restores
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
    Column("who", Text),
    Column("version", Integer),   # the pledge's version after this change
    Column("action", Integer),    # the first row of an action that changed several pledges
    Column("undoes", Integer),    # the row this one undid
)
# Columns added since the first schema, with their SQL, for stores created before them.
_ADDED = {
    "pledges": {"confidence": "DOUBLE PRECISION", "evidence": "TEXT", "review_note": "TEXT",
                "reviewed_by": "TEXT", "version": "INTEGER NOT NULL DEFAULT 1", "merged_into": "VARCHAR(16)"},
    "pledge_sources": {"record": "TEXT"},
    "history": {"who": "TEXT", "version": "INTEGER", "action": "INTEGER", "undoes": "INTEGER"},
}


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


def _sqlite_read_pragmas(dbapi_connection, _record) -> None:
    # A store opened read-only as a snapshot: nothing that would write (no journal mode switch).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
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


def open_store(url: str | None = None, read_only: bool = False) -> Store:
    """Open (and create on first use) the store at an SQLAlchemy URL or an
    SQLite file path; without one, `TRACKER_DB`, else data/tracker.db. An
    SQLite file is used in WAL mode with a busy timeout.

    Opening a store that has its tables takes no write lock, so a reader never
    waits for an ingest. `read_only`: the caller only reads; an SQLite store
    in a file or folder the user may not write is then read as it stands
    (SQLite's immutable mode: a WAL store cannot otherwise be read there)."""
    url = _resolve_url(url)
    snapshot = False
    try:
        parsed = make_url(url)
        target = url
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            path = Path(parsed.database)
            if read_only and path.is_file() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
                snapshot = True
                target = f"sqlite:///file:{quote(str(path.resolve()))}?mode=ro&immutable=1&uri=true"
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(target)
    except (ArgumentError, NoSuchModuleError, ValueError) as e:
        raise InputError(f"cannot use database URL {_shown(url)!r}: {e}") from None
    except OSError as e:
        raise InputError(f"cannot create the database folder for {_shown(url)!r}: {e.strerror}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_read_pragmas if snapshot else _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    store = Store(engine=engine, url=url)
    try:
        if not _has_tables(store):
            if snapshot:
                raise InputError(f"{_shown(url)} holds no tracker store of this version, and it cannot be "
                                 f"created or brought up to date there (no permission to write)")
            _create_tables(store)
    except InputError:
        engine.dispose()
        raise
    except (SQLAlchemyError, *_driver_errors(store)) as e:
        engine.dispose()
        raise InputError(f"cannot open the store at {_shown(url)!r}: "
                         f"{str(getattr(e, 'orig', e)).strip().splitlines()[0]}") from None
    return store


def _has_tables(store: Store) -> bool:
    """Whether every table of the schema is there with every column, read without a write lock."""
    with store.engine.connect() as conn:
        inspector = inspect(conn)
        if not {t.name for t in metadata.sorted_tables} <= set(inspector.get_table_names()):
            return False
        return all(set(columns) <= {c["name"] for c in inspector.get_columns(table)}
                   for table, columns in _ADDED.items())


def _driver_errors(store: Store) -> tuple[type[BaseException], ...]:
    """The database driver's own error class (sqlite3.Error, psycopg.Error): raised past
    SQLAlchemy by a raw cursor's fetch."""
    error = getattr(store.engine.dialect.dbapi, "Error", None)
    return (error,) if isinstance(error, type) and issubclass(error, Exception) else ()


def _create_tables(store: Store) -> None:
    """The schema, created if missing. SQLite can answer "database is locked" at once, without
    waiting out the busy timeout, to a connection that switches a file another process is
    creating into WAL mode; that is tried again, for as long as the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            with _writing(store) as conn:
                metadata.create_all(conn)
                _add_columns(conn)
            return
        except OperationalError as e:
            if store.engine.dialect.name != "sqlite" or "locked" not in str(e.orig) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _add_columns(conn) -> None:
    """Bring a store made by an earlier version up to this schema: the columns it lacks."""
    from sqlalchemy import inspect

    inspector = inspect(conn)
    for table, columns in _ADDED.items():
        have = {c["name"] for c in inspector.get_columns(table)}
        for name, sql in columns.items():
            if name not in have:
                conn.exec_driver_sql(f'ALTER TABLE {table} ADD COLUMN "{name}" {sql}')


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
    return datetime.now(UTC)


def _database_errors(function):
    """A database failure (unreachable, locked past the busy timeout, full
    disk) becomes a `TrackerError` with one sentence; the transaction it
    interrupted has rolled back."""
    @functools.wraps(function)
    def guarded(store, *args, **kwargs):
        try:
            return function(store, *args, **kwargs)
        except (DBAPIError, *_driver_errors(store)) as e:  # the driver's: a corrupt page met while fetching
            orig = getattr(e, "orig", e)
            first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
            raise TrackerError(f"the store at {_shown(store.url)} failed: {first}") from None
    return guarded


# -- identity, checks, conversion --------------------------------------

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
        confidence = getattr(p, "confidence", None)
        if confidence is not None and (isinstance(confidence, bool) or not isinstance(confidence, numbers.Real)
                                       or not 0 <= confidence <= 1):
            raise InputError(f"pledge {i + 1}: confidence {confidence!r} is not a number from 0 to 1")
        evidence = getattr(p, "evidence", None) or []
        if not (isinstance(evidence, list) and all(isinstance(e, str) for e in evidence)):
            raise InputError(f"pledge {i + 1}: evidence {evidence!r} is not a list of texts")
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
    row by row as `tracker.records.fx.normalise_frame` does it (a test holds the two
    equal), without a frame per article."""
    from tracker.errors import UnknownRateError
    from tracker.records.fx import euro_rate

    for row in rows:
        on = row["event_date"]
        try:
            per_eur, day = euro_rate(row["currency"], on)
        except UnknownRateError:  # "UAH stays unconverted": empty, never invented
            row.update(amount_eur=None, amount_usd=None, amount_gbp=None, fx_date=None)
            continue
        eur = float(row["amount"]) / per_eur
        days = [day]
        for target in NORMALISED_CURRENCIES:
            t_rate, t_day = euro_rate(target, on)
            days.append(t_day)
            row[f"amount_{target.lower()}"] = eur * t_rate
        row["fx_date"] = min(days)


def _as_day(value: date | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _history_row(pledge_id: str, what: str, before: dict, after: dict, now: datetime, who: str | None = None,
                 version: int | None = None, action: int | None = None, undoes: int | None = None) -> dict:
    return {"pledge_id": pledge_id, "what": what, "at": now,
            "before": json.dumps(before, default=str, ensure_ascii=False, sort_keys=True),
            "after": json.dumps(after, default=str, ensure_ascii=False, sort_keys=True),
            "who": who, "version": version, "action": action, "undoes": undoes}


def _jsonable(values: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
