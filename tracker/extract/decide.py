"""Article text -> pledge records, as a careful analyst would write them down.

Reads amounts (tracker.extract.money), names (tracker.extract.taxonomy) and dates
(tracker.extract.dates), and decides per amount: is it support to Ukraine, who gives,
what kind of record, what it buys, when. It converts nothing and stores nothing.
"""
from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from datetime import date

from tracker.extract.conversions import CONVERSION_TOLERANCE, joins_conversion, mark_conversions
from tracker.extract.dates import FISCAL_YEAR, DateMention, find_dates, find_period, heading_date
from tracker.extract.evidence import (MIN_CONFIDENCE, Decision, Reason, confidence, implausible, in_euro_bn,
                                      years_of)
from tracker.extract.money import FROM_BEFORE, Amount, bare_figures, extract_amounts
from tracker.extract.taxonomy import (FINANCIAL_INSTITUTIONS, GROUPS, NEVER_DONORS, Entity, aid_type_scores,
                                      cue_pattern, find_category_cues, find_entities, load_cues, word_keys)
from tracker.extract.text import fold_case
from tracker.records.pledge import CATEGORIES, Pledge

# Every amount has a digit or a magnitude word ("half a billion euros"); other sentences are skipped fast.
_SCALE_HINT = re.compile(r"illion|\d\s?(?:bn|mn|mln|bln|mld|mrd)\b|milliard|thousand", re.I)
_MONEY_HINT = re.compile(r"\d|illion|thousand|milliard", re.I)
# Below this, a figure is a price, a tariff or a rate, never a pledge ("4.32 hryvnias per kilowatt-hour").
MIN_AMOUNT = 10_000
# Currencies that context resolves, and the country that settles each.
_CURRENCY_COUNTRY = {"NOK": "NOR", "DKK": "DNK", "SEK": "SWE", "ISK": "ISL", "CZK": "CZE", "CAD": "CAN",
                     "AUD": "AUS", "NZD": "NZL", "SGD": "SGP", "HKD": "HKG", "GBP": "GBR", "JPY": "JPN", "PLN": "POL",
                     "CHF": "CHE", "KRW": "KOR", "HUF": "HUN", "RON": "ROU", "BGN": "BGR", "TWD": "TWN"}
# Groups that give nothing of their own: what they announce is their members' total.
_SUM_GROUPS = {"UDCG", "G7"}
# How far from an amount the cues said of its whole sentence are looked for: a real sentence is
# shorter, and a hostile one-line text of thousands of amounts stays linear.
_REACH = 600
# A sentence longer than this is read in pieces (_pieces): the longest of the corpora is under 600
# characters, and a piece costs at most the square of its length.
_LONGEST_SENTENCE = 1_500
# The most items a list introduced by a colon is read with (a US drawdown lists some thirty), and
# sixty characters an item on average at most.
_LONGEST_LIST = 100
# How many records back an amount may say one again (an article of the corpora has 16 at most).
_RECALL = 100
_DOLLARS = frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "TWD"})
# A bare "$" in a sentence about these donors is their own dollar ("Canada will provide $500 million").
_HOME_DOLLAR = {country: code for code, country in _CURRENCY_COUNTRY.items() if code in _DOLLARS}

# Sentence ends: a full stop, ! or ? (and any closing quote) before a space and a capital or digit.
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*(?:\[\d{1,3}\])*\s+(?=[\"“‘'(]*[A-Z0-9£€$])"  # "...equipment.[6] Austria"
                           r"|\.(?<=[a-zäöüéè]{2}\.)(?=[A-ZÄÖÜÉ][a-zäöüéè])")  # a page that lost its spaces: "an.Norwegen"
_ABBREVIATIONS = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sen|Rep|Gov|Prof|Inc|Ltd|Co|Corp|No|vs|approx|Mrd|Mio|Mld|"
                            r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z](?:\.[A-Z])*"
                            r"|\d\s?(?i:mrd|mio|mld|mlrd|mil|tis|tys))\.$")  # "86,4 mil. Kč", "2,1 mld. eur"
# Where a clause ends: what lies beyond speaks of something else
# ("C$20 million to extend its training mission, which has trained 45,000 troops since 2015").
_CLAUSE_BREAK = re.compile(r";|:|,\s+(?:which|while|whereas|whose|but|although|though|after|before)\b|,\s+(?=on top of|in addition to)"
                           r"|\s[–—-]\s(?:(?<!\d\s[–—-]\s)|(?!\d))|,\s+(?=(?!covering|spanning|running|lasting)[a-z]+ing\b)|,\s+and\s+(?:the\s+)?(?=[A-Z])")
# Before a name, these make it a place or a partner, not a donor ("in Brussels", "with Iceland").
_PLACE_BEFORE = re.compile(r"\b(?:in|at|to|from|near|via|into|through|across|outside|inside|with|of|for|on|"
                           r"against|between|towards?|over|around|visit(?:ed|ing)?|unlike|than|since|"
                           r"(?:co-)?led by|headed by|run by|chaired by|hosted by|organi[sz]ed by)\s+(?:the\s+)?$",
                           re.I)
_GOVERNMENT_OF = re.compile(r"\b(?:government|ministry|minister|parliament|president|prime minister|chancellor|"
                            r"cabinet|people|taxpayers|king|queen)\s+of\s+(?:the\s+)?$", re.I)
# "The loan agreement with the United Kingdom, worth GBP 2.26 billion": the other party gives
_PARTY_TO = re.compile(r"\b(?:agreements?|deals?|accords?|memorand(?:um|a)|treat(?:y|ies)|arrangements?|pacts?|contracts?)\s+"
                       r"(?:\w+\s+)?with\s+(?:the\s+)?$", re.I)
_COMPOUND_AFTER = re.compile(r"-(?:led|administered|based|made|built|designed|produced|run|owned|born|"
                             r"flagged|speaking|occupied|controlled|style|made)\b")
# An adjective names a donor only before a word for its state or its support ("British package").
_ADJECTIVE_DONOR = re.compile(
    r"\s+(?:(?:defen[cs]e|foreign|finance|prime|economy|development|armed|military|government)\s+)*"
    r"(?:government|support|funding|aid|package|ministry|minister|parliament|cabinet|contribution|"
    r"assistance|money|taxpayers?|president|chancellor|officials|authorities|grants?|loans?|budget|"
    r"donation|pledge|commitment|treasury|state|navy|army|forces|leader|premier|side|help|backing)\b", re.I)
_SPEAKS = re.compile(r"\s+(?:told|said|says|added|stated|explained|noted|argued|warned|recalled|wrote)\b")
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_PEOPLE_DO = re.compile(r"\s+(?:have|has|had|will|would|are|were|gave|give|pledged|promised|sent|provided|announced|"
                        r"committed|agreed|also|paid|put|added|offered|donated|contributed)\b")
_CHAIN_JOIN = re.compile(r"^\s*(?:,|and|, and|&|as well as|together with|plus)\s*(?:the\s+)?$", re.I)
# "€5bn from the EU", "a package funded by Norway"; not "..., followed a day later by Denmark"
_DONOR_AFTER = re.compile(r"^\W*(?:(?!followed\b|preceded\b|matched\b|joined\b)\w[\w-]*\s+){0,4}?(?:from|by)\s+(?:the\s+)?$",
                          re.I)
