"""Donor names and cue words, loaded from the reviewed files in data/.

Owns the mapping from a name as written ("Britain", "Norwegian", "Ottawa",
"the Pentagon", "the Ramstein group") to a code of the pledge schema, and the
compiled cue patterns. It decides nothing about a sentence: extract does.
"""
from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry

DATA = Path(__file__).resolve().parent.parent / "data"
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
    role: str  # name, adjective, capital or metonym


@lru_cache(maxsize=1)
def load_aliases() -> dict[str, tuple[str, str]]:
    """alias as written -> (code, role): data/donor_aliases.csv, plus pycountry's
    names of every country ("Korea, Republic of" stays out: it is never written so)."""
    aliases: dict[str, tuple[str, str]] = {}
    for country in pycountry.countries:
        for name in (getattr(country, "common_name", None), country.name):
            if name and "," not in name and "(" not in name:
                aliases.setdefault(name, (country.alpha_3, "name"))
    with open(DATA / "donor_aliases.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            aliases[row["alias"]] = (row["code"], row["role"])
    return aliases


@lru_cache(maxsize=1)
def _entity_pattern() -> re.Pattern:
    # Case-sensitive: "US" is a country, "us" is not. Names are one trie-shaped pattern,
    # so each position of a text is tried against one branch per letter, not every name.
    # "US$1.47 billion" and "NZ$16m" name a currency, not a donor.
    return re.compile(rf"(?<![\w-])(?P<name>{_trie_pattern(load_aliases())})(?![\w$])")


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


def find_entities(text: str) -> list[Entity]:
    """Every donor, Ukraine or Russia named in `text`, in order.

    >>> [(e.code, e.role) for e in find_entities("Ottawa and the Pentagon, with Swiss help")]
    [('CAN', 'capital'), ('USA', 'metonym'), ('CHE', 'adjective')]
    """
    aliases = load_aliases()
    out = []
    for m in _entity_pattern().finditer(text):
        code, role = aliases[m.group("name")]
        out.append(Entity(code, m.start("name"), m.end("name"), m.group("name"), role))
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
    """data/cues.toml as it is written."""
    with open(DATA / "cues.toml", "rb") as f:
        return tomllib.load(f)


class CueList:
    """A cue list (regular expressions, case-insensitive, on word boundaries) that
    searches a text only for the phrases whose first word the text has: most
    sentences have few of them, so most phrases are never tried. Phrases that
    begin with ^ can only match at the start, so they are tried there alone."""

    def __init__(self, phrases: list[str]):
        keyed: dict[str, list[str]] = {}
        always: list[str] = []
        anchored: list[str] = []
        for phrase in phrases:
            key = _trigger(phrase)
            if key is not None:
                keyed.setdefault(key, []).append(phrase)
            else:
                (anchored if _anchored(phrase) else always).append(phrase)
        self._keyed = {k: _compile_cues(v) for k, v in keyed.items()}
        self._always = _compile_cues(always) if always else None
        self._anchored = _compile_cues(anchored) if anchored else None

    def _patterns(self, text: str) -> list[re.Pattern]:
        if not self._keyed:
            return [self._always] if self._always else []
        keys = word_keys(text)
        found = [p for k, p in self._keyed.items() if k in keys]
        return found + [self._always] if self._always else found

    def search(self, text: str) -> re.Match | None:
        """The first cue in `text`, or None."""
        best = None
        for p in self._patterns(text):
            m = p.search(text)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        if self._anchored is not None and (best is None or best.start() > 0):
            m = self._anchored.match(text)
            if m is not None:
                best = m
        return best

    def finditer(self, text: str) -> list[re.Match]:
        """Every cue in `text`, in order."""
        hits = [m for p in self._patterns(text) for m in p.finditer(text)]
        if self._anchored is not None and (m := self._anchored.match(text)):
            hits.append(m)
        return sorted(hits, key=lambda m: m.start())


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
    return re.compile(rf"(?<!\w)(?:{'|'.join(f'(?:{p})' for p in phrases)})(?!\w)", re.I)


@lru_cache(maxsize=None)
def cue_pattern(section: str, key: str) -> CueList:
    """One cue list of data/cues.toml, ready to search."""
    return CueList(load_cues()[section][key])


AID_TYPES = ("military", "financial", "humanitarian")


_FIRST_WORD = re.compile(r"^([a-z0-9][\w'-]*)(.?)")
# The first three characters of every word ([\w']+); and of a hyphenated word whose first
# part is shorter ("x-ray" -> "x-r"), where its start is not inside an earlier one ("a-b-c").
_WORD_HEADS = re.compile(r"(?<![\w'])[\w']{1,3}")
_SHORT_HYPHENATED_HEADS = re.compile(r"(?<![\w'])(?<![\w']-)(?:[\w']{2}-(?=[\w'])|[\w']-[\w'])")


@lru_cache(maxsize=4096)
def word_keys(text: str) -> frozenset[str]:
    """The first three letters of every word of `text`, lower case (hyphenated words
    both whole and in parts): what a cue's first word must be among.

    >>> sorted(word_keys("X-ray anti-tank"))
    ['ant', 'ray', 'tan', 'x', 'x-r']
    """
    lower = text.lower()
    return frozenset(_WORD_HEADS.findall(lower) + _SHORT_HYPHENATED_HEADS.findall(lower))


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
def _aid_cues() -> dict[str, list[tuple[re.Pattern, str, float]]]:
    """Weighted aid-type cues indexed by the first three letters they start with, so a
    text is scanned only for the cues whose first word it has."""
    index: dict[str, list[tuple[re.Pattern, str, float]]] = {}
    for aid_type in AID_TYPES:
        for phrase, weight in load_cues()["aid_type"][aid_type]:
            pattern = re.compile(rf"(?<!\w)(?:{phrase})(?!\w)", re.I)
            key = _trigger(phrase)
            if key is None:
                raise ValueError(f"aid-type cue {phrase!r} must start with a plain word")
            index.setdefault(key, []).append((pattern, aid_type, float(weight)))
    return index


def aid_type_scores(text: str, distinct: bool = True) -> dict[str, float]:
    """Each aid type's cue weight in `text`: every cue once (`distinct`), or every occurrence.

    >>> aid_type_scores("loans for the national budget")
    {'military': 0.0, 'financial': 8.0, 'humanitarian': 0.0}
    """
    index = _aid_cues()
    scores = dict.fromkeys(AID_TYPES, 0.0)
    for key in word_keys(text) & _index_keys(index):
        if _none_in(index, key, text):
            continue
        for pattern, aid_type, weight in index[key]:
            if distinct:
                scores[aid_type] += weight if pattern.search(text) else 0.0
            else:
                scores[aid_type] += weight * len(pattern.findall(text))
    return scores


@lru_cache(maxsize=1)
def _category_cues() -> dict[str, list[tuple[re.Pattern, str]]]:
    index: dict[str, list[tuple[re.Pattern, str]]] = {}
    for category, phrases in load_cues()["categories"].items():
        if category == "repair_masks":
            continue
        for phrase in phrases:
            key = _trigger(phrase)
            if key is None:
                raise ValueError(f"category cue {phrase!r} must start with a plain word")
            index.setdefault(key, []).append((re.compile(rf"(?<!\w)(?:{phrase})(?!\w)", re.I), category))
    return index


_KEY_SETS: dict[int, frozenset[str]] = {}


def _index_keys(index: dict) -> frozenset[str]:
    """The keys of a (cached, never changed) cue index, as a set ready to intersect."""
    keys = _KEY_SETS.get(id(index))
    if keys is None:
        keys = _KEY_SETS[id(index)] = frozenset(index)
    return keys


_ANY_CUE: dict[tuple[int, str], re.Pattern | None] = {}


def _none_in(index: dict, key: str, text: str) -> bool:
    """Whether none of the cues under `key` is in `text`, tried as one pattern
    (which matches where any of them would) before each is tried alone."""
    entry = (id(index), key)
    if entry not in _ANY_CUE:
        cues = index[key]
        _ANY_CUE[entry] = re.compile("|".join(f"(?:{c[0].pattern})" for c in cues), re.I) if len(cues) > 1 else None
    pattern = _ANY_CUE[entry]
    return pattern is not None and pattern.search(text) is None


def find_category_cues(text: str) -> list[tuple[int, str]]:
    """(position, category) of every category cue in `text`, in order."""
    index = _category_cues()
    hits = []
    for key in word_keys(text) & _index_keys(index):
        if _none_in(index, key, text):
            continue
        for pattern, category in index[key]:
            hits += [(m.start(), category) for m in pattern.finditer(text)]
    return sorted(hits)
