"""Saved news pages to article text and metadata (title, outlet, publication
date): the page's text without its clutter, and a date from the page's metadata
or its byline, never from one the article merely mentions. No network use here:
tracker.reading.fetch downloads a page and hands its bytes to `read_html`.
"""
from __future__ import annotations

import codecs
import re
from datetime import date
from urllib.parse import urlsplit

from tracker.errors import InputError
from tracker.reading.files import EXPLICIT_DATE, MAX_BYTES, Article, explicit_date
from tracker.records.bounds import within_date_bounds

MIN_ARTICLE_WORDS = 5
# The page reader's bounds. Reducing a page to its article takes time that grows faster
# than the count of elements (a flat page of 60,000 paragraphs took 39 s, of 30,000 9 s),
# so a page may hold at most MAX_HTML_ELEMENTS outside inline SVG drawings (a long news
# page has a few thousand) and MAX_HTML_BYTES; a text file may be larger (MAX_BYTES).
MAX_HTML_BYTES = 5 * 1024 * 1024
MAX_HTML_ELEMENTS = 20_000
_BYLINE_DATE = re.compile(rf"""
    \b(?:first\s+)?(?:published|posted|released|issued)   # the byline's cue word
    (?:\s++on)?+\s*+:?\s*+                                # "Published on:", "Posted"; possessive, so
                                                          # a run of spaces is not split every way
    (?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*+\.?,?\s++)?   # "Friday, ", "Fri "
    (?:
        {EXPLICIT_DATE}                                    # "11 April 2025", "Apr. 11th, 2025", "2025-04-11"
      | (?P<dot_day>[0-3]?\d)\.(?P<dot_month>[01]?\d)\.(?P<dot_year>(?:19|20)\d\d)   # 11.04.2025, day first
    )\b""", re.I | re.X)
# '<meta charset="utf-8">' or '<meta http-equiv="Content-Type" content="text/html; charset=...">'
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)


def read_html(html: str | bytes, url: str | None = None, name: str | None = None) -> Article:
    """The article in an HTML page: its main text (navigation, comments, adverts
    and banners dropped), title, outlet (the site's name, else the URL's host)
    and the publication date from the page's metadata, None when it has none.

    Bytes are decoded as the page declares (BOM, <meta charset>), else as
    UTF-8, else as Windows-1252. The date comes from meta tags, JSON-LD,
    <time> elements or the URL, else from a byline ("Published 11 April 2025"),
    never from a date the article merely mentions ("signed on 3 March 2024").
    A page over MAX_HTML_BYTES or MAX_HTML_ELEMENTS is refused with `InputError`.
    """
    import trafilatura
    from trafilatura.utils import load_html

    shown = name or url or "the HTML page"
    size = len(html) if isinstance(html, bytes) else len(html.encode("utf-8", errors="replace"))
    if size > MAX_HTML_BYTES:
        raise InputError(f"{shown} is an HTML page larger than {MAX_HTML_BYTES // (1024 * 1024)} MB, the most "
                         f"the page reader takes (a text file may be {MAX_BYTES // (1024 * 1024)} MB): save the "
                         f"article's text as a .txt file")
    if isinstance(html, bytes):
        html = decode_html(html)
    tree = load_html(html)  # parsed once: counted here, then read twice below
    if tree is not None and _element_count(tree) > MAX_HTML_ELEMENTS:
        raise InputError(f"{shown} holds more than {MAX_HTML_ELEMENTS:,} HTML elements, the most the page "
                         f"reader takes: save the article's text as a .txt file")
    date_params = {"original_date": True, "extensive_search": False,
                   "max_date": date.today().isoformat()}
    doc = trafilatura.bare_extraction(tree if tree is not None else html, url=url, with_metadata=True,
                                      include_comments=False, include_tables=False, favor_precision=True,
                                      date_extraction_params=date_params)
    where = f" at {url}" if url else ""
    # Fewer words than any pledge needs is what is left of a script-built page
    # or a menu ("Home"), not an article.
    if doc is None or len((doc.text or "").split()) < MIN_ARTICLE_WORDS:
        raise InputError(f"no article text found in the HTML page{where}")
    published = _parse_page_date(doc.date) or parse_byline_date(trafilatura.html2txt(tree if tree is not None
                                                                                      else html))
    outlet = doc.sitename
    if not outlet or outlet.removeprefix("www.") == host_name(url, with_port=True):
        outlet = host_name(url)  # trafilatura's own stand-in keeps the port and 'www.'
    return Article(text=doc.text, title=doc.title or None, outlet=outlet,
                   url=url or doc.url, published=published)


