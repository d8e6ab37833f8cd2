"""The dashboard's widgets (`*_ui`) and cached loaders: the one module of
`tracker/` that imports Streamlit, imported only by the app's pages.

Widgets return plain choices; counting, filtering and formatting live elsewhere.
"""
from __future__ import annotations

import functools
import threading
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from tracker.dashboard.charts import chart_config, chart_height, chart_html
from tracker.dashboard.filters import (CURRENCIES, CURRENCY_NAMES, DONOR_GROUPS, SPLITS, Filters, apply_filters,
                                       donor_name, event_dates, label, parse_filters)
from tracker.records.pledge import AID_TYPES, CATEGORIES, KINDS

# Every URL parameter this dashboard owns; a page's own parameters (the Compare
# page's, say) are left as they are.
OWN_PARAMS = ("donors", "since", "until", "aid_type", "kind", "categories", "currency", "split", "search")
_STATE = "_tracker_filters"  # the last view, kept across pages of one session
# The widgets' keys; their values are set from the session's view on every run.
_KEYS = {"donors": "f_donors", "since": "f_since", "until": "f_until", "aid_types": "f_aid_types",
         "kinds": "f_kinds", "categories": "f_categories", "currency": "f_currency"}


# -- data ------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def _store(url: str | None):
    from tracker.store.schema import open_store

    return open_store(url)


def get_store():
    """The store the app reads (TRACKER_DB, else data/tracker.db), opened once."""
    import os

    return _store(os.environ.get("TRACKER_DB") or None)


def data_version(store) -> tuple[int, int]:
    """Changes whenever articles or pledges are added: part of every cache key."""
    from tracker.store.query import count_pledges, count_sources

    return count_sources(store), count_pledges(store, include_rejected=True)


# The frames are shared, never copied (pandas' copy-on-write keeps them intact),
# so a cached 100,000-row view costs nothing to hand out again. The store is
# read once per version of its data; a filter change filters that frame in
# memory (`apply_filters`, held equal to the store's query by the tests).
@st.cache_resource(max_entries=2, show_spinner="Loading pledges…")
def _load_all(url: str, version: tuple) -> tuple[pd.DataFrame, pd.Series]:
    from tracker.store.query import load_pledges

    frame = load_pledges(get_store())
    return frame, _event_dates(frame)


def _event_dates(frame: pd.DataFrame) -> pd.Series:
    """`event_dates` of a loaded frame, reading the reports of undated rows only."""
    events = pd.to_datetime(frame["date"])
    undated = events.isna()
    if undated.any():
        events = events.where(~undated, event_dates(frame[undated]).reindex(frame.index))
    return events


@st.cache_resource(max_entries=32, show_spinner=False)
def _load(url: str, version: tuple, args: tuple) -> pd.DataFrame:
    frame, events = _load_all(url, version)
    return apply_filters(frame, Filters(**{k: v for k, v in args}), events)


def load_view(filters: Filters, everything: bool = False) -> pd.DataFrame:
    """The rows of a view (the store's `load_pledges` rows, filtered as the
    store filters), cached until the data changes; the search text filters
    the table only."""
    store = get_store()
    return _load(str(store.url), data_version(store), _args(Filters() if everything else filters))


@st.cache_resource(max_entries=24, show_spinner="Counting…")
def _overview(url: str, version: tuple, args: tuple, currency: str, split: str):
    from tracker.dashboard.views import overview

    return overview(_load(url, version, args), currency, split)


def overview_view(filters: Filters):
    """The Overview page's data for a view (`tracker.dashboard.views.overview`), cached
    like the rows it is built from."""
    store = get_store()
    return _overview(str(store.url), data_version(store), _args(filters), filters.currency, filters.split)


def _args(filters: Filters) -> tuple:
    """The row filters of a view as a cache key (currency and split are not row filters)."""
    return (("donors", filters.donors), ("since", filters.since), ("until", filters.until),
            ("aid_types", filters.aid_types), ("kinds", filters.kinds), ("categories", filters.categories))


@st.cache_resource(max_entries=4, show_spinner=False)
def _donor_options(url: str, version: tuple) -> list[str]:
    frame, _ = _load_all(url, version)
    found = {d for ds in frame["donors"] for d in ds}
    countries = sorted((d for d in found if d not in DONOR_GROUPS), key=donor_name)
    return countries + sorted(d for d in found if d in DONOR_GROUPS)


def donor_options() -> list[str]:
    """Donor codes present in the store: countries by name, then groups."""
    store = get_store()
    return _donor_options(str(store.url), data_version(store))


