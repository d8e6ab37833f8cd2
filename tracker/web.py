"""News pages to article text and metadata (title, outlet, publication date).

Uses trafilatura, which works offline on a saved page; no hand-written tag
stripping. Fetching pages over the network lives here too, and only here.
"""
from __future__ import annotations

from datetime import date

from tracker.errors import InputError
from tracker.sources import Article


def read_html(html: str, url: str | None = None) -> Article:
    """The article in an HTML page: its main text (navigation, adverts and
    banners dropped), title, outlet and publication date when the page has them."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None or not (doc.text or "").strip():
        raise InputError("no article text found in the HTML page")
    published = None
    if doc.date:
        try:
            published = date.fromisoformat(doc.date[:10])
        except ValueError:
            published = None
    return Article(text=doc.text, title=doc.title, outlet=doc.sitename, url=url or doc.url,
                   published=published)
