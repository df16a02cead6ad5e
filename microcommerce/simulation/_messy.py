"""Write a simulated brand's tables the way its back office would export them.

:func:`write_messy_export` turns the canonical tables of a
:class:`~microcommerce.simulation.Simulation` into the files an analyst actually
receives: Chinese headers, GB18030 CSV and ``.xlsx``, amounts written
``¥1,280.00`` / ``1.28千`` / ``0.128万`` / ``1280元``, dates in several styles, tier
and platform aliases (总代, 一级代理, L3 …; 微信, 朋友圈, 微店 …), about 1 % of rows
exported twice, page-break and note lines, and a totals row.

Like a real back office, the order export also lists what was not sold, with an order
status (订单状态) and refund (退款金额) column: every simulated order is a sale (交易成功,
已完成, 已发货 …), about 3 % more orders are written that never became one (已取消, 待付款,
交易关闭, 退款成功), about 2 % of the sales were partly refunded (the amount paid written
gross, the refund beside it, so that the amount net of the refund is the simulated one),
and about 2 % are split over two lines of the same order (商品行号 1 and 2).

Every rendering is exact — an amount written in 万 keeps every fen — so the files
clean back (``cleaning._clean``) to exactly the simulator's tables: the
orders counted as sold, net of refunds, their lines added up; the test suite holds that
round trip. The rendering is vectorised: each distinct value
is formatted once and broadcast back. Cells are written verbatim, without the quote
:func:`~microcommerce.io.write_table` puts before formula-like text by default.

Examples
--------
>>> import tempfile
>>> from microcommerce.simulation import PyramidParams, simulate_pyramid
>>> from microcommerce.io import read_table
>>> from microcommerce.cleaning import clean_orders
>>> sim = simulate_pyramid(PyramidParams(potential_agents=200, months=12), seed=2)
>>> files = write_messy_export(sim, tempfile.mkdtemp(), seed=2)
>>> sorted(files)
['inventory', 'orders', 'sellers']
>>> clean = clean_orders(read_table(files["orders"])).clean
>>> sold = clean[clean["status"] != "cancelled"]
>>> sorted(set(clean["status"]) - set(sold["status"]))
['cancelled']
>>> int(clean.loc[clean["status"] == "partially_refunded", "refund"].gt(0).sum()) > 0
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from microcommerce.errors import ParameterError, UnknownNameError
from microcommerce.io import PathArg, write_table
from microcommerce.io._staging import staged_files

if TYPE_CHECKING:
    from microcommerce.simulation._tables import Simulation

__all__ = ["EXCEL_MAX_ROWS", "FILE_NAMES", "STYLES", "write_messy_export"]

#: Export styles :func:`write_messy_export` knows.
STYLES: tuple[str, ...] = ("wechat_backoffice",)
#: Rows an Excel sheet holds (the header included).
EXCEL_MAX_ROWS = 1_048_576
#: The file written for each table (the agent list becomes ``代理名单.csv`` when it has
#: more rows than an Excel sheet holds).
FILE_NAMES: dict[str, str] = {
    "orders": "订单导出.csv",
    "sellers": "代理名单.xlsx",
    "inventory": "库存盘点.csv",
}

_CN_DIGITS = "零一二三四五六七八九"
#: Ways a back office writes each tier (all known to ``cleaning._taxonomy``).
_TIER_LABELS: tuple[tuple[str, ...], ...] = (
    ("总代", "总代理", "联创", "官方"),
    *(
        (f"{_CN_DIGITS[k]}级代理", f"{_CN_DIGITS[k]}级", f"{k}级", f"L{k}")
        + (("省代",) if k == 1 else ("市代",) if k == 2 else ("县代",) if k == 3 else ())
        for k in range(1, 10)
    ),
)
_RETAIL_LABELS = ("顾客", "零售", "终端客户", "")
_KIND_LABELS = {"sell_in": ("代理进货", "进货", "补货"), "retail": ("零售", "终端零售")}
_PLATFORM_LABELS = {
    "wechat": ("微信", "朋友圈", "微信群", "WX"),
    "weidian": ("微店", "口袋微店"),
    "taobao": ("淘宝", "淘宝店", "手机淘宝"),
    "tmall": ("天猫",),
    "jd": ("京东",),
    "paipai": ("拍拍",),
    "other": ("其他",),
}
#: How the export writes a sale, and an order that never became one, by status.
_SOLD_TEXTS = ("交易成功", "已完成", "已发货", "待发货", "买家已付款，等待卖家发货")
_UNSOLD_TEXTS = ("已取消", "待付款", "交易关闭", "退款成功")
#: Shares of the sales partly refunded and split over two lines, and of unsold orders added.
_REFUND_SHARE, _SPLIT_SHARE, _UNSOLD_SHARE = 0.02, 0.02, 0.03
_CATEGORY_LABELS = {"mask": ("面膜", "补水面膜", "蚕丝面膜"), "cosmetics": ("化妆品", "护肤品")}
_DAY_FORMATS = ("%Y-%m-%d", "%Y/%-m/%-d", "%Y年%-m月%-d日", "%Y%m%d", "%Y.%-m.%-d")
_MONTH_FORMATS = ("%Y年%-m月", "%Y-%m", "%Y/%-m")


def _pick(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    return rng.integers(k, size=n)


def _render(
    values: pd.Series, formats: Sequence[Callable[[object], str]], choice: np.ndarray
) -> np.ndarray:
    """Format each distinct value with each format once, then pick per row."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    out = np.full(len(values), "", dtype=object)
    for i, fmt in enumerate(formats):
        rows = (choice == i) & (codes >= 0)
        if rows.any():
            table = np.array([fmt(u) for u in uniques], dtype=object)
            out[rows] = table[codes[rows]]
    return out


