"""The Overview page: headline figures, donors, months, categories and the
map for the sidebar's view (the page `streamlit run dashboard.py` opens on).

Layout only: data comes from `tracker.views` over the store, widgets from `tracker.ui`.
"""
import streamlit as st

from tracker import charts, ui, views

st.set_page_config(page_title="Overview · Pledge tracker", page_icon="🇺🇦", layout="wide")
st.title("Pledges of support to Ukraine")

filters = ui.filters_ui(page_params=("split",))
frame = ui.load_view(filters)
caption = filters.describe()
st.caption(caption)

if frame.empty:
    ui.empty_ui(filters, store_is_empty=ui.data_version(ui.get_store())[1] == 0)
    st.stop()

currency = filters.currency
for column, metric in zip(st.columns(4), views.headline_metrics(frame, currency)):
    column.metric(metric.label, metric.value, help=metric.help)

beside = views.beside_rows(frame, currency)
if not beside.empty:
    with st.expander(f"Shown beside, never added in: {len(beside)} meeting or running "
                     f"total{'s' if len(beside) != 1 else ''}", expanded=True):
        st.dataframe(beside, hide_index=True, width="stretch", key="beside", column_config={
            "date": st.column_config.DateColumn("date", format="YYYY-MM-DD"),
            "amount": st.column_config.NumberColumn(currency, format="compact"),
            "quote": st.column_config.TextColumn("quote", width="large"),
        })

filters = ui.split_ui(filters)
ui.chart_ui(charts.donor_figure(views.donor_breakdown(frame, currency, filters.split), currency,
                                filters.split, caption), "donors", caption)
left, right = st.columns(2)
with left:
    ui.chart_ui(charts.monthly_figure(views.monthly_totals(frame, currency), currency, caption),
                "months", caption)
with right:
    ui.chart_ui(charts.category_figure(views.category_totals(frame, currency), currency, caption),
                "categories", caption)
ui.chart_ui(charts.map_figure(views.map_rows(frame, currency), currency, caption), "map",
            caption + " Groups (EU, NATO…) are in the donor bars, not on the map.")
