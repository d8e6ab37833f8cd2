"""Whether a figure is support to Ukraine: the rules that drop it (someone else's money, another
country's aid, a whole that holds Ukraine's part, Russia or Ukraine as the subject) and the
evidence of giving and of the recipient for the figures kept."""
from __future__ import annotations

import re

from tracker.extract.context import Context, Windows, cue_reason
from tracker.extract.evidence import MIN_AMOUNT, Reason
from tracker.extract.giver import CHAIN_JOIN, COMPOUND_AFTER, as_place, gives_after
from tracker.extract.money import Amount
from tracker.extract.restate import SHARE_OF
from tracker.extract.sentences import REACH, Sentence
from tracker.extract.taxonomy import Entity, GROUPS, NEVER_DONORS, cue_pattern

_ALSO_FOR = re.compile(r"\balso\b[^.;$€£]{0,40}\b(?:for|to)\s+(?:the\s+)?$", re.I)
_RUSSIAN_OWN = re.compile(r"\s+(?:government|state|budget|military|forces|army|defen[cs]e|spending|economy|"
                          r"war|treasury|leadership|officials)\b"
                          r"|\s+(?:правительств|государств|бюджет|арми|военн|оборон|расход|экономик|казн|власт)\w*", re.I)
_INCLUDES_END = re.compile(r"\binclud(?:es|ing|ed)\s+(?:about |around |some |nearly |almost |more than |over )?$", re.I)
_FOR_UKRAINE = re.compile(r"\s+(?:in \w+ (?:aid|assistance|support) )?(?:for|to) (?:ukraine|kyiv)\b", re.I)
_FOR_OTHER = re.compile(r"\W*(?:in \w+ aid\s+|of it\s+)?(?:for|to)\s+(?:the\s+)?(?:neighbou?ring\s+|nearby\s+)?", re.I)
_HELP_OTHER = re.compile(r"[^.;,]{0,30}?\b(?:to|for) (?:help|support|helping|supporting)\s+(?:the\s+)?", re.I)
_UKRAINE_SUBJECT = re.compile(r"(?:'s|’s)?\s+[a-z]")
_GIVES_TO = re.compile(r"\b(?:for|to|support|supporting|help|helping|aid|aiding|assist|assisting|counter|countering|"
                       r"deter|deterring|defend|defending|protect|protecting)\s+(?:the\s+)?(?:[a-z]\w+\s+)?$")
# A name that stands as a noun, not as a word before one ("to the US allocation", "UK-made drones")
_NAME_ENDS = re.compile(r"['’]s\b|\s*[,.;:)!?\"”]|\s+(?:and|in|with|as|to|for|amid|while|against|on|from|by|after|over|"
                        r"through)\b|\s*$")
# Ukraine as the recipient: named in the amount's clause ("for Ukraine", "to Kyiv"), its sentence or the article
_UKRAINE = re.compile(r"\b(?:Ukrain\w*|Kyiv|Kiev|Zelensk\w*|[Уу]краин\w*|Киев\w*|Зеленск\w*)")
# ... in Russian the dative says "to" ("Литва направила Украине"), but "в Украине" is "in Ukraine"
_TO_UKRAINE = re.compile(r"\b(?:for|to|into|towards?|with)\s+(?:the\s+)?(?:people of\s+)?(?:Ukraine|Kyiv)\b"
                         r"|\b(?:an die|für die|der) Ukraine\b|\b(?:à|pour) l['’]Ukraine\b"
                         r"|(?<!\bв )(?<!\bна )\b(?:Украине|Киеву)\b|\b(?:для|в пользу|на нужды) (?:Украины|Киева)\b", re.I)
# "It was $486bn a year earlier": the figure just stated, again
_SAME_THING = re.compile(r"(?:it|that|this|the (?:figure|estimate|sum|number))\s+(?:was|is|had been|has been|stood at)\b", re.I)
# "..., from €15.4 billion in 2023 and €12.9 billion in 2022": the next of a list of levels
_AND_YEAR = re.compile(r"\s*(?:(?:in|for|during)\s+(?:19|20)\d\d\s*)?,?\s*(?:and|or)\s+", re.I)


