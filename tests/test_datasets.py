"""Every curated dataset validates: metadata, keys, bounds, units, provenance, and the parser."""

from __future__ import annotations

import csv
import math
from importlib.resources import files

import pandas as pd
import pytest

from microcommerce import datasets
from microcommerce.parse import UNITS, parse_amount, parse_date

NAMES = datasets.names()
KEYS = {"facts": "fact_id", "events": "event_id", "online_retail": "year", "fx": "year",
        "seed_claims": "claim_id"}  # fmt: skip
DTYPES = {"str": "str", "category": "category", "float64": "float64", "Int64": "Int64",
          "bool": "bool", "datetime64": "datetime64[us]"}  # fmt: skip
PARSED_LANGUAGES = {"zh", "en", "ja"}  # the parser reads these; others are listed below


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


def test_the_five_datasets_ship():
    assert NAMES == ["events", "facts", "fx", "online_retail", "seed_claims"]


@pytest.mark.parametrize("name", NAMES)
def test_sidecar_describes_exactly_the_file_columns(name):
    with (files("microcommerce.datasets") / f"{name}.csv").open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    meta = datasets.describe(name)
    assert list(meta["columns"]) == header
    for key in ("title", "description", "producers", "license", "accessed"):
        assert meta[key], (name, key)
    for column, spec in meta["columns"].items():
        assert spec["dtype"] in DTYPES and spec["description"], (name, column)


@pytest.mark.parametrize("name", NAMES)
def test_load_types_columns_as_the_sidecar_says(name):
    df = datasets.load(name)
    for column, spec in datasets.describe(name)["columns"].items():
        assert str(df[column].dtype) == DTYPES[spec["dtype"]], (name, column, df[column].dtype)


@pytest.mark.parametrize("name", NAMES)
def test_keys_are_unique_and_present(name):
    key = datasets.load(name)[KEYS[name]]
    assert key.notna().all() and key.is_unique


def test_load_returns_a_copy_and_unknown_names_list_the_known_ones():
    first = datasets.load("facts")
    first.loc[0, "value"] = -1.0
    assert datasets.load("facts").loc[0, "value"] != -1.0
    with pytest.raises(KeyError, match="the datasets are events, facts, fx, online_retail"):
        datasets.load("weishang")


# ---------------------------------------------------------------------------
# facts
# ---------------------------------------------------------------------------

FACTS = datasets.load("facts")


def test_bounds_are_ordered():
    f = FACTS
    assert ((f["value_low"] <= f["value"]) | f["value_low"].isna()).all()
    assert ((f["value"] <= f["value_high"]) | f["value_high"].isna()).all()


def test_units_and_vocabularies():
    assert set(FACTS["unit"]) <= set(UNITS)
    assert set(FACTS["qualifier"]) <= {"exact", "about", "over", "under", "range"}
    assert set(FACTS["basis"]) == {"actual", "forecast", "claim"}
    assert set(FACTS["confidence"]) <= {"high", "medium", "low", "unsourced"}


def test_every_row_has_a_producer_and_an_address_or_says_it_has_none():
    for name in ("facts", "events", "fx"):
        df = datasets.load(name)
        producer = df["producer"] if "producer" in df else df["source"]
        assert producer.notna().all(), name
        assert (df["address"].notna() | (df["confidence"] == "unsourced")).all(), name


@pytest.mark.parametrize("row", FACTS.to_dict("records"), ids=FACTS["fact_id"].tolist())
def test_as_written_parses_back_to_the_stored_figure(row):
    if row["language"] not in PARSED_LANGUAGES:
        pytest.skip(f"{row['language']} wording is not read by the parser (see test below)")
    got = parse_amount(row["as_written"])
    assert got.error is None, got
    assert same(got.value, row["value"]), (got, row["value"])
    assert same(got.low, row["value_low"]) and same(got.high, row["value_high"])
    assert got.qualifier == row["qualifier"]
    assert got.unit is None or got.unit == row["unit"]


def test_figures_the_parser_cannot_read_are_few_and_explained():
    other = FACTS[~FACTS["language"].isin(PARSED_LANGUAGES)]
    assert other["fact_id"].tolist() == ["online_retail_2022_nbs"]
    assert other["note"].str.contains("parser").all()


def test_periods_parse():
    for period in FACTS["period"]:
        assert parse_date(period).error is None, period


def test_the_2017_change_of_measure_is_flagged():
    isc = FACTS[FACTS["producer"].str.startswith("中国互联网协会")
                & (FACTS["topic"] == "market_size")]  # fmt: skip
    years = isc["period"].str[:4].astype(int)
    assert set(isc.loc[years <= 2016, "entity"]) == {"weishang_industry"}
    assert set(isc.loc[years >= 2017, "entity"]) == {"social_ecommerce"}


# ---------------------------------------------------------------------------
# the other datasets
# ---------------------------------------------------------------------------


def test_online_retail_agrees_with_its_facts_rows():
    retail = datasets.load("online_retail").merge(FACTS, on="fact_id", suffixes=("", "_fact"))
    assert len(retail) == len(datasets.load("online_retail"))
    assert (retail["value"] == retail["value_fact"]).all()
    assert (retail["year"].astype(str) == retail["period"]).all()
    assert retail["year"].is_monotonic_increasing


def test_fx_as_written_gives_the_rate():
    for row in datasets.load("fx").to_dict("records"):
        if row["language"] == "es":  # decimal comma, explained in the note
            assert "decimal comma" in row["note"]
            continue
        rate = parse_amount(row["as_written"]).value / row["per_usd"]
        assert round(rate, 4) == row["cny_per_usd"], row["year"]
        assert 5.5 < row["cny_per_usd"] < 7.5


def test_events_dates_and_the_documented_conflict():
    events = datasets.load("events").set_index("event_id")
    assert events["date"].is_monotonic_increasing
    assert events.loc["wechat_pay_launch", "date"] == pd.Timestamp("2013-08-05")
    assert events.loc["seed_wechat_pay_date", "date"] == pd.Timestamp("2013-07-09")
    notice = events.loc["wechat_illegal_distribution_notice_2015", "date"]
    assert notice == pd.Timestamp("2015-02-15")
    assert events.loc[events["from_seed"]].index.str.startswith("seed_").all()


def test_seed_claims_point_at_existing_rows_and_reparse():
    claims = datasets.load("seed_claims")
    fact_ids = set(FACTS["fact_id"])
    event_ids = set(datasets.load("events")["event_id"])
    for row in claims.to_dict("records"):
        refs_f = [x for x in str(row["fact_ids"]).split(";") if x and x != "nan"]
        refs_e = [x for x in str(row["event_ids"]).split(";") if x and x != "nan"]
        assert refs_f or refs_e, row["claim_id"]
        assert set(refs_f) <= fact_ids and set(refs_e) <= event_ids, row["claim_id"]
        if isinstance(row["figure_as_written"], str):
            assert same(parse_amount(row["figure_as_written"]).value, row["parsed_value"])
        if isinstance(row["date_as_written"], str):
            span = parse_date(row["date_as_written"], ref_year=2015)
            assert span.start == row["parsed_date"] and span.precision == row["date_precision"]
    assert set(claims["verdict"]) <= {"consistent", "conflict", "unverified"}
    pay = claims.set_index("claim_id").loc["wechat_pay_date"]
    assert pay["verdict"] == "conflict" and "2013-08-05" in pay["reason"]


def test_list_summarises_every_dataset():
    listing = datasets.list()
    assert listing["name"].tolist() == NAMES
    assert listing.set_index("name").loc["facts", "rows"] == len(FACTS)
    assert listing["title"].str.len().gt(10).all()
