"""Add articles: paste text, upload .txt/.md/.html files or give a link; check
the records found (amounts highlighted in the escaped text), edit, confirm or
reject them, then save. Layout only: reading, extraction and saving are `tracker`'s."""
import streamlit as st

from tracker.dashboard import cache
from tracker.dashboard.draft import (article_key, article_name, highlight_html, make_draft, make_drafts,
                                     read_uploads, records_to_rows, rows_to_records)
from tracker.dashboard.markdown import escape_markdown
from tracker.errors import TrackerError
from tracker.pipeline import ingest_article
from tracker.reading.files import Article, find_metadata
from tracker.records.formatting import label
from tracker.records.pledge import AID_TYPES, CATEGORIES, KINDS, QUALIFIERS, review_bar

st.set_page_config(page_title="Add articles · Pledge tracker", page_icon="🇺🇦", layout="wide")
st.title("Add articles")
st.caption("Nothing is saved until you press Save under an article's records.")
drafts: list = st.session_state.setdefault("drafts", [])
held: list = st.session_state.setdefault("held", [])  # articles waiting for their date
if "add_saved" in st.session_state:
    st.success(escape_markdown(st.session_state.pop("add_saved")), icon="✅")

paste, upload, link = st.tabs(["Paste text", "Upload files", "From a link"])
with paste:
    st.text_area("Article text", key="add_text", height=200,
                 placeholder="Paste the article here: headline first, then the body.")
    st.text_input("Its address (optional)", key="add_url", placeholder="https://…")
with upload:
    st.file_uploader("Articles (.txt, .md, .html), each with its `<name>.json` if it has one",
                     type=["txt", "md", "html", "htm", "json"], accept_multiple_files=True, key="add_files",
                     help="A file's date comes from its sidecar .json (\"published\"), its page metadata, its "
                          "front matter or its dateline, else from the date box.")
with link:
    st.text_input("Address of a news page", key="add_link", placeholder="https://…")
st.date_input("Published on", key="add_published", value=None, format="YYYY-MM-DD",
              help="Used when an article carries no date of its own; 'on Friday' is read against it.")

if st.button("Find pledges", type="primary", key="add_find"):
    articles, problems = [], []
    if st.session_state.add_text.strip():
        try:
            articles.append(find_metadata(Article(text=st.session_state.add_text,
                                                  url=st.session_state.add_url.strip() or None)))
        except TrackerError as e:
            problems.append(f"the pasted text: {e}")
    read, unread = read_uploads([(f.name, f.getvalue()) for f in st.session_state.add_files or []])
    articles += read
    problems += unread
    if st.session_state.add_link.strip():
        try:
            try:
                from tracker.reading.fetch import fetch_article
            except ImportError:
                raise TrackerError("reading links is not available in this installation") from None
            articles.append(fetch_article(st.session_state.add_link.strip()))
        except TrackerError as e:
            problems.append(str(e))
    if not articles and not problems:
        st.warning("Paste an article, upload a file or give a link first.")
    new, undated, failed = make_drafts(articles, st.session_state.add_published)
    drafts.extend(new)
    held_keys = {article_key(a) for a in held}
    held.extend(a for a in undated if article_key(a) not in held_keys)
    for problem in problems + failed:
        st.error(f"{escape_markdown(problem)}. Not read.", icon="⚠️")

# An article without a date waits here with a date box of its own; the rest of its batch went on.
for j, article in enumerate(held):
    key = article_key(article)
    with st.container(border=True, key=f"held_{key}"):
        st.text(article_name(article))  # as text: a file's name or a page's title is no markup
        st.warning("This article has no publication date (no sidecar .json, page metadata, front matter or "
                   "dateline): give it here to read its pledges; 'on Friday' is read against it.", icon="📅")
        st.date_input("Published on", key=f"held_date_{key}", value=None, format="YYYY-MM-DD")
        find, drop = st.columns(2)
        if find.button("Find pledges", key=f"held_find_{key}", type="primary", width="stretch"):
            when = st.session_state[f"held_date_{key}"]
            if when is None:
                st.error("Give the date first.", icon="⚠️")
            else:
                try:
                    drafts.append(make_draft(article, when))
                except TrackerError as e:
                    st.error(f"{escape_markdown(e)}. Not read.", icon="⚠️")
                else:
                    held.pop(j)
                    st.rerun()
        if drop.button("Discard", key=f"held_discard_{key}", width="stretch"):
            held.pop(j)
            st.rerun()

for i, draft in enumerate(drafts):
    with st.container(border=True, key=f"draft_{draft.key}"):
        st.subheader(escape_markdown(draft.name))
        st.caption(escape_markdown(f"Published {draft.published:%d %B %Y}"
                                   + (f" · {draft.article.outlet}" if draft.article.outlet else "")
                                   + (f" · {draft.article.url}" if draft.article.url else "")))
        for warning in draft.article.warnings:
            st.warning(escape_markdown(warning))
        with st.expander("The article, amounts highlighted", expanded=True):
            st.html(highlight_html(draft.article.text, draft.records))
        if not draft.records:
            st.info("No pledges found in this article. Add one below if the text states one.")
        edited = st.data_editor(
            records_to_rows(draft.records), key=f"edit_{draft.key}", num_rows="dynamic", hide_index=True,
            width="stretch",
            column_config={
                "keep": st.column_config.SelectboxColumn("keep", options=["confirm", "reject"], required=True,
                                                         width=84),
                "donors": st.column_config.TextColumn("donors", help="Codes, ';'-separated: GBR;NOR, EU", width=80),
                "amount": st.column_config.NumberColumn("amount", min_value=0, format="localized", width=120),
                "currency": st.column_config.TextColumn("currency", width=84),
                "date": st.column_config.DateColumn("date", format="YYYY-MM-DD", width=100),
                "quote": st.column_config.TextColumn("quote", width=420),
                "qualifier": st.column_config.SelectboxColumn("qualifier", options=list(QUALIFIERS)),
                "kind": st.column_config.SelectboxColumn("kind", options=list(KINDS)),
                "aid_type": st.column_config.SelectboxColumn("aid type", options=list(AID_TYPES)),
                "categories": st.column_config.TextColumn(
                    "categories", help="';'-separated codes: " + ", ".join(f"{c} ({label(c)})" for c in CATEGORIES)),
                "confidence": st.column_config.NumberColumn(
                    "confidence", format="%.2f", disabled=True,
                    help=f"The extractor's, 0 to 1. Below {review_bar():g} a record waits on the Review page "
                         "unless you confirm it here."),
                "evidence": st.column_config.TextColumn("evidence", disabled=True, width="medium",
                                                        help="The rules that fired, with their words."),
            })
        save, discard = st.columns(2)
        if save.button("Save", key=f"save_{draft.key}", type="primary", width="stretch"):
            try:
                records, statuses = rows_to_records(edited, draft.records, draft.article.text)
                result = ingest_article(cache.get_store(), draft.article, published=draft.published,
                                        url=draft.article.url, pledges=records, statuses=statuses)
            except TrackerError as e:
                st.error(f"{escape_markdown(e)}. Nothing was saved.", icon="⚠️")
            else:
                cache.forget_cached_data()
                drafts.pop(i)
                st.session_state["add_saved"] = result.describe()
                st.rerun()
        if discard.button("Discard", key=f"discard_{draft.key}", width="stretch"):
            drafts.pop(i)
            st.rerun()
