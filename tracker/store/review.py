"""Review: what waits for a person (the review queue) and a reviewer's actions on
stored pledges: confirm, edit, reject, merge two into one, split a report off,
and undo any of them. Each action is one transaction, writes the old values to
the history with who and when, and raises the pledge's version: an action on a
version older than the stored one is refused (`ChangedMeanwhile`), so two
reviewers never overwrite each other silently.
"""
from __future__ import annotations

import hashlib
import json
from datetime import UTC, date

import numpy as np
import pandas as pd
from sqlalchemy import String, delete, func, insert, or_, select, type_coerce, update

from tracker.errors import InputError
from tracker.records.pledge import reviewer, review_bar
from tracker.store.schema import (EDITABLE, STATUSES, Store, _check_values, _database_errors, _history_row,
                                  _jsonable, _normalised, _now, _writing, history, pledge_donors, pledge_sources,
                                  pledges, sources)
from tracker.store.query import _day

# The history entries a reviewer made, which `undo` can take back.
UNDOABLE = ("edit", "status", "conflict", "merge", "split")
# The fields a reviewer's action may change beside EDITABLE, restored by an undo.
_STATE = ("status", "conflict", "review_note", "reviewed_by", "donor_key", "event_date", "amount_eur",
          "amount_usd", "amount_gbp", "fx_date", "merged_into", "source_id", "start", "end", "part_of")


class ChangedMeanwhile(InputError):
    """Raised when a pledge changed (another reviewer, a new report) since the
    version the action was made on: nothing is saved."""


def _stored_values(row) -> dict:
    """A stored pledge's fields as the record has them."""
    m = dict(row._mapping)
    m["donors"] = m["donors"].split(";") if m["donors"] else []
    m["categories"] = m["categories"].split(";") if m["categories"] else []
    for k in ("date", "event_date", "fx_date"):
        if isinstance(m.get(k), str):
            m[k] = date.fromisoformat(m[k][:10])
    return m


def _locked_pledge(conn, pledge_id: str):
    q = select(pledges).where(pledges.c.id == pledge_id)
    if conn.dialect.name == "postgresql":
        q = q.with_for_update()
    row = conn.execute(q).first()
    if row is None:
        raise InputError(f"no pledge with id {pledge_id!r} in the store")
    return row


def _check_version(conn, row, expected: int | None) -> None:
    """The refusal of an action made on an older version, naming who changed it and when."""
    if expected is None or row.version == expected:
        return
    last = conn.execute(select(history.c.who, history.c.at, history.c.what)
                        .where(history.c.pledge_id == row.id).order_by(history.c.id.desc()).limit(1)).first()
    by = ""
    if last is not None:
        at = last.at if last.at.tzinfo else last.at.replace(tzinfo=UTC)
        by = f" ({last.what} by {last.who or 'a new report'} at {at:%Y-%m-%d %H:%M} UTC)"
    raise ChangedMeanwhile(f"pledge {row.id} was changed since you opened it{by}: you saw version {expected}, "
                           f"the store holds version {row.version}. Nothing was saved; reload it and try again.")


def _bump(conn, pledge_id: str, row, values: dict) -> int:
    """Write `values` and the next version, only if the version is still the one read."""
    version = row.version + 1
    done = conn.execute(update(pledges).where(pledges.c.id == pledge_id, pledges.c.version == row.version)
                        .values(**values, version=version))
    if done.rowcount != 1:  # cannot happen under the write lock; never overwrite silently if it does
        raise ChangedMeanwhile(f"pledge {pledge_id} changed while it was being saved; nothing was saved")
    return version


def _donor_rows(conn, pledge_id: str, donor_key: str) -> None:
    conn.execute(pledge_donors.delete().where(pledge_donors.c.pledge_id == pledge_id))
    rows = [{"pledge_id": pledge_id, "donor": d} for d in donor_key.split(";") if d]
    if rows:
        conn.execute(insert(pledge_donors), rows)


