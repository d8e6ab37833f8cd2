"""Reading articles from files, folders or standard input: size, binary and
encoding checks, HTML reduced to its article text, and the metadata given
beside the text (a sidecar .json, Markdown front matter, a dateline).

Raises `InputError` with one clear sentence for anything it cannot read; it
takes a date only from metadata or a dateline, never from one the text merely
mentions, and edits the text no further than decoding it and dropping front matter.
"""
from __future__ import annotations

import codecs
import json
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tracker.errors import InputError
from tracker.extract.text import MONTH_NAME, MONTHS
from tracker.records.bounds import check_date, within_date_bounds

MAX_BYTES = 20 * 1024 * 1024
MAX_SIDECAR_BYTES = 1024 * 1024
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_LOOKS_LIKE_HTML = re.compile(r"\s*(?:<!doctype html|<html|<head|<body|<article|<meta)", re.I)
# Byte-order marks and the codec each names; UTF-32's little-endian mark begins with UTF-16's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Control characters that never occur in text (tab, newline, CR and form feed do).
_BINARY_BYTES = bytes(range(0, 9)) + b"\x0b\x0e\x0f" + bytes(range(0x10, 0x1b)) + b"\x1c\x1d\x1e\x1f"


@dataclass
class Article:
    """An article's text and what is known about it."""

    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    path: str | None = None
    warnings: list[str] = field(default_factory=list)


def parse_published(value: str, what: str = "publication date") -> date:
    """A publication date given as YYYY-MM-DD, within the dates the tracker
    accepts (`tracker.records.bounds.date_bounds`); an empty one is an error too.

    >>> parse_published("2025-04-11")
    datetime.date(2025, 4, 11)
    """
    try:
        day = date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise InputError(f"bad date {value!r}: give it as YYYY-MM-DD, e.g. 2025-04-11") from None
    return check_date(day, what)


def decode_text(data: bytes, name: str = "input") -> tuple[str, list[str]]:
    """Bytes to text: UTF-8 (a BOM is dropped), else Windows-1252 with a warning.

    >>> decode_text("£450m".encode())
    ('£450m', [])
    >>> decode_text("£450m".encode("cp1252"))[1]
    ['input is not UTF-8; read it as Windows-1252']
    """
    if len(data) > MAX_BYTES:
        raise InputError(f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MB")
    codec = next((codec for bom, codec in _BOMS if data.startswith(bom)), None)
    if codec and codec != "utf-8-sig":
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            raise InputError(f"{name} begins with a {codec.upper()} byte-order mark but is not {codec.upper()} "
                             f"text") from None
        if "\x00" in text[:65536]:
            raise InputError(f"{name} is a binary file, not text")
        return text, []
    sample = data[:65536]
    if b"\x00" in sample or sum(sample.count(bytes([b])) for b in _BINARY_BYTES) > len(sample) // 100:
        raise InputError(f"{name} is a binary file, not text")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), [f"{name} is not UTF-8; read it as Windows-1252"]
    except UnicodeDecodeError:
        raise InputError(f"{name} is neither UTF-8 nor Windows-1252 text") from None


def read_bytes(data: bytes, name: str = "input", html: bool | None = None) -> Article:
    """An article from raw bytes; HTML (by `html`, else by its first tag) is
    reduced to its article text and metadata."""
    text, warnings = decode_text(data, name)
    if html is None:
        html = bool(_LOOKS_LIKE_HTML.match(text, 0, 1024))
    if html:
        from tracker.reading.html import read_html

        # The page's own charset declaration decides how its bytes are read.
        return read_html(data, name=name)
    return Article(text=text, warnings=warnings)


def read_article(path: str | Path) -> Article:
    """An article from a file path, or from standard input when `path` is '-'."""
    if str(path) == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        return read_bytes(data, "standard input")
    p = Path(path)
    if not p.exists():
        raise InputError(f"no such file: {p}")
    if p.is_dir():
        raise InputError(f"{p} is a folder, not a file")
    data = read_file(p, MAX_BYTES)
    article = read_bytes(data, str(p), html=True if p.suffix.lower() in HTML_SUFFIXES else None)
    article.path = str(p)
    return article


