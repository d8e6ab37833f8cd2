"""The units an article is read in: lines and sentences with their offsets, the pieces of an
over-long sentence, list items, figures set on a line of their own with their labels, and the
lines that are no part of the report (corrections, "Read also:", questions). Decides nothing
about money."""
from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from functools import cached_property

from tracker.extract.money import Amount, extract_amounts
from tracker.extract.taxonomy import word_keys
from tracker.extract.text import fold_case

_MONEY_HINT = re.compile(r"\d|illion|thousand|milliard|ллион|ллиард|тысяч", re.I)  # "полтора миллиарда евро"
# How far from an amount the cues said of its whole sentence are looked for: a real sentence is
# shorter, and a hostile one-line text of thousands of amounts stays linear.
REACH = 600
# A sentence longer than this is read in pieces (_pieces): the longest of the corpora is under 600
# characters, and a piece costs at most the square of its length.
_LONGEST_SENTENCE = 1_500
# The most items a list introduced by a colon is read with (a US drawdown lists some thirty), and
# sixty characters an item on average at most.
_LONGEST_LIST = 100
# Sentence ends: a full stop, ! or ? (and any closing quote) before a space and a capital or digit.
_SENTENCE_END = re.compile(r"[.!?][\"”’')»]*(?:\[\d{1,3}\])*\s+(?=[\"“‘'(«]*[A-Z0-9£€$А-ЯЁІЇЄҐ])"  # "...equipment.[6] Austria"
                           r"|\.(?<=[a-zäöüéè]{2}\.)(?=[A-ZÄÖÜÉ][a-zäöüéè])")  # a page that lost its spaces: "an.Norwegen"
_ABBREVIATIONS = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sen|Rep|Gov|Prof|Inc|Ltd|Co|Corp|No|vs|approx|Mrd|Mio|Mld|"
                            r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z](?:\.[A-Z])*"
                            r"|\d\s?(?i:mrd|mio|mld|mlrd|mil|tis|tys))\.$"  # "86,4 mil. Kč", "2,1 mld. eur"
                            # Russian: "в 2024 г. Литва", "т.е. Киев", "по 5 тыс. Гривен", "В. Зеленский"
                            r"|(?:\b(?:г|гг|т\.[едпк]|руб|долл|грн|тыс|млн|млрд|трлн)|\b[А-ЯЁ])\.$")
# Where a clause ends: what lies beyond speaks of something else
# ("C$20 million to extend its training mission, which has trained 45,000 troops since 2015").
CLAUSE_BREAK = re.compile(r";|:|,\s+(?:which|while|whereas|whose|but|although|though|after|before)\b|,\s+(?=on top of|in addition to)"
                           r"|\s[–—-]\s(?:(?<!\d\s[–—-]\s)|(?!\d))|,\s+(?=(?!covering|spanning|running|lasting)[a-z]+ing\b)|,\s+and\s+(?:the\s+)?(?=[A-Z])")
_ASIDE = re.compile(r"^\W*(?:corrections?|clarifications?|editor.s notes?|read (?:also|more)|related|see also|"
                    r"(?:photo )?captions?|photo|picture|nota della redazione|note de la rédaction)\b[^:\n]{0,40}:"
                    r"|\b(?:an earlier|a previous) (?:version|update)\b|\bupdated\b[^.\n]{0,40}\bto correct\b|\bmisstated\b|\bthis (?:post|story|article) (?:was|has been) (?:amended|corrected|updated)",
                    re.I | re.M)
_LINKS = re.compile(r"\W*(?:read|related|see also)", re.I)
# A word each form of _ASIDE has, so that most texts are never searched for it.
_ASIDE_HINTS = ("correct", "clarif", "editor", "read also", "read more", "related", "see also", "caption", "photo",
                "picture", "nota della", "note de la", "earlier version", "earlier update", "previous version",
                "previous update", "misstated", "this post",
                "this story", "this article")
_FIGURE_REST = re.compile(r"\W*(?:(?:more than|over|about|around|nearly|almost|some|up to|at least|roughly|"
                          r"approximately|close to|just over|just under|under|above)\s+)?", re.I)  # "More than "
