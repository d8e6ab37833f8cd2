"""What an amount is for: its aid type (military, humanitarian, financial) and the military
categories it buys, from the words after it, its clause, its sentence, the sentence after and
the article's lead."""
from __future__ import annotations

import re
from functools import lru_cache

from tracker.extract.context import Context, Windows
from tracker.extract.money import Amount
from tracker.extract.restate import SHARE_OF
from tracker.extract.sentences import CONTINUATION, ELSEWHERE, REACH, Sentence, list_after
from tracker.extract.taxonomy import FINANCIAL_INSTITUTIONS, find_category_cues, load_cues
from tracker.records.pledge import CATEGORIES

_TYPE_WORDS = {"military": "military", "defence": "military", "defense": "military", "financial": "financial",
               "economic": "financial", "budget": "financial", "humanitarian": "humanitarian",
               "civilian": "humanitarian", "civil": "humanitarian"}
_TYPES_LISTED = re.compile(rf"\b({'|'.join(_TYPE_WORDS)}),? (?:(?:and|or) )?(?:{'|'.join(_TYPE_WORDS)})\b"
                           r"(?:,? (?:and |or )?\w+)* (?:support|aid|assistance|help|level)\b", re.I)
_BESIDES = re.compile(r",\s+(?:on top of|in addition to|as well as|besides|apart from|alongside)\b", re.I)
_UNDISCLOSED = re.compile(r"\b(?:not (?:been )?disclosed|undisclosed|unspecified|not specified|not made public)\b", re.I)
_REPAIR_NEAR = re.compile(r"\b(?:repair\w*|maintain\w*|maintenance|spare parts for|fix\w*|overhaul\w*)\b[^.;]{0,40}$",
                          re.I)


def _types_named(text: str) -> bool:
    """Whether `text` may list two aid types (a cheap test before `_TYPES_LISTED`)."""
    low = text.lower()
    return sum(map(low.count, ("military", "defen", "financial", "economic", "budget", "humanitarian", "civil"))) > 1


def aid_type_of(w: Windows, sentence: str, following: str, donors: list[str], ctx: Context) -> str:
    right_start, clause_end = w.right[:100], w.clause[-80:]
    named = (_types_named(right_start) and _TYPES_LISTED.search(right_start)) \
        or (_types_named(clause_end) and _TYPES_LISTED.search(clause_end))
    if named:  # "C$19 billion of military, financial and humanitarian support": the type named first
        return _TYPE_WORDS[named.group(1).lower()]
    right, clause = ctx.aid_scores(w.right), ctx.aid_scores(w.clause)
    own = {k: right[k] + right[k] + clause[k] for k in right}  # the words after the amount count twice
    for total in (own, sentence, following):
        if isinstance(total, str):
            total = ctx.aid_scores(total)
        if any(total.values()):
            return max(("military", "humanitarian", "financial"), key=lambda k: total[k])
    if donors and all(d in FINANCIAL_INSTITUTIONS for d in donors):
        return "financial"
    return ctx.default_aid


@lru_cache(maxsize=1)
def _repair_masks() -> frozenset[str]:
    return frozenset(load_cues()["categories"]["repair_masks"])


def categories_in(text: str) -> list[str]:
    """Military categories that `text` names, in the order of the spec.

    >>> categories_in("radar systems, anti-tank mines, vehicle repairs and drones")
    ['air_defence', 'drones', 'maintenance_repair', 'mines_demining']
    """
    masked = _repair_masks()
    named = {cat for start, cat in find_category_cues(text)
             if not (cat in masked and _REPAIR_NEAR.search(text, max(0, start - 50), start))}
    found = [c for c in CATEGORIES if c in named]
    return found


def rest_after(text: str, a: Amount) -> str:
    """The sentence after an amount, up to what it says is something else
    ("..., on top of the training, intelligence and diplomatic backing")."""
    rest = text[a.end:a.end + REACH]
    m = _BESIDES.search(rest)
    return rest[:m.start()] if m else rest


def categories_of(aid_type: str, kind: str, w: Windows, rest: str, following: str, ctx: Context) -> list[str]:
    """What the money buys: the words after the amount, its clause, the rest of the
    sentence, the sentence after it ("The package contains ..."); for a package
    that says nothing, the headline's subject."""
    if aid_type != "military" or _UNDISCLOSED.search(w.right + rest):
        return ["general"]
    if kind == "cumulative":  # "With the new tanks, the US has committed $27bn since 2022": a total buys everything
        texts = (w.right,)
    else:
        texts = (w.right, w.clause, rest) + ((following,) if kind in ("package", "budget") else ())
    for text in texts:
        found = _named_in(text, ctx)
        if found:
            return [c for c in found if c != "general"] or ["general"]
    if kind == "package" and _named_in(ctx.headline, ctx):
        return list(_named_in(ctx.headline, ctx))
    return ["general"]


def _named_in(text: str, ctx: Context) -> list[str]:
    """categories_in(text), read once per article (the caller must not change it)."""
    return ctx.memo(("categories", text), lambda: categories_in(text))


def following_of(body: list[Sentence], k: int, s: Sentence) -> str:
    """The text after sentence `s` (the `k`th of the body) that tells what its money buys, amounts
    and all: "Of the total, SEK 1.2bn will go towards radars ...", or the list a colon introduces."""
    if s.headline:
        return ""
    # ... but "The money comes alongside the UK's largest package ..." is about something else
    if k + 1 < len(body) and CONTINUATION.match(body[k + 1].text) \
            and (not body[k + 1].amounts or SHARE_OF.match(body[k + 1].text)) \
            and not ELSEWHERE.search(body[k + 1].text, 0, 80):
        return body[k + 1].text
    if s.text.endswith(":"):
        # "It is valued at up to $400 million and includes:" and a list of what it buys
        return " ".join(b.text for b in list_after(body, k))
    return ""
