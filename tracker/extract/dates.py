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

from tracker.extract.taxonomy import cue_pattern
from tracker.extract.text import MONTH_NAME, MONTHS, fold_case
from tracker.records.bounds import date_bounds

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH = rf"(?P<month>{MONTH_NAME})\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# "400 days later" still places a pledge; a count beyond ten years places none.
_MOST_DAYS_LATER = 3660
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10}

_WEEKDAY_NAME = re.compile("|".join(WEEKDAYS))
_MONTH_NAME = re.compile("|".join(m[:3].title() for m in MONTHS))  # "Jan|Feb|...|Dec"
_ISO_DATE = re.compile(r"20\d\d-[01]\d-")


def _has_month(text: str, low: str) -> bool:
    """The test of both forms with a month's name."""
    return _MONTH_NAME.search(text) is not None


# Each form with a test for what every phrase of it contains, given the text and `fold_case` of
# it: scanning a sentence for a pattern that opens with `\b` tries it at every position,
# while these tests find a fixed string or a literal start quickly.
_DATE_FORMS = [
    ("weekday", re.compile(rf"\b(?:on |last |this past )?(?P<weekday>{'|'.join(WEEKDAYS)})\b(?!\s+\d)"),
     lambda text, low: "day" in text and _WEEKDAY_NAME.search(text)),
    ("day_month", re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+{_YEAR})?\b"),
     _has_month),
    ("month_day", re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?:,?\s+{_YEAR})?\b"),
     _has_month),
    ("iso", re.compile(r"\b(?P<year>20\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b"),
     lambda text, low: "-" in text and _ISO_DATE.search(text)),
    ("yesterday", re.compile(r"\byesterday\b", re.I),
     lambda text, low: "yesterday" in low),
    ("today", re.compile(r"\b(?:today|this morning|this afternoon|tonight)\b", re.I),
     lambda text, low: "today" in low or "this morning" in low or "this afternoon" in low or "tonight" in low),
    ("later", re.compile(r"\b(?P<n>a|an|one|two|three|four|five|six|seven|\d+)\s+(?P<unit>days?|weeks?)\s+later\b", re.I),
     lambda text, low: "later" in low),
    ("next_day", re.compile(r"\bthe (?:next|following) day\b", re.I),
     lambda text, low: "the next day" in low or "the following day" in low),
    ("day_before", re.compile(r"\b(?:the (?:day before|previous day)|a day earlier)\b", re.I),
     lambda text, low: "day before" in low or "previous day" in low or "a day earlier" in low),
    # "announced on the 20th": a day of the month of publication, or of the month before
    ("day_only", re.compile(r"\bon the (?P<day>[0-3]?\d)(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec))"),
     lambda text, low: "on the " in low),
]


# Every date phrase has one of these words, in any case, or one of these digit patterns; most
# sentences have none and are passed over. So must every undated cue of cues.toml: one
# without is never searched for. (The common ones first: the test stops at a hit.)
_DATE_HINT_WORDS = ("year", "day", "month", "week", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                    "sep", "oct", "nov", "dec", "later", "tonight", "morning", "afternoon", "earlier",
                    "previous", "recent")
_DATE_HINT_DIGITS = re.compile(r"\d(?:-\d|\d\d\d|st\b|nd\b|rd\b|th\b)")  # "2025-03-12", "2022", "the 20th"

@dataclass(frozen=True)
class DateMention:
    """A date phrase in a sentence; `value` None means 'before publication, no day'."""

    start: int
    end: int
    value: date | None
    relative: timedelta | None = None  # "a week later": added to the date mentioned before it (value None until then)


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


