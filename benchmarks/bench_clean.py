"""Benchmark ``clean_orders`` on a large messy export, against ``pd.read_csv``.

Writes a 1,000,000-row back-office style CSV (GB18030, Chinese headers, five date
styles, ``¥1,280.00`` / ``1.28千`` / ``0.128万`` amounts, tier and platform aliases,
~1 % duplicated rows, junk lines and a totals row), then measures in one run:

The export carries an order status (交易成功, 已发货, 待发货, 已取消, 退款成功, 部分退款) and a
refund column (a partial refund on 部分退款 rows), as shop exports do.

1. ``clean_orders(raw)`` time ÷ ``pd.read_csv`` time of the same file  (target ≤ 3.0)
2. peak memory growth during ``clean_orders`` ÷ the clean table's in-memory size
   (target ≤ 4), sampled from the process's resident set size

Run: ``python benchmarks/bench_clean.py [--rows N]``.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from measure import PeakRSS, best_of, verdict

from microcommerce.cleaning import clean_orders
from microcommerce.io import read_table


def messy_orders(rows: int, seed: int = 0) -> pd.DataFrame:
    """A back-office export as text, built with vectorised NumPy (no per-row Python)."""
    rng = np.random.default_rng(seed)
    n_sellers = max(rows // 50, 10)
    seller = rng.integers(n_sellers, size=rows)
    seller_tier = (seller % 4).astype(np.int64)
    retail = rng.random(rows) < 0.6
    qty = rng.integers(1, 200, size=rows)
    price = np.array([30.0, 38.0, 63.0, 73.0])[seller_tier]
    amount = qty * price
    offsets = rng.integers(0, 4 * 365, size=rows).astype("timedelta64[D]")
    days = np.datetime64("2013-01-01") + offsets
    stamp = pd.DatetimeIndex(days)
    style = rng.integers(5, size=rows)
    date_text = np.select(
        [style == 0, style == 1, style == 2, style == 3],
        [
            stamp.strftime("%Y-%m-%d"),
            stamp.strftime("%Y/%-m/%-d"),
            stamp.strftime("%Y年%-m月%-d日"),
            stamp.strftime("%Y%m%d"),
        ],
        stamp.strftime("%Y.%-m.%-d"),
    )
    amount_style = rng.integers(3, size=rows)
    amount_text = np.select(
        [amount_style == 0, amount_style == 1],
        [
            pd.Series(amount).map("¥{:,.2f}".format).to_numpy(),
            pd.Series(amount / 1000).map("{:g}千".format).to_numpy(),
        ],
        pd.Series(amount / 10000).map("{:g}万".format).to_numpy(),
    )
    tier_names = np.array(["总代", "一级代理", "二级", "三级代理"])
    buyer_tier_names = np.array(["一级代理", "2级", "三级", "4级"])
    platforms = np.array(["微信", "朋友圈", "微店", "淘宝"])
    statuses = np.array(["交易成功", "已发货", "待发货", "已取消", "退款成功", "部分退款"])
    status = rng.choice(len(statuses), size=rows, p=[0.6, 0.2, 0.1, 0.04, 0.03, 0.03])
    refund = np.where(statuses[status] == "部分退款", np.floor(amount * 0.2), 0.0)
    frame = pd.DataFrame(
        {
            "订单号": np.char.add("WX", np.arange(rows).astype(str)),
            "下单时间": date_text,
            "卖家": np.char.add("agent", seller.astype(str)),
            "代理级别": tier_names[seller_tier],
            "买家": np.where(retail, "", np.char.add("agent", (seller + 1).astype(str))),
            "买家级别": np.where(retail, "顾客", buyer_tier_names[seller_tier]),
            "平台": platforms[rng.integers(4, size=rows)],
            "品类": np.where(rng.random(rows) < 0.8, "面膜", "化妆品"),
            "数量": qty.astype(str),
            "实付金额": amount_text,
            "订单状态": statuses[status],
            "退款金额": np.where(refund > 0, pd.Series(refund).map("{:.2f}".format), ""),
        }
    )
    dups = frame.sample(frac=0.01, random_state=seed)
    width = len(frame.columns)
    junk = pd.DataFrame([["--- 导出结束 ---"] + [""] * (width - 1)], columns=frame.columns)
    total = pd.DataFrame(
        [["合计"] + [""] * 7 + [str(qty.sum())] + [""] * (width - 9)], columns=frame.columns
    )
    return pd.concat([frame, dups, junk, total], ignore_index=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "orders.csv"
        messy_orders(args.rows).to_csv(path, index=False, encoding="gb18030")
        raw = read_table(path)
        base = best_of(args.repeat, lambda: pd.read_csv(path, encoding="gb18030", dtype=str))
        ours = best_of(args.repeat, lambda: clean_orders(raw))
        with PeakRSS() as mem:
            result = clean_orders(raw)
    size = result.clean.memory_usage(deep=True).sum()
    print(result.summary())
    ratio = ours / base
    print(
        f"\n1. clean_orders {ours:.2f} s ÷ pd.read_csv {base:.2f} s = {ratio:.2f} "
        f"({verdict(ratio, 3.0)})"
    )
    mratio = mem.growth / size
    print(
        f"2. peak memory growth {mem.growth / 2**20:.0f} MiB ÷ clean table "
        f"{size / 2**20:.0f} MiB = {mratio:.2f} ({verdict(mratio, 4)})"
    )


if __name__ == "__main__":
    main()
