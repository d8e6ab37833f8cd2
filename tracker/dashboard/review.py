"""What the Review page shows, built from the store's review queue and one
pledge's review item: the queue as table rows, a report's quote highlighted in
its article, the fields, the history in words, and the Overview's line on the
records awaiting review.

Pure functions over frames and dicts; no Streamlit here.
"""
from __future__ import annotations

import html
import json

import pandas as pd

from tracker.counting.totals import total_across_donors
from tracker.dashboard.filters import donor_name
from tracker.records.formatting import counted, format_money, label
from tracker.store.review import quote_context

FIELD_NAMES = {"donors": "donors", "recipient": "recipient", "amount": "amount", "currency": "currency",
               "qualifier": "qualifier", "kind": "kind", "aid_type": "aid type", "categories": "categories",
               "date": "date", "period": "period", "quote": "quote"}
_WHAT = {"edit": "edited", "status": "status", "conflict": "conflict settled", "merge": "merged another in",
         "merged": "merged into another", "split": "a report split off", "split-off": "split off another",
         "undo": "undone", "report": "another report joined"}


def _donors(codes: list[str]) -> str:
    return ", ".join(donor_name(d) for d in codes) or "no donor named"


def _stated(amount: float, currency: str) -> str:
    """An amount as stated, by the one formatter (a code already names a currency without a symbol)."""
    return format_money(amount, currency)


def queue_rows(queue: pd.DataFrame) -> pd.DataFrame:
    """The review queue as the page's table: why each record waits, who gives
    what, the extractor's confidence and how many reports it has."""
    names: dict[tuple, str] = {}  # each list of donors named once, however many records share it
    donors = [names.get(key) or names.setdefault(key, _donors(list(key))) for key in map(tuple, queue["donors"])]
    return pd.DataFrame({
        "why": queue["reasons"],
        "donors": donors,
        "stated": [_stated(a, c) for a, c in zip(queue["amount"], queue["currency"])],
        "kind": queue["kind"],
        "date": queue["date"].dt.date,
        "confidence": queue["confidence"],
        "reports": queue["reports"],
        "quote": queue["quote"],
        "id": queue["id"],
    })


def item_title(item: dict) -> str:
    """
    >>> item_title({"donors": ["GBR", "NOR"], "amount": 450e6, "currency": "GBP", "kind": "package"})
    'United Kingdom, Norway: £450m package'
    """
    return f"{_donors(item['donors'])}: {_stated(item['amount'], item['currency'])} {item['kind']}"


def context_html(report: dict) -> str:
    """A report's quote highlighted in its article's text around it, escaped.

    >>> context_html({"text": "A <b>. UK: £5m. End.", "start": 7, "end": 15, "quote": "UK: £5m."})
    '<div class="article">A &lt;b&gt;. <mark>UK: £5m.</mark> End.</div>'
    """
    before, quote, after = quote_context(report.get("text") or "", report["start"], report["end"], report["quote"])
    body = f"{html.escape(before)}<mark>{html.escape(quote)}</mark>{html.escape(after)}".replace("\n", "<br>")
    return f'<div class="article">{body}</div>'


def report_label(report: dict) -> str:
    return " · ".join(str(x) for x in (report.get("outlet"), report.get("title"), report.get("published")) if x)


def field_rows(item: dict) -> pd.DataFrame:
    """The pledge's fields as a two-column table, lists joined."""
    values = []
    for field in FIELD_NAMES:
        if field == "quote":
            continue
        value = item.get(field)
        if field == "amount":
            value = f"{value:,.0f} ({_stated(value, item['currency'])})"
        elif field in ("donors", "categories"):
            value = ", ".join(label(v) for v in value) or "–"
        values.append((FIELD_NAMES[field], "–" if value is None else str(value)))
    confidence = item.get("confidence")
    values.append(("confidence", "typed by a person" if confidence is None else f"{confidence:.2f}"))
    values.append(("status", item["status"] + (" · in conflict" if item.get("conflict") else "")))
    if item.get("reviewed_by"):
        values.append(("reviewed by", item["reviewed_by"]))
    return pd.DataFrame(values, columns=["field", "value"])


def _value(value) -> str:
    if isinstance(value, list):
        return "+".join(str(v) for v in value) or "none"
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    return "none" if value is None else str(value)


def describe_change(entry: dict) -> str:
    """One history entry in words: each field's old and new value.

    >>> describe_change({"what": "edit", "before": {"amount": 4.5e9, "status": "extracted"},
    ...                  "after": {"amount": 4.6e9, "status": "edited"}})
    'amount: 4,500,000,000 → 4,600,000,000; status: extracted → edited'
    """
    before, after = entry["before"], entry["after"]
    if entry["what"] == "merge":
        return f"pledge {after.get('other')} merged in with {len(after.get('links', []))} report(s)"
    if entry["what"] == "split":
        return f"the report of source {after.get('link', ['?'])[0]} became pledge {after.get('new')}"
    if entry["what"] == "report":
        return (f"a report (source {after.get('source_id')}) said otherwise: "
                + "; ".join(f"{k}: {_value(before.get(k))} here, {_value(after.get(k))} there"
                            for k in before) + (f"; took its {', '.join(after['took'])}" if after.get("took") else ""))
    keys = [k for k in dict.fromkeys(list(before) + list(after)) if k not in ("source_id", "took")]
    return "; ".join(f"{k}: {_value(before.get(k))} → {_value(after.get(k))}" for k in keys)


def history_rows(history: list[dict]) -> pd.DataFrame:
    """The history as a table, newest first: when, who, what, the change, and whether it was undone."""
    rows = [{"when": h["when"].strftime("%Y-%m-%d %H:%M"), "who": h["who"] or "a new report",
             "what": _WHAT.get(h["what"], h["what"]), "change": describe_change(h),
             "undone": bool(h["undone"]), "entry": h["id"]} for h in reversed(history)]
    return pd.DataFrame(rows, columns=["when", "who", "what", "change", "undone", "entry"])


def candidate_label(row) -> str:
    day = row["date"][:10] if isinstance(row["date"], str) else "undated"
    return (f"{_donors(row['donors'])}: {_stated(row['amount'], row['currency'])} {row['kind']}, {day}"
            f"{' · in conflict' if row['conflict'] else ''} ({row['id']})")


def awaiting_line(pending: pd.DataFrame, currency: str = "EUR") -> str | None:
    """The Overview's line on what awaits review in its view, or None when nothing does.

    >>> awaiting_line(pd.DataFrame())
    """
    if pending.empty:
        return None
    n = len(pending)
    money = total_across_donors(pending, currency)
    amount = f", {format_money(money, currency)} in packages and budgets" if money else ""
    return (f"{counted(n, 'record')} await{'s' * (n == 1)} review{amount}: not in these figures "
            "until a person confirms them.")


def evidence_lines(evidence) -> list[str]:
    """The extractor's evidence as lines (a stored JSON text or a list)."""
    if isinstance(evidence, str):
        evidence = json.loads(evidence) if evidence else []
    return [str(e) for e in evidence or []]
