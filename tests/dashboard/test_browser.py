"""The one real-browser test: Debian's chromium, driven by Playwright, opens
the running dashboard (a temporary store seeded from seeds/), filters by a
country in the sidebar, checks the charts, the map and the table, downloads the
CSV and checks its rows, and saves screenshots under tests/artifacts/.

Every request that leaves the machine is refused, so the page must render offline; a store and
a search holding Markdown links and images show them as text, and the page asks for nothing outside.
"""
from __future__ import annotations

import csv
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHART_FRAMES = "iframe[srcdoc*='tracker-chart']"  # the charts' frames (the page's first only preloads)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


def _need_browser():
    why = None
    if not os.access(CHROMIUM, os.X_OK):
        why = f"no chromium at {CHROMIUM} (Debian: apt-get install chromium; .ci/run installs it)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            why = "the playwright package is not installed (requirements-dev.txt)"
    if why and os.environ.get("TRACKER_REQUIRE_BROWSER") == "1":
        pytest.fail(f"TRACKER_REQUIRE_BROWSER=1 but {why}")
    if why:
        pytest.skip(why)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_dashboard(db_url: str, port: int, log: Path, charts: str | None = None) -> subprocess.Popen:
    """`streamlit run dashboard.py` on loopback, reading the store at `db_url`
    (and drawing bar and line charts as TRACKER_CHARTS=`charts` says, when given);
    returns once the server answers its health check."""
    env = dict(os.environ, TRACKER_DB=db_url, **({"TRACKER_CHARTS": charts} if charts else {}))
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("streamlit did not answer within 60 s")


