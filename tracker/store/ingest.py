"""Saving an article and its records: a pledge another outlet reported already
joins the stored one (same donors, currency and kind, amounts within 1 %, dates
within 7 days); one that disagrees is flagged as a conflict. Records come in
made; running the extractor is `tracker.pipeline`'s job.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import insert, or_, select, update
from sqlalchemy.exc import DBAPIError

from tracker.errors import InputError, TrackerError
from tracker.records.pledge import Pledge, reviewer
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


def _report_record(p: Pledge, status: str) -> dict:
    """One report's own record, kept with its link: what a split restores."""
    return _jsonable({"donors": list(p.donors), "recipient": p.recipient, "amount": float(p.amount),
                      "currency": p.currency, "qualifier": p.qualifier, "kind": p.kind, "aid_type": p.aid_type,
                      "categories": list(p.categories), "date": _as_day(p.date), "period": p.period,
                      "quote": p.quote, "status": status, "confidence": _confidence(p),
                      "evidence": list(getattr(p, "evidence", None) or [])})


def _confidence(p: Pledge) -> float | None:
    value = getattr(p, "confidence", None)
    return None if value is None else float(value)


def _pledge_row(p: Pledge, status: str, src: str, published: date, now: datetime) -> dict:
    day = _as_day(p.date)
    evidence = list(getattr(p, "evidence", None) or [])
    return {"donors": ";".join(p.donors), "donor_key": ";".join(sorted(set(p.donors))),
            "recipient": p.recipient, "amount": float(p.amount), "currency": p.currency,
            "qualifier": p.qualifier, "kind": p.kind, "aid_type": p.aid_type,
            "categories": ";".join(p.categories), "date": day, "event_date": day or published,
            "period": p.period, "part_of": None, "quote": p.quote, "start": int(p.start),
            "end": int(p.end), "status": status, "conflict": False, "source_id": src,
            "created_at": now, "confidence": _confidence(p),
            "evidence": json.dumps(evidence, ensure_ascii=False) if evidence else None,
            "review_note": None, "reviewed_by": reviewer() if status != "extracted" else None,
            "version": 1, "merged_into": None}


def _same_amount(a: float, b: float) -> bool:
    return abs(a - b) <= MERGE_TOLERANCE * max(abs(a), abs(b))


# Totals across donors (a meeting's, a running one): the same amount on the same days
# from other donors is one total said two ways, never two.
TOTALS = ("aggregate", "cumulative")


def donors_fit(a: set, b: set) -> bool:
    """Whether two reports' donors can be one pledge's: equal, one a subset of
    the other, or one side naming none.

    >>> donors_fit({"GBR"}, {"GBR", "NOR"}), donors_fit(set(), {"UDCG"}), donors_fit({"GBR", "DEU"}, {"GBR", "NOR"})
    (True, True, False)
    """
    return not a or not b or a <= b or b <= a


def _keys(donor_key: str) -> set:
    return set(donor_key.split(";")) if donor_key else set()


def _candidates(conn, rows: list[dict]) -> list[dict]:
    """Stored pledges any new row could report again or contradict: the same
    currency, announced within the merge window (a pledge a reviewer merged
    into another is not one)."""
    if not rows:
        return []
    lo = min(r["event_date"] for r in rows) - timedelta(days=MERGE_DAYS)
    hi = max(r["event_date"] for r in rows) + timedelta(days=MERGE_DAYS)
    c = pledges.c
    # A report again, or other donors for it: the same currency and an amount within 1 %;
    # another amount for it: the same donors.
    spans: dict[str, list[float]] = {}
    for r in rows:
        lo_hi = spans.setdefault(r["currency"], [r["amount"], r["amount"]])
        lo_hi[0], lo_hi[1] = min(lo_hi[0], r["amount"]), max(lo_hi[1], r["amount"])
    near = [(c.currency == currency) & c.amount.between(low * (1 - MERGE_TOLERANCE) - 1e-6,
                                                        high / (1 - MERGE_TOLERANCE) + 1e-6)
            for currency, (low, high) in spans.items()]
    q = select(c.id, c.donors, c.donor_key, c.currency, c.kind, c.aid_type, c.amount, c.event_date, c.conflict,
               c.status, c.qualifier, c.categories, c.date, c.period, c.review_note).where(
        c.event_date.between(lo, hi), c.merged_into.is_(None),
        or_(c.donor_key.in_({r["donor_key"] for r in rows}), *near))
    found = [dict(r._mapping) for r in conn.execute(q)]
    for f in found:
        f["event_date"], f["date"] = _as_day(_day(f["event_date"])), _as_day(_day(f["date"]))
        f["keys"] = _keys(f["donor_key"])
    return found


