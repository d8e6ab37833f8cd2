"""Figure builders and the view data they draw, tested without Streamlit: the
seed article's gold records are the worked example (GBR counts its £4.5bn
budget, NOR the joint £450m, the €21bn meeting total stands beside)."""
import json
from datetime import date

import pandas as pd
import pytest

from tracker.dashboard import charts, draft, views
from tracker.errors import InputError
from tracker.records.formatting import format_money
from tracker.records.frame import pledges_to_frame
from tracker.records.pledge import Pledge

from conftest import ROOT
SEED = ROOT / "seeds" / "000_ec911605d6ab0184.json"


def _gold(path=SEED) -> list[Pledge]:
    records = json.loads(path.read_text())["records"]
    return [Pledge(**{k: date.fromisoformat(v) if k == "date" and v else v for k, v in r.items()})
            for r in records]


@pytest.fixture
def seed():
    return pledges_to_frame(_gold())


def _money(data, key="donor"):
    return {k: round(v) for k, v in data.groupby(key)["amount"].sum().items()}


# -- format_money ---------------------------------------------------------

MONEY = [
    (4_500_000_000, "GBP", "£4.5bn"), (450_000_000, "GBP", "£450m"), (21e9, "EUR", "€21bn"),
    (18_202_380_000, "EUR", "€18.2bn"), (820e6, "USD", "$820m"), (1.5e12, "USD", "$1.5tn"),
    (999, "EUR", "€999"), (2_500_000_000, "NOK", "NOK 2.5bn"),
]


@pytest.mark.parametrize("value, currency, text", MONEY, ids=[m[2] for m in MONEY])
def test_format_money_writes_amounts_as_the_news_does(value, currency, text):
    assert format_money(value, currency) == text


# -- the view data (counting rules from tracker.counting.totals) -------------------

def test_donor_totals_follow_the_counting_rules(seed):
    assert _money(views.donor_totals(seed, "GBP")) == {"GBR": 4_500_000_000, "NOR": 450_000_000}


@pytest.mark.parametrize("split", ["aid_type", "categories"])
def test_donor_breakdown_parts_sum_to_each_donors_total(seed, split):
    assert _money(views.donor_breakdown(seed, "GBP", split)) == {"GBR": 4_500_000_000, "NOR": 450_000_000}


def test_donor_breakdown_by_category_shares_a_package_among_its_categories(seed):
    data = views.donor_breakdown(seed, "GBP", "categories")
    norway = {r.part: round(r.amount) for r in data[data["donor"] == "NOR"].itertuples()}
    expected = {c: 112_500_000 for c in ("air_defence", "drones", "maintenance_repair", "mines_demining")}
    assert norway == expected


def test_donor_breakdown_puts_the_budgets_rest_under_its_own_category(seed):
    data = views.donor_breakdown(seed, "GBP", "categories")
    assert round(data[(data["donor"] == "GBR") & (data["part"] == "general")]["amount"].sum()) == 4_050_000_000


def test_category_totals_sum_to_the_headline_total(seed):
    total = views.category_totals(seed, "GBP")["amount"].sum()
    assert round(total) == 4_500_000_000


def test_monthly_totals_count_a_joint_package_once_and_run_on(seed):
    extra = pledges_to_frame([Pledge(["DEU"], 1e9, "EUR", date=date(2025, 6, 2), quote="Berlin adds €1bn.")])
    data = views.monthly_totals(pd.concat([seed, extra], ignore_index=True), "EUR")
    actual = [(m.strftime("%Y-%m"), round(a / 1e6), round(c / 1e6)) for m, a, c in data.itertuples(index=False)]
    april = round(seed["amount_eur"][2] / 1e6)  # the £4.5bn budget, holding the joint package
    assert actual == [("2025-04", april, april), ("2025-05", 0, april), ("2025-06", 1000, april + 1000)]


