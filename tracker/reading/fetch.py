"""Fetching a news page over http(s): the only network use in the tracker. It
fetches one page when asked, with a deadline, a size limit, bounded redirects
and a guard that refuses internal addresses unless local use is allowed, then
reads the page as tracker.reading.html reads a saved one.
"""
from __future__ import annotations

import ipaddress
import os
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import quote, urljoin, urlsplit

from tracker.errors import InputError
from tracker.reading.files import Article, find_metadata
from tracker.reading.html import decode_html, host_name, parse_charset, read_html

ALLOW_PRIVATE_ENV = "TRACKER_ALLOW_PRIVATE_URLS"
DEFAULT_PORTS = {"http": 80, "https": 443}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
# Types that may still be HTML: servers often send saved pages as these.
SNIFFED_TYPES = {"", "text/plain", "application/octet-stream", "binary/octet-stream"}
TYPE_NAMES = {
    "application/pdf": "a PDF document",
    "text/plain": "plain text",
    "application/json": "JSON data",
    "application/xml": "an XML document",
    "text/xml": "an XML document",
    "application/rss+xml": "an RSS feed",
    "application/atom+xml": "an Atom feed",
    "application/zip": "a ZIP archive",
    "application/msword": "a Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "a Word document",
}
# Instance-metadata services answer on these; most are link-local anyway, but
# they get their own name in the message ("fd00:ec2::254" is AWS over IPv6,
# "100.100.100.200" Alibaba Cloud).
CLOUD_METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "169.254.170.23", "fd00:ec2::254", "fd00:ec2::23",
    "100.100.100.200"))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_TRUTHY = {"1", "true", "yes", "on"}
_CHUNK = 64 * 1024
_USER_AGENT = "Mozilla/5.0 (compatible; pledge-tracker/1.0; reads one page on request)"
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
# What an HTML page opens with, once leading space and comments are skipped.
_HTML_START = re.compile(rb"<!doctype html|<html|<head|<body|<meta|<title", re.I)
_SPACE_BYTES = b" \t\r\n\f\v"


class FetchError(InputError):
    """Raised when a web page cannot be fetched as asked; every case below is one."""


class BadURLError(FetchError):
    """Raised when a link is not an http or https address that can be fetched."""


class BlockedAddressError(FetchError):
    """Raised when a link's host resolves to a loopback, private, link-local,
    reserved or cloud-metadata address and private addresses are not allowed."""


class UnreachableError(FetchError):
    """Raised when the host name does not resolve, the connection fails or is
    refused, or the site's certificate cannot be trusted."""


class HTTPStatusError(FetchError):
    """Raised when the server answers with an error status (404, 403, 500...)."""

    def __init__(self, message: str, status: int):
        self.status = status
        super().__init__(message)


class NotHTMLError(FetchError):
    """Raised when the link leads to something other than a web page (a PDF...)."""


class TooLargeError(FetchError):
    """Raised when a page is larger than the size limit (checked while it streams)."""


class TooSlowError(FetchError):
    """Raised when the page has not arrived in full before the timeout."""


class RedirectError(FetchError):
    """Raised on a redirect loop, too many redirects, or a redirect to nowhere."""


@dataclass(frozen=True)
class _Target:
    """One URL taken apart for a request."""

    url: str
    scheme: str
    host: str  # IDNA-encoded name or bare IP literal
    port: int
    path: str  # path and query, what goes on the request line

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


def private_urls_allowed() -> bool:
    """Whether the environment allows fetching internal addresses
    (TRACKER_ALLOW_PRIVATE_URLS=1, for local use and tests)."""
    return os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower() in _TRUTHY


def describe_internal_address(address: str) -> str | None:
    """What kind of internal address this is, or None for a public one.

    An address embedding an IPv4 one (mapped, 6to4, Teredo, NAT64) is judged
    by the address it embeds.

    >>> describe_internal_address("127.0.0.1")
    'a loopback address'
    >>> describe_internal_address("169.254.169.254")
    'a cloud metadata address'
    >>> describe_internal_address("10.1.2.3")
    'a private address'
    >>> describe_internal_address("::ffff:192.168.0.1")
    'a private address'
    >>> describe_internal_address("64:ff9b::7f00:1")
    'a loopback address'
    >>> describe_internal_address("93.184.215.14") is None
    True
    """
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return describe_internal_address(str(embedded))
    if ip in CLOUD_METADATA_ADDRESSES:
        return "a cloud metadata address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_private:
        return "a private address"
    if ip.is_reserved or not ip.is_global:
        return "a reserved address"
    return None


