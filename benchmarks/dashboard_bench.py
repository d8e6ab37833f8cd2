"""Dashboard benchmark (not a test): 100,000 pledges in a temporary SQLite
store; times the data preparation of a first render and of a filter change,
and a real browser's time from request to first chart.

    .venv/bin/python benchmarks/dashboard_bench.py [--pledges 100000] [--no-browser] [--runs 3]
        [--db sqlite:///PATH] [--starts 1] [--visits 8] [--charts both|plotly|fast]

Targets (issue 4): a filter change's data work under 0.3 s; under 3 s from
request to first chart.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.dashboard import views  # noqa: E402
from tracker.dashboard.cache import _event_dates  # noqa: E402  (what the app's cached loader computes)
from tracker.dashboard.filters import Filters, apply_filters  # noqa: E402
from tracker.pipeline import ingest_article  # noqa: E402
from tracker.reading.files import Article  # noqa: E402
from tracker.records.pledge import AID_TYPES, CATEGORIES, Pledge  # noqa: E402
from tracker.store.query import count_pledges, load_pledges  # noqa: E402
from tracker.store.schema import open_store  # noqa: E402

DONORS = ["GBR", "NOR", "USA", "DEU", "FRA", "POL", "NLD", "SWE", "DNK", "FIN", "CAN", "JPN", "ITA", "ESP",
          "BEL", "CZE", "EST", "LVA", "LTU", "AUT", "CHE", "AUS", "KOR", "PRT", "IRL", "EU", "NATO"]
CURRENCIES = ["EUR", "USD", "GBP", "NOK", "SEK", "DKK", "CAD", "JPY", "PLN"]
KINDS = ["package"] * 14 + ["budget"] * 3 + ["aggregate"] * 2 + ["cumulative"]


def make_store(url: str, pledges: int, per_article: int = 1000, seed: int = 4) -> float:
    """Fill the store with `pledges` varied records; returns the seconds it took."""
    rng = random.Random(seed)
    store = open_store(url)
    start = time.perf_counter()
    first = date(2022, 2, 24)
    for a in range(pledges // per_article):
        published = first + timedelta(days=rng.randrange(0, 1400))
        records, text = [], []
        pos = 0
        for i in range(per_article):
            donors = rng.sample(DONORS, 2 if rng.random() < 0.08 else 1)
            amount = float(rng.randrange(1, 5000) * 1_000_000)
            currency = rng.choice(CURRENCIES)
            kind = rng.choice(KINDS)
            when = published - timedelta(days=rng.randrange(0, 6))
            quote = f"Article {a} item {i}: {'+'.join(donors)} pledged {amount:,.0f} {currency} ({kind})."
            cats = rng.sample(CATEGORIES[:-1], rng.randrange(1, 3)) if rng.random() < 0.7 else ["general"]
            records.append(Pledge(donors=donors, amount=amount, currency=currency, kind=kind,
                                  aid_type=rng.choice(AID_TYPES), categories=cats, date=when,
                                  period=str(when.year) if kind == "budget" else None,
                                  quote=quote, start=pos, end=pos + len(quote)))
            text.append(quote)
            pos += len(quote) + 1
        ingest_article(store, Article(text="\n".join(text), url=f"https://bench.example/{a}"),
                       published=published, pledges=records)
    took = time.perf_counter() - start
    store.close()
    return took


def overview_data(frame, filters: Filters) -> dict:
    """What the Overview page computes from a frame (`views.overview`, the
    counting rules passed over it twice) and the Pledges table's rows."""
    steps = {}
    t = time.perf_counter()
    views.overview(frame, filters.currency, filters.split)
    steps["overview"] = time.perf_counter() - t
    t = time.perf_counter()
    views.table_rows(frame, filters.currency, limit=5_000)  # as the Pledges page shows it
    steps["table"] = time.perf_counter() - t
    return steps


def first_render(store, filters: Filters, runs: int = 1):
    """What the app does for its first page: read every row from the store
    (once per version of the data), then filter in memory and count (the
    counting done `runs` times, the fastest kept: the machine may be busy)."""
    t = time.perf_counter()
    frame = load_pledges(store)
    loaded = time.perf_counter() - t
    events = _event_dates(frame)
    load = time.perf_counter() - t
    print(f"  reading the store: load_pledges {loaded:.3f} s, event_dates {load - loaded:.3f} s")
    rows = apply_filters(frame, filters, events)
    steps = min((overview_data(rows, filters) for _ in range(runs)), key=lambda s: sum(s.values()))
    return (frame, events), (len(rows), load, steps)


