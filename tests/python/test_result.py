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
    effects = result.compare(metrics=["victims_identified"])
    effects = effects[effects.metric == "victims_identified"].set_index(["variant", "point", "metric"])
    summary = result.summary[result.summary.metric == "victims_identified"].set_index(["variant", "point"])
    for (variant, point), row in summary.iterrows():
        mine = effects.loc[(variant, point, "victims_identified")]
        assert mine["variant_mean"] == pytest.approx(row["mean"])
        assert mine["effect"] == pytest.approx(row["difference_mean"])
        if variant != "baseline":
            assert mine["effect_low"] == pytest.approx(row["difference_low"])


def test_cost_per_outcome_averted_is_extra_cost_over_outcomes_avoided_where_the_effect_is_clear(comparison_batch):
    effects = comparison_batch.compare(metrics=["policy_cost", "victims_recruited"], outcome="victims_recruited")
    row = effects.set_index(["variant", "point", "metric"])
    for variant in ("training", "enforcement"):
        recruited = row.loc[(variant, 0, "victims_recruited")]
        cost = row.loc[(variant, 0, "policy_cost"), "effect"]
        ratio = row.loc[(variant, 0, "cost_per_outcome_averted")]
        if recruited["effect_high"] < 0:  # clearly fewer victims
            assert ratio["effect"] == pytest.approx(cost / -recruited["effect"])
        else:
            assert np.isnan(ratio["effect"])
            assert ratio["note"].startswith("none: ")
    other = comparison_batch.compare(metrics=["convictions"], outcome="peacekeeper_purchases")
    assert set(other.loc[other.metric == "cost_per_outcome_averted", "outcome"]) == {"peacekeeper_purchases"}


def test_compare_costs_per_victim_week_and_per_person_spared_side_by_side(comparison_batch):
    # true outcomes: a lever that shortens exploitation gets credit, not only one that prevents it
    default = comparison_batch.compare()
    assert {"victim_weeks", "people_first_trafficked", "children_first_trafficked"} <= set(default["metric"])
    costs = default[default.metric == "cost_per_outcome_averted"]
    assert list(costs["outcome"].unique()) == ["victim_weeks", "people_first_trafficked"]
    assert set(costs.loc[costs.outcome == "victim_weeks", "units"]) == {"USD/victim-week"}
    assert set(costs.loc[costs.outcome == "people_first_trafficked", "units"]) == {"USD/person"}
    # every configuration but the baseline has one row per outcome, with the same extra cost
    per_configuration = costs.groupby(["variant", "point"])
    assert (per_configuration.size() == 2).all()
    assert (per_configuration["extra_cost"].nunique() == 1).all()
    spared = comparison_batch.compare(outcome="people_first_trafficked")
    assert set(spared.loc[spared.metric == "cost_per_outcome_averted", "units"]) == {"USD/person"}


def test_the_costs_the_engine_wrote_agree_with_compare(comparison_batch):
    costs = comparison_batch.costs
    assert set(costs["outcome"]) == {"victim_weeks", "people_first_trafficked"}
    compared = comparison_batch.compare(metrics=["victim_weeks"])
    compared = compared[compared.metric == "cost_per_outcome_averted"].set_index(["variant", "point", "outcome"])
    for row in costs[costs.variant != costs.baseline].itertuples():
        mine = compared.loc[(row.variant, row.point, row.outcome)]
        assert mine["extra_cost"] == pytest.approx(row.extra_cost)
        assert mine["averted"] == pytest.approx(row.averted)
        assert np.isnan(mine["effect"]) == np.isnan(row.cost_per_averted)
        if not np.isnan(row.cost_per_averted):
            assert mine["effect"] == pytest.approx(row.cost_per_averted)
            assert mine["effect_low"] == pytest.approx(row.low)
            assert mine["effect_high"] == pytest.approx(row.high)
    baseline_rows = costs[costs.variant == costs.baseline]
    assert (baseline_rows["extra_cost"] == 0).all() and baseline_rows["cost_per_averted"].isna().all()


def test_compare_names_a_missing_baseline(comparison_batch):
    with pytest.raises(ValueError, match="no variant or point named 'nobody'"):
        comparison_batch.compare(baseline="nobody")
    with pytest.raises(ValueError, match="did you mean 'training'"):
        comparison_batch.compare(baseline="trainng")


def test_compare_on_a_grid_measures_points_against_a_chosen_point(comparison_batch):
    # the batch's own baseline variant at the same point by default
    by_variant = comparison_batch.compare(metrics=["peacekeeper_purchases"])
    assert by_variant.attrs["baseline"] == "the variant 'baseline' at the same point"
    # the grid's axis: every configuration against women_share 0.03 with its own variant
    along = comparison_batch.compare(baseline="policy.women_share=0.03", metrics=["peacekeeper_purchases"])
    point1 = along[(along.variant == "training") & (along.point == 1) & (along.metric == "peacekeeper_purchases")].iloc[0]
    assert (point1["baseline_variant"], point1["baseline_point"]) == ("training", 0)
    assert point1["effect"] < 0 and point1["direction"] == "fewer"  # more women, fewer purchases
    assert point1["verdict"].startswith("clearly fewer peacekeeper purchases (-")
    assert point1["point_label"] == "policy.women_share=0.2"
    assert not (along.loc[~along.effect.isna() & (along.baseline_point != along.point), "effect"] == 0).all()


def test_compare_gives_what_tipsim_summary_prints(comparison_batch, tipsim_executable):
    import io
    import subprocess

    done = subprocess.run([tipsim_executable, "summary", comparison_batch.path, "--format", "csv", "--metrics",
                           "victims_identified", "--baseline", "variant=enforcement"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    printed = pd.read_csv(io.StringIO(done.stdout))
    printed = printed[printed.metric == "victims_identified"].reset_index(drop=True)
    mine = comparison_batch.compare(baseline="variant=enforcement", metrics=["victims_identified"])
    mine = mine[mine.metric == "victims_identified"].reset_index(drop=True)
    np.testing.assert_allclose(printed["effect"], mine["effect"])
    np.testing.assert_allclose(printed["effect_low"].fillna(0), mine["effect_low"].fillna(0))
    assert list(printed["verdict"]) == list(mine["verdict"])


def test_xarray_keeps_grid_parameters_as_coordinates_and_integer_types(comparison_batch):
    dataset = comparison_batch.to_xarray()
    assert dataset["victims_recruited"].dtype == np.int64
    assert dataset["victim_purchases"].dtype == np.float64
    assert dataset["policy.women_share"].dims == ("run",)
    assert sorted(set(dataset["policy.women_share"].values)) == [0.03, 0.2]
    assert dataset["policy.women_share"].attrs["units"] == "share of troops"
    assert dataset["point"].dtype == np.int64
    by_share = dataset["peacekeeper_purchases"].sum("step").groupby("policy.women_share").mean()
    assert by_share.sel({"policy.women_share": 0.2}) < by_share.sel({"policy.women_share": 0.03})
