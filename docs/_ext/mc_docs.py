"""Sphinx extension of the microcommerce docs: pages generated from the package.

At ``builder-inited`` it writes, under the source folder (all git-ignored):

- ``api/``: the API reference, one page a task (:data:`TASKS`): the page's
  introduction (``api-intros/<page>.md``, written by hand and doctested) and then every
  name of its subpackages' ``__all__``, each with the one import users write, and one
  page per name. Public is what these pages list: a name in no public ``__all__`` is
  machinery and is not documented. A subpackage without ``__all__``, a top-level name
  no page lists, or a public subpackage neither on a page nor in
  :data:`NOT_IN_REFERENCE` stops the build.
- ``datasets.md``: the catalogue of the packaged datasets, from their sidecars.
- ``gallery/``: copies of the study notebooks, which MyST-NB executes, with the
  exercises' solutions folded (tagged ``hide-cell``).

At ``build-finished`` it cuts the long text cells of the gallery's tables to one line,
the whole text on hover (``clip_cells``, as in the
report), then writes ``_static/mc-font.css``: an ``@font-face`` whose source is a
WOFF2 subset of Noto Sans SC, as a data URI, holding every character of the built
pages, so Chinese renders without a system font, and the gallery's table styles
(:data:`GALLERY_CSS`).
"""

from __future__ import annotations

import contextlib
import copy
import importlib
import inspect
import pkgutil
import re
import shutil
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from sphinx.errors import ExtensionError

import microcommerce

PACKAGE = "microcommerce"
FONT_CSS = "mc-font.css"
#: The gallery's tables: one line a cell (numbers never wrap, long text is cut), so a
#: row is one line high; a wide table scrolls inside its output.
GALLERY_CSS = (
    ".cell_output .output{overflow-x:auto;max-width:100%}"
    ".cell_output td{white-space:nowrap}"
    ".mc-clip{max-width:20em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}"
)


@dataclass(frozen=True)
class Task:
    """One page of the API reference: a task, and the public modules whose ``__all__`` it lists."""

    page: str
    title: str
    modules: tuple[str, ...]
    about: str


#: The API reference, one page a task. A page lists the ``__all__`` of its modules; a
#: name listed by two modules is shown on the page of the later one (``analyses`` before
#: its ``timeseries``). ``microcommerce.plot`` is the ``mc.plot`` namespace.
TASKS: tuple[Task, ...] = (
    Task(
        "reading-files",
        "Reading files",
        ("microcommerce.io",),
        "exports read as text, tables and datasets written all or nothing",
    ),
    Task(
        "parsing",
        "Parsing",
        ("microcommerce.parse",),
        "Chinese amounts and dates, one text or a column",
    ),
    Task(
        "cleaning",
        "Cleaning",
        ("microcommerce.cleaning",),
        "raw exports into canonical tables, rejected rows with reasons",
    ),
    Task(
        "published-record",
        "The published record",
        ("microcommerce.datasets",),
        "the curated datasets and their sidecars",
    ),
    Task(
        "analyses",
        "Analyses",
        ("microcommerce.analyses",),
        "market size, practitioners, channel inventory",
    ),
    Task(
        "models",
        "Models",
        ("microcommerce.analyses.timeseries",),
        "growth, saturation curves, the 2015 break, forecasts",
    ),
    Task(
        "scale-out",
        "Pandas or Dask",
        ("microcommerce.core",),
        "the same analyses partition by partition on a Dask cluster",
    ),
    Task(
        "simulator",
        "Simulator",
        ("microcommerce.simulation",),
        "a seeded agent pyramid with its ground truth",
    ),
    Task(
        "report",
        "Report",
        ("microcommerce.report", "microcommerce.plot"),
        "the studies run into HTML, tables for reading, the shared charts",
    ),
    Task(
        "errors",
        "Errors",
        ("microcommerce.errors",),
        "what the package raises, and what each error says",
    ),
    Task(
        "accessor",
        "The .mc accessor",
        ("microcommerce.accessor",),
        "the functions as methods of frames and series",
    ),
)
#: Subpackages that are not in the reference, and why. Every other public subpackage
#: must be listed by a page of :data:`TASKS`, or the build fails.
NOT_IN_REFERENCE: dict[str, str] = {
    "microcommerce.cli": "the command line, documented on its own page (cli.md)",
}
#: How users reach the accessor classes: ``import microcommerce`` registers them.
ACCESSORS = {"DataFrameAccessor": "df.mc", "SeriesAccessor": "s.mc"}
#: The hand-written introductions of the pages, one MyST file a page (doctested).
INTROS = Path(__file__).resolve().parents[1] / "api-intros"
#: The import of the top-level names.
TOP = f"import {PACKAGE} as mc"