def _field_values(conn, row, old: dict, changed: dict) -> dict:
    """Column values for changed fields, with what follows from them (donor
    key, announcement day, converted amounts)."""
    values = {k: (";".join(v) if k in ("donors", "categories") else v) for k, v in changed.items()}
    if "donors" in changed:
        values["donor_key"] = ";".join(sorted(set(changed["donors"])))
    if "date" in changed:
        published = conn.execute(select(sources.c.published).where(sources.c.id == row.source_id)).scalar_one()
        values["event_date"] = changed["date"] or _day(published, "published")
    if {"amount", "currency", "date"} & set(changed):
        fx = {"amount": changed.get("amount", old["amount"]), "currency": changed.get("currency", old["currency"]),
              "event_date": values.get("event_date", old["event_date"])}
        _normalised([fx])
        values.update({k: fx[k] for k in ("amount_eur", "amount_usd", "amount_gbp", "fx_date")})
    return values


def _write(conn, pledge_id: str, what: str, before: dict, after: dict, who: str, version: int,
           action: int | None = None, undoes: int | None = None) -> int:
    row = _history_row(pledge_id, what, _jsonable(before), _jsonable(after), _now(), who=who, version=version,
                       action=action, undoes=undoes)
    return conn.execute(insert(history).values(**row)).inserted_primary_key[0]


# -- the actions -----------------------------------------------------------

