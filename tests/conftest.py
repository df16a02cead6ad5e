"""Fixtures shared by the test files: one simulated brand, built once per session."""

from __future__ import annotations

import pytest
from hypothesis import settings

from microcommerce.simulation import PyramidParams, Simulation, simulate_pyramid

# Property tests check results, not speed: a busy machine must not fail them on time.
# (Tests that bound time, such as the fuzz tests, set their own deadline.)
settings.register_profile("microcommerce", deadline=None)
settings.load_profile("microcommerce")

#: The small brand most tests use: 3,000 potential agents over the default calendar.
SMALL_BRAND = PyramidParams(potential_agents=3_000)


@pytest.fixture(scope="session")
def sim() -> Simulation:
    """The small simulated brand (seed 11); its tables must not be changed in place."""
    return simulate_pyramid(SMALL_BRAND, seed=11)
