"""Our tracked pledges beside the Kiel reference series, in euros: by donor, by
month, as a share of donor GDP, and the EU members' shares of EU aid apart.
Pure functions over frames and the charts drawn from them; reads no files,
and never adds an EU member's share of EU aid to its bilateral aid.
"""
from __future__ import annotations

import html
import textwrap
from collections.abc import Iterable
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from tracker.dashboard.filters import donor_name
from tracker.dashboard.reference import Reference, Release
from tracker.records.formatting import counted, format_money, money_ticks

AID_COLUMNS = ("military", "financial", "humanitarian")
BN = 1e9
OURS, KIEL, KIEL_COMMITTED = "Tracked pledges", "Kiel allocations", "Kiel commitments"
SUBTITLE_WIDTH = 100  # characters a subtitle line holds at the page's width
# Kiel gives each member's share of EU aid once, in total: no dates, no aid types.
EU_SHARES_CAPTION = ("Each member's share of the EU institutions' aid over the whole release "
                     "period, all aid types.")
COVERAGE_NOTE = ("Beside Kiel's figures, a donor's tracked share says how much of them these reports "
                 "account for, not how much the donor gave.")
COLOURS = {OURS: "#1f4e79", KIEL: "#e07b00", KIEL_COMMITTED: "#f2c078"}


def _month(value) -> pd.Timestamp:
    """The first day of the month a period names: a Period, a date or text.

    >>> [str(_month(v).date()) for v in ("2025-04", pd.Period("2025-04", "M"), date(2025, 4, 9))]
    ['2025-04-01', '2025-04-01', '2025-04-01']
    """
    if isinstance(value, pd.Period):
        return value.asfreq("M").to_timestamp()
    return pd.Timestamp(value).to_period("M").to_timestamp()


def _window(frame: pd.DataFrame, since: date | None, until: date | None) -> pd.Series:
    """Which Kiel rows fall in the view: a month that overlaps [since, until];
    a row without a month only when the view covers its whole year (its money
    is then certainly inside)."""
    dated = frame["date"].notna()
    keep = pd.Series(True, index=frame.index)
    year_start = pd.to_datetime(frame["year"].astype(str) + "-01-01")
    year_end = year_start + pd.offsets.YearEnd(0)
    if since is not None:
        first = pd.Timestamp(since).to_period("M").to_timestamp()
        keep &= (dated & (frame["date"] >= first)) | (~dated & (year_start >= pd.Timestamp(since)))
    if until is not None:
        last = pd.Timestamp(until)
        keep &= (dated & (frame["date"] <= last)) | (~dated & (year_end <= last))
    return keep


def _kiel_rows(reference: Reference, donors: Iterable[str] | None,
               since: date | None, until: date | None) -> pd.DataFrame:
    rows = reference.monthly
    if donors:
        rows = rows[rows["iso"].isin(list(donors))]
    return rows[_window(rows, since, until)]


def _allocations(rows: pd.DataFrame, aid_types: Iterable[str] | None) -> pd.Series:
    """Kiel's allocations of the chosen aid types (all of them: `total`)."""
    chosen = [a for a in AID_COLUMNS if not aid_types or a in aid_types]
    if len(chosen) == len(AID_COLUMNS):
        return rows["total"]
    return rows[chosen].sum(axis=1)


def _commitments(rows: pd.DataFrame, aid_types: Iterable[str] | None) -> pd.Series:
    """Kiel's commitments, which it does not split by aid type: NaN for a
    view of some aid types only, rather than a number that would mislead."""
    if aid_types and set(AID_COLUMNS) - set(aid_types):
        return pd.Series(float("nan"), index=rows.index)
    return rows["commitments"]


def kiel_coverage(reference: Reference) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last month of the release's monthly series."""
    dates = reference.totals["date"].dropna()
    return dates.min(), dates.max()


def _overlaps(reference: Reference, since: date | None, until: date | None) -> bool:
    first, last = kiel_coverage(reference)
    return ((until is None or pd.Timestamp(until) >= first)
            and (since is None or pd.Timestamp(since) < last + pd.offsets.MonthBegin(1)))


