"""Figures someone who does not run Python can read: every axis says what it shows in words and
units (from the engine's metric and parameter tables), every figure has a title, every series
one legend entry, partial calendar years are left out (or marked), and effects read as counts
and as a share of the baseline with the number of paired runs and the direction that means
fewer victims. matplotlib only.

- :func:`timeseries`: metrics over time, the median of the runs and a band, per variant
- :func:`effects`: each variant's or grid point's effect on a metric, from ``Result.compare``
- :func:`network`: the location network coloured by a metric
- :func:`posterior` and :func:`predictive`: a calibration's posterior and its fit to the targets
- :func:`morris` and :func:`sobol`: sensitivity indices
"""

from __future__ import annotations

import textwrap
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from . import _core

_METRICS = {entry["name"]: entry for entry in _core.metric_table()}
_PARAMETERS = {entry["key"]: entry for entry in _core.parameter_table()}
WEEKS_PER_YEAR = 365.25 / 7


def _axes(ax, width: float = 8.0, height: float = 4.5):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return ax


def _words(name: str) -> str:
    """A table name as words: "victims_recruited" -> "victims recruited"."""
    return name.replace("_", " ")


def _description(metric: str, per: str = "week") -> str:
    """The metric's description as a phrase; over calendar years a flow's "this week" goes."""
    text = _METRICS[metric]["description"].rstrip(".")
    if per == "year":
        text = text.replace(" this week", "").replace(" per week", "")
    return text


def _wrap(text: str, width: int = 60) -> str:
    return "\n".join(textwrap.wrap(text, width))


def _title_width(ax) -> int:
    """About how many characters of a medium title fit over the axes."""
    inches = ax.get_position().width * ax.figure.get_figwidth()
    return max(28, int(inches * 10))


def _metric(metric: str, location: bool = False) -> dict:
    table = {entry["name"]: entry for entry in _core.location_metric_table()} if location else _METRICS
    if metric not in table:
        raise KeyError(f"unknown metric {metric!r}; see tipsim.metrics()")
    return table[metric]


def _configurations(result: "Result", by: str) -> dict[str, np.ndarray]:
    """Runs grouped by variant, or by configuration (variant at a point), labelled in words."""
    runs = result.runs
    if by == "variant" or runs["point"].nunique() == 1:
        return {str(name): np.asarray(rows) for name, rows in runs.groupby("variant", sort=False).indices.items()}
    if by != "configuration":
        return {str(name): np.asarray(rows) for name, rows in runs.groupby(by, sort=False).indices.items()}
    labels = {}
    if result.summary is not None:
        labels = dict(result.summary[["point", "point_overrides"]].drop_duplicates().itertuples(index=False))
    several = runs["variant"].nunique() > 1
    groups = {}
    for (variant, point), rows in runs.groupby(["variant", "point"], sort=False).indices.items():
        place = labels.get(point) or f"point {point}"
        groups[f"{variant} [{place}]" if several else str(place)] = np.asarray(rows)
    return groups


