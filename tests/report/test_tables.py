"""Tables for reading: units in the headers, thousands separators, no scientific notation.

Imports the report layer's private ``report._tables`` to test its machinery.
"""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import pytest

from microcommerce.report._tables import MONEY_UNITS, TABLE_CSS, clip_cells, readable


@pytest.fixture
def market() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "fact_id": ["caict_2014", "isc_2015"],
            "period": pd.to_datetime(["2014-12-31", "2015-12-31"]),
            "value": [9.52e10, 1.8195e11],
            "turnover": [99273312.52, 6986417.0],
            "sellers": [12_570_000.0, np.nan],
            "share": [0.04692699, 0.5],
            "share_pct": [4.692699, 50.0],
            "tier": [1, 2],
        }
    )


def _cells(styler) -> list[list[str]]:
    html = styler.to_html()
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.S)
    return [
        [re.sub(r"<.*?>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>.*?</t[dh]>", r)]
        for r in rows
    ]


def test_money_counts_shares_and_dates_are_shown_for_reading(market):
    styler = readable(
        market,
        money={"value": "亿元", "turnover": "万元"},
        counts=["sellers"],
        shares=["share"],
        percent=["share_pct"],
    )
    header, first, second = _cells(styler)
    assert header == [
        "fact_id",
        "period",
        "value (亿元)",
        "turnover (万元)",
        "sellers",
        "share",
        "share_pct",
        "tier",
    ]
    assert first == [
        "caict_2014",
        "2014-12-31",
        "952.00",
        "9,927.33",
        "12,570,000",
        "4.7%",
        "4.7%",
        "1",
    ]
    assert second == ["isc_2015", "2015-12-31", "1,819.50", "698.64", "—", "50.0%", "50.0%", "2"]


def test_no_cell_is_in_scientific_notation(market):
    wide = market.assign(tiny=[1e-7, 2.5e-9], huge=[3.2e15, 7e20])
    html = readable(wide).to_html()
    assert not re.search(r"\de[+-]\d", html)
    assert "3,200,000,000,000,000.00" in html and "0.00" in html


def test_the_table_given_is_not_changed(market):
    before = market.copy()
    styler = readable(market, money={"value": "亿元"})
    pd.testing.assert_frame_equal(market, before)
    assert styler.data["value (亿元)"].tolist() == [952.0, 1819.5]  # scaled, not rounded


def test_text_columns_are_marked_to_wrap_and_the_index_is_hidden(market):
    html = readable(market[["fact_id", "value"]]).to_html()
    assert html.count("mc-text") == 2  # the two fact_id cells, not the value cells
    assert "row_heading" not in html  # no index column
    assert "row_heading" in readable(market, index=True).to_html()
    assert "overflow-x:auto" in TABLE_CSS and "table-layout:auto" in TABLE_CSS


def test_unknown_columns_and_units_are_refused(market):
    with pytest.raises(KeyError, match=r"counts: no column \['buyers'\]"):
        readable(market, counts=["buyers"])
    with pytest.raises(ValueError, match="unit '千元' is not one of"):
        readable(market, money={"value": "千元"})
    assert MONEY_UNITS["亿元"] == 1e8 and MONEY_UNITS["万元"] == 1e4


def test_long_cells_of_a_frame_are_clipped_with_their_whole_text_as_title():
    frame = pd.DataFrame(
        {"who": ['中国互联网协会 "ISC" & partners, with a long note', "CAICT"], "n": [1, 2]}
    )
    page = clip_cells(readable(frame).to_html())
    titles = re.findall(r'title="([^"]*)"><div class="mc-clip">(.*?)</div>', page)
    assert len(titles) == 1  # "CAICT" and the numbers are short
    title, text = titles[0]
    assert html.unescape(title) == html.unescape(text) == frame.loc[0, "who"]
    assert clip_cells(page) == page  # a cell with a title is left alone
    assert "mc-clip" in TABLE_CSS and "text-overflow:ellipsis" in TABLE_CSS
