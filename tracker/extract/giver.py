"""Who gives an amount: names that may be donors (not places, partners, occasions or people),
the donors an amount's words name or the sentences before carry over, amounts of many donors,
and the currency a donor's name settles ("$" of Canada is C$)."""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from tracker.extract.context import Context, Windows
from tracker.extract._money_data import DOLLARS
from tracker.extract.evidence import MIN_AMOUNT, Reason
from tracker.extract.money import Amount
from tracker.extract.taxonomy import Entity, GROUPS, NEVER_DONORS, cue_pattern, find_entities, load_cues

# Currencies that context resolves, and the country that settles each.
_CURRENCY_COUNTRY = {"NOK": "NOR", "DKK": "DNK", "SEK": "SWE", "ISK": "ISL", "CZK": "CZE", "CAD": "CAN",
                     "AUD": "AUS", "NZD": "NZL", "SGD": "SGP", "HKD": "HKG", "GBP": "GBR", "JPY": "JPN", "PLN": "POL",
                     "CHF": "CHE", "KRW": "KOR", "HUF": "HUN", "RON": "ROU", "BGN": "BGR", "TWD": "TWN"}
# A bare "$" in a sentence about these donors is their own dollar ("Canada will provide $500 million").
_HOME_DOLLAR = {country: code for code, country in _CURRENCY_COUNTRY.items() if code in DOLLARS}
# Before a name, these make it a place or a partner, not a donor ("in Brussels", "with Iceland").
_PLACE_BEFORE = re.compile(r"\b(?:in|at|to|from|near|via|into|through|across|outside|inside|with|of|for|on|"
                           r"against|between|towards?|over|around|visit(?:ed|ing)?|unlike|than|since|"
                           r"(?:co-)?led by|headed by|run by|chaired by|hosted by|organi[sz]ed by|"
                           # "projects implemented by the United Nations Development Programme": who spends it
                           r"implemented by|administered by|managed by|operated by|carried out by|executed by)\s+(?:the\s+)?$"
                           # ... in Russian: "в Литве", "из Польши", "с Германией", "возглавляемой Литвой" (led by)
                           r"|\b(?:в|во|на|из|к|ко|у|при|через|между|против|для|с|со|от|после|возглавляем\w*|"
                           r"во главе с|под руководством)\s+$",
                           re.I)
_GOVERNMENT_OF = re.compile(r"\b(?:government|ministry|minister|parliament|president|prime minister|chancellor|"
                            r"cabinet|people|taxpayers|king|queen)\s+of\s+(?:the\s+)?$", re.I)
# "The loan agreement with the United Kingdom, worth GBP 2.26 billion": the other party gives
_PARTY_TO = re.compile(r"\b(?:agreements?|deals?|accords?|memorand(?:um|a)|treat(?:y|ies)|arrangements?|pacts?|contracts?)\s+"
                       r"(?:\w+\s+)?with\s+(?:the\s+)?$", re.I)
COMPOUND_AFTER = re.compile(r"-(?:led|administered|based|made|built|designed|produced|run|owned|born|"
                             r"flagged|speaking|occupied|controlled|style|made)\b")
# A name before a word for its money ("the US allocation", "the Dutch contribution") owns that money
_ITS_MONEY_AFTER = re.compile(r"\s+(?:allocation|contribution|package|pledge|commitment|funding|grant|loan)s?\s+of\b",
                              re.I)
# An adjective names a donor only before a word for its state or its support ("British package").
_ADJECTIVE_DONOR = re.compile(
    r"\s+(?:(?:defen[cs]e|foreign|finance|prime|economy|development|armed|military|government)\s+)*"
    r"(?:government|support|funding|aid|package|ministry|minister|parliament|cabinet|contribution|"
    r"assistance|money|taxpayers?|president|chancellor|officials|authorities|grants?|loans?|budget|"
    r"donation|pledge|commitment|treasury|state|navy|army|forces|leader|premier|side|help|backing)\b"
    # ... in Russian: "литовское правительство", "американская помощь", "британского пакета"
    r"|\s+(?:(?:военн|оборонн|финансов|гуманитарн)\w*\s+)*(?:правительств|министерств|министр|помощ|поддержк|"
    r"пакет|сторон|власт|вклад|кабинет|президент|премьер|кредит|грант|бюджет|казначейств|ведомств)\w*", re.I)
