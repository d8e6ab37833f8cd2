"""Reviewed records into the store, one transaction a file: each with its
reports as sources (no article text is kept), stored as confirmed unless the
file says otherwise, converted at its date's rate like any other record. A
record another report gave within a week, or that a reviewer's `same_as`
names, joins that pledge as a further source; a file read again adds nothing.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import insert, select, update

from tracker.errors import InputError
from tracker.records.pledge import reviewer
from tracker.records.reviewed import RecordsFile, Report, Row, check_links
from tracker.store.ingest import _candidates, _match_reports, _same_amount
from tracker.store.schema import (STATUSES, Store, _database_errors, _history_row, _normalised, _writing, history,
                                  pledge_donors, pledge_sources, pledges, sources)


@dataclass
class ImportResult:
    """What one file's import did: `added` new pledges, `linked` records that
    joined a stored pledge (another report of it), `unchanged` records already
    stored with this report."""

    name: str
    added: int = 0
    linked: int = 0
    unchanged: int = 0
    pledge_ids: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """One line for the command line."""
        return (f"{self.name}: {self.added} added, {self.linked} joined a stored pledge, "
                f"{self.unchanged} already stored")


# -- writing -----------------------------------------------------------------

CHUNK = 500  # values in one IN (...): far below any database's limit on parameters


def _chunks(values) -> list[list]:
    values = list(values)
    return [values[i:i + CHUNK] for i in range(0, len(values), CHUNK)]

def _source_key(report: Report) -> str:
    """The id of a report's source when the file gives none: its address's."""
    address = report.url or report.path
    return hashlib.sha256(f"import:{address}".encode()).hexdigest()[:16]


def _sources(conn, reports: list[Report], now: datetime) -> None:
    """Every report's source id: the one given, else a stored source of the
    same address, else a new source (no text is kept: the quotes are in the links)."""
    addresses = {r.url for r in reports if r.url and not r.source_id}
    known = {}
    for chunk in _chunks(addresses):
        for url, src in conn.execute(select(sources.c.url, sources.c.id).where(sources.c.url.in_(chunk))
                                     .order_by(sources.c.published, sources.c.id)):
            known.setdefault(url, src)
    new = {}
    for r in reports:
        if r.source_id is None:
            r.source_id = known.get(r.url) or _source_key(r)
        new.setdefault(r.source_id, r)
    stored = {src for chunk in _chunks(new)
              for src in conn.execute(select(sources.c.id).where(sources.c.id.in_(chunk))).scalars()}
    fresh = [{"id": src, "url": r.url, "title": r.title, "outlet": r.outlet, "published": r.published,
              "path": r.path, "text": "", "ingested_at": now} for src, r in new.items() if src not in stored]
    if fresh:
        conn.execute(insert(sources), fresh)


def _pledge_row(row: Row, pid: str, now: datetime) -> dict:
    p = row.pledge
    first = min(row.reports, key=lambda r: (r.published, r.source_id, r.start))
    return {"id": pid, "donors": ";".join(p.donors), "donor_key": ";".join(sorted(set(p.donors))),
            "recipient": p.recipient, "amount": float(p.amount), "currency": p.currency,
            "qualifier": p.qualifier, "kind": p.kind, "aid_type": p.aid_type,
            "categories": ";".join(p.categories), "date": p.date, "event_date": p.date or first.published,
            "period": p.period, "part_of": None, "quote": p.quote, "start": int(p.start), "end": int(p.end),
            "status": row.status or "confirmed", "conflict": row.conflict, "source_id": first.source_id,
            "created_at": now, "confidence": p.confidence,
            "evidence": json.dumps(p.evidence, ensure_ascii=False) if p.evidence else None,
            "reviewed_by": row.reviewed_by or (reviewer() if (row.status or "confirmed") != "extracted" else None)}


def _earlier_reports(conn, joined: dict[str, Row]) -> None:
    """An undated pledge counts on its first report's day: a joining report
    published earlier moves it there, and its amounts are converted again."""
    if not joined:
        return
    c = pledges.c
    for pid, day, amount, currency, event_date in [row for chunk in _chunks(joined) for row in conn.execute(
            select(c.id, c.date, c.amount, c.currency, c.event_date).where(c.id.in_(chunk)))]:
        first = min(r.published for r in joined[pid].reports)
        if day is None and first < event_date:
            values = {"amount": amount, "currency": currency, "event_date": first}
            _normalised([values])
            conn.execute(update(pledges).where(c.id == pid).values(
                event_date=first, **{k: values[k] for k in ("amount_eur", "amount_usd", "amount_gbp", "fx_date")}))


def _already_given(conn, rows: list[Row]) -> dict[int, str]:
    """Row position -> the stored pledge its report already gave it to: a
    link of the same report and sentence, to a pledge of the same donors,
    currency and kind and an amount within the merge tolerance. So a file
    read again finds its records where they went, even those that joined
    another report's pledge; equal records of one sentence take them in turn."""
    sources_ = {r.reports[0].source_id for r in rows if r.reports}
    found: dict[tuple, list[tuple]] = {}
    ps, c = pledge_sources.c, pledges.c
    for chunk in _chunks(sources_):
        for pid, src, quote, start, amount, currency, donor_key, kind in conn.execute(
                select(ps.pledge_id, ps.source_id, ps.quote, ps.start, c.amount, c.currency, c.donor_key, c.kind)
                .join(pledges, c.id == ps.pledge_id).where(ps.source_id.in_(chunk)).order_by(ps.pledge_id)):
            found.setdefault((src, quote, start), []).append((pid, amount, currency, donor_key, kind))
    given = {}
    for i, row in enumerate(rows):
        r, p = row.reports[0], row.pledge
        waiting = found.get((r.source_id, r.quote, r.start), [])
        for k, (pid, amount, currency, donor_key, kind) in enumerate(waiting):
            if (currency, donor_key, kind) == (p.currency, ";".join(sorted(set(p.donors))), p.kind) \
                    and _same_amount(amount, p.amount):
                given[i] = waiting.pop(k)[0]
                break
    return given