def timeseries(result: "Result | Mapping[str, Result]", metrics: str | Sequence[str], ax=None, by: str = "configuration",
               band: tuple[float, float] = (5, 95), variants: Iterable[str] | None = None, per: str = "week",
               partial: str = "drop", title: str | None = None):
    """Metrics over time: for each variant (each configuration of a grid: ``by``) the median
    over its runs, and a band (5-95% by default) when there are several.

    ``result`` is one result, or several by label (``{"baseline": one, "your levers": other}``,
    each drawn as one group). ``metrics`` is one metric or several (drawn on the same axes, so
    they should share a unit).
    ``per="year"`` gives calendar years: flows are summed over each year, stocks and indices
    averaged; years the run covers only in part (a run from mid-1999 covers half of 1999) are
    left out (``partial="drop"``) or drawn hollow and dashed (``partial="mark"``), so that a
    half year never reads as a collapse. ``variants`` picks some groups by their labels.
    """
    ax = _axes(ax)
    names = [metrics] if isinstance(metrics, str) else list(metrics)
    if not names:
        raise ValueError("no metric to draw")
    if per not in ("week", "year"):
        raise ValueError(f"per must be 'week' or 'year', got {per!r}")
    if partial not in ("drop", "mark"):
        raise ValueError(f"partial must be 'drop' or 'mark', got {partial!r}")
    if isinstance(result, Mapping):
        sources = {label: (one, np.arange(len(one.runs))) for label, one in result.items()}
    else:
        sources = {label: (result, rows) for label, rows in _configurations(result, by).items()}
    groups = {label: rows for label, (_, rows) in sources.items()}
    chosen = list(variants) if variants is not None else list(groups)
    for name in chosen:
        if name not in groups:
            raise KeyError(f"no runs labelled {name!r}; have {list(groups)}")
    dates = next(iter(sources.values()))[0].years
    years = np.floor(dates).astype(int)
    calendar = np.unique(years)
    cover = np.array([(years == year).sum() / WEEKS_PER_YEAR for year in calendar])
    whole = cover >= 0.98
    left_out = []
    for metric in names:
        info = _metric(metric)
        for name in chosen:
            source, indices = sources[name]
            rows = source.values(metric)[indices].astype(float)
            if per == "year":
                if info["summed_over_run"]:
                    rows = np.stack([rows[:, years == year].sum(axis=1) for year in calendar], axis=1)
                else:
                    rows = np.stack([rows[:, years == year].mean(axis=1) for year in calendar], axis=1)
                xs = calendar.astype(float)  # a year's point sits on its tick
            else:
                xs = dates
            label = _words(metric) if len(names) > 1 else name
            if len(names) > 1 and len(chosen) > 1:
                label = f"{_words(metric)}, {name}"
            label += f" (median of {len(rows)} runs)" if len(rows) > 1 else ""
            middle = np.median(rows, axis=0)
            keep = whole if per == "year" else np.ones(len(xs), dtype=bool)
            line, = ax.plot(xs[keep] if partial == "drop" else xs, middle[keep] if partial == "drop" else
                            np.where(keep, middle, np.nan), label=label, marker="o" if per == "year" else None,
                            markersize=4)
            if per == "year" and partial == "mark" and (~whole).any():
                ax.plot(xs[~whole], middle[~whole], linestyle="none", marker="o", markerfacecolor="white",
                        color=line.get_color())
            if len(rows) > 1:
                low, high = np.percentile(rows, band, axis=0)
                shown = keep if partial == "drop" else np.ones(len(xs), dtype=bool)
                ax.fill_between(xs[shown], low[shown], high[shown], color=line.get_color(), alpha=0.2, linewidth=0)
    if per == "year":
        left_out = [str(year) for year in calendar[~whole]]
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    # counts and amounts from zero, so that a change reads at its true size
    if ax.dataLim.y0 >= 0:
        ax.set_ylim(bottom=0)
    ax.set_xlabel("calendar year" if per == "year" else "date (year)")
    if per == "year":
        shown = calendar[whole] if partial == "drop" else calendar
        if len(shown) <= 12:
            ax.set_xticks(shown)
    unit = _metric(names[0])["unit"]
    if per == "year" and _metric(names[0])["summed_over_run"]:
        unit = unit.replace("/week", " per year")
    elif per == "year":
        unit += ", yearly mean"
    short = ", ".join(_words(metric) for metric in names)
    ax.set_ylabel(_wrap(f"{short[0].upper() + short[1:]} ({unit})", 45))
    if title is None:
        title = _description(names[0], per) if len(names) == 1 else short[0].upper() + short[1:]
        if per == "year":
            title += " per year" if _metric(names[0])["summed_over_run"] else " (yearly mean)"
    if left_out:
        note = ("partial years " + ", ".join(left_out) + " left out") if partial == "drop" else (
            "hollow points: partial years " + ", ".join(left_out))
        title = f"{title}\n({note})"
    ax.set_title(_wrap(title, _title_width(ax)), fontsize="medium")
    band_note = f"line: median; band: {band[0]:g}-{band[1]:g}% of runs"
    ax.legend(fontsize="small", title=band_note if any(len(groups[name]) > 1 for name in chosen) else None,
              title_fontsize="small")
    return ax