def _element_count(tree) -> int:
    """The elements of a parsed page, an inline SVG drawing counting as one."""
    count = 0
    for element in tree.iter():
        count += 1
        if element.tag == "svg":
            count -= sum(1 for _ in element.iterdescendants())
    return count


def _parse_page_date(value: str | None) -> date | None:
    """The date part of what the page's metadata gave, None when unusable or
    outside the dates the tracker accepts.

    >>> _parse_page_date("2025-04-11")
    datetime.date(2025, 4, 11)
    >>> _parse_page_date(None) is None
    True
    """
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return day if within_date_bounds(day) else None


def parse_byline_date(text: str) -> date | None:
    """The date a page's byline gives ("Published 11 April 2025", "Posted on
    Friday, April 11, 2025", "First published: 11.04.2025"), None without one.

    >>> parse_byline_date("From: Ministry of Defence  Published 11 April 2025  The Defence Secretary...")
    datetime.date(2025, 4, 11)
    >>> parse_byline_date("Posted on Fri, Apr. 11th, 2025 at 10:15")
    datetime.date(2025, 4, 11)
    >>> parse_byline_date("The agreement signed on 3 March 2024 in Paris") is None
    True
    """
    for match in _BYLINE_DATE.finditer(text):
        try:
            if match["dot_year"]:
                day = date(int(match["dot_year"]), int(match["dot_month"]), int(match["dot_day"]))
            else:
                day = explicit_date(match)
        except ValueError:
            continue
        if within_date_bounds(day):
            return day
    return None


def host_name(url: str | None, with_port: bool = False) -> str | None:
    """The host of a URL as an outlet's stand-in, without a leading 'www.'.

    >>> host_name("https://www.example.org:8443/news/1")
    'example.org'
    >>> host_name("https://www.example.org:8443/news/1", with_port=True)
    'example.org:8443'
    >>> host_name("http://[::1/") is None
    True
    """
    if not url:
        return None
    try:
        parts = urlsplit(url)
        host = parts.netloc.rpartition("@")[2] if with_port else parts.hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def decode_html(data: bytes, charset: str | None = None) -> str:
    """A page's bytes as text: the charset the server declared, else a BOM,
    else the page's own <meta> declaration, else UTF-8, else Windows-1252.

    >>> decode_html('<meta charset="windows-1252"><p>£3bn'.encode("cp1252"))
    '<meta charset="windows-1252"><p>£3bn'
    >>> decode_html("<p>£3bn".encode())
    '<p>£3bn'
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(name, errors="replace")
    if not charset:
        declared = _META_CHARSET.search(data[:4096])
        charset = parse_charset(f"charset={declared[1].decode('ascii')}") if declared else None
    if charset in ("iso8859-1", "ascii"):  # what browsers do: such pages are Windows-1252
        charset = "cp1252"
    if charset and charset not in ("utf-16-le", "utf-16-be", "utf-16", "utf-32"):
        try:
            return data.decode(charset, errors="replace")
        except (UnicodeError, LookupError, ValueError):  # a codec that fails whatever `errors` says
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# Codecs Python calls text encodings that no page is written in: they decode names,
# escapes or nothing at all, and some fail whatever the error handler.
_NOT_PAGE_ENCODINGS = {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined", "utf-7"}


def parse_charset(content_type: str) -> str | None:
    """The charset a Content-Type header declares, when Python knows it as a
    text encoding a page can be written in; a name such as base64, zlib, rot13
    or idna counts as no declaration.

    >>> parse_charset("text/html; charset=ISO-8859-1")
    'iso8859-1'
    >>> [parse_charset(f"text/html; charset={name}") for name in ("nonsense", "base64", "rot13", "idna")]
    [None, None, None, None]
    """
    match = re.search(r"charset\s*+=\s*+[\"']?([\w.:-]+)", content_type, re.I)
    if not match:
        return None
    try:
        codec = codecs.lookup(match[1])
    except LookupError:
        return None
    if not getattr(codec, "_is_text_encoding", True) or codec.name in _NOT_PAGE_ENCODINGS:
        return None
    return codec.name
