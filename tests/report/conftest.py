"""Fixtures of the report tests: the whole report, built once for every test that reads it, the
report of one study (``study_report``), and a headless Chromium for the browser tests
(``browser``; skipped, saying why, without one)."""

from __future__ import annotations

import os
import shutil

import pytest

from microcommerce.report import _reproduce as report

WIDTH = 1300
INSTALL = "apt-get install chromium chromium-driver, and pip install selenium"


@pytest.fixture(scope="session")
def full_report(tmp_path_factory):
    """Run every study notebook into a report once: ``(folder, runs)``."""
    out = tmp_path_factory.mktemp("report")
    runs = report.reproduce(out, progress=False, timeout=300)
    return out, runs


@pytest.fixture(scope="session")
def study_report(tmp_path_factory):
    """Make the report of one study (the index and its page) with ``reproduce``, once a study:
    ``study_report("02")`` is its folder."""
    made = {}

    def make(study: str):
        if study not in made:
            out = tmp_path_factory.mktemp("report") / "report"
            [run] = report.reproduce(out, only=[study], progress=False, timeout=300)
            assert run.ok, run.error
            made[study] = out
        return made[study]

    return make


def unavailable(reason: str) -> None:
    """Skip a browser test saying why (or fail, when MICROCOMMERCE_REQUIRE_BROWSER=1)."""
    if os.environ.get("MICROCOMMERCE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (MICROCOMMERCE_REQUIRE_BROWSER=1 asks for the browser test)")
    pytest.skip(reason)


@pytest.fixture(name="unavailable", scope="session")
def unavailable_fixture():
    """:func:`unavailable`, for a test that finds something else missing (a built site)."""
    return unavailable


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium through Debian's chromedriver (no driver download)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        unavailable(f"selenium is not installed: {INSTALL}")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium is None or driver is None:
        unavailable(f"no Chromium or chromedriver on PATH: {INSTALL}")
    options = Options()
    options.binary_location = chromium
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={WIDTH},900",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    session = webdriver.Chrome(options=options, service=Service(driver))
    session.set_script_timeout(30)
    yield session
    session.quit()
