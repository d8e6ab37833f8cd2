"""Reviewed records from files into the store: our own CSV or JSON export, and
files of the gold format (a report's `url` and `published` with its `records`).

Every field is checked as the pledge schema says before anything is written,
and each file lands in one transaction, whole or not at all. Reads no article
text and extracts nothing: the records are stored as a reviewer left them.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import insert, select, update

from tracker.errors import InputError
from tracker.export import FORMULA_STARTS, QUOTE_SEPARATOR
from tracker.pledge import AID_TYPES, CATEGORIES, KINDS, QUALIFIERS, Pledge
from tracker.store import (STATUSES, Store, _candidates, _database_errors, _match_reports, _normalised, _same_amount,
                           _writing, pledge_donors, pledge_sources, pledges, sources)

IMPORT_SUFFIXES = (".csv", ".json")
MAX_BYTES = 50 * 1024 * 1024
# The spec's donor groups beside ISO 3166-1 alpha-3 country codes.
GROUP_CODES = ("EU", "NATO", "UDCG", "G7", "IMF", "WB", "EIB", "EBRD", "UN")
# What the export adds before a text cell a spreadsheet would run as a formula
# (tracker.export.safe_cell): one apostrophe, taken off on the way in.
FORMULA_GUARD = "'"
# Columns the export writes that are worked out again on the way in, never read.
DERIVED = ("amount_eur", "amount_usd", "amount_gbp", "fx_date", "start", "end")
NOT_MONEY = ("XXX", "XTS")
_ID = re.compile(r"[A-Za-z0-9_-]{1,16}")
_PERIOD = re.compile(r"(\d{4})(?:-(\d{4}))?")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


@dataclass
class Report:
    """One report of a record: where it was published, and the sentence."""

    url: str | None
    published: date
    quote: str
    start: int = 0
    end: int = 0
    path: str | None = None
    title: str | None = None
    outlet: str | None = None
    source_id: str | None = None


@dataclass
class Row:
    """One record as read from a file, checked, with where it stands there
    (`where`: "pledges.csv:12", "report.json:40 (record 3)")."""

    where: str
    pledge: Pledge
    reports: list[Report]
    id: str | None = None
    part_of: str | int | None = None  # a stored pledge id (export), a position (gold)
    status: str = "confirmed"
    conflict: bool = False
    # A reviewer's link to the record of another report that gave this pledge
    # first: (that report's id, the record's position); this report joins it.
    same_as: tuple[str, int] | None = None


@dataclass
class RecordsFile:
    """A file's checked records, and the reports it names for the whole file
    (a gold file's `url` and `published`: stored even when it holds no record,
    as an ingested article that states no pledge is)."""

    path: Path
    rows: list[Row]
    reports: list[Report] = field(default_factory=list)
    id: str | None = None  # a report file's own id, which `same_as` names


@dataclass
class ImportResult:
    """What one file's import did: `added` new pledges, `linked` records that
    joined a stored pledge (another report of it), `unchanged` records already
    stored with this report."""

    name: str
    added: int = 0
    linked: int = 0
    unchanged: int = 0
    pledge_ids: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """One line for the command line."""
        return (f"{self.name}: {self.added} added, {self.linked} joined a stored pledge, "
                f"{self.unchanged} already stored")


# -- checking one value ----------------------------------------------------

def is_donor_code(code) -> bool:
    """A donor or recipient code of the spec: ISO 3166-1 alpha-3 or a group.

    >>> [is_donor_code(c) for c in ("NOR", "EU", "nor", "XYZ", "UKR")]
    [True, True, False, False, True]
    """
    import pycountry

    if not isinstance(code, str):
        return False
    return code in GROUP_CODES or (len(code) == 3 and code.isupper()
                                   and pycountry.countries.get(alpha_3=code) is not None)


def is_currency_code(code) -> bool:
    """An ISO 4217 code of money (not XXX, "no currency", nor XTS, for testing).

    >>> [is_currency_code(c) for c in ("EUR", "UAH", "XDR", "eur", "EURO", "XYZ", "XXX")]
    [True, True, True, False, False, False, False]
    """
    import pycountry

    return (isinstance(code, str) and len(code) == 3 and code.isupper() and code not in NOT_MONEY
            and pycountry.currencies.get(alpha_3=code) is not None)


def _unguard(value: str) -> str:
    """A text cell as written before the export's formula guard.

    >>> _unguard("'=SUM(A1)"), _unguard("'-2+3"), _unguard("GBR"), _unguard("'quoted'")
    ('=SUM(A1)', '-2+3', 'GBR', "'quoted'")
    """
    if value.startswith(FORMULA_GUARD) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def parse_day(value, what: str) -> date | None:
    """An ISO date, or None for an empty one.

    >>> parse_day("2024-03-01", "date"), parse_day("", "date")
    (datetime.date(2024, 3, 1), None)
    """
    if value is None or value == "":
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InputError(f"{what} {value!r} is not a date written YYYY-MM-DD")


def _codes(value, what: str) -> list[str]:
    """A list (JSON) or ';'-joined text (CSV) of codes."""
    if isinstance(value, str):
        value = [v.strip() for v in value.split(";")] if value.strip() else []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{what} {value!r} is not a list of codes")
    return value


def _check_record(raw: dict, text_cells: bool) -> dict:
    """The spec's fields of one record, typed and checked: InputError with one
    sentence naming the first bad field. `text_cells`: every value is text (CSV)."""
    def get(key, default=None):
        value = raw.get(key, default)
        return value.strip() if text_cells and isinstance(value, str) else value

    out = {}
    donors = _codes(get("donors", ""), "donors")
    bad = [d for d in donors if not is_donor_code(d)]
    if bad:
        raise InputError(f"donors: {', '.join(map(repr, bad))} "
                         f"{'is' if len(bad) == 1 else 'are'} not ISO 3166-1 alpha-3 or one of {', '.join(GROUP_CODES)}")
    if len(set(donors)) != len(donors):
        raise InputError(f"donors {donors!r} name a donor twice")
    out["donors"] = donors
    recipient = get("recipient") or "UKR"
    if not is_donor_code(recipient):
        raise InputError(f"recipient {recipient!r} is not an ISO 3166-1 alpha-3 code such as UKR")
    out["recipient"] = recipient
    amount = get("amount")
    if text_cells and isinstance(amount, str) and _NUMBER.fullmatch(amount):
        amount = float(amount)
    if (isinstance(amount, bool) or not isinstance(amount, (int, float)) or not math.isfinite(amount)
            or amount <= 0):
        raise InputError(f"amount {amount!r} is not a positive number (digits, '.' for decimals, no separators)")
    out["amount"] = float(amount)
    currency = get("currency")
    if not is_currency_code(currency):
        raise InputError(f"currency {currency!r} is not an ISO 4217 code such as EUR")
    out["currency"] = currency
    for key, allowed in (("qualifier", QUALIFIERS), ("kind", KINDS), ("aid_type", AID_TYPES)):
        value = get(key)
        if value not in allowed:
            raise InputError(f"{key} {value!r} is not one of {', '.join(allowed)}")
        out[key] = value
    categories = _codes(get("categories", ""), "categories")
    if not categories or any(c not in CATEGORIES for c in categories):
        raise InputError(f"categories {categories!r} is not a non-empty list from {', '.join(CATEGORIES)}")
    out["categories"] = categories
    out["date"] = parse_day(get("date"), "date")
    period = get("period") or None
    if period is not None:
        m = _PERIOD.fullmatch(period) if isinstance(period, str) else None
        if not m or (m.group(2) and m.group(2) < m.group(1)):
            raise InputError(f"period {period!r} is not YYYY or YYYY-YYYY (first year first)")
    out["period"] = period
    quote = get("quote") or ""
    if not isinstance(quote, str):
        raise InputError(f"quote {quote!r} is not text")
    out["quote"] = quote
    return out


def _status(value) -> str:
    if value is None or value == "":
        return "confirmed"  # a reviewed record: what the file gives is what a reviewer saw
    if value not in STATUSES:
        raise InputError(f"status {value!r} is not one of {', '.join(STATUSES)}")
    return value


def _flag(value) -> bool:
    if value in (None, "", False, "false", "FALSE", "False"):
        return False
    if value in (True, "true", "TRUE", "True"):
        return True
    raise InputError(f"conflict {value!r} is not true or false")


def _pledge(values: dict, quote: str, start: int, end: int) -> Pledge:
    return Pledge(donors=values["donors"], amount=values["amount"], currency=values["currency"],
                  qualifier=values["qualifier"], kind=values["kind"], aid_type=values["aid_type"],
                  categories=values["categories"], date=values["date"], period=values["period"],
                  quote=quote, start=start, end=end, recipient=values["recipient"])


def _report(url: str | None, published: date, quote: str, start=None, end=None, **more) -> Report:
    from tracker.web import host_name

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
    values = _check_record(cells, text_cells=True)
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
    if pid is not None and not _ID.fullmatch(pid):
        raise InputError(f"id {pid!r} is not 1 to 16 letters, digits, '-' or '_'")
    part_of = (cells.get("part_of") or "").strip() or None
    return Row(where=where, pledge=_pledge(values, values["quote"], 0, len(values["quote"])), reports=reports,
               id=pid, part_of=part_of, status=_status((cells.get("status") or "").strip()),
               conflict=_flag((cells.get("conflict") or "").strip()))


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
    values = _check_record(record, text_cells=False)
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
        if src is not None and not (isinstance(src, str) and _ID.fullmatch(src)):
            raise InputError(f"source_id {src!r} is not 1 to 16 letters or digits")
        given_outlet = {"outlet": s["outlet"]} if "outlet" in s else {}
        reports.append(_report(s.get("url"), published, s.get("quote") or values["quote"], s.get("start"),
                               s.get("end"), path=s.get("path"), title=s.get("title"), source_id=src,
                               **given_outlet))
    pid = record.get("id")
    if pid is not None and not (isinstance(pid, str) and _ID.fullmatch(pid)):
        raise InputError(f"id {pid!r} is not 1 to 16 letters, digits, '-' or '_'")
    part_of = record.get("part_of")
    if part_of is not None and not isinstance(part_of, str):
        raise InputError(f"part_of {part_of!r} is not the id of another record")
    start, end = record.get("start", reports[0].start), record.get("end", reports[0].end)
    return Row(where=where, pledge=_pledge(values, values["quote"], start, end), reports=reports, id=pid,
               part_of=part_of, status=_status(record.get("status")), conflict=_flag(record.get("conflict")))


def _gold_row(where: str, record: dict, url: str, published: date, n: int) -> Row:
    """A record of the gold format: the fields; the report is the file's."""
    values = _check_record(record, text_cells=False)
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
               part_of=part_of, status=_status(record.get("status")), same_as=same_as)


