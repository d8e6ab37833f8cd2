"""Hostile text for the extractor (issue 16): patterns that backtracked without end,
and dates at the ends of the calendar. A hang is caught by a generous subprocess
timeout, never by timing a fast run.
"""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from conftest import ROOT
from tracker.extract.dates import find_dates
from tracker.extract.decide import extract_pledges

ARTICLE = "The United Kingdom pledged £450 million in military aid to Ukraine on Friday, the minister said.\n"
# A hang would run for minutes; the fixed code takes well under a second.
HANG = 60


# Each call took minutes (or far longer) before: the size chosen is past that.
BACKTRACKING = [
    ("conversion bracket before a run of spaces",
     "from tracker.extract.conversions import joins_conversion as f; f('(' + ' ' * 200000 + 'x')"),
    ("a run of space-separated thousands",
     "from tracker.extract.money import extract_amounts as f; f('1' + ' 000' * 30000 + '1 bn')"),
]


@pytest.mark.parametrize("code", [c for _, c in BACKTRACKING], ids=[n for n, _ in BACKTRACKING])
def test_pattern_that_backtracked_for_minutes_returns(code):
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, timeout=HANG)
    assert p.returncode == 0, p.stderr.decode()


@pytest.mark.parametrize("published", [date(1, 1, 1), date(9999, 12, 31)])
def test_a_week_later_at_the_ends_of_the_calendar_is_no_overflow(published):
    text = ARTICLE + "A week later, Norway pledged NOK 500 million to Ukraine.\nThe day before, Sweden gave SEK 1bn."
    records = extract_pledges(text, published=published)
    assert [r.date for r in records] == [published] * len(records) and records


def test_a_count_of_weeks_too_large_for_a_date_places_nothing():
    mentions = find_dates("On 3 March 2025 and 99999999999 weeks later", date(2025, 4, 11))
    assert [m.value for m in mentions] == [date(2025, 3, 3)]


def test_a_day_in_the_text_outside_the_bounds_is_no_date():
    assert [m.value for m in find_dates("on 3 March 2099 and on 8 May 1945", date(2025, 4, 11))] == []
