"""The simulation layer: a seeded model of one brand's agent pyramid, with known ground truth.

No transaction-level micro-business data is public. The simulator is the stand-in:
it writes the canonical ``orders``, ``sellers`` and ``inventory`` tables a brand's
back office would hold, and it also knows what no back office knows — the true
end demand and the stock stuck in the channel each month — so that every analysis
can be checked against the truth. ``_messy`` writes the
tables the way a back office exports them.

It owns, in private modules re-exported here:

- ``_params`` — :class:`PyramidParams` (every field documented with its meaning,
  unit, default and source), :func:`describe_params`, :func:`make_params`;
- ``_engine`` — the monthly engine (the model, step by step, is described there);
- ``_tables`` — :func:`simulate_pyramid`, :func:`simulate_truth` and the tables;
- ``_storage`` — :func:`write_simulation`, :func:`read_simulation`,
  :func:`simulate_to_dataset`;
- ``_replay`` — :class:`TruthCache`: runs re-used, or resumed from the month a changed
  shock first touches (for the pyramid explorer).

Layer: beside the analyses, above cleaning. Imports :mod:`microcommerce.errors`,
:mod:`microcommerce.core`, :mod:`microcommerce.io` and :mod:`microcommerce.cleaning`
(its tables are checked against the canonical schemas); never the analyses, the report or
the CLI.

Examples
--------
>>> sim = simulate_pyramid(potential_agents=300, months=12, seed=1)
>>> sim.orders["kind"].value_counts().index.tolist()
['retail', 'sell_in']
>>> truth = sim.truth
>>> bool((truth["shipped_units"].cumsum()
...       == truth["channel_units"] + truth["retail_units"].cumsum()).all())
True
"""

from microcommerce.simulation._messy import FILE_NAMES, STYLES, write_messy_export
from microcommerce.simulation._params import TIERED, PyramidParams, describe_params, make_params
from microcommerce.simulation._replay import TruthCache
from microcommerce.simulation._storage import (
    read_simulation,
    simulate_to_dataset,
    write_simulation,
)
from microcommerce.simulation._tables import (
    SIMULATION_TABLES,
    Simulation,
    SimulationTruth,
    simulate_pyramid,
    simulate_truth,
)

__all__ = [
    "FILE_NAMES",
    "SIMULATION_TABLES",
    "STYLES",
    "TIERED",
    "PyramidParams",
    "Simulation",
    "SimulationTruth",
    "TruthCache",
    "describe_params",
    "make_params",
    "read_simulation",
    "simulate_pyramid",
    "simulate_to_dataset",
    "simulate_truth",
    "write_messy_export",
    "write_simulation",
]
