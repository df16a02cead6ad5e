"""Curated datasets with provenance: figures, events, retail, FX, seed claims, WeChat users.

Layer: beside cleaning. Imports only :mod:`microcommerce.errors` and :mod:`microcommerce.core`;
the analyses and the report read it.

Each dataset is a CSV file shipped inside the package with a TOML sidecar of the same
name: title, description, producers, licence and terms, date accessed and, for every
column, its dtype, unit and meaning. :func:`load` types the columns as the sidecar says
(dates ``datetime64``, numbers ``float64``, years ``Int64``, small vocabularies
``category``), so the tables are ready to use after a plain ``pip install``.

=================  ==========================================================
``facts``          one published figure per row, with its wording and source
``events``         the dated timeline 2011–2024 (WeChat, rules, law, enforcement)
``online_retail``  national online retail sales by year, with the measure of each
``fx``             yuan per US dollar, annual averages
``seed_claims``    the seed article's claims against the record, with verdicts
``wechat_users``   WeChat's monthly active accounts by quarter, 2013–2025
=================  ==========================================================

``datapackage.json`` describes the same files as a Frictionless data package, generated from
the sidecars by :mod:`microcommerce.datasets.datapackage`.

Every figure in ``facts`` keeps the words it was published in (``as_written``), and
:func:`microcommerce.parse.parse_amount` reads those words back to the stored value,
bounds and qualifier: the datasets and the parser are tested against each other.

Examples
--------
>>> from microcommerce import datasets
>>> facts = datasets.load("facts")
>>> counts = facts.query("metric == 'practitioner_count'")
>>> isc = counts[counts["producer"].str.startswith("中国互联网协会")]
>>> isc[["period", "entity", "as_written", "value", "basis"]]  # doctest: +NORMALIZE_WHITESPACE
   period             entity   as_written       value     basis
12   2015  weishang_industry      1257万人  12570000.0    actual
13   2016  weishang_industry      1535万人  15350000.0  forecast
14   2017   social_ecommerce    2018.8万人  20188000.0  forecast
15   2018   social_ecommerce  more than 30 million people  30000000.0  forecast
16   2019   social_ecommerce    4801.4万人  48014000.0  forecast
82   2016   social_ecommerce    1535.2万人  15352000.0    actual
>>> datasets.describe("fx").columns["cny_per_usd"].unit
'CNY per USD'
"""

from __future__ import annotations

import builtins
import functools
import tomllib
import warnings
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import numpy as np
import pandas as pd

from microcommerce.core._display import card, frame, pairs, plain, section, text
from microcommerce.core._docstrings import fill_doc
from microcommerce.core._resources import read_packaged_csv
from microcommerce.errors import InputError, UnknownDatasetError

__all__ = ["ColumnMeta", "DatasetMeta", "catalog", "describe", "load", "names", "period_bounds"]

_DATETIME = "datetime64[us]"

#: The dtypes a sidecar may give a column.
DTYPES: tuple[str, ...] = ("str", "category", "float64", "Int64", "datetime64")

_PACKAGE = files(__package__)


@functools.cache
def _names() -> tuple[str, ...]:
    stems: dict[str, set[str]] = {".csv": set(), ".toml": set()}
    for path in _PACKAGE.iterdir():
        stem, dot, suffix = path.name.rpartition(".")
        if dot and f".{suffix}" in stems:
            stems[f".{suffix}"].add(stem)
    return tuple(sorted(stems[".csv"] & stems[".toml"]))  # a table and its sidecar


def names() -> builtins.list[str]:
    """List the names of the datasets shipped with the package, sorted.

    Returns
    -------
    list of str

    Examples
    --------
    >>> names()
    ['events', 'facts', 'fx', 'online_retail', 'seed_claims', 'wechat_users']
    """
    return builtins.list(_names())


def _check(name: object) -> str:
    if not isinstance(name, str) or name not in _names():
        raise UnknownDatasetError(
            f"no dataset {name!r}; the datasets are {', '.join(_names())}",
            name=name,
            known=_names(),
        )
    return name


