"""Time-series models with stated uncertainty: growth, saturation, the 2015 shock, forecasts.

- :func:`growth` and :func:`cagr` — period-on-period and compound annual growth.
- :func:`fit_logistic` and :func:`fit_bass` — saturation curves by nonlinear least
  squares, with confidence intervals of the parameters and, from
  :meth:`CurveFit.predict`, intervals of the curve and of new observations.
- :func:`interrupted_time_series` — segmented regression around an intervention
  (by default Tencent's notice of 2015-02-15) with heteroskedasticity- and
  autocorrelation-robust (HAC, Newey–West) errors: the change in level and in slope.
- :func:`forecast` — exponential smoothing (ETS) or ARIMA forecasts with
  prediction intervals (statsmodels).
- :func:`mark_breaks` — where a published series changes what it measures (the
  ISC series moved from 微商 to 社交电商 in 2017). Every fit takes ``breaks=`` and
  refuses a series that straddles one, unless told ``allow_breaks=True``.

A series is a pandas Series indexed by years (integers), dates or periods.

Examples
--------
>>> import pandas as pd
>>> s = pd.Series([100.0, 150.0, 225.0], index=[2014, 2015, 2016])
>>> growth(s).tolist()
[nan, 0.5, 0.5]
>>> round(cagr(s), 6)
0.5
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, stats

from microcommerce.aggregate import require_columns

__all__ = [
    "CurveFit",
    "DefinitionalBreakError",
    "InterruptedTimeSeries",
    "cagr",
    "fit_bass",
    "fit_logistic",
    "forecast",
    "growth",
    "interrupted_time_series",
    "mark_breaks",
]


class DefinitionalBreakError(ValueError):
    """A series straddles a change of definition; fitting across it would mislead."""


# ---------------------------------------------------------------------------
# time axis and breaks
# ---------------------------------------------------------------------------


def _clean(series: pd.Series, who: str, minimum: int = 2) -> pd.Series:
    if not isinstance(series, pd.Series):
        raise TypeError(f"{who}: expected a pandas Series, got {type(series).__name__}")
    s = series.dropna().astype("float64").sort_index()
    if len(s) < minimum:
        raise ValueError(f"{who}: needs at least {minimum} observations, got {len(s)}")
    return s


def _years(index: pd.Index) -> np.ndarray:
    """The index as (fractional) years, for growth rates and curve time axes."""
    if isinstance(index, pd.PeriodIndex):
        index = index.to_timestamp(how="end")
    if isinstance(index, pd.DatetimeIndex):
        return (index.year + (index.day_of_year - 1) / np.where(index.is_leap_year, 366, 365)
                ).to_numpy(dtype="float64")  # fmt: skip
    try:
        return pd.to_numeric(index).to_numpy(dtype="float64")
    except (TypeError, ValueError):
        raise TypeError(f"cannot read the index as time: {index[:3].tolist()} …") from None


def _break_years(breaks: Iterable) -> np.ndarray:
    """Breaks as years on the same axis as a series' index (years, dates or '2017')."""
    values = list(breaks)
    if not values:
        return np.zeros(0)
    if all(isinstance(b, pd.Timestamp | np.datetime64) for b in values):
        return _years(pd.DatetimeIndex(values))
    return _years(pd.Index(pd.to_numeric(pd.Index(values).astype(str))))


def _check_breaks(series: pd.Series, breaks: Iterable | None, allow: bool, who: str) -> None:
    if breaks is None or allow:
        return
    t = _years(series.index)
    inside = [b for b, y in zip(list(breaks), _break_years(breaks), strict=True)
              if t.min() < y <= t.max()]  # fmt: skip
    if inside:
        raise DefinitionalBreakError(
            f"{who}: the series ({series.index.min()} … {series.index.max()}) straddles a change "
            f"of definition at {inside}; fit each side separately, or pass allow_breaks=True "
            "to fit across it knowingly")  # fmt: skip


