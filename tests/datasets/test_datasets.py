"""Every curated dataset validates: sidecar, keys, bounds, units, provenance, dates and the parser.

The generic checks run over every dataset (parametrised by name) and read what to check from
the sidecar, so a new dataset is validated as soon as its CSV and TOML exist. The parser
tie-in re-reads every figure's ``as_written`` text with ``parse_amount``: a disagreement is a
bug in the data or in the parser, and the failing row says which figure.
"""

from __future__ import annotations

import csv
import math
from importlib.resources import files
from pathlib import Path

import pandas as pd
import pytest
from floats import same

from microcommerce import datasets
from microcommerce.parse import QUALIFIERS, UNITS, parse_amount, parse_date

NAMES = datasets.names()
DTYPES = {
    "str": "str",
    "category": "category",
    "float64": "float64",
    "Int64": "Int64",
    "datetime64": "datetime64[us]",
}
METADATA = ("title", "description", "producers", "license", "terms", "accessed", "key")
BOUNDS = (("value_low", "value", "value_high"), ("parsed_low", "parsed_value", "parsed_high"))
UNIT_COLUMNS = ("unit", "parsed_unit")
DATE_TEXT_COLUMNS = ("period", "published")  # str columns that hold dates or periods
CONFIDENCE = ["unsourced", "low", "medium", "high"]
# dataset -> (as_written, value, low, high, qualifier or None, unit) of its figures
FIGURES = {
    "facts": ("as_written", "value", "value_low", "value_high", "qualifier", "unit"),
    "seed_claims": (
        "figure_as_written",
        "parsed_value",
        "parsed_low",
        "parsed_high",
        None,
        "parsed_unit",
    ),
}


def num(x: object) -> float:
    return math.nan if pd.isna(x) else float(x)


