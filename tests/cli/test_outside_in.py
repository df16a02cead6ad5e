"""Issue 30 from outside: each probe, run through the command line, ends in one line.

No traceback without ``--debug``; results whole; neighbours untouched; hostile input
named; terminal output escaped.
"""

from __future__ import annotations

import json
import os
import re
import zipfile

import pandas as pd
import pytest
from faults import run_until_done, small_disk

from microcommerce.cli import main
from microcommerce.io import staged_files

HEADER = "订单号,下单时间,卖家,代理级别,数量,实付金额\n"


def _one_line_error(capsys, *needles: str) -> str:
    err = capsys.readouterr().err
    said = re.findall(r"microcommerce [a-z]+: .*", err)
    assert len(said) == 1 and "Traceback" not in err and "Exception ignored" not in err, err
    assert all(n in said[0] for n in needles), said[0]
    return said[0]


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    out = tmp_path_factory.mktemp("sim") / "sim"
    argv = ["simulate", "--agents", "200", "--months", "12", "--dataset", "--chunk-rows", "300"]
    assert main([*argv, "-q", "-o", str(out)]) == 0
    return out


def _copy(folder, to):
    import shutil

    shutil.copytree(folder, to)
    return to


def test_analyse_refuses_a_result_whose_shipments_are_gone(simulated, tmp_path, capsys):
    """It gave 423 rows instead of 480 and exit 0: only orders/ was checked."""
    sim = _copy(simulated, tmp_path / "sim")
    (sim / "shipments.parquet").unlink()
    capsys.readouterr()
    code = main(["analyse", "inventory", str(sim), "-o", str(tmp_path / "t"), "--engine", "pandas"])
    assert code == 1
    _one_line_error(capsys, "shipments.parquet is missing")
    assert not (tmp_path / "t").exists() or not list((tmp_path / "t").iterdir())


def test_analyse_output_is_one_locked_group(simulated, tmp_path, capsys):
    out = tmp_path / "t"
    argv = ["analyse", "inventory", str(simulated), "-o", str(out), "--engine", "pandas"]
    assert main(argv) == 0
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == ["channel_inventory.csv", "months_of_supply.csv"]
    with staged_files([out / names[0]]) as (held,):  # another run holds the lock
        held.write_bytes((out / names[0]).read_bytes())
        capsys.readouterr()
        assert main(argv) == 1
        _one_line_error(capsys, "another run", "--wait")


def test_analyse_killed_at_every_step_leaves_all_old_or_all_new_tables(simulated, tmp_path):
    out = tmp_path / "t"
    (out).mkdir()
    old = {"channel_inventory.csv": "old\r\n", "months_of_supply.csv": "old\r\n"}
    for name, text in old.items():
        (out / name).write_text(text)
    argv = ["analyse", "inventory", str(simulated), "-o", str(out), "--engine", "pandas"]

    def check(step, outcome):
        texts = {n: (out / n).read_text() for n in old}
        olds = [t == "old\r\n" for t in texts.values()]
        assert all(olds) or not any(olds), (step, outcome, olds)  # 8/8 kills mixed them

    steps = run_until_done(lambda: main([*argv]), check)
    assert steps >= 4
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # swept by the last run


