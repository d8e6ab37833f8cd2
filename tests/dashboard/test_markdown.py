"""Text from outside is shown as text (issue 16): a search term, a page's title and
outlet, a file's name, an error naming them, all reach Streamlit's Markdown
escaped, so none becomes a link or an image the browser fetches. The escaping
itself, then every page driven through AppTest with such strings in the store,
the URL and the uploads (tests/dashboard/test_browser.py renders them for real).
"""
from __future__ import annotations

import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from tracker.dashboard.markdown import WORD_JOINER, code_span, escape_markdown, shown_text
from tracker.reading.files import Article
from tracker.records.pledge import Pledge

from conftest import ROOT

LURE = "[Official figures](https://phish.example/q) ![p](https://tracker.example/p.png)"
ASCII_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _markup(markdown: str) -> list[str]:
    """The characters of `markdown` that Markdown reads as markup: ASCII punctuation
    without a backslash before it, and bare addresses GitHub Markdown links."""
    unprotected = [c for c in re.sub(r"\\.", "", markdown) if c in ASCII_PUNCTUATION]
    text = re.sub(r"\\(.)", r"\1", markdown)  # GitHub finds bare addresses in the text the escapes leave
    return unprotected + re.findall(r"(?i)\bhttps?://|\bwww\.|[\w.+-]@", text)


@pytest.mark.parametrize("text", [
    LURE,
    "<img src=https://tracker.example/p.png> <a href='https://phish.example'>x</a> &lt;b&gt;",
    "**bold** _it_ `code` ~~gone~~ # heading\n- item\n> quote\n1. first | table |",
    "$x^2$ :red[colour] :material/home: \\[escaped\\] \\\\",
    "https://phish.example/q www.phish.example mail@phish.example HTTP://PHISH.EXAMPLE",
    "Ministry of Defence of Ukraine · Міністерство оборони · 2025-04-11",
])
def test_an_escaped_string_reads_as_its_characters_and_holds_no_markup(text):
    escaped = escape_markdown(text)
    assert (shown_text(escaped), _markup(escaped), "\n" in escaped) == (" ".join(text.splitlines()), [], False)


@pytest.mark.parametrize("text", ["donor: Germany", LURE, "`[x](https://phish.example)`", "a ``` b", "line\nbreak"])
def test_a_code_span_holds_the_string_whole(text):
    span = code_span(text)
    fence = re.match("`+", span).group()
    inner = span[len(fence):-len(fence)]
    assert (span.endswith(fence), "`" * len(fence) in inner, inner.strip() == " ".join(text.splitlines()).strip()) == \
        (True, False, True)


def test_bare_addresses_are_broken_by_an_invisible_word_joiner():
    escaped = escape_markdown("see https://phish.example, www.phish.example or a@phish.example")
    assert [escaped.count(WORD_JOINER), "https" in escaped, "www\\." in escaped, "a\\@" in escaped] == \
        [3, False, False, False]


# -- every page, with hostile strings from the store, the URL and uploads -----

APP = str(ROOT / "dashboard.py")
# An article whose quote ends in the lure too, so that a search for it finds the pledge
BERLIN = f"Germany will provide €1.2 billion in budget support to Ukraine, the finance ministry said. {LURE}"
# The places the issue found: an HTML page's <title> and og:site_name, a file's name
PAGE = (f'<html><head><title>{LURE}</title><meta property="og:site_name" content="{LURE}"></head><body>'
        "<article><p>Norway will give NOK 1.5 billion for air defence in "
        "Ukraine, the government said on Friday.</p><p>The money comes on top of earlier aid and will be "
        "spent this year, officials in Oslo told reporters at a briefing.</p></article></body></html>")
# A text file whose first line is too long to be its title: the file's name names it
NOTE = ("Germany will provide €1.2 billion in budget support to Ukraine, officials said in Berlin on Monday, "
        "in a statement that went on to list the ministries involved, the conditions attached to the money and "
        "the schedule on which it is to be paid out over the coming months.")


