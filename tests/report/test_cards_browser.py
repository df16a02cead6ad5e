"""Every result object's HTML card in a real browser (headless Chromium via Selenium).

Each card is put on a page as JupyterLab would show it, once on a light and once on a
dark background; the test checks that the card takes the page's text colour (so it
reads in either theme), fits the page, draws its collapsible sections closed or open
as made and opens one on a click (``<details>``: no script involved), and saves a
screenshot per theme in the test's temporary folder (its path is printed).

Skips, saying what to install, where Chromium, its driver or Selenium is missing
(fails instead with ``MICROCOMMERCE_REQUIRE_BROWSER=1``).
"""

from __future__ import annotations

from html import escape

import numpy as np
import pandas as pd
import pytest

THEMES = {"light": ("#ffffff", "rgb(0, 0, 0)"), "dark": ("#111111", "rgb(212, 212, 212)")}


def _objects() -> dict[str, object]:
    """One object of each kind, made small."""
    from microcommerce.analyses.timeseries import (
        fit_forecast,
        fit_logistic,
        interrupted_time_series,
    )
    from microcommerce.cleaning import clean_orders
    from microcommerce.datasets import describe
    from microcommerce.simulation import PyramidParams, simulate_pyramid

    raw = pd.DataFrame(
        {
            "订单号": ["WS00000001", "WS00000002", "WS00000002", "WS00000003", "WS00000004"],
            "下单时间": ["2020-01-01", "2020-01-02", "2020-01-02", "昨天", "2020-01-05"],
            "数量": ["1", "2", "2", "1", "-3"],
            "金额": ["10", "20", "20", "5", "30"],
            "卖家": ["s", "s", "s", "<b>s</b>", "s"],
            "状态": ["已完成", "已退款", "已退款", "已完成", "已完成"],
        }
    )
    cleaned = clean_orders(raw)
    years = np.arange(2010, 2020)
    curve = pd.Series(100 / (1 + np.exp(-(years - 2015))) + np.tile([1.0, -1.0], 5), index=years)
    months = pd.date_range("2014-01-31", periods=24, freq="ME")
    jump = pd.Series(np.r_[np.full(12, 10.0), np.full(12, 4.0)] + np.tile([0.1, -0.1], 12), months)
    return {
        "CleanResult": cleaned,
        "CleanReport": cleaned.report,
        "Simulation": simulate_pyramid(PyramidParams(potential_agents=100, months=6), seed=9),
        "CurveFit": fit_logistic(curve),
        "InterruptedTimeSeries": interrupted_time_series(jump, at="2015-01-15"),
        "ForecastFit": fit_forecast(jump, method="ets"),
        "DatasetMeta": describe("facts"),
    }


def _page(objects: dict[str, object], background: str, colour: str) -> str:
    cells = "".join(
        f'<div class="cell" id="{escape(name)}"><pre>In: {escape(name)}</pre>'
        f"{obj._repr_html_()}</div>"
        for name, obj in objects.items()
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'></head>"
        f"<body style='background:{background};color:{colour};margin:12px'>{cells}</body></html>"
    )


MEASURE = """
const cards = [...document.querySelectorAll('.mc-card')];
return {
  width: document.documentElement.clientWidth,
  pageWidth: document.documentElement.scrollWidth,
  colours: cards.map(c => getComputedStyle(c).color),
  rights: cards.map(c => Math.round(c.getBoundingClientRect().right)),
  sections: cards.map(c => c.querySelectorAll('details').length),
  open: cards.map(c => c.querySelectorAll('details[open]').length),
  scripts: document.querySelectorAll('script').length,
};
"""


@pytest.mark.slow
@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_card_reads_in_the_browser(browser, tmp_path, theme):
    from selenium.webdriver.common.by import By

    objects = _objects()
    background, colour = THEMES[theme]
    page = tmp_path / f"cards-{theme}.html"
    page.write_text(_page(objects, background, colour), encoding="utf-8")
    browser.set_window_size(1000, 900)  # the browser fixture is in conftest.py
    browser.get_log("browser")
    browser.get(page.as_uri())
    facts = browser.execute_script(MEASURE)
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    assert facts["scripts"] == 0
    assert len(facts["colours"]) == len(objects)
    assert set(facts["colours"]) == {colour}  # the theme's own text colour
    assert facts["pageWidth"] <= facts["width"] and max(facts["rights"]) <= facts["width"]
    assert all(n >= 1 for n in facts["sections"]) and all(n >= 1 for n in facts["open"])
    # a click on a closed section opens it, no script needed
    closed = browser.find_element(By.CSS_SELECTOR, "#Simulation details:not([open]) summary")
    closed.click()
    assert browser.execute_script(MEASURE)["open"][2] == facts["open"][2] + 1
    browser.execute_script("window.scrollTo(0, 0)")  # the click scrolled to the section
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1000, min(height, 12000))
    shot = tmp_path / f"cards-{theme}.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    browser.set_window_size(1000, 900)
    print(f"screenshot: {shot}")
