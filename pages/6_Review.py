"""Review: the records that wait for a person (below the review bar, in conflict,
or merged from reports that differ), each with its quote highlighted in its
article, its evidence and every source; confirm, edit, reject, merge, split, and
undo any of it from the history.

Layout only: the queue and the actions are `tracker.store.review`'s, the rows and
words `tracker.dashboard.review`'s. Each action is made on the version shown: if
someone changed the record since, it is refused and the page says so.
"""
import streamlit as st

from tracker.dashboard import review as view
from tracker.dashboard import cache
from tracker.dashboard.markdown import code_span, escape_markdown, web_link
from tracker.errors import TrackerError
from tracker.records.pledge import AID_TYPES, CATEGORIES, KINDS, QUALIFIERS, review_bar, reviewer
from tracker.store import review

st.set_page_config(page_title="Review · Pledge tracker", page_icon="🇺🇦", layout="wide")
st.title("Review")
store = cache.get_store()
try:
    bar = review_bar()
except TrackerError as error:
    st.error(str(error), icon="⚠️")
    st.stop()


def _done(message: str, ok: bool = True) -> None:
    st.session_state["review_message"] = (message, ok)


def _act(action, *args, **kwargs) -> None:
    """A button's action, made on the version the page showed; its outcome is shown on the next run."""
    try:
        result = action(store, *args, **kwargs)
    except TrackerError as e:
        _done(str(e), ok=False)
    else:
        done = {"confirm": "Confirmed", "reject": "Rejected", "update_pledge": "Edited", "merge": "Merged into",
                "split": "Split a report off"}.get(action.__name__, "Saved")
        _done(result if isinstance(result, str) else f"{done} pledge {args[0]}.")


def _confirm(pid, version):
    _act(review.confirm, pid, expected_version=version)


def _reject(pid, version):
    _act(review.reject, pid, expected_version=version)


def _edit(pid, version, item):
    state = st.session_state
    try:
        changes = {f: review.parse_field(f, state[f"e_{pid}_{version}_{f}"]) for f in ("donors", "categories",
                                                                                       "period", "recipient",
                                                                                       "currency")}
        changes.update({f: state[f"e_{pid}_{version}_{f}"] for f in ("qualifier", "kind", "aid_type", "quote")})
        changes["amount"] = float(state[f"e_{pid}_{version}_amount"])
        changes["date"] = state[f"e_{pid}_{version}_date"]
    except (TrackerError, TypeError, ValueError) as e:
        _done(f"Not saved: {e}", ok=False)
        return
    changes = {k: v for k, v in changes.items() if item[k] != v}
    if not changes:
        _done("Nothing changed.", ok=True)
        return
    _act(review.update_pledge, pid, expected_version=version, **changes)


def _merge(pid, version, candidates):
    other = st.session_state.get(f"merge_{pid}")
    if not other:
        _done("Choose the pledge to merge in first.", ok=False)
        return
    _act(review.merge, pid, other, expected_versions={pid: version, other: candidates[other]})


def _split(pid, version, source, start):
    try:
        new = review.split(store, pid, source, start=start, expected_version=version)
    except TrackerError as e:
        _done(str(e), ok=False)
    else:
        _done(f"Split a report off pledge {pid}: it is pledge {new} now, waiting for review.")


def _undo(entry):
    _act(review.undo, entry)


message = st.session_state.pop("review_message", None)
if message:
    (st.success if message[1] else st.error)(escape_markdown(message[0]), icon="✅" if message[1] else "⚠️")

queue = review.review_queue(store, bar)
st.caption(f"{len(queue):,} record{'s' * (len(queue) != 1)} wait for a person: extracted with a confidence "
           f"below the review bar ({bar:g}), in conflict with another report, or merged from reports that "
           f"differ. Records below the bar are not counted until confirmed. You review as **{escape_markdown(reviewer())}**.")

chosen = st.query_params.get("pledge")
if queue.empty:
    st.info("Nothing awaits review.", icon="🎉")
else:
    rows = view.queue_rows(queue)
    event = st.dataframe(rows, hide_index=True, width="stretch", key="queue", on_select="rerun",
                         selection_mode="single-row", column_order=[c for c in rows.columns if c != "id"],
                         column_config={
                             "date": st.column_config.DateColumn("date", format="YYYY-MM-DD"),
                             "confidence": st.column_config.ProgressColumn("confidence", min_value=0.0,
                                                                           max_value=1.0, format="%.2f"),
                             "quote": st.column_config.TextColumn("quote", width="large")})
    picked = event.selection.rows if event else []
    if picked:
        chosen = rows.loc[picked[0], "id"]
    st.caption("Select a row to check it against its sources.")

