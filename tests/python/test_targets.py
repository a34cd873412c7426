import os

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


def _targets_text(scenario_path):
    return f"""
[calibration]
scenario = "{scenario_path}"

[[parameter]]
key = "policy.enforcement"
min = 0.1
max = 0.9

[[target]]
metric = "victims_recruited"
reduce = "per_year"
period = [2000.0, 2002.0]
observed = [100, 200]
"""


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "+nan"])
@pytest.mark.parametrize("field, replaced, where", [
    ("min", "min = 0.1", r"parameter\[0\]\.min"),
    ("max", "max = 0.9", r"parameter\[0\]\.max"),
    ("observed", "observed = [100, 200]", r"target\[0\]\.observed"),
    ("observed range", "observed = [100, 200]", r"target\[0\]\.observed"),
    ("period", "period = [2000.0, 2002.0]", r"target\[0\]\.period"),
])
def test_a_targets_file_refuses_nan_and_infinity_where_it_expects_a_number(
        tmp_path, small_scenario_path, value, field, replaced, where):
    replacement = {"min": f"min = {value}", "max": f"max = {value}", "observed": f"observed = {value}",
                   "observed range": f"observed = [100, {value}]",
                   "period": f"period = [2000.0, {value}]"}[field]
    path = tmp_path / "targets.toml"
    path.write_text(_targets_text(small_scenario_path).replace(replaced, replacement))
    with pytest.raises(ValueError, match=rf"targets.toml:\d+: key '{where}': expected a finite number"):
        load_targets(path)


def test_a_targets_file_refuses_booleans_where_it_expects_numbers(tmp_path, small_scenario_path):
    path = tmp_path / "targets.toml"
    for replaced, replacement, expected in [("observed = [100, 200]", "observed = true", "expected a number or"),
                                            ("max = 0.9", "max = true", "expected a number")]:
        path.write_text(_targets_text(small_scenario_path).replace(replaced, replacement))
        with pytest.raises(ValueError, match=expected):
            load_targets(path)
    path.write_text(_targets_text(small_scenario_path) + "\n[calibration]\n")  # a TOML error
    with pytest.raises(ValueError, match=r"targets.toml:\d+: not valid TOML"):
        load_targets(path)


def test_a_targets_file_and_its_scenario_must_be_regular_files(tmp_path, small_scenario_path):
    with pytest.raises(ValueError, match="is a folder, not a targets file"):
        load_targets(tmp_path)
    with pytest.raises(ValueError, match="is not a regular file"):
        load_targets("/dev/zero")
    os.mkfifo(tmp_path / "fifo.toml")
    with pytest.raises(ValueError, match="is not a regular file"):
        load_targets(tmp_path / "fifo.toml")  # a FIFO without a writer would block for ever
    path = tmp_path / "targets.toml"
    path.write_text(_targets_text(small_scenario_path).replace(str(small_scenario_path), "/dev/zero"))
    with pytest.raises(ValueError, match=r"key 'calibration.scenario': expected a file, got a device"):
        load_targets(path)

