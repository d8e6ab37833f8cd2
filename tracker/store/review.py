"""Review: a reviewer's corrections of stored pledges (edits, status, a conflict
cleared), each with the old value written to the history first.
"""
from __future__ import annotations

import json
from datetime import UTC

from sqlalchemy import insert, select, update

from tracker.errors import InputError
from tracker.store.query import _day
from tracker.store.schema import (EDITABLE, STATUSES, Store, _check_values, _database_errors, _history_row,
                                  _jsonable, _normalised, _now, _writing, history, pledge_donors, pledges,
                                  sources)

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
    return [{"what": what, "when": at if at.tzinfo else at.replace(tzinfo=UTC),
             "before": json.loads(before), "after": json.loads(after)}
            for what, at, before, after in rows]