QUESTION = re.compile(r"\?[\"”’')]*$")
ELSEWHERE = re.compile(r"\b(?:alongside|on top of|in addition to|separately|besides|apart from|unlike)\b", re.I)
# A sentence that goes on about the money just stated ("The package contains ...", "Most of the money ...").
CONTINUATION = re.compile(
    r"^[\"“]?(?:(?:The|This|That|These|Its) (?:\w+ )?(?:package|packages|money|sum|funding|funds|aid|contract|"
    r"contracts|drawdown|deal|programme|program|grant|grants|loan|tranche|assistance|support|purchase|order|"
    r"contribution|commitment|pledge)\b|It (?:will|includes|covers|contains|pays|buys|consists)|"
    r"(?:Most|Much|All|Part|Some|Half) of (?:the|this|it)\b|Under the|Of (?:the|this) (?:total|sum|amount|money)?)")
FINAL_STOP = re.compile(r"[.!?][\"”’']*(?:\[\d{1,3}\])*$")
_FURNITURE = re.compile(r"[A-Za-z]+(?: [A-Za-z]+){0,2}")  # "All news": three words at most, no digit, no stop
LIST_ITEM = re.compile(r"^(?:[-–—•*·▪●]|\(?\d{1,2}[.)])\s+")  # "- 155mm artillery rounds;", "2) radars"


@dataclass
class Sentence:
    start: int
    text: str
    headline: bool
    # A piece of an over-long sentence: the span of `text` whose amounts it reads (the rest is
    # the sentence around it, for their windows); None for a whole sentence.
    own: tuple[int, int] | None = None

    @cached_property
    def amounts(self) -> list[Amount]:
        """The amounts in the sentence, before any conversion is recognised."""
        return extract_amounts(self.text) if _MONEY_HINT.search(self.text) else []

    @cached_property
    def heads(self) -> frozenset[str]:
        """The first letters of its words: which cues can be in it, or in any part of it."""
        return word_keys(self.text)


def split_sentences(text: str) -> list[Sentence]:
    """Lines, then sentences within each line, with their offsets in `text`.
    A first line without final punctuation, followed by more text, is the headline."""
    out: list[Sentence] = []
    offset = 0
    lines = text.split("\n")
    # ... not a site's word or two above it ("All news", "Menu"), when a longer line follows
    first_text_line = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first_text_line is not None and _FURNITURE.fullmatch(lines[first_text_line].strip()):
        after = next((i for i, line in enumerate(lines) if i > first_text_line and line.strip()), None)
        if after is not None and len(lines[after].split()) > 3:
            first_text_line = after
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped:
            headline = (i == first_text_line and len(lines) > i + 1 and not FINAL_STOP.search(stripped))
            start = 0
            for m in _SENTENCE_END.finditer(line):
                # (the longest abbreviation is six characters: the search looks at the end only)
                if _ABBREVIATIONS.search(line, max(start, m.start() - 8), m.start() + 1) and line[m.start()] not in "!?":
                    continue
                out.append(Sentence(offset + start, line[start:m.start() + 1], headline))
                start = m.end()
            tail = line[start:].rstrip()
            if tail.strip():
                lead = len(tail) - len(tail.lstrip())
                out.append(Sentence(offset + start + lead, tail.strip(), headline))
        offset += len(line) + 1
    for s in out:
        lead = len(s.text) - len(s.text.lstrip())
        s.start += lead
        s.text = s.text.strip()
    return [p for s in out for p in _pieces(s)]


def _pieces(s: Sentence) -> list[Sentence]:
    """A sentence longer than _LONGEST_SENTENCE as pieces, each reading the amounts of its own
    part (cut at a clause break, else at a space) with REACH characters of the sentence on
    either side, so that an amount near a cut keeps its windows and a one-line text of
    thousands of amounts, names or dates is read in time linear in its length."""
    text = s.text
    if len(text) <= _LONGEST_SENTENCE:
        return [s]
    out = []
    own_start = 0
    while own_start < len(text):
        own_end = _cut(text, own_start)
        lo, hi = _space_after(text, max(0, own_start - REACH)), _space_before(text, own_end + REACH)
        out.append(Sentence(s.start + lo, text[lo:hi], s.headline, own=(own_start - lo, own_end - lo)))
        own_start = own_end
    return out


def _cut(text: str, start: int) -> int:
    """Where the piece of `text` from `start` ends: after the last clause break in the second
    half of the longest piece, else after its last space, else at the longest piece."""
    limit = start + _LONGEST_SENTENCE
    if limit >= len(text):
        return len(text)
    half = start + _LONGEST_SENTENCE // 2
    last = None
    for m in CLAUSE_BREAK.finditer(text, half, limit):
        last = m.end()
    if last is None:
        space = text.rfind(" ", half, limit)
        last = space + 1 if space >= 0 else limit
    return last