def filter_change(loaded, filters: Filters, runs: int = 1):
    """A filter change: the cached rows filtered in memory, then counted; the
    fastest of `runs` tries."""
    frame, events = loaded
    tries = []
    for _ in range(runs):
        t = time.perf_counter()
        rows = apply_filters(frame, filters, events)
        took = time.perf_counter() - t
        steps = overview_data(rows, filters)
        tries.append((len(rows), took, steps))
    return min(tries, key=lambda r: r[1] + sum(r[2].values()))


def store_query(store, filters: Filters) -> float:
    t = time.perf_counter()
    load_pledges(store, **filters.store_args())
    return time.perf_counter() - t


def report(label: str, rows: int, load: float, steps: dict) -> float:
    total = load + sum(steps.values())
    detail = ", ".join(f"{k} {v:.3f}" for k, v in steps.items())
    print(f"{label:<44} {rows:>7,} rows  rows {load:.3f} s + views {sum(steps.values()):.3f} s = {total:.3f} s"
          f"   ({detail})")
    return total


# Where a visit's time goes, read from the page once its first chart is drawn:
# the page's own load, the first script message, the plotly bundle's arrival
# (Streamlit's full one, or the light one the chart frames load: the first to ask
# for it may be the page's preloading frame), and in the chart's frame (fast charts)
# when it was created, its bundle had run and its chart was drawn (its marks).
_PHASES_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const entries = [...performance.getEntriesByType('resource')];
  const out = {};
  for (const frame of document.querySelectorAll('iframe')) {
    try {  // a frame's own timings, moved onto the page's clock
      const shift = frame.contentWindow.performance.timeOrigin - performance.timeOrigin;
      for (const e of frame.contentWindow.performance.getEntriesByType('resource'))
        entries.push({name: e.name, requestStart: e.requestStart + shift, responseEnd: e.responseEnd + shift});
      const marks = Object.fromEntries(frame.contentWindow.performance.getEntriesByType('mark')
        .map(m => [m.name, (m.startTime + shift) / 1000]));
      if (marks['tracker-drawn'] !== undefined && (out.drawn === undefined || marks['tracker-drawn'] < out.drawn))
        Object.assign(out, {frame: shift / 1000, bundle_ran: marks['tracker-bundle'], drawn: marks['tracker-drawn']});
    } catch (e) {}
  }
  entries.sort((a, b) => a.requestStart - b.requestStart);
  const plotly = entries.find(e => e.name.includes('/PlotlyChart') || e.name.includes('plotly-basic'));
  return Object.assign(out, {loaded: nav ? nav.loadEventEnd / 1000 : null,
          plotly_requested: plotly ? plotly.requestStart / 1000 : null,
          plotly_fetched: plotly ? plotly.responseEnd / 1000 : null});
}"""
FIRST_CHART = ".js-plotly-plot .barlayer .point path"  # a bar actually drawn by plotly
CHART_FRAME = "iframe[srcdoc*='tracker-chart']"  # a chart's frame (not the frame preloading the bundle)
# In every frame, the moment (ms since the epoch) a bar is first on screen: seen by a
# MutationObserver as plotly adds it, taken at the next animation frame. Playwright's own
# wait polls every 0.5 s after the first few tries, too coarse to time the chart by.
_BARS_SEEN = """(() => {
  const look = () => {
    if (window.trackerBarsSeen || !document.querySelector(BARS)) return;
    watch.disconnect();
    requestAnimationFrame(() => { window.trackerBarsSeen = performance.timeOrigin + performance.now(); });
  };
  const watch = new MutationObserver(look);
  watch.observe(document, {subtree: true, childList: true});
})()""".replace("BARS", json.dumps(FIRST_CHART))
VIEWPORT = {"width": 1400, "height": 1600}
RENDERERS = ("plotly", "fast")  # TRACKER_CHARTS: st.plotly_chart, or the light bundle in a frame


def _bars_seen(page) -> float | None:
    """When a bar was first on screen in any frame of the page (epoch seconds)."""
    for _ in range(50):
        seen = [v for frame in page.frames if (v := frame.evaluate("() => window.trackerBarsSeen || null"))]
        if seen:
            return min(seen) / 1000
        time.sleep(0.02)
    return None


def _visit(context, url: str, renderer: str) -> dict:
    """One visit in a browser context (a profile): seconds from the request to
    the first chart on screen (drawn by st.plotly_chart on the page, or by the light
    bundle in its frame), and its phases; `noticed` is when Playwright's wait saw it."""
    page = context.new_page()
    page.add_init_script(_BARS_SEEN)
    messages = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda _: messages.append(time.perf_counter())))
    drawn = (page if renderer == "plotly" else page.frame_locator(CHART_FRAME).first).locator(FIRST_CHART).first
    t, since = time.perf_counter(), time.time()
    page.goto(url)
    drawn.wait_for(timeout=120_000)
    noticed = time.perf_counter() - t
    seen = _bars_seen(page)
    phases = page.evaluate(_PHASES_JS)
    phases["first_message"] = messages[0] - t if messages else None
    phases["noticed"] = noticed
    phases["first_chart"] = seen - since if seen else noticed
    page.close()
    return phases