def _day(value):
    """A date column as a date (SQLite may hand back text)."""
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value


def _match_reports(rows: list[dict], stored: list[dict]) -> dict[int, str]:
    """New row index -> the stored pledge it reports again: the same currency
    and kind, amounts within 1 %, days within 7, and donors that fit (equal,
    one a subset of the other, or one side naming none). Equal donors win,
    then the closest amount and day; no stored pledge takes two records of
    one article."""
    matched: dict[int, str] = {}
    taken: set[str] = set()
    by_kind: dict[tuple, list[dict]] = {}
    for c in stored:
        by_kind.setdefault((c["currency"], c["kind"]), []).append(c)
    for i, r in enumerate(rows):
        best = None
        mine = _keys(r["donor_key"])
        for c in by_kind.get((r["currency"], r["kind"]), ()):
            if (c["id"] in taken or not _same_amount(c["amount"], r["amount"])
                    or abs((c["event_date"] - r["event_date"]).days) > MERGE_DAYS
                    or not donors_fit(mine, c["keys"])):
                continue
            score = (c["donor_key"] != r["donor_key"], abs(c["amount"] - r["amount"]),
                     abs((c["event_date"] - r["event_date"]).days))
            if best is None or score < best[0]:
                best = (score, c["id"])
        if best:
            matched[i] = best[1]
            taken.add(best[1])
    return matched


def _flag_conflicts(rows: list[dict], stored: list[dict], matched: dict[int, str]) -> set[str]:
    """Two reports that disagree, kept apart and flagged for a person, never
    averaged: a new record that matched nothing, against a stored one this
    article does not corroborate, either of the same donors, kind, aid type
    and day with a different amount, or of the same amount, currency and kind
    within the merge window whose donors do not fit: they overlap without one
    side holding the other's (GBR+NOR against GBR+DEU), or, for a total across
    donors, they differ at all (one meeting's total said to be the EU's and the
    contact group's). Two countries' packages of the same amount in a week are
    two pledges. Marks the new rows and returns the stored ids to flag."""
    flag: set[str] = set()
    used = set(matched.values())
    by_kind: dict[str, list[dict]] = {}
    for c in stored:
        if c["id"] not in used and c["status"] != "rejected":
            by_kind.setdefault(c["kind"], []).append(c)
    for i, r in enumerate(rows):
        if i in matched:
            continue
        mine = _keys(r["donor_key"])
        for c in by_kind.get(r["kind"], ()):
            if c["donor_key"] == r["donor_key"]:  # another amount for the same donors' pledge of that day
                disagree = (c["aid_type"] == r["aid_type"] and c["event_date"] == r["event_date"]
                            and not _same_amount(c["amount"], r["amount"]))
            else:  # the same money, given by donors that do not fit (a total across donors: by any others)
                disagree = (c["currency"] == r["currency"] and (bool(mine & c["keys"]) or r["kind"] in TOTALS)
                            and not donors_fit(mine, c["keys"]) and _same_amount(c["amount"], r["amount"])
                            and abs((c["event_date"] - r["event_date"]).days) <= MERGE_DAYS)
            if disagree:
                r["conflict"] = True
                if not c["conflict"]:
                    flag.add(c["id"])
    return flag


# What a report of a stored pledge may say differently, compared and kept in the history.
_COMPARED = ("donors", "amount", "qualifier", "aid_type", "categories", "date", "period")


