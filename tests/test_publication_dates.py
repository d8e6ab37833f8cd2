"""One date finder for every way an article comes in: the same files
(tests/fixtures/dates: a dateline, Markdown front matter, a sidecar .json, an
HTML page's metadata, and a file with none of them) give the same publication
date to `extract` and `ingest` on the command line (subprocesses) and to an
upload on the Add-articles page (AppTest); an undated file is held back alone.
"""
from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from tracker.dashboard.markdown import shown_text
from tracker.store.query import load_sources
from tracker.store.schema import open_store

DATES = ROOT / "tests" / "fixtures" / "dates"
# File -> its publication date and the one record the extractor finds in it.
DATED = {
    "dateline.txt": ("2025-05-05", "CAD", 200e6),    # "Ottawa, 5 May 2025 — ..."
    "frontmatter.md": ("2025-03-14", "EUR", 350e6),  # published: 2025-03-14
    "sidecar.txt": ("2025-02-20", "SEK", 1.5e9),     # sidecar.json beside it
    "page.html": ("2025-01-30", "DKK", 1.3e9),       # article:published_time
}
UNDATED = "undated.txt"
NORMALISED = ("amount_eur", "amount_usd", "amount_gbp", "fx_date")


def tracker(*args, stdin=subprocess.DEVNULL, **kw):
    return subprocess.run([sys.executable, "-m", "tracker", *map(str, args)], cwd=ROOT, stdin=stdin,
                          capture_output=True, text=True, timeout=180, **kw)


# -- extract ------------------------------------------------------------------------

@pytest.mark.parametrize("name", DATED)
def test_extract_finds_the_date_the_way_ingest_does(name):
    p = tracker("extract", "--format", "json", DATES / name)
    published, currency, amount = DATED[name]
    records = json.loads(p.stdout)
    actual = (p.returncode, p.stderr, [(r["date"], r["currency"], r["amount"], r["fx_date"]) for r in records])
    assert actual == (0, "", [(published, currency, amount, published)])


def test_extract_of_the_seed_without_published_gives_the_readme_records():
    seed = ROOT / "seeds" / "000_ec911605d6ab0184.txt"
    bare, given = tracker("extract", seed), tracker("extract", "--published", "2025-04-11", seed)
    assert (bare.returncode, bare.stdout, bare.stderr) == (0, given.stdout, "")
    assert "GBP    4,500,000,000  exact    budget" in bare.stdout


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_an_undated_file_gives_undated_unconverted_records_and_one_warning(fmt):
    p = tracker("extract", "--format", fmt, DATES / UNDATED)
    warning = p.stderr.splitlines()
    assert (p.returncode, len(warning), "no publication date for" in p.stderr, "--published" in p.stderr) == (
        0, 1, True, True)
    assert "NaT" not in p.stdout and "nan" not in p.stdout.lower()
    if fmt == "json":
        record, = json.loads(p.stdout)
        assert (record["date"], record["amount"], *(record[c] for c in NORMALISED)) == (
            None, 500e6, None, None, None, None)
    elif fmt == "csv":
        row, = csv.DictReader(io.StringIO(p.stdout))
        assert (row["date"], row["amount"], *(row[c] for c in NORMALISED)) == ("", "500000000", "", "", "", "")
    else:
        assert p.stdout.split()[:3] == ["NOR", "NOK", "500,000,000"] and " - " in p.stdout


def test_standard_input_is_dated_by_its_dateline():
    p = tracker("extract", "--format", "json", "-", stdin=None, input=(DATES / "dateline.txt").read_text())
    assert [r["date"] for r in json.loads(p.stdout)] == ["2025-05-05"]


def test_extract_csv_has_whole_numbers_and_an_integer_part_of():
    seed = ROOT / "seeds" / "000_ec911605d6ab0184.txt"
    rows = list(csv.DictReader(io.StringIO(tracker("extract", "--format", "csv", seed).stdout)))
    assert [(r["amount"], r["amount_gbp"], r["part_of"]) for r in rows] == [
        ("21000000000", rows[0]["amount_gbp"], ""), ("450000000", "450000000", "0"),
        ("4500000000", "4500000000", "")]
    # Other currencies to the cent at most: no float noise such as 539697769.2492205.
    assert all(len(r[c].partition(".")[2]) <= 2 for r in rows for c in NORMALISED[:3])