def test_beside_rows_hold_the_meeting_total_apart(seed):
    rows = views.beside_rows(seed, "EUR")
    assert rows[["donors", "kind", "stated"]].values.tolist() == [
        ["Ukraine Defence Contact Group", "total across donors", "€21bn"]]


def test_headline_metrics_say_the_counted_figures(seed):
    actual = [(m.label, m.value) for m in views.headline_metrics(seed, "GBP")]
    assert actual == [("Total pledged", "£4.5bn"), ("Pledges", "3"), ("Donors", "2"),
                      ("Latest pledge", "11 Apr 2025")]


def test_map_rows_leave_groups_to_the_bars(seed):
    assert views.map_rows(seed, "EUR")["donor"].tolist() == ["GBR", "NOR"]


def test_table_rows_are_newest_first_with_quote_and_stated_amount(seed):
    older = pledges_to_frame([Pledge(["USA"], 8e8, "USD", date=date(2024, 1, 5), quote="Washington adds $800m.")])
    rows = views.table_rows(pd.concat([older, seed], ignore_index=True), "EUR")
    assert rows["stated"].tolist() == ["€21bn", "£450m", "£4.5bn", "$800m"]


# -- the figures ----------------------------------------------------------

def test_donor_figure_stacks_one_trace_per_part_biggest_donor_on_top(seed):
    fig = charts.donor_figure(views.donor_breakdown(seed, "GBP", "categories"), "GBP", "categories", "caption")
    assert [t.name for t in fig.data] == ["air defence", "drones", "maintenance / repair", "mines / demining", "general"]
    assert fig.layout.barmode == "stack"
    assert list(fig.layout.yaxis.categoryarray) == ["Norway", "United Kingdom"]  # plotly draws the last on top


def test_every_figure_carries_its_caption_for_the_png_not_the_page(seed):
    caption = "Pledges by Norway; amounts in pounds sterling (GBP)."
    figures = [charts.donor_figure(views.donor_breakdown(seed, "GBP"), "GBP", caption=caption),
               charts.monthly_figure(views.monthly_totals(seed, "GBP"), "GBP", caption),
               charts.category_figure(views.category_totals(seed, "GBP"), "GBP", caption),
               charts.map_figure(views.map_rows(seed, "GBP"), "GBP", caption)]
    assert ([charts.export_caption(f) for f in figures], [f.layout.title.subtitle.text for f in figures]) == (
        [caption] * 4, [None] * 4)


def test_monthly_figure_draws_the_running_total_on_its_own_axis(seed):
    fig = charts.monthly_figure(views.monthly_totals(seed, "EUR"), "EUR")
    assert [(t.type, t.yaxis) for t in fig.data] == [("bar", None), ("scatter", "y2")]


def test_map_figure_shades_countries_by_code(seed):
    fig = charts.map_figure(views.map_rows(seed, "GBP"), "GBP")
    assert (list(fig.data[0].locations), fig.data[0].locationmode) == (["GBR", "NOR"], "ISO-3")


@pytest.mark.parametrize("build", [
    lambda e: charts.donor_figure(e, "EUR"), lambda e: charts.monthly_figure(e, "EUR"),
    lambda e: charts.category_figure(e, "EUR"), lambda e: charts.map_figure(e, "EUR")],
    ids=["donors", "months", "categories", "map"])
def test_an_empty_view_draws_a_message_not_an_error(build):
    empty = pd.DataFrame({"donor": pd.Series([], dtype="str"), "name": [], "part": [], "amount": [],
                          "month": [], "cumulative": [], "category": []})
    assert [a.text for a in build(empty).layout.annotations][-1:] in ([charts.NOTHING_COUNTED],
                                                                      ["No donor country to count in this view"])


def test_the_map_reads_its_outlines_from_the_app_not_a_cdn():
    outlines = json.loads((ROOT / "static" / "topojson" / "world_110m.json").read_text())
    ids = {g.get("id") for g in outlines["objects"]["countries"]["geometries"]}
    assert (charts.chart_config("map")["topojsonURL"], {"GBR", "NOR", "USA", "DEU", "UKR"} <= ids) == \
        ("app/static/topojson/", True)


