"""Exports no layout knows clean right with no options: roles and line model read from values.

The property test writes one random set of orders the way an unknown shop tool might —
the order amount repeated on every line, an amount per line, or goods rows under the
order's first row; one refund per order or one per line; statuses; misleading extra
columns (订单类型, 渠道, 店铺优惠, 发货时间) — under headers the layouts table does not hold,
cleans the file with no options and checks that ``market_size`` gives the orders' true net
sales, units and number of orders sold.

Imports the cleaning layer's private ``cleaning._layouts``, ``cleaning._lines``,
``cleaning._orders``, ``cleaning._roles`` to test its machinery.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from microcommerce.analyses import market_size
from microcommerce.cleaning import clean_orders, clean_to_dataset
from microcommerce.cleaning._layouts import detect_layout
from microcommerce.cleaning._lines import repeated_lines_model
from microcommerce.cleaning._orders import units_in_text
from microcommerce.cleaning._roles import infer_roles, paid_amount, value_fit
from microcommerce.errors import LayoutError, MissingColumnsError
from microcommerce.io import read_dataset, read_table

SOLD = ["交易成功", "已发货", "待发货"]
NOT_SOLD = ["交易关闭", "已取消", "待付款"]
HEADERS = {
    "order_id": ["订单号码", "跟团号", "系统订单编号", "主订单号"],
    "date": ["订单下单时间", "付款日期", "订单提交时间", "创建时间"],
    "amount": ["用户实付款(元)", "订单实际支付金额", "买家已付金额", "实付金额合计"],
    "quantity": ["成交数量", "SKU件数", "购买件数", "商品数量(件)"],
    "unit_price": ["商品售价", "销售单价", "商品单价(元)"],
    "product": ["商品名称", "宝贝标题", "商品"],
    "status": ["订单状态", "交易状态", "订单当前状态"],
    "refund": ["退款金额(元)", "已退款金额", "售后退款"],
}


@st.composite
def orders(draw):
    """Orders of 1–3 lines: (id, day, status, shipping, [(product, qty, price fen)], refund)."""
    n = draw(st.integers(1, 8))
    out = []
    for k in range(n):
        lines = draw(
            st.lists(
                st.tuples(st.integers(1, 3), st.integers(50, 300).map(lambda y: y * 100)),
                min_size=1,
                max_size=3,
            )
        )
        status = draw(st.sampled_from(SOLD + NOT_SOLD))
        out.append(
            {
                "id": f"P{k + 1:04d}",
                "day": draw(st.integers(1, 28)),
                "status": status,
                "ship": draw(st.sampled_from([0, 800, 1000])),
                "lines": [(f"商品{j}", q, p) for j, (q, p) in enumerate(lines)],
                "refund_kind": draw(st.sampled_from(["none", "part", "full", "each"])),
            }
        )
    return out


def _truth(ords, model, refunds):
    """Net sales (fen), units and orders sold, worked from the orders themselves."""
    net = units = count = 0
    for o in ords:
        amounts = _line_amounts(o, model)
        refs = _refunds(o, amounts, refunds)
        if o["status"] not in SOLD:
            continue
        kept = [(a, r, q) for a, r, (_, q, _) in zip(amounts, refs, o["lines"], strict=True)]
        kept = [(a, r, q) for a, r, q in kept if r < a]  # a line refunded in full is not sold
        net += sum(a - r for a, r, _ in kept)
        units += sum(q for _, _, q in kept)
        count += bool(kept)
    return net, units, count


def _line_amounts(o, model):
    goods = [q * p for _, q, p in o["lines"]]
    if model == "lines":  # each line its own amount; the shipping on the first
        return [g + (o["ship"] if i == 0 else 0) for i, g in enumerate(goods)]
    total = sum(goods) + o["ship"]  # the order's amount, shared out by goods value
    return _share(total, goods)


def _share(total, weights):
    """The cleaner's split to the fen: floor, then the fen left to the largest remainders."""
    exact = [total * w / sum(weights) for w in weights]
    base = [int(e // 1) for e in exact]
    left = total - sum(base)
    order = sorted(range(len(weights)), key=lambda i: -(exact[i] - base[i]))
    for i in order[:left]:
        base[i] += 1
    return base


def _refunds(o, amounts, refunds):
    """Refund per line (fen) as the cleaner settles it."""
    kind = o["refund_kind"]
    if kind == "none":
        return [0] * len(amounts)
    if refunds == "line" and kind == "each":  # every line refunded the same sum
        return [min(amounts) // 2 // 100 * 100] * len(amounts)
    if refunds == "line":  # the first line refunded, in part or in full
        first = amounts[0] if kind == "full" else amounts[0] // 2 // 100 * 100
        return [first] + [0] * (len(amounts) - 1)
    total = sum(amounts)
    refund = total if kind == "full" else total // 2 // 100 * 100
    return _share(refund, amounts) if refund else [0] * len(amounts)


def _rows(ords, model, refunds):
    rows = []
    for o in ords:
        amounts = _line_amounts(o, model)
        refs = _refunds(o, amounts, refunds)
        order_total = sum(amounts)
        order_refund = sum(refs)
        for i, (name, q, p) in enumerate(o["lines"]):
            first = i == 0
            amount = amounts[i] if model == "lines" else order_total
            refund = refs[i] if refunds == "line" else order_refund
            row = {
                "order_id": o["id"],
                "date": f"2024-05-{o['day']:02d} 10:{i:02d}:00",
                "amount": f"{amount / 100:.2f}",
                "quantity": str(q),
                "unit_price": f"{p / 100:.2f}",
                "product": name,
                "status": o["status"],
                "refund": f"{refund / 100:.2f}",
                "订单类型": "普通订单" if first else "预售订单",
                "渠道": "分销" if o["day"] % 2 else "自营",
                "店铺优惠": "5.00",
                "发货时间": "2024-06-01 09:00:00",
            }
            if model == "continuation" and not first:  # the order's cells left empty
                for c in ("order_id", "date", "amount", "status", "refund", "订单类型", "渠道"):
                    row[c] = ""
            rows.append(row)
    return rows


def _ambiguous(ords, model, refunds, refund_header=""):
    """Files whose values cannot tell the models apart (see repeated_lines_model)."""
    multi = [o for o in ords if len(o["lines"]) > 1]
    if model == "lines" and multi:
        same = [len(set(_line_amounts(o, model))) == 1 for o in multi]
        if all(same):  # equal amounts on every line: could be an order's amount repeated
            return True
    if refunds == "line" and "商品" not in refund_header:  # no header says whose refund
        refs = [_refunds(o, _line_amounts(o, model), refunds) for o in multi]
        refunded = [r for r in refs if max(r) > 0]
        # the same refund on every line of every refunded order reads as one per order,
        # unless another order's lines were refunded different sums (refund_reading)
        if refunded and all(len(set(r)) == 1 for r in refunded):
            return True
    return False


@pytest.mark.slow
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    ords=orders(),
    model=st.sampled_from(["repeated", "lines", "continuation"]),
    refunds=st.sampled_from(["order", "line"]),
    names=st.fixed_dictionaries({k: st.sampled_from(v) for k, v in HEADERS.items()}),
    data=st.data(),
)
def test_any_export_cleans_to_its_true_market_size(ords, model, refunds, names, data, tmp_path):
    if model == "continuation":
        refunds = "order"  # the order's cells, its refund among them, sit on its first row
    if refunds == "line" and data.draw(st.booleans()):  # a header that says a line's refund
        names = {**names, "refund": "商品退款金额"}
    assume(not _ambiguous(ords, model, refunds, names["refund"]))
    rows = pd.DataFrame(_rows(ords, model, refunds))
    order = data.draw(st.permutations(list(rows.columns)))
    frame = rows[order].rename(columns=names)
    assert detect_layout(list(frame.columns)) is None
    path = Path(tmp_path) / f"shop_{model}_{refunds}.csv"  # overwritten by each example
    frame.to_csv(path, index=False, encoding="utf-8")

    result = clean_orders(read_table(path))
    assert result.rejected.empty, result.rejected[["row", "reason"]].to_string()
    size = market_size(result.clean)
    net, units, count = _truth(ords, model, refunds)
    assert round(size["sell_through"].sum() * 100) == net
    assert size["units"].sum() == units
    assert size["orders"].sum() == count
    assert result.clean["seller_id"].eq(path.stem).all()
    assert {"订单类型", "渠道"} <= set(result.report.left_out) | set(result.report.unmapped_columns)


# ---------------------------------------------------------------------------
# Each rule, with figures worked by hand
# ---------------------------------------------------------------------------


def _frame(**columns):
    return pd.DataFrame(columns)


def test_headers_seen_in_the_wild_are_read_by_their_words():
    # 快团团-like group-buy export: no layout, no seller, no quantity column
    raw = _frame(
        跟团号=["1", "2", "3"],
        订单创建时间=["2024-05-01 09:00", "2024-05-01 10:00", "2024-05-02 11:00"],
        商品=["土鸡蛋+2", "土鸡蛋+1，鸭蛋+3", "蜂蜜"],
        订单实际支付金额=["30.00", "52.00", "68.00"],
        商品总价=["32.00", "52.00", "68.00"],
        订单类型=["普通订单", "预售订单", "普通订单"],
    )
    result = clean_orders(raw, seller="团长")
    clean = result.clean
    assert clean["order_id"].tolist() == ["1", "2", "3"]
    assert clean["amount"].tolist() == [30.0, 52.0, 68.0]  # paid, not the goods value
    assert clean["quantity"].tolist() == [2, 4, pd.NA]  # 蜂蜜: units unknown, money counts
    assert result.report.roles["amount"].startswith("订单实际支付金额 (header contains 实际支付")
    assert "订单类型" in result.report.left_out
    size = market_size(clean)
    assert size[["sell_through", "orders", "units"]].iloc[0].tolist() == [150.0, 3, 6]


def test_a_branch_store_is_no_seller():
    # 门店名称 names the branch (outlet) of one merchant that served the order, not a
    # seller of its own (evidence in cleaning/data/roles.csv): the file is one shop's
    raw = _frame(
        订单编号=["W1", "W2"],
        下单时间=["2024-03-01 10:00", "2024-03-01 11:00"],
        门店名称=["徐汇店", "静安店"],
        实付金额=["30.00", "40.00"],
    )
    result = clean_orders(raw, seller="某品牌")
    assert result.clean["seller_id"].tolist() == ["某品牌", "某品牌"]
    assert "seller_id" not in result.report.roles
    # a 店铺 word beside 门店 does not make the branch a seller either
    headers = ["订单编号", "门店店铺", "实付金额"]
    sample = pd.DataFrame([["W1", "徐汇店", "30.00"]], columns=headers)
    roles = infer_roles(sample, headers, "orders")
    assert "seller_id" not in roles.positions
    # while a shop column beside it is the seller
    shops = clean_orders(raw.assign(店铺名称=["甲店", "甲店"]))
    assert shops.clean["seller_id"].tolist() == ["甲店", "甲店"]


def test_the_amount_is_what_the_buyer_paid():
    headers = ["商家实收金额(元)", "商品总价(元)", "用户应付金额(元)", "订单金额", "实付款"]
    sample = pd.DataFrame([["90.00", "100.00", "98.00", "100.00", "95.00"]], columns=headers)
    for n in range(len(headers), 0, -1):  # drop the best one each time: the next wins
        cols = headers[:n]
        roles = infer_roles(sample[cols], cols, "orders")
        winner = cols[roles.positions["amount"][0]]
        assert winner == {5: "实付款", 4: "用户应付金额(元)", 3: "用户应付金额(元)"}.get(
            n, {2: "商品总价(元)", 1: "商家实收金额(元)"}.get(n)
        )
    assert paid_amount(headers, [4]) and not paid_amount(headers, [1])


def test_an_alias_whose_values_do_not_fit_is_left_out_and_named():
    raw = _frame(
        订单号=["A", "B"],
        下单时间=["2024-05-01", "2024-05-02"],
        卖家=["s", "s"],
        数量=["1", "2"],
        实付金额=["10", "20"],
        渠道=["分销", "自营"],
        订单类型=["普通订单", "现货订单"],
    )
    result = clean_orders(raw)
    assert result.rejected.empty and len(result.clean) == 2
    assert set(result.report.left_out) == {"渠道", "订单类型"}
    assert result.report.left_out["渠道"] == "platform: 0% of the values fit (e.g. 分销)"
    assert value_fit(pd.Series(["微信", "抖音", None]), "platform") == 0.5


def test_an_order_amount_repeated_on_each_line_is_split():
    raw = _frame(
        订单号码=["A", "A", "B"],
        下单日期=["2024-05-01", "2024-05-01", "2024-05-02"],
        店铺=["甲店", "甲店", "乙店"],
        商品=["x", "y", "z"],
        件数=["1", "2", "1"],
        单价=["100", "50", "30"],
        应付金额=["210.00", "210.00", "30.00"],  # 200 of goods + 10 shipping
        退款金额=["21.00", "21.00", "0"],  # one refund of the order, on each line
    )
    result = clean_orders(raw)
    c = result.clean
    assert c["amount"].tolist() == [105.0, 105.0, 30.0]
    assert c["unit_price"].tolist() == [100.0, 50.0, 30.0]  # the export's prices, kept
    assert c["amount_basis"].tolist() == ["paid"] * 3
    shipping = c["amount"] - c["quantity"].astype("float64") * c["unit_price"]
    assert shipping.groupby(c["order_id"]).sum().tolist() == [10.0, 0.0]  # A's 10 of shipping
    assert c["refund"].tolist() == [10.5, 10.5, 0.0]
    assert c["seller_id"].tolist() == ["甲店", "甲店", "乙店"]  # the shop is the seller
    assert result.report.lines == "order_amount_repeated"
    assert "one refund per order" in result.report.line_model
    size = market_size(c)
    assert size[["sell_through", "orders", "units"]].sum().tolist() == [219.0, 2, 4]


def _two_line_refunds(**extra):
    """Order A: lines of 100 and 80, each with 退款金额 50; order B: one line, no refund."""
    columns = {
        "订单号": ["A", "A", "B"],
        "下单时间": ["2024-05-01"] * 3,
        "商品": ["x", "y", "z"],
        "数量": ["1", "1", "1"],
        "单价": ["100", "80", "30"],
        "实付金额": ["100.00", "80.00", "30.00"],
        "退款金额": ["50.00", "50.00", "0"],
    }
    return _frame(**{**columns, **extra})


@pytest.mark.parametrize(
    ("extra", "refunds", "says"),
    [
        # nothing tells: the order's one refund of 50, shared 100:80 to the fen (27.777…
        # and 22.222… floor to 27.77 + 22.22; the fen left goes to the larger remainder)
        ({}, [27.78, 22.22, 0.0], "nothing in the file tells"),
        # the header says a goods line's refund
        ({"退款金额": None, "商品退款金额": ["50.00", "50.00", "0"]}, [50.0, 50.0, 0.0], "header"),
        # another order of the file has different refunds on its lines: the column is per line
        (
            {
                "订单号": ["A", "A", "B", "B"],
                "下单时间": ["2024-05-01"] * 4,
                "商品": ["x", "y", "z", "w"],
                "数量": ["1"] * 4,
                "单价": ["100", "80", "30", "20"],
                "实付金额": ["100.00", "80.00", "30.00", "20.00"],
                "退款金额": ["50.00", "50.00", "30.00", "0"],
            },
            [50.0, 50.0, 30.0, 0.0],
            "refunds differ between the lines of 1 of 2 refunded orders",
        ),
        # one line has no after-sale, yet carries the 50: the order's refund, repeated
        (
            {"售后状态": ["退款成功", "无售后", "无售后"]},
            [27.78, 22.22, 0.0],
            "a line with no after-sale",
        ),
        # each line refunded in full by its after-sale state, its refund its own amount
        (
            {
                "实付金额": ["50.00", "50.00", "30.00"],
                "单价": ["50", "50", "30"],
                "售后状态": ["退款成功", "退款成功", "无售后"],
            },
            [50.0, 50.0, 0.0],
            "refunded in full and its refund is its own amount",
        ),
        # a line of 40 cannot carry a refund of 50 alone: 50 shared 100:40 is 35.714… and
        # 14.285…, 35.71 + 14.28 and the fen left to the larger remainder (.57 > .43)
        (
            {"实付金额": ["100.00", "40.00", "30.00"], "单价": ["100", "40", "30"]},
            [35.71, 14.29, 0.0],
            "above what one line could carry",
        ),
    ],
)
def test_a_refund_the_same_on_every_line_is_read_by_the_evidence(extra, refunds, says):
    raw = _two_line_refunds(**{k: v for k, v in extra.items() if v is not None})
    raw = raw.drop(columns=[k for k, v in extra.items() if v is None])
    result = clean_orders(raw, seller="s")
    assert result.rejected.empty
    assert result.clean["refund"].tolist() == refunds
    assert says in result.report.line_model  # the summary says why, and when it cannot tell


def test_per_line_refunds_under_a_repeated_order_amount_stay_per_line():
    # 微信小店-like: the order's 订单实付 on each line; B's lines are refunded 30 and 0, so
    # the column is per line, and A's two refunds of 50 are each line's own
    raw = _frame(
        订单号=["A", "A", "B", "B"],
        下单时间=["2024-05-01"] * 4,
        数量=["1"] * 4,
        单价=["100", "80", "30", "20"],
        订单实付=["180.00", "180.00", "50.00", "50.00"],
        退款金额=["50.00", "50.00", "30.00", "0"],
    )
    result = clean_orders(raw, seller="s")
    c = result.clean
    assert result.report.lines == "order_amount_repeated"
    assert c["amount"].tolist() == [100.0, 80.0, 30.0, 20.0]
    assert c["refund"].tolist() == [50.0, 50.0, 30.0, 0.0]
    assert c["status"].tolist()[:3] == ["partially_refunded", "partially_refunded", "refunded"]
    assert pd.isna(c["status"].iloc[3])  # no status column, no refund: none
    # sold: A's 180 - 100 refunded, and B's line of 20 (its line of 30 refunded in full)
    assert market_size(c)["sell_through"].sum() == 100.0


def test_an_order_refunded_more_than_a_line_cost_is_the_orders_even_in_a_per_line_file():
    # B's lines are refunded 40 and nothing: the column reads per line. A's 170 on each line
    # cannot be a line's own once 170 is split 100:80 (94.444… + 75.555… → 94.44 + 75.56,
    # the fen to the larger remainder): it is A's one refund, shared alike, and A is kept
    raw = _frame(
        订单编号=["A", "A", "B", "B"],
        下单时间=["2024-01-01 10:00"] * 4,
        单价=["50", "80", "60", "40"],
        数量=["2", "1", "1", "1"],
        实付金额=["170", "170", "100", "100"],
        退款金额=["170", "170", "40", ""],
        订单状态=["已退款", "已退款", "已完成", "已完成"],
    )
    result = clean_orders(raw, seller="s")
    c = result.clean
    assert result.rejected.empty
    assert c["amount"].tolist() == [94.44, 75.56, 60.0, 40.0]
    assert c["refund"].tolist() == [94.44, 75.56, 40.0, 0.0]
    assert c["status"].tolist() == ["refunded", "refunded", "partially_refunded", "completed"]
    assert "each line's own" in result.report.line_model
    assert (
        result.report.derived[
            "refund: the order's refund shared over its lines (more than a line cost)"
        ]
        == 2
    )
    assert market_size(c)["sell_through"].sum() == 60.0  # B's 100 less its 40


@pytest.mark.parametrize(
    ("prices", "quantities", "amounts"),
    [
        # 2 × 50 priced, the other line not: it takes what the order leaves, 170 − 100
        (["50", "", "30"], ["2", "1", "1"], [100.0, 70.0, 30.0]),
        # no prices at all: by quantity, 2 : 1 of 170 is 113.333… + 56.666…, floored
        # 113.33 + 56.66, the fen left to the larger remainder (.67 > .33)
        (None, ["2", "1", "1"], [113.33, 56.67, 30.0]),
        # the priced lines take more than all (a discount): the unpriced one is weighed at
        # their mean price, 2 × 90 : 1 × 90 of 170 → 113.33 + 56.67
        (["90", "", "30"], ["2", "1", "1"], [113.33, 56.67, 30.0]),
    ],
)
def test_an_order_amount_is_split_by_what_the_export_says_of_each_line(prices, quantities, amounts):
    columns = {
        "订单编号": ["A1", "A1", "A2"],
        "下单时间": ["2024-01-01 10:00"] * 3,
        "商品名称": ["面膜", "精华", "口红"],
        "数量": quantities,
        "实付金额": ["170", "170", "30"],
    }
    if prices is not None:
        columns["单价"] = prices
    result = clean_orders(_frame(**columns), seller="s")
    assert result.rejected.empty
    assert result.clean["amount"].tolist() == amounts
    assert result.report.lines == "order_amount_repeated"


def test_the_unit_price_is_the_exports_and_the_shipping_stays_in_the_amount():
    # 微盟-style: 实付 208.00 = 2 × 99.00 + 运费 10.00, one goods line
    raw = _frame(
        订单编号=["W1"],
        下单时间=["2024-03-01 10:00:00"],
        商品名称=["玫瑰花茶"],
        商品单价=["99.00"],
        商品数量=["2"],
        运费=["10.00"],
        实付金额=["208.00"],
        订单状态=["已完成"],
    )
    result = clean_orders(raw, seller="微盟店")
    c = result.clean
    assert result.rejected.empty
    assert c[["quantity", "unit_price", "amount"]].iloc[0].tolist() == [2, 99.0, 208.0]
    assert c["amount_basis"].tolist() == ["paid"]  # 208 − 2 × 99 = 10: the shipping
    assert "unit_price = amount ÷ quantity (paid ≠ quantity × price)" not in result.report.derived
    assert market_size(c)["sell_through"].sum() == 208.0  # what the buyer paid


def test_line_amounts_are_kept_and_a_price_cut_is_no_rejection():
    raw = _frame(
        订单号=["A", "A"],
        支付时间=["2024-05-01", "2024-05-01"],
        数量=["2", "1"],
        单价=["50", "30"],
        实付=["90.00", "30.00"],  # a shop discount of 10 on the first line
    )
    result = clean_orders(raw, seller="s")
    assert result.clean["amount"].tolist() == [90.0, 30.0]
    assert result.clean["unit_price"].tolist() == [50.0, 30.0]  # the export's, kept
    assert result.clean["amount_basis"].tolist() == ["paid", "paid"]  # 90 − 2 × 50: the discount
    assert result.report.lines == "line_amounts"


def test_continuation_rows_take_the_order_cells_and_its_amount_is_split():
    raw = _frame(
        单号=["A", None, "B"],
        时间=["2024-05-01 10:00", None, "2024-05-02 09:00"],
        商品=["x", "y", "z"],
        数量=["1", "1", "3"],
        单价=["60", "40", "10"],
        实付金额=["110.00", None, "30.00"],
        状态=["交易成功", None, "交易关闭"],
    )
    result = clean_orders(raw, seller="s")
    c = result.clean
    assert c["order_id"].tolist() == ["A", "A", "B"]
    assert c["amount"].tolist() == [66.0, 44.0, 30.0]
    assert c["status"].astype(str).tolist() == ["completed", "completed", "closed"]
    assert result.report.lines == "continuation"
    assert market_size(c)["sell_through"].sum() == 110.0


def test_a_file_with_no_date_is_refused_unless_a_date_is_given():
    raw = _frame(订单号=["A"], 数量=["1"], 实付金额=["10"])
    with pytest.raises(MissingColumnsError) as info:
        clean_orders(raw, seller="s")
    assert "a date is never guessed" in str(info.value) and "date='YYYY-MM-DD'" in str(info.value)
    assert "--date YYYY-MM-DD" in info.value.cli_message
    dated = clean_orders(raw, seller="s", date="2024-05-03")
    assert dated.clean["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-05-03"]


def test_units_are_read_from_the_product_text():
    got = units_in_text(pd.Series(["苹果+2", "梨 ×3", "桃*1，李 x2", "X光片", None]))
    assert got.tolist() == ["2", "3", "3", pd.NA if False else got.iloc[3], got.iloc[4]]
    assert got.iloc[3:].isna().all()


def test_lines_model_follows_the_values_not_the_hint():
    work = pd.DataFrame({"order_id": ["A", "A"], "amount": ["10", "20"]})
    assert repeated_lines_model(work, "order_amount_repeated").lines == "line_amounts"
    assert repeated_lines_model(work.iloc[:1], None).lines == "order"


#: Order A's amount (210 = 100 + 2 × 50 + 10 shipping) and refund (21) are repeated on
#: its two lines; the lines of A and of B fall on both sides of a boundary for some
#: chunk sizes and partition counts.
STRADDLING = (
    "订单号码,下单日期,商品,件数,单价,应付金额,退款金额\n"
    "Z,2024-05-01,w,1,20,20.00,0\n"
    "A,2024-05-02,x,1,100,210.00,21.00\n"
    "A,2024-05-02,y,2,50,210.00,21.00\n"
    "B,2024-05-03,z,1,20,30.00,0\n"
    "B,2024-05-03,v,1,10,30.00,0\n"
)


def _parts_equal_whole(out, report: dict, whole: pd.DataFrame) -> pd.DataFrame:
    """The orders cleaned in parts: every row clean, and the same as cleaned whole."""
    parts = read_dataset(out / "clean").sort_values(["order_id", "line"])
    assert report["rows_clean"] == 5 and report["rows_rejected"] == 0
    cols = ["order_id", "line", "amount", "refund", "quantity"]
    pd.testing.assert_frame_equal(
        parts[cols].reset_index(drop=True),
        whole[cols].sort_values(["order_id", "line"]).reset_index(drop=True),
        check_dtype=False,
    )
    return parts


@pytest.mark.parametrize("chunksize", [2, 3, 4, 100])
def test_chunked_cleaning_never_splits_or_doubles_an_order_at_a_boundary(tmp_path, chunksize):
    # A's lines fall on both sides of a boundary at chunksize 2; B's at 3 and 4
    src = tmp_path / "店.csv"
    src.write_text(STRADDLING, encoding="utf-8")
    whole = clean_orders(read_table(src)).clean
    report = clean_to_dataset([src], tmp_path / "out", chunksize=chunksize)
    parts = _parts_equal_whole(tmp_path / "out", report, whole)
    assert parts.loc[parts["order_id"] == "A", "amount"].tolist() == [105.0, 105.0]
    size = market_size(parts)
    assert size[["sell_through", "orders", "units"]].sum().tolist() == [239.0, 3, 6]
    assert parts.loc[parts["order_id"] == "B", "amount"].tolist() == [20.0, 10.0]


def test_chunked_continuation_rows_stay_with_their_order(tmp_path):
    text = (
        "单号,时间,商品,数量,单价,实付金额\n"
        "A,2024-05-01 10:00,x,1,60,110.00\n"
        ",,y,1,40,\n"
        ",,u,1,10,\n"
        "B,2024-05-02 09:00,z,3,10,30.00\n"
    )
    src = tmp_path / "店.csv"
    src.write_text(text, encoding="utf-8")
    report = clean_to_dataset([src], tmp_path / "out", chunksize=2)
    parts = read_dataset(tmp_path / "out" / "clean").sort_values(["order_id", "line"])
    assert report["rows_rejected"] == 0
    assert parts["order_id"].tolist() == ["A", "A", "A", "B"]
    assert parts["amount"].tolist() == [60.0, 40.0, 10.0, 30.0]  # 110 shared 60:40:10


def test_every_sheet_with_the_first_sheets_header_is_read_as_one_table(tmp_path):
    path = tmp_path / "快手.xlsx"
    with pd.ExcelWriter(path) as book:
        head = {"订单号": ["A", "B"], "下单时间": ["2024-05-01", "2024-05-02"]}
        pd.DataFrame({**head, "实付款": ["10", "20"]}).to_excel(
            book, sheet_name="订单1", index=False
        )
        more = {"订单号": ["C"], "下单时间": ["2024-05-03"], "实付款": ["30"]}
        pd.DataFrame(more).to_excel(book, sheet_name="订单2", index=False)
        pd.DataFrame({"说明": ["导出说明"]}).to_excel(book, sheet_name="说明", index=False)
    result = clean_orders(read_table(path))
    assert result.clean["order_id"].tolist() == ["A", "B", "C"]
    assert result.clean["quantity"].isna().all()  # no units anywhere: money still counts
    assert market_size(result.clean)["sell_through"].sum() == 60.0
    assert result.report.sheets == ["订单1", "订单2"]
    assert result.report.sheets_skipped == {"说明": "its header differs from the first sheet's"}
    assert "sheet skipped: 说明 — its header differs" in result.summary()
    assert read_table(path, sheet="订单2")["订单号"].tolist() == ["C"]  # a sheet asked for


def test_a_users_own_layout_is_read_from_a_csv(tmp_path):
    mine = tmp_path / "mine.csv"
    mine.write_text(
        "layout,name,signature,lines,order_id,date,amount,seller_id\n"
        "my_erp,我的 ERP,系统单号|成交额,line_amounts,系统单号,日子,成交额,门店\n",
        encoding="utf-8",
    )
    raw = _frame(系统单号=["X1"], 日子=["2024-05-01"], 成交额=["12.50"], 门店=["东店"])
    result = clean_orders(raw, layouts=mine)
    assert result.report.layout == "my_erp" and result.report.layout_name == "我的 ERP"
    assert result.clean[["order_id", "amount", "seller_id"]].values.tolist() == [
        ["X1", 12.5, "东店"]
    ]
    bad = tmp_path / "bad.csv"
    bad.write_text("layout,signature\nx,a\n", encoding="utf-8")
    with pytest.raises(LayoutError, match="needs the columns \\['lines'\\]"):
        clean_orders(raw, layouts=bad)


@pytest.mark.parametrize("npartitions", [2, 3, 5])
def test_dask_partitions_are_decided_once_and_never_split_an_order(tmp_path, npartitions):
    dd = pytest.importorskip("dask.dataframe")
    # A's and B's lines fall on both sides of a partition boundary at 3 and 5 partitions
    src = tmp_path / "店.csv"
    src.write_text(STRADDLING, encoding="utf-8")
    raw = read_table(src)
    whole = clean_orders(raw).clean
    lazy = dd.from_pandas(raw, npartitions=npartitions, sort=False)
    report = clean_to_dataset(lazy, tmp_path / "out", seller="店")
    parts = _parts_equal_whole(tmp_path / "out", report, whole)
    assert market_size(parts)[["sell_through", "orders", "units"]].sum().tolist() == [239.0, 3, 6]
