"""Time-series models: exact growth, recovered parameters, the 2015 shock, breaks."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from microcommerce import datasets
from microcommerce.analyses import market_size
from microcommerce.analyses.timeseries import (
    bass_cumulative,
    cagr,
    fit_bass,
    fit_logistic,
    forecast,
    growth,
    interrupted_time_series,
    mark_breaks,
)
from microcommerce.errors import DefinitionalBreakError
from microcommerce.simulation import PyramidParams, simulate_pyramid


def test_growth_and_cagr_exact():
    s = pd.Series([100.0, 110.0, 121.0], index=[2014, 2015, 2016])
    assert growth(s).round(12).tolist()[1:] == [0.1, 0.1]
    assert cagr(s) == pytest.approx(0.1, abs=1e-12)
    assert cagr(s, 2015, 2016) == pytest.approx(0.1)
    monthly = pd.Series([100.0, 121.0], index=pd.to_datetime(["2014-01-01", "2016-01-01"]))
    assert cagr(monthly) == pytest.approx(0.1, abs=1e-3)  # two years, leap day included
    with pytest.raises(ValueError, match="positive start"):
        cagr(pd.Series([0.0, 1.0], index=[2014, 2015]))


def test_fit_logistic_recovers_known_parameters_with_intervals():
    rng = np.random.default_rng(7)
    years = np.arange(2008, 2024)
    truth = {"capacity": 5e12, "rate": 0.8, "midpoint": 2016.0}
    clean = truth["capacity"] / (1 + np.exp(-truth["rate"] * (years - truth["midpoint"])))
    s = pd.Series(clean * (1 + 0.02 * rng.standard_normal(len(years))), index=years)
    fit = fit_logistic(s)
    for name, value in truth.items():
        row = fit.params.loc[name]
        assert row["low"] <= value <= row["high"], name
        assert abs(row["estimate"] - value) < 0.05 * abs(value), name
    ahead = fit.predict(horizon=3)
    assert ahead.index.tolist() == [*years, 2024, 2025, 2026]
    assert (ahead["low"] < ahead["mean_low"]).all() and (ahead["mean_low"] < ahead["mean"]).all()
    assert (ahead["mean"] < ahead["mean_high"]).all() and (ahead["mean_high"] < ahead["high"]).all()


def test_fit_bass_recovers_known_parameters():
    years = np.arange(2012, 2024)
    s = pd.Series(bass_cumulative(years - 2011.0, 7.7e7, 0.02, 0.45), index=years)
    fit = fit_bass(s)
    assert fit.params["estimate"].tolist() == pytest.approx([7.7e7, 0.02, 0.45], rel=1e-4)
    per_year = s.diff().dropna()
    fit2 = fit_bass(per_year, cumulative=False, origin=2011.0)
    assert fit2.params["estimate"].tolist() == pytest.approx([7.7e7, 0.02, 0.45], rel=1e-3)


def test_fits_need_enough_points_and_refuse_breaks():
    with pytest.raises(ValueError, match="at least 4"):
        fit_logistic(pd.Series([1.0, 2.0, 3.0], index=[2015, 2016, 2017]))
    facts = datasets.load("facts")
    isc = mark_breaks(
        facts[
            facts["fact_id"].isin(
                [
                    "isc_weishang_market_2015",
                    "isc_weishang_market_2016_fcst",
                    "isc_social_ecom_market_2017_fcst",
                    "isc_social_ecom_market_2018",
                    "isc_social_ecom_market_2019",
                ]
            )
        ]
    )
    assert isc["segment"].tolist() == [0, 0, 1, 1, 1]
    breaks = isc.loc[isc["break_before"], "period"].astype(int).tolist()
    assert breaks == [2017]
    series = pd.Series(isc["value"].to_numpy(), index=isc["period"].astype(int))
    with pytest.raises(DefinitionalBreakError, match="2017"):
        fit_logistic(series, breaks=breaks)
    with pytest.raises(DefinitionalBreakError):
        cagr(series, breaks=breaks)
    assert cagr(series.loc[2017:], breaks=breaks) > 0  # one side only: fine
    assert growth(series, breaks=breaks).isna().tolist() == [True, False, True, False, False]
    with pytest.raises(DefinitionalBreakError):
        forecast(series, horizon=1, breaks=breaks)


def test_interrupted_time_series_exact_on_a_clean_break():
    months = pd.date_range("2013-09-30", periods=36, freq="ME")
    t = np.arange(36.0)
    post = months >= "2015-03-01"  # the first whole month after the notice of 2015-02-15
    start = t[post][0]
    y = 50 + 3 * t - 40 * post - 1.5 * (t - start) * post
    y[months == "2015-02-28"] = 999.0  # the straddling month is left out: any value will do
    its = interrupted_time_series(pd.Series(y, index=months))
    effects = its.effects["estimate"]
    assert effects["level_change"] == pytest.approx(-40)
    assert effects["slope_change"] == pytest.approx(-1.5)
    assert effects["pre_slope"] == pytest.approx(3)
    assert not its.fitted.index.isin([pd.Timestamp("2015-02-28")]).any()  # straddling month
    counter = its.fitted["counterfactual"]
    assert counter.iloc[-1] == pytest.approx(50 + 3 * 35)
    with pytest.raises(ValueError, match="two periods on each side"):
        interrupted_time_series(pd.Series(y[:17], index=months[:17]))


def test_interrupted_time_series_on_the_simulated_shock():
    """Eight seeds of a brand recruiting at a steady rate (so the pre-trend is a line in
    logs, as the model assumes), a year around the notice, with and without the shock.

    The truth is known from the twin run without the shock (same seed, same draws up to
    the shock): the monthly log effect log(y_shock / y_no_shock), summarised the way
    the model does — the intercept of a straight line through the post-shock effects.
    """
    params = PyramidParams(potential_agents=20_000, imitation=0.0, innovation=0.02)
    covered = detected = false_alarms = 0
    for seed in range(8):
        series = []
        for p in (params, dataclasses.replace(params, shock=None)):
            sim = simulate_pyramid(p, seed=seed)
            sales = market_size(sim.orders, by=()).set_index("period")["sell_through"]
            series.append(sales.loc["2014-08-01":"2015-09-30"])
        shocked, calm = series
        its = interrupted_time_series(shocked, log=True)
        after = its.fitted.index[its.fitted["post"]]
        effect = np.log(shocked[after]) - np.log(calm[after])
        _, true_level = np.polyfit(np.arange(len(after)), effect.to_numpy(), 1)
        row = its.effects.loc["level_change"]
        covered += bool(row["low"] <= true_level <= row["high"])
        detected += its.detected()
        false_alarms += interrupted_time_series(calm, log=True).detected()
    assert detected == 8
    assert covered >= 7
    # at the 95 % level a false alarm is expected about once in 20; allow two in eight
    # for the slight curvature of the simulated growth
    assert false_alarms <= 2


def test_forecasts_with_intervals():
    months = pd.date_range("2014-01-31", periods=24, freq="ME")
    s = pd.Series(100 + 5 * np.arange(24) + np.tile([1.0, -1.0], 12), index=months)
    out = forecast(s, horizon=6)
    assert out.index.tolist() == list(pd.date_range("2016-01-31", periods=6, freq="ME"))
    assert out["mean"].iloc[0] == pytest.approx(220, abs=3)
    widths = (out["high"] - out["low"]).to_numpy()
    assert (np.diff(widths) > 0).all()  # uncertainty grows with the horizon
    arima = forecast(s, horizon=3, method="arima")
    assert (arima["low"] < arima["mean"]).all() and (arima["mean"] < arima["high"]).all()
    years = pd.Series([1.0, 2.0, 3.5, 5.0, 6.0], index=[2015, 2016, 2017, 2018, 2019])
    assert forecast(years, horizon=2).index.tolist() == [2020, 2021]
    with pytest.raises(ValueError, match="method"):
        forecast(s, horizon=1, method="prophet")


def test_review_findings_breaks_gaps_and_overlaps():
    # growth across a break with no observation in the break year
    gapped = pd.Series([1.0, 2.0, 10.0, 20.0], index=[2015, 2016, 2018, 2019])
    assert growth(gapped, breaks=[2017]).isna().tolist() == [True, False, True, False]
    assert growth(gapped, breaks=["2017"]).isna().tolist() == [True, False, True, False]
    with pytest.raises(DefinitionalBreakError):
        cagr(gapped, breaks=["2017"])  # the strings mark_breaks gives
    # months missing from an interrupted series keep their place on the time axis
    months = pd.date_range("2014-01-31", periods=24, freq="ME")
    t = np.arange(24)
    y = pd.Series(100 + 2.0 * t - 30 * (months >= "2015-03-01"), index=months)
    y.iloc[[3, 7, 15, 20]] = np.nan
    effects = interrupted_time_series(y).effects["estimate"]
    assert effects["level_change"] == pytest.approx(-30)
    assert effects["pre_slope"] == pytest.approx(2)
    assert effects["slope_change"] == pytest.approx(0, abs=1e-9)
    # a year published under both definitions does not flip the segments back and forth
    both = pd.DataFrame(
        {
            "period": ["2016", "2017", "2017", "2018"],
            "entity": ["A", "B", "A", "B"],
            "metric": ["m"] * 4,
        }
    )
    assert mark_breaks(both)["segment"].tolist() == [0, 0, 1, 1]


def test_a_fit_the_data_cannot_determine_is_refused():
    # five annual transaction volumes as "adopters per year": curve_fit stops on a bound
    years = [2015, 2016, 2017, 2018, 2019]
    s = pd.Series([1.8195e11, 3.6073e11, 6.8358e11, 1.2e12, 2.06058e12], index=years)
    with pytest.raises(ValueError, match="do not determine the parameters"):
        fit_bass(s, cumulative=False, origin=2011.0)
