"""Donor names and cue words, loaded from the reviewed files in data/.

Owns the mapping from a name as written ("Britain", "Norwegian", "Ottawa",
"the Pentagon", "the Ramstein group") to a code of the pledge schema, and the
compiled cue patterns. It decides nothing about a sentence: extract does.
"""
from __future__ import annotations

import csv
import re
import re._constants as _sre
import re._parser as _sre_parse
import tomllib
from dataclasses import dataclass
from functools import lru_cache, cache
from pathlib import Path

import pycountry

from tracker.extract.text import MONTHS, fold_case

DATA = Path(__file__).resolve().parent  # cues.toml and donor_aliases.csv, beside the code that reads them
GROUPS = frozenset({"EU", "NATO", "UDCG", "G7", "IMF", "WB", "EIB", "EBRD", "UN"})
# Recognised so that they are never taken for donors: the recipient and the aggressor.
NEVER_DONORS = frozenset({"UKR", "RUS"})
# Lenders whose money is financial unless the text says otherwise.
FINANCIAL_INSTITUTIONS = frozenset({"IMF", "WB", "EIB", "EBRD"})


@dataclass(frozen=True)
class Entity:
    """A donor (or Ukraine, or Russia) named in text."""

    code: str
    start: int
    end: int
    text: str
    role: str  # name, adjective, capital, metonym or leader


