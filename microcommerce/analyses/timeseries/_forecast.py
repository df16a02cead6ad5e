"""Forecasts with prediction intervals: ETS and ARIMA (statsmodels)."""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from microcommerce.analyses.timeseries._display import fit_html, fit_text
from microcommerce.analyses.timeseries._series import (
    breaks_doc,
    check_breaks,
    clean_series,
    extend_index,
    summary_table,
)
from microcommerce.errors import ParameterError

# ---------------------------------------------------------------------------
# forecasts
# ---------------------------------------------------------------------------

_METHODS = ("ets", "arima")


@dataclass(frozen=True)
class ForecastFit:
    """A fitted forecasting model: predictions with intervals, a summary, statsmodels' result.

    Attributes
    ----------
    method : {"ets", "arima"}
        The model.
    level : float
        Prediction interval level.
    series : Series
        The data fitted.
    result : ETSResults or ARIMAResults
        statsmodels' own results object (``ETSResults`` or ``ARIMAResults``).
    """

    method: str
    level: float
    series: pd.Series
    result: Any = field(repr=False)

    def _facts(self) -> list[tuple[str, object]]:
        return [("method", self.method), ("n_obs", len(self.series)), ("level", self.level)]

    def __repr__(self) -> str:
        """Return a short text: the key numbers, never a whole frame."""
        return fit_text("ForecastFit", self._facts(), self.summary())

    def _repr_html_(self) -> str:
        """Return the HTML card Jupyter shows (see ``core._display``)."""
        return fit_html("ForecastFit · " + self.method, self._facts(), self.summary(), self.series)

    def predict(self, horizon: int) -> pd.DataFrame:
        """Forecast ``horizon`` steps past the data, with prediction intervals.

        Parameters
        ----------
        horizon : int
            Steps ahead (at least 1).

        Returns
        -------
        DataFrame
            Indexed by the future periods: ``mean, low, high``.

        Raises
        ------
        ParameterError
            When ``horizon`` is below 1.
        InputError
            When the date index has no regular frequency to extend.

        Examples
        --------
        >>> s = pd.Series(np.linspace(10, 40, 12) + np.tile([0.3, -0.3], 6),
        ...               index=pd.date_range("2014-01-31", periods=12, freq="ME"))
        >>> ahead = fit_forecast(s).predict(2)
        >>> [str(day.date()) for day in ahead.index], list(ahead.columns)
        (['2015-01-31', '2015-02-28'], ['mean', 'low', 'high'])
        """
        if horizon < 1:
            raise ParameterError(f"predict: horizon={horizon!r}: expected at least 1")
        n = len(self.series)
        future = extend_index(self.series.index, horizon)[n:]
        alpha = 1 - self.level
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # statsmodels' chatter on short series
            if self.method == "ets":
                frame = self.result.get_prediction(start=n, end=n + horizon - 1).summary_frame(
                    alpha=alpha
                )
                mean, low, high = frame["mean"], frame["pi_lower"], frame["pi_upper"]
            else:
                pred = self.result.get_forecast(horizon)
                bounds = pred.conf_int(alpha=alpha)
                mean, low, high = pred.predicted_mean, bounds[:, 0], bounds[:, 1]
        return pd.DataFrame(
            {"mean": np.asarray(mean), "low": np.asarray(low), "high": np.asarray(high)},
            index=future,
        )

    def summary(self) -> pd.DataFrame:
        """Tabulate the model's parameters, then the fit statistics (n_obs, AIC, BIC).

        Returns
        -------
        DataFrame
            Indexed by ``term``: the parameters' ``estimate`` (and ``std_error``
            where statsmodels gives one), then ``n_obs``, ``aic`` and ``bic``.

        Examples
        --------
        >>> s = pd.Series(np.linspace(10, 40, 12) + np.tile([0.3, -0.3], 6),
        ...               index=pd.date_range("2014-01-31", periods=12, freq="ME"))
        >>> table = fit_forecast(s, method="arima").summary()
        >>> table.loc[["n_obs"], "estimate"].tolist()
        [12.0]
        """
        names = list(getattr(self.result, "param_names", None) or self.result.model.param_names)
        params = pd.DataFrame(
            {"estimate": np.asarray(self.result.params, dtype=float)},
            index=pd.Index(names, name="term"),
        )
        errors = getattr(self.result, "bse", None)
        if errors is not None:
            params["std_error"] = np.asarray(errors, dtype=float)
        statistics = {
            "n_obs": len(self.series),
            "aic": float(self.result.aic),
            "bic": float(self.result.bic),
        }
        return summary_table(params, statistics)