_SPEAKS = re.compile(r"\s+(?:told|said|says|added|stated|explained|noted|argued|warned|recalled|wrote)\b")
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_PEOPLE_DO = re.compile(r"\s+(?:have|has|had|will|would|are|were|gave|give|pledged|promised|sent|provided|announced|"
                        r"committed|agreed|also|paid|put|added|offered|donated|contributed)\b")
CHAIN_JOIN = re.compile(r"^\s*(?:,|and|, and|&|as well as|together with|plus|и|, а также|а также)\s*(?:the\s+)?$",
                        re.I)  # "Литва и Латвия"
# "€5bn from the EU", "a package funded by Norway"; not "..., followed a day later by Denmark"
# ... "a $15 million grant from the Government of Finland": the state named by its government
_DONOR_AFTER = re.compile(r"^\W*(?:(?!followed\b|preceded\b|matched\b|joined\b)\w[\w-]*\s+){0,4}?(?:from|by)\s+(?:the\s+)?"
                          r"(?:(?:government|people|kingdom|republic|federal republic) of\s+(?:the\s+)?)?$"
                          # ... "10 млн евро от Литвы", "помощь со стороны правительства Норвегии"
                          r"|^\W*(?:\w[\w-]*\s+){0,4}?(?:от|со стороны)\s+(?:правительства\s+)?$",
                          re.I)
# "The two countries have set aside a combined DKK 2.3 billion": donors the text has just named
_NAMED_BEFORE = re.compile(r"\b(?:(?:the|these|those)\s+(?:two|three|four|five|six|seven|eight|nine|ten)|both)\s+$", re.I)
_REFERS_BACK = re.compile(r"\b(?:(?:the|these|those)\s+(?:two|three|four|five|six|seven|eight|nine|ten)|both)\s+"
                          r"(?:countries|governments|nations|allies|partners|donors)\b", re.I)
_THE_MEETING = re.compile(r"\b(?:the|this|that|(?:to|yester)day's) (?:meeting|summit|gathering|conference|talks)\b", re.I)
# "In March, the state budget of Ukraine received USD 3.4 billion from partners": what arrived over a span
RECEIVED_BY_UKRAINE = re.compile(r"\b(?:Ukraine|Kyiv|budget)\s+(?:has\s+|have\s+)?(?:\w+\s+)?received\b")
# "At a leaders' summit ..., Britain announced": the many are the occasion, not the givers
_OCCASION_OF = re.compile(r"['’]s?\s+(?:\w+\s+)?(?:summit|meeting|conference|gathering|talks|session|call|dinner)\b", re.I)
_MEMBER_AFTER = re.compile(r"\s+(?:partner|member|ally|member state|country|nation|state)\b", re.I)
_EVENT_AFTER = re.compile(r"\s+(?:meetings?|summits?|talks|conferences?|sessions?|gatherings?|ministerials?|"
                          r"headquarters|format)\b", re.I)
_RUN_BY = re.compile(r"\b(?:administered|managed|run|led|hosted|chaired|headed|operated|organi[sz]ed)\s+by\s+(?:the\s+)?$",
                     re.I)
# ... "the European Union's approval of a $50 billion aid package": whose decision, whose money
_OWNER_OF = re.compile(r"(?:'s|’s)\s+(?:(?:approval|adoption|decision|agreement|plan|proposal|offer|promise)\s+"
                       r"(?:of|on|for)\s+(?:a|an|the|its|their)\s+)?(?:(?:new|latest|first|second|third|planned|total|annual)\s+)?")
