"""Global sensitivity analysis: Morris elementary effects (screening) and Sobol first-order and
total indices (Saltelli sampling with scipy.stats.qmc, Jansen's total-effect estimator,
bootstrap intervals). The estimators take any function of a parameter matrix; :func:`model`
turns tipsim itself into such a function, evaluated by the C++ batch runner.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy.stats import qmc

from .batch import run_parameter_sets
from .targets import Parameter, Target

Function = Callable[[np.ndarray], np.ndarray]


def _parameters(ranges: Mapping[str, Sequence | Mapping]) -> list[Parameter]:
    parameters = []
    for key, bounds in ranges.items():
        if isinstance(bounds, Mapping):
            parameters.append(Parameter.of(key, float(bounds["min"]), float(bounds["max"]), bounds.get("scale") == "log"))
        else:
            low, high = bounds
            parameters.append(Parameter.of(key, float(low), float(high)))
        if not parameters[-1].minimum < parameters[-1].maximum:
            raise ValueError(f"{key}: the minimum must be below the maximum")
    return parameters


def _scale(unit: np.ndarray, parameters: list[Parameter]) -> np.ndarray:
    return np.column_stack([p.from_unit(unit[:, j]) for j, p in enumerate(parameters)])


def morris(function: Function, ranges: Mapping[str, Sequence | Mapping], trajectories: int = 10, levels: int = 4,
           seed: int = 0) -> pd.DataFrame:
    """Morris elementary effects: mu, mu_star (mean absolute effect, for ranking) and sigma
    (spread: interactions or non-linearity) per parameter, on the unit scale of each range.
    ``function`` maps an (n x d) matrix of parameter values to n outputs."""
    parameters = _parameters(ranges)
    d = len(parameters)
    rng = np.random.default_rng(seed)
    delta = levels / (2 * (levels - 1))
    grid = np.arange(levels - int(levels / 2)) / (levels - 1)  # starts that leave room for +delta
    points, steps = [], []
    for _ in range(trajectories):
        start = rng.choice(grid, size=d)
        order = rng.permutation(d)
        path = [start.copy()]
        for j in order:
            point = path[-1].copy()
            point[j] += delta
            path.append(point)
        points.extend(path)
        steps.append(order)
    outputs = np.asarray(function(_scale(np.array(points), parameters)), dtype=float).reshape(len(points))
    effects = [[] for _ in range(d)]
    for t, order in enumerate(steps):
        base = t * (d + 1)
        for k, j in enumerate(order):
            effects[j].append((outputs[base + k + 1] - outputs[base + k]) / delta)
    rows = []
    for j, parameter in enumerate(parameters):
        values = np.array(effects[j])
        rows.append({"parameter": parameter.key, "mu": values.mean(), "mu_star": np.abs(values).mean(),
                     "sigma": values.std(ddof=1) if len(values) > 1 else np.nan})
    return pd.DataFrame(rows).sort_values("mu_star", ascending=False, ignore_index=True)


def sobol(function: Function, ranges: Mapping[str, Sequence | Mapping], n: int = 1024, seed: int = 0,
          bootstrap: int = 500, level: float = 0.95) -> pd.DataFrame:
    """Sobol first-order (S1) and total (ST) indices with bootstrap intervals.

    Saltelli's scheme: matrices A and B from a scrambled Sobol sequence (n rows, a power of two),
    and A with column i from B (AB_i), for n(d + 2) evaluations. S1 uses Saltelli et al. (2010),
    ST Jansen (1999): ST_i = mean((f(A) - f(AB_i))^2) / (2 V).
    """
    parameters = _parameters(ranges)
    d = len(parameters)
    if n & (n - 1):
        raise ValueError("n must be a power of two (Sobol points)")
    unit = qmc.Sobol(d=2 * d, scramble=True, seed=seed).random(n)
    a, b = unit[:, :d], unit[:, d:]
    blocks = [a, b] + [np.where(np.arange(d) == i, b, a) for i in range(d)]
    outputs = np.asarray(function(_scale(np.vstack(blocks), parameters)), dtype=float).reshape(d + 2, n)
    f_a, f_b, f_ab = outputs[0], outputs[1], outputs[2:]

    def indices(rows: np.ndarray):
        variance = np.var(np.concatenate([f_a[rows], f_b[rows]]), ddof=1)
        first = np.mean(f_b[rows] * (f_ab[:, rows] - f_a[rows]), axis=1) / variance
        total = 0.5 * np.mean((f_a[rows] - f_ab[:, rows]) ** 2, axis=1) / variance
        return first, total

    first, total = indices(np.arange(n))
    rng = np.random.default_rng(seed + 1)
    samples = [indices(rng.integers(0, n, n)) for _ in range(bootstrap)]
    tails = [(1 - level) / 2 * 100, (1 + level) / 2 * 100]
    first_low, first_high = np.percentile([s[0] for s in samples], tails, axis=0)
    total_low, total_high = np.percentile([s[1] for s in samples], tails, axis=0)
    return pd.DataFrame({"parameter": [p.key for p in parameters], "S1": first, "S1_low": first_low,
                         "S1_high": first_high, "ST": total, "ST_low": total_low, "ST_high": total_high})


def ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    """The Ishigami function on [-pi, pi]^3, whose Sobol indices are known analytically."""
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def model(scenario: str | os.PathLike, output: Target | Callable, keys: Sequence[str], work: str | os.PathLike,
          replicates: int = 1, threads: int = 0, seed: int | None = None) -> Function:
    """tipsim as a function for :func:`morris` and :func:`sobol`: each row of parameter values
    becomes a variant of one batch (run by the C++ batch runner, in parallel, resumable), and
    each variant's output is ``output`` (a :class:`Target`, or a function of a Result giving one
    value per run) averaged over replicates."""
    work = Path(work)

    def evaluate(values: np.ndarray) -> np.ndarray:
        # named after what it runs: the same evaluation is found again (and resumed) on a rerun
        name = hashlib.sha256(json.dumps([str(scenario), list(keys), np.asarray(values).tolist(), replicates,
                                          seed]).encode()).hexdigest()[:16]
        result, row = run_parameter_sets(scenario, keys, values, work / f"sensitivity-{name}.h5", replicates, seed,
                                         threads, f"sensitivity-{name}")
        per_run = output.simulate(result) if isinstance(output, Target) else np.asarray(output(result))
        return np.array([per_run[row == i].mean() for i in range(len(values))])

    return evaluate
