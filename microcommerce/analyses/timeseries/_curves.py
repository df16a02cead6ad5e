"""Saturation curves: logistic and Bass fits with intervals."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, stats

from microcommerce.analyses.timeseries._display import fit_html, fit_text
from microcommerce.analyses.timeseries._series import (
    BREAKS,
    SERIES_RAISES,
    check_breaks,
    clean_series,
    extend_index,
    index_years,
    summary_table,
)
from microcommerce.core._docstrings import fill_doc
from microcommerce.errors import FitError

# ---------------------------------------------------------------------------
# saturation curves
# ---------------------------------------------------------------------------


def _logistic(t: np.ndarray, capacity: float, rate: float, midpoint: float) -> np.ndarray:
    return capacity / (1 + np.exp(-rate * (t - midpoint)))


def bass_cumulative(t: np.ndarray, market: float, p: float, q: float) -> np.ndarray:
    """Evaluate the Bass diffusion curve: adopters so far at times ``t``.

    Parameters
    ----------
    t : array_like
        Time since the start (negative times count as 0).
    market : float
        The market potential m (adopters in the end).
    p, q : float
        Coefficients of innovation and imitation.

    Returns
    -------
    ndarray
        ``m (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t})``.

    Examples
    --------
    >>> bass_cumulative(np.array([0.0, 1.0, 50.0]), 1000.0, 0.03, 0.4).round(1).tolist()
    [0.0, 36.1, 1000.0]
    """
    e = np.exp(-(p + q) * np.maximum(t, 0))
    return market * (1 - e) / (1 + (q / p) * e)


def _bass_per_period(t: np.ndarray, market: float, p: float, q: float) -> np.ndarray:
    return bass_cumulative(t, market, p, q) - bass_cumulative(t - 1, market, p, q)


@dataclass(frozen=True)
class CurveFit:
    """A fitted saturation curve: parameters with intervals, and predictions.

    Attributes
    ----------
    model : {"logistic", "bass"}
        ``"logistic"`` or ``"bass"``.
    params : DataFrame
        One row per parameter: ``estimate, std_error, low, high`` (a ``level``
        confidence interval from the t distribution with ``dof`` degrees of
        freedom).
    level, dof, residual_std : float, int, float
        Interval level, residual degrees of freedom, residual standard deviation.
    series : Series
        The data fitted.
    result : OptimizeResult
        SciPy's own answer (:class:`scipy.optimize.OptimizeResult`: ``x``, ``cov``,
        ``fvec`` residuals, ``nfev``, ``message``).
    """

    model: str
    params: pd.DataFrame
    level: float
    dof: int
    residual_std: float
    series: pd.Series
    result: optimize.OptimizeResult = field(repr=False)
    _curve: Callable[..., np.ndarray] = field(repr=False)
    _covariance: np.ndarray = field(repr=False)
    _time: Callable[[pd.Index], np.ndarray] = field(repr=False)

    def _facts(self) -> list[tuple[str, object]]:
        table = self.summary()
        r2 = table.loc["r_squared", "estimate"]
        return [
            ("model", self.model),
            ("n_obs", len(self.series)),
            ("level", self.level),
            ("r_squared", f"{r2:.4g}"),
        ]

    def __repr__(self) -> str:
        """Return a short text: the key numbers, never a whole frame."""
        return fit_text("CurveFit", self._facts(), self.summary())

    def _repr_html_(self) -> str:
        """Return the HTML card Jupyter shows (see ``core._display``)."""
        return fit_html("CurveFit · " + self.model, self._facts(), self.summary(), self.series)

    def summary(self) -> pd.DataFrame:
        """Tabulate the parameters with their intervals, then the fit statistics.

        Returns
        -------
        DataFrame
            Indexed by ``term``: one row per parameter (``estimate, std_error, low,
            high``), then ``n_obs``, ``dof``, ``residual_std`` and ``r_squared``
            (``estimate`` only); ``kind`` says which rows are which.

        Examples
        --------
        >>> years = np.arange(2010, 2020)
        >>> s = pd.Series(100 / (1 + np.exp(-(years - 2015))) + np.tile([1.0, -1.0], 5),
        ...               index=years)
        >>> table = fit_logistic(s).summary()
        >>> table["kind"].tolist()
        ['parameter', 'parameter', 'parameter', 'statistic', 'statistic', 'statistic', 'statistic']
        >>> int(table.loc["n_obs", "estimate"])
        10
        """
        y = self.series.to_numpy()
        residual = np.asarray(self.result.fvec)
        total = float(((y - y.mean()) ** 2).sum())
        statistics = {
            "n_obs": len(y),
            "dof": self.dof,
            "residual_std": self.residual_std,
            "r_squared": 1 - float(residual @ residual) / total if total else np.nan,
        }
        return summary_table(self.params, statistics)

    def predict(self, horizon: int = 0) -> pd.DataFrame:
        """Evaluate the curve over the data and ``horizon`` further steps, with intervals.

        Columns: ``mean`` (the fitted curve), ``mean_low``/``mean_high`` (its
        confidence interval, by the delta method) and ``low``/``high`` (prediction
        interval for a new observation: adds the residual variance).

        Parameters
        ----------
        horizon : int, default 0
            How many steps beyond the data to evaluate, at the index's spacing
            (years for a yearly index, the index's frequency for dates).

        Returns
        -------
        DataFrame
            Indexed by the data's index extended by ``horizon`` steps: ``mean``,
            ``mean_low``, ``mean_high``, ``low`` and ``high``.

        Raises
        ------
        InputError
            When ``horizon`` is positive and the date index has no regular
            frequency to extend.

        Examples
        --------
        >>> years = np.arange(2010, 2020)
        >>> noise = np.tile([1.0, -1.0], 5)
        >>> s = pd.Series(100 / (1 + np.exp(-(years - 2015))) + noise, index=years)
        >>> ahead = fit_logistic(s).predict(horizon=2)
        >>> ahead.index[-2:].tolist(), bool((ahead["low"] < ahead["mean"]).all())
        ([2020, 2021], True)
        """
        index = extend_index(self.series.index, horizon)
        t = self._time(index)
        theta = self.params["estimate"].to_numpy()
        mean = self._curve(t, *theta)
        jac = _jacobian(lambda th: self._curve(t, *th), theta)
        var_mean = np.einsum("ij,jk,ik->i", jac, self._covariance, jac)
        crit = stats.t.ppf(0.5 + self.level / 2, max(self.dof, 1))
        half_mean = crit * np.sqrt(np.maximum(var_mean, 0))
        half_new = crit * np.sqrt(np.maximum(var_mean, 0) + self.residual_std**2)
        return pd.DataFrame(
            {
                "mean": mean,
                "mean_low": mean - half_mean,
                "mean_high": mean + half_mean,
                "low": mean - half_new,
                "high": mean + half_new,
            },
            index=index,
        )


#: ``level`` of the curve fits (numpydoc entry).
_LEVEL = """\
level : float, default 0.95
    The confidence level of the parameters' intervals (and of the intervals of
    :meth:`~microcommerce.analyses.timeseries.CurveFit.predict`)."""

#: What the curve fits raise besides a bad series (numpydoc entries).
_FIT_RAISES = """\
InputError
    When fewer than four observations are left once missing values are dropped.
