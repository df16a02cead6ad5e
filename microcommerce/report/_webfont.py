"""Web pages that show Chinese on any machine: Noto Sans SC embedded as a subset.

A browser draws Chinese only with a font that has the glyphs; many machines (Linux lab
machines, containers, servers) have none, and Chinese text then shows as empty boxes.
:func:`font_face_css` makes a stylesheet whose ``@font-face`` carries Noto Sans SC —
from the ``pylopdf-fonts-zh-cn`` package the charts already use — cut down with
fontTools to the characters a page uses, compressed as WOFF2 and written into the
stylesheet as a ``data:`` URI, so the page needs no file and no network. The
stylesheet makes the font the first choice for all text (JupyterLab's and the docs
theme's font variables included; code keeps its monospace font, with the embedded
font for the characters it lacks). :func:`embed_font` puts such a stylesheet into
HTML pages. :func:`jupyterlab_font` gives JupyterLab itself the same font (its
tables and text use the machine's fonts), through its user stylesheet.

Examples
--------
>>> css = font_face_css("微商 market")
>>> css.startswith('@font-face{font-family:"Noto Sans SC"') and "font/woff2;base64," in css
True
"""

from __future__ import annotations

import base64
import functools
import io
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from microcommerce.errors import ParameterError
from microcommerce.io import PathArg
from microcommerce.io._staging import staged_files

__all__ = ["FONT_FAMILY", "embed_font", "font_face_css", "jupyterlab_font", "subset_font"]

#: The family name pages use for the embedded font (the name matplotlib knows it by).
FONT_FAMILY = "Noto Sans SC"

_STACK = f'"{FONT_FAMILY}", sans-serif'
_MONO = f'SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace, "{FONT_FAMILY}"'
_RULES = (
    # JupyterLab (the report pages) and pydata-sphinx-theme (the docs) set their fonts
    # through these variables; plain pages through body.
    ":root,html[data-theme]{"
    f"--jp-ui-font-family:{_STACK};--jp-content-font-family:{_STACK};"
    f"--jp-code-font-family:{_MONO};--jp-code-font-family-default:{_MONO};"
    f"--pst-font-family-base:{_STACK};--pst-font-family-heading:{_STACK};"
    f"--pst-font-family-monospace:{_MONO}}}"
    f"body{{font-family:{_STACK}}}"
)


def subset_font(text: str) -> bytes:
    """Return Noto Sans SC cut down to the characters of ``text``, as WOFF2 bytes.

    Parameters
    ----------
    text
        Every character the font must draw (repeats cost nothing).

    Returns
    -------
    bytes
        A WOFF2 font file.

    Raises
    ------
    ModuleNotFoundError
        If the font package ``pylopdf-fonts-zh-cn`` or ``brotli`` is not installed.

    Examples
    --------
    >>> from fontTools.ttLib import TTFont
    >>> font = TTFont(io.BytesIO(subset_font("微商")))
    >>> font.flavor, {chr(c) for c in font.getBestCmap()} >= {"微", "商"}
    ('woff2', True)
    """
    import pylopdf_fonts_zh_cn
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    font = subset.load_font(str(pylopdf_fonts_zh_cn.sans_path()), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text))))  # one of each: populate is per char
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def font_face_css(text: str) -> str:
    """Return a stylesheet embedding Noto Sans SC for ``text`` and using it for all text.

    Parameters
    ----------
    text
        The characters the pages show (their whole HTML may be passed: markup only
        adds ASCII, which the subset keeps anyway).

    Returns
    -------
    str
        CSS: an ``@font-face`` for ``"Noto Sans SC"`` whose source is the WOFF2 subset
        as a base64 ``data:`` URI, then the rules that make it the font of all text.
        The last few stylesheets are remembered by character set, so the same text
        is not subset twice.

    Examples
    --------
    >>> css = font_face_css("库存")
    >>> css.count("@font-face"), "--pst-font-family-base" in css
    (1, True)
    """
    return _css("".join(sorted(set(text))))


@functools.lru_cache(maxsize=8)
def _css(characters: str) -> str:
    data = base64.b64encode(subset_font(characters)).decode("ascii")
    return (
        f'@font-face{{font-family:"{FONT_FAMILY}";font-style:normal;font-weight:400;'
        f'font-display:block;src:url(data:font/woff2;base64,{data}) format("woff2")}}' + _RULES
    )


