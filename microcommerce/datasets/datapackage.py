"""Describe the curated datasets as a Frictionless data package, built from their TOML sidecars.

The sidecars are the one description of each dataset; this module turns them into a
`Frictionless Data Package <https://specs.frictionlessdata.io/data-package/>`_ so the CSV
files open as they are in any tool that reads the standard (R's ``frictionless``, Julia,
data portals, ``frictionless validate``), not only through this package. Each resource gets
a Table Schema: field types, descriptions, units, the categories a field takes, the primary
key and the foreign keys the sidecars declare (``references``), plus the producers as
sources and the licence. A Table Schema foreign key joins one cell to one row, so a
list-valued column (``seed_claims.fact_ids``, ids joined by ``;``) is a ``list`` field whose
description names what its items reference; the package's tests check those items.

A public module, not a private one behind :mod:`microcommerce.datasets`: it is a command,
``python -m microcommerce.datasets.datapackage``, that regenerates ``datapackage.json`` after a
sidecar changes.

Run ``python -m microcommerce.datasets.datapackage`` to rewrite ``datapackage.json`` beside
the CSV files (atomically); a test checks that the committed file is what this module builds.

Examples
--------
>>> package = build()
>>> [r["name"] for r in package["resources"]][:3]
['events', 'facts', 'fx']
>>> resource("online_retail")["schema"]["foreignKeys"]
[{'fields': 'fact_id', 'reference': {'resource': 'facts', 'fields': 'fact_id'}}]
>>> resource("seed_claims")["schema"]["fields"][12]["type"]
'list'
"""

from __future__ import annotations

import json
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

from microcommerce import datasets
from microcommerce.datasets import ColumnMeta
from microcommerce.io import write_text

__all__ = ["build", "dumps", "field", "main", "resource"]

#: Table Schema type of each sidecar dtype.
TYPES: dict[str, str] = {
    "str": "string",
    "category": "string",
    "float64": "number",
    "Int64": "integer",
    "datetime64": "string",  # YYYY, YYYY-MM or YYYY-MM-DD: no one Table Schema date type fits
}
#: Pattern of a ``datetime64`` column as written in the CSV files.
DATE_PATTERN = r"\d{4}(-\d{2}(-\d{2})?)?"
LICENSE = {
    "name": "MIT",
    "path": "https://opensource.org/licenses/MIT",
    "title": "MIT License (our curation; the figures and quotations belong to their producers)",
}
FILENAME = "datapackage.json"


def field(spec: ColumnMeta) -> dict[str, Any]:
    r"""Build the Table Schema field descriptor of one sidecar column.

    Parameters
    ----------
    spec : ColumnMeta
        The column as its sidecar describes it (:func:`microcommerce.datasets.describe`).

    Returns
    -------
    dict
        ``name``, ``type``, ``description`` and, where they apply, ``unit`` (a custom
        property), ``constraints`` (``enum`` for categories, ``pattern`` for dates) and,
        for a ``delimiter`` column, type ``list`` of strings whose description names what
        the items reference.

    Raises
    ------
    ValueError
        If the dtype is not one of :data:`microcommerce.datasets.DTYPES`.

    Examples
    --------
    >>> from microcommerce.datasets import ColumnMeta
    >>> field(ColumnMeta("qualifier", "category", "As written", categories=("exact", "over")))[
    ...     "constraints"]
    {'enum': ['exact', 'over']}
    >>> field(ColumnMeta("date", "datetime64", "When"))["constraints"]
    {'pattern': '\\d{4}(-\\d{2}(-\\d{2})?)?'}
    >>> field(ColumnMeta("n", "complex", "?"))
    Traceback (most recent call last):
    ...
    ValueError: column n: dtype 'complex' is not one of str, category, float64, Int64, datetime64
    """
    name, dtype = spec.name, spec.dtype
    if dtype not in TYPES:
        raise ValueError(f"column {name}: dtype {dtype!r} is not one of {', '.join(TYPES)}")
    out: dict[str, Any] = {"name": name, "type": TYPES[dtype], "description": spec.description}
    if spec.delimiter is not None:
        out.update(type="list", delimiter=spec.delimiter, itemType="string")
        if spec.references is not None:
            out["description"] += f" (each item a {spec.references})"
    if spec.unit is not None:
        out["unit"] = spec.unit
    if spec.categories is not None:
        out["constraints"] = {"enum": list(spec.categories)}
        if spec.ordered:
            out["description"] += f" (ordered: {' < '.join(spec.categories)})"
    elif dtype == "datetime64":
        out["constraints"] = {"pattern": DATE_PATTERN}
        out["description"] += " (YYYY, YYYY-MM or YYYY-MM-DD)"
    return out


