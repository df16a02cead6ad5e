"""Interrupted time series: segmented regression around an intervention, HAC errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from microcommerce.analyses.timeseries._display import fit_html, fit_text
from microcommerce.analyses.timeseries._series import (
    clean_series,
    summary_table,
)
from microcommerce.errors import InputError, ParameterError, ParameterTypeError

# ---------------------------------------------------------------------------
# interrupted time series
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class InterruptedTimeSeries:
    """Segmented regression around an intervention.

    Attributes
    ----------
    effects : DataFrame
        Rows ``level_change`` (the jump at the intervention), ``slope_change``
        (change of the trend per period), ``pre_slope`` and ``intercept``;
        columns ``estimate, std_error, low, high, p_value`` (HAC errors).
    fitted : DataFrame
        Per period: ``observed``, ``fitted``, ``counterfactual`` (the pre-trend
        continued) and ``post`` (whether the period counts as after).
    at, level, maxlags, log : Timestamp, float, int, bool
        The intervention date, interval level, HAC lags and whether the model was
        fitted to the logarithm (then effects are in log points: ``exp(x) − 1`` is
        the relative change).
    result : RegressionResults
        statsmodels' own result (a HAC ``RegressionResults``), for what the tables
        leave out.
    """

    effects: pd.DataFrame
    fitted: pd.DataFrame
    at: pd.Timestamp
    level: float
    maxlags: int
    log: bool
    result: Any = field(repr=False)

    def _facts(self) -> list[tuple[str, object]]:
        at = self.at.date() if isinstance(self.at, pd.Timestamp) else self.at
        return [
            ("at", at),
            ("n_obs", int(self.result.nobs)),
            ("level", self.level),
            ("log", self.log),
        ]

    def __repr__(self) -> str:
        """Return a short text: the key numbers, never a whole frame."""
        return fit_text("InterruptedTimeSeries", self._facts(), self.summary())

    def _repr_html_(self) -> str:
        """Return the HTML card Jupyter shows (see ``core._display``)."""
        observed = self.fitted["observed"]
        return fit_html("InterruptedTimeSeries", self._facts(), self.summary(), observed)

    def summary(self) -> pd.DataFrame:
        """Tabulate the effects with their intervals and p-values, then the fit statistics.

        Returns
        -------
        DataFrame
            Indexed by ``term``: the effects (``estimate, std_error, low, high,
            p_value``), then ``n_obs``, ``r_squared`` and ``maxlags``; ``kind`` says
            which rows are which. ``result`` is statsmodels' own result.

        Examples
        --------
        >>> months = pd.date_range("2014-01-31", periods=24, freq="ME")
        >>> jump = pd.Series(np.r_[np.full(12, 10.0), np.full(12, 4.0)] + np.tile([0.1, -0.1], 12),
        ...                  index=months)
        >>> table = interrupted_time_series(jump, at="2015-01-15").summary()
        >>> float(round(table.loc["level_change", "estimate"], 1))
        -6.0
        >>> int(table.loc["n_obs", "estimate"])  # the month of the intervention is left out
        23
        """
        statistics = {
            "n_obs": int(self.result.nobs),
            "r_squared": float(self.result.rsquared),
            "maxlags": self.maxlags,
        }
        return summary_table(self.effects, statistics)

    def detected(self, effect: str = "level_change") -> bool:
        """Whether the interval of ``effect`` excludes zero.

        Parameters
        ----------
        effect : str, default "level_change"
            A row of ``effects``: ``"level_change"``, ``"slope_change"``,
            ``"pre_slope"`` or ``"intercept"``.

        Returns
        -------
        bool
            True when the ``level`` interval lies wholly above or below zero.

        Examples
        --------
        >>> months = pd.date_range("2014-01-31", periods=12, freq="ME")
        >>> flat = pd.Series(10 + np.tile([0.1, -0.1], 6), index=months)
        >>> interrupted_time_series(flat, at="2014-06-15").detected()
        False
        """
        row = self.effects.loc[effect]
        return bool(row["low"] > 0 or row["high"] < 0)


def _period_numbers(index: pd.DatetimeIndex) -> np.ndarray:
    """Count periods since the first date.

    Months for month-end dates, else steps of the smallest spacing (an irregular index
    is refused).
    """
    if len(index) < 2:
        return np.zeros(len(index))
    if index.is_month_end.all():
        months = index.year * 12 + index.month
        return (months - months[0]).to_numpy(dtype=float)
    days = (index - index[0]).days.to_numpy(dtype=float)
    step = np.diff(days).min()
    steps = days / step
    if step <= 0 or np.abs(steps - np.round(steps)).max() > 0.01:
        raise InputError(
            f"interrupted_time_series: the dates are not evenly spaced (steps of "
            f"{sorted(set(np.diff(days).astype(int).tolist()))[:5]} days); expected a regular "
            "series, e.g. month ends"
        )
    return np.round(steps)


def interrupted_time_series(
    series: pd.Series,
    *,
    at: str | pd.Timestamp = "2015-02-15",
    level: float = 0.95,
    maxlags: int | None = None,
    log: bool = False,
    exclude_transition: bool = True,
) -> InterruptedTimeSeries:
    """Level and slope change at ``at``, by OLS with Newey–West (HAC) errors.

    Model: ``y = b0 + b1·t + b2·post + b3·(t − t*)·post``, ``t`` counting periods,
    ``post`` = 1 for the periods ending on or after ``at``, ``t*`` the first such
    period. The period the date falls inside (February 2015 for a monthly series:
    half before, half after the notice) is left out of the fit by default, so the
    level change compares whole periods.

    Parameters
    ----------
    series : Series
        A regular series indexed by dates (period ends).
    at : str or Timestamp, default "2015-02-15"
        The intervention (default: Tencent's notice against multi-level selling,
        2015-02-15, event ``wechat_illegal_distribution_notice_2015``).
    level : float, default 0.95
        The confidence level of the effects' intervals.
    maxlags : int, optional
        HAC lags; default the Newey–West rule ``⌊4 (n/100)^(2/9)⌋``.
    log : bool, default False
        Fit ``log(y)`` (effects become relative changes; needs y > 0).
    exclude_transition : bool, default True
        Leave out the period that straddles ``at`` (see above).

    Returns
    -------
    InterruptedTimeSeries
        The effects with their intervals and p-values, and the fitted and
        counterfactual series.

    Raises
    ------
    ParameterTypeError
        When ``series`` is not a pandas Series or is not indexed by dates.
    InputError
        When fewer than six observations are given, the dates are not evenly
        spaced, or fewer than two periods lie on either side of ``at``.
    ParameterError
        When ``log=True`` and a value is zero or negative.

    Examples
    --------
    >>> months = pd.date_range("2014-01-31", periods=24, freq="ME")
    >>> t = np.arange(24)
    >>> y = 100 + 2 * t - 30 * (months >= "2015-02-15") + np.tile([0.5, -0.5], 12)
    >>> its = interrupted_time_series(pd.Series(y, index=months))
    >>> round(float(its.effects.loc["level_change", "estimate"])), its.detected()
    (-30, True)
    """
    import statsmodels.api as sm

    s = clean_series(series, "interrupted_time_series", minimum=6)
    if not isinstance(s.index, pd.DatetimeIndex):
        raise ParameterTypeError(
            f"interrupted_time_series: series has a {type(s.index).__name__}: expected a "
            "series indexed by dates (period ends)"
        )
    when = pd.Timestamp(at)
    t = _period_numbers(s.index)  # from the dates: a missing month leaves a gap
    if exclude_transition:  # the period the intervention falls inside is neither before nor after
        previous_end = s.index.to_series().shift().to_numpy()
        inside = (s.index >= when) & (previous_end < when - pd.Timedelta(days=1))
        inside &= np.arange(len(s)) > 0
        s, t = s[~inside], t[~inside]
    post = (s.index >= when).astype(float)
    if post.sum() < 2 or (1 - post).sum() < 2:
        raise InputError(
            f"interrupted_time_series: needs at least two periods on each side of {when.date()}; "
            f"the series has {int((1 - post).sum())} before and {int(post.sum())} after"
        )
    y = s.to_numpy()
    if log:
        if (y <= 0).any():
            raise ParameterError(
                f"interrupted_time_series: log=True needs positive values; the series has "
                f"{int((y <= 0).sum())} ≤ 0 (pass log=False)"
            )
        y = np.log(y)
    start = t[post.astype(bool)][0]
    design = np.column_stack([np.ones_like(t), t, post, (t - start) * post])
    lags = maxlags if maxlags is not None else int(4 * (len(s) / 100) ** (2 / 9))
    model = sm.OLS(y, design).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    ci = model.conf_int(alpha=1 - level)
    names = ["intercept", "pre_slope", "level_change", "slope_change"]
    effects = pd.DataFrame(
        {
            "estimate": model.params,
            "std_error": model.bse,
            "low": ci[:, 0],
            "high": ci[:, 1],
            "p_value": model.pvalues,
        },
        index=pd.Index(names, name="effect"),
    )
    effects = effects.loc[["level_change", "slope_change", "pre_slope", "intercept"]]
    fitted = model.fittedvalues
    counter = design[:, :2] @ model.params[:2]
    if log:
        fitted, counter = np.exp(fitted), np.exp(counter)
    frame = pd.DataFrame(
        {
            "observed": s.to_numpy(),
            "fitted": fitted,
            "counterfactual": counter,
            "post": post.astype(bool),
        },
        index=s.index,
    )
    return InterruptedTimeSeries(effects, frame, when, level, lags, log, model)
