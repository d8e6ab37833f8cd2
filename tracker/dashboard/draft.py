"""The Add-articles workflow without Streamlit: an uploaded or fetched article
read into a draft, its records shown in the text and as rows the user edits,
and the edited rows turned back into records with their review statuses.
"""
from __future__ import annotations

import bisect
import html
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from tracker.extract.money import extract_amounts
from tracker.records.pledge import Pledge



def _record_spans(text: str, records: list[Pledge]) -> list[tuple[int, int, str]]:
    """(start, end, kind) spans to mark: each record's amount, found by place
    (an amount inside the record's quote, at `start`..`end` in the text, of the
    record's value), "record N"; every other amount in the text, "amount".

    The place decides, not the currency: an amount whose currency the text left
    to context ("1.3 billion kroner", NOK or DKK) is the record's when it stands
    in the record's quote at the record's value. Among several such amounts,
    one written in the record's currency (or naming it among its options) wins.

    >>> _record_spans("Oslo: 1.3 billion kroner.", [Pledge(["NOR"], 1.3e9, "NOK", start=0, end=25)])
    [(6, 24, 'record 1')]
    """
    spans = []
    taken: set[int] = set()
    amounts = extract_amounts(text)
    starts = [a.start for a in amounts]
    for n, p in enumerate(records, 1):
        lo, hi = (p.start, p.end) if p.end > p.start else (0, len(text))
        # only the amounts within the record's quote: a long paste of many records is read once
        inside = [i for i in range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi))
                  if i not in taken and amounts[i].end <= hi
                  and abs(amounts[i].value - float(p.amount)) <= 0.005 * max(abs(p.amount), 1)]
        if not inside:
            continue

        def fit(i: int) -> int:
            a = amounts[i]
            return 0 if a.currency == p.currency else 1 if p.currency in a.options or a.currency is None else 2

        best = min(inside, key=lambda i: (fit(i), amounts[i].start))
        spans.append((amounts[best].start, amounts[best].end, f"record {n}"))
        taken.add(best)
    spans += [(a.start, a.end, "amount") for i, a in enumerate(amounts) if i not in taken]
    return sorted(spans)


def highlight_html(text: str, records: list[Pledge]) -> str:
    """The article as escaped HTML with each record's amount marked and
    numbered, and other amounts underlined: markup in the text stays text.

    >>> highlight_html("<b>£5m</b> & more", [Pledge(["GBR"], 5e6, "GBP")])
    '<div class="article">&lt;b&gt;<mark title="record 1">£5m</mark><sup>1</sup>&lt;/b&gt; &amp; more</div>'
    """
    out, pos = [], 0
    for start, end, kind in _record_spans(text, records):
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        piece = html.escape(text[start:end])
        if kind == "amount":
            out.append(f'<u title="an amount that is not a record">{piece}</u>')
        else:
            out.append(f'<mark title="{kind}">{piece}</mark><sup>{kind.split()[1]}</sup>')
        pos = end
    out.append(html.escape(text[pos:]))
    body = "".join(out).replace("\n", "<br>")
    return f'<div class="article">{body}</div>'


def read_upload(name: str, data: bytes, sidecar: bytes | None = None, sidecar_name: str | None = None):
    """An uploaded file as an Article: HTML by its suffix or first tag, else
    text, dated and described as the command line does it (`find_metadata`:
    the sidecar's bytes, the page's metadata or front matter, a dateline)."""
    from pathlib import PurePath

    from tracker.reading.files import HTML_SUFFIXES, find_metadata, read_bytes, read_sidecar

    is_html = True if PurePath(name).suffix.lower() in HTML_SUFFIXES else None
    article = read_bytes(data, name, html=is_html)
    article.path = name
    side_name = sidecar_name or f"{PurePath(name).stem}.json"
    meta = read_sidecar(sidecar, side_name) if sidecar is not None else None
    return find_metadata(article, meta, side_name)


def read_uploads(files: list[tuple[str, bytes]]) -> tuple[list, list[str]]:
    """Uploaded files as Articles, each with its sidecar when one was uploaded
    beside it (`a.json` or `a.txt.json` for `a.txt`, as on disk), and a
    message for each file that could not be read or each sidecar without its
    article: one bad file does not stop the others."""
    from pathlib import PurePath

    from tracker.errors import TrackerError

    sidecars = {name: data for name, data in files if PurePath(name).suffix.lower() == ".json"}
    used, articles, problems = set(), [], []
    for name, data in files:
        if name in sidecars:
            continue
        side = next((s for s in (f"{PurePath(name).stem}.json", f"{name}.json") if s in sidecars), None)
        used.add(side)
        try:
            articles.append(read_upload(name, data, sidecars.get(side), side))
        except TrackerError as e:
            problems.append(f"{name}: {e}")
    problems += [f"{name}: a sidecar with no article of the same name uploaded beside it"
                 for name in sidecars if name not in used]
    return articles, problems


@dataclass
class Draft:
    """An article read on the Add page and the records found in it, waiting
    for the user to check them before anything is saved."""

    article: object
    published: date
    records: list[Pledge]

    @property
    def key(self) -> str:
        """Stable across reruns and removals: the text's own hash."""
        return article_key(self.article)

    @property
    def name(self) -> str:
        return article_name(self.article)


def article_key(article) -> str:
    """Stable across reruns and removals: the text's own hash."""
    import hashlib

    return hashlib.sha256(article.text.encode()).hexdigest()[:12]


def article_name(article) -> str:
    return article.title or article.path or article.url or f"Pasted text ({len(article.text):,} characters)"


