"""Amounts of money in text: number, magnitude, currency, qualifier and span.

Owns the grammar of written amounts ("£4.5bn", "NOK 1.5 billion", "half a
billion euros", "between €1bn and €2bn", "€1,5 Mrd"); that a second currency in
brackets is the same money converted is `conversions.py`'s rule. It knows nothing of
donors or pledges; the currency words and symbols are data in `_money_data`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from tracker.extract import _money_data as data
from tracker.extract.text import fold_case

# Spaces that may stand between a number and its unit: plain, no-break, thin, narrow no-break.
_SPACES = " \u00a0\u2009\u202f"
_SP = f"[{_SPACES}]"


def _alternation(words) -> str:
    """A regex alternation of literal words, longest first so 'bn' loses to 'billion'."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _first_letter(words) -> str:
    """A lookahead for the first characters of `words`. `re` tries the branches of a
    case-insensitive alternation one by one, so where none can start (most places) the
    lookahead fails in one test instead of dozens; it never changes what matches."""
    return "(?=[" + "".join(sorted({re.escape(w[0]) for w in words})) + "])"


def _guarded(words) -> str:
    """`_alternation(words)` behind `_first_letter(words)`."""
    return f"{_first_letter(words)}(?:{_alternation(words)})"


def _case_variants(char: str) -> set[str]:
    """What `re.I` takes for `char`: 's' -> {'s', 'S', 'ſ'}."""
    variants = {char, char.lower(), char.upper(), "\u0130", "\u0131", "\u017f", "\u212a"}
    return {v for v in variants if re.fullmatch(re.escape(char), v, re.I)}


def _same_letter(char: str) -> str:
    """A case-sensitive class of what `re.I` takes for `char`: 's' -> '[Ssſ]'."""
    return "[" + "".join(sorted(re.escape(v) for v in _case_variants(char))) + "]"


def _words(words) -> str:
    """`_guarded(words)` for a case-insensitive pattern, its words grouped by first
    character: `re` skips a branch that opens with a case-sensitive class not matching
    in one test, but tries a case-insensitive one in full, so each group opens with
    `_same_letter` of its character. Matches what `_guarded(words)` matches."""
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        groups.setdefault(word[0].lower(), []).append(word[1:])
    branches = (f"(?-i:{_same_letter(first)})(?:{'|'.join(re.escape(rest) for rest in rests)})"
                for first, rests in groups.items())
    return f"{_first_letter(words)}(?:{'|'.join(branches)})"


_WORD_NUMBER = (
    rf"{_first_letter(data.UNITS + data.TEENS + data.TENS + tuple(data.RU_NUMBER_WORDS) + ('a', 'half', 'three'))}"
    r"(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine)\s+and\s+a\s+half"  # "one and a half"
    r"|half\s+an?|a\s+quarter\s+of\s+an?|three\s+quarters\s+of\s+an?"              # "half a billion"
    rf"|(?:(?:{_alternation(data.TENS)})(?:[-\s](?:{_alternation(data.UNITS)}))?"  # "twenty-five"
    rf"|{_alternation(data.UNITS)}|{_alternation(data.TEENS)}|an?)"
    r"(?:\s+hundred)?"                                                              # "three hundred"
    rf"|(?:{_alternation(data.RU_NUMBER_WORDS)})(?:\s+(?:{_alternation(data.RU_NUMBER_WORDS)})){{0,2}}"
    r"(?!\w))"                                                                      # "двадцать пять", "полтора"
)
# Digits: "1,000,000,000", "1 000 000", "5.000.000" (dots between thousands), "12.5",
# "1,5" (a decimal comma), "1.2". Groups after spaces are at most six (10**21): each "000" of
# a longer run would be another start scanning the rest of it.
_DIGITS = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?![\d,])|\d{{1,3}}(?:{_SP}\d{{3}}){{1,6}}(?!\d)|\d{{1,3}}(?:\.\d{{3}}){{2,}}(?![\d.])"
    rf"|\d+(?:[.,]\d+)?)"
)
# "1.000 millones", "13.100 million euros": a dot between thousands, as continental Europe writes them
_DOT_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_MAGNITUDE_WORDS = _words([w for w in data.SCALE_WORDS if len(w) > 1 or w in "kmb"])
_CODES = _guarded(sorted(data.ISO_CODES))
_PREFIX = _words(data.PREFIX_SYMBOLS)
_SUFFIX = _words(data.SUFFIX_WORDS)

