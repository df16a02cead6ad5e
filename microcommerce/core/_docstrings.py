"""Parameter text written once and put into several docstrings at import.

:func:`fill_doc` replaces a docstring line that holds only a placeholder (``{calendar}``)
with a block of text, each of its lines indented as the placeholder was — the way
statsmodels' ``tools/docstring.py`` and pandas' ``@doc`` share parameter text. It works
on the docstring's own indentation, so it is the same whether Python keeps docstrings
indented (3.11, 3.12) or strips them (3.13 on). The analyses of orders share their
calendar parameters through it, the cleaners their options, the normalisers of labels
their sections.

A placeholder stands on a line of its own; braces elsewhere (``{"any", "seller"}``) are
left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from microcommerce.errors import MicrocommerceError

__all__ = ["fill_doc"]

F = TypeVar("F", bound=Callable[..., object])

_PLACEHOLDER = re.compile(r"^(?P<indent>[ \t]*)\{(?P<name>\w+)\}[ \t]*$", re.MULTILINE)


def fill_doc(**blocks: str) -> Callable[[F], F]:
    r"""Return a decorator that puts ``blocks`` into a docstring, at their placeholders.

    Parameters
    ----------
    **blocks : str
        Placeholder name → text. A docstring line holding only ``{name}`` becomes the
        text, each of its lines indented as the placeholder was.

    Returns
    -------
    callable
        The decorator: it sets the function's ``__doc__`` and returns the function.

    Raises
    ------
    MicrocommerceError
        When a docstring holds a placeholder no block is given for (a typo would
        otherwise reach the documentation).

    Examples
    --------
    >>> @fill_doc(note="Stated once.\nUsed twice.")
    ... def f():
    ...     '''Do nothing.
    ...
    ...         {note}
    ...     '''
    >>> [line.strip() for line in f.__doc__.splitlines()[2:4]]
    ['Stated once.', 'Used twice.']

    A placeholder without its block is an error, not a hole in the documentation:

    >>> def g():
    ...     '''{nots}'''
    >>> fill_doc(note="x")(g)
    Traceback (most recent call last):
    ...
    microcommerce.errors.MicrocommerceError: docstring placeholder {nots}: expected one of note
    """

    def fill(match: re.Match[str]) -> str:
        indent, name = match["indent"], match["name"]
        if name not in blocks:
            raise MicrocommerceError(
                f"docstring placeholder {{{name}}}: expected one of {', '.join(blocks)}"
            )
        return "\n".join(indent + line if line else line for line in blocks[name].splitlines())

    def decorate(function: F) -> F:
        if function.__doc__:
            function.__doc__ = _PLACEHOLDER.sub(fill, function.__doc__)
        return function

    return decorate
