"""Published figures per hundred WeChat users: a market's size against the platform it ran on.

A count of practitioners or a market size means little without the size of WeChat at the
time: 1257万 weishang practitioners in 2015 are about two in every hundred WeChat accounts.
:func:`per_hundred_users` divides each figure by WeChat's monthly active accounts (the
``wechat_users`` dataset) at the figure's period and keeps the figure's provenance beside
the ratio, so figures of different producers and definitions can be read side by side.

WeChat's counts are accounts, not people (one person may hold several, and some are
abroad), so a ratio "per hundred users" is per hundred monthly active accounts.

Examples
--------
>>> from microcommerce import datasets
>>> facts = datasets.load("facts").set_index("fact_id")
>>> row = per_hundred_users(facts.loc[["isc_weishang_practitioners_2015"]].reset_index())
>>> row[["fact_id", "wechat_period", "per_100_accounts"]].round(2)
                           fact_id wechat_period  per_100_accounts
0  isc_weishang_practitioners_2015        2015Q2              2.10
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from microcommerce import datasets
from microcommerce.analyses._inputs import require_columns
from microcommerce.errors import InputError
from microcommerce.parse import parse_date

__all__ = ["MATCHES", "per_hundred_users"]

#: How a figure's period was matched to a WeChat count, best first.
MATCHES: tuple[str, ...] = (
    "latest count of the same year up to the period's end",
    "first count later in the same year",
    "no WeChat count in that year",
)
FIGURE_COLUMNS = ("fact_id", "period", "value", "value_low", "value_high")


def _period_ends(periods: pd.Series) -> pd.Series:
    unique = periods.dropna().unique()
    ends = {p: parse_date(p).end for p in unique}  # a few dozen distinct periods, not one per row
    bad = [p for p, end in ends.items() if pd.isna(end)]
    if bad:
        raise InputError(
            f"per_hundred_users: periods {bad} are not dates parse_date can read "
            "(expected e.g. 2015, 2015-06 or 2015Q2)"
        )
    return periods.map(ends).astype("datetime64[us]")


def per_hundred_users(figures: pd.DataFrame, users: pd.DataFrame | None = None) -> pd.DataFrame:
    """Divide each figure by WeChat's monthly active accounts at its period, times a hundred.

    Parameters
    ----------
    figures : DataFrame
        Rows of the ``facts`` dataset (or a frame with the same columns): at least
        ``fact_id``, ``period`` (read with :func:`microcommerce.parse.parse_date`),
        ``value``, ``value_low`` and ``value_high``. Other columns are carried through.
    users : DataFrame, optional
        WeChat's counts, as the ``wechat_users`` dataset; only ``metric == "mau"`` rows
        are used. Default: that dataset.

    Returns
    -------
    pandas.DataFrame
        ``figures`` in their order, with ``wechat_period``, ``wechat_obs_id``,
        ``wechat_mau`` (accounts), ``match`` (one of ``MATCHES``) and the ratios
        ``per_100_accounts``, ``per_100_low`` and ``per_100_high`` (the figure's value and
        bounds per hundred accounts, in the figure's unit). A figure is matched to the
        latest count of its own calendar year up to the end of its period, else to the
        first later count of that year; a year without any count gives missing ratios
        and says so in ``match``, so no figure is dropped or matched across years.

    Raises
    ------
    MissingColumnsError
        If a required column is missing (also a ``ValueError``).
    InputError
        If a period cannot be read as a date (also a ``ValueError``).

    Examples
    --------
    >>> figures = pd.DataFrame({"fact_id": ["a", "b", "c"], "period": ["2014", "2015-01", "2021"],
    ...                         "value": [1.0e7, 5.0e6, 1.0], "value_low": [1.0e7, np.nan, 1.0],
    ...                         "value_high": [1.0e7, 5.0e6, 1.0]})
    >>> users = pd.DataFrame({"obs_id": ["q2", "q4", "y15"], "metric": "mau",
    ...                       "period": ["2014Q2", "2014Q4", "2015Q2"],
    ...                       "value": [4.0e8, 5.0e8, 6.0e8],
    ...                       "as_of": pd.to_datetime(["2014-06-30", "2014-12-31", "2015-06-30"])})
    >>> out = per_hundred_users(figures, users)
    >>> out[["fact_id", "wechat_period", "per_100_accounts", "per_100_low"]]
      fact_id wechat_period  per_100_accounts  per_100_low
    0       a        2014Q4          2.000000          2.0
    1       b        2015Q2          0.833333          NaN
    2       c           NaN               NaN          NaN
    >>> out["match"].tolist() == [MATCHES[0], MATCHES[1], MATCHES[2]]
    True
    """
    require_columns(figures, FIGURE_COLUMNS, "per_hundred_users")
    if users is None:
        users = datasets.load("wechat_users")
    require_columns(users, ["obs_id", "period", "metric", "value", "as_of"], "per_hundred_users")
    mau = users.loc[users["metric"] == "mau", ["obs_id", "period", "value", "as_of"]]
    mau = mau.rename(columns={"obs_id": "wechat_obs_id", "period": "wechat_period",
                              "value": "wechat_mau", "as_of": "wechat_as_of"})  # fmt: skip
    mau = mau.astype({"wechat_as_of": "datetime64[us]"}).sort_values("wechat_as_of")
    mau["wechat_year"] = mau["wechat_as_of"].dt.year

    left = pd.DataFrame({"row": np.arange(len(figures)), "end": _period_ends(figures["period"])})
    left = left.sort_values("end")
    year = left["end"].dt.year.to_numpy()
    found = {}
    for direction in ("backward", "forward"):
        match = pd.merge_asof(left, mau, left_on="end", right_on="wechat_as_of",
                              direction=direction).set_index("row")  # fmt: skip
        same_year = match["wechat_year"].to_numpy() == year
        found[direction] = match.where(pd.Series(same_year, index=match.index), axis=0)
    backward, forward = found["backward"], found["forward"]
    use_back = backward["wechat_obs_id"].notna()
    chosen = backward.where(use_back, forward, axis=0).sort_index()
    kind = np.where(use_back, 0, np.where(forward["wechat_obs_id"].notna(), 1, 2))
    kind = pd.Series(kind, index=backward.index).sort_index()

    out = figures.reset_index(drop=True).copy()
    for column in ("wechat_period", "wechat_obs_id", "wechat_mau"):
        out[column] = chosen[column].to_numpy()
    out["match"] = pd.Series(np.asarray(MATCHES)[kind.to_numpy()], dtype="str")
    for ratio, column in (("per_100_accounts", "value"), ("per_100_low", "value_low"),
                          ("per_100_high", "value_high")):  # fmt: skip
        out[ratio] = 100 * out[column].astype("float64") / out["wechat_mau"].astype("float64")
    out.index = figures.index
    return out
