"""Results of runs and batches: in memory from :func:`tipsim.run`, or read from a tipsim results
file with :func:`read` (or :func:`tipsim.load`). Everything is numpy arrays underneath, pandas on
the surface; every statistic comes from the engine (tipsim._core), as the batch summary's do."""

from __future__ import annotations

import os
from typing import Iterable

import numpy as np
import pandas as pd

from . import _core


def metrics() -> pd.DataFrame:
    """Every metric a run reports: name, unit, whether it counts whole things, observation
    (``true``: what happened; ``detected``: what authorities saw; ``input``) and description."""
    return pd.DataFrame(_core.metric_table())


def _decode(values) -> list[str]:
    return [value.decode() if isinstance(value, bytes) else str(value) for value in values]


class Result:
    """Runs of one shape (same steps and municipalities): one run, or a whole batch.

    Attributes
    ----------
    runs : DataFrame
        One row per run: id, scenario, variant, point, replicate, seed, overrides, and a column
        per parameter a batch varied.
    metadata : dict
        Scenario text as given and resolved, seed, version, commit, threads, wall time.
    years : ndarray
        Calendar date (decimal year) of every step.
    municipalities : list of str
    nodes, routes : DataFrame
        The location network.
    summary : DataFrame or None
        A batch's statistics over replicates, as the engine computed them.
    costs : DataFrame or None
        A batch's extra policy cost per victim-week and per person spared (the file's
        ``/summary/costs``): one row per configuration and outcome, against the baseline variant
        at the same point, paired by replicate. ``cost_per_averted`` with its bootstrap 95%
        interval (``low``, ``high``) is NaN unless the interval of the units averted lies above
        zero. :meth:`compare` gives the same against any baseline, with notes.
    path : str or None
        The results file it was read from (None for a run held in memory).
    """

    def __init__(self, series, location_series, years, runs, metadata, municipalities, nodes, routes,
                 summary=None, costs=None):
        self._series = series
        self._location_series = location_series
        self.years = np.asarray(years)
        self.runs = runs
        self.metadata = metadata
        self.municipalities = list(municipalities)
        self.nodes = nodes
        self.routes = routes
        self.summary = summary
        self.costs = costs
        self.path = None
        self._metric_info = {entry["name"]: entry for entry in _core.metric_table()}
        self._metric_info.update({"location:" + entry["name"]: entry for entry in _core.location_metric_table()})

    # --- construction -----------------------------------------------------------------------

    @classmethod
    def from_run(cls, arrays: dict, scenario) -> "Result":
        """A result from the arrays tipsim._core.run returns."""
        # counts are whole numbers: int64, as a results file stores them
        def typed(values, metric):
            return values.astype(np.int64) if metric["count"] else values

        series = {m["name"]: typed(arrays["timeseries"][i][np.newaxis, :], m)
                  for i, m in enumerate(_core.metric_table())}
        locations = {m["name"]: typed(arrays["locations"][i][np.newaxis, :, :], m)
                     for i, m in enumerate(_core.location_metric_table())}
        runs = pd.DataFrame({
            "id": [0], "scenario": [scenario.name], "variant": [scenario.name], "point": [0],
            "replicate": [arrays["replicate"]], "seed": [arrays["seed"]],
            "overrides": ["; ".join(scenario.overrides)],
        })
        metadata = {key: arrays[key] for key in ("scenario_text", "resolved_scenario", "tipsim_version",
                                                  "git_commit", "seed", "threads", "wall_seconds")}
        nodes = pd.DataFrame(arrays["nodes"])
        routes = pd.DataFrame(arrays["routes"]).astype({"from": int, "to": int})
        return cls(series, locations, arrays["years"], runs, metadata, arrays["municipalities"], nodes, routes)

    # --- data -------------------------------------------------------------------------------

    @property
    def metric_names(self) -> list[str]:
        return list(self._series)

    @property
    def location_metric_names(self) -> list[str]:
        return list(self._location_series)

    def units(self, metric: str) -> str:
        """The unit of a metric, per step (``persons/week``, ``USD/week``, ``persons``, ...)."""
        return self._info(metric)["unit"]

    def _info(self, metric: str) -> dict:
        if metric not in self._metric_info:
            suggestion = _core.did_you_mean(metric, [name for name in self._metric_info if ":" not in name])
            raise KeyError(f"unknown metric {metric!r}{suggestion}; see tipsim.metrics()")
        return self._metric_info[metric]

    def values(self, metric: str) -> np.ndarray:
        """One metric as an array of runs x steps."""
        if metric not in self._series:
            self._info(metric)
        return self._series[metric]

    def location_values(self, metric: str) -> np.ndarray:
        """One location metric as an array of runs x steps x municipalities."""
        if metric not in self._location_series:
            raise KeyError(f"unknown location metric {metric!r}; have {self.location_metric_names}")
        return self._location_series[metric]

    @property
    def timeseries(self) -> pd.DataFrame:
        """Tidy: one row per run, step and metric (run, variant, replicate, step, date, metric, value)."""
        return self.timeseries_of(self.metric_names)

    def timeseries_of(self, metrics: Iterable[str]) -> pd.DataFrame:
        """Tidy time series of some metrics only (cheaper for large batches)."""
        metrics = list(metrics)
        runs, steps = len(self.runs), len(self.years)
        frames = []
        for metric in metrics:
            values = self.values(metric)
            frames.append(pd.DataFrame({
                "run": np.repeat(self.runs["id"].to_numpy(), steps),
                "variant": np.repeat(self.runs["variant"].to_numpy(), steps),
                "replicate": np.repeat(self.runs["replicate"].to_numpy(), steps),
                "step": np.tile(np.arange(steps), runs),
                "date": np.tile(self.years, runs),
                "metric": metric,
                "value": values.reshape(-1),
            }))
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    @property
    def locations(self) -> pd.DataFrame:
        """Tidy: one row per run, step, municipality and location metric."""
        runs, steps, places = len(self.runs), len(self.years), len(self.municipalities)
        frames = []
        for metric, values in self._location_series.items():
            frames.append(pd.DataFrame({
                "run": np.repeat(self.runs["id"].to_numpy(), steps * places),
                "variant": np.repeat(self.runs["variant"].to_numpy(), steps * places),
                "replicate": np.repeat(self.runs["replicate"].to_numpy(), steps * places),
                "step": np.tile(np.repeat(np.arange(steps), places), runs),
                "date": np.tile(np.repeat(self.years, places), runs),
                "municipality": np.tile(self.municipalities, runs * steps),
                "metric": metric,
                "value": values.reshape(-1),
            }))
        return pd.concat(frames, ignore_index=True)

    def to_xarray(self):
        """An xarray Dataset: every metric over (run, step), location metrics over
        (run, step, municipality), in their stored types (int64 counts, float64 amounts), with
        units and descriptions as attributes. Each run's variant, point, replicate, seed and
        every parameter a batch varied (grid axes, sample ranges, variant overrides) are
        coordinates along ``run``, so ``dataset.where(dataset["policy.enforcement"] == 0.5)``
        or ``groupby("policy.enforcement")`` work directly."""
        import xarray as xr

        coords = {"run": self.runs["id"].to_numpy(), "step": np.arange(len(self.years)),
                  "municipality": self.municipalities}
        data = {}
        for metric, values in self._series.items():
            info = self._info(metric)
            data[metric] = xr.DataArray(values, dims=("run", "step"),
                                        attrs={"units": info["unit"], "description": info["description"],
                                               "observation": info["observation"]})
        for metric, values in self._location_series.items():
            info = self._metric_info["location:" + metric]
            data["location_" + metric] = xr.DataArray(
                values, dims=("run", "step", "municipality"),
                attrs={"units": info["unit"], "description": info["description"], "observation": info["observation"]})
        dataset = xr.Dataset(data, coords=coords)
        along_runs = {"date": ("step", self.years)}
        for column in self.runs.columns:
            if column != "id":
                along_runs[column] = ("run", self.runs[column].to_numpy())
        dataset = dataset.assign_coords(along_runs)
        units = {entry["key"]: entry["unit"] for entry in _core.parameter_table()}
        for column in self.runs.columns:
            if column in units:
                dataset[column].attrs["units"] = units[column]
        dataset.attrs.update({key: value for key, value in self.metadata.items() if isinstance(value, (str, int, float))})
        return dataset

    # --- analysis ---------------------------------------------------------------------------

    def per_run(self) -> pd.DataFrame:
        """One number per run and metric, as the batch summary uses them: flows (per week)
        summed over the run, everything else averaged. Indexed by run id."""
        columns = {metric: _core.reduce_runs(metric, values) for metric, values in self._series.items()}
        return pd.DataFrame(columns, index=self.runs["id"].to_numpy())

    def compare(self, baseline: str | None = None, metrics: Iterable[str] | None = None,
                outcome: str | Iterable[str] | None = None, bootstrap: int = 2000) -> pd.DataFrame:
        """Effects of every configuration (a variant at a grid or sample point) against a
        baseline configuration, paired by replicate: the rule of ``tipsim summary``, computed by
        the engine.

        ``baseline`` is what ``tipsim summary --baseline`` takes: a variant name, a point number,
        ``"KEY=VALUE"`` of a grid (the point with that value and otherwise each point's own
        values), or several joined by ``";"``. By default: the batch's baseline variant at the
        same point when there are several variants, else point 0 of a grid or sample.

        Runs of the same replicate share their random numbers (common random numbers), so the
        paired difference isolates the change. One row per configuration and metric: the
        configuration's and the baseline's means over replicates with 95% intervals
        (``variant_*``, ``baseline_*``), the mean paired difference (``effect``) with its 95%
        Student-t interval, the effect as a percentage of the baseline mean (``percent``),
        ``direction`` (fewer / lower, more / higher, unclear, none, baseline) and a
        plain-language ``verdict``. Then, per configuration other than the baseline, one row per
        outcome with ``metric == "cost_per_outcome_averted"`` and the outcome in ``outcome``:
        extra ``policy_cost`` over the units of that outcome the configuration avoided, in
        ``effect`` with a bootstrap 95% interval, ``extra_cost`` and ``averted`` (means), and a
        ``note``; it is NaN where the effect on the outcome is not clear, and the note explains a
        negative cost (a saving). ``outcome`` is a metric name or several; by default
        victim-weeks of exploitation and people trafficked (``victim_weeks``,
        ``people_first_trafficked``): the cost per victim-week and per person spared, side by
        side. ``DataFrame.attrs["baseline"]`` says what everything was compared with.
        """
        chosen = list(metrics) if metrics is not None else self.metric_names
        for metric in chosen:
            self._info(metric)
        if outcome is None:
            outcomes = _core.costed_outcomes()
        elif isinstance(outcome, str):
            outcomes = [outcome]
        else:
            outcomes = list(outcome)
        for name in outcomes:
            self._info(name)
        needed = dict.fromkeys([*chosen, *outcomes, "policy_cost"])
        per_run = {metric: _core.reduce_runs(metric, self.values(metric)).tolist()
                   for metric in needed if metric in self._series}
        points: dict[int, list[str]] = {}
        if self.summary is not None:
            for point, label in self.summary[["point", "point_overrides"]].drop_duplicates().itertuples(index=False):
                points[int(point)] = [part for part in str(label).split("; ") if part]
        described, effects, costs = _core.compare(
            self.runs["variant"].tolist(), [int(p) for p in self.runs["point"]],
            [int(r) for r in self.runs["replicate"]], per_run, points,
            "" if baseline is None else str(baseline), str(self.metadata.get("baseline_variant", "")), chosen,
            outcomes, "policy_cost", bootstrap)
        effects = pd.DataFrame(effects)
        costs = pd.DataFrame(costs)
        effects["outcome"] = ""
        effects["note"] = ""
        costs = costs.rename(columns={"cost_per_outcome_averted": "effect", "low": "effect_low",
                                      "high": "effect_high"})
        costs["metric"] = "cost_per_outcome_averted"
        costs["direction"] = ""
        costs["verdict"] = costs["note"]
        table = pd.concat([effects, costs], ignore_index=True)
        table.attrs["baseline"] = described
        return table

    def __repr__(self) -> str:
        variants = sorted(set(self.runs["variant"]))
        return (f"Result({len(self.runs)} runs, {len(self.years)} steps from {self.years[0]:.2f}, "
                f"{len(self.municipalities)} municipalities, variants {variants})")