def distractor(text: str, w: Windows, entities: list[Entity], a: Amount, collective: bool,
                restating: bool) -> Reason | None:
    """Why an amount is no support to Ukraine (None if no rule says so); `restating`: whether an
    amount stands before it in the sentence that it may say again."""
    found = (cue_reason("distractor:left", "left", w.near, "distractor", w.heads)
             or cue_reason("distractor:left-sentence", "left_sentence", w.before[-REACH:], "distractor", w.heads)
             or (restating and cue_reason("restates:or", "restates", w.near, "distractor", w.heads))
             or cue_reason("distractor:right", "right", w.right, "distractor", w.heads)
             or cue_reason("distractor:right-sentence", "right_sentence", text[a.end:a.end + REACH], "distractor",
                            w.heads))
    if found:
        return found
    # "€5 million for neighbouring Moldova", "a €250m package to help Chisinau": support to another country
    after = next((e for e in entities if e.start >= a.end), None)
    if after is not None and after.role in ("name", "capital") and after.code not in NEVER_DONORS \
            and after.code not in GROUPS and not COMPOUND_AFTER.match(text, after.end) \
            and (_FOR_OTHER.fullmatch(text, a.end, after.start) or _HELP_OTHER.fullmatch(text, a.end, after.start)):
        return Reason("recipient:other-country", text[a.end:after.end])
    # "the $95 billion foreign aid package, which also includes money for Israel and Taiwan": not Ukraine's alone
    for e in entities:
        if a.end < e.start <= a.end + 120 and e.code not in NEVER_DONORS and e.role == "name" \
                and _ALSO_FOR.search(text, a.end, e.start):
            return Reason("recipient:also-for-other", text[a.end:e.end])
    # "Russia plans to spend 13.5 trillion roubles": the clause's subject is not a donor.
    clause_start = a.start - len(w.clause)
    subjects = [e for e in entities if clause_start <= e.start < a.start
                and not as_place(w.before[max(0, e.start - 40):e.start])]
    # ... but "the G7 loans backed by Russian assets" names Russia's assets, not Russia as a giver
    if subjects and subjects[-1].code == "RUS" and (
            subjects[-1].role != "adjective" or _RUSSIAN_OWN.match(text, subjects[-1].end)):
        return Reason("distractor:russia-subject", text[subjects[-1].start:subjects[-1].end + 20])
    # "Ukraine's defence industry could produce weapons worth $20 billion a year": Ukraine as the subject
    # gives nothing, unless someone gives to it ("Ukraine will receive €5bn from the EU"); "Kyiv's allies"
    # and "the Ukraine Energy Support Fund" are other subjects.
    if collective or not subjects or subjects[0].code != "UKR" or len(subjects) > 1:
        return None
    head = subjects[0]
    if w.clause[:head.start - clause_start].strip().lower() not in ("", "the") or not _UKRAINE_SUBJECT.match(text, head.end):
        return None
    if any(e.code not in NEVER_DONORS and gives_after(text[a.end:e.start]) for e in entities if e.start >= a.end):
        return None
    return Reason("distractor:ukraine-subject", text[head.start:head.end + 20])


def holds_ukraines_part(w: Windows, text: str, amounts: list[Amount], i: int) -> bool:
    """Whether an amount is a whole that includes Ukraine's part, and so is not Ukraine's alone:
    "a $95 billion national security package that includes $60.8 billion for Ukraine"."""
    if not _INCLUDES_END.search(w.right):
        return False
    j = next((k for k in range(i + 1, len(amounts)) if amounts[k].converts is None), None)
    return j is not None and bool(_FOR_UKRAINE.match(text, amounts[j].end))


def _shared_recipient(text: str, entities: list[Entity]) -> str:
    """The words naming Ukraine and another country together as what a sentence gives to ("to aid
    Ukraine and Israel", "for Israel, Ukraine and Taiwan"), or ""."""
    for i, e in enumerate(entities):
        if e.code != "UKR" or e.role not in ("name", "capital"):
            continue
        chain = [e]
        for step in (-1, 1):  # the names joined to it by 'and' or commas, either side
            j = i
            while 0 <= j + step < len(entities):
                a, b = (entities[j + step], entities[j]) if step < 0 else (entities[j], entities[j + step])
                if not CHAIN_JOIN.match(text[a.end:b.start]):
                    break
                j += step
                chain.append(entities[j])
        others = [c for c in chain if c.code not in GROUPS and c.code != "UKR" and c.role in ("name", "capital")]
        first = min(c.start for c in chain)
        if others and _GIVES_TO.search(text, max(0, first - 40), first) \
                and _NAME_ENDS.match(text, max(c.end for c in chain)):
            return text[first:max(c.end for c in chain)]
    return ""


def _other_recipient(text: str, entities: list[Entity]) -> str:
    """The words naming a country a sentence gives to, other than Ukraine ("provided to Israel",
    "to counter communist China"), or ""."""
    for e in entities:
        if e.code not in GROUPS and e.code != "UKR" and e.role in ("name", "capital") \
                and (m := _GIVES_TO.search(text, max(0, e.start - 40), e.start)) and _NAME_ENDS.match(text, e.end):
            return text[m.start():e.end]
    return ""