@_database_errors
def update_pledge(store: Store, pledge_id: str, expected_version: int | None = None, who: str | None = None,
                  **changes) -> dict:
    """Correct a stored pledge's fields (those of `EDITABLE`); its status
    becomes `edited` (a rejected one stays rejected) and the old and new
    values go to the history with who made the change. Refused when
    `expected_version` is given and the pledge has changed since. Returns the
    fields that changed, with their new values."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InputError(f"cannot edit {', '.join(unknown)}: editable fields are {', '.join(EDITABLE)}")
    if "date" in changes and isinstance(changes["date"], str):
        changes["date"] = _day(changes["date"], "pledge")
    _check_values(changes, f"pledge {pledge_id}")
    who = who or reviewer()
    with _writing(store) as conn:
        row = _locked_pledge(conn, pledge_id)
        _check_version(conn, row, expected_version)
        old = _stored_values(row)
        changed = {k: v for k, v in changes.items() if old[k] != v}
        if not changed:
            return {}
        values = _field_values(conn, row, old, changed)
        if old["status"] in ("extracted", "confirmed"):  # a rejected pledge stays rejected
            values["status"] = "edited"
            changed = {**changed, "status": "edited"}
        values["reviewed_by"] = who
        version = _bump(conn, pledge_id, row, values)
        if "donor_key" in values:
            _donor_rows(conn, pledge_id, values["donor_key"])
        # What follows from the fields (donor key, converted amounts) is worked out again by an undo.
        _write(conn, pledge_id, "edit", {k: old[k] for k in changed}, changed, who, version)
    return changed


def _set(store: Store, pledge_id: str, what: str, values_of, expected_version: int | None, who: str | None):
    who = who or reviewer()
    with _writing(store) as conn:
        row = _locked_pledge(conn, pledge_id)
        _check_version(conn, row, expected_version)
        if row.merged_into:
            raise InputError(f"pledge {pledge_id} was merged into {row.merged_into}: act on that one")
        old = _stored_values(row)
        values = {k: v for k, v in values_of(old).items() if old[k] != v}
        if not values:
            return {}
        before = {k: old[k] for k in values}
        after = dict(values)
        values["reviewed_by"] = who
        version = _bump(conn, pledge_id, row, values)
        _write(conn, pledge_id, what, before, after, who, version)
        return after


@_database_errors
def set_status(store: Store, pledge_id: str, status: str, expected_version: int | None = None,
               who: str | None = None) -> None:
    """Confirm, reject (or mark edited) a stored pledge, keeping the old status in the history."""
    if status not in STATUSES:
        raise InputError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    _set(store, pledge_id, "status", lambda old: {"status": status}, expected_version, who)


@_database_errors
def confirm(store: Store, pledge_id: str, expected_version: int | None = None, who: str | None = None) -> dict:
    """A person checked the pledge against its sources: it counts whatever its
    confidence, and a conflict or a note on it is settled (an edited pledge stays edited)."""
    return _set(store, pledge_id, "status", lambda old: {
        "status": "edited" if old["status"] == "edited" else "confirmed", "conflict": False, "review_note": None},
        expected_version, who)


@_database_errors
def reject(store: Store, pledge_id: str, expected_version: int | None = None, who: str | None = None) -> dict:
    """Not a pledge: kept, marked rejected, never counted; a later report of it joins it and stays rejected."""
    return _set(store, pledge_id, "status", lambda old: {"status": "rejected", "conflict": False},
                expected_version, who)


@_database_errors
def clear_conflict(store: Store, pledge_id: str, expected_version: int | None = None, who: str | None = None) -> None:
    """Mark a reviewed conflict as settled, keeping the flag in the history."""
    _set(store, pledge_id, "conflict", lambda old: {"conflict": False}, expected_version, who)


def _links(conn, pledge_id: str) -> list:
    return conn.execute(select(pledge_sources).where(pledge_sources.c.pledge_id == pledge_id)
                        .order_by(pledge_sources.c.source_id, pledge_sources.c.start)).all()


@_database_errors
def merge(store: Store, keep: str, other: str, expected_versions: dict | None = None,
          who: str | None = None) -> dict:
    """Two pledges are one: `other`'s reports join `keep`, which takes the
    more specific donors (when the two fit), is confirmed and loses its
    conflict flag; `other` is kept, folded into `keep`, until an undo."""
    if keep == other:
        raise InputError("a pledge cannot be merged with itself")
    expected_versions = expected_versions or {}
    who = who or reviewer()
    with _writing(store) as conn:
        rows = {pid: _locked_pledge(conn, pid) for pid in sorted((keep, other))}
        for pid, row in rows.items():
            _check_version(conn, row, expected_versions.get(pid))
            if row.merged_into:
                raise InputError(f"pledge {pid} was merged into {row.merged_into} already")
        a, b = _stored_values(rows[keep]), _stored_values(rows[other])
        moving = _links(conn, other)
        held = {(link.source_id, link.start) for link in _links(conn, keep)}
        if any((link.source_id, link.start) in held for link in moving):
            raise InputError(f"pledges {keep} and {other} quote the same sentence of one article; "
                             "edit or reject one of them instead")
        values = {"conflict": False, "review_note": None, "reviewed_by": who,
                  "status": "confirmed" if a["status"] == "extracted" else a["status"]}
        mine, theirs = set(a["donors"]), set(b["donors"])
        if theirs and mine < theirs:  # the more specific donors
            values.update(donors=";".join(b["donors"]), donor_key=";".join(sorted(theirs)))
        values = {k: v for k, v in values.items() if (";".join(a[k]) if k == "donors" else a[k]) != v}
        before = {k: a[k] for k in values}
        differed = {f: [a[f], b[f]] for f in ("donors", "amount", "currency", "kind", "aid_type", "date")
                    if a[f] != b[f]}
        conn.execute(update(pledge_sources).where(pledge_sources.c.pledge_id == other).values(pledge_id=keep))
        parts = list(conn.execute(select(pledges.c.id).where(pledges.c.part_of == other)).scalars())
        if parts:
            conn.execute(update(pledges).where(pledges.c.id.in_(parts)).values(part_of=keep))
        version = _bump(conn, keep, rows[keep], values)
        if "donor_key" in values:
            _donor_rows(conn, keep, values["donor_key"])
        moved = [[link.source_id, link.start] for link in moving]
        action = _write(conn, keep, "merge", before,
                        {**values, "other": other, "links": moved, "parts": parts, "differed": differed},
                        who, version)
        other_version = _bump(conn, other, rows[other], {"merged_into": keep})
        _write(conn, other, "merged", {"merged_into": None}, {"merged_into": keep}, who, other_version,
               action=action)
    return {"keep": keep, "other": other, "reports": len(moved), "differed": differed}


def _record_pledge_row(record: dict, link, source_row, pid: str, who: str) -> dict:
    day = date.fromisoformat(record["date"]) if record.get("date") else None
    published = _day(source_row.published, "published")
    evidence = record.get("evidence") or []
    return {"id": pid, "donors": ";".join(record["donors"]), "donor_key": ";".join(sorted(set(record["donors"]))),
            "recipient": record.get("recipient", "UKR"), "amount": float(record["amount"]),
            "currency": record["currency"], "qualifier": record["qualifier"], "kind": record["kind"],
            "aid_type": record["aid_type"], "categories": ";".join(record["categories"]), "date": day,
            "event_date": day or published, "period": record.get("period"), "part_of": None,
            "quote": link.quote, "start": link.start, "end": link.end,
            "status": record.get("status") or "extracted", "conflict": False, "source_id": link.source_id,
            "created_at": _now(), "confidence": record.get("confidence"),
            "evidence": json.dumps(evidence, ensure_ascii=False) if evidence else None,
            "review_note": None, "reviewed_by": who, "version": 1, "merged_into": None}


@_database_errors
def split(store: Store, pledge_id: str, source: str, start: int | None = None,
          expected_version: int | None = None, who: str | None = None) -> str:
    """A report wrongly merged into a pledge becomes a pledge of its own again,
    with the values its article gave; returns the new pledge's id."""
    who = who or reviewer()
    with _writing(store) as conn:
        row = _locked_pledge(conn, pledge_id)
        _check_version(conn, row, expected_version)
        links = _links(conn, pledge_id)
        chosen = [link for link in links if link.source_id == source and (start is None or link.start == start)]
        if not chosen:
            raise InputError(f"pledge {pledge_id} has no report from source {source!r}"
                             + (f" at {start}" if start is not None else ""))
        if len(chosen) > 1:
            raise InputError(f"source {source} reports pledge {pledge_id} {len(chosen)} times: "
                             f"give the start of one ({', '.join(str(c.start) for c in chosen)})")
        link = chosen[0]
        rest = [x for x in links if x is not link]
        if not rest:
            raise InputError(f"pledge {pledge_id} has one report only: there is nothing to split off")
        old = _stored_values(row)
        record = json.loads(link.record) if link.record else {
            **{f: old[f] for f in EDITABLE}, "status": old["status"], "confidence": old["confidence"],
            "evidence": json.loads(old["evidence"]) if old["evidence"] else []}
        n, new_id = 0, None
        while new_id is None or conn.execute(select(pledges.c.id).where(pledges.c.id == new_id)).first():
            new_id = hashlib.sha256(f"{pledge_id}:{link.source_id}:{link.start}:split:{n}".encode()).hexdigest()[:16]
            n += 1
        source_row = conn.execute(select(sources.c.published).where(sources.c.id == link.source_id)).first()
        new_row = _record_pledge_row(record, link, source_row, new_id, who)
        new_row["review_note"] = f"split from pledge {pledge_id} by {who}"
        _normalised([new_row])
        conn.execute(insert(pledges).values(**new_row))
        _donor_rows(conn, new_id, new_row["donor_key"])
        conn.execute(update(pledge_sources).where(pledge_sources.c.pledge_id == pledge_id,
                                                  pledge_sources.c.source_id == link.source_id,
                                                  pledge_sources.c.start == link.start).values(pledge_id=new_id))
        values = {"reviewed_by": who}
        if row.source_id == link.source_id and row.start == link.start:  # its first report left: the next one
            first = rest[0]
            values.update(source_id=first.source_id, start=first.start, end=first.end, quote=first.quote)
        before = {k: old[k] for k in values}
        version = _bump(conn, pledge_id, row, values)
        action = _write(conn, pledge_id, "split", before,
                        {**values, "new": new_id, "link": [link.source_id, link.start]}, who, version)
        _write(conn, new_id, "split-off", {}, {"from": pledge_id}, who, 1, action=action)
    return new_id


