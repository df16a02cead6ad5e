"""Members coded on two threads (long columns) give what one pass gives, missing ones too.

Imports the analyses layer's private ``analyses._group_arithmetic`` to test its machinery.
"""

from __future__ import annotations

import pandas as pd
import pytest

from microcommerce.analyses import _group_arithmetic as aggregate


@pytest.mark.parametrize(
    "members",
    [
        ["a", "b", "a", "c", None, None, None, None],  # a second half with no members
        [None, None, None, None, "a", "b", "a", "c"],  # a first half with none
        ["b", "a", "c", "a", "c", None, "d", "b"],
    ],
)
def test_distinct_members_in_two_halves_equal_one_pass(monkeypatch, members):
    keys = pd.DataFrame({"month": [1, 1, 1, 1, 2, 2, 2, 2]})
    series = pd.Series(members, dtype="str")
    whole = aggregate.totals(keys, {"rows": None}, members=series).distinct().tolist()
    monkeypatch.setattr(aggregate, "_PARALLEL_SORT", 4)  # as if ten million rows long
    halves = aggregate.totals(keys, {"rows": None}, members=series).distinct().tolist()
    assert halves == whole
    want = [len(set(members[:4]) - {None}), len(set(members[4:]) - {None})]
    assert whole == want
