"""What the dashboard is filtered by: a `Filters` value, its round trip to URL
query parameters (named as the spec's fields) and its description in words.

Pure and importable without Streamlit; the widgets live in `tracker.dashboard.ui`.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from tracker.records.formatting import CURRENCY_NAMES, label
from tracker.records.pledge import AID_TYPES, CATEGORIES, COUNTED, KINDS, NORMALISED_CURRENCIES, review_bar

# The spec's codes for organisations and groups of donors, with the names shown for them.
DONOR_GROUPS = {
    "EU": "European Union", "NATO": "NATO", "UDCG": "Ukraine Defence Contact Group",
    "G7": "G7", "IMF": "IMF", "WB": "World Bank", "EIB": "European Investment Bank",
    "EBRD": "EBRD", "UN": "United Nations",
}
# Short, familiar names where the ISO 3166 name is long or formal.
_SHORT_NAMES = {
    "GBR": "United Kingdom", "USA": "United States", "KOR": "South Korea", "CZE": "Czechia",
    "NLD": "Netherlands", "RUS": "Russia", "MDA": "Moldova", "IRN": "Iran", "TWN": "Taiwan",
}
SPLITS = ("aid_type", "categories")
# What the status filter offers: what counts, and the records awaiting review ("pending").
# Rejected records are kept in the store but never shown in a view.
STATUSES = COUNTED + ("pending",)
STATUS_NAMES = {"confirmed": "confirmed", "edited": "edited by a reviewer",
                "extracted": "extracted, at or above the review bar", "pending": "awaiting review"}
# URL parameter (the spec's field name) -> Filters attribute.
_LIST_PARAMS = {"donors": "donors", "aid_type": "aid_types", "kind": "kinds",
                "categories": "categories", "status": "statuses"}
_NOUNS = {"aid_type": "an aid type", "kind": "a kind", "categories": "a category", "status": "a status"}
_ALLOWED = {"aid_types": AID_TYPES, "kinds": KINDS, "categories": CATEGORIES, "statuses": STATUSES}


@lru_cache(maxsize=512)
def donor_name(code: str) -> str:
    """The name shown for a donor code: a country or a group of donors.

    >>> donor_name("NOR"), donor_name("GBR"), donor_name("UDCG")
    ('Norway', 'United Kingdom', 'Ukraine Defence Contact Group')
    >>> donor_name("XYZ")
    'XYZ'
    """
    if code in DONOR_GROUPS:
        return DONOR_GROUPS[code]
    if code in _SHORT_NAMES:
        return _SHORT_NAMES[code]
    import pycountry

    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 and code.isupper() else None
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def donor_code(raw: str) -> str | None:
    """The donor code a link means: a code of the spec in any case ("NOR",
    "eu") or a name that resolves to exactly one donor ("Norway", "the
    Ramstein group"), read by the extractor's alias table as the command
    line's --donors reads it (`resolve_donor`); None when neither.

    >>> donor_code("NOR"), donor_code("eu"), donor_code("Norway"), donor_code("united kingdom"), donor_code("Atlantis")
    ('NOR', 'EU', 'NOR', 'GBR', None)
    """
    code = raw.strip().upper()
    if is_donor_code(code):
        return code
    from tracker.extract.taxonomy import resolve_donor

    found = resolve_donor(raw)
    return found if found and is_donor_code(found) else None


def is_donor_code(code: str) -> bool:
    """Whether `code` is a donor code of the spec: ISO 3166-1 alpha-3 or a group.

    >>> is_donor_code("NOR"), is_donor_code("EU"), is_donor_code("nor"), is_donor_code("XYZ")
    (True, True, False, False)
    """
    return code in DONOR_GROUPS or donor_name(code) != code


def _words(items: list[str], conjunction: str = "and") -> str:
    """
    >>> _words(["a"]), _words(["a", "b"]), _words(["a", "b", "c"], "or")
    ('a', 'a and b', 'a, b or c')
    """
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


@dataclass(frozen=True)
class Filters:
    """One view of the pledges: who, when, what, and the currency shown.

    Empty tuples and None mean "no filter". Donors match any donor of a joint
    pledge (Norway shows the joint UK-Norway package); categories match any of
    a pledge's categories. Without a status filter a view holds what counts
    (`COUNTED`); records awaiting review join it when "pending" is chosen.
    """

    donors: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    aid_types: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    currency: str = "EUR"
    split: str = "aid_type"
    search: str = ""
    statuses: tuple[str, ...] = ()

    def to_params(self) -> dict[str, list[str]]:
        """The URL query parameters of this view; defaults are left out.

        >>> Filters(donors=("GBR", "NOR"), aid_types=("military",), currency="GBP").to_params()
        {'donors': ['GBR', 'NOR'], 'aid_type': ['military'], 'currency': ['GBP']}
        """
        params: dict[str, list[str]] = {}
        if self.donors:
            params["donors"] = list(self.donors)
        if self.since:
            params["since"] = [self.since.isoformat()]
        if self.until:
            params["until"] = [self.until.isoformat()]
        for name, attr in _LIST_PARAMS.items():
            if name != "donors" and getattr(self, attr):
                params[name] = list(getattr(self, attr))
        if self.currency != "EUR":
            params["currency"] = [self.currency]
        if self.split != "aid_type":
            params["split"] = [self.split]
        if self.search:
            params["search"] = [self.search]
        return params

    def store_args(self) -> dict:
        """Keyword arguments for `tracker.store.query.load_pledges`."""
        return {"donors": list(self.donors) or None, "since": self.since, "until": self.until,
                "aid_types": list(self.aid_types) or None, "kinds": list(self.kinds) or None,
                "categories": list(self.categories) or None, "statuses": list(self.statuses or COUNTED)}

    @property
    def is_filtered(self) -> bool:
        """Whether any row filter is set (the currency and chart split are not filters)."""
        return bool(self.donors or self.since or self.until or self.aid_types or self.kinds
                    or self.categories or self.search or self.statuses)

    def describe(self) -> str:
        """The view in words, for a chart's caption.

        >>> Filters().describe()
        'All pledges; amounts in euros (EUR), each converted at its announcement date.'
        >>> print(Filters(donors=("GBR", "NOR"), since=date(2025, 1, 1), aid_types=("military",),
        ...               kinds=("package", "budget"), currency="GBP").describe())
        Pledges by United Kingdom or Norway (joint pledges included), military aid, packages and budgets, announced from 1 Jan 2025; amounts in pounds sterling (GBP), each converted at its announcement date.
        """
        parts = []
        if self.donors:
            parts.append(f"by {_words([donor_name(d) for d in self.donors], 'or')}"
                         " (joint pledges included)")
        if self.aid_types:
            parts.append(f"{_words(list(self.aid_types), 'or')} aid")
        if self.kinds:
            parts.append(_words([f"{k}s" for k in self.kinds], "and"))
        if self.categories:
            parts.append(f"for {_words([label(c) for c in self.categories], 'or')}")
        if self.since and self.until:
            parts.append(f"announced {_day(self.since)} to {_day(self.until)}")
        elif self.since:
            parts.append(f"announced from {_day(self.since)}")
        elif self.until:
            parts.append(f"announced up to {_day(self.until)}")
        if self.search:
            parts.append(f"matching “{self.search}”")
        if self.statuses:
            parts.append(_words([STATUS_NAMES[s] for s in self.statuses], "or"))
        what = "Pledges " + ", ".join(parts) if parts else "All pledges"
        money = f"amounts in {CURRENCY_NAMES[self.currency]} ({self.currency})"
        return f"{what}; {money}, each converted at its announcement date."


def _values(params: Mapping, name: str) -> list[str]:
    """A parameter's values whether the mapping holds lists or single strings."""
    getter = getattr(params, "get_all", None)
    if getter is not None:  # Streamlit's st.query_params
        return [v for v in getter(name) if v != ""]
    value = params.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [v for v in value if v != ""]


def parse_filters(params: Mapping) -> tuple[Filters, list[str]]:
    """Filters from URL query parameters, and a sentence for each value that
    could not be used (that value alone is dropped; the rest of the view stays).

    >>> parse_filters({"donors": ["GBR", "NOR"], "aid_type": "military", "currency": "GBP"})[0]
    Filters(donors=('GBR', 'NOR'), since=None, until=None, aid_types=('military',), kinds=(), categories=(), currency='GBP', split='aid_type', search='', statuses=())
    >>> parse_filters({"since": "11/04/2025", "kind": "grant"})[1]
    ["'grant' is not a kind (package, budget, aggregate, cumulative); ignored", "'11/04/2025' is not a date (since=YYYY-MM-DD); ignored"]
    >>> parse_filters({"donors": ["Norway", "NOR", "Atlantis"]})
    (Filters(donors=('NOR',), since=None, until=None, aid_types=(), kinds=(), categories=(), currency='EUR', split='aid_type', search='', statuses=()), ["'Atlantis' is neither a donor code (e.g. GBR, NOR, EU) nor a country's name; ignored"])
    """
    problems: list[str] = []
    values: dict = {}
    donors = []
    for raw in _values(params, "donors"):
        code = donor_code(raw)
        if code is None:
            problems.append(f"'{raw}' is neither a donor code (e.g. GBR, NOR, EU) nor a country's name; ignored")
        elif code not in donors:
            donors.append(code)
    values["donors"] = tuple(donors)
    for name, attr in _LIST_PARAMS.items():
        if name == "donors":
            continue
        kept = []
        for raw in _values(params, name):
            if raw in _ALLOWED[attr]:
                if raw not in kept:
                    kept.append(raw)
            else:
                problems.append(f"'{raw}' is not {_NOUNS[name]} ({', '.join(_ALLOWED[attr])}); ignored")
        values[attr] = tuple(kept)
    for name in ("since", "until"):
        raw = (_values(params, name) or [None])[-1]
        if raw is None:
            continue
        try:
            values[name] = date.fromisoformat(raw.strip())
        except ValueError:
            problems.append(f"'{raw}' is not a date ({name}=YYYY-MM-DD); ignored")
    if values.get("since") and values.get("until") and values["since"] > values["until"]:
        problems.append("the start date is after the end date; both ignored")
        values.pop("since"), values.pop("until")
    currency = (_values(params, "currency") or ["EUR"])[-1].strip().upper()
    if currency in NORMALISED_CURRENCIES:
        values["currency"] = currency
    else:
        problems.append(f"'{currency}' is not a display currency ({', '.join(NORMALISED_CURRENCIES)}); "
                        "showing EUR")
    split = (_values(params, "split") or ["aid_type"])[-1]
    if split in SPLITS:
        values["split"] = split
    else:
        problems.append(f"'{split}' is not a way to split the donor bars; split by aid type")
    values["search"] = (_values(params, "search") or [""])[-1].strip()[:200]
    return Filters(**values), problems


def link_notice(problems: list[str]) -> str:
    """The notice for a link whose values could not all be used: what was
    ignored and why, and that the address now shows the view as drawn.

    >>> print(link_notice(["'JPY' is not a display currency (EUR, USD, GBP); showing EUR"]))
    This link's 'JPY' is not a display currency (EUR, USD, GBP); showing EUR. The address now shows the view as drawn.
    >>> link_notice([])
    ''
    """
    if not problems:
        return ""
    if len(problems) == 1:
        return f"This link's {problems[0]}. The address now shows the view as drawn."
    items = "\n".join(f"- {p}" for p in problems)
    return f"Parts of this link could not be used:\n{items}\n\nThe address now shows the view as drawn."


def event_dates(frame: pd.DataFrame) -> pd.Series:
    """The day the store's date filters use for each row: the announcement
    date, else its first report's publication day (the store's `event_date`,
    taken from the frame when the store provides it)."""
    if "event_date" in frame:
        return pd.to_datetime(frame["event_date"])
    first = [min((s["published"] for s in links if s.get("published")), default=None)
             if isinstance(links, list) else None for links in frame.get("sources", [None] * len(frame))]
    return pd.to_datetime(frame["date"]).fillna(
        pd.to_datetime(pd.Series(first, index=frame.index, dtype="object"), format="ISO8601"))


def apply_filters(frame: pd.DataFrame, filters: Filters, events: pd.Series | None = None) -> pd.DataFrame:
    """The rows of a `load_pledges` frame in the view, meaning what the
    store's query means (tests hold the two equal): donors and categories
    match any element, so Norway finds the joint UK-Norway package; dates are
    inclusive and apply to `event_dates`. Filtering a loaded frame in memory
    keeps a filter change fast; `events` may be passed in precomputed."""
    statuses = view_statuses(frame)
    hidden = statuses is not None and not statuses.isin(filters.statuses or COUNTED).all()
    if frame.empty or not (filters.donors or filters.categories or filters.aid_types or filters.kinds
                           or filters.since or filters.until or hidden):
        return frame
    mask = np.ones(len(frame), dtype=bool)
    if hidden:
        mask &= statuses.isin(filters.statuses or COUNTED).to_numpy(dtype=bool)
    if filters.donors:
        wanted = set(filters.donors)
        mask &= np.fromiter((not wanted.isdisjoint(ds) for ds in frame["donors"]), bool, len(frame))
    if filters.categories:
        wanted_c = set(filters.categories)
        mask &= np.fromiter((not wanted_c.isdisjoint(cs) for cs in frame["categories"]), bool, len(frame))
    if filters.aid_types:
        mask &= frame["aid_type"].isin(filters.aid_types).to_numpy(dtype=bool)
    if filters.kinds:
        mask &= frame["kind"].isin(filters.kinds).to_numpy(dtype=bool)
    if filters.since or filters.until:
        days = event_dates(frame) if events is None else events
        if filters.since:
            mask &= (days >= pd.Timestamp(filters.since)).fillna(False).to_numpy(dtype=bool)
        if filters.until:
            mask &= (days <= pd.Timestamp(filters.until)).fillna(False).to_numpy(dtype=bool)
    return frame[mask]


def view_statuses(frame: pd.DataFrame, bar: float | None = None) -> pd.Series | None:
    """Each row's status as the status filter sees it (`tracker.records.pledge.view_status`):
    an extracted record below the review bar is 'pending'. None for a frame without statuses."""
    if "status" not in frame:
        return None
    status = frame["status"]
    if "confidence" not in frame:
        return status
    bar = review_bar() if bar is None else bar
    low = (status == "extracted") & (frame["confidence"].astype("float64") < bar)
    return status.where(~low, "pending")


def search_rows(frame: pd.DataFrame, search: str) -> pd.DataFrame:
    """The rows of a pledge frame whose quote, donors (codes or names) or
    sources' addresses contain `search`, ignoring case. The other filters are
    the store's query (`load_pledges`), never repeated here."""
    if frame.empty or not search.strip():
        return frame
    return frame[search_text(frame).str.contains(search.strip().casefold(), regex=False).to_numpy()]


def search_text(frame: pd.DataFrame) -> pd.Series:
    """What the search box looks in, casefolded, one string per row."""
    donors = frame["donors"].map(lambda ds: " ".join(f"{d} {donor_name(d)}" for d in ds))
    parts = [donors, frame["quote"].fillna("")]
    if "source_urls" in frame:
        parts.append(frame["source_urls"].fillna(""))
    text = parts[0].astype(str)
    for p in parts[1:]:
        text = text + " " + p.astype(str)
    return text.str.casefold()
