"""The server starting: the opening view (the Overview, no filters) read and
counted in a background thread, so the first visit finds the caches ready, and
kept on disk for the next server (kept.py). A server that finds it kept for the
same data draws its first chart from it, and reads the whole store only once
that chart is sent.
"""
from __future__ import annotations

import threading
import time
from contextlib import asynccontextmanager

from tracker.dashboard.cache import (_donor_options, _kept, _load, _load_all, _overview, awaiting_line,
                                     data_version, first_chart_sent, get_store, opening_key)
from tracker.dashboard.filters import Filters

# When the opening view was kept, the start-up reader leaves the first visit
# alone before reading the whole store: until its chart is sent (a server no one
# visits reads the store after FIRST_CHART_WAIT), then while the browser fetches
# the chart's bundle and draws it (DRAWING), which a read of every pledge would
# slow down on a busy machine.
FIRST_CHART_WAIT = 20.0
DRAWING = 5.0



def warm_cache() -> None:
    """Read the store and count the opening view (the Overview, no filters) into
    the caches the pages use, so the first visit finds them ready, and keep it
    on disk for the next server. When it was kept for this data already, the
    first visit uses it and the store is read once that visit's chart is sent."""
    from tracker.dashboard import kept

    store = get_store()
    url, version = str(store.url), data_version(store)
    key = opening_key(Filters())
    opening = _kept(url, version).get("overview", {}).get(key)
    if opening is not None:
        _first_figure(opening)
        if first_chart_sent.wait(FIRST_CHART_WAIT):
            time.sleep(DRAWING)
        _load_all(url, version)
        return
    donors = _donor_options(url, version)
    if not _load(url, version, key[0]).empty:
        opening = Filters()
        kept.write(url, version, {"donors": donors, "overview": {key: _overview(url, version, *key)},
                                  "awaiting": {key: awaiting_line(opening)}})
    import plotly.graph_objects  # noqa: F401  (the figures' first import, off the first visit's path)


def _first_figure(opening) -> None:
    """The opening view's donor chart built once and thrown away, while the
    browser is still loading the page: the pages' modules and plotly's
    (imported as a figure is first built, a fifth of a second) are then loaded
    before the first visit needs them."""
    import tracker.dashboard.ui  # noqa: F401  (the pages' own modules)
    from tracker.dashboard.charts import donor_figure, figure_spec

    filters = Filters()
    figure_spec(donor_figure(opening.donors, filters.currency, filters.split, filters.describe()), "donors")


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
