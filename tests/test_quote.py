"""Quoting a file's text in messages (the private ``microcommerce._quote``), and its old import.

``excerpt`` and ``escape_invisible`` were public in ``microcommerce.errors``; they are
machinery of the messages, so this top-level test imports the private module directly.
"""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcommerce import _quote, errors


def _hidden(text: str, keep: str = "") -> list[str]:
    """Characters a terminal would not show as themselves (controls, format marks)."""
    return [
        c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") and c not in keep
    ]


@given(st.text())
def test_an_excerpt_shows_no_invisible_character(text):
    assert _hidden(_quote.excerpt(text)) == []


@given(st.text(), st.integers(min_value=0, max_value=50))
def test_an_excerpt_is_cut_at_its_limit_and_says_how_much_more(text, limit):
    shown = _quote.excerpt(text, limit)
    if len(text) > limit:
        assert shown.endswith(f"… ({len(text) - limit:,} more characters)")
    else:
        assert shown == _quote.excerpt(text, len(text) + 1)


@given(st.text())
def test_escaping_keeps_line_ends_and_tabs_and_shows_everything_else(text):
    shown = _quote.escape_invisible(text)
    assert _hidden(shown, keep="\n\t") == []
    assert shown.count("\n") == text.count("\n")
    assert shown.count("\t") == text.count("\t")


def test_every_invisible_character_of_this_pythons_unicode_is_escaped():
    every = "".join(chr(c) for c in range(sys.maxunicode + 1))
    assert _hidden(_quote.excerpt(every, limit=len(every))) == []
    assert _hidden(_quote.escape_invisible(every), keep="\n\t") == []


def test_tag_characters_which_smuggle_invisible_ascii_are_shown():
    smuggled = "ok" + "".join(chr(0xE0000 + ord(c)) for c in "rm -rf")
    assert _quote.escape_invisible(smuggled) == "ok" + "".join(
        f"\\U000e00{ord(c):02x}" for c in "rm -rf"
    )


def test_a_right_to_left_override_is_shown_not_obeyed():
    assert _quote.escape_invisible("x\u202egnp.exe") == "x\\u202egnp.exe"
    assert _quote.excerpt("a\u200bb\x00") == "a\\u200bb\\x00"


@pytest.mark.parametrize("name", ["excerpt", "escape_invisible"])
def test_the_old_public_import_still_works_with_a_warning(name):
    with pytest.warns(DeprecationWarning, match=rf"errors\.{name} is private now"):
        old = getattr(errors, name)
    assert old is getattr(_quote, name)


def test_errors_has_no_other_hidden_names():
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        errors.nothing  # noqa: B018
    assert "excerpt" not in errors.__all__