def reports_by_donor(frame: pd.DataFrame) -> pd.Series:
    """How many reports each donor's pledges in a view come from (a
    `load_pledges` frame; rejected pledges left out): what stands behind
    the donor's tracked figure.

    >>> reports_by_donor(pd.DataFrame({"donors": [["GBR", "NOR"], ["GBR"]], "status": ["confirmed"] * 2,
    ...     "sources": [[{"source_id": "a"}], [{"source_id": "a"}, {"source_id": "b"}]]})).to_dict()
    {'GBR': 2, 'NOR': 1}
    """
    rows = frame[frame["status"] != "rejected"] if "status" in frame else frame
    seen: dict[str, set] = {}
    for donors_, links in zip(rows["donors"], rows["sources"]):
        ids = {s.get("source_id") or s.get("url") or s.get("path") for s in links} if isinstance(links, list) else set()
        for d in donors_:
            seen.setdefault(d, set()).update(ids)
    return pd.Series({d: len(ids) for d, ids in sorted(seen.items())}, dtype="int64")


def compare_by_donor(ours: pd.DataFrame, reference: Reference, donors: Iterable[str] | None = None,
                     since: date | None = None, until: date | None = None,
                     aid_types: Iterable[str] | None = None, reports: pd.Series | None = None) -> pd.DataFrame:
    """One row per donor: our counted total (`ours`: the frame of
    `tracker.counting.totals.totals_by_donor(frame, "EUR")`, columns donor, period,
    amount) beside Kiel's allocations and commitments in the same months, in
    euros, and each as % of the donor's 2021 GDP (Kiel's; none for the EU).

    A donor Kiel does not track (NATO, G7...) has NaN on Kiel's side; one we
    have no pledge from has 0 on ours. `coverage` is ours as a % of Kiel's
    allocations: how much of Kiel's figure the tracked reports account for,
    not how much a donor gave. With `reports` (`reports_by_donor`), the
    number of reports behind each donor's figure. Largest first. Rows are
    not to be summed: a joint pledge is under each of its donors.
    """
    donors = list(donors or [])
    ours_by = ours.groupby("donor")["amount"].sum() if len(ours) else pd.Series(dtype=float)
    rows = _kiel_rows(reference, donors, since, until).assign(
        allocations=lambda r: _allocations(r, aid_types),
        commitments_shown=lambda r: _commitments(r, aid_types))
    kiel = rows.groupby("iso")[["allocations", "commitments_shown"]].sum(min_count=1)
    gdp_by = reference.monthly.groupby("iso")["gdp"].first()
    # A view wholly outside the release has nothing on Kiel's side (its GDP figures still hold).
    tracked = gdp_by if _overlaps(reference, since, until) else gdp_by.iloc[:0]
    codes = donors or sorted(set(ours_by.index) | set(kiel.index))
    if donors:
        ours_by = ours_by[ours_by.index.isin(donors)]
    table = pd.DataFrame({"donor": pd.array(codes, dtype="str")})
    table["name"] = table["donor"].map(donor_name)
    table["ours"] = table["donor"].map(ours_by).fillna(0.0).astype(float)
    in_kiel = table["donor"].isin(tracked.index)
    table["kiel_allocations"] = table["donor"].map(kiel["allocations"]).astype(float)
    table.loc[in_kiel, "kiel_allocations"] = table.loc[in_kiel, "kiel_allocations"].fillna(0.0)
    table["kiel_commitments"] = table["donor"].map(kiel["commitments_shown"]).astype(float)
    if not aid_types or not set(AID_COLUMNS) - set(aid_types):
        table.loc[in_kiel, "kiel_commitments"] = table.loc[in_kiel, "kiel_commitments"].fillna(0.0)
    table["difference"] = table["ours"] - table["kiel_allocations"]
    kiel_positive = table["kiel_allocations"].where(table["kiel_allocations"] > 0)
    table["coverage"] = table["ours"] / kiel_positive * 100
    if reports is not None:
        table.insert(2, "reports", table["donor"].map(reports).fillna(0).astype("int64"))
    # Kiel's gdp is 0 for the EU: no share of GDP, rather than a division by zero.
    gdp = table["donor"].map(gdp_by).astype(float)
    table["gdp"] = gdp.where(gdp > 0)
    table["ours_pct_gdp"] = table["ours"] / table["gdp"] * 100
    table["kiel_pct_gdp"] = table["kiel_allocations"] / table["gdp"] * 100
    order = table[["ours", "kiel_allocations"]].max(axis=1).fillna(0.0)
    table = table.assign(_order=order).sort_values(["_order", "donor"], ascending=[False, True])
    return table.drop(columns="_order").reset_index(drop=True)