def read_records(path: str | Path) -> RecordsFile:
    """The checked records of one file (CSV or JSON, our export or the gold
    format); InputError naming the file, line and field of the first bad one."""
    path = Path(path)
    text = _read_text(path)
    read = _json_rows(path, text) if text.lstrip()[:1] in ("[", "{") else RecordsFile(path, _csv_rows(path, text))
    rows = read.rows
    ids = [r.id for r in rows if r.id is not None]
    twice = sorted({i for i in ids if ids.count(i) > 1})
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


# -- writing -----------------------------------------------------------------

def _source_key(report: Report) -> str:
    """The id of a report's source when the file gives none: its address's."""
    address = report.url or report.path
    return hashlib.sha256(f"import:{address}".encode()).hexdigest()[:16]


def _sources(conn, reports: list[Report], now: datetime) -> None:
    """Every report's source id: the one given, else a stored source of the
    same address, else a new source (no text is kept: the quotes are in the links)."""
    addresses = {r.url for r in reports if r.url and not r.source_id}
    known = {}
    if addresses:
        for url, src in conn.execute(select(sources.c.url, sources.c.id).where(sources.c.url.in_(addresses))
                                     .order_by(sources.c.published, sources.c.id)):
            known.setdefault(url, src)
    new = {}
    for r in reports:
        if r.source_id is None:
            r.source_id = known.get(r.url) or _source_key(r)
        new.setdefault(r.source_id, r)
    stored = set(conn.execute(select(sources.c.id).where(sources.c.id.in_(list(new)))).scalars())
    fresh = [{"id": src, "url": r.url, "title": r.title, "outlet": r.outlet, "published": r.published,
              "path": r.path, "text": "", "ingested_at": now} for src, r in new.items() if src not in stored]
    if fresh:
        conn.execute(insert(sources), fresh)


