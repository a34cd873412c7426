"""The engine's bindings (tipsim._core): the statistics and files Python takes from it."""

import math

import numpy as np
import pytest
from scipy import stats

from tipsim import _core


def test_mean_interval_is_the_student_t_interval_of_the_mean():
    values = [2.0, 4, 4, 4, 5, 5, 7, 9]
    mean, low, high = _core.mean_interval(values)
    half = stats.t.ppf(0.975, 7) * np.std(values, ddof=1) / math.sqrt(8)
    assert mean == 5
    assert (low, high) == pytest.approx((5 - half, 5 + half))
    assert math.isnan(_core.mean_interval([1.0])[1])


def test_runs_reduce_by_the_metric_table_flows_summed_stocks_averaged():
    values = np.array([[1.0, 2, 3], [4, 5, 6]])
    assert list(_core.reduce_runs("victims_recruited", values)) == [6, 15]
    assert list(_core.reduce_runs("traffickers_active", values)) == [2, 5]
    with pytest.raises(KeyError):
        _core.reduce_runs("nothing", values)


def test_cost_per_outcome_averted_has_a_bootstrap_interval():
    ratio, low, high = _core.cost_per_outcome_averted([100.0, 300, 50, 200], [10.0, 12, 8, 10])
    assert ratio == pytest.approx(650 / 40)
    assert low < ratio < high
    assert math.isnan(_core.cost_per_outcome_averted([1.0, 1], [-1.0, 0])[0])


def test_typed_values_cross_the_binding_and_are_checked_like_files():
    scenario = _core.Scenario.default().with_overrides({"policy.enforcement": np.float64(0.7),
                                                        "traffickers.pool": np.int64(300)})
    assert scenario.values()["policy.enforcement"] == 0.7
    assert scenario.overrides == ["policy.enforcement=0.7", "traffickers.pool=300"]
    with pytest.raises(ValueError, match="finite"):
        _core.Scenario.default().with_overrides({"policy.enforcement": math.inf})
    with pytest.raises(ValueError, match="cannot express"):
        _core.Scenario.default().with_overrides({"policy.enforcement": {1, 2}})


def test_metric_table_states_each_metrics_aggregation():
    table = {entry["name"]: entry for entry in _core.metric_table()}
    assert table["victims_recruited"]["aggregation"] == "flow"
    assert table["victims_recruited"]["run_units"] == "persons"
    assert table["traffickers_active"]["aggregation"] == "stock"
    assert table["rule_of_law"]["aggregation"] == "index"