if chosen:
    if st.query_params.get("pledge") != chosen:
        st.query_params["pledge"] = chosen
    try:
        item = review.review_item(store, chosen)
    except TrackerError as e:
        st.error(escape_markdown(e), icon="⚠️")
        st.stop()
    pid, version = item["id"], item["version"]
    with st.container(border=True, key="item"):
        st.subheader(escape_markdown(view.item_title(item)))
        st.caption(escape_markdown(f"Pledge {pid} · version {version} · status {item['status']}"
                                   + (" · in conflict with another report" if item["conflict"] else "")
                                   + (f" · merged into {item['merged_into']}" if item["merged_into"] else "")))
        if item["review_note"]:
            st.warning(escape_markdown(item["review_note"]), icon="🔎")
        left, right = st.columns([2, 3])
        with left:
            st.dataframe(view.field_rows(item), hide_index=True, width="stretch", key="fields")
            st.markdown("**Evidence**")
            lines = view.evidence_lines(item["evidence"])
            if lines:
                st.markdown("\n".join(f"- {code_span(line)}" for line in lines))  # words of the article, inert
            else:
                st.caption("None recorded (typed by a person, or stored before evidence was kept).")
        with right:
            for n, report in enumerate(item["reports"]):
                st.markdown(f"**Report {n + 1}:** {escape_markdown(view.report_label(report))}")
                link = web_link(report["url"])
                if link:
                    st.link_button(escape_markdown(link), link, icon=":material/open_in_new:")
                elif report["url"] or report["path"]:
                    # Not an http(s) address: shown as text, never opened.
                    st.caption(escape_markdown(f"source {report['url']}" if report["url"] else f"file {report['path']}"))
                st.html(view.context_html(report))
                if len(item["reports"]) > 1 and not item["merged_into"]:
                    st.button("Split this report off", key=f"split_{pid}_{n}", on_click=_split,
                              args=(pid, version, report["source_id"], report["start"]),
                              help="It was merged by mistake: it becomes a pledge of its own, with the values "
                                   "its article gave.")
        if not item["merged_into"]:
            a, b = st.columns(2)
            a.button("Confirm", key=f"confirm_{pid}", type="primary", on_click=_confirm, args=(pid, version),
                     width="stretch", help="The record is right: it counts, and a conflict on it is settled.")
            b.button("Reject", key=f"reject_{pid}", on_click=_reject, args=(pid, version), width="stretch",
                     help="Not a pledge: kept, never counted; a later report of it does not bring it back.")
            with st.expander("Edit the fields"):
                with st.form(key=f"edit_{pid}_{version}", border=False):
                    k = f"e_{pid}_{version}_"
                    c1, c2, c3 = st.columns(3)
                    c1.text_input("Donors", ";".join(item["donors"]), key=k + "donors",
                                  help="Codes, ';'-separated: GBR;NOR, EU")
                    c2.number_input("Amount", value=float(item["amount"]), min_value=0.0, step=1e6,
                                    format="%.0f", key=k + "amount")
                    c3.text_input("Currency", item["currency"], key=k + "currency", max_chars=3)
                    c1.selectbox("Qualifier", QUALIFIERS, index=QUALIFIERS.index(item["qualifier"]),
                                 key=k + "qualifier")
                    c2.selectbox("Kind", KINDS, index=KINDS.index(item["kind"]), key=k + "kind")
                    c3.selectbox("Aid type", AID_TYPES, index=AID_TYPES.index(item["aid_type"]), key=k + "aid_type")
                    c1.text_input("Categories", ";".join(item["categories"]), key=k + "categories",
                                  help=f"';'-separated, from: {', '.join(CATEGORIES)}")
                    c2.date_input("Date", item["date"], key=k + "date", format="YYYY-MM-DD")
                    c3.text_input("Period", item["period"] or "", key=k + "period", placeholder="2025 or 2025-2027")
                    st.text_input("Recipient", item["recipient"], key=k + "recipient", max_chars=8)
                    st.text_area("Quote", item["quote"], key=k + "quote")
                    st.form_submit_button("Save edits", on_click=_edit, args=(pid, version, item), type="primary")
            candidates = review.merge_candidates(store, pid)
            with st.expander("Merge another pledge into this one", expanded=bool(item["conflict"])):
                if candidates.empty:
                    st.caption("No pledge in the same currency within a month shares a donor with this one.")
                else:
                    labels = {r["id"]: view.candidate_label(r) for r in candidates.to_dict("records")}
                    st.selectbox("The same pledge, reported again", list(labels), key=f"merge_{pid}",
                                 format_func=labels.get, index=None, placeholder="Choose a pledge")
                    st.button("Merge into this one", key=f"merge_go_{pid}", on_click=_merge,
                              args=(pid, version, dict(zip(candidates["id"], candidates["version"]))),
                              help="Its reports join this pledge; it is no longer counted on its own.")
        st.markdown("**History**")
        history = view.history_rows(item["history"])
        if history.empty:
            st.caption("No change yet.")
        else:
            st.dataframe(history.drop(columns=["entry"]), hide_index=True, width="stretch", key="history")
            for h in reversed(item["history"]):
                if h["undoable"]:
                    st.button(f"Undo: {escape_markdown(view.describe_change(h)[:80])}", key=f"undo_{h['id']}", on_click=_undo,
                              args=(h["id"],), help="Take this change back (the undo is kept in the history).")
                    break  # the newest change first: older ones once it is undone
