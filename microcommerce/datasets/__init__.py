"""Curated datasets with provenance: published figures, events, online retail, FX, seed claims.

Each dataset is a CSV file shipped inside the package with a TOML sidecar of the
same name: title, description, producers, licence, date accessed and, for every
column, its dtype, unit and meaning. :func:`load` types the columns from the
sidecar (dates ``datetime64``, numbers ``float64``, small vocabularies
``category``), so what you get after a plain ``pip install`` is ready to use.

=================  ==========================================================
``facts``          one published figure per row, with its wording and source
``events``         the dated timeline 2011–2019 (WeChat, WeChat Pay, rules, law)
``online_retail``  national online retail sales by year, for shares
``fx``             yuan per US dollar, annual averages
``seed_claims``    the seed article's claims against the record, with verdicts
=================  ==========================================================

Examples
--------
>>> from microcommerce import datasets
>>> facts = datasets.load("facts")
>>> facts.query("topic == 'practitioners' and basis == 'actual'")[["fact_id", "value"]].head(3)
                            fact_id       value
11  isc_weishang_practitioners_2015  12570000.0
16  zhiyan_social_ecom_practitioners_2020  77000000.0
17  cecc_weishang_practitioners_2016  30000000.0
>>> datasets.describe("fx")["columns"]["cny_per_usd"]["unit"]
'CNY per USD'
"""

from __future__ import annotations

import builtins
import functools
import tomllib
from importlib.resources import files
from typing import Any

import pandas as pd

__all__ = ["describe", "list", "load", "names"]

_PACKAGE = files(__package__)


def names() -> builtins.list[str]:
    """The names of the datasets shipped with the package.

    Examples
    --------
    >>> names()
    ['events', 'facts', 'fx', 'online_retail', 'seed_claims']
    """
    csvs = (p.name for p in _PACKAGE.iterdir() if p.name.endswith(".csv"))
    return sorted(name.removesuffix(".csv") for name in csvs)


def _check(name: str) -> None:
    if name not in names():
        raise KeyError(f"no dataset {name!r}; the datasets are {', '.join(names())}")


@functools.cache
def _sidecar(name: str) -> dict[str, Any]:
    return tomllib.loads((_PACKAGE / f"{name}.toml").read_text(encoding="utf-8"))


def describe(name: str) -> dict[str, Any]:
    """The dataset's metadata: title, description, producers, licence, columns …

    Examples
    --------
    >>> describe("facts")["columns"]["qualifier"]["dtype"]
    'category'
    """
    _check(name)
    return _copy(_sidecar(name))


def _copy(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: _copy(v) if isinstance(v, dict) else v for k, v in meta.items()}


_READ_DTYPES = {"str": "str", "category": "str", "float64": "float64", "Int64": "Int64",
                "bool": "str", "datetime64": "str"}  # fmt: skip


@functools.cache
def _load(name: str) -> pd.DataFrame:
    columns = _sidecar(name)["columns"]
    with (_PACKAGE / f"{name}.csv").open("rb") as f:
        df = pd.read_csv(f, dtype={c: _READ_DTYPES[m["dtype"]] for c, m in columns.items()},
                         keep_default_na=False, na_values=[""], encoding="utf-8")  # fmt: skip
    for column, meta in columns.items():
        kind = meta["dtype"]
        if kind == "category":
            df[column] = df[column].astype("category")
        elif kind == "bool":
            df[column] = df[column].map({"True": True, "False": False}).astype(bool)
        elif kind == "datetime64":
            df[column] = pd.to_datetime(df[column], format="mixed").astype("datetime64[us]")
    return df


def load(name: str) -> pd.DataFrame:
    """Load a dataset, typed from its sidecar (a fresh copy each call; parsing is cached).

    Examples
    --------
    >>> fx = load("fx")
    >>> fx.loc[fx["year"] == 2015, "cny_per_usd"].item()
    6.2284
    >>> load("nope")
    Traceback (most recent call last):
    ...
    KeyError: "no dataset 'nope'; the datasets are events, facts, fx, online_retail, seed_claims"
    """
    _check(name)
    return _load(name).copy()


def list() -> pd.DataFrame:  # the statsmodels-like name users expect; builtins.list above
    """One row per dataset: name, title, rows, producers.

    Examples
    --------
    >>> list()[["name", "rows"]]
                name  rows
    0         events    14
    1          facts    53
    2             fx    12
    3  online_retail    11
    4    seed_claims    12
    """
    return pd.DataFrame(
        {
            "name": names(),
            "title": [_sidecar(n)["title"] for n in names()],
            "rows": [len(_load(n)) for n in names()],
            "producer": ["; ".join(_sidecar(n)["producers"]) for n in names()],
        }
    )
