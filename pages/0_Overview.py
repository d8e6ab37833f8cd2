"""The Overview page: headline figures and donors for the sidebar's view, then
months, categories and the map in tabs (the page `streamlit run dashboard.py` opens on).

Layout only: data comes from `tracker.dashboard.views` over the store, widgets from `tracker.dashboard.ui`.
"""
import streamlit as st

from tracker.dashboard import cache, charts, ui
from tracker.dashboard.markdown import escape_markdown
from tracker.records.formatting import counted

BESIDE_ROWS = 50
st.set_page_config(page_title="Overview · Pledge tracker", page_icon="🇺🇦", layout="wide")
st.title("Pledges of support to Ukraine")
ui.chart_bundle_ui()  # the charts' plotly bundle fetched while the server counts

filters = ui.filters_ui(page_params=("split",))
caption = filters.describe()
st.caption(escape_markdown(caption))  # once for the page; each chart's PNG carries it too
ui.awaiting_ui(filters)

view = cache.overview_view(filters)
if view.rows == 0:
    ui.empty_ui(filters, store_is_empty=cache.data_version(cache.get_store())[1] == 0)
    st.stop()

currency = filters.currency
# The headline figures and the table beside go above the first chart, but are sent
# after it, so the browser starts drawing the chart first.
top = st.container()
# The split is already in `filters` (its widget's change lands before this run).
ui.split_ui(filters)
ui.fast_chart_ui(charts.donor_figure(view.donors, currency, filters.split, caption), "donors")
with top:
    st.markdown(f"**{view.sources}**", help="Every figure below adds up only the pledges of these reports, "
                "under the counting rules (Methodology). Compare sets each donor beside the Kiel "
                "Institute's figures as a share.")
    for column, metric in zip(st.columns(4), view.metrics):
        column.metric(metric.label, metric.value, help=metric.help)

    if not view.beside.empty:
        n = len(view.beside)
        with st.expander(f"Shown beside, never added in: {counted(n, 'meeting or running total')}",
                         expanded=True):
            st.dataframe(view.beside.head(BESIDE_ROWS), hide_index=True, width="stretch", key="beside",
                         column_config={
                             "amount": st.column_config.TextColumn(f"in {currency}"),
                             "stated": st.column_config.TextColumn("as stated"),
                             "quote": st.column_config.TextColumn("quote", width="large"),
                         })
            if n > BESIDE_ROWS:
                st.caption(f"The latest {BESIDE_ROWS} of {n:,}: the Pledges page lists them all (kind: aggregate, "
                           "cumulative).")

# The other charts in tabs, each drawn only when open (the first visit draws two
# charts, not four); the open tab is in the link (?chart=Map).
over_time, by_category, world = st.tabs(["Over time", "By category", "Map"], key="chart", bind="query-params")
if over_time.open:
    with over_time:
        ui.fast_chart_ui(charts.monthly_figure(view.months, currency, caption), "months", first=False)
if by_category.open:
    with by_category:
        ui.fast_chart_ui(charts.category_figure(view.categories, currency, caption), "categories", first=False)
if world.open:
    with world:
        ui.chart_ui(charts.map_figure(view.countries, currency, caption), "map",
                    "Groups (EU, NATO…) are in the donor bars, not on the map.")