@dataclass(frozen=True)
class Entry:
    """One public name of the reference: where it is listed, documented and imported from.

    ``statement`` is the import users write and ``use`` what they then type:
    ``import microcommerce as mc`` and ``mc.market_size``, or
    ``from microcommerce.parse import Amount`` and ``Amount``.
    """

    name: str
    module: str
    page: str
    statement: str
    use: str
    obj: object = field(repr=False, compare=False)

    @property
    def full(self) -> str:
        """The name it is documented as: the module that lists it, then the name."""
        return f"{self.module}.{self.name}"

    @property
    def spelling(self) -> str:
        """The import and the use on one line, as the pages show them."""
        if self.statement.startswith("from "):
            return self.statement
        return f"{self.statement}; {self.use}"

    @property
    def top_name(self) -> str | None:
        """The name in ``microcommerce.__all__``, if it is a top-level name."""
        if self.statement == TOP and self.use.count(".") == 1:
            return self.use.partition(".")[2]
        return None


def load_module(name: str) -> types.ModuleType:
    """Import a module of :data:`TASKS`; ``microcommerce.plot`` is the ``mc.plot`` namespace."""
    parent, _, last = name.rpartition(".")
    if parent == PACKAGE and last in getattr(microcommerce, "_NAMESPACES", {}):
        return getattr(microcommerce, last)
    return importlib.import_module(name)


def public_all(module: str) -> list[str]:
    """The ``__all__`` of a module of the reference; no ``__all__`` stops the build."""
    names = getattr(load_module(module), "__all__", None)
    if names is None:
        raise ExtensionError(
            f"{module} has no __all__: the API reference lists each subpackage's __all__ "
            f"(docs/_ext/mc_docs.py, TASKS), so {module}'s __init__ must declare one"
        )
    return list(names)


def _key(obj: object, module: str, name: str) -> object:
    # a function or class is one object under several names; a constant is its listing
    if inspect.isfunction(obj) or inspect.isclass(obj) or inspect.isbuiltin(obj):
        return id(obj)
    return (module, name)


def top_level() -> dict[int, str]:
    """Map each object of ``mc.__all__`` (functions and classes) to its top-level name."""
    names = [name for name in microcommerce.__all__ if name != "__version__"]
    return {id(getattr(microcommerce, name)): name for name in names}


def spell(module: str, name: str, obj: object, top: dict[int, str]) -> tuple[str, str]:
    """The one import users write for a name, and its use: the top-level one when there is one."""
    if module == f"{PACKAGE}.accessor" and name in ACCESSORS:
        return f"import {PACKAGE}", ACCESSORS[name]
    if id(obj) in top and (inspect.isfunction(obj) or inspect.isclass(obj)):
        return TOP, f"mc.{top[id(obj)]}"
    parent, _, last = module.rpartition(".")
    if parent == PACKAGE and last in getattr(microcommerce, "_NAMESPACES", {}):
        return TOP, f"mc.{last}.{name}"
    return f"from {module} import {name}", name


