"""The lesson plan's figures are what the code gives at the explorer's defaults."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from microcommerce.simulation import PyramidParams, make_params, simulate_truth

PLAN = Path(__file__).parents[2] / "notebooks" / "LESSON_PLAN.md"


def _never_sold(max_tier: int) -> float:
    """Percent of the boxes shipped that no customer bought by the end of the run (seed 0)."""
    truth = simulate_truth(make_params(PyramidParams(), max_tier=max_tier), seed=0).truth
    return round(100 * (1 - truth["retail_units"].sum() / truth["shipped_units"].sum()), 1)


@pytest.mark.slow
def test_the_deepest_tier_talking_point_states_what_the_code_gives():
    text = " ".join(PLAN.read_text(encoding="utf-8").split())
    point = re.search(
        r"\*\*Deepest tier\*\* 9 → 3: .*? ([\d.]+) % of what it ships is still never sold .*?"
        r"\(against ([\d.]+) % for the default nine tiers\)",
        text,
    )
    assert point is not None, "the talking point on the deepest tier is missing"
    assert PyramidParams().max_tier == 9 and PyramidParams().potential_agents == 100_000
    assert (float(point.group(1)), float(point.group(2))) == (_never_sold(3), _never_sold(9))
    assert float(point.group(1)) < 50  # not "most" of it


def test_the_plan_tells_students_how_to_set_up_and_teachers_how_to_project():
    text = " ".join(PLAN.read_text(encoding="utf-8").split())
    assert "### Students' set-up" in text and "### On a projector" in text
    assert "pyramid_explorer(presentation=True)" in text
    assert "# Solution — expand to see" in text
