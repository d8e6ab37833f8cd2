"""The counting rules as worked examples: the seed article first (GBR counts
£4.5bn for 2025, not £4.95bn; NOR shows the joint £450m; the €21bn meeting
total stands beside), then one rule per test on hand-made records."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from conftest import SEED, gold_records
from tracker.counting.totals import beside, contributions, headline, total_across_donors, totals_by_donor
from tracker.errors import InputError
from tracker.pipeline import ingest_article
from tracker.reading.files import Article
from tracker.records.frame import pledges_to_frame
from tracker.records.pledge import Pledge
from tracker.store.query import load_pledges
from tracker.store.review import set_status

D = date(2025, 4, 11)


def p(donors, amount, kind="package", when=D, period=None, currency="GBP", aid_type="military", quote="", part_of=None):
    return Pledge(donors=list(donors), amount=amount, currency=currency, kind=kind, date=when, period=period,
                  aid_type=aid_type, quote=quote, part_of=part_of)


def rows(frame: pd.DataFrame) -> list[tuple]:
    return [(r.donor, r.period, round(r.amount)) for r in frame.itertuples()]


# -- the seed, worked ----------------------------------------------------------

def test_seed_per_donor_counts_the_budget_not_budget_plus_package():
    actual = rows(totals_by_donor(pledges_to_frame(gold_records(SEED)), "GBP"))
    assert actual == [("GBR", "2025", 4_500_000_000), ("NOR", "2025", 450_000_000)]


def test_seed_across_donors_counts_the_joint_package_once():
    actual = round(total_across_donors(pledges_to_frame(gold_records(SEED)), "GBP"))
    assert actual == 4_500_000_000


def test_seed_meeting_total_stands_beside():
    shown = beside(pledges_to_frame(gold_records(SEED)))
    actual = [(r.donors, r.amount, r.currency, r.kind) for r in shown.itertuples()]
    assert actual == [(["UDCG"], 21e9, "EUR", "aggregate")]


def test_seed_through_the_store_gives_the_same_totals(sqlite_store):
    ingest_article(sqlite_store, Article(text=SEED.read_text(encoding="utf-8")), published=D,
                   pledges=gold_records(SEED))
    frame = load_pledges(sqlite_store)
    actual = (rows(totals_by_donor(frame, "GBP")), round(total_across_donors(frame, "GBP")))
    assert actual == ([("GBR", "2025", 4_500_000_000), ("NOR", "2025", 450_000_000)], 4_500_000_000)


def test_seed_as_extracted_gives_the_worked_totals(sqlite_store):
    from tracker.pipeline import ingest_paths

    ingest_paths(sqlite_store, [SEED])
    frame = load_pledges(sqlite_store)
    actual = (rows(totals_by_donor(frame, "GBP")), round(total_across_donors(frame, "GBP")),
              [(r.donors, r.amount, r.currency) for r in beside(frame).itertuples()])
    assert actual == ([("GBR", "2025", 4_500_000_000), ("NOR", "2025", 450_000_000)], 4_500_000_000,
                      [(["UDCG"], 21e9, "EUR")])


def test_seed_headline():
    actual = headline(pledges_to_frame(gold_records(SEED)), "GBP")
    assert actual == {"total": 4.5e9, "pledges": 3, "donors": 2, "latest": D}


# -- one rule per test ------------------------------------------------------------

@pytest.mark.parametrize("records, expected", [
    pytest.param([p(["GBR"], 3e9, "budget", period="2025"), p(["GBR"], 1e9), p(["GBR"], 2.5e9, when=date(2025, 9, 1))],
                 [("GBR", "2025", 3_500_000_000)], id="packages-exceed-the-budget"),
    pytest.param([p(["GBR"], 3e9, "budget", period="2025"), p(["GBR"], 1e9, when=date(2026, 2, 1))],
                 [("GBR", "2025", 3_000_000_000), ("GBR", "2026", 1_000_000_000)], id="package-of-another-year"),
    pytest.param([p(["GBR"], 3e9, "budget", period="2025"), p(["GBR"], 3e9, "budget", period="2025")],
                 [("GBR", "2025", 3_000_000_000)], id="budget-reported-twice-counts-once"),
    pytest.param([p(["DEU"], 1e9, "budget", period="2025-2028", currency="EUR",
                    quote="Germany will give €1bn a year for four years.")],
                 [("DEU", str(y), 1_000_000_000) for y in range(2025, 2029)], id="yearly-budget-in-each-year"),
    pytest.param([p(["DEU"], 8.5e9, "budget", period="2025-2029", currency="EUR",
                    quote="Berlin has earmarked €8.5 billion through 2029."), p(["DEU"], 2e9, currency="EUR"),
                  p(["DEU"], 1e9, currency="EUR", when=date(2026, 3, 1))],
                 [("DEU", "2025", 7_500_000_000), ("DEU", "2026", 1_000_000_000)], id="envelope-over-years"),
    pytest.param([p(["GBR"], 3e9, "budget", period="2025", aid_type="military"),
                  p(["GBR"], 1e9, aid_type="humanitarian")],
                 [("GBR", "2025", 4_000_000_000)], id="budget-covers-its-own-aid-type-only"),
    pytest.param([p(["USA"], 820e6, currency="USD"), p(["USA"], 770e6, currency="USD", part_of=0)],
                 [("USA", "2025", 820_000_000)], id="part-never-added-to-its-whole"),
    pytest.param([p(["UDCG"], 21e9, "aggregate", currency="EUR"), p(["GBR", "NOR"], 450e6, currency="EUR", part_of=0)],
                 [("GBR", "2025", 450_000_000), ("NOR", "2025", 450_000_000)], id="part-of-a-meeting-total-counts"),
    pytest.param([p(["UDCG"], 21e9, "aggregate", currency="EUR"), p(["AUS"], 1e9, "cumulative", currency="AUD")],
                 [], id="aggregate-and-cumulative-never-summed"),
])
def test_totals_by_donor(records, expected):
    frame = pledges_to_frame(records)
    actual = rows(totals_by_donor(frame, frame["currency"].iloc[0]))
    assert actual == expected


@pytest.mark.parametrize("records, expected", [
    pytest.param([p(["GBR", "NLD"], 300e6), p(["GBR"], 120e6), p(["NLD"], 50e6)], 470_000_000,
                 id="joint-package-once"),
    pytest.param([p(["GBR", "NOR"], 450e6), p(["NOR"], 5e9, "budget", period="2025")], 5_000_000_000,
                 id="joint-package-inside-a-budget-of-either-donor"),
    pytest.param([p(["GBR"], 4.5e9, "budget", period="2025"), p(["GBR", "NOR"], 450e6),
                  p(["NOR"], 100e6, "budget", period="2025")], 4_600_000_000, id="two-budgets-joint-once"),
    pytest.param([p(["UDCG"], 21e9, "aggregate"), p(["GBR"], 1e9)], 1_000_000_000, id="aggregate-left-out"),
    pytest.param([p(["DNK", "SWE"], 2e9, "budget", period="2025"), p(["SWE"], 0.5e9)], 2_000_000_000,
                 id="joint-budget-once"),
    pytest.param([p([], 1e9, "budget", period="2025")], 1_000_000_000, id="budget-of-unnamed-donors"),
])
def test_total_across_donors(records, expected):
    actual = round(total_across_donors(pledges_to_frame(records), "GBP"))
    assert actual == expected


def test_contributions_name_the_record_they_come_from():
    frame = pledges_to_frame([p(["GBR"], 4.5e9, "budget", period="2025"), p(["GBR", "NOR"], 450e6),
                              p(["UDCG"], 21e9, "aggregate")])
    parts = contributions(frame, "GBP")
    actual = sorted((r.record, r.donor, round(r.amount)) for r in parts.itertuples())
    assert actual == [(0, "GBR", 4_050_000_000), (1, "GBR", 450_000_000)]


def test_part_of_a_stored_package_is_not_added_to_it(sqlite_store):
    whole, part = p(["USA"], 820e6, currency="USD"), p(["USA"], 770e6, currency="USD", part_of=0)
    ingest_article(sqlite_store, Article(text="A package worth about $820 million, $770 million in USAI funds."),
                   published=D, pledges=[whole, part])
    actual = round(total_across_donors(load_pledges(sqlite_store), "USD"))
    assert actual == 820_000_000


def air_defence_only(frame):
    return frame[frame["categories"].map(lambda cs: "air_defence" in cs)]


def whole_rejected(store, frame):
    set_status(store, frame.loc[frame["amount"] == 820e6, "id"].iloc[0], "rejected")
    return load_pledges(store, include_rejected=True)


USAI = p(["USA"], 770e6, currency="USD", part_of=0)
USAI.categories = ["air_defence"]


@pytest.mark.parametrize("records, view, expected", [
    pytest.param([p(["USA"], 820e6, currency="USD"), USAI], None, 820_000_000, id="whole-in-view"),
    pytest.param([p(["USA"], 820e6, currency="USD"), USAI], air_defence_only, 770_000_000,
                 id="whole-filtered-out"),
    pytest.param([p(["USA"], 820e6, "aggregate", currency="USD"), USAI], None, 770_000_000, id="whole-an-aggregate"),
    pytest.param([p(["USA"], 820e6, "cumulative", currency="USD"), USAI], None, 770_000_000,
                 id="whole-a-running-total"),
    pytest.param([p(["USA"], 820e6, currency="USD"), USAI], whole_rejected, 770_000_000, id="whole-rejected"),
    pytest.param([p(["USA"], 820e6, currency="UAH"), USAI], None, 770_000_000, id="whole-without-a-usd-amount"),
    pytest.param([p(["USA"], 820e6, currency="USD"), USAI, p(["USA"], 100e6, currency="USD", part_of=1)], None,
                 820_000_000, id="part-of-a-part-inside-the-whole"),
    pytest.param([p(["USA"], 820e6, currency="USD"), USAI, p(["USA"], 100e6, currency="USD", part_of=1)],
                 air_defence_only, 770_000_000, id="part-of-a-part-whose-whole-is-filtered-out"),
    pytest.param([p(["USA"], 820e6, "aggregate", currency="USD"), USAI,
                  p(["USA"], 100e6, currency="USD", part_of=1)], None, 770_000_000,
                 id="part-of-a-part-of-an-aggregate"),
])
def test_part_counts_unless_its_whole_is_counted(sqlite_store, records, view, expected):
    ingest_article(sqlite_store, Article(text="A package worth about $820 million, $770 million in USAI funds, "
                                              "$100 million of it for Patriot missiles."),
                   published=D, pledges=records)
    frame = load_pledges(sqlite_store)
    if view is whole_rejected:
        frame = view(sqlite_store, frame)
    elif view is not None:
        frame = view(frame)
    actual = (round(total_across_donors(frame, "USD")), rows(totals_by_donor(frame, "USD")))
    assert actual == (expected, [("USA", "2025", expected)])


def test_joint_package_shows_in_full_under_each_donor():
    frame = pledges_to_frame([p(["GBR", "NLD"], 300e6)])
    actual = rows(totals_by_donor(frame, "GBP"))
    assert actual == [("GBR", "2025", 300_000_000), ("NLD", "2025", 300_000_000)]


def test_months_add_up_to_the_year():
    records = [p(["GBR"], 3e9, "budget", period="2025"), p(["GBR"], 1e9, when=date(2025, 6, 3)),
               p(["GBR"], 0.5e9, when=date(2025, 9, 9))]
    frame = pledges_to_frame(records)
    actual = (rows(totals_by_donor(frame, "GBP", freq="month")),
              sum(r[2] for r in rows(totals_by_donor(frame, "GBP", freq="month"))))
    assert actual == ([("GBR", "2025-04", 1_500_000_000), ("GBR", "2025-06", 1_000_000_000),
                       ("GBR", "2025-09", 500_000_000)], 3_000_000_000)


def test_rejected_records_are_not_counted(sqlite_store):
    ingest_article(sqlite_store, Article(text=SEED.read_text(encoding="utf-8")), published=D,
                   pledges=gold_records(SEED))
    frame = load_pledges(sqlite_store, include_rejected=True)
    set_status(sqlite_store, frame.loc[frame["kind"] == "budget", "id"].iloc[0], "rejected")
    actual = round(total_across_donors(load_pledges(sqlite_store, include_rejected=True), "GBP"))
    assert actual == 450_000_000


def test_disputed_pledge_counts_once_at_its_smaller_amount_until_settled(sqlite_store):
    from tracker.store.review import clear_conflict

    first = ingest_article(sqlite_store, Article(text=SEED.read_text(encoding="utf-8")), published=D,
                           pledges=gold_records(SEED))
    other = ingest_article(sqlite_store, Article(text="UK and Norway give £500m."), published=D,
                           pledges=[p(["GBR", "NOR"], 500e6)])
    disputed = rows(totals_by_donor(load_pledges(sqlite_store), "GBP"))
    set_status(sqlite_store, first.pledge_ids[1], "rejected")  # the reviewer believes the second outlet
    clear_conflict(sqlite_store, other.added_ids[0])
    settled = rows(totals_by_donor(load_pledges(sqlite_store), "GBP"))
    actual = (disputed, settled)
    assert actual == ([("GBR", "2025", 4_500_000_000), ("NOR", "2025", 450_000_000)],
                      [("GBR", "2025", 4_500_000_000), ("NOR", "2025", 500_000_000)])


def test_both_reports_count_once_the_conflict_is_settled():
    frame = pledges_to_frame([p(["NOR"], 450e6), p(["NOR"], 500e6)])
    frame["conflict"] = [True, True]
    disputed = total_across_donors(frame, "GBP")
    frame["conflict"] = [False, False]  # two packages on one day, as a reviewer found
    actual = (disputed, total_across_donors(frame, "GBP"))
    assert actual == (450e6, 950e6)


def test_undated_record_counts_in_its_first_reports_year(sqlite_store):
    undated = p(["SWE"], 1e9, when=None, currency="SEK")
    ingest_article(sqlite_store, Article(text="Sweden gave SEK 1bn last week."), published=date(2025, 9, 15),
                   pledges=[undated])
    actual = rows(totals_by_donor(load_pledges(sqlite_store), "EUR"))[0][:2]
    assert actual == ("SWE", "2025")


def test_amounts_in_the_target_currency_are_taken_as_stated():
    frame = pledges_to_frame([p(["GBR"], 123_456_789.0)])
    frame["amount_gbp"] = 1.0  # a round trip through the euro must not be used
    actual = total_across_donors(frame, "GBP")
    assert actual == 123_456_789.0


def test_unconverted_currency_is_left_out_not_guessed():
    frame = pledges_to_frame([p(["UKR"], 1e9, currency="UAH"), p(["GBR"], 1e6)])
    actual = round(total_across_donors(frame, "GBP"))
    assert actual == 1_000_000


@pytest.mark.parametrize("call", [
    lambda f: totals_by_donor(f, "JPY"),
    lambda f: totals_by_donor(f, "EUR", freq="week"),
    lambda f: total_across_donors(f, "XYZ"),
])
def test_bad_choice_is_an_input_error(call):
    with pytest.raises(InputError):
        call(pledges_to_frame([p(["GBR"], 1e6)]))


def test_empty_frame_totals_nothing():
    frame = pledges_to_frame([])
    actual = (len(totals_by_donor(frame)), total_across_donors(frame), headline(frame)["latest"], len(beside(frame)))
    assert actual == (0, 0.0, None, 0)