def _configuration_label(row) -> str:
    if row.point_label and str(row.point_label) != "nan":
        return f"{row.variant} [{row.point_label}]" if row.variant else str(row.point_label)
    return str(row.variant)


def effects(comparison: pd.DataFrame, metric: str, ax=None, point: int | None = None, sort: bool = True,
            title: str | None = None):
    """Each variant's (or grid point's) effect on a metric, from :meth:`Result.compare`: the
    mean paired difference with its 95% interval as a count, each labelled with its share of
    the baseline and the number of paired runs (n), sorted from the largest fall to the
    largest rise. The side of fewer victims (lower values) is marked."""
    rows = comparison[(comparison["metric"] == metric)]
    if "direction" in rows:
        rows = rows[rows["direction"] != "baseline"]
    if point is not None:
        rows = rows[rows["point"] == point]
    if rows.empty:
        raise ValueError(f"nothing to draw for {metric!r}: no configuration other than the baseline")
    if sort:
        rows = rows.sort_values("effect", ascending=False)
    several_variants = rows["variant"].nunique() > 1
    labels = []
    for row in rows.itertuples():
        name = _configuration_label(row) if several_variants else (row.point_label or row.variant)
        labels.append(f"{name} (n={row.replicates})")
    ax = _axes(ax, 8.5, max(2.5, 0.45 * len(rows) + 1.8))
    y = np.arange(len(rows))
    effect = rows["effect"].to_numpy(float)
    low = rows["effect_low"].to_numpy(float)
    high = rows["effect_high"].to_numpy(float)
    errors = np.vstack([np.nan_to_num(effect - low), np.nan_to_num(high - effect)])
    # clear effects (the interval on one side of no change) stand out; no colour says good or bad
    colours = ["tab:blue" if h < 0 or lo > 0 else "tab:grey" for lo, h in zip(low, high)]
    for i in range(len(rows)):
        ax.errorbar(effect[i], y[i], xerr=errors[:, i:i + 1], fmt="o", capsize=4, color=colours[i])
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(y, labels)
    percent = rows["percent"].to_numpy(float) if "percent" in rows else np.full(len(rows), np.nan)
    for i in range(len(rows)):
        text = f"{effect[i]:+,.0f}" if abs(effect[i]) >= 10 else f"{effect[i]:+.2g}"
        if np.isfinite(percent[i]):
            text += f" ({percent[i]:+.0f}%)"
        ax.annotate(text, (effect[i], y[i]), xytext=(0, 7), textcoords="offset points", ha="center",
                    fontsize="small")
    ax.set_ylim(-0.7, len(rows) - 0.3)
    info = _metric(metric)
    units = rows["units"].iloc[0]
    fewer, more = ("fewer", "more") if info["count"] else ("lower", "higher")
    ax.set_xlabel(_wrap(f"change in {_words(metric)} over the run ({units}): mean paired difference "
                        f"against the baseline, 95% interval", 80))
    ax.set_ylabel("variant or grid point (n = paired runs)")
    ax.text(0.0, 1.01, f"\u2190 {fewer} {_words(metric)}", transform=ax.transAxes, ha="left", va="bottom",
            fontsize="small")
    ax.text(1.0, 1.01, f"{more} \u2192", transform=ax.transAxes, ha="right", va="bottom", fontsize="small")
    baselines = rows["baseline_mean"].to_numpy(float) if "baseline_mean" in rows else np.array([np.nan])
    shared = np.isfinite(baselines).all() and np.allclose(baselines, baselines[0]) and baselines[0] != 0
    left, right = ax.get_xlim()
    span = max(abs(left), abs(right))
    ax.set_xlim(-1.1 * span, 1.1 * span)
    if shared:
        base = float(baselines[0])
        top = ax.secondary_xaxis("top", functions=(lambda x: 100 * x / base, lambda p: p * base / 100))
        top.set_xlabel("% of the baseline", fontsize="small")
    against = comparison.attrs.get("baseline")
    if title is None:
        title = f"Effect on {_description(metric, 'year').lower()} over the run"
        if against:
            title += f", against {against}"
    ax.set_title(_wrap(title, _title_width(ax)), fontsize="medium", pad=28 if shared else 16)
    return ax


