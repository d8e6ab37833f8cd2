"""Article text -> pledge records, as a careful analyst would write them down.

Reads the text in its units (sentences) and, per amount, asks each decision in turn: is it
support to Ukraine (support), who gives (giver), what kind of record and years (kind), what it
buys (aid), when (when), and does it say an earlier record again or a part of one (restate).
It converts nothing and stores nothing.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from tracker.extract.aid import aid_type_of, categories_of, following_of, rest_after
from tracker.extract.context import Context, Windows, article_context, cue, cue_reason, windows_of
from tracker.extract.conversions import mark_conversions
from tracker.extract.dates import find_dates, heading_date
from tracker.extract.evidence import (MIN_AMOUNT, MIN_CONFIDENCE, Decision, Reason, confidence, implausible,
                                      in_euro_bn, years_of)
from tracker.extract.giver import (allowed_entities, donors_of, home_dollar, is_collective, one_each,
                                   resolve_currency)
from tracker.extract.kind import OWN_YEAR, kind_of, kind_said_before, one_year, period_of
from tracker.extract.money import FROM_BEFORE, Amount, bare_figures
from tracker.extract.restate import (PACKAGE, RECALL, converts_earlier, correct_earlier, restated_in_conversion,
                                     restates_earlier,
                                     said_new_before, type_of_larger_part, whole_of)
from tracker.extract.sentences import (FINAL_STOP, LIST_ITEM, QUESTION, REACH, Sentence, figures_with_their_labels,
                                       is_section_heading, split_sentences, without_asides)
from tracker.extract.support import (distractor, evidence_for, holds_ukraines_part, like_dropped, own_currency,
                                     same_thing_as_dropped)
from tracker.extract.taxonomy import NEVER_DONORS, find_entities
from tracker.extract.when import date_of
from tracker.records.pledge import Pledge

# Every amount has a digit or a magnitude word ("half a billion euros"); other sentences are skipped fast.
_SCALE_HINT = re.compile(r"illion|\d\s?(?:bn|mn|mln|bln|mld|mrd|млн|млрд|трлн|тыс)\b|milliard|thousand"
                         r"|ллион|ллиард|тысяч", re.I)  # "10 млн евро", "полтора миллиарда евро"
_COMPARED = re.compile(r"(?:\b(?:up|down) from|\bcompared (?:with|to)|\bafter|,\s+from)\s+(?:\w+\s+)?$", re.I)
_OF_THE = re.compile(r"\W*of (?:the|this|that)\s+", re.I)
_AND_NEXT = re.compile(r"\b(?:and|plus|while)\s", re.I)
_DEFINITE = re.compile(r"\b(?:the|this|that|these)\s+$", re.I)


def _pledges_in(s: Sentence, following: str, ctx: Context) -> list[Pledge]:
    text = s.text
    amounts = mark_conversions(text, s.amounts, ctx.published) or _figures_of_a_record(s, ctx)
    if not s.headline:
        ctx.converted += [b for b in amounts if b.converts is not None]
    if amounts and ctx.last_dropped and (same := same_thing_as_dropped(text)):
        for a in amounts:
            ctx.drop(s, a, same)
        return []
    ctx.last_dropped = False
    if not amounts:
        # "Donors pledged fresh money on Friday ...": the day of the pledges that follow
        # ... in the lead, or said of many donors anywhere
        if not s.headline and cue("announce_verbs", text, "date", s.heads) \
                and (len(ctx.seen) < 3 or cue("collective", text, heads=s.heads)):
            dated = [m for m in find_dates(text, ctx.published, ctx.bounds) if m.value]
            if dated:
                ctx.lead_date = ctx.last_date = dated[0].value
        # "Sweden was first to write a multi-year frame into its budget." names, as its subject, who the
        # next sentences are about
        if not s.headline:
            named = {e.code for e in allowed_entities(find_entities(text, before=40), text)} - NEVER_DONORS
            if len(named) == 1:
                ctx.last_donors = list(named)
        return []
    # "The day before, Sunak announced ...": a day counted from the one the sentences before gave
    mentions = [replace(m, value=ctx.last_date + m.relative) if m.value is None and m.relative and ctx.last_date
                else m for m in find_dates(text, ctx.published, ctx.bounds)]
    entities = find_entities(text)
    allowed = allowed_entities(entities, text)
    out = []
    dropped = False  # whether the amount before was not support to Ukraine
    left: tuple[Windows, int] | None = None  # the words of an amount the next one replaces ("from X to Y")
    of_the: str | None = None  # "Of the" before an amount, whose share the next one is
    # A line that is no sentence (a subheading, a key-events point) says less than the text under it
    heading = not s.headline and not s.own and not FINAL_STOP.search(text) and not text.endswith((";", ","))
    for i, a in enumerate(amounts):
        if s.own and not s.own[0] <= a.start < s.own[1]:
            continue  # a piece of a long sentence reads the amounts of its own part, the rest is context
        if a.converts is not None:
            between = text[amounts[a.converts].end:a.start] if 0 <= a.converts < len(amounts) else ""
            ctx.drop(s, a, Reason("restates:conversion", between.strip() or a.text))
            continue
        if a.value < MIN_AMOUNT:
            ctx.drop(s, a, Reason("not-support:small", "below 10,000"))
            continue
        w = windows_of(text, amounts, i, s.heads)
        a = resolve_currency(a, entities, ctx)
        collective = is_collective(w, entities, a)
        if left is not None:  # "in 2025 rises from NOK 22.5 billion to NOK 72.5 billion": one clause
            left_w, left_start = left
            w = replace(w, clause=left_w.clause + text[left_start:a.start], near=left_w.near + text[left_start:a.start])
        if of_the is not None:  # "Of the 85 billion, about 17 billion ...": a share of the amount just named
            w = replace(w, clause=of_the + text[amounts[i - 1].start:a.start])
        of_the = w.clause if _OF_THE.fullmatch(w.clause) else None
        compared = bool(_COMPARED.search(w.before[-REACH:]))  # "..., up from $411 billion": like the amount before it
        left = (w, a.start) if FROM_BEFORE.search(w.near) and w.right.strip() == "to" else None
        why = (Reason("currency:unknown", a.text) if a.currency is None else None) \
            or distractor(text, w, entities, a, collective, i > 0) \
            or (holds_ukraines_part(w, text, amounts, i) and Reason("recipient:whole-with-ukraines-part", w.right)) \
            or (dropped and like_dropped(w, compared)) \
            or (left is not None and Reason("not-support:level-risen-from", w.near + a.text + w.right))
        if why:
            # the level an amount rises from is no amount of its own
            ctx.drop(s, a, why)
            dropped = True
            continue
        dropped = False
        donors, stated, giver = donors_of(text, a, w, entities, allowed, collective, ctx)
        donors = one_each(donors, stated, text, amounts, i)
        if (others := own_currency(a, stated)):
            ctx.drop(s, a, others)
            continue
        a, own_dollar = home_dollar(a, donors, ctx)
        # The words after the amount first: "€2 billion in 2024, and €3 billion in 2025"
        period_text = (a.text + w.right, w.clause + " " + a.text + w.right)
        kind, kind_rule = kind_of(w, donors, collective, period_text, ctx)
        kind, years_before = kind_said_before(kind, w, a, entities, out, ctx, compared)
        aid_type = aid_type_of(w, text, following, donors, ctx)
        dated = [m for m in mentions if m.value] if kind == "cumulative" else mentions
        when, placed = date_of(dated, a, w, text, s.headline, kind, ctx)
        pledge = Pledge(
            donors=donors, amount=round(a.value, 2), currency=a.currency, qualifier=a.qualifier, kind=kind,
            aid_type=aid_type, categories=categories_of(aid_type, kind, w, rest_after(text, a), following, ctx), date=when,
            period=period_of(period_text, ctx, kind) or years_before, quote=text,
            start=s.start, end=s.start + len(text))
        if s.headline and ctx.converted_near(a.currency, a.value):
            # "... as Ukraine secures $15.6bn programme" over "SDR 11.6bn (about $15.6bn)"
            ctx.drop(s, a, Reason("restates:headline-conversion", a.text))
            continue
        reasons = evidence_for(text, a, amounts, w, entities, giver, kind, kind_rule, s, ctx)
        if own_dollar:
            reasons.insert(-1, own_dollar)
        restated = None if stated else converts_earlier(pledge, w, ctx.records[-3:] + out)
        if restated is not None:
            if restated.period is None and pledge.period and pledge.kind == "budget":
                # "The money, about £43 billion, is to be paid out over four years": its years
                restated.kind, restated.period = "budget", pledge.period
            ctx.drop(s, a, Reason("restates:conversion-of-earlier", f"{restated.currency} {restated.amount:,.0f}"))
            continue
        conversion = next((b for b in amounts if b.converts == i), None)
        restated = restated_in_conversion(pledge, conversion, ctx.records[-RECALL:] + out)
        if restated is not None and id(restated) in ctx.headings and not heading:
            # "Norway to allocate over $600 million" over "... by NOK 7 billion ($600 million) in 2024":
            # the sentence says in full, in its own currency, what the subheading gave converted
            ctx.unkeep(restated, Reason("restates:said-in-full-below", f"{a.text} ({conversion.text})"))
        elif restated is not None:
            ctx.drop(s, a, Reason("restates:earlier-by-its-conversion", f"{conversion.text} = {restated.currency} "
                                                                       f"{restated.amount:,.0f}"))
            continue
        fresh = cue_reason("new-money", "left", w.clause, "new_money", w.heads)
        # "an additional $5.5 billion" ... "additional financial assistance of $5.5 billion": the same new money
        if s.headline or not fresh or said_new_before(fresh.words, pledge, ctx.records[-RECALL:]):
            definite = bool(_DEFINITE.search(w.near))
            # "$5 million will go to ... and $5 million will go to ...": the same figure twice, two records
            candidates = ctx.records[-RECALL:] + ([] if _AND_NEXT.search(w.near) else out)
            earlier = restates_earlier(pledge, candidates, stated, s.headline, definite, a.text.startswith("$"))
            if earlier is not None:
                correct_earlier(earlier, pledge, reasons, heading, s.headline, ctx)
                ctx.drop(s, a, Reason("restates:earlier", f"{earlier.currency} {earlier.amount:,.0f}: {earlier.quote[:40]}"))
                continue
        whole, share = whole_of(pledge, w, out, ctx)
        if whole is not None and pledge.kind == "cumulative" and whole.kind != "cumulative":
            whole = None  # a running total is no part of a package or a year's money
        if whole is not None:
            pledge.part_of = whole  # resolved to an index once the records are ordered
            if share and whole.kind in ("budget", "cumulative") and not PACKAGE.search(w.right):
                # "of which £7.8bn is military aid": a share of a running total or envelope is one too
                pledge.kind, pledge.period = whole.kind, pledge.period or whole.period
            elif whole.kind in ("package", "budget"):
                # "The package includes £200m for drones": a part of a package or of a year's budget is a package
                pledge.kind = "package"
                pledge.period = period_of(period_text, ctx, "package")
            elif whole.kind == "cumulative" and (OWN_YEAR.match(w.right) or one_year(period_text[0], ctx)):
                # "323 mln zł since 2022, including 82 mln zł last year": that year's money
                pledge.kind, pledge.period = "budget", period_of(period_text, ctx, "budget")
            elif whole.kind == "cumulative":
                pledge.kind = whole.kind
                pledge.period = period_of(period_text, ctx, "cumulative") or whole.period
            if not placed and whole.date:
                pledge.date = whole.date  # a part is announced with its whole
            if not any(ctx.aid_scores(w.right).values()):
                pledge.aid_type = whole.aid_type  # "including $10bn from Japan": what the whole is for
        if placed and when:
            ctx.last_date = when
        if not collective and donors:
            ctx.last_donors = donors
        if heading:
            ctx.headings.add(id(pledge))
        ctx.keep(s, a, pledge)
        ctx.kept[id(pledge)].reasons = reasons
        out.append(pledge)
    ctx.last_dropped = dropped
    return out


# An amount under this, in any currency (one unit is at most about €3.5), is under €0.4bn: under 3 % of the
# smallest donor GDP of donor_gdp.csv (Malta's €14.7bn), and so never implausible
_SURELY_PLAUSIBLE = 1e8
_UNSTATED_GIVERS = frozenset({"giver:carried", "giver:subject", "giver:currency"})


def _finish(records: list[Pledge], ctx: Context) -> None:
    """Each record's evidence and confidence, once its kind and donors are final."""
    for p in records:
        decision = ctx.kept[id(p)]
        reasons = list(decision.reasons)
        # (below €0.4bn in any currency, no donor's GDP is too small for it: not converted)
        eur = in_euro_bn(p.amount, p.currency, p.date) if p.amount >= _SURELY_PLAUSIBLE else None
        too_large = eur is not None and implausible(eur, p.donors, p.kind, years_of(p.period))
        if too_large and any(r.rule in _UNSTATED_GIVERS for r in reasons) \
                and not implausible(eur, [], p.kind, years_of(p.period)):
            # A giver carried over from the sentences before that could not give this much is not its giver
            reasons = [Reason("giver:none", f"{'+'.join(p.donors)}: {too_large.words}")] + \
                [r for r in reasons if r.family != "giver"]
            p.donors, too_large = [], None
        if too_large:
            reasons.append(too_large)
        if p.date and ctx.published and p.date > ctx.published:
            # "data up to December 31, 2026": a day after the article is no day of its announcement
            reasons.append(Reason("date:after-publication", p.date.isoformat()))
            p.date = ctx.published
        p.confidence = confidence({r.rule: 1.0 for r in reasons if r.family != "kind"})
        p.evidence = [str(r) for r in reasons]
        decision.reasons, decision.confidence = reasons, p.confidence