# "promised €977 million for 2024": money for a stated year is an envelope
# One year, said as a year (not a range's start) or as this or next year
_A_YEAR = r"(?:(?:19|20)\d\d\b(?!\s*[-–])|this year\b|next year\b)"
# "$6bn in fiscal 2025" is that year's budget; "Fiscal 2024 funds in the amount of $312m" is money from it
_IN_FISCAL_YEAR = re.compile(rf"\b(?i:in|for|during)\s+(?i:the\s+)?{FISCAL_YEAR.pattern}")
_FOR_YEAR = re.compile(rf"\bfor\s+(?:(?:ukraine|kyiv)\s+in\s+)?{_A_YEAR}", re.I)
# "€1bn this year", "£4.5bn for Ukraine in 2025": the words after the amount give its year
_OWN_YEAR = re.compile(rf"^\W*(?:(?:for|to) (?:ukraine|kyiv|(?-i:[A-Z]\w+))\s+)?(?:(?:in|for) (?:{_A_YEAR}|last year\b)|{_A_YEAR}|last year\b)", re.I)
# "Next year, Denmark will allocate 9.4 billion kroner", "This year, the ministry has allocated €20 million":
# a sentence that opens on its year
_YEAR_FIRST = re.compile(r"^\W*(?:(?:in|for|during)\s+)?(?:this|next|the coming) (?:year|financial year|fiscal year),")
_DEADLINE = re.compile(r"\b(?:before|by|until|till|through|ahead of|no later than|due on|starting|from)\s+(?:the\s+)?$",
                       re.I)
# "The two countries have set aside a combined DKK 2.3 billion": donors the text has just named
_NAMED_BEFORE = re.compile(r"\b(?:(?:the|these|those)\s+(?:two|three|four|five|six|seven|eight|nine|ten)|both)\s+$", re.I)
_REFERS_BACK = re.compile(r"\b(?:(?:the|these|those)\s+(?:two|three|four|five|six|seven|eight|nine|ten)|both)\s+"
                          r"(?:countries|governments|nations|allies|partners|donors)\b", re.I)
# "0.25% of its GDP each year ..., about €200 million": yearly, wherever the clause says it
_EVERY_YEAR = re.compile(r"\b(?:each|every|per) year\b|\bannually\b|\bper annum\b", re.I)
_CONTRAST = re.compile(r",\s+(?:while|whereas|but)\b|;", re.I)
_COORDINATED = re.compile(r"[^,;:]{0,60}\b(?:and|as well as|plus)\s+", re.I)
_THE_MEETING = re.compile(r"\b(?:the|this|that|(?:to|yester)day's) (?:meeting|summit|gathering|conference|talks)\b", re.I)
# "In March, the state budget of Ukraine received USD 3.4 billion from partners": what arrived over a span
_RECEIVED_BY_UKRAINE = re.compile(r"\b(?:Ukraine|Kyiv|budget)\s+(?:has\s+|have\s+)?(?:\w+\s+)?received\b")
_ALSO_FOR = re.compile(r"\balso\b[^.;$€£]{0,40}\b(?:for|to)\s+(?:the\s+)?$", re.I)
_COMPARED = re.compile(r"(?:\b(?:up|down) from|\bcompared (?:with|to)|\bafter|,\s+from)\s+(?:\w+\s+)?$", re.I)
_RUSSIAN_OWN = re.compile(r"\s+(?:government|state|budget|military|forces|army|defen[cs]e|spending|economy|"
                          r"war|treasury|leadership|officials)\b", re.I)
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
_SUPERLATIVE = re.compile(r"\b(?:largest|biggest|highest|greatest|first|most|record|single)\b[^,.;$€£¥\d]{0,50}$"
                          r"|\b(?:years?|months?|weeks?|days?)\s+(?:to the day\s+)?$", re.I)
_ELLIPSIS = re.compile(r"[\s,]*(?:(?:and|while|with|plus)\s+)?(?:the\s+)?(?:'s\s+)?[\s,]*", re.I)
# "At a leaders' summit ..., Britain announced": the many are the occasion, not the givers
_OCCASION_OF = re.compile(r"['’]s?\s+(?:\w+\s+)?(?:summit|meeting|conference|gathering|talks|session|call|dinner)\b", re.I)
_OF_THE = re.compile(r"\W*of (?:the|this|that)\s+", re.I)
_SAME_THING = re.compile(r"(?:it|that|this|the (?:figure|estimate|sum|number))\s+(?:was|is|had been|has been|stood at)\b", re.I)
_FIGURE_REST = re.compile(r"\W*(?:(?:more than|over|about|around|nearly|almost|some|up to|at least|roughly|"
                          r"approximately|close to|just over|just under|under|above)\s+)?", re.I)  # "More than "
_INCLUDES_END = re.compile(r"\binclud(?:es|ing|ed)\s+(?:about |around |some |nearly |almost |more than |over )?$", re.I)
_FOR_UKRAINE = re.compile(r"\s+(?:in \w+ (?:aid|assistance|support) )?(?:for|to) (?:ukraine|kyiv)\b", re.I)
# "..., from €15.4 billion in 2023 and €12.9 billion in 2022": the next of a list of levels
_AND_YEAR = re.compile(r"\s*(?:(?:in|for|during)\s+(?:19|20)\d\d\s*)?,?\s*(?:and|or)\s+", re.I)
_AND_NEXT = re.compile(r"\b(?:and|plus|while)\s", re.I)
_MEMBER_AFTER = re.compile(r"\s+(?:partner|member|ally|member state|country|nation|state)\b", re.I)
_EVENT_AFTER = re.compile(r"\s+(?:meetings?|summits?|talks|conferences?|sessions?|gatherings?|ministerials?|"
                          r"headquarters|format)\b", re.I)
# What a full sentence restating a subheading's amount says better than the subheading.
_SENTENCE_FIELDS = ("donors", "qualifier", "kind", "aid_type", "categories", "date", "period", "quote", "start", "end")
_RUN_BY = re.compile(r"\b(?:administered|managed|run|led|hosted|chaired|headed|operated|organi[sz]ed)\s+by\s+(?:the\s+)?$",
                     re.I)
_OWNER_OF = re.compile(r"(?:'s|’s)\s+(?:(?:new|latest|first|second|third|planned|total|annual)\s+)?")
_BRACKETS = re.compile(r"\([^()]*\)")
_SAME_PERIOD = re.compile(r"\b(?:over|in|during|for|across) the same (?:period|time|years)\b", re.I)
_OBSTACLE_AFTER = re.compile(r"(?:'s|’s)?\s+(?:\w+\s+){0,2}?(?:veto\w*|block(?:ed|s|ing)|objections?|objected|"
                             r"oppos(?:ed|es|ition)|refus\w+)\b", re.I)
_FOR_OTHER = re.compile(r"\W*(?:in \w+ aid\s+|of it\s+)?(?:for|to)\s+(?:the\s+)?(?:neighbou?ring\s+|nearby\s+)?", re.I)
_NOT_A_NAME = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
               r"July|August|September|October|November|December|The|In|On|At|And|But|While|Meanwhile|Also|Now|"
               r"Then|So|As|For|With|By|From|After|Before|Since|Last|This|Next|Neither|Both|Only|Even|Yet)")
_NAMED_PERSON = re.compile(rf"\b(?:Minister|President|Premier|Chancellor|Secretary|Senator|Mr|Mrs|Ms|Dr)\.?\s+"
                           rf"(?!{_NOT_A_NAME}\b)[A-Z][\w'’.-]+\s+$")
_QUESTION = re.compile(r"\?[\"”’')]*$")
_HELP_OTHER = re.compile(r"[^.;,]{0,30}?\b(?:to|for) (?:help|support|helping|supporting)\s+(?:the\s+)?", re.I)
_ONE_AMOUNT = re.compile(r"\b(?:an?|one)\s+(?!estimated\b|total\b)(?:\w+\s+)?$", re.I)  # "a new £50m"
_PACKAGE = re.compile(r"\bpackages?\b", re.I)  # "£200 million will be spent on drones, the largest single drone package"
_FOR_PACKAGE = re.compile(r"[^.;]{0,30}\bfor (?:the|a|its|their) (?:\w+ ){0,2}package\b", re.I)
_TYPE_WORDS = {"military": "military", "defence": "military", "defense": "military", "financial": "financial",
               "economic": "financial", "budget": "financial", "humanitarian": "humanitarian",
               "civilian": "humanitarian", "civil": "humanitarian"}