def read(path: str | os.PathLike) -> Result:
    """Read a tipsim results file: a single run or a batch."""
    import h5py

    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(path)
    try:
        file = h5py.File(path, "r")
    except OSError as error:
        raise ValueError(f"{path}: not an HDF5 file ({error})") from None
    with file:
        if file.attrs.get("format") not in ("tipsim-results", b"tipsim-results"):
            raise ValueError(f"{path}: not a tipsim results file (no format = \"tipsim-results\")")
        # as stored: int64 for counts, float64 for amounts
        series = {name: file["timeseries"][name][()]
                  for name in _in_table_order(file["timeseries"], _core.metric_table())}
        locations = {name: file["locations"][name][()]
                     for name in _in_table_order(file["locations"], _core.location_metric_table())}
        group = file["runs"]
        runs = pd.DataFrame({
            "id": group["id"][()], "scenario": _decode(group["scenario"][()]),
            "variant": _decode(group["variant"][()]), "point": group["point"][()],
            "replicate": group["replicate"][()], "seed": group["seed"][()],
            "overrides": _decode(group["overrides"][()]),
        })
        if "parameters" in group:
            for name in group["parameters"]:
                runs[name] = group["parameters"][name][()]
        metadata = {key: (value.decode() if isinstance(value, bytes) else value)
                    for key, value in file["metadata"].attrs.items()}
        metadata = {key: (value.item() if hasattr(value, "item") else value) for key, value in metadata.items()}
        nodes = pd.DataFrame({name: (_decode(file["network/nodes"][name][()]) if name in ("name", "kind")
                                     else file["network/nodes"][name][()]) for name in file["network/nodes"]})
        routes = pd.DataFrame({name: file["network/routes"][name][()] for name in file["network/routes"]})
        summary = costs = None
        if "summary" in file:
            summary = _read_summary(file["summary"])
            if "costs" in file["summary"]:
                costs = _read_costs(file["summary"])
        result = Result(series, locations, file["time/year"][()], runs, metadata,
                        _decode(file["network/municipalities"][()]), nodes, routes, summary, costs)
    result.path = path
    return result