def forget_cached_data() -> None:
    """After the store changed from this app (the Add page's save)."""
    _load_all.clear()
    _load.clear()
    _overview.clear()
    _donor_options.clear()


# -- filters and the URL ---------------------------------------------------

def _url_filters() -> tuple[Filters, list[str], bool]:
    params = {k: st.query_params.get_all(k) for k in OWN_PARAMS if k in st.query_params}
    filters, problems = parse_filters(params)
    return filters, problems, bool(params)


def _write_url(filters: Filters) -> None:
    wanted = filters.to_params()
    for key in OWN_PARAMS:
        if key in wanted:
            if st.query_params.get_all(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]


def _view() -> Filters:
    """The view of this session: the link's on its first run, then whatever
    the widgets made of it (kept across pages, whose widgets are new each time)."""
    if _STATE not in st.session_state:
        url, problems, _ = _url_filters()
        st.session_state[_STATE] = url
        st.session_state["_tracker_link_problems"] = problems
    return st.session_state[_STATE]


def _from_widgets() -> None:
    """on_change of every sidebar filter: the widgets' values become the view."""
    state = st.session_state
    since, until = state[_KEYS["since"]], state[_KEYS["until"]]
    state[_STATE] = replace(
        _view(), donors=tuple(state[_KEYS["donors"]]), since=since, until=until,
        aid_types=tuple(state[_KEYS["aid_types"]]), kinds=tuple(state[_KEYS["kinds"]]),
        categories=tuple(state[_KEYS["categories"]]), currency=state[_KEYS["currency"]] or "EUR")


def _reset_filters() -> None:
    st.session_state[_STATE] = Filters()


def filters_ui(page_params: tuple[str, ...] = ()) -> Filters:
    """The sidebar's filters, restored from the URL (or the view last shown in
    this session) and written back to it, so every view is a shareable link.

    `page_params` names the page's own view settings kept in the Filters and
    the URL ("split" for the Overview, "search" for the Pledges table); other
    pages' settings are remembered but left out of this page's URL.
    """
    view = _view()
    for attr, key in _KEYS.items():
        value = getattr(view, attr)
        st.session_state[key] = list(value) if isinstance(value, tuple) else value
    options = donor_options()
    options += [d for d in view.donors if d not in options]
    side = st.sidebar
    side.header("Filters")
    for p in st.session_state.get("_tracker_link_problems", []):
        side.warning(f"Link: {p}.")
    side.multiselect("Donors", options, key=_KEYS["donors"], format_func=lambda c: f"{donor_name(c)} ({c})",
                     placeholder="All donors", on_change=_from_widgets,
                     help="Countries and groups; a joint pledge shows under each of its donors.")
    c1, c2 = side.columns(2)
    c1.date_input("From", key=_KEYS["since"], format="YYYY-MM-DD", min_value=date(2014, 1, 1),
                  on_change=_from_widgets)
    c2.date_input("To", key=_KEYS["until"], format="YYYY-MM-DD", min_value=date(2014, 1, 1),
                  on_change=_from_widgets)
    side.multiselect("Aid type", AID_TYPES, key=_KEYS["aid_types"], placeholder="All aid types",
                     on_change=_from_widgets)
    side.multiselect("Kind", KINDS, key=_KEYS["kinds"], placeholder="All kinds", on_change=_from_widgets,
                     help="package: one new commitment; budget: an envelope for a period; aggregate: a "
                          "total across donors; cumulative: a running total.")
    side.multiselect("Category", CATEGORIES, key=_KEYS["categories"], format_func=label,
                     placeholder="All categories", on_change=_from_widgets)
    side.radio("Currency", CURRENCIES, key=_KEYS["currency"], horizontal=True, on_change=_from_widgets,
               help="Each pledge converted at the ECB rate of its announcement date.")
    side.button("Clear filters", on_click=_reset_filters, key="f_clear", width="stretch")
    view = _view()
    if view.since and view.until and view.since > view.until:
        side.warning("The start date is after the end date; the dates are ignored.")
        view = replace(view, since=None, until=None)
    shown = replace(view, split=view.split if "split" in page_params else "aid_type",
                    search=view.search if "search" in page_params else "")
    _write_url(shown)
    return shown


def _page_setting(name: str, widget_key: str) -> None:
    value = st.session_state[widget_key]
    st.session_state[_STATE] = replace(_view(), **{name: value.strip() if isinstance(value, str) else value})


def split_ui(filters: Filters) -> Filters:
    """How the donor bars are split (aid type or category), kept in the URL."""
    st.session_state["f_split"] = _view().split
    st.radio("Split donors by", SPLITS, key="f_split", horizontal=True, on_change=_page_setting,
             args=("split", "f_split"), format_func=lambda s: {"aid_type": "aid type", "categories": "category"}[s])
    chosen = replace(filters, split=_view().split)
    _write_url(chosen)
    return chosen