def _joined(conn, pid: str, stored: dict, row: dict, src: str, now: datetime) -> tuple[dict | None, dict]:
    """A report joining stored pledge `pid`: what differed (for the history),
    and the stored pledge's new values: the report's donors when they are the
    more specific and no person has set them, and a note for the review queue
    when donors or aid type differed."""
    theirs = {"donors": stored["donors"].split(";") if stored["donors"] else [], "amount": stored["amount"],
              "qualifier": stored["qualifier"], "aid_type": stored["aid_type"],
              "categories": stored["categories"].split(";") if stored["categories"] else [],
              "date": stored["date"], "period": stored["period"]}
    mine = {"donors": row["donors"].split(";") if row["donors"] else [], "amount": row["amount"],
            "qualifier": row["qualifier"], "aid_type": row["aid_type"],
            "categories": row["categories"].split(";") if row["categories"] else [],
            "date": row["date"], "period": row["period"]}
    differed = [f for f in _COMPARED if (set(theirs[f]) != set(mine[f]) if f in ("donors", "categories")
                                         else theirs[f] != mine[f])]
    values: dict = {}
    if not differed:
        return None, values
    if "donors" in differed and stored["status"] == "extracted" and _keys(stored["donor_key"]) < _keys(row["donor_key"]):
        values.update(donors=row["donors"], donor_key=row["donor_key"])
    if {"donors", "aid_type"} & set(differed):
        said = "; ".join(f"{f}: {_shown_value(theirs[f])} against {_shown_value(mine[f])}"
                         for f in ("donors", "aid_type") if f in differed)
        note = f"reports differ ({said}, source {src})"
        values["review_note"] = "; ".join(n for n in (stored["review_note"], note) if n)
    before = _jsonable({f: theirs[f] for f in differed})
    after = _jsonable({**{f: mine[f] for f in differed}, "source_id": src,
                       "took": [k for k in ("donors",) if k in values]})
    return {"before": before, "after": after}, values


def _shown_value(value) -> str:
    if isinstance(value, list):
        return "+".join(value) or "none named"
    return str(value)


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
                                 "end": int(p.end), "quote": p.quote,
                                 "record": json.dumps(_report_record(p, statuses[i]), ensure_ascii=False)}
             for i, p in enumerate(pledges_)}
    if links:
        conn.execute(insert(pledge_sources), list(links.values()))
    by_id = {c["id"]: c for c in stored}
    touched: set[str] = set(matched.values())
    history_rows = []
    for i, pid in sorted(matched.items()):
        differed, values = _joined(conn, pid, by_id[pid], rows[i], src, now)
        if values:
            conn.execute(update(pledges).where(pledges.c.id == pid).values(**values))
            if "donor_key" in values:
                conn.execute(pledge_donors.delete().where(pledge_donors.c.pledge_id == pid))
                conn.execute(insert(pledge_donors), [{"pledge_id": pid, "donor": d}
                                                     for d in values["donor_key"].split(";") if d])
                by_id[pid].update(donors=values["donors"], donor_key=values["donor_key"])
            if "review_note" in values:
                by_id[pid]["review_note"] = values["review_note"]
        if differed:
            history_rows.append(_history_row(pid, "report", differed["before"], differed["after"], now))
    # A reviewer's confirmation of a report confirms the pledge it joined.
    status_of = {c["id"]: c["status"] for c in stored}
    confirmed = sorted({pid for i, pid in matched.items()
                        if statuses[i] == "confirmed" and status_of[pid] == "extracted"})
    if confirmed:
        conn.execute(update(pledges).where(pledges.c.id.in_(confirmed)).values(status="confirmed",
                                                                              reviewed_by=reviewer()))
        history_rows += [_history_row(pid, "status", {"status": "extracted"},
                                      {"status": "confirmed", "source_id": src}, now, who=reviewer())
                         for pid in confirmed]
    if flag_stored:
        conn.execute(update(pledges).where(pledges.c.id.in_(flag_stored)).values(conflict=True))
        history_rows += [_history_row(pid, "conflict", {"conflict": False},
                                      {"conflict": True, "source_id": src}, now)
                         for pid in sorted(flag_stored)]
        touched |= flag_stored
    if touched:  # another report changed them: an edit made on what was shown before is refused
        conn.execute(update(pledges).where(pledges.c.id.in_(touched)).values(version=pledges.c.version + 1))
    if history_rows:
        conn.execute(insert(history), history_rows)
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
            rows.append(_history_row(pid, "edit", _jsonable(before), _jsonable(after), now, who=reviewer(),
                                     version=1))
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
