"""The embedded font: a WOFF2 subset of Noto Sans SC, as a data URI in every page.

Imports the report layer's private ``report._webfont`` to test its machinery.
"""

from __future__ import annotations

import base64
import io
import re

import pytest
from fontTools.ttLib import TTFont

from microcommerce.report._webfont import FONT_FAMILY, embed_font, font_face_css, subset_font


def _font_of(css: str) -> TTFont:
    data = re.search(r"url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)", css).group(1)
    return TTFont(io.BytesIO(base64.b64decode(data)))


def _characters(font: TTFont) -> set[str]:
    return {chr(code) for code in font.getBestCmap()}


def test_the_subset_holds_the_characters_asked_for_and_no_others():
    font = TTFont(io.BytesIO(subset_font("微商市场 stock 亿元")))
    assert font.flavor == "woff2"
    drawn = _characters(font)
    assert set("微商市场stock亿元") <= drawn
    assert not {"鬱", "龍", "Q"} & drawn  # characters nobody asked for are left out


def test_the_subset_is_a_small_part_of_the_whole_font():
    import pylopdf_fonts_zh_cn

    whole = pylopdf_fonts_zh_cn.sans_path().stat().st_size
    assert len(subset_font("微商" * 50 + "abcdefghijklmnopqrstuvwxyz")) < whole / 100


def test_the_stylesheet_declares_the_family_and_uses_it_for_all_text():
    css = font_face_css("微商")
    assert css.count("@font-face") == 1 and f'font-family:"{FONT_FAMILY}"' in css
    for variable in ("--jp-content-font-family", "--jp-ui-font-family", "--pst-font-family-base"):
        assert f'{variable}:"{FONT_FAMILY}", sans-serif' in css
    assert "body{font-family:" in css
    assert "http" not in css  # nothing to fetch


def test_embedding_puts_one_subset_for_all_pages_into_each_head():
    pages = [
        "<html><head><title>a</title></head><body>微商</body></html>",
        "<html><head></head><body>库存 <b>stock</b></body></html>",
    ]
    out = embed_font(pages, css=".x{color:red}")
    assert len(out) == 2
    styles = [re.search(r"<style>(.*?)</style>", page).group(1) for page in out]
    assert styles[0] == styles[1] and styles[0].endswith(".x{color:red}")
    for before, after in zip(pages, out, strict=True):
        assert after.replace(f"<style>{styles[0]}</style>", "") == before  # nothing else changed
        assert after.index("<style>") < after.index("</head>")
    assert set("微商库存stock") <= _characters(_font_of(styles[0]))


def test_a_page_without_a_head_is_refused():
    with pytest.raises(ValueError, match="page 2 of 2: no </head>"):
        embed_font(["<html><head></head></html>", "<p>微商</p>"])


def test_jupyterlab_font_keeps_the_users_rules_and_replaces_only_its_own(tmp_path):
    from microcommerce.report._webfont import JUPYTERLAB_FONT, jupyterlab_font

    css = tmp_path / "custom.css"
    css.write_text(".my-rule{color:red}\n", encoding="utf-8")
    jupyterlab_font(tmp_path)
    once = css.read_text(encoding="utf-8")
    jupyterlab_font(tmp_path)
    again = css.read_text(encoding="utf-8")
    assert once == again and again.startswith(".my-rule{color:red}\n")
    assert again.count("@font-face") == 1 and "--jp-ui-font-family" in again
    assert f'src:url("{JUPYTERLAB_FONT}")' in again and (tmp_path / JUPYTERLAB_FONT).is_file()
