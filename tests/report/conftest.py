"""Fixtures of the report tests: the whole report, built once for every test that reads it."""

from __future__ import annotations

import pytest

from microcommerce.report import reproduce as report


@pytest.fixture(scope="session")
def full_report(tmp_path_factory):
    """Run every study notebook into a report once: ``(folder, runs)``."""
    out = tmp_path_factory.mktemp("report")
    runs = report.reproduce(out, progress=False, timeout=300)
    return out, runs
