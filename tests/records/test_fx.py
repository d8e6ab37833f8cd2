"""Exchange rates: the ECB's reference rate of the announcement day, the previous
business day on weekends, the last known rate after the bundled history, and an
error (never NaN) for a currency without a rate."""
import zipfile
from datetime import date

import pandas as pd
import pytest

from tracker.errors import UnknownRateError
from tracker.records import fx
from tracker.records.frame import pledges_to_frame
from tracker.records.pledge import Pledge


def test_rate_of_the_day():
    per_eur, day = fx.euro_rate("GBP", date(2025, 4, 11))
    assert (per_eur, day) == (0.86678, date(2025, 4, 11))  # the ECB reference rate that day


def test_weekend_uses_the_previous_business_day():
    assert fx.euro_rate("USD", date(2025, 4, 12))[1] == date(2025, 4, 11)
    assert fx.euro_rate("USD", date(2025, 4, 13)) == fx.euro_rate("USD", date(2025, 4, 11))


def _newest_bundled_row() -> dict[str, str]:
    """The newest day of the ECB history file the converter bundles, read apart from it."""
    from currency_converter.currency_converter import CURRENCY_FILE

    with zipfile.ZipFile(CURRENCY_FILE) as z:
        header, newest = z.read(z.namelist()[0]).decode().splitlines()[:2]
    return dict(zip(header.split(","), newest.split(",")))


def test_after_the_bundled_history_the_last_known_rate():
    row = _newest_bundled_row()
    last = date.fromisoformat(row["Date"])
    assert (fx.last_rate_date(), fx.euro_rate("USD", date(2099, 1, 1))) == (last, (float(row["USD"]), last))


@pytest.mark.parametrize("currency", ["UAH", "XYZ"])
def test_unknown_rate_names_currency_and_date(currency):
    with pytest.raises(UnknownRateError, match=f"{currency} on 2025-04-11"):
        fx.euro_rate(currency, date(2025, 4, 11))


def test_convert_keeps_units_and_returns_the_rate_date():
    q, day = fx.convert(fx.money(4.5e9, "GBP"), "EUR", date(2025, 4, 12))
    assert (str(q.units), day) == ("EUR", date(2025, 4, 11))
    assert q.magnitude == pytest.approx(4.5e9 / 0.86678)


def test_frame_has_normalised_columns_and_leaves_unknown_currencies_empty():
    frame = pledges_to_frame([
        Pledge(["GBR"], 450e6, "GBP", date=date(2025, 4, 11)),
        Pledge(["UKR"], 10e9, "UAH", date=date(2025, 4, 11)),
    ])
    assert frame.loc[0, "amount_gbp"] == pytest.approx(450e6)
    assert frame.loc[0, "fx_date"] == pd.Timestamp("2025-04-11")
    assert frame.loc[1, ["amount_eur", "amount_usd", "amount_gbp", "fx_date"]].isna().all()


def test_a_pledge_is_a_quantity_that_converts_only_with_a_dated_rate():
    q = fx.quantity(Pledge(["NOR"], 1.5e9, "NOK"))
    converted, day = fx.convert(q, "USD", date(2025, 3, 7))
    assert (str(converted.units), day) == ("USD", date(2025, 3, 7))
    assert converted.magnitude == pytest.approx(1.5e9 / 11.759 * 1.0857)  # the ECB's NOK and USD per euro that day
    with pytest.raises(UnknownRateError, match="UAH on 2025-03-07"):
        fx.convert(fx.quantity(Pledge(["EU"], 1e9, "UAH")), "EUR", date(2025, 3, 7))


def test_no_rate_on_the_first_day_of_the_calendar_is_unknown_not_an_overflow():
    with pytest.raises(UnknownRateError):
        fx.euro_rate("GBP", date.min)
