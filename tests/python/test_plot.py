"""Every plotting function draws, with the Agg backend, a figure someone can read unaided:
labelled axes, a title, one legend entry per series."""

import inspect

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import tipsim  # noqa: E402
from tipsim.calibrate import Calibration, Generation  # noqa: E402


@pytest.fixture(scope="module")
def calibration():
    # a made-up posterior: plotting needs its shape, not a real fit
    rng = np.random.default_rng(1)
    parameters = pd.DataFrame({"key": ["demand.export", "policy.enforcement"], "minimum": [1.0, 0.05],
                               "maximum": [40.0, 0.8], "logarithmic": [True, False]})
    targets = pd.DataFrame({"name": ["victims exported per year", "convictions per year"],
                            "metric": ["victims_exported", "convictions"], "reduce": ["per_year", "per_year"],
                            "observed_low": [300000.0, 1673.0], "observed_high": [500000.0, 1673.0],
                            "kind": ["true", "detected"], "source": ["a", "b"]})
    particles = np.column_stack([np.exp(rng.uniform(0, np.log(40), 50)), rng.uniform(0.05, 0.8, 50)])
    simulated = np.column_stack([rng.uniform(2e5, 6e5, 50), rng.uniform(1000, 2500, 50)])
    generation = Generation(particles, np.full(50, 1 / 50), rng.random(50), simulated, 1.0, 100, 100)
    return Calibration("made-up", parameters, targets, [generation], {})


@pytest.fixture(scope="module")
def single_run(small_scenario_path):
    return tipsim.run(tipsim.Scenario.load(small_scenario_path), seed=1, progress=False)


def draw_every_function(comparison_batch, single_run, calibration):
    """One figure per public plotting function; a new function without a drawing here fails."""
    effects = comparison_batch.compare(metrics=["victims_recruited"])
    screening = pd.DataFrame({"parameter": ["a", "b"], "mu": [1.0, 0.5], "mu_star": [1.0, 0.6],
                              "sigma": [0.2, 0.4]})
    indices = pd.DataFrame({"parameter": ["a", "b"], "S1": [0.6, 0.2], "S1_low": [0.5, 0.1], "S1_high": [0.7, 0.3],
                            "ST": [0.7, 0.3], "ST_low": [0.6, 0.2], "ST_high": [0.8, 0.4]})
    return {
        "timeseries": lambda: tipsim.plot.timeseries(comparison_batch, "victims_recruited", per="year"),
        "effects": lambda: tipsim.plot.effects(effects, "victims_recruited"),
        "network": lambda: tipsim.plot.network(single_run),
        "posterior": lambda: tipsim.plot.posterior(calibration),
        "predictive": lambda: tipsim.plot.predictive(calibration),
        "morris": lambda: tipsim.plot.morris(screening, output="victims recruited"),
        "sobol": lambda: tipsim.plot.sobol(indices, output="victims recruited"),
    }


def test_every_plotting_function_draws_a_figure_with_labelled_axes_and_a_title(comparison_batch, single_run,
                                                                               calibration):
    drawings = draw_every_function(comparison_batch, single_run, calibration)
    public = {name for name, function in inspect.getmembers(tipsim.plot, inspect.isfunction)
              if not name.startswith("_") and function.__module__ == "tipsim.plot"}
    assert public == set(drawings), "draw every plotting function here"
    for name, draw in drawings.items():
        drawn = np.atleast_1d(draw())
        for ax in [ax for ax in drawn if ax.get_visible()]:
            assert ax.get_xlabel().strip(), name
            assert ax.get_ylabel().strip(), name
            assert ax.get_title().strip() or ax.figure._suptitle is not None, name
            ax.figure.canvas.draw()  # renders: nothing raises
        plt.close("all")


def test_one_legend_entry_per_series_even_for_several_metrics_of_one_run(single_run):
    ax = tipsim.plot.timeseries(single_run, ["victims_exploited_local", "victims_exploited_abroad"])
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["victims exploited local", "victims exploited abroad"]
    assert "persons" in ax.get_ylabel()
    plt.close("all")


def test_axes_are_labelled_from_the_metric_description_and_unit(comparison_batch):
    ax = tipsim.plot.timeseries(comparison_batch, "victims_recruited", per="year", by="variant")
    assert ax.get_ylabel().replace("\n", " ") == "Victims recruited (persons per year)"
    # the description, without "this week" over calendar years
    assert ax.get_title().replace("\n", " ").startswith("People recruited by traffickers (re-trafficking included) per year")
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["baseline (median of 12 runs)", "training (median of 12 runs)",
                      "enforcement (median of 12 runs)"]
    plt.close("all")


def test_partial_years_are_left_out_or_marked_never_drawn_as_a_collapse(comparison_batch):
    # the small country runs from mid-1999 for four years: 1999 and 2003 are half years
    ax = tipsim.plot.timeseries(comparison_batch, "victims_recruited", per="year", variants=["baseline [policy.women_share=0.03]"])
    xs = ax.get_lines()[0].get_xdata()
    assert list(xs) == [2000, 2001, 2002]
    assert "partial years 1999, 2003 left out" in ax.get_title()
    plt.close("all")
    ax = tipsim.plot.timeseries(comparison_batch, "victims_recruited", per="year", partial="mark",
                                variants=["baseline [policy.women_share=0.03]"])
    hollow = ax.get_lines()[1]
    assert list(hollow.get_xdata()) == [1999, 2003]
    assert hollow.get_markerfacecolor() == "white"
    plt.close("all")


def test_effects_read_as_counts_and_shares_with_n_sorted_and_the_direction_of_fewer_victims(comparison_batch):
    comparison = comparison_batch.compare(metrics=["peacekeeper_purchases"], baseline="policy.women_share=0.03")
    ax = tipsim.plot.effects(comparison, "peacekeeper_purchases")
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert all(label.endswith("(n=6)") for label in labels)
    rows = comparison[(comparison.metric == "peacekeeper_purchases") & (comparison.direction != "baseline")]
    assert len(labels) == len(rows)
    # sorted: the largest fall at the top (highest y)
    effects = [float(text.get_text().split()[0].replace(",", "")) for text in ax.texts if "%" in text.get_text()]
    assert effects == sorted(effects, reverse=True)
    assert any("%" in text.get_text() for text in ax.texts)
    assert any(text.get_text().startswith("\u2190 fewer peacekeeper purchases") for text in ax.texts)
    assert "95% interval" in ax.get_xlabel()
    plt.close("all")


def test_log_uniform_priors_get_logarithmic_bins(calibration):
    axes = tipsim.plot.posterior(calibration)
    logarithmic, linear = axes[0], axes[1]
    assert logarithmic.get_xscale() == "log" and linear.get_xscale() == "linear"
    edges = sorted({patch.get_x() for patch in logarithmic.patches})
    ratios = np.diff(np.log(edges))
    np.testing.assert_allclose(ratios, ratios[0])
    assert "demand.export" in logarithmic.get_xlabel()
    plt.close("all")
