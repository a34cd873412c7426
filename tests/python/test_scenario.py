import pytest

import tipsim


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
