"""The canonical table schemas: exact dtypes, row checks and legible errors.

Imports the cleaning layer's private ``cleaning._schema`` to test its machinery.
"""

from __future__ import annotations

import pandas as pd
import pytest

from microcommerce.cleaning import _schema as schema
from microcommerce.cleaning._schema import empty, row_failures, validate
from microcommerce.errors import SchemaError, UnknownNameError


def orders(**overrides) -> pd.DataFrame:
    """Three valid hand-made orders; keyword arguments replace whole columns."""
    cols = {
        "order_id": ["o1", "o2", "o3"],
        "date": pd.to_datetime(["2014-03-05", "2014-03-06", "2015-02-16"]),
        "seller_id": ["s0", "s1", "s1"],
        "buyer_id": ["s1", None, "s2"],
        "seller_tier": [0, 1, 1],
        "buyer_tier": [1, None, 2],
        "kind": ["sell_in", "retail", "sell_in"],
        "platform": ["wechat", "wechat", "weidian"],
        "category": ["mask", "mask", "cosmetics"],
        "product": ["补水面膜", "补水面膜", None],
        "quantity": [100, 2, 10],
        "unit_price": [63.0, 138.0, 73.0],
        "amount": [6300.0, 276.0, 730.0],
    }
    cols.update(overrides)
    df = pd.DataFrame(cols)
    return df.astype({c.name: c.dtype for c in schema.TABLES["orders"].columns if c.name in cols})


def shop_orders(**overrides) -> pd.DataFrame:
    """Orders with the optional columns: a shop without tier, statuses, refunds, lines."""
    cols = {
        "seller_tier": [None, None, None],
        "buyer_id": [None, None, None],
        "buyer_tier": [None, None, None],
        "kind": ["retail"] * 3,
        "order_id": ["o1", "o1", "o2"],
        "refund": [0.0, 0.0, 50.0],
        "status": ["completed", "completed", "partially_refunded"],
        "line": [1, 2, 1],
    }
    return orders(**(cols | overrides))


def test_valid_orders_pass_unchanged():
    df = orders()
    assert validate(df, "orders") is df


@pytest.mark.parametrize("name", list(schema.TABLES))
def test_empty_tables_have_exact_dtypes_and_validate(name):
    df = empty(name)
    validate(df, name)
    expected = [
        str(c.dtype) if isinstance(c.dtype, str) else "category"
        for c in schema.TABLES[name].columns
    ]
    assert df.dtypes.astype(str).tolist() == expected


def test_wrong_dtype_is_named():
    df = orders().astype({"date": "datetime64[ns]"})
    expected = r"'date' has dtype datetime64\[ns\], expected datetime64\[us\]"
    with pytest.raises(SchemaError, match=expected):
        validate(df, "orders")


def test_object_text_column_is_not_accepted_as_str():
    df = orders().astype({"seller_id": object})
    with pytest.raises(SchemaError, match="'seller_id' has dtype object"):
        validate(df, "orders")


def test_missing_and_reordered_columns():
    with pytest.raises(SchemaError, match=r"missing \['amount'\]"):
        validate(orders().drop(columns="amount"), "orders")
    with pytest.raises(SchemaError, match="order differs"):
        validate(orders()[list(reversed(orders().columns))], "orders")


def test_row_failures_are_exact():
    df = orders(
        amount=[6300.0, 300.0, 730.0],  # row 1: 2 × 138 = 276, not 300
        buyer_tier=[1, None, 1],  # row 2: a tier-1 seller selling in to tier 1
        date=pd.to_datetime(["2014-03-05", "2014-03-06", "1999-12-31"]),  # row 2 again
    )
    got = row_failures(df, "orders").sort_values(["row", "check"]).reset_index(drop=True)
    assert got[["row", "column", "check"]].values.tolist() == [
        [1, "amount", "amount ≈ quantity × unit_price"],
        [2, "buyer_tier", "buyer_tier > seller_tier for sell_in"],
        [2, "date", "date between 2000-01-01 and 2035-12-31"],
    ]