def _space_after(text: str, pos: int) -> int:
    """`pos`, or just past the first space within 40 characters after it (not inside a word)."""
    if pos == 0:
        return 0
    space = text.find(" ", pos, pos + 40)
    return space + 1 if space >= 0 else pos


def _space_before(text: str, pos: int) -> int:
    """`pos` (at most the text's end), or the last space within 40 characters before it."""
    if pos >= len(text):
        return len(text)
    space = text.rfind(" ", pos - 40, pos)
    return space if space >= 0 else pos


def is_section_heading(text: str) -> bool:
    """Whether a line heads a section: no sentence, and neither a list item nor a line that
    introduces one (which `heading` in _pledges_in, for restatements, counts too)."""
    return not FINAL_STOP.search(text) and not text.endswith((";", ",", ":")) and not LIST_ITEM.match(text)


def list_after(body: list[Sentence], k: int) -> list[Sentence]:
    """The items of the list that sentence `k` introduces: the lines after it that carry a
    list mark or end without a full stop ("- 12 Bradley Infantry Fighting Vehicles;")."""
    items, size = [], 0
    for j in range(k + 1, min(len(body), k + 1 + _LONGEST_LIST)):
        b = body[j]
        marked = bool(LIST_ITEM.match(b.text))
        size += len(b.text)
        if not (marked or b.text.endswith((";", ",")) or not FINAL_STOP.search(b.text)) or size > _LONGEST_LIST * 60:
            break
        items.append(b)
    return items


def figures_with_their_labels(text: str, sentences: list[Sentence]) -> list[Sentence]:
    """A line that is only an amount ("€2.3bn", "More than €10bn"), as a "week in numbers" column
    or an infographic sets it, read together with the sentence on the line under it that says what
    it is ("The package of agreements the European Commission signed in Rome on Thursday ..."), unless
    that sentence states the amount itself."""
    out: list[Sentence] = []
    i = 0
    while i < len(sentences):
        s = sentences[i]
        label = sentences[i + 1] if i + 1 < len(sentences) else None
        if label is not None and not s.headline and _is_figure_line(text, s) \
                and not any(b.start == 0 or b.value == s.amounts[0].value for b in label.amounts) \
                and text.count("\n", s.start, label.start) == 1 and not text[s.start + len(s.text):label.start].strip():
            out.append(Sentence(s.start, text[s.start:label.start + len(label.text)], False))
            i += 2
            continue
        out.append(s)
        i += 1
    return out


def _is_figure_line(text: str, s: Sentence) -> bool:
    """Whether a sentence is a whole line holding one amount and at most a qualifier ("More than €10bn")."""
    if len(s.text) > 40 or len(s.amounts) != 1 or (s.start and text[s.start - 1] != "\n"):
        return False
    a = s.amounts[0]
    return bool(_FIGURE_REST.fullmatch(s.text[:a.start])) and not s.text[a.end:].strip(" :")


def without_asides(text: str, sentences: list[Sentence]) -> list[Sentence]:
    """The sentences less those of a correction or an editor's note (which speak of the
    article) and of a "Read also:" line (which names another one): from where such a line
    says so to the end of the line, and a list of links under a "Read more:" line."""
    low = fold_case(text)
    if not any(map(low.__contains__, _ASIDE_HINTS)):
        return sentences
    spans = []
    for m in _ASIDE.finditer(text):
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        if _LINKS.match(m.group()) and not text[m.end():line_end].strip():
            # "Read more:" and a list of other articles' titles under it
            while line_end < len(text) and LIST_ITEM.match(text[line_end + 1:line_end + 8]):
                line_end = text.find("\n", line_end + 1) % (len(text) + 1)
        spans.append((text.rfind("\n", 0, m.start()) + 1, m.end(), line_end))
    if not spans:
        return sentences
    # A sentence goes when a span it starts in says its aside before the sentence ends. One pass
    # over both in the order of their starts, with the spans begun and not yet ended in a heap,
    # the one whose aside is said first on top.
    out, begun, i = [], [], 0
    for s in sentences:
        while i < len(spans) and spans[i][0] <= s.start:
            heapq.heappush(begun, spans[i][1:])
            i += 1
        while begun and begun[0][1] <= s.start:
            heapq.heappop(begun)
        if not (begun and begun[0][0] <= s.start + len(s.text)):
            out.append(s)
    return out