@breaks_doc
def fit_forecast(
    series: pd.Series,
    *,
    method: str = "ets",
    level: float = 0.95,
    breaks: Iterable | None = None,
    allow_breaks: bool = False,
) -> ForecastFit:
    """Fit a forecasting model to a series.

    ``method="ets"``: exponential smoothing with an additive trend (statsmodels
    ``ETSModel``, additive errors); ``"arima"``: ARIMA(1,1,0) with drift.

    Parameters
    ----------
    series : Series
        At least four observations on a regular index.
    method : {"ets", "arima"}, default "ets"
        The model.
    level : float, default 0.95
        Prediction interval level.
    {breaks}

    Returns
    -------
    ForecastFit
        ``.predict(horizon)``, ``.summary()`` and ``.result``.

    Raises
    ------
    ParameterError
        For an unknown method (also a ``ValueError``).
    InputError
        For too short a series (also a ``ValueError``).
    {series_raises}

    Examples
    --------
    >>> s = pd.Series(np.linspace(10, 40, 12) + np.tile([0.3, -0.3], 6),
    ...               index=pd.date_range("2014-01-31", periods=12, freq="ME"))
    >>> fit = fit_forecast(s)
    >>> fit.method, fit.level, len(fit.series)
    ('ets', 0.95, 12)
    """
    if method not in _METHODS:
        raise ParameterError(f"forecast: method={method!r}: expected one of {', '.join(_METHODS)}")
    s = clean_series(series, "forecast", minimum=4)
    check_breaks(s, breaks, allow_breaks, "forecast")
    y = s.to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels' convergence chatter on short series
        if method == "ets":
            from statsmodels.tsa.exponential_smoothing.ets import ETSModel

            endog = pd.Series(y)  # statsmodels' ETS predictions need a pandas input
            result = ETSModel(endog, error="add", trend="add").fit(disp=False)
        else:
            from statsmodels.tsa.arima.model import ARIMA

            result = ARIMA(y, order=(1, 1, 0), trend="t").fit()
    return ForecastFit(method, level, s, result)


@breaks_doc
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

    The model as :func:`fit_forecast` fits it (for its summary and statsmodels'
    result); short annual series give wide intervals — that is the honest answer.

    Parameters
    ----------
    series : Series
        At least four observations on a regular index.
    horizon : int
        Steps ahead (at least 1).
    method : {"ets", "arima"}, default "ets"
        The model.
    level : float, default 0.95
        Prediction interval level.
    {breaks}

    Returns
    -------
    DataFrame
        Indexed by the future periods: ``mean, low, high``.

    Raises
    ------
    ParameterError
        For a ``horizon`` below 1 or an unknown method.
    InputError
        For too short a series, or a date index without a regular frequency.
    {series_raises}

    Examples
    --------
    >>> s = pd.Series(np.linspace(10, 40, 12) + np.tile([0.3, -0.3], 6),
    ...               index=pd.date_range("2014-01-31", periods=12, freq="ME"))
    >>> out = forecast(s, horizon=3)
    >>> list(out.columns), len(out), bool((out["low"] < out["mean"]).all())
    (['mean', 'low', 'high'], 3, True)
    """
    if horizon < 1:
        raise ParameterError(f"forecast: horizon={horizon!r}: expected at least 1")
    fit = fit_forecast(series, method=method, level=level, breaks=breaks, allow_breaks=allow_breaks)
    return fit.predict(horizon)