def _save(conn, read: RecordsFile, resolved: dict | None = None) -> ImportResult:
    """One file's records inside the caller's transaction; `resolved` gives
    the stored pledge of each record that a `same_as` names."""
    now = datetime.now(UTC)
    rows = read.rows
    result = ImportResult(name=str(read.path))
    _sources(conn, read.reports + [r for row in rows for r in row.reports], now)
    own = {i: row.id or row.pledge.id for i, row in enumerate(rows)}
    stored = {pid for chunk in _chunks(own.values())
              for pid in conn.execute(select(pledges.c.id).where(pledges.c.id.in_(chunk))).scalars()}
    # A record without an id of its own that matches a pledge stored before this
    # file (same donors, currency and kind, amounts within 1 %, days within 7)
    # is another report of it, as in an ingest; records of one file never join each other.
    linked = {i: resolved[row.same_as] for i, row in enumerate(rows) if row.same_as}  # a reviewer's link first
    given = {i: pid for i, pid in _already_given(conn, rows).items() if i not in linked}
    unmatched = [i for i, row in enumerate(rows) if own[i] not in stored and i not in linked and i not in given]
    drafts = [_pledge_row(rows[i], own[i], now) for i in unmatched]
    matched = {unmatched[j]: pid for j, pid in _match_reports(drafts, _candidates(conn, drafts)).items()}
    ids: list[str] = []
    taken = set(stored)
    new_rows = []
    for i, row in enumerate(rows):
        if i in linked or i in given:
            ids.append(linked.get(i) or given[i])
            continue
        if own[i] in stored:
            ids.append(own[i])
            continue
        if i in matched:
            ids.append(matched[i])
            continue
        pid, n = own[i], 0
        while pid in taken:  # two equal records of one quote stay two
            n += 1
            pid = hashlib.sha256(f"{own[i]}:{row.reports[0].source_id}:{i}:{n}".encode()).hexdigest()[:16]
        taken.add(pid)
        ids.append(pid)
        new_rows.append((i, _pledge_row(row, pid, now)))
    stored_as = {own[i]: pid for i, pid in enumerate(ids)}  # a record's id in the file -> in the store
    for i, r in new_rows:
        whole = rows[i].part_of
        if isinstance(whole, int):
            r["part_of"] = ids[whole]
        elif whole is not None:
            if whole not in stored_as and conn.execute(select(pledges.c.id).where(pledges.c.id == whole)).first() is None:
                raise InputError(f"{rows[i].where}: part_of {whole!r} is no record of the file and no stored pledge")
            r["part_of"] = stored_as.get(whole, whole)
    if new_rows:
        values = [r for _, r in new_rows]
        _normalised(values)
        conn.execute(insert(pledges), values)
        donor_rows = [{"pledge_id": r["id"], "donor": d} for r in values for d in r["donor_key"].split(";") if d]
        if donor_rows:
            conn.execute(insert(pledge_donors), donor_rows)
    links = {}
    for pid, row in zip(ids, rows):
        for r in row.reports:
            links.setdefault((pid, r.source_id, r.start), {"pledge_id": pid, "source_id": r.source_id,
                                                           "start": r.start, "end": r.end, "quote": r.quote})
    ps = pledge_sources.c
    have = {tuple(k) for chunk in _chunks(dict.fromkeys(ids))
            for k in conn.execute(select(ps.pledge_id, ps.source_id, ps.start).where(ps.pledge_id.in_(chunk)))}
    fresh_links = [v for k, v in links.items() if k not in have]
    if fresh_links:
        conn.execute(insert(pledge_sources), fresh_links)
    new_ids = {r["id"] for _, r in new_rows}
    for pid, row in zip(ids, rows):
        if pid in new_ids:
            result.added += 1
        elif any((pid, r.source_id, r.start) not in have for r in row.reports):
            result.linked += 1
        else:
            result.unchanged += 1
    _earlier_reports(conn, {pid: rows[i] for i, pid in (matched | linked).items()})
    # A reviewed report confirms the extracted pledge it joined, as a reviewer's would.
    joined = {pid: rows[i].reports[0].source_id for i, pid in (matched | linked).items()
              if (rows[i].status or "confirmed") == "confirmed"}
    for chunk in _chunks(sorted(joined)):
        confirmed = sorted(conn.execute(select(pledges.c.id).where(
            pledges.c.id.in_(chunk), pledges.c.status == "extracted")).scalars())
        if confirmed:
            conn.execute(update(pledges).where(pledges.c.id.in_(confirmed)).values(status="confirmed"))
            conn.execute(insert(history), [_history_row(pid, "status", {"status": "extracted"},
                                                        {"status": "confirmed", "source_id": joined[pid]}, now)
                                           for pid in confirmed])
    result.pledge_ids = ids
    return result