_TYPES_LISTED = re.compile(rf"\b({'|'.join(_TYPE_WORDS)}),? (?:(?:and|or) )?(?:{'|'.join(_TYPE_WORDS)})\b"
                           r"(?:,? (?:and |or )?\w+)* (?:support|aid|assistance|help|level)\b", re.I)
_UNTIL_YEAR = re.compile(r"\b(?:until|through|till|to)\s+(?:the end of\s+)?(?:19|20)\d\d\b", re.I)
_ONE_YEAR = re.compile(r"\btotal\b[^.;]{0,60}\b(?:in|for) (?:(?:19|20)\d\d|this year)\b", re.I)
_UKRAINE_SUBJECT = re.compile(r"(?:'s|’s)?\s+[a-z]")
# "since Russia launched its full-scale invasion on Feb. 24, 2022": the start of a period, not an announcement
_SINCE_BEFORE = re.compile(r"\bsince\b[^,.;]*$", re.I)
# "The money is worth about US$366 million", "The money, about forty-three billion pounds, ...": said again
_WORTH = re.compile(r"\b(?:worth|equivalent to|equal to|amounts? to|or)\b"
                    r"|\b(?:money|sum|amount|total|figure),\s+(?:about|around|roughly|some|nearly|approximately)\b"
                    r"|\b(?:billion|million|trillion|bn|m)\s+(?:is|are|makes?)\s+(?:about|around|roughly|some|nearly|approximately)?\s*$",
                    re.I)  # "Eighty-five billion is roughly 7.6 billion dollars"
_BESIDES = re.compile(r",\s+(?:on top of|in addition to|as well as|besides|apart from|alongside)\b", re.I)
_ELSEWHERE = re.compile(r"\b(?:alongside|on top of|in addition to|separately|besides|apart from|unlike)\b", re.I)
_REPORTS = re.compile(r"\s+(?:says|said|reports|reported|estimates|estimated|figures show)\b")
_SAID = re.compile(r"(?:\s+\w+){0,4}\s+(?:said|says|announced|confirmed|told|stated|added)\b")
# A sentence that goes on about the money just stated ("The package contains ...", "Most of the money ...").
_CONTINUATION = re.compile(
    r"^[\"“]?(?:(?:The|This|That|These|Its) (?:\w+ )?(?:package|packages|money|sum|funding|funds|aid|contract|"
    r"contracts|drawdown|deal|programme|program|grant|grants|loan|tranche|assistance|support|purchase|order|"
    r"contribution|commitment|pledge)\b|It (?:will|includes|covers|contains|pays|buys|consists)|"
    r"(?:Most|Much|All|Part|Some|Half) of (?:the|this|it)\b|Under the|Of (?:the|this) (?:total|sum|amount|money)?)")
_UNDISCLOSED = re.compile(r"\b(?:not (?:been )?disclosed|undisclosed|unspecified|not specified|not made public)\b", re.I)
# "of which £7.8bn", "Of the total, €33bn", "Of this, CHF 500 million": a share of the same money
_SHARE_OF = re.compile(r"(?:\bof which\b|^\W*(?:most|much|part|half|some|all|the bulk|the rest|the remainder) of "
                       r"(?:it|that|this|the (?:money|sum|total|amount))\b|^\W*of (?:the|this|that|these)\b(?: \w+){0,2},|\bsplit (?:into|between)\b|"
                       r"\bmade up of\b|\bcompris(?:es|ing|ed)\b|\bconsist(?:s|ing) of\b)", re.I)
_INCLUDES = re.compile(r"\b(?:includ(?:es?|ing|ed)|of which|compris(?:es|ing|ed)|consist(?:s|ing) of|made up of|"
                       r"split (?:into|between))\b", re.I)
# "includes more than $1.6 billion in military assistance": the same money, split by what it is for
_SPLIT_BY_AID = re.compile(r"^\s*(?:in|of)\s+(?:[\w-]+\s+){0,2}?(?:aid|support|assistance|funding)\b", re.I)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
_FINAL_STOP = re.compile(r"[.!?][\"”’']*(?:\[\d{1,3}\])*$")
_FURNITURE = re.compile(r"[A-Za-z]+(?: [A-Za-z]+){0,2}")  # "All news": three words at most, no digit, no stop
_LIST_ITEM = re.compile(r"^(?:[-–—•*·▪●]|\(?\d{1,2}[.)])\s+")  # "- 155mm artillery rounds;", "2) radars"
_PLACE_JOIN = re.compile(r"\s*(?:,|(?:and|&)(?:\s+the)?)\s*")  # "led by Latvia and the United Kingdom"
_IN_AT = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$")
_AND = re.compile(r"\band\b")
_DEFINITE = re.compile(r"\b(?:the|this|that|these)\s+$", re.I)
_GIVES_TO = re.compile(r"\b(?:for|to|support|supporting|help|helping|aid|aiding|assist|assisting|counter|countering|"
                       r"deter|deterring|defend|defending|protect|protecting)\s+(?:the\s+)?(?:[a-z]\w+\s+)?$")
# A name that stands as a noun, not as a word before one ("to the US allocation", "UK-made drones")
_NAME_ENDS = re.compile(r"['’]s\b|\s*[,.;:)!?\"”]|\s+(?:and|in|with|as|to|for|amid|while|against|on|from|by|after|over|"
                        r"through)\b|\s*$")
# Ukraine as the recipient: named in the amount's clause ("for Ukraine", "to Kyiv"), its sentence or the article
_UKRAINE = re.compile(r"\b(?:Ukrain\w*|Kyiv|Kiev|Zelensk\w*)")
_TO_UKRAINE = re.compile(r"\b(?:for|to|into|towards?|with)\s+(?:the\s+)?(?:people of\s+)?(?:Ukraine|Kyiv)\b"
                         r"|\b(?:an die|für die|der) Ukraine\b|\b(?:à|pour) l['’]Ukraine\b", re.I)
_REPAIR_NEAR = re.compile(r"\b(?:repair\w*|maintain\w*|maintenance|spare parts for|fix\w*|overhaul\w*)\b[^.;]{0,40}$",
                          re.I)


@dataclass
class _Sentence:
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


@dataclass
class _Context:
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
    seen: list[_Sentence] = field(default_factory=list)  # the body sentences read so far
    converted: list[Amount] = field(default_factory=list)  # the body's conversions ("(about $15.6bn)")
    last_dropped: bool = False  # whether the sentence before ended on an amount that is no support
    decisions: list[Decision] = field(default_factory=list)  # one for every money figure read
    kept: dict[int, Decision] = field(default_factory=dict)  # id(record) -> the decision that kept it
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

    def drop(self, s: _Sentence, a: Amount, why: Reason) -> None:
        """Record that the figure `a` of sentence `s` is no record, and why."""
        self.decisions.append(Decision(a.text, s.start + a.start, s.start + a.end, False, [why], sentence=s.text))

    def keep(self, s: _Sentence, a: Amount, record: Pledge) -> None:
        d = Decision(a.text, s.start + a.start, s.start + a.end, True, [], sentence=s.text)
        self.decisions.append(d)
        self.kept[id(record)] = d

    def aid_scores(self, text: str) -> dict[str, float]:
        """aid_type_scores(text), read once per article (the caller must not change it)."""
        key = ("aid", text)
        if key not in self._memo:
            self._memo[key] = aid_type_scores(text)
        return self._memo[key]

    def categories(self, text: str) -> list[str]:
        """categories_in(text), read once per article (the caller must not change it)."""
        key = ("categories", text)
        if key not in self._memo:
            self._memo[key] = categories_in(text)
        return self._memo[key]

    def said(self, key: str, text: str, section: str) -> bool:
        """_cue(key, text, section), read once per article: for cues said of a whole sentence."""
        memo = ("cue", key, text, section)
        if memo not in self._memo:
            self._memo[memo] = _cue(key, text, section)
        return self._memo[memo]

    def period(self, text: str, kind: str, counted: bool = True) -> str | None:
        key = ("period", text, kind, counted)
        if key not in self._memo:
            self._memo[key] = find_period(text, self.published, kind, counted)
        return self._memo[key]

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

    @cached_property
    def headline_categories(self) -> list[str]:
        return categories_in(self.headline)