def mark_breaks(
    df: pd.DataFrame, *, period: str = "period", measure: Sequence[str] = ("entity", "metric")
) -> pd.DataFrame:
    """Number the stretches of a series over which it measures the same thing.

    Sorts by ``period`` and adds ``segment`` (0, 1, … — a new one whenever the
    ``measure`` columns change) and ``break_before`` (True on the first row of every
    segment after the first). Pass ``df.loc[df.break_before, period]`` as
    ``breaks=`` to the fits.

    Examples
    --------
    >>> from microcommerce import datasets
    >>> facts = datasets.load("facts")
    >>> isc = facts[facts["fact_id"].str.match(r"isc_.*_market_\\d{4}(_fcst)?$")]
    >>> mark_breaks(isc)[["period", "entity", "segment", "break_before"]]
      period             entity  segment  break_before
    0   2015  weishang_industry        0         False
    1   2016  weishang_industry        0         False
    2   2016  weishang_industry        0         False
    3   2017   social_ecommerce        1          True
    4   2018   social_ecommerce        1         False
    5   2018   social_ecommerce        1         False
    6   2019   social_ecommerce        1         False
    """
    require_columns(df, [period, *measure], "mark_breaks")
    key = df[list(measure)].astype(str).agg(" / ".join, axis=1)
    # within a period, rows of the older definition come first (overlaps do not flip back)
    since = df[period].groupby(key).transform("min")
    order = pd.DataFrame({"p": df[period].to_numpy(), "s": since.to_numpy()}).sort_values(
        ["p", "s"], kind="stable").index  # fmt: skip
    out = df.iloc[order].reset_index(drop=True)
    key = key.iloc[order].reset_index(drop=True)
    changed = key.ne(key.shift()) & (out.index > 0)
    out["segment"] = changed.cumsum().astype(np.int64)
    out["break_before"] = changed.to_numpy()
    return out


# ---------------------------------------------------------------------------
# growth
# ---------------------------------------------------------------------------


def growth(series: pd.Series, *, breaks: Iterable | None = None) -> pd.Series:
    """Growth over the previous observation (0.5 = +50 %); missing across a break.

    ``breaks`` are the first periods of a new definition (years, dates, or the
    ``period`` strings :func:`mark_breaks` marks); growth from an observation before
    a break to one on or after it is missing.

    Examples
    --------
    >>> s = pd.Series([1.0, 2.0, 3.0, 6.0], index=[2015, 2016, 2017, 2018])
    >>> growth(s, breaks=[2017]).tolist()
    [nan, 1.0, nan, 1.0]
    """
    s = series.sort_index()
    out = s / s.shift() - 1
    if breaks is not None:  # no growth from one side of a break to the other
        t = _years(s.index)
        crossed = np.zeros(len(s), bool)
        for b in _break_years(breaks):
            crossed[1:] |= (t[:-1] < b) & (b <= t[1:])
        out[crossed] = np.nan
    return out.rename(f"growth of {series.name}" if series.name is not None else "growth")


def cagr(series: pd.Series, start=None, end=None, *, breaks: Iterable | None = None,
         allow_breaks: bool = False) -> float:  # fmt: skip
    """Compound annual growth rate between ``start`` and ``end`` (default: first and last).

    Years between the two are read from the index (integer years, or dates: a
    monthly series gives fractional years).

    Examples
    --------
    >>> s = pd.Series([1.2e12, 2.06058e12], index=[2018, 2019])
    >>> round(cagr(s), 4)
    0.7172
    """
    s = _clean(series, "cagr")
    s = s.loc[start:end] if start is not None or end is not None else s
    if len(s) < 2:
        raise ValueError("cagr: needs two observations between start and end")
    _check_breaks(s, breaks, allow_breaks, "cagr")
    t = _years(s.index)
    years = t[-1] - t[0]
    if years <= 0 or s.iloc[0] <= 0 or s.iloc[-1] < 0:
        raise ValueError("cagr: needs a positive start value and a later end")
    return float((s.iloc[-1] / s.iloc[0]) ** (1 / years) - 1)


# ---------------------------------------------------------------------------
# saturation curves
# ---------------------------------------------------------------------------


