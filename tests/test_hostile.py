"""Hostile input (issue 16): no page, file or date can hang, crash or reach outside
the tracker. Each test is named after what an input did before it was fixed; a
hang is caught by a generous subprocess timeout, never by timing a fast run.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tracker.errors import InputError
from tracker.extract.dates import find_dates
from tracker.extract.decide import extract_pledges
from tracker.records.bounds import EARLIEST_DATE_ENV, LATEST_DATE_ENV, check_date, date_bounds
from tracker.reading.files import MAX_BYTES, find_articles, load_article, read_article, read_bytes
from tracker.reading.html import MAX_HTML_BYTES, MAX_HTML_ELEMENTS, read_html

ROOT = Path(__file__).resolve().parent.parent
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


# --- 1. patterns that backtracked without end ------------------------------------------

# Each call took minutes (or far longer) before: the size chosen is past that.
BACKTRACKING = [
    ("fetch sniffing, 40 empty comments", "from tracker.reading.fetch import looks_like_html as f; f(b'<!---->' * 40 + b'x')"),
    ("byline cue before a run of spaces",
     "from tracker.reading.html import parse_byline_date as f; f('Published' + ' ' * 30000 + 'x')"),
    ("conversion bracket before a run of spaces",
     "from tracker.extract.money import joins_conversion as f; f('(' + ' ' * 200000 + 'x')"),
    ("a run of space-separated thousands",
     "from tracker.extract.money import extract_amounts as f; f('1' + ' 000' * 30000 + '1 bn')"),
]


@pytest.mark.parametrize("code", [c for _, c in BACKTRACKING], ids=[n for n, _ in BACKTRACKING])
def test_pattern_that_backtracked_for_minutes_returns(code):
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, timeout=HANG)
    assert p.returncode == 0, p.stderr.decode()


# --- 3. dates without bounds ------------------------------------------------------------

@pytest.mark.parametrize("given", ["9999-12-20", "0001-01-01", "1990-12-31", "9999-12-31"])
def test_published_outside_the_accepted_dates_is_refused(tmp_path, given):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    line = error_line(cli("extract", "--published", given, tmp_path / "a.txt"))
    assert f"publication date {given} is outside the dates the tracker accepts" in line


def test_empty_published_is_refused_not_ignored(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert "bad date ''" in error_line(cli("extract", "--published", "", tmp_path / "a.txt"))


def test_sidecar_date_outside_the_accepted_dates_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"published": "9999-12-20"}), encoding="utf-8")
    with pytest.raises(InputError, match="published 9999-12-20 is outside the dates"):
        load_article(tmp_path / "a.txt")


def test_front_matter_date_outside_the_accepted_dates_is_refused(tmp_path):
    (tmp_path / "a.md").write_text("---\npublished: 1900-01-02\n---\n" + ARTICLE, encoding="utf-8")
    with pytest.raises(InputError, match="published 1900-01-02 is outside the dates"):
        load_article(tmp_path / "a.md")


def test_the_bounds_are_a_setting(monkeypatch):
    monkeypatch.setenv(EARLIEST_DATE_ENV, "2022-02-24")
    monkeypatch.setenv(LATEST_DATE_ENV, "2030-12-31")
    assert date_bounds() == (date(2022, 2, 24), date(2030, 12, 31))
    with pytest.raises(InputError, match="2021-12-31 is outside"):
        check_date(date(2021, 12, 31))


@pytest.mark.parametrize("published", [date(1, 1, 1), date(9999, 12, 31)])
def test_a_week_later_at_the_ends_of_the_calendar_is_no_overflow(published):
    text = ARTICLE + "A week later, Norway pledged NOK 500 million to Ukraine.\nThe day before, Sweden gave SEK 1bn."
    records = extract_pledges(text, published=published)
    assert [r.date for r in records] == [published] * len(records) and records


def test_a_count_of_weeks_too_large_for_a_date_places_nothing():
    mentions = find_dates("On 3 March 2025 and 99999999999 weeks later", date(2025, 4, 11))
    assert [m.value for m in mentions] == [date(2025, 3, 3)]


def test_a_day_in_the_text_outside_the_bounds_is_no_date():
    assert [m.value for m in find_dates("on 3 March 2099 and on 8 May 1945", date(2025, 4, 11))] == []


# --- 5. extract's CSV ----------------------------------------------------------------------

def test_extract_csv_neutralises_a_quote_that_would_run_as_a_formula(tmp_path):
    (tmp_path / "a.txt").write_text('=HYPERLINK("https://x.example","open") ' + ARTICLE, encoding="utf-8")
    p = cli("extract", "--published", "2025-04-11", "--format", "csv", tmp_path / "a.txt")
    assert p.returncode == 0, p.stderr
    row = p.stdout.decode().splitlines()[1]
    assert '"\'=HYPERLINK(""https://x.example"",""open"") The United Kingdom' in row


# --- 7. one line and exit 2 where tracebacks were -----------------------------------------

@pytest.mark.parametrize("name", ["base64", "zlib", "hex", "rot13", "idna"])
def test_uploaded_page_declaring_a_codec_name_is_read(name):
    from tracker.dashboard.draft import read_upload

    page = f'<html><head><meta charset="{name}"><title>Aid</title></head><body><article><p>{ARTICLE}</p>' \
           f'</article></body></html>'
    assert read_upload("page.html", page.encode()).text.strip() == ARTICLE.strip()


def test_deeply_nested_sidecar_is_one_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(InputError, match="a.json: its JSON is nested too deeply"):
        load_article(tmp_path / "a.txt")


def test_extract_dev_zero_is_refused_without_reading_it():
    line = error_line(cli("extract", "--published", "2025-04-11", "/dev/zero", timeout=HANG))
    assert line == "error: /dev/zero is not a regular file (a pipe, device or socket); give a file"


def test_extract_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    line = error_line(cli("extract", "--published", "2025-04-11", tmp_path / "pipe.txt", timeout=HANG))
    assert line.endswith("pipe.txt is not a regular file (a pipe, device or socket); give a file")


def test_file_over_the_limit_is_refused_by_what_is_read(tmp_path):
    (tmp_path / "big.txt").write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(InputError, match="is larger than 20 MB"):
        read_article(tmp_path / "big.txt")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_text_with_a_byte_order_mark_is_decoded(tmp_path, codec):
    bom = {"utf-16": "", "utf-16-be": "\ufeff", "utf-32": ""}[codec]  # "utf-16" and "utf-32" write their own
    (tmp_path / "a.txt").write_bytes((bom + ARTICLE).encode(codec))
    assert read_article(tmp_path / "a.txt").text == ARTICLE


def test_html_with_a_utf16_byte_order_mark_is_sniffed_and_read():
    page = f"<html><head><title>Aid</title></head><body><article><p>{ARTICLE}</p></article></body></html>"
    assert read_bytes(page.encode("utf-16"), "page.txt").text.strip() == ARTICLE.strip()


# --- 8. links out of a folder ---------------------------------------------------------------

def test_link_leading_out_of_a_folder_is_not_followed(tmp_path):
    folder, outside = tmp_path / "in", tmp_path / "secret.txt"
    folder.mkdir()
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "same.txt").symlink_to(folder / "a.txt")  # a link within the folder is read
    files, passed_over = find_articles([folder])
    assert files == [folder / "a.txt", folder / "same.txt"]
    assert passed_over == [(folder / "passwd.txt", f"a link to {outside}, outside {folder}; not followed")]


# --- 11. a large flat page ----------------------------------------------------------------

def test_html_page_over_its_size_limit_is_refused_with_the_limit_named():
    page = b"<html><body><p>" + b"word " * (MAX_HTML_BYTES // 5) + b"</p></body></html>"
    with pytest.raises(InputError, match="page.html is an HTML page larger than 5 MB, the most the page reader "
                                         "takes \\(a text file may be 20 MB\\)"):
        read_html(page, name="page.html")


def test_html_page_with_too_many_elements_is_refused():
    # 62,500 such paragraphs took 39 s to reduce; their count is checked before
    page = "<html><body><article>" + "<p>x y z w v</p>" * (MAX_HTML_ELEMENTS + 1) + "</article></body></html>"
    with pytest.raises(InputError, match="holds more than 20,000 HTML elements"):
        read_html(page)


def test_inline_drawings_count_as_one_element():
    drawing = "<svg>" + "<path d='M0 0'/>" * (MAX_HTML_ELEMENTS + 1) + "</svg>"
    page = f"<html><head><title>Aid</title></head><body>{drawing}<article><p>{ARTICLE}</p></article></body></html>"
    assert read_html(page).text.strip() == ARTICLE.strip()


# --- 10. exports with the user's umask -----------------------------------------------------

@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_export_file_takes_the_users_umask(tmp_path, umask, mode):
    from tracker.export import write_text

    before = os.umask(umask)
    try:
        write_text("a,b\n", tmp_path / "out.csv")
    finally:
        os.umask(before)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == mode
