"""``microcommerce reproduce``: run every study notebook offline into an HTML report.

Each notebook runs top to bottom in its own state in a Jupyter kernel (nbclient):
one kernel per worker, which imports the studies' modules once and is reset to a new
kernel's state before each notebook (:mod:`microcommerce.report._warm`). It is written
as HTML (nbconvert), and an ``index.html`` links them with a line on each and whether
it ran. Notebooks save their key figures as CSV tables through :func:`save_table`.
In the pages, cells tagged ``solution`` (the answers to the exercises) are folded in a
``<details>`` element, and widgets (the pyramid explorer) show their static figure.

Where things are found:

- **notebooks** — the clone's ``notebooks/`` folder when the package runs from a
  clone (editable install) or the command is run inside one; otherwise the copies
  shipped inside the package (``microcommerce/_notebooks``). :func:`notebooks_dir`
  says which.
- **tables** — the clone's ``data/processed/`` when the command is run inside the
  clone; otherwise ``tables/`` inside the report folder (``MICROCOMMERCE_TABLES``
  overrides both; :func:`tables_destination`), always through a staged copy swapped in
  with the report. A notebook run by hand (JupyterLab, the docs gallery, nbclient)
  saves into a temporary folder of its own, or to ``MICROCOMMERCE_TABLES`` when set, so
  ``data/processed/`` only ever changes as a whole, by ``reproduce`` (:func:`tables_dir`).

A notebook that fails stops at its failing cell; the others still run, the index
shows which failed and why (cell number and error), and the command exits 1.

The report is built in a hidden staging folder next to the report folder and swapped
in only when the run completes, so an interrupted run (an error, Ctrl-C) leaves the
previous report as it was; see :func:`reproduce`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import importlib
import json
import os
import queue
import re
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import pandas as pd

from microcommerce.errors import FileNotFoundInputError, ParameterError, UnknownNameError
from microcommerce.io import PathArg, write_table, write_text
from microcommerce.io._staging import finish_staged, staged
from microcommerce.report._kernels import KernelSlot, notebook_imports, sweep_kernel_folders
from microcommerce.report._tables import TABLE_CSS, clip_cells
from microcommerce.report._webfont import embed_font

__all__ = [
    "NOTEBOOKS",
    "NotebookRun",
    "notebooks_dir",
    "reproduce",
    "sample_dir",
    "save_table",
    "tables_destination",
    "tables_dir",
]

#: The studies, in order, with the question each answers.
NOTEBOOKS: tuple[tuple[str, str], ...] = (
    (
        "01_history_timeline",
        "the micro-business timeline from 2011 to today and the seed article's claims "
        "against the record",
    ),
    (
        "02_market_size",
        "published market size, its share of online retail, saturation fits, and "
        "how far 流水 overstates sales (simulated brand)",
    ),
    (
        "03_practitioners",
        "published practitioner counts and their definitions; simulated sellers "
        "joining, leaving and the 2015-02-15 shock",
    ),
    (
        "04_category_inventory",
        "stock piled up in the pyramid by tier, months of supply, and the "
        "“five or six years to clear” claim as a sensitivity",
    ),
    (
        "05_cleaning_walkthrough",
        "a messy back-office export cleaned, rejected rows explained, "
        "the analyses run on the result",
    ),
    ("06_pyramid_simulator", "for teachers: why stock piles up at the bottom of an agent pyramid"),
    (
        "07_after_the_collapse",
        "from the 2015–16 collapse to social and live commerce: size, people, platforms and "
        "share of retail, source by source, the changes of definition marked",
    ),
)
_PACKAGE = Path(str(files("microcommerce")))
#: nbconvert templates: "solutions" is JupyterLab's page with cells tagged ``solution`` folded.
_TEMPLATES = Path(__file__).parent / "templates"
_TITLE = "<title>microcommerce — studies</title>"  # how a report's index.html is recognised
_ANSI = re.compile(r"\x1b\[[0-9;]*m")  # colour codes in kernel tracebacks


def _is_clone(root: Path) -> bool:
    project = root / "pyproject.toml"
    return (
        project.is_file()
        and (root / "notebooks").is_dir()
        and 'name = "microcommerce"' in project.read_text(encoding="utf-8")
    )


def _clone_root() -> Path | None:
    """Find the project's clone, if any.

    That is the one the package runs from (editable install), or the current folder
    or its parent (a regular install, run from the clone or from a notebook open in
    its ``notebooks/`` folder).
    """
    for root in (_PACKAGE.parent, Path.cwd(), Path.cwd().parent):
        if _is_clone(root):
            return root
    return None


def tables_destination(out: Path | None = None) -> Path | None:
    """Say where ``reproduce`` writes the key-figure tables: a clone's, or None (the report's).

    ``MICROCOMMERCE_TABLES`` when set; the clone's ``data/processed`` when the command
    runs inside the clone (an editable install run from another folder writes beside
    the report, not into the clone); else None: ``tables/`` in the report folder
    (``out / "tables"`` when ``out`` is given).

    Examples
    --------
    >>> os.environ["MICROCOMMERCE_TABLES"] = "/somewhere/tables"
    >>> tables_destination().as_posix()
    '/somewhere/tables'
    >>> del os.environ["MICROCOMMERCE_TABLES"]
    """
    if os.environ.get("MICROCOMMERCE_TABLES"):
        return Path(os.environ["MICROCOMMERCE_TABLES"])
    root, here = _clone_root(), Path.cwd().resolve()
    if root is not None and (here == root.resolve() or root.resolve() in here.parents):
        return root / "data" / "processed"
    return None if out is None else Path(out) / "tables"


def notebooks_dir() -> Path:
    """Return the folder the notebooks are run from (the clone's, else the package's copies).

    Returns
    -------
    Path
        The clone's ``notebooks/`` when run from a clone, else the copies shipped
        in the package.

    Raises
    ------
    FileNotFoundInputError
        When neither folder exists.

    Examples
    --------
    >>> sorted(p.name for p in notebooks_dir().glob("*.ipynb"))[0]
    '01_history_timeline.ipynb'
    """
    root = _clone_root()
    if root is not None:
        return root / "notebooks"
    shipped = _PACKAGE / "_notebooks"
    if shipped.is_dir():
        return shipped
    raise FileNotFoundInputError(
        "no notebooks found: neither a clone's notebooks/ folder nor "
        "the copies shipped in the package",
        path=shipped,
    )


def sample_dir() -> Path:
    """Return the folder of the sample back-office export (``data/raw`` in a clone).

    Returns
    -------
    Path
        The clone's ``data/raw`` when it exists, else the sample shipped in the
        package.

    Examples
    --------
    >>> (sample_dir() / "订单导出.csv").is_file()
    True
    """
    root = _clone_root()
    if root is not None and (root / "data" / "raw").is_dir():
        return root / "data" / "raw"
    return _PACKAGE / "_sample"


def tables_dir() -> Path:
    """Where :func:`save_table` writes: ``MICROCOMMERCE_TABLES``, else a temporary folder.

    ``reproduce`` sets ``MICROCOMMERCE_TABLES`` for its notebooks (a staged copy of the
    clone's ``data/processed``, or the report's ``tables/``). A notebook run by hand
    writes into a temporary folder made for its process (``mc-tables-<pid>-…``, one for
    all its tables), never into the clone: ``data/processed`` holds the tables of one
    complete ``reproduce`` run, not a mix of runs and half-run notebooks. Set
    ``MICROCOMMERCE_TABLES`` to keep a hand run's tables somewhere.

    Returns
    -------
    Path
        The folder (the temporary one is made again if it was removed).

    Examples
    --------
    >>> os.environ["MICROCOMMERCE_TABLES"] = "/somewhere/tables"
    >>> tables_dir().as_posix()
    '/somewhere/tables'
    >>> del os.environ["MICROCOMMERCE_TABLES"]
    >>> tables_dir().name.startswith(f"mc-tables-{os.getpid()}-"), tables_dir() == tables_dir()
    (True, True)
    >>> import shutil
    >>> shutil.rmtree(tables_dir())  # made again when needed
    >>> tables_dir().is_dir()
    True
    >>> shutil.rmtree(tables_dir())
    """
    if os.environ.get("MICROCOMMERCE_TABLES"):
        return Path(os.environ["MICROCOMMERCE_TABLES"])
    with _SCRATCH_LOCK:
        if not _SCRATCH or not _SCRATCH[0].is_dir():
            _SCRATCH[:] = [Path(tempfile.mkdtemp(prefix=f"mc-tables-{os.getpid()}-"))]
        return _SCRATCH[0]


_SCRATCH: list[Path] = []  # the temporary tables folder of this process, once made
_SCRATCH_LOCK = threading.Lock()


def save_table(df: pd.DataFrame, name: str) -> Path:
    """Save a key-figures table as ``<tables_dir>/<name>.csv`` (atomically); return the path.

    Parameters
    ----------
    df : DataFrame
        The table, as a notebook shows it (written with its formula guard, UTF-8
        with a byte-order mark for Excel).
    name : str
        The file name without ``.csv`` (``"market_size_by_year"``); an earlier
        table of that name is replaced.

    Returns
    -------
    Path
        ``<tables_dir>/<name>.csv`` (see :func:`tables_dir`).

    Raises
    ------
    OutputError
        When the file cannot be written; an earlier table is then unchanged.

    Examples
    --------
    >>> import tempfile
    >>> os.environ["MICROCOMMERCE_TABLES"] = tempfile.mkdtemp()
    >>> save_table(pd.DataFrame({"a": [1]}), "demo").name
    'demo.csv'
    >>> del os.environ["MICROCOMMERCE_TABLES"]
    """
    return write_table(df, tables_dir() / f"{name}.csv")


@dataclass(frozen=True)
class NotebookRun:
    """How one notebook ran: ``ok``, seconds, and for a failure the cell and error.

    Attributes
    ----------
    name : str
        The notebook's file name without ``.ipynb``.
    ok : bool
        Whether every cell ran without an error.
    seconds : float
        How long the run took.
    html : Path
        The page written for the executed notebook.
    cell : int, optional
        For a failure, the cell that failed: its 1-based position among all the
        notebook's cells, as JupyterLab shows them.
    error : str, optional
        For a failure, the error's last line (a timed-out cell or a dead kernel:
        the exception's name and first line), at most 300 characters.
    """

    name: str
    ok: bool
    seconds: float
    html: Path
    cell: int | None = None
    error: str | None = None


def _run_one(path: Path, out: Path, timeout: int, slot: KernelSlot) -> tuple[NotebookRun, Any]:
    """Run one notebook in the kernel ``slot`` gives; say how it went.

    Returns the run and the executed notebook, whose page (``run.html``) is still to be
    written (:func:`_page`), so the kernel can go on to the next notebook meanwhile.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    running: list[int] = []  # index of the cell being run, for timeouts and crashes

    def on_cell_execute(cell: dict, cell_index: int) -> None:
        running[:] = [cell_index]

    start = time.perf_counter()
    error, healthy = None, True
    try:
        km, kc = slot.kernel()
        client = NotebookClient(
            nb,
            km=km,  # not nbclient's to shut down: the slot keeps it or closes it
            timeout=timeout,
            kernel_name="python3",
            on_cell_execute=on_cell_execute,
            resources={"metadata": {"path": str(out)}},
            store_widget_state=False,  # widgets show their static fallback; no script from a CDN
        )
        client.kc = kc
        client.execute()
    except CellExecutionError as exc:  # the cell raised; the kernel is fine
        error = _ANSI.sub("", str(exc)).strip().splitlines()[-1][:300]
    except Exception as exc:  # a cell that timed out or a kernel that died: report, go on
        healthy = False
        first = _ANSI.sub("", str(exc)).strip().splitlines()
        error = f"{type(exc).__name__}: {first[0] if first else ''}"[:300]
    slot.done(healthy)
    seconds = time.perf_counter() - start
    # 1-based position among all the notebook's cells, as JupyterLab shows them
    cell = running[0] + 1 if error is not None and running else None
    page = out / f"{path.stem}.html"
    return NotebookRun(path.stem, error is None, seconds, page, cell, error), nb


