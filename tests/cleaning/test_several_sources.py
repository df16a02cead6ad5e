"""Several exports cleaned together: orders keyed by source, reused keys said where first seen."""

from __future__ import annotations

import pandas as pd

from microcommerce.cleaning import clean_orders, clean_to_dataset, validate
from microcommerce.io import read_dataset

HEADER = "订单号,下单时间,卖家,代理级别,数量,实付金额\n"


def _export(path, rows):
    path.write_text(HEADER + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


def _two_brands(tmp_path):
    """Two brands' exports that both number their orders from WS00000000."""
    a = _export(
        tmp_path / "brand_a.csv",
        ["WS00000000,2015-03-01,a1,总代,2,276", "WS00000001,2015-03-02,a1,总代,1,138"],
    )
    b = _export(
        tmp_path / "brand_b.csv",
        ["WS00000000,2016-05-01,b7,一级代理,5,500", "WS00000001,2016-05-02,b7,一级代理,1,99"],
    )
    return [a, b]


def test_by_file_no_order_of_one_brand_collides_with_the_other(tmp_path):
    report = clean_to_dataset(_two_brands(tmp_path), tmp_path / "out", source=True)
    assert [report[k] for k in ("rows_in", "rows_clean", "rows_rejected")] == [4, 4, 0]
    clean = read_dataset(tmp_path / "out" / "clean")
    pairs = sorted(zip(clean["source"], clean["order_id"], strict=True))
    assert pairs == [
        ("brand_a.csv", "WS00000000"),
        ("brand_a.csv", "WS00000001"),
        ("brand_b.csv", "WS00000000"),
        ("brand_b.csv", "WS00000001"),
    ]
    ordered = clean.sort_values(["source", "order_id"], ignore_index=True)
    assert validate(ordered, "orders") is ordered  # (order_id, line, source) is the key


def test_named_sources(tmp_path):
    files = _two_brands(tmp_path)
    names = {"brand_a.csv": "品牌A", str(files[1]): "品牌B"}
    clean_to_dataset(files, tmp_path / "out", source=names)
    assert set(read_dataset(tmp_path / "out" / "clean")["source"]) == {"品牌A", "品牌B"}
    clean_to_dataset(files, tmp_path / "out2", source=lambda p: p.stem.upper())
    assert set(read_dataset(tmp_path / "out2" / "clean")["source"]) == {"BRAND_A", "BRAND_B"}


def test_without_sources_the_collision_says_where_and_what_to_do(tmp_path):
    report = clean_to_dataset(_two_brands(tmp_path), tmp_path / "out")
    assert report["rows_rejected"] == 2
    general = "fails check: key repeats a row of an earlier part, with other values"
    assert report["rejected_by_reason"] == {general: 2}
    rejected = pd.read_csv(tmp_path / "out" / "rejected" / "part-00001.csv", dtype=str)
    first = tmp_path / "brand_a.csv"
    hint = "exports of different shops? pass source=True (--source-by-file)"
    assert rejected["reason"].tolist() == [
        f"{general} — first seen in {first}, row 2; {hint}",
        f"{general} — first seen in {first}, row 3; {hint}",
    ]


def test_a_reused_key_within_one_source_is_rejected_with_where_it_was_first_seen(tmp_path):
    one = _export(
        tmp_path / "a.csv",
        ["WS00000000,2015-03-01,a1,总代,2,276", "WS00000000,2015-03-09,a1,总代,9,999"],
    )
    report = clean_to_dataset([one], tmp_path / "out", source=True)
    # within one file the cleaner sees one source: its key is (order_id, line)
    assert report["rejected_by_reason"] == {"fails check: (order_id, line) is unique": 1}
    rejected = pd.read_csv(tmp_path / "out" / "rejected" / "part-00000.csv", dtype=str)
    assert rejected["reason"].tolist() == [
        "fails check: (order_id, line) is unique — key reused with other values, "
        "first seen on row 2"
    ]


def test_clean_orders_says_where_a_reused_key_was_first_seen():
    raw = pd.DataFrame(
        {
            "订单号": ["WS00000000", "WS00000001", "WS00000000"],
            "下单时间": ["2020-01-01", "2020-01-02", "2020-01-03"],
            "数量": ["1", "2", "3"],
            "金额": ["10", "20", "30"],
            "卖家": ["s", "s", "s"],
        }
    )
    result = clean_orders(raw)
    assert result.rejected["reason"].tolist() == [
        "fails check: (order_id, line) is unique — key reused with other values, "
        "first seen on row 2"
    ]
    assert result.report.rejected_by_reason == {"fails check: (order_id, line) is unique": 1}


def test_the_command_line_keys_a_folder_by_file(tmp_path, capsys):
    from microcommerce.cli import main

    folder = tmp_path / "exports"
    folder.mkdir()
    _two_brands(folder)
    assert (
        main(["clean", "orders", str(folder), "-o", str(tmp_path / "out"), "--source-by-file"]) == 0
    )
    clean = read_dataset(tmp_path / "out" / "clean")
    assert len(clean) == 4 and set(clean["source"]) == {"brand_a.csv", "brand_b.csv"}
