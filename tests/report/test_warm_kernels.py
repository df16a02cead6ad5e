"""One warm kernel per worker: each notebook still starts from a new kernel's state,
and a notebook that fails or kills its kernel stops only itself.

Imports the report layer's private ``report._reproduce`` to test its machinery.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from microcommerce.report import _reproduce as report

pytestmark = pytest.mark.slow  # each test starts kernels that import matplotlib and pandas

# the first notebook changes everything a notebook can change in its kernel
CHANGES = [
    "import os, random, sys, warnings\nimport matplotlib.pyplot as plt\n"
    "import numpy as np\nimport pandas as pd\nprint('history', len(In))",
    "leak = 1\nplt.rcParams['lines.linewidth'] = 7.5\nfig = plt.figure()\n"
    "pd.set_option('display.max_rows', 3)\nos.environ['MC_LEAK'] = '1'\n"
    "sys.path.insert(0, os.environ['MC_HELPERS'])\nimport mc_helper_mod\n"
    "np.random.seed(0)\nrandom.seed(0)\nwarnings.simplefilter('error')\nos.chdir('/')\n"
    "plt.switch_backend('agg')",
    # the helper changes on disk: the next notebook must import it again
    "open(mc_helper_mod.__file__, 'w').write('VALUE = 22\\n')\nprint(os.getpid())",
]
# the second one checks it sees none of it
CHECKS = [
    "import os, random, sys, warnings\nimport matplotlib.pyplot as plt\n"
    "import numpy as np\nimport pandas as pd\nprint('history', len(In))",
    "assert 'leak' not in globals() and 'fig' not in globals()\n"
    "assert plt.rcParams['lines.linewidth'] == 1.5 and plt.get_fignums() == []\n"
    "assert pd.get_option('display.max_rows') == 60 and 'MC_LEAK' not in os.environ\n"
    "assert os.environ['MC_HELPERS'] not in sys.path and os.getcwd() != '/'\n"
    "assert plt.get_backend() != 'agg'",
    "sys.path.insert(0, os.environ['MC_HELPERS'])\nimport mc_helper_mod\n"
    "assert mc_helper_mod.VALUE == 22, mc_helper_mod.VALUE",
    "assert np.random.random() != np.random.RandomState(0).random()\n"
    "assert random.random() != random.Random(0).random()\n"
    "warnings.warn('only a warning')\nprint(os.getpid())",
]


def _books(tmp_path: Path, monkeypatch, cells: dict[str, list[str]]) -> None:
    books = tmp_path / "books"
    books.mkdir()
    for name, sources in cells.items():
        body = [nbformat.v4.new_code_cell(source) for source in sources]
        nbformat.write(nbformat.v4.new_notebook(cells=body), books / f"{name}.ipynb")
    monkeypatch.setattr(report, "notebooks_dir", lambda: books)
    monkeypatch.setattr(report, "NOTEBOOKS", tuple((name, name) for name in cells))
    helpers = tmp_path / "helpers"
    helpers.mkdir()
    (helpers / "mc_helper_mod.py").write_text("VALUE = 1\n")
    monkeypatch.setenv("MC_HELPERS", str(helpers))
    monkeypatch.setenv("MICROCOMMERCE_TABLES", str(tmp_path / "tables"))


def _pids(runs) -> list[int | None]:
    """The process id each notebook printed last (None if it printed none)."""
    found = [re.findall(r"<pre>(\d+)\s*</pre>", run.html.read_text()) for run in runs]
    return [int(pids[-1]) if pids else None for pids in found]


def test_a_notebook_sees_nothing_of_the_one_before_in_the_same_kernel(tmp_path, monkeypatch):
    _books(tmp_path, monkeypatch, {"01_changes": CHANGES, "02_checks": CHECKS})
    runs = report.reproduce(tmp_path / "out", progress=False, jobs=1)
    assert [(r.name, r.ok, r.cell, r.error) for r in runs] == [
        ("01_changes", True, None, None),
        ("02_checks", True, None, None),
    ]
    first, second = _pids(runs)
    assert first == second  # one kernel ran both: the warm one, reset in between
    # the history and execution count start again, as in a new kernel
    first, second = (re.findall(r"history \d+", run.html.read_text()) for run in runs)
    assert first == second and len(first) == 1
    assert "only a warning" in runs[1].html.read_text()


def test_fresh_kernels_run_each_notebook_in_a_new_process(tmp_path, monkeypatch):
    _books(tmp_path, monkeypatch, {"01_changes": CHANGES, "02_checks": CHECKS})
    runs = report.reproduce(tmp_path / "out", progress=False, jobs=1, fresh_kernels=True)
    assert [r.ok for r in runs] == [True, True]
    first, second = _pids(runs)
    assert first is not None and second is not None and first != second


def test_a_raising_and_a_dying_notebook_stop_only_themselves(tmp_path, monkeypatch):
    pid = "import os\nprint(os.getpid())"
    _books(
        tmp_path,
        monkeypatch,
        {
            "01_raises": ["leak = 1", "1 / 0"],
            "02_after_raise": ["assert 'leak' not in globals()", pid],
            "03_dies": ["import os", "os._exit(1)"],
            "04_after_death": ["assert 'os' not in globals()", pid],
        },
    )
    runs = report.reproduce(tmp_path / "out", progress=False, jobs=1, timeout=60)
    assert [(r.name, r.ok, r.cell) for r in runs] == [
        ("01_raises", False, 2),
        ("02_after_raise", True, None),
        ("03_dies", False, 2),
        ("04_after_death", True, None),
    ]
    assert runs[0].error.startswith("ZeroDivisionError")
    assert runs[2].error.startswith("DeadKernelError")
    _, after_raise, _, after_death = _pids(runs)
    assert after_raise is not None and after_death is not None and after_raise != after_death
    index = (tmp_path / "out" / "index.html").read_text()
    assert "01_raises</a>" in index and "FAILED at cell 2: ZeroDivisionError" in index
    assert "FAILED at cell 2: DeadKernelError" in index and index.count("(ran,") == 2
