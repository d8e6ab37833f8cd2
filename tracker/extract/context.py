"""What a sentence is read with: the article so far (`Context`) and the words around one
amount (`Windows`), and the cue look-ups every decision shares. Decides nothing itself."""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date

from tracker.extract.conversions import joins_conversion, mark_conversions
from tracker.extract.dates import find_period
from tracker.extract.evidence import Decision, Reason
from tracker.extract.money import Amount
from tracker.extract.sentences import CLAUSE_BREAK, Sentence
from tracker.extract.taxonomy import NEVER_DONORS, aid_type_scores, cue_pattern, find_entities
from tracker.records.bounds import date_bounds
from tracker.records.pledge import Pledge

@dataclass
class Context:
    """What the article has said so far, for the sentences after it."""

    published: date | None
    text: str = ""
    headline: str = ""
    lead: str = ""  # the headline and the first body sentences
    last_donors: list[str] = field(default_factory=list)
    last_date: date | None = None     # the last date a sentence placed a pledge on
    lead_date: date | None = None     # "Donors pledged fresh money on Friday ..." with no amount
    section_date: date | None = None  # the date of the heading above ("13 May 2023", "MONDAY")
    records: list[Pledge] = field(default_factory=list)
    headings: set[int] = field(default_factory=set)  # ids of the records read from subheadings
    list_whole: Pledge | None = None  # the record a list introduced by a colon is a breakdown of
    seen: list[Sentence] = field(default_factory=list)  # the body sentences read so far
    sentences: list[Sentence] = field(default_factory=list)  # every sentence the article is read in
    converted: list[Amount] = field(default_factory=list)  # the body's conversions ("(about $15.6bn)")
    last_dropped: bool = False  # whether the sentence before ended on an amount that is no support
    decisions: list[Decision] = field(default_factory=list)  # one for every money figure read
    kept: dict[int, Decision] = field(default_factory=dict)  # id(record) -> the decision that kept it
    # The first and last day a date may be: they read the environment, so once per article, not per sentence
    bounds: tuple[date, date] = field(default_factory=date_bounds)
    # Per article: what a text's cues give, so no text is read twice for the same answer.
    _memo: dict = field(default_factory=dict, repr=False)

    def converted_near(self, currency: str | None, value: float) -> bool:
        """Whether the body converts an amount into `currency` that is within 5% of `value` (of
        the conversion). The nearest conversion on either side of `value` is the one to test:
        one is looked up, not every one."""
        if self._memo.get("converted", (None,))[0] != len(self.converted):
            index: dict = {}
            for b in self.converted:
                index.setdefault(b.currency, []).append(b.value)
            self._memo["converted"] = (len(self.converted), {c: sorted(v) for c, v in index.items()})
        values = self._memo["converted"][1].get(currency, [])
        i = bisect.bisect_left(values, value)
        return any(abs(b - value) <= 0.05 * b for b in values[max(0, i - 1):i + 1])

    def memo(self, key: tuple, work):
        """`work()`, worked out once per article for `key`."""
        if key not in self._memo:
            self._memo[key] = work()
        return self._memo[key]

    def drop(self, s: Sentence, a: Amount, why: Reason) -> None:
        """Record that the figure `a` of sentence `s` is no record, and why."""
        self.decisions.append(Decision(a.text, s.start + a.start, s.start + a.end, False, [why], sentence=s.text))

    def unkeep(self, record: Pledge, why: Reason) -> None:
        """Take back a record kept earlier (a later sentence says it better), with the reason."""
        self.records = [r for r in self.records if r is not record]
        self.headings.discard(id(record))
        decision = self.kept.pop(id(record))
        decision.kept, decision.reasons = False, [why]

    def keep(self, s: Sentence, a: Amount, record: Pledge) -> None:
        d = Decision(a.text, s.start + a.start, s.start + a.end, True, [], sentence=s.text)
        self.decisions.append(d)
        self.kept[id(record)] = d

    def aid_scores(self, text: str) -> dict[str, float]:
        """aid_type_scores(text), read once per article (the caller must not change it)."""
        key = ("aid", text)
        if key not in self._memo:
            self._memo[key] = aid_type_scores(text)
        return self._memo[key]

    def said(self, key: str, text: str, section: str) -> bool:
        """cue(key, text, section), read once per article: for cues said of a whole sentence."""
        memo = ("cue", key, text, section)
        if memo not in self._memo:
            self._memo[memo] = cue(key, text, section)
        return self._memo[memo]

    def period(self, text: str, kind: str, counted: bool = True) -> str | None:
        key = ("period", text, kind, counted)
        if key not in self._memo:
            self._memo[key] = find_period(text, self.published, kind, counted)
        return self._memo[key]

    def dollar_converted(self, code: str) -> bool:
        """Whether the article converts between a bare "$" and the dollar `code` ("$2.4 billion
        Canadian dollars ($1.8 billion)", "$500 million (about C$700 million)"): then its bare "$"
        is not that dollar, but the US one."""
        def work() -> bool:
            for s in self.sentences:  # their amounts are read once, for the rules as well
                marked = mark_conversions(s.text, s.amounts, self.published)
                for b in marked:
                    if b.converts is None or not 0 <= b.converts < len(marked):
                        continue
                    pair = {_bare_or(b, code), _bare_or(marked[b.converts], code)}
                    if pair == {"$", code}:
                        return True
            return False
        return self.memo(("dollar-converted", code), work)

    # What the whole article says, worked out only when a sentence needs it.
    @cached_property
    def article_codes(self) -> Counter:
        return Counter(e.code for e in find_entities(self.text))

    @cached_property
    def main_donor(self) -> str | None:
        """The donor the article names most."""
        return next((c for c, _ in self.article_codes.most_common() if c not in NEVER_DONORS), None)

    @cached_property
    def default_aid(self) -> str:
        # What the article is about, as its headline and lead say it
        totals = aid_type_scores(self.lead)
        return max(("military", "humanitarian", "financial"), key=lambda k: totals[k])


