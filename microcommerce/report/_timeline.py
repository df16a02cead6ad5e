"""The history of micro-business on one time axis, every point numbered to its source.

:func:`history_timeline` draws three panels that share one time axis, from the first
year of the record to its last (2011 to 2025 today; the data decide, not the code): the
events of the record and the seed article's own datings (coloured by the verdict
of the claim that rests on them), the published market sizes, and the published
practitioner counts, with the notice of 2015-02-15 marked across all three. Every
point carries a number; the table returned with the figure gives, for each number,
what the point is, its ``events``/``facts`` row and where it can be read.

A static figure with numbered notes rather than hover tooltips: it reads the same
in JupyterLab, in the HTML report, printed and on a classroom projector, and a
source can be cited by its number in a discussion.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from microcommerce import datasets

__all__ = ["VERDICT_COLOURS", "history_timeline", "timeline_notes"]

#: Colour of a seed dating by the verdict of its claim (and of the record's events).
VERDICT_COLOURS: dict[str, str] = {
    "record": "#4c72b0",
    "consistent": "#55a868",
    "conflict": "#c44e52",
    "unverified": "#8c8c8c",
}
_NOTICE = pd.Timestamp("2015-02-15")


def _period_middle(period: pd.Series) -> pd.Series:
    """Find the middle of a period as the record writes it (``2015``, ``2015-08``, ``2023Q4`` …).

    A year's middle is its 2 July, a month's its 15th, any other span (a quarter, a half)
    halfway between its first and last day.

    Examples
    --------
    >>> middle = _period_middle(pd.Series(["2015", "2015-08", "2023Q4", "2023-H1"]))
    >>> middle.dt.strftime("%Y-%m-%d").tolist()
    ['2015-07-02', '2015-08-15', '2023-11-15', '2023-04-01']
    """
    bounds = datasets.period_bounds(period.astype("str"))
    start, end = bounds["period_start"], bounds["period_end"]
    days = (end - start).dt.days.to_numpy()
    offset = np.select(
        [days >= 360, (days >= 27) & (days <= 31)],
        [182, 14],
        default=days // 2,
    )
    return (start + pd.to_timedelta(offset, unit="D")).astype("datetime64[us]")


def timeline_notes(
    events: pd.DataFrame | None = None,
    claims: pd.DataFrame | None = None,
    facts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """List the numbered points of :func:`history_timeline`, each with its source.

    Parameters
    ----------
    events, claims, facts : DataFrame, optional
        The ``events``, ``seed_claims`` and ``facts`` datasets (loaded when None).

    Returns
    -------
    pandas.DataFrame
        One row a point, numbered from 1 in the order drawn: ``note``, ``panel``
        (``events``, ``market size``, ``practitioners``), ``date`` (where the point
        sits), ``as_written`` (the period or date as the source gives it),
        ``what``, ``value``, ``low``, ``high`` (yuan or people; missing for
        events), ``kind`` (record,
        or the verdict on a seed dating; forecast/actual for figures),
        ``qualifier``, ``id`` (its ``events`` or ``facts`` row), ``source`` and
        ``address``.

    Examples
    --------
    >>> notes = timeline_notes()
    >>> notes.set_index("id").loc["wechat_illegal_distribution_notice_2015",
    ...                           ["panel", "kind"]].tolist()
    ['events', 'record']
    >>> notes.set_index("id").loc["seed_wechat_pay_date", "kind"]
    'conflict'
    >>> notes["note"].tolist() == list(range(1, len(notes) + 1))
    True
    """
    events = datasets.load("events") if events is None else events
    claims = datasets.load("seed_claims") if claims is None else claims
    facts = datasets.load("facts") if facts is None else facts
    verdict = (
        claims.assign(event_id=claims["event_ids"].str.split(";"))
        .explode("event_id")
        .drop_duplicates("event_id")
        .set_index("event_id")["verdict"]
        .astype("str")
    )
    ev = events.sort_values("date", kind="stable")
    seed = ev["event_id"].str.startswith("seed_")
    kind = np.where(seed, ev["event_id"].map(verdict).fillna("unverified"), "record")
    event_rows = pd.DataFrame(
        {
            "panel": "events",
            "date": ev["date"],
            "as_written": ev["date"].dt.strftime("%Y-%m-%d"),
            "what": ev["event"],
            "value": np.nan,
            "low": np.nan,
            "high": np.nan,
            "kind": kind,
            "qualifier": "exact",
            "id": ev["event_id"],
            "source": ev["source"],
            "address": ev["address"],
        }
    )
    panels = {
        "market size": (facts["topic"] == "market_size") & (facts["unit"] == "CNY"),
        "practitioners": facts["metric"] == "practitioner_count",
    }
    figure_rows = []
    for panel, chosen in panels.items():
        f = facts[chosen].assign(date=lambda d: _period_middle(d["period"]))
        f = f.sort_values(["date", "fact_id"], kind="stable")
        figure_rows.append(
            pd.DataFrame(
                {
                    "panel": panel,
                    "date": f["date"],
                    "as_written": f["period"].astype("str"),
                    "what": f["metric"]
                    + " ("
                    + f["entity"].astype("str")
                    + "): "
                    + f["as_written"],
                    "value": f["value"],
                    "low": f["value_low"],
                    "high": f["value_high"],
                    "kind": f["basis"].astype("str"),
                    "qualifier": f["qualifier"].astype("str"),
                    "id": f["fact_id"],
                    "source": f["producer"] + " — " + f["title"].fillna(""),
                    "address": f["address"],
                }
            )
        )
    notes = pd.concat([event_rows, *figure_rows], ignore_index=True)
    notes.insert(0, "note", np.arange(1, len(notes) + 1))
    return notes


def history_timeline(
    events: pd.DataFrame | None = None,
    claims: pd.DataFrame | None = None,
    facts: pd.DataFrame | None = None,
) -> tuple[Figure, pd.DataFrame]:
    """Events, the seed's datings and the published series on one axis, numbered.

    Parameters
    ----------
    events, claims, facts : DataFrame, optional
        The ``events``, ``seed_claims`` and ``facts`` datasets (loaded when None).

    Returns
    -------
    figure : matplotlib.figure.Figure
        Three panels sharing the time axis: events (record in blue; the seed's
        datings green, red or grey for consistent, conflict, unverified), market
        sizes in 亿元 and practitioner counts in 万人 (log scales; hollow points
        are forecasts, ▲ "more than", ▼ "less than", bars a published range).
    notes : pandas.DataFrame
        What each numbered point is and its source (``timeline_notes``).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from microcommerce.report.plot import set_theme
    >>> font = set_theme()  # a font with the Chinese of the axis labels
    >>> figure, notes = history_timeline()
    >>> [ax.get_title(loc="left")[:6] for ax in figure.axes]
    ['Events', 'Market', 'Practi']
    >>> points = len(figure.axes[1].collections[0].get_offsets())
    >>> points == int((notes["panel"] == "market size").sum())
    True
    """
    notes = timeline_notes(events, claims, facts)
    figure, axes = plt.subplots(
        3, 1, figsize=(13, 9.5), sharex=True, gridspec_kw={"height_ratios": [1.3, 1, 1]}
    )
    _events_panel(axes[0], notes[notes["panel"] == "events"])
    units = {
        "market size": (1e8, "亿元 (100 million yuan)"),
        "practitioners": (1e4, "万人 (10,000 people)"),
    }
    for ax, (panel, (scale, unit)) in zip(axes[1:], units.items(), strict=True):
        _figures_panel(ax, notes[notes["panel"] == panel], scale, unit)
    axes[0].set_title(
        "Events: the record and the seed article's own datings (numbered notes below)",
        loc="left",
        fontsize=10,
    )
    axes[1].set_title("Market size as published (CNY)", loc="left", fontsize=10)
    axes[2].set_title("Practitioners as published", loc="left", fontsize=10)
    for ax in axes:
        ax.axvline(_NOTICE, color="0.3", linestyle=":", linewidth=1.2)
    axes[0].annotate(
        " notice of 2015-02-15",
        (_NOTICE, 0.02),
        xycoords=("data", "axes fraction"),
        fontsize=8,
        color="0.3",
        ha="left",
    )
    axes[2].set_xlim(*_span(notes["date"]))
    figure.tight_layout()
    return figure, notes


def _span(dates: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the axis's ends: half a year before the first year drawn, half after the last.

    Examples
    --------
    >>> _span(pd.Series(pd.to_datetime(["2011-01-21", "2025-03-31"])))
    (Timestamp('2010-07-01 00:00:00'), Timestamp('2026-07-01 00:00:00'))
    """
    first, last = dates.min().year, dates.max().year
    return pd.Timestamp(f"{first - 1}-07-01"), pd.Timestamp(f"{last + 1}-07-01")