def split_sentences(text: str) -> list[_Sentence]:
    """Lines, then sentences within each line, with their offsets in `text`.
    A first line without final punctuation, followed by more text, is the headline."""
    out: list[_Sentence] = []
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
            headline = (i == first_text_line and len(lines) > i + 1 and not _FINAL_STOP.search(stripped))
            start = 0
            for m in _SENTENCE_END.finditer(line):
                # (the longest abbreviation is six characters: the search looks at the end only)
                if _ABBREVIATIONS.search(line, max(start, m.start() - 8), m.start() + 1) and line[m.start()] not in "!?":
                    continue
                out.append(_Sentence(offset + start, line[start:m.start() + 1], headline))
                start = m.end()
            tail = line[start:].rstrip()
            if tail.strip():
                lead = len(tail) - len(tail.lstrip())
                out.append(_Sentence(offset + start + lead, tail.strip(), headline))
        offset += len(line) + 1
    for s in out:
        lead = len(s.text) - len(s.text.lstrip())
        s.start += lead
        s.text = s.text.strip()
    return [p for s in out for p in _pieces(s)]


def _pieces(s: _Sentence) -> list[_Sentence]:
    """A sentence longer than _LONGEST_SENTENCE as pieces, each reading the amounts of its own
    part (cut at a clause break, else at a space) with _REACH characters of the sentence on
    either side, so that an amount near a cut keeps its windows and a one-line text of
    thousands of amounts, names or dates is read in time linear in its length."""
    text = s.text
    if len(text) <= _LONGEST_SENTENCE:
        return [s]
    out = []
    own_start = 0
    while own_start < len(text):
        own_end = _cut(text, own_start)
        lo, hi = _space_after(text, max(0, own_start - _REACH)), _space_before(text, own_end + _REACH)
        out.append(_Sentence(s.start + lo, text[lo:hi], s.headline, own=(own_start - lo, own_end - lo)))
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
    for m in _CLAUSE_BREAK.finditer(text, half, limit):
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


def _cue(key: str, text: str, section: str = "kind", heads: frozenset[str] | None = None) -> bool:
    """Whether `text` has a cue of the list; `heads` are the `word_keys` of its sentence."""
    return bool(cue_pattern(section, key).search(text, heads))


def _last_break(text: str) -> int:
    """Offset just past the last clause break in `text` (0 if none)."""
    last = 0
    for m in _CLAUSE_BREAK.finditer(text):
        last = m.end()
    return last


def _first_break(text: str) -> int:
    m = _CLAUSE_BREAK.search(text)
    return m.start() if m else len(text)


@dataclass
class _Windows:
    """The words around one amount: its clause before it, the words just before
    it (back to a comma), and what follows it up to the next amount or break."""

    clause: str
    near: str
    right: str
    before: str  # the sentence up to the amount
    heads: frozenset[str]  # the sentence's word_keys


def _windows(text: str, amounts: list[Amount], i: int, heads: frozenset[str]) -> _Windows:
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
    return _Windows(clause, near, after[:_first_break(after)], text[:a.start], heads)


def _donor_allowed(e: Entity, text: str) -> bool:
    if e.code in NEVER_DONORS or _COMPOUND_AFTER.match(text, e.end):
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
    if _as_place(text[max(0, e.start - 40):e.start]):
        return False
    if e.role == "adjective" and not _ADJECTIVE_DONOR.match(text, e.end) \
            and not (_THE_BEFORE.search(text, max(0, e.start - 4), e.start) and _PEOPLE_DO.match(text, e.end)):
        return False  # ... but "the €500 million the Dutch gave in August": the people, as a donor
    return True


def _as_place(before: str) -> bool:
    """Whether the words before a name make it a place or a partner ("in Brussels", "with Iceland"),
    not "the government of Norway" or "an agreement with the United Kingdom"."""
    return bool(_PLACE_BEFORE.search(before)) and not _GOVERNMENT_OF.search(before) and not _PARTY_TO.search(before)


def _allowed_entities(entities: list[Entity], text: str) -> list[Entity]:
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
        if not _CHAIN_JOIN.match(text[a.end:b.start]):
            break
        j += step
        codes.append(entities[j].code)
    return list(dict.fromkeys(codes if step > 0 else reversed(codes)))


def _donors(text: str, a: Amount, w: _Windows, entities: list[Entity], allowed: list[Entity],
            collective: bool, ctx: _Context) -> tuple[list[str], bool, Reason]:
    """The donors of an amount, whether the sentence names them (else they are carried
    over from the sentences before), and the rule that found them."""
    if collective:
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
    if after and _gives_after(text[a.end:after[0].start]) and not _COMPOUND_AFTER.match(text, after[0].end) \
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
    if _RECEIVED_BY_UKRAINE.search(w.clause):
        # "Since January, Ukraine has received USD 10.3 billion": from all its partners
        return [], True, Reason("giver:ukraine-received", _RECEIVED_BY_UKRAINE.search(w.clause).group())
    home = _CURRENCY_COUNTRY.get(a.currency or "")
    if home and home not in ctx.last_donors and ctx.article_codes.get(home):
        # "The package is financed from the Ukraine Fund, which covers DKK 68.6 billion": Danish money
        return [home], False, Reason("giver:currency", a.text)
    if ctx.last_donors:
        return list(ctx.last_donors), False, Reason("giver:carried", "+".join(ctx.last_donors))
    if ctx.main_donor:
        return [ctx.main_donor], False, Reason("giver:subject", ctx.main_donor)
    return [], False, Reason("giver:none")


def _last_group(ctx: _Context) -> list[str]:
    """The group (UDCG, NATO, the EU, ...) named last in the last sentences, if any."""
    for s in reversed(ctx.seen[-3:]):
        groups = [e.code for e in find_entities(s.text) if e.code in GROUPS]
        if groups:
            return groups[-1:]
    return []


def _last_joint_donors(ctx: _Context) -> list[str]:
    """The donors named together in one of the last sentences ("Denmark and Norway will ...")."""
    for s in reversed(ctx.seen[-3:]):
        allowed = _allowed_entities(find_entities(s.text), s.text)
        for i in range(len(allowed) - 1, -1, -1):
            chain = _chain(allowed, s.text, i, -1)
            if len(chain) > 1:
                return chain
    return []


def _period(texts: tuple[str, str], ctx: _Context, kind: str) -> str | None:
    """The period the amount's own words give, else the one its clause gives; a start
    the clause names before the amount completes an open end after it ("approved in
    2023 and worth USD 15.6 billion, runs until 2027")."""
    own = ctx.period(texts[0], kind, counted=False)
    whole = ctx.period(texts[1], kind)
    if own and whole and "-" in own and "-" in whole and ctx.published and own.startswith(str(ctx.published.year)) \
            and _span(own) == _span(whole):
        return whole  # "When the programme was created in 2023, it was 75 billion kroner over five years"
    if own and whole and own != whole and own.split("-")[-1] == whole.split("-")[-1]:
        return whole
    return own or whole


def _one_year(text: str, ctx: _Context) -> bool:
    """Whether an amount's own words give it one year ("the €5 billion fund agreed in March for 2024")."""
    own = ctx.period(text, "budget", counted=False)
    return bool(own) and "-" not in own


def _types_named(text: str) -> bool:
    """Whether `text` may list two aid types (a cheap test before `_TYPES_LISTED`)."""
    low = text.lower()
    return sum(map(low.count, ("military", "defen", "financial", "economic", "budget", "humanitarian", "civil"))) > 1


def _span(period: str) -> int:
    first, last = period.split("-")
    return int(last) - int(first)