def _pledge_row(row: Row, pid: str, now: datetime) -> dict:
    p = row.pledge
    first = min(row.reports, key=lambda r: (r.published, r.source_id, r.start))
    return {"id": pid, "donors": ";".join(p.donors), "donor_key": ";".join(sorted(set(p.donors))),
            "recipient": p.recipient, "amount": float(p.amount), "currency": p.currency,
            "qualifier": p.qualifier, "kind": p.kind, "aid_type": p.aid_type,
            "categories": ";".join(p.categories), "date": p.date, "event_date": p.date or first.published,
            "period": p.period, "part_of": None, "quote": p.quote, "start": int(p.start), "end": int(p.end),
            "status": row.status, "conflict": row.conflict, "source_id": first.source_id, "created_at": now}


def _earlier_reports(conn, joined: dict[str, Row]) -> None:
    """An undated pledge counts on its first report's day: a joining report
    published earlier moves it there, and its amounts are converted again."""
    if not joined:
        return
    c = pledges.c
    for pid, day, amount, currency, event_date in conn.execute(
            select(c.id, c.date, c.amount, c.currency, c.event_date).where(c.id.in_(list(joined)))).all():
        first = min(r.published for r in joined[pid].reports)
        if day is None and first < event_date:
            values = {"amount": amount, "currency": currency, "event_date": first}
            _normalised([values])
            conn.execute(update(pledges).where(c.id == pid).values(
                event_date=first, **{k: values[k] for k in ("amount_eur", "amount_usd", "amount_gbp", "fx_date")}))


