"""Plotly figures for the dashboard, built from the small frames of
`tracker.dashboard.views`. The page says once what the view is; each figure
carries that caption for its PNG (`export_caption`), so an exported chart still
says what it shows. Amounts on axes and in hovers are `format_money`'s.

No counting and no Streamlit here: the numbers arrive already counted.
"""
from __future__ import annotations

import html
import json
import textwrap

import pandas as pd
import plotly.graph_objects as go

from tracker.records.formatting import label
from tracker.records.formatting import format_money, money_ticks
from tracker.records.pledge import AID_TYPES, CATEGORIES

# Where the browser finds the world's outlines: served by Streamlit from static/
# (server.enableStaticServing), relative to the page, so no map ever reaches a CDN.
TOPOJSON_URL = "app/static/topojson/"
AID_TYPE_COLOURS = {"military": "#3b5b92", "financial": "#e0a526", "humanitarian": "#4c9f70",
                    "other": "#9e9e9e"}
CATEGORY_COLOURS = dict(zip(CATEGORIES, (
    "#1f77b4", "#ff7f0e", "#8c564b", "#2ca02c", "#17becf", "#003f5c",
    "#bcbd22", "#d62728", "#9467bd", "#e377c2", "#9e9e9e")))
# Split by category, money that is not military stands under its aid type.
CATEGORY_COLOURS.update({a: AID_TYPE_COLOURS[a] for a in ("financial", "humanitarian")})
_MONTH_MS = 0.8 * 30.4 * 24 * 3600 * 1000  # a bar's width on a date axis, in milliseconds
SPLIT_WORDS = {"aid_type": "aid type", "categories": "category"}
_FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=13)


