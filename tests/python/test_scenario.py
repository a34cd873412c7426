import math
import re

import numpy as np
import pytest

import tipsim
from tipsim import _core


def test_default_scenario_is_the_shipped_baseline():
    scenario = tipsim.Scenario.default()
    assert scenario.name == "baseline"
    assert scenario.steps == 520
    assert scenario["population.people"] == 1_900_000


def test_parameters_table_lists_every_parameter_with_units_and_sources():
    table = tipsim.Scenario.default().parameters()
    assert {"name", "value", "default", "unit", "description", "source"} <= set(table.columns)
    assert len(table) == len(tipsim._core.parameter_table())
    assert table["unit"].str.len().min() > 0
    enforcement = table.set_index("name").loc["policy.enforcement"]
    assert enforcement["value"] == 0.3


def test_overrides_accept_numbers_choices_flags_and_schedules(small_scenario_path):
    scenario = tipsim.Scenario.load(small_scenario_path).with_overrides({
        "policy.enforcement": 0.8,
        "policy.reporting_mechanism": "open",
        "policy.child_protection": True,
        "policy.women_share": [(1999.5, 0.03), (2002.0, 0.2)],
        "policy.infield_training": {"points": [[2000, 0.0], [2004, 0.04]], "interpolation": "linear"},
        "population.people": 50_000,
    })
    assert scenario["policy.enforcement"] == 0.8
    assert scenario["policy.reporting_mechanism"] == "open"
    assert scenario["policy.child_protection"] is True
    assert scenario["policy.women_share"]["points"] == [(1999.5, 0.03), (2002.0, 0.2)]
    assert scenario["policy.infield_training"]["interpolation"] == "linear"
    assert len(scenario.overrides) == 6


def test_a_scenario_survives_its_own_toml(small_scenario_path):
    scenario = tipsim.Scenario.load(small_scenario_path).with_overrides({"policy.enforcement": 0.55})
    again = tipsim.Scenario.from_toml(scenario.to_toml())
    assert again.parameters()["value"].tolist() == scenario.parameters()["value"].tolist()


@pytest.mark.parametrize("overrides, words", [
    ({"policy.enforcment": 0.5}, ["policy.enforcment", "did you mean 'policy.enforcement'"]),
    ({"policy.enforcement": 1.5}, ["policy.enforcement", "probability in [0, 1]"]),
    ({"population.people": -3}, ["population.people", "non-negative"]),
    ({"policy.reporting_mechanism": "loud"}, ["policy.reporting_mechanism", "none|confidential|open"]),
    ({"contingent.Mars.troops": 3}, ["contingent.Mars.troops", "no contingent named 'Mars'"]),
])
def test_bad_keys_and_values_raise_value_error_naming_the_key(overrides, words):
    with pytest.raises(ValueError) as error:
        tipsim.Scenario.default().with_overrides(overrides)
    for word in words:
        assert word in str(error.value)


def test_a_bad_scenario_file_raises_value_error_with_file_and_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[population]\npeople = 10\npeopel = 5\n")
    with pytest.raises(ValueError, match=r"bad.toml:3: key 'population.peopel'"):
        tipsim.Scenario.load(path)


def test_values_python_cannot_express_are_refused():
    with pytest.raises(ValueError, match="cannot express"):
        tipsim.Scenario.default().with_overrides({"policy.enforcement": object()})
    with pytest.raises(ValueError, match="finite"):
        tipsim.Scenario.default().with_overrides({"policy.enforcement": float("nan")})


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -math.inf, np.nan, np.float32("inf"), np.float64("-inf")])
def test_overrides_refuse_nan_and_infinity_for_every_numeric_parameter(value):
    numeric = [entry["key"] for entry in _core.parameter_table()
               if entry["scope"] == "scenario" and entry["kind"] not in ("choice", "flag")]
    for key in numeric:
        with pytest.raises(ValueError, match=rf"key '{re.escape(key)}': expected a finite number"):
            tipsim.Scenario.default().with_overrides({key: value})


@pytest.mark.parametrize("year", [float("nan"), math.inf, np.float64("-inf")])
def test_overrides_refuse_a_schedule_year_that_is_not_finite(year):
    with pytest.raises(ValueError, match="expected a finite year"):
        tipsim.Scenario.default().with_overrides({"policy.enforcement": [(year, 0.5)]})
    with pytest.raises(ValueError, match="expected a finite year"):
        tipsim.Scenario.default().with_overrides(
            {"policy.women_share": {"points": [(2000, 0.1), (year, 0.2)], "interpolation": "linear"}})


def test_overrides_refuse_a_minimum_age_above_the_maximum_age():
    with pytest.raises(ValueError, match="expected vulnerability.minimum_age <= vulnerability.maximum_age"):
        tipsim.Scenario.default().with_overrides({"vulnerability.minimum_age": 30, "vulnerability.maximum_age": 13})


def test_a_folder_or_a_device_is_not_a_scenario_file(tmp_path):
    with pytest.raises(ValueError, match="is a folder, not a scenario file"):
        tipsim.Scenario.load(tmp_path)
    with pytest.raises(ValueError, match="is not a regular file"):
        tipsim.Scenario.load("/dev/zero")


def test_overrides_add_a_local_table_and_change_it_by_name(small_scenario_path):
    scenario = tipsim.Scenario.load(small_scenario_path).with_overrides({
        "local": {"name": "north", "municipalities": ["municipality-03"], "policy.enforcement": 0.6},
    })
    assert "[[local]]" in scenario.to_toml()
    changed = scenario.with_overrides({"local.north.policy.enforcement": 0.9})
    assert changed.overrides[-1] == "local.north.policy.enforcement=0.9"
    with pytest.raises(ValueError, match="cannot be set for some municipalities only"):
        scenario.with_overrides({"local.north.policy.women_share": 0.2})
    with pytest.raises(ValueError, match="unknown municipality 'Atlantis'"):
        scenario.with_overrides({"local": {"municipalities": ["Atlantis"], "policy.enforcement": 0.6}})