def compare_by_month(ours: pd.DataFrame, reference: Reference, donors: Iterable[str] | None = None,
                     since: date | None = None, until: date | None = None,
                     aid_types: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per month from the first to the last month with money on either
    side: our counted amount (`ours`: columns month or period, and amount,
    already across the chosen donors, as `tracker.dashboard.views.monthly_totals`
    gives it: a joint package once), Kiel's allocations and commitments
    of the chosen donors, and both running totals. Months outside Kiel's
    release are NaN on its side, not 0. Rows without a month are left out here
    (see `kiel_undated`)."""
    ours_by = pd.Series(dtype=float)
    if len(ours):
        when = ours["month"] if "month" in ours else ours["period"]
        ours_by = ours.assign(_m=when.map(_month)).groupby("_m")["amount"].sum()
    rows = _kiel_rows(reference, donors, since, until)
    rows = rows[rows["date"].notna()].assign(
        allocations=lambda r: _allocations(r, aid_types),
        commitments_shown=lambda r: _commitments(r, aid_types))
    kiel = rows.groupby("date")[["allocations", "commitments_shown"]].sum(min_count=1)
    months = sorted(set(ours_by.index) | set(kiel.index))
    columns = ["month", "ours", "kiel_allocations", "kiel_commitments",
               "ours_cumulative", "kiel_cumulative"]
    if not months:
        return pd.DataFrame({c: pd.Series(dtype="datetime64[ns]" if c == "month" else float)
                             for c in columns})
    index = pd.date_range(months[0], months[-1], freq="MS")
    first, last = kiel_coverage(reference)
    covered = (index >= first) & (index <= last)
    table = pd.DataFrame({"month": index})
    table["ours"] = ours_by.reindex(index, fill_value=0.0).to_numpy(dtype=float)
    table["kiel_allocations"] = kiel["allocations"].reindex(index).fillna(0.0).where(covered).to_numpy()
    commitments = kiel["commitments_shown"].reindex(index)
    if not aid_types or not set(AID_COLUMNS) - set(aid_types):
        commitments = commitments.fillna(0.0)
    table["kiel_commitments"] = commitments.where(covered).to_numpy(dtype=float)
    table["ours_cumulative"] = table["ours"].cumsum()
    table["kiel_cumulative"] = table["kiel_allocations"].cumsum().where(covered)
    return table[columns]


def kiel_undated(reference: Reference, donors: Iterable[str] | None = None,
                 since: date | None = None, until: date | None = None,
                 aid_types: Iterable[str] | None = None) -> float:
    """Kiel's allocations in the view that carry no month (month 0 or empty):
    counted by donor, absent from the monthly series, so shown as a note."""
    rows = _kiel_rows(reference, donors, since, until)
    rows = rows[rows["date"].isna()]
    return float(_allocations(rows, aid_types).sum()) if len(rows) else 0.0


def kiel_totals(reference: Reference, donors: Iterable[str] | None = None,
                since: date | None = None, until: date | None = None,
                aid_types: Iterable[str] | None = None) -> dict:
    """Kiel's `allocations` and `commitments` for the view, across the chosen
    donors (each of Kiel's rows once; the EU members' shares of EU aid are
    not rows of this series). NaN when Kiel tracks none of the chosen donors
    or the view lies outside the release."""
    donors = list(donors or [])
    tracked = set(reference.monthly["iso"])
    if (donors and tracked.isdisjoint(donors)) or not _overlaps(reference, since, until):
        return {"allocations": float("nan"), "commitments": float("nan")}
    rows = _kiel_rows(reference, donors, since, until)
    split = bool(aid_types) and bool(set(AID_COLUMNS) - set(aid_types))
    return {"allocations": float(_allocations(rows, aid_types).sum()),
            "commitments": float("nan") if split else float(rows["commitments"].sum())}


def coverage_notes(reference: Reference, donors: Iterable[str] | None = None,
                   since: date | None = None, until: date | None = None,
                   aid_types: Iterable[str] | None = None) -> list[str]:
    """Sentences on what Kiel's side of the view leaves out: months beyond the
    release, amounts without a month, donors it does not track."""
    first, last = kiel_coverage(reference)
    notes = []
    if (until is None or pd.Timestamp(until) > last + pd.offsets.MonthEnd(0)) or (
            since is not None and pd.Timestamp(since) < first):
        notes.append(f"Kiel's {reference.release.label} covers {first:%b %Y} to {last:%b %Y}: "
                     "outside those months it shows nothing, not zero.")
    undated = kiel_undated(reference, donors, since, until, aid_types)
    if undated:
        notes.append(f"{format_money(undated, 'EUR')} of Kiel's allocations in this view carry no month: "
                     "they count in the donor figures, not in the monthly series.")
    untracked = [d for d in (donors or []) if d not in set(reference.monthly["iso"])]
    if untracked:
        names = ", ".join(donor_name(d) for d in untracked)
        notes.append(f"Kiel's series does not list {names}: nothing on its side for them.")
    return notes


# Money columns shown in € bn, with the headings a reader sees.
TABLE_HEADINGS = {
    "name": "Donor", "donor": "Code", "ours": "Tracked (€ bn)",
    "kiel_allocations": "Kiel allocations (€ bn)", "kiel_commitments": "Kiel commitments (€ bn)",
    "difference": "Tracked − Kiel allocations (€ bn)", "reports": "Reports",
    "coverage": "Tracked as % of Kiel allocations", "ours_pct_gdp": "Tracked (% of GDP)",
    "kiel_pct_gdp": "Kiel allocations (% of GDP)", "gdp": "2021 GDP (€ bn)",
    "month": "Month", "ours_cumulative": "Tracked to date (€ bn)",
    "kiel_cumulative": "Kiel allocations to date (€ bn)", "eu_share": "Share of EU aid (€ bn)",
    "eu_share_pct_gdp": "Share of EU aid (% of GDP)", "bilateral_pct_gdp": "Bilateral aid (% of GDP)",
}
_MONEY = ("ours", "kiel_allocations", "kiel_commitments", "difference", "gdp", "ours_cumulative",
          "kiel_cumulative", "eu_share")


def table_rows(table: pd.DataFrame) -> pd.DataFrame:
    """A comparison table as shown: money in € bn, readable headings, the
    donor's name first.

    >>> table_rows(pd.DataFrame({"donor": ["NOR"], "name": ["Norway"], "ours": [1.5e9]}))
        Donor Code  Tracked (€ bn)
    0  Norway  NOR             1.5
    """
    shown = table.copy()
    for column in _MONEY:
        if column in shown:
            shown[column] = shown[column] / BN
    order = [c for c in ("name", "donor") if c in shown] + [
        c for c in shown.columns if c not in ("name", "donor")]
    return shown[order].rename(columns=TABLE_HEADINGS)


def table_formats(table: pd.DataFrame) -> dict[str, str]:
    """The number format of each column of a table as `table_rows` shows it:
    every € bn column to two decimals (€10m), every share of GDP to three, our
    share of Kiel's allocations in whole per cent, so a table never mixes
    decimals within a kind.

    >>> table_formats(table_rows(pd.DataFrame({"donor": ["DEU"], "eu_share": [2e9], "eu_share_pct_gdp": [0.05]})))
    {'Share of EU aid (€ bn)': '%.2f', 'Share of EU aid (% of GDP)': '%.3f'}
    """
    formats = {}
    for heading in table.columns:
        if heading.endswith("(€ bn)"):
            formats[heading] = "%.2f"
        elif heading.endswith("(% of GDP)"):
            formats[heading] = "%.3f"
        elif heading == TABLE_HEADINGS["coverage"]:
            formats[heading] = "%.0f%%"
    return formats


def eu_shares(reference: Reference, donors: Iterable[str] | None = None) -> pd.DataFrame:
    """Each EU member's share of the EU institutions' aid (euros, and % of its
    GDP) beside its bilateral aid as % of GDP, for the whole release period:
    two columns to read side by side, never to add (the share is the EU's
    money, counted once already under the EU). All members when no donor or
    the EU is chosen, else the chosen members."""
    shares = reference.eu_shares
    donors = list(donors or [])
    if donors and "EU" not in donors:
        shares = shares[shares["iso"].isin(donors)]
    table = pd.DataFrame({
        "donor": shares["iso"], "name": shares["iso"].map(donor_name),
        "eu_share": shares["eu_share_eur"], "eu_share_pct_gdp": shares["eu_share_pct_gdp"],
        "bilateral_pct_gdp": shares["bilateral_pct_gdp"]})
    return table.sort_values(["eu_share", "donor"], ascending=[False, True]).reset_index(drop=True)


def kiel_caveats(aid_types: Iterable[str] = (), kinds: Iterable[str] = (),
                 categories: Iterable[str] = (), currency: str = "EUR") -> list[str]:
    """Sentences on where the view's filters cannot apply to Kiel's series.

    >>> kiel_caveats(categories=["drones"], currency="GBP")
    ["Kiel's series has no categories: its figures are for all categories.", "The comparison is in euros (EUR), the currency of Kiel's series, whatever the currency chosen."]
    """
    notes = []
    if aid_types and set(AID_COLUMNS) - set(aid_types):
        notes.append("Kiel does not split commitments by aid type: they are left out "
                     "for a view of some aid types.")
    if kinds:
        notes.append("Our side counts the chosen kinds; Kiel's series has no kinds.")
    if categories:
        notes.append("Kiel's series has no categories: its figures are for all categories.")
    if currency != "EUR":
        notes.append("The comparison is in euros (EUR), the currency of Kiel's series, "
                     "whatever the currency chosen.")
    return notes


# --- Figures: every one carries the release label and Kiel's attribution ------

def _attributed(fig: go.Figure, title: str, release: Release, caption: str, empty: bool,
                height: int) -> go.Figure:
    """Title, the view's caption and the release in the subtitle, Kiel's
    attribution under the plot: an exported PNG still says what it shows."""
    subtitle = f"{caption} Kiel: {release.label}." if caption else f"Kiel: {release.label}."
    subtitle = html.escape(subtitle, quote=False)  # plotly reads tags in text: a search's <a href> stays text
    # Plotly does not wrap a subtitle: break it, and make room for its lines.
    lines = textwrap.wrap(subtitle, width=SUBTITLE_WIDTH) or [""]
    fig.update_layout(
        title={"text": title, "subtitle": {"text": "<br>".join(lines)}, "x": 0, "xanchor": "left",
               "y": 0.99, "yref": "container", "yanchor": "top"},
        font={"family": "Source Sans Pro, Arial, sans-serif", "size": 13},
        height=height + 16 * (len(lines) - 1),
        margin={"l": 10, "r": 10, "t": 94 + 16 * len(lines), "b": 80}, template="plotly_white",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "xanchor": "right", "x": 1})
    fig.add_annotation(text=release.attribution, showarrow=False, xref="paper", yref="paper",
                       x=0, y=0, yshift=-52, xanchor="left", yanchor="top",
                       font={"size": 11, "color": "#555"})
    if empty:
        fig.add_annotation(text="Nothing to compare in this view", showarrow=False,
                           xref="paper", yref="paper", x=0.5, y=0.5,
                           font={"size": 16, "color": "#666"})
    return fig


def donor_comparison_figure(table: pd.DataFrame, release: Release, caption: str = "",
                            limit: int = 20) -> go.Figure:
    """Horizontal bars per donor: ours, Kiel's allocations and commitments (euros,
    by `format_money`); each donor named with the number of reports behind it
    (when the table has them), our bar with its share of Kiel's allocations."""
    top = table.head(limit).iloc[::-1]
    names = top["name"]
    if "reports" in top:
        names = [f"{name} ({counted(n, 'report')})" for name, n in zip(top["name"], top["reports"])]
    shares = [f"{c:,.0f}% of Kiel" if pd.notna(c) else "" for c in top.get("coverage", [None] * len(top))]
    fig = go.Figure()
    for column, name in (("ours", OURS), ("kiel_allocations", KIEL),
                         ("kiel_commitments", KIEL_COMMITTED)):
        fig.add_bar(y=names, x=top[column], name=name, orientation="h",
                    marker_color=COLOURS[name], text=shares if column == "ours" else None,
                    textposition="outside", cliponaxis=False,
                    customdata=[format_money(v, "EUR") for v in top[column]],
                    hovertemplate="%{y}: %{customdata}<extra>" + name + "</extra>")
    values = top[["ours", "kiel_allocations", "kiel_commitments"]]
    widest, lowest = values.max().max(), values.min().min()
    fig.update_layout(barmode="group", xaxis={"title": "EUR", **money_ticks(widest, "EUR", bottom=lowest)})
    if pd.notna(widest) and widest > 0:  # room for "187% of Kiel" beside the longest bar
        fig.update_xaxes(range=[min(0.0, lowest), widest * 1.2])
    return _attributed(fig, "Tracked pledges and Kiel's figures by donor (EUR)", release,
                       caption, top.empty, max(440, 160 + 54 * len(top)))


