"""The rich display of a fitted model: its key numbers and its summary table.

See ``core._display``; :class:`CurveFit`, :class:`InterruptedTimeSeries`
and :class:`ForecastFit` build their ``__repr__`` and ``_repr_html_`` here.

Examples
--------
>>> import pandas as pd
>>> table = pd.DataFrame({"kind": ["parameter", "statistic"], "estimate": [2.5, 10.0],
...                       "low": [2.0, None], "high": [3.0, None]},
...                      index=pd.Index(["slope", "n_obs"], name="term"))
>>> print(fit_text("CurveFit", [("model", "logistic")], table))
<CurveFit model=logistic>
  slope  2.5 [2, 3]
  n_obs  10
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from microcommerce.core._display import card, frame, frame_shape, plain, section


def _number(x: object) -> str:
    if x is None or (isinstance(x, float) and pd.isna(x)):
        return ""
    return f"{x:.6g}" if isinstance(x, int | float) else str(x)


def fit_text(title: str, facts: Sequence[tuple[str, object]], summary: pd.DataFrame) -> str:
    """Write the short text form: the key numbers, then one line per term of ``summary``."""
    width = max((len(str(t)) for t in summary.index), default=0)
    lines = []
    for term, row in summary.iterrows():  # a handful of terms, not data rows
        bounds = ""
        if "low" in row and pd.notna(row["low"]):
            bounds = f" [{_number(row['low'])}, {_number(row['high'])}]"
        lines.append(f"{term!s:<{width}}  {_number(row['estimate'])}{bounds}")
    return plain(title, facts, lines)


def fit_html(
    title: str, facts: Sequence[tuple[str, object]], summary: pd.DataFrame, series: pd.Series
) -> str:
    """Build the HTML card: the key numbers, the summary table open, the data folded."""
    shown = summary.map(lambda v: _number(v) if isinstance(v, int | float) else v)
    return card(
        title,
        facts,
        [
            section("summary", frame(shown, rows=len(shown)), note=".summary()", open=True),
            section("data fitted", frame(series), note=f".series: {frame_shape(series)}"),
        ],
    )
