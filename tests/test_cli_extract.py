"""`python -m tracker extract` run as a user runs it: a subprocess."""
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_ec911605d6ab0184.txt"
SPEC_FIELDS = {"donors", "recipient", "amount", "currency", "qualifier", "kind", "aid_type", "categories",
               "date", "period", "part_of", "quote"}


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "tracker", "extract", *map(str, args)], cwd=ROOT,
                          input=stdin, capture_output=True, timeout=120)


def test_seed_gives_its_three_records_as_json():
    p = run("--published", "2025-04-11", "--format", "json", SEED)
    assert p.returncode == 0, p.stderr
    records = json.loads(p.stdout)
    assert [(r["currency"], r["amount"], r["kind"]) for r in records] == [
        ("EUR", 21000000000, "aggregate"), ("GBP", 450000000, "package"), ("GBP", 4500000000, "budget")]
    assert set(records[0]) == SPEC_FIELDS | {"amount_eur", "amount_usd", "amount_gbp", "fx_date", "start", "end",
                                             "evidence", "confidence"}
    assert all(0 <= r["confidence"] <= 1 and r["evidence"] for r in records)
    assert records[1]["amount_gbp"] == 450000000 and records[1]["fx_date"] == "2025-04-11"
    text = SEED.read_text(encoding="utf-8")
    assert all(text[r["start"]:r["end"]] == r["quote"] for r in records)


def test_csv_and_table_formats():
    p = run("--published", "2025-04-11", "--format", "csv", SEED)
    rows = list(csv.DictReader(io.StringIO(p.stdout.decode())))
    assert [r["donors"] for r in rows] == ["UDCG", "GBR;NOR", "GBR"]
    p = run("--published", "2025-04-11", SEED)
    assert b"GBR+NOR" in p.stdout and p.returncode == 0


def test_standard_input():
    p = run("--published", "2025-04-11", "--format", "json", "-", stdin=b"Norway gave NOK 1.5 billion.")
    assert json.loads(p.stdout)[0]["currency"] == "NOK"


def test_html_is_reduced_to_text(tmp_path):
    page = tmp_path / "a.html"
    page.write_text("<html><head><title>Aid</title></head><body><nav>Home | World</nav><article><p>"
                    "Germany will give €500 million for air defence to Ukraine, the ministry said on Friday, "
                    "adding that deliveries begin soon.</p></article></body></html>", encoding="utf-8")
    p = run("--published", "2025-04-11", "--format", "json", page)
    assert p.returncode == 0, p.stderr
    assert [(r["donors"], r["amount"]) for r in json.loads(p.stdout)] == [(["DEU"], 500000000)]


def test_windows_1252_is_read_with_a_warning(tmp_path):
    f = tmp_path / "old.txt"
    f.write_bytes("Britain will give £450m to Ukraine.".encode("cp1252"))
    p = run("--published", "2025-04-11", "--format", "json", f)
    assert p.returncode == 0 and b"Windows-1252" in p.stderr
    assert json.loads(p.stdout)[0]["amount"] == 450000000


@pytest.mark.parametrize("content,args_extra", [(b"", []), (b"No pledges here at all.", [])])
def test_empty_or_pledgeless_file_is_zero_records(tmp_path, content, args_extra):
    f = tmp_path / "empty.txt"
    f.write_bytes(content)
    p = run("--format", "json", f)
    assert (p.returncode, json.loads(p.stdout)) == (0, [])


def _bad_inputs(tmp_path):
    binary = tmp_path / "x.bin"
    binary.write_bytes(bytes(range(256)) * 10)
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as f:
        f.truncate(21 * 1024 * 1024)
    undecodable = tmp_path / "bad.txt"
    undecodable.write_bytes(b"caf\x81\x8d\x8f\x90\x9d text")
    return {
        "missing file": ([tmp_path / "nope.txt"], "no such file"),
        "binary file": ([binary], "binary"),
        "too large": ([huge], "larger than 20 MB"),
        "not text": ([undecodable], "neither UTF-8 nor Windows-1252"),
        "bad date": (["--published", "11/04/2025", SEED], "bad date"),
        "folder": ([tmp_path], "folder"),
    }


@pytest.mark.parametrize("case", ["missing file", "binary file", "too large", "not text", "bad date", "folder"])
def test_bad_input_is_one_clear_line_and_exit_2(tmp_path, case):
    args, message = _bad_inputs(tmp_path)[case]
    p = run(*args)
    err = p.stderr.decode()
    assert p.returncode == 2 and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
