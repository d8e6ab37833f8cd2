"""The dashboard's widgets (`*_ui`): the sidebar's filters, the chart frames and
the empty state. With cache.py, state.py and warm.py, the only modules of
`tracker/` that import Streamlit, imported only by the app's pages.

Widgets return plain choices; counting, filtering and formatting live elsewhere.
"""
from __future__ import annotations

import functools
from dataclasses import replace
from datetime import date

import streamlit as st

from tracker.dashboard.cache import donor_options, first_chart_sent
from tracker.dashboard.charts import bundle_html, chart_config, chart_height, chart_html
from tracker.dashboard.filters import SPLITS, STATUS_NAMES, STATUSES, Filters, donor_name, link_notice
from tracker.dashboard.state import (LINK_PROBLEMS, WIDGET_KEYS, current_view, from_widgets, page_setting,
                                     reset_filters, write_url)
from tracker.records.formatting import label
from tracker.dashboard.markdown import escape_markdown
from tracker.records.pledge import AID_TYPES, CATEGORIES, KINDS, NORMALISED_CURRENCIES



def filters_ui(page_params: tuple[str, ...] = ()) -> Filters:
    """The sidebar's filters, restored from the URL (or the view last shown in
    this session) and written back to it, so every view is a shareable link.

    `page_params` names the page's own view settings kept in the Filters and
    the URL ("split" for the Overview, "search" for the Pledges table); other
    pages' settings are remembered but left out of this page's URL.
    """
    view = current_view()
    for attr, key in WIDGET_KEYS.items():
        value = getattr(view, attr)
        st.session_state[key] = list(value) if isinstance(value, tuple) else value
    options = donor_options()
    options += [d for d in view.donors if d not in options]
    notice = link_notice([escape_markdown(p) for p in st.session_state.get(LINK_PROBLEMS, [])])
    if notice:  # on the page, not the sidebar, which a narrow window folds away
        st.warning(notice, icon=":material/link_off:")
    side = st.sidebar
    side.header("Filters")
    side.multiselect("Donors", options, key=WIDGET_KEYS["donors"], format_func=lambda c: f"{donor_name(c)} ({c})",
                     placeholder="All donors", on_change=from_widgets,
                     help="Countries and groups; a joint pledge shows under each of its donors.")
    c1, c2 = side.columns(2)
    c1.date_input("From", key=WIDGET_KEYS["since"], format="YYYY-MM-DD", min_value=date(2014, 1, 1),
                  on_change=from_widgets)
    c2.date_input("To", key=WIDGET_KEYS["until"], format="YYYY-MM-DD", min_value=date(2014, 1, 1),
                  on_change=from_widgets)
    side.multiselect("Aid type", AID_TYPES, key=WIDGET_KEYS["aid_types"], placeholder="All aid types",
                     on_change=from_widgets)
    side.multiselect("Kind", KINDS, key=WIDGET_KEYS["kinds"], placeholder="All kinds", on_change=from_widgets,
                     help="package: one new commitment; budget: an envelope for a period; aggregate: a "
                          "total across donors; cumulative: a running total.")
    side.multiselect("Category", CATEGORIES, key=WIDGET_KEYS["categories"], format_func=label,
                     placeholder="All categories", on_change=from_widgets)
    side.multiselect("Status", STATUSES, key=WIDGET_KEYS["statuses"], format_func=lambda s: STATUS_NAMES[s],
                     placeholder="What counts", on_change=from_widgets,
                     help="Without a choice: confirmed and edited records, and extracted ones at or above the "
                          "review bar. Choose 'awaiting review' to see the records a person has still to check.")
    side.radio("Currency", NORMALISED_CURRENCIES, key=WIDGET_KEYS["currency"], horizontal=True, on_change=from_widgets,
               help="Each pledge converted at the ECB rate of its announcement date.")
    side.button("Clear filters", on_click=reset_filters, key="f_clear", width="stretch")
    view = current_view()
    if view.since and view.until and view.since > view.until:
        side.warning("The start date is after the end date; the dates are ignored.")
        view = replace(view, since=None, until=None)
    shown = replace(view, split=view.split if "split" in page_params else "aid_type",
                    search=view.search if "search" in page_params else "")
    write_url(shown)
    return shown