def raw_rows(name: str) -> list[dict[str, str]]:
    """The CSV as text, as shipped inside the package."""
    with (files("microcommerce.datasets") / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def refs(cell: object) -> list[str]:
    return [] if pd.isna(cell) else [x for x in str(cell).split(";") if x]


# ---------------------------------------------------------------------------
# generic checks, one parametrised set over every dataset
# ---------------------------------------------------------------------------


def test_the_six_datasets_ship():
    assert NAMES == ["events", "facts", "fx", "online_retail", "seed_claims", "wechat_users"]


@pytest.mark.parametrize("name", NAMES)
def test_sidecar_describes_exactly_the_file_columns(name):
    with (files("microcommerce.datasets") / f"{name}.csv").open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    meta = datasets.describe(name)
    assert list(meta.columns) == header  # same names, same order
    for key in METADATA:
        assert getattr(meta, key), (name, key)
    assert meta.key in header
    assert "MIT" in meta.license and meta.terms.strip()
    for column, spec in meta.columns.items():
        assert spec.dtype in DTYPES and spec.description, (name, column)
        if spec.dtype == "float64":
            assert spec.unit, f"{name}.{column}: a number needs a unit"
        if spec.categories is not None:
            assert spec.dtype == "category"
            assert len(set(spec.categories)) == len(spec.categories), (name, column)


@pytest.mark.parametrize("name", NAMES)
def test_load_types_columns_as_the_sidecar_says(name):
    df = datasets.load(name)
    for column, spec in datasets.describe(name).columns.items():
        assert str(df[column].dtype) == DTYPES[spec.dtype], (name, column, df[column].dtype)
        if spec.categories is not None:
            assert tuple(df[column].cat.categories) == spec.categories, (name, column)
            assert df[column].cat.ordered == spec.ordered


@pytest.mark.parametrize("name", NAMES)
def test_keys_are_unique_and_present(name):
    key = datasets.load(name)[datasets.describe(name).key]
    assert key.notna().all() and key.is_unique, key[key.duplicated()].tolist()


@pytest.mark.parametrize("name", NAMES)
def test_bounds_are_ordered_and_match_the_qualifier(name):
    df = datasets.load(name)
    for low, value, high in BOUNDS:
        if not {low, value, high} <= set(df.columns):
            continue
        assert ((df[low] <= df[value]) | df[low].isna()).all(), name
        assert ((df[value] <= df[high]) | df[high].isna()).all(), name
        if "qualifier" not in df:
            continue
        for row in df.to_dict("records"):
            v, lo, hi, q = row[value], row[low], row[high], row["qualifier"]
            if pd.isna(v):
                continue
            where = (name, row[datasets.describe(name).key], q)
            if q in ("exact", "about"):
                assert lo == v == hi, where
            elif q == "over":
                assert lo == v and math.isnan(hi), where
            elif q == "under":
                assert hi == v and math.isnan(lo), where
            else:  # a range: value is the midpoint
                assert lo < hi and v == (lo + hi) / 2, where


@pytest.mark.parametrize("name", NAMES)
def test_units_and_vocabularies(name):
    df = datasets.load(name)
    meta = datasets.describe(name).columns
    for column in UNIT_COLUMNS:
        if column in df:
            assert set(df[column].dropna()) <= set(UNITS), (name, column)
            assert meta[column].categories == tuple(UNITS), "the sidecar lists the vocabulary"
    if "qualifier" in df:
        assert set(df["qualifier"].dropna()) <= set(QUALIFIERS)
    if "confidence" in df:
        assert meta["confidence"].categories == tuple(CONFIDENCE)
        assert df["confidence"].notna().all()


@pytest.mark.parametrize("name", NAMES)
def test_every_row_has_a_producer_and_an_address_or_says_it_has_none(name):
    df = datasets.load(name)
    meta = datasets.describe(name)
    if "address" not in df:  # one source for the whole table (the seed article)
        assert meta.address.startswith("https://") and meta.source
        return
    producer = df["producer"] if "producer" in df else df["source"]
    assert (producer.notna() & producer.str.strip().ne("")).all(), name
    unsourced = df["confidence"] == "unsourced"
    assert (df["address"].notna() | unsourced).all(), df.loc[df["address"].isna() & ~unsourced]
    assert df.loc[unsourced, "address"].isna().all(), "an unsourced row cannot have an address"
    assert df["address"].dropna().str.match(r"https?://\S+$").all(), name
    if unsourced.any() and "note" in df:  # stated openly, not just flagged
        assert df.loc[unsourced, "note"].str.contains("no source|unsourced", case=False).all()


@pytest.mark.parametrize("name", NAMES)
def test_dates_and_periods_parse(name):
    meta = datasets.describe(name).columns
    loaded = datasets.load(name)
    for i, row in enumerate(raw_rows(name)):
        for column, spec in meta.items():
            text = row[column]
            if not text or not (column in DATE_TEXT_COLUMNS or spec.dtype == "datetime64"):
                continue
            span = parse_date(text)
            assert span.error is None, (name, column, text, span.error)
            if spec.dtype == "datetime64":  # loaded as the start of the period
                assert loaded.loc[i, column] == span.start, (name, column, text)
                for precision in ("precision", "date_precision"):
                    if precision in row:
                        assert span.precision == row[precision], (name, column, text)


# ---------------------------------------------------------------------------
# the parser tie-in: every figure's words give back its stored numbers
# ---------------------------------------------------------------------------


def _figure_rows() -> list[tuple[str, str, dict]]:
    out = []
    for name, (written, *_rest) in FIGURES.items():
        key = datasets.describe(name).key
        for row in datasets.load(name).to_dict("records"):
            if not pd.isna(row[written]):
                out.append((name, row[key], row))
    return out


FIGURE_ROWS = _figure_rows()


@pytest.mark.parametrize(
    ("name", "key", "row"), FIGURE_ROWS, ids=[f"{n}:{k}" for n, k, _ in FIGURE_ROWS]
)
def test_as_written_parses_back_to_the_stored_figure(name, key, row):
    written, value, low, high, qualifier, unit = FIGURES[name]
    got = parse_amount(row[written])
    assert got.error is None, (row[written], got.error)
    assert same(got.value, num(row[value])), (row[written], got.value, row[value])
    assert same(got.low, num(row[low])) and same(got.high, num(row[high])), (got, row)
    if qualifier:
        assert got.qualifier == row[qualifier], (row[written], got.qualifier)
    assert got.unit is None or got.unit == row[unit], (row[written], got.unit, row[unit])


def test_every_fact_has_a_figure_and_events_are_not_facts():
    facts = datasets.load("facts")
    assert facts["as_written"].notna().all() and facts["value"].notna().all()
    assert len(FIGURE_ROWS) == len(facts) + datasets.load("seed_claims")["kind"].eq("figure").sum()


# ---------------------------------------------------------------------------
# the API
# ---------------------------------------------------------------------------


def test_load_returns_a_copy():
    first = datasets.load("facts")
    first.loc[0, "value"] = -1.0
    del first["note"]
    again = datasets.load("facts")
    assert again.loc[0, "value"] != -1.0 and "note" in again
    meta = datasets.describe("facts")
    meta.columns["value"] = None  # the dict of columns is the caller's own
    assert datasets.describe("facts").columns["value"].unit == "the row's unit"


@pytest.mark.parametrize("call", [datasets.load, datasets.describe])
def test_unknown_names_raise_a_key_error_listing_the_known_ones(call):
    with pytest.raises(KeyError, match="the datasets are events, facts, fx, online_retail, seed"):
        call("weishang")


def test_catalog_summarises_every_dataset():
    listing = datasets.catalog()
    assert list(listing.columns) == ["name", "title", "rows", "producer"]
    assert listing["name"].tolist() == NAMES
    assert listing["rows"].tolist() == [len(datasets.load(n)) for n in NAMES]
    assert listing["title"].str.len().gt(10).all() and listing["producer"].str.len().gt(5).all()


# ---------------------------------------------------------------------------
# what each dataset promises
# ---------------------------------------------------------------------------

FACTS = datasets.load("facts")


def test_facts_vocabularies_and_the_2017_change_of_measure():
    basis = datasets.describe("facts").columns["basis"].categories
    assert basis == ("actual", "forecast", "target", "reported-unofficial", "claim")
    assert set(FACTS["basis"]) == set(basis)  # every basis is in use
    unofficial = FACTS[FACTS["basis"] == "reported-unofficial"]
    assert unofficial["note"].str.contains("side by side|disputed|denied").all()
    mofcom_2020 = FACTS.set_index("fact_id").loc["mofcom_online_retail_2020_fcst"]
    assert mofcom_2020["basis"] == "target" and mofcom_2020["published"] == "2016-07-13"
    isc = FACTS[
        FACTS["producer"].str.startswith("中国互联网协会")
        & FACTS["topic"].isin(["market_size", "practitioners"])
    ]
    years = isc["period"].str[:4].astype(int)
    retro = isc["fact_id"].str.endswith("_retro")  # a later report re-measuring an earlier year
    assert set(isc.loc[(years <= 2016) & ~retro, "entity"]) == {"weishang_industry"}
    assert set(isc.loc[(years >= 2017) | retro, "entity"]) == {"social_ecommerce"}
    seed = FACTS[FACTS["fact_id"].str.startswith("seed_")]
    assert (seed["basis"] == "claim").all() and (seed["confidence"] <= "low").all()


def test_producer_keys_are_one_documented_vocabulary():
    spec = datasets.describe("facts").columns["producer_key"]
    assert datasets.describe("wechat_users").columns["producer_key"].categories == spec.categories
    for key in spec.categories:  # each key is spelled out beside its organisation
        assert f"{key} " in spec.description, key
    for name in ("facts", "wechat_users"):
        raw = [row["producer_key"] for row in raw_rows(name)]
        assert set(raw) <= set(spec.categories), set(raw) - set(spec.categories)
    assert (FACTS.loc[FACTS["fact_id"].str.startswith("seed_"), "producer_key"] == "seed").all()
    unknown = FACTS["producer_key"] == "unknown"
    assert (unknown == (FACTS["confidence"] == "unsourced")).all()
    assert (datasets.load("wechat_users")["producer_key"] == "tencent").all()
    # a key names one organisation: ISC's rows are every row whose producer starts with it
    isc = FACTS["producer"].str.startswith("中国互联网协会")
    assert (isc == (FACTS["producer_key"] == "isc")).all()


def test_online_retail_agrees_with_its_facts_rows_and_flags_its_measures():
    retail = datasets.load("online_retail")
    both = retail.merge(FACTS, on="fact_id", suffixes=("", "_fact"), validate="one_to_one")
    assert len(both) == len(retail) and retail["year"].is_monotonic_increasing
    assert (both["value"] == both["value_fact"]).all()
    assert (both["qualifier"].astype(str) == both["qualifier_fact"].astype(str)).all()
    assert (both["year"].astype(str) == both["period"]).all()
    assert (both["address"] == both["address_fact"]).all()
    assert (both["source"] == both["producer"]).all()
    nbs = retail["measure"].isin(["nbs", "nbs_rounded"])
    assert retail.loc[nbs, "year"].min() == 2014, "NBS 网上零售额 starts in 2014"
    assert retail.loc[~nbs, "note"].str.contains("not NBS").all()


def test_events_dates_and_the_documented_conflict():
    events = datasets.load("events")
    assert events["date"].is_monotonic_increasing
    by_id = events.set_index("event_id")
    assert by_id.loc["wechat_pay_launch", "date"] == pd.Timestamp("2013-08-05")
    assert by_id.loc["seed_wechat_pay_date", "date"] == pd.Timestamp("2013-07-09")
    notice = by_id.loc["wechat_illegal_distribution_notice_2015", "date"]
    assert notice == by_id.loc["seed_tencent_notice_2015", "date"] == pd.Timestamp("2015-02-15")
    assert by_id.loc["ecommerce_law_adopted", "date"] == pd.Timestamp("2018-08-31")
    assert by_id.loc["ecommerce_law_effective", "date"] == pd.Timestamp("2019-01-01")
    from_seed = events["source"].str.startswith("seed article")
    assert (from_seed == events["event_id"].str.startswith("seed_")).all()


def test_fx_rates_are_plausible_and_the_unsourced_year_says_so():
    fx = datasets.load("fx")
    assert fx["year"].tolist() == list(range(2011, 2025))
    assert fx["cny_per_usd"].between(5.5, 7.5).all()
    assert (fx.set_index("year").loc[[2022, 2023, 2024], "confidence"] == "unsourced").all()


def test_seed_claims_point_at_existing_rows_and_reparse():
    claims = datasets.load("seed_claims")
    fact_ids = set(FACTS["fact_id"])
    event_ids = set(datasets.load("events")["event_id"])
    for row in claims.to_dict("records"):
        f, e = refs(row["fact_ids"]), refs(row["event_ids"])
        assert f or e, row["claim_id"]
        assert set(f) <= fact_ids and set(e) <= event_ids, row["claim_id"]
        assert (row["kind"] == "figure") == (not pd.isna(row["figure_as_written"]))
        if not pd.isna(row["date_as_written"]):
            ref_year = None if pd.isna(row["ref_year"]) else int(row["ref_year"])
            span = parse_date(row["date_as_written"], ref_year=ref_year)
            assert span.error is None, row["claim_id"]
            assert span.start == row["parsed_date"], row["claim_id"]
            assert span.precision == row["date_precision"], row["claim_id"]
        if row["kind"] == "figure":  # the claim's own facts row holds the same figure
            seed_fact = FACTS.set_index("fact_id").loc[[x for x in f if x.startswith("seed_")]]
            assert (seed_fact["value"] == row["parsed_value"]).all() and len(seed_fact) == 1
    pay = claims.set_index("claim_id").loc["wechat_pay_date"]
    assert pay["verdict"] == "conflict" and "2013-08-05" in pay["reason"]


def test_facts_keep_at_least_140_sourced_rows():
    assert (FACTS["confidence"] > "unsourced").sum() >= 140
    assert FACTS.loc[FACTS["confidence"] > "unsourced", "address"].notna().all()


def test_the_record_runs_to_today_and_its_gaps_are_the_documented_ones():
    years = FACTS["year"]
    retail = datasets.load("online_retail")
    assert retail.loc[retail["measure"].isin(["nbs", "nbs_rounded"]), "year"].tolist() == list(
        range(2014, 2026)
    )
    social = FACTS[(FACTS["entity"] == "social_ecommerce") & (FACTS["topic"] == "market_size")]
    assert set(range(2016, 2024)) <= set(social["year"])  # 2024: a gap the guide lists
    jobs = FACTS[FACTS["metric"].str.contains("ecommerce_employment")]
    assert set(jobs["year"]) >= {2016, 2017, 2018, 2019, 2022, 2023}
    gmv = FACTS[FACTS["metric"] == "gmv"]
    platforms = {"kuaishou_ecommerce", "douyin_ecommerce", "wechat_channels"}
    assert set(gmv["entity"]) >= platforms and years[gmv.index].max() >= 2024
    mau = datasets.load("wechat_users").query("metric == 'mau'")
    assert set(range(2013, 2026)) - set(mau["year"]) == {2020, 2021}  # the documented gap
    guide = (Path(__file__).parents[2] / "docs" / "guide" / "published-record.md").read_text(
        encoding="utf-8"
    )
    for searched in ("7800万", "2020Q1–2022Q3", "2024"):
        assert searched in guide


WECHAT = datasets.load("wechat_users")


@pytest.mark.parametrize("row", WECHAT.to_dict("records"), ids=WECHAT["obs_id"].tolist())
def test_wechat_users_as_written_parses_back(row):
    got = parse_amount(row["as_written"])
    assert got.error is None and got.unit is None, (row["as_written"], got)
    assert same(got.value, num(row["value"])), (row["as_written"], got.value)
    assert same(got.low, num(row["value_low"])) and same(got.high, num(row["value_high"]))
    assert got.qualifier == row["qualifier"]


def test_wechat_users_periods_end_on_as_of_and_accounts_only_grow():
    for row in WECHAT.to_dict("records"):
        assert parse_date(row["period"]).end == row["as_of"], row["obs_id"]
    mau = WECHAT[WECHAT["metric"] == "mau"]
    assert mau["period"].nunique() >= 10 and mau["as_of"].is_monotonic_increasing
    assert mau["value"].is_monotonic_increasing
    by_period = mau.set_index("period")["value"]
    assert by_period["2013Q1"] == 194e6 and by_period["2024Q1"] == 1.359e9
    # the page's own check: 438 million in 2014Q2 is 10.6 % up on 396 million in 2014Q1
    assert round(by_period["2014Q2"] / by_period["2014Q1"] - 1, 3) == 0.106