def _figures_of_a_record(s: Sentence, ctx: Context) -> list[Amount]:
    """A sentence's figures without a currency, when one of them is a recent record's amount: they
    take its currency ("Of the 85 billion, about 17 billion is civilian support" after "85 billion kroner")."""
    if s.headline or not ctx.records or not _SCALE_HINT.search(s.text):
        return []
    figures = bare_figures(s.text)
    for r in reversed(ctx.records[-5:]):
        if any(abs(f.value - r.amount) <= 0.005 * r.amount for f in figures):
            return [replace(f, currency=r.currency) for f in figures]
    return []


def extract_pledges(text: str, published: date | None = None, min_confidence: float = MIN_CONFIDENCE) -> list[Pledge]:
    """Every pledge of support in an article's text, once each, in the order the
    text states them, with `confidence` at least `min_confidence`. `published` is the
    date relative dates hang on."""
    return _read(text, published, min_confidence)[0]


def explain(text: str, published: date | None = None, min_confidence: float = MIN_CONFIDENCE) -> list[Decision]:
    """What the extractor decided for every money figure of the text, in the text's order:
    kept (with its evidence and confidence) or dropped (with the rule that dropped it)."""
    return _read(text, published, min_confidence)[1]


def _read(text: str, published: date | None, min_confidence: float) -> tuple[list[Pledge], list[Decision]]:
    if not text or not text.strip():
        return [], []
    every = split_sentences(text)
    # A question asks, it does not pledge: 'Is this the "$500 billion" Trump talked about?'
    sentences = [s for s in without_asides(text, every) if not QUESTION.search(s.text)]
    read = {s.start for s in sentences}
    sentences = figures_with_their_labels(text, sentences)
    ctx = article_context(sentences, text, published)
    for s in every:
        if s.start not in read:
            why = Reason("not-support:question", s.text[-40:]) if QUESTION.search(s.text) else Reason("not-support:aside")
            for a in s.amounts:
                ctx.drop(s, a, why)
    body = [s for s in sentences if not s.headline]
    # The body states a pledge fully; a headline that only restates it adds nothing.
    for k, s in enumerate(body + [s for s in sentences if s.headline]):
        following = following_of(body, k, s)
        if not s.headline and not s.own and is_section_heading(s.text):
            # A timeline's "13 May 2023", a digest's "MONDAY": the day of what follows, to the next heading
            ctx.section_date = heading_date(s.text, published)
        said = _pledges_in(s, following, ctx)
        ctx.records += said
        if not s.headline:
            ctx.seen.append(s)
            if s.text.endswith(":"):
                # "... worth $400 million and includes:": its parts follow; "the following commitments:"
                # with no amount of its own introduces amounts of their own
                ctx.list_whole = said[-1] if said else None
            elif not LIST_ITEM.match(s.text):
                ctx.list_whole = None
    records = sorted(ctx.records, key=lambda p: p.start)
    type_of_larger_part(records)
    _finish(records, ctx)
    for p in records:
        if p.confidence < min_confidence:
            decision = ctx.kept[id(p)]
            decision.kept = False
            decision.reasons.append(Reason("confidence:below", f"{p.confidence:.2f} < {min_confidence:.2f}"))
    records = [p for p in records if p.confidence >= min_confidence]
    positions = {id(p): i for i, p in enumerate(records)}
    for p in records:
        if isinstance(p.part_of, Pledge):
            p.part_of = positions.get(id(p.part_of))
    return records, sorted(ctx.decisions, key=lambda d: d.start)