def _kind(w: _Windows, donors: list[str], collective: bool, period_text: tuple[str, str], ctx: _Context) -> tuple[str, str]:
    """The kind of record an amount is, and the id of the rule that says so."""
    if _to_date(w.clause + " " + w.right, w.heads):
        return "cumulative", "to-date"
    if _cue("cumulative_left", w.clause, heads=w.heads):
        # "takes the UK's total military support for Ukraine in 2024 to £3 billion": the year's envelope;
        # "a total of €5 billion in military support until 2027": years to come, no running total
        if _ONE_YEAR.search(w.clause) or _UNTIL_YEAR.search(w.right):
            return "budget", "year-envelope"
        return "cumulative", "running-total"
    # "Britain has given Ukraine £7.1bn": a total to date, unless one new amount or a year's money
    if _cue("cumulative_perfect", w.clause, heads=w.heads) and not _cue("left", w.clause, "new_money", w.heads) \
            and not _ONE_AMOUNT.search(w.near) and not _period(period_text, ctx, "budget") \
            and not _RECEIVED_BY_UKRAINE.search(w.clause):
        return "cumulative", "perfect-tense"
    if collective and _RECEIVED_BY_UKRAINE.search(w.clause):
        return "cumulative", "received-over-span"  # what many partners paid in over a span ("In March, Ukraine received ... from partners")
    if collective or (donors and set(donors) <= _SUM_GROUPS):
        return "aggregate", "many-donors"
    if _cue("share", w.clause, heads=w.heads) or _cue("drawn_from", w.clause, heads=w.heads):
        return "package", "share"
    if _cue("per_year", w.right[:40], heads=w.heads) or _cue("per_year", w.near, heads=w.heads) or _EVERY_YEAR.search(w.clause):
        return "budget", "per-year"
    period = _period(period_text, ctx, "budget")
    if period and _FOR_PACKAGE.match(w.right):
        return "package", "for-package"  # "€3.5 billion for 2025, plus €500 million on 4 August for the first package of ..."
    # ... but "an additional $4.5 billion to Ukraine this year" is one more package
    if period and ("-" in period or _FOR_YEAR.search(period_text[1]) or _IN_FISCAL_YEAR.search(period_text[1])
                   or ((_OWN_YEAR.match(w.right) or _YEAR_FIRST.match(w.before))
                       and not _cue("left", w.clause, "new_money", w.heads))):
        return "budget", "year-budget"
    if period and (_cue("envelope", w.clause, heads=w.heads) or _cue("envelope", w.right, heads=w.heads)):
        return "budget", "envelope"
    return "package", "default"


def _kind_said_before(kind: str, w: _Windows, a: Amount, entities: list[Entity], out: list[Pledge],
                      ctx: _Context, compared: bool) -> tuple[str, str | None]:
    """The kind an amount takes from the records before it, and the years it falls back on:
    "has so far committed £4.6bn in military aid and £12bn in total support" (a running total
    too), "... £7.8 billion over the same period" (the last record's kind and years), "...,
    Germany €4 billion and Norway NOK 72.5 billion" (a list that leaves out the verb), "€4
    billion for 2025, down from €7.5bn this year" (a budget too)."""
    years = None
    if kind == "package" and out and out[-1].kind == "cumulative" and _COORDINATED.fullmatch(w.clause):
        kind = "cumulative"
    earlier = out or ctx.records
    if earlier and _SAME_PERIOD.search(w.right):
        kind, years = earlier[-1].kind, earlier[-1].period
    if out and _is_ellipsis(w.near, entities, a):
        kind, years = out[-1].kind, out[-1].period
    if compared and kind == "package" and out and out[-1].kind in ("budget", "cumulative"):
        kind = out[-1].kind
    return kind, years


def _is_ellipsis(near: str, entities: list[Entity], a: Amount) -> bool:
    """Whether the words before an amount are only a donor's name, as in a list that leaves
    the verb out: "..., Germany €4 billion and Norway NOK 72.5 billion"."""
    start = a.start - len(near)
    names = [e for e in entities if start <= e.start and e.end <= a.start]
    if not names:
        return False
    rest, last = [], start
    for e in names:
        rest.append(near[last - start:e.start - start])
        last = e.end
    rest.append(near[last - start:])
    return bool(_ELLIPSIS.fullmatch("".join(rest)))


def _gives_after(between: str) -> bool:
    """Whether the words from an amount to a name say the name gives it ("€5bn from the EU",
    "3 bln euros (about UAH 131 bln) from the European Union")."""
    return bool(_DONOR_AFTER.match(_BRACKETS.sub("", between)))


def _to_date(text: str, heads: frozenset[str] | None = None) -> bool:
    """Whether `text` says an amount is a total to date ("since 2022", "so far"), and not only
    that something is the largest so far ("the largest package Sweden has provided so far") or
    an anniversary ("three years to the day since the invasion")."""
    return any(not _SUPERLATIVE.search(text, max(0, m.start() - 80), m.start())
               for m in cue_pattern("kind", "cumulative_any").finditer(text, heads))


def _is_collective(w: _Windows, entities: list[Entity], a: Amount) -> bool:
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


def _aid_type(w: _Windows, sentence: str, following: str, donors: list[str], ctx: _Context) -> str:
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


def _rest(text: str, a: Amount) -> str:
    """The sentence after an amount, up to what it says is something else
    ("..., on top of the training, intelligence and diplomatic backing")."""
    rest = text[a.end:a.end + _REACH]
    m = _BESIDES.search(rest)
    return rest[:m.start()] if m else rest


def _categories(aid_type: str, kind: str, w: _Windows, rest: str, following: str, ctx: _Context) -> list[str]:
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
        found = ctx.categories(text)
        if found:
            return [c for c in found if c != "general"] or ["general"]
    if kind == "package" and ctx.headline_categories:
        return list(ctx.headline_categories)
    return ["general"]


def _date(mentions: list[DateMention], a: Amount, w: _Windows, sentence: str, headline: bool, kind: str,
          ctx: _Context) -> tuple[date | None, bool]:
    """The announcement date and whether the text placed it (not the publication default)."""
    if headline:
        return ctx.published, False
    if mentions:
        lo, hi = a.start - len(w.clause), a.end + len(w.right)
        # "before January 20", "by 2027": deadlines, not the day of the announcement
        mentions = [m for m in mentions if not _DEADLINE.search(sentence, max(0, m.start - 20), m.start)
                    and not _SINCE_BEFORE.search(sentence, max(0, m.start - 70), m.start)
                    and not (m.value and ctx.published and m.value > ctx.published)]  # a day to come: a deadline
        if not mentions:
            return ctx.published, False
        local = [m for m in mentions if lo <= m.start and m.end <= hi + 1]
        # "Britain said on Wednesday it would provide £2.26bn, while Canada will contribute C$5bn":
        # another subject's day, across a 'while', is not this amount's
        pool = local or [m for m in mentions if not _CONTRAST.search(sentence, min(m.end, a.end), max(m.start, a.start))]
        if not pool:
            return ctx.published, False
        nearest = min(pool, key=lambda m: min(abs(m.start - a.end), abs(a.start - m.end)))
        return nearest.value, True
    if ctx.said("same_occasion", sentence, "date") and ctx.last_date:
        return ctx.last_date, True
    if ctx.section_date:
        return ctx.section_date, True
    if ctx.lead_date and kind != "cumulative":  # a running total stands as of publication
        return ctx.lead_date, True
    return ctx.published, False


def _resolve_currency(a: Amount, entities: list[Entity], ctx: _Context) -> Amount:
    if a.currency or not a.options:
        return a
    in_sentence = [e.code for e in entities]
    for code in a.options:
        if _CURRENCY_COUNTRY.get(code) in in_sentence:
            return replace(a, currency=code)
    best = max(a.options, key=lambda c: (ctx.article_codes.get(_CURRENCY_COUNTRY.get(c, ""), 0),
                                         -a.options.index(c)))
    return replace(a, currency=best)