@pytest.fixture
def hostile_store(tmp_path, monkeypatch):
    """A store whose one article has a sidecar's outlet, a title and a quote holding a link and an image."""
    from tracker.pipeline import ingest_article
    from tracker.store.schema import open_store

    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    store = open_store(url)
    ingest_article(store, Article(text=BERLIN, url="https://news.example/berlin", title=LURE, outlet=LURE),
                   published=date(2025, 6, 2),
                   pledges=[Pledge(["DEU"], 1.2e9, "EUR", aid_type="financial", date=date(2025, 6, 2),
                                   quote=BERLIN, end=len(BERLIN))])
    store.close()
    monkeypatch.setenv("TRACKER_DB", url)


def _shown_as_markdown(at) -> list[str]:
    """Every string of the page that Streamlit renders as Markdown: titles, captions,
    messages, and the labels of widgets and buttons (not st.text, not a widget's value,
    not a table's cells, which are text as they are)."""
    out = []

    def walk(node):
        if type(node).__name__ not in ("Text", "Code"):
            values = [getattr(node, "label", None), getattr(getattr(node, "proto", None), "body", None)]
            if not hasattr(node, "set_value"):  # a widget's value is what the user typed, not Markdown
                values.append(getattr(node, "value", None))
            out.extend(v for v in values if isinstance(v, str))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return out


def _assert_inert(at, expected_escaped: int):
    shown = _shown_as_markdown(at)
    raw = [s for s in shown if any(bit in s for bit in ("](", "![", "https://phish", "https://tracker"))]
    escaped = [s for s in shown if escape_markdown(LURE) in s]
    assert (raw, len(escaped) >= expected_escaped) == ([], True), (raw, escaped)


def _app(page: str, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params or {})
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def test_a_search_a_title_and_an_outlet_are_shown_as_text_on_pledges(hostile_store):
    at = _app("pages/1_Pledges.py", {"search": LURE})  # the search finds the pledge by its quote
    at.session_state["table"] = {"selection": {"rows": [0], "columns": []}}  # open its detail
    at.run()
    link = at.get("link_button")[0]
    assert (shown_text(link.label), link.proto.url) == (f"{LURE} · {LURE} · 2025-06-02", "https://news.example/berlin")
    _assert_inert(at, expected_escaped=2)  # the caption naming the search, the source's button


@pytest.mark.parametrize("page", ["pages/0_Overview.py", "pages/1_Pledges.py", "pages/5_Compare.py"])
def test_a_search_or_a_link_value_that_matches_nothing_is_shown_as_text(hostile_store, page):
    at = _app(page, {"search": "nothing " + LURE, "kind": LURE})
    _assert_inert(at, expected_escaped=1)  # at least the link's unusable value, named in the sidebar


def test_a_page_title_an_outlet_and_a_file_name_are_shown_as_text_on_add_articles(hostile_store):
    at = _app("pages/2_Add_articles.py")
    at.file_uploader(key="add_files").set_value([("page.html", PAGE.encode(), "text/html"),
                                                (f"{LURE}.txt", NOTE.encode(), "text/plain")])
    at.date_input(key="add_published").set_value(date(2025, 4, 11))
    at.button(key="add_find").click().run()
    assert not at.exception, at.exception
    names = [shown_text(s.value) for s in at.subheader]
    assert (names, [d.article.outlet for d in at.session_state["drafts"]][0]) == ([LURE, f"{LURE}.txt"], LURE)
    _assert_inert(at, expected_escaped=3)  # the page's title and outlet, the file's name


def test_an_error_naming_a_file_is_shown_as_text(hostile_store):
    at = _app("pages/2_Add_articles.py")
    at.file_uploader(key="add_files").set_value([(f"{LURE}.txt", b"   ", "text/plain")])
    at.date_input(key="add_published").set_value(date(2025, 4, 11))
    at.button(key="add_find").click().run()
    assert shown_text(at.error[0].value).startswith(f"{LURE}.txt"), at.error[0].value
    _assert_inert(at, expected_escaped=1)


def test_an_undated_file_waits_under_its_name_as_text(hostile_store):
    at = _app("pages/2_Add_articles.py")
    at.file_uploader(key="add_files").set_value([(f"{LURE}.txt", NOTE.encode(), "text/plain")])
    at.button(key="add_find").click().run()  # no date given, none in the file
    assert f"{LURE}.txt" in [t.value for t in at.text]  # st.text: no Markdown at all
    _assert_inert(at, expected_escaped=0)