def chart_config(name: str) -> dict:
    """The plotly.js configuration every chart is shown with: a PNG download in
    the toolbar named after the chart, and map outlines from the app itself."""
    return {"displaylogo": False, "topojsonURL": TOPOJSON_URL,
            "toImageButtonOptions": {"format": "png", "filename": f"pledges-{name}", "scale": 2},
            "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


# Streamlit's own look for plotly charts (its light theme, as its st.plotly_chart
# resolves it), for the charts the page draws itself with plotly's bar/line-only
# bundle (`chart_html`); the figures' own colours and fonts still win.
STREAMLIT_LOOK = {"layout": {
    "font": {"color": "#808495"}, "paper_bgcolor": "#FFFFFF", "plot_bgcolor": "#FFFFFF",
    "title": {"font": {"family": "Source Sans Pro, Arial, sans-serif", "size": 16, "color": "#2F2D2B"}},
    "colorway": ["#0068c9", "#83c9ff", "#ff2b2b", "#ffabab", "#29b09d", "#7defa1", "#ff8700", "#ffd16a",
                 "#6d3fc0", "#d5dae5"],
    "hoverlabel": {"bgcolor": "#FFFFFF", "bordercolor": "#DCD8D4", "font": {"size": 12, "color": "#808495"}},
    "margin": {"pad": 8},
    **{axis: {"automargin": True, "showline": False, "zeroline": False, "ticks": "", "gridcolor": "#E6EAF1",
              "showgrid": axis == "yaxis",
              "tickfont": {"size": 12}, "title": {"font": {"size": 14}}} for axis in ("xaxis", "yaxis")},
}}
CHART_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<style>{fonts}html, body {{ margin: 0; padding: 0; background: #FFFFFF; overflow: hidden; }}
#chart {{ width: 100%; height: {height}px; }}</style>
{head}</head>
<body><div id="chart" class="tracker-chart" data-chart="{name}"></div>
<script type="application/json" id="figure">{figure}</script>
<script>
const spec = JSON.parse(document.getElementById("figure").textContent);
// The PNG carries the view's caption as a subtitle; the page shows it once, above its charts.
const png = (gd) => {{
  const subtitle = (spec.layout.meta || {{}}).export_caption || "";
  const extra = subtitle ? 16 * (subtitle.split("<br>").length + 1) : 0;
  const full = gd._fullLayout;
  const layout = Object.assign({{}}, gd.layout, {{
    title: Object.assign({{}}, gd.layout.title, {{subtitle: {{text: subtitle}}}}),
    margin: Object.assign({{}}, gd.layout.margin, {{t: full.margin.t + extra}}), height: full.height + extra}});
  return Plotly.downloadImage({{data: gd.data, layout: layout}},
    Object.assign({{}}, spec.config.toImageButtonOptions, {{width: full.width, height: full.height + extra}}));
}};
// Marks (tracker-bundle: the bundle has run, tracker-drawn: the chart is drawn) time the
// chart in the browser's performance entries (benchmarks/dashboard_bench.py reads them).
const draw = () => Plotly.newPlot("chart", spec.data, spec.layout, Object.assign({{}}, spec.config, {{
  modeBarButtonsToRemove: (spec.config.modeBarButtonsToRemove || []).concat(["toImage"]),
  modeBarButtonsToAdd: [{{name: "png", title: "Download plot as a PNG", icon: Plotly.Icons.camera, click: png}}]}}))
  .then(() => performance.mark("tracker-drawn"));
// Labels are measured as they are drawn: the page's font first (cached by then), a second at most.
const ready = () => (performance.mark("tracker-bundle"),
  Promise.race([document.fonts.load('13px "Source Sans Pro"'), new Promise(done => setTimeout(done, 1000))])
    .then(draw, draw));
{start}
</script></body></html>
"""
# A page's first chart loads its bundle at once; the others wait until it has been
# drawn and painted (the frames share one thread, so reading their bundles would delay
# it), two seconds at most. The frames share the page's origin (Streamlit's sandbox allows it).
_FIRST = """ready().then(() => requestAnimationFrame(() => requestAnimationFrame(() => {
  try { window.parent.trackerChartDrawn = true; } catch (e) {}
})));"""
_LATER = """let started = false;
const load = () => {
  if (started) return;
  started = true;
  const bundle = document.createElement("script");
  bundle.src = "{script}";
  bundle.onload = ready;
  document.head.appendChild(bundle);
};
const waited = Date.now();
const wait = () => {
  try { if (!window.parent.trackerChartDrawn && Date.now() - waited < 2000) return setTimeout(wait, 50); }
  catch (e) {}
  setTimeout(load, 100);  // the first chart painted before this one's bundle takes the thread
};
wait();"""


# A page with nothing to show that preloads a bundle into the browser's cache.
BUNDLE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="preload" href="{script}" as="script" fetchpriority="high"></head>
<body></body></html>
"""


def bundle_html(script: str) -> str:
    """A page that only fetches the plotly.js bundle at `script` (a URL), so
    that the chart frames sent after it find the bundle in the browser's cache.

    >>> '<link rel="preload" href="a.js?x=1&amp;y" as="script"' in bundle_html("a.js?x=1&y")
    True
    """
    return BUNDLE_PAGE.format(script=html.escape(script))


def figure_spec(figure: go.Figure, name: str) -> dict:
    """What plotly.js is handed for a figure: its data, its layout in
    Streamlit's look with the title in bold (as st.plotly_chart shows it), and
    `chart_config(name)`, responsive to the page's width."""
    spec = json.loads(figure.to_json())
    layout = spec["layout"]
    layout["template"] = STREAMLIT_LOOK
    title = layout.get("title", {})
    if title.get("text"):
        title["text"] = f"<b>{title['text']}</b>"
    return {"data": spec["data"], "layout": layout, "config": {**chart_config(name), "responsive": True}}


def chart_height(figure: go.Figure) -> int:
    """The height in pixels a figure is drawn at (its layout's, else plotly's 450)."""
    return int(figure.layout.height or 450)


def chart_html(figure: go.Figure, name: str, script: str, font: str | None = None, first: bool = True) -> str:
    """A page drawing `figure` with the plotly.js bundle at `script` (a URL),
    the figure as inert JSON (every `<` escaped, so no text in it is markup),
    and `font` (a URL of Source Sans) as the figures' font when given. A chart
    not `first` on its page loads the bundle once the first one is drawn.

    >>> page = chart_html(go.Figure(layout={"title": {"text": "</script><b>x"}}), "t", "plotly.js")
    >>> "</script><b>" in page, '<script src="plotly.js">' in page
    (False, True)
    """
    text = json.dumps(figure_spec(figure, name), separators=(",", ":")).replace("<", "\\u003c")
    fonts = "".join(f'@font-face {{ font-family: "{family}"; src: url("{html.escape(font)}") format("woff2"); '
                    'font-weight: 200 900; } ' for family in ("Source Sans Pro", "Source Sans")) if font else ""
    if first:
        head, start = f'<script src="{html.escape(script)}"></script>', _FIRST
    else:
        head, start = "", _LATER.replace("{script}", json.dumps(script).replace("<", "\\u003c")[1:-1])
    return CHART_PAGE.format(fonts=fonts, height=chart_height(figure), head=head, name=html.escape(name),
                             figure=text, start=start)


def _wrap(text: str, width: int = 90) -> str:
    """A caption broken into lines for a chart's subtitle (plotly does not wrap).

    >>> _wrap("one two three", 8)
    'one two<br>three'
    """
    return "<br>".join(textwrap.wrap(text, width)) if text else ""


def export_caption(figure: go.Figure) -> str:
    """The caption a figure's PNG carries as its subtitle (not shown on the page).

    >>> export_caption(monthly_figure(pd.DataFrame(), "EUR", "All pledges."))
    'All pledges.'
    """
    meta = figure.layout.meta
    return meta.get("export_caption", "").replace("<br>", " ") if isinstance(meta, dict) else ""


def _layout(fig: go.Figure, title: str, caption: str, height: int = 420) -> go.Figure:
    caption = html.escape(caption, quote=False)  # plotly reads tags in a subtitle: a search's <a href> stays text
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"}, meta={"export_caption": _wrap(caption)},
        font=_FONT, height=height, margin=dict(l=10, r=10, t=56, b=10),
        legend=dict(orientation="h", yanchor="top", y=-0.2, xanchor="left", x=0, title=None),
        separators=".,",
    )
    return fig


# An empty chart beside a non-empty table: its rows are meeting or running
# totals, parts of other pledges, or in a currency without a rate.
NOTHING_COUNTED = "Nothing to count in this view: see its rows in the Pledges table"


def _empty(fig: go.Figure, message: str = NOTHING_COUNTED) -> go.Figure:
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font=dict(size=16, color="#666"))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def donor_figure(data: pd.DataFrame, currency: str, split: str = "aid_type",
                 caption: str = "") -> go.Figure:
    """Horizontal bars per donor, stacked by aid type or category.

    `data` has columns donor, name, `split` value column `part`, amount; the
    biggest donor is on top. A joint package is under each donor it names.
    """
    fig = go.Figure()
    title = f"Pledged by donor ({currency}), by {SPLIT_WORDS.get(split, label(split))}"
    _layout(fig, title, caption, height=max(260, 150 + 34 * data["donor"].nunique()))
    if data.empty:
        return _empty(fig)
    order = (data.groupby("name", sort=False)["amount"].sum().sort_values().index.tolist())
    colours = AID_TYPE_COLOURS if split == "aid_type" else CATEGORY_COLOURS
    known = AID_TYPES if split == "aid_type" else CATEGORIES + ("financial", "humanitarian")
    parts = [p for p in known if p in set(data["part"])] + sorted(set(data["part"]) - set(known))
    for part in parts:
        rows = data[data["part"] == part]
        fig.add_bar(
            y=rows["name"], x=rows["amount"], orientation="h", name=label(part),
            marker_color=colours.get(part, "#9e9e9e"),
            customdata=[format_money(v, currency) for v in rows["amount"]],
            hovertemplate="%{y}<br>" + label(part) + ": %{customdata}<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=order, title=None)
    fig.update_xaxes(title=f"{currency}", **money_ticks(data.groupby("name")["amount"].sum().max(), currency))
    return fig


def monthly_figure(data: pd.DataFrame, currency: str, caption: str = "") -> go.Figure:
    """Monthly bars of what was pledged, with the running total as a line on
    its own axis. `data` has columns month (timestamp), amount, cumulative."""
    fig = go.Figure()
    _layout(fig, f"Pledged per month and in total ({currency})", caption)
    if data.empty:
        return _empty(fig)
    # Bars centred in their month and a month wide, however few months there are.
    middle = data["month"] + pd.Timedelta(days=15)
    fig.add_bar(x=middle, y=data["amount"], name="in the month", marker_color="#3b5b92",
                width=_MONTH_MS, customdata=[format_money(v, currency) for v in data["amount"]],
                hovertemplate="%{x|%b %Y}: %{customdata}<extra></extra>")
    fig.add_scatter(x=middle, y=data["cumulative"], name="running total", yaxis="y2",
                    mode="lines+markers", line=dict(color="#e0a526", width=3),
                    customdata=[format_money(v, currency) for v in data["cumulative"]],
                    hovertemplate="to end of %{x|%b %Y}: %{customdata}<extra></extra>")
    fig.update_layout(
        yaxis=dict(title="in the month", rangemode="tozero", **money_ticks(data["amount"].max(), currency)),
        yaxis2=dict(title="running total", overlaying="y", side="right", rangemode="tozero", showgrid=False,
                    **money_ticks(data["cumulative"].max(), currency)),
        xaxis=dict(dtick="M1" if len(data) <= 24 else None, tickformat="%b %Y", ticklabelmode="period"),
    )
    if len(data) < 6:  # a month or two would fill the whole width: leave room around them
        first, last = data["month"].min(), data["month"].max()
        fig.update_xaxes(range=[first - pd.DateOffset(months=2), last + pd.DateOffset(months=3)])
    return fig


def category_figure(data: pd.DataFrame, currency: str, caption: str = "") -> go.Figure:
    """What the money buys: horizontal bars per category. `data` has columns
    category, amount (a pledge for several categories is shared among them)."""
    fig = go.Figure()
    _layout(fig, f"By category ({currency})", caption, height=420)
    if data.empty:
        return _empty(fig)
    rows = data.sort_values("amount")
    fig.add_bar(y=[label(c) for c in rows["category"]], x=rows["amount"], orientation="h",
                marker_color=[CATEGORY_COLOURS.get(c, "#9e9e9e") for c in rows["category"]],
                customdata=[format_money(v, currency) for v in rows["amount"]],
                hovertemplate="%{y}: %{customdata}<extra></extra>", showlegend=False)
    fig.update_xaxes(title=currency, **money_ticks(rows["amount"].max(), currency))
    return fig


def map_figure(data: pd.DataFrame, currency: str, caption: str = "") -> go.Figure:
    """A world map of donor countries shaded by what they pledged. `data` has
    columns donor (ISO 3166-1 alpha-3), name, amount; groups such as the EU
    have no outline and are left to the bars."""
    fig = go.Figure()
    _layout(fig, f"Donor countries ({currency})", caption, height=460)
    fig.update_layout(margin=dict(l=0, r=0, t=80, b=0))
    fig.update_geos(projection_type="natural earth", showframe=False, showcoastlines=False,
                    showcountries=True, countrycolor="#bbb", showland=True, landcolor="#eee",
                    lataxis_range=[-58, 85])
    countries = data[data["donor"].str.len() == 3] if not data.empty else data
    if countries.empty:
        return _empty(fig, "No donor country to count in this view")
    fig.add_choropleth(
        locations=countries["donor"], z=countries["amount"], locationmode="ISO-3",
        text=countries["name"], customdata=[format_money(v, currency) for v in countries["amount"]],
        hovertemplate="%{text}: %{customdata}<extra></extra>", colorscale="Blues", zmin=0,
        marker_line_color="#fff", marker_line_width=0.5,
        colorbar=dict(title=currency, **money_ticks(countries["amount"].max(), currency)),
    )
    return fig
