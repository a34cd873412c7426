"""A report to share: one self-contained HTML file (charts inline as SVG images, no scripts, no
network) with the effects of every variant or grid point with their intervals, the verdicts in
plain words, the cost per outcome averted, the main time series, and where the numbers came
from (version, commit, scenario, seeds, command). The numbers and the verdicts are the engine's
(``Result.compare``, the rule of ``tipsim summary``); this module only lays them out.

    python3 -m tipsim report results/policy-comparison.h5 -o report.html
    tipsim report results/policy-comparison.h5 -o report.html      # the same, from the binary
    tipsim.load("results/policy-comparison.h5").report("report.html")
"""

from __future__ import annotations

import base64
import datetime
import html
import io
import os
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from . import _core, plot
from .result import Result, read

#: The series drawn over time.
SERIES = ["victims_recruited", "victims_exploited_local", "peacekeeper_purchases"]
#: At most this many configurations get a line of their own in a time series.
MOST_LINES = 8


def _svg(figure) -> str:
    """A figure as an <img> with an inline SVG: text drawn as paths, so no font is needed."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    with plt.rc_context({"svg.fonttype": "path", "svg.hashsalt": "tipsim"}):
        figure.savefig(buffer, format="svg")
    plt.close(figure)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img class="chart" alt="chart" src="data:image/svg+xml;base64,{data}">'


def _number(value: float, sign: bool = False) -> str:
    if value is None or not np.isfinite(value):
        return "n/a"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return ("+" + text) if sign and value > 0 else text


def _interval(mean: float, low: float, high: float, sign: bool = False) -> str:
    if not np.isfinite(low):
        return _number(mean, sign)
    return f"{_number(mean, sign)} <span class=\"ci\">[{_number(low, sign)}, {_number(high, sign)}]</span>"


def _name(row) -> str:
    label = row.point_label if isinstance(row.point_label, str) else ""
    return f"{row.variant} [{label}]" if label and row.variant != label else (label or row.variant)


def _words(metric: str) -> str:
    return metric.replace("_", " ")


def _table(header: list[str], rows: Iterable[list[str]], css: str = "") -> str:
    head = "".join(f"<th>{cell}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


STYLE = """
body { font-family: sans-serif; max-width: 70em; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } td.number { text-align: right; white-space: nowrap; }
.ci { color: #666; } .fewer, .lower, .more, .higher { font-weight: 600; }
.unclear, .none, .too.few { color: #666; } img.chart { max-width: 100%; display: block; margin: 1em 0; }
pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; font-size: 0.8em; }
.note { color: #444; font-size: 0.9em; } li { margin: 0.3em 0; }
"""


def report(result: Result | str | os.PathLike, out: str | os.PathLike, baseline: str | None = None,
           outcome: str | Iterable[str] | None = None, metrics: Iterable[str] | None = None,
           command: str | None = None) -> Path:
    """Write the report of a results file (or a :class:`Result`) to ``out`` and return its path.

    ``baseline``, ``outcome`` and ``metrics`` are those of :meth:`Result.compare` (and of
    ``tipsim summary``); by default the main outcomes, costed per victim-week and per person
    spared, against the batch's baseline variant or point 0 of a grid. ``command`` records how
    the report was made (default: this call).
    """
    if not isinstance(result, Result):
        result = read(result)
    chosen = list(metrics) if metrics is not None else list(_core.main_metrics())
    if outcome is None:
        outcomes = list(_core.costed_outcomes())
    else:
        outcomes = [outcome] if isinstance(outcome, str) else list(outcome)
    for metric in [*chosen, *outcomes]:
        result._info(metric)
    comparison = result.compare(baseline=baseline, metrics=list(dict.fromkeys([*chosen, *outcomes])),
                                outcome=outcomes)
    against = comparison.attrs.get("baseline", "")
    effects = comparison[comparison["metric"] != "cost_per_outcome_averted"]
    costs = comparison[comparison["metric"] == "cost_per_outcome_averted"]
    compared = effects[effects["direction"] != "baseline"]
    metadata = result.metadata
    name = str(metadata.get("batch_name") or (result.runs["scenario"].iloc[0] if len(result.runs) else "run"))
    replicates = int(result.runs.groupby(["variant", "point"]).size().max()) if len(result.runs) else 0
    configurations = result.runs[["variant", "point"]].drop_duplicates()

    parts = [f"<h1>{html.escape(name)}: what the simulation says</h1>"]
    parts.append(
        f"<p>{len(result.runs)} runs of the scenario <b>{html.escape(str(result.runs['scenario'].iloc[0]))}</b>: "
        f"{len(configurations)} configuration{'s' if len(configurations) != 1 else ''} (a variant of the "
        f"scenario at a point of its grid or sample) &times; {replicates} replicate{'s' if replicates != 1 else ''}, "
        f"{len(result.years)} weekly steps from {result.years[0]:.1f} to {result.years[-1]:.1f}. "
        f"Effects are measured against {html.escape(against)}.</p>")

    # the verdicts
    parts.append("<h2>In plain words</h2>")
    if compared.empty:
        parts.append("<p>There is only one configuration here: nothing to compare. A batch with variants, "
                     "a grid or a sample (<code>tipsim batch</code>) gives effects.</p>")
    else:
        items = []
        for (variant, point), group in compared.groupby(["variant", "point"], sort=False):
            first = group.iloc[0]
            lines = [f"<span class=\"{html.escape(row.direction)}\">{html.escape(row.verdict)}</span>"
                     for row in group.itertuples() if row.metric in outcomes]
            lines += [f"<span class=\"{html.escape(row.direction)}\">{html.escape(row.verdict)}</span>"
                      for row in group.itertuples() if row.metric not in outcomes]
            for row in costs[(costs["variant"] == variant) & (costs["point"] == point)].itertuples():
                if np.isfinite(row.effect):
                    text = (f"cost per outcome averted ({_words(row.outcome)}): {_number(row.effect)} "
                            f"{html.escape(row.units)} "
                            f"(95% interval {_number(row.effect_low)} to {_number(row.effect_high)})")
                    if row.note:
                        text += f": {html.escape(row.note)}"
                else:
                    text = f"cost per outcome averted ({_words(row.outcome)}): {html.escape(row.note)}"
                lines.append(f"<span class=\"note\">{text}</span>")
            items.append(f"<li><b>{html.escape(_name(first))}</b> (n = {first['replicates']} paired runs)<ul>"
                         + "".join(f"<li>{line}</li>" for line in lines) + "</ul></li>")
        parts.append("<ul>" + "".join(items) + "</ul>")
    parts.append(
        "<p class=\"note\">How to read this. Replicate <i>r</i> of every configuration uses the same random numbers "
        "as replicate <i>r</i> of the baseline (common random numbers), so the paired difference is the effect of "
        "the change, not chance. An effect is <b>clear</b> when its whole 95% interval lies on one side of no "
        "change, otherwise these runs cannot tell it from no effect. Cost per outcome averted is the extra policy "
        "cost over the outcomes avoided; it is not given where the effect on the outcome is not clear, and a "
        "negative one means the configuration costs less and still averts the outcome. The model's behavioural "
        "parameters are largely assumptions (see the project's docs/model.md and docs/references.md): these are "
        "statements about the model's mechanisms, not forecasts for a real mission.</p>")

    # the effects, as charts and as a table
    if not compared.empty:
        parts.append("<h2>Effects with 95% intervals</h2>")
        for metric in chosen:
            if (compared["metric"] == metric).any():
                ax = plot.effects(comparison, metric)
                parts.append(_svg(ax.figure))
        rows = []
        for row in compared.itertuples():
            percent = f"{row.percent:+.1f}%" if np.isfinite(row.percent) else ""
            rows.append([html.escape(_name(row)), html.escape(row.metric), html.escape(row.units),
                         str(row.replicates), _interval(row.baseline_mean, row.baseline_low, row.baseline_high),
                         _interval(row.variant_mean, row.variant_low, row.variant_high),
                         _interval(row.effect, row.effect_low, row.effect_high, sign=True), percent,
                         f"<span class=\"{html.escape(row.direction)}\">{html.escape(row.direction)}</span>"])
        parts.append(_table(["configuration", "metric", "units", "n", "baseline mean [95%]", "mean [95%]",
                             "effect [95%]", "% of baseline", "reading"], rows, "effects"))
        # one row per configuration, the outcomes side by side
        cost_rows = []
        for _, group in costs.groupby(["variant", "point"], sort=False):
            cells = [html.escape(_name(group.iloc[0]))]
            for name in outcomes:
                row = group[group["outcome"] == name].iloc[0]
                value = (_interval(row["effect"], row["effect_low"], row["effect_high"])
                         + f" {html.escape(row['units'])}" if np.isfinite(row["effect"]) else "")
                cells += [value, html.escape(row["note"])]
            cost_rows.append(cells)
        header = ["configuration"]
        for name in outcomes:
            header += [f"extra policy cost per unit of {html.escape(_words(name))} averted [95%]", "note"]
        parts.append("<h2>Cost per outcome averted</h2>")
        parts.append(_table(header, cost_rows, "costs"))

    # the time series
    parts.append("<h2>Over time</h2>")
    groups = plot._configurations(result, "configuration")
    shown = list(groups)
    if len(shown) > MOST_LINES:
        # the baseline configurations (they have no effect) first, then the largest effects
        key_of = {label: (result.runs["variant"].iloc[rows[0]], int(result.runs["point"].iloc[rows[0]]))
                  for label, rows in groups.items()}
        size = {(row.variant, int(row.point)): abs(row.effect)
                for row in compared[compared["metric"] == outcomes[0]].itertuples()}
        shown = sorted(shown, key=lambda label: -size.get(key_of[label], np.inf))[:MOST_LINES]
        parts.append(f"<p class=\"note\">{len(groups)} configurations: the baseline and those with the largest "
                     f"effects on {_words(outcomes[0])} are drawn ({len(shown)} lines).</p>")
    for metric in SERIES:
        ax = plot.timeseries(result, metric, per="year", variants=shown)
        ax.figure.set_size_inches(9, 4.5)
        parts.append(_svg(ax.figure))

    # where the numbers come from
    made = command or f"tipsim.report({getattr(result, 'path', None)!r}, {os.fspath(out)!r})"
    seeds = sorted(set(int(seed) for seed in result.runs["seed"]))
    provenance = [
        ("results file", html.escape(str(getattr(result, "path", None) or "(in memory)"))),
        ("made by", html.escape(str(metadata.get("command", "")) or "(not recorded)")),
        ("this report", html.escape(made) + " on " + datetime.datetime.now(datetime.timezone.utc)
         .strftime("%Y-%m-%d %H:%M UTC")),
        ("tipsim version", html.escape(str(metadata.get("tipsim_version", "")))),
        ("git commit", html.escape(str(metadata.get("git_commit", ""))) + (
            " <b>with uncommitted changes</b>" if str(metadata.get("uncommitted_changes")) == "true" else "")),
        ("created", html.escape(str(metadata.get("created", "")))),
        ("scenario", html.escape(", ".join(sorted(set(result.runs["scenario"]))))),
        ("seed" + ("s" if len(seeds) != 1 else ""), ", ".join(str(seed) for seed in seeds)),
        ("runs", f"{len(result.runs)} ({len(configurations)} configurations x {replicates} replicates)"),
        ("threads, ranks", f"{metadata.get('threads', '')}, {metadata.get('ranks', '1')}"),
    ]
    parts.append("<h2>Where these numbers come from</h2>")
    parts.append(_table(["", ""], [[key, value] for key, value in provenance], "provenance"))
    if metadata.get("batch_text"):
        parts.append("<details><summary>the batch file</summary><pre>" + html.escape(str(metadata["batch_text"]))
                     + "</pre></details>")
    if metadata.get("scenario_text"):
        parts.append("<details><summary>the scenario as written</summary><pre>"
                     + html.escape(str(metadata["scenario_text"])) + "</pre></details>")
    if metadata.get("resolved_scenario"):
        parts.append("<details><summary>every parameter as it ran</summary><pre>"
                     + html.escape(str(metadata["resolved_scenario"])) + "</pre></details>")

    page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{html.escape(name)}: tipsim report</title><link rel=\"icon\" href=\"data:,\">"
            f"<style>{STYLE}</style></head><body>" + "\n".join(parts)
            + "<p class=\"note\">Made by tipsim, an agent-based simulation of trafficking in human beings around "
              "peacekeeping deployments.</p></body></html>\n")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(out.name + f".tmp-{os.getpid()}")
    temporary.write_text(page, encoding="utf-8")
    os.replace(temporary, out)
    return out


def _report_method(self: Result, out: str | os.PathLike, baseline: str | None = None,
                   outcome: str | Iterable[str] | None = None, metrics: Iterable[str] | None = None) -> Path:
    """Write this result's report to ``out`` (one self-contained HTML file, see
    :func:`tipsim.report.report`) and return its path."""
    return report(self, out, baseline=baseline, outcome=outcome, metrics=metrics)


# Result.report lives here so that results do not depend on plotting (no import cycle)
Result.report = _report_method