_BRACKETS = re.compile(r"\([^()]*\)")
_OBSTACLE_AFTER = re.compile(r"(?:'s|’s)?\s+(?:\w+\s+){0,2}?(?:veto\w*|block(?:ed|s|ing)|objections?|objected|"
                             r"oppos(?:ed|es|ition)|refus\w+)\b", re.I)
_NOT_A_NAME = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
               r"July|August|September|October|November|December|The|In|On|At|And|But|While|Meanwhile|Also|Now|"
               r"Then|So|As|For|With|By|From|After|Before|Since|Last|This|Next|Neither|Both|Only|Even|Yet)")
_NAMED_PERSON = re.compile(rf"\b(?:Minister|President|Premier|Chancellor|Secretary|Senator|Mr|Mrs|Ms|Dr)\.?\s+"
                           rf"(?!{_NOT_A_NAME}\b)[A-Z][\w'’.-]+\s+$")
_REPORTS = re.compile(r"\s+(?:says|said|reports|reported|estimates|estimated|figures show)\b")
_SAID = re.compile(r"(?:\s+\w+){0,4}\s+(?:said|says|announced|confirmed|told|stated|added)\b")
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
_PLACE_JOIN = re.compile(r"\s*(?:,|(?:and|&|и)(?:\s+the)?)\s*")  # "led by Latvia and the United Kingdom"
_IN_AT = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$")


def _donor_allowed(e: Entity, text: str) -> bool:
    if e.code in NEVER_DONORS or COMPOUND_AFTER.match(text, e.end):
        return False
    if e.code in GROUPS and _EVENT_AFTER.match(text, e.end):
        return False  # "attending his first contact group meeting": an occasion, not a giver
    if e.code in GROUPS and _MEMBER_AFTER.match(text, e.end):
        return False  # "New Zealand, a NATO partner: NZD 16.5 million": what the giver is, not a giver
    if _OBSTACLE_AFTER.match(text, e.end):
        return False  # "after Hungary dropped its veto": an obstacle, not a giver
    if e.role == "name" and _NAMED_PERSON.search(text, max(0, e.start - 60), e.start):
        return False  # "Prime Minister Luís Montenegro": a person's surname
    if e.role == "leader" and _SPEAKS.match(text, e.end):
        return False  # "John Healey told a press conference: ...": a speaker, who may quote everyone's total
    if as_place(text[max(0, e.start - 40):e.start]) and not _ITS_MONEY_AFTER.match(text, e.end):
        return False  # ... but "equal to the US allocation of €43.1 billion": the name owns the money
    if e.role == "adjective" and not _ADJECTIVE_DONOR.match(text, e.end) \
            and not (_THE_BEFORE.search(text, max(0, e.start - 4), e.start) and _PEOPLE_DO.match(text, e.end)):
        return False  # ... but "the €500 million the Dutch gave in August": the people, as a donor
    return True


def as_place(before: str) -> bool:
    """Whether the words before a name make it a place or a partner ("in Brussels", "with Iceland"),
    not "the government of Norway" or "an agreement with the United Kingdom"."""
    return bool(_PLACE_BEFORE.search(before)) and not _GOVERNMENT_OF.search(before) and not _PARTY_TO.search(before)


def allowed_entities(entities: list[Entity], text: str) -> list[Entity]:
    """Entities that may be donors. A name joined by 'and' to a place is a place too
    ("Military planners in London and Paris"); a leader never is ("in Kyiv, von der Leyen")."""
    out: list[Entity] = []
    prev_ok, prev = True, None
    for e in entities:
        ok = _donor_allowed(e, text)
        join = text[prev.end:e.start] if prev is not None else ""
        if ok and prev is not None and not prev_ok and e.role != "leader" and _PLACE_JOIN.fullmatch(join):
            ok = False
        if ok:
            out.append(e)
        prev_ok, prev = ok, e
    return out


