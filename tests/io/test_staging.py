"""One commit point per result: kills at every step, full and read-only disks, two writers,
parts removed or changed — readers see the old result or the new one, whole.

Imports the io layer's private ``io._staging`` to test its machinery (manifest, checks)."""

from __future__ import annotations

import json
import os
import threading
import time

import pandas as pd
import pytest
from faults import another_writer, read_only, run_until_done, small_disk

from microcommerce.errors import InputError, OutputBusyError, OutputError, ResultError
from microcommerce.io import read_dataset, read_table, write_dataset, write_table
from microcommerce.io._staging import MANIFEST, check_result, staged, staged_files


def _build(out, version: str, files: int = 3) -> None:
    with staged(out) as stage:
        for i in range(files):
            (stage / "sub").mkdir(exist_ok=True)
            write_table(pd.DataFrame({"v": [version] * (i + 1)}), stage / "sub" / f"f{i}.csv")


def _version(out) -> str:
    """The version a reader sees: all files of one version, or a refusal."""
    try:
        check_result(out, checksums=True)
    except ResultError as exc:
        return f"refused: {exc}"
    seen = {v for p in (out / "sub").glob("*.csv") for v in read_table(p)["v"]}
    assert len(seen) == 1, f"a mix of versions: {seen}"
    return seen.pop()