def _labels(values: pd.Series, labels: dict, rng: np.random.Generator) -> np.ndarray:
    """Pick a random alias of each label (categorical in, text out; missing → '')."""
    out = np.full(len(values), "", dtype=object)
    text = values.astype(object)
    for canonical, choices in labels.items():
        rows = (text == canonical).to_numpy()
        if rows.any():
            out[rows] = np.array(choices, dtype=object)[_pick(rng, int(rows.sum()), len(choices))]
    return out


def _tier_labels(tiers: pd.Series, rng: np.random.Generator, *, retail: str = "") -> np.ndarray:
    labels = {str(k): v for k, v in enumerate(_TIER_LABELS)} | {"-1": (retail,)}
    return _labels(tiers.astype("float64").fillna(-1).astype(int).map(str), labels, rng)


def _yuan_forms(fen: int) -> list[str]:
    """Exact ways to write ``fen``: ``¥1,280.00``, ``1.28千``, ``0.128万``, ``1280元``."""
    yuan = Decimal(fen).scaleb(-2)

    def plain(d: Decimal) -> str:
        return format(d.normalize(), "f")

    return [
        f"¥{yuan:,.2f}",
        plain(yuan.scaleb(-3)) + "千",
        plain(yuan.scaleb(-4)) + "万",
        plain(yuan) + "元",
    ]


def _money(amount: pd.Series, rng: np.random.Generator, forms: Sequence[int]) -> np.ndarray:
    fen = (amount * 100).round().astype("Int64")
    formats = [lambda v, i=i: _yuan_forms(int(v))[i] for i in forms]
    return _render(fen, formats, _pick(rng, len(amount), len(formats)))


def _dates(dates: pd.Series, rng: np.random.Generator, formats: Sequence[str]) -> np.ndarray:
    fmts = [lambda d, f=f: d.strftime(f) for f in formats]
    return _render(dates, fmts, _pick(rng, len(dates), len(fmts)))


def _with_noise(
    frame: pd.DataFrame,
    rng: np.random.Generator,
    *,
    dup_share: float,
    notes: Sequence[str],
    total: dict[str, str] | None,
) -> pd.DataFrame:
    """Add exact repeats (each after its original), note lines and a totals row."""
    n = len(frame)
    dups = rng.choice(n, size=round(n * dup_share), replace=False) if n else np.zeros(0, int)
    # a repeat sorts somewhere after its original (as overlapping pages of an export do)
    key = np.concatenate(
        [np.arange(n, dtype=float), dups + 0.5 + rng.random(len(dups)) * (n - dups)]
    )
    rows = np.concatenate([np.arange(n), dups])[np.argsort(key, kind="stable")]
    body = frame.iloc[rows]
    blank = dict.fromkeys(frame.columns, "")
    note_rows = pd.DataFrame([blank | {frame.columns[0]: t} for t in notes], columns=frame.columns)
    at = np.sort(rng.integers(len(body) + 1, size=len(notes)))
    parts, start = [], 0
    for i, pos in enumerate(at):
        parts += [body.iloc[start:pos], note_rows.iloc[[i]]]
        start = pos
    parts.append(body.iloc[start:])
    if total is not None:
        parts.append(pd.DataFrame([blank | total], columns=frame.columns))
    return pd.concat(parts, ignore_index=True)