def _logistic(t: np.ndarray, capacity: float, rate: float, midpoint: float) -> np.ndarray:
    return capacity / (1 + np.exp(-rate * (t - midpoint)))


def _bass_cumulative(t: np.ndarray, market: float, p: float, q: float) -> np.ndarray:
    e = np.exp(-(p + q) * np.maximum(t, 0))
    return market * (1 - e) / (1 + (q / p) * e)


def _bass_per_period(t: np.ndarray, market: float, p: float, q: float) -> np.ndarray:
    return _bass_cumulative(t, market, p, q) - _bass_cumulative(t - 1, market, p, q)


@dataclass(frozen=True)
class CurveFit:
    """A fitted saturation curve: parameters with intervals, and predictions.

    Attributes
    ----------
    model
        ``"logistic"`` or ``"bass"``.
    params
        One row per parameter: ``estimate, std_error, low, high`` (a ``level``
        confidence interval from the t distribution with ``dof`` degrees of
        freedom).
    level, dof, residual_std
        Interval level, residual degrees of freedom, residual standard deviation.
    series
        The data fitted.
    """

    model: str
    params: pd.DataFrame
    level: float
    dof: int
    residual_std: float
    series: pd.Series
    _curve: Callable[..., np.ndarray] = field(repr=False)
    _covariance: np.ndarray = field(repr=False)
    _time: Callable[[pd.Index], np.ndarray] = field(repr=False)

    def predict(self, horizon: int = 0) -> pd.DataFrame:
        """The curve over the data and ``horizon`` further steps, with intervals.

        Columns: ``mean`` (the fitted curve), ``mean_low``/``mean_high`` (its
        confidence interval, by the delta method) and ``low``/``high`` (prediction
        interval for a new observation: adds the residual variance).

        Examples
        --------
        >>> years = np.arange(2010, 2020)
        >>> noise = np.tile([1.0, -1.0], 5)
        >>> s = pd.Series(100 / (1 + np.exp(-(years - 2015))) + noise, index=years)
        >>> ahead = fit_logistic(s).predict(horizon=2)
        >>> ahead.index[-2:].tolist(), bool((ahead["low"] < ahead["mean"]).all())
        ([2020, 2021], True)
        """
        index = _extend(self.series.index, horizon)
        t = self._time(index)
        theta = self.params["estimate"].to_numpy()
        mean = self._curve(t, *theta)
        jac = _jacobian(lambda th: self._curve(t, *th), theta)
        var_mean = np.einsum("ij,jk,ik->i", jac, self._covariance, jac)
        crit = stats.t.ppf(0.5 + self.level / 2, max(self.dof, 1))
        half_mean = crit * np.sqrt(np.maximum(var_mean, 0))
        half_new = crit * np.sqrt(np.maximum(var_mean, 0) + self.residual_std**2)
        return pd.DataFrame({"mean": mean, "mean_low": mean - half_mean,
                             "mean_high": mean + half_mean, "low": mean - half_new,
                             "high": mean + half_new}, index=index)  # fmt: skip


def _jacobian(f: Callable[[np.ndarray], np.ndarray], theta: np.ndarray) -> np.ndarray:
    cols = []
    for i in range(len(theta)):
        step = 1e-6 * max(abs(theta[i]), 1e-8)
        up, down = theta.copy(), theta.copy()
        up[i] += step
        down[i] -= step
        cols.append((f(up) - f(down)) / (2 * step))
    return np.column_stack(cols)


def _extend(index: pd.Index, horizon: int) -> pd.Index:
    """The index and ``horizon`` further steps of the same spacing."""
    if horizon <= 0:
        return index
    if isinstance(index, pd.DatetimeIndex | pd.PeriodIndex):
        freq = index.freq or pd.infer_freq(index)
        if freq is None:
            raise ValueError("cannot extend a date index without a regular frequency")
        more = pd.date_range(index[-1], periods=horizon + 1, freq=freq)[1:] if isinstance(
            index, pd.DatetimeIndex) else pd.period_range(index[-1], periods=horizon + 1,
                                                          freq=freq)[1:]  # fmt: skip
        return index.append(more)
    values = index.to_numpy()
    step = values[-1] - values[-2] if len(values) > 1 else 1
    return pd.Index(np.concatenate([values, values[-1] + step * np.arange(1, horizon + 1)]))


