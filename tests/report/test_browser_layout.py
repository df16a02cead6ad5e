"""Layout in a real browser: the explorer and solutions in JupyterLab, the report, the docs.

A JupyterLab server (the one the package depends on) is started on a free local port
in a temporary folder, with its own settings and workspaces, and headless Chromium
(the ``browser`` fixture of ``conftest.py``) opens notebooks in it as a student would:

- the pyramid explorer, run in a live kernel, at 1,280 px (with the file browser
  open, as JupyterLab opens, and closed, as the lesson plan advises), at 1,920 px, and
  in the presentation setting: no label, value or button of the controls cut, no
  sideways scroll, slider tracks long enough for fine moves, chart tick labels at
  least 10 px as drawn;
- a study notebook, not run: every solution cell collapsed, showing only its header;
- the report's pages (index and a study, made by ``reproduce``) and the built docs
  pages at 1,280 px: no page scrolls sideways, long text cells clipped with the full
  text in their ``title``, the studies' table rows one line high (the datasets
  catalogue's descriptions wrap: there the text is the content);
- JupyterLab with the packaged font as its user stylesheet
  (:func:`~microcommerce.report.jupyterlab_font`): a table's Chinese drawn
  with Noto Sans SC, on a machine without a Chinese font.

Screenshots go to the test's temporary folder, and also to ``$MICROCOMMERCE_SCREENSHOTS``
when that names a folder. Skipped, saying why, without Chromium, its driver or Selenium.

Imports the report layer's private ``report._explorer``, ``report._explorer_charts``,
``report._solutions`` to test its machinery.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from microcommerce.report import _explorer_charts as charts
from microcommerce.report import jupyterlab_font
from microcommerce.report._solutions import is_solution

ROOT = Path(__file__).resolve().parents[2]
DOCS_HTML = ROOT / "docs" / "_build" / "html"
TOKEN = "mc-layout-test"
HEIGHT = 900

pytestmark = pytest.mark.slow


def _lab_script(
    steps: str,
    *,
    run: bool = True,
    head: str = "const done = arguments[arguments.length - 1];",
    before_run: str = "",
    error: str = "{error: String(e)}",
) -> str:
    """A script for the notebook open in JupyterLab: wait for it (for its kernel, to ``run`` it),
    run all its cells, then take ``steps`` (JavaScript); a failure goes to ``done`` as ``error``."""
    waited = "sessionContext" if run else "content"
    start = (
        "  const app = window.jupyterapp, panel = app.shell.currentWidget;\n"
        f"{before_run}"
        "  await panel.sessionContext.ready;\n"
        "  await app.commands.execute('notebook:run-all-cells');\n"
    )
    return (
        f"{head}\n(async () => {{\n"
        "  const sleep = ms => new Promise(r => setTimeout(r, ms));\n"
        "  const ready = () => window.jupyterapp && window.jupyterapp.shell.currentWidget\n"
        f"                      && window.jupyterapp.shell.currentWidget.{waited};\n"
        "  for (let i = 0; i < 600 && !ready(); i++) await sleep(200);\n"
        f"{start if run else ''}{steps}}})().catch(e => done({error}));\n"
    )


#: Open the notebook of the current tab, run it (or not), and report on the explorer.
EXPLORER = _lab_script(
    """\
  const drawn = () => [...document.querySelectorAll('.mc-explorer img')]
                      .filter(im => im.complete && im.naturalWidth > 0).length;
  for (let i = 0; i < 720 && drawn() < 4; i++) await sleep(250);
  await sleep(1000);
  const root = document.querySelector('.mc-explorer');
  if (!root) { done({error: 'no explorer on the page'}); return; }
  const cut = [], seen = new Set();
  const check = () => {
    const parts = '.widget-label, .widget-html-content, .widget-readout, input, select, '
                + 'button, .jupyter-widget-Collapse-header';
    for (const el of root.querySelectorAll(parts)) {
      if (!el.offsetParent || seen.has(el)) continue;  // hidden: a closed group
      seen.add(el);
      if (el.scrollWidth > el.clientWidth + 1)
        cut.push(`${el.tagName} ${(el.value || el.textContent).trim().slice(0, 50)} `
                 + `(${el.scrollWidth} > ${el.clientWidth} px)`);
    }
  };
  const headers = [...root.querySelectorAll('.jupyter-widget-Collapse-header')];
  check();
  for (const h of headers.slice(1)) { h.click(); await sleep(400); check(); }
  if (headers.length) { headers[0].click(); await sleep(400); }
  const output = root.closest('.jp-OutputArea-output');
  const scroller = root.closest('.jp-WindowedPanel-outer') || root.closest('.jp-Notebook');
  const boxes = [...root.querySelectorAll('.widget-box')].filter(e => e.offsetParent);
  const sideways = [document.documentElement, scroller, output, root, ...boxes]
    .filter(e => e && e.scrollWidth > e.clientWidth + 1)
    .map(e => `${e.className.slice(0, 40)} ${e.scrollWidth} > ${e.clientWidth}`);
  const box = e => e.getBoundingClientRect();
  const panel_ = root.querySelector('.jupyter-widget-Accordion');
  done({
    checked: seen.size, cut, sideways, groups: headers.length,
    charts: [...root.querySelectorAll('img')].map(i => ({
      shown: box(i).width, natural: i.naturalWidth, left: box(i).left, top: box(i).top})),
    tracks: [...root.querySelectorAll('.slider-container')].filter(e => e.offsetParent)
              .map(e => box(e).width),
    panelRight: box(panel_).right, right: box(root).right, outputRight: box(output).right,
    labelFont: parseFloat(getComputedStyle(root.querySelector('.mc-label')).fontSize),
    inputFont: parseFloat(getComputedStyle(root.querySelector('input')).fontSize),
  });
