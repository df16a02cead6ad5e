"""Sphinx extension of the microcommerce docs: pages generated from the package.

At ``builder-inited`` it writes, under the source folder (all git-ignored):

- ``api/``: one page per public module (every module of the package whose name has
  no leading underscore and that declares ``__all__``), listing its names, and one
  page per public name; the top-level ``microcommerce.__all__`` gets its own page.
  A name exported by several modules is documented once, where it is defined, and
  linked from the others.
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

import copy
import importlib
import inspect
import pkgutil
import shutil
import types
from pathlib import Path

import nbformat

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


def public_modules() -> dict[str, types.ModuleType]:
    """Every public module of the package that declares ``__all__``, shallowest first."""
    found = {PACKAGE: microcommerce}
    for info in pkgutil.walk_packages(microcommerce.__path__, prefix=f"{PACKAGE}."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        module = importlib.import_module(info.name)
        if hasattr(module, "__all__"):
            found[info.name] = module
    return dict(sorted(found.items(), key=lambda item: (item[0].count("."), item[0])))


def public_home(obj: object) -> str | None:
    """Name the public module that defines ``obj``: a private module's package re-exports it.

    ``microcommerce.parse._amount`` defines ``parse_amount``; users import it from
    ``microcommerce.parse``, which is where it is documented.
    """
    defined = getattr(obj, "__module__", None)
    if defined is None:
        return None
    parts = defined.split(".")
    private = next((i for i, part in enumerate(parts) if part.startswith("_")), len(parts))
    return ".".join(parts[:private])


def canonical_names(modules: dict[str, types.ModuleType]) -> dict[tuple[str, str], str]:
    """Map each (module, name) listed in an ``__all__`` to the full name it is documented as."""
    listed = {(m, n): getattr(mod, n) for m, mod in modules.items() for n in mod.__all__}
    home: dict[int, str] = {}
    for (module, name), obj in listed.items():  # where it is defined, if listed there
        if public_home(obj) == module and (inspect.isfunction(obj) or inspect.isclass(obj)):
            home.setdefault(id(obj), f"{module}.{name}")
    for (module, name), obj in listed.items():  # else the shallowest module listing it
        home.setdefault(id(obj), f"{module}.{name}")
    return {key: home[id(obj)] for key, obj in listed.items()}


def _directive(obj: object) -> str:
    if inspect.isclass(obj):
        return "autoexception" if issubclass(obj, BaseException) else "autoclass"
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        return "autofunction"
    return "autodata"


def _title(text: str, mark: str = "=") -> str:
    return f"{text}\n{mark * len(text)}\n"


def _is_home(full: str, module: str) -> bool:
    return full.rpartition(".")[0] == module


def write_api(folder: Path) -> list[str]:
    """Write the API pages into ``folder``; return the full names documented."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "generated").mkdir(parents=True)
    modules = public_modules()
    homes = canonical_names(modules)
    documented = sorted({full for full in homes.values()})
    for full in documented:
        module, _, name = full.rpartition(".")
        obj = getattr(modules[module], name)
        body = [_title(full), f".. currentmodule:: {module}\n", f".. {_directive(obj)}:: {name}"]
        if inspect.isclass(obj) and not issubclass(obj, BaseException):
            body.append("   :members:")
        (folder / "generated" / f"{full}.rst").write_text("\n".join(body) + "\n", encoding="utf-8")
    for module, mod in modules.items():
        own = [homes[module, n] for n in mod.__all__ if _is_home(homes[module, n], module)]
        others = [
            (n, homes[module, n]) for n in mod.__all__ if not _is_home(homes[module, n], module)
        ]
        lines = [_title(module), f".. automodule:: {module}\n   :no-members:\n"]
        if own:
            lines += [".. autosummary::\n   :nosignatures:\n"]
            lines += [f"   {full.rpartition('.')[2]}" for full in own]
            lines += ["", ".. toctree::\n   :hidden:\n"]
            lines += [f"   generated/{full}" for full in own]
            lines += [""]
        if others:
            lines += [_title("Documented where they are defined", "-")]
            lines += [f"- :py:obj:`{module}.{name} <{full}>`" for name, full in others]
        (folder / f"{module}.rst").write_text("\n".join(lines) + "\n", encoding="utf-8")
    index = [
        _title("API reference"),
        "Every public module and every name it exports, generated from the package's "
        "``__all__`` lists. A name exported by several modules is documented once, where "
        "it is defined; the other modules link to it.\n",
        ".. toctree::\n   :maxdepth: 1\n",
    ]
    index += [f"   {module}" for module in modules]
    (folder / "index.rst").write_text("\n".join(index) + "\n", encoding="utf-8")
    return documented


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
    write_api(source / "api")
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
    return {"parallel_read_safe": True, "parallel_write_safe": True}
