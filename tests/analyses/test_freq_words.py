"""A period written as a word gets one message that names the alias to write."""

from __future__ import annotations

import pandas as pd
import pytest

from microcommerce.analyses import period_label
from microcommerce.errors import FrequencyError

DATES = pd.Series(pd.to_datetime(["2016-02-10", "2016-11-30"]))


@pytest.mark.parametrize(
    ("word", "advice"),
    [
        (
            "quarter",
            "for quarters write 'QE' (labelled by the quarter's end) or 'QS' (by its start)",
        ),
        (
            "Quarterly",
            "for quarters write 'QE' (labelled by the quarter's end) or 'QS' (by its start)",
        ),
        ("months", "for months write 'ME' (labelled by the month's end) or 'MS' (by its start)"),
        ("annual", "for years write 'YE' (labelled by the year's end) or 'YS' (by its start)"),
        ("day", "for days write 'D'"),
        ("fortnight", "write one of D, W, ME, MS, QE, QS, YE, YS"),
    ],
)
def test_a_word_for_a_period_names_the_alias(word, advice):
    with pytest.raises(FrequencyError) as info:
        period_label(DATES, word)
    message = str(info.value)
    assert message.startswith(f"freq {word!r}: not a pandas frequency alias; {advice}")
    assert message.count("alias") == 1 and "Failed to parse" not in message  # said once
    assert isinstance(info.value, ValueError)


def test_the_suggested_alias_works():
    labels = period_label(DATES, "QE").dt.strftime("%Y-%m-%d").tolist()
    assert labels == ["2016-03-31", "2016-12-31"]
