import numpy as np
import pandas as pd
import pytest
from scipy import stats

import tipsim


@pytest.fixture(scope="module")
def comparison_batch(tmp_path_factory, small_scenario_path):
    out = tmp_path_factory.mktemp("batch") / "comparison.h5"
    batch = tipsim.Batch(small_scenario_path, name="python-test", replicates=6,
                         variants={"baseline": {}, "training": {"policy.predeployment_training": 1.0},
                                   "enforcement": {"policy.enforcement": 0.9}},
                         grid={"policy.women_share": [0.03, 0.2]})
    return tipsim.batch(batch, out, threads=2)


def test_a_batch_from_python_holds_every_run(comparison_batch):
    result = comparison_batch
    assert len(result.runs) == 3 * 2 * 6
    assert list(result.runs["id"]) == list(range(36))
    assert set(result.runs["variant"]) == {"baseline", "training", "enforcement"}
    assert "policy.women_share" in result.runs.columns
    assert result.values("victims_recruited").shape == (36, len(result.years))


def test_compare_matches_effects_computed_by_hand_from_the_runs_table(comparison_batch):
    result = comparison_batch
    effects = result.compare(metrics=["peacekeeper_purchases", "victims_recruited"])
    totals = pd.DataFrame({"purchases": result.values("peacekeeper_purchases").sum(axis=1)})
    table = pd.concat([result.runs[["variant", "point", "replicate"]], totals], axis=1)
    for point in (0, 1):
        base = table[(table.variant == "baseline") & (table.point == point)].set_index("replicate")["purchases"]
        training = table[(table.variant == "training") & (table.point == point)].set_index("replicate")["purchases"]
        difference = (training - base).to_numpy()
        half = stats.t.ppf(0.975, len(difference) - 1) * difference.std(ddof=1) / np.sqrt(len(difference))
        row = effects[(effects.variant == "training") & (effects.point == point) &
                      (effects.metric == "peacekeeper_purchases")].iloc[0]
        assert row["effect"] == pytest.approx(difference.mean())
        assert row["effect_low"] == pytest.approx(difference.mean() - half)
        assert row["effect_high"] == pytest.approx(difference.mean() + half)
        assert row["baseline_mean"] == pytest.approx(base.mean())
        assert row["effect"] < 0  # training lowers purchases


def test_compare_agrees_with_the_summary_the_engine_wrote(comparison_batch):
    result = comparison_batch
    effects = result.compare(metrics=["victims_identified"]).set_index(["variant", "point", "metric"])
    summary = result.summary[result.summary.metric == "victims_identified"].set_index(["variant", "point"])
    for (variant, point), row in summary.iterrows():
        mine = effects.loc[(variant, point, "victims_identified")]
        assert mine["variant_mean"] == pytest.approx(row["mean"])
        assert mine["effect"] == pytest.approx(row["difference_mean"])
        if variant != "baseline":
            assert mine["effect_low"] == pytest.approx(row["difference_low"])


def test_cost_per_victim_averted_is_extra_cost_over_victims_avoided(comparison_batch):
    effects = comparison_batch.compare(metrics=["policy_cost", "victims_recruited"])
    row = effects.set_index(["variant", "point", "metric"])
    cost = row.loc[("enforcement", 0, "policy_cost"), "effect"]
    averted = -row.loc[("enforcement", 0, "victims_recruited"), "effect"]
    ratio = row.loc[("enforcement", 0, "cost_per_victim_averted"), "effect"]
    if averted > 0:
        assert ratio == pytest.approx(cost / averted)
    else:
        assert np.isnan(ratio)


def test_compare_names_a_missing_baseline(comparison_batch):
    with pytest.raises(ValueError, match="no variant named 'nobody'"):
        comparison_batch.compare(baseline="nobody")


def test_load_refuses_files_that_are_not_tipsim_results(tmp_path):
    text = tmp_path / "note.h5"
    text.write_text("hello")
    with pytest.raises(ValueError, match="not an HDF5 file"):
        tipsim.load(text)
    with pytest.raises(FileNotFoundError):
        tipsim.load(tmp_path / "missing.h5")


def test_plots_draw_without_errors(comparison_batch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 3)
    tipsim.plot.timeseries(comparison_batch, "victims_recruited", ax=axes[0], per="year")
    tipsim.plot.effects(comparison_batch.compare(metrics=["victims_recruited"]), "victims_recruited", ax=axes[1])
    tipsim.plot.network(comparison_batch, ax=axes[2])
    assert axes[0].get_lines()
    plt.close(figure)