def fetch_article(url: str, *, timeout: float = 10.0, max_bytes: int = 5_000_000,
                  max_redirects: int = 5, allow_private: bool | None = None) -> Article:
    """The article at a web address, fetched over http or https and read as
    `read_html` reads a saved page; the address given is the Article's url.

    `timeout` bounds the whole fetch, redirects included. Every host on the way
    is resolved once, checked, and connected to at the checked address, so a
    hostile name cannot swap in an internal one between check and connection.
    `allow_private` None means the TRACKER_ALLOW_PRIVATE_URLS setting decides.
    Any failure raises a `FetchError` subclass with one clear sentence.
    """
    if allow_private is None:
        allow_private = private_urls_allowed()
    url = (url or "").strip()
    deadline = time.monotonic() + timeout
    final_url, body, charset = _download(url, timeout=timeout, deadline=deadline, max_bytes=max_bytes,
                                         max_redirects=max_redirects, allow_private=allow_private)
    try:
        article = read_html(decode_html(body, charset), url=final_url)
    except InputError:
        raise InputError(f"no article text found in the page at {url}") from None
    article.url = url
    if final_url != url:
        article.outlet = article.outlet or host_name(final_url)
    return find_metadata(article, html=True)


def _download(url: str, *, timeout: float, deadline: float, max_bytes: int, max_redirects: int,
              allow_private: bool) -> tuple[str, bytes, str | None]:
    """The final URL, body and declared charset of a page, redirects followed."""
    seen: list[str] = []
    current = url
    while True:
        target = _parse_target(current, url)
        addresses = _resolve(target, url, timeout, deadline, allow_private)
        pool, response = _request(target, addresses, url, timeout, deadline)
        try:
            status = response.status
            if status in REDIRECT_STATUSES:
                location = (response.headers.get("Location") or "").strip()
                if not location:
                    raise RedirectError(f"{url} redirects without saying where to")
                seen.append(current)
                current = urljoin(current, location)
                if current in seen:
                    raise RedirectError(f"{url} redirects in a loop ({' -> '.join(seen + [current])})")
                if len(seen) > max_redirects:
                    raise RedirectError(f"{url} redirects more than {max_redirects} times")
                continue
            if not 200 <= status < 300:
                raise HTTPStatusError(_status_message(url, status), status)
            content_type = response.headers.get("Content-Type", "")
            mime = content_type.split(";")[0].strip().lower()
            if mime not in HTML_TYPES and mime not in SNIFFED_TYPES:
                raise NotHTMLError(_not_html_message(url, mime))
            declared = response.headers.get("Content-Length", "").strip()
            if declared.isdigit() and int(declared) > max_bytes:
                raise TooLargeError(_too_large_message(url, max_bytes))
            body = _read_body(response, url, max_bytes, timeout, deadline)
            if body.startswith(b"%PDF-"):
                raise NotHTMLError(_not_html_message(url, "application/pdf"))
            if mime not in HTML_TYPES and not looks_like_html(body[:2048]):
                raise NotHTMLError(_not_html_message(url, mime))
            return current, body, parse_charset(content_type)
        finally:
            response.release_conn()
            pool.close()


def looks_like_html(head: bytes) -> bool:
    """Whether bytes open as an HTML page does, after any space and comments.

    Comments are skipped one by one, in time linear in the bytes: a pattern with
    a repeated group of comments backtracks exponentially on '<!---->' x 30.

    >>> [looks_like_html(b"<!-- a --> <!----><!DOCTYPE html>"), looks_like_html(b"<!---->" * 30 + b"x")]
    [True, False]
    """
    at = 0
    while True:
        while at < len(head) and head[at] in _SPACE_BYTES:
            at += 1
        if not head.startswith(b"<!--", at):
            return _HTML_START.match(head, at) is not None
        end = head.find(b"-->", at + 4)
        if end < 0:
            return False
        at = end + 3