# -- ingest -------------------------------------------------------------------------

def _published(db) -> dict[str, str]:
    with open_store(str(db)) as store:
        frame = load_sources(store)
    return {title: day.date().isoformat() for title, day in zip(frame["title"], frame["published"])}


def test_ingest_dates_the_same_files_alike(tmp_path):
    db = tmp_path / "t.db"
    p = tracker("ingest", "--db", db, *(DATES / name for name in DATED))
    assert (p.returncode, sorted(_published(db).values())) == (0, sorted(d for d, _, _ in DATED.values()))


def test_ingest_without_a_terminal_refuses_an_undated_file(tmp_path):
    db = tmp_path / "t.db"
    p = tracker("ingest", "--db", db, DATES)
    assert (p.returncode, p.stderr.strip().splitlines(), db.exists() and _published(db)) == (
        2, [f"error: no publication date for {DATES / UNDATED}: give it with --published YYYY-MM-DD"], {})


def _on_a_terminal(argv, answers: list[str], timeout=180) -> tuple[int, str]:
    """Runs the command with standard input and error on a pseudo-terminal, typing
    each answer when a prompt for a date appears; returns the exit status and what
    the terminal showed."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal 100 wide
    proc = subprocess.Popen([sys.executable, "-m", "tracker", *map(str, argv)], cwd=ROOT, stdin=follower,
                            stdout=subprocess.DEVNULL, stderr=follower, close_fds=True)
    os.close(follower)
    shown, pending, end = b"", list(answers), time.monotonic() + timeout
    try:
        while time.monotonic() < end:
            ready, _, _ = select.select([leader], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(leader, 4096)
                except OSError:  # the command ended and closed the terminal
                    break
                if not chunk:
                    break
                shown += chunk
                if pending and shown.count(b"(YYYY-MM-DD, empty to stop): ") > len(answers) - len(pending):
                    os.write(leader, pending.pop(0).encode() + b"\n")
            elif proc.poll() is not None:
                break
        return proc.wait(timeout=10), shown.decode(errors="replace")
    finally:
        os.close(leader)
        if proc.poll() is None:
            proc.kill()


def test_ingest_on_a_terminal_asks_for_the_missing_date_until_it_is_one(tmp_path):
    db = tmp_path / "t.db"
    code, shown = _on_a_terminal(["ingest", "--db", db, DATES / UNDATED, DATES / "dateline.txt"],
                                 ["5 June", "2025-06-05"])
    assert (code, shown.count("has no publication date"), "bad date '5 June" in shown) == (0, 2, True), shown
    assert _published(db) == {"Norway adds humanitarian aid": "2025-06-05",
                              "Canada adds armoured vehicles for Ukraine": "2025-05-05"}


def test_ingest_on_a_terminal_stops_on_an_empty_answer(tmp_path):
    db = tmp_path / "t.db"
    code, shown = _on_a_terminal(["ingest", "--db", db, DATES / UNDATED], [""])
    assert (code, "error: no publication date for" in shown, db.exists() and _published(db)) == (2, True, {})


def test_the_prompt_reads_and_checks_what_is_typed():
    from tracker.__main__ import ask_date
    from tracker.errors import InputError

    answers, shown = iter(["2025-13-45\n", " 2025-06-05 \n"]), io.StringIO()
    assert ask_date("a.txt", read=lambda: next(answers), write=shown) == date(2025, 6, 5)
    assert shown.getvalue().count("a.txt has no publication date") == 2 and "bad date '2025-13-45" in shown.getvalue()
    with pytest.raises(InputError, match="--published"):
        ask_date("a.txt", read=lambda: "", write=io.StringIO())  # the end of the input


def test_a_large_ingest_shows_progress_on_a_terminal_only(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(12):
        (folder / f"a{n:02}.txt").write_text(f"Oslo, 2 May 2025 - Norway will give NOK {n + 1} million to Ukraine.\n",
                                             encoding="utf-8")
    code, shown = _on_a_terminal(["ingest", "--db", tmp_path / "tty.db", folder], [])
    piped = tracker("ingest", "--db", tmp_path / "pipe.db", folder)
    assert (code, "extracting:" in shown and "/12 [" in shown) == (0, True), shown
    assert (piped.returncode, piped.stderr) == (0, "")


# -- upload -------------------------------------------------------------------------

@pytest.fixture
def add_page(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_DB", f"sqlite:///{tmp_path / 'tracker.db'}")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/2_Add_articles.py").run()
    assert not at.exception, at.exception
    return at


def _upload(at, names):
    mime = {".html": "text/html", ".md": "text/markdown", ".json": "application/json"}
    at.file_uploader(key="add_files").set_value(
        [(n, (DATES / n).read_bytes(), mime.get((DATES / n).suffix, "text/plain")) for n in names])
    at.button(key="add_find").click().run()
    assert not at.exception, at.exception
    return at


def test_an_upload_is_dated_as_the_command_line_dates_it_and_an_undated_file_waits_alone(add_page):
    at = _upload(add_page, sorted(p.name for p in DATES.iterdir()))
    drafts = {d.article.path: (d.published.isoformat(), [(p.currency, p.amount) for p in d.records])
              for d in at.session_state["drafts"]}
    assert drafts == {name: (day, [(currency, amount)]) for name, (day, currency, amount) in DATED.items()}
    held = [a.path for a in at.session_state["held"]]
    assert (held, [e.value for e in at.error], len(at.warning)) == ([UNDATED], [], 1)
    assert "has no publication date" in at.warning[0].value


def test_the_held_file_is_read_once_its_own_date_is_given(add_page):
    at = _upload(add_page, [UNDATED, "dateline.txt"])
    key = at.session_state["drafts"][0].key  # the dated file went on
    held = at.session_state["held"][0]
    from tracker.dashboard.draft import article_key

    at.date_input(key=f"held_date_{article_key(held)}").set_value(date(2025, 6, 5))
    at.button(key=f"held_find_{article_key(held)}").click().run()
    drafts = {d.article.path: d.published for d in at.session_state["drafts"]}
    assert (drafts, at.session_state["held"], key in {d.key for d in at.session_state["drafts"]}) == (
        {"dateline.txt": date(2025, 5, 5), UNDATED: date(2025, 6, 5)}, [], True)


def test_the_page_date_box_dates_an_undated_upload(add_page):
    add_page.date_input(key="add_published").set_value(date(2025, 6, 5))
    at = _upload(add_page, [UNDATED, "sidecar.txt", "sidecar.json"])
    drafts = {d.article.path: d.published.isoformat() for d in at.session_state["drafts"]}
    # The date box is for articles without a date: the sidecar's date still wins.
    assert (drafts, at.session_state["held"]) == ({UNDATED: "2025-06-05", "sidecar.txt": "2025-02-20"}, [])


def test_a_sidecar_without_its_article_is_named(add_page):
    at = _upload(add_page, ["sidecar.json", "dateline.txt"])
    assert ([shown_text(e.value) for e in at.error], len(at.session_state["drafts"])) == (
        ["sidecar.json: a sidecar with no article of the same name uploaded beside it. Not read."], 1)


@pytest.mark.parametrize("name", ["dateline.txt", "frontmatter.md"])
def test_pasted_text_is_dated_as_a_file_is(add_page, name):
    add_page.text_area(key="add_text").set_value((DATES / name).read_text(encoding="utf-8"))
    add_page.button(key="add_find").click().run()
    drafts = [(d.published.isoformat(), [(p.currency, p.amount) for p in d.records])
              for d in add_page.session_state["drafts"]]
    published, currency, amount = DATED[name]
    assert drafts == [(published, [(currency, amount)])]


def test_a_file_that_cannot_be_read_is_named_and_the_others_go_on(add_page):
    add_page.file_uploader(key="add_files").set_value([
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "text/plain"),
        ("dateline.txt", (DATES / "dateline.txt").read_bytes(), "text/plain")])
    at = add_page.button(key="add_find").click().run()
    assert ([d.article.path for d in at.session_state["drafts"]], [shown_text(e.value) for e in at.error]) == (
        ["dateline.txt"], ["photo.txt: photo.txt is a binary file, not text. Not read."])