def browser_times(url: str, visits: int = 5, renderers=RENDERERS) -> dict[str, dict[str, list[dict]]]:
    """A real browser against the real app (`streamlit run dashboard.py`, as
    `make dashboard` starts it) reading the store at `url`, in Debian's chromium,
    one server per chart renderer (TRACKER_CHARTS), all running at once:

    - cold: the page requested as soon as each new server answers (its start-up
      read of the store may still be running), in a browser already open: "cold,
      nothing kept" when no earlier server kept the opening view for this data
      (TRACKER_CACHE_DIR, tracker.dashboard.kept), "cold, view kept" when one did;
    - first visits: `visits` more per renderer, each in a fresh browser profile
      (nothing cached), the renderers taking turns (the machine's load hits both alike);
    - return visits: `visits` more per renderer in one profile each (the app's
      scripts cached by the browser), taking turns likewise.
    """
    import os
    import socket

    sys.path[:0] = [str(ROOT / "tests" / "dashboard"), str(ROOT / "tests")]  # the browser test and its conftest
    from test_browser import CHROMIUM, open_browser, start_dashboard  # noqa: E402

    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        print(f"browser: no chromium at {CHROMIUM}; skipped")
        return {}
    from tracker.dashboard import kept

    cold = "cold, view kept" if kept.cache_dir().exists() and any(kept.cache_dir().iterdir()) else \
        "cold, nothing kept"
    out = {r: {cold: [], "first visits": [], "return visits": []} for r in renderers}
    procs = []
    with sync_playwright() as p:
        browser = open_browser(p)
        browser.new_page().close()  # the browser itself started before the clock runs

        def fresh(renderer) -> dict:
            profile = browser.new_context(viewport=VIEWPORT)
            try:
                return _visit(profile, urls[renderer], renderer)
            finally:
                profile.close()

        urls = {}
        try:
            for renderer in renderers:
                with socket.socket() as s:
                    s.bind(("127.0.0.1", 0))
                    port = s.getsockname()[1]
                log = Path(tempfile.mkdtemp()) / "streamlit.log"
                procs.append(start_dashboard(url, port, log, charts=renderer))
                urls[renderer] = f"http://127.0.0.1:{port}/"
                out[renderer][cold].append(fresh(renderer))
            for _ in range(visits):
                for renderer in renderers:
                    out[renderer]["first visits"].append(fresh(renderer))
            profiles = {r: browser.new_context(viewport=VIEWPORT) for r in renderers}
            for renderer in renderers:
                _visit(profiles[renderer], urls[renderer], renderer)  # fills the browser's cache
            for _ in range(visits):
                for renderer in renderers:
                    out[renderer]["return visits"].append(_visit(profiles[renderer], urls[renderer], renderer))
            for profile in profiles.values():
                profile.close()
            deadline = time.monotonic() + 120  # the servers' start-up readers keep the view for the next
            while not any(kept.cache_dir().glob("opening-*")) and time.monotonic() < deadline:
                time.sleep(1)
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(timeout=10)
            browser.close()
    return out


