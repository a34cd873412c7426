"""Calibration targets: published figures, and how to reduce a run to something comparable.

A targets file (TOML) names the scenario, the uncertain parameters with their prior ranges and
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
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import _core
from .result import Result

REDUCTIONS = ("sum", "per_year", "mean", "final", "ratio")


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


def _fail(path: str, where: str, problem: str):
    raise ValueError(f"{path}: {where}: {problem}")


def load_targets(path: str | os.PathLike) -> Targets:
    """Read and check a targets file; bad input raises ValueError naming the file and the key."""
    path = Path(path)
    text = path.read_text()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        _fail(str(path), "TOML", str(error))
    for section in data:
        if section not in ("calibration", "parameter", "target"):
            _fail(str(path), section, "unknown section (expected [calibration], [[parameter]], [[target]])")
    header = data.get("calibration", {})
    if "scenario" not in header:
        _fail(str(path), "calibration.scenario", "missing: the scenario to calibrate")
    scenario_path = (path.parent / header["scenario"]).resolve()
    if not scenario_path.exists():
        _fail(str(path), "calibration.scenario", f"no such file: {scenario_path}")
    known = {entry["key"]: entry for entry in _core.parameter_table()}
    metrics = {entry["name"] for entry in _core.metric_table()}
    parameters = []
    for index, entry in enumerate(data.get("parameter", [])):
        where = f"parameter[{index}]"
        key = entry.get("key")
        if key not in known:
            _fail(str(path), where + ".key", f"unknown parameter {key!r}")
        if known[key]["kind"] in ("choice", "flag"):
            _fail(str(path), where + ".key", f"{key} is not numeric")
        try:
            low, high = float(entry["min"]), float(entry["max"])
        except (KeyError, TypeError, ValueError):
            _fail(str(path), where, "expected numbers min and max")
        prior = entry.get("prior", "uniform")
        if prior not in ("uniform", "log-uniform"):
            _fail(str(path), where + ".prior", f"expected \"uniform\" or \"log-uniform\", got {prior!r}")
        if not low < high or low < known[key]["minimum"] or high > known[key]["maximum"]:
            _fail(str(path), where, f"expected {known[key]['minimum']} <= min < max <= {known[key]['maximum']}")
        if prior == "log-uniform" and low <= 0:
            _fail(str(path), where, "a log-uniform prior needs min > 0")
        parameters.append(Parameter(key, low, high, prior == "log-uniform", known[key]["kind"] == "count"))
    if not parameters:
        _fail(str(path), "parameter", "no parameter to calibrate")
    targets = []
    for index, entry in enumerate(data.get("target", [])):
        where = f"target[{index}]"
        name = entry.get("name", where)
        reduce = entry.get("reduce", "per_year")
        if reduce not in REDUCTIONS:
            _fail(str(path), where + ".reduce", f"expected one of {', '.join(REDUCTIONS)}, got {reduce!r}")
        chosen = entry.get("metric", entry.get("numerator"))
        chosen = [chosen] if isinstance(chosen, str) else list(chosen or [])
        denominator = entry.get("denominator", [])
        denominator = [denominator] if isinstance(denominator, str) else list(denominator)
        for metric in chosen + denominator:
            if metric not in metrics:
                _fail(str(path), where, f"unknown metric {metric!r}")
        if not chosen:
            _fail(str(path), where, "needs metric (or numerator)")
        if reduce == "ratio" and not denominator:
            _fail(str(path), where, "a ratio needs a denominator")
        observed = entry.get("observed")
        if isinstance(observed, (int, float)):
            low = high = float(observed)
        elif isinstance(observed, list) and len(observed) == 2 and observed[0] <= observed[1]:
            low, high = map(float, observed)
        else:
            _fail(str(path), where + ".observed", "expected a number or a [low, high] range")
        kind = entry.get("kind", "true")
        if kind not in ("true", "detected"):
            _fail(str(path), where + ".kind", f"expected \"true\" or \"detected\", got {kind!r}")
        period = entry.get("period")
        if period is not None and (len(period) != 2 or not period[0] < period[1]):
            _fail(str(path), where + ".period", "expected [start year, end year]")
        targets.append(Target(name, chosen, reduce, low, high, kind, entry.get("source", ""),
                              tuple(period) if period else None, denominator,
                              entry.get("denominator_reduce", "mean")))
    if not targets:
        _fail(str(path), "target", "no target")
    replicates = header.get("replicates", 1)
    if not isinstance(replicates, int) or replicates < 1:
        _fail(str(path), "calibration.replicates", "expected a positive whole number")
    return Targets(header.get("name", path.stem), scenario_path, replicates, parameters, targets, str(path), text)