def reference() -> list[Entry]:
    """Every name of the API reference, in page order; a top-level name left out stops the build."""
    found: dict[object, Entry] = {}
    top = top_level()
    for task in TASKS:
        for module in task.modules:
            mod = load_module(module)
            for name in public_all(module):
                obj = getattr(mod, name)
                found.pop(_key(obj, module, name), None)  # the later listing wins
                statement, use = spell(module, name, obj, top)
                found[_key(obj, module, name)] = Entry(name, module, task.page, statement, use, obj)
    shown = {id(entry.obj) for entry in found.values()}
    missing = [f"mc.{name}" for key, name in top.items() if key not in shown]
    if missing:
        raise ExtensionError(
            f"{', '.join(sorted(missing))} in microcommerce.__all__ but in no __all__ of a "
            "page of the API reference (docs/_ext/mc_docs.py, TASKS)"
        )
    order = {task.page: i for i, task in enumerate(TASKS)}
    return sorted(
        found.values(),
        key=lambda e: (order[e.page], e.statement != TOP, e.module, e.use.lower()),
    )


def unlisted_subpackages() -> list[str]:
    """Public subpackages neither on a page of :data:`TASKS` nor in :data:`NOT_IN_REFERENCE`."""
    listed = {module for task in TASKS for module in task.modules} | set(NOT_IN_REFERENCE)
    found = [
        info.name
        for info in pkgutil.walk_packages(microcommerce.__path__, prefix=f"{PACKAGE}.")
        if info.ispkg and not any(part.startswith("_") for part in info.name.split("."))
    ]
    return [
        name for name in found if not any(name == m or name.startswith(f"{m}.") for m in listed)
    ]


def _directive(obj: object) -> str:
    if inspect.isclass(obj):
        return "autoexception" if issubclass(obj, BaseException) else "autoclass"
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        return "autofunction"
    return "autodata"


def _title(text: str, mark: str = "=") -> str:
    return f"{text}\n{mark * len(text)}\n"


_ROLE = re.compile(r":[\w:]+:`~?([^`<]*?)(?:\s*<[^>]*>)?`")


def summary(entry: Entry) -> str:
    """The first paragraph of a name's docstring, roles turned into plain code."""
    doc = inspect.getdoc(entry.obj) if not _is_constant(entry.obj) else _attr_doc(entry)
    first = (doc or "").strip().split("\n\n")[0]
    return _ROLE.sub(r"``\1``", " ".join(first.split()))


def _is_constant(obj: object) -> bool:
    return not (inspect.isclass(obj) or inspect.isroutine(obj) or inspect.ismodule(obj))


def _attr_doc(entry: Entry) -> str:
    """A constant's ``#:`` comment, in whichever module of the package defines it."""
    from sphinx.pycode import ModuleAnalyzer

    for name, module in sorted(sys.modules.items()):
        if name.startswith(PACKAGE) and getattr(module, entry.name, None) is entry.obj:
            with contextlib.suppress(Exception):
                lines = ModuleAnalyzer.for_module(name).find_attr_docs().get(("", entry.name))
                if lines:
                    return "\n".join(lines)
    return ""


def _name_page(entry: Entry) -> str:
    lines = [
        _title(entry.name),
        f"``{entry.spelling}`` (:doc:`../{entry.page}`)\n",
        f".. currentmodule:: {entry.module}\n",
        f".. {_directive(entry.obj)}:: {entry.name}",
    ]
    if inspect.isclass(entry.obj) and not issubclass(entry.obj, BaseException):
        lines.append("   :members:")
    return "\n".join(lines) + "\n"


