"""The Frictionless data package: built from the sidecars, committed current, valid."""

from __future__ import annotations

import csv
import json
import shutil
from importlib.resources import files
from pathlib import Path

import pytest

from microcommerce import datasets
from microcommerce.datasets import datapackage

FOLDER = Path(str(files("microcommerce.datasets")))
COMMITTED = FOLDER / datapackage.FILENAME


def frictionless_or_skip():
    return pytest.importorskip("frictionless", reason="frictionless is not installed (test extra)")


def test_the_committed_datapackage_is_current():
    # regenerate with: python -m microcommerce.datasets.datapackage
    assert COMMITTED.read_text(encoding="utf-8") == datapackage.dumps(datapackage.build())


def test_main_writes_the_same_file_to_the_path_given(tmp_path):
    target = tmp_path / "sub" / "datapackage.json"
    assert datapackage.main([str(target)]) == 0
    assert target.read_text(encoding="utf-8") == COMMITTED.read_text(encoding="utf-8")
    assert [p.name for p in target.parent.iterdir()] == ["datapackage.json"]  # no temp file left


def test_every_resource_follows_its_sidecar():
    package = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == datasets.names()
    for res in package["resources"]:
        meta = datasets.describe(res["name"])
        schema = res["schema"]
        assert [f["name"] for f in schema["fields"]] == list(meta.columns)
        assert schema["primaryKey"] == [meta.key]
        assert res["sources"] == [{"title": p} for p in meta.producers]
        assert res["licenses"][0]["name"] == "MIT" and (FOLDER / res["path"]).is_file()
        for f in schema["fields"]:
            spec = meta.columns[f["name"]]
            assert f["description"].startswith(spec.description)
            assert f.get("unit") == spec.unit, (res["name"], f["name"])
            if spec.categories is not None:
                assert f["constraints"]["enum"] == list(spec.categories)
    fields = {f["name"]: f for f in datapackage.resource("facts")["schema"]["fields"]}
    assert fields["value"]["type"] == "number" and fields["value"]["unit"] == "the row's unit"
    ordered = "(ordered: unsourced < low < medium < high)"
    assert fields["confidence"]["description"].endswith(ordered)
    fx = {f["name"]: f["type"] for f in datapackage.resource("fx")["schema"]["fields"]}
    assert fx == {"year": "integer", "cny_per_usd": "number", "source": "string",
                  "address": "string", "confidence": "string", "note": "string"}  # fmt: skip


def test_foreign_keys_join_one_cell_and_lists_name_their_target():
    retail = datapackage.resource("online_retail")["schema"]
    assert retail["foreignKeys"] == [
        {"fields": "fact_id", "reference": {"resource": "facts", "fields": "fact_id"}}
    ]
    seed = datapackage.resource("seed_claims")["schema"]
    assert "foreignKeys" not in seed  # Table Schema cannot join a list cell
    fact_ids = {f["name"]: f for f in seed["fields"]}["fact_ids"]
    assert (fact_ids["type"], fact_ids["delimiter"]) == ("list", ";")
    assert fact_ids["description"].endswith("(each item a facts.fact_id)")


def test_the_package_validates_with_frictionless():
    frictionless = frictionless_or_skip()
    report = frictionless.validate(str(COMMITTED))
    assert report.valid, report.flatten(["title", "type", "note"])
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    assert rows == {name: len(datasets.load(name)) for name in datasets.names()}


def _copy_package(tmp_path: Path) -> Path:
    for name in [datapackage.FILENAME, *(f"{n}.csv" for n in datasets.names())]:
        shutil.copy(FOLDER / name, tmp_path / name)
    return tmp_path / datapackage.FILENAME


def test_frictionless_catches_a_broken_key_and_a_value_outside_the_vocabulary(tmp_path):
    frictionless = frictionless_or_skip()
    descriptor = _copy_package(tmp_path)
    retail = tmp_path / "online_retail.csv"
    with retail.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0]["fact_id"] = "no_such_fact"
    rows[1]["qualifier"] = "roughly"
    with retail.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    report = frictionless.validate(str(descriptor))
    assert not report.valid
    errors = sorted(report.flatten(["rowNumber", "type"]))
    assert errors == [[2, "foreign-key"], [3, "constraint-error"]]