def _page(nb: Any) -> str:
    """Write an executed notebook as an HTML page (the text)."""
    from nbconvert import HTMLExporter

    # no MathJax or RequireJS from a CDN: the report is read offline (the notebooks use
    # neither), and a script that fails to load is a console error in the browser; the
    # "solutions" template folds the cells tagged solution
    exporter = HTMLExporter(
        template_name="solutions",
        extra_template_basedirs=[str(_TEMPLATES)],
        mathjax_url="",
        require_js_url="",
    )
    body, _ = exporter.from_notebook_node(nb)
    return body


def _index(runs: Sequence[NotebookRun], summaries: dict[str, str]) -> str:
    rows = []
    for run in runs:
        where = f" at cell {run.cell}" if run.cell else ""
        status = "ran" if run.ok else f"FAILED{where}: {html.escape(run.error or '')}"
        rows.append(
            f'<li><a href="{run.html.name}">{run.name}</a> — '
            f"{html.escape(summaries.get(run.name, ''))} "
            f"<small>({status}, {run.seconds:.0f} s)</small></li>"
        )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        + _TITLE
        + "</head><body style='max-width: 60em; margin: 2em auto'>"
        "<h1>microcommerce — studies of WeChat micro-business (微商)</h1>"
        "<p>Each study was run top to bottom by <code>microcommerce reproduce</code>. "
        "Figures from simulations are labelled as simulated; published figures cite "
        "their <code>facts</code> row.</p><ol>" + "".join(rows) + "</ol></body></html>\n"
    )


