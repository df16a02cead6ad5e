"""Messy back-office exports: the round trip simulate → export → read → clean is exact.

Imports the simulation layer's private ``simulation._messy`` to test its machinery.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcommerce.analyses import sold_orders
from microcommerce.cleaning import clean_inventory, clean_orders, clean_sellers
from microcommerce.io import read_table
from microcommerce.parse import parse_amount
from microcommerce.simulation import PyramidParams, simulate_pyramid
from microcommerce.simulation._messy import FILE_NAMES, _yuan_forms, write_messy_export

CLEANERS = {"orders": clean_orders, "sellers": clean_sellers, "inventory": clean_inventory}
KEYS = {
    "orders": ["order_id"],
    "sellers": ["seller_id"],
    "inventory": ["seller_id", "period", "category"],
}


@pytest.fixture(scope="module")
def sim():
    return simulate_pyramid(PyramidParams(potential_agents=2_500), seed=21)


@pytest.fixture(scope="module")
def export(sim, tmp_path_factory):
    return write_messy_export(sim, tmp_path_factory.mktemp("export"), seed=8)


def sold_and_summed(clean: pd.DataFrame) -> pd.DataFrame:
    """Clean orders as the simulator holds them: the sales, net of refunds, lines added up."""
    sold = sold_orders(clean)
    sums = sold.groupby("order_id")[["quantity", "amount"]].sum()
    optional = ["refund", "status", "line", "amount_basis"]  # columns the simulator leaves out
    first = sold[sold["line"] == 1].drop(columns=["quantity", "amount", *optional])
    out = first.join(sums, on="order_id")
    out["amount"] = out["amount"].round(2)
    return out[[c for c in clean.columns if c not in optional]]


@pytest.mark.parametrize("table", ["orders", "sellers", "inventory"])
def test_round_trip_gives_back_exactly_the_simulated_table(sim, export, table):
    raw = read_table(export[table])
    result = CLEANERS[table](raw)
    want = getattr(sim, table)
    got = sold_and_summed(result.clean) if table == "orders" else result.clean
    got = got.sort_values(KEYS[table], ignore_index=True)
    pd.testing.assert_frame_equal(got, want.sort_values(KEYS[table], ignore_index=True))
    r = result.report
    # every row accounted for: the duplicates are the ~1 % written twice, the rejected
    # rows are the notes and the totals row, nothing else
    assert len(raw) == r.rows_in
    assert r.rows_in == r.rows_clean + r.rows_rejected + r.duplicates_removed
    assert r.duplicates_removed == round(0.01 * r.rows_clean)
    codes = set(result.rejected["reason_code"])
    assert codes <= {"note_row", "totals_row"}, codes
    totals = 0 if table == "inventory" else 1
    assert (result.rejected["reason_code"] == "totals_row").sum() == totals
    assert r.rejected_by_code == result.rejected["reason_code"].value_counts().to_dict()


def test_the_order_export_lists_unsold_orders_refunds_and_split_lines(sim, export):
    clean = clean_orders(read_table(export["orders"])).clean
    n = len(sim.orders)
    status = clean["status"].astype(str)
    unsold = clean[~status.isin(["paid", "shipped", "completed", "partially_refunded"])]
    assert set(unsold["status"]) == {"cancelled", "unpaid", "closed", "refunded"}
    assert unsold["order_id"].str.endswith("X").all()
    assert 0.02 * n < len(unsold) < 0.04 * n
    partly = clean[status == "partially_refunded"]
    assert 0.01 * n < len(partly) < 0.03 * n and (partly["refund"] > 0).all()
    assert (partly["refund"] < partly["amount"]).all()
    two = clean[clean["line"] == 2]
    assert 0.005 * n < len(two) < 0.03 * n
    # the totals: gross − refunds − unsold = the simulated sales
    net = sold_orders(clean)["amount"].sum()
    assert net == pytest.approx(sim.orders["amount"].sum(), abs=0.005)


def test_statuses_can_be_left_out(sim, tmp_path):
    files = write_messy_export(sim, tmp_path, seed=8, statuses=False)
    raw = read_table(files["orders"])
    assert "订单状态" not in raw.columns and "商品行号" not in raw.columns
    clean = clean_orders(raw).clean
    assert len(clean) == len(sim.orders) and clean["status"].isna().all()


def test_files_are_what_a_back_office_writes(export):
    assert {k: p.name for k, p in export.items()} == FILE_NAMES
    data = export["orders"].read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("gb18030")
    assert text.startswith("订单号,下单时间,卖家")
    assert text.splitlines()[0].endswith("实付金额,订单状态,退款金额,商品行号")
    for label in ("交易成功", "已取消", "部分退款", "退款成功"):
        assert label in text
    # the amount styles and date styles all occur
    for pattern in (
        r",¥\d{1,3}(,\d{3})*\.\d\d",
        r",[\d.]+千",
        r",[\d.]+万",
        r",[\d.]+元",
        r",\d{4}年\d{1,2}月\d{1,2}日,",
        r",\d{4}/\d{1,2}/\d{1,2},",
        r",\d{8},",
    ):
        assert re.search(pattern, text), pattern
    for label in ("总代", "朋友圈", "微店", "顾客", "代理进货"):
        assert label in text
    assert "合计" in text.splitlines()[-1]
    # written verbatim, as a back office does: no quote guarding against formulas
    assert "\r\n--- 第2页 ---,,," in text and "'---" not in text
    assert "\r\n--- 第2页 ---,,," in export["inventory"].read_bytes().decode("gb18030")
    assert read_table(export["sellers"]).columns[0] == "代理编号"


@pytest.mark.slow
def test_same_seed_same_bytes_other_seed_other_bytes(sim, export, tmp_path):
    again = write_messy_export(sim, tmp_path / "a", seed=8)
    other = write_messy_export(sim, tmp_path / "b", seed=9)
    for table in ("orders", "inventory"):
        assert again[table].read_bytes() == export[table].read_bytes()
        assert other[table].read_bytes() != export[table].read_bytes()
    pd.testing.assert_frame_equal(read_table(again["sellers"]), read_table(export["sellers"]))


def test_unknown_style_and_bad_share_are_refused(sim, tmp_path):
    with pytest.raises(ValueError, match="wechat_backoffice"):
        write_messy_export(sim, tmp_path, style="excel")
    with pytest.raises(ValueError, match="dup_share"):
        write_messy_export(sim, tmp_path, dup_share=2)
    assert not any(tmp_path.iterdir())


@given(st.integers(min_value=0, max_value=10**13))
def test_every_written_amount_form_parses_back_to_the_fen(fen):
    for text in _yuan_forms(fen):
        parsed = parse_amount(text)
        assert parsed.error is None, text
        assert parsed.value == fen / 100, text


def test_agent_lists_beyond_excel_rows_are_written_as_csv(sim, tmp_path, monkeypatch):
    """Review finding: a million-agent list overflowed the .xlsx sheet after the orders
    file had been written."""
    import microcommerce.simulation._messy as messy

    monkeypatch.setattr(messy, "EXCEL_MAX_ROWS", 100)
    files = write_messy_export(sim, tmp_path, seed=8)
    assert files["sellers"].name == "代理名单.csv"
    assert not (tmp_path / "代理名单.xlsx").exists()
    got = clean_sellers(read_table(files["sellers"])).clean
    want = sim.sellers
    pd.testing.assert_frame_equal(
        got.sort_values("seller_id", ignore_index=True),
        want.sort_values("seller_id", ignore_index=True),
    )
