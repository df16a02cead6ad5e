"""The ``.mc`` accessor: each method is the package's function of the same name.

``help(df.mc.market_size)``, ``inspect.signature`` and tab completion must show the
function's own parameters (less the frame) and documentation, and registering the
accessor must load none of the functions' modules.
"""

from __future__ import annotations

import inspect
import pydoc
import subprocess
import sys

import pandas as pd
import pytest

import microcommerce as mc
from microcommerce.analyses import ANALYSES
from microcommerce.cleaning import CLEANERS
from microcommerce.errors import ParameterError

#: The two methods written for the chain rather than taken from a function.
WRITTEN_FOR_THE_CHAIN = {"clean", "years_to_clear"}


def _methods(accessor: object) -> list[str]:
    return [n for n in dir(accessor) if not n.startswith("_") and n not in WRITTEN_FOR_THE_CHAIN]


FRAME = pd.DataFrame({"a": [1]})
SERIES = pd.Series(["1.2万"])


@pytest.mark.parametrize(
    ("obj", "name"),
    [(FRAME, n) for n in _methods(FRAME.mc)] + [(SERIES, n) for n in _methods(SERIES.mc)],
)
def test_every_method_is_the_function_less_its_first_parameter(obj, name):
    method, function = getattr(obj.mc, name), getattr(mc, name)
    params = list(inspect.signature(function).parameters.values())
    assert inspect.signature(method) == inspect.signature(function).replace(parameters=params[1:])
    assert method.__doc__ == function.__doc__ and method.__doc__
    assert method.__name__ == name and method.__wrapped__ is function


def test_the_methods_are_the_registered_analyses_and_the_parsers():
    frame, series = set(_methods(FRAME.mc)), set(_methods(SERIES.mc))
    assert frame == {*ANALYSES, "validate", "readable"}
    assert series == {"parse_amounts", "parse_dates", "extract_amounts", "extract_dates"}


def test_help_shows_the_calendar_parameters():
    text = pydoc.render_doc(FRAME.mc.market_size, renderer=pydoc.plaintext)
    assert "market_size(*, freq: 'str' = 'ME', by: " in text
    for words in ("start:", "until:", "status: 'str' = 'sold'", 'freq : str, default "ME"'):
        assert words in text
    assert "orders:" not in text.splitlines()[2]  # the frame is not a parameter of the method


def test_reached_from_the_class_a_method_takes_self():
    method = pd.DataFrame.mc.channel_inventory
    assert list(inspect.signature(method).parameters)[:3] == ["self", "freq", "by"]
    o = pd.DataFrame(
        {
            "date": pd.to_datetime(["2014-03-02"]),
            "seller_id": ["top"],
            "buyer_id": ["l1"],
            "seller_tier": pd.array([0], dtype="Int8"),
            "buyer_tier": pd.array([1], dtype="Int8"),
            "kind": ["sell_in"],
            "quantity": [10],
            "amount": [380.0],
        }
    )
    assert method(o.mc, by="seller_tier")["stock"].tolist() == [10]


def test_clean_uses_the_cleaners_table():
    raw = pd.DataFrame(
        {
            "订单号": ["A1"],
            "下单时间": ["2015-03-01"],
            "卖家": ["s1"],
            "代理级别": ["总代"],
            "数量": ["2"],
            "实付金额": ["¥276.00"],
        }
    )
    pd.testing.assert_frame_equal(raw.mc.clean("orders").clean, CLEANERS["orders"](raw).clean)
    with pytest.raises(ParameterError, match="table 'buyers': expected one of orders, sellers"):
        raw.mc.clean("buyers")


def test_registering_the_accessor_loads_no_function():
    code = (
        "import sys, pandas as pd, microcommerce\n"
        "frame = pd.DataFrame({'a': [1]})\n"
        "names = dir(frame.mc) + dir(pd.Series(['x']).mc)\n"
        "assert 'market_size' in names and 'parse_dates' in names\n"
        "print(' '.join(m for m in sys.modules if m.startswith('microcommerce.')))\n"
        "frame.mc.market_size\n"
        "print(' '.join(m for m in sys.modules if m.startswith('microcommerce.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = (set(line.split()) for line in done.stdout.splitlines())
    layers = ("microcommerce.analyses", "microcommerce.cleaning")
    assert not {m for m in before if m.startswith(layers)}
    assert "microcommerce.analyses._market" in after