def report_visits(label: str, visits: list[dict]) -> None:
    """The median of each phase over visits, then every visit's total."""
    def median(key):
        values = [v[key] for v in visits if v.get(key) is not None]
        return f"{statistics.median(values):.2f}" if values else "–"

    print(f"  {label:<22} first chart {median('first_chart')} s (median of {len(visits)}: "
          + ", ".join(f"{v['first_chart']:.2f}" for v in visits) + ")"
          f"; page loaded {median('loaded')}, first message {median('first_message')}, plotly bundle "
          f"asked {median('plotly_requested')} and fetched {median('plotly_fetched')}"
          + (f", chart frame {median('frame')}, its bundle run {median('bundle_ran')}, drawn {median('drawn')}"
             if any(v.get("drawn") for v in visits) else "")
          + f"; Playwright's wait noticed it at {median('noticed')} s")


def report_side_by_side(runs: dict[str, dict[str, list[dict]]]) -> None:
    """The renderers' medians of the first chart, one column each."""
    renderers = list(runs)
    print(f"  {'first chart, median (s)':<22} " + "  ".join(f"{r:>8}" for r in renderers))
    for kind in runs[renderers[0]]:
        cells = []
        for r in renderers:
            times = [v["first_chart"] for v in runs[r][kind]]
            cells.append(f"{statistics.median(times):>8.2f}" if times else f"{'–':>8}")
        print(f"  {kind + f' (n={len(runs[renderers[0]][kind])})':<22} " + "  ".join(cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pledges", type=int, default=100_000)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--runs", type=int, default=3, help="tries of each in-memory step; the fastest is shown")
    parser.add_argument("--db", help="a store to measure instead of a temporary one (sqlite:///PATH); "
                                     "filled with --pledges records when empty, so it can be kept between runs")
    parser.add_argument("--starts", type=int, default=1,
                        help="servers started one after another, each giving one cold time (the machine is noisy)")
    parser.add_argument("--visits", type=int, default=8,
                        help="timed visits of each kind per server start and renderer")
    parser.add_argument("--charts", choices=("both",) + RENDERERS, default="both",
                        help="how bar and line charts are drawn (TRACKER_CHARTS): st.plotly_chart ('plotly'), "
                             "the light bundle ('fast', the app's default), or both side by side")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        store = open_store(url)
        took = make_store(url, args.pledges) if count_pledges(store, include_rejected=True) == 0 else 0.0
        print(f"store: {count_pledges(store, include_rejected=True):,} pledges written in {took:.1f} s")
        print(f"(in-memory steps: the fastest of {args.runs} tries)")
        loaded, timings = first_render(store, Filters(), args.runs)
        first = report("first render (everything, EUR)", *timings)
        changes = [
            ("filter: donors GBR+NOR", Filters(donors=("GBR", "NOR"))),
            ("filter: military, since 2024-01-01, GBP", Filters(aid_types=("military",), since=date(2024, 1, 1),
                                                              currency="GBP")),
            ("filter: air defence, split by category", Filters(categories=("air_defence",), split="categories")),
            ("filter: one donor, one year", Filters(donors=("NOR",), since=date(2024, 1, 1),
                                                   until=date(2024, 12, 31))),
        ]
        worst = max(report(label, *filter_change(loaded, f, args.runs)) for label, f in changes)
        print("for comparison, the store's own filtered query (load_pledges): "
              + ", ".join(f"{store_query(store, f):.3f} s" for _, f in changes))
        store.close()
        print(f"data work: first render {first:.3f} s; slowest filter change {worst:.3f} s (target < 0.3 s)")
        if not args.no_browser:
            print("browser, request to first chart (target < 3 s); phases are medians, seconds from the request:")
            renderers = RENDERERS if args.charts == "both" else (args.charts,)
            import os

            # A folder of this run's own for the kept opening view: the first start finds nothing
            # kept, the next ones find what the first kept.
            os.environ["TRACKER_CACHE_DIR"] = tempfile.mkdtemp(prefix="kept-views-")
            starts = [browser_times(url, args.visits, renderers) for _ in range(args.starts)]
            if starts and starts[0]:
                kinds = list(dict.fromkeys(kind for run in starts for kind in run[renderers[0]]))
                runs = {r: {kind: [v for run in starts for v in run[r].get(kind, [])] for kind in kinds}
                        for r in renderers}
                for r in renderers:
                    print(f" charts drawn by {r} (TRACKER_CHARTS={r}):")
                    for kind, visits in runs[r].items():
                        report_visits(kind, visits)
                report_side_by_side(runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