def _already_given(conn, rows: list[Row]) -> dict[int, str]:
    """Row position -> the stored pledge its report already gave it to: a
    link of the same report and sentence, to a pledge of the same donors,
    currency and kind and an amount within the merge tolerance. So a file
    read again finds its records where they went, even those that joined
    another report's pledge; equal records of one sentence take them in turn."""
    sources_ = {r.reports[0].source_id for r in rows if r.reports}
    found: dict[tuple, list[tuple]] = {}
    if sources_:
        ps, c = pledge_sources.c, pledges.c
        for pid, src, quote, start, amount, currency, donor_key, kind in conn.execute(
                select(ps.pledge_id, ps.source_id, ps.quote, ps.start, c.amount, c.currency, c.donor_key, c.kind)
                .join(pledges, c.id == ps.pledge_id).where(ps.source_id.in_(sources_)).order_by(ps.pledge_id)):
            found.setdefault((src, quote, start), []).append((pid, amount, currency, donor_key, kind))
    given = {}
    for i, row in enumerate(rows):
        r, p = row.reports[0], row.pledge
        waiting = found.get((r.source_id, r.quote, r.start), [])
        for k, (pid, amount, currency, donor_key, kind) in enumerate(waiting):
            if (currency, donor_key, kind) == (p.currency, ";".join(sorted(set(p.donors))), p.kind) \
                    and _same_amount(amount, p.amount):
                given[i] = waiting.pop(k)[0]
                break
    return given


def _save(conn, read: RecordsFile, resolved: dict | None = None) -> ImportResult:
    """One file's records inside the caller's transaction; `resolved` gives
    the stored pledge of each record that a `same_as` names."""
    now = datetime.now(timezone.utc)
    rows = read.rows
    result = ImportResult(name=str(read.path))
    _sources(conn, read.reports + [r for row in rows for r in row.reports], now)
    own = {i: row.id or row.pledge.id for i, row in enumerate(rows)}
    stored = set()
    for i in range(0, len(own), 500):
        chunk = list(own.values())[i:i + 500]
        stored |= set(conn.execute(select(pledges.c.id).where(pledges.c.id.in_(chunk))).scalars())
    # A record without an id of its own that matches a pledge stored before this
    # file (same donors, currency and kind, amounts within 1 %, days within 7)
    # is another report of it, as in an ingest; records of one file never join each other.
    linked = {i: resolved[row.same_as] for i, row in enumerate(rows) if row.same_as}  # a reviewer's link first
    given = {i: pid for i, pid in _already_given(conn, rows).items() if i not in linked}
    unmatched = [i for i, row in enumerate(rows) if own[i] not in stored and i not in linked and i not in given]
    drafts = [_pledge_row(rows[i], own[i], now) for i in unmatched]
    matched = {unmatched[j]: pid for j, pid in _match_reports(drafts, _candidates(conn, drafts)).items()}
    ids: list[str] = []
    taken = set(stored)
    new_rows = []
    for i, row in enumerate(rows):
        if i in linked or i in given:
            ids.append(linked.get(i) or given[i])
            continue
        if own[i] in stored:
            ids.append(own[i])
            continue
        if i in matched:
            ids.append(matched[i])
            continue
        pid, n = own[i], 0
        while pid in taken:  # two equal records of one quote stay two
            n += 1
            pid = hashlib.sha256(f"{own[i]}:{row.reports[0].source_id}:{i}:{n}".encode()).hexdigest()[:16]
        taken.add(pid)
        ids.append(pid)
        new_rows.append((i, _pledge_row(row, pid, now)))
    stored_as = {own[i]: pid for i, pid in enumerate(ids)}  # a record's id in the file -> in the store
    for i, r in new_rows:
        whole = rows[i].part_of
        if isinstance(whole, int):
            r["part_of"] = ids[whole]
        elif whole is not None:
            if whole not in stored_as and conn.execute(select(pledges.c.id).where(pledges.c.id == whole)).first() is None:
                raise InputError(f"{rows[i].where}: part_of {whole!r} is no record of the file and no stored pledge")
            r["part_of"] = stored_as.get(whole, whole)
    if new_rows:
        values = [r for _, r in new_rows]
        _normalised(values)
        conn.execute(insert(pledges), values)
        donor_rows = [{"pledge_id": r["id"], "donor": d} for r in values for d in r["donor_key"].split(";") if d]
        if donor_rows:
            conn.execute(insert(pledge_donors), donor_rows)
    links = {}
    for pid, row in zip(ids, rows):
        for r in row.reports:
            links.setdefault((pid, r.source_id, r.start), {"pledge_id": pid, "source_id": r.source_id,
                                                           "start": r.start, "end": r.end, "quote": r.quote})
    have = set()
    unique = list(dict.fromkeys(ids))
    for i in range(0, len(unique), 500):
        have |= {tuple(k) for k in conn.execute(select(pledge_sources.c.pledge_id, pledge_sources.c.source_id,
                                                       pledge_sources.c.start)
                                                .where(pledge_sources.c.pledge_id.in_(unique[i:i + 500])))}
    fresh_links = [v for k, v in links.items() if k not in have]
    if fresh_links:
        conn.execute(insert(pledge_sources), fresh_links)
    new_ids = {r["id"] for _, r in new_rows}
    for pid, row in zip(ids, rows):
        if pid in new_ids:
            result.added += 1
        elif any((pid, r.source_id, r.start) not in have for r in row.reports):
            result.linked += 1
        else:
            result.unchanged += 1
    _earlier_reports(conn, {pid: rows[i] for i, pid in (matched | linked).items()})
    # A reviewed report confirms the extracted pledge it joined, as a reviewer's would.
    joined = sorted({pid for i, pid in (matched | linked).items() if rows[i].status == "confirmed"})
    if joined:
        conn.execute(update(pledges).where(pledges.c.id.in_(joined), pledges.c.status == "extracted")
                     .values(status="confirmed"))
    result.pledge_ids = ids
    return result