@_database_errors
def undo(store: Store, entry: int, who: str | None = None) -> str:
    """Take back a reviewer's action (a history entry's id; for a merge or a
    split, that of either pledge) in one transaction, as its own history
    entry. Refused when anything changed the pledges since: undo the later
    changes first. Returns what was undone, in words."""
    who = who or reviewer()
    with _writing(store) as conn:
        h = conn.execute(select(history).where(history.c.id == entry)).first()
        if h is None:
            raise InputError(f"no history entry {entry}")
        if h.action is not None:
            h = conn.execute(select(history).where(history.c.id == h.action)).first()
        if h.what not in UNDOABLE or h.who is None:
            raise InputError(f"history entry {h.id} ({h.what}) is a report's, not a reviewer's action: "
                             "it cannot be undone")
        if conn.execute(select(history.c.id).where(history.c.undoes == h.id)).first():
            raise InputError(f"history entry {h.id} was undone already")
        before, after = json.loads(h.before), json.loads(h.after)
        row = _locked_pledge(conn, h.pledge_id)
        if row.version != h.version:
            raise ChangedMeanwhile(f"pledge {h.pledge_id} changed after this {h.what} (version {h.version}, "
                                   f"now {row.version}): undo the later changes first")
        if h.what == "merge":
            other = _locked_pledge(conn, after["other"])
            last = conn.execute(select(history.c.version).where(history.c.action == h.id)).scalar_one()
            if other.version != last:
                raise ChangedMeanwhile(f"pledge {other.id} changed after the merge: undo the later changes first")
            for source, start in after["links"]:
                conn.execute(update(pledge_sources).where(pledge_sources.c.pledge_id == h.pledge_id,
                                                          pledge_sources.c.source_id == source,
                                                          pledge_sources.c.start == start)
                             .values(pledge_id=other.id))
            if after.get("parts"):
                conn.execute(update(pledges).where(pledges.c.id.in_(after["parts"])).values(part_of=other.id))
            other_version = _bump(conn, other.id, other, {"merged_into": None})
            undo_id = _write(conn, h.pledge_id, "undo", after, before, who, None, undoes=h.id)
            _write(conn, other.id, "undo", {"merged_into": h.pledge_id}, {"merged_into": None}, who,
                   other_version, action=undo_id)
        elif h.what == "split":
            new = _locked_pledge(conn, after["new"])
            if new.version != 1:
                raise ChangedMeanwhile(f"pledge {new.id}, split off, changed since: undo its changes first")
            source, start = after["link"]
            conn.execute(update(pledge_sources).where(pledge_sources.c.pledge_id == new.id)
                         .values(pledge_id=h.pledge_id))
            conn.execute(update(pledges).where(pledges.c.part_of == new.id).values(part_of=h.pledge_id))
            conn.execute(delete(pledge_donors).where(pledge_donors.c.pledge_id == new.id))
            conn.execute(delete(history).where(history.c.pledge_id == new.id))
            conn.execute(delete(pledges).where(pledges.c.id == new.id))
            undo_id = None
        else:
            undo_id = None
        def stored(k, v):
            if k in ("date", "event_date", "fx_date") and isinstance(v, str):
                return date.fromisoformat(v[:10])
            if k in ("donors", "categories") and isinstance(v, str):
                return v.split(";") if v else []
            return v

        old = _stored_values(row)
        fields = {k: stored(k, before[k]) for k in EDITABLE if k in before}
        restore = _field_values(conn, row, old, fields) if fields else {}
        restore.update({k: stored(k, before[k]) for k in _STATE if k in before and k not in restore})
        version = _bump(conn, h.pledge_id, row, restore)
        if "donor_key" in restore:
            _donor_rows(conn, h.pledge_id, restore["donor_key"])
        if undo_id is None:
            _write(conn, h.pledge_id, "undo", after, before, who, version, undoes=h.id)
        else:
            conn.execute(update(history).where(history.c.id == undo_id).values(version=version))
    return f"undid the {h.what} of pledge {h.pledge_id} made by {h.who}"