def make_draft(article, published: date | None) -> Draft:
    """Read the records in an article for review. The page's date is used
    when the article has none of its own; with neither, a clear error."""
    from tracker.errors import InputError
    from tracker.extract.decide import extract_pledges

    when = article.published or published
    if when is None:
        raise InputError(f"{article.path or article.url or 'the pasted text'} has no publication date: "
                         "give it in the date box")
    if not article.text.strip():
        raise InputError(f"{article.path or article.url or 'the pasted text'} has no text")
    return Draft(article=article, published=when, records=extract_pledges(article.text, published=when))


def make_drafts(articles: list, published: date | None) -> tuple[list[Draft], list, list[str]]:
    """Drafts of the articles that have a date (their own, else `published`),
    the articles held back for want of one (each waits for its own date box),
    and a message for each article that could not be read: the others go on."""
    from tracker.errors import TrackerError

    drafts, undated, problems = [], [], []
    for article in articles:
        if (article.published or published) is None:
            undated.append(article)
            continue
        try:
            drafts.append(make_draft(article, published))
        except TrackerError as e:
            problems.append(str(e))
    return drafts, undated, problems


# In the order a reviewer checks a record, so that what needs checking first is
# on screen in a 1400 px window: keep it?, who, how much, when, the quote; then
# the codes, and the extractor's confidence and evidence.
EDIT_COLUMNS = ("keep", "donors", "amount", "currency", "date", "quote", "kind", "aid_type", "categories",
                "qualifier", "period", "confidence", "evidence")


def records_to_rows(records: list[Pledge]) -> pd.DataFrame:
    """Extracted records as rows the user edits: lists as ';'-joined codes and
    a `keep` column (confirm, reject); the extractor's confidence and evidence beside, to read."""
    return pd.DataFrame({
        "keep": ["confirm"] * len(records),
        "donors": [";".join(p.donors) for p in records],
        "amount": pd.Series([float(p.amount) for p in records], dtype="float64"),
        "currency": pd.Series([p.currency for p in records], dtype="object"),
        "qualifier": pd.Series([p.qualifier for p in records], dtype="object"),
        "kind": pd.Series([p.kind for p in records], dtype="object"),
        "aid_type": pd.Series([p.aid_type for p in records], dtype="object"),
        "categories": [";".join(p.categories) for p in records],
        "date": pd.Series([p.date for p in records], dtype="object"),
        "period": pd.Series([p.period for p in records], dtype="object"),
        "quote": pd.Series([p.quote for p in records], dtype="object"),
        "confidence": pd.Series([p.confidence for p in records], dtype="float64"),
        "evidence": pd.Series(["; ".join(p.evidence) for p in records], dtype="object"),
    }, columns=list(EDIT_COLUMNS))


def rows_to_records(rows: pd.DataFrame, originals: list[Pledge], text: str) -> tuple[list[Pledge], list[str]]:
    """The user's edited rows back as records with their statuses: 'confirmed'
    when unchanged, 'edited' when changed, 'rejected' when the user said so.
    A quote edited to a sentence of the text keeps its place in the text."""
    from tracker.errors import InputError
    from tracker.records.pledge import AID_TYPES as _A, CATEGORIES, KINDS, QUALIFIERS

    records, statuses = [], []
    for i, row in enumerate(rows.to_dict("records")):
        n = i + 1

        def codes(value) -> list[str]:
            return [c.strip() for c in str(value or "").replace(",", ";").split(";") if c.strip()]

        donors = [c.upper() for c in codes(row["donors"])]
        categories = codes(row["categories"]) or ["general"]
        for name, value, allowed in (("qualifier", row["qualifier"], QUALIFIERS), ("kind", row["kind"], KINDS),
                                     ("aid type", row["aid_type"], _A)):
            if value not in allowed:
                raise InputError(f"record {n}: {name} {value!r} is not one of {', '.join(allowed)}")
        bad = [c for c in categories if c not in CATEGORIES]
        if bad:
            raise InputError(f"record {n}: unknown category {', '.join(bad)}")
        try:
            amount = float(row["amount"])
        except (TypeError, ValueError):
            raise InputError(f"record {n}: the amount must be a number") from None
        if not amount > 0:
            raise InputError(f"record {n}: the amount must be more than zero")
        currency = str(row["currency"] or "").strip().upper()
        if len(currency) != 3 or not currency.isalpha():
            raise InputError(f"record {n}: the currency must be an ISO 4217 code such as EUR")
        when = row["date"]
        if isinstance(when, datetime):  # pandas' Timestamp too
            when = when.date()
        elif isinstance(when, str):
            try:
                when = date.fromisoformat(when.strip()) if when.strip() else None
            except ValueError:
                raise InputError(f"record {n}: the date must be YYYY-MM-DD") from None
        elif not isinstance(when, date):
            when = None
        period = row["period"] if isinstance(row["period"], str) and row["period"].strip() else None
        quote = str(row["quote"] or "")
        original = originals[i] if i < len(originals) else None
        start, end = (original.start, original.end) if original and original.quote == quote else (0, 0)
        if (start, end) == (0, 0) and quote and quote in text:
            start = text.index(quote)
            end = start + len(quote)
        record = Pledge(donors=donors, amount=amount, currency=currency, qualifier=row["qualifier"],
                        kind=row["kind"], aid_type=row["aid_type"], categories=categories, date=when,
                        period=period, quote=quote, start=start, end=end,
                        part_of=original.part_of if original else None,
                        evidence=list(original.evidence) if original else [],
                        confidence=original.confidence if original else None)
        records.append(record)
        if row["keep"] == "reject":
            statuses.append("rejected")
        elif original is not None and record.to_dict() == original.to_dict():
            statuses.append("confirmed")
        else:
            statuses.append("edited")
    return records, statuses