def evidence_for(text: str, a: Amount, amounts: list[Amount], w: Windows, entities: list[Entity], giver: Reason,
              kind: str, kind_rule: str, s: Sentence, ctx: Context) -> list[Reason]:
    """The evidence for a kept figure: who gives, that it is given, to Ukraine, what kind, and
    what makes it less certain. Its rule ids are the features of its confidence."""
    reasons = [giver]
    own = w.clause + a.text + w.right
    # The words of giving: in the amount's clause, else anywhere in the sentence (looked for once)
    giving = cue_pattern("support", "giving")
    if (m := giving.search(own, w.heads)):
        reasons.append(Reason("support:clause", own[m.start():m.end()]))
    elif (m := ctx.memo(("giving", text), lambda: giving.search(text, w.heads))):
        reasons.append(Reason("support:sentence", text[m.start():m.end()]))
    else:
        reasons.append(Reason("support:none"))
    if (shared := ctx.memo(("shared", text), lambda: _shared_recipient(text, entities))):
        # "the Senate's $95 billion bill to aid Ukraine and Israel": Ukraine's part of it is not said
        reasons.append(Reason("recipient:shared", shared))
    elif (m := _TO_UKRAINE.search(own)):
        reasons.append(Reason("recipient:to-ukraine", m.group()))
    elif (m := _UKRAINE.search(own)):
        reasons.append(Reason("recipient:clause", m.group()))
    elif (m := _UKRAINE.search(text)):
        reasons.append(Reason("recipient:sentence", m.group()))
    elif (other := ctx.memo(("other", text), lambda: _other_recipient(text, entities))):
        # "$26.38 billion to support Israel", "$2 billion ... for Taiwan": a sentence that gives to another
        reasons.append(Reason("recipient:other", other))
    elif (m := ctx.memo(("ukraine",), lambda: _UKRAINE.search(ctx.text))):
        reasons.append(Reason("recipient:article", m.group()))
    else:
        reasons.append(Reason("recipient:none"))
    # Money someone holds, owes or spends on itself, said at the amount ("$886 billion in annual military spending")
    at = w.near[-40:] + a.text + w.right[:40]
    strong, maybe = ctx.memo(("own money", text), lambda: (  # most sentences have neither: not searched again
        bool(cue_pattern("support", "own_money").search(text, w.heads)),
        bool(cue_pattern("support", "own_money_maybe").search(text, w.heads))))
    if strong and (m := cue_pattern("support", "own_money").search(at, w.heads)):
        reasons.append(Reason("not-support:own-money", at[m.start():m.end()]))
    elif maybe and (m := cue_pattern("support", "own_money_maybe").search(at, w.heads)):
        # "Ukraine's national debt had reached 171.73 billion dollars", "€37.7 trillion in assets"
        reasons.append(Reason("not-support:own-money-maybe", at[m.start():m.end()]))
    if s.headline:
        reasons.append(Reason("figure:headline"))
    if sum(b.converts is None and b.value >= MIN_AMOUNT for b in amounts) > 1:
        # a sentence of several figures: each may be a part, a restatement or someone else's
        reasons.append(Reason("figure:one-of-several"))
    reasons.append(Reason(f"kind:{kind_rule}", kind))
    return reasons


def own_currency(a: Amount, stated: bool) -> Reason | None:
    """Ukraine's own money (hryvnias no giver is named for: "Defence expenditures are planned at UAH
    2.2 trillion") and Russia's (roubles) are no support."""
    if (a.currency == "UAH" and not stated) or a.currency == "RUB":
        return Reason("not-support:ukraine-own-money" if a.currency == "UAH" else "not-support:russian-money", a.text)
    return None


def same_thing_as_dropped(text: str) -> Reason | None:
    """Whether a sentence after one that ended on an amount that is no support says that amount
    again: "... estimate of what it will cost to rebuild Ukraine. It was $486bn a year earlier." """
    m = _SAME_THING.match(text)
    return Reason("not-support:same-thing-as-dropped", m.group()) if m else None


def like_dropped(w: Windows, compared: bool) -> Reason | None:
    """Why an amount right after one that is no support is none either: compared with it ("will
    cost $486 billion, up from $411 billion"), listed with it, or a share of it."""
    return (compared and Reason("not-support:compared-with-dropped", w.near)) \
        or (_AND_YEAR.fullmatch(w.clause) and Reason("not-support:listed-with-dropped", w.clause)) \
        or (SHARE_OF.search(w.clause) and Reason("not-support:share-of-dropped", w.near)) or None
