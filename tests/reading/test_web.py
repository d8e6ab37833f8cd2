"""Web pages to articles: saved pages read offline, and pages fetched from a
loopback HTTP server started by these tests (no test leaves this machine).
The pages in tests/fixtures/web/ were written for these tests.
"""
from __future__ import annotations

import gzip
import ipaddress
import os
import socket
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from tracker.errors import InputError
from tracker.reading.fetch import (ALLOW_PRIVATE_ENV, BadURLError, BlockedAddressError, FetchError, HTTPStatusError,
                                   NotHTMLError, RedirectError, TooLargeError, TooSlowError, UnreachableError,
                                   describe_internal_address, fetch_article)
from tracker.reading.files import read_article
from tracker.reading.html import parse_byline_date, read_html
from tracker.records.bounds import date_bounds

FIXTURES = ROOT / "tests" / "fixtures" / "web"

NEWS_TEXT = (
    "Norway pledges NOK 1.5bn for Ukraine's air defence\n"
    "Norway will give Ukraine 1.5 billion kroner for air defence, the defence minister said on Friday, "
    "as allies met at the Ukraine Defence Contact Group in Brussels.\n"
    "The money will buy interceptor missiles and help to repair launchers damaged in recent attacks, "
    "the ministry said in a statement.\n"
    "\"Protecting Ukrainian cities from missiles and drones is our most urgent task,\" the minister told "
    "reporters after the meeting.\n"
    "The contribution comes on top of the 35 billion kroner that parliament set aside for Ukraine for "
    "this year, officials added."
)

# Phrases from the page around the article: cookie banner, navigation, related
# links, comments, advert, footer. None may reach the extractor.
NEWS_CLUTTER = ["cookies", "Accept all", "Subscribe", "Business", "Read more", "Krone weakens",
                "Comments", "twice as much", "My taxes", "Thank you Norway", "winter tyres",
                "All rights reserved", "Privacy policy"]


