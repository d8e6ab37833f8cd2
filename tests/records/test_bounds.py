"""The span of dates the tracker accepts: a setting (issue 16)."""
from __future__ import annotations

from datetime import date

import pytest

from tracker.errors import InputError
from tracker.records.bounds import EARLIEST_DATE_ENV, LATEST_DATE_ENV, check_date, date_bounds


def test_the_bounds_are_a_setting(monkeypatch):
    monkeypatch.setenv(EARLIEST_DATE_ENV, "2022-02-24")
    monkeypatch.setenv(LATEST_DATE_ENV, "2030-12-31")
    assert date_bounds() == (date(2022, 2, 24), date(2030, 12, 31))
    with pytest.raises(InputError, match="2021-12-31 is outside"):
        check_date(date(2021, 12, 31))


def test_the_default_bounds_run_from_1991_to_a_year_after_today():
    assert date_bounds(date(2025, 4, 11)) == (date(1991, 1, 1), date(2026, 4, 11))
