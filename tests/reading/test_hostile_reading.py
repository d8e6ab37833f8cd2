"""Hostile files and pages (issue 16): no file, page or sidecar can hang the reader,
crash it or lead it outside the folder given. A hang is caught by a generous
subprocess timeout, never by timing a fast run.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT
from tracker.errors import InputError
from tracker.reading.files import MAX_BYTES, find_articles, load_article, read_article, read_bytes
from tracker.reading.html import MAX_HTML_BYTES, MAX_HTML_ELEMENTS, read_html

ARTICLE = "The United Kingdom pledged £450 million in military aid to Ukraine on Friday, the minister said.\n"
# A hang would run for minutes; the fixed code takes well under a second.
HANG = 60


# Each call took minutes (or far longer) before: the size chosen is past that.
BACKTRACKING = [
    ("fetch sniffing, 40 empty comments",
     "from tracker.reading.fetch import looks_like_html as f; f(b'<!---->' * 40 + b'x')"),
    ("byline cue before a run of spaces",
     "from tracker.reading.html import parse_byline_date as f; f('Published' + ' ' * 30000 + 'x')"),
]


@pytest.mark.parametrize("code", [c for _, c in BACKTRACKING], ids=[n for n, _ in BACKTRACKING])
def test_pattern_that_backtracked_for_minutes_returns(code):
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, timeout=HANG)
    assert p.returncode == 0, p.stderr.decode()


def test_sidecar_date_outside_the_accepted_dates_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"published": "9999-12-20"}), encoding="utf-8")
    with pytest.raises(InputError, match="published 9999-12-20 is outside the dates"):
        load_article(tmp_path / "a.txt")


def test_front_matter_date_outside_the_accepted_dates_is_refused(tmp_path):
    (tmp_path / "a.md").write_text("---\npublished: 1900-01-02\n---\n" + ARTICLE, encoding="utf-8")
    with pytest.raises(InputError, match="published 1900-01-02 is outside the dates"):
        load_article(tmp_path / "a.md")


def test_deeply_nested_sidecar_is_one_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(InputError, match="a.json: its JSON is nested too deeply"):
        load_article(tmp_path / "a.txt")


def test_device_is_refused_without_reading_it():
    with pytest.raises(InputError, match="^/dev/zero is not a regular file \\(a pipe, device or socket\\); give a file$"):
        read_article("/dev/zero")


def test_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    code = f"from tracker.reading.files import read_article; read_article({str(tmp_path / 'pipe.txt')!r})"
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, timeout=HANG)
    assert "pipe.txt is not a regular file (a pipe, device or socket); give a file" in p.stderr.decode()


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


def test_a_dateline_outside_the_accepted_dates_is_no_date():
    from tracker.reading.files import parse_dateline

    assert parse_dateline("LONDON, 3 March 2099 - Allies pledged more.") is None