def _fit_curve(model: str, s: pd.Series, curve, names, p0, bounds, time, level) -> CurveFit:
    t, y = time(s.index), s.to_numpy()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", optimize.OptimizeWarning)
            # absolute_sigma: the covariance of unit-variance errors, inv(JᵀJ), so that a
            # parameter the data do not determine shows as a zero or infinite variance
            # even when the fit is perfect (whose scaled covariance is all zeros)
            theta, unit = optimize.curve_fit(curve, t, y, p0=p0, bounds=bounds, maxfev=20_000,
                                             absolute_sigma=True)  # fmt: skip
    except (RuntimeError, optimize.OptimizeWarning, ValueError) as exc:
        raise ValueError(f"fit_{model}: the fit did not converge ({exc}); the data may "
                         "not show saturation yet") from None  # fmt: skip
    spread = np.diag(unit)
    stuck = np.asarray(theta) == np.asarray(p0, dtype=float)  # never left its starting value
    if not np.all(np.isfinite(spread)) or np.any(spread <= 0) or stuck.any():
        raise ValueError(f"fit_{model}: the data do not determine the parameters (the fit ends "
                         "on a bound or the curve is flat in some parameter); try another "
                         "origin, more points, or a simpler model")  # fmt: skip
    dof = len(y) - len(theta)
    residual = y - curve(t, *theta)
    sigma = float(np.sqrt(residual @ residual / dof))
    cov = unit * sigma**2
    se = np.sqrt(np.diag(cov))
    crit = stats.t.ppf(0.5 + level / 2, dof)
    params = pd.DataFrame(
        {"estimate": theta, "std_error": se, "low": theta - crit * se, "high": theta + crit * se},
        index=pd.Index(names, name="parameter"),
    )
    return CurveFit(model, params, level, dof, sigma, s, curve, cov, time)


def fit_logistic(series: pd.Series, *, level: float = 0.95, breaks: Iterable | None = None,
                 allow_breaks: bool = False) -> CurveFit:  # fmt: skip
    """Fit ``capacity / (1 + exp(−rate · (t − midpoint)))``, t in years.

    ``capacity`` is the saturation level, ``rate`` the growth rate a year at the
    start, ``midpoint`` the year growth peaks. Needs at least four observations
    (three parameters and one degree of freedom left for the intervals).

    Examples
    --------
    >>> years = np.arange(2010, 2021)
    >>> s = pd.Series(100 / (1 + np.exp(-0.9 * (years - 2015.5))), index=years)
    >>> fit = fit_logistic(s)
    >>> fit.params["estimate"].round(3).tolist()
    [100.0, 0.9, 2015.5]
    """
    s = _clean(series, "fit_logistic", minimum=4)
    _check_breaks(s, breaks, allow_breaks, "fit_logistic")
    t, y = _years(s.index), s.to_numpy()
    top = float(np.max(np.abs(y))) or 1.0
    p0 = [1.5 * top, 1.0, float(np.median(t))]
    bounds = ([0.0, 0.0, t.min() - 50], [np.inf, 50.0, t.max() + 50])
    return _fit_curve("logistic", s, _logistic, ["capacity", "rate", "midpoint"], p0, bounds,
                      _years, level)  # fmt: skip


