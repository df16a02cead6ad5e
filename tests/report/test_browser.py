"""The report and the docs in a real browser: headless Chromium driven by Selenium.

Each page is opened at 1,300 px wide and checked for what a reader would see: no
console errors, Chinese drawn with the embedded Noto Sans SC (this machine needs no
Chinese font of its own), every image loaded, and no table wider than the page (a
wide table scrolls inside its own box). Screenshots go to the test's temporary folder.

Where Chromium, its driver or Selenium is missing the tests are skipped, saying what
to install; with ``MICROCOMMERCE_REQUIRE_BROWSER=1`` (as ``.ci/run`` sets) they fail
instead. The docs test needs the site built first (``.ci/run`` builds it, then runs
this file again). The report of a study is made once, by the ``study_report`` fixture of
``conftest.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

WIDTH = 1300  # the window width the browser fixture opens (tests/report/conftest.py)

ROOT = Path(__file__).resolve().parents[2]
DOCS_HOME = ROOT / "docs" / "_build" / "html" / "index.html"

#: Everything the tests ask of a page, gathered once its fonts are ready.
INSPECT = """
const done = arguments[arguments.length - 1];
document.fonts.ready.then(async () => {
  const drawn = await document.fonts.load('16px "Noto Sans SC"', '微商');
  const width = document.documentElement.clientWidth;
  const overflowing = [];
  for (const table of document.querySelectorAll('table')) {
    let box = table;  // the table, or the box it scrolls in
    for (let e = table.parentElement; e; e = e.parentElement) {
      const overflow = getComputedStyle(e).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') { box = e; break; }
    }
    const right = box.getBoundingClientRect().right;
    if (right > width + 1) overflowing.push(Math.round(right));
  }
  done({
    check: document.fonts.check('16px "Noto Sans SC"', '微商'),
    embedded: drawn.filter(f => f.family.replace(/"/g, '') === 'Noto Sans SC'
                                && f.status === 'loaded').length,
    images: document.images.length,
    broken: [...document.images].filter(i => !(i.complete && i.naturalWidth > 0))
                                .map(i => i.src.slice(0, 80)),
    overflowing: overflowing,
    pageWidth: document.documentElement.scrollWidth,
    width: width,
    text: document.body.innerText.length,
  });
});
"""


def _read(browser, page: Path, shot: Path) -> dict:
    """Open ``page``, gather what INSPECT reports, its console errors, and a screenshot."""
    browser.get_log("browser")  # drop what earlier pages logged
    browser.get(page.as_uri())
    facts = browser.execute_async_script(INSPECT)
    facts["errors"] = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(WIDTH, min(height, 8000))
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 0
    browser.set_window_size(WIDTH, 900)
    return facts


def _assert_reads_well(facts: dict, *, images: int) -> None:
    assert facts["errors"] == []
    assert facts["check"] and facts["embedded"] >= 1  # Chinese drawn with the embedded font
    assert facts["images"] >= images and facts["broken"] == []
    assert facts["overflowing"] == [] and facts["pageWidth"] <= facts["width"]
    assert facts["text"] > 100


@pytest.mark.slow
def test_report_index_and_a_study_page_read_well(browser, study_report, tmp_path):
    one_study = study_report("01")
    index = _read(browser, one_study / "index.html", tmp_path / "index.png")
    _assert_reads_well(index, images=0)
    study = _read(browser, one_study / "01_history_timeline.html", tmp_path / "study.png")
    _assert_reads_well(study, images=2)


def test_docs_home_page_reads_well(browser, unavailable, tmp_path):
    if not DOCS_HOME.is_file():
        unavailable(
            "the docs are not built: run `python -m sphinx -W -b html docs docs/_build/html` "
            "(after `pip install -e .[docs]`)"
        )
    _assert_reads_well(_read(browser, DOCS_HOME, tmp_path / "docs.png"), images=0)


def test_a_page_without_the_embedded_font_is_caught(browser, tmp_path):
    page = tmp_path / "plain.html"
    page.write_text(
        "<!doctype html><html><head><meta charset='utf-8'></head><body>"
        "<p>微商 without a font of its own</p><table><tr><td style='white-space:nowrap'>"
        + "a wide table " * 300
        + "</td></tr></table></body></html>",
        encoding="utf-8",
    )
    facts = _read(browser, page, tmp_path / "plain.png")
    # check() alone is true here (no face to wait for): hence the count of loaded faces
    assert facts["check"] and facts["embedded"] == 0
    assert len(facts["overflowing"]) == 1 and facts["overflowing"][0] > WIDTH, facts