@_database_errors
def import_file(store: Store, path: str | Path | RecordsFile, resolved: dict | None = None) -> ImportResult:
    """Import one file of reviewed records (or a file `read_records` read) in
    one transaction: every record checked first, then stored with its
    reports, or joined to the stored pledge it reports again; the same file
    again adds nothing. `resolved`: the stored pledge of each (report id,
    position) its `same_as` links name (see `import_batch`)."""
    read = path if isinstance(path, RecordsFile) else read_records(path)
    if any(row.same_as for row in read.rows) and resolved is None:
        return import_batch(store, [read])[0]
    with _writing(store) as conn:
        return _save(conn, read, resolved or {})


def check_links(files: list[RecordsFile]) -> dict[str, RecordsFile]:
    """Every `same_as` names a record of another report among `files`, one
    that is no link itself."""
    by_id = {f.id: f for f in files if f.id}
    for f in files:
        for row in f.rows:
            if not row.same_as:
                continue
            report, position = row.same_as
            target = by_id.get(report)
            if target is None or report == f.id:
                raise InputError(f"{row.where}: same_as names report {report!r}, which is not another of the "
                                 "files imported with it")
            if position >= len(target.rows) or target.rows[position].same_as:
                raise InputError(f"{row.where}: same_as names record {position} of {report}, which "
                                 f"{'is itself a link' if position < len(target.rows) else 'it does not hold'}")
    return by_id


def import_batch(store: Store, files: list[RecordsFile]) -> list[ImportResult]:
    """Import files `read_records` read, one transaction a file, each after
    the reports its `same_as` links name; results in the files' order."""
    check_links(files)
    resolved: dict[tuple[str, int], str] = {}
    results: dict[int, ImportResult] = {}
    pending = list(range(len(files)))
    while pending:
        ready = [k for k in pending if all(row.same_as[0] in {files[j].id for j in results}
                                           for row in files[k].rows if row.same_as)]
        for k in ready:
            results[k] = import_file(store, files[k], resolved)
            if files[k].id:
                resolved.update({(files[k].id, n): pid for n, pid in enumerate(results[k].pledge_ids)})
        pending = [k for k in pending if k not in results]
        if pending and not ready:  # only a file whose links wait on each other can remain
            raise InputError(f"{files[pending[0]].path}: its same_as links wait on one another")
    return [results[k] for k in range(len(files))]


def import_files(store: Store, paths) -> list[ImportResult]:
    """Import files and folders of reviewed records, one transaction a file;
    every file is read and checked before any is stored."""
    return import_batch(store, [read_records(f) for f in import_paths(paths)])
