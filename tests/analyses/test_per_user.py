"""Published figures per hundred WeChat monthly active accounts: hand-worked ratios and matching.

Imports the analyses layer's private ``analyses._per_user`` to test its machinery.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from microcommerce import datasets
from microcommerce.analyses._per_user import MATCHES, per_hundred_users

FACTS = datasets.load("facts").set_index("fact_id")
IDS = ["zhiyan_social_ecom_practitioners_2020", "isc_weishang_practitioners_2015",
       "chinadaily_weishang_traders_2015_start", "isc_social_ecom_practitioners_2018_fcst",
       "isc_weishang_market_2015"]  # fmt: skip


@pytest.fixture
def figures() -> pd.DataFrame:
    return FACTS.loc[IDS].reset_index()


def test_hand_worked_ratios_against_the_wechat_users_dataset(figures):
    out = per_hundred_users(figures).set_index("fact_id")
    # 1257万 practitioners over WeChat's 600 million accounts of 2015Q2 (the only 2015 count)
    assert out.loc["isc_weishang_practitioners_2015", "wechat_period"] == "2015Q2"
    assert math.isclose(out.loc["isc_weishang_practitioners_2015", "per_100_accounts"], 2.095)
    # 1819.5亿元 over the same 600 million: 30,325 yuan per hundred accounts
    assert math.isclose(out.loc["isc_weishang_market_2015", "per_100_accounts"], 30_325.0)
    # 'more than 30 million' in 2018 over about 10.98亿 (2018Q4, the year's latest count): a lower
    # bound, no upper one
    over = out.loc["isc_social_ecom_practitioners_2018_fcst"]
    assert over["wechat_obs_id"] == "wechat_mau_2018q4"
    assert math.isclose(over["per_100_low"], 300 / 109.8) and math.isnan(over["per_100_high"])


def test_matching_stays_in_the_year_and_says_how(figures):
    out = per_hundred_users(figures).set_index("fact_id")
    assert out["match"].to_dict() == {
        "zhiyan_social_ecom_practitioners_2020": MATCHES[2],  # no WeChat count for 2020
        "isc_weishang_practitioners_2015": MATCHES[0],
        "chinadaily_weishang_traders_2015_start": MATCHES[1],  # 2015-01: the 2015Q2 count, later
        "isc_social_ecom_practitioners_2018_fcst": MATCHES[0],
        "isc_weishang_market_2015": MATCHES[0],
    }
    missing = out.loc["zhiyan_social_ecom_practitioners_2020"]
    assert pd.isna(missing["wechat_mau"]) and pd.isna(missing["per_100_accounts"])


def test_rows_order_and_input_are_kept(figures):
    before = figures.copy()
    shuffled = figures.iloc[[3, 0, 4, 2, 1]]
    out = per_hundred_users(shuffled)
    pd.testing.assert_frame_equal(figures, before)  # the input is not changed
    assert out.index.tolist() == shuffled.index.tolist()
    assert out["fact_id"].tolist() == shuffled["fact_id"].tolist()
    matched = out["wechat_mau"].notna()
    back = out.loc[matched, "per_100_accounts"] * out.loc[matched, "wechat_mau"] / 100
    pd.testing.assert_series_equal(back, out.loc[matched, "value"], check_names=False)


def test_every_fact_gets_a_row_and_only_mau_counts_are_used():
    facts = FACTS.reset_index()
    out = per_hundred_users(facts)
    assert len(out) == len(facts) and out["fact_id"].tolist() == facts["fact_id"].tolist()
    used = set(out["wechat_obs_id"].dropna())
    assert used and all(obs.startswith("wechat_mau_") for obs in used)


def test_errors_name_what_is_wrong(figures):
    with pytest.raises(ValueError, match=r"missing \['value_low'\]"):
        per_hundred_users(figures.drop(columns="value_low"))
    with pytest.raises(ValueError, match=r"periods \['sometime'\] are not dates"):
        per_hundred_users(figures.assign(period="sometime"))