def open_browser(playwright):
    """Debian's chromium (never a downloaded browser), refusing the internet."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def offline(page, refused: list) -> None:
    """Let the page reach the app on loopback only; note anything else it asks for."""
    def route(r):
        if r.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    page.route("**/*", route)


def wait_until_idle(page) -> None:
    """Until the app has finished its run (Streamlit's "Running…" status is gone)."""
    from playwright.sync_api import expect

    expect(page.locator("[data-testid='stStatusWidget']")).to_have_count(0, timeout=30_000)


def download_from(page, button: str):
    """Press a download button once the app is idle; a press that lands while
    the page is still rerunning is pressed again, once."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in (1, 2):
        wait_until_idle(page)
        try:
            with page.expect_download(timeout=15_000) as pending:
                page.get_by_role("button", name=button).click()
            return pending.value
        except PlaywrightTimeout:
            if attempt == 2:
                raise


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    _need_browser()
    tmp = tmp_path_factory.mktemp("browser")
    db_url = f"sqlite:///{tmp / 'tracker.db'}"
    seeded = subprocess.run([sys.executable, "-m", "tracker", "ingest", "--db", db_url, "seeds/"], cwd=ROOT,
                            capture_output=True, text=True)
    assert seeded.returncode == 0, seeded.stderr
    port = _free_port()
    proc = start_dashboard(db_url, port, tmp / "streamlit.log")
    yield f"http://127.0.0.1:{port}", db_url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_filter_by_a_country_then_check_charts_table_and_download(dashboard, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    from tracker.dashboard.views import donor_breakdown
    from tracker.store.query import load_pledges
    from tracker.store.schema import open_store

    base, db_url = dashboard
    store = open_store(db_url)
    chosen = load_pledges(store, donors=["GBR"])
    store.close()
    expected_ids = sorted(chosen["id"])
    bars = sorted(donor_breakdown(chosen, "EUR")["name"].unique())
    assert (len(expected_ids) >= 2, "United Kingdom" in bars) == (True, True)  # the seed: budget, joint package
    ARTIFACTS.mkdir(exist_ok=True)
    refused: list[str] = []
    with sync_playwright() as p:
        browser = open_browser(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1800}, accept_downloads=True)
        offline(page, refused)
        page.goto(base + "/")
        # The bar and line charts are drawn by the light plotly bundle, each in a frame of its own.
        # (The page's first frame only preloads that bundle.)
        frames = page.locator(CHART_FRAMES)
        expect(frames).to_have_count(2, timeout=30_000)
        expect(page.locator("iframe").first).to_have_attribute("srcdoc", re.compile("rel=\"preload\""))
        donors_chart = page.frame_locator(CHART_FRAMES).first.locator(".js-plotly-plot")
        months_chart = page.frame_locator(CHART_FRAMES).nth(1).locator(".js-plotly-plot")
        expect(donors_chart.locator(".barlayer .point path").first).to_be_visible(timeout=30_000)
        expect(months_chart.locator(".scatterlayer .trace path.js-line")).to_have_count(1, timeout=30_000)
        assert page.locator(".js-plotly-plot").count() == 0  # no st.plotly_chart, so no full plotly bundle

        # The toolbar's camera saves the chart as a PNG named after it.
        donors_chart.hover()
        with page.expect_download(timeout=15_000) as png:
            donors_chart.locator(".modebar-btn[data-title='Download plot as a PNG']").click()
        image = png.value.path().read_bytes()
        # The PNG is taller than the chart on the page (at scale 2): it carries the view's caption,
        # which the page says once above its charts.
        height = int.from_bytes(image[20:24], "big")
        frame = page.locator(CHART_FRAMES).first.bounding_box()["height"]
        assert (png.value.suggested_filename, image[:8], height > 2 * frame) == (
            "pledges-donors.png", b"\x89PNG\r\n\x1a\n", True)

        # Filter by a country from the sidebar: type its name into the donor box.
        sidebar = page.locator("[data-testid='stSidebar']")
        box = sidebar.get_by_role("combobox", name="Donors")
        box.click()
        box.type("United K")
        page.get_by_role("option", name="United Kingdom (GBR)").click()
        page.keyboard.press("Escape")
        page.wait_for_url("**donors=GBR**", timeout=15_000)
        expect(page.get_by_text("Pledges by United Kingdom (joint pledges included)").first).to_be_visible(
            timeout=15_000)

        # The charts: a bar for each donor of the chosen pledges (a joint package brings its partner),
        # and, in its tab (kept in the link), the map drawn from the app's own outlines.
        for name in bars:
            expect(donors_chart.get_by_text(name, exact=True)).to_have_count(1, timeout=15_000)
        page.get_by_role("tab", name="Map").click()
        page.wait_for_url("**chart=Map**", timeout=15_000)
        expect(page.locator(".choroplethlocation").first).to_be_attached(timeout=15_000)
        page.wait_for_timeout(1000)
        page.screenshot(path=str(ARTIFACTS / "browser-overview-gbr.png"), full_page=True)

        # The table keeps the filter; its caption counts the rows.
        page.locator("[data-testid='stSidebarNav'] a", has_text="Pledges").click()
        page.wait_for_url("**/Pledges?**donors=GBR**", timeout=15_000)
        expect(page.get_by_text(f"{len(expected_ids):,} pledges. Select a row")).to_be_visible(timeout=15_000)
        expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible()
        page.wait_for_timeout(1000)
        page.screenshot(path=str(ARTIFACTS / "browser-pledges-gbr.png"), full_page=True)

        download = download_from(page, f"Download these {len(expected_ids):,} rows (CSV)")
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        browser.close()

    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert (download.suggested_filename, sorted(r["id"] for r in rows),
            all("GBR" in r["donors"].split(";") for r in rows), refused) == \
        ("pledges-view.csv", expected_ids, True, [])


# -- text from outside stays text ------------------------------------------

LURE = "[Official figures](https://phish.example/q) ![p](https://tracker.example/p.png)"
LOOPBACK = ("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def hostile_dashboard(tmp_path_factory):
    """The dashboard over a store whose one article came with a sidecar naming its outlet and
    title with a Markdown link and image, and whose text (so its pledge's quote) ends in them."""
    import json

    _need_browser()
    tmp = tmp_path_factory.mktemp("hostile")
    folder = tmp / "articles"
    folder.mkdir()
    (folder / "berlin.txt").write_text("Germany will provide €1.2 billion in budget support to Ukraine, the finance "
                                       f"ministry said. {LURE}\n", encoding="utf-8")
    (folder / "berlin.json").write_text(json.dumps({"published": "2025-06-02", "url": "https://news.example/berlin",
                                                    "title": LURE, "outlet": LURE}), encoding="utf-8")
    db_url = f"sqlite:///{tmp / 'tracker.db'}"
    seeded = subprocess.run([sys.executable, "-m", "tracker", "ingest", "--db", db_url, str(folder)], cwd=ROOT,
                            capture_output=True, text=True)
    assert seeded.returncode == 0, seeded.stderr
    port = _free_port()
    proc = start_dashboard(db_url, port, tmp / "streamlit.log")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def review_dashboard(tmp_path_factory):
    """The dashboard over a store with records awaiting review (see test_review_page)."""
    _need_browser()
    from conftest import gold_records
    from test_review_page import build_review_store

    tmp = tmp_path_factory.mktemp("review")
    db_url = f"sqlite:///{tmp / 'tracker.db'}"
    build_review_store(db_url, gold_records).close()
    port = _free_port()
    proc = start_dashboard(db_url, port, tmp / "streamlit.log")
    yield f"http://127.0.0.1:{port}", db_url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_a_stored_outlet_and_title_and_a_search_holding_links_stay_text_and_nothing_leaves(hostile_dashboard):
    from urllib.parse import quote

    from playwright.sync_api import expect, sync_playwright

    requested: list[str] = []
    refused: list[str] = []
    with sync_playwright() as p:
        browser = open_browser(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1400})
        page.on("request", lambda r: requested.append(r.url))  # every frame's requests, the charts' too
        offline(page, refused)
        page.goto(f"{hostile_dashboard}/Pledges?search={quote(LURE)}")
        # The search finds the pledge by its quote and is echoed in the caption, as text
        caption = page.get_by_text("Pledges matching").first
        expect(caption).to_be_visible(timeout=30_000)
        echoed = LURE in caption.inner_text().replace("\u2060", "")  # (word joiners keep addresses text)
        links = page.locator("a[href*='phish.example'], img[src*='tracker.example']").count()
        # Open the pledge: its source's button names the stored outlet and title
        table = page.locator("[data-testid='stDataFrame']").first
        expect(table).to_be_visible(timeout=15_000)
        wait_until_idle(page)
        box = table.bounding_box()
        page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the first row's selection box
        source = page.locator("[data-testid='stLinkButton'] a").first
        expect(source).to_be_visible(timeout=15_000)
        named = (source.get_attribute("href"), source.inner_text().replace("\u2060", "").endswith(
            f"\n{LURE} · {LURE} · 2025-06-02"))  # after its icon's name
        links += page.locator("a[href*='phish.example'], img[src*='tracker.example']").count()
        page.screenshot(path=str(ARTIFACTS / "browser-hostile-pledges.png"), full_page=True)
        # The overview echoes the search too (the view follows the user), charts and all
        page.goto(f"{hostile_dashboard}/?search={quote(LURE)}")
        expect(page.locator(CHART_FRAMES)).to_have_count(2, timeout=30_000)
        wait_until_idle(page)
        page.wait_for_timeout(1000)
        links += sum(f.locator("a[href*='phish.example'], img[src*='tracker.example']").count() for f in page.frames)
        browser.close()
    outside = [u for u in requested if not u.startswith(LOOPBACK)]
    assert (outside, refused, links, echoed, named) == ([], [], 0, True, ("https://news.example/berlin", True))


def test_walk_the_review_queue_and_watch_the_overview(review_dashboard):
    """A low-confidence record confirmed, one edited (the history keeps the old value), one rejected
    (the total drops by its amount), a conflict resolved by merging; the Overview follows each step."""
    from playwright.sync_api import expect, sync_playwright

    from test_review_page import expected_total
    from tracker.store.query import load_pledges
    from tracker.store.review import load_history
    from tracker.store.schema import open_store

    base, db_url = review_dashboard
    with open_store(db_url) as store:
        frame = load_pledges(store)
    ids = {(tuple(ds), amount): pid for ds, amount, pid in zip(frame["donors"], frame["amount"], frame["id"])}
    deu, fra, pol = ids[(("DEU",), 1.2e9)], ids[(("FRA",), 2e9)], ids[(("POL",), 3e9)]
    small, large = ids[(("NLD",), 5e8)], ids[(("NLD",), 7e8)]
    ARTIFACTS.mkdir(exist_ok=True)
    refused: list[str] = []
    with sync_playwright() as p:
        browser = open_browser(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        offline(page, refused)

        def total() -> str:
            page.goto(base + "/")
            wait_until_idle(page)
            value = page.locator("[data-testid='stMetricValue']").first
            expect(value).to_be_visible(timeout=30_000)
            return value.inner_text().strip()

        def expect_total(expected: str) -> None:
            # A fresh load of the Overview: the server may still be swapping in the new version of the
            # data when the first one lands, so a few loads are allowed; the figure must come right.
            deadline = time.monotonic() + 30
            while (shown := total()) != expected and time.monotonic() < deadline:
                page.wait_for_timeout(500)
            assert shown == expected, (shown, expected)

        def item(pid: str) -> None:
            page.goto(f"{base}/Review?pledge={pid}")
            wait_until_idle(page)
            expect(page.get_by_text(f"Pledge {pid} · version")).to_be_visible(timeout=30_000)

        def press(name: str) -> None:
            page.get_by_role("button", name=name, exact=True).click()
            wait_until_idle(page)

        expect_total(expected_total(3e9, 5e8))
        expect(page.get_by_text("2 records await review, €3.2bn in packages and budgets")).to_be_visible()

        item(deu)  # below the bar: confirmed, it counts
        expect(page.locator("mark", has_text="Germany gives €1.2 billion.")).to_be_visible()
        press("Confirm")
        expect(page.get_by_text(f"Confirmed pledge {deu}.")).to_be_visible(timeout=15_000)
        expect_total(expected_total(1.2e9, 3e9, 5e8))

        item(fra)  # edited: the history keeps the old amount
        page.get_by_text("Edit the fields").click()
        amount = page.get_by_label("Amount")
        amount.fill("2500000000")
        amount.press("Tab")
        press("Save edits")
        expect(page.get_by_role("button", name="Undo: amount: 2,000,000,000 → 2,500,000,000; status: extracted → e")
               ).to_be_visible(timeout=15_000)
        page.screenshot(path=str(ARTIFACTS / "browser-review-edited.png"), full_page=True)
        expect_total(expected_total(1.2e9, 2.5e9, 3e9, 5e8))

        item(pol)  # rejected: the total drops by its €3bn
        press("Reject")
        expect_total(expected_total(1.2e9, 2.5e9, 5e8))

        item(large)  # the conflict, resolved by merging the other report in
        page.get_by_role("combobox", name="The same pledge, reported again").click()
        page.get_by_role("option", name=re.compile(small)).click()
        press("Merge into this one")
        expect(page.get_by_text(f"Merged into pledge {large}.")).to_be_visible(timeout=15_000)
        page.goto(base + "/Review")
        expect(page.get_by_text("Nothing awaits review.")).to_be_visible(timeout=30_000)
        expect_total(expected_total(1.2e9, 2.5e9, 7e8))
        page.screenshot(path=str(ARTIFACTS / "browser-review-overview-after.png"), full_page=True)
        browser.close()

    with open_store(db_url) as store:
        edits = [(h["before"], h["after"]) for h in load_history(store, fra) if h["what"] == "edit"]
    assert (edits, refused) == ([({"amount": 2e9, "status": "extracted"}, {"amount": 2.5e9, "status": "edited"})], [])