def find_dates(text: str, published: date | None, bounds: tuple[date, date] | None = None) -> list[DateMention]:
    """Every date phrase in `text`, in order, resolved against `published`. A day
    outside `tracker.records.bounds.date_bounds` (`bounds`, when the caller has read them)
    is no date: such a phrase is left out, and a publication date outside them places
    nothing ("a week later" after 9999-12-31 is no day).

    >>> [m.value.isoformat() for m in find_dates("on Friday and on 3 March", date(2025, 3, 12))]
    ['2025-03-07', '2025-03-03']
    >>> [m.value for m in find_dates("on Friday, and a week later", date(9999, 12, 31))]
    []
    """
    low = fold_case(text)
    if not any(map(low.__contains__, _DATE_HINT_WORDS)) and not _DATE_HINT_DIGITS.search(text):
        return []
    # (the bounds read the environment: only for a sentence that may have a date)
    earliest, latest = bounds or date_bounds()
    placing = published is None or earliest <= published <= latest
    if not placing:
        published = None
    found: list[DateMention] = []
    taken = bytearray(len(text))  # 1 where a date phrase has been read: no other form reads it again
    last_hint, hinted = None, False
    for form, pattern, hint in _DATE_FORMS:
        if hint is not last_hint:  # day_month and month_day share theirs
            last_hint, hinted = hint, hint(text, low)
        if not hinted:
            continue
        for m in pattern.finditer(text):
            if 1 in taken[m.start():m.end()]:
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
                if not placing or count > _MOST_DAYS_LATER:
                    continue
                relative = timedelta(days=count * (7 if m.group("unit").lower().startswith("week") else 1))
            elif form in ("next_day", "day_before"):
                if not placing:
                    continue
                relative = timedelta(days=1 if form == "next_day" else -1)
            elif form == "day_only":
                value = _day_of_month(int(m.group("day")), published)
                if value is None:
                    continue
            taken[m.start():m.end()] = b"\1" * (m.end() - m.start())
            if value is not None and not earliest <= value <= latest:
                continue  # no other form reads the phrase either
            found.append(DateMention(m.start(), m.end(), value, relative))
    for m in cue_pattern("date", "undated").finditer(text):
        if 1 not in taken[m.start():m.end()]:
            found.append(DateMention(m.start(), m.end(), None))
    found.sort(key=lambda d: d.start)
    # "a week later" hangs on the date said before it in the same sentence; without one, it
    # keeps its `relative` for the caller to hang on a date said in an earlier sentence.
    resolved: list[DateMention] = []
    anchor = None  # the last date said so far
    for d in found:
        if d.relative is not None:
            if anchor:  # both within the bounds: no overflow
                value = anchor + d.relative
                d = DateMention(d.start, d.end, value if earliest <= value <= latest else None)
        resolved.append(d)
        anchor = d.value or anchor
    return resolved


def _day_of_month(day: int, published: date | None) -> date | None:
    """Day `day` of the month of `published`, or of the month before if that is still to come."""
    if published is None:
        return None
    year, month = published.year, published.month
    if day > published.day:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    try:
        return date(year, month, day)
    except ValueError:
        return None


# What a dated heading may have beside its date: a weekday, a time, a zone.
_HEADING_EXTRAS = re.compile(rf"\b(?:{'|'.join(WEEKDAYS)}|am|pm|gmt|bst|cet|cest|utc|eet|eest|kyiv time)\b", re.I)


def heading_date(line: str, published: date | None) -> date | None:
    """The date a heading line that is only a date gives the lines under it, as in a
    timeline ("13 May 2023") or a digest ("MONDAY", "Tuesday, 4 February"); None for
    any other line ("Updated Saturday, 22 March 2025" is a byline, not a heading).

    >>> [heading_date(h, date(2025, 2, 7)) for h in ("13 May 2023", "MONDAY", "Where things stand")]
    [datetime.date(2023, 5, 13), datetime.date(2025, 2, 3), None]
    """
    if line.isupper():
        line = line.title()
    days = [m for m in find_dates(line, published) if m.value]
    rest = "".join(line[end:start] for end, start in zip([0] + [d.end for d in days], [d.start for d in days] + [len(line)]))
    if not days or re.search(r"[^\W\d_]", _HEADING_EXTRAS.sub("", rest)):
        return None
    # "Tuesday, 4 February": the day and month say it; the weekday is read from the publication day
    stated = [d for d in days if line[d.start:d.end].split()[-1] not in WEEKDAYS] or days
    return stated[0].value if len({d.value for d in stated}) == 1 else None


def _year(text: str) -> int:
    return int(text)


_RANGE = re.compile(r"\b(?P<a>(?:19|20)\d\d)\s*(?:-|–|—|to|and|until|through)\s*(?P<b>(?:19|20)\d\d)\b", re.I)
# A financial year written with the second year short: "the 2025-26 financial year"
_SPLIT_YEAR = re.compile(r"\b(?P<a>(?:19|20)\d\d)[-–/](?P<b>\d\d)\b(?![-–/]\d)")
# "in fiscal 2025", "the financial year 2026", "FY2025", "FY25": one budget year, named by its label
FISCAL_YEAR = re.compile(r"\b(?:(?i:fiscal|financial|budget)\s+(?i:year\s+)?(?P<a>(?:19|20)\d\d)|FY\s?(?P<b>(?:19|20)?\d\d))\b"
                         r"(?![-–/]\d)")