# -- reading for review ----------------------------------------------------

@_database_errors
def load_history(store: Store, pledge_id: str) -> list[dict]:
    """Every change of a pledge, oldest first: id, what, when, who, before,
    after, version, and whether it can still be undone (`undoable`) or was
    (`undone`)."""
    q = select(history.c.id, history.c.what, history.c.at, history.c.before, history.c.after, history.c.who,
               history.c.version, history.c.action, history.c.undoes).where(
        history.c.pledge_id == pledge_id).order_by(history.c.id)
    with store.engine.connect() as conn:
        rows = conn.execute(q).all()
        ids = [r.id for r in rows] + [r.action for r in rows if r.action]
        undone = set(conn.execute(select(history.c.undoes).where(history.c.undoes.in_(ids))).scalars()) if ids else set()
        current = conn.execute(select(pledges.c.version).where(pledges.c.id == pledge_id)).scalar()
    out = []
    for r in rows:
        # SQLite keeps no time zone; every time is written in UTC.
        primary = r.action or r.id
        out.append({"id": r.id, "what": r.what, "when": r.at if r.at.tzinfo else r.at.replace(tzinfo=UTC),
                    "who": r.who, "before": json.loads(r.before), "after": json.loads(r.after),
                    "version": r.version, "undone": primary in undone,
                    "undoable": (r.what in UNDOABLE or (r.what in ("merged", "split-off") and r.action is not None))
                    and r.who is not None and primary not in undone and r.version == current})
    return out


