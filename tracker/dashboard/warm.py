"""The server starting: the opening view (the Overview, no filters) read and
counted in a background thread, so the first visit finds the caches ready.
"""
from __future__ import annotations

import threading
from contextlib import asynccontextmanager

from tracker.dashboard.cache import _args, _donor_options, _load, _overview, data_version, get_store
from tracker.dashboard.filters import Filters



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