def _is_report(folder: Path) -> bool:
    """Whether ``folder`` holds a report: an ``index.html`` written by :func:`reproduce`."""
    index = folder / "index.html"
    return index.is_file() and _TITLE in index.read_text(encoding="utf-8", errors="replace")


def reproduce(
    out: PathArg = "report",
    *,
    only: Sequence[str] | None = None,
    timeout: int = 600,
    progress: bool = True,
    wait: bool = False,
    jobs: int | None = None,
    fresh_kernels: bool = False,
) -> list[NotebookRun]:
    """Run the study notebooks into ``out``: one HTML each and ``index.html``.

    Parameters
    ----------
    out : str or Path, default "report"
        The report folder: missing (it is created), empty, or an earlier report,
        which is replaced as a whole once the run completes (see Notes).
    only : sequence of str, optional
        Run just these notebooks: ``"02_market_size"``, ``"market_size"``, ``"02"``
        or a path to the ``.ipynb`` file.
    timeout : int, default 600
        Seconds allowed for any one cell (at least 1); a cell that runs longer, or a
        kernel that dies, fails its notebook and the others still run.
    progress : bool, default True
        Show a progress bar across the notebooks.
    wait : bool, default False
        When another run is writing ``out``, wait for it instead of refusing.
    jobs : int, optional
        How many notebooks run at once (workers, each with its own kernel); by default
        as many as the machine has cores, at most one a notebook.
    fresh_kernels : bool, default False
        Start a new kernel for every notebook, which then imports pandas, matplotlib
        and the rest itself (slower). By default each worker keeps one kernel, which
        imports the notebooks' modules once and is reset before each notebook (see
        Notes).

    Returns
    -------
    list of NotebookRun
        One per notebook, in order: whether it ran, how long, and where it failed.
        Their ``html`` paths are in ``out``.

    Raises
    ------
    OutputError
        ``out`` is a file, a non-empty folder that holds no report (no manifest nor
        ``index.html`` written by this function) or holds the current folder;
        another run is writing it; or it cannot be written (a full disk, a read-only
        folder). Nothing is changed.
    ParameterError
        A bad ``timeout`` or ``jobs``, or unknown notebooks (an
        :class:`~microcommerce.errors.UnknownNameError`); also a ``ValueError``.

    Notes
    -----
    The notebooks run in a new hidden folder next to ``out``
    (``.<name>.staging-<random>``), which is their working folder and, outside a
    clone, holds ``tables/``. When the run completes — even if some notebooks
    failed, which the index reports — the staging folder takes the place of
    ``out`` in one step, and the earlier folder is deleted
    (:func:`microcommerce.io.staged`). If the run is interrupted (an
    exception, Ctrl-C), the staging folder is deleted and the earlier report stays as
    it was. In a clone, the key-figure tables (``data/processed``) are staged too and
    swapped in right after the report, which records them until then
    (``.tables-pending.json``): a run killed between the two swaps is finished by the
    next run before it starts, so the report and the tables it quotes agree.

    Each notebook runs top to bottom in its own state: a worker's kernel is reset
    before each notebook to what a new kernel has (names, ``In``/``Out`` and execution
    count, modules of the notebooks' own, working folder, environment variables,
    warning filters, matplotlib's ``rcParams`` and figures, pandas' options, the
    random generators reseeded). A notebook whose kernel dies or whose cell times out
    is reported as failed and the next notebook gets a new kernel.

    Every page carries Noto Sans SC, cut down to the characters the report uses and
    embedded as a data URI (see ``report._webfont``), and the table
    styles of ``report._tables.TABLE_CSS``: Chinese shows on a
    machine without a Chinese font, and no page fetches anything.

    A report folder belongs to this function: files you add to it are deleted with
    it at the next run, and a run with ``only=`` gives a report of just those
    notebooks. To guard against replacing a folder of your own by mistake, a
    non-empty folder without a report's ``index.html`` is refused. A killed process
    (``SIGKILL``, power loss) cannot delete its staging folder, nor its kernels'
    sockets and connection files (in ``mc-kernel-<pid>-…`` temporary folders): the
    next run on ``out`` sweeps the first, and any run the second once their process
    is gone.

    Examples
    --------
    >>> import tempfile
    >>> runs = reproduce(tempfile.mkdtemp(), only=["history_timeline"], progress=False)
    >>> [(r.name, r.ok) for r in runs]
    [('01_history_timeline', True)]
    >>> runs[0].html.name, (runs[0].html.parent / "index.html").is_file()
    ('01_history_timeline.html', True)
    """
    if timeout < 1:
        raise ParameterError(f"timeout={timeout!r}: expected at least 1 second a cell")
    if jobs is not None and jobs < 1:
        raise ParameterError(f"jobs={jobs!r}: expected at least 1 notebook at a time")
    folder = notebooks_dir()
    chosen = [name for name, _ in NOTEBOOKS]
    if only:
        wanted = {Path(w).name.removesuffix(".ipynb") for w in only}

        def names(n: str) -> set[str]:  # 02_market_size, market_size, 02
            number, _, rest = n.partition("_")
            return {n, rest, number}

        chosen = [n for n in chosen if names(n) & wanted]
        unknown = wanted - set().union(*(names(n) for n in chosen))
        if unknown:
            raise UnknownNameError(
                f"unknown notebooks {sorted(unknown)}; the studies are {[n for n, _ in NOTEBOOKS]}",
                name=sorted(unknown)[0],
                known=[n for n, _ in NOTEBOOKS],
            )
    out = Path(out).resolve()
    sweep_kernel_folders()
    _finish_tables(out, wait)  # a run killed between its report and its tables: finish it
    with contextlib.ExitStack() as later:  # the tables are swapped in after the report
        tables = None
        # in a clone, and run from inside it: an editable install run elsewhere writes
        # the tables beside the report (tables_destination)
        clone = None if os.environ.get("MICROCOMMERCE_TABLES") else tables_destination()
        if clone is not None:
            tables = later.enter_context(staged(clone, wait=wait, seed=True))
        with staged(out, owned=_is_report, wait=wait) as stage:
            runs = _run_all(folder, chosen, stage, timeout, progress, tables, jobs, fresh_kernels)
            write_text(_index(runs, dict(NOTEBOOKS)), stage / "index.html")
            _embed_font([stage / "index.html", *(run.html for run in runs)])
            if clone is not None and tables is not None:  # to finish if this run is killed
                record = {"stage": str(tables), "target": str(clone.absolute())}
                record["inode"] = os.stat(tables).st_ino
                write_text(json.dumps(record), stage / _TABLES_PENDING)
    (out / _TABLES_PENDING).unlink(missing_ok=True)
    return [dataclasses.replace(run, html=out / run.html.name) for run in runs]


