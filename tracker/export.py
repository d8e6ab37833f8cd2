"""Pledge frames as files: CSV that is safe to open in a spreadsheet, JSON, and
a zip of the CSV with a README of its sources, counting rules and rate basis.

Thin renderers over a `load_pledges` frame: they format, never filter or sum
(totals come from tracker.counting.totals).
"""
from __future__ import annotations

import json
import math
import os
import secrets
import zipfile
from datetime import date, datetime, UTC
from pathlib import Path

import numpy as np
import pandas as pd

from tracker.errors import InputError
from tracker.records.pledge import FIELDS, NORMALISED, review_bar
from tracker.records.reviewed import FORMULA_STARTS, QUOTE_SEPARATOR, URL_SEPARATOR

# `source_published`: each address's publication day, in the order of `source_urls`
# (an undated pledge counts on the first), so an export reads back as it was
# (`python -m tracker import`). `confidence`, `reviewed_by` and `evidence` say how
# far a person has checked each record.
CSV_COLUMNS = ("id",) + FIELDS + NORMALISED + ("status", "confidence", "reviewed_by", "conflict", "source_urls",
                                               "source_published", "source_quotes", "evidence")
FROM_SOURCES = ("source_published", "source_quotes")


def safe_cell(text: str) -> str:
    """A text cell a spreadsheet shows as text, never runs as a formula.

    >>> safe_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> safe_cell("-2+3")
    "'-2+3"
    >>> safe_cell("GBR;NOR")
    'GBR;NOR'
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _number(value):
    """A number as a number: whole values without '.0', others to the cent;
    missing ones empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    value = round(float(value), 2)
    return int(value) if value.is_integer() else value


def _text(value) -> str | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    return str(value)


_NUMBER_COLUMNS = {"amount", "amount_eur", "amount_usd", "amount_gbp", "start", "end", "confidence"}


def _source_quotes(sources) -> str:
    if not isinstance(sources, list):
        return ""
    return QUOTE_SEPARATOR.join(dict.fromkeys(s.get("quote") or "" for s in sources if s.get("quote")))


def _source_published(sources) -> str | None:
    """The publication day of each address of `source_urls`, in its order."""
    if not isinstance(sources, list):
        return None
    days = {}
    for s in sources:
        address = s.get("url") or s.get("path")
        if address and address not in days:
            days[address] = s.get("published") or ""
    return URL_SEPARATOR.join(days.values()) or None


def _csv_rows(frame: pd.DataFrame, order=CSV_COLUMNS):
    columns = [c for c in order if c in frame.columns or (c in FROM_SOURCES and "sources" in frame)]
    yield columns
    for record in frame.to_dict("records"):
        row = []
        for c in columns:
            if c == "source_quotes":
                value = _source_quotes(record.get("sources"))
            elif c == "source_published":
                value = _source_published(record.get("sources"))
            else:
                value = record[c]
            if c == "confidence":
                row.append(None if value is None or value != value else round(float(value), 3))
            elif c == "evidence":
                text = QUOTE_SEPARATOR.join(value) if isinstance(value, list) else None
                row.append(safe_cell(text) if text else None)
            elif c in _NUMBER_COLUMNS:
                row.append(_number(value))
            elif isinstance(value, (bool, np.bool_)):
                row.append(bool(value))
            elif c in ("part_of", "confidence") and isinstance(value, (int, float)) and not isinstance(value, bool):
                row.append(_number(value))
            else:
                text = _text(value)
                row.append(None if text is None else safe_cell(text))
        yield row


def to_csv(frame: pd.DataFrame, columns=CSV_COLUMNS) -> str:
    """The pledges as UTF-8 CSV: the spec's columns, the normalised amounts,
    `fx_date`, status, source URLs and quotes (or those of `columns` the frame
    has, in that order). Text cells are quoted and neutralised against formulas
    (OWASP); numbers stay unquoted numbers; lists are ';'-joined; dates ISO;
    missing values empty."""
    return "".join(",".join(_csv_cell(v) for v in row) + "\n" for row in _csv_rows(frame, columns))


