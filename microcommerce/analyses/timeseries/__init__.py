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

The public names are re-exported here; the modules behind them are machinery and may
change without notice: ``_series`` (clean input, time axes, breaks, growth), ``_curves``
(the logistic and Bass fits), ``_its`` (the interrupted time series), ``_forecast`` (ETS
and ARIMA) and ``_display`` (the rich display of a fitted model).

Examples
--------
>>> import pandas as pd
>>> s = pd.Series([100.0, 150.0, 225.0], index=[2014, 2015, 2016])
>>> growth(s).tolist()
[nan, 0.5, 0.5]
>>> round(cagr(s), 6)
0.5
"""

from microcommerce.analyses.timeseries._curves import (
    CurveFit,
    bass_cumulative,
    fit_bass,
    fit_logistic,
)
from microcommerce.analyses.timeseries._forecast import ForecastFit, fit_forecast, forecast
from microcommerce.analyses.timeseries._its import InterruptedTimeSeries, interrupted_time_series
from microcommerce.analyses.timeseries._series import cagr, growth, mark_breaks

__all__ = [
    "CurveFit",
    "ForecastFit",
    "InterruptedTimeSeries",
    "bass_cumulative",
    "cagr",
    "fit_bass",
    "fit_forecast",
    "fit_logistic",
    "forecast",
    "growth",
    "interrupted_time_series",
    "mark_breaks",
]
