"""The wheel carries every data file the package reads at run time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(out)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = out.glob("microcommerce-*.whl")
    with zipfile.ZipFile(wheel) as z:
        return set(z.namelist())


def test_every_shipped_data_file_is_in_the_wheel(wheel_names):
    package = ROOT / "microcommerce"
    data = [p for p in package.rglob("*") if p.suffix in (".csv", ".toml")]
    assert len(data) >= 14  # 5 datasets × 2, 3 alias tables, 1 header table
    for path in data:
        assert path.relative_to(ROOT).as_posix() in wheel_names


def test_the_wheel_has_no_tests_or_caches(wheel_names):
    assert not any(n.startswith(("tests/", "benchmarks/")) or "__pycache__" in n
                   for n in wheel_names)  # fmt: skip