def _queue_where(bar: float):
    c = pledges.c
    return (c.merged_into.is_(None), c.status != "rejected",
            or_((c.status == "extracted") & (c.confidence < bar), c.conflict.is_(True),
                (c.status == "extracted") & (func.coalesce(c.review_note, "") != "")))


@_database_errors
def review_queue(store: Store, bar: float | None = None, limit: int | None = None) -> pd.DataFrame:
    """What waits for a person, lowest confidence first: extracted records
    below the review bar, conflicts, and reports merged despite differing
    donors or aid type. Columns id, reasons, donors, amount, currency, kind,
    aid_type, date, confidence, status, conflict, review_note, reports,
    version, quote, amount_eur."""
    bar = review_bar() if bar is None else bar
    c = pledges.c
    postgres = store.engine.dialect.name == "postgresql"
    if postgres:  # every pledge's reports counted in one pass, joined by hash
        counts = (select(pledge_sources.c.pledge_id, func.count().label("n"))
                  .group_by(pledge_sources.c.pledge_id).subquery())
        reports = func.coalesce(counts.c.n, 0)
    else:  # counted for the queued pledges only, through the links' primary key
        reports = (select(func.count()).select_from(pledge_sources).where(pledge_sources.c.pledge_id == c.id)
                   .scalar_subquery())
    q = (select(c.id, c.donors, c.amount, c.currency, c.kind, c.aid_type, type_coerce(c.date, String),
                c.confidence, c.status, c.conflict, c.review_note, reports, c.version, c.quote, c.amount_eur)
         .where(*_queue_where(bar))
         .order_by(func.coalesce(c.confidence, 2.0), c.event_date, c.id))
    if postgres:
        q = q.outerjoin(counts, counts.c.pledge_id == c.id)
    if limit:
        q = q.limit(limit)
    names = ["id", "donors", "amount", "currency", "kind", "aid_type", "date", "confidence", "status",
             "conflict", "review_note", "reports", "version", "quote", "amount_eur"]
    with store.engine.connect() as conn:
        if postgres:  # a short read: compiling it to machine code costs more than it saves
            conn.exec_driver_sql("SET LOCAL jit = off")
        result = conn.execute(q)
        rows = result.cursor.fetchall()
        result.close()
    data = dict(zip(names, zip(*rows))) if rows else {n: () for n in names}
    confidence = np.array([np.nan if v is None else v for v in data["confidence"]], dtype="float64")
    low = (np.array([s == "extracted" for s in data["status"]], dtype=bool) & (confidence < bar))
    conflict = np.array(data["conflict"], dtype=bool)
    notes = [n or "" for n in data["review_note"]]
    reasons = [", ".join(r for r, on in ((f"confidence below {bar:g}", lo), ("conflict", co),
                                         ("reports differ", bool(n) and s == "extracted")) if on)
               for lo, co, n, s in zip(low, conflict, notes, data["status"])]
    return pd.DataFrame({
        "id": pd.Series(data["id"], dtype="str"), "reasons": pd.Series(reasons, dtype="str"),
        "donors": [v.split(";") if v else [] for v in data["donors"]],
        "amount": pd.Series(data["amount"], dtype="float64"), "currency": pd.Series(data["currency"], dtype="str"),
        "kind": pd.Series(data["kind"], dtype="str"), "aid_type": pd.Series(data["aid_type"], dtype="str"),
        "date": pd.to_datetime(pd.Series(data["date"], dtype="object"), format="ISO8601"),
        "confidence": confidence, "status": pd.Series(data["status"], dtype="str"),
        "conflict": conflict, "review_note": pd.Series(notes, dtype="str"),
        "pending": low, "reports": pd.Series(data["reports"], dtype="int64"),
        "version": pd.Series(data["version"], dtype="int64"), "quote": pd.Series(data["quote"], dtype="str"),
        "amount_eur": pd.Series([np.nan if v is None else v for v in data["amount_eur"]], dtype="float64"),
    })


