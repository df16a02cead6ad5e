"""Sphinx configuration of the microcommerce documentation.

Build it with ``python -m sphinx -W -b html docs docs/_build/html`` after
``python -m pip install -e ".[docs]"``. The build is offline: no intersphinx, no
theme assets or fonts from the network. ``_ext/mc_docs.py`` generates the API
reference, the datasets catalogue and the gallery from the package, and embeds the
Chinese font.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

from microcommerce import __version__

project = "microcommerce"
author = "microcommerce developers"
copyright = "microcommerce developers"
version = release = __version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "myst_nb",
    "sphinxarg.ext",
    "mc_docs",
]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
# api-intros/ holds the API pages' introductions, which mc_docs copies into api/
exclude_patterns = ["_build", "_ext", "api-intros", "**.ipynb_checkpoints"]

# a cross-reference to a name that is not documented fails the build (with -W)
nitpicky = True
# ... except to the libraries below: the build is offline, so there is no intersphinx
# inventory to resolve them against. The standard library and the scientific stack
# the docstrings refer to, nothing of the package.
nitpick_ignore_regex = [
    (r"py:.*", r"(pandas|numpy|scipy|functools|importlib|os|fcntl)(\..+)?"),
]

# the API pages are written by mc_docs, a page a task, from the subpackages' __all__ lists
autosummary_generate = False
autodoc_typehints = "none"  # numpydoc's Parameters sections carry the types
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False

# the studies are executed at build time (cached between builds), errors fail the build
nb_execution_mode = "cache"
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_merge_streams = True

html_theme = "pydata_sphinx_theme"
html_title = "microcommerce"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "footer_start": ["copyright"],
    "footer_end": [],
}
html_show_sourcelink = False
# an explicit colour mode: without one the theme logs an error to the browser console on
# a first visit (no mode stored yet)
html_context = {"default_mode": "light"}
