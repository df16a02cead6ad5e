"""Every multi-file result of the command line, tried as an adversary would (issue 22).

Writers are killed at every step, fail at every step, meet a full or read-only disk or
another writer; after each, readers see the previous result or the new one, whole —
or refuse — and every error is one line.
"""

from __future__ import annotations

import json
import re
import threading

import pandas as pd
import pytest
from faults import another_writer, read_only, run_until_done, small_disk

from microcommerce.cli import main
from microcommerce.errors import InputError
from microcommerce.io import read_dataset, read_table

HEADER = "订单号,下单时间,卖家,代理级别,数量,实付金额\n"


def _export(path, n: int, bad: int = 1):
    """An orders export of ``n`` good rows and ``bad`` rows with an unreadable amount."""
    rows = [
        f"A{i},2014-03-{1 + i % 28:02d},s{i % 7},总代,{1 + i % 5},{100 + i}\n" for i in range(n)
    ]
    rows += [f"B{i},2014-04-01,s1,总代,1,面议\n" for i in range(bad)]
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def _pair(out):
    """(clean rows, rejected rows) of ``clean -o out``, or "refused" when a reader refuses."""
    try:
        return len(read_table(out)), len(read_table(out.with_name("o.rejected.csv")))
    except InputError as exc:
        assert "writing was interrupted" in str(exc)
        return "refused"


def _one_line_error(capsys, *needles: str) -> str:
    err = capsys.readouterr().err
    said = re.findall(r"microcommerce [a-z]+: .*", err)  # after any progress bar's last state
    assert len(said) == 1 and "Traceback" not in err, err
    assert all(n in said[0] for n in needles), said[0]
    return said[0]


@pytest.mark.slow
def test_clean_to_a_pair_killed_at_every_step(tmp_path):
    old, new = _export(tmp_path / "old.csv", 5, bad=1), _export(tmp_path / "new.csv", 9, bad=3)
    out = tmp_path / "out" / "o.parquet"
    argv = ["clean", "orders", str(new), "-o", str(out)]
    assert main(["clean", "orders", str(old), "-o", str(out)]) == 0
    seen = []

    def check(step, outcome):
        seen.append(_pair(out))
        assert main(["clean", "orders", str(old), "-o", str(out)]) == 0  # sweeps, rolls forward
        assert _pair(out) == (5, 1)

    run_until_done(lambda: main(argv), check)
    assert set(seen) <= {(5, 1), (9, 3), "refused"} and seen[-1] == (9, 3)


@pytest.mark.slow
def test_chunked_clean_killed_or_failing_at_every_step(tmp_path):
    old, new = _export(tmp_path / "old.csv", 30), _export(tmp_path / "new.csv", 70, bad=4)
    out = tmp_path / "ds"

    def run(path):
        return main(["clean", "orders", str(path), "--chunksize", "40", "-o", str(out)])

    def whole() -> int:
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        rows = len(read_dataset(out / "clean"))
        rejected = sum(len(pd.read_csv(p)) for p in (out / "rejected").glob("*.csv"))
        assert (rows, rejected) == (report["rows_clean"], report["rows_rejected"])
        return rows

    assert run(old) == 0 and whole() == 30
    for kind in ("kill", "enospc"):
        seen = []

        def check(step, outcome, seen=seen):
            seen.append(whole())
            assert run(old) == 0 and whole() == 30
            assert sorted(p.name for p in tmp_path.iterdir()) == ["ds", "new.csv", "old.csv"]

        steps = run_until_done(lambda: run(new), check, kind)
        assert steps > 5 and set(seen) == {30, 70} and seen[-1] == 70


@pytest.mark.slow
def test_simulate_dataset_killed_at_every_step_keeps_the_previous_run(tmp_path):
    out = tmp_path / "sim"

    def run(seed: int):
        argv = ["simulate", "--agents", "200", "--months", "12", "--seed", str(seed)]
        return main([*argv, "--dataset", "--chunk-rows", "400", "-q", "-o", str(out)])

    def seed_seen():
        meta = json.loads((out / "params.json").read_text(encoding="utf-8"))
        assert len(read_dataset(out / "orders")) == meta["meta"]["order_rows"]
        return meta["seed"]

    assert run(1) == 0
    seen = []

    def check(step, outcome):
        seen.append(seed_seen())
        assert run(1) == 0

    run_until_done(lambda: run(2), check)
    assert set(seen) == {1, 2} and seen[-1] == 2


def test_a_full_disk_is_one_line_and_leaves_the_previous_result(tmp_path, capsys):
    export = _export(tmp_path / "big.csv", 20_000)
    small = _export(tmp_path / "small.csv", 10)
    with small_disk("600k") as disk:
        assert (
            main(["clean", "orders", str(small), "--chunksize", "5", "-o", str(disk / "ds")]) == 0
        )
        capsys.readouterr()
        argv = ["clean", "orders", str(export), "--chunksize", "5000", "-o", str(disk / "ds")]
        assert main(argv) == 1
        _one_line_error(capsys, "ds: no space left on the device; nothing was replaced")
        assert len(read_dataset(disk / "ds" / "clean")) == 10
        assert sorted(p.name for p in disk.iterdir()) == ["ds"]


def test_a_read_only_folder_is_one_line_for_every_writer(tmp_path, capsys):
    export = _export(tmp_path / "o.csv", 5)
    tiny = ["simulate", "--agents", "50", "--months", "3", "-q"]
    with small_disk("1m") as disk:
        read_only(disk)
        commands = [
            ["clean", "orders", str(export), "-o", str(disk / "o.parquet")],
            ["clean", "orders", str(export), "--chunksize", "2", "-o", str(disk / "ds")],
            ["datasets", "export", "events", "-o", str(disk / "events.csv")],
            [*tiny, "--dataset", "-o", str(disk / "d")],
            [*tiny, "-o", str(disk / "s")],
        ]
        for argv in commands:
            assert main(argv) == 1, argv
            _one_line_error(capsys, "the file system is read-only")
        with pytest.raises(OSError, match="read-only"):
            main(["--debug", *commands[0]])  # the traceback, for a bug report


def test_a_second_writer_is_refused_in_one_line_unless_it_waits(tmp_path, capsys):
    export = _export(tmp_path / "o.csv", 5)
    out = tmp_path / "ds"
    with another_writer(out, "x", "held") as release:
        argv = ["clean", "orders", str(export), "--chunksize", "2", "-o", str(out)]
        assert main(argv) == 1
        _one_line_error(capsys, "ds: another run", "pass --wait")
        waiter = threading.Thread(target=lambda: main([*argv, "--wait"]))
        waiter.start()
        release.set()
    waiter.join(60)
    assert len(read_dataset(out / "clean")) == 5  # the waiting run's result, whole


def test_analyse_refuses_a_dataset_with_a_part_missing(tmp_path, capsys):
    out = tmp_path / "sim"
    argv = ["simulate", "--agents", "200", "--months", "12", "--dataset", "--chunk-rows", "300"]
    assert main([*argv, "-q", "-o", str(out)]) == 0
    part = sorted((out / "orders").rglob("part-*.parquet"))[1]
    part.unlink()
    capsys.readouterr()
    assert (
        main(["analyse", "market", str(out), "-o", str(tmp_path / "t"), "--engine", "pandas"]) == 1
    )
    rel = part.relative_to(out).as_posix()
    _one_line_error(capsys, f"{rel} is missing", "write it again")
    assert not pd.io.common.file_exists(tmp_path / "t" / "market_size.csv")
