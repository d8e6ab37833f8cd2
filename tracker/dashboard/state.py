"""The view a visitor is looking at: the filters kept in the session (across
pages) and in the URL (so every view is a shareable link).
"""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from tracker.dashboard.filters import Filters, parse_filters

# Every URL parameter this dashboard owns; a page's own parameters (the Compare
# page's, say) are left as they are.
OWN_PARAMS = ("donors", "since", "until", "aid_type", "kind", "categories", "status", "currency", "split",
              "search")
_STATE = "_tracker_filters"  # the last view, kept across pages of one session
LINK_PROBLEMS = "_tracker_link_problems"  # what the opening link asked for and could not have
# The widgets' keys; their values are set from the session's view on every run.
WIDGET_KEYS = {"donors": "f_donors", "since": "f_since", "until": "f_until", "aid_types": "f_aid_types",
               "kinds": "f_kinds", "categories": "f_categories", "statuses": "f_statuses", "currency": "f_currency"}


def _url_filters() -> tuple[Filters, list[str], bool]:
    params = {k: st.query_params.get_all(k) for k in OWN_PARAMS if k in st.query_params}
    filters, problems = parse_filters(params)
    return filters, problems, bool(params)


def write_url(filters: Filters) -> None:
    wanted = filters.to_params()
    for key in OWN_PARAMS:
        if key in wanted:
            if st.query_params.get_all(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]


def current_view() -> Filters:
    """The view of this session: the link's on its first run, then whatever
    the widgets made of it (kept across pages, whose widgets are new each time)."""
    if _STATE not in st.session_state:
        url, problems, _ = _url_filters()
        st.session_state[_STATE] = url
        st.session_state[LINK_PROBLEMS] = problems
    return st.session_state[_STATE]


def from_widgets() -> None:
    """on_change of every sidebar filter: the widgets' values become the view
    (and the opening link's notice has had its say)."""
    state = st.session_state
    state.pop(LINK_PROBLEMS, None)
    since, until = state[WIDGET_KEYS["since"]], state[WIDGET_KEYS["until"]]
    state[_STATE] = replace(
        current_view(), donors=tuple(state[WIDGET_KEYS["donors"]]), since=since, until=until,
        aid_types=tuple(state[WIDGET_KEYS["aid_types"]]), kinds=tuple(state[WIDGET_KEYS["kinds"]]),
        categories=tuple(state[WIDGET_KEYS["categories"]]), statuses=tuple(state[WIDGET_KEYS["statuses"]]),
        currency=state[WIDGET_KEYS["currency"]] or "EUR")


def reset_filters() -> None:
    st.session_state.pop(LINK_PROBLEMS, None)
    st.session_state[_STATE] = Filters()


def page_setting(name: str, widget_key: str) -> None:
    value = st.session_state[widget_key]
    st.session_state[_STATE] = replace(current_view(), **{name: value.strip() if isinstance(value, str) else value})
