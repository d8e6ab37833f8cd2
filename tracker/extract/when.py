"""The announcement date a record gets: the date its words name (not a deadline, a start or a
day to come), else the day the sentences before or a section heading gave, else publication."""
from __future__ import annotations

import re
from datetime import date

from tracker.extract.context import Context, Windows
from tracker.extract.dates import DateMention
from tracker.extract.money import Amount

_DEADLINE = re.compile(r"\b(?:before|by|until|till|through|ahead of|no later than|due on|starting|from)\s+(?:the\s+)?$",
                       re.I)
_CONTRAST = re.compile(r",\s+(?:while|whereas|but)\b|;", re.I)
# "since Russia launched its full-scale invasion on Feb. 24, 2022": the start of a period, not an announcement
_SINCE_BEFORE = re.compile(r"\bsince\b[^,.;]*$", re.I)


def date_of(mentions: list[DateMention], a: Amount, w: Windows, sentence: str, headline: bool, kind: str,
          ctx: Context) -> tuple[date | None, bool]:
    """The announcement date and whether the text placed it (not the publication default)."""
    if headline:
        return ctx.published, False
    if mentions:
        lo, hi = a.start - len(w.clause), a.end + len(w.right)
        # "before January 20", "by 2027": deadlines, not the day of the announcement
        mentions = [m for m in mentions if not _DEADLINE.search(sentence, max(0, m.start - 20), m.start)
                    and not _SINCE_BEFORE.search(sentence, max(0, m.start - 70), m.start)
                    and not (m.value and ctx.published and m.value > ctx.published)]  # a day to come: a deadline
        if not mentions:
            return ctx.published, False
        local = [m for m in mentions if lo <= m.start and m.end <= hi + 1]
        # "Britain said on Wednesday it would provide £2.26bn, while Canada will contribute C$5bn":
        # another subject's day, across a 'while', is not this amount's
        pool = local or [m for m in mentions if not _CONTRAST.search(sentence, min(m.end, a.end), max(m.start, a.start))]
        if not pool:
            return ctx.published, False
        nearest = min(pool, key=lambda m: min(abs(m.start - a.end), abs(a.start - m.end)))
        return nearest.value, True
    if ctx.said("same_occasion", sentence, "date") and ctx.last_date:
        return ctx.last_date, True
    if ctx.section_date:
        return ctx.section_date, True
    if ctx.lead_date and kind != "cumulative":  # a running total stands as of publication
        return ctx.lead_date, True
    return ctx.published, False