def _cue_reason(rule: str, key: str, text: str, section: str, heads: frozenset[str]) -> Reason | None:
    """A `Reason` for the first cue of the list in `text` (its words), or None."""
    m = cue_pattern(section, key).search(text, heads)
    return Reason(rule, text[m.start():m.end()]) if m else None


def _distractor(text: str, w: _Windows, entities: list[Entity], a: Amount, collective: bool,
                restating: bool) -> Reason | None:
    """Why an amount is no support to Ukraine (None if no rule says so); `restating`: whether an
    amount stands before it in the sentence that it may say again."""
    found = (_cue_reason("distractor:left", "left", w.near, "distractor", w.heads)
             or _cue_reason("distractor:left-sentence", "left_sentence", w.before[-_REACH:], "distractor", w.heads)
             or (restating and _cue_reason("restates:or", "restates", w.near, "distractor", w.heads))
             or _cue_reason("distractor:right", "right", w.right, "distractor", w.heads)
             or _cue_reason("distractor:right-sentence", "right_sentence", text[a.end:a.end + _REACH], "distractor",
                            w.heads))
    if found:
        return found
    # "€5 million for neighbouring Moldova", "a €250m package to help Chisinau": support to another country
    after = next((e for e in entities if e.start >= a.end), None)
    if after is not None and after.role in ("name", "capital") and after.code not in NEVER_DONORS \
            and after.code not in GROUPS and not _COMPOUND_AFTER.match(text, after.end) \
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
                and not _as_place(w.before[max(0, e.start - 40):e.start])]
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
    if any(e.code not in NEVER_DONORS and _gives_after(text[a.end:e.start]) for e in entities if e.start >= a.end):
        return None
    return Reason("distractor:ukraine-subject", text[head.start:head.end + 20])


def _holds_ukraines_part(w: _Windows, text: str, amounts: list[Amount], i: int) -> bool:
    """Whether an amount is a whole that includes Ukraine's part, and so is not Ukraine's alone:
    "a $95 billion national security package that includes $60.8 billion for Ukraine"."""
    if not _INCLUDES_END.search(w.right):
        return False
    j = next((k for k in range(i + 1, len(amounts)) if amounts[k].converts is None), None)
    return j is not None and bool(_FOR_UKRAINE.match(text, amounts[j].end))


def _restated(p: Pledge, records: list[Pledge], stated: bool, headline: bool = False,
              definite: bool = False, dollar: bool = False) -> Pledge | None:
    """The earlier record that `p` only restates: the same amount and currency from
    the same donors (or donors the sentence does not name, or "the £650m", which
    points back). A headline rounds ("SEK 16 billion" for SEK 16.6 billion), and its
    bare "$" may be the body's Canadian or Australian dollar (`dollar`)."""
    for r in records:
        # "more than $3 billion" ... "The $3.02 billion for this year": a round figure, then the exact one
        rounded = headline or (r.qualifier in ("at_least", "about") and p.qualifier == "exact"
                               and (r.qualifier == "about" or p.amount >= r.amount))
        tolerance = 0.05 if rounded else 0.005
        same_money = r.currency == p.currency or (dollar and headline and r.currency in _DOLLARS)
        # "NOK 7.4 billion" ... "more than seven billion kroner": the same money, rounded down
        below = p.qualifier == "at_least" and r.qualifier == "exact" and p.kind == r.kind \
            and _rounded_down(r.amount, p.amount)
        if same_money and (abs(r.amount - p.amount) <= tolerance * max(r.amount, 1) or below) \
                and not _other_year(r.period, p.period):
            if definite or not stated or not r.donors or not p.donors or set(r.donors) == set(p.donors):
                return r
    return None


def _said_new_before(words: str, p: Pledge, records: list[Pledge]) -> bool:
    """Whether a record of an earlier sentence, of the same amount, was said to be new in the same
    adjective ('additional', 'extra'); 'another', 'a further' and an ordinal count a new one."""
    words = fold_case(words)
    return words in ("additional", "extra") and any(r.currency == p.currency and abs(r.amount - p.amount) <= 0.005 * r.amount
               and words in fold_case(r.quote) for r in records)


def _rounded_down(exact: float, figure: float) -> bool:
    """Whether `figure` is `exact` rounded down to one or two significant figures (7.4bn -> 7bn).

    >>> _rounded_down(7.4e9, 7e9), _rounded_down(5e9, 4.5e9)
    (True, False)
    """
    if not 0 < figure < exact:
        return False
    magnitude = 10 ** math.floor(math.log10(exact))
    return any(math.isclose(math.floor(exact / step) * step, figure) for step in (magnitude, magnitude / 10))


def _other_year(one: str | None, other: str | None) -> bool:
    """Whether two periods are different single years: "€3.5bn for 2025" ... "€3.5bn for 2026"
    are two budgets (ranges are worked out in too many ways to tell)."""
    return bool(one and other and "-" not in one + other and one != other)


def _converts_earlier(p: Pledge, w: _Windows, records: list[Pledge]) -> Pledge | None:
    """The recent record `p` only restates in another currency, in a sentence that names
    no donor ("The money is worth about US$366 million."), if any."""
    if not _WORTH.search(w.before[-_REACH:]):
        return None
    from tracker.errors import UnknownRateError
    from tracker.records import fx

    for r in records[-3:]:
        if r.currency == p.currency:
            continue
        try:
            factor, _ = fx.rate(r.currency, p.currency, p.date or r.date or fx.last_rate_date())
        except UnknownRateError:
            continue
        if abs(p.amount - r.amount * factor) <= CONVERSION_TOLERANCE * r.amount * factor:
            return r
    return None


def _whole_of(p: Pledge, w: _Windows, out: list[Pledge], ctx: _Context) -> tuple[Pledge | None, bool]:
    """The record `p` is a stated part of, and whether `p` is a share of the same money
    ("of which", "Of the total, €33bn will be lent": same kind and years) rather
    than something bought from it ("includes a £450m package", "Within this year's
    allocation, ... £1.7bn": a package)."""
    earlier = out or ctx.records
    share = bool(_SHARE_OF.search(w.clause) or (_INCLUDES.search(w.near) and _SPLIT_BY_AID.match(w.right)))
    if (share or _INCLUDES.search(w.near)) and earlier:
        # "The new package will include £92 million": a part of the last package, whatever came after it
        packages = [r for r in earlier if _PACKAGE.search(r.quote)] if _PACKAGE.search(w.clause) else []
        last = packages[-1] if packages else earlier[-1]
        return (last.part_of if isinstance(last.part_of, Pledge) else last), share
    if ctx.list_whole is not None and _LIST_ITEM.match(p.quote):
        # "..., including:" and a list of the parts: of a running total, running totals too
        return ctx.list_whole, ctx.list_whole.kind == "cumulative"
    if out and isinstance(out[-1].part_of, Pledge) and _AND.search(w.clause):
        return out[-1].part_of, bool(_SHARE_OF.search(out[-1].quote))  # the next part in the same list
    if _cue("drawn_from", w.clause, heads=w.heads):
        budgets = [r for r in ctx.records[-_RECALL:] + out if r.kind == "budget" and set(r.donors) & set(p.donors)]
        if budgets:
            return budgets[-1], False
    return None, False


def _article_context(sentences: list[_Sentence], text: str, published: date | None) -> _Context:
    heads = [s.text for s in sentences if s.headline]
    lead = " ".join([*heads[:1], *(s.text for s in sentences if not s.headline)][:4])
    return _Context(published, text=text, headline=heads[0] if heads else "", lead=lead)


