"""Shared fixtures: a real SQLite store file per test, a fresh PostgreSQL
schema per test (TRACKER_TEST_PG_URL; skipped without it unless
TRACKER_REQUIRE_PG=1), and the gold records of the seed and the corpus.
"""
from __future__ import annotations

import json
import os
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_ec911605d6ab0184.txt"
CORPUS = ROOT.parent / "shared" / "corpus"


def gold_records(path: Path) -> list:
    """The gold pledges of an article (its sidecar .json), located in its text."""
    from tracker.records.pledge import Pledge

    text = path.read_text(encoding="utf-8")
    records = []
    for r in json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["records"]:
        start = text.find(r["quote"])
        records.append(Pledge(
            donors=r["donors"], amount=float(r["amount"]), currency=r["currency"], qualifier=r["qualifier"],
            kind=r["kind"], aid_type=r["aid_type"], categories=r["categories"],
            date=date.fromisoformat(r["date"]) if r["date"] else None, period=r["period"],
            part_of=r.get("part_of"), quote=r["quote"], start=max(start, 0), end=max(start, 0) + len(r["quote"]),
            recipient=r.get("recipient", "UKR")))
    return records


@pytest.fixture
def gold():
    """`gold(path)`: the gold Pledge records of a seed or corpus article."""
    return gold_records


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the development corpus is not at {CORPUS}")
    return CORPUS


@pytest.fixture
def sqlite_store(tmp_path):
    """A store in a real SQLite file in a temporary folder."""
    from tracker.store.schema import open_store

    store = open_store(str(tmp_path / "tracker.db"))
    yield store
    store.close()


@pytest.fixture
def pg_url():
    """A URL into a fresh, empty PostgreSQL schema, dropped afterwards."""
    base = os.environ.get("TRACKER_TEST_PG_URL")
    if not base:
        if os.environ.get("TRACKER_REQUIRE_PG") == "1":
            pytest.fail("TRACKER_REQUIRE_PG=1 but TRACKER_TEST_PG_URL is not set")
        pytest.skip("TRACKER_TEST_PG_URL is not set")
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_store(request, tmp_path):
    """The same test against an SQLite file and the loopback PostgreSQL."""
    from tracker.store.schema import open_store

    url = str(tmp_path / "tracker.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    store = open_store(url)
    yield store
    store.close()
