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
    path : str or None
        The results file it was read from (None for a run held in memory).
    """

    def __init__(self, series, location_series, years, runs, metadata, municipalities, nodes, routes,
                 summary=None):
        self._series = series
        self._location_series = location_series
        self.years = np.asarray(years)
        self.runs = runs
        self.metadata = metadata
        self.municipalities = list(municipalities)
        self.nodes = nodes
        self.routes = routes
        self.summary = summary
        self.path = None
        self._metric_info = {entry["name"]: entry for entry in _core.metric_table()}
        self._metric_info.update({"location:" + entry["name"]: entry for entry in _core.location_metric_table()})

    # --- construction -----------------------------------------------------------------------

    @classmethod
    def from_run(cls, arrays: dict, scenario) -> "Result":
        """A result from the arrays tipsim._core.run returns."""
        series = {m["name"]: arrays["timeseries"][i][np.newaxis, :] for i, m in enumerate(_core.metric_table())}
        locations = {m["name"]: arrays["locations"][i][np.newaxis, :, :]
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
            raise KeyError(f"unknown metric {metric!r}; see tipsim.metrics()")
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
        (run, step, municipality), with units and descriptions as attributes."""
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
        dataset = dataset.assign_coords(date=("step", self.years), variant=("run", self.runs["variant"].to_numpy()),
                                        replicate=("run", self.runs["replicate"].to_numpy()))
        dataset.attrs.update({key: value for key, value in self.metadata.items() if isinstance(value, (str, int, float))})
        return dataset

    # --- analysis ---------------------------------------------------------------------------

    def per_run(self) -> pd.DataFrame:
        """One number per run and metric, as the batch summary uses them: flows (per week)
        summed over the run, everything else averaged. Indexed by run id."""
        columns = {metric: _core.reduce_runs(metric, values) for metric, values in self._series.items()}
        return pd.DataFrame(columns, index=self.runs["id"].to_numpy())

    def compare(self, baseline: str = "baseline", metrics: Iterable[str] | None = None,
                bootstrap: int = 2000) -> pd.DataFrame:
        """Effects of every variant against ``baseline``, paired by point and replicate.

        Runs of the same replicate share their random numbers (common random numbers), so the
        paired difference isolates the policy. One row per variant, point and metric: the
        baseline's and the variant's mean over replicates, the mean paired difference
        (``effect``) and its 95% Student-t interval. A row per configuration for
        ``cost_per_victim_averted`` (USD per person: extra policy cost over victims recruited
        avoided) carries a bootstrap 95% interval over replicates.
        """
        runs = self.runs
        if baseline not in set(runs["variant"]):
            raise ValueError(f"no variant named {baseline!r}; have {sorted(set(runs['variant']))}")
        chosen = list(metrics) if metrics is not None else self.metric_names
        for metric in chosen:
            self._info(metric)
        per_run = self.per_run()
        table = runs[["id", "variant", "point", "replicate"]].join(per_run, on="id")
        base = table[table["variant"] == baseline].set_index(["point", "replicate"])
        rows = []
        for (variant, point), group in table.groupby(["variant", "point"], sort=False):
            group = group.set_index(["point", "replicate"])
            paired = group.join(base, rsuffix="__baseline", how="inner")
            n = len(paired)
            for metric in chosen:
                difference = (paired[metric] - paired[metric + "__baseline"]).to_numpy()
                mean, low, high = _core.mean_interval(difference.tolist())
                rows.append({
                    "variant": variant, "point": point, "metric": metric,
                    "units": self._info(metric)["run_units"],
                    "replicates": n, "baseline_mean": paired[metric + "__baseline"].mean(),
                    "variant_mean": paired[metric].mean(), "effect": mean,
                    "effect_low": low, "effect_high": high,
                })
            extra_cost = (paired["policy_cost"] - paired["policy_cost__baseline"]).to_numpy()
            averted = (paired["victims_recruited__baseline"] - paired["victims_recruited"]).to_numpy()
            ratio, low, high = _core.cost_per_outcome_averted(extra_cost.tolist(), averted.tolist(), bootstrap)
            rows.append({
                "variant": variant, "point": point, "metric": "cost_per_victim_averted", "units": "USD/person",
                "replicates": n, "baseline_mean": np.nan, "variant_mean": np.nan, "effect": ratio,
                "effect_low": low, "effect_high": high,
            })
        return pd.DataFrame(rows)

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
        series = {name: file["timeseries"][name][()].astype(float)
                  for name in _in_table_order(file["timeseries"], _core.metric_table())}
        locations = {name: file["locations"][name][()].astype(float)
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
        summary = None
        if "summary" in file:
            summary = _read_summary(file["summary"])
        result = Result(series, locations, file["time/year"][()], runs, metadata,
                        _decode(file["network/municipalities"][()]), nodes, routes, summary)
    result.path = path
    return result


def _in_table_order(group, table) -> list[str]:
    # HDF5 lists members alphabetically; the engine's order groups related metrics together
    known = [entry["name"] for entry in table if entry["name"] in group]
    return known + sorted(name for name in group if name not in known)


def _read_summary(group) -> pd.DataFrame:
    configurations = pd.DataFrame({
        "variant": _decode(group["variant"][()]), "point": group["point"][()],
        "point_overrides": _decode(group["point_overrides"][()]),
        "baseline": _decode(group["baseline"][()]), "replicates": group["replicates"][()],
    })
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
