"""The date a record gets (tracker/extract/when.py): relative dates against the publication
date (Friday 11 April 2025), days carried from the sentences before, headings and leads."""
from datetime import date

import pytest

from tables import PUB, every, one

from tracker.extract.decide import extract_pledges


# When: relative dates against the publication date (Friday 11 April 2025).
DATES = [
    ("Britain pledged £100m on Friday.", date(2025, 4, 11)),
    ("Britain pledged £100m on Thursday.", date(2025, 4, 10)),
    ("Britain pledged £100m on Monday.", date(2025, 4, 7)),
    ("Britain pledged £100m on Saturday.", date(2025, 4, 5)),
    ("Britain pledged £100m yesterday.", date(2025, 4, 10)),
    ("Britain pledged £100m today.", date(2025, 4, 11)),
    ("Britain pledged £100m on 3 March.", date(2025, 3, 3)),
    ("Britain pledged £100m on 12 December.", date(2024, 12, 12)),
    ("Britain pledged £100m on March 3.", date(2025, 3, 3)),
    ("Britain pledged £100m on 24 December 2024.", date(2024, 12, 24)),
    ("Britain pledged £100m on April 2, 2025.", date(2025, 4, 2)),
    ("Britain pledged £100m last week.", None),
    ("Britain pledged £100m earlier this month.", None),
    ("The programme, approved in 2023 and worth USD 15.6 billion, runs until 2027.", None),
    ("Britain pledged £100m.", date(2025, 4, 11)),
    # A day of the month alone: of this month, or of the last if it is still to come
    ("Britain pledged £100m on the 9th.", date(2025, 4, 9)),
    ("Britain pledged £100m on the 20th.", date(2025, 3, 20)),
]


@pytest.mark.parametrize("second, expected", [
    ("Within hours the Pentagon announced a $1bn drawdown.", date(2025, 4, 8)),
    ("The day before, in Warsaw, Britain announced a further £500m.", date(2025, 4, 7)),
    ("The next day Norway added NOK 1bn.", date(2025, 4, 9)),
])
def test_a_day_said_from_the_sentence_before(second, expected):
    text = "Congress passed $61bn for Ukraine on 8 April. " + second
    assert [r.date for r in extract_pledges(text, PUB)] == [date(2025, 4, 8), expected]


@pytest.mark.parametrize("text,expected", DATES)
def test_dates(text, expected):
    assert one(text).date == expected


def test_a_week_later_hangs_on_the_date_before_it():
    text = "The Netherlands pledged €250 million on 3 March, and Lithuania added €1.5 mln a week later."
    assert [r.date for r in extract_pledges(text, date(2025, 3, 12))] == [date(2025, 3, 3), date(2025, 3, 10)]


def test_same_meeting_carries_the_date():
    text = ("Canada pledged CAD 500 million at a meeting in Brussels on Friday.\n"
            "At the same meeting, Lithuania said it would give up to €20 mln for demining.")
    assert [r.date for r in extract_pledges(text, date(2025, 6, 9))] == [date(2025, 6, 6)] * 2


def test_lead_sentence_dates_the_pledges_it_introduces():
    text = ("Donors pledged fresh money on Friday to keep the lights on.\n"
            "Britain announced £62m for generators, and Switzerland added CHF 30 million to an energy fund.")
    assert [r.date for r in extract_pledges(text, date(2024, 11, 18))] == [date(2024, 11, 15)] * 2


def test_without_a_publication_date_relative_dates_stay_empty():
    assert one("Britain pledged £100m on Friday.", None).date is None


# Regressions found on articles written in wire-copy style (not from the corpus).
def test_a_deadline_is_not_the_announcement_date():
    text = "The administration will send $400 million in ammunition before January 20, officials said."
    assert one(text, date(2024, 12, 3)).date == date(2024, 12, 3)


def test_the_lead_s_day_dates_the_pledges_after_it():
    text = ("Nordic ministers add money for Ukraine\n\n"
            "Defence ministers from the Nordic and Baltic states met in Vilnius on Monday and announced new support.\n"
            "Denmark committed DKK 4.2 billion in its 26th aid package, the ministers said in a joint statement.")
    assert one(text).date == date(2025, 4, 7)


@pytest.mark.parametrize("text, dates", [
    # A timeline: each dated heading dates the lines under it, to the next heading.
    ("Timeline: Berlin's aid\n\n13 May 2023\nThe ministry announces its largest package: equipment worth "
     "2.7 billion euros.\n\n16 February 2024\nThe chancellor announces a package worth 1.1 billion euros.\n\n"
     "Where things stand\nBerlin will add €500 million in ammunition.",
     ["2023-05-13", "2024-02-16", "2025-04-11"]),
    # A digest's weekday headings, in capitals or not, resolved against the publication day (a Friday).
    ("The week in aid\n\nMONDAY\n• Denmark approved DKK 4.3bn for howitzers.\n\nWednesday, 9 April\n"
     "• Norway added NOK 1.5bn for heating.\n• Sweden gave SEK 500m on Tuesday.",
     ["2025-04-07", "2025-04-09", "2025-04-08"]),
    # A byline with a date is no heading for what follows.
    ("Aid news\nUpdated Monday, 7 April 2025\n\nDenmark approved DKK 4.3bn for howitzers.", ["2025-04-11"]),
])
def test_a_dated_heading_dates_the_lines_under_it(text, dates):
    assert [str(r.date) for r in every(text)] == dates
