"""`python -m tracker ingest` and `export` end to end on real store files:
the seed and the corpus ingested with the extractor, re-ingest idempotent,
bad input refused with the store unchanged, exports filtered and zipped."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import zipfile
from datetime import date

import pytest

from conftest import ROOT, SEED
from tracker.__main__ import main
from tracker.export import to_csv
from tracker.reading.files import Article
from tracker.store.query import count_pledges, count_sources, load_pledges, load_sources
from tracker.store.schema import open_store


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def counts(db) -> tuple[int, int]:
    with open_store(str(db)) as store:
        return count_sources(store), count_pledges(store)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "tracker.db"


@pytest.fixture
def seeded(db, capsys):
    run(capsys, "ingest", "--db", db, SEED)
    return db


# -- ingest ------------------------------------------------------------------------

def test_ingest_the_seed(db, capsys):
    code, out, _ = run(capsys, "ingest", "--db", db, SEED)
    actual = (code, out.splitlines()[-1].startswith("1 of 1 article stored"), counts(db)[0], counts(db)[1] > 0)
    assert actual == (0, True, 1, True)


def test_ingest_twice_adds_nothing_and_says_so(seeded, capsys):
    before = counts(seeded)
    code, out, _ = run(capsys, "ingest", "--db", seeded, SEED)
    actual = (code, "already stored" in out, counts(seeded))
    assert actual == (0, True, before)


def test_ingest_the_seed_and_the_corpus_folder(db, capsys, corpus_dir):
    code, out, _ = run(capsys, "ingest", "--db", db, SEED.parent, corpus_dir)
    actual = (code, counts(db)[0], "README" in out)
    assert actual == (0, 25, False)


def test_if_empty_seeds_only_an_empty_store(seeded, capsys, corpus_dir):
    code, out, _ = run(capsys, "ingest", "--db", seeded, "--if-empty", corpus_dir)
    actual = (code, "already holds 1 report;" in out, counts(seeded)[0])
    assert actual == (0, True, 1)


def test_if_empty_ingests_into_an_empty_store(db, capsys):
    code, _, _ = run(capsys, "ingest", "--db", db, "--if-empty", SEED)
    actual = (code, counts(db)[0])
    assert actual == (0, 1)


def test_published_option_dates_an_undated_text(db, capsys, tmp_path):
    path = tmp_path / "oslo.txt"
    path.write_text("Norway will give NOK 1.5 billion for air defence for Ukraine, the ministry said on Friday.\n",
                    encoding="utf-8")
    code, _, err = run(capsys, "ingest", "--db", db, "--published", "2025-05-02", path)
    with open_store(str(db)) as store:
        frame = load_sources(store)
    actual = (code, err, [d.date() for d in frame["published"]])
    assert actual == (0, "", [date(2025, 5, 2)])


def test_url_names_the_source_of_one_file(db, capsys):
    run(capsys, "ingest", "--db", db, "--url", "https://www.gov.uk/healey-udcg", SEED)
    with open_store(str(db)) as store:
        actual = set(load_pledges(store)["source_urls"])
    assert actual == {"https://www.gov.uk/healey-udcg"}


def test_url_alone_fetches_the_page(db, capsys, monkeypatch):
    import tracker.reading.fetch

    text = SEED.read_text(encoding="utf-8")
    fetched = []

    def fetch_article(url, **_):  # the network, and only the network, is mocked
        fetched.append(url)
        return Article(text=text, title="Healey: record support", outlet="GOV.UK", url=url,
                       published=date(2025, 4, 11))

    monkeypatch.setattr(tracker.reading.fetch, "fetch_article", fetch_article)
    code, out, _ = run(capsys, "ingest", "--db", db, "--url", "https://www.gov.uk/x")
    with open_store(str(db)) as store:
        sources = load_pledges(store)["sources"].iloc[0]
    actual = (code, fetched, sources[0]["outlet"], sources[0]["url"], sources[0]["published"])
    assert actual == (0, ["https://www.gov.uk/x"], "GOV.UK", "https://www.gov.uk/x", "2025-04-11")


@pytest.mark.parametrize("args, message", [
    pytest.param(["missing.txt"], "no such file or folder", id="missing-file"),
    pytest.param([], "give article files or folders", id="nothing-to-ingest"),
    pytest.param(["--published", "11/04/2025", "SEED"], "bad date", id="bad-date"),
    pytest.param(["--url", "https://a.example", "SEED", "SEED"], "--url names the source of one file", id="url-two-files"),
    pytest.param(["SEED.json"], "is not an article file", id="not-an-article"),
])
def test_bad_ingest_exits_2_with_one_line_and_changes_nothing(seeded, capsys, args, message):
    before = counts(seeded)
    argv = [str(SEED) if a == "SEED" else str(SEED.with_suffix(".json")) if a == "SEED.json" else a for a in args]
    code, out, err = run(capsys, "ingest", "--db", seeded, *argv)
    actual = (code, err.startswith("error: ") and message in err, err.count("\n"), counts(seeded))
    assert actual == (2, True, 1, before)


def test_one_bad_file_in_a_folder_stores_none_of_it(db, capsys, tmp_path, corpus_dir):
    folder = tmp_path / "batch"
    folder.mkdir()
    for p in sorted(corpus_dir.glob("dev-0[1-3]*")):
        shutil.copy(p, folder)
    (folder / "dev-99-undated.txt").write_text("Sweden gives SEK 2bn to Ukraine.\n", encoding="utf-8")
    code, _, err = run(capsys, "ingest", "--db", db, folder)
    actual = (code, "no publication date" in err and "--published" in err, counts(db))
    assert actual == (2, True, (0, 0))


def test_windows_1252_text_is_stored_with_a_warning(db, capsys, tmp_path):
    path = tmp_path / "oslo.txt"
    path.write_bytes("Norway will give £450m to Ukraine for air defence, the ministry said.\n".encode("cp1252"))
    code, _, err = run(capsys, "ingest", "--db", db, "--published", "2025-05-02", path)
    actual = (code, "warning: " in err and "Windows-1252" in err, counts(db)[0])
    assert actual == (0, True, 1)


def test_binary_file_is_refused(db, capsys, tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    code, _, err = run(capsys, "ingest", "--db", db, "--published", "2025-04-11", path)
    actual = (code, "binary" in err, counts(db))
    assert actual == (2, True, (0, 0))


def test_two_cli_processes_ingesting_at_once(tmp_path, corpus_dir):
    def ingest(db, *paths):
        return subprocess.Popen([sys.executable, "-m", "tracker", "ingest", "--db", str(db), *map(str, paths)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    serial = ingest(tmp_path / "serial.db", SEED.parent, corpus_dir)
    serial.wait(timeout=300)
    procs = [ingest(tmp_path / "both.db", SEED.parent, corpus_dir), ingest(tmp_path / "both.db", corpus_dir, SEED)]
    codes = [p.wait(timeout=300) for p in procs]
    actual = (codes, counts(tmp_path / "both.db"))
    assert actual == ([0, 0], counts(tmp_path / "serial.db")), [p.stderr.read()[-2000:] for p in procs]


@pytest.mark.postgres
def test_ingest_and_export_against_postgresql(pg_url, capsys, corpus_dir):
    run(capsys, "ingest", "--db", pg_url, SEED.parent, corpus_dir)
    code, out, _ = run(capsys, "export", "--db", pg_url)
    with open_store(pg_url) as store:
        actual = (code, count_sources(store), out)
        expected = (0, 25, to_csv(load_pledges(store)))
    assert actual == expected


# -- export ----------------------------------------------------------------------

def test_export_csv_to_stdout_is_the_stores_frame(seeded, capsys):
    code, out, _ = run(capsys, "export", "--db", seeded)
    with open_store(str(seeded)) as store:
        expected = (0, to_csv(load_pledges(store)))
    assert (code, out) == expected


def test_export_filters_by_donor_and_date(db, capsys, corpus_dir):
    run(capsys, "ingest", "--db", db, corpus_dir)
    code, out, _ = run(capsys, "export", "--db", db, "--donors", "GBR,NOR", "--since", "2025-04-01",
                       "--until", "2025-06-30")
    rows = list(csv.DictReader(io.StringIO(out)))
    actual = (code, len(rows) > 0, all({"GBR", "NOR"} & set(r["donors"].split(";")) for r in rows),
              all("2025-04-01" <= r["date"] <= "2025-06-30" for r in rows if r["date"]))
    assert actual == (0, True, True, True)


def test_export_json(seeded, capsys):
    code, out, _ = run(capsys, "export", "--db", seeded, "--format", "json")
    records = json.loads(out)
    actual = (code, len(records) == counts(seeded)[1], {s["path"] for r in records for s in r["sources"]})
    assert actual == (0, True, {str(SEED)})


def test_export_zip(seeded, capsys, tmp_path):
    path = tmp_path / "out.zip"
    code, _, err = run(capsys, "export", "--db", seeded, "--donors", "NOR", "--zip", "-o", path)
    with zipfile.ZipFile(path) as z:
        readme = z.read("README.txt").decode()
    actual = (code, sorted(zipfile.ZipFile(path).namelist()), "Selection: donors NOR." in readme, "wrote" in err)
    assert actual == (0, ["README.txt", "pledges.csv"], True, True)


def test_export_to_a_file(seeded, capsys, tmp_path):
    path = tmp_path / "out.csv"
    code, out, _ = run(capsys, "export", "--db", seeded, "-o", path)
    with open_store(str(seeded)) as store:
        expected = to_csv(load_pledges(store))
    actual = (code, out, path.read_text(encoding="utf-8"))
    assert actual == (0, "", expected)


@pytest.mark.parametrize("args, message", [
    pytest.param(["--zip"], "--zip writes a file", id="zip-without-file"),
    pytest.param(["--since", "last week"], "bad since date", id="bad-since"),
    pytest.param(["--since", "2025-05-01", "--until", "2025-04-01"], "is after until", id="backwards-range"),
    pytest.param(["--db", "nosuchdb://x"], "cannot use database URL", id="bad-db-url"),
])
def test_bad_export_exits_2_with_one_line(seeded, capsys, args, message):
    argv = args if "--db" in args else ["--db", str(seeded), *args]
    code, out, err = run(capsys, "export", *argv)
    actual = (code, out, err.startswith("error: ") and message in err)
    assert actual == (2, "", True)


def test_parallel_extraction_stores_what_serial_extraction_stores(tmp_path, corpus_dir):
    from tracker.pipeline import PARALLEL_FROM, ingest_paths

    folder = tmp_path / "batch"
    folder.mkdir()
    for k in range(PARALLEL_FROM // 24 + 1):  # enough distinct articles for worker processes
        for p in sorted(corpus_dir.glob("dev-*.txt")):
            (folder / f"{k}-{p.name}").write_text(p.read_text(encoding="utf-8") + f"\nCopy {k}.\n", encoding="utf-8")
            shutil.copy(p.with_suffix(".json"), folder / f"{k}-{p.stem}.json")
    frames = []
    for workers in (1, 2):
        with open_store(str(tmp_path / f"w{workers}.db")) as store:
            results = ingest_paths(store, [folder], workers=workers)
            frames.append((len(results), sorted(zip(load_pledges(store)["quote"], load_pledges(store)["amount"]))))
    actual = frames[1]
    assert actual == frames[0]


def test_reingest_of_a_folder_reports_every_file_as_stored(tmp_path, corpus_dir):
    from tracker.pipeline import ingest_paths

    with open_store(str(tmp_path / "t.db")) as store:
        ingest_paths(store, [corpus_dir])
        again = ingest_paths(store, [corpus_dir])
    actual = (len(again), all(r.duplicate for r in again), sum(r.added for r in again))
    assert actual == (24, True, 0)


def test_export_takes_donor_names_that_resolve_to_one_code(seeded, capsys):
    by_code = run(capsys, "export", "--db", seeded, "--donors", "NOR")
    by_name = run(capsys, "export", "--db", seeded, "--donors", "norway")
    rows = list(csv.DictReader(io.StringIO(by_name[1])))
    assert (by_name, [r["donors"] for r in rows]) == (by_code, ["GBR;NOR"])


@pytest.mark.parametrize("donors", ["Narnia", "GBR,Narnia", "", " , "])
def test_export_of_a_donor_that_is_none_exits_2_naming_the_codes(seeded, capsys, tmp_path, donors):
    out = tmp_path / "x.csv"
    code, _, err = run(capsys, "export", "--db", seeded, "--donors", donors, "-o", out)
    actual = (code, err.count("\n"), "no donor of that name" in err, "GBR, NOR" in err and "EU" in err, out.exists())
    assert actual == (2, 1, True, True, False)