def embed_font(pages: Sequence[str], *, css: str = "") -> list[str]:
    """Return HTML pages with the embedded font (and any extra ``css``) in their head.

    One subset is made for all ``pages`` together, holding every character any of
    them uses, and the same stylesheet goes into each: cutting the font once costs
    about a second, cutting it per page a second a page.

    Parameters
    ----------
    pages
        Whole HTML documents; each must have a ``</head>``.
    css
        More CSS for the same ``<style>`` element.

    Returns
    -------
    list of str
        The pages, in order, with ``<style>`` inserted before ``</head>``.

    Raises
    ------
    ParameterError
        If a page has no ``</head>``; the message gives its position in ``pages``
        (also a ``ValueError``).

    Examples
    --------
    >>> [page] = embed_font(["<html><head></head><body>微商</body></html>"])
    >>> page.startswith("<html><head><style>@font-face") and page.endswith("微商</body></html>")
    True
    """
    for number, page in enumerate(pages, 1):
        if "</head>" not in page:
            raise ParameterError(
                f"pages: page {number} of {len(pages)}: no </head> to put the font before"
            )
    style = f"<style>{font_face_css(''.join(pages))}{css}</style>"
    return [page.replace("</head>", style + "</head>", 1) for page in pages]


#: The font file :func:`jupyterlab_font` puts beside JupyterLab's ``custom.css``.
JUPYTERLAB_FONT = "NotoSansSC-Regular.otf"
_START, _END = "/* microcommerce: Noto Sans SC */", "/* end microcommerce */"
# JupyterLab's theme sets its font variables on :root after custom.css has loaded:
# a more specific selector wins over it whatever the order.
_LAB_RULES = (
    ":root:root{"
    f"--jp-ui-font-family:{_STACK};--jp-content-font-family:{_STACK};"
    f"--jp-code-font-family:{_MONO};--jp-code-font-family-default:{_MONO}}}"
)
_BLOCK = re.compile(re.escape(_START) + r".*?" + re.escape(_END) + r"\n?", re.S)


def jupyterlab_font(folder: PathArg | None = None) -> Path:
    """Let JupyterLab draw Chinese with Noto Sans SC, on a machine without a Chinese font.

    Charts and the report carry their own font; JupyterLab's tables, text and
    editors use the machine's fonts, and show empty boxes for Chinese where it has
    none. This writes JupyterLab's user stylesheet, ``custom.css``, with an
    ``@font-face`` for Noto Sans SC (from the ``pylopdf-fonts-zh-cn`` package,
    copied beside it; 8 MB) and the rules that make it JupyterLab's font. Start
    JupyterLab with ``jupyter lab --custom-css`` (or set ``c.LabApp.custom_css =
    True`` in ``jupyter_lab_config.py``) for it to load the stylesheet. Rules of
    your own in ``custom.css`` are kept; running it again replaces only its own.

    Parameters
    ----------
    folder : str or Path, optional
        Where JupyterLab looks for ``custom.css``: by default the ``custom`` folder of
        the Jupyter configuration folder (``jupyter --config-dir``, usually
        ``~/.jupyter``).

    Returns
    -------
    pathlib.Path
        The stylesheet written (both files are replaced together, atomically).

    Examples
    --------
    >>> import tempfile
    >>> css = jupyterlab_font(tempfile.mkdtemp())
    >>> css.name, (css.parent / JUPYTERLAB_FONT).stat().st_size > 1_000_000
    ('custom.css', True)
    >>> 'src:url("NotoSansSC-Regular.otf")' in css.read_text(encoding="utf-8")
    True
    """
    import pylopdf_fonts_zh_cn

    if folder is None:
        from jupyter_core.paths import jupyter_config_dir

        folder = Path(jupyter_config_dir()) / "custom"
    target = Path(folder) / "custom.css"
    mine = target.read_text(encoding="utf-8") if target.is_file() else ""
    mine = _BLOCK.sub("", mine).rstrip()
    block = (
        f'{_START}\n@font-face{{font-family:"{FONT_FAMILY}";font-style:normal;'
        f'font-weight:400;font-display:swap;src:url("{JUPYTERLAB_FONT}") format("opentype")}}'
        f"{_LAB_RULES}\n{_END}\n"
    )
    with staged_files([target, Path(folder) / JUPYTERLAB_FONT]) as (css, font):
        css.write_text(f"{mine}\n\n{block}" if mine else block, encoding="utf-8")
        shutil.copyfile(pylopdf_fonts_zh_cn.sans_path(), font)
    return target