@functools.cache
def _sidecar(name: str) -> dict[str, Any]:
    return tomllib.loads((_PACKAGE / f"{name}.toml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class ColumnMeta:
    """What a dataset's sidecar says of one column.

    Attributes
    ----------
    name : str
        The column's name.
    dtype : str
        One of ``DTYPES``.
    description : str
        What the column holds.
    unit : str or None
        The unit of a number (``"CNY"``, ``"persons"`` …).
    categories : tuple of str or None
        The vocabulary of a category column, in order.
    ordered : bool
        Whether the categories are ordered.
    references : str or None
        For an id column, the ``dataset.column`` it refers to.
    delimiter : str or None
        For a column holding a list of ids, the separator.
    """

    name: str
    dtype: str
    description: str
    unit: str | None = None
    categories: tuple[str, ...] | None = None
    ordered: bool = False
    references: str | None = None
    delimiter: str | None = None


@dataclass(frozen=True)
class DatasetMeta:
    """What a dataset's sidecar says of the whole table: provenance, terms and columns.

    Attributes
    ----------
    name, title, description : str
        The dataset's name, title and description.
    producers : tuple of str
        Who produced the figures.
    license, terms : str
        Our licence for the curation, and the terms of the figures.
    accessed : str
        When the sources were read.
    key : str
        The column that identifies a row.
    columns : dict of str to ColumnMeta
        Every column, in file order.
    source, address : str or None
        For a table with one source for every row (the seed article), that source.
    """

    name: str
    title: str
    description: str
    producers: tuple[str, ...]
    license: str
    terms: str
    accessed: str
    key: str
    columns: dict[str, ColumnMeta]
    source: str | None = None
    address: str | None = None

    def __repr__(self) -> str:
        """Return a short text: the key numbers, never a whole frame."""
        return _meta_text(self)

    def _repr_html_(self) -> str:
        """Return the HTML card Jupyter shows (see ``core._display``)."""
        return _meta_html(self)


def _meta_columns(meta: DatasetMeta) -> pd.DataFrame:
    rows = [(c.name, c.dtype, c.unit or "", c.description) for c in meta.columns.values()]
    return pd.DataFrame(rows, columns=["column", "dtype", "unit", "description"])


def _meta_text(meta: DatasetMeta) -> str:
    """Write the short text of a :class:`DatasetMeta`: real line breaks, no quoting."""
    lines = [
        f"title: {meta.title}",
        f"producers ({len(meta.producers)}): {'; '.join(meta.producers[:3]) or '—'}"
        + (" …" if len(meta.producers) > 3 else ""),
        f"license: {meta.license}",
        f"key: {meta.key}; accessed {meta.accessed}",
        f"columns ({len(meta.columns)}): {', '.join(meta.columns)}",
    ]
    return plain(f"DatasetMeta {meta.name}", [], lines)


def _meta_html(meta: DatasetMeta) -> str:
    facts = [("key", meta.key), ("columns", len(meta.columns)), ("accessed", meta.accessed)]
    terms = [("license", meta.license), ("terms", meta.terms)]
    if meta.source:
        terms.append(("source", meta.source + (f" <{meta.address}>" if meta.address else "")))
    columns = _meta_columns(meta)
    parts = [
        section("description", text(meta.description)),  # a page of text for some
        section("producers", pairs(enumerate(meta.producers, 1)), note=f"{len(meta.producers)}"),
        section("licence and terms", pairs(terms), open=True),  # short, and what a user owes
        section(  # folded like the rest: a table of 20 described columns is a page long
            "columns", frame(columns, rows=len(columns), index=False), note=f"{len(columns)}"
        ),
    ]
    return card(f"DatasetMeta · {meta.name} — {meta.title}", facts, parts)


#: ``name`` of the functions that take a dataset by name, and what they raise for an
#: unknown one (numpydoc entries, put in by ``fill_doc``).
_by_name_doc = fill_doc(
    name="""\
name : str
    A dataset name (see :func:`names`).""",
    unknown="""\
UnknownDatasetError
    If there is no dataset of that name; the message lists those there are and the
    closest to the name given (also a ``KeyError`` and a ``ValueError``).""",
)


@_by_name_doc
def describe(name: str) -> DatasetMeta:
    """Return the metadata of a dataset, from its sidecar.

    Parameters
    ----------
    {name}

    Returns
    -------
    DatasetMeta
        ``title``, ``description``, ``producers``, ``license``, ``terms``,
        ``accessed``, ``key`` (the column that identifies a row) and ``columns``: for
        each column, in file order, a :class:`ColumnMeta` with its ``dtype``,
        ``description`` and, where it has one, ``unit``, the ``categories`` it takes,
        the ``references`` of an id column (``"facts.fact_id"``) and the
        ``delimiter`` of a list of ids. A new object each call.

    Raises
    ------
    {unknown}

    Examples
    --------
    >>> meta = describe("facts")
    >>> meta.key, meta.columns["qualifier"].categories
    ('fact_id', ('exact', 'about', 'over', 'under', 'range'))
    >>> describe("online_retail").columns["value"].unit
    'CNY'
    """
    side = _sidecar(_check(name))
    columns = {
        column: ColumnMeta(
            name=column,
            **{k: tuple(v) if k == "categories" else v for k, v in spec.items()},
        )
        for column, spec in side["columns"].items()
    }
    top = {k: v for k, v in side.items() if k != "columns"}
    top["producers"] = tuple(top.get("producers", ()))
    return DatasetMeta(name=name, columns=columns, **top)


def _category(values: pd.Series, spec: dict[str, Any], path: str) -> pd.Series:
    if "categories" not in spec:
        return values.astype("category")
    dtype = pd.CategoricalDtype(spec["categories"], ordered=spec.get("ordered", False))
    unknown = set(values.dropna()) - set(spec["categories"])
    if unknown:  # astype would silently turn them into NaN
        raise InputError(
            f"{sorted(unknown)} are not among the sidecar's categories {spec['categories']}",
            path=path,
            column=str(values.name),
        )
    return values.astype(dtype)


def _dates(values: pd.Series, path: str) -> pd.Series:
    # YYYY, YYYY-MM or YYYY-MM-DD: the first day of the period
    full = values.str.len().map({4: "-01-01", 7: "-01", 10: ""}).fillna("")
    out = pd.to_datetime(values + full, format="%Y-%m-%d", errors="coerce")
    bad = values.notna() & out.isna()
    if bad.any():
        raise InputError(
            f"not a YYYY, YYYY-MM or YYYY-MM-DD date: {values[bad].tolist()}",
            path=path,
            column=str(values.name),
        )
    return out.astype("datetime64[us]")


@functools.cache
def _load(name: str) -> pd.DataFrame:
    columns: dict[str, dict[str, Any]] = _sidecar(name)["columns"]
    numeric = {"float64": "float64", "Int64": "Int64"}
    df = read_packaged_csv(
        __package__,
        f"{name}.csv",
        dtype={c: numeric.get(spec["dtype"], "str") for c, spec in columns.items()},
        na_values=[""],
    )
    if builtins.list(df.columns) != builtins.list(columns):
        raise InputError(
            f"columns {builtins.list(df.columns)} are not the sidecar's {builtins.list(columns)}",
            path=f"{name}.csv",
        )
    for column, spec in columns.items():
        if spec["dtype"] == "category":
            df[column] = _category(df[column], spec, f"{name}.csv")
        elif spec["dtype"] == "datetime64":
            df[column] = _dates(df[column], f"{name}.csv")
        elif spec["dtype"] not in DTYPES:
            raise InputError(
                f"unknown dtype {spec['dtype']!r}; expected one of {', '.join(DTYPES)}",
                path=f"{name}.toml",
                column=column,
            )
    if columns.get("period", {}).get("dtype") == "str":  # typed beside the text as written
        at = df.columns.get_loc("period") + 1
        typed = period_bounds(df["period"])
        df = pd.concat([df.iloc[:, :at], typed, df.iloc[:, at:]], axis=1)
    return df


def period_bounds(period: pd.Series) -> pd.DataFrame:
    """Type the periods the record writes as text: their year, first day and last day.

    A period is written ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``YYYYQn`` or ``YYYY-Hn``
    (the ``facts`` and ``wechat_users`` convention); comparing the text with a number
    silently matches nothing, so :func:`load` adds these typed columns beside it.

    Parameters
    ----------
    period : Series of str
        Periods as written.

    Returns
    -------
    DataFrame
        On ``period``'s index: ``year`` (``Int64``), ``period_start`` and
        ``period_end`` (``datetime64[us]``); missing where the text is missing.

    Raises
    ------
    InputError
        Naming a period written in none of the forms (also a ``ValueError``).

    Examples
    --------
    >>> period_bounds(pd.Series(["2015", "2015-08", "2016Q2", "2017-H2"]))
       year period_start period_end
    0  2015   2015-01-01 2015-12-31
    1  2015   2015-08-01 2015-08-31
    2  2016   2016-04-01 2016-06-30
    3  2017   2017-07-01 2017-12-31
    """
    parts = period.str.extract(
        r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?|Q(?P<q>[1-4])|-H(?P<h>[12]))?$"
    )
    bad = period.notna() & parts["y"].isna()
    if bad.any():
        raise InputError(
            f"periods {period[bad].tolist()[:5]}: expected YYYY, YYYY-MM, YYYY-MM-DD, "
            "YYYYQn or YYYY-Hn",
            column=period.name if isinstance(period.name, str) else None,
        )
    year = pd.to_numeric(parts["y"]).astype("Int64")
    quarter, half = pd.to_numeric(parts["q"]), pd.to_numeric(parts["h"])
    first_month = (
        pd.to_numeric(parts["m"]).fillna((quarter - 1) * 3 + 1).fillna((half - 1) * 6 + 1).fillna(1)
    )
    months = np.select(
        [
            parts["d"].notna().to_numpy(),
            parts["m"].notna().to_numpy(),
            quarter.notna().to_numpy(),
            half.notna().to_numpy(),
        ],
        [0, 1, 3, 6],
        default=12,
    )
    start = pd.to_datetime(
        pd.DataFrame(
            {"year": year, "month": first_month, "day": pd.to_numeric(parts["d"]).fillna(1)}
        ),
        errors="coerce",
    ).astype(_DATETIME)
    whole = months > 0  # a day ends where it starts; longer periods at their last month's end
    end = start.where(~whole, (start.dt.to_period("M") + (months - 1)).dt.to_timestamp(how="end"))
    return pd.DataFrame(
        {"year": year, "period_start": start, "period_end": end.dt.normalize().astype(_DATETIME)},
        index=period.index,
    )


@_by_name_doc
def load(name: str) -> pd.DataFrame:
    """Load a dataset, typed as its sidecar says.

    Parameters
    ----------
    {name}

    Returns
    -------
    pandas.DataFrame
        One row per record, columns in file order; a dataset with a ``period``
        written as text (``facts``, ``wechat_users``) also gets ``year``,
        ``period_start`` and ``period_end`` beside it (:func:`period_bounds`). The
        file is read and typed once per process; each call returns a fresh copy, so
        changing it cannot change what the next caller gets.

    Raises
    ------
    {unknown}

    Examples
    --------
    >>> fx = load("fx")
    >>> fx.loc[fx["year"] == 2015, "cny_per_usd"].item()
    6.2284
    >>> events = load("events").set_index("event_id")
    >>> events.loc[["wechat_pay_launch", "seed_wechat_pay_date"], ["date", "precision"]]
                               date precision
    event_id
    wechat_pay_launch    2013-08-05       day
    seed_wechat_pay_date 2013-07-09       day
    >>> load("weishang")
    Traceback (most recent call last):
    ...
    microcommerce.errors.UnknownDatasetError: no dataset 'weishang'; the datasets are events, ...
    """
    return _load(_check(name)).copy()


def catalog() -> pd.DataFrame:
    """One row per dataset: its name, title, number of rows and producers.

    :func:`names` gives the names alone. (This was ``datasets.list``, which hid the
    builtin ``list``; that name still works, with a ``DeprecationWarning``.)

    Returns
    -------
    pandas.DataFrame
        Columns ``name``, ``title``, ``rows`` and ``producer`` (the sidecar's
        producers joined with ``"; "``).

    Examples
    --------
    >>> catalog()[["name", "rows"]]
                name  rows
    0         events    28
    1          facts    159
    2             fx    14
    3  online_retail    14
    4    seed_claims    12
    5   wechat_users    26
    """
    return pd.DataFrame(
        {
            "name": names(),
            "title": [_sidecar(n)["title"] for n in _names()],
            "rows": [len(_load(n)) for n in _names()],
            "producer": ["; ".join(_sidecar(n)["producers"]) for n in _names()],
        }
    )


def __getattr__(name: str) -> Any:
    """Give the deprecated ``datasets.list`` (now :func:`catalog`) with a warning.

    Examples
    --------
    >>> import warnings
    >>> from microcommerce import datasets
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     listing = datasets.list()
    >>> print(caught[0].category.__name__, caught[0].message)
    DeprecationWarning datasets.list is deprecated: use datasets.catalog() ...
    """
    if name == "list":
        warnings.warn(
            "datasets.list is deprecated: use datasets.catalog() "
            "(datasets.names() for the names alone)",
            DeprecationWarning,
            stacklevel=2,
        )
        return catalog
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
