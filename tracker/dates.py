"""Dates and periods in a sentence, resolved against the publication date.

"on Friday" is the Friday on or before publication; "on 3 March" is the last
3 March on or before it; "last week" places a pledge before publication without
a day (no date). Periods: "this year", "for 2025", "2023 to 2027", "through
2029" (an open start begins in the publication year), "since 2022".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.taxonomy import cue_pattern

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10}

_DATE_FORMS = [
    ("weekday", re.compile(rf"\b(?:on |last |this past )?(?P<weekday>{'|'.join(WEEKDAYS)})\b(?!\s+\d)")),
    ("day_month", re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+{_YEAR})?\b")),
    ("month_day", re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?:,?\s+{_YEAR})?\b")),
    ("iso", re.compile(r"\b(?P<year>20\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("yesterday", re.compile(r"\byesterday\b", re.I)),
    ("today", re.compile(r"\b(?:today|this morning|this afternoon|tonight)\b", re.I)),
    ("later", re.compile(r"\b(?P<n>a|an|one|two|three|four|five|six|seven|\d+)\s+(?P<unit>days?|weeks?)\s+later\b", re.I)),
    ("next_day", re.compile(r"\bthe (?:next|following) day\b", re.I)),
]


# Every date phrase has one of these; most sentences have none and are passed over.
_DATE_HINT = re.compile(r"day|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|later|\d-\d|today|tonight|morning|"
                        r"afternoon|week|month|year|earlier|previous|recent|\d\d\d\d", re.I)


@dataclass(frozen=True)
class DateMention:
    """A date phrase in a sentence; `value` None means 'before publication, no day'."""

    start: int
    end: int
    value: date | None
    relative: timedelta | None = None  # "a week later": added to the date mentioned before it


def _month_number(name: str) -> int:
    return next(i + 1 for i, m in enumerate(MONTHS) if m.startswith(name.lower()[:3]))


def _on_or_before(month: int, day: int, published: date | None, year: str | None) -> date | None:
    try:
        if year:
            return date(int(year), month, day)
        if published is None:
            return None
        candidate = date(published.year, month, day)
        return candidate if candidate <= published else date(published.year - 1, month, day)
    except ValueError:
        return None


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Every date phrase in `text`, in order, resolved against `published`.

    >>> [m.value.isoformat() for m in find_dates("on Friday and on 3 March", date(2025, 3, 12))]
    ['2025-03-07', '2025-03-03']
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    if not _DATE_HINT.search(text):
        return []
    for form, pattern in _DATE_FORMS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            value, relative = None, None
            if form == "weekday":
                if published is None:
                    continue
                back = (published.weekday() - WEEKDAYS.index(m.group("weekday"))) % 7
                value = published - timedelta(days=back)
            elif form in ("day_month", "month_day"):
                value = _on_or_before(_month_number(m.group("month")), int(m.group("day")), published,
                                      m.group("year"))
                if value is None:
                    continue
            elif form == "iso":
                try:
                    value = date(int(m.group("year")), int(m.group("m")), int(m.group("day")))
                except ValueError:
                    continue
            elif form == "yesterday":
                if published is None:
                    continue
                value = published - timedelta(days=1)
            elif form == "today":
                if published is None:
                    continue
                value = published
            elif form == "later":
                n = m.group("n").lower()
                count = int(n) if n.isdigit() else _NUMBER_WORDS.get(n, 1)
                relative = timedelta(days=count * (7 if m.group("unit").lower().startswith("week") else 1))
            elif form == "next_day":
                relative = timedelta(days=1)
            taken.append((m.start(), m.end()))
            found.append(DateMention(m.start(), m.end(), value, relative))
    for m in cue_pattern("date", "undated").finditer(text):
        if not any(s < m.end() and m.start() < e for s, e in taken):
            found.append(DateMention(m.start(), m.end(), None))
    found.sort(key=lambda d: d.start)
    # "a week later" hangs on the date said before it in the same sentence.
    resolved: list[DateMention] = []
    for d in found:
        if d.relative is not None:
            anchor = next((r.value for r in reversed(resolved) if r.value), None)
            d = DateMention(d.start, d.end, anchor + d.relative if anchor else None)
        resolved.append(d)
    return resolved


def _year(text: str) -> int:
    return int(text)


_RANGE = re.compile(r"\b(?P<a>(?:19|20)\d\d)\s*(?:-|–|—|to|and|until|through)\s*(?P<b>(?:19|20)\d\d)\b", re.I)
_OPEN_END = re.compile(r"\b(?:through|until|till|to|up to|runs? (?:until|to|through))\s+(?:the end of\s+)?(?P<b>(?:19|20)\d\d)\b", re.I)
_START = re.compile(r"\b(?:starting|beginning|from|approved|agreed|signed|launched|set up|created|established)\s+(?:in\s+)?(?P<a>(?:19|20)\d\d)\b", re.I)
_FOR_YEARS = re.compile(r"\bfor (?:the next )?(?P<n>\w+) years\b", re.I)
_SINCE = re.compile(r"\bsince\b[^.;]{0,50}?(?P<a>(?:19|20)\d\d)\b", re.I)
_SINCE_WAR = re.compile(r"\bsince (?:russia.s )?(?:the )?(?:start of the )?(?:full-scale )?(?:invasion|war)\b", re.I)
_RELATIVE_YEAR = re.compile(r"\b(?P<which>this|next|last|the current)(?: financial| fiscal| calendar)? year\b", re.I)
_IN_YEAR = re.compile(r"\b(?:for|in|during|over)\s+(?P<a>(?:19|20)\d\d)\b(?!\s*(?:-|–|to|and))", re.I)


def find_period(text: str, published: date | None, kind: str) -> str | None:
    """The years an amount covers, as 'YYYY' or 'YYYY-YYYY', from its clause.

    >>> find_period("€11bn through 2029", date(2025, 7, 9), "budget")
    '2025-2029'
    >>> find_period("has provided $66bn since February 2022", date(2024, 9, 25), "cumulative")
    '2022-2024'
    """
    this_year = published.year if published else None
    if kind == "cumulative":
        m = _SINCE.search(text) or _START.search(text)
        if m and this_year:
            return f"{m.group('a')}-{this_year}"
        if _SINCE_WAR.search(text) and this_year:
            return f"2022-{this_year}"
        return None
    m = _RANGE.search(text)
    if m and _year(m.group("a")) < _year(m.group("b")):
        return f"{m.group('a')}-{m.group('b')}"
    m = _FOR_YEARS.search(text)
    if m:
        n = m.group("n").lower()
        count = int(n) if n.isdigit() else _NUMBER_WORDS.get(n)
        start = _START.search(text)
        first = _year(start.group("a")) if start else this_year
        if count and first:
            return f"{first}-{first + count - 1}" if count > 1 else str(first)
    m = _OPEN_END.search(text)
    if m and kind != "package":
        start = _START.search(text)
        first = _year(start.group("a")) if start else this_year
        if first and first < _year(m.group("b")):
            return f"{first}-{m.group('b')}"
        return m.group("b")
    m = _IN_YEAR.search(text)
    if m and not re.search(r"\b(?:approved|agreed|signed|announced|pledged|set up|launched)\s+$",
                           text[:m.start()], re.I):
        return m.group("a")
    m = _RELATIVE_YEAR.search(text)
    if m and this_year and kind != "package":
        offset = {"this": 0, "the current": 0, "next": 1, "last": -1}[m.group("which").lower()]
        return str(this_year + offset)
    return None