def network(result: "Result", metric: str = "victims_exploited_local", ax=None, step: int | None = None,
            run: int | None = None, title: str | None = None):
    """The location network: municipalities coloured and sized by a location metric (mean over
    runs, and over all steps unless ``step`` is given), bases, crossings and markets marked."""
    import matplotlib.pyplot as plt

    ax = _axes(ax, 8, 6)
    info = _metric(metric, location=True)
    nodes = result.nodes
    values = result.location_values(metric).astype(float)
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
    weights = nodes["population_weight"].to_numpy(float)[:count]
    scatter = ax.scatter(x[:count], y[:count], c=per_municipality, s=40 + 400 * weights / max(weights.max(), 1e-9),
                         cmap="viridis", zorder=2, edgecolors="black", linewidths=0.4, label="municipality")
    markers = {"base": ("s", "tab:blue", "peacekeepers' base"), "border_crossing": ("^", "tab:orange", "border crossing"),
               "market": ("D", "tab:red", "market abroad (not to scale)")}
    for kind, (marker, colour, name) in markers.items():
        chosen = kinds == kind
        if chosen.any():
            ax.scatter(x[chosen], y[chosen], marker=marker, color=colour, s=50, label=name, zorder=3)
    when = f"week {step}" if step is not None else "mean over the run"
    plt.colorbar(scatter, ax=ax, label=_wrap(f"{info['description'].rstrip('.')} ({info['unit']}, {when})", 50))
    ax.set_xlabel("east-west (km)")
    ax.set_ylabel("north-south (km)")
    ax.set_aspect("equal", adjustable="datalim")
    ax.legend(fontsize="small", loc="upper left", title="circle size: population", title_fontsize="small")
    ax.set_title(title or f"Where: {_words(metric)} by municipality", fontsize="medium")
    return ax


def _parameter_label(key: str) -> str:
    entry = _PARAMETERS.get(key)
    return f"{key} ({entry['unit']})" if entry else key


def posterior(calibration, axes=None, bins: int = 12):
    """A calibration's posterior: one weighted histogram per parameter over its prior range,
    with logarithmic bins (and axis) for log-uniform priors."""
    import matplotlib.pyplot as plt

    parameters = calibration.parameters
    count = len(parameters)
    if axes is None:
        columns = min(count, 3)
        rows = int(np.ceil(count / columns))
        figure, axes = plt.subplots(rows, columns, figsize=(4.2 * columns, 3.2 * rows), layout="constrained",
                                    squeeze=False)
        for extra in axes.flat[count:]:
            extra.set_visible(False)
        figure.suptitle(f"Posterior of {calibration.name}: which parameter values reproduce the targets")
    axes = np.atleast_1d(axes).ravel()
    last = calibration.posterior
    for ax, parameter in zip(axes, parameters.itertuples()):
        logarithmic = bool(parameter.logarithmic)
        edges = (np.geomspace(parameter.minimum, parameter.maximum, bins + 1) if logarithmic
                 else np.linspace(parameter.minimum, parameter.maximum, bins + 1))
        ax.hist(last[parameter.key], weights=last["weight"], bins=edges, color="tab:blue", edgecolor="white")
        if logarithmic:
            ax.set_xscale("log")
        ax.set_xlim(parameter.minimum, parameter.maximum)
        ax.set_xlabel(_wrap(_parameter_label(parameter.key), 40), fontsize="small")
        ax.set_ylabel("posterior weight")
        ax.set_title(f"{'log-uniform' if logarithmic else 'uniform'} prior over the axis", fontsize="small")
    return axes


