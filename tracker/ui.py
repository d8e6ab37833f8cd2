"""The dashboard's widgets (`*_ui`) and cached loaders: the one module of
`tracker/` that imports Streamlit, imported only by the app's pages.

Widgets return plain choices; counting, filtering and formatting live elsewhere.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from tracker.charts import chart_config
from tracker.filters import (CURRENCIES, CURRENCY_NAMES, DONOR_GROUPS, SPLITS, Filters, donor_name,
                             label, parse_filters)
from tracker.pledge import AID_TYPES, CATEGORIES, KINDS

# Every URL parameter this dashboard owns; a page's own parameters (the Compare
# page's, say) are left as they are.
OWN_PARAMS = ("donors", "since", "until", "aid_type", "kind", "categories", "currency", "split", "search")
_STATE = "_tracker_filters"  # the last view, kept across pages of one session
_KEYS = {"donors": "f_donors", "since": "f_since", "until": "f_until", "aid_types": "f_aid_types",
         "kinds": "f_kinds", "categories": "f_categories", "currency": "f_currency"}


# -- data ------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def _store(url: str | None):
    from tracker.store import open_store

    return open_store(url)


def get_store():
    """The store the app reads (TRACKER_DB, else data/tracker.db), opened once."""
    import os

    return _store(os.environ.get("TRACKER_DB") or None)


def data_version(store) -> tuple[int, int]:
    """Changes whenever articles or pledges are added: part of every cache key."""
    from tracker.store import count_pledges, count_sources

    return count_sources(store), count_pledges(store, include_rejected=True)


# The frames are shared, never copied (pandas' copy-on-write keeps them intact),
# so a cached 100,000-row view costs nothing to hand out again.
@st.cache_resource(max_entries=24, show_spinner="Loading pledges…")
def _load(url: str, version: tuple, args: tuple) -> pd.DataFrame:
    from tracker.store import load_pledges

    return load_pledges(get_store(), **dict(args))


def load_view(filters: Filters, everything: bool = False) -> pd.DataFrame:
    """The store's rows for a view (`load_pledges` with the view's filters),
    cached until the data changes; the search text filters the table only."""
    store = get_store()
    args = {} if everything else filters.store_args()
    frame = _load(str(store.url), data_version(store), tuple(sorted(
        (k, tuple(v) if isinstance(v, list) else v) for k, v in args.items())))
    return frame


@st.cache_resource(max_entries=4, show_spinner=False)
def _donor_options(url: str, version: tuple) -> list[str]:
    frame = _load(url, version, ())
    found = {d for ds in frame["donors"] for d in ds}
    countries = sorted((d for d in found if d not in DONOR_GROUPS), key=donor_name)
    return countries + sorted(d for d in found if d in DONOR_GROUPS)


def donor_options() -> list[str]:
    """Donor codes present in the store: countries by name, then groups."""
    store = get_store()
    return _donor_options(str(store.url), data_version(store))


def forget_cached_data() -> None:
    """After the store changed from this app (the Add page's save)."""
    _load.clear()
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


def _reset_filters() -> None:
    for key in _KEYS.values():
        st.session_state.pop(key, None)
    st.session_state[_STATE] = Filters()
    st.session_state["_tracker_reset"] = True


def filters_ui(page_params: tuple[str, ...] = ()) -> Filters:
    """The sidebar's filters, restored from the URL (or the view last shown in
    this session) and written back to it, so every view is a shareable link.

    `page_params` names the page's own view settings kept in the Filters and
    the URL ("split" for the Overview, "search" for the Pledges table).
    """
    reset = st.session_state.pop("_tracker_reset", False)
    url, problems, has_params = _url_filters()
    target = url if has_params and not reset else st.session_state.get(_STATE, Filters())
    for attr, key in _KEYS.items():
        if key not in st.session_state:
            value = getattr(target, attr)
            st.session_state[key] = list(value) if isinstance(value, tuple) else value
    options = donor_options()
    options += [d for d in st.session_state[_KEYS["donors"]] if d not in options]
    side = st.sidebar
    side.header("Filters")
    for p in problems:
        side.warning(f"Link: {p}.")
    side.multiselect("Donors", options, key=_KEYS["donors"], format_func=lambda c: f"{donor_name(c)} ({c})",
                     placeholder="All donors",
                     help="Countries and groups; a joint pledge shows under each of its donors.")
    c1, c2 = side.columns(2)
    c1.date_input("From", key=_KEYS["since"], format="YYYY-MM-DD", min_value=date(2014, 1, 1))
    c2.date_input("To", key=_KEYS["until"], format="YYYY-MM-DD", min_value=date(2014, 1, 1))
    side.multiselect("Aid type", AID_TYPES, key=_KEYS["aid_types"], placeholder="All aid types")
    side.multiselect("Kind", KINDS, key=_KEYS["kinds"], placeholder="All kinds",
                     help="package: one new commitment; budget: an envelope for a period; aggregate: a "
                          "total across donors; cumulative: a running total.")
    side.multiselect("Category", CATEGORIES, key=_KEYS["categories"], format_func=label,
                     placeholder="All categories")
    side.radio("Currency", CURRENCIES, key=_KEYS["currency"], horizontal=True,
               format_func=lambda c: f"{c}", help="Each pledge converted at its announcement date's ECB rate.")
    side.button("Clear filters", on_click=_reset_filters, key="f_clear", width="stretch")
    since, until = st.session_state[_KEYS["since"]], st.session_state[_KEYS["until"]]
    if since and until and since > until:
        side.warning("The start date is after the end date; the dates are ignored.")
        since = until = None
    chosen = Filters(
        donors=tuple(st.session_state[_KEYS["donors"]]), since=since, until=until,
        aid_types=tuple(st.session_state[_KEYS["aid_types"]]), kinds=tuple(st.session_state[_KEYS["kinds"]]),
        categories=tuple(st.session_state[_KEYS["categories"]]),
        currency=st.session_state[_KEYS["currency"]] or "EUR",
        split=target.split if "split" in page_params else "aid_type",
        search=target.search if "search" in page_params else "",
    )
    _remember(chosen, page_params)
    return chosen


def _remember(filters: Filters, page_params: tuple[str, ...] = ()) -> None:
    """Keep the view for the next page of this session and put it in the URL;
    another page's own setting (the Overview's split, the table's search) is
    remembered but stays out of this page's URL."""
    last = st.session_state.get(_STATE, Filters())
    kept = {p: getattr(last, p) for p in ("split", "search") if p not in page_params}
    st.session_state[_STATE] = replace(filters, **kept)
    _write_url(filters)


def split_ui(filters: Filters) -> Filters:
    """How the donor bars are split (aid type or category), kept in the URL."""
    key = "f_split"
    if key not in st.session_state:
        st.session_state[key] = filters.split
    st.radio("Split donors by", SPLITS, key=key, horizontal=True,
             format_func=lambda s: {"aid_type": "aid type", "categories": "category"}[s])
    chosen = replace(filters, split=st.session_state[key])
    _remember(chosen, ("split",))
    return chosen


def search_ui(filters: Filters) -> Filters:
    """The table's search box (quote, donor, source address), kept in the URL."""
    key = "f_search"
    if key not in st.session_state:
        st.session_state[key] = filters.search
    st.text_input("Search", key=key, placeholder="Search quotes, donors and sources, e.g. radar or Norway",
                  max_chars=200)
    chosen = replace(filters, search=st.session_state[key].strip())
    _remember(chosen, ("search",))
    return chosen


# -- showing things --------------------------------------------------------

def chart_ui(figure, name: str, caption: str) -> None:
    """A plotly figure with its PNG download in the toolbar and its caption."""
    st.plotly_chart(figure, config=chart_config(name), key=f"chart_{name}", width="stretch")
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
