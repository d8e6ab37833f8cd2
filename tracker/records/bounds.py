"""The span of days a publication or pledge date may fall in: a setting read
from the environment, with its default. Readers refuse a given date outside it;
the extractor takes none from the text.
"""
from __future__ import annotations

import os
from datetime import date

from tracker.errors import InputError

EARLIEST_DATE_ENV = "TRACKER_EARLIEST_DATE"
LATEST_DATE_ENV = "TRACKER_LATEST_DATE"
# Ukraine's independence: no pledge of support to it is older.
DEFAULT_EARLIEST_DATE = date(1991, 1, 1)


def _env_date(name: str) -> date | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{name}={value!r} is not a date YYYY-MM-DD") from None


def date_bounds(today: date | None = None) -> tuple[date, date]:
    """The first and last day a publication or pledge date may be: 1 January 1991
    and one year after today, unless TRACKER_EARLIEST_DATE / TRACKER_LATEST_DATE say
    otherwise.

    >>> date_bounds(date(2025, 4, 11))
    (datetime.date(1991, 1, 1), datetime.date(2026, 4, 11))
    >>> date_bounds(date(2024, 2, 29))[1]
    datetime.date(2025, 2, 28)
    """
    today = today or date.today()
    try:
        a_year_on = today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        a_year_on = today.replace(year=today.year + 1, day=28)
    return _env_date(EARLIEST_DATE_ENV) or DEFAULT_EARLIEST_DATE, _env_date(LATEST_DATE_ENV) or a_year_on


def within_date_bounds(value: date) -> bool:
    """Whether a day lies within `date_bounds()`."""
    earliest, latest = date_bounds()
    return earliest <= value <= latest


def check_date(value: date, what: str = "date") -> date:
    """`value` when it lies within `date_bounds()`; otherwise `InputError` naming the bounds."""
    earliest, latest = date_bounds()
    if not earliest <= value <= latest:
        raise InputError(f"{what} {value.isoformat()} is outside the dates the tracker accepts, "
                         f"{earliest.isoformat()} to {latest.isoformat()} "
                         f"(settings {EARLIEST_DATE_ENV}, {LATEST_DATE_ENV})")
    return value
