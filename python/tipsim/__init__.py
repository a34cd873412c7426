"""tipsim: agent-based simulation of trafficking in human beings around peacekeeping deployments.

The engine is C++ (``tipsim._core``); this package is a thin layer for notebooks:

>>> import tipsim
>>> result = tipsim.run(tipsim.Scenario.default().with_overrides({"population.people": 200_000}))
>>> result.timeseries.query("metric == 'victims_recruited'")

- :class:`Scenario` loads, inspects and changes scenarios;
- :func:`run` runs one scenario in memory and returns a :class:`Result`;
- :func:`batch` runs a batch file (or a :class:`Batch` built here) into an HDF5 file;
- :func:`load` reads any tipsim HDF5 file into a :class:`Result` (or a :class:`Calibration`);
- :func:`calibrate` fits uncertain parameters to published figures by ABC-SMC;
- :mod:`tipsim.sensitivity` ranks parameters (Morris) and measures their share of variance (Sobol);
- :mod:`tipsim.plot` draws time series, effects, the location network and calibration and
  sensitivity results;
- :mod:`tipsim.explore` puts the speech's levers on sliders in a notebook;
- :mod:`tipsim.report` (``Result.report``) writes a self-contained HTML report to share.
"""

from ._core import __version__
from .batch import Batch, batch
from .calibrate import Calibration, calibrate
from .files import load
from .result import Result, metrics
from .run import run
from .scenario import Scenario
from . import explore, plot, report, sensitivity
from .targets import load_targets

__all__ = ["Batch", "Calibration", "Result", "Scenario", "batch", "calibrate", "explore", "load", "load_targets",
           "metrics", "plot", "report", "run", "sensitivity", "__version__"]
