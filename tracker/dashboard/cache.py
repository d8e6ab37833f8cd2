"""The app's reads of the store, cached: the store opened once, the pledges read
once per version of the data and filtered in memory, the Overview counted once
per view; the opening view as kept on disk by an earlier server (kept.py) until
then. Streamlit's caches only; no widgets here.
"""
from __future__ import annotations

import threading

import pandas as pd
import streamlit as st

from tracker.dashboard.filters import DONOR_GROUPS, Filters, apply_filters, donor_name, event_dates


@st.cache_resource(show_spinner=False)
def _store(url: str | None):
    from tracker.store.schema import open_store

    return open_store(url)


def get_store():
    """The store the app reads (TRACKER_DB, else data/tracker.db), opened once."""
    import os

    return _store(os.environ.get("TRACKER_DB") or None)


def data_version(store) -> tuple[int, int, int]:
    """Changes whenever articles or pledges are added or corrected (from this
    app or any other process): part of every cache key. The second item is
    the number of stored pledges."""
    from tracker.store.query import data_version as version

    return version(store)


@st.cache_resource(max_entries=2, show_spinner=False)
def _kept(url: str, version: tuple) -> dict:
    """The views an earlier server kept for this version of the data, else {}."""
    from tracker.dashboard import kept

    return kept.read(url, version) or {}


def opening_key(filters: Filters) -> tuple:
    """How a view is known among the kept ones: its row filters, currency and split."""
    return _args(filters), filters.currency, filters.split


# Set once a page has sent its first chart: the start-up reader waits for it (a
# while at most) before reading the whole store, so as not to slow that chart.
first_chart_sent = threading.Event()


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
    like the rows it is built from; a view kept on disk for this very data is
    used as it is, without reading the store's rows."""
    store = get_store()
    url, version = str(store.url), data_version(store)
    kept = _kept(url, version).get("overview", {}).get(opening_key(filters))
    if kept is not None:
        return kept
    return _overview(url, version, *opening_key(filters))


@st.cache_resource(max_entries=24, show_spinner=False)
def _awaiting(url: str, version: tuple, args: tuple, currency: str) -> str | None:
    from tracker.dashboard.review import awaiting_line as line

    return line(_load(url, version, args), currency)


def awaiting_line(filters: Filters) -> str | None:
    """The Overview's line on the records of a view that await review
    (`tracker.dashboard.review.awaiting_line`), cached like the view, or kept
    on disk with the opening view."""
    from dataclasses import replace

    store = get_store()
    url, version = str(store.url), data_version(store)
    awaiting = _kept(url, version).get("awaiting", {})
    if opening_key(filters) in awaiting:
        return awaiting[opening_key(filters)]
    return _awaiting(url, version, _args(replace(filters, statuses=("pending",))), filters.currency)


def _args(filters: Filters) -> tuple:
    """The row filters of a view as a cache key (currency and split are not row filters)."""
    return (("donors", filters.donors), ("since", filters.since), ("until", filters.until),
            ("aid_types", filters.aid_types), ("kinds", filters.kinds), ("categories", filters.categories),
            ("statuses", filters.statuses))


@st.cache_resource(max_entries=4, show_spinner=False)
def _donor_options(url: str, version: tuple) -> list[str]:
    frame, _ = _load_all(url, version)
    found = {d for ds in frame["donors"] for d in ds}
    countries = sorted((d for d in found if d not in DONOR_GROUPS), key=donor_name)
    return countries + sorted(d for d in found if d in DONOR_GROUPS)


def donor_options() -> list[str]:
    """Donor codes present in the store: countries by name, then groups (a new
    list each time: the caller may add to it)."""
    store = get_store()
    url, version = str(store.url), data_version(store)
    kept = _kept(url, version).get("donors")
    return list(kept if kept is not None else _donor_options(url, version))


def forget_cached_data() -> None:
    """After the store changed from this app (the Add page's save)."""
    _load_all.clear()
    _load.clear()
    _overview.clear()
    _donor_options.clear()
    _awaiting.clear()
    _kept.clear()
