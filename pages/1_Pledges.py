"""The Pledges table: every pledge in the sidebar's view with its quote and
sources, searchable and sortable, and CSV downloads of the view and of everything.

Layout only: rows from `tracker.dashboard.views`, CSV from `tracker.export`.
"""
import streamlit as st

from tracker import export
from tracker.dashboard import cache, ui, views
from tracker.dashboard.markdown import code_span, escape_markdown
from tracker.dashboard.filters import search_rows
from tracker.records.formatting import counted
from tracker.store.query import load_pledges

TABLE_ROWS = 5_000
st.set_page_config(page_title="Pledges · Pledge tracker", page_icon="🇺🇦", layout="wide")
st.title("Pledges")

filters = ui.filters_ui(page_params=("search",))
frame = cache.load_view(filters)
filters = ui.search_ui(filters)
shown = search_rows(frame, filters.search)
caption = filters.describe()
st.caption(escape_markdown(caption))

store = cache.get_store()
left, right = st.columns(2)
left.download_button(f"Download {'this' if len(shown) == 1 else 'these'} {counted(len(shown), 'row')} (CSV)", data=lambda rows=shown: export.to_csv(rows),
                     file_name="pledges-view.csv", mime="text/csv", key="download_view",
                     disabled=shown.empty, icon=":material/download:", width="stretch")
right.download_button("Download everything (CSV)", data=lambda: export.to_csv(load_pledges(store)),
                      file_name="pledges-all.csv", mime="text/csv", key="download_all",
                      icon=":material/download:", width="stretch")

if shown.empty:
    ui.empty_ui(filters, store_is_empty=cache.data_version(store)[1] == 0)
    st.stop()

currency = filters.currency
rows = views.table_rows(shown, currency, limit=TABLE_ROWS)
# What a reviewer reads first fits a 1400 px window beside the sidebar: when,
# who, how much, the quote and its source; the record's codes follow.
event = st.dataframe(
    rows, hide_index=True, width="stretch", key="table", on_select="rerun", selection_mode="single-row",
    column_order=[c for c in rows.columns if c != "id"],
    column_config={
        "date": st.column_config.TextColumn("date", width=88),
        "donors": st.column_config.TextColumn("donors", width=120),
        "stated": st.column_config.TextColumn("as stated", width=88),
        currency: st.column_config.TextColumn(f"in {currency}", width=72,
                                              help="At the ECB rate of the announcement date."),
        "quote": st.column_config.TextColumn("quote", width=430),
        "source": st.column_config.LinkColumn("source", width=130, display_text=r"https?://(?:www\.)?([^/]+)"),
        "reports": st.column_config.NumberColumn("reports", help="Articles that report this pledge."),
        "aid_type": st.column_config.TextColumn("aid type"),
        "confidence": st.column_config.NumberColumn("confidence", format="%.2f",
                                                    help="The extractor's, 0 to 1; empty when a person typed it."),
    },
)
st.caption((counted(len(rows), "pledge") if len(rows) == len(shown) else
            f"The newest {len(rows):,} of {counted(len(shown), 'pledge')} (narrow the filters to see others; the "
            "download holds them all)") + ". Select a row to read its quote and every source.")

selected = event.selection.rows if event else []
if selected:
    detail = views.pledge_detail(views.find_pledge(shown, rows.loc[selected[0], "id"]), currency)
    with st.container(border=True):
        st.subheader(escape_markdown(detail["title"]))
        st.text(detail["quote"])
        st.caption(escape_markdown(detail["converted"]))
        st.caption(escape_markdown(detail["review"]))
        if detail["evidence"]:
            st.markdown("Evidence: " + ", ".join(code_span(line) for line in detail["evidence"]))  # inert
        for source in detail["sources"]:
            if source["url"]:
                st.link_button(escape_markdown(source["label"]), source["url"], icon=":material/open_in_new:")
            else:
                st.text(source["text"])