def predictive(calibration, ax=None):
    """The posterior predictive check: for each target, the published value or range (the
    band) against the 5-95% range and median of its simulations under the posterior; a log
    axis, since targets differ by orders of magnitude."""
    table = calibration.predictive()
    ax = _axes(ax, 8.5, max(2.5, 0.55 * len(table) + 1.5))
    y = np.arange(len(table))
    for i, row in enumerate(table.itertuples()):
        if row.observed_high > row.observed_low:
            ax.plot([row.observed_low, row.observed_high], [i, i], color="tab:orange", linewidth=8, alpha=0.5,
                    solid_capstyle="butt", label="published range" if i == 0 else None)
        else:
            ax.plot([row.observed_low], [i], color="tab:orange", marker="|", markersize=22, markeredgewidth=3,
                    linestyle="none", label="published value")
        ax.errorbar(row.simulated_median, i, xerr=[[max(row.simulated_median - row.simulated_q05, 0)],
                                                   [max(row.simulated_q95 - row.simulated_median, 0)]],
                    fmt="o", color="tab:blue", capsize=4, label="simulated: median, 5-95%" if i == 0 else None)
    ax.set_yticks(y, [_wrap(f"{name} ({kind})", 45) for name, kind in zip(table["name"], table["kind"])])
    ax.set_ylim(-0.6, len(table) - 0.4)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    positive = np.concatenate([table["observed_low"], table["simulated_q05"]]).astype(float)
    if (positive > 0).all():
        ax.set_xscale("log")
    ax.set_xlabel("value of the target (its own units; log scale)")
    ax.set_ylabel("target (true or detected)")
    ax.set_title(f"Fit of {calibration.name}: published figures against simulations", fontsize="medium")
    ax.legend(unique.values(), unique.keys(), fontsize="small", loc="best")
    return ax


def morris(screening: pd.DataFrame, ax=None, output: str = "the output"):
    """Morris screening (from :func:`tipsim.sensitivity.morris`): mean absolute effect against
    spread, each parameter named; far right matters most, high up interacts or bends."""
    ax = _axes(ax, 7, 5)
    ax.scatter(screening["mu_star"], screening["sigma"], color="tab:blue")
    for row in screening.itertuples():
        ax.annotate(row.parameter, (row.mu_star, row.sigma), xytext=(4, 4), textcoords="offset points",
                    fontsize="small")
    ax.set_xlabel(_wrap(f"mu*: mean absolute effect on {output} of moving a parameter across its range", 60))
    ax.set_ylabel("sigma: spread of the effects (interactions, non-linearity)")
    ax.set_title(f"Which parameters move {output} (Morris screening)", fontsize="medium")
    return ax


def sobol(indices: pd.DataFrame, ax=None, output: str = "the output"):
    """Sobol indices (from :func:`tipsim.sensitivity.sobol`): first-order and total share of
    variance per parameter, with their bootstrap intervals."""
    ax = _axes(ax, 7.5, max(2.5, 0.5 * len(indices) + 1.5))
    y = np.arange(len(indices))
    for offset, (name, colour, label) in zip((-0.18, 0.18), (("S1", "tab:blue", "first order (alone)"),
                                                             ("ST", "tab:orange", "total (with interactions)"))):
        value = indices[name].to_numpy(float)
        error = np.vstack([value - indices[f"{name}_low"].to_numpy(float),
                           indices[f"{name}_high"].to_numpy(float) - value])
        ax.barh(y + offset, value, height=0.34, xerr=np.clip(error, 0, None), color=colour, label=label,
                capsize=3)
    ax.set_yticks(y, indices["parameter"])
    ax.set_xlabel(f"share of the variance of {output}")
    ax.set_ylabel("parameter")
    ax.set_title(f"What explains the spread of {output} (Sobol indices, 95% intervals)", fontsize="medium")
    ax.legend(fontsize="small")
    return ax
