"""Published bounds are drawn as bounds, never as exact points (issue 17, point 4)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd

from microcommerce.analyses.practitioners import published_counts
from microcommerce.report.plot import published_ranges


def _drawn(ax) -> dict[str, list[tuple[float, float]]]:
    """The points of each legend entry: label → (x, y) offsets."""
    return {
        c.get_label(): [tuple(p) for p in c.get_offsets()]
        for c in ax.collections
        if hasattr(c, "get_offsets") and not c.get_label().startswith("_")
    }


def test_over_and_under_are_open_triangles_not_points():
    figures = pd.DataFrame(
        {
            "fact_id": ["exact", "nearly_30m", "over_30m", "range"],
            "value": [1.0e7, 3.0e7, 3.0e7, 2.0e7],
            "value_low": [1.0e7, np.nan, 3.0e7, 1.5e7],
            "value_high": [1.0e7, 3.0e7, np.nan, 2.5e7],
        }
    )
    drawn = _drawn(published_ranges(figures, scale=1e6))
    assert drawn["published value"] == [(10.0, 0.0), (20.0, 3.0)]
    assert drawn["under: at most this"] == [(30.0, 1.0)]
    assert drawn["over: at least this"] == [(30.0, 2.0)]


def test_the_record_draws_its_bounded_counts_as_bounds():
    counts = published_counts()
    drawn = _drawn(published_ranges(counts))
    bounded = counts["qualifier"].isin(["over", "under"]).sum()
    shown = len(drawn.get("over: at least this", [])) + len(drawn.get("under: at most this", []))
    assert bounded > 0 and shown == bounded