def test_a_killed_export_leaves_temp_files_the_next_export_sweeps(tmp_path, capsys):
    target = tmp_path / "e.xlsx"
    (tmp_path / ".e.xlsx.0badf00d.tmp").write_bytes(b"PK half")  # a killed export's
    (tmp_path / ".e.xlsx.csv.0badf00d.tmp").write_bytes(b"")  # e.xlsx.csv's: not ours
    assert main(["datasets", "export", "fx", "-o", str(target)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".e.xlsx.csv.0badf00d.tmp", "e.xlsx"]


@pytest.mark.parametrize(
    "manifest, needle",
    [
        ({"files": []}, '"files" is []'),
        (7, "it holds 7, not an object"),
        ({"files": {"params.json": {"size": "x", "sha256": "0"}}}, '{"size": "x"'),
    ],
)
def test_an_edited_manifest_is_one_line(simulated, tmp_path, capsys, manifest, needle):
    """They gave AttributeError, TypeError and "Cannot specify ',' with 's'."."""
    sim = _copy(simulated, tmp_path / "sim")
    (sim / "_manifest.json").write_text(json.dumps(manifest))
    capsys.readouterr()
    assert (
        main(["analyse", "market", str(sim), "-o", str(tmp_path / "t"), "--engine", "pandas"]) == 1
    )
    _one_line_error(capsys, "_manifest.json is not a manifest of microcommerce", needle)


@pytest.mark.parametrize("extra", [[], ["--dataset"]])
def test_a_simulation_too_large_for_memory_is_refused_up_front(tmp_path, capsys, extra):
    """It was a 20-line MemoryError asking for 931 GiB."""
    argv = ["simulate", "--agents", "1000000000000", "-q", "-o", str(tmp_path / "s"), *extra]
    assert main(argv) == 1
    said = _one_line_error(capsys, "potential_agents=1,000,000,000,000", "GiB of memory")
    assert re.search(r"needs about [\d,]+ GiB", said)
    assert not (tmp_path / "s").exists()


def test_a_fifo_with_chunksize_is_named(tmp_path, capsys):
    fifo = tmp_path / "orders.csv"
    os.mkfifo(fifo)
    assert main(["clean", "orders", str(fifo), "--chunksize", "10", "-o", str(tmp_path / "o")]) == 1
    _one_line_error(capsys, "a FIFO (named pipe)")  # it said "no export here"


def test_a_huge_single_line_with_chunksize_is_refused_in_one_line(tmp_path, capsys):
    path = tmp_path / "orders.csv"
    with path.open("wb") as f:
        f.write(HEADER.encode())
        f.write(b"A1,2014-03-01,s1," + b"x" * (65 << 20) + b",1,100\n")
    argv = ["clean", "orders", str(path), "--chunksize", "1000", "-o", str(tmp_path / "o")]
    assert main(argv) == 1
    _one_line_error(capsys, "line 2 is longer than 67,108,864 bytes")


def test_a_full_disk_under_an_xlsx_export_is_one_line_without_zip_warnings(capfd):
    for size in ("8k", "24k"):
        with small_disk(size) as disk:
            assert main(["datasets", "export", "facts", "-o", str(disk / "e.xlsx")]) == 1
            err = capfd.readouterr().err
            assert err.count("\n") == 1 and "no space left on the device" in err, err
            assert list(disk.iterdir()) == []


def test_the_summary_keeps_quoted_reasons_and_escapes_controls(tmp_path, capsys):
    rows = [
        "A1,2014-03-01,s1,总代,1,100",
        "A2,2014-03-01,s1,总代,1,it's 5",
        'A3,2014-03-01,s1,总代,1,"a\' — b"',
        "A4,2014-03-01,s1,总代,1,x\u202egnp.exe",
        "A5,2014-03-01,s1\u2060,总代,1,y\u2066z",
    ]
    path = tmp_path / "o.csv"
    header = HEADER.replace("\n", ",备注\u202e\u2066\n")  # an ignored column, named in the summary
    path.write_text(header + ",\n".join(rows) + ",\n", encoding="utf-8")
    assert main(["clean", "orders", str(path), "-o", str(tmp_path / "o.parquet")]) == 0
    out = capsys.readouterr().out
    assert "unexpected 'it' before the number" in out
    assert "amount: b' —" not in out and "amount: 'it" not in out  # no mangled grouping
    assert not re.search("[\u202e\u2060\u2066]", out)
    assert "ignored columns: 备注\\u202e\\u2066" in out


def test_a_far_cell_workbook_through_clean_is_one_line(tmp_path, capsys):
    from microcommerce.io import write_table

    path = write_table(pd.DataFrame({"订单号": ["A1"], "数量": ["1"]}), tmp_path / "w.xlsx")
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].replace(
        b"</sheetData>",
        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, sheet if name == "xl/worksheets/sheet1.xml" else data)
    assert main(["clean", "orders", str(path), "-o", str(tmp_path / "o.parquet")]) == 1
    _one_line_error(capsys, "reaches row 1,048,576 and column XFD")