@_database_errors
def review_item(store: Store, pledge_id: str) -> dict:
    """One pledge for a reviewer: its fields, confidence, evidence, status,
    version, every report (its article's text, the quote's place in it, link,
    outlet) and its history."""
    with store.engine.connect() as conn:
        row = conn.execute(select(pledges).where(pledges.c.id == pledge_id)).first()
        if row is None:
            raise InputError(f"no pledge with id {pledge_id!r} in the store")
        links = conn.execute(
            select(pledge_sources.c.source_id, pledge_sources.c.start, pledge_sources.c.end, pledge_sources.c.quote,
                   pledge_sources.c.record, sources.c.url, sources.c.title, sources.c.outlet, sources.c.published,
                   sources.c.path, sources.c.text)
            .join(sources, sources.c.id == pledge_sources.c.source_id)
            .where(pledge_sources.c.pledge_id == pledge_id)
            .order_by(sources.c.published, sources.c.id, pledge_sources.c.start)).all()
    values = _stored_values(row)
    values["evidence"] = json.loads(values["evidence"]) if values["evidence"] else []
    values["reports"] = [{"source_id": x.source_id, "start": x.start, "end": x.end, "quote": x.quote,
                          "record": json.loads(x.record) if x.record else None, "url": x.url, "title": x.title,
                          "outlet": x.outlet, "published": str(x.published)[:10], "path": x.path, "text": x.text}
                         for x in links]
    values["history"] = load_history(store, pledge_id)
    return values