def _with_statuses(orders: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Add the rows and columns of statuses, refunds and lines to the simulated sales.

    Returns the orders to write: the sales (some partly refunded: amount gross, ``refund``
    beside it; some split over two lines), the orders that were not sales, each after
    the sale it copies, with ``status_text``, ``refund`` (NaN: none written) and ``line``.
    """
    m = len(orders)
    fen = (orders["amount"] * 100).round().astype("int64").to_numpy()
    qty = orders["quantity"].to_numpy(dtype="int64")
    part = rng.random(m) < _REFUND_SHARE
    back = np.where(part, rng.integers(1, 5001, size=m), 0)  # 0.01 … 50.00 refunded
    split = ~part & (qty >= 2) & (rng.random(m) < _SPLIT_SHARE)
    first_q = np.where(split, qty // 2, qty)
    first_fen = np.where(split, np.round(fen * first_q / qty), fen).astype("int64")
    sold_text = np.array(_SOLD_TEXTS, dtype=object)[_pick(rng, m, len(_SOLD_TEXTS))]
    sales = orders.assign(
        quantity=first_q,
        amount=(first_fen + back) / 100,
        refund=np.where(part, back / 100, np.nan),
        status_text=np.where(part & (rng.random(m) < 0.5), "部分退款", sold_text),
        line=1,
    )
    second = orders[split].assign(
        quantity=(qty - first_q)[split],
        amount=(fen - first_fen)[split] / 100,
        refund=np.nan,
        status_text=sold_text[split],
        line=2,
    )
    unsold = rng.random(m) < _UNSOLD_SHARE
    texts = np.array(_UNSOLD_TEXTS, dtype=object)[_pick(rng, int(unsold.sum()), len(_UNSOLD_TEXTS))]
    extra = orders[unsold].assign(
        order_id=orders["order_id"][unsold] + "X", refund=np.nan, status_text=texts, line=1
    )
    rows = pd.concat([sales, second, extra], ignore_index=True)
    position = np.concatenate([np.arange(m), np.flatnonzero(split) + 0.25,
                               np.flatnonzero(unsold) + 0.5])  # fmt: skip
    return rows.iloc[np.argsort(position, kind="stable")].reset_index(drop=True)


def _orders_text(orders: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    m = len(orders)
    retail = (orders["kind"] == "retail").to_numpy()
    statuses = {}
    if "status_text" in orders.columns:
        statuses = {
            "订单状态": orders["status_text"].to_numpy(dtype=object),
            "退款金额": _money(orders["refund"], rng, (0, 3)),
            "商品行号": orders["line"].astype(str).to_numpy(dtype=object),
        }
    return pd.DataFrame(
        {
            "订单号": orders["order_id"].to_numpy(dtype=object),
            "下单时间": _dates(orders["date"], rng, _DAY_FORMATS),
            "卖家": orders["seller_id"].to_numpy(dtype=object),
            "卖家级别": _tier_labels(orders["seller_tier"], rng),
            "买家": orders["buyer_id"].fillna("").to_numpy(dtype=object),
            "买家级别": np.where(
                retail,
                np.array(_RETAIL_LABELS, dtype=object)[_pick(rng, m, len(_RETAIL_LABELS))],
                _tier_labels(orders["buyer_tier"], rng),
            ),
            "订单类型": _labels(orders["kind"], _KIND_LABELS, rng),
            "平台": _labels(orders["platform"], _PLATFORM_LABELS, rng),
            "品类": _labels(orders["category"], _CATEGORY_LABELS, rng),
            "商品名称": orders["product"].fillna("").to_numpy(dtype=object),
            "数量": _render(
                orders["quantity"], [str, lambda q: f"{q}盒"], (rng.random(m) < 0.1).astype(int)
            ),
            "单价": _money(orders["unit_price"], rng, (0, 3)),
            "实付金额": _money(orders["amount"], rng, (0, 1, 2, 3)),
        }
        | statuses
    )


def _sellers_text(sellers: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "代理编号": sellers["seller_id"].to_numpy(dtype=object),
            "上级": sellers["parent_id"].fillna("").to_numpy(dtype=object),
            "级别": _tier_labels(sellers["tier"], rng),
            "授权时间": _dates(sellers["joined"], rng, _DAY_FORMATS),
            "退出时间": _dates(sellers["left"], rng, _DAY_FORMATS),
            "主要平台": _labels(sellers["platform"], _PLATFORM_LABELS, rng),
            "主营品类": _labels(sellers["category"], _CATEGORY_LABELS, rng),
            "省份": sellers["region"].fillna("").to_numpy(dtype=object),
        }
    )


def _inventory_text(inventory: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    n = len(inventory)
    return pd.DataFrame(
        {
            "代理编号": inventory["seller_id"].to_numpy(dtype=object),
            "月份": _dates(inventory["period"], rng, _MONTH_FORMATS),
            "品类": _labels(inventory["category"], _CATEGORY_LABELS, rng),
            "库存数量": _render(inventory["units"], [lambda u: f"{u:,}", str], _pick(rng, n, 2)),
            "库存金额": _money(inventory["value"], rng, (0, 1, 2, 3)),
        }
    )


def write_messy_export(
    sim: Simulation,
    folder: PathArg,
    *,
    seed: int = 0,
    style: str = "wechat_backoffice",
    dup_share: float = 0.01,
    statuses: bool = True,
    wait: bool = False,
    progress: bool = False,
) -> dict[str, Path]:
    """Write the simulation's tables as a brand's back office would export them.

    Files (names in ``FILE_NAMES``): ``订单导出.csv`` (orders, GB18030),
    ``代理名单.xlsx`` (sellers; ``代理名单.csv`` beyond Excel's 1,048,576 rows) and
    ``库存盘点.csv`` (inventory, GB18030). Nothing is written until every file's
    content is ready, and the three are written as one group
    (:func:`microcommerce.io.staged_files`): all new, or all as they were.
    Each has
    ``dup_share`` of its rows exported a second time (somewhere after the first),
    page-break and note lines, and the orders and agent list end with a totals row.
    The same ``sim`` and ``seed`` give byte-identical CSV files.

    Parameters
    ----------
    sim : Simulation
        A :class:`~microcommerce.simulation.Simulation`.
    folder : str or Path
        Where to write (created if missing).
    seed : int, default 0
        Seed of the renderings and noise (independent of the simulation's seed).
    style : str, default "wechat_backoffice"
        One of ``STYLES``.
    dup_share : float, default 0.01
        Share of rows exported twice (default 1 %).
    statuses : bool, default True
        Write the order status and refund columns, with unsold orders, partial refunds
        and orders over two lines (see the module docstring); ``False``: the sales only,
        one row each, without those columns.
    wait : bool, default False
        When another run is writing these files, wait for it instead of refusing.
    progress : bool, default False
        Show a progress bar over the steps (rendering each table, writing each file;
        tqdm, a widget in a notebook): at the default simulation size this runs for
        tens of seconds.

    Returns
    -------
    dict
        ``{"orders": path, "sellers": path, "inventory": path}``.

    Examples
    --------
    See the module docstring.
    """
    if style not in STYLES:
        raise UnknownNameError(
            f"style {style!r}: expected one of {', '.join(STYLES)}", name=style, known=list(STYLES)
        )
    if not 0 <= dup_share <= 1:
        raise ParameterError(f"dup_share={dup_share!r}: expected a share between 0 and 1")
    from tqdm.auto import tqdm

    bar = tqdm(total=6, desc="messy export", unit="step", disable=not progress)
    rng = np.random.default_rng(seed)
    folder = Path(folder)
    paid = Decimal(int(sim.orders["amount"].mul(100).round().sum())).scaleb(-2)
    rows = _with_statuses(sim.orders, rng) if statuses else sim.orders
    orders = _with_noise(
        _orders_text(rows, rng),
        rng,
        dup_share=dup_share,
        notes=("--- 第2页 ---", "--- 第3页 ---", "以下为系统自动导出数据，仅供内部核对"),
        total={
            "订单号": "合计",
            "数量": f"{int(sim.orders['quantity'].sum())}",
            "实付金额": f"¥{paid:,.2f}",
        },
    )
    bar.update()
    sellers = _with_noise(
        _sellers_text(sim.sellers, rng),
        rng,
        dup_share=dup_share,
        notes=("注：退出时间为空表示仍在授权期内",),
        total={"代理编号": "合计", "级别": f"{len(sim.sellers)}人"},
    )
    bar.update()
    inventory = _with_noise(
        _inventory_text(sim.inventory, rng),
        rng,
        dup_share=dup_share,
        notes=("--- 第2页 ---",),
        total=None,
    )
    # Excel holds 1,048,576 rows; a bigger agent list is exported as CSV, as back offices do
    sellers_name = FILE_NAMES["sellers"]
    if len(sellers) >= EXCEL_MAX_ROWS:
        sellers_name = sellers_name.removesuffix(".xlsx") + ".csv"

    names = {"orders": FILE_NAMES["orders"], "sellers": sellers_name}
    names["inventory"] = FILE_NAMES["inventory"]
    tables = {"orders": orders, "sellers": sellers, "inventory": inventory}
    bar.update()
    with bar, staged_files([folder / name for name in names.values()], wait=wait) as paths:
        for table, path in zip(tables.values(), paths, strict=True):
            bar.set_postfix_str(path.name)
            # verbatim (safe=False): back offices do not guard cells against formulas, so
            # a note line "--- 第2页 ---" is exported as it is and cleaning copes with it
            write_table(table, path, encoding="gb18030", safe=False)
            bar.update()
    return {kind: folder / name for kind, name in names.items()}
