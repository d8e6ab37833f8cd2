"""Saving an article and its records: a pledge another outlet reported already
joins the stored one (same donors, currency and kind, amounts within 1 %, dates
within 7 days); one that disagrees is flagged as a conflict. Records come in
made; running the extractor is `tracker.pipeline`'s job.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.exc import DBAPIError

from tracker.errors import InputError, TrackerError
from tracker.records.pledge import Pledge
from tracker.store.schema import (EDITABLE, MERGE_DAYS, MERGE_TOLERANCE, Store, _as_day, _check_pledges,
                                  _database_errors, _history_row, _jsonable, _normalised, _now, _writing,
                                  history, pledge_donors, pledge_sources, pledges, source_id, sources)

@dataclass
class IngestResult:
    """What one article's ingest did: `duplicate` means the same article was
    already stored and nothing was added; `merged` counts pledges that joined
    a pledge reported by another outlet; `conflicts` counts new pledges that
    disagree with another outlet's report of the same donor and day. `error`
    says why a file did not land (the extractor failed on it, the store
    refused it, a link not followed); nothing of it was stored."""

    source_id: str
    duplicate: bool = False
    added: int = 0
    merged: int = 0
    conflicts: int = 0
    pledge_ids: list[str] = field(default_factory=list)  # per record given: its stored pledge
    added_ids: list[str] = field(default_factory=list)   # the pledges this article created
    name: str = ""
    warnings: list[str] = field(default_factory=list)  # the article's own ("not UTF-8; read as Windows-1252")
    error: str = ""

    @property
    def stored(self) -> bool:
        """Whether this ingest stored the article (not one held already, not a failure)."""
        return not self.duplicate and not self.error

    def describe(self) -> str:
        """One line for the command line."""
        if self.error:
            return f"{self.name}: not stored: {self.error}"
        if self.duplicate:
            return f"{self.name}: already stored (source {self.source_id}); nothing added"
        return (f"{self.name}: source {self.source_id}: {self.added} added, {self.merged} merged "
                f"with other reports, {self.conflicts} in conflict")


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


def _save_article(conn, article, published: date, url: str | None, pledges_: list[Pledge],
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


def save_article(store: Store, article, published: date, url: str | None, records: list[Pledge],
                 statuses: list[str] | None = None, originals: list[Pledge | None] | None = None) -> IngestResult:
    """Store one article (an `Article`: text, title, outlet, path, url) and its
    records in one transaction. The same article again adds nothing; the same
    pledge from another outlet joins the stored one. `originals`, beside
    `records`, are the records as extracted before a reviewer edited them:
    what an edit changed goes to the history."""
    checked = _check_pledges(records, statuses)
    if originals is not None and len(originals) != len(records):
        raise InputError(f"{len(originals)} original records given for {len(records)} pledges")
    try:
        with _writing(store) as conn:
            result = _save_article(conn, article, published, url, records, checked)
            if originals and not result.duplicate:
                _history_of_review(conn, result, records, originals)
            return result
    except DBAPIError as e:
        raise TrackerError(f"the store could not save {article.path or url or 'the article'}: "
                           f"{str(e.orig).strip().splitlines()[0]}") from None


@_database_errors
def stored_sources(store: Store, ids: list[str]) -> set[str]:
    """Which of these source ids the store holds already."""
    ids = list(ids)
    with store.engine.connect() as conn:
        return {row for i in range(0, len(ids), 500)
                for row in conn.execute(select(sources.c.id).where(sources.c.id.in_(ids[i:i + 500]))).scalars()}
