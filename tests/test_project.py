"""The project's own set-up files agree with each other."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ]", requirement, maxsplit=1)[0].lower()


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    reqs = [*project["dependencies"], *extras["test"], *extras["docs"]]
    return {_name(r): r.replace(" ", "") for r in reqs}


def _conda_requirements() -> dict[str, str]:
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    lines = text.split("dependencies:", 1)[1].splitlines()
    reqs = [ln.strip()[2:] for ln in lines if re.match(r"^  - [a-z][^:]*$", ln)]
    # packages only on PyPI sit in the pip section
    reqs += [ln.split("#")[0].strip()[2:] for ln in lines if re.match(r"^      - [a-z]", ln)]
    return {_name(r): r.replace(" ", "") for r in reqs if _name(r) not in ("python", "pip")}


def test_environment_yml_mirrors_pyproject():
    assert _conda_requirements() == _pyproject_requirements()


def test_readme_starts_with_the_two_setup_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", text, re.S)
    assert block is not None and text.index("```bash") < 1000
    commands = block.group(1).strip().splitlines()
    assert len(commands) == 2
    assert commands[0].endswith("microcommerce reproduce")
    assert '".[test]"' in commands[1] and commands[1].endswith("python -m pytest")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in ci
    assert "README.md" in ci and 'eval "$test_cmd"' in ci