def _chain(entities: list[Entity], text: str, idx: int, step: int) -> list[str]:
    """The codes of the entity at `idx` and of those joined to it by 'and' or commas."""
    codes = [entities[idx].code]
    j = idx
    while 0 <= j + step < len(entities):
        a, b = (entities[j + step], entities[j]) if step < 0 else (entities[j], entities[j + step])
        if not CHAIN_JOIN.match(text[a.end:b.start]):
            break
        j += step
        codes.append(entities[j].code)
    return list(dict.fromkeys(codes if step > 0 else reversed(codes)))


def donors_of(text: str, a: Amount, w: Windows, entities: list[Entity], allowed: list[Entity],
            collective: bool, ctx: Context) -> tuple[list[str], bool, Reason]:
    """The donors of an amount, whether the sentence names them (else they are carried
    over from the sentences before), and the rule that found them."""
    if collective:
        # "five NATO countries – Germany, Norway, Poland, the Netherlands and Canada – committed ...":
        # the donors the sentence lists before the amount, when it lists them
        before = [e for e in allowed if e.end <= a.start and e.code not in GROUPS]
        listed = _chain(before, text, len(before) - 1, -1) if len(before) > 1 else []
        if len(listed) > 1:
            return listed, True, Reason("giver:many-listed", text[before[-len(listed)].start:before[-1].end])
        # A total of many donors is the group's when the sentence names one ("a meeting of the UDCG").
        groups = [e.code for e in entities
                  if e.code in GROUPS and not _IN_AT.search(text[max(0, e.start - 10):e.start])
                  and not _REPORTS.match(text, e.end)]  # "NATO says allies have funded ...": who tells it
        how = Reason("giver:many", w.clause[-40:])
        if not groups and _THE_MEETING.search(text):
            # "allies committed about $3 billion at the meeting": the group whose meeting was just named
            groups = _last_group(ctx)
            how = Reason("giver:many-at-meeting", _THE_MEETING.search(text).group())
        return list(dict.fromkeys(groups)), True, how
    # "a £450 million package from the UK and Norway"
    after = [e for e in entities if e.start >= a.end and e.code not in NEVER_DONORS]
    if after and gives_after(text[a.end:after[0].start]) and not COMPOUND_AFTER.match(text, after[0].end) \
            and not _RUN_BY.search(text, a.end, after[0].start):
        return _chain(after, text, 0, +1), True, Reason("giver:named-after", text[a.end:after[0].end])
    # "toward the G7's US$50-billion loan": whose money it is, wherever it goes
    owner = [e for e in entities if e.end <= a.start and e.code not in NEVER_DONORS
             and _OWNER_OF.fullmatch(text, e.end, a.start)]
    if owner:
        return [owner[-1].code], True, Reason("giver:owner", text[owner[-1].start:a.start])
    before = [e for e in allowed if e.end <= a.start]
    if before:
        return _chain(before, text, len(before) - 1, -1), True, Reason("giver:named", text[before[-1].start:before[-1].end])
    # After the amount, a donor is in the amount's own clause, or said so ("..., the Norwegian government said").
    later = [e for e in allowed if a.end <= e.start and (e.start <= a.end + len(w.right) or _SAID.match(text, e.end))]
    if later:
        return _chain(later, text, 0, +1), True, Reason("giver:named-later", text[later[0].start:later[0].end])
    if _REFERS_BACK.search(w.clause):
        named = _last_joint_donors(ctx)
        if named:
            return named, True, Reason("giver:refers-back", _REFERS_BACK.search(w.clause).group())
    if RECEIVED_BY_UKRAINE.search(w.clause):
        # "Since January, Ukraine has received USD 10.3 billion": from all its partners
        return [], True, Reason("giver:ukraine-received", RECEIVED_BY_UKRAINE.search(w.clause).group())
    home = _CURRENCY_COUNTRY.get(a.currency or "")
    if home and home not in ctx.last_donors and ctx.article_codes.get(home):
        # "The package is financed from the Ukraine Fund, which covers DKK 68.6 billion": Danish money
        return [home], False, Reason("giver:currency", a.text)
    if ctx.last_donors:
        return list(ctx.last_donors), False, Reason("giver:carried", "+".join(ctx.last_donors))
    if ctx.main_donor:
        return [ctx.main_donor], False, Reason("giver:subject", ctx.main_donor)
    return [], False, Reason("giver:none")