_AMOUNT = re.compile(
    rf"""
    (?:(?<![\w$£€¥₴₽₩/.,-])|(?<=[-–])(?=[$£€¥₴₽₩]))           # not inside a word or number ("F-16",
    (?:                                                     # "A$50"), but "€1bn-€2bn"
        (?P<pre>{_PREFIX}|(?-i:{_CODES})(?={_SP}?\d))      # "€", "US$", "NOK " before the number
        {_SP}?
        (?P<num>{_DIGITS})
        (?:{_SP}?[-–]{_SP}?(?P<hi>{_DIGITS}))?             # "€1-2bn": a range
        (?:(?:{_SP}|-)?(?P<mag>{_MAGNITUDE_WORDS})(?![a-zA-Zа-яА-ЯёЁ]))?  # "bn", " billion", "-million"
        (?:{_SP}(?P<pre_word>{_SUFFIX})(?![a-zA-Zа-яА-ЯёЁ]))?      # "$2bn dollars" (rare, tolerated)
    |
        (?:
            (?P<num2>{_DIGITS})
            (?:{_SP}?[-–]{_SP}?(?P<hi2>{_DIGITS}))?
            (?:(?:{_SP}|-)?(?P<mag2>{_MAGNITUDE_WORDS})\.?(?![a-zA-Zа-яА-ЯёЁ]))?          # "2,7 Mrd. Euro"
        |
            (?P<wnum>{_WORD_NUMBER}){_SP}+(?P<wmag>{_MAGNITUDE_WORDS})(?![a-zA-Zа-яА-ЯёЁ])  # "half a billion"
        )
        {_SP}?(?:(?:of|de|di){_SP}|d['’])?                  # "21 billion euros", "3 milliards d'euros"
        (?P<suf>{_SUFFIX}|(?-i:{_CODES})(?![A-Za-z]))      # "21 billion euros", "760 million zł", "5bn NOK"
        (?![a-zA-Zа-яА-ЯёЁ])                                 # not "5 евроцентов"
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Where an amount can start. Scanning the grammar above at every position is slow, so it
# is tried only where a number begins: at a digit, or at the symbol or code just before
# it ("€", "NOK "), or at the number word before a magnitude ("half a billion euros").
_NUMBER_RUN = re.compile(r"\d+")
_PREFIX_BEFORE = re.compile(rf"(?:{_PREFIX}|(?-i:{_CODES})){_SP}?$", re.I)
# The last character of every symbol and code: a number after any other has no prefix,
# and this one test spares the search above at most numbers ("in 2022", "27 states").
_PREFIX_LAST = frozenset({v for w in data.PREFIX_SYMBOLS for v in _case_variants(w[-1])}
                         | {code[-1] for code in data.ISO_CODES})
# Symbols of one character that end no longer symbol or code, and what else than a letter
# stands second last in those ('.' of "U.S.$"): "€" after anything else is the whole prefix.
_SYMBOLS_ALONE = frozenset(w for w in data.PREFIX_SYMBOLS if len(w) == 1 and _case_variants(w) == {w}) - {
    w[-1] for w in (*data.PREFIX_SYMBOLS, *data.ISO_CODES) if len(w) > 1}
_PREFIX_INNER = frozenset(w[-2] for w in (*data.PREFIX_SYMBOLS, *data.ISO_CODES)
                          if len(w) > 1 and not w[-2].isalpha())
_MAGNITUDE_WORD_ENDS = ("illion", "thousand", "milliard",  # "b" + "illion": the end of every long scale word
                        "ллион", "ллиард", "тысяч", "млн", "млрд", "трлн")  # "полтора миллиарда", "две тысячи", "сто млн"
_WORD_NUMBER_BEFORE = re.compile(rf"(?<![\w-])(?:{_WORD_NUMBER}){_SP}+$", re.I)

# What stands before an amount and qualifies it. 'some £3bn' means about;
# 'has passed 110 billion' means at least; a range is handled apart.
_QUALIFIER_BEFORE = [
    (re.compile(rf"\b(?:{_words(words)}){_SP}+(?:a{_SP}+record{_SP}+|an{_SP}+estimated{_SP}+)?$", re.I), q)
    for q, words in data.QUALIFIER_WORDS.items()
]


def _by_last_two(phrases: dict[str | None, tuple[str, ...]]) -> dict[str, list[tuple[str, str | None]]]:
    """(phrase, key) pairs, lower case, by the last two characters of the phrase."""
    index: dict[str, list[tuple[str, str | None]]] = {}
    for key, words in phrases.items():
        for word in words:
            index.setdefault(word.lower()[-2:], []).append((word.lower(), key))
    return index


# The phrases above by their last two characters: a text before an amount that ends in none
# of them (most do not) has no qualifier. "a record" or "an estimated" may stand between a
# phrase and the amount, so a text ending in those could have any qualifier (None).
_QUALIFIER_ENDS = _by_last_two({**data.QUALIFIER_WORDS, None: ("record", "estimated")})
_BETWEEN = re.compile(
    rf"\bbetween{_SP}+(?P<lo>{_DIGITS}|{_WORD_NUMBER})(?:{_SP}?(?P<mag>{_MAGNITUDE_WORDS}))?{_SP}+and{_SP}+$",
    re.I)
_LAWMAKERS = re.compile(r"\b(?:congress|house|senate|parliament|lawmakers|legislators|mps|deputies|assembly|"
                        r"bundestag|storting|riksdag|folketing|eduskunta|sejm|diet|knesset|rada|chamber)\b")
# ... "от 1 до 2 млрд евро" in Russian, but "с 4 до 8 млрд" (from 4 to 8) is a change, as "from" is
_TO_BEFORE = re.compile(
    rf"(?<![\w.,$£€¥])(?<!from{_SP})(?<!\bс{_SP})(?P<lo>{_DIGITS})(?:{_SP}?(?P<mag>{_MAGNITUDE_WORDS}))?{_SP}+(?:to|до){_SP}+$",
    re.I)
# "увеличила помощь до 2 млрд евро" (raised its aid to), "с 4 до 8 млрд": "до" says a new level, not "up to"
_RAISED_TO = re.compile(r"(?:\b(?:увелич|повы[сш]|подня|подним|довед|довел|довод|вырос|выраст|возрос|сократ|сниз|"
                        r"уменьш)\w*(?:\s+\S+){0,4}?|\bс\s+\S+(?:\s+\S+)?)\s+до$")
# "rises from NOK 22.5 billion to ...": text ending here puts the amount after it as a level left behind
FROM_BEFORE = re.compile(r"\bfrom\s+(?:about\s+|around\s+|roughly\s+|some\s+)?$", re.I)
_RANGE_JOIN = re.compile(rf"^{_SP}*(?:and|to|[-–]){_SP}*$", re.I)
_BETWEEN_BEFORE = re.compile(r"\bbetween\W*$", re.I)


@dataclass(frozen=True)
class Amount:
    """One amount of money found in text. `currency` is an ISO 4217 code, or
    None when the text leaves it to context ("kroner": NOK or DKK); then
    `options` lists the candidates, most likely first."""

    value: float
    currency: str | None
    start: int
    end: int
    text: str
    qualifier: str = "exact"
    options: tuple[str, ...] = ()
    upper: float | None = None
    converts: int | None = None  # index of the amount this one restates in another currency


def _word_number(words: str) -> float | None:
    """ "two" -> 2, "half a" -> 0.5, "twenty-five" -> 25, "three hundred" -> 300.

    >>> [_word_number(w) for w in ("a", "half a", "one and a half", "twenty-five", "three hundred")]
    [1.0, 0.5, 1.5, 25.0, 300.0]
    >>> [_word_number(w) for w in ("полтора", "две", "двадцать пять", "триста пятьдесят")]
    [1.5, 2.0, 25.0, 350.0]
    """
    w = re.sub(r"\s+", " ", words.lower().replace("-", " ")).strip()
    if w.split()[0] in data.RU_NUMBER_WORDS:  # Russian: the words' values add up ("сто двадцать" is 120)
        parts = [data.RU_NUMBER_WORDS.get(part) for part in w.split()]
        return None if None in parts else float(sum(parts))
    if w.startswith("half "):
        return 0.5
    if w.startswith("a quarter"):
        return 0.25
    if w.startswith("three quarters"):
        return 0.75
    half = 0.5 if w.endswith(" and a half") else 0.0
    w = w.removesuffix(" and a half")
    hundred = w.endswith(" hundred")
    w = w.removesuffix(" hundred")
    total = 0.0
    for part in w.split():
        if part in ("a", "an"):
            total += 1
        elif part in data.NUMBER_WORDS:
            total += data.NUMBER_WORDS[part]
        else:
            return None
    total = total * 100 if hundred else total
    return total + half


_SPACE = re.compile(_SP)
_SPACE_RUN = re.compile(f"{_SP}+")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def parse_number(text: str) -> float | None:
    """A number as written in an amount: digits with thousands separators or a
    decimal comma, or words.

    >>> [parse_number(s) for s in ("1,000,000,000", "1,5", "12.5", "1 000", "two", "half a")]
    [1000000000.0, 1.5, 12.5, 1000.0, 2.0, 0.5]
    """
    s = text.strip()
    if not s:
        return None
    if s.isdecimal():  # most are: "450", "2"
        return float(s)
    if s[0].isdigit():
        s = _SPACE.sub("", s)
        if s.count(".") > 1 and _DOT_THOUSANDS.fullmatch(s):  # "5.000.000"
            s = s.replace(".", "")
        if "," in s and _THOUSANDS.fullmatch(s):
            s = s.replace(",", "")
        else:
            s = s.replace(",", ".")  # "€1,5 Mrd": a decimal comma
        try:
            return float(s)
        except ValueError:
            return None
    return _word_number(s)


def _scale(word: str | None) -> float:
    return data.SCALE_WORDS[_scale_key(word)] if word else 1.0


def _scale_key(word: str) -> str:
    """A magnitude word as SCALE_WORDS has it: as written ("mil.", Czech for million), else without its dot ("Mrd.")."""
    low = word.lower()
    return low if low in data.SCALE_WORDS else low.rstrip(".")


@lru_cache(maxsize=1024)
def _currency(token: str) -> tuple[str | None, tuple[str, ...]]:
    """A currency token to (code, options); code None when context must decide."""
    t = _SPACE_RUN.sub(" ", token.strip()).lower()
    if t.upper() in data.ISO_CODES and token.strip().isupper():
        return t.upper(), ()
    options = data.CURRENCY_TOKENS.get(t) or data.CURRENCY_TOKENS.get(t.rstrip("s"))
    if options is None:
        return None, ()
    if len(options) == 1:
        return options[0], ()
    return None, tuple(options)


def _from_match(m: re.Match, text: str, low: str) -> Amount | None:
    """The amount `_AMOUNT` matched, qualified by the words before it; `low` is `fold_case(text)`."""
    num, num2, wnum, hi, hi2, mag, mag2, wmag, pre, suf = m.group(
        "num", "num2", "wnum", "hi", "hi2", "mag", "mag2", "wmag", "pre", "suf")
    value = parse_number(num or num2 or wnum)
    if value is None:
        return None
    mag = mag or mag2 or wmag
    digits = num or num2
    if mag and digits and "." in digits and _DOT_THOUSANDS.fullmatch(digits) \
            and (digits.endswith("00") or _scale_key(mag) in data.EUROPEAN_SCALE):
        value = float(digits.replace(".", ""))  # "1.000 million euros" in a translation: a thousand million
    scale = _scale(mag)
    code, options = _currency(pre or suf)
    said_after = m.group("pre_word")
    if pre and said_after and pre.strip() == "$":
        # "$2.4 billion Canadian dollars": the words after say which dollar the sign is
        named, _ = _currency(said_after)
        if named in data.DOLLARS:
            code, options = named, ()
    if code is None and not options:
        return None
    upper = None
    qualifier = "exact"
    hi = hi or hi2
    if hi:
        hi_value = parse_number(hi)
        if hi_value is not None and hi_value > value:
            upper, qualifier = hi_value * scale, "at_least"
    start = m.start()
    said = _said_before(low, start)
    qualifier = _qualifier(text, said, start) or qualifier
    amount = Amount(value * scale, code, start, m.end(), m.group(0), qualifier, options, upper)
    return _between(text, said, amount) if said.endswith(("and", "to", "до")) else amount


def _said_before(low: str, start: int) -> str:
    """The last 40 characters before `start` in `low`, trailing spaces removed, when they
    end in a space as every qualifying phrase does ("more than €9bn"); else ''."""
    end = start - 1 if start and low[start - 1] == "\n" else start  # `$` matches before a final newline too
    if not end or low[end - 1] not in _SPACES:
        return ""
    return low[max(0, start - 40):end].rstrip(_SPACES)


def _qualifier(text: str, said: str, start: int) -> str | None:
    """The qualifier the words before `start` give an amount ('more than €9bn'), if any;
    `said` is `_said_before(fold_case(text), start)`."""
    if said[-2:] not in _QUALIFIER_ENDS and said[-1:] not in _QUALIFIER_ENDS:
        return None  # no qualifying phrase ends so: most amounts
    window = max(0, start - 40)
    if said.endswith(("record", "estimated")):  # "over a record €5bn": left to the patterns
        before = text[window:start]
        hits = [(m.start(), q) for pattern, q in _QUALIFIER_BEFORE if (m := pattern.search(before))]
        return min(hits)[1] if hits else None
    # What the patterns would find, without running them: each phrase that ends `said` and
    # begins on a word boundary. The longest phrase wins: "no more than" is at most, not
    # "more than"; it is the one that starts first.
    best = None
    for phrase, q in (*_QUALIFIER_ENDS.get(said[-2:], ()), *_QUALIFIER_ENDS.get(said[-1:], ())):
        if phrase in ("passed", "passes") and _LAWMAKERS.search(said):
            continue  # "The House passed $61bn in aid": a bill, not a threshold
        if phrase == "до" and _RAISED_TO.search(said):
            continue
        if said.endswith(phrase):
            at = window + len(said) - len(phrase)
            if _is_word(text[at]) != (at > window and _is_word(text[at - 1])) and (best is None or (at, q) < best):
                best = (at, q)
    return best[1] if best else None


def _is_word(char: str) -> bool:
    r"""What `\w` matches: a letter, digit or underscore."""
    return char.isalnum() or char == "_"


def _between(text: str, said: str, amount: Amount) -> Amount:
    """'between €1bn and 2bn', '1.5 to 2 billion euros' as one amount from its lower bound;
    other amounts as they are ('from 1.5 to 2 billion euros' is a change: its new figure)."""
    before = text[max(0, amount.start - 40):amount.start]
    if said.endswith("and"):
        between = _BETWEEN.search(before) if "between" in said else None
    else:
        between = _TO_BEFORE.search(before) if amount.text[:1].isdigit() else None
    if between:
        lo = parse_number(between.group("lo"))
        if lo is not None:
            scale = _scale(between.group("mag")) if between.group("mag") else amount.value / (
                parse_number(re.split(rf"{_SP}", amount.text.lstrip("$£€¥"), maxsplit=1)[0]) or 1)
            start = amount.start - len(before) + between.start()
            if lo * scale >= amount.value:
                return amount
            return replace(amount, value=lo * scale, upper=amount.value, qualifier="at_least", start=start,
                           text=text[start:amount.end])
    return amount


def _join_ranges(text: str, amounts: list[Amount]) -> list[Amount]:
    """'between €1bn and €2bn', '€1bn to €2bn': one amount, its lower bound, at least."""
    out: list[Amount] = []
    for a in amounts:
        prev = out[-1] if out else None
        if (prev and prev.upper is None and prev.currency == a.currency and a.value > prev.value
                and _RANGE_JOIN.match(text[prev.end:a.start])
                and (_BETWEEN_BEFORE.search(text[max(0, prev.start - 12):prev.start])
                     or text[prev.end:a.start].strip() in ("-", "–", "to"))
                and not FROM_BEFORE.search(text, max(0, prev.start - 16), prev.start)):  # "rises from X to Y"
            out[-1] = replace(prev, qualifier="at_least", upper=a.value, end=a.end, text=text[prev.start:a.end])
            continue
        out.append(a)
    return out


def extract_amounts(text: str) -> list[Amount]:
    """Every amount of money in `text`, in order, with its qualifier.

    >>> [(a.value, a.currency, a.qualifier) for a in extract_amounts("more than €9bn and up to PLN 300 million")]
    [(9000000000.0, 'EUR', 'at_least'), (300000000.0, 'PLN', 'at_most')]
    """
    starts = set()
    for d in _NUMBER_RUN.finditer(text):
        p = d.start()
        if p and text[p - 1] in ".,":  # "1.5", "1,000": inside a number
            continue
        starts.add(p)
        # Where a symbol or code before the number would end: before a space, if one
        # stands there, and before a final newline, where `$` matches too.
        end = p - 1 if p and text[p - 1] == "\n" else p
        end = end - 1 if end and text[end - 1] in _SPACES else end
        if end and text[end - 1] in _PREFIX_LAST:
            start = _prefix_start(text, p, end)
            if start is not None:
                starts.add(start)
    low = fold_case(text)
    for word_end in _MAGNITUDE_WORD_ENDS:
        word = low.find(word_end)
        while word >= 0:
            starts.update(_word_number_start(text, word))
            word = low.find(word_end, word + 1)
    if not starts:
        return []
    found, last_end = [], -1
    for p in sorted(starts):
        if p < last_end:
            continue
        m = _AMOUNT.match(text, p)
        if m:
            amount = _from_match(m, text, low)
            if amount is not None:
                found.append(amount)
                last_end = m.end()
    if found and _AND_MORE.search(text, found[0].end):
        found = _with_currency_said_before(text, low, found)
    return _join_ranges(text, found) if len(found) > 1 else found


# "thirty-three billion euros will be lent and seventeen billion given", "€2 billion this year and
# 3 billion next year": a figure with a scale word and no currency, joined to an amount before it
# by 'and' or 'plus' with no name between ("NOK 5bn and Sweden 2bn" may be another currency), and
# followed by a word that does not make it a count of something ("300 million people").
_AND_MORE = re.compile(r"\b(?:and|plus)\b", re.I)
_BARE = re.compile(
    rf"(?<![\w$£€¥₴₽₩/.,-])(?:(?P<num>{_DIGITS})|(?P<wnum>{_WORD_NUMBER})){_SP}*-?(?P<mag>{_MAGNITUDE_WORDS})\.?"
    rf"(?=\s*(?:$|[,.;:)]|(?:in|for|to|of|this|next|a year|per|each|annually|will|would|is|are|was|were|went|"
    rf"goes|go|from|over|by|on|more)\b))", re.I)
_JOINED = re.compile(r"(?:(?!(?!Ukrain|Kyiv)[A-Z][a-z])[^.;:!?$€£¥₴₽₩()]){0,50}?\b(?:and|plus)\b"
                     r"(?:(?!(?!Ukrain|Kyiv)[A-Z][a-z])[^.;:!?$€£¥₴₽₩()\d]){0,30}")


def _with_currency_said_before(text: str, low: str, found: list[Amount]) -> list[Amount]:
    """`found` with the figures that take the currency of the amount before them."""
    added: list[Amount] = []
    j, prev = 0, None  # the next amount of `found`, the last amount before the figure (found or added)
    for figure in bare_figures(text, found[0].end, low):
        while j < len(found) and found[j].end <= figure.start:
            prev = found[j] if prev is None or found[j].end > prev.end else prev
            j += 1
        if j < len(found) and found[j].start <= figure.start:
            continue  # inside an amount
        if prev is None or prev.currency is None or not _JOINED.fullmatch(text, prev.end, figure.start):
            continue
        prev = replace(figure, currency=prev.currency)
        added.append(prev)
    return sorted(found + added, key=lambda a: a.start)


def bare_figures(text: str, pos: int = 0, low: str | None = None) -> list[Amount]:
    """The figures with a scale word and no currency in `text` from `pos` ("Of the 85 billion, about
    17 billion is civilian support"), with currency None, for the caller to give one; `low` is
    `fold_case(text)` if the caller has it.

    >>> [(a.value, a.qualifier) for a in bare_figures("Of the 85 billion, about 17 billion is civilian")]
    [(85000000000.0, 'exact'), (17000000000.0, 'about')]
    """
    low = fold_case(text) if low is None else low
    out = []
    for m in _BARE.finditer(text, pos):
        value = parse_number(m.group("num") or m.group("wnum"))
        if value is not None:
            qualifier = _qualifier(text, _said_before(low, m.start()), m.start()) or "exact"
            out.append(Amount(value * _scale(m.group("mag")), None, m.start(), m.end(), m.group(0), qualifier))
    return out


def _prefix_start(text: str, number: int, end: int) -> int | None:
    """Where the symbol or code ending at `end`, just before the number at `number`,
    begins: the first place `_PREFIX_BEFORE` matches, or None."""
    if text[end - 1] in _SYMBOLS_ALONE and (
            end < 2 or not (text[end - 2].isalpha() or text[end - 2] in _PREFIX_INNER)):
        return end - 1  # "€5bn", "(£66bn": no longer symbol can end here
    before = _PREFIX_BEFORE.search(text, max(0, number - 8), number)
    return before.start() if before else None


def _word_number_start(text: str, word: int) -> list[int]:
    """Where a number in words begins before the scale word around `word`, as in
    "half a billion": [] or [position]."""
    while word > 0 and text[word - 1].isalpha():  # "b" + "illion"
        word -= 1
    # A number word (every one ends in a letter) and spaces stand right before the scale
    # word, or before a final newline, where `$` matches too.
    end = word - 1 if word and text[word - 1] == "\n" else word
    spaces = end
    while spaces > 0 and text[spaces - 1] in _SPACES:
        spaces -= 1
    if spaces == end or not spaces or not text[spaces - 1].isalpha():
        return []
    before = _WORD_NUMBER_BEFORE.search(text, max(0, word - 48), word)
    return [before.start()] if before else []


def parse_amount(text: str) -> Amount | None:
    """The first amount of money in a short string, or None.

    >>> a = parse_amount("£4.5bn"); (a.value, a.currency)
    (4500000000.0, 'GBP')
    """
    found = extract_amounts(text)
    return found[0] if found else None