""",
    head="const [run, closeLeft, done] = "
    "[arguments[0], arguments[1], arguments[arguments.length - 1]];",
    before_run="  if (closeLeft) app.shell.collapseLeft();\n",
)

#: Report on every solution cell of the open notebook: collapsed, and what it shows.
SOLUTIONS = _lab_script(
    """\
  const notebook = window.jupyterapp.shell.currentWidget.content;
  await sleep(1500);
  const out = [];
  for (let i = 0; i < notebook.widgets.length; i++) {
    const cell = notebook.widgets[i];
    if (!(cell.model.getMetadata('tags') || []).includes('solution')) continue;
    await notebook.scrollToItem(i, 'center');
    await sleep(500);
    out.push({inputHidden: cell.inputHidden, outputHidden: cell.outputHidden,
              shown: cell.node.innerText.trim()});
  }
  done(out);
""",
    run=False,
)

#: A page's width against its content's, and its table cells (report and docs pages).
PAGE = """
const done = arguments[arguments.length - 1];
document.fonts.ready.then(() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1) return false;
    for (let p = e.parentElement; p; p = p.parentElement) {  // inside a box that scrolls
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return false;
    }
    return true;
  }).slice(0, 5).map(e => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`);
  const rows = [...document.querySelectorAll('table tbody tr')]
    .map(r => r.getBoundingClientRect().height);
  const clipped = [...document.querySelectorAll('td, th, .mc-clip')]
    .filter(c => c.scrollWidth > c.clientWidth + 1);
  done({
    pageWidth: document.documentElement.scrollWidth, width, wide,
    rows: rows.length, tallest: Math.max(0, ...rows),
    clipped: clipped.length,
    clippedWithoutTitle: clipped.filter(c => !(c.closest('[title]') || {}).title).slice(0, 5)
      .map(c => c.textContent.slice(0, 60)),
  });
});
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _notebook(path: Path, *sources: str) -> None:
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": kernel}), path)


@contextlib.contextmanager
def _serve(folder: Path, *, custom_css: bool = False):
    """Run a JupyterLab server on ``folder`` (settings and workspaces inside it): its URL."""
    config = folder / ".config"
    (config / "labconfig").mkdir(parents=True, exist_ok=True)
    (config / "labconfig" / "page_config.json").write_text(
        '{"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": true}}'
    )
    port = _free_port()
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(config),
        "JUPYTER_RUNTIME_DIR": str(folder / ".runtime"),
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
        f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={folder}",
        "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
        f"--LabApp.workspaces_dir={folder / '.workspaces'}",
        f"--LabApp.user_settings_dir={folder / '.settings'}",
    ]  # fmt: skip
    if custom_css:
        jupyterlab_font(config / "custom")
        command.append("--custom-css")
    if getattr(os, "geteuid", lambda: 1)() == 0:
        command.append("--allow-root")
    log_path = folder / "lab.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_for(f"{url}/api/status?token={TOKEN}", server, log_path)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


@pytest.fixture(scope="module")
def lab(tmp_path_factory, browser, unavailable):
    """A JupyterLab server in a temporary folder: ``(url, folder)``."""
    if not _importable("jupyterlab"):
        unavailable("JupyterLab is not installed: pip install -e .")
    folder = tmp_path_factory.mktemp("lab")
    call = "from microcommerce.report._explorer import pyramid_explorer\npyramid_explorer({})"
    size = "potential_agents=2_000, months=30"
    _notebook(folder / "explorer.ipynb", call.format(size))
    _notebook(folder / "presentation.ipynb", call.format(size + ", presentation=True"))
    shutil.copy(ROOT / "notebooks" / "06_pyramid_simulator.ipynb", folder / "study.ipynb")
    _notebook(folder / "cards.ipynb", *CARD_CELLS)
    with _serve(folder) as url:
        yield url, folder


#: Result objects on the last line of cells, as an analyst leaves them.
CARD_CELLS = (
    "import microcommerce as mc\nimport pandas as pd",
    'raw = pd.DataFrame({"订单号": ["A1", "A2", "A3"], "下单时间": ["2024-05-01"] * 3,\n'
    '                    "实付金额": ["10", "20", "x"]})\nmc.clean_orders(raw, seller="店")',
    'mc.clean_orders(raw, seller="店").report',
    "mc.simulate_pyramid(mc.PyramidParams(potential_agents=300), seed=1)",
    'mc.describe_dataset("facts")',
)


#: Run the open notebook and measure every result card it shows.
CARDS = _lab_script(
    """\
  const cards = () => [...document.querySelectorAll('.jp-OutputArea-output .mc-card')];
  for (let i = 0; i < 480 && cards().length < arguments[0]; i++) await sleep(250);
  await sleep(500);
  done(cards().map(c => {
    const out = c.closest('.jp-OutputArea-output'), r = c.getBoundingClientRect();
    return {title: (c.querySelector('.mc-title') || c).textContent.trim().slice(0, 60),
            width: r.width, height: r.height, outputWidth: out.getBoundingClientRect().width,
            scrolls: c.scrollWidth > c.clientWidth + 1,
            plain: out.querySelectorAll('pre').length};
  }));
""",
    error="[{error: String(e)}]",
)


def test_result_objects_show_as_compact_cards_in_jupyterlab(browser, lab, tmp_path):
    url, _ = lab
    _open(browser, f"{url}/lab/tree/cards.ipynb?token={TOKEN}&reset", 1280)
    cards = browser.execute_async_script(CARDS, len(CARD_CELLS) - 1)
    _shot(browser, tmp_path, "cards-1280")
    assert len(cards) == len(CARD_CELLS) - 1, cards  # each result a card, not a text dump
    for card in cards:
        assert "error" not in card, card
        assert card["width"] <= card["outputWidth"] + 1 and not card["scrolls"], card
        assert card["height"] < 400, cards  # compact: frames folded in their sections


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def _wait_for(url: str, server: subprocess.Popen, log: Path) -> None:
    for _ in range(240):
        if server.poll() is not None:
            pytest.fail(f"JupyterLab stopped: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(
        f"JupyterLab did not answer in 2 minutes: {log.read_text(errors='replace')[-2000:]}"
    )


def _shot(browser, tmp_path: Path, name: str, height: int | None = None) -> Path:
    """Save a screenshot (the whole page when ``height`` is given) and return its path."""
    width = browser.get_window_size()["width"]
    if height:
        browser.set_window_size(width, height)
        time.sleep(0.5)
    shot = tmp_path / f"{name}.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 0
    if folder := os.environ.get("MICROCOMMERCE_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(folder) / shot.name)
    browser.set_window_size(width, HEIGHT)
    return shot


def _open(browser, url: str, width: int) -> None:
    browser.set_window_size(width, HEIGHT)
    browser.set_script_timeout(240)
    browser.get(url)


VIEWS = [
    ("explorer.ipynb", 1280, False),
    ("explorer.ipynb", 1280, True),
    ("explorer.ipynb", 1920, False),
    ("presentation.ipynb", 1280, True),
]


@pytest.mark.parametrize(
    ("notebook", "width", "close_left"),
    VIEWS,
    ids=["1280", "1280-left-panel-closed", "1920", "presentation-1280"],
)
def test_the_explorer_fits_and_reads_in_jupyterlab(
    browser, lab, tmp_path, notebook, width, close_left
):
    url, _ = lab
    _open(browser, f"{url}/lab/tree/{notebook}?token={TOKEN}&reset", width)
    seen = browser.execute_async_script(EXPLORER, True, close_left)
    name = f"explorer-{notebook.split('.')[0]}-{width}{'-closed' if close_left else ''}"
    _shot(browser, tmp_path, name, height=2200)
    assert "error" not in seen, seen
    assert seen["groups"] == 4 and seen["checked"] >= 40  # every group opened and read
    assert seen["cut"] == []  # no label, value, button or group title cut
    assert seen["sideways"] == []  # neither the page nor the notebook scrolls sideways
    assert seen["right"] <= seen["outputRight"] + 1
    assert len(seen["tracks"]) >= 5 and min(seen["tracks"]) >= 260
    setting = "presentation" if notebook.startswith("presentation") else "screen"
    tick_px = charts.SIZES[setting]["ticks"] * charts.DPI / 72
    assert len(seen["charts"]) == 4
    for chart in seen["charts"]:
        assert chart["shown"] / chart["natural"] * tick_px >= 10  # tick labels as drawn
    first, second = seen["charts"][:2]
    if close_left and setting == "screen":  # 1,280 px, the file browser closed
        assert first["left"] >= seen["panelRight"]  # one column of charts beside the controls
    if width == 1920 and setting == "screen":
        assert first["top"] == second["top"]  # two charts side by side
        assert first["left"] >= seen["panelRight"]  # beside the controls
    if setting == "presentation":
        assert seen["labelFont"] >= 18 and seen["inputFont"] >= 18
    else:
        assert seen["labelFont"] >= 13


def test_solutions_are_collapsed_in_jupyterlab_showing_only_their_header(browser, lab, tmp_path):
    url, _ = lab
    _open(browser, f"{url}/lab/tree/study.ipynb?token={TOKEN}&reset", 1280)
    solutions = browser.execute_async_script(SOLUTIONS)
    _shot(browser, tmp_path, "solutions-collapsed-1280")
    assert "error" not in solutions, solutions
    study = nbformat.read(ROOT / "notebooks" / "06_pyramid_simulator.ipynb", as_version=4)
    assert len(solutions) == sum(is_solution(c) for c in study.cells) >= 1
    for cell in solutions:
        assert cell["inputHidden"] and cell["outputHidden"]
        assert cell["shown"] == "# Solution — expand to see"  # the answer is not in sight


def _page(browser, page: Path, tmp_path: Path, name: str) -> dict:
    _open(browser, page.as_uri(), 1280)
    facts = browser.execute_async_script(PAGE)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    _shot(browser, tmp_path, name, height=min(height, 8000))
    return facts


def _reads_well(facts: dict) -> None:
    assert facts["pageWidth"] <= facts["width"], facts  # no sideways scroll
    assert facts["wide"] == [], facts
    assert facts["clippedWithoutTitle"] == [], facts  # clipped text has its full text on hover


def test_report_pages_do_not_scroll_sideways_and_rows_stay_short(browser, study_report, tmp_path):
    market_report = study_report("02")
    index = _page(browser, market_report / "index.html", tmp_path, "report-index-1280")
    _reads_well(index)
    study = _page(browser, market_report / "02_market_size.html", tmp_path, "report-02-1280")
    _reads_well(study)
    assert study["rows"] >= 10 and study["clipped"] >= 1  # long cells cut, with a title
    assert study["tallest"] <= 40, study  # every row one line high


def test_docs_pages_do_not_scroll_sideways(browser, tmp_path, unavailable):
    if not (DOCS_HTML / "index.html").is_file():
        unavailable(
            "the docs are not built: run `python -m sphinx -W -b html docs docs/_build/html`"
        )
    pages = [DOCS_HTML / "index.html", *sorted(DOCS_HTML.glob("guide/*.html"))]
    pages += sorted(DOCS_HTML.glob("api/*.html"))[:6] + sorted(DOCS_HTML.glob("datasets*.html"))
    pages += [DOCS_HTML / "cli.html", *sorted(DOCS_HTML.glob("gallery/*.html"))]
    gallery = sorted(DOCS_HTML.glob("gallery/0*.html"))
    for page in pages:
        facts = _page(browser, page, tmp_path, "docs-" + page.stem)
        assert facts["pageWidth"] <= facts["width"], (page.name, facts)
        assert facts["wide"] == [], (page.name, facts)
        assert facts["clippedWithoutTitle"] == [], (page.name, facts)
        if page in gallery:  # the studies' data tables: one line a row
            assert facts["tallest"] <= 48, (page.name, facts)
    assert gallery, "no study in the built gallery"


#: Run the open notebook and report which font its table's Chinese is drawn with.
CHINESE = _lab_script(
    """\
  for (let i = 0; i < 480 && !document.querySelector('.jp-OutputArea table td'); i++)
    await sleep(250);
  await document.fonts.ready;
  const faces = await document.fonts.load('16px "Noto Sans SC"', '微商');
  const cell = document.querySelector('.jp-OutputArea table td');
  done({
    text: cell ? cell.textContent : null,
    family: cell ? getComputedStyle(cell).fontFamily : null,
    loaded: faces.filter(f => f.family.replace(/"/g, '') === 'Noto Sans SC'
                              && f.status === 'loaded').length,
  });
"""
)


def test_jupyterlab_tables_show_chinese_with_the_packaged_font(
    browser, tmp_path_factory, tmp_path, unavailable
):
    if not _importable("jupyterlab"):
        unavailable("JupyterLab is not installed: pip install -e .")
    folder = tmp_path_factory.mktemp("lab-font")
    _notebook(
        folder / "chinese.ipynb", "import pandas as pd\npd.DataFrame({'平台': ['微商', '朋友圈']})"
    )
    with _serve(folder, custom_css=True) as url:
        _open(browser, f"{url}/lab/tree/chinese.ipynb?token={TOKEN}&reset", 1280)
        seen = browser.execute_async_script(CHINESE)
        _shot(browser, tmp_path, "jupyterlab-chinese-table-1280")
    assert "error" not in seen, seen
    assert seen["text"] == "微商"
    assert seen["family"].startswith('"Noto Sans SC"')  # custom.css made it JupyterLab's font
    assert seen["loaded"] >= 1  # and the browser loaded it from the copied file