@lru_cache(maxsize=1)
def load_aliases() -> dict[str, tuple[str, str]]:
    """alias as written -> (code, role): donor_aliases.csv, plus pycountry's
    names of every country ("Korea, Republic of" stays out: it is never written so)."""
    aliases: dict[str, tuple[str, str]] = {}
    for country in pycountry.countries:
        for name in (getattr(country, "common_name", None), country.name):
            if name and "," not in name and "(" not in name:
                aliases.setdefault(name, (country.alpha_3, "name"))
    with open(DATA / "donor_aliases.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            aliases[row["alias"]] = (row["code"], row["role"])
            for form in _russian_adjective_forms(row["alias"]) if row["role"] == "adjective" else ():
                aliases.setdefault(form, (row["code"], row["role"]))
    # In capitals, as factboxes and headings write them ("CANADA - Committed $500 million"); not
    # the short ones, which in capitals are often other words ("US" stays as written).
    for alias, entry in list(aliases.items()):
        if len(alias) >= 4:
            aliases.setdefault(alias.upper(), entry)
    return aliases


# The endings of a Russian adjective in -кий ("литовский") by gender, number and case: the file
# lists its dictionary form, the text writes "литовская помощь", "литовского правительства".
_RUSSIAN_ADJECTIVE_ENDINGS = ("ий", "ая", "ое", "ие", "ого", "ой", "ому", "ую", "им", "их", "ими", "ом")


def _russian_adjective_forms(alias: str) -> tuple[str, ...]:
    """Every form of a Russian adjective in -кий, in lower case and as a sentence opens on it, or ()
    for any other word.

    >>> _russian_adjective_forms("литовский")[:3], _russian_adjective_forms("Lithuanian")
    (('литовский', 'Литовский', 'литовская'), ())
    """
    if not alias.endswith("кий") or not "а" <= alias[0] <= "я":
        return ()
    forms = (alias[:-2] + ending for ending in _RUSSIAN_ADJECTIVE_ENDINGS)
    return tuple(case for form in forms for case in (form, form[0].upper() + form[1:]))


@lru_cache(maxsize=1)
def _entity_pattern() -> re.Pattern:
    # Case-sensitive: "US" is a country, "us" is not. Names are one trie-shaped pattern,
    # so each position of a text is tried against one branch per letter, not every name.
    # "US$1.47 billion" and "NZ$16m" name a currency, not a donor.
    # Whether a name starts a word (not after a letter or a hyphen) is tested by find_entities:
    # a look-behind in front would keep the engine from skipping to the names' first letters.
    return re.compile(rf"(?P<name>{_trie_pattern(load_aliases())})(?![\w$])")


def _trie_pattern(words) -> str:
    """A regex matching exactly `words`, longest first, built as a trie of their characters.

    >>> re.fullmatch(_trie_pattern(["UK", "US", "USA"]), "USA") is not None
    True
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def find_entities(text: str, before: int | None = None) -> list[Entity]:
    """Every donor, Ukraine or Russia named in `text` (starting before offset `before`), in order.

    >>> [(e.code, e.role) for e in find_entities("Ottawa and the Pentagon, with Swiss help")]
    [('CAN', 'capital'), ('USA', 'metonym'), ('CHE', 'adjective')]
    >>> [e.code for e in find_entities("Ottawa and the Pentagon", before=11)]
    ['CAN']
    """
    aliases = load_aliases()
    pattern = _entity_pattern()
    out = []
    m = pattern.search(text)
    while m is not None:
        start = m.start()
        if before is not None and start >= before:
            break
        if start and (text[start - 1].isalnum() or text[start - 1] in "_-"):
            m = pattern.search(text, start + 1)
            continue
        name = m.group("name")
        code, role = aliases[name]
        out.append(Entity(code, start, m.end(), name, role))
        m = pattern.search(text, m.end())
    return out


def normalise_donor(name: str) -> str | None:
    """A donor's code from a name, short name, adjective, capital or code.

    >>> [normalise_donor(n) for n in ("Britain", "norwegian", "GBR", "Ramstein group", "Atlantis")]
    ['GBR', 'NOR', 'GBR', 'UDCG', None]
    """
    s = name.strip()
    if s.upper() in GROUPS:
        return s.upper()
    if len(s) == 3 and s.isalpha() and pycountry.countries.get(alpha_3=s.upper()):
        return s.upper()
    aliases = load_aliases()
    if s in aliases:
        return aliases[s][0]
    folded = {k.lower(): v for k, v in aliases.items()}
    hit = folded.get(s.lower()) or folded.get(s.lower().removeprefix("the "))
    return hit[0] if hit else None


def resolve_donor(value: str) -> str | None:
    """The one donor code a person means by what they type in a filter: a
    code in any case ('nor', 'EU') or a name the alias table knows ('Norway',
    'the UK', 'Ramstein group'); None when it names no donor, or more than one.
    The dashboard's links and the command line's --donors read names with it.

    >>> [resolve_donor(v) for v in ("NOR", "norway", "the United Kingdom", "eu", "Narnia", "")]
    ['NOR', 'NOR', 'GBR', 'EU', None, None]
    """
    s = " ".join(value.split())
    if not s:
        return None
    if s.upper() in GROUPS:
        return s.upper()
    if len(s) == 3 and s.isalpha() and pycountry.countries.get(alpha_3=s.upper()):
        return s.upper()
    codes = _folded_aliases().get(fold_case(s).removeprefix("the "), set())
    return next(iter(codes)) if len(codes) == 1 else None


@lru_cache(maxsize=1)
def _folded_aliases() -> dict[str, set[str]]:
    """Every alias in lower case, without a leading 'the', with the codes it may mean."""
    folded: dict[str, set[str]] = {}
    for alias, (code, _role) in load_aliases().items():
        folded.setdefault(fold_case(alias).removeprefix("the "), set()).add(code)
    return folded


def resolve_donors(values) -> tuple[list[str], list[str]]:
    """Donor codes from a comma-separated string or a list of codes and names
    (`resolve_donor`): the codes, in order and once each, and the values that
    resolve to none.

    >>> resolve_donors("Norway, GBR,nor,Atlantis")
    (['NOR', 'GBR'], ['Atlantis'])
    """
    if isinstance(values, str):
        values = values.split(",")
    codes, unknown = [], []
    for value in values:
        if not str(value).strip():
            continue
        code = resolve_donor(str(value))
        if code is None:
            unknown.append(str(value).strip())
        elif code not in codes:
            codes.append(code)
    return codes, unknown


def donor_name(code: str) -> str:
    """A readable name for a donor code: 'GBR' -> 'United Kingdom', 'UDCG' -> 'Ukraine Defence Contact Group'.

    >>> donor_name("NOR"), donor_name("WB")
    ('Norway', 'World Bank')
    """
    groups = {"EU": "European Union", "NATO": "NATO", "UDCG": "Ukraine Defence Contact Group", "G7": "G7",
              "IMF": "International Monetary Fund", "WB": "World Bank", "EIB": "European Investment Bank",
              "EBRD": "European Bank for Reconstruction and Development", "UN": "United Nations"}
    if code in groups:
        return groups[code]
    country = pycountry.countries.get(alpha_3=code)
    return getattr(country, "common_name", None) or (country.name if country else code)


@lru_cache(maxsize=1)
def load_cues() -> dict:
    """cues.toml as it is written, with `{MONTH}` standing for any month's full name."""
    with open(DATA / "cues.toml", "rb") as f:
        return _expand(tomllib.load(f))


_PLACEHOLDERS = {"{MONTH}": "(?:" + "|".join(MONTHS) + ")"}


def _expand(value):
    """The cues with each placeholder of `_PLACEHOLDERS` written out."""
    if isinstance(value, dict):
        return {k: _expand(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v) for v in value]
    if isinstance(value, str):
        for placeholder, pattern in _PLACEHOLDERS.items():
            value = value.replace(placeholder, pattern)
    return value


class CueList:
    """A cue list (regular expressions, case-insensitive, on word boundaries) that
    searches a text only for the phrases whose first word the text has: most
    sentences have few of them, so most phrases are never tried. Phrases that
    begin with ^ can only match at the start, so they are tried there alone.
    Any other pattern is run only when the text has one of the strings its every
    match contains (`_literals`): an `in` test costs a fraction of a search."""

    def __init__(self, phrases: list[str]):
        grouped: dict[frozenset[str], list[str]] = {}
        always: list[str] = []
        anchored: list[str] = []
        for phrase in phrases:
            keys = _heads(phrase)
            if keys is not None:
                grouped.setdefault(keys, []).append(phrase)
            else:
                (anchored if _anchored(phrase) else always).append(phrase)
        self._keyed = [_Cues(v) for v in grouped.values()]
        self._by_head: dict[str, list[int]] = {}
        for i, keys in enumerate(grouped):
            for key in keys:
                self._by_head.setdefault(key, []).append(i)
        self._heads = frozenset(self._by_head)
        self._always = _Cues(always) if always else None
        self._anchored = anchored
        # A phrase that skips characters before its words ('^[^.;]{0,60}\bscenario\b') tries them at
        # each character it may skip, while most texts have none of its strings (`_literals`): the
        # anchored phrases are matched as one alternation of those that may match, which matches
        # what the alternation of them all would.
        self._skipping = [(i, found) for i, phrase in enumerate(anchored)
                          if phrase.startswith("^[^") and (found := _literals(phrase))]
        self._alternations: dict[tuple[int, ...], re.Pattern | None] = {}  # by the phrases left out
        self._last: tuple[frozenset[str] | None, list[_Cues]] = (None, [])
        # The patterns for each set of keys a text has met: a few hundred sets at most in practice,
        # built once each instead of for every sentence
        self._for_keys: dict[frozenset[str], list[_Cues]] = {}

    def _patterns(self, text: str, heads: frozenset[str] | None = None) -> list[_Cues]:
        """The patterns that may match in `text`: those whose first words it has, or the
        sentence `text` is cut from has (`heads`, its `word_keys`)."""
        if not self._keyed:
            return [self._always] if self._always else []
        if heads is not None and heads is self._last[0]:
            return self._last[1]
        hit = (word_keys(text) if heads is None else heads) & self._heads
        found = self._for_keys.get(hit)
        if found is None:
            groups = {i for key in hit for i in self._by_head[key]}
            found = [self._keyed[i] for i in sorted(groups)]
            if self._always:
                found.append(self._always)
            if len(self._for_keys) >= 4096:  # a bound, should texts keep bringing new sets
                self._for_keys.clear()
            self._for_keys[hit] = found
        if heads is not None:
            self._last = (heads, found)
        return found

    def _match_anchored(self, low: str) -> re.Match | None:
        """The match at the start of `low` of the first anchored phrase that has one."""
        absent = tuple(i for i, found in self._skipping if not any(map(low.__contains__, found)))
        if absent not in self._alternations:
            left = [phrase for i, phrase in enumerate(self._anchored) if i not in absent]
            self._alternations[absent] = _compile_cues(left) if left else None
        pattern = self._alternations[absent]
        return pattern.match(low) if pattern is not None else None

    def search(self, text: str, heads: frozenset[str] | None = None) -> re.Match | None:
        """The first cue in `text`, or None (a match in `fold_case(text)`, at the same offsets).
        `heads` are the `word_keys` of the sentence `text` is part of, if known."""
        best = None
        patterns = self._patterns(text, heads)
        if not patterns and not self._anchored:
            return None
        low = fold_case(text)
        for cues in patterns:
            m = search_words(cues.pattern, low) if cues.may_match(low) else None
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        if self._anchored and (best is None or best.start() > 0):
            m = self._match_anchored(low)
            if m is not None:
                best = m
        return best

    def finditer(self, text: str, heads: frozenset[str] | None = None) -> list[re.Match]:
        """Every cue in `text`, in order (matches in `fold_case(text)`, at the same offsets)."""
        patterns = self._patterns(text, heads)
        if not patterns and not self._anchored:
            return []
        low = fold_case(text)
        hits = [m for cues in patterns if cues.may_match(low) for m in finditer_words(cues.pattern, low)]
        if self._anchored and (m := self._match_anchored(low)):
            hits.append(m)
        return sorted(hits, key=lambda m: m.start())


class _Cues:
    """Cue phrases compiled as one pattern (`_compile_cues`), with the strings one of which
    each of its matches contains (None when a phrase does not say)."""

    def __init__(self, phrases: list[str]):
        self.pattern = _compile_cues(phrases)
        found = [_literals(phrase) for phrase in phrases]
        self.literals = None if None in found else frozenset().union(*found)

    def may_match(self, low: str) -> bool:
        """Whether the pattern may match in `low` (a `fold_case`d text): it has one of the strings."""
        return self.literals is None or any(map(low.__contains__, self.literals))


def _literals(phrase: str) -> frozenset[str] | None:
    """Strings one of which every match of a cue phrase contains, or None when the phrase does
    not say (read, as `_heads` reads it, by Python's own regex parser).

    >>> sorted(_literals("(?:had |has )?demanded")), sorted(_literals("^\\W*(?:\\w+ )?(?:sale|deal)s?"))
    (['demanded'], ['deal', 'sale'])
    >>> _literals("\\w+ budget(?:s)?"), _literals("\\d+ ?bn")
    (frozenset({' budget'}), frozenset({'bn'}))
    """
    try:
        parsed = _sre_parse.parse(phrase)
    except re.error:
        return None
    if parsed.state.flags & (re.I | re.X):  # then letters and spaces are not what they say
        return None
    return _literals_of(list(parsed.data))


def _literals_of(items: list) -> frozenset[str] | None:
    """The strings one of which every match of the parsed sequence `items` contains: of each run
    of plain characters, and of each group or repeat that must be there, the one whose shortest
    string is longest."""
    best: frozenset[str] | None = None

    def offer(found: frozenset[str] | None) -> None:
        nonlocal best
        if found and all(found) and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found

    run = ""
    for op, av in items:
        if op is _sre.LITERAL:
            run += chr(av)
            continue
        offer(frozenset({run}) if run else None)
        run = ""
        if op is _sre.SUBPATTERN and not av[1] and not av[2]:  # a group without flags of its own
            offer(_literals_of(list(av[-1].data)))
        elif op is _sre.BRANCH:
            alternatives = [_literals_of(list(alt.data)) for alt in av[1]]
            if all(alternatives):
                offer(frozenset().union(*alternatives))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            offer(_literals_of(list(av[2].data)))
    offer(frozenset({run}) if run else None)
    return best


def _heads(phrase: str) -> frozenset[str] | None:
    """The keys (as `word_keys` gives them) the first word of any match of `phrase`
    can have, or None when the phrase does not say (it begins with a class or a
    repeat: "\\w+'s budget", or with ^). The phrase is read by Python's own regex
    parser (`re._parser`, of the pinned Python 3.11); what it cannot follow stays None.

    >>> sorted(_heads("(?:had |has )?demanded")), sorted(_heads("is seeking")), _heads("^of")
    (['dem', 'had', 'has'], ['is'], None)
    """
    try:
        items = list(_sre_parse.parse(phrase).data)
    except re.error:
        return None
    found: set[str] = set()

    def walk(items: list, prefix: str) -> bool:
        # Every way the first four characters can go, each ending in found as _trigger keys it.
        if len(prefix) == 4 or not items:
            key = _trigger(prefix)
            if key is None or len(found) > 64:
                return False
            found.add(key)
            return True
        (op, av), rest = items[0], items[1:]
        if op is _sre.LITERAL:
            return walk(rest, prefix + chr(av))
        if op is _sre.IN and all(o is _sre.LITERAL for o, _ in av):
            return all(walk(rest, prefix + chr(c)) for _, c in av)
        if op is _sre.SUBPATTERN:
            return walk(list(av[-1].data) + rest, prefix)
        if op is _sre.BRANCH:
            return all(walk(list(alt.data) + rest, prefix) for alt in av[1])
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
            return walk(rest, prefix) and walk(list(av[2].data) + rest, prefix)
        if op in (_sre.ASSERT, _sre.ASSERT_NOT) or (op is _sre.AT and av is _sre.AT_BOUNDARY):
            return walk(rest, prefix)  # zero-width: only rules out matches
        return False

    return frozenset(found) if walk(items, "") else None


def _anchored(phrase: str) -> bool:
    """Whether a phrase matches only at the start of a text: it begins with ^ and
    has no | outside brackets (which would let another branch match anywhere).

    >>> _anchored("^in (?:damage|losses)"), _anchored("^of|in assets"), _anchored("(?:own|domestic)")
    (True, False, False)
    """
    if not phrase.startswith("^"):
        return False
    depth, i = 0, 1
    while i < len(phrase):
        c = phrase[i]
        if c == "\\":
            i += 1
        elif c == "[":  # a character class: skip to its closing bracket
            i += 2 if phrase[i + 1:i + 2] == "^" else 1
            i += 1 if phrase[i:i + 1] == "]" else 0
            while i < len(phrase) and phrase[i] != "]":
                i += 2 if phrase[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return False
        i += 1
    return True


def _compile_cues(phrases: list[str]) -> re.Pattern:
    """Cue phrases as one pattern for `search_words` on a `fold_case`d text. Without re.I
    and without a look-behind in front, the regex engine can skip ahead to where a
    phrase's first letters are, instead of trying every phrase at every character."""
    for phrase in phrases:
        if re.search(r"(?<!\\)[A-Z]", phrase.replace("\\\\", "")):
            raise ValueError(f"cue {phrase!r} must be written in lower case")
    return re.compile(rf"(?:{'|'.join(f'(?:{p})' for p in phrases)})(?!\w)")


def _starts_word(text: str, i: int) -> bool:
    """Whether position `i` of `text` is where a word starts (no letter, digit or _ before it)."""
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")


def search_words(pattern: re.Pattern, low: str, pos: int = 0) -> re.Match | None:
    """The first match of `pattern` in `low` from `pos` that starts a word."""
    m = pattern.search(low, pos)
    while m is not None and not _starts_word(low, m.start()):
        m = pattern.search(low, m.start() + 1)
    return m


def finditer_words(pattern: re.Pattern, low: str):
    """Every match of `pattern` in `low` that starts a word, as `finditer` would give them."""
    pos = 0
    while (m := search_words(pattern, low, pos)) is not None:
        yield m
        pos = max(m.end(), m.start() + 1)


@cache
def cue_pattern(section: str, key: str) -> CueList:
    """One cue list of cues.toml, ready to search."""
    return CueList(load_cues()[section][key])


AID_TYPES = ("military", "financial", "humanitarian")


_FIRST_WORD = re.compile(r"^([a-z0-9а-яё][\w'-]*)(.?)")  # Russian cues too: "военн\w*"
# The first three characters of each word ([\w']+), and of each part of a word between apostrophes
# (\w+), matched whole so that the regex engine finds every key in one pass; and hyphenated words
# whose first part is shorter ("x-ray" -> "x-r", "is-de-mining" -> "is-" and "de-": a cue may start at either).
_WORD_HEADS = re.compile(r"([\w']{1,3})[\w']*")
_APOSTROPHE_PART_HEADS = re.compile(r"(\w{1,3})\w*")
_SHORT_HYPHENATED_HEADS = re.compile(r"(?<![\w'])(?:[\w']{2}-(?=[\w'])|[\w']-[\w'])")


@lru_cache(maxsize=4096)
def word_keys(text: str) -> frozenset[str]:
    """The first three letters of every word of `text`, lower case (hyphenated words
    both whole and in parts): what a cue's first word must be among.

    >>> sorted(word_keys("X-ray anti-tank 'budget'"))
    ["'bu", 'ant', 'bud', 'ray', 'tan', 'x', 'x-r']
    """
    lower = text.lower()
    keys = _WORD_HEADS.findall(lower)
    if "'" in lower:  # a cue may start after an apostrophe too: "'budget'", "Russia's"
        keys += _APOSTROPHE_PART_HEADS.findall(lower)
    if "-" in lower:
        keys += _SHORT_HYPHENATED_HEADS.findall(lower)
    return frozenset(keys)


def _trigger(phrase: str) -> str | None:
    """The key a cue's first word has ('defen[cs]e' -> 'def', 'a year' -> 'a'), or
    None when the phrase does not begin with a plain word ('(?:own|domestic) ...')."""
    m = _FIRST_WORD.match(phrase.lower())
    if not m:
        return None
    word, after = m.groups()
    if len(word) >= 3:
        return word[:3]
    return word if after in ("", " ") else None


@lru_cache(maxsize=1)
def _aid_cues() -> dict[str, list[tuple[_Cues, str, float]]]:
    """Weighted aid-type cues indexed by the first three letters they start with, so a
    text is scanned only for the cues whose first word it has."""
    index: dict[str, list[tuple[_Cues, str, float]]] = {}
    for aid_type in AID_TYPES:
        for phrase, weight in load_cues()["aid_type"][aid_type]:
            key = _trigger(phrase)
            if key is None:
                raise ValueError(f"aid-type cue {phrase!r} must start with a plain word")
            index.setdefault(key, []).append((_Cues([phrase]), aid_type, float(weight)))
    return index


def aid_type_scores(text: str, distinct: bool = True) -> dict[str, float]:
    """Each aid type's cue weight in `text`: every cue once (`distinct`), or every occurrence.

    >>> aid_type_scores("loans for the national budget")
    {'military': 0.0, 'financial': 8.0, 'humanitarian': 0.0}
    """
    index = _aid_cues()
    scores = dict.fromkeys(AID_TYPES, 0.0)
    low = fold_case(text)
    for key in word_keys(text) & _index_keys(index):
        for cue, aid_type, weight in index[key]:
            if not cue.may_match(low):
                continue
            if distinct:
                scores[aid_type] += weight if search_words(cue.pattern, low) else 0.0
            else:
                scores[aid_type] += weight * sum(1 for _ in finditer_words(cue.pattern, low))
    return scores


@lru_cache(maxsize=1)
def _category_cues() -> dict[str, list[tuple[_Cues, str]]]:
    index: dict[str, list[tuple[_Cues, str]]] = {}
    for category, phrases in load_cues()["categories"].items():
        if category == "repair_masks":
            continue
        for phrase in phrases:
            key = _trigger(phrase)
            if key is None:
                raise ValueError(f"category cue {phrase!r} must start with a plain word")
            index.setdefault(key, []).append((_Cues([phrase]), category))
    return index


_KEY_SETS: dict[int, frozenset[str]] = {}


def _index_keys(index: dict) -> frozenset[str]:
    """The keys of a (cached, never changed) cue index, as a set ready to intersect."""
    keys = _KEY_SETS.get(id(index))
    if keys is None:
        keys = _KEY_SETS[id(index)] = frozenset(index)
    return keys


def find_category_cues(text: str) -> list[tuple[int, str]]:
    """(position, category) of every category cue in `text`, in order."""
    index = _category_cues()
    hits = []
    low = fold_case(text)
    for key in word_keys(text) & _index_keys(index):
        for cue, category in index[key]:
            if cue.may_match(low):
                hits += [(m.start(), category) for m in finditer_words(cue.pattern, low)]
    return sorted(hits)
