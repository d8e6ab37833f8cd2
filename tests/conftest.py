"""Shared fixtures: a real SQLite store file per test, a fresh PostgreSQL
schema per test (TRACKER_TEST_PG_URL; skipped without it unless
TRACKER_REQUIRE_PG=1), and the gold records of the seed and the corpus.

A test marked `corpus`, `postgres` or `browser` that is skipped fails instead when
its switch is 1 (REQUIRE below): CI sets them all, so that nothing it must run can
quietly not run. A test that uses the `corpus_dir` fixture is marked `corpus`.
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
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
REQUIRE = {"corpus": "TRACKER_REQUIRE_CORPUS", "postgres": "TRACKER_REQUIRE_PG", "browser": "TRACKER_REQUIRE_BROWSER"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "corpus_dir" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.corpus)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A skip of a test whose marker's REQUIRE switch is 1 is reported as a failure,
    unless the test also carries a marker whose switch is not set (a corpus test on
    PostgreSQL may skip for want of the database when PostgreSQL is not required)."""
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    markers = [m for m in REQUIRE if item.get_closest_marker(m)]
    required = [m for m in markers if os.environ.get(REQUIRE[m]) == "1"]
    if required and len(required) == len(markers):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"{REQUIRE[required[0]]}=1 but this {required[0]} test was skipped: {reason}"


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


@pytest.fixture(autouse=True)
def kept_views_folder(tmp_path, monkeypatch):
    """The dashboard keeps its opening view (tracker.dashboard.kept) in a folder
    of each test's own, never in the user's cache."""
    folder = tmp_path / "kept-views"
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(folder))
    return folder