def _in_table_order(group, table) -> list[str]:
    # HDF5 lists members alphabetically; the engine's order groups related metrics together
    known = [entry["name"] for entry in table if entry["name"] in group]
    return known + sorted(name for name in group if name not in known)


def _configurations(group) -> pd.DataFrame:
    return pd.DataFrame({
        "variant": _decode(group["variant"][()]), "point": group["point"][()],
        "point_overrides": _decode(group["point_overrides"][()]),
        "baseline": _decode(group["baseline"][()]), "replicates": group["replicates"][()],
    })


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _read_costs(group) -> pd.DataFrame:
    configurations = _configurations(group)
    frames = []
    for outcome in group["costs"]:
        dataset = group["costs"][outcome]
        frame = pd.DataFrame(dataset[()], columns=_text(dataset.attrs["columns"]).split(","))
        frame.insert(0, "outcome", outcome)
        frame.insert(1, "units", _text(dataset.attrs["units"]))
        frames.append(pd.concat([configurations, frame], axis=1))
    return pd.concat(frames, ignore_index=True)


def _read_summary(group) -> pd.DataFrame:
    configurations = _configurations(group)
    frames = []
    for metric in group["metrics"]:
        dataset = group["metrics"][metric]
        columns = dataset.attrs["columns"]
        columns = (columns.decode() if isinstance(columns, bytes) else columns).split(",")
        frame = pd.DataFrame(dataset[()], columns=columns)
        frame.insert(0, "metric", metric)
        units = dataset.attrs["units"]
        frame.insert(1, "units", units.decode() if isinstance(units, bytes) else units)
        frames.append(pd.concat([configurations, frame], axis=1))
    return pd.concat(frames, ignore_index=True)