_TABLES_PENDING = ".tables-pending.json"  # hidden: no part of the report's manifest


def _finish_tables(out: Path, wait: bool) -> None:
    """Swap in the tables of the report in ``out`` if its run was killed before it could."""
    journal = out / _TABLES_PENDING
    try:
        text = journal.read_text(encoding="utf-8")
    except OSError:  # none (the usual case), or ``out`` is no folder: said later
        return
    try:
        record = json.loads(text)
        stage, target, inode = Path(record["stage"]), Path(record["target"]), record["inode"]
    except (ValueError, KeyError, TypeError):  # damaged: nothing to finish safely
        journal.unlink(missing_ok=True)
        return
    finish_staged(stage, target, inode, wait=wait)
    journal.unlink(missing_ok=True)


def _embed_font(pages: Sequence[Path]) -> None:
    """Put the embedded font and the table styles into each page (one font subset for all)."""
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    whole = {page: text for page, text in texts.items() if "</head>" in text}  # not a stub's
    clipped = [clip_cells(text) for text in whole.values()]  # long cells: one line, hover
    for page, text in zip(whole, embed_font(clipped, css=TABLE_CSS), strict=True):
        write_text(text, page)


def _run_all(
    folder: Path,
    chosen: Sequence[str],
    stage: Path,
    timeout: int,
    progress: bool,
    tables: Path | None,
    jobs: int | None,
    fresh_kernels: bool = False,
) -> list[NotebookRun]:
    """Run the ``chosen`` notebooks of ``folder`` in ``stage``, telling them where tables go.

    Up to ``jobs`` notebooks run at once (threads, each driving its own kernel); the
    runs come back in the order of ``chosen``. Unless ``MICROCOMMERCE_TABLES`` says
    where, the tables go with the report outside a clone, and in a clone to ``tables``,
    a staged copy of ``data/processed`` swapped in right after the report
    (:func:`reproduce`), so that a killed run has rewritten none of them.
    """
    previous = os.environ.get("MICROCOMMERCE_TABLES")
    if not previous:  # unset or empty: where reproduce decided
        os.environ["MICROCOMMERCE_TABLES"] = str((tables or stage / "tables").resolve())
    paths = [folder / f"{n}.ipynb" for n in chosen]
    workers = min(jobs or os.cpu_count() or 1, len(chosen)) or 1
    warm = None if fresh_kernels else notebook_imports(_readable(paths))
    try:
        return _in_workers(paths, stage, timeout, progress, workers, warm)
    finally:
        if previous is None:
            os.environ.pop("MICROCOMMERCE_TABLES", None)
        elif not previous:
            os.environ["MICROCOMMERCE_TABLES"] = previous


