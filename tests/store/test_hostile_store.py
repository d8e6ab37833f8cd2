"""Reading a store that is locked, read-only or corrupt (issue 16): no write lock to
read, a snapshot where the user may not write, one clear error for a corrupt page.
"""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT

ARTICLE = "The United Kingdom pledged £450 million in military aid to Ukraine on Friday, the minister said.\n"
# The busy timeout is 30 s: a reader that waited for the write lock took that long.
HANG = 20


def cli(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "tracker", *map(str, args)], cwd=ROOT, capture_output=True,
                          timeout=timeout)


def test_export_of_a_store_with_any_page_corrupted_gives_rows_or_one_error(tmp_path):
    import sqlite3

    from tracker.errors import TrackerError
    from tracker.pipeline import ingest_article
    from tracker.reading.files import Article
    from tracker.records.pledge import Pledge
    from tracker.store.query import load_pledges
    from tracker.store.schema import open_store

    db = tmp_path / "t.db"
    with open_store(str(db)) as store:
        for i in range(40):
            quotes = [f"Norway pledged NOK {i * 50 + j + 1} million to Ukraine, article {i} said, " + "so " * 40
                      for j in range(8)]
            pledges = [Pledge(donors=["NOR"], amount=(i * 50 + j + 1) * 1e6, currency="NOK", quote=q)
                       for j, q in enumerate(quotes)]
            ingest_article(store, Article(text=" ".join(quotes), path=f"a{i}.txt"), published=date(2025, 4, 11),
                           pledges=pledges)
    pages = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]
    clean, size = db.read_bytes(), 4096
    outcomes = set()
    for page in range(2, pages + 1):
        broken = bytearray(clean)
        broken[(page - 1) * size + 200:page * size] = b"\xa5" * (size - 200)
        db.write_bytes(bytes(broken))
        try:
            with open_store(str(db), read_only=True) as store:
                load_pledges(store)
            outcomes.add("rows")
        except TrackerError as e:
            outcomes.add(str(e).split(": ", 1)[-1])
    assert outcomes <= {"rows", "database disk image is malformed"} and "database disk image is malformed" in outcomes


def _seeded_store(folder: Path) -> Path:
    from tracker.pipeline import ingest_article
    from tracker.reading.files import Article
    from tracker.records.pledge import Pledge
    from tracker.store.schema import open_store

    db = folder / "t.db"
    with open_store(str(db)) as store:
        ingest_article(store, Article(text=ARTICLE, path="a.txt"), published=date(2025, 4, 11),
                       pledges=[Pledge(donors=["GBR"], amount=450e6, currency="GBP", quote=ARTICLE.strip())])
    return db


def test_export_does_not_wait_for_an_ingest_holding_the_write_lock(tmp_path):
    import sqlite3

    db = _seeded_store(tmp_path)
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # an ingest in the middle of its transaction
    try:
        p = cli("export", "--db", db, timeout=HANG)  # the busy timeout is 30 s; the wait was that long
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert p.returncode == 0, p.stderr
    assert p.stdout.decode().count("\n") == 2


def test_export_reads_a_store_in_a_folder_it_may_not_write(tmp_path):
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="tracker-read-only-"))
    try:
        db = _seeded_store(folder)
        command = [sys.executable, "-m", "tracker", "export", "--db", str(db)]
        if os.geteuid() == 0:  # root writes anywhere: read as an unprivileged user
            if not shutil.which("setpriv"):
                pytest.skip("running as root without setpriv to drop privileges")
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
            if subprocess.run(command[:4] + [sys.executable, "-c", "import tracker"], cwd=ROOT,
                              capture_output=True).returncode:
                pytest.skip("an unprivileged user cannot run this checkout's Python")
        folder.chmod(0o555)
        db.chmod(0o444)
        p = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=HANG)
        assert p.returncode == 0, p.stderr.decode()
        assert p.stdout.decode().count("\n") == 2
        assert sorted(f.name for f in folder.iterdir()) == ["t.db"]
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)



def test_a_store_of_an_earlier_version_is_still_brought_up_to_date_when_opened(tmp_path):
    import sqlite3

    from tracker.store.schema import open_store

    db = _seeded_store(tmp_path)
    with sqlite3.connect(db) as old:
        old.execute("ALTER TABLE pledges DROP COLUMN review_note")
    with open_store(str(db), read_only=True):
        pass
    columns = {row[1] for row in sqlite3.connect(db).execute("PRAGMA table_info(pledges)")}
    assert "review_note" in columns
