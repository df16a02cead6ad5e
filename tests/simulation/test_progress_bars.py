"""Long work shows a progress bar when asked (the command line asks unless --quiet), not unasked."""

from __future__ import annotations

import pandas as pd

from microcommerce.io import write_table
from microcommerce.simulation import PyramidParams, simulate_pyramid, write_messy_export


def test_the_messy_export_counts_its_six_steps(tmp_path, capsys):
    sim = simulate_pyramid(PyramidParams(potential_agents=100, months=3), seed=2)
    write_messy_export(sim, tmp_path / "quiet")
    assert capsys.readouterr().err == ""
    write_messy_export(sim, tmp_path / "shown", progress=True)
    err = capsys.readouterr().err
    assert "messy export" in err and "6/6" in err


def test_xlsx_rows_are_counted(tmp_path, capsys):
    df = pd.DataFrame({"a": range(45_000)})
    write_table(df, tmp_path / "quiet.xlsx")
    assert capsys.readouterr().err == ""
    write_table(df, tmp_path / "shown.xlsx", progress=True)
    err = capsys.readouterr().err
    assert "xlsx" in err and "45000/45000" in err
