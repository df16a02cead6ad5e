"""Parameter text written once (the private ``core._docstrings.fill_doc``), on every Python.

Python 3.13 strips the common indentation of docstrings at compile time; 3.11 and 3.12
keep it. The shared blocks must land, indented as their placeholder, either way — the
cleaners' Parameters sections were once inserted by searching for an indented
``Examples`` heading, which finds nothing on 3.13.
"""

from __future__ import annotations

import inspect

import pytest

from microcommerce.core._docstrings import fill_doc
from microcommerce.errors import MicrocommerceError

BLOCK = "tiers\n    A brand's ladder of ranks.\n\n    Top first."


def _doc(indent: str) -> str:
    lines = ["Clean.", "", "Parameters", "----------", "raw", "    The export.", "{tiers}", ""]
    return "\n".join([lines[0], *(indent + line if line else line for line in lines[1:])])


@pytest.mark.parametrize("indent", ["    ", ""], ids=["3.11-3.12", "3.13-stripped"])
def test_a_block_lands_indented_as_its_placeholder(indent):
    def f():
        pass

    f.__doc__ = _doc(indent)
    fill_doc(tiers=BLOCK)(f)
    assert f.__doc__.splitlines()[6:10] == [
        indent + "tiers",
        indent + "    A brand's ladder of ranks.",
        "",
        indent + "    Top first.",
    ]
    stripped = fill_doc(tiers=BLOCK)(_f(_doc(""))).__doc__
    assert inspect.cleandoc(f.__doc__) == inspect.cleandoc(stripped)  # the same help() text


def _f(doc: str):
    def g():
        pass

    g.__doc__ = doc
    return g


def test_braces_inside_a_line_are_text_not_placeholders():
    g = fill_doc(tiers=BLOCK)(_f('Map.\n\n    how : {"any", "seller"}\n    {"x": 1}\n'))
    assert g.__doc__ == 'Map.\n\n    how : {"any", "seller"}\n    {"x": 1}\n'


def test_a_placeholder_without_its_block_is_an_error():
    with pytest.raises(MicrocommerceError, match=r"placeholder \{tier\}: expected one of tiers"):
        fill_doc(tiers=BLOCK)(_f("Clean.\n\n    {tier}\n"))


def test_a_function_without_a_docstring_is_left_alone():
    g = fill_doc(tiers=BLOCK)(_f(None))
    assert g.__doc__ is None