@_database_errors
def import_file(store: Store, read: RecordsFile, resolved: dict | None = None) -> ImportResult:
    """Store one file's checked records in one transaction, each with its
    reports, or joined to the stored pledge it reports again; the same file
    again adds nothing. `resolved`: the stored pledge of each (report id,
    position) its `same_as` links name (`import_batch` works them out)."""
    if any(row.same_as for row in read.rows) and resolved is None:
        return import_batch(store, [read])[0]
    _check_statuses([read])
    with _writing(store) as conn:
        return _save(conn, read, resolved or {})


def _check_statuses(files: list[RecordsFile]) -> None:
    for read in files:
        for row in read.rows:
            if row.status is not None and row.status not in STATUSES:
                raise InputError(f"{row.where}: status {row.status!r} is not one of {', '.join(STATUSES)}")


def import_batch(store: Store, files: list[RecordsFile]) -> list[ImportResult]:
    """Import files `read_records` read, one transaction a file, each after
    the reports its `same_as` links name; results in the files' order.
    Every file is checked before any is stored."""
    check_links(files)
    _check_statuses(files)
    resolved: dict[tuple[str, int], str] = {}
    results: dict[int, ImportResult] = {}
    pending = list(range(len(files)))
    while pending:
        ready = [k for k in pending if all(row.same_as[0] in {files[j].id for j in results}
                                           for row in files[k].rows if row.same_as)]
        for k in ready:
            results[k] = import_file(store, files[k], resolved)
            if files[k].id:
                resolved.update({(files[k].id, n): pid for n, pid in enumerate(results[k].pledge_ids)})
        pending = [k for k in pending if k not in results]
        if pending and not ready:  # only a file whose links wait on each other can remain
            raise InputError(f"{files[pending[0]].path}: its same_as links wait on one another")
    return [results[k] for k in range(len(files))]