def test_charts_export_png_from_the_toolbar():
    assert charts.chart_config("donors")["toImageButtonOptions"] == {
        "format": "png", "filename": "pledges-donors", "scale": 2}


# -- the Add page's review ------------------------------------------------

def test_highlight_html_keeps_hostile_markup_as_text():
    text = '<script>alert("x")</script><img src=x onerror=alert(1)> The UK pledged £450 million.'
    records = [Pledge(["GBR"], 450e6, "GBP", quote="The UK pledged £450 million.", start=60, end=88)]
    assert draft.highlight_html(text, records) == (
        '<div class="article">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x '
        'onerror=alert(1)&gt; The UK pledged <mark title="record 1">£450 million</mark><sup>1</sup>.</div>')


def test_highlight_html_underlines_amounts_that_are_not_records():
    html = draft.highlight_html("Russia spends $100bn; Norway gives NOK 1bn.", [Pledge(["NOR"], 1e9, "NOK")])
    assert html == ('<div class="article">Russia spends <u title="an amount that is not a record">$100bn</u>; '
                    'Norway gives <mark title="record 1">NOK 1bn</mark><sup>1</sup>.</div>')


def test_rows_to_records_says_confirmed_edited_and_rejected():
    gold = _gold()
    rows = draft.records_to_rows(gold)
    rows.loc[1, "amount"] = 500e6
    rows.loc[2, "keep"] = "reject"
    records, statuses = draft.rows_to_records(rows, gold, "")
    assert (statuses, records[1].amount, records[0] == gold[0]) == (["confirmed", "edited", "rejected"], 500e6, True)


BAD_EDITS = [
    ("kind", "grant", "record 1: kind 'grant' is not one of package, budget, aggregate, cumulative"),
    ("amount", "lots", "record 1: the amount must be a number"),
    ("currency", "euro", "record 1: the currency must be an ISO 4217 code such as EUR"),
    ("categories", "tanks", "record 1: unknown category tanks"),
    ("date", "11/04/2025", "record 1: the date must be YYYY-MM-DD"),
]


@pytest.mark.parametrize("column, value, message", BAD_EDITS, ids=[b[0] for b in BAD_EDITS])
def test_a_bad_edit_is_refused_with_a_clear_message(column, value, message):
    gold = _gold()
    rows = draft.records_to_rows(gold).astype({column: "object"})
    rows.loc[0, column] = value
    with pytest.raises(InputError) as caught:
        draft.rows_to_records(rows, gold, "")
    assert str(caught.value) == message


# -- the Overview computed once agrees with each piece and with tracker.counting.totals --

def _mixed():
    """The seed, plus a budget with packages beyond it, a joint package in two
    aid types' years, and records in a currency without a rate."""
    extra = [
        Pledge(["DEU"], 1e9, "EUR", kind="budget", date=date(2025, 1, 10), period="2025", quote="Berlin: €1bn in 2025."),
        Pledge(["DEU"], 7e8, "EUR", categories=["air_defence"], date=date(2025, 3, 1), quote="Berlin: €700m."),
        Pledge(["DEU"], 6e8, "EUR", categories=["drones", "naval"], date=date(2025, 5, 1), quote="Berlin: €600m."),
        Pledge(["DEU", "POL"], 2e8, "EUR", aid_type="humanitarian", date=date(2025, 5, 2), quote="Joint: €200m."),
        Pledge(["UKR"], 5e9, "UAH", aid_type="financial", date=date(2025, 5, 3), quote="₴5bn."),
        Pledge(["EU"], 3e9, "EUR", aid_type="financial", kind="cumulative", date=date(2025, 6, 1), quote="EU: €3bn so far."),
    ]
    return pledges_to_frame(_gold() + extra)