def fit_bass(series: pd.Series, *, cumulative: bool = True, origin: float | None = None,
             level: float = 0.95, breaks: Iterable | None = None,
             allow_breaks: bool = False) -> CurveFit:  # fmt: skip
    """Fit the Bass diffusion model: ``market · F(t)``, with innovation ``p`` and imitation ``q``.

    ``F(t) = (1 − e^(−(p+q)t)) / (1 + (q/p) e^(−(p+q)t))`` is the share of the
    eventual ``market`` that has adopted ``t`` years after ``origin``.

    Parameters
    ----------
    series
        Adopters so far (``cumulative=True``, e.g. practitioner counts), or new
        adopters in each period (``cumulative=False``; one period = one time unit).
    origin
        When adoption began, in the index's years; default one step before the
        first observation.

    Examples
    --------
    >>> years = np.arange(2012, 2022)
    >>> s = pd.Series(_bass_cumulative(years - 2011.0, 5e7, 0.01, 0.6), index=years)
    >>> fit_bass(s).params["estimate"].round(3).tolist()
    [50000000.0, 0.01, 0.6]
    """
    s = _clean(series, "fit_bass", minimum=4)
    _check_breaks(s, breaks, allow_breaks, "fit_bass")
    t0 = _years(s.index)
    start = origin if origin is not None else t0[0] - ((t0[1] - t0[0]) if len(t0) > 1 else 1)

    def time(index: pd.Index) -> np.ndarray:
        return _years(index) - start

    curve = _bass_cumulative if cumulative else _bass_per_period
    y = s.to_numpy()
    top = float(y.max() if cumulative else y.sum()) or 1.0
    p0 = [2.0 * top, 0.01, 0.5]
    bounds = ([0.0, 1e-6, 0.0], [np.inf, 1.0, 10.0])
    return _fit_curve("bass", s, curve, ["market", "p", "q"], p0, bounds, time, level)


