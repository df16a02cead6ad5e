"""The catalogue of bad inputs (``tests/bad_inputs.py``): nothing lost, the user guide current."""

from __future__ import annotations

import bad_inputs
import pytest

pytestmark = pytest.mark.slow  # every bad input of the catalogue tried, zip bomb included


@pytest.fixture(scope="module")
def table():
    return bad_inputs.outcomes()


def test_no_input_is_lost_or_crashes(table):
    assert table["lost or crashed"].tolist() == [0] * len(table)
    assert (table["tried"] == table[list(bad_inputs.OUTCOMES)].sum(axis=1)).all()


def test_every_kind_of_outcome_is_exercised(table):
    by_name = table.set_axis([name.split(" (")[0] for name in table.index])
    assert by_name.loc["amount texts", "tried"] == len(bad_inputs.amount_texts()) > 300
    assert by_name.loc["date texts", "tried"] == len(bad_inputs.date_texts()) > 100
    files = len(bad_inputs.BAD_FILES) + len(bad_inputs.AWKWARD_FILES)
    assert by_name.loc["export files", ["clear error", "parsed"]].tolist() == [
        len(bad_inputs.BAD_FILES),
        len(bad_inputs.AWKWARD_FILES),
    ]
    assert by_name.loc["export files", "tried"] == files
    rows = by_name.loc["rows of a troubled export"]
    assert rows["tried"] == len(bad_inputs.export_lines()) == 600
    # 60 lines repeated, less the blank, note, totals and ragged ones (rejected again as
    # such), plus 3: the four lines without an order id are identical to one another
    assert rows["empty or repeat"] == (60 - 4) + 3
    cells = by_name.loc["cells written"]
    assert cells["neutralised"] == len(bad_inputs.DANGEROUS_CELLS)


def test_the_user_guide_shows_the_current_table(table):
    assert bad_inputs.docs_block() == bad_inputs.markdown(table), (
        "the bad-inputs table of docs/guide/bad-input.md is out of date: run "
        "`python tests/bad_inputs.py --update-docs`"
    )