@pytest.mark.parametrize("split", ["aid_type", "categories"])
def test_overview_agrees_with_the_pieces_and_the_rules(split):
    from tracker.counting import totals

    frame = _mixed()
    o = views.overview(frame, "EUR", split)
    by_donor = totals.totals_by_donor(frame, "EUR").groupby("donor")["amount"].sum()
    actual = ([(m.label, m.value) for m in o.metrics], _money(o.donors), round(o.months["cumulative"].iloc[-1]),
              round(o.categories["amount"].sum()), o.countries["donor"].tolist())
    expected = ([(m.label, m.value) for m in views.headline_metrics(frame, "EUR")],
                {d: round(a) for d, a in by_donor.items() if a > 0},
                round(totals.total_across_donors(frame, "EUR")), round(totals.total_across_donors(frame, "EUR")),
                views.map_rows(frame, "EUR")["donor"].tolist())
    assert actual == expected


def test_packages_beyond_a_budget_keep_their_categories():
    data = views.donor_breakdown(_mixed(), "EUR", "categories")
    germany = {r.part: round(r.amount / 1e6) for r in data[data["donor"] == "DEU"].itertuples()}
    # €1.3bn of military packages exceed the €1bn budget: the year counts €1.3bn, all by category;
    # the joint humanitarian €200m stands under its aid type (categories say what military aid buys).
    assert germany == {"air_defence": 700, "drones": 300, "naval": 300, "humanitarian": 200}


def test_table_rows_keep_the_newest_when_limited(seed):
    older = pledges_to_frame([Pledge(["USA"], 8e8, "USD", date=date(2024, 1, 5), quote="Washington adds $800m.")])
    rows = views.table_rows(pd.concat([older, seed], ignore_index=True), "EUR", limit=2)
    assert rows["date"].tolist() == ["2025-04-11"] * 2


# -- the light plotly bundle (bar and line charts) ------------------------

BUNDLE = ROOT / "static" / "plotly" / "plotly-basic.min.js"


def test_the_light_bundle_is_the_plotly_js_the_figures_are_written_for():
    from plotly.offline import get_plotlyjs_version

    note = (ROOT / "static" / "plotly" / "README.md").read_text()
    first_lines = BUNDLE.read_text(encoding="utf-8")[:200]
    assert (f"plotly.js (basic - minified) v{get_plotlyjs_version()}" in first_lines,
            f"`plotly.js-basic-dist-min`, version **{get_plotlyjs_version()}**" in note) == (True, True)


def test_a_chart_page_hands_plotly_js_the_figure_in_streamlits_look(seed):
    import re

    figure = charts.donor_figure(views.donor_breakdown(seed, "GBP", "aid_type"), "GBP", caption="Everything.")
    page = charts.chart_html(figure, "donors", "app/static/plotly/plotly-basic.min.js", "static/media/s.woff2")
    handed = json.loads(re.search(r'<script type="application/json" id="figure">(.*?)</script>', page, re.S)[1])
    expected = json.loads(figure.to_json())
    assert (handed["data"], handed["layout"]["title"]["text"], handed["layout"]["template"],
            handed["layout"]["height"], handed["config"]["toImageButtonOptions"]["filename"],
            handed["config"]["responsive"], f'#chart {{ width: 100%; height: {figure.layout.height}px; }}' in page,
            'url("static/media/s.woff2")' in page, '<script src="app/static/plotly/plotly-basic.min.js">' in page) == (
        expected["data"], f"<b>{expected['layout']['title']['text']}</b>", charts.STREAMLIT_LOOK,
        figure.layout.height, "pledges-donors", True, True, True, True)


def test_a_chart_page_keeps_hostile_names_as_text():
    import plotly.graph_objects as go

    figure = go.Figure(go.Bar(y=['</script><script>alert(1)</script>'], x=[1]), layout={"title": {"text": "<!--"}})
    page = charts.chart_html(figure, "x", "p.js")
    assert (page.count("<script"), "alert(1)" in page, "<!--" in page) == (3, True, False)