FitError
    When the fit does not converge, or the data do not determine the
    parameters (the curve is flat in one, or the fit ends on a bound)."""

_fit_doc = fill_doc(
    level=_LEVEL, fit_raises=_FIT_RAISES, breaks=BREAKS, series_raises=SERIES_RAISES
)


def _jacobian(f: Callable[[np.ndarray], np.ndarray], theta: np.ndarray) -> np.ndarray:
    cols = []
    for i in range(len(theta)):
        step = 1e-6 * max(abs(theta[i]), 1e-8)
        up, down = theta.copy(), theta.copy()
        up[i] += step
        down[i] -= step
        cols.append((f(up) - f(down)) / (2 * step))
    return np.column_stack(cols)


def _fit_curve(model: str, s: pd.Series, curve, names, p0, bounds, time, level) -> CurveFit:
    t, y = time(s.index), s.to_numpy()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", optimize.OptimizeWarning)
            # absolute_sigma: the covariance of unit-variance errors, inv(JᵀJ), so that a
            # parameter the data do not determine shows as a zero or infinite variance
            # even when the fit is perfect (whose scaled covariance is all zeros)
            theta, unit, info, message, status = optimize.curve_fit(
                curve,
                t,
                y,
                p0=p0,
                bounds=bounds,
                maxfev=20_000,
                absolute_sigma=True,
                full_output=True,
            )
    except (RuntimeError, optimize.OptimizeWarning, ValueError) as exc:
        raise FitError(
            f"fit_{model}: the fit did not converge ({exc}); the data may not show saturation yet"
        ) from None
    spread = np.diag(unit)
    stuck = np.asarray(theta) == np.asarray(p0, dtype=float)  # never left its starting value
    if not np.all(np.isfinite(spread)) or np.any(spread <= 0) or stuck.any():
        raise FitError(
            f"fit_{model}: the data do not determine the parameters (the fit ends "
            "on a bound or the curve is flat in some parameter); try another "
            "origin, more points, or a simpler model"
        )
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
    result = optimize.OptimizeResult(
        x=np.asarray(theta), cov=cov, message=message, status=status, **info
    )
    return CurveFit(model, params, level, dof, sigma, s, result, curve, cov, time)


@_fit_doc
def fit_logistic(
    series: pd.Series,
    *,
    level: float = 0.95,
    breaks: Iterable | None = None,
    allow_breaks: bool = False,
) -> CurveFit:
    """Fit ``capacity / (1 + exp(−rate · (t − midpoint)))``, t in years.

    ``capacity`` is the saturation level, ``rate`` the growth rate a year at the
    start, ``midpoint`` the year growth peaks. Needs at least four observations
    (three parameters and one degree of freedom left for the intervals).

    Parameters
    ----------
    series : Series
        The quantity that saturates (users, practitioners, market size) indexed by
        time: years, dates or periods (then ``t`` is in fractional years).
    {level}
    {breaks}

    Returns
    -------
    CurveFit
        ``params`` rows ``capacity``, ``rate`` and ``midpoint``.

    Raises
    ------
    {series_raises}
    {fit_raises}

    Examples
    --------
    >>> years = np.arange(2010, 2021)
    >>> s = pd.Series(100 / (1 + np.exp(-0.9 * (years - 2015.5))), index=years)
    >>> fit = fit_logistic(s)
    >>> fit.params["estimate"].round(3).tolist()
    [100.0, 0.9, 2015.5]
    """
    s = clean_series(series, "fit_logistic", minimum=4)
    check_breaks(s, breaks, allow_breaks, "fit_logistic")
    t, y = index_years(s.index), s.to_numpy()
    top = float(np.max(np.abs(y))) or 1.0
    p0 = [1.5 * top, 1.0, float(np.median(t))]
    bounds = ([0.0, 0.0, t.min() - 50], [np.inf, 50.0, t.max() + 50])
    return _fit_curve(
        "logistic", s, _logistic, ["capacity", "rate", "midpoint"], p0, bounds, index_years, level
    )


@_fit_doc
def fit_bass(
    series: pd.Series,
    *,
    cumulative: bool = True,
    origin: float | None = None,
    level: float = 0.95,
    breaks: Iterable | None = None,
    allow_breaks: bool = False,
) -> CurveFit:
    """Fit the Bass diffusion model: ``market · F(t)``, with innovation ``p`` and imitation ``q``.

    ``F(t) = (1 − e^(−(p+q)t)) / (1 + (q/p) e^(−(p+q)t))`` is the share of the
    eventual ``market`` that has adopted ``t`` years after ``origin``.

    Parameters
    ----------
    series : Series
        Adopters so far (``cumulative=True``, e.g. practitioner counts), or new
        adopters in each period (``cumulative=False``; one period = one time unit).
    cumulative : bool, default True
        Whether ``series`` counts adopters so far (fitted to ``market · F(t)``) or
        new adopters in each period (fitted to ``market · (F(t) − F(t − 1))``).
    origin : float, optional
        When adoption began, in the index's years; default one step before the
        first observation.
    {level}
    {breaks}

    Returns
    -------
    CurveFit
        ``params`` rows ``market``, ``p`` and ``q``.

    Raises
    ------
    {series_raises}
    {fit_raises}

    Examples
    --------
    >>> years = np.arange(2012, 2022)
    >>> s = pd.Series(bass_cumulative(years - 2011.0, 5e7, 0.01, 0.6), index=years)
    >>> fit_bass(s).params["estimate"].round(3).tolist()
    [50000000.0, 0.01, 0.6]
    """
    s = clean_series(series, "fit_bass", minimum=4)
    check_breaks(s, breaks, allow_breaks, "fit_bass")
    t0 = index_years(s.index)
    start = origin if origin is not None else t0[0] - ((t0[1] - t0[0]) if len(t0) > 1 else 1)

    def time(index: pd.Index) -> np.ndarray:
        return index_years(index) - start

    curve = bass_cumulative if cumulative else _bass_per_period
    y = s.to_numpy()
    top = float(y.max() if cumulative else y.sum()) or 1.0
    p0 = [2.0 * top, 0.01, 0.5]
    bounds = ([0.0, 1e-6, 0.0], [np.inf, 1.0, 10.0])
    return _fit_curve("bass", s, curve, ["market", "p", "q"], p0, bounds, time, level)