def _parse_target(current: str, original: str) -> _Target:
    """A URL checked and taken apart; `original` names the link in messages."""
    hop = "" if current == original else f" (redirected to {current})"
    try:
        parts = urlsplit(current)
        port = parts.port
    except ValueError:
        raise BadURLError(f"{current!r} is not a valid web address{hop}") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        if not scheme or "://" not in current:  # "example.org/news", "localhost:8501/x"
            raise BadURLError(f"{current!r} is not a web address: give it in full, "
                              f"starting with https:// or http://")
        raise BadURLError(f"cannot fetch {current!r}{hop}: only http and https links are supported")
    if not parts.hostname:
        raise BadURLError(f"{current!r} has no host name{hop}")
    if parts.username is not None or parts.password is not None:
        raise BadURLError(f"{current!r} carries a user name or password; links with them are not fetched")
    host = parts.hostname
    if ":" not in host:  # an IPv6 literal is already ASCII
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise BadURLError(f"{current!r} has an invalid host name{hop}") from None
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    return _Target(url=current, scheme=scheme, host=host, port=port or DEFAULT_PORTS[scheme], path=path)


def _resolve(target: _Target, url: str, timeout: float, deadline: float, allow_private: bool) -> list[str]:
    """The addresses a host resolves to, every one checked against the guard.

    The lookup runs in a daemon thread so that a hanging resolver cannot
    outlast the deadline."""
    outcome: dict = {}

    def lookup():
        try:
            outcome["infos"] = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError, ValueError) as e:  # ValueError: "embedded null byte"
            outcome["error"] = e

    worker = threading.Thread(target=lookup, daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        raise TooSlowError(_too_slow_message(url, timeout))
    if "error" in outcome or not outcome.get("infos"):
        raise UnreachableError(f"cannot reach {url}: the host name {target.host} does not resolve")
    addresses = list(dict.fromkeys(info[4][0] for info in outcome["infos"]))
    if not allow_private:
        for address in addresses:
            kind = describe_internal_address(address)
            if kind:
                shown = "" if address == target.host else f" resolves to {address}, which"
                raise BlockedAddressError(
                    f"refusing to fetch {url}: {target.host}{shown} is {kind}; "
                    f"set {ALLOW_PRIVATE_ENV}=1 to allow internal addresses for local use")
    return addresses


def _ssl_context() -> ssl.SSLContext:
    """The system's trusted certificates plus certifi's (trafilatura's own dependency)."""
    context = ssl.create_default_context()
    try:
        import certifi

        context.load_verify_locations(certifi.where())
    except (ImportError, OSError):
        pass
    return context


def _request(target: _Target, addresses: list[str], url: str, timeout: float, deadline: float):
    """A GET of the target from the first of its checked addresses that answers,
    without following redirects; the pool and the unread response."""
    import urllib3
    from urllib3.exceptions import (ConnectTimeoutError, HTTPError, NewConnectionError,
                                    ProtocolError, ReadTimeoutError, SSLError)

    headers = {"Host": target.host_header, "User-Agent": _USER_AGENT, "Accept": _ACCEPT,
               "Accept-Encoding": "gzip, deflate", "Accept-Language": "en;q=1, *;q=0.5"}
    refused = None
    for address in addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TooSlowError(_too_slow_message(url, timeout))
        options = {"host": address, "port": target.port, "maxsize": 1, "retries": False,
                   "timeout": urllib3.Timeout(connect=remaining, read=remaining)}
        if target.scheme == "https":
            is_name = ":" not in target.host and not target.host.replace(".", "").isdigit()
            pool = urllib3.HTTPSConnectionPool(
                **options, server_hostname=target.host if is_name else None,
                assert_hostname=target.host, cert_reqs="CERT_REQUIRED", ssl_context=_ssl_context())
        else:
            pool = urllib3.HTTPConnectionPool(**options)
        try:
            response = pool.urlopen("GET", target.path, headers=headers, redirect=False, retries=False,
                                    preload_content=False, assert_same_host=False, decode_content=True)
            return pool, response
        except NewConnectionError as e:  # before its base class ConnectTimeoutError
            pool.close()
            refused = e
        except (ReadTimeoutError, ConnectTimeoutError):
            pool.close()
            raise TooSlowError(_too_slow_message(url, timeout)) from None
        except SSLError as e:
            pool.close()
            raise UnreachableError(f"cannot reach {url} securely: {_ssl_reason(e)}") from None
        except (ProtocolError, HTTPError) as e:
            pool.close()
            raise UnreachableError(f"cannot reach {url}: the connection failed ({_reason(e)})") from None
    reason = "connection refused" if "refused" in str(refused).lower() else _reason(refused)
    raise UnreachableError(f"cannot reach {url}: {reason}")


def _read_body(response, url: str, max_bytes: int, timeout: float, deadline: float) -> bytes:
    """The body, read as it streams and abandoned at the size limit or the deadline."""
    from urllib3.exceptions import DecodeError, HTTPError, ProtocolError, ReadTimeoutError

    chunks: list[bytes] = []
    total = 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise TooSlowError(_too_slow_message(url, timeout))
            chunk = response.read1(_CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:
                raise TooLargeError(_too_large_message(url, max_bytes))
            chunks.append(chunk)
    except ReadTimeoutError:
        raise TooSlowError(_too_slow_message(url, timeout)) from None
    except DecodeError:
        raise UnreachableError(f"cannot read {url}: the server sent a corrupt compressed page") from None
    except (ProtocolError, HTTPError) as e:
        raise UnreachableError(f"cannot read {url}: the connection broke off ({_reason(e)})") from None
    return b"".join(chunks)


def _size(n: int) -> str:
    """A byte count for people.

    >>> [_size(5_000_000), _size(1_500_000), _size(2_000), _size(500)]
    ['5 MB', '1.5 MB', '2 kB', '500 bytes']
    """
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def _status_message(url: str, status: int) -> str:
    try:
        phrase = f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        phrase = str(status)
    if status in (404, 410):
        return f"page not found: {url} (HTTP {phrase})"
    if status in (401, 403, 407):
        return f"the server refuses access to {url} (HTTP {phrase}); save the page from a browser and give the file"
    if status == 429:
        return f"the server is turning requests away for now (HTTP {phrase}); try {url} again later"
    if status >= 500:
        return f"the server failed to deliver {url} (HTTP {phrase}); try again later"
    return f"the server answered HTTP {phrase} for {url}"


def _not_html_message(url: str, mime: str) -> str:
    """What the link leads to, in words.

    >>> _not_html_message("https://x.example/a.png", "image/png")
    'https://x.example/a.png is an image, not an HTML page'
    >>> _not_html_message("https://x.example/a", "")
    'https://x.example/a is not an HTML page'
    """
    if not mime:
        return f"{url} is not an HTML page"
    if mime in TYPE_NAMES:
        what = TYPE_NAMES[mime]
    elif mime.startswith(("image/", "audio/", "video/")):
        what = f"an {mime.split('/')[0]}"
    else:
        what = mime
    hint = "; save its text to a .txt file and give that" if mime in ("application/pdf", "text/plain") else ""
    return f"{url} is {what}, not an HTML page{hint}"


def _too_large_message(url: str, max_bytes: int) -> str:
    return f"{url} is larger than {_size(max_bytes)}, the most a page may be"


def _too_slow_message(url: str, timeout: float) -> str:
    return f"{url} did not arrive within {timeout:g} seconds; the site is too slow or not answering"


def _reason(error: BaseException | None) -> str:
    """The last, most specific part of a network error's text."""
    text = str(getattr(error, "reason", None) or error or "unknown error")
    return text.rsplit(": ", 1)[-1].strip() or "unknown error"


def _ssl_reason(error: BaseException) -> str:
    text = str(error)
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
        return "its certificate is not trusted"
    if "match" in text.lower() and "hostname" in text.lower():
        return "its certificate is for a different site"
    return "the secure connection failed"