def _readable(paths: Sequence[Path]) -> Iterable[Any]:
    """Read the notebooks of ``paths`` that can be read (one that cannot fails when run)."""
    import nbformat

    for path in paths:
        try:
            yield nbformat.read(path, as_version=4)
        except Exception:  # said by its own run
            continue


def _load_page_tools() -> None:
    """Import what writing the pages and embedding their font needs, ahead of time."""
    for module in ("nbconvert", "fontTools.subset", "fontTools.ttLib.woff2", "brotli"):
        with contextlib.suppress(ImportError):  # said when the font is embedded
            importlib.import_module(module)


def _in_workers(
    paths: Sequence[Path],
    stage: Path,
    timeout: int,
    progress: bool,
    workers: int,
    warm: tuple[list[str], list[tuple[str, str]]] | None,
) -> list[NotebookRun]:
    """Run ``paths`` in ``workers`` threads, each with its kernel slot; runs in order.

    One more thread writes the pages, so a kernel goes on to its next notebook while the
    page of the last is written. The first exception of a run (Ctrl-C, a bug) stops the
    others from starting a notebook and is raised once the running ones are done.
    """
    futures: list[Future[NotebookRun]] = [Future() for _ in paths]
    todo: queue.SimpleQueue[tuple[Path, Future[NotebookRun]]] = queue.SimpleQueue()
    for item in zip(paths, futures, strict=True):
        todo.put(item)
    stop = threading.Event()
    pages = ThreadPoolExecutor(max_workers=1, thread_name_prefix="page")
    pages.submit(_load_page_tools)  # while the kernels start

    def write_page(nb: Any, run: NotebookRun, future: Future[NotebookRun]) -> None:
        try:
            write_text(_page(nb), run.html)
        except BaseException as exc:  # given to the main thread
            stop.set()
            future.set_exception(exc)
        else:
            future.set_result(run)

    def work() -> None:
        slot = KernelSlot(stage, timeout, warm)
        try:
            while not stop.is_set():
                try:
                    path, future = todo.get_nowait()
                except queue.Empty:
                    return
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    run, nb = _run_one(path, stage, timeout, slot)
                except BaseException as exc:  # given to the main thread
                    stop.set()
                    future.set_exception(exc)
                    continue
                if nb is None:  # its page is written
                    future.set_result(run)
                else:
                    pages.submit(write_page, nb, run, future)
        finally:
            slot.close()

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="notebook")
    try:
        for _ in range(workers):
            pool.submit(work)
        done: Iterable[Future[NotebookRun]] = as_completed(futures)
        if progress:
            from tqdm.auto import tqdm

            done = tqdm(done, total=len(futures), desc="notebooks", unit="notebook")
        for future in done:
            future.result()  # an exception (Ctrl-C in a stub, a bug) stops the run here
        return [future.result() for future in futures]
    finally:
        stop.set()
        for future in futures:
            future.cancel()  # those not started
        pool.shutdown(wait=True)
        pages.shutdown(wait=True)
