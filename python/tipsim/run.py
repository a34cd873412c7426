"""Single runs, in memory."""

from __future__ import annotations

from . import _core, progress as _progress
from .result import Result
from .scenario import Scenario


def run(scenario: Scenario | None = None, seed: int | None = None, threads: int = 0, replicate: int = 0,
        progress=True) -> Result:
    """Run a scenario (default: the baseline) and return its :class:`Result` without writing a file.

    ``seed`` defaults to the scenario's ``run.seed``; the same seed gives the same numbers as
    ``tipsim run --seed`` on the command line, for any number of ``threads`` (0: all cores).
    The Python interpreter stays responsive to other threads while the engine runs.

    A run that lasts more than two seconds shows a progress bar (tqdm, or a plain line);
    ``progress=False`` silences it, a function of (steps done, steps) receives it instead.
    Ctrl-C (or interrupting the kernel) stops the run within a step and raises
    KeyboardInterrupt.
    """
    scenario = scenario if scenario is not None else Scenario.default()
    if not isinstance(scenario, Scenario):
        raise TypeError(f"expected a tipsim.Scenario, got {type(scenario).__name__}")
    if seed is not None and (not isinstance(seed, int) or seed < 0):
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    if not isinstance(threads, int) or threads < 0:
        raise ValueError(f"threads must be a non-negative integer, got {threads!r}")
    shown = _progress.reporter(progress, "steps", scenario.name, delay=2.0)
    try:
        arrays = _core.run(scenario._core, seed, threads, replicate, shown)
    finally:
        _progress.close(shown)
    return Result.from_run(arrays, scenario)