# --- the loopback server -----------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # the body ends when the connection closes

    def do_GET(self):
        self.server.requests.append(self.path)
        route = ROUTES.get(self.path.split("?")[0])
        if route is None:
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body><h1>Not found</h1></body></html>")
            return
        try:
            route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up on purpose (size limit, timeout)

    def log_message(self, *args):
        pass

    def send(self, body: bytes, content_type: str = "text/html; charset=utf-8", status: int = 200,
             headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def _fixture(name: str, content_type: str = "text/html; charset=utf-8"):
    return lambda h: h.send((FIXTURES / name).read_bytes(), content_type)


def _redirect(location: str, status: int = 302):
    return lambda h: h.send(b"", status=status, headers={"Location": location})


def _endless(h):
    """A page that never ends: proves the client stops reading at its limit."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    h.wfile.write(b"<html><body>")
    block = b"<p>" + b"filler text " * 800 + b"</p>\n"
    for _ in range(5000):  # at most ~50 MB, far beyond any limit used here
        if h.server.stopping.is_set():
            return
        h.wfile.write(block)


def _chunked(blocks):
    """A page sent with Transfer-Encoding: chunked, as most servers send pages today."""
    def route(h):
        h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                      b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        for block in blocks():
            if h.server.stopping.is_set():
                return
            h.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))
        h.wfile.write(b"0\r\n\r\n")
    return route


def _news_in_blocks():
    page = (FIXTURES / "news.html").read_bytes()
    return [page[i:i + 700] for i in range(0, len(page), 700)]


def _declared_large(h):
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", str(50_000_000))
    h.end_headers()
    h.wfile.write(b"<html><body><p>only the start</p>")


def _gzip_bomb(h):
    body = gzip.compress(b"<html><body><p>" + b" " * 20_000_000 + b"</p></body></html>")
    h.send(body, headers={"Content-Encoding": "gzip"})


def _gzip_page(h):
    h.send(gzip.compress((FIXTURES / "news.html").read_bytes()), headers={"Content-Encoding": "gzip"})


def _never_answers(h):
    h.server.stopping.wait(10)


def _trickle(h):
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    for _ in range(100):
        if h.server.stopping.wait(0.1):
            return
        h.wfile.write(b"<p>")
        h.wfile.flush()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

ROUTES = {
    "/news": _fixture("news.html"),
    "/metadata-date": _fixture("metadata-date.html"),
    "/time-element": _fixture("time-element.html"),
    "/no-date": _fixture("no-date.html"),
    "/dateline": _fixture("dateline.html"),
    "/news-1252": _fixture("windows-1252.html", "text/html; charset=windows-1252"),
    "/news-1252-undeclared": _fixture("windows-1252.html", "text/html"),
    "/news-octet": _fixture("news.html", "application/octet-stream"),
    # issue 16: 28 empty comments before the page froze the server in a backtracking pattern
    "/comments-first": lambda h: h.send(b"<!---->" * 40 + (FIXTURES / "news.html").read_bytes(), "text/plain"),
    "/comments-only": lambda h: h.send(b"<!---->" * 40 + b"just words", "text/plain"),
    "/news-gzip": _gzip_page,
    "/empty": lambda h: h.send(b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
    "/report.pdf": lambda h: h.send(PDF, "application/pdf"),
    "/report-mislabelled": lambda h: h.send(PDF, "text/html"),
    "/photo": lambda h: h.send(b"\x89PNG\r\n\x1a\n", "image/png"),
    "/data": lambda h: h.send(b"just words, no markup", "text/plain"),
    "/untyped-binary": lambda h: h.send(b"\x00\x01\x02 binary", ""),
    "/gone": lambda h: h.send(b"<html><body>gone</body></html>", status=410),
    "/private": lambda h: h.send(b"<html><body>no</body></html>", status=403),
    "/broken": lambda h: h.send(b"<html><body>oops</body></html>", status=500),
    "/moved": _redirect("/news", 301),
    "/moved-relative": _redirect("news", 302),
    "/loop-a": _redirect("/loop-b"),
    "/loop-b": _redirect("/loop-a"),
    "/self": _redirect("/self", 307),
    "/to-ftp": _redirect("ftp://files.example.org/report.txt"),
    "/nowhere": lambda h: h.send(b"", status=302),
    "/endless": _endless,
    "/declared-large": _declared_large,
    "/news-chunked": _chunked(_news_in_blocks),
    "/endless-chunked": _chunked(lambda: (b"<p>" + b"more filler " * 800 + b"</p>\n" for _ in range(5000))),
    "/gzip-bomb": _gzip_bomb,
    "/hang": _never_answers,
    "/trickle": _trickle,
}
for _n in range(1, 8):  # /hop/N takes N redirects to reach the news page
    ROUTES[f"/hop/{_n}"] = _redirect(f"/hop/{_n - 1}" if _n > 1 else "/news")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.requests = []
    httpd.stopping = threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.stopping.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def base(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def local(monkeypatch):
    """Internal addresses allowed, as for local use and these tests."""
    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "1")


# --- saved pages -------------------------------------------------------------

def test_news_page_keeps_the_article_and_drops_the_clutter():
    article = read_html((FIXTURES / "news.html").read_text())
    assert article.text == NEWS_TEXT


@pytest.mark.parametrize("phrase", NEWS_CLUTTER)
def test_news_page_clutter_is_gone(phrase):
    article = read_html((FIXTURES / "news.html").read_text())
    assert phrase not in article.text


# Where a page keeps its date, title and outlet. A page without a date leaves
# `published` None for the caller to ask; a date in the article's words
# ("on Tuesday") is never taken for it.
SAVED_PAGES = [
    ("news.html", None, "Norway pledges NOK 1.5bn for Ukraine's air defence", "The Northern Ledger",
     date(2025, 4, 11)),
    # JSON-LD datePublished only (dateModified is later and must lose); outlet from its publisher
    ("metadata-date.html", None, "Sweden adds SEK 2bn to its support for Ukraine", "Baltic Wire",
     date(2025, 3, 14)),
    # a <time datetime> in the byline; no site name, so the URL's host stands in
    ("time-element.html", "https://www.example.org/world/canada-drones",
     "Canada to fund drone production for Ukraine", "example.org", date(2025, 2, 20)),
    ("no-date.html", None, "Dutch government confirms new aid for Ukraine", None, None),
    # no metadata at all: the date is the visible "Published 11 April 2025"
    ("press-release.html", None, "Defence Secretary announces new support package for Ukraine", None,
     date(2025, 4, 11)),
    ("windows-1252.html", None, "UK commits more support to Ukraine", "Westminster Bulletin",
     date(2025, 1, 16)),
]


@pytest.mark.parametrize("name, url, title, outlet, published", SAVED_PAGES,
                         ids=[p[0] for p in SAVED_PAGES])
def test_saved_page_metadata(name, url, title, outlet, published):
    article = read_html((FIXTURES / name).read_bytes(), url=url)
    actual = (article.title, article.outlet, article.published, article.url)
    assert actual == (title, outlet, published, url)


def test_press_release_keeps_its_list_and_drops_the_related_links():
    article = read_html((FIXTURES / "press-release.html").read_text())
    assert article.text == (
        "Defence Secretary announces new support package for Ukraine\n"
        "The package includes air defence systems, drones and spare parts.\n"
        "The Defence Secretary has announced a new £450 million package of military support for Ukraine, "
        "funded jointly with Norway.\n"
        "The package includes:\n"
        "- hundreds of thousands of drones, including long-range strike drones\n"
        "- radar systems to protect critical infrastructure\n"
        "- anti-tank mines and spare parts for armoured vehicles\n"
        "The Defence Secretary said the support would help Ukraine to defend its cities this year.")


# Bylines seen on news and government pages; the cue word must be there.
BYLINES = [
    ("Published 11 April 2025", date(2025, 4, 11)),
    ("First published: 11 April 2025 Last updated: 14 April 2025", date(2025, 4, 11)),
    ("Posted on Friday, April 11, 2025 at 10:15", date(2025, 4, 11)),
    ("Posted Fri, Apr. 11th, 2025", date(2025, 4, 11)),
    ("PUBLISHED: 2025-04-11 09:30", date(2025, 4, 11)),
    ("Released on 11.04.2025", date(2025, 4, 11)),
    ("Issued 3 March 2025 by the press office", date(2025, 3, 3)),
    ("Published 31 February 2025. Published 1 March 2025", date(2025, 3, 1)),  # an impossible day is skipped
    # not bylines: a date in the article's words, an update, a bare date
    ("The agreement signed on 3 March 2024 in Paris", None),
    ("Last updated 14 April 2025", None),
    ("11 April 2025", None),
    ("Published in The Times", None),
]


@pytest.mark.parametrize("text, expected", BYLINES, ids=[b[0] for b in BYLINES])
def test_parse_byline_date(text, expected):
    assert parse_byline_date(text) == expected


_NO_DIGITS = st.text(st.characters(blacklist_categories=("Nd",)))


@given(_NO_DIGITS)
def test_text_without_digits_gives_no_byline_date(text):
    assert parse_byline_date(text) is None


@given(_NO_DIGITS, st.dates(*date_bounds()), st.text())
def test_a_byline_reads_back_whatever_surrounds_it(before, day, after):
    assert parse_byline_date(f"{before}\nPublished {day:%d %B %Y}\n{after}") == day


BYLINE_FORMS = ["Published %d %B %Y", "Posted on %A, %B %d, %Y", "First published: %Y-%m-%d",
                "Released %d.%m.%Y", "Published %d %b %Y"]


@given(st.dates(min_value=date_bounds()[0], max_value=date_bounds()[1]), st.sampled_from(BYLINE_FORMS))
def test_byline_dates_parse_back(day, form):
    assert parse_byline_date(day.strftime(form)) == day


@given(st.one_of(st.dates(min_value=date(1900, 1, 1), max_value=date_bounds()[0] - timedelta(days=1)),
                 st.dates(min_value=date_bounds()[1] + timedelta(days=1), max_value=date(2099, 12, 31))),
       st.sampled_from(BYLINE_FORMS))
def test_byline_dates_outside_the_bounds_are_no_date(day, form):
    assert parse_byline_date(day.strftime(form)) is None


def test_date_only_mentioned_in_the_text_is_not_the_publication_date():
    html = ("<html><head><title>Allies agree</title></head><body><div class='content'><h1>Allies agree</h1>"
            "<p>The agreement signed on 3 March 2024 in Paris set out long-term support for Ukraine.</p>"
            "<p>Norway will give 1 billion kroner more, the minister said on Friday.</p></div></body></html>")
    assert read_html(html).published is None


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.text(), st.binary(), st.builds(lambda t: f"<html><body><p>{t}</p></body></html>", st.text())))
def test_read_html_gives_an_article_or_a_clear_error(html):
    try:
        article = read_html(html)
    except InputError as e:
        assert str(e) == "no article text found in the HTML page"
    else:
        assert len(article.text.split()) >= 5


def test_saved_page_bytes_follow_the_meta_charset():
    article = read_html((FIXTURES / "windows-1252.html").read_bytes())
    assert article.text.splitlines()[1:3] == [
        "The United Kingdom will provide Ukraine with £3 billion of military aid this year, "
        "the prime minister said during a visit to Kyiv.",
        "He also announced a further £150 million for air defence, to be spent on radars and "
        "interceptors over the next few months.",
    ]


def test_saved_html_file_goes_through_the_same_path():
    article = read_article(FIXTURES / "metadata-date.html")
    assert (article.published, article.outlet, article.path) == (
        date(2025, 3, 14), "Baltic Wire", str(FIXTURES / "metadata-date.html"))


NO_ARTICLE = [
    "<html><body></body></html>",
    "<html><body><nav><a href='/'>Home</a></nav></body></html>",
    # a page built by scripts in the browser: nothing to read without running them
    "<html><head><title>News</title></head><body><div id='root'></div>"
    "<script>document.getElementById('root').textContent = 'Norway gives 1.5 billion kroner';</script>"
    "</body></html>",
]


@pytest.mark.parametrize("html", NO_ARTICLE)
def test_page_without_article_text_is_an_error(html):
    with pytest.raises(InputError) as e:
        read_html(html)
    assert str(e.value) == "no article text found in the HTML page"


CORPUS = ROOT / "tests" / "fixtures" / "corpus"
CORPUS_ARTICLES = sorted(CORPUS.glob("*.txt"))


def _as_news_page(path: Path) -> tuple[str, str, date]:
    """A corpus article laid out as a news page (fixtures/web/corpus-template.html:
    cookie banner, menu, related links and a comment with amounts of their own),
    with its text and publication date."""
    import html
    import json
    from string import Template

    text = path.read_text(encoding="utf-8")
    title, *lines = [line for line in text.split("\n") if line.strip()]
    published = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["published"]
    page = Template((FIXTURES / "corpus-template.html").read_text()).substitute(
        title=html.escape(title), published=published,
        paragraphs="\n".join(f"<p>{html.escape(line)}</p>" for line in lines))
    return page, "\n".join([title, *lines]), date.fromisoformat(published)


@pytest.mark.corpus
@pytest.mark.parametrize("path", CORPUS_ARTICLES, ids=[p.stem for p in CORPUS_ARTICLES])
def test_corpus_article_as_a_news_page_reads_as_its_text(path):
    """Only non-breaking spaces change: trafilatura writes them as spaces."""
    page, text, published = _as_news_page(path)
    article = read_html(page)
    assert (article.text, article.published) == (text.replace("\xa0", " "), published)


@pytest.mark.corpus
@pytest.mark.parametrize("path", CORPUS_ARTICLES, ids=[p.stem for p in CORPUS_ARTICLES])
def test_corpus_article_as_a_news_page_gives_the_same_pledges(path):
    from tracker.extract.decide import extract_pledges

    page, text, published = _as_news_page(path)
    article = read_html(page)

    def key(pledges):
        return sorted((p.donors, p.amount, p.currency, p.qualifier, p.kind, p.date, p.period) for p in pledges)

    assert key(extract_pledges(article.text, published=article.published)) == key(
        extract_pledges(text, published=published))


# --- fetching: success -------------------------------------------------------

# Path on the loopback server -> what the article must be.
FETCHED = [
    ("/news", "The Northern Ledger", date(2025, 4, 11)),
    ("/metadata-date", "Baltic Wire", date(2025, 3, 14)),
    ("/time-element", "127.0.0.1", date(2025, 2, 20)),
    ("/no-date", "127.0.0.1", None),
    ("/dateline", "127.0.0.1", date(2025, 6, 3)),  # no metadata: "BRUSSELS, 3 June 2025 –", as for a file
    ("/news-gzip", "The Northern Ledger", date(2025, 4, 11)),
    ("/news-octet", "The Northern Ledger", date(2025, 4, 11)),  # sniffed as HTML
    ("/news-chunked", "The Northern Ledger", date(2025, 4, 11)),
    ("/moved", "The Northern Ledger", date(2025, 4, 11)),
    ("/moved-relative", "The Northern Ledger", date(2025, 4, 11)),
    ("/hop/5", "The Northern Ledger", date(2025, 4, 11)),  # exactly the default limit
]


@pytest.mark.parametrize("path, outlet, published", FETCHED, ids=[f[0] for f in FETCHED])
def test_fetch_article(base, local, path, outlet, published):
    article = fetch_article(base + path)
    assert (article.url, article.outlet, article.published) == (base + path, outlet, published)


def test_fetched_news_page_text_is_the_article(base, local):
    assert fetch_article(base + "/news").text == NEWS_TEXT


@pytest.mark.parametrize("path", ["/news-1252", "/news-1252-undeclared"])
def test_fetched_page_decodes_windows_1252(base, local, path):
    text = fetch_article(base + path).text
    assert "with £3 billion" in text and "“for as long as it takes”" in text


# Names Python knows as codecs but no page is written in (issue 16: each ended in a traceback).
NOT_PAGE_ENCODINGS = ["base64", "zlib", "hex", "rot13", "idna", "utf-7", "undefined", "bz2"]


@pytest.mark.parametrize("name", NOT_PAGE_ENCODINGS)
def test_fetched_page_declaring_a_codec_that_is_no_text_encoding_is_read_as_undeclared(base, local, name):
    ROUTES[f"/charset-{name}"] = _fixture("news.html", f"text/html; charset={name}")
    try:
        assert fetch_article(f"{base}/charset-{name}").text == NEWS_TEXT
    finally:
        del ROUTES[f"/charset-{name}"]


@pytest.mark.parametrize("name", NOT_PAGE_ENCODINGS)
def test_saved_page_whose_meta_charset_is_no_text_encoding_is_read_as_undeclared(name):
    page = (FIXTURES / "news.html").read_bytes().replace(b"<head>", f'<head><meta charset="{name}">'.encode(), 1)
    assert read_html(page).text == NEWS_TEXT


def test_plain_text_page_opening_with_many_comments_is_sniffed_as_html(base, local):
    assert fetch_article(base + "/comments-first").text == NEWS_TEXT


def test_plain_text_after_many_comments_is_no_page(base, local):
    with pytest.raises(NotHTMLError):
        fetch_article(base + "/comments-only")


# --- fetching: failures, each with its one-sentence message ------------------

# Path -> error class and message; "{url}" is the address asked for.
FAILURES = [
    ("/missing", HTTPStatusError, "page not found: {url} (HTTP 404 Not Found)"),
    ("/gone", HTTPStatusError, "page not found: {url} (HTTP 410 Gone)"),
    ("/private", HTTPStatusError, "the server refuses access to {url} (HTTP 403 Forbidden); "
     "save the page from a browser and give the file"),
    ("/broken", HTTPStatusError, "the server failed to deliver {url} (HTTP 500 Internal Server Error); "
     "try again later"),
    ("/report.pdf", NotHTMLError, "{url} is a PDF document, not an HTML page; "
     "save its text to a .txt file and give that"),
    ("/report-mislabelled", NotHTMLError, "{url} is a PDF document, not an HTML page; "
     "save its text to a .txt file and give that"),
    ("/photo", NotHTMLError, "{url} is an image, not an HTML page"),
    ("/data", NotHTMLError, "{url} is plain text, not an HTML page; save its text to a .txt file and give that"),
    ("/untyped-binary", NotHTMLError, "{url} is not an HTML page"),
    ("/loop-a", RedirectError, "{url} redirects in a loop ({url} -> {base}/loop-b -> {url})"),
    ("/self", RedirectError, "{url} redirects in a loop ({url} -> {url})"),
    ("/hop/6", RedirectError, "{url} redirects more than 5 times"),
    ("/nowhere", RedirectError, "{url} redirects without saying where to"),
    ("/to-ftp", BadURLError, "cannot fetch 'ftp://files.example.org/report.txt' "
     "(redirected to ftp://files.example.org/report.txt): only http and https links are supported"),
    ("/empty", InputError, "no article text found in the page at {url}"),
]


@pytest.mark.parametrize("path, error, message", FAILURES, ids=[f[0] for f in FAILURES])
def test_fetch_failure(base, local, path, error, message):
    url = base + path
    with pytest.raises(error) as e:
        fetch_article(url)
    assert str(e.value) == message.format(url=url, base=base)


@pytest.mark.parametrize("path", ["/endless", "/endless-chunked", "/declared-large", "/gzip-bomb"])
def test_page_larger_than_the_limit(base, local, path):
    with pytest.raises(TooLargeError) as e:
        fetch_article(base + path, max_bytes=1_000_000)
    assert str(e.value) == f"{base}{path} is larger than 1 MB, the most a page may be"


def test_limit_counts_the_page_not_the_default(base, local):
    article = fetch_article(base + "/news", max_bytes=5_000)
    assert article.published == date(2025, 4, 11)


def test_news_page_over_a_tiny_limit(base, local):
    with pytest.raises(TooLargeError):
        fetch_article(base + "/news", max_bytes=1_000)


@pytest.mark.parametrize("path", ["/hang", "/trickle"])
def test_too_slow(base, local, path):
    started = time.monotonic()
    with pytest.raises(TooSlowError) as e:
        fetch_article(base + path, timeout=0.5)
    elapsed = time.monotonic() - started
    assert (str(e.value), elapsed < 3) == (
        f"{base}{path} did not arrive within 0.5 seconds; the site is too slow or not answering", True)


def test_fewer_redirects_allowed(base, local):
    with pytest.raises(RedirectError) as e:
        fetch_article(base + "/hop/2", max_redirects=1)
    assert str(e.value) == f"{base}/hop/2 redirects more than 1 times"


def test_connection_refused(local):
    with socket.socket() as s:  # a port that was free a moment ago and has no listener
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/news"
    with pytest.raises(UnreachableError) as e:
        fetch_article(url)
    assert str(e.value) == f"cannot reach {url}: connection refused"


def test_host_that_does_not_resolve(local, monkeypatch):
    def no_such_host(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)  # the network, as if DNS said no
    with pytest.raises(UnreachableError) as e:
        fetch_article("https://news.invalid/story")
    assert str(e.value) == "cannot reach https://news.invalid/story: the host name news.invalid does not resolve"


@given(st.one_of(st.text(max_size=60), st.builds(
    lambda scheme, rest: scheme + rest, st.sampled_from(["http://", "HTTPS://", "ftp://", "//", "http:"]),
    st.text(max_size=60))))
def test_any_text_as_a_link_is_fetched_or_refused_clearly(link):
    """Whatever is typed in the link box, the answer is a FetchError, never a
    crash. DNS answers 'no such host' here: no test leaves this machine."""
    real = socket.getaddrinfo
    socket.getaddrinfo = lambda *a, **k: (_ for _ in ()).throw(socket.gaierror(socket.EAI_NONAME, "unknown"))
    try:
        with pytest.raises(FetchError):
            fetch_article(link, allow_private=False, timeout=2)
    finally:
        socket.getaddrinfo = real


BAD_URLS = [
    ("ftp://files.example.org/a.txt", "cannot fetch 'ftp://files.example.org/a.txt': only http and https "
     "links are supported"),
    ("file:///etc/passwd", "cannot fetch 'file:///etc/passwd': only http and https links are supported"),
    ("example.org/news/1", "'example.org/news/1' is not a web address: give it in full, starting with "
     "https:// or http://"),
    ("", "'' is not a web address: give it in full, starting with https:// or http://"),
    ("http://", "'http://' has no host name"),
    ("javascript:alert(1)", "'javascript:alert(1)' is not a web address: give it in full, starting with "
     "https:// or http://"),
    ("http://:8080/x", "'http://:8080/x' has no host name"),
    ("http://example.org:99999/", "'http://example.org:99999/' is not a valid web address"),
    ("http://[::1/", "'http://[::1/' is not a valid web address"),
    ("https://user:secret@example.org/", "'https://user:secret@example.org/' carries a user name or "
     "password; links with them are not fetched"),
]


@pytest.mark.parametrize("url, message", BAD_URLS, ids=[b[0] or "empty" for b in BAD_URLS])
def test_bad_url(url, message):
    with pytest.raises(BadURLError) as e:
        fetch_article(url)
    assert str(e.value) == message


# --- the private-address guard -----------------------------------------------

INTERNAL = [
    ("127.0.0.1", "a loopback address"),
    ("127.8.9.10", "a loopback address"),
    ("::1", "a loopback address"),
    ("10.0.0.1", "a private address"),
    ("172.16.5.4", "a private address"),
    ("192.168.1.1", "a private address"),
    ("fc00::1", "a private address"),
    ("169.254.169.254", "a cloud metadata address"),
    ("fd00:ec2::254", "a cloud metadata address"),
    ("100.100.100.200", "a cloud metadata address"),
    ("169.254.1.1", "a link-local address"),
    ("fe80::1", "a link-local address"),
    ("0.0.0.0", "an unspecified address"),
    ("224.0.0.1", "a multicast address"),
    ("100.64.0.1", "a reserved address"),  # carrier-grade NAT, not the internet
    ("::ffff:127.0.0.1", "a loopback address"),  # IPv4-mapped
    ("2002:a00:1::", "a private address"),  # 6to4 around 10.0.0.1
    ("64:ff9b::a9fe:a9fe", "a cloud metadata address"),  # NAT64 around 169.254.169.254
    ("8.8.8.8", None),
    ("93.184.215.14", None),
    ("2606:4700:4700::1111", None),
]


@pytest.mark.parametrize("address, expected", INTERNAL, ids=[i[0] for i in INTERNAL])
def test_describe_internal_address(address, expected):
    assert describe_internal_address(address) == expected


@given(st.ip_addresses(v=4))
def test_mapped_and_nat64_addresses_are_judged_by_the_ipv4_inside(ip):
    mapped, nat64 = f"::ffff:{ip}", str(ipaddress.IPv6Address(int(ipaddress.IPv6Address("64:ff9b::")) + int(ip)))
    expected = describe_internal_address(str(ip))
    assert (describe_internal_address(mapped), describe_internal_address(nat64)) == (expected, expected)


@given(st.ip_addresses())
def test_describe_internal_address_never_crashes(ip):
    assert describe_internal_address(str(ip)) in {None, "a loopback address", "a private address",
                                                   "a cloud metadata address", "a link-local address",
                                                   "an unspecified address", "a multicast address",
                                                   "a reserved address"}


def _refusal(url: str, shown: str) -> str:
    return (f"refusing to fetch {url}: {shown}; "
            f"set {ALLOW_PRIVATE_ENV}=1 to allow internal addresses for local use")


@pytest.mark.parametrize("host, shown", [
    ("127.0.0.1", "127.0.0.1 is a loopback address"),
    ("localhost", "localhost resolves to 127.0.0.1, which is a loopback address"),
    ("2130706433", "2130706433 resolves to 127.0.0.1, which is a loopback address"),  # 127.0.0.1 as a number
])
def test_guard_refuses_loopback(server, monkeypatch, host, shown):
    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)
    url = f"http://{host}:{server.server_address[1]}/news"
    before = len(server.requests)
    with pytest.raises(BlockedAddressError) as e:
        fetch_article(url)
    assert (str(e.value), len(server.requests)) == (_refusal(url, shown), before)


@pytest.mark.parametrize("setting, allow_private, fetched", [
    (None, None, False),
    ("0", None, False),
    ("1", None, True),
    ("true", None, True),
    ("1", False, False),  # the argument wins over the setting
    (None, True, True),
])
def test_guard_setting(base, monkeypatch, setting, allow_private, fetched):
    if setting is None:
        monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)
    else:
        monkeypatch.setenv(ALLOW_PRIVATE_ENV, setting)
    try:
        actual = fetch_article(base + "/news", allow_private=allow_private).published == date(2025, 4, 11)
    except BlockedAddressError:
        actual = False
    assert actual == fetched


@pytest.fixture
def public_route(server, monkeypatch):
    """The network as if `news.example` were a public site at 8.8.4.4,
    which is this machine's loopback server: fake DNS for that one name and a
    route for that one address. Every other name and address is untouched."""
    import urllib3.util.connection as connection

    public, port = "8.8.4.4", server.server_address[1]
    real_getaddrinfo, real_connect = socket.getaddrinfo, connection.create_connection
    lookups = []

    def getaddrinfo(host, asked_port=None, *args, **kwargs):
        if host == "news.example":
            lookups.append(host)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (public, int(asked_port or 80)))]
        return real_getaddrinfo(host, asked_port, *args, **kwargs)

    def create_connection(address, *args, **kwargs):
        if address[0] == public:
            address = ("127.0.0.1", address[1])
        return real_connect(address, *args, **kwargs)

    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(connection, "create_connection", create_connection)
    return f"http://news.example:{port}", lookups


def test_guard_lets_public_hosts_through(public_route):
    base, lookups = public_route
    article = fetch_article(base + "/moved")
    assert (article.outlet, article.url, lookups) == ("The Northern Ledger", base + "/moved",
                                                      ["news.example", "news.example"])


def test_guard_checks_every_redirect_hop(public_route, server):
    base, _ = public_route
    port = server.server_address[1]
    ROUTES["/to-loopback"] = _redirect(f"http://127.0.0.1:{port}/news")
    try:
        with pytest.raises(BlockedAddressError) as e:
            fetch_article(base + "/to-loopback")
    finally:
        del ROUTES["/to-loopback"]
    assert str(e.value) == _refusal(base + "/to-loopback", "127.0.0.1 is a loopback address")


# --- https: the certificate is checked against the name, at the checked address --

def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    """A test certificate authority and a certificate it signed for
    news.example and 127.0.0.1; an HTTPS server on loopback that shows it."""
    import shutil
    import ssl

    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make test certificates")
    folder = tmp_path_factory.mktemp("tls")
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _openssl("req", "-x509", *key, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Test CA",
             "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
             cwd=folder)
    _openssl("req", *key, "-keyout", "site.key", "-out", "site.csr", "-subj", "/CN=news.example", cwd=folder)
    (folder / "site.ext").write_text("subjectAltName=DNS:news.example,IP:127.0.0.1\n"
                                     "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
    _openssl("x509", "-req", "-in", "site.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
             "-out", "site.pem", "-days", "2", "-extfile", "site.ext", cwd=folder)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "site.pem", folder / "site.key")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    httpd.daemon_threads = True
    httpd.requests = []
    httpd.stopping = threading.Event()
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield folder / "ca.pem", httpd.server_address[1]
    httpd.stopping.set()
    httpd.shutdown()
    httpd.server_close()


def test_https_page_from_a_trusted_site(tls, public_route, monkeypatch):
    ca, port = tls
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))
    url = f"https://news.example:{port}/news"
    article = fetch_article(url)
    assert (article.url, article.outlet, article.published) == (url, "The Northern Ledger", date(2025, 4, 11))


def test_https_certificate_from_an_unknown_authority(tls, public_route, monkeypatch):
    _, port = tls
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    url = f"https://news.example:{port}/news"
    with pytest.raises(UnreachableError) as e:
        fetch_article(url)
    assert str(e.value) == f"cannot reach {url} securely: its certificate is not trusted"


def test_https_certificate_for_another_site(tls, local, monkeypatch):
    ca, port = tls
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))
    url = f"https://localhost:{port}/news"  # the certificate names news.example and 127.0.0.1 only
    with pytest.raises(UnreachableError) as e:
        fetch_article(url)
    assert str(e.value) == f"cannot reach {url} securely: its certificate is for a different site"


# --- end to end: `python -m tracker ingest --url` ----------------------------



def _ingest(db: str, *args: str, allow_private: bool = True):
    env = {k: v for k, v in os.environ.items() if k != ALLOW_PRIVATE_ENV}
    if allow_private:
        env[ALLOW_PRIVATE_ENV] = "1"
    return subprocess.run([sys.executable, "-m", "tracker", "ingest", "--db", db, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def stored(tmp_path):
    """An SQLite store already holding one article with one hand-made pledge,
    and a way to see everything it holds."""
    from tracker.pipeline import ingest_article
    from tracker.reading.files import Article
    from tracker.records.pledge import Pledge
    from tracker.store.query import count_pledges, count_sources, load_pledges
    from tracker.store.schema import open_store

    db = f"sqlite:///{tmp_path / 'x.db'}"
    article = Article(text="Denmark will give Ukraine 1 billion kroner for artillery ammunition.",
                      title="Denmark gives more", outlet="Copenhagen Courier", url="https://courier.example/dk")
    pledge = Pledge(donors=["DNK"], amount=1e9, currency="DKK", kind="package", date=date(2025, 3, 3),
                    categories=["artillery_ammunition"], quote=article.text, start=0, end=len(article.text))
    with open_store(db) as store:
        ingest_article(store, article, published=date(2025, 3, 3), pledges=[pledge])

    def contents():
        with open_store(db) as store:
            frame = load_pledges(store, include_rejected=True)
            return count_sources(store), count_pledges(store, include_rejected=True), sorted(frame["id"])

    return db, contents


INGEST_FAILURES = [
    ("/missing", "error: page not found: {url} (HTTP 404 Not Found)"),
    ("/report.pdf", "error: {url} is a PDF document, not an HTML page; save its text to a .txt file and give that"),
    ("/loop-a", "error: {url} redirects in a loop ({url} -> {base}/loop-b -> {url})"),
    ("/endless", "error: {url} is larger than 5 MB, the most a page may be"),
    ("/empty", "error: no article text found in the page at {url}"),
    ("/no-date", "error: no publication date for {url}: give it with --published YYYY-MM-DD"),
]


@pytest.mark.parametrize("path, message", INGEST_FAILURES, ids=[f[0] for f in INGEST_FAILURES])
def test_ingest_url_failure_leaves_the_store_unchanged(base, stored, path, message):
    db, contents = stored
    before = contents()
    url = base + path
    run = _ingest(db, "--url", url)
    actual = (run.returncode, run.stdout, run.stderr, contents())
    assert actual == (2, "", message.format(url=url, base=base) + "\n", before)


def test_ingest_url_refuses_loopback_without_the_setting(base, stored):
    db, contents = stored
    before = contents()
    url = base + "/news"
    run = _ingest(db, "--url", url, allow_private=False)
    actual = (run.returncode, run.stderr, contents())
    assert actual == (2, "error: " + _refusal(url, "127.0.0.1 is a loopback address") + "\n", before)


def test_ingest_url_stores_the_page(base, stored):
    db, contents = stored
    sources, _, _ = contents()
    url = base + "/news"
    run = _ingest(db, "--url", url)
    from tracker.store.query import load_pledges
    from tracker.store.schema import open_store

    with open_store(db) as store:
        frame = load_pledges(store)
    fetched = frame[frame["source_urls"].map(lambda urls: url in urls)]
    actual = (run.returncode, contents()[0], sorted(fetched["date"].dt.date.unique()))
    assert actual == (0, sources + 1, [date(2025, 4, 11)])


def test_ingest_url_without_a_date_takes_published(base, stored):
    db, contents = stored
    sources, _, _ = contents()
    run = _ingest(db, "--url", base + "/no-date", "--published", "2025-06-03")
    assert (run.returncode, contents()[0]) == (0, sources + 1)
