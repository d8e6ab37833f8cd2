"""Methodology: the counting rules, the exchange-rate basis and its last date,
and the sources behind the pledges, in plain words.

Layout only: figures come from `tracker.records.fx` and `tracker.store`.
"""
import streamlit as st

from tracker.dashboard import cache
from tracker.records import fx
from tracker.records.formatting import counted
from tracker.records.pledge import review_bar
from tracker.store.query import load_sources

st.set_page_config(page_title="Methodology · Pledge tracker", page_icon="🇺🇦", layout="wide")
st.title("Methodology")

store = cache.get_store()
articles, pledges, _ = cache.data_version(store)
last_rate = fx.last_rate_date()
bar = review_bar()

st.markdown(f"""
### What a pledge is
A pledge is one amount of money that an article says a named donor gives to Ukraine. Each article is
read once; a pledge repeated in it (headline and body, or a quotation) is one record, and an amount
given twice in two currencies ("21 billion euros (£18.2 billion)") is one record in the currency
stated first. Counts of things (shells, drones), percentages, budgets for a donor's own defence and
estimates of damage are not pledges. Every record keeps the sentence that states it.

### Kinds, and how they are counted
- **package**: one new commitment by the named donor or donors.
- **budget**: a donor's envelope for a period ("£4.5bn this year").
- **aggregate**: a total across several donors at one moment (a contact-group meeting total).
- **cumulative**: a running total to date ("has provided $65bn since 2022").

Totals never count the same money twice. A donor's figure is built from its own packages and
budgets: for a year that has a budget, that year's packages are taken to be drawn from it, and the
year counts the larger of the budget and the sum of the packages. A part of a package is never added
to the whole. A joint package is shown under each donor it names and counted once in any total across
donors. Aggregates and running totals are shown **beside** the sums, never added in.

In the charts split by category, a package for several categories is shared equally among them, and
what a budget adds beyond its packages is shown under the budget's own category (usually *general*).

### Exchange rates
Amounts are stored as the article states them. For display they are converted to euros, US dollars
or pounds at the European Central Bank's reference rate of the day the pledge was announced (the
last published rate on or before that day). The bundled rates end on **{last_rate:%d %B %Y}**; later
pledges use that day's rate. A currency the ECB does not publish (the hryvnia, for one) is shown as
stated and left out of converted totals.

### The store
The store holds **{counted(articles, 'article')}** and **{counted(pledges, 'pledge')}**. The same pledge reported by several outlets is one record
with every report listed; rejected records are kept but left out of every view.

### Review before it counts
Every record the extractor makes carries its evidence (the rules that fired, with their words) and
a confidence from 0 to 1. A record below the review bar (**{bar:g}**) waits on the **Review** page
and is left out of the figures until a person confirms or corrects it; choose *awaiting review*
under Status in the sidebar to include such records. Reports of one pledge by several outlets are
merged when the currency and kind are the same, the amounts within 1 %, the dates within 7 days
and the donors fit (equal, one a subset of the other, or one side naming none); the merged record
takes the more specific donors, and goes to the Review page when the reports named different
donors. Every correction keeps the old value, who made it and when, and can be undone.
""")

st.subheader("Sources")
sources = load_sources(store)[["published", "outlet", "title", "url", "path", "pledges"]]
if sources.empty:
    st.info("No articles yet: add one on the **Add articles** page.", icon="📭")
else:
    st.dataframe(sources, hide_index=True, width="stretch", key="sources", column_config={
        "published": st.column_config.DateColumn("published", format="YYYY-MM-DD"),
        "title": st.column_config.TextColumn("title", width="medium"),
        "url": st.column_config.LinkColumn("address"),
        "path": st.column_config.TextColumn("file"),
        "pledges": st.column_config.NumberColumn("pledges"),
    })