def _foreign_keys(columns: dict[str, ColumnMeta]) -> list[dict[str, Any]]:
    keys = []
    for name, spec in columns.items():
        if spec.references is not None and spec.delimiter is None:  # one cell to one row
            target, _, target_field = spec.references.partition(".")
            keys.append({"fields": name, "reference": {"resource": target, "fields": target_field}})
    return keys


def resource(name: str) -> dict[str, Any]:
    """Build the Data Resource descriptor of one dataset from its sidecar.

    Parameters
    ----------
    name
        A dataset name (see :func:`microcommerce.datasets.names`).

    Returns
    -------
    dict
        A tabular data resource: ``name``, ``path`` (the CSV beside the package
        descriptor), format and encoding, ``title``, ``description``, ``sources`` (the
        producers), ``licenses`` and a ``schema`` with its fields, ``primaryKey``,
        ``foreignKeys`` and the empty string as the missing value.

    Raises
    ------
    KeyError
        If there is no dataset of that name.

    Examples
    --------
    >>> retail = resource("online_retail")
    >>> retail["path"], retail["schema"]["primaryKey"]
    ('online_retail.csv', ['year'])
    >>> [f["type"] for f in retail["schema"]["fields"][:3]]
    ['integer', 'number', 'string']
    """
    meta = datasets.describe(name)
    columns = meta.columns
    schema: dict[str, Any] = {
        "fields": [field(spec) for spec in columns.values()],
        "primaryKey": [meta.key],
        "missingValues": [""],
    }
    foreign = _foreign_keys(columns)
    if foreign:
        schema["foreignKeys"] = foreign
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": meta.title,
        "description": " ".join(meta.description.split()),
        "sources": [{"title": producer} for producer in meta.producers],
        "licenses": [LICENSE],
        "terms": " ".join(meta.terms.split()),
        "accessed": meta.accessed,
        "schema": schema,
    }


def build() -> dict[str, Any]:
    """Build the Data Package descriptor of every shipped dataset.

    Returns
    -------
    dict
        ``profile`` tabular-data-package, ``name``, ``title``, ``description``,
        ``licenses``, ``sources`` (every resource's producers, once each) and one
        resource per dataset (see :func:`resource`), in :func:`~microcommerce.datasets.names`
        order.

    Examples
    --------
    >>> package = build()
    >>> package["profile"], package["licenses"][0]["name"]
    ('tabular-data-package', 'MIT')
    >>> len(package["resources"]) == len(datasets.names())
    True
    """
    resources = [resource(name) for name in datasets.names()]
    sources = list(dict.fromkeys(s["title"] for r in resources for s in r["sources"]))
    return {
        "profile": "tabular-data-package",
        "name": "microcommerce-datasets",
        "title": "WeChat micro-business (微商): the published record, with provenance",
        "description": (
            "The curated datasets of the microcommerce package: published figures on weishang, "
            "social e-commerce, livestream selling and platform sales to 2025 with their wording, "
            "sources and producer keys, a dated timeline, national online "
            "retail, exchange rates, the seed article's claims checked against the record, and "
            "WeChat's monthly active accounts. Generated from the TOML sidecars by "
            "python -m microcommerce.datasets.datapackage."
        ),
        "licenses": [LICENSE],
        "sources": [{"title": title} for title in sources],
        "resources": resources,
    }


def dumps(package: dict[str, Any]) -> str:
    r"""Serialise a descriptor as the committed file is written: indented UTF-8 JSON.

    Parameters
    ----------
    package
        A descriptor, as :func:`build` returns.

    Returns
    -------
    str
        JSON with two-space indentation, keys in insertion order, non-ASCII kept as
        is, and a final newline.

    Examples
    --------
    >>> dumps({"name": "微商"})
    '{\n  "name": "微商"\n}\n'
    """
    return json.dumps(package, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write ``datapackage.json`` beside the CSV files, or to the path given; return 0.

    Parameters
    ----------
    argv
        Command-line arguments: none, or one output path.

    Returns
    -------
    int
        The exit status, 0.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "datapackage.json"
    >>> main([str(out)])
    0
    >>> json.loads(out.read_text(encoding="utf-8"))["name"]
    'microcommerce-datasets'
    """
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else Path(str(files("microcommerce.datasets") / FILENAME))
    write_text(dumps(build()), target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