def _hidden(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_folder_result_killed_at_every_step_is_old_or_new_and_swept(tmp_path):
    out = tmp_path / "result"
    _build(out, "old")
    seen = []

    def check(step, outcome):
        seen.append((outcome, _version(out)))
        _build(out, "old")  # the next run sweeps what the killed one left …
        assert _hidden(tmp_path) == []  # … and leaves nothing itself

    steps = run_until_done(lambda: _build(out, "new"), check)
    assert steps > 8  # lock, staging folder, 3 files x 2 steps, manifest, swap
    assert {outcome for outcome, _ in seen[:-1]} == {"killed"} and seen[-1][0] == "done"
    versions = [v for _, v in seen]
    assert set(versions) == {"old", "new"}  # never a mix, never refused: the swap is atomic
    first_new = versions.index("new")
    assert versions[first_new - 1 :] == ["old"] + ["new"] * (len(versions) - first_new)


@pytest.mark.parametrize("kind", ["enospc", "erofs", "eacces"])
def test_a_failure_at_any_step_leaves_the_old_result_and_says_so_in_one_line(tmp_path, kind):
    out = tmp_path / "result"
    _build(out, "old")
    outcomes = []

    def check(step, outcome):
        outcomes.append(outcome)
        assert _version(out) == ("new" if outcome == "done" else "old")
        assert _hidden(tmp_path) == []  # a failure cleans up after itself

    run_until_done(lambda: _build(out, "new"), check, kind)
    failed = outcomes[:-1]
    assert failed and all(o.startswith("raised OutputError: ") for o in failed)
    assert all("\n" not in o and str(out) in o and "nothing was replaced" in o for o in failed)


def test_a_file_group_killed_at_every_step_is_old_or_new_or_refused(tmp_path):
    pair = [tmp_path / "o.csv", tmp_path / "o.rejected.csv"]

    def write(version: str) -> None:
        with staged_files(pair) as paths:
            for i, path in enumerate(paths):
                write_table(pd.DataFrame({"v": [version] * (i + 2)}), path)

    def read() -> str:
        try:
            return "".join(sorted({v for p in pair for v in read_table(p)["v"]}))
        except InputError as exc:
            assert "writing was interrupted" in str(exc)
            return "refused"

    write("a")
    seen = []

    def check(step, outcome):
        seen.append(read())
        write("a")
        assert read() == "a" and _hidden(tmp_path) == []

    run_until_done(lambda: write("b"), check)
    assert set(seen) <= {"a", "b", "refused"} and seen[-1] == "b" and "refused" in seen


def test_a_full_disk_leaves_the_previous_dataset_whole():
    with small_disk("2m") as disk:
        small = pd.DataFrame({"date": pd.to_datetime(["2015-01-01"] * 10), "x": range(10)})
        write_dataset(small, disk / "ds")
        big = pd.DataFrame({"date": pd.to_datetime(["2015-01-01"] * 300_000)}).assign(
            x=[os.urandom(8).hex() for _ in range(300_000)]
        )
        with pytest.raises(OutputError, match=r"ds: no space left on the device; nothing was"):
            write_dataset(big, disk / "ds")
        assert read_dataset(disk / "ds").equals(small)
        assert sorted(p.name for p in disk.iterdir()) == ["ds"]  # nothing left behind


def test_a_read_only_folder_is_named_before_any_work():
    with small_disk("1m") as disk:
        _build(disk / "result", "old")
        read_only(disk)
        with pytest.raises(OutputError, match=r"result: the file system is read-only"):
            _build(disk / "result", "new")
        assert _version(disk / "result") == "old"


def test_a_second_writer_refuses_at_once_or_waits(tmp_path):
    out = tmp_path / "result"
    with another_writer(out, "who", "first") as release:
        busy = r"another run \(process \d+\) is writing it"
        with pytest.raises(OutputBusyError, match=busy), staged(out) as stage:
            (stage / "who").write_text("second")
        waited = []

        def patient_writer():
            with staged(out, wait=True) as stage:
                waited.append((out / "who").read_text())  # the first one's result, whole
                (stage / "who").write_text("second")

        second = threading.Thread(target=patient_writer)
        second.start()
        time.sleep(0.3)
        assert not waited  # still waiting for the lock
        release.set()
    second.join(30)
    assert waited == ["first"] and (out / "who").read_text() == "second"


def test_readers_refuse_a_part_removed_added_or_changed(tmp_path):
    orders = pd.DataFrame({"date": pd.to_datetime(["2014-01-02", "2015-03-04"]), "x": [1, 2]})
    files = write_dataset(orders, tmp_path / "ds")
    assert read_dataset(tmp_path / "ds").equals(orders)
    files[0].rename(tmp_path / "aside.parquet")
    with pytest.raises(ResultError, match=r"year=2014/part-00000\.parquet is missing"):
        read_dataset(tmp_path / "ds")
    (tmp_path / "aside.parquet").rename(files[0])
    write_table(orders, tmp_path / "ds" / "year=2016" / "part-00009.parquet")  # a dead run's?
    with pytest.raises(ResultError, match=r"part-00009\.parquet is not in the manifest"):
        read_dataset(tmp_path / "ds")
    (tmp_path / "ds" / "year=2016" / "part-00009.parquet").unlink()
    data = bytearray(files[1].read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, other bytes
    files[1].write_bytes(bytes(data))
    check_result(tmp_path / "ds")  # sizes alone cannot tell …
    with pytest.raises(ResultError, match=r"part-00000\.parquet does not match its checksum"):
        check_result(tmp_path / "ds", checksums=True)  # … the checksums do


def test_the_manifest_lists_every_file_with_size_and_checksum(tmp_path):
    _build(tmp_path / "r", "v")
    manifest = json.loads((tmp_path / "r" / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == ["sub/f0.csv", "sub/f1.csv", "sub/f2.csv"]
    for rel, spec in manifest["files"].items():
        assert spec["size"] == (tmp_path / "r" / rel).stat().st_size and len(spec["sha256"]) == 64


def test_a_folder_of_other_files_is_never_replaced(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_text("years of work")
    with pytest.raises(OutputError, match="holds files that are not a result"):
        _build(mine, "new")
    assert [p.name for p in mine.iterdir()] == ["thesis.docx"]
    (tmp_path / "afile").write_text("x")
    with pytest.raises(OutputError, match="afile: it is a file, not a folder"):
        _build(tmp_path / "afile", "new")


def test_the_fault_helpers_set_the_variable_the_writers_read():
    import faults

    from microcommerce.io._staging import FAULT_ENV

    assert faults.FAULT_ENV == FAULT_ENV == "MICROCOMMERCE_FAULT"
