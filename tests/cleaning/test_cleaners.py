"""One ``table → cleaner`` table, read by the command line, bulk cleaning and the accessor."""

from __future__ import annotations

import pandas as pd
import pytest

from microcommerce.cleaning import (
    CLEANERS,
    TABLES,
    clean_inventory,
    clean_orders,
    clean_sellers,
    clean_to_dataset,
    cleaner,
)
from microcommerce.cli import build_parser
from microcommerce.errors import ParameterError


def test_every_canonical_table_has_its_cleaner():
    assert list(CLEANERS) == list(TABLES)
    assert dict(CLEANERS) == {
        "orders": clean_orders,
        "sellers": clean_sellers,
        "inventory": clean_inventory,
    }
    with pytest.raises(TypeError):
        CLEANERS["buyers"] = clean_orders  # type: ignore[index]  # read-only


@pytest.mark.parametrize("table", ["buyers", "Orders", ["orders"]])
def test_an_unknown_table_names_the_tables(table):
    with pytest.raises(ParameterError, match="expected one of orders, sellers, inventory"):
        cleaner(table)


def test_bulk_cleaning_refuses_an_unknown_table_before_reading(tmp_path):
    with pytest.raises(ParameterError, match="table 'buyers'"):
        clean_to_dataset(tmp_path / "nowhere", tmp_path / "out", table="buyers")
    assert not (tmp_path / "out").exists()


def test_the_command_line_offers_every_table_of_cleaners():
    parser = build_parser()
    for table in CLEANERS:
        assert parser.parse_args(["clean", table, "in.csv"]).table == table
    with pytest.raises(SystemExit):
        parser.parse_args(["clean", "buyers", "in.csv"])


def test_each_entry_cleans_its_table():
    raw = pd.DataFrame({"代理ID": ["a1"], "级别": ["总代"], "加入时间": ["2015-03-01"]})
    result = cleaner("sellers")(raw)
    assert result.clean["seller_id"].tolist() == ["a1"]
    assert result.clean["tier"].tolist() == [0]