def cue(key: str, text: str, section: str = "kind", heads: frozenset[str] | None = None) -> bool:
    """Whether `text` has a cue of the list; `heads` are the `word_keys` of its sentence."""
    return bool(cue_pattern(section, key).search(text, heads))


def _last_break(text: str) -> int:
    """Offset just past the last clause break in `text` (0 if none)."""
    last = 0
    for m in CLAUSE_BREAK.finditer(text):
        last = m.end()
    return last


def _first_break(text: str) -> int:
    m = CLAUSE_BREAK.search(text)
    return m.start() if m else len(text)


@dataclass
class Windows:
    """The words around one amount: its clause before it, the words just before
    it (back to a comma), and what follows it up to the next amount or break."""

    clause: str
    near: str
    right: str
    before: str  # the sentence up to the amount
    heads: frozenset[str]  # the sentence's word_keys


def windows_of(text: str, amounts: list[Amount], i: int, heads: frozenset[str]) -> Windows:
    a = amounts[i]
    prev_end = amounts[i - 1].end if i > 0 else 0
    before = text[prev_end:a.start]
    clause = before[_last_break(before):]
    near = clause[clause.rfind(",") + 1:]
    # The right window leaves out any conversion that restates this amount: "NOK 10bn (about
    # $950m) a year" reads ") a year"; "$300m in aid for 2024 (about ₩400bn)" reads " in aid for 2024".
    j = i + 1
    after, end = "", a.end
    while j < len(amounts) and amounts[j].converts is not None:
        conv = amounts[j]
        cut = end if joins_conversion(text[end:conv.start]) else text.rfind("(", end, conv.start)
        after += text[end:max(cut, end)]
        end = max(end, conv.end)
        j += 1
    stop = amounts[j].start if j < len(amounts) else len(text)
    after += text[end:stop]
    return Windows(clause, near, after[:_first_break(after)], text[:a.start], heads)


def cue_reason(rule: str, key: str, text: str, section: str, heads: frozenset[str]) -> Reason | None:
    """A `Reason` for the first cue of the list in `text` (its words), or None."""
    m = cue_pattern(section, key).search(text, heads)
    return Reason(rule, text[m.start():m.end()]) if m else None


def article_context(sentences: list[Sentence], text: str, published: date | None) -> Context:
    heads = [s.text for s in sentences if s.headline]
    lead = " ".join([*heads[:1], *(s.text for s in sentences if not s.headline)][:4])
    return Context(published, text=text, headline=heads[0] if heads else "", lead=lead, sentences=sentences)


def _bare_or(a: Amount, code: str) -> str | None:
    """ "$" for an amount written with a bare dollar sign, `code` for one in that currency."""
    return "$" if a.text.startswith("$") and a.currency == "USD" else (code if a.currency == code else None)