def _last_group(ctx: Context) -> list[str]:
    """The group (UDCG, NATO, the EU, ...) named last in the last sentences, if any."""
    for s in reversed(ctx.seen[-3:]):
        groups = [e.code for e in find_entities(s.text) if e.code in GROUPS]
        if groups:
            return groups[-1:]
    return []


def _last_joint_donors(ctx: Context) -> list[str]:
    """The donors named together in one of the last sentences ("Denmark and Norway will ...")."""
    for s in reversed(ctx.seen[-3:]):
        allowed = allowed_entities(find_entities(s.text), s.text)
        for i in range(len(allowed) - 1, -1, -1):
            chain = _chain(allowed, s.text, i, -1)
            if len(chain) > 1:
                return chain
    return []


def gives_after(between: str) -> bool:
    """Whether the words from an amount to a name say the name gives it ("€5bn from the EU",
    "3 bln euros (about UAH 131 bln) from the European Union")."""
    return bool(_DONOR_AFTER.match(_BRACKETS.sub("", between)))


def is_collective(w: Windows, entities: list[Entity], a: Amount) -> bool:
    clause_start = a.start - len(w.clause)
    for m in cue_pattern("kind", "collective").finditer(w.clause, w.heads):
        # "EU governments" names the EU; "NATO allies" are many donors; "the two countries" are named before.
        if not any(e.start <= clause_start + m.start() < e.end for e in entities) \
                and not _NAMED_BEFORE.search(w.clause, 0, m.start()) and not _OCCASION_OF.match(w.clause, m.end()):
            return True
    return bool(_from_collective().match(w.right))


@lru_cache(maxsize=1)
def _from_collective() -> re.Pattern:
    return re.compile(r"^\W*(?:\w+\s+){0,4}?from\s+(?:\w+\s+){0,2}?(?:" +
                      "|".join(load_cues()["kind"]["collective"]) + r")\b", re.I)


def resolve_currency(a: Amount, entities: list[Entity], ctx: Context) -> Amount:
    if a.currency or not a.options:
        return a
    in_sentence = [e.code for e in entities]
    for code in a.options:
        if _CURRENCY_COUNTRY.get(code) in in_sentence:
            return replace(a, currency=code)
    best = max(a.options, key=lambda c: (ctx.article_codes.get(_CURRENCY_COUNTRY.get(c, ""), 0),
                                         -a.options.index(c)))
    return replace(a, currency=best)


def one_each(donors: list[str], stated: bool, text: str, amounts: list[Amount], i: int) -> list[str]:
    """The donor of the `i`th amount when the sentence gives one each: "Japan and Canada: ¥471.9
    billion and CAD 5 billion respectively", in order."""
    if len(donors) > 1 and stated and _RESPECTIVELY.search(text):
        own = [j for j, b in enumerate(amounts) if b.converts is None and b.value >= MIN_AMOUNT]
        if len(own) == len(donors):
            return [donors[own.index(i)]]
    return donors


def home_dollar(a: Amount, donors: list[str], ctx: Context) -> tuple[Amount, Reason | None]:
    """A bare "$" is the donor's own dollar when the article is about that donor ("Canada will
    provide $500 million" in a Canadian report), and the rule that says so. A report about others
    that names Canada once ("Canada is providing $29 million", beside Washington's billions) counts
    in US dollars, as does one that converts between its "$" and the donor's dollar ("$500 million
    (about C$700 million)", "$2.4 billion Canadian dollars ($1.8 billion)")."""
    if a.text.startswith("$") and len(donors) == 1 and donors[0] in _HOME_DOLLAR \
            and ctx.main_donor == donors[0] and not ctx.dollar_converted(_HOME_DOLLAR[donors[0]]):
        a = replace(a, currency=_HOME_DOLLAR[donors[0]])
        return a, Reason("currency:home-dollar", f"{a.text} of {donors[0]}")
    return a, None
