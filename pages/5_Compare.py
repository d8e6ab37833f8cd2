"""Compare: our tracked pledges beside the Kiel Institute's Ukraine Support
Tracker, by donor, by month, as a share of GDP, and the EU members' shares apart.

Layout only: the release from `tracker.dashboard.reference`, the comparison from `tracker.dashboard.compare`.
"""
from dataclasses import replace

import streamlit as st

from tracker.counting.totals import total_across_donors, totals_by_donor
from tracker.dashboard import cache, compare, ui, views
from tracker.dashboard.markdown import escape_markdown
from tracker.dashboard.reference import load_reference, reference_folder
from tracker.errors import TrackerError
from tracker.records.formatting import format_money

st.set_page_config(page_title="Compare · Pledge tracker", page_icon="🇺🇦", layout="wide")
st.title("Compare with the Kiel Institute's Ukraine Support Tracker")


@st.cache_resource(show_spinner="Loading the reference series…")
def _reference(folder: str):
    return load_reference(folder)


filters = ui.filters_ui()
try:
    reference = _reference(str(reference_folder()))
except TrackerError as error:
    st.error(f"The reference series cannot be shown: {escape_markdown(error)}")
    st.stop()
release = reference.release
view = dict(donors=filters.donors, since=filters.since, until=filters.until, aid_types=filters.aid_types)
caption = replace(filters, currency="EUR").describe()
st.caption(escape_markdown(f"{caption} Beside them: {release.label}, allocations and commitments in euros."))

frame = cache.load_view(filters)
st.markdown(f"**{views.sources_line(frame)}** {compare.COVERAGE_NOTE}")
by_donor = compare.compare_by_donor(totals_by_donor(frame, "EUR"), reference, **view,
                                    reports=compare.reports_by_donor(frame))
by_month = compare.compare_by_month(views.monthly_totals(frame, "EUR"), reference, **view)
kiel = compare.kiel_totals(reference, **view)

left, middle, right = st.columns(3)
left.metric("Tracked pledges", format_money(total_across_donors(frame, "EUR"), "EUR"),
            help="Packages and budgets under the counting rules; a joint package once.")
middle.metric("Kiel allocations", format_money(kiel["allocations"], "EUR"),
              help="Aid earmarked for a concrete purpose: Kiel's headline measure.")
right.metric("Kiel commitments", format_money(kiel["commitments"], "EUR"),
             help="Promises: allocations plus what is still to be allocated.")

if frame.empty:
    st.info("No tracked pledges in this view: Kiel's figures are shown alone.", icon="🔎")
notes = compare.kiel_caveats(filters.aid_types, filters.kinds, filters.categories, filters.currency)
for note in notes + compare.coverage_notes(reference, **view):
    st.caption(f"ℹ️ {escape_markdown(note)}")

by_donor_tab, by_month_tab, gdp_tab, eu_tab = st.tabs(
    ["By donor", "By month", "Share of GDP", "EU members' shares of EU aid"])
with by_donor_tab:
    ui.chart_ui(compare.donor_comparison_figure(by_donor, release, caption), "compare-donors",
                "Kiel's allocations: aid earmarked for a concrete purpose, its headline measure. "
                "Commitments: promises, allocated or not yet.")
    donors_table = compare.table_rows(by_donor.drop(columns=["ours_pct_gdp", "kiel_pct_gdp", "gdp"]))
    st.dataframe(donors_table, hide_index=True, width="stretch", key="compare_donors", column_config={
        c: st.column_config.NumberColumn(c, format=f) for c, f in compare.table_formats(donors_table).items()})
    st.caption("A joint pledge is under each of its donors: the rows are not to be added up.")
with by_month_tab:
    ui.chart_ui(compare.monthly_comparison_figure(by_month, release, caption), "compare-months",
                "Ours by announcement month (a budget's amount beyond its packages in its first "
                "month); Kiel's by the month it books. Monthly values can be negative: corrections.")
    months_table = compare.table_rows(by_month)
    st.dataframe(months_table, hide_index=True, width="stretch", key="compare_months",
                 column_config={"Month": st.column_config.DateColumn("Month", format="MMM YYYY")} | {
                     c: st.column_config.NumberColumn(c, format=f)
                     for c, f in compare.table_formats(months_table).items()})
with gdp_tab:
    ui.chart_ui(compare.gdp_share_figure(by_donor, release, caption), "compare-gdp",
                "GDP of 2021 as Kiel gives it (none for the EU).")
    gdp_table = compare.table_rows(by_donor[["donor", "name", "gdp", "ours_pct_gdp", "kiel_pct_gdp"]]
                                   .dropna(subset=["gdp"]))
    st.dataframe(gdp_table, hide_index=True, width="stretch", key="compare_gdp", column_config={
        c: st.column_config.NumberColumn(c, format=f) for c, f in compare.table_formats(gdp_table).items()})
with eu_tab:
    shares = compare.eu_shares(reference, filters.donors)
    st.caption("It is the EU's money, already counted under the EU: shown apart, never added to "
               "the member's bilateral aid.")
    ui.chart_ui(compare.eu_shares_figure(shares, release, compare.EU_SHARES_CAPTION),
                "compare-eu-shares",
                "Each member's share of the EU institutions' aid, as Kiel attributes it.")
    shares_table = compare.table_rows(shares)
    st.dataframe(shares_table, hide_index=True, width="stretch", key="compare_eu", column_config={
        c: st.column_config.NumberColumn(c, format=f) for c, f in compare.table_formats(shares_table).items()})

st.caption(f"{release.attribution}, published {release.date:%d %B %Y}. Files and their source note: "
           f"`data/reference/{reference.folder.name}/`.")
