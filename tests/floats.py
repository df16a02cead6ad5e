"""Comparing parsed numbers in tests: a missing value (NaN) equals a missing value."""

from __future__ import annotations

import math


def same(a: float, b: float) -> bool:
    """Tell whether two parsed values agree, NaN agreeing with NaN."""
    return (math.isnan(a) and math.isnan(b)) or a == b
