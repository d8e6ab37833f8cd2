"""Files of reviewed records read into checked records: our own CSV or JSON
export, a spreadsheet with the schema's columns, and the gold format (a
report's `url` and `published` with its `records`). A bad record stops the
reading with its file, line and field; nothing is stored here.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

from tracker.errors import InputError
from tracker.reading.html import host_name
from tracker.records.pledge import Pledge
from tracker.records.reviewed import (FORMULA_GUARD, FORMULA_STARTS, ID, QUOTE_SEPARATOR, RecordsFile, Report, Row,
                                      check_flag, check_record, check_review, check_status, parse_day)

IMPORT_SUFFIXES = (".csv", ".json")
MAX_BYTES = 200 * 1024 * 1024


def _unguard(value: str) -> str:
    """A text cell as written before the export's formula guard.

    >>> _unguard("'=SUM(A1)"), _unguard("'-2+3"), _unguard("GBR"), _unguard("'quoted'")
    ('=SUM(A1)', '-2+3', 'GBR', "'quoted'")
    """
    if value.startswith(FORMULA_GUARD) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _pledge(values: dict, quote: str, start: int, end: int) -> Pledge:
    return Pledge(donors=values["donors"], amount=values["amount"], currency=values["currency"],
                  qualifier=values["qualifier"], kind=values["kind"], aid_type=values["aid_type"],
                  categories=values["categories"], date=values["date"], period=values["period"],
                  quote=quote, start=start, end=end, recipient=values["recipient"])


def _report(url: str | None, published: date, quote: str, start=None, end=None, **more) -> Report:
    if not url and not more.get("path"):
        raise InputError("no source: give the report's url")
    start = 0 if start is None else start
    end = start + len(quote) if end is None else end
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or not 0 <= start <= end:
        raise InputError(f"start {start!r} and end {end!r} do not locate the quote")
    # An export says its outlet (null too); a report file or a sheet leaves it to the address.
    outlet = more.pop("outlet") if "outlet" in more else (host_name(url) if url and "://" in url else None)
    return Report(url=url or None, published=published, quote=quote, start=start, end=end,
                  outlet=outlet, **more)


# -- reading files -----------------------------------------------------------

def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{path} is over {MAX_BYTES // 2 ** 20} MB")
    try:
        text = data.decode("utf-8-sig")  # a spreadsheet's byte-order mark goes
    except UnicodeDecodeError as e:
        raise InputError(f"{path} is not UTF-8 (byte {e.start}): save it as CSV UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _csv_rows(path: Path, text: str) -> list[Row]:
    """Our CSV export, or a spreadsheet with its columns: one record a line."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = reader.fieldnames or []
    missing = [c for c in ("donors", "amount", "currency", "qualifier", "kind", "aid_type", "categories")
               if c not in columns]
    if "source_urls" not in columns and "url" not in columns:
        missing.append("source_urls (or url)")
    if missing:
        raise InputError(f"{path}:1: no column {', '.join(missing)}")
    rows = []
    for cells in reader:
        where = f"{path}:{reader.line_num}"
        if None in cells:
            raise InputError(f"{where}: more cells than the header's {len(columns)} columns")
        cells = {k: _unguard(v) if isinstance(v, str) else v for k, v in cells.items()}
        if not any((v or "").strip() for v in cells.values()):
            continue
        try:
            rows.append(_csv_row(where, cells))
        except InputError as e:
            raise InputError(f"{where}: {e}") from None
    return rows


