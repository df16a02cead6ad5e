"""The sweep touches only its own target's leftovers, and only those of dead runs.

Imports the io layer's private ``io._staging``, ``io._write._create_temp`` to test its machinery.
"""

from __future__ import annotations

import os
import subprocess
import sys

from microcommerce.io import write_table
from microcommerce.io._staging import check_result, staged, staged_files, sweep_temps
from microcommerce.io._write import _create_temp


def _hidden(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_neighbours_mid_run_are_left_alone(tmp_path):
    """X, X.csv and X.old-1 written at once: X's writer sweeps only X's dead leftovers."""
    dead = [".X.staging-0badf00d", ".X.old-0badf00d"]
    for name in dead:
        (tmp_path / name).mkdir()
    (tmp_path / ".X.0badf00d.tmp").write_bytes(b"dead")
    (tmp_path / "X").mkdir()  # an earlier result of X, so the old- folder is removed
    with staged(tmp_path / "X.csv") as csv_stage, staged(tmp_path / "X.old-1") as old_stage:
        (csv_stage / "a.txt").write_text("csv")
        (old_stage / "a.txt").write_text("old")
        tmp, handle = _create_temp(tmp_path / "X.csv")  # a live write of X.csv's neighbour
        live_x, live_handle = _create_temp(tmp_path / "X")  # a live plain write of X itself
        before = set(_hidden(tmp_path))
        with staged(tmp_path / "X") as x_stage:
            (x_stage / "a.txt").write_text("x")
        after = set(_hidden(tmp_path))
        assert before - after == {*dead, ".X.0badf00d.tmp"}  # X's dead leftovers only
        assert {csv_stage.name, old_stage.name, tmp.name, live_x.name} <= after
        handle.close()
        live_handle.close()
    for name in ("X", "X.csv", "X.old-1"):  # all three runs completed
        check_result(tmp_path / name)
    assert (tmp_path / "X.csv" / "a.txt").read_text() == "csv"
    assert sweep_temps(tmp_path / "X") == [tmp_path / live_x.name]  # now dead: swept


def test_group_of_files_sweeps_only_its_first_target(tmp_path):
    (tmp_path / ".o.csv.rejected.csv.1234abcd.tmp").write_bytes(b"")  # o.csv.rejected.csv's
    (tmp_path / ".o.csv.1234abcd.tmp").write_bytes(b"")  # o.csv's: dead
    with staged_files([tmp_path / "o.csv", tmp_path / "o.csv.rejected.csv"]) as (a, b):
        a.write_text("a")
        b.write_text("b")
    assert _hidden(tmp_path) == [".o.csv.rejected.csv.1234abcd.tmp"]


def test_a_temp_file_held_by_another_process_is_kept(tmp_path):
    target = tmp_path / "e.xlsx"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path;"
            "from microcommerce.io._write import _create_temp;"
            "t, h = _create_temp(Path(sys.argv[1])); print(t.name, flush=True); time.sleep(30)",
            os.fspath(target),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        live = tmp_path / holder.stdout.readline().strip()
        assert live.is_file()
        assert sweep_temps(target) == []
        write_table(__import__("pandas").DataFrame({"a": [1]}), target)
        assert live.is_file()
    finally:
        holder.kill()
        holder.wait()
    assert sweep_temps(target) == [live]  # its process is gone: swept