def _events_panel(ax: plt.Axes, rows: pd.DataFrame) -> None:
    """Events as numbered points, the seed's datings on a line of their own."""
    seed = rows["kind"] != "record"
    y = np.where(seed, 0.0, 1.0)
    # stagger the numbers of events close in time (several fall in early 2015)
    close = rows["date"].diff().dt.days.fillna(999).lt(120)
    step = close.groupby((~close).cumsum()).cumcount().to_numpy()
    colours = rows["kind"].map(VERDICT_COLOURS).tolist()
    ax.scatter(rows["date"], y, c=colours, s=36, zorder=3)
    for when, level, number, lift in zip(rows["date"], y, rows["note"], step, strict=True):
        ax.annotate(
            str(number),
            (when, level),
            xytext=(0, 7 + 9 * (lift % 4)),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )
    ax.set_yticks([0, 1], ["the seed's datings", "public record"])
    ax.set_ylim(-0.6, 1.9)
    for name, colour in VERDICT_COLOURS.items():
        ax.scatter([], [], color=colour, label=name)
    ax.legend(loc="upper left", fontsize=8, ncols=4)


def _figures_panel(ax: plt.Axes, rows: pd.DataFrame, scale: float, unit: str) -> None:
    """Draw published figures as numbered points: hollow for forecasts, ▲/▼ for bounds."""
    values = rows["value"] / scale
    forecast = rows["kind"] == "forecast"
    markers = rows["qualifier"].map({"over": "^", "under": "v"}).fillna("o")
    ax.scatter(rows["date"], values, s=0)  # one collection with every point, for the data
    for marker in markers.unique():
        for hollow in (False, True):
            pick = (markers == marker) & (forecast == hollow)
            ax.scatter(
                rows.loc[pick, "date"],
                values[pick],
                marker=marker,
                s=40,
                zorder=3,
                facecolors="white" if hollow else "C0",
                edgecolors="C0",
            )
    ranged = rows["low"] < rows["high"]
    ax.vlines(
        rows.loc[ranged, "date"],
        rows.loc[ranged, "low"] / scale,
        rows.loc[ranged, "high"] / scale,
        color="0.6",
        linewidth=3,
        zorder=2,
    )
    # numbers of points near one another (one year, a third of a decade apart) go left and
    # right of their points in turn, a step higher every second one: never far from the point
    near = np.floor(3 * np.log10(values.clip(lower=1e-9).to_numpy()))
    k = rows.groupby([rows["date"].dt.year.to_numpy(), near]).cumcount().to_numpy()
    for when, value, number, i in zip(rows["date"], values, rows["note"], k, strict=True):
        ax.annotate(
            str(number),
            (when, value),
            xytext=(6 if i % 2 == 0 else -6, -4 + 9 * (i // 2)),
            textcoords="offset points",
            ha="left" if i % 2 == 0 else "right",
            fontsize=8,
        )
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter("{x:,.0f}")
    ax.yaxis.set_minor_formatter("")
    ax.set_ylabel(unit)
