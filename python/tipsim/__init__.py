"""tipsim: agent-based simulation of trafficking in human beings around peacekeeping deployments.

The engine is C++ (``tipsim._core``); this package is a thin layer for notebooks:

>>> import tipsim
>>> result = tipsim.run(tipsim.Scenario.default().with_overrides({"population.people": 200_000}))
>>> result.timeseries.query("metric == 'victims_recruited'")

- :class:`Scenario` loads, inspects and changes scenarios;
- :func:`run` runs one scenario in memory and returns a :class:`Result`;
- :func:`batch` runs a batch file (or a :class:`Batch` built here) into an HDF5 file;
- :func:`load` reads any tipsim HDF5 file into a :class:`Result`;
- :mod:`tipsim.plot` draws time series, effects and the location network.
"""

from ._core import __version__
from .batch import Batch, batch
from .result import Result, load, metrics
from .run import run
from .scenario import Scenario
from . import plot

__all__ = ["Batch", "Result", "Scenario", "batch", "load", "metrics", "plot", "run", "__version__"]