def search_ui(filters: Filters) -> Filters:
    """The table's search box (quote, donor, source address), kept in the URL."""
    st.session_state["f_search"] = _view().search
    st.text_input("Search", key="f_search", placeholder="Search quotes, donors and sources, e.g. radar or Norway",
                  max_chars=200, on_change=_page_setting, args=("search", "f_search"))
    chosen = replace(filters, search=_view().search)
    _write_url(chosen)
    return chosen


# -- showing things --------------------------------------------------------

def chart_ui(figure, name: str, caption: str) -> None:
    """A plotly figure with its PNG download in the toolbar and its caption."""
    st.plotly_chart(figure, config=chart_config(name), key=f"chart_{name}", width="stretch")
    st.caption(caption)


# The bar and line charts are drawn with plotly's bar/line-only bundle (1.2 MB,
# static/plotly/, served by the app itself) in a frame of their own: a page with no
# st.plotly_chart never loads Streamlit's full 4.7 MB plotly. TRACKER_CHARTS=plotly
# draws them with st.plotly_chart instead (the benchmark compares the two).
CHART_RENDERERS = ("fast", "plotly")
FAST_BUNDLE = "app/static/plotly/plotly-basic.min.js"  # relative to the page, like the map outlines


def chart_renderer() -> str:
    """How bar and line charts are drawn: TRACKER_CHARTS, "fast" unless set."""
    import os

    chosen = os.environ.get("TRACKER_CHARTS") or "fast"
    if chosen not in CHART_RENDERERS:
        from tracker.errors import InputError

        raise InputError(f"TRACKER_CHARTS is {chosen!r}; use one of {', '.join(CHART_RENDERERS)}.")
    return chosen


@functools.cache
def _font_url() -> str | None:
    """Streamlit's own Source Sans, as its page serves it (cached by the browser already)."""
    from pathlib import Path

    found = sorted((Path(st.__file__).parent / "static" / "static" / "media").glob("SourceSansVF-Upright*.woff2"))
    return f"static/media/{found[0].name}" if found else None


def fast_chart_ui(figure, name: str, caption: str, first: bool = True) -> None:
    """A bar or line figure drawn by the light plotly bundle (no map, no other
    trace types), with its PNG download in the toolbar and its caption; a chart
    not `first` on the page is drawn once the first one is."""
    if chart_renderer() == "plotly":
        chart_ui(figure, name, caption)
        return
    st.iframe(chart_html(figure, name, FAST_BUNDLE, _font_url(), first), height=chart_height(figure),
              width="stretch")
    st.caption(caption)


def empty_ui(filters: Filters, store_is_empty: bool) -> None:
    """The helpful empty state: an empty store, or a view that matches nothing."""
    if store_is_empty:
        st.info("The store holds no pledges yet. Add an article on the **Add articles** page, or load the "
                "sample articles from a terminal with `python -m tracker ingest seeds/`.", icon="📭")
    else:
        st.info(f"No pledges match this view. {filters.describe()} Widen the dates, choose other donors, or "
                "clear the filters in the sidebar.", icon="🔎")


def currency_name(code: str) -> str:
    return f"{CURRENCY_NAMES[code]} ({code})"


# -- the server starting ---------------------------------------------------

def warm_cache() -> None:
    """Read the store and count the opening view (the Overview, no filters) into
    the caches the pages use, so the first visit finds them ready."""
    store = get_store()
    url, version = str(store.url), data_version(store)
    _donor_options(url, version)
    view = Filters()
    if not _load(url, version, _args(view)).empty:
        _overview(url, version, _args(view), view.currency, view.split)
    import plotly.graph_objects  # noqa: F401  (the figures' first import, off the first visit's path)


_WARM_THREAD = "warm-cache"


def _outside_a_visit(record) -> bool:
    """Keeps Streamlit's note that a thread runs outside any visit ("missing
    ScriptRunContext") for threads other than the start-up reader, which does so by design."""
    return record.threadName != _WARM_THREAD


def _warm_in_background() -> None:
    import logging

    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(_outside_a_visit)
    try:
        warm_cache()
    except Exception as error:  # the first visit meets the problem and shows it
        logging.getLogger(__name__).warning("could not read the store in advance: %s", error)


@asynccontextmanager
async def warm_lifespan(app):
    """The app's lifespan (`st.App`): starts `warm_cache` in a background
    thread as the server starts, and waits for nothing."""
    threading.Thread(target=_warm_in_background, name=_WARM_THREAD, daemon=True).start()
    yield
