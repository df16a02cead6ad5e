"""Every public function and method documents itself in full numpydoc.

The project rule: a public callable's docstring has a ``Parameters`` section naming each
parameter of its signature, a ``Returns`` (or ``Yields``) section unless it returns
``None``, and ``Examples``; a public dataclass or named tuple documents its fields under
``Parameters`` or ``Attributes``. "Public" is what the ``__all__``s below list, the
public methods of their classes, and the result classes their functions return.

The sections are read with a small parser (numpydoc is in the docs extra, not the test
extra); the test lists every offender at once, so one run shows all the work left.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import re
import typing

import pytest
from test_api import SUBPACKAGES

#: The public modules: the package, its subpackages (as ``test_api`` lists them), the
#: errors and the charts.
MODULES = ("microcommerce", *SUBPACKAGES, "microcommerce.errors", "microcommerce.report.plot")

_SECTION = re.compile(r"^(?P<title>[A-Z][A-Za-z ]+)\n-{3,}[ \t]*$", re.MULTILINE)
#: An entry line of a Parameters section: ``name : type``, ``a, b : type`` or ``name``.
_ENTRY = re.compile(r"^(?P<names>\*{0,2}\w+(?:, \*{0,2}\w+)*)(?: : .*)?$")


def sections(doc: str | None) -> dict[str, str]:
    """Title → body of each numpydoc section of ``doc`` (dedented)."""
    text = inspect.cleandoc(doc or "")
    found = list(_SECTION.finditer(text))
    ends = [match.start() for match in found[1:]] + [len(text)] if found else []
    return {m["title"]: text[m.end() : end] for m, end in zip(found, ends, strict=True)}


def _entries(body: str) -> list[re.Match[str]]:
    return [
        entry
        for line in body.splitlines()
        if line and not line[0].isspace() and (entry := _ENTRY.match(line))
    ]


def documented(body: str) -> set[str]:
    """The parameter names a Parameters (or Attributes) section lists."""
    return {name for entry in _entries(body) for name in entry["names"].split(", ")}


def untyped(body: str) -> list[str]:
    """The entries of a section that give no type (``**kwargs`` alone may omit it)."""
    return [
        entry["names"]
        for entry in _entries(body)
        if " : " not in entry[0] and not all(n.startswith("*") for n in entry["names"].split(", "))
    ]


def test_the_parser_reads_numpydoc_entries():
    doc = """Do.

    Parameters
    ----------
    orders : DataFrame
        Orders.
    start, until : str, optional
        Window.
    *args, **kwargs
        Passed on.

    Returns
    -------
    DataFrame
        Counts: a : b.
    """
    found = sections(doc)
    assert set(found) == {"Parameters", "Returns"}
    assert documented(found["Parameters"]) == {"orders", "start", "until", "*args", "**kwargs"}
    assert untyped(found["Parameters"]) == []
    assert untyped("window\n    Months.\n**kw\n    More.") == ["window"]


def _returned_classes(function: typing.Callable) -> set[type]:
    """The package's classes a function's return annotation names."""
    try:
        hint = typing.get_type_hints(function).get("return")
    except Exception:  # an annotation only resolvable under TYPE_CHECKING
        return set()
    found = set()
    stack = [hint]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and item.__module__.startswith("microcommerce"):
            found.add(item)
        stack.extend(typing.get_args(item))
    return found


def public_objects() -> tuple[dict[str, object], dict[str, type]]:
    """Qualified name → public function or method, and → public class."""
    functions: dict[str, object] = {}
    classes: dict[str, type] = {}
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) and obj.__module__.startswith("microcommerce"):
                functions.setdefault(f"{obj.__module__}.{obj.__qualname__}", obj)
            elif isinstance(obj, type) and obj.__module__.startswith("microcommerce"):
                classes.setdefault(f"{obj.__module__}.{obj.__qualname__}", obj)
    for function in list(functions.values()):
        for cls in _returned_classes(function):
            classes.setdefault(f"{cls.__module__}.{cls.__qualname__}", cls)
    for qualname, cls in classes.items():
        for name, member in vars(cls).items():
            if name.startswith("_"):
                continue
            if isinstance(member, (staticmethod, classmethod)):
                member = member.__func__
            if inspect.isfunction(member):
                functions.setdefault(f"{qualname}.{name}", member)
    return functions, classes


def _signature_names(function: typing.Callable) -> set[str]:
    names = set()
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name in {"self", "cls"}:
            continue
        prefix = {parameter.VAR_POSITIONAL: "*", parameter.VAR_KEYWORD: "**"}
        names.add(prefix.get(parameter.kind, "") + parameter.name)
    return names


def _returns_none(function: typing.Callable) -> bool:
    annotation = inspect.signature(function).return_annotation
    return annotation in (None, "None", type(None))


def function_problems(function: typing.Callable) -> list[str]:
    """What ``function``'s docstring lacks, in words (empty when complete)."""
    if not function.__doc__:
        return ["no docstring"]
    found = sections(function.__doc__)
    problems = []
    wanted = _signature_names(function)
    if wanted:
        listed = documented(found.get("Parameters", "") + found.get("Other Parameters", ""))
        if "Parameters" not in found:
            problems.append("no Parameters")
        elif missing := sorted(wanted - listed):
            problems.append(f"Parameters lacks {', '.join(missing)}")
        if bare := untyped(found.get("Parameters", "")):
            problems.append(f"no type for {', '.join(bare)}")
    if not _returns_none(function) and not {"Returns", "Yields"} & set(found):
        problems.append("no Returns")
    if "Examples" not in found:
        problems.append("no Examples")
    return problems


def class_problems(cls: type) -> list[str]:
    """What a public class's docstring lacks about its fields or constructor's parameters.

    A dataclass or named tuple documents its fields (under Parameters or Attributes); a
    class with its own ``__init__`` documents that one's parameters.
    """
    if dataclasses.is_dataclass(cls):
        fields = {f.name for f in dataclasses.fields(cls) if f.init and not f.name.startswith("_")}
    elif issubclass(cls, tuple) and hasattr(cls, "_fields"):
        fields = set(cls._fields)
    elif inspect.isfunction(vars(cls).get("__init__")):
        fields = _signature_names(vars(cls)["__init__"])
    else:
        return []
    found = sections(cls.__doc__)
    body = found.get("Parameters", "") + "\n" + found.get("Attributes", "")
    problems = []
    if missing := sorted(fields - documented(body)):
        problems.append(f"Parameters/Attributes lacks {', '.join(missing)}")
    if bare := untyped(body):
        problems.append(f"no type for {', '.join(bare)}")
    return problems


def test_public_objects_are_found():
    functions, classes = public_objects()
    assert "microcommerce.analyses._market.market_size" in functions
    assert any(name.endswith("CleanResult") for name in classes)
    assert any(name.endswith("CurveFit") for name in classes)  # returned, not listed
    assert any(name.endswith("CleanResult.summary") for name in functions)


@pytest.mark.parametrize("kind", ["functions", "classes"])
def test_every_public_callable_documents_its_parameters(kind):
    functions, classes = public_objects()
    if kind == "functions":
        report = {name: function_problems(function) for name, function in functions.items()}
    else:
        report = {name: class_problems(cls) for name, cls in classes.items()}
    offenders = [f"{name}: {'; '.join(problems)}" for name, problems in report.items() if problems]
    assert not offenders, f"{len(offenders)} incomplete docstrings:\n" + "\n".join(
        sorted(offenders)
    )
