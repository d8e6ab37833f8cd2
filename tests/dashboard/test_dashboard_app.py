"""Every dashboard page driven through Streamlit's AppTest against a real
SQLite store in a temporary folder: filters change the table and the totals,
the URL restores the view, downloads hold exactly the rows shown, hostile text stays inert.
"""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from tracker.dashboard.markdown import shown_text
from tracker.reading.files import Article
from tracker.records.pledge import Pledge

from conftest import ROOT
APP = str(ROOT / "dashboard.py")
PAGES = {"overview": "pages/0_Overview.py", "pledges": "pages/1_Pledges.py", "add": "pages/2_Add_articles.py",
         "method": "pages/3_Methodology.py"}
# Two short articles beside the seed, written for these tests: a German budget
# support package in June, an American air defence package the year before.
BERLIN = "Germany will provide €1.2 billion in budget support to Ukraine, the finance ministry said."
WASHINGTON = "The United States announced a $820 million package of air defence missiles for Ukraine."


def _store_with(tmp_path, gold, articles=True):
    from tracker.pipeline import ingest_article
    from tracker.store.schema import open_store

    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    store = open_store(url)
    if articles:
        seed = ROOT / "seeds" / "000_ec911605d6ab0184.txt"
        ingest_article(store, Article(text=seed.read_text(), url="https://news.example/seed"),
                       published=date(2025, 4, 11), pledges=gold(seed))
        ingest_article(store, Article(text=BERLIN, url="https://news.example/berlin"), published=date(2025, 6, 2),
                       pledges=[Pledge(["DEU"], 1.2e9, "EUR", aid_type="financial", date=date(2025, 6, 2),
                                       quote=BERLIN, end=len(BERLIN))])
        ingest_article(store, Article(text=WASHINGTON, url="https://news.example/washington"),
                       published=date(2024, 12, 10),
                       pledges=[Pledge(["USA"], 820e6, "USD", categories=["air_defence"], date=date(2024, 12, 10),
                                       quote=WASHINGTON, end=len(WASHINGTON))])
    return store, url


@pytest.fixture
def store(tmp_path, gold, monkeypatch):
    store, url = _store_with(tmp_path, gold)
    monkeypatch.setenv("TRACKER_DB", url)
    yield store
    store.close()


@pytest.fixture
def empty_store(tmp_path, gold, monkeypatch):
    store, url = _store_with(tmp_path, gold, articles=False)
    monkeypatch.setenv("TRACKER_DB", url)
    yield store
    store.close()


