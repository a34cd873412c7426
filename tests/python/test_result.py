import numpy as np
import pandas as pd
import pytest
from scipy import stats

import tipsim


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
