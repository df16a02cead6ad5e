"""One registry of analyses (issue 28, point 5) and one calendar block (point 6).

The top-level names, the accessor, the command line and the tests all read
:data:`microcommerce.analyses.ANALYSES`; these tests check that they agree with it, and
that every analysis of orders shares the calendar parameters — defaults and
documentation — instead of a hand-made copy of them.
"""

from __future__ import annotations

import importlib
import inspect

import pandas as pd
import pytest

import microcommerce as mc
from microcommerce.analyses import ANALYSES
from microcommerce.cli import ANALYSES as COMMANDS
from microcommerce.cli import analyse_folder
from microcommerce.io import read_dataset, write_dataset

ORDER_ANALYSES = {n: getattr(mc, n) for n, a in ANALYSES.items() if a.calendar}
CALENDAR = ("freq", "by", "start, until")


def _parameters(function) -> dict[str, str]:
    """The entries of a numpydoc Parameters section: their names → their whole text."""
    lines = inspect.cleandoc(function.__doc__).splitlines()
    at = lines.index("Parameters") + 2
    entries: dict[str, list[str]] = {}
    for line, after in zip(lines[at:], [*lines[at + 1 :], ""], strict=True):
        if after and set(after) == {"-"}:  # the next section's title
            break
        if line and not line[0].isspace():
            entries[line.partition(" : ")[0]] = [line]
        elif entries:
            entries[next(reversed(entries))].append(line)
    return {name: "\n".join(text).strip() for name, text in entries.items()}


def test_every_analysis_is_a_top_level_name_of_its_module():
    for name, analysis in ANALYSES.items():
        function = getattr(importlib.import_module(analysis.module), name)
        assert getattr(mc, name) is function and name in mc.__all__


def test_what_an_analysis_reads_and_needs_are_its_parameters():
    for name, analysis in ANALYSES.items():
        params = list(inspect.signature(getattr(mc, name)).parameters)
        assert set(analysis.needs) <= set(params), name
        assert analysis.reads in {"orders", "table", *ANALYSES}, name
        if analysis.calendar:
            assert analysis.reads == "orders" and params[0] == "orders", name
        assert set(analysis.by) <= {"category", "seller_tier"}, name


def test_the_order_analyses_are_those_the_convention_covers():
    assert list(ORDER_ANALYSES) == [
        "market_size",
        "active_sellers",
        "entrants_exits",
        "cohort_survival",
        "channel_inventory",
    ]


@pytest.mark.parametrize("name", list(ORDER_ANALYSES))
def test_an_order_analysis_takes_the_calendar_with_the_shared_defaults(name):
    params = inspect.signature(ORDER_ANALYSES[name]).parameters
    shared = inspect.signature(mc.market_size).parameters
    for p in ("freq", "by", "start", "until", *(["status"] if "status" in params else [])):
        assert params[p].kind is inspect.Parameter.KEYWORD_ONLY, (name, p)
        assert params[p].default == shared[p].default, (name, p)
        assert params[p].annotation == shared[p].annotation, (name, p)
    assert [params[p].default for p in ("freq", "by", "start", "until")] == ["ME", (), None, None]


@pytest.mark.parametrize("name", list(ORDER_ANALYSES))
def test_an_order_analysis_documents_the_calendar_with_the_shared_block(name):
    function = ORDER_ANALYSES[name]
    documented = _parameters(function)
    shared = _parameters(mc.market_size)
    for entry in (*CALENDAR, *(["status"] if "status" in documented else [])):
        assert documented[entry] == shared[entry], (name, entry)
    assert len("\n".join(shared[e] for e in CALENDAR).splitlines()) >= 10  # the whole block
    assert "{" + "calendar}" not in function.__doc__ and "aggregate.period_label" not in (
        function.__doc__
    )
    # numpydoc: one entry per parameter, in the signature's order
    names = [n for entry in documented for n in entry.split(", ")]
    assert names == list(inspect.signature(function).parameters), name


def test_status_is_documented_once_where_it_is_taken():
    with_status = [n for n, f in ORDER_ANALYSES.items() if "status" in _parameters(f)]
    takes = [n for n, f in ORDER_ANALYSES.items() if "status" in inspect.signature(f).parameters]
    assert with_status == takes == ["market_size", "active_sellers", "channel_inventory"]


def test_the_command_line_runs_the_analyses_registered_for_it(tmp_path, box_chain):
    commands = {a.command for a in ANALYSES.values() if a.command}
    assert set(COMMANDS) == commands == {"market", "practitioners", "inventory"}
    write_dataset(box_chain, tmp_path / "orders")
    orders = read_dataset(tmp_path / "orders")
    for command in commands:
        tables = analyse_folder(command, tmp_path)
        for name, analysis in ANALYSES.items():
            if analysis.command != command:
                continue
            direct = getattr(mc, name)(orders, by=analysis.by)
            pd.testing.assert_frame_equal(tables[name], direct)
    sizes = analyse_folder("market", tmp_path)["market_size"]
    assert sizes["turnover"].sum() == pytest.approx(1208.0)  # 380 + 552 + 276