def _pledges_in(s: _Sentence, following: str, ctx: _Context) -> list[Pledge]:
    text = s.text
    amounts = mark_conversions(text, s.amounts, ctx.published) or _figures_of_a_record(s, ctx)
    if not s.headline:
        ctx.converted += [b for b in amounts if b.converts is not None]
    if amounts and ctx.last_dropped and _SAME_THING.match(text):
        # "... estimate of what it will cost to rebuild Ukraine. It was $486bn a year earlier."
        for a in amounts:
            ctx.drop(s, a, Reason("not-support:same-thing-as-dropped", _SAME_THING.match(text).group()))
        return []
    ctx.last_dropped = False
    if not amounts:
        # "Donors pledged fresh money on Friday ...": the day of the pledges that follow
        # ... in the lead, or said of many donors anywhere
        if not s.headline and _cue("announce_verbs", text, "date", s.heads) \
                and (len(ctx.seen) < 3 or _cue("collective", text, heads=s.heads)):
            dated = [m for m in find_dates(text, ctx.published) if m.value]
            if dated:
                ctx.lead_date = ctx.last_date = dated[0].value
        # "Sweden was first to write a multi-year frame into its budget." names, as its subject, who the
        # next sentences are about
        if not s.headline:
            named = {e.code for e in _allowed_entities(find_entities(text, before=40), text)} - NEVER_DONORS
            if len(named) == 1:
                ctx.last_donors = list(named)
        return []
    # "The day before, Sunak announced ...": a day counted from the one the sentences before gave
    mentions = [replace(m, value=ctx.last_date + m.relative) if m.value is None and m.relative and ctx.last_date
                else m for m in find_dates(text, ctx.published)]
    entities = find_entities(text)
    allowed = _allowed_entities(entities, text)
    out = []
    dropped = False  # whether the amount before was not support to Ukraine
    left: tuple[_Windows, int] | None = None  # the words of an amount the next one replaces ("from X to Y")
    of_the: str | None = None  # "Of the" before an amount, whose share the next one is
    # A line that is no sentence (a subheading, a key-events point) says less than the text under it
    heading = not s.headline and not s.own and not _FINAL_STOP.search(text) and not text.endswith((";", ","))
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
        w = _windows(text, amounts, i, s.heads)
        a = _resolve_currency(a, entities, ctx)
        collective = _is_collective(w, entities, a)
        if left is not None:  # "in 2025 rises from NOK 22.5 billion to NOK 72.5 billion": one clause
            left_w, left_start = left
            w = replace(w, clause=left_w.clause + text[left_start:a.start], near=left_w.near + text[left_start:a.start])
        if of_the is not None:  # "Of the 85 billion, about 17 billion ...": a share of the amount just named
            w = replace(w, clause=of_the + text[amounts[i - 1].start:a.start])
        of_the = w.clause if _OF_THE.fullmatch(w.clause) else None
        compared = bool(_COMPARED.search(w.before[-_REACH:]))  # "..., up from $411 billion": like the amount before it
        left = (w, a.start) if FROM_BEFORE.search(w.near) and w.right.strip() == "to" else None
        why = (Reason("currency:unknown", a.text) if a.currency is None else None) \
            or _distractor(text, w, entities, a, collective, i > 0) \
            or (_holds_ukraines_part(w, text, amounts, i) and Reason("recipient:whole-with-ukraines-part", w.right)) \
            or (dropped and compared and Reason("not-support:compared-with-dropped", w.near)) \
            or (dropped and _AND_YEAR.fullmatch(w.clause) and Reason("not-support:listed-with-dropped", w.clause)) \
            or (dropped and _SHARE_OF.search(w.clause) and Reason("not-support:share-of-dropped", w.near)) \
            or (left is not None and Reason("not-support:level-risen-from", w.near + a.text + w.right))
        if why:
            # the level an amount rises from is no amount of its own
            ctx.drop(s, a, why)
            dropped = True
            continue
        dropped = False
        donors, stated, giver = _donors(text, a, w, entities, allowed, collective, ctx)
        if len(donors) > 1 and stated and _RESPECTIVELY.search(text):
            # "Japan and Canada: ¥471.9 billion and CAD 5 billion respectively": one each, in order
            own = [j for j, b in enumerate(amounts) if b.converts is None and b.value >= MIN_AMOUNT]
            if len(own) == len(donors):
                donors = [donors[own.index(i)]]
        if (a.currency == "UAH" and not stated) or a.currency == "RUB":
            # "Defence expenditures are planned at UAH 2.2 trillion": Ukraine's own money; Russia's
            ctx.drop(s, a, Reason("not-support:ukraine-own-money" if a.currency == "UAH" else "not-support:russian-money",
                                  a.text))
            continue
        # A bare "$" is the donor's own dollar when the sentence names it, or the article is about it
        if a.text.startswith("$") and len(donors) == 1 and donors[0] in _HOME_DOLLAR \
                and (stated or ctx.main_donor == donors[0]) \
                and not any(b.converts == i and b.currency == _HOME_DOLLAR[donors[0]] for b in amounts):
            # ... unless it is converted into that dollar: "$500 million (about C$700 million)"
            a = replace(a, currency=_HOME_DOLLAR[donors[0]])
            home_dollar = Reason("currency:home-dollar", f"{a.text} of {donors[0]}")
        else:
            home_dollar = None
        # The words after the amount first: "€2 billion in 2024, and €3 billion in 2025"
        period_text = (a.text + w.right, w.clause + " " + a.text + w.right)
        kind, kind_rule = _kind(w, donors, collective, period_text, ctx)
        kind, years_before = _kind_said_before(kind, w, a, entities, out, ctx, compared)
        aid_type = _aid_type(w, text, following, donors, ctx)
        dated = [m for m in mentions if m.value] if kind == "cumulative" else mentions
        when, placed = _date(dated, a, w, text, s.headline, kind, ctx)
        pledge = Pledge(
            donors=donors, amount=round(a.value, 2), currency=a.currency, qualifier=a.qualifier, kind=kind,
            aid_type=aid_type, categories=_categories(aid_type, kind, w, _rest(text, a), following, ctx), date=when,
            period=_period(period_text, ctx, kind) or years_before, quote=text,
            start=s.start, end=s.start + len(text))
        if s.headline and ctx.converted_near(a.currency, a.value):
            # "... as Ukraine secures $15.6bn programme" over "SDR 11.6bn (about $15.6bn)"
            ctx.drop(s, a, Reason("restates:headline-conversion", a.text))
            continue
        reasons = _evidence(text, a, amounts, w, entities, giver, kind, kind_rule, s, ctx)
        if home_dollar:
            reasons.insert(-1, home_dollar)
        restated = None if stated else _converts_earlier(pledge, w, ctx.records[-3:] + out)
        if restated is not None:
            if restated.period is None and pledge.period and pledge.kind == "budget":
                # "The money, about £43 billion, is to be paid out over four years": its years
                restated.kind, restated.period = "budget", pledge.period
            ctx.drop(s, a, Reason("restates:conversion-of-earlier", f"{restated.currency} {restated.amount:,.0f}"))
            continue
        fresh = _cue_reason("new-money", "left", w.clause, "new_money", w.heads)
        # "an additional $5.5 billion" ... "additional financial assistance of $5.5 billion": the same new money
        if s.headline or not fresh or _said_new_before(fresh.words, pledge, ctx.records[-_RECALL:]):
            definite = bool(_DEFINITE.search(w.near))
            # "$5 million will go to ... and $5 million will go to ...": the same figure twice, two records
            candidates = ctx.records[-_RECALL:] + ([] if _AND_NEXT.search(w.near) else out)
            earlier = _restated(pledge, candidates, stated, s.headline, definite, a.text.startswith("$"))
            if earlier is not None:
                if id(earlier) in ctx.headings and not heading:
                    # "UK and Norway put £450m into joint package", then the sentence that says it in full
                    for name in _SENTENCE_FIELDS:
                        setattr(earlier, name, getattr(pledge, name))
                    ctx.headings.discard(id(earlier))
                    ctx.kept[id(earlier)].reasons = reasons
                # "agreed a record 21 billion euros" ... "total over 21 billion euros": at least
                elif earlier.qualifier == "exact" and pledge.amount == earlier.amount:
                    earlier.qualifier = pledge.qualifier
                elif pledge.qualifier == "exact" and earlier.qualifier != "exact" and pledge.amount != earlier.amount \
                        and not s.headline:
                    # "more than $3 billion" ... "The $3.02 billion for this year": the exact figure
                    earlier.amount, earlier.qualifier = pledge.amount, "exact"
                ctx.drop(s, a, Reason("restates:earlier", f"{earlier.currency} {earlier.amount:,.0f}: {earlier.quote[:40]}"))
                continue
        whole, share = _whole_of(pledge, w, out, ctx)
        if whole is not None and pledge.kind == "cumulative" and whole.kind != "cumulative":
            whole = None  # a running total is no part of a package or a year's money
        if whole is not None:
            pledge.part_of = whole  # resolved to an index once the records are ordered
            if share and whole.kind in ("budget", "cumulative") and not _PACKAGE.search(w.right):
                # "of which £7.8bn is military aid": a share of a running total or envelope is one too
                pledge.kind, pledge.period = whole.kind, pledge.period or whole.period
            elif whole.kind in ("package", "budget"):
                # "The package includes £200m for drones": a part of a package or of a year's budget is a package
                pledge.kind = "package"
                pledge.period = _period(period_text, ctx, "package")
            elif whole.kind == "cumulative" and (_OWN_YEAR.match(w.right) or _one_year(period_text[0], ctx)):
                # "323 mln zł since 2022, including 82 mln zł last year": that year's money
                pledge.kind, pledge.period = "budget", _period(period_text, ctx, "budget")
            elif whole.kind == "cumulative":
                pledge.kind = whole.kind
                pledge.period = _period(period_text, ctx, "cumulative") or whole.period
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
                if not _CHAIN_JOIN.match(text[a.end:b.start]):
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