def _table(entries: list[Entry]) -> list[str]:
    """The names of a page, grouped by the import they need, each with its summary."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        key = entry.statement.rpartition(" ")[0] if entry.statement.startswith("from ") else None
        groups.setdefault(f"{key} …" if key else entry.statement, []).append(entry)
    lines = []
    for statement, members in groups.items():
        lines += [f"`{statement}`\n", "```{list-table}", ":widths: 35 65", ""]
        for entry in members:
            cell = summary(entry).replace("\n", " ")
            lines += [f"* - {{py:obj}}`{entry.use} <{entry.full}>`", f"  - {cell}"]
        lines += ["```", ""]
    return lines


def _intro(page: str) -> str:
    path = INTROS / f"{page}.md"
    if not path.is_file():
        raise ExtensionError(f"the API page {page!r} has no introduction: write {path.name}")
    return path.read_text(encoding="utf-8").strip() + "\n"


def _modules(modules: tuple[str, ...]) -> str:
    shown = [f"`{m.replace(f'{PACKAGE}.plot', 'mc.plot')}`" for m in modules]
    return " and ".join(shown)


def _task_page(task: Task, entries: list[Entry]) -> str:
    mine = [entry for entry in entries if entry.page == task.page]
    lines = [f"# {task.title}\n"]
    lines += [f"```{{py:module}} {module}\n```\n" for module in task.modules]
    lines += [_intro(task.page), "## Names\n"]
    lines += [
        f"Every name of the `__all__` of {_modules(task.modules)}, under the import to write.\n"
    ]
    lines += _table(mine)
    lines += ["```{toctree}", ":hidden:", "", *(f"generated/{e.full}" for e in mine), "```", ""]
    return "\n".join(lines)


def _page_link(page: str) -> str:
    title = next(task.title for task in TASKS if task.page == page)
    return f"[{title}]({page}.md)"


def _index_page(entries: list[Entry]) -> str:
    lines = ["# API reference\n", _intro("index")]
    lines += [f"- [{t.title}]({t.page}.md) ({_modules(t.modules)}): {t.about}" for t in TASKS]
    lines += ["", "```{toctree}", ":hidden:", ":maxdepth: 1", "", *(t.page for t in TASKS)]
    lines += ["```", "", "## The top-level names\n"]
    lines += ["`import microcommerce as mc` gives these; each links to its page.\n"]
    tops = sorted((e for e in entries if e.top_name), key=lambda e: e.top_name.lower())
    lines += [f"- {{py:obj}}`{e.use} <{e.full}>` ({_page_link(e.page)})" for e in tops]
    return "\n".join(lines) + "\n"


def write_api(folder: Path) -> list[Entry]:
    """Write the API reference into ``folder``, one page a task; return its entries."""
    unlisted = unlisted_subpackages()
    if unlisted:
        raise ExtensionError(
            f"{', '.join(unlisted)}: neither on a page of the API reference nor in "
            "NOT_IN_REFERENCE (docs/_ext/mc_docs.py)"
        )
    entries = reference()
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "generated").mkdir(parents=True)
    for entry in entries:
        text = _name_page(entry)
        (folder / "generated" / f"{entry.full}.rst").write_text(text, encoding="utf-8")
    for task in TASKS:
        (folder / f"{task.page}.md").write_text(_task_page(task, entries), encoding="utf-8")
    (folder / "index.md").write_text(_index_page(entries), encoding="utf-8")
    return entries


def aliases(entries: list[Entry]) -> dict[str, str]:
    """Map each public spelling of a name to the name it is documented as.

    ``microcommerce.market_size`` (the top-level import) and ``microcommerce.plot.x`` are
    the same objects as the names the pages document; a cross-reference may use either.
    """
    return {f"{PACKAGE}.{e.top_name}": e.full for e in entries if e.top_name}


def _resolve_alias(app, env, node, contnode):
    """Resolve a cross-reference written with a top-level spelling to where it is documented."""
    target = _ALIASES.get(node.get("reftarget", ""))
    if node.get("refdomain") != "py" or target is None:
        return None
    domain = env.get_domain("py")
    return domain.resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], target, node, contnode
    )


_ALIASES: dict[str, str] = {}


def _no_type_docstring(app, what, name, obj, options, lines) -> None:
    """A constant without a ``#:`` comment would show its type's docstring: show none."""
    doc = inspect.getdoc(type(obj))
    if what == "data" and doc and "\n".join(lines).strip() == doc.strip():
        lines.clear()


