"""Reading an article from a file or standard input into text: size, binary and
encoding checks, and HTML reduced to its article text.

Raises `InputError` with one clear sentence for anything it cannot read; it
never guesses at a date or edits the text beyond decoding it.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tracker.errors import InputError

MAX_BYTES = 20 * 1024 * 1024
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"} | HTML_SUFFIXES
_LOOKS_LIKE_HTML = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<meta)", re.I)
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


def parse_published(value: str) -> date:
    """A publication date given as YYYY-MM-DD.

    >>> parse_published("2025-04-11")
    datetime.date(2025, 4, 11)
    """
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise InputError(f"bad date {value!r}: give it as YYYY-MM-DD, e.g. 2025-04-11") from None


def decode_text(data: bytes, name: str = "input") -> tuple[str, list[str]]:
    """Bytes to text: UTF-8 (a BOM is dropped), else Windows-1252 with a warning.

    >>> decode_text("£450m".encode())
    ('£450m', [])
    >>> decode_text("£450m".encode("cp1252"))[1]
    ['input is not UTF-8; read it as Windows-1252']
    """
    if len(data) > MAX_BYTES:
        raise InputError(f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MB")
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
        html = bool(_LOOKS_LIKE_HTML.match(data[:1024]))
    if html:
        from tracker.web import read_html

        # The page's own charset declaration decides how its bytes are read.
        return read_html(data)
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
    try:
        if p.stat().st_size > MAX_BYTES:
            raise InputError(f"{p} is larger than {MAX_BYTES // (1024 * 1024)} MB")
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read {p}: {e.strerror}") from None
    article = read_bytes(data, str(p), html=True if p.suffix.lower() in HTML_SUFFIXES else None)
    article.path = str(p)
    return article