_OPEN_END = re.compile(r"\b(?:through|until|till|to|up to|runs? (?:until|to|through))\s+(?:the end of\s+)?(?P<b>(?:19|20)\d\d)\b", re.I)
_START_WORDS = ("starting", "beginning", "from", "approved", "agreed", "signed", "launched", "set up", "created",
                "established")
_START = re.compile(rf"\b(?:{'|'.join(_START_WORDS)})\s+(?:in\s+)?(?P<a>(?:19|20)\d\d)\b", re.I)
_FOR_YEARS = re.compile(r"\b(?:for|over) (?:the (?:next|coming) )?(?P<n>\w+) years\b", re.I)
# "a four-year lending arrangement", "a four-year $15.6bn loan programme": its years, when no year is said
_N_YEAR = re.compile(r"\b(?P<n>\w+)-year\s+(?:\S+\s+){0,2}?(?:arrangement|programme|program|plan|package|facility|envelope|fund|"
                     r"budget|framework|loan)s?\b", re.I)
# "since ... on Feb. 24, 2022"; in Russian "с 2022 года", "с февраля 2022 г."
_SINCE = re.compile(r"(?:\b(?:since|counting from)\b[^;]{0,80}?|\bс\s+(?:\w+\s+)?)(?P<a>(?:19|20)\d\d)\b", re.I)
_SINCE_WAR = re.compile(r"\bsince (?:russia.s )?(?:the )?(?:(?:start|beginning|outbreak) of (?:the |russia.s )?)?"
                        r"(?:full-scale )?(?:russian )?(?:invasion|war)\b"
                        r"|\bс начала (?:\w+ )?(?:войны|вторжения|военных действий|конфликта|агрессии)", re.I)
_RELATIVE_YEAR = re.compile(r"\b(?P<which>this|next|last|the current)(?: financial| fiscal| calendar)? year\b", re.I)
# ... as German, French and Russian reports say it: "In diesem Jahr", "für das kommende Jahr",
# "l'année prochaine", "в следующем году"; the word that says which year, and how far it is from this one
_YEAR_OFFSET = {"diesem": 0, "dieses": 0, "laufenden": 0, "cette": 0, "kommenden": 1, "kommende": 1, "nächsten": 1,
                "nächstes": 1, "prochaine": 1, "vergangenen": -1, "letzten": -1, "dernière": -1,
                "этом": 0, "текущем": 0, "следующем": 1, "будущем": 1, "прошлом": -1}
_RELATIVE_YEAR_ABROAD = re.compile(
    r"\b(?P<de>diesem|dieses|laufenden|kommenden|kommende|nächsten|nächstes|vergangenen|letzten) Jahr(?:es)?\b"
    r"|\b(?P<fr>cette) année\b|\bl['’]année (?P<fr2>prochaine|dernière)\b"
    r"|\bв (?P<ru>этом|текущем|следующем|будущем|прошлом) году\b", re.I)
# "its 2025 budget", "the 2026 allocation": the money of that year
_YEAR_BUDGET = re.compile(r"\b(?P<a>(?:19|20)\d\d)\s+(?:budget|allocation|envelope|appropriations?)\b", re.I)
# "to be delivered through 2027": a delivery date, not years the money covers
_DELIVERED = re.compile(r"\bdeliver(?:ed|ies|y)?\b[^.;,]{0,20}$", re.I)
# "in 2024 to £3 billion" is a year; "in 2024 to 2027" the start of a range
_IN_YEAR = re.compile(r"\b(?:for|in|during|over)\s+(?P<a>(?:19|20)\d\d)\b(?!\s*(?:-|–|to|and)\s*(?:19|20)\d\d)", re.I)
_IN_THE = re.compile(r"\b(?:in|during)\s+(?:the\s+)?$", re.I)
_DONE_BEFORE = re.compile(r"\b(?:approved|agreed|signed|announced|pledged|set up|launched)\s+$", re.I)
# Most patterns above need a year; most clauses have none, so they are searched only when
# there is one (two for a range).
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")


