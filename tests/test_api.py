"""The curated top-level API: every name resolves, lazily, without the heavy libraries."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import microcommerce as mc

HEAVY = ("seaborn", "statsmodels", "matplotlib", "scipy", "dask")


def _modules_loaded_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


def _static_mirror(module: ModuleType) -> tuple[list[ast.stmt], dict[str, object]]:
    """The imports of ``module``'s ``if TYPE_CHECKING:`` block, and the names they bind when run."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    [block] = [
        node
        for node in tree.body
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"
    ]
    names: dict[str, object] = {}
    exec(compile(ast.Module(body=block.body, type_ignores=[]), "mirror", "exec"), names)
    return block.body, names


def test_all_lists_at_least_twenty_names_that_resolve():
    names = [n for n in mc.__all__ if n != "__version__"]
    assert len(names) >= 20
    for name in names:
        assert getattr(mc, name) is not None, name
    assert set(mc.__all__) <= set(dir(mc))


def test_importing_the_package_loads_no_heavy_library():
    loaded = _modules_loaded_after("import microcommerce")
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}
    # the accessor needs pandas; nothing of the package's own layers is loaded yet
    assert not {
        m for m in loaded if m.startswith(("microcommerce.analyses", "microcommerce.cleaning"))
    }


def test_a_name_loads_only_what_it_needs():
    loaded = _modules_loaded_after("import microcommerce as mc\nmc.market_size\nmc.clean_orders")
    assert "pandas" in loaded
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}


def test_names_are_the_functions_of_their_modules():
    from microcommerce.analyses import market_size
    from microcommerce.datasets import load

    assert mc.market_size is market_size
    assert mc.load_dataset is load


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'market_sise'"):
        mc.market_sise  # noqa: B018


def test_the_chart_helpers_are_a_lazy_namespace():
    loaded = _modules_loaded_after("import microcommerce as mc\nmc.readable")
    assert "matplotlib" not in loaded  # readable formats tables only
    loaded = _modules_loaded_after("import microcommerce as mc\nmc.plot.published_ranges")
    assert "matplotlib" in loaded
    from microcommerce.report import plot, readable

    assert mc.plot is plot and mc.readable is readable
    for name in ("published_ranges", "fit_with_interval", "stacked_by_tier"):
        assert getattr(mc.plot, name) is getattr(plot, name)
    assert "readable" in mc.__all__ and "plot" in dir(mc)


def test_sources_side_by_side_are_in_the_curated_api():
    from microcommerce.analyses import compare_sources, side_by_side
    from microcommerce.errors import MixedUnitsError, ParameterError

    assert mc.compare_sources is compare_sources and mc.side_by_side is side_by_side
    assert {"compare_sources", "side_by_side"} <= set(mc.__all__)
    assert issubclass(MixedUnitsError, ParameterError)


def test_the_static_mirror_names_the_same_objects_as_the_lazy_table():
    """``if TYPE_CHECKING:`` imports what ``_EXPORTS`` loads, so IDEs see ``mc.market_size``."""
    imports, names = _static_mirror(mc)
    static = {
        alias.asname or alias.name: (node.module, alias.name)
        for node in imports
        for alias in node.names
    }
    lazy = {**mc._EXPORTS}
    lazy.update({n: tuple(m.rsplit(".", 1)) for n, m in mc._NAMESPACES.items()})
    assert static == lazy
    for name in lazy:
        assert names[name] is getattr(mc, name), name


SUBPACKAGES = [
    "microcommerce.core",
    "microcommerce.io",
    "microcommerce.parse",
    "microcommerce.cleaning",
    "microcommerce.datasets",
    "microcommerce.analyses",
    "microcommerce.analyses.timeseries",
    "microcommerce.simulation",
    "microcommerce.report",
]


@pytest.mark.parametrize("package", SUBPACKAGES)
def test_every_subpackage_lists_public_names_that_resolve(package):
    module = importlib.import_module(package)
    assert module.__all__ == sorted(set(module.__all__), key=module.__all__.index)
    for name in module.__all__:
        assert not name.startswith("_") and getattr(module, name) is not None, name
    if hasattr(module, "_LAZY"):  # a lazy package lists exactly what it loads
        assert sorted(module._LAZY) == sorted(module.__all__)


def test_the_top_level_table_points_at_public_modules():
    for name, (module, attribute) in mc._EXPORTS.items():
        assert not any(part.startswith("_") for part in module.split(".")), name
        assert attribute in __import__(module, fromlist=["_"]).__all__, name


@pytest.mark.parametrize(
    "package", ["microcommerce.analyses", "microcommerce.cleaning", "microcommerce.report"]
)
def test_a_lazy_subpackage_shows_static_tools_what_it_loads(package):
    """Its ``if TYPE_CHECKING:`` imports are its ``_LAZY`` table, object for object."""
    module = importlib.import_module(package)
    imports, names = _static_mirror(module)
    static = {alias.asname or alias.name: node.module for node in imports for alias in node.names}
    assert static == module._LAZY
    for name in module.__all__:
        assert names[name] is getattr(module, name), name


def test_a_layer_above_that_needs_the_schema_does_not_load_the_cleaner():
    loaded = _modules_loaded_after("import microcommerce as mc\nmc.market_size")
    assert "microcommerce.cleaning._schema" in loaded
    assert not {"microcommerce.cleaning._clean", "microcommerce.cleaning._bulk"} & loaded
    assert "microcommerce.analyses._practitioners" not in loaded