def _csv_row(where: str, cells: dict) -> Row:
    values = check_record(cells, text_cells=True)
    urls = [u.strip() for u in (cells.get("source_urls") or cells.get("url") or "").split(";") if u.strip()]
    if not urls:
        raise InputError("no source: give the report's url")
    # Each address's day (`source_published`, as the export writes it), else one
    # day for all (`published`), else the announcement date.
    days = [parse_day(d.strip(), "source_published")
            for d in (cells.get("source_published") or "").split(";") if d.strip()]
    if days and len(days) != len(urls):
        raise InputError(f"source_published gives {len(days)} days for {len(urls)} source_urls")
    published = parse_day((cells.get("published") or "").strip(), "published") or values["date"]
    if not days and published is None:
        raise InputError("no date and no published: give the day it was announced or reported")
    days = days or [published] * len(urls)
    quotes = [q for q in (cells.get("source_quotes") or "").split(QUOTE_SEPARATOR) if q]
    if len(quotes) != len(urls):  # each report's own sentence is known only when each has one
        quotes = [values["quote"]] * len(urls)
    reports = [_report(u if "://" in u else None, day, q, path=None if "://" in u else u)
               for u, day, q in zip(urls, days, quotes)]
    pid = (cells.get("id") or "").strip() or None
    if pid is not None and not ID.fullmatch(pid):
        raise InputError(f"id {pid!r} is not 1 to 16 letters, digits, '-' or '_'")
    part_of = (cells.get("part_of") or "").strip() or None
    return _reviewed(Row(where=where, pledge=_pledge(values, values["quote"], 0, len(values["quote"])),
                         reports=reports, id=pid, part_of=part_of,
                         status=check_status((cells.get("status") or "").strip()),
                         conflict=check_flag((cells.get("conflict") or "").strip())), cells, text_cells=True)


def _reviewed(row: Row, raw: dict, text_cells: bool) -> Row:
    """A row with the review state its file gives: confidence, evidence, who reviewed it."""
    row.pledge.confidence, row.pledge.evidence, row.reviewed_by = check_review(raw, text_cells)
    return row


def _array_lines(text: str, start: int) -> list[int]:
    """The line each element of the JSON array opening at `start` begins on."""
    decoder = json.JSONDecoder()
    lines, i = [], start + 1
    while True:
        while i < len(text) and text[i] in " \t\n\r,":
            i += 1
        if i >= len(text) or text[i] == "]":
            return lines
        lines.append(text.count("\n", 0, i) + 1)
        _, i = decoder.raw_decode(text, i)


def _json_rows(path: Path, text: str) -> RecordsFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{path}:{e.lineno}: not JSON ({e.msg})") from None
    if isinstance(data, list):
        lines = _array_lines(text, text.index("["))
        return RecordsFile(path, [_checked(path, i, lines[i], _export_row, record) for i, record in enumerate(data)])
    if isinstance(data, dict) and isinstance(data.get("records"), list):
        opening = re.search(r'"records"\s*:\s*\[', text)
        lines = _array_lines(text, opening.end() - 1) if opening else [1] * len(data["records"])
        try:
            published = parse_day(data.get("published"), "published")
            if published is None:
                raise InputError("no published: give the report's publication day")
            url = data.get("url")
            if not isinstance(url, str) or "://" not in url:
                raise InputError(f"url {url!r} is not the report's address")
        except InputError as e:
            raise InputError(f"{path}:1: {e}") from None
        n = len(data["records"])
        report_id = data.get("id")
        if report_id is not None and not isinstance(report_id, str):
            raise InputError(f"{path}:1: id {report_id!r} is not text")
        return RecordsFile(path, [_checked(path, i, lines[i], _gold_row, record, url, published, n)
                                  for i, record in enumerate(data["records"])], [_report(url, published, "")],
                           id=report_id)
    raise InputError(f"{path}:1: neither an export (a list of records) nor a report's records "
                     "(an object with url, published and records)")


def _checked(path: Path, index: int, line: int, read, record, *args) -> Row:
    where = f"{path}:{line} (record {index + 1})"
    try:
        if not isinstance(record, dict):
            raise InputError("is not an object of fields")
        return read(where, record, *args)
    except InputError as e:
        raise InputError(f"{where}: {e}") from None


