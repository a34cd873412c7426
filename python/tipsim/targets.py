"""Calibration targets: published figures, and how to reduce a run to something comparable.

A targets file (TOML; read and checked by the engine, as ``tipsim validate`` reads it) names the scenario, the uncertain parameters with their prior ranges and
the targets::

    [calibration]
    name = "osce-europe-2005"
    scenario = "../europe-2005.toml"       # relative to this file
    replicates = 1                         # runs per parameter set

    [[parameter]]
    key = "demand.export"
    min = 0.5
    max = 20.0
    prior = "log-uniform"                  # or "uniform"

    [[target]]
    name = "osce_yearly_flow"
    metric = "victims_exported"            # or numerator = [...] and denominator = [...]
    reduce = "per_year"                    # sum | per_year | mean | final | ratio
    period = [2004.0, 2006.0]              # decimal years, end excluded (default: the whole run)
    observed = [300000, 500000]            # a value, or a [low, high] range
    kind = "true"                          # true (prevalence, flows) or detected (what authorities saw)
    source = "OSCE estimate quoted in the 2005 speech"
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import _core
from .result import Result

@dataclass
class Parameter:
    key: str
    minimum: float
    maximum: float
    logarithmic: bool = False
    whole: bool = False  # a count: values are rounded

    @classmethod
    def of(cls, key: str, minimum: float, maximum: float, logarithmic: bool = False) -> "Parameter":
        """A parameter of the table (counts are rounded when sampled)."""
        kinds = {entry["key"]: entry["kind"] for entry in _core.parameter_table()}
        return cls(key, minimum, maximum, logarithmic, kinds.get(key) == "count")

    def to_unit(self, value):
        """Prior space -> [0, 1] (log scale for log-uniform priors)."""
        value = np.asarray(value, dtype=float)
        if self.logarithmic:
            return (np.log(value) - math.log(self.minimum)) / (math.log(self.maximum) - math.log(self.minimum))
        return (value - self.minimum) / (self.maximum - self.minimum)

    def from_unit(self, unit):
        unit = np.asarray(unit, dtype=float)
        if self.logarithmic:
            value = np.exp(math.log(self.minimum) + unit * (math.log(self.maximum) - math.log(self.minimum)))
        else:
            value = self.minimum + unit * (self.maximum - self.minimum)
        return np.round(value) if self.whole else value


@dataclass
class Target:
    name: str
    metrics: list[str]
    reduce: str
    low: float
    high: float
    kind: str
    source: str
    period: tuple[float, float] | None = None
    denominator: list[str] = field(default_factory=list)
    denominator_reduce: str = "mean"

    def simulate(self, result: Result) -> np.ndarray:
        """The target's value for every run of a result."""
        years = result.years
        chosen = np.ones(len(years), dtype=bool)
        if self.period is not None:
            chosen = (years >= self.period[0]) & (years < self.period[1])
            if not chosen.any():
                raise ValueError(f"target {self.name!r}: no step in {self.period}")
        span_years = chosen.sum() * 7 / 365.25

        def reduce(metrics: list[str], how: str) -> np.ndarray:
            values = sum(result.values(metric)[:, chosen] for metric in metrics)
            if how == "sum":
                return values.sum(axis=1)
            if how == "per_year":
                return values.sum(axis=1) / span_years
            if how == "mean":
                return values.mean(axis=1)
            if how == "final":
                return values[:, -1]
            raise ValueError(f"target {self.name!r}: unknown reduction {how!r}")

        if self.reduce == "ratio":
            numerator = reduce(self.metrics, "per_year")
            denominator = reduce(self.denominator, self.denominator_reduce)
            with np.errstate(divide="ignore", invalid="ignore"):
                return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1), np.nan)
        return reduce(self.metrics, self.reduce)

    def distance(self, simulated) -> np.ndarray:
        """0 inside the observed range, else how far outside on a log scale (|log(x / bound)|, with
        one added to both so that zero is a finite distance)."""
        simulated = np.asarray(simulated, dtype=float)
        below = np.log((self.low + 1) / (np.maximum(simulated, 0) + 1))
        above = np.log((np.maximum(simulated, 0) + 1) / (self.high + 1))
        distance = np.maximum(np.maximum(below, above), 0)
        return np.where(np.isnan(simulated), np.inf, distance)


@dataclass
class Targets:
    name: str
    scenario_path: Path
    replicates: int
    parameters: list[Parameter]
    targets: list[Target]
    source_path: str
    text: str

    def distances(self, result: Result) -> tuple[np.ndarray, np.ndarray]:
        """(simulated target values: runs x targets, combined distance per run)."""
        simulated = np.column_stack([target.simulate(result) for target in self.targets])
        parts = np.column_stack([target.distance(simulated[:, i]) for i, target in enumerate(self.targets)])
        return simulated, np.sqrt((parts ** 2).sum(axis=1))


def load_targets(path: str | os.PathLike) -> Targets:
    """Read and check a targets file (the engine's parser, as ``tipsim validate`` does); bad
    input raises ValueError naming the file, line and key of every problem."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(str(path))
    spec = _core.load_targets(os.fspath(path))
    parameters = [Parameter(entry["key"], entry["minimum"], entry["maximum"], entry["logarithmic"], entry["whole"])
                  for entry in spec["parameters"]]
    targets = [Target(entry["name"], list(entry["metrics"]), entry["reduce"], entry["low"], entry["high"],
                      entry["kind"], entry["source"], entry["period"], list(entry["denominator"]),
                      entry["denominator_reduce"])
               for entry in spec["targets"]]
    return Targets(spec["name"], Path(spec["scenario_path"]), spec["replicates"], parameters, targets,
                   spec["source_path"], spec["text"])