@pytest.fixture
def downloads(monkeypatch):
    """What each download button would send, by file name (the app hands the
    runtime a function that writes the file when the button is pressed)."""
    made = {}
    original = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        made[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return made


def _app(page="overview", params=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params or {})
    at.run()
    if page != "overview":
        at.switch_page(PAGES[page]).run()
    assert not at.exception, at.exception
    return at


def _metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def _csv_ids(text: str) -> list[str]:
    return sorted(row["id"] for row in csv.DictReader(io.StringIO(text)))


# -- every page -----------------------------------------------------------

@pytest.mark.parametrize("page, title", [("overview", "Pledges of support to Ukraine"), ("pledges", "Pledges"),
                                         ("add", "Add articles"), ("method", "Methodology")])
def test_every_page_runs(store, page, title):
    assert _app(page).title[0].value == title


@pytest.mark.parametrize("page", ["overview", "pledges", "method"])
def test_an_empty_store_shows_a_helpful_empty_state(empty_store, page):
    at = _app(page)
    assert [i.value.split(".")[0] for i in at.info][:1] in (["The store holds no pledges yet"], ["No articles yet: add one on the **Add articles** page"])


# -- overview -------------------------------------------------------------

def test_overview_counts_by_the_rules(store):
    from tracker.records.formatting import format_money
    from tracker.records.fx import rate

    # GBR's £4.5bn budget holds the joint £450m; DEU €1.2bn; USA $820m; the €21bn meeting total stands beside.
    total = (4.5e9 + 1.2e9 * rate("EUR", "GBP", date(2025, 6, 2))[0]
             + 820e6 * rate("USD", "GBP", date(2024, 12, 10))[0])
    assert _metrics(_app(params={"currency": "GBP"})) == {
        "Total pledged": format_money(total, "GBP"), "Pledges": "5", "Donors": "4", "Latest pledge": "2 Jun 2025"}


def test_choosing_norway_shows_the_joint_package_and_its_total(store):
    at = _app()
    at.sidebar.multiselect(key="f_donors").set_value(["NOR"]).run()
    at.sidebar.radio(key="f_currency").set_value("GBP").run()
    assert (_metrics(at)["Total pledged"], _metrics(at)["Pledges"], dict(at.query_params)) == \
        ("£450m", "1", {"donors": "NOR", "currency": "GBP"})


def test_the_link_restores_the_view(store):
    at = _app(params={"donors": ["GBR", "NOR"], "aid_type": "military", "currency": "GBP", "since": "2025-01-01"})
    restored = (at.sidebar.multiselect(key="f_donors").value, at.sidebar.multiselect(key="f_aid_types").value,
                at.sidebar.radio(key="f_currency").value, at.sidebar.date_input(key="f_since").value)
    assert restored == (["GBR", "NOR"], ["military"], "GBP", date(2025, 1, 1))


def test_captions_say_what_is_filtered_and_the_currency(store):
    at = _app(params={"donors": "NOR", "currency": "USD"})
    expected = ("Pledges by Norway (joint pledges included); amounts in US dollars (USD), "
                "each converted at its announcement date.")
    # Once on the page; each chart's PNG carries it as its subtitle, not the page.
    assert ([shown_text(c.value) for c in at.caption].count(expected),
            [f["layout"]["meta"]["export_caption"].replace("<br>", " ") for f in _fast_figures(at)],
            [f["layout"]["title"].get("subtitle") for f in _fast_figures(at)]) == (1, [expected] * 2, [None] * 2)


def _chart_frames(at) -> list[str]:
    """The pages of the charts' frames (not the frame that preloads their bundle)."""
    return [frame.proto.srcdoc for frame in at.get("iframe") if 'class="tracker-chart"' in frame.proto.srcdoc]


def _fast_figures(at) -> list[dict]:
    """The figures handed to the light plotly bundle: the JSON in each chart's frame."""
    return [json.loads(re.search(r'<script type="application/json" id="figure">(.*?)</script>', page, re.S)[1])
            for page in _chart_frames(at)]


def _chart_titles(at) -> list[str]:
    """Every chart's title, the light bundle's (bar and line charts, drawn
    first) then st.plotly_chart's (the map)."""
    specs = _fast_figures(at) + [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return [re.sub("</?b>", "", spec["layout"]["title"]["text"]).split(" (")[0] for spec in specs]


@pytest.mark.parametrize("tab, drawn", [
    (None, ["Pledged by donor", "Pledged per month and in total"]),
    ("By category", ["Pledged by donor", "By category"]),
    ("Map", ["Pledged by donor", "Donor countries"]),
])
def test_only_the_open_tab_is_drawn_and_the_link_opens_it(store, tab, drawn):
    assert _chart_titles(_app(params={"chart": tab} if tab else None)) == drawn


def test_bar_and_line_charts_use_the_light_bundle_and_the_map_plotly(store):
    at = _app(params={"chart": "Map", "currency": "GBP"})
    donors = _fast_figures(at)[0]
    bars = {trace["name"]: dict(zip(trace["y"], trace["customdata"])) for trace in donors["data"]}
    frame = _chart_frames(at)[0]
    assert (bars, donors["config"]["toImageButtonOptions"]["filename"], len(_chart_frames(at)),
            len(at.get("plotly_chart")), '<script src="app/static/plotly/plotly-basic.min.js">' in frame) == (
        {"military": {"United Kingdom": "£4.5bn", "United States": "£643m", "Norway": "£450m"},
         "financial": {"Germany": "£1.01bn"}},
        "pledges-donors", 1, 1, True)


@pytest.mark.parametrize("renderer, frames, fast, plotly", [("fast", 3, 2, 0), ("plotly", 0, 0, 2)])
def test_the_renderer_can_be_switched_for_the_benchmark(store, monkeypatch, renderer, frames, fast, plotly):
    monkeypatch.setenv("TRACKER_CHARTS", renderer)
    at = _app()
    assert (len(at.get("iframe")), len(_chart_frames(at)), len(at.get("plotly_chart")), _chart_titles(at)) == (
        frames, fast, plotly, ["Pledged by donor", "Pledged per month and in total"])


def test_the_page_first_preloads_the_charts_bundle(store):
    """A frame above everything else has the browser fetch the light bundle while
    the server is still counting; the chart frames then find it in the cache."""
    first = _app().get("iframe")[0].proto.srcdoc
    assert ('<link rel="preload" href="app/static/plotly/plotly-basic.min.js" as="script"' in first,
            "tracker-chart" in first, "<script" in first) == (True, False, False)


def test_a_bad_link_value_is_named_and_the_rest_kept(store):
    at = _app(params={"donors": ["NOR", "XYZ"], "currency": "JPY"})
    assert ([shown_text(w.value) for w in at.main.warning], at.sidebar.multiselect(key="f_donors").value) == (
        ["Parts of this link could not be used:\n"
         "- 'XYZ' is neither a donor code (e.g. GBR, NOR, EU) nor a country's name; ignored\n"
         "- 'JPY' is not a display currency (EUR, USD, GBP); showing EUR\n\n"
         "The address now shows the view as drawn."], ["NOR"])


def test_an_empty_selection_says_so(store):
    at = _app(params={"donors": "USA", "aid_type": "humanitarian"})
    assert (at.info[0].value.startswith("No pledges match this view."), len(at.metric)) == (True, 0)


def test_the_split_is_part_of_the_link(store):
    at = _app(params={"split": "categories"})
    at.radio(key="f_split").set_value("aid_type").run()
    assert ("split" in at.query_params, _app(params={"split": "categories"}).radio(key="f_split").value) == \
        (False, "categories")


def test_filters_follow_the_user_to_another_page(store):
    at = _app()
    at.sidebar.multiselect(key="f_kinds").set_value(["budget"]).run()
    at.switch_page(PAGES["pledges"]).run()
    assert (at.sidebar.multiselect(key="f_kinds").value, len(at.dataframe[0].value)) == (["budget"], 1)


# -- the server starting --------------------------------------------------

def test_streamlit_run_serves_the_app_that_warms_the_cache():
    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(Path(APP))
    assert (found.is_asgi_app, found.app_name) == (True, "app")


@pytest.mark.parametrize("warmed", [False, True])
def test_a_warmed_cache_spares_the_first_visit_the_store_read(store, monkeypatch, warmed):
    from tracker.dashboard import warm
    from tracker.store import query as store_module

    if warmed:
        warm.warm_cache()
    reads = []
    real = store_module.load_pledges
    monkeypatch.setattr(store_module, "load_pledges", lambda *a, **k: reads.append(1) or real(*a, **k))
    at = _app()
    assert (len(reads), _metrics(at)["Pledges"]) == (0 if warmed else 1, str(store_module.count_pledges(store)))


def test_a_store_that_cannot_be_read_in_advance_is_logged_not_raised(tmp_path, monkeypatch, caplog):
    from tracker.dashboard import warm

    monkeypatch.setenv("TRACKER_DB", f"sqlite:///{tmp_path}")  # a folder, not a database file
    warm._warm_in_background()
    assert [r.getMessage().split(":")[0] for r in caplog.records if r.name == "tracker.dashboard.warm"] == \
        ["could not read the store in advance"]


def test_warming_an_empty_store_leaves_the_empty_state(empty_store):
    from tracker.dashboard import warm

    warm.warm_cache()
    assert _app().info[0].value.startswith("The store holds no pledges yet")


# -- pledges --------------------------------------------------------------

def test_filters_change_the_table(store):
    at = _app("pledges")
    everything = len(at.dataframe[0].value)
    at.sidebar.multiselect(key="f_donors").set_value(["NOR"]).run()
    assert (everything, at.dataframe[0].value["donors"].tolist()) == (5, ["United Kingdom, Norway"])


def test_the_table_has_quotes_and_source_links(store):
    rows = _app("pledges", {"donors": "DEU"}).dataframe[0].value
    assert rows[["quote", "source"]].values.tolist() == [[BERLIN, "https://news.example/berlin"]]


def test_search_narrows_the_table_and_is_in_the_link(store):
    at = _app("pledges")
    at.text_input(key="f_search").set_value("radar").run()
    assert (len(at.dataframe[0].value), at.query_params["search"]) == (1, "radar")


def test_the_download_holds_exactly_the_filtered_rows(store, downloads):
    from tracker.store.query import load_pledges

    at = _app("pledges", {"donors": "GBR", "kind": "package"})
    expected = sorted(load_pledges(store, donors=["GBR"], kinds=["package"])["id"])
    assert (_csv_ids(downloads["pledges-view.csv"]()), len(at.dataframe[0].value)) == (expected, len(expected))


def test_the_download_of_everything_ignores_the_filters(store, downloads):
    from tracker.store.query import load_pledges

    _app("pledges", {"donors": "GBR"})
    assert _csv_ids(downloads["pledges-all.csv"]()) == sorted(load_pledges(store)["id"])


def test_the_download_follows_the_search_box(store, downloads):
    at = _app("pledges")
    at.text_input(key="f_search").set_value("Germany").run()
    assert [r["donors"] for r in csv.DictReader(io.StringIO(downloads["pledges-view.csv"]()))] == ["DEU"]


# -- add articles ---------------------------------------------------------

HOSTILE = ('<script>alert("owned")</script><img src=x onerror=alert(1)> =HYPERLINK("http://evil.example") '
           "Norway will give NOK 1.5 billion for air defence in Ukraine, the government said on Friday.")


def _found(at, text, published=date(2025, 4, 11)):
    at.text_area(key="add_text").set_value(text)
    at.date_input(key="add_published").set_value(published)
    at.button(key="add_find").click().run()
    assert not at.exception, at.exception
    return at


def test_hostile_article_text_is_shown_as_text(store):
    at = _found(_app("add"), HOSTILE)
    body = at.html[0].value
    assert ("<script" not in body, "<img" not in body, "&lt;script&gt;" in body, "&lt;img src=x" in body,
            '<mark title="record 1">NOK 1.5 billion</mark>' in body) == (True, True, True, True, True)


def test_saved_records_reach_the_table(store):
    from tracker.store.query import count_pledges

    at = _found(_app("add"), HOSTILE)
    before = count_pledges(store)
    at.button(key=f"save_{at.session_state['drafts'][0].key}").click().run()
    at.switch_page(PAGES["pledges"]).run()
    assert (count_pledges(store) - before, at.dataframe[0].value["stated"].tolist().count("NOK 1.5bn")) == (1, 1)


def test_saving_says_what_was_stored(store):
    at = _found(_app("add"), HOSTILE)
    at.button(key=f"save_{at.session_state['drafts'][0].key}").click().run()
    assert (shown_text(at.success[0].value).endswith("1 added, 0 merged with other reports, 0 in conflict"),
            at.session_state["drafts"]) == (True, [])


def test_a_rejected_record_is_kept_out_of_the_views(store):
    from tracker.store.query import count_pledges, load_pledges

    at = _found(_app("add"), HOSTILE)
    key = at.session_state["drafts"][0].key
    # What the grid sends when the user sets the first row's "keep" to reject.
    at.session_state[f"edit_{key}"] = {"edited_rows": {0: {"keep": "reject"}}, "added_rows": [], "deleted_rows": []}
    at.button(key=f"save_{key}").click().run()
    statuses = load_pledges(store, include_rejected=True).query("currency == 'NOK'")["status"].tolist()
    assert (statuses, count_pledges(store)) == (["rejected"], 5)


def test_an_article_without_a_date_asks_for_one(store):
    from tracker.dashboard.draft import article_key

    at = _found(_app("add"), "Norway will give NOK 1.5 billion for air defence.", published=None)
    held = at.session_state["held"]
    key = article_key(held[0])
    assert (len(held), at.session_state["drafts"], "has no publication date" in at.warning[0].value,
            at.date_input(key=f"held_date_{key}").value) == (1, [], True, None)


def test_an_unreachable_link_is_a_clear_message(store, monkeypatch):
    from tracker.errors import InputError
    from tracker.reading import fetch

    def unreachable(url, **kw):  # the network, mocked
        raise InputError(f"cannot reach {url}: connection refused")

    monkeypatch.setattr(fetch, "fetch_article", unreachable)
    at = _app("add")
    at.text_input(key="add_link").set_value("https://news.example/gone")
    at.button(key="add_find").click().run()
    assert shown_text(at.error[0].value) == "cannot reach https://news.example/gone: connection refused. Not read."


def test_uploaded_files_are_read_as_articles(store):
    page = ("<html><head><title>Oslo adds air defence</title></head><body><nav>Home | World | Sport</nav>"
            "<article><h1>Oslo adds air defence</h1><p>Norway will give NOK 1.5 billion for air defence in "
            "Ukraine, the government said on Friday.</p><p>The money comes on top of earlier aid and will be "
            "spent this year, officials in Oslo told reporters at a briefing.</p></article></body></html>")
    note = "Germany will provide €1.2 billion in budget support to Ukraine, officials said in Berlin."
    at = _app("add")
    at.file_uploader(key="add_files").set_value([("oslo.html", page.encode(), "text/html"),
                                                ("berlin.md", note.encode(), "text/markdown")])
    at.date_input(key="add_published").set_value(date(2025, 4, 11))
    at.button(key="add_find").click().run()
    bodies = [h.value for h in at.html]
    assert ([d.article.path for d in at.session_state["drafts"]], any("Home | World" in b for b in bodies),
            "NOK 1.5 billion</mark>" in bodies[0]) == (["oslo.html", "berlin.md"], False, True)


# -- methodology ----------------------------------------------------------

def test_methodology_names_the_rate_date_and_the_sources(store):
    from tracker.records.fx import last_rate_date

    at = _app("method")
    text = " ".join(m.value for m in at.markdown)
    urls = sorted(at.dataframe[0].value["url"])
    assert (f"{last_rate_date():%d %B %Y}" in text, urls) == (
        True, ["https://news.example/berlin", "https://news.example/seed", "https://news.example/washington"])


def test_an_unknown_renderer_is_named(monkeypatch):
    from tracker.dashboard.ui import chart_renderer
    from tracker.errors import InputError

    monkeypatch.setenv("TRACKER_CHARTS", "svg")
    with pytest.raises(InputError) as error:
        chart_renderer()
    assert str(error.value) == "TRACKER_CHARTS is 'svg'; use one of fast, plotly."


# -- the first hour: links, wording, numbers, highlights, the kept view ----

def test_the_issues_bad_link_is_named_on_the_page_and_the_name_read_as_its_code(store):
    at = _app(params={"donors": "Norway", "currency": "JPY", "since": "2025-13-45", "kind": "packages"})
    assert ([shown_text(w.value) for w in at.main.warning], at.sidebar.multiselect(key="f_donors").value,
            dict(at.query_params), _metrics(at)["Pledges"]) == (
        ["Parts of this link could not be used:\n"
         "- 'packages' is not a kind (package, budget, aggregate, cumulative); ignored\n"
         "- '2025-13-45' is not a date (since=YYYY-MM-DD); ignored\n"
         "- 'JPY' is not a display currency (EUR, USD, GBP); showing EUR\n\n"
         "The address now shows the view as drawn."], ["NOR"], {"donors": "NOR"}, "1")


def test_the_link_notice_goes_once_the_user_changes_the_view(store):
    at = _app(params={"currency": "JPY"})
    at.sidebar.radio(key="f_currency").set_value("GBP").run()
    assert ([w.value for w in at.main.warning], dict(at.query_params)) == ([], {"currency": "GBP"})


@pytest.mark.parametrize("params, button, caption", [
    ({"donors": "DEU"}, "Download this 1 row (CSV)", "1 pledge. Select a row to read its quote and every source."),
    ({"donors": "GBR"}, "Download these 2 rows (CSV)", "2 pledges. Select a row to read its quote and every source."),
])
def test_counts_on_the_pledges_page_have_their_noun_in_the_right_number(store, params, button, caption):
    at = _app("pledges", params)
    assert ([b.label for b in at.get("download_button")][0], at.caption[-1].value) == (button, caption)


def test_the_pledges_table_writes_amounts_codes_and_blanks_for_people(store):
    from tracker.records.fx import rate

    table = _app("pledges", {"currency": "GBP"}).dataframe[0].value
    berlin = table[table["donors"] == "Germany"].iloc[0]
    cells = [v for row in table.itertuples(index=False) for v in row if v is None or isinstance(v, str)]
    assert (list(table.columns[:6]), berlin["stated"], berlin["GBP"], berlin["period"],
            table[table["donors"] == "United States"]["categories"].tolist(),
            [c for c in cells if c is None or c in ("None", "nan", "NaT")]) == (
        ["date", "donors", "stated", "GBP", "quote", "source"], "€1.2bn",
        format_money_gbp(1.2e9 * rate("EUR", "GBP", date(2025, 6, 2))[0]), "–", ["air defence"], [])


def format_money_gbp(value):
    from tracker.records.formatting import format_money

    return format_money(value, "GBP")


def test_the_overview_says_its_caption_once_and_names_categories_in_words(store):
    at = _app(params={"split": "categories", "chart": "By category"})
    caption = "All pledges; amounts in euros (EUR), each converted at its announcement date."
    donors, categories = _fast_figures(at)
    beside = at.dataframe[0].value
    assert ([shown_text(c.value) for c in at.caption].count(caption), [t["name"] for t in donors["data"]],
            categories["data"][0]["y"], beside["amount"].tolist(), beside["stated"].tolist(),
            donors["layout"]["xaxis"]["ticktext"][:2]) == (
        1, ["air defence", "drones", "maintenance / repair", "mines / demining", "general", "financial"],
        ["mines / demining", "maintenance / repair", "drones", "air defence", "financial", "general"], ["€21bn"],
        ["€21bn"],
        ["€0", "€2bn"])


KRONER = "Denmark will give Ukraine 1.3 billion kroner for artillery ammunition, the Danish defence ministry said."


def test_a_record_in_kroner_is_highlighted_as_a_record_by_its_place(store):
    at = _found(_app("add"), KRONER + " Russia spent 5 billion kroner elsewhere.")
    draft = at.session_state["drafts"][0]
    record = draft.records[0]
    assert ((record.currency, record.amount), at.html[0].value) == (
        ("DKK", 1.3e9),
        '<div class="article">Denmark will give Ukraine <mark title="record 1">1.3 billion kroner</mark><sup>1</sup> '
        'for artillery ammunition, the Danish defence ministry said. Russia spent '
        '<u title="an amount that is not a record">5 billion kroner</u> elsewhere.</div>')


def test_the_review_editor_puts_what_a_reviewer_checks_first(store):
    at = _found(_app("add"), KRONER)
    assert list(at.dataframe[0].value.columns[:6]) == ["keep", "donors", "amount", "currency", "date", "quote"]


def _reads(monkeypatch) -> list:
    from tracker.store import query as store_module

    reads = []
    real = store_module.load_pledges
    monkeypatch.setattr(store_module, "load_pledges", lambda *a, **k: reads.append(1) or real(*a, **k))
    return reads


def _new_server():
    """What a server started afresh has: none of the previous one's caches."""
    import streamlit as st

    st.cache_resource.clear()


def test_a_server_started_again_draws_the_opening_view_kept_without_reading_the_store(store, monkeypatch,
                                                                                     kept_views_folder):
    from tracker.dashboard import warm

    warm.warm_cache()  # the first server counts the opening view and keeps it
    before = _metrics(_app())
    _new_server()
    reads = _reads(monkeypatch)
    at = _app()
    assert (len(reads), _metrics(at), [p.name[:8] for p in kept_views_folder.iterdir()]) == (
        0, before, ["opening-"])


def test_a_kept_view_of_other_data_or_other_code_is_not_used(store, monkeypatch, gold):
    from tracker.dashboard import kept, warm
    from tracker.pipeline import ingest_article

    warm.warm_cache()
    _new_server()
    ingest_article(store, Article(text=WASHINGTON + " Again.", url="https://news.example/again"),
                   published=date(2025, 7, 1),
                   pledges=[Pledge(["USA"], 100e6, "USD", date=date(2025, 7, 1), quote=WASHINGTON, end=10)])
    reads = _reads(monkeypatch)
    changed = _metrics(_app())
    warm.warm_cache()  # keeps the view of the new data
    _new_server()
    monkeypatch.setattr(kept, "code_stamp", lambda: "other code")
    other_code = _metrics(_app())
    # One read for the changed data (the warm-up then finds it in memory), one under other code.
    assert (len(reads), changed["Pledges"], other_code["Pledges"]) == (2, "6", "6")


def test_the_start_up_reader_reads_the_store_once_the_kept_views_chart_is_sent(store, monkeypatch):
    from tracker.dashboard import cache, warm

    warm.warm_cache()
    _new_server()
    reads = _reads(monkeypatch)
    cache.first_chart_sent.clear()
    monkeypatch.setattr(warm, "DRAWING", 0.0)
    _app()  # the first visit, from the kept view: no read, and its chart sent
    warm.warm_cache()  # finds the view kept: reads the store now, without waiting
    assert (len(reads), cache.first_chart_sent.is_set()) == (1, True)