def _export_row(where: str, record: dict) -> Row:
    """A record of our JSON export: the fields, id, status, conflict and every report."""
    values = check_record(record, text_cells=False)
    reports = []
    given = record.get("sources")
    if not isinstance(given, list) or not given:
        raise InputError("no sources: each record needs its reports (url, published, quote)")
    for s in given:
        if not isinstance(s, dict):
            raise InputError(f"source {s!r} is not an object")
        published = parse_day(s.get("published"), "source published")
        if published is None:
            raise InputError("a source has no published day")
        src = s.get("source_id")
        if src is not None and not (isinstance(src, str) and ID.fullmatch(src)):
            raise InputError(f"source_id {src!r} is not 1 to 16 letters or digits")
        given_outlet = {"outlet": s["outlet"]} if "outlet" in s else {}
        reports.append(_report(s.get("url"), published, s.get("quote") or values["quote"], s.get("start"),
                               s.get("end"), path=s.get("path"), title=s.get("title"), source_id=src,
                               **given_outlet))
    pid = record.get("id")
    if pid is not None and not (isinstance(pid, str) and ID.fullmatch(pid)):
        raise InputError(f"id {pid!r} is not 1 to 16 letters, digits, '-' or '_'")
    part_of = record.get("part_of")
    if part_of is not None and not isinstance(part_of, str):
        raise InputError(f"part_of {part_of!r} is not the id of another record")
    start, end = record.get("start", reports[0].start), record.get("end", reports[0].end)
    if not (type(start) is int and type(end) is int and 0 <= start <= end):
        raise InputError(f"start {start!r} and end {end!r} do not locate the quote")
    return _reviewed(Row(where=where, pledge=_pledge(values, values["quote"], start, end), reports=reports, id=pid,
                         part_of=part_of, status=check_status(record.get("status")),
                         conflict=check_flag(record.get("conflict"))), record, text_cells=False)


def _gold_row(where: str, record: dict, url: str, published: date, n: int) -> Row:
    """A record of the gold format: the fields; the report is the file's."""
    values = check_record(record, text_cells=False)
    part_of = record.get("part_of")
    if part_of is not None and (isinstance(part_of, bool) or not isinstance(part_of, int)
                                or not 0 <= part_of < n):
        raise InputError(f"part_of {part_of!r} is not the position of another record of the file (0 to {n - 1})")
    same_as = record.get("same_as")
    if same_as is not None:
        if not (isinstance(same_as, dict) and isinstance(same_as.get("report"), str)
                and isinstance(same_as.get("record"), int) and not isinstance(same_as.get("record"), bool)
                and same_as["record"] >= 0):
            raise InputError(f"same_as {same_as!r} is not {{\"report\": <a report's id>, \"record\": <position>}}")
        same_as = (same_as["report"], same_as["record"])
    report = _report(url, published, values["quote"])
    return Row(where=where, pledge=_pledge(values, values["quote"], report.start, report.end), reports=[report],
               part_of=part_of, status=check_status(record.get("status")), same_as=same_as)


def read_records(path: str | Path) -> RecordsFile:
    """The checked records of one file (CSV or JSON, our export or the gold
    format); InputError naming the file, line and field of the first bad one."""
    path = Path(path)
    text = _read_text(path)
    read = _json_rows(path, text) if text.lstrip()[:1] in ("[", "{") else RecordsFile(path, _csv_rows(path, text))
    rows = read.rows
    twice = sorted(i for i, n in Counter(r.id for r in rows if r.id is not None).items() if n > 1)
    if twice:
        raise InputError(f"{path}: id {twice[0]!r} is given to two records")
    for i, r in enumerate(rows):
        if isinstance(r.part_of, int) and r.part_of == i:
            raise InputError(f"{r.where}: part_of {r.part_of} is the record itself")
        if isinstance(r.part_of, str) and r.part_of == r.id:
            raise InputError(f"{r.where}: part_of {r.part_of!r} is the record itself")
    return read


def import_paths(paths) -> list[Path]:
    """Files as given, folders as their .csv and .json files (sorted; hidden
    ones skipped)."""
    found: list[Path] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            inside = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in IMPORT_SUFFIXES
                            and not f.name.startswith("."))
            if not inside:
                raise InputError(f"{p} holds no {' or '.join(IMPORT_SUFFIXES)} files")
            found += inside
        elif p.is_file():
            found.append(p)
        else:
            raise InputError(f"no such file or folder: {p}")
    return found