def read_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. The size is counted
    while reading, never taken from the file system (/dev/zero says 0), and what is
    not a regular file (a pipe, a device, a socket) is refused before any read
    could wait on it forever."""
    try:
        # O_NONBLOCK: opening a pipe with no writer would otherwise wait.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}") from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(f"{path} is not a regular file (a pipe, device or socket); give a file")
        try:
            data = f.read(limit + 1)
        except OSError as e:
            raise InputError(f"cannot read {path}: {e.strerror}") from None
    if len(data) > limit:
        size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} kB"
        raise InputError(f"{path} is larger than {size}")
    return data


# -- article files and their metadata ------------------------------------

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
# A folder's own notes are not articles ("corpus/README.md").
NOT_ARTICLES = re.compile(r"(?i)^(readme|license|licence|changelog|contributing|notes)\b")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_MONTHS = tuple(m[:3] for m in MONTHS)
# A date said in full, for patterns compiled with re.I | re.X (a dateline's here, a
# byline's in tracker.reading.html); `explicit_date` reads a match of it.
EXPLICIT_DATE = rf"""(?:
    (?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<month>{MONTH_NAME})\.?,?\s+(?P<year>(?:19|20)\d\d)       # 11 April 2025
  | (?P<month2>{MONTH_NAME})\.?\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year2>(?:19|20)\d\d)  # Sept. 5th, 2024
  | (?P<iso_year>(?:19|20)\d\d)-(?P<iso_month>[01]?\d)-(?P<iso_day>[0-3]?\d)                      # 2025-04-11
)"""
_DATELINE = re.compile(rf"\b{EXPLICIT_DATE}\b", re.I | re.X)


def explicit_date(match: re.Match) -> date:
    """The day a match of `EXPLICIT_DATE` names; ValueError when there is no
    such day ("31 February 2025")."""
    if match["iso_year"]:
        return date(int(match["iso_year"]), int(match["iso_month"]), int(match["iso_day"]))
    month = _MONTHS.index((match["month"] or match["month2"])[:3].lower()) + 1
    return date(int(match["year"] or match["year2"]), month, int(match["day"] or match["day2"]))


def parse_dateline(text: str) -> date | None:
    """The date of a dateline in an article's first lines ("LONDON, 11 April
    2025 -", "April 11, 2025", "2025-04-11"), or None.

    >>> parse_dateline("KYIV, 3 March 2025 (Reuters) - Allies pledged...")
    datetime.date(2025, 3, 3)
    >>> parse_dateline("Washington, Sept. 5, 2024 -")
    datetime.date(2024, 9, 5)
    >>> parse_dateline("BRUSSELS, 2025-6-24 -")
    datetime.date(2025, 6, 24)
    >>> parse_dateline("Allies pledged £450m on Friday.") is None
    True
    """
    head = "\n".join(text.strip().splitlines()[:3])[:400]
    m = _DATELINE.search(head)
    if not m:
        return None
    try:
        day = explicit_date(m)
    except ValueError:
        return None
    return day if within_date_bounds(day) else None  # "LONDON, 3 March 2099": no date


def _metadata_date(value, where: str) -> date:
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise InputError(f"{where}: published is not a date YYYY-MM-DD")
    try:
        day = date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError(f"{where}: published {str(value)[:40]!r} is not a date YYYY-MM-DD") from None
    return check_date(day, f"{where}: published")


def _front_matter(article: Article) -> None:
    """Markdown front matter (`published: YYYY-MM-DD`, title, url, outlet) into
    the article's metadata; the block itself is not article text."""
    m = _FRONT_MATTER.match(article.text)
    if not m:
        return
    meta = {}
    for line in m[1].splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip().strip("'\"")
    if meta.get("published") or meta.get("date"):
        article.published = _metadata_date(meta.get("published") or meta["date"], f"{article.path} front matter")
    article.title = meta.get("title") or article.title
    article.url = meta.get("url") or article.url
    article.outlet = meta.get("outlet") or article.outlet
    article.text = article.text[m.end():]


def sidecar_of(path: Path) -> Path | None:
    """The sidecar beside an article file, `<name>.json` or `<name>.txt.json`, if there is one."""
    for side in (path.with_suffix(".json"), path.with_name(path.name + ".json")):
        if side.is_file():
            return side
    return None


def read_sidecar(data: bytes, where: str) -> dict:
    """A sidecar's JSON object, from its bytes; `where` names it in errors."""
    try:
        meta = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"cannot read {where}: {e}") from None
    except RecursionError:
        raise InputError(f"cannot read {where}: its JSON is nested too deeply") from None
    if not isinstance(meta, dict):
        raise InputError(f"{where} is not a JSON object")
    return meta


