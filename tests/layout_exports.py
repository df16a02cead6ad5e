"""The export fixtures of ``tests/data/layouts``: what each file is and what it cleans to.

One table for the tests that read these files (the cleaning tests check the clean tables, the
analyses tests the market sizes): the layout each file is detected as, the seller to give (None
where the file names its shops) and the encoding it is read in. The clean table each file must
give, worked by hand, is ``tests/data/layouts_clean.csv`` (its notes say how).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from microcommerce.cleaning import CleanResult, clean_orders
from microcommerce.io import read_table

DATA = Path(__file__).parent / "data"
LAYOUTS = DATA / "layouts"
COLUMNS = ["order_id", "line", "day", "product", "quantity", "amount", "refund", "status"]

#: file: (layout, seller given, encoding read). Shop and platform exports first, then the
#: social-commerce ones (微信小店, 快手, 小红书, 有赞's order view, the group-buy tools, the ERPs).
EXPORTS = {
    "taobao_ExportOrderList.csv": ("taobao_orders", None, "gb18030"),  # 店铺名称 names the shop
    "pdd_orders.csv": ("pdd", "多多小店", "utf-8-sig"),
    "jd_pop_orders.csv": ("jd_pop", "京东店", "gb18030"),
    "douyin_orders.csv": ("douyin", "抖店", "utf-8-sig"),
    "youzan_items.csv": ("youzan_items", "有赞店", "utf-8-sig"),
    "ewei_shopv2_orders.csv": ("ewei_shopv2", "人人店", "gb18030"),
    # the social-commerce exports: a seller is given where the file has no shop column
    "youzan_orders.csv": ("youzan_orders", "有赞店", "utf-8-sig"),
    "wechat_shop_orders.csv": ("wechat_shop", "蜜语旗舰店", "utf-8-sig"),
    "kuaishou_orders.csv": ("kuaishou", "蜜语旗舰店", "utf-8-sig"),
    "xiaohongshu_orders.csv": ("xiaohongshu", None, "utf-8-sig"),  # 店铺名称
    "kuaituantuan_orders.csv": ("kuaituantuan", "蜜语旗舰店", "utf-8-sig"),
    "qunjielong_orders.csv": ("qunjielong", "蜜语旗舰店", "utf-8-sig"),
    "jushuitan_orders.csv": ("jushuitan", None, "utf-8-sig"),  # 店铺: two shops in one file
    "wangdiantong_orders.csv": ("wangdiantong", None, "utf-8-sig"),  # 店铺名称: two shops
}

#: the social-commerce exports (file: layout)
SOCIAL = {name: layout for name, (layout, _, _) in list(EXPORTS.items())[6:]}


def clean_export(name: str) -> CleanResult:
    """Clean the fixture ``name`` as an analyst would, giving its seller where it has none."""
    return clean_orders(read_table(LAYOUTS / name), seller=EXPORTS[name][1])


def hand_worked(name: str) -> pd.DataFrame:
    """The clean table of the fixture ``name`` worked by hand, in :data:`COLUMNS`."""
    text = {c: "str" for c in ("file", "order_id", "day", "product", "status")}
    table = pd.read_csv(DATA / "layouts_clean.csv", comment="#", dtype=text)
    rows = table[table["file"] == name]
    assert len(rows) > 0, f"{name}: no rows in layouts_clean.csv"
    return rows[COLUMNS].reset_index(drop=True)