def test_amount_tolerance_is_one_fen_or_half_a_percent():
    small = orders(amount=[6300.0, 276.01, 730.0])  # one fen off: fine
    assert row_failures(small, "orders").empty
    big = orders(amount=[6331.0, 276.0, 730.0])  # 0.49 % off: fine; 0.51 % is not
    assert row_failures(big, "orders").empty
    assert len(row_failures(orders(amount=[6333.0, 276.0, 730.0]), "orders")) == 1


def test_nulls_bounds_and_keys():
    df = orders(order_id=["o1", "o1", None], quantity=[100, 0, 10], seller_tier=[0, 1, 10])
    checks = set(row_failures(df, "orders")["check"])
    wanted = {"order_id is required", "quantity ≥ 1", "seller_tier ≤ 9", "(order_id) is unique"}
    assert wanted <= checks


def test_validate_message_lists_rows_and_values_legibly():
    df = orders(amount=[6300.0, 300.0, 999.0])
    with pytest.raises(SchemaError) as info:
        validate(df, "orders", max_rows=1)
    msg = str(info.value)
    assert msg.splitlines()[0] == "orders: 2 of 3 rows fail validation"
    assert "✗ amount ≈ quantity × unit_price: 2 rows — 1 (300.0) … and 1 more" in msg
    assert len(info.value.failures) == 2


def test_sellers_checks():
    df = pd.DataFrame(
        {
            "seller_id": ["a", "b", "c"],
            "parent_id": [None, "a", None],
            "tier": [0, 1, 1],
            "joined": pd.to_datetime(["2014-01-01", "2014-02-01", "2014-03-01"]),
            "left": pd.to_datetime([None, "2014-01-15", None]),
            "platform": [None] * 3,
            "category": [None] * 3,
            "region": [None] * 3,
        }
    ).astype({c.name: c.dtype for c in schema.TABLES["sellers"].columns})
    got = row_failures(df, "sellers")[["row", "check"]].values.tolist()
    assert sorted(got) == [[1, "left ≥ joined"], [2, "parent_id empty exactly for tier 0"]]


def test_describe_and_unknown_table():
    d = schema.describe("orders")
    assert d.loc[d["column"] == "amount", "unit"].item() == "CNY"
    with pytest.raises(KeyError, match="the tables are orders, sellers, inventory"):
        empty("shops")


def test_optional_columns_may_be_left_out_but_not_misplaced():
    full = shop_orders()
    assert validate(full, "orders") is full
    assert list(full.columns)[-3:] == ["refund", "status", "line"]
    validate(full.drop(columns=["status"]), "orders")  # any optional column may be absent
    with pytest.raises(SchemaError, match="order differs"):
        validate(full[[*full.columns[:-3], "line", "refund", "status"]], "orders")


def test_key_is_order_and_line():
    checks = set(row_failures(shop_orders(line=[1, 1, 1]), "orders")["check"])
    assert "(order_id, line) is unique" in checks
    assert row_failures(shop_orders(), "orders").empty  # o1 has two lines: fine


def test_refund_within_amount_and_the_price_check_on_gross_or_net():
    # o2: 10 × 73 = 730 paid; 50 refunded; a refund above the amount is refused
    got = row_failures(shop_orders(refund=[0.0, 0.0, 730.5]), "orders")
    assert got[["row", "check"]].values.tolist() == [[2, "refund ≤ amount"]]
    # a price cut refunded after the sale: the net amount matches the price
    net = shop_orders(amount=[6300.0, 276.0, 780.0], refund=[0.0, 0.0, 50.0])
    assert row_failures(net, "orders").empty


def test_a_shop_has_no_tier_but_selling_in_needs_one():
    bad = shop_orders(kind=["sell_in", "retail", "retail"], buyer_tier=[1, None, None])
    got = row_failures(bad, "orders")[["row", "check"]].values.tolist()
    assert got == [[0, "buyer_tier > seller_tier for sell_in"]]


def test_an_unknown_column_of_a_table_is_named_with_the_closest_ones():
    assert schema.TABLES["orders"].column("amount_basis").name == "amount_basis"
    with pytest.raises(UnknownNameError, match="the orders table has no column 'quantty'") as err:
        schema.TABLES["orders"].column("quantty")
    assert isinstance(err.value, KeyError)
    assert err.value.close[0] == "quantity"