def find_period(text: str, published: date | None, kind: str, counted: bool = True) -> str | None:
    """The years an amount covers, as 'YYYY' or 'YYYY-YYYY', from its clause; `counted`: whether
    "a four-year programme" gives them (not in the words after an amount, where it may be another
    thing the amount falls under).

    >>> find_period("€11bn through 2029", date(2025, 7, 9), "budget")
    '2025-2029'
    >>> find_period("has provided $66bn since February 2022", date(2024, 9, 25), "cumulative")
    '2022-2024'
    >>> find_period("£3 billion in the 2025-26 financial year", date(2025, 1, 15), "budget")
    '2025-2026'
    >>> find_period("$6bn in FY25", date(2024, 11, 1), "budget")
    '2025'
    >>> find_period("с начала войны передала более 2 млрд евро", date(2025, 3, 1), "cumulative")
    '2022-2025'
    """
    this_year = published.year if published else None
    low = fold_case(text)
    years = len(_ANY_YEAR.findall(text))
    # `_START` as the patterns below use it: only where a start word and a year are.
    start = (_START.search(text) if years and any(map(low.__contains__, _START_WORDS)) else None)
    if kind == "cumulative":
        m = (_SINCE.search(text) if years and ("since" in low or "counting" in low or "с " in low) else None) or start
        if m and this_year:
            return m.group("a") if int(m.group("a")) >= this_year else f"{m.group('a')}-{this_year}"
        if this_year and ("since" in low or "с начала" in low) and _SINCE_WAR.search(text):
            return f"2022-{this_year}"
        return None
    m = _RANGE.search(text) if years > 1 else None
    if m and _year(m.group("a")) < _year(m.group("b")):
        return f"{m.group('a')}-{m.group('b')}"
    m = _SPLIT_YEAR.search(text) if years else None
    if m and (_year(m.group("a")) + 1) % 100 == int(m.group("b")):
        return f"{m.group('a')}-{_year(m.group('a')) + 1}"
    m = FISCAL_YEAR.search(text) if years or "fy" in low else None
    if m and not _DONE_BEFORE.search(_IN_THE.sub("", text[:m.start()])):  # "announced in FY2024": when it was said
        return m.group("a") or (m.group("b") if len(m.group("b")) == 4 else f"20{m.group('b')}")
    m = _FOR_YEARS.search(text) if " years" in low else None
    if m:
        found = _years_from(m.group("n"), start, this_year)
        if found:
            return found
    m = _OPEN_END.search(text) if years and kind != "package" else None
    if m and _DELIVERED.search(text, max(0, m.start() - 30), m.start()):
        m = None  # "to be delivered through 2027": when the goods come, not the years the money covers
    if m:
        first = _year(start.group("a")) if start else this_year
        if first and first < _year(m.group("b")):
            return f"{first}-{m.group('b')}"
        return m.group("b")
    m = _IN_YEAR.search(text) if years else None
    if m and not _DONE_BEFORE.search(text[:m.start()]):
        return m.group("a")
    m = _YEAR_BUDGET.search(text) if years and kind != "package" else None
    if m:
        return m.group("a")
    m = _RELATIVE_YEAR.search(text) if this_year and kind != "package" and " year" in low else None
    if m:
        offset = {"this": 0, "the current": 0, "next": 1, "last": -1}[m.group("which").lower()]
        return str(this_year + offset)
    m = _RELATIVE_YEAR_ABROAD.search(text) if this_year and kind != "package" and \
        any(map(low.__contains__, ("jahr", "année", " году"))) else None
    if m:
        return str(this_year + _YEAR_OFFSET[next(w for w in m.group("de", "fr", "fr2", "ru") if w).lower()])
    m = _N_YEAR.search(text) if counted and "-year" in low else None
    if m and not years:
        return _years_from(m.group("n"), start, this_year, most=10)  # not a "100-year partnership"
    return None


def _years_from(n: str, start: re.Match | None, this_year: int | None, most: int = 100) -> str | None:
    """'YYYY-YYYY' for `n` years ("four", "3") from the start the text gives, else from this year."""
    count = int(n) if n.isdigit() else _NUMBER_WORDS.get(n.lower())
    first = _year(start.group("a")) if start else this_year
    if not (count and first and count <= most):
        return None
    return f"{first}-{first + count - 1}" if count > 1 else str(first)
