"""Our pledges beside Kiel's series: a small hand-written release (exact
numbers), our side through the real counting rules of tracker.counting.totals, and the
figures built from both."""
import math
from datetime import date

import pandas as pd
import pytest

from tracker.counting.totals import total_across_donors, totals_by_donor
from tracker.dashboard.compare import (compare_by_donor, compare_by_month, coverage_notes, donor_comparison_figure,
                                       eu_shares, eu_shares_figure, gdp_share_figure, kiel_caveats, kiel_coverage,
                                       kiel_totals, kiel_undated, monthly_comparison_figure, table_rows)
from tracker.dashboard.reference import REFERENCE_ROOT, load_reference
from tracker.dashboard.views import monthly_totals
from tracker.records.frame import pledges_to_frame
from tracker.records.pledge import Pledge

BN = 1e9
# A release in the real files' layout, small enough to add up by hand (€ bn).
# GBR: Jan 1.0 military (commitments 1.5), Mar 0.5 financial.  NOR: Feb 0.2
# humanitarian.  EU: Feb 3.0 financial (gdp 0, as Kiel writes it).
# DEU: 2024 with month 0, 0.4 military; Mar 2025 1.0 military.
TINY = {
    "data_explorer.csv": '''"country","iso","year","month","total","financial","humanitarian","military","commitments","to_be_allocated","gdp","pct_gdp"
"United Kingdom","GBR",2025,1,1.0,0,0,1.0,1.5,0.5,2000,0.05
"United Kingdom","GBR",2025,3,0.5,0.5,0,0,0.5,0,2000,0.025
"Norway","NOR",2025,2,0.2,0,0.2,0,0.2,0,400,0.05
"European Union","EU",2025,2,3.0,3.0,0,0,3.0,0,0,0
"Germany","DEU",2024,0,0.4,0,0,0.4,0.4,0,4000,0.01
"Germany","DEU",2025,3,1.0,0,0,1.0,1.0,0,4000,0.025
''',
    "total_allocations.csv": '''"year","month","total_allocations","military","financial","humanitarian"
2024,12,0,0,0,0
2025,1,1.0,1.0,0,0
2025,2,3.2,0,3.0,0.2
2025,3,1.5,1.0,0.5,0
''',
    "eu_aid_shares.csv": '''"country","iso","bilateral_pct_gdp","eu_share_pct_gdp","total_pct_gdp","eu_share_bn"
"Germany","DEU",0.035,0.0375,0.0725,1.5
"France","FRA",0.02,0.04,0.06,1.0
''',
    "weapons.csv": '''"donor","category","number_of_weapons","monetary_value_eur","weapons_list"
"Germany","Tanks",1,1000000,"Leopard 2 (1)"
''',
    "procurement_trends.csv": '''"year","month","stockpile","procurement","unspecified","nato_purl"
2025,1,1.0,0,0,0
''',
    "release_info.csv": '''"release","period","date","label"
"99","03/2025","2025-05-01","Test Tracker, Release 99 (03/2025)"
''',
}
COLUMNS = ["donor", "ours", "kiel_allocations", "kiel_commitments"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("release-99")
    for name, text in TINY.items():
        (folder / name).write_text(text, encoding="utf-8")
    return load_reference(folder)


def ours(*rows):
    """Our totals as `totals_by_donor` returns them: (donor, period, € bn)."""
    return pd.DataFrame({"donor": [r[0] for r in rows], "period": [r[1] for r in rows],
                         "amount": [r[2] * BN for r in rows]})


NO_OURS = ours()


def in_bn(table, columns=COLUMNS):
    """Rows as tuples, amounts in € bn rounded to 6 places, NaN as None."""
    def cell(v):
        if isinstance(v, float):
            return None if math.isnan(v) else round(v / BN, 6)
        return v
    return [tuple(cell(v) for v in row) for row in table[columns].itertuples(index=False)]


# --- By donor -------------------------------------------------------------------

def test_by_donor_every_donor_of_either_side_largest_first(tiny):
    table = compare_by_donor(ours(("GBR", "2025", 2.0), ("NATO", "2025", 1.0)), tiny)
    expected = [("EU", 0.0, 3.0, 3.0), ("GBR", 2.0, 1.5, 2.0), ("DEU", 0.0, 1.4, 1.4),
                ("NATO", 1.0, None, None), ("NOR", 0.0, 0.2, 0.2)]
    assert in_bn(table) == expected


def test_by_donor_donor_filter_keeps_the_chosen_donors_only(tiny):
    table = compare_by_donor(ours(("GBR", "2025", 2.0), ("NOR", "2025", 0.3)), tiny,
                             donors=["NOR", "POL"])
    # POL: Kiel does not list it in this release, and we hold nothing from it.
    assert in_bn(table) == [("NOR", 0.3, 0.2, 0.2), ("POL", 0.0, None, None)]


def test_by_donor_sums_our_years(tiny):
    table = compare_by_donor(ours(("GBR", "2024", 1.0), ("GBR", "2025", 2.0)), tiny, donors=["GBR"])
    assert in_bn(table, ["ours"]) == [(3.0,)]


def test_by_donor_months_in_the_view_only(tiny):
    table = compare_by_donor(NO_OURS, tiny, donors=["GBR"], since=date(2025, 2, 15))
    assert in_bn(table) == [("GBR", 0.0, 0.5, 0.5)]


def test_by_donor_aid_type_filter_splits_allocations_and_drops_commitments(tiny):
    table = compare_by_donor(NO_OURS, tiny, donors=["GBR", "DEU"], aid_types=["military"])
    assert in_bn(table) == [("DEU", 0.0, 1.4, None), ("GBR", 0.0, 1.0, None)]


def test_by_donor_all_aid_types_chosen_is_no_aid_type_filter(tiny):
    table = compare_by_donor(NO_OURS, tiny, donors=["GBR"],
                             aid_types=["military", "financial", "humanitarian"])
    assert in_bn(table) == [("GBR", 0.0, 1.5, 2.0)]


def test_by_donor_view_outside_the_release_has_nothing_on_kiels_side(tiny):
    table = compare_by_donor(ours(("GBR", "2026", 1.0)), tiny, since=date(2026, 1, 1))
    # Kiel's GDP still gives our side its share: 1.0 / 2000 bn = 0.05 %.
    assert (in_bn(table), round(table.at[0, "ours_pct_gdp"], 6)) == ([("GBR", 1.0, None, None)], 0.05)


def test_share_of_gdp_from_kiels_2021_gdp(tiny):
    table = compare_by_donor(ours(("GBR", "2025", 2.0)), tiny, donors=["GBR"])
    # 2.0 / 2000 bn = 0.1 %; Kiel 1.5 / 2000 = 0.075 %
    actual = (round(table.at[0, "ours_pct_gdp"], 6), round(table.at[0, "kiel_pct_gdp"], 6))
    assert actual == (0.1, 0.075)


def test_no_share_of_gdp_for_the_eu(tiny):
    table = compare_by_donor(ours(("EU", "2025", 1.0)), tiny, donors=["EU"])
    assert table[["gdp", "ours_pct_gdp", "kiel_pct_gdp"]].isna().all(axis=None)


def test_eu_share_is_never_added_to_a_members_bilateral_aid(tiny):
    # Germany's 1.5 bn share of EU aid stays out of its 1.4 bn of bilateral aid.
    table = compare_by_donor(NO_OURS, tiny, donors=["DEU"])
    assert in_bn(table, ["kiel_allocations", "kiel_commitments"]) == [(1.4, 1.4)]


# --- Month 0: counted for the donor, left out of the months -----------------------
UNDATED = [
    # since, until, expected € bn of DEU's 2024 row without a month
    (None, None, 0.4),
    (date(2024, 1, 1), date(2024, 12, 31), 0.4),
    (date(2024, 6, 1), None, 0.0),      # the view holds only part of 2024
    (None, date(2024, 12, 30), 0.0),   # December 2024, not the whole year
    (date(2025, 1, 1), None, 0.0),
]


@pytest.mark.parametrize("since,until,expected", UNDATED, ids=[str(u[:2]) for u in UNDATED])
def test_undated_row_counts_when_the_view_holds_its_whole_year(tiny, since, until, expected):
    undated = kiel_undated(tiny, donors=["DEU"], since=since, until=until)
    by_donor = compare_by_donor(NO_OURS, tiny, donors=["DEU"], since=since, until=until)
    dated = 1.0 if until is None else 0.0
    assert (round(undated / BN, 6), in_bn(by_donor, ["kiel_allocations"])) == (
        expected, [(round(expected + dated, 6),)])


def test_undated_row_stays_out_of_the_monthly_series(tiny):
    table = compare_by_month(NO_OURS, tiny, donors=["DEU"])
    assert in_bn(table, ["kiel_allocations"]) == [(1.0,)]


# --- By month -------------------------------------------------------------------
MONTHLY = ["month", "ours", "kiel_allocations", "kiel_commitments", "ours_cumulative",
           "kiel_cumulative"]


def test_by_month_both_sides_and_running_totals(tiny):
    mine = pd.DataFrame({"period": ["2025-02", "2025-05"], "amount": [0.5 * BN, 1.0 * BN]})
    table = compare_by_month(mine, tiny, donors=["GBR"])
    expected = [
        (pd.Timestamp("2025-01-01"), 0.0, 1.0, 1.5, 0.0, 1.0),
        (pd.Timestamp("2025-02-01"), 0.5, 0.0, 0.0, 0.5, 1.0),
        (pd.Timestamp("2025-03-01"), 0.0, 0.5, 0.5, 0.5, 1.5),
        # Kiel's release stops in March: nothing there is not zero.
        (pd.Timestamp("2025-04-01"), 0.0, None, None, 0.5, None),
        (pd.Timestamp("2025-05-01"), 1.0, None, None, 1.5, None),
    ]
    assert in_bn(table, MONTHLY) == expected


def test_by_month_all_donors_match_the_release_totals(tiny):
    table = compare_by_month(NO_OURS, tiny)
    by_file = tiny.totals.set_index("date")["total_allocations"]
    assert list(table["kiel_allocations"]) == list(by_file[table["month"]])


def test_by_month_empty_view(tiny):
    table = compare_by_month(NO_OURS, tiny, donors=["POL"])
    assert (list(table.columns), len(table)) == (MONTHLY, 0)


def test_coverage_is_the_first_and_last_month(tiny):
    assert kiel_coverage(tiny) == (pd.Timestamp("2024-12-01"), pd.Timestamp("2025-03-01"))


# --- Our side through the real counting rules -----------------------------------

def pledge(donors, amount, when, kind="package", period=None, currency="EUR"):
    return Pledge(donors=donors, amount=amount, currency=currency, kind=kind, date=when,
                  period=period, quote=f"{donors} {amount} {when}")


@pytest.fixture(scope="module")
def seed_like():
    # The seed's shape: a £4.5bn UK budget for 2025, a joint UK-Norway £450m
    # package inside it, a €21bn meeting total beside (never added).
    return pledges_to_frame([
        pledge(["GBR"], 4.5e9, date(2025, 2, 1), kind="budget", period="2025", currency="GBP"),
        pledge(["GBR", "NOR"], 450e6, date(2025, 4, 11), currency="GBP"),
        pledge(["UDCG"], 21e9, date(2025, 4, 11), kind="aggregate"),
        pledge(["NOR"], 1e9, date(2025, 6, 3)),
    ])


def test_by_month_from_the_dashboards_monthly_totals(seed_like, tiny):
    table = compare_by_month(monthly_totals(seed_like), tiny, donors=["GBR", "NOR"])
    budget, joint = seed_like.loc[0, "amount_eur"], seed_like.loc[1, "amount_eur"]
    # The joint package counts in April, once, and is drawn from the UK's
    # budget, which adds only what its packages leave in February.
    actual = [(str(m.date()), round(a / BN, 3)) for m, a in zip(table["month"], table["ours"])]
    assert actual == [("2025-01-01", 0.0), ("2025-02-01", round((budget - joint) / BN, 3)),
                      ("2025-03-01", 0.0), ("2025-04-01", round(joint / BN, 3)),
                      ("2025-05-01", 0.0), ("2025-06-01", 1.0)]


def test_by_month_ours_sums_to_the_total_across_donors(seed_like, tiny):
    table = compare_by_month(monthly_totals(seed_like), tiny)
    assert math.isclose(table["ours"].sum(), total_across_donors(seed_like, "EUR"))


def test_by_donor_from_real_totals(seed_like, tiny):
    table = compare_by_donor(totals_by_donor(seed_like, "EUR"), tiny, donors=["GBR", "NOR"])
    budget, joint = seed_like.loc[0, "amount_eur"], seed_like.loc[1, "amount_eur"]
    # The joint package is drawn from the UK's budget and shown under Norway too.
    expected = [("GBR", round(budget / BN, 6)), ("NOR", round((joint + 1e9) / BN, 6))]
    assert [(d, round(a / BN, 6)) for d, a in zip(table["donor"], table["ours"])] == expected


# --- EU members' shares, apart ----------------------------------------------------
EU_VIEWS = [
    (None, ["DEU", "FRA"]),
    (["EU"], ["DEU", "FRA"]),
    (["FRA", "GBR"], ["FRA"]),
    (["GBR"], []),
]


@pytest.mark.parametrize("donors,expected", EU_VIEWS, ids=[str(v[0]) for v in EU_VIEWS])
def test_eu_shares_for_the_chosen_members(tiny, donors, expected):
    assert list(eu_shares(tiny, donors)["donor"]) == expected


def test_eu_shares_hold_no_sum_with_bilateral_aid(tiny):
    table = eu_shares(tiny)
    assert list(table.columns) == ["donor", "name", "eu_share", "eu_share_pct_gdp",
                                   "bilateral_pct_gdp"]


def test_eu_shares_of_release_29_sum_to_the_eu_row():
    ref = load_reference(REFERENCE_ROOT / "kiel-ust-release-29")
    assert round(eu_shares(ref)["eu_share"].sum() / BN, 2) == 84.43


# --- Caveats --------------------------------------------------------------------
COMMITMENTS = "Kiel does not split commitments by aid type: they are left out for a view of some aid types."
CAVEATS = [
    ({}, []),
    ({"aid_types": ["military", "financial", "humanitarian"]}, []),
    ({"aid_types": ["military"]}, [COMMITMENTS]),
    ({"kinds": ["package"]}, ["Our side counts the chosen kinds; Kiel's series has no kinds."]),
    ({"aid_types": ["financial"], "currency": "USD"}, [
        COMMITMENTS,
        "The comparison is in euros (EUR), the currency of Kiel's series, whatever the currency chosen."]),
]


@pytest.mark.parametrize("view,expected", CAVEATS, ids=[str(c[0]) for c in CAVEATS])
def test_caveats(view, expected):
    assert kiel_caveats(**view) == expected


# --- Kiel's totals for a view, and what its side leaves out ------------------------
TOTALS = [
    # donors, since, until, aid_types, expected (allocations, commitments) in € bn
    (None, None, None, None, (6.1, 6.6)),
    (["GBR", "NATO"], None, None, None, (1.5, 2.0)),
    (["DEU"], date(2025, 1, 1), None, None, (1.0, 1.0)),
    (["GBR"], None, None, ["military"], (1.0, None)),
    (["NATO"], None, None, None, (None, None)),         # Kiel does not track NATO
    (None, date(2026, 1, 1), None, None, (None, None)),  # after the release
]


@pytest.mark.parametrize("donors,since,until,aid_types,expected", TOTALS, ids=[str(t[:4]) for t in TOTALS])
def test_kiel_totals(tiny, donors, since, until, aid_types, expected):
    totals = kiel_totals(tiny, donors, since, until, aid_types)
    actual = tuple(None if math.isnan(totals[k]) else round(totals[k] / BN, 6)
                   for k in ("allocations", "commitments"))
    assert actual == expected


def test_kiel_totals_leave_the_eu_shares_out(tiny):
    # EU 3.0 once, not again as Germany's 1.5 and France's 1.0 shares.
    assert round(kiel_totals(tiny, ["EU", "DEU", "FRA"])["allocations"] / BN, 6) == 4.4


NOTES = [
    ({"since": date(2025, 1, 1), "until": date(2025, 3, 31)}, []),
    ({"since": date(2025, 1, 1)}, [
        "Kiel's Test Tracker, Release 99 (03/2025) covers Dec 2024 to Mar 2025: outside those "
        "months it shows nothing, not zero."]),
    ({"donors": ["DEU", "NATO"], "since": date(2024, 1, 1), "until": date(2025, 3, 31)}, [
        "Kiel's Test Tracker, Release 99 (03/2025) covers Dec 2024 to Mar 2025: outside those "
        "months it shows nothing, not zero.",
        "€400m of Kiel's allocations in this view carry no month: they count in the donor "
        "figures, not in the monthly series.",
        "Kiel's series does not list NATO: nothing on its side for them."]),
]


@pytest.mark.parametrize("view,expected", NOTES, ids=[str(n[0]) for n in NOTES])
def test_coverage_notes(tiny, view, expected):
    assert coverage_notes(tiny, **view) == expected


def test_table_rows_in_billions_with_headings(tiny):
    table = compare_by_donor(ours(("NOR", "2025", 0.3)), tiny, donors=["NOR"])
    shown = table_rows(table)
    actual = {k: (round(v, 6) if isinstance(v, float) else v) for k, v in shown.iloc[0].items()}
    assert actual == {
        "Donor": "Norway", "Code": "NOR", "Tracked (€ bn)": 0.3, "Kiel allocations (€ bn)": 0.2,
        "Kiel commitments (€ bn)": 0.2, "Tracked − Kiel allocations (€ bn)": 0.1,
        "Tracked as % of Kiel allocations": 150.0,
        "2021 GDP (€ bn)": 400.0, "Tracked (% of GDP)": 0.075, "Kiel allocations (% of GDP)": 0.05}


# --- Figures: the release label and attribution on every one ----------------------

def figures(tiny):
    by_donor = compare_by_donor(ours(("GBR", "2025", 2.0)), tiny)
    by_month = compare_by_month(pd.DataFrame({"period": ["2025-02"], "amount": [BN]}), tiny)
    return {
        "donor": donor_comparison_figure(by_donor, tiny.release, "All donors."),
        "gdp": gdp_share_figure(by_donor, tiny.release, "All donors."),
        "month": monthly_comparison_figure(by_month, tiny.release, "All donors."),
        "eu": eu_shares_figure(eu_shares(tiny), tiny.release, "All donors."),
    }


@pytest.mark.parametrize("name", ["donor", "gdp", "month", "eu"])
def test_every_figure_carries_label_and_attribution(tiny, name):
    fig = figures(tiny)[name]
    texts = [a.text for a in fig.layout.annotations]
    actual = ("Source: Kiel Institute for the World Economy, Test Tracker, Release 99 (03/2025)" in texts,
              "Test Tracker, Release 99 (03/2025)" in fig.layout.title.subtitle.text,
              fig.layout.title.subtitle.text.startswith("All donors."))
    assert actual == (True, True, True)


@pytest.mark.parametrize("name", ["donor", "gdp", "month", "eu"])
def test_empty_figure_still_attributed(tiny, name):
    empty_donor = compare_by_donor(NO_OURS, tiny, donors=["POL"]).iloc[:0]
    builders = {
        "donor": lambda: donor_comparison_figure(empty_donor, tiny.release),
        "gdp": lambda: gdp_share_figure(empty_donor, tiny.release),
        "month": lambda: monthly_comparison_figure(compare_by_month(NO_OURS, tiny, ["POL"]), tiny.release),
        "eu": lambda: eu_shares_figure(eu_shares(tiny, ["GBR"]), tiny.release),
    }
    texts = [a.text for a in builders[name]().layout.annotations]
    assert texts == [tiny.release.attribution, "Nothing to compare in this view"]


def test_donor_figure_bars_in_euros_written_by_the_one_formatter(tiny):
    fig = figures(tiny)["donor"]
    bars = {t.name: dict(zip(t.y, t.x)) for t in fig.data}
    actual = (bars["Tracked pledges"]["United Kingdom"], bars["Kiel allocations"]["United Kingdom"],
              bars["Kiel commitments"]["European Union"])
    hovers = {t.name: dict(zip(t.y, t.customdata)) for t in fig.data}
    assert (actual, hovers["Tracked pledges"]["United Kingdom"], list(fig.layout.xaxis.ticktext)[:2]) == (
        (2e9, 1.5e9, 3e9), "€2bn", ["€0", "€1bn"])


def test_monthly_figure_has_bars_and_running_totals(tiny):
    fig = figures(tiny)["month"]
    assert [(t.type, t.name) for t in fig.data] == [
        ("bar", "Tracked pledges, month"), ("bar", "Kiel allocations, month"),
        ("scatter", "Tracked pledges, running total"), ("scatter", "Kiel allocations, running total")]


def test_gdp_figure_leaves_out_donors_without_gdp(tiny):
    fig = figures(tiny)["gdp"]
    assert sorted(fig.data[0].y) == ["Germany", "Norway", "United Kingdom"]