def gdp_share_figure(table: pd.DataFrame, release: Release, caption: str = "",
                     limit: int = 20) -> go.Figure:
    """Bars per donor: ours and Kiel's allocations as % of 2021 GDP."""
    rows = table[table["gdp"].notna()]
    order = rows[["ours_pct_gdp", "kiel_pct_gdp"]].max(axis=1).fillna(0.0)
    top = rows.assign(_order=order).sort_values("_order", ascending=False).head(limit).iloc[::-1]
    fig = go.Figure()
    for column, name in (("ours_pct_gdp", OURS), ("kiel_pct_gdp", KIEL)):
        fig.add_bar(y=top["name"], x=top[column], name=name, orientation="h",
                    marker_color=COLOURS[name],
                    hovertemplate="%{y}: %{x:.3f}% of 2021 GDP<extra>" + name + "</extra>")
    fig.update_layout(barmode="group", xaxis_title="% of 2021 GDP (Kiel's GDP figures)")
    return _attributed(fig, "As a share of the donor's 2021 GDP (%)", release, caption,
                       top.empty, max(440, 160 + 40 * len(top)))


def monthly_comparison_figure(table: pd.DataFrame, release: Release, caption: str = "") -> go.Figure:
    """Monthly bars of ours and Kiel's allocations, with both running totals (euros, by `format_money`)."""
    fig = go.Figure()
    for column, name in (("ours", OURS), ("kiel_allocations", KIEL)):
        fig.add_bar(x=table["month"], y=table[column], name=f"{name}, month",
                    marker_color=COLOURS[name], customdata=[format_money(v, "EUR") for v in table[column]],
                    hovertemplate="%{x|%b %Y}: %{customdata}<extra>" + name + "</extra>")
    for column, name in (("ours_cumulative", OURS), ("kiel_cumulative", KIEL)):
        fig.add_scatter(x=table["month"], y=table[column], name=f"{name}, running total",
                        yaxis="y2", mode="lines", line={"color": COLOURS[name], "width": 2},
                        customdata=[format_money(v, "EUR") for v in table[column]],
                        hovertemplate="%{x|%b %Y}: %{customdata}<extra>" + name + "</extra>")
    months = table[["ours", "kiel_allocations"]]
    to_date = table[["ours_cumulative", "kiel_cumulative"]]
    fig.update_layout(barmode="group",
                      yaxis={"title": "EUR a month", **money_ticks(months.max().max(), "EUR",
                                                                    bottom=months.min().min())},
                      yaxis2={"title": "EUR to date", "overlaying": "y", "side": "right",
                              "rangemode": "tozero", "showgrid": False,
                              **money_ticks(to_date.max().max(), "EUR", bottom=to_date.min().min())})
    return _attributed(fig, "Tracked pledges and Kiel's allocations by month (EUR)", release,
                       caption, table.empty, 500)


def eu_shares_figure(table: pd.DataFrame, release: Release, caption: str = "") -> go.Figure:
    """Each member's share of EU aid (euros): a figure of its own, because the
    share is the EU's money and never part of the member's bilateral aid."""
    rows = table.iloc[::-1]
    fig = go.Figure(go.Bar(
        y=rows["name"], x=rows["eu_share"], orientation="h", name="Share of EU aid",
        marker_color="#3b6ea8",
        customdata=[f"{format_money(v, 'EUR')} ({p:.3f}% of GDP)" for v, p in zip(rows["eu_share"],
                                                                                rows["eu_share_pct_gdp"])],
        hovertemplate="%{y}: %{customdata}<extra></extra>"))
    fig.update_layout(xaxis={"title": "EUR, whole release period", **money_ticks(rows["eu_share"].max(), "EUR")},
                      showlegend=False)
    return _attributed(fig, "EU members' shares of EU aid, apart from their bilateral aid (EUR)",
                       release, caption, rows.empty, max(320, 180 + 24 * len(rows)))
