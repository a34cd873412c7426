import numpy as np
import pytest

import tipsim
from tipsim.targets import Parameter, Target, load_targets

from test_calibrate import write_targets


def test_bad_targets_files_raise_value_error_naming_file_line_and_key(tmp_path, small_scenario_path):
    path = write_targets(tmp_path / "bad.toml", small_scenario_path, 1, 1)
    path.write_text(path.read_text().replace('metric = "peacekeeper_purchases"', 'metric = "purchases"'))
    with pytest.raises(ValueError, match=r"bad.toml:\d+: key 'target\[0\].metric': unknown metric 'purchases'"):
        load_targets(path)
    path.write_text(path.read_text().replace("max = 0.2", "max = 2.0"))
    with pytest.raises(ValueError, match=r"parameter\[0\]"):
        load_targets(path)


def test_every_problem_of_a_targets_file_is_reported_with_the_closest_names(tmp_path, small_scenario_path):
    path = write_targets(tmp_path / "typos.toml", small_scenario_path, 1, 1)
    text = (path.read_text().replace('metric = "peacekeeper_purchases"', 'metric = "peacekeeper_purchase"')
            .replace('prior = "log-uniform"', 'prior = "log-unifrom"', 1)
            .replace('reduce = "per_year"', 'reduse = "per_year"')
            .replace("[[target]]", "[[targt]]", 1))
    path.write_text(text)
    with pytest.raises(ValueError) as error:
        load_targets(path)
    lines = str(error.value).splitlines()
    assert any("did you mean 'log-uniform'" in line for line in lines)
    assert any("unknown section" in line and "did you mean 'target'" in line for line in lines)
    assert len(lines) >= 2
    for line in lines:
        assert line.startswith(str(path)), line


def test_a_parameter_maps_its_prior_range_onto_the_unit_interval_and_back():
    linear = Parameter("policy.enforcement", 0.1, 0.9)
    assert linear.to_unit(0.5) == pytest.approx(0.5)
    logarithmic = Parameter("demand.local", 1, 100, logarithmic=True)
    assert logarithmic.to_unit(10) == pytest.approx(0.5)
    assert logarithmic.from_unit(0.5) == pytest.approx(10)
    assert Parameter.of("traffickers.pool", 10, 1000).whole  # a count is rounded
    assert Parameter.of("traffickers.pool", 10, 1000).from_unit(0.5) == 505


def test_a_target_reduces_every_run_of_a_result(small_scenario_path):
    result = tipsim.run(tipsim.Scenario.load(small_scenario_path).with_overrides({"time.years": 2}), seed=3)
    recruited = result.values("victims_recruited")[0]
    total = Target("recruited", ["victims_recruited"], "sum", 0, 1, "true", "test")
    per_year = Target("recruited", ["victims_recruited"], "per_year", 0, 1, "true", "test")
    assert total.simulate(result)[0] == recruited.sum()
    assert per_year.simulate(result)[0] == pytest.approx(recruited.sum() / (len(recruited) * 7 / 365.25))
    with pytest.raises(ValueError, match="no step"):
        Target("x", ["victims_recruited"], "sum", 0, 1, "true", "", period=(1800, 1801)).simulate(result)


def test_the_distance_is_zero_inside_the_observed_range_and_grows_outside_it():
    target = Target("t", ["victims_recruited"], "sum", 100, 200, "true", "")
    distances = target.distance([150, 99, 300, np.nan])
    assert distances[0] == 0
    assert 0 < distances[1] < distances[2]
    assert np.isinf(distances[3])
