"""Partition values are data, never paths: hostile strings round-trip inside the target.

Imports the io layer's private ``io._partitioned``, ``io._staging`` to test its machinery.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcommerce.io._partitioned import partition_name, read_dataset, write_dataset
from microcommerce.io._staging import MANIFEST, check_result

HOSTILE = [
    "../../../../x",
    "..",
    ".",
    "x/.hid",
    "x/_u",
    "_u",
    ".hid",
    "a\x00b",
    "\x00",
    "300" * 100,
    "长" * 1000,
    "a/b\\c%2F=d",
    "__null__",
    "~" + "0" * 64,
    "trailing. ",
    "\u202egnp.exe",
    "",
    " ",
]


def _round_trip(values: list[str | None], folder) -> None:
    """Write ``values`` partitioned by themselves; every file stays inside, rows come back."""
    df = pd.DataFrame({"shop": pd.array(values, dtype="str"), "n": range(len(values))})
    written = write_dataset(df, folder, partition_cols=("shop",))
    root = folder.resolve()
    for path in written:  # every part is inside the target and one level down
        assert path.resolve().parent.parent == root
        assert len(path.parent.name.encode("utf-8")) <= 255
    listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert {p.relative_to(folder).as_posix() for p in written} <= set(listed)
    check_result(folder)
    back = read_dataset(folder).sort_values("n", ignore_index=True)
    pd.testing.assert_frame_equal(back, df, check_dtype=False)
    assert sorted(p.name for p in folder.parent.iterdir()) == [folder.name]  # nothing outside


def test_hostile_partition_values_stay_inside_and_round_trip(tmp_path):
    _round_trip([*HOSTILE, None], tmp_path / "ds")


def test_hostile_column_name_is_encoded_too():
    assert partition_name("../x", 1) == "%2E.%2Fx=1"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.text(max_size=1000), min_size=1, max_size=4, unique=True))
def test_any_strings_round_trip(tmp_path_factory, values):
    _round_trip(values, tmp_path_factory.mktemp("p") / "ds")


@given(st.text(max_size=1000), st.text(max_size=1000))
def test_distinct_values_get_distinct_names(a, b):
    if a != b:
        assert partition_name("c", a) != partition_name("c", b)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_name_is_one_safe_path_segment(value):
    name = partition_name("shop", value)
    assert "/" not in name and "\x00" not in name and not name.startswith((".", "_"))
    assert len(name.encode("utf-8")) <= 255
