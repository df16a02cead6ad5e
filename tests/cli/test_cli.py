"""The microcommerce command, called in-process and as an installed script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from bad_inputs import text_file

from microcommerce import __version__
from microcommerce.cli import main

DATA = Path(__file__).parents[1] / "data"


def test_parse_prints_the_fields(capsys):
    assert main(["parse", "近3000万人"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "value      30,000,000" in out and "qualifier  under" in out and "low        —" in out


def test_parse_json_and_failures_exit_nonzero(capsys):
    assert main(["parse", "--json", "两三千", "abc"]) == 1
    records = json.loads(capsys.readouterr().out)
    assert records[0]["low"] == 2000.0 and records[0]["qualifier"] == "range"
    assert records[1]["value"] is None and "unexpected" in records[1]["error"]


def test_parse_dates(capsys):
    assert main(["parse", "--date", "--ref-year", "2015", "July 22nd"]) == 0
    assert "start      2015-07-22T00:00:00" in capsys.readouterr().out
    assert main(["parse", "--date", "July 22nd"]) == 1


def test_clean_a_gb18030_export(tmp_path, capsys):
    src = tmp_path / "导出订单.csv"
    shutil.copy(DATA / "orders_gb18030.csv", src)
    assert main(["clean", "orders", str(src), "-o", str(tmp_path / "orders.parquet")]) == 0
    out = capsys.readouterr().out
    assert "clean      6" in out and "(gb18030)" in out
    assert len(pd.read_parquet(tmp_path / "orders.parquet")) == 6
    rejected = pd.read_csv(tmp_path / "orders.rejected.csv", dtype=str, encoding="utf-8-sig")
    # row 13 (2 × 138 listed, 300 paid) is kept: 实付金额 states what the buyer paid
    assert rejected["row"].tolist() == ["7", "9", "10", "11", "12", "14", "15"]


def test_clean_missing_file_exits_one(tmp_path, capsys):
    assert main(["clean", "orders", str(tmp_path / "nope.csv")]) == 1
    assert "nope.csv: no such file" in capsys.readouterr().err


def test_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "usage: microcommerce" in capsys.readouterr().out


SCRIPT = Path(sys.executable).parent / "microcommerce"


@pytest.mark.skipif(not SCRIPT.exists(), reason="the package is not installed in this environment")
def test_installed_console_script():
    done = subprocess.run([SCRIPT, "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"microcommerce {__version__}"
    done = subprocess.run(
        [sys.executable, "-m", "microcommerce.cli", "parse", "1.2万"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "12,000" in done.stdout


def test_datasets_list_show_and_export(tmp_path, capsys):
    assert main(["datasets", "list"]) == 0
    assert "seed_claims    12" in capsys.readouterr().out
    assert main(["datasets", "show", "facts", "--rows", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Published figures") and "as_written" in out
    assert "first rows of 159" in out
    assert main(["datasets", "export", "events", "-o", str(tmp_path / "events.parquet")]) == 0
    assert len(pd.read_parquet(tmp_path / "events.parquet")) == 28
    assert main(["datasets", "show", "nope"]) == 1
    assert "the datasets are events, facts" in capsys.readouterr().err


def test_clean_with_column_and_alias_options(tmp_path, capsys):
    src = text_file(
        tmp_path / "export.csv",
        "单据,下单时间,卖家,代理级别,平台,数量,实付金额\nX1,2014/3/5,zhang,特约,抖音,1,138\n",
    )
    out = tmp_path / "o.csv"
    assert main(["clean", "orders", str(src), "-o", str(out)]) == 1  # 单据 is unknown
    err = capsys.readouterr().err
    assert "order_id" in err and "--column 'your header=order_id'" in err  # CLI syntax
    assert "columns={" not in err
    args = [
        "clean",
        "orders",
        str(src),
        "-o",
        str(out),
        "--column",
        "单据=order_id",
        "--alias",
        "tier:特约=2",
        "--alias",
        "platform:抖音=other",
    ]
    assert main(args) == 0
    clean = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
    assert clean.loc[0, ["order_id", "seller_tier", "platform"]].tolist() == ["X1", "2", "other"]
    assert main([*args[:5], "--alias", "shop:抖音=other"]) == 1
    assert "the vocabulary is platform, category, tier, status, after_sale" in (
        capsys.readouterr().err
    )
    assert main([*args[:5], "--column", "单据"]) == 1
    assert "expected HEADER=COLUMN" in capsys.readouterr().err


def test_clean_hints_at_unknown_statuses_with_the_alias_option(tmp_path, capsys):
    src = text_file(
        tmp_path / "export.csv",
        "订单号,下单时间,卖家,数量,实付金额,订单状态,售后状态\n"
        "A1,2024-03-05,s,1,10,待评价,无\nA2,2024-03-05,s,1,12,待评价,无\n"
        "A3,2024-03-06,s,1,15,已完成,售后审核中\n",
    )
    out = tmp_path / "o.csv"
    assert main(["clean", "orders", str(src), "-o", str(out)]) == 1  # every row rejected
    printed = capsys.readouterr().out
    assert "unknown order status (map it with --alias status:TEXT=LABEL)" in printed
    assert "status '待评价' is not known (2 rows): --alias 'status:待评价=LABEL', LABEL one of" in (
        printed
    )
    after_sale = "after_sale '售后审核中' is not known (1 row): "
    after_sale += "--alias 'after_sale:售后审核中=LABEL'"
    assert after_sale in printed
    assert "aliases=" not in printed  # the Python form is for Python
    fixed = ["--alias", "status:待评价=completed", "--alias", "after_sale:售后审核中=pending"]
    assert main(["clean", "orders", str(src), "-o", str(out), *fixed]) == 0
    assert "is not known" not in capsys.readouterr().out
    wrong = ["--alias", "status:待评价=done"]
    assert main(["clean", "orders", str(src), "-o", str(out), *wrong]) == 1
    err = capsys.readouterr().err
    assert "status alias '待评价' = 'done': 'done' is not a order status" in err
    assert "aliases=" not in err
    assert pd.read_csv(out, encoding="utf-8-sig")["status"].tolist() == ["completed"] * 3


def test_simulate_writes_parquet_that_reads_back_as_the_simulation(tmp_path, capsys):
    from microcommerce.simulation import PyramidParams, read_simulation, simulate_pyramid

    argv = ["simulate", "--agents", "400", "--months", "24", "--seed", "7", "-q", "-o"]
    assert main([*argv, str(tmp_path)]) == 0
    assert "simulated" in capsys.readouterr().out
    back = read_simulation(tmp_path)
    want = simulate_pyramid(PyramidParams(potential_agents=400, months=24), seed=7)
    pd.testing.assert_frame_equal(back.orders, want.orders)
    assert back.params == want.params


def test_simulate_no_shock_and_messy(tmp_path, capsys):
    from microcommerce.simulation import FILE_NAMES, read_simulation

    assert main(["simulate", "--agents", "300", "--no-shock", "-q", "-o", str(tmp_path / "p")]) == 0
    assert read_simulation(tmp_path / "p").params.shock is None
    assert main(["simulate", "--agents", "300", "--messy", "-q", "-o", str(tmp_path / "m")]) == 0
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == sorted(FILE_NAMES.values())
    assert main(["simulate", "--months", "0", "-q", "-o", str(tmp_path / "x")]) == 1
    assert "months ≥ 1" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


LAYOUTS = Path(__file__).parents[1] / "data" / "layouts"


def test_clean_a_platform_export_with_no_options(tmp_path, capsys):
    out = tmp_path / "tb.csv"
    src = LAYOUTS / "taobao_ExportOrderList.csv"
    assert main(["clean", "orders", str(src), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert (
        "layout: taobao_orders" in text and "refunds deducted from the orders sold: ¥50.00" in text
    )
    clean = pd.read_csv(out, dtype=str, encoding="utf-8-sig")
    assert clean["status"].tolist()[:3] == ["completed", "closed", "unpaid"]


def test_clean_a_one_shop_export_is_named_after_its_file_or_seller(tmp_path, capsys):
    src, out = LAYOUTS / "pdd_orders.csv", tmp_path / "pdd.csv"
    assert main(["clean", "orders", str(src), "-o", str(out)]) == 0
    assert "one shop, named after the file: pdd_orders (--seller NAME" in capsys.readouterr().out
    assert set(pd.read_csv(out, dtype=str, encoding="utf-8-sig")["seller_id"]) == {"pdd_orders"}
    assert main(["clean", "orders", str(src), "-o", str(out), "--seller", "多多小店"]) == 0
    assert set(pd.read_csv(out, dtype=str, encoding="utf-8-sig")["seller_id"]) == {"多多小店"}


def test_clean_layout_ignore_and_tiers_options(tmp_path, capsys):
    src, out = LAYOUTS / "jd_pop_orders.csv", tmp_path / "jd.csv"
    raw = pd.read_csv(src, dtype=str, encoding="gb18030").drop(columns=["商品ID"])
    generic = tmp_path / "jd_no_sku.csv"
    raw.to_csv(generic, index=False, encoding="gb18030")
    args = ["clean", "orders", str(generic), "-o", str(out), "--seller", "京东店"]
    assert main([*args, "--layout", "jd_pop"]) == 0
    assert "layout: jd_pop" in capsys.readouterr().out
    # read generically, the SKU rows of one order repeat its id and its amount: the
    # values say so, and the amount is split over the lines as the layout does
    assert main([*args, "--ignore", "订单类型"]) == 0
    text = capsys.readouterr().out
    assert "layout:" not in text and "lines: order_amount_repeated" in text
    assert "rejected   1" in text and "(order_id, line) is unique" not in text
    assert main([*args, "--layout", "tmall"]) == 1
    assert "unknown export layout 'tmall'" in capsys.readouterr().err
    agents = tmp_path / "agents.csv"
    agents.write_text("代理编号,上级,级别,授权时间\na,,联创,2020-01-01\nb,a,特约,2020-02-01\n")
    ladder = ["clean", "sellers", str(agents), "-o", str(tmp_path / "a.csv"), "--tiers"]
    assert main([*ladder, "联创,总代,省代,市代,特约"]) == 0
    tiers = pd.read_csv(tmp_path / "a.csv", dtype=str, encoding="utf-8-sig")["tier"]
    assert tiers.tolist() == ["0", "4"]
    assert main([*ladder, "联创", "--seller", "x"]) == 1
    assert "--seller is for order exports, not sellers" in capsys.readouterr().err


def test_inspect_says_what_the_cleaner_sees_and_which_options_change_it(tmp_path, capsys):
    src = text_file(
        tmp_path / "团购.csv",
        "跟团号,订单创建时间,商品,订单实际支付金额,订单类型,订单状态\n"
        "1,2024-05-01 09:00,土鸡蛋+2,30.00,普通订单,已完成\n"
        '2,2024-05-01 10:00,"土鸡蛋+1，鸭蛋+3",52.00,预售订单,待配送\n',
    )
    assert main(["inspect", str(src)]) == 0
    out = capsys.readouterr().out
    assert "order_id    ← 跟团号 (header contains 跟团号, 100% of values fit)" in out
    assert "amount      ← 订单实际支付金额 (header contains 实际支付, 100% of values fit)" in out
    assert "left out: 订单类型 — kind: 0% of the values fit (e.g. 普通订单)" in out
    assert "status     待配送 (1 rows) → UNKNOWN" in out
    assert "--alias 'status:待配送=LABEL'" in out and "--seller NAME" in out
    # the options it names change the cleaning: the unknown word mapped, the shop named
    out_file = tmp_path / "o.csv"
    args = ["clean", "orders", str(src), "-o", str(out_file), "--alias", "status:待配送=paid"]
    assert main([*args, "--seller", "团长"]) == 0
    clean = pd.read_csv(out_file, dtype=str, encoding="utf-8-sig")
    assert clean["status"].tolist() == ["completed", "paid"]
    assert clean["quantity"].tolist() == ["2", "4"] and set(clean["seller_id"]) == {"团长"}
    # no date column: refused in one line naming --date; --date cleans it
    undated = tmp_path / "undated.csv"
    pd.read_csv(src, dtype=str).drop(columns=["订单创建时间"]).to_csv(undated, index=False)
    assert main(["inspect", str(undated)]) == 1
    assert "--date YYYY-MM-DD" in capsys.readouterr().out
    assert main(["clean", "orders", str(undated), "-o", str(out_file)]) == 1
    err = capsys.readouterr().err
    assert "a date is never guessed" in err and "--date YYYY-MM-DD" in err
    assert main(["clean", "orders", str(undated), "-o", str(out_file), "--date", "2024-05-03"]) == 0
    said = capsys.readouterr().out
    assert "unknown_status" in said and "unknown order status" in said  # 待配送: code, reason
    assert pd.read_csv(out_file, dtype=str, encoding="utf-8-sig")["date"].tolist() == ["2024-05-03"]