def _evidence(text: str, a: Amount, amounts: list[Amount], w: _Windows, entities: list[Entity], giver: Reason,
              kind: str, kind_rule: str, s: _Sentence, ctx: _Context) -> list[Reason]:
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


# An amount under this, in any currency (one unit is at most about €3.5), is under €0.4bn: under 3 % of the
# smallest donor GDP of donor_gdp.csv (Malta's €14.7bn), and so never implausible
_SURELY_PLAUSIBLE = 1e8
_UNSTATED_GIVERS = frozenset({"giver:carried", "giver:subject", "giver:currency"})


def _finish(records: list[Pledge], ctx: _Context) -> None:
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


def _figures_of_a_record(s: _Sentence, ctx: _Context) -> list[Amount]:
    """A sentence's figures without a currency, when one of them is a recent record's amount: they
    take its currency ("Of the 85 billion, about 17 billion is civilian support" after "85 billion kroner")."""
    if s.headline or not ctx.records or not _SCALE_HINT.search(s.text):
        return []
    figures = bare_figures(s.text)
    for r in reversed(ctx.records[-5:]):
        if any(abs(f.value - r.amount) <= 0.005 * r.amount for f in figures):
            return [replace(f, currency=r.currency) for f in figures]
    return []


def _is_section_heading(text: str) -> bool:
    """Whether a line heads a section: no sentence, and neither a list item nor a line that
    introduces one (which `heading` in _pledges_in, for restatements, counts too)."""
    return not _FINAL_STOP.search(text) and not text.endswith((";", ",", ":")) and not _LIST_ITEM.match(text)


def _list_after(body: list[_Sentence], k: int) -> list[_Sentence]:
    """The items of the list that sentence `k` introduces: the lines after it that carry a
    list mark or end without a full stop ("- 12 Bradley Infantry Fighting Vehicles;")."""
    items, size = [], 0
    for j in range(k + 1, min(len(body), k + 1 + _LONGEST_LIST)):
        b = body[j]
        marked = bool(_LIST_ITEM.match(b.text))
        size += len(b.text)
        if not (marked or b.text.endswith((";", ",")) or not _FINAL_STOP.search(b.text)) or size > _LONGEST_LIST * 60:
            break
        items.append(b)
    return items


def _figures_with_their_labels(text: str, sentences: list[_Sentence]) -> list[_Sentence]:
    """A line that is only an amount ("€2.3bn", "More than €10bn"), as a "week in numbers" column
    or an infographic sets it, read together with the sentence on the line under it that says what
    it is ("The package of agreements the European Commission signed in Rome on Thursday ..."), unless
    that sentence states the amount itself."""
    out: list[_Sentence] = []
    i = 0
    while i < len(sentences):
        s = sentences[i]
        label = sentences[i + 1] if i + 1 < len(sentences) else None
        if label is not None and not s.headline and _is_figure_line(text, s) \
                and not any(b.start == 0 or b.value == s.amounts[0].value for b in label.amounts) \
                and text.count("\n", s.start, label.start) == 1 and not text[s.start + len(s.text):label.start].strip():
            out.append(_Sentence(s.start, text[s.start:label.start + len(label.text)], False))
            i += 2
            continue
        out.append(s)
        i += 1
    return out


def _is_figure_line(text: str, s: _Sentence) -> bool:
    """Whether a sentence is a whole line holding one amount and at most a qualifier ("More than €10bn")."""
    if len(s.text) > 40 or len(s.amounts) != 1 or (s.start and text[s.start - 1] != "\n"):
        return False
    a = s.amounts[0]
    return bool(_FIGURE_REST.fullmatch(s.text[:a.start])) and not s.text[a.end:].strip(" :")


def _without_asides(text: str, sentences: list[_Sentence]) -> list[_Sentence]:
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
            while line_end < len(text) and _LIST_ITEM.match(text[line_end + 1:line_end + 8]):
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
    sentences = [s for s in _without_asides(text, every) if not _QUESTION.search(s.text)]
    read = {s.start for s in sentences}
    sentences = _figures_with_their_labels(text, sentences)
    ctx = _article_context(sentences, text, published)
    for s in every:
        if s.start not in read:
            why = Reason("not-support:question", s.text[-40:]) if _QUESTION.search(s.text) else Reason("not-support:aside")
            for a in s.amounts:
                ctx.drop(s, a, why)
    body = [s for s in sentences if not s.headline]
    # The body states a pledge fully; a headline that only restates it adds nothing.
    for k, s in enumerate(body + [s for s in sentences if s.headline]):
        following = ""
        # "Of the total, SEK 1.2bn will go towards radars ..." tells what the whole buys, amounts and all
        # ... but "The money comes alongside the UK's largest package ..." is about something else
        if not s.headline and k + 1 < len(body) and _CONTINUATION.match(body[k + 1].text) \
                and (not body[k + 1].amounts or _SHARE_OF.match(body[k + 1].text)) \
                and not _ELSEWHERE.search(body[k + 1].text, 0, 80):
            following = body[k + 1].text
        elif not s.headline and s.text.endswith(":"):
            # "It is valued at up to $400 million and includes:" and a list of what it buys
            following = " ".join(b.text for b in _list_after(body, k))
        if not s.headline and not s.own and _is_section_heading(s.text):
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
            elif not _LIST_ITEM.match(s.text):
                ctx.list_whole = None
    records = sorted(ctx.records, key=lambda p: p.start)
    _type_of_larger_part(records)
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


def _type_of_larger_part(records: list[Pledge]) -> None:
    """A whole whose stated parts are of different aid types is of the type most of its money is:
    "$110 million, made up of $100 million in military assistance and $10 million in humanitarian
    support" is military."""
    parts: dict[int, list[Pledge]] = {}
    for p in records:
        if isinstance(p.part_of, Pledge):
            parts.setdefault(id(p.part_of), []).append(p)
    for whole in records:
        mine = parts.get(id(whole), [])
        if len({p.aid_type for p in mine}) < 2 or any(p.currency != whole.currency for p in mine):
            continue
        money = Counter()
        for p in mine:
            money[p.aid_type] += p.amount
        larger = max(money, key=money.get)
        if larger != whole.aid_type:
            whole.aid_type = larger
            whole.categories = ["general"] if larger != "military" else \
                sorted({c for p in mine if p.aid_type == "military" for c in p.categories},
                       key=CATEGORIES.index) or ["general"]
