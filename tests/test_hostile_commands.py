"""Hostile input through the commands (issue 16): dates out of bounds, formulas in
extract's CSV, devices and pipes, a folder ingest an article of which fails or
holds a link out of it, a batch ingest killed with -9, the mode of an export.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

ARTICLE = "The United Kingdom pledged £450 million in military aid to Ukraine on Friday, the minister said.\n"
# A hang would run for minutes; the fixed code takes well under a second.
HANG = 60


def cli(*args, stdin=None, timeout=120):
    return subprocess.run([sys.executable, "-m", "tracker", *map(str, args)], cwd=ROOT, input=stdin,
                          capture_output=True, timeout=timeout)


def error_line(p) -> str:
    """The one line a refused input gets on stderr."""
    lines = p.stderr.decode().strip().splitlines()
    assert p.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: "), p.stderr.decode()
    return lines[0]


@pytest.mark.parametrize("given", ["9999-12-20", "0001-01-01", "1990-12-31", "9999-12-31"])
def test_published_outside_the_accepted_dates_is_refused(tmp_path, given):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    line = error_line(cli("extract", "--published", given, tmp_path / "a.txt"))
    assert f"publication date {given} is outside the dates the tracker accepts" in line


def test_empty_published_is_refused_not_ignored(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert "bad date ''" in error_line(cli("extract", "--published", "", tmp_path / "a.txt"))


def test_extract_csv_neutralises_a_quote_that_would_run_as_a_formula(tmp_path):
    (tmp_path / "a.txt").write_text('=HYPERLINK("https://x.example","open") ' + ARTICLE, encoding="utf-8")
    p = cli("extract", "--published", "2025-04-11", "--format", "csv", tmp_path / "a.txt")
    assert p.returncode == 0, p.stderr
    row = p.stdout.decode().splitlines()[1]
    assert '"\'=HYPERLINK(""https://x.example"",""open"") The United Kingdom' in row


def test_extract_dev_zero_is_refused_without_reading_it():
    line = error_line(cli("extract", "--published", "2025-04-11", "/dev/zero", timeout=HANG))
    assert line == "error: /dev/zero is not a regular file (a pipe, device or socket); give a file"


def test_extract_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    line = error_line(cli("extract", "--published", "2025-04-11", tmp_path / "pipe.txt", timeout=HANG))
    assert line.endswith("pipe.txt is not a regular file (a pipe, device or socket); give a file")


def _articles(folder: Path, count: int, size: int = 1) -> list[Path]:
    """`count` distinct articles, each about `size` paragraphs long."""
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"a{i:03}.txt"
        body = "".join(f"Norway pledged NOK {i + 1},{j:03} million in military aid to Ukraine on Friday. "
                       f"The ministry named article {i} and paragraph {j}.\n" for j in range(size))
        path.write_text(f"Aid to Ukraine {i}\n{body}", encoding="utf-8")
        paths.append(path)
    return paths


# The extractor fails on any text holding this word: a stand-in for a bug met on one article.
CRASHING = """
import sys
import tracker.pipeline as pipeline
extract = pipeline._extract_text
def failing(text, when):
    if "CRASH" in text:
        raise RuntimeError("an extractor bug")
    return extract(text, when)
pipeline._extract_text = failing
from tracker.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def test_folder_ingest_stores_each_article_but_the_one_the_extractor_fails_on(tmp_path):
    first, crashing, last = _articles(tmp_path / "in", 3)
    crashing.write_text(crashing.read_text(encoding="utf-8") + "CRASH\n", encoding="utf-8")
    p = subprocess.run([sys.executable, "-c", CRASHING, "ingest", "--db", tmp_path / "t.db", "--published",
                        "2025-04-11", tmp_path / "in"], cwd=ROOT, capture_output=True, timeout=120, text=True)
    lines = p.stdout.splitlines()
    assert (p.returncode, p.stderr) == (1, "")
    assert lines[1] == f"{crashing}: not stored: the extractor failed on it (RuntimeError: an extractor bug)"
    assert lines[0].startswith(f"{first}: source ") and lines[2].startswith(f"{last}: source ")
    assert lines[3].startswith("2 of 3 articles stored, ") and lines[3].endswith(f"; 1 not stored: {crashing}")
    from tracker.store.query import load_sources
    from tracker.store.schema import open_store

    with open_store(str(tmp_path / "t.db")) as store:
        assert sorted(load_sources(store)["path"]) == [str(first), str(last)]


def test_folder_ingest_names_a_link_it_did_not_follow_and_exits_1(tmp_path):
    (article,) = _articles(tmp_path / "in", 1)
    (tmp_path / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "passwd.txt").symlink_to(tmp_path / "secret.txt")
    p = cli("ingest", "--db", tmp_path / "t.db", "--published", "2025-04-11", tmp_path / "in")
    lines = p.stdout.decode().splitlines()
    assert p.returncode == 1
    assert lines[1] == (f"{tmp_path / 'in' / 'passwd.txt'}: not stored: a link to {tmp_path / 'secret.txt'}, "
                        f"outside {tmp_path / 'in'}; not followed")
    assert lines[2].startswith("1 of 2 articles stored")


def _children(pid: int) -> list[int]:
    found = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat_file.parent.name))
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_workers_of_a_batch_ingest_end_when_it_is_killed(tmp_path):
    import signal
    import time

    from tracker.pipeline import PARALLEL_FROM

    _articles(tmp_path / "in", PARALLEL_FROM + 6, size=60)
    ingest = subprocess.Popen([sys.executable, "-m", "tracker", "ingest", "--db", str(tmp_path / "t.db"),
                               "--published", "2025-04-11", str(tmp_path / "in")], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        workers = []
        while len(workers) < 2 and time.monotonic() < deadline and ingest.poll() is None:
            time.sleep(0.2)
            workers = [c for c in _children(ingest.pid)
                       if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]
        assert len(workers) >= 2, "the ingest started no worker processes"
        started = _children(ingest.pid)  # the workers and multiprocessing's resource tracker
    finally:
        ingest.send_signal(signal.SIGKILL)
        ingest.wait()
    deadline = time.monotonic() + 10
    while any(map(_running, started)) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [pid for pid in started if _running(pid)]
    for pid in left:  # do not leave them behind if the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == []


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_export_file_takes_the_users_umask(tmp_path, umask, mode):
    from tracker.export import write_text

    before = os.umask(umask)
    try:
        write_text("a,b\n", tmp_path / "out.csv")
    finally:
        os.umask(before)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == mode


def test_a_publication_date_given_to_ingest_outside_the_bounds_is_refused(tmp_path):
    from datetime import date

    from tracker.errors import InputError
    from tracker.pipeline import ingest_article
    from tracker.reading.files import Article
    from tracker.store.schema import open_store

    with open_store(str(tmp_path / "t.db")) as store, pytest.raises(InputError, match="9999-01-01 is outside"):
        ingest_article(store, Article(text=ARTICLE, path="a.txt"), published=date(9999, 1, 1))