def _csv_cell(value) -> str:
    """Numbers and true/false bare, text always quoted (a quoted cell is one cell whatever
    the reader's separator), missing values empty.

    >>> [_csv_cell(v) for v in (450000000, 0.5, 'say "hi" now', None)]
    ['450000000', '0.5', '"say ""hi"" now"', '']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return '"' + value.replace('"', '""') + '"'


def _json_value(value):
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else value
    return value


# The store's own bookkeeping, which an export leaves out: the version an edit is checked
# against, and the note that put a record in the review queue.
STORE_ONLY = ("version", "review_note")


def to_json(frame: pd.DataFrame) -> str:
    """The pledges as a JSON array of records: every column of the frame but
    the store's bookkeeping, `sources` as a list of reports; NaN and NaT
    null, dates ISO."""
    records = [{c: _json_value(v) for c, v in record.items() if c not in STORE_ONLY}
               for record in frame.to_dict("records")]
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


COUNTING_RULES = """\
Counting rules (the pledge schema's "Why the kinds matter"):
- kind `package` is one new commitment; `budget` a donor's envelope for a period;
  `aggregate` a total across donors at one moment; `cumulative` a running total.
- Per donor and year, the year counts the larger of its budget and the sum of
  its packages: packages in a budgeted year are taken to be drawn from it.
- A joint package is shown under each donor named, and counted once in any
  total across donors.
- A record that is a stated part of another (`part_of`) is never added to it.
- `aggregate` and `cumulative` records are shown beside the sums, never added in.
- Rejected records are not exported unless asked for; `conflict` = true marks a
  report that disagrees with another outlet's for the same donor and day: until
  a reviewer settles it, such a pledge counts once, at the smaller amount.
- A pledge several outlets report (the same currency and kind, amounts within 1 %,
  dates within 7 days, and donors that fit: equal, one a subset of the other, or
  one side naming none) is one record with the more specific donors;
  `source_urls` lists every report.

Review:
- `status` is `confirmed` or `edited` when a person checked the record (`reviewed_by`
  says who), `extracted` when the extractor alone made it. `confidence` is the
  extractor's (0 to 1; empty when a person typed the record), `evidence` the rules
  that fired, with their words.
- An extracted record below the review bar ({bar:g}) awaits review: it is exported,
  but not counted in the totals until a person confirms it.
"""


def _awaiting(frame: pd.DataFrame) -> pd.Series:
    """Which rows are extracted records below the review bar."""
    if "status" not in frame or "confidence" not in frame:
        return pd.Series(False, index=frame.index)
    return (frame["status"] == "extracted") & (frame["confidence"].astype("float64") < review_bar())


def _readme(frame: pd.DataFrame, description: str | None) -> str:
    from tracker.counting.totals import headline
    from tracker.records.fx import last_rate_date

    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["Pledges of support to Ukraine: export", "", f"Written {now}: {len(frame)} records in pledges.csv."]
    if description:
        lines.append(f"Selection: {description}.")
    waiting = _awaiting(frame)
    if waiting.any():
        n = int(waiting.sum())
        lines.append(f"{n} of them await{'s' * (n == 1)} review and {'is' if n == 1 else 'are'} left out of the total.")
    if len(frame):
        top = headline(frame[~waiting], "EUR")
        lines.append(f"Total across donors under the rules below: EUR {top['total']:,.0f} "
                     f"({top['donors']} donors; latest announcement {top['latest'] or 'unknown'}).")
    lines += ["", COUNTING_RULES.format(bar=review_bar()),
              "Exchange rates:",
              "- `amount` and `currency` are as the source states them. `amount_eur`, `amount_usd`",
              "  and `amount_gbp` convert them at the European Central Bank's euro reference rate of",
              "  the announcement date (the last rate published on or before it; an undated record",
              "  uses its first report's publication day). `fx_date` is the day of the rate used.",
              f"- The bundled ECB history ends on {last_rate_date().isoformat()}; later dates use that day's rate.",
              "- A currency the ECB does not publish (e.g. UAH) is left unconverted (empty).",
              "", "Sources (publication day, outlet, title, address):"]
    seen = {}
    if "sources" in frame:
        for links in frame["sources"]:
            for s in links if isinstance(links, list) else []:
                key = s.get("url") or s.get("path") or s.get("title")
                seen.setdefault(key, s)
    for s in sorted(seen.values(), key=lambda s: (s.get("published") or "", s.get("title") or "")):
        lines.append(f"- {s.get('published') or '?'}  {s.get('outlet') or '-'}  {s.get('title') or '-'}  "
                     f"{s.get('url') or s.get('path') or '-'}")
    if not seen:
        lines.append("- (none recorded)")
    return "\n".join(lines) + "\n"


def _atomic_write(path: Path, write) -> None:
    """Write through a temporary file in the same folder, so a failed write
    never leaves a half file under the real name."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a file name to write")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"no such folder: {folder}")
    # Created as open() creates a file, so the user's umask decides who may read it
    # (mkstemp would make every export private, 0600).
    while True:
        tmp = str(folder / f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            break
        except FileExistsError:
            continue
        except OSError as e:
            raise InputError(f"cannot write {path}: {e.strerror}") from None
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as e:
        raise InputError(f"cannot write {path}: {e.strerror}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_text(text: str, path: str | Path) -> None:
    """Save an export (CSV or JSON) as UTF-8, whole or not at all."""
    def write(tmp):
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    _atomic_write(Path(path), write)


def write_zip(frame: pd.DataFrame, path: str | Path, description: str | None = None) -> None:
    """A zip of pledges.csv and README.txt (its sources, the counting rules,
    the exchange-rate basis and, when given, a description of the selection)."""
    csv_text, readme = to_csv(frame), _readme(frame, description)

    def write(tmp):
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr("pledges.csv", csv_text)
            z.writestr("README.txt", readme)
    _atomic_write(Path(path), write)