# ---------------------------------------------------------------------------
# interrupted time series
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class InterruptedTimeSeries:
    """Segmented regression around an intervention.

    Attributes
    ----------
    effects
        Rows ``level_change`` (the jump at the intervention), ``slope_change``
        (change of the trend per period), ``pre_slope`` and ``intercept``;
        columns ``estimate, std_error, low, high, p_value`` (HAC errors).
    fitted
        Per period: ``observed``, ``fitted``, ``counterfactual`` (the pre-trend
        continued) and ``post`` (whether the period counts as after).
    at, level, maxlags, log
        The intervention date, interval level, HAC lags and whether the model was
        fitted to the logarithm (then effects are in log points: ``exp(x) − 1`` is
        the relative change).
    """

    effects: pd.DataFrame
    fitted: pd.DataFrame
    at: pd.Timestamp
    level: float
    maxlags: int
    log: bool

    def detected(self, effect: str = "level_change") -> bool:
        """Whether the interval of ``effect`` excludes zero.

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
    """Periods since the first date: months for month-end dates, else steps of the
    smallest spacing (an irregular index is refused)."""
    if len(index) < 2:
        return np.zeros(len(index))
    if index.is_month_end.all():
        months = index.year * 12 + index.month
        return (months - months[0]).to_numpy(dtype=float)
    days = (index - index[0]).days.to_numpy(dtype=float)
    step = np.diff(days).min()
    steps = days / step
    if step <= 0 or np.abs(steps - np.round(steps)).max() > 0.01:
        raise ValueError("interrupted_time_series: the dates are not evenly spaced")
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
    series
        A regular series indexed by dates (period ends).
    at
        The intervention (default: Tencent's notice against multi-level selling,
        2015-02-15, event ``wechat_illegal_distribution_notice_2015``).
    maxlags
        HAC lags; default the Newey–West rule ``⌊4 (n/100)^(2/9)⌋``.
    log
        Fit ``log(y)`` (effects become relative changes; needs y > 0).
    exclude_transition
        Leave out the period that straddles ``at`` (see above).

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

    s = _clean(series, "interrupted_time_series", minimum=6)
    if not isinstance(s.index, pd.DatetimeIndex):
        raise TypeError("interrupted_time_series: index the series by dates (period ends)")
    when = pd.Timestamp(at)
    t = _period_numbers(s.index)  # from the dates: a missing month leaves a gap
    if exclude_transition:  # the period the intervention falls inside is neither before nor after
        previous_end = s.index.to_series().shift().to_numpy()
        inside = (s.index >= when) & (previous_end < when - pd.Timedelta(days=1))
        inside &= np.arange(len(s)) > 0
        s, t = s[~inside], t[~inside]
    post = (s.index >= when).astype(float)
    if post.sum() < 2 or (1 - post).sum() < 2:
        raise ValueError(f"interrupted_time_series: needs at least two periods on each side of "
                         f"{when.date()}")  # fmt: skip
    y = s.to_numpy()
    if log:
        if (y <= 0).any():
            raise ValueError("interrupted_time_series: log=True needs positive values")
        y = np.log(y)
    start = t[post.astype(bool)][0]
    design = np.column_stack([np.ones_like(t), t, post, (t - start) * post])
    lags = maxlags if maxlags is not None else int(4 * (len(s) / 100) ** (2 / 9))
    model = sm.OLS(y, design).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    ci = model.conf_int(alpha=1 - level)
    names = ["intercept", "pre_slope", "level_change", "slope_change"]
    effects = pd.DataFrame({"estimate": model.params, "std_error": model.bse, "low": ci[:, 0],
                            "high": ci[:, 1], "p_value": model.pvalues},
                           index=pd.Index(names, name="effect"))  # fmt: skip
    effects = effects.loc[["level_change", "slope_change", "pre_slope", "intercept"]]
    fitted = model.fittedvalues
    counter = design[:, :2] @ model.params[:2]
    if log:
        fitted, counter = np.exp(fitted), np.exp(counter)
    frame = pd.DataFrame(
        {"observed": s.to_numpy(), "fitted": fitted, "counterfactual": counter,
         "post": post.astype(bool)},
        index=s.index,
    )  # fmt: skip
    return InterruptedTimeSeries(effects, frame, when, level, lags, log)


# ---------------------------------------------------------------------------
# forecasts
# ---------------------------------------------------------------------------

_METHODS = ("ets", "arima")


def forecast(
    series: pd.Series,
    *,
    horizon: int,
    method: str = "ets",
    level: float = 0.95,
    breaks: Iterable | None = None,
    allow_breaks: bool = False,
) -> pd.DataFrame:
    """Forecast ``horizon`` steps with prediction intervals.

    ``method="ets"``: exponential smoothing with an additive trend (statsmodels
    ``ETSModel``, additive errors); ``"arima"``: ARIMA(1,1,0) with drift. Short
    annual series give wide intervals — that is the honest answer.

    Returns
    -------
    DataFrame
        Indexed by the future periods: ``mean, low, high``.

    Examples
    --------
    >>> s = pd.Series(np.linspace(10, 40, 12) + np.tile([0.3, -0.3], 6),
    ...               index=pd.date_range("2014-01-31", periods=12, freq="ME"))
    >>> out = forecast(s, horizon=3)
    >>> list(out.columns), len(out), bool((out["low"] < out["mean"]).all())
    (['mean', 'low', 'high'], 3, True)
    """
    if method not in _METHODS:
        raise ValueError(f"method {method!r}: expected one of {', '.join(_METHODS)}")
    if horizon < 1:
        raise ValueError(f"horizon {horizon!r}: expected at least 1")
    s = _clean(series, "forecast", minimum=4)
    _check_breaks(s, breaks, allow_breaks, "forecast")
    future = _extend(s.index, horizon)[len(s):]
    y = s.to_numpy()
    alpha = 1 - level
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels' convergence chatter on short series
        if method == "ets":
            from statsmodels.tsa.exponential_smoothing.ets import ETSModel

            endog = pd.Series(y)  # statsmodels' ETS predictions need a pandas input
            fit = ETSModel(endog, error="add", trend="add").fit(disp=False)
            frame = fit.get_prediction(start=len(y), end=len(y) + horizon - 1).summary_frame(
                alpha=alpha)  # fmt: skip
            mean, low, high = frame["mean"], frame["pi_lower"], frame["pi_upper"]
        else:
            from statsmodels.tsa.arima.model import ARIMA

            fit = ARIMA(y, order=(1, 1, 0), trend="t").fit()
            pred = fit.get_forecast(horizon)
            bounds = pred.conf_int(alpha=alpha)
            mean, low, high = pred.predicted_mean, bounds[:, 0], bounds[:, 1]
    return pd.DataFrame({"mean": np.asarray(mean), "low": np.asarray(low),
                         "high": np.asarray(high)}, index=future)  # fmt: skip

