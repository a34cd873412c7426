"""Plots with matplotlib only: time series with replicate bands, intervention effects with
intervals, and the location network coloured by a metric."""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from .result import Result


def _axes(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 4))
    return ax


def timeseries(result: Result, metric: str, ax=None, by: str = "variant", band: tuple[float, float] = (5, 95),
               variants: Iterable[str] | None = None, per: str = "week"):
    """A metric over time: the median over replicates and a band (5-95% by default) per variant.

    ``per="year"`` sums flows over calendar years first (points at mid-year; the first and last
    years may be partial).
    """
    ax = _axes(ax)
    values = result.values(metric)
    groups = result.runs.groupby(by).indices
    chosen = list(variants) if variants is not None else list(groups)
    x = result.years
    for name in chosen:
        rows = values[groups[name]]
        if per == "year":
            years = np.floor(x).astype(int)
            keys = np.unique(years)
            rows = np.stack([rows[:, years == year].sum(axis=1) for year in keys], axis=1)
            xs = keys + 0.5
        else:
            xs = x
        middle = np.median(rows, axis=0)
        line, = ax.plot(xs, middle, label=f"{name} (n={len(rows)})")
        if len(rows) > 1:
            low, high = np.percentile(rows, band, axis=0)
            ax.fill_between(xs, low, high, color=line.get_color(), alpha=0.2, linewidth=0)
    unit = result.units(metric)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("year")
    ax.set_ylabel(f"{metric} ({unit.replace('/week', '/year') if per == 'year' else unit})")
    ax.legend(fontsize="small")
    return ax


def effects(comparison: pd.DataFrame, metric: str, ax=None, point: int | None = None):
    """Each variant's paired effect on a metric with its 95% interval (from Result.compare)."""
    ax = _axes(ax)
    rows = comparison[comparison["metric"] == metric]
    # the baseline against itself is zero by construction
    rows = rows[~((rows["effect"] == 0) & (rows["effect_low"] == 0) & (rows["effect_high"] == 0))]
    if point is not None:
        rows = rows[rows["point"] == point]
    labels = [f"{row.variant}" + (f" @{row.point}" if rows["point"].nunique() > 1 else "") for row in rows.itertuples()]
    y = np.arange(len(rows))
    effect = rows["effect"].to_numpy()
    errors = np.vstack([effect - rows["effect_low"].to_numpy(), rows["effect_high"].to_numpy() - effect])
    ax.errorbar(effect, y, xerr=np.nan_to_num(errors), fmt="o", capsize=4)
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set_yticks(y, labels)
    units = rows["units"].iloc[0] if len(rows) else ""
    ax.set_xlabel(f"effect on {metric} ({units}), mean paired difference and 95% interval")
    return ax


def network(result: Result, metric: str = "victims_exploited_local", ax=None, step: int | None = None,
            run: int | None = None):
    """The location network: municipalities coloured and sized by a location metric (mean over
    runs, and over all steps unless ``step`` is given), bases, crossings and markets marked."""
    import matplotlib.pyplot as plt

    ax = _axes(ax)
    nodes = result.nodes
    values = result.location_values(metric)
    if run is not None:
        values = values[result.runs.index[result.runs["id"] == run]]
    field = values[:, step, :] if step is not None else values.mean(axis=1)
    per_municipality = field.mean(axis=0)
    # markets lie far away: draw them at the edge, not at their distance
    x = nodes["x_km"].to_numpy(float).copy()
    y = nodes["y_km"].to_numpy(float).copy()
    kinds = nodes["kind"].to_numpy()
    inside = kinds != "market"
    span = max(np.ptp(x[inside]), np.ptp(y[inside]), 1.0)
    markets = np.flatnonzero(~inside)
    for i, index in enumerate(markets):
        x[index] = x[inside].max() + 0.25 * span
        y[index] = y[inside].min() + span * (i + 0.5) / max(len(markets), 1)
    for a, b in zip(result.routes["from"].astype(int), result.routes["to"].astype(int)):
        ax.plot([x[a], x[b]], [y[a], y[b]], color="lightgrey", linewidth=0.8, zorder=1)
    count = len(result.municipalities)
    scatter = ax.scatter(x[:count], y[:count], c=per_municipality, s=40 + 400 * nodes["population_weight"][:count]
                         / max(nodes["population_weight"][:count].max(), 1e-9), cmap="viridis", zorder=2,
                         edgecolors="black", linewidths=0.4)
    markers = {"base": ("s", "tab:blue"), "border_crossing": ("^", "tab:orange"), "market": ("D", "tab:red")}
    for kind, (marker, colour) in markers.items():
        chosen = kinds == kind
        if chosen.any():
            ax.scatter(x[chosen], y[chosen], marker=marker, color=colour, s=50, label=kind.replace("_", " "), zorder=3)
    plt.colorbar(scatter, ax=ax, label=f"{metric} ({result.units('location:' + metric)})")
    ax.set_xlabel("km")
    ax.set_ylabel("km")
    ax.set_aspect("equal", adjustable="datalim")
    ax.legend(fontsize="small", loc="upper left")
    return ax
