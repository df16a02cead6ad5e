"""The wheel carries every data file the package reads at run time.

hatchling honours ``.gitignore`` (a ``*.csv`` rule once dropped a dataset from a wheel
without a word), so the wheel is built for real and its listing checked.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from microcommerce import datasets

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = out.glob("microcommerce-*.whl")
    with zipfile.ZipFile(wheel) as z:
        return set(z.namelist())


@pytest.mark.parametrize("name", datasets.names())
def test_every_dataset_and_its_sidecar_is_in_the_wheel(wheel_names, name):
    for suffix in (".csv", ".toml"):
        assert f"microcommerce/datasets/{name}{suffix}" in wheel_names
    assert "microcommerce/datasets/__init__.py" in wheel_names


def test_every_shipped_data_file_is_in_the_wheel(wheel_names):
    package = ROOT / "microcommerce"
    data = [p for p in package.rglob("*") if p.suffix in (".csv", ".toml", ".json")]
    assert len(data) >= 2 * len(datasets.names())
    missing = [
        p.relative_to(ROOT).as_posix()
        for p in data
        if p.relative_to(ROOT).as_posix() not in wheel_names
    ]
    assert not missing, missing


def test_the_wheel_has_no_tests_or_caches(wheel_names):
    assert not any(
        n.startswith(("tests/", "benchmarks/")) or "__pycache__" in n for n in wheel_names
    )


def test_the_wheel_ships_the_notebooks_and_the_sample(wheel_names):
    """So `microcommerce reproduce` works after a regular install, away from the clone."""
    root = Path(__file__).parents[1]
    for notebook in (root / "notebooks").glob("*.ipynb"):
        assert f"microcommerce/_notebooks/{notebook.name}" in wheel_names
    for sample in (root / "data" / "raw").iterdir():
        assert f"microcommerce/_sample/{sample.name}" in wheel_names