def split_ui(filters: Filters) -> Filters:
    """How the donor bars are split (aid type or category), kept in the URL."""
    st.session_state["f_split"] = current_view().split
    st.radio("Split donors by", SPLITS, key="f_split", horizontal=True, on_change=page_setting,
             args=("split", "f_split"), format_func=lambda s: {"aid_type": "aid type", "categories": "category"}[s])
    chosen = replace(filters, split=current_view().split)
    write_url(chosen)
    return chosen


def search_ui(filters: Filters) -> Filters:
    """The table's search box (quote, donor, source address), kept in the URL."""
    st.session_state["f_search"] = current_view().search
    st.text_input("Search", key="f_search", placeholder="Search quotes, donors and sources, e.g. radar or Norway",
                  max_chars=200, on_change=page_setting, args=("search", "f_search"))
    chosen = replace(filters, search=current_view().search)
    write_url(chosen)
    return chosen


# -- showing things --------------------------------------------------------

def chart_ui(figure, name: str, note: str = "") -> None:
    """A plotly figure with its PNG download in the toolbar, and a note under it
    when given (the view's caption is the page's, said once above its charts)."""
    st.plotly_chart(figure, config=chart_config(name), key=f"chart_{name}", width="stretch")
    first_chart_sent.set()
    if note:
        st.caption(escape_markdown(note))


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


def fast_chart_ui(figure, name: str, note: str = "", first: bool = True) -> None:
    """A bar or line figure drawn by the light plotly bundle (no map, no other
    trace types), with its PNG download in the toolbar (the PNG carries the view's
    caption) and a note under it when given; a chart not `first` on the page is
    drawn once the first one is."""
    if chart_renderer() == "plotly":
        chart_ui(figure, name, note)
        return
    st.iframe(chart_html(figure, name, FAST_BUNDLE, _font_url(), first), height=chart_height(figure),
              width="stretch")
    first_chart_sent.set()
    if note:
        st.caption(escape_markdown(note))


def chart_bundle_ui() -> None:
    """An empty frame, the page's first, that has the browser fetch the light
    plotly bundle (and Streamlit its frame component) while the server is still
    counting, so the chart frames sent later find both ready. Nothing when
    TRACKER_CHARTS=plotly."""
    if chart_renderer() == "fast":
        # Hidden, and its wrapper too, so it takes no room (a hidden frame still loads).
        st.html("<style>.st-key-chart-bundle, [data-testid='stLayoutWrapper']:has(> .st-key-chart-bundle) "
                "{ display: none; }</style>")
        with st.container(key="chart-bundle"):
            st.iframe(bundle_html(FAST_BUNDLE), height=1, width="stretch")


def awaiting_ui(filters: Filters) -> None:
    """The line on the records of this view that await review and are left out
    of its figures ("12 records await review, €3.4bn"), unless the view includes them."""
    if "pending" in filters.statuses:
        return
    from tracker.dashboard.cache import awaiting_line

    line = awaiting_line(filters)
    if line:
        st.info(f"{line} Check them on the **Review** page, or choose *awaiting review* under Status to "
                "include them.", icon="🔎")


def empty_ui(filters: Filters, store_is_empty: bool) -> None:
    """The helpful empty state: an empty store, or a view that matches nothing."""
    if store_is_empty:
        st.info("The store holds no pledges yet. Add an article on the **Add articles** page, or load the "
                "sample articles from a terminal with `python -m tracker ingest seeds/`.", icon="📭")
    else:
        st.info(f"No pledges match this view. {escape_markdown(filters.describe())} Widen the dates, choose other donors, or "
                "clear the filters in the sidebar.", icon="🔎")


# -- the server starting ---------------------------------------------------