def write_datasets(path: Path) -> list[str]:
    """Write the datasets catalogue (MyST) to ``path`` from the sidecars; return the names."""
    from microcommerce import datasets

    def cell(text: object) -> str:
        return " ".join(str(text).split()).replace("|", "\\|")

    out = [
        "# Datasets catalogue\n",
        "Every dataset shipped with the package, generated from its sidecar "
        "(`datasets.describe(name)`): what it holds, who produced it, its terms, and each "
        "column with its type, unit and meaning. Load one with `datasets.load(name)`.\n",
    ]
    table = datasets.catalog().set_index("name")
    for name in datasets.names():
        meta = datasets.describe(name)
        out += [
            f"## `{name}`: {meta.title}\n",
            meta.description.strip() + "\n",
            f"- **Rows:** {table.loc[name, 'rows']}; **key:** `{meta.key}`",
            f"- **Producers:** {'; '.join(meta.producers)}",
            f"- **Licence:** {meta.license}",
            f"- **Terms:** {meta.terms}",
            f"- **Accessed:** {meta.accessed}\n",
            "| column | type | unit | meaning |",
            "| --- | --- | --- | --- |",
        ]
        for column, spec in meta.columns.items():
            meaning = spec.description
            if spec.categories:
                meaning += " (one of: " + ", ".join(f"`{c}`" for c in spec.categories) + ")"
            out.append(f"| `{column}` | {spec.dtype} | {cell(spec.unit or '')} | {cell(meaning)} |")
        out.append("")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return datasets.names()


def fold_solutions(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Tag each solution cell ``hide-cell``: MyST-NB folds it behind a button, as the report."""
    from microcommerce.report._solutions import is_solution

    out = copy.deepcopy(notebook)
    for cell in out.cells:
        tags = cell.metadata.get("tags", [])
        if is_solution(cell) and "hide-cell" not in tags:
            cell.metadata["tags"] = [*tags, "hide-cell"]
    return out


def write_gallery(folder: Path) -> list[str]:
    """Copy the study notebooks into ``folder`` (solutions folded) with an index page."""
    from microcommerce.report._reproduce import NOTEBOOKS, notebooks_dir

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    lines = [
        "# Gallery: the studies\n",
        "Each study is a notebook in the project's `notebooks/` folder, run top to bottom "
        "when this site is built (as `microcommerce reproduce` runs them into the HTML "
        "report). Figures from simulations are labelled as simulated; published figures "
        "cite their `facts` row.\n",
    ]
    for name, question in NOTEBOOKS:
        notebook = nbformat.read(notebooks_dir() / f"{name}.ipynb", as_version=4)
        nbformat.write(fold_solutions(notebook), folder / f"{name}.ipynb")
        lines.append(f"- [{name}]({name}.ipynb): {question}")
    lines += ["", "```{toctree}", ":hidden:", "", *(name for name, _ in NOTEBOOKS), "```", ""]
    (folder / "index.md").write_text("\n".join(lines), encoding="utf-8")
    return [name for name, _ in NOTEBOOKS]


def _generate(app) -> None:
    source = Path(app.srcdir)
    _ALIASES.clear()
    _ALIASES.update(aliases(write_api(source / "api")))
    write_datasets(source / "datasets.md")
    write_gallery(source / "gallery")
    app.add_css_file(FONT_CSS)


def _embed_font(app, exception) -> None:
    """Write the stylesheet of the embedded font, holding every character of the site."""
    if exception is not None or app.builder.format != "html":
        return
    from microcommerce.report._webfont import font_face_css

    out = Path(app.outdir)
    clip_gallery(out / "gallery")
    text = "".join(page.read_text(encoding="utf-8") for page in sorted(out.rglob("*.html")))
    css = font_face_css(text) + GALLERY_CSS
    (out / "_static" / FONT_CSS).write_text(css, encoding="utf-8")


def clip_gallery(folder: Path) -> list[Path]:
    """Cut long text cells of the built gallery pages' tables to one line; return the pages."""
    from microcommerce.report._tables import clip_cells

    pages = sorted(folder.glob("*.html"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        clipped = clip_cells(text)
        if clipped != text:
            page.write_text(clipped, encoding="utf-8")
    return pages


def setup(app):
    """Register the generators with Sphinx."""
    app.connect("builder-inited", _generate)
    app.connect("autodoc-process-docstring", _no_type_docstring, priority=400)  # before numpydoc
    app.connect("build-finished", _embed_font)
    app.connect("missing-reference", _resolve_alias)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