@_database_errors
def merge_candidates(store: Store, pledge_id: str, limit: int = 10) -> pd.DataFrame:
    """Pledges a reviewer might merge this one with: not rejected nor merged,
    the same currency, announced within a month, sharing a donor or one side
    naming none; the closest amount first. Columns id, donors, amount,
    currency, kind, date, status, conflict, version."""
    from datetime import timedelta

    c = pledges.c
    with store.engine.connect() as conn:
        row = conn.execute(select(pledges).where(pledges.c.id == pledge_id)).first()
        if row is None:
            raise InputError(f"no pledge with id {pledge_id!r} in the store")
        day = _day(row.event_date, "event")
        q = (select(c.id, c.donors, c.donor_key, c.amount, c.currency, c.kind, type_coerce(c.date, String),
                    c.status, c.conflict, c.version)
             .where(c.id != pledge_id, c.merged_into.is_(None), c.status != "rejected", c.currency == row.currency,
                    c.event_date.between(day - timedelta(days=31), day + timedelta(days=31))))
        found = conn.execute(q).all()
    mine = set(row.donor_key.split(";")) if row.donor_key else set()
    near = [f for f in found if not mine or not f.donor_key or mine & set(f.donor_key.split(";"))]
    near.sort(key=lambda f: (abs(f.amount - row.amount) / max(row.amount, 1), f.id))
    near = near[:limit]
    return pd.DataFrame({
        "id": [f.id for f in near], "donors": [f.donors.split(";") if f.donors else [] for f in near],
        "amount": pd.Series([f.amount for f in near], dtype="float64"), "currency": [f.currency for f in near],
        "kind": [f.kind for f in near], "date": [f[6] for f in near], "status": [f.status for f in near],
        "conflict": pd.Series([bool(f.conflict) for f in near], dtype="bool"),
        "version": pd.Series([f.version for f in near], dtype="int64")})


def quote_context(text: str, start: int, end: int, quote: str, width: int = 280) -> tuple[str, str, str]:
    """A report's quote in its article: (text before, the quote, text after),
    some `width` characters either side, cut at a space and marked '…'. The
    quote's place is `start`..`end`, else where the text holds it.

    >>> quote_context("One. The UK gives £5m. Three.", 5, 22, "The UK gives £5m.")
    ('One. ', 'The UK gives £5m.', ' Three.')
    >>> quote_context("A long first part. The UK gives £5m.", 0, 0, "The UK gives £5m.", width=8)
    ('…part. ', 'The UK gives £5m.', '')
    """
    text = text or ""
    if not (0 <= start < end <= len(text)) or (quote and text[start:end] != quote):
        found = text.find(quote) if quote else -1
        if found < 0:
            return "", quote, ""
        start, end = found, found + len(quote)
    lo, hi = max(0, start - width), min(len(text), end + width)
    if lo > 0:
        cut = text.find(" ", lo, start)
        lo = cut + 1 if cut >= 0 else lo
    if hi < len(text):
        cut = text.rfind(" ", end, hi)
        hi = cut if cut >= 0 else hi
    return (("…" if lo > 0 else "") + text[lo:start], text[start:end],
            text[end:hi] + ("…" if hi < len(text) else ""))


def parse_field(field: str, text: str):
    """A field's new value as a reviewer types it ("GBR;NOR", "450000000",
    "2025-04-11", "" for none), checked as a stored record's would be.

    >>> parse_field("donors", "gbr; nor"), parse_field("amount", "4.5e9"), parse_field("period", "")
    (['GBR', 'NOR'], 4500000000.0, None)
    """
    if field not in EDITABLE:
        raise InputError(f"cannot edit {field!r}: editable fields are {', '.join(EDITABLE)}")
    text = (text or "").strip()
    if field in ("donors", "categories"):
        value = [c.strip() for c in text.replace(",", ";").split(";") if c.strip()]
        value = [c.upper() for c in value] if field == "donors" else [c.lower() for c in value]
    elif field == "amount":
        try:
            value = float(text.replace(",", "").replace("_", ""))
        except ValueError:
            raise InputError(f"amount {text!r} is not a number") from None
    elif field == "date":
        value = _day(text, "pledge")
    elif field in ("currency", "recipient"):
        value = text.upper()
    elif field == "period":
        value = text or None
    else:
        value = text
    _check_values({field: value}, "edit")
    return value