def _apply_sidecar(article: Article, meta: dict, where: str) -> None:
    """A sidecar's "published", "url", "title", "outlet" into the article's metadata."""
    if meta.get("published"):
        article.published = _metadata_date(meta["published"], where)
    for key in ("url", "title", "outlet"):
        if isinstance(meta.get(key), str) and meta[key].strip():
            setattr(article, key, meta[key].strip())


def find_metadata(article: Article, sidecar: dict | None = None, sidecar_name: str = "the sidecar",
                  html: bool | None = None) -> Article:
    """The one place an article's date and metadata are found, whichever way it
    came in (a file or folder on the command line, an upload, pasted text, a
    fetched page): a sidecar's (`sidecar`, the JSON object of `<name>.json`)
    first, then the page's own metadata (HTML, read with the page) or a text's
    Markdown front matter, then a dateline in the first lines ("Ottawa, 5 May
    2025 - ..."). A text's first line is its title unless something names one.
    The article's date stays None when none of them gives one. `html` says
    whether the text was read from a page; None: by the file's suffix, or by
    the title a page read as HTML has.

    >>> find_metadata(Article(text="Aid\\n\\nOTTAWA, 5 May 2025 - Canada gave C$5m.")).published
    datetime.date(2025, 5, 5)
    >>> find_metadata(Article(text="---\\npublished: 2025-03-14\\n---\\nThe Dutch gave €5m.")).text
    'The Dutch gave €5m.'
    """
    # A page read as HTML (by suffix, or sniffed: it then has a title) has no front matter.
    if html is None:
        html = article.title is not None or bool(article.path) and Path(article.path).suffix.lower() in HTML_SUFFIXES
    text_file = not html
    if text_file:
        _front_matter(article)
    if sidecar is not None:
        _apply_sidecar(article, sidecar, sidecar_name)
    if article.published is None:
        article.published = parse_dateline(article.text)
    if text_file and article.title is None:
        first = article.text.strip().split("\n", 1)[0].strip()
        article.title = first if 0 < len(first) <= 200 else None
    return article


def load_article(path: str | Path) -> Article:
    """An article file with its metadata, found by `find_metadata` (a sidecar
    `<name>.json` beside it included); '-' reads standard input."""
    if str(path) == "-":
        return find_metadata(read_article("-"))
    p = Path(path)
    article = read_article(p)
    side = sidecar_of(p)
    if side is None:
        return find_metadata(article)
    data = read_file(side, MAX_SIDECAR_BYTES)
    return find_metadata(article, read_sidecar(data, str(side)), str(side))


def article_paths(paths) -> list[Path]:
    """The article files of `find_articles`, without what it passed over."""
    return find_articles(paths)[0]


def find_articles(paths) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files as given, folders as their .txt/.md/.html files (sorted, recursive;
    hidden files and a folder's README or licence skipped), and the files passed
    over with the reason: in a folder, a link leading outside it is not followed
    ("passwd.txt -> /etc/passwd"). A missing path or an empty folder is an error."""
    found: list[Path] = []
    passed_over: list[tuple[Path, str]] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            root = p.resolve()
            inside = []
            # rglob does not enter linked folders; a linked file is followed only within the folder.
            for f in sorted(p.rglob("*")):
                if (f.suffix.lower() not in ARTICLE_SUFFIXES or NOT_ARTICLES.match(f.name)
                        or any(part.startswith(".") for part in f.relative_to(p).parts)):
                    continue
                if f.is_symlink():
                    try:
                        target = f.resolve(strict=True)
                    except (OSError, RuntimeError):  # dangling, or a loop
                        passed_over.append((f, "a link that leads nowhere; not followed"))
                        continue
                    if not target.is_relative_to(root):
                        passed_over.append((f, f"a link to {os.readlink(f)}, outside {p}; not followed"))
                        continue
                if f.is_file():
                    inside.append(f)
                elif not f.is_dir():
                    passed_over.append((f, "not a regular file (a pipe, device or socket); not read"))
            if not inside and not any(f.is_relative_to(p) for f, _ in passed_over):
                raise InputError(f"{p} holds no {', '.join(ARTICLE_SUFFIXES)} files")
            found += inside
        elif p.is_file():
            if p.suffix.lower() not in ARTICLE_SUFFIXES:
                raise InputError(f"{p} is not an article file ({', '.join(ARTICLE_SUFFIXES)})")
            found.append(p)
        elif p.exists():
            raise InputError(f"{p} is not a regular file (a pipe, device or socket); give a file")
        else:
            raise InputError(f"no such file or folder: {p}")
    return found, passed_over
