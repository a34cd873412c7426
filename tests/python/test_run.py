import subprocess

import numpy as np
import pytest

import tipsim


@pytest.fixture(scope="module")
def small(small_scenario_path):
    return tipsim.Scenario.load(small_scenario_path).with_overrides({"time.years": 2})


def test_run_gives_the_same_numbers_as_the_cli_for_the_same_seed(small, small_scenario_path, tipsim_executable,
                                                                   tmp_path):
    out = tmp_path / "cli.h5"
    subprocess.run([tipsim_executable, "run", str(small_scenario_path), "--set", "time.years=2", "--seed", "17",
                    "-q", "-o", str(out)], check=True)
    from_cli = tipsim.load(out)
    in_memory = tipsim.run(small, seed=17, threads=1)
    assert from_cli.metric_names == in_memory.metric_names
    for metric in in_memory.metric_names:
        np.testing.assert_array_equal(from_cli.values(metric), in_memory.values(metric), err_msg=metric)
    for metric in in_memory.location_metric_names:
        np.testing.assert_array_equal(from_cli.location_values(metric), in_memory.location_values(metric))
    np.testing.assert_array_equal(from_cli.years, in_memory.years)
    assert from_cli.runs.loc[0, "seed"] == 17
    assert from_cli.municipalities == in_memory.municipalities


def test_thread_count_does_not_change_a_run(small):
    one = tipsim.run(small, seed=5, threads=1)
    two = tipsim.run(small, seed=5, threads=2)
    for metric in one.metric_names:
        np.testing.assert_array_equal(one.values(metric), two.values(metric))


def test_timeseries_is_tidy_with_dates_and_one_row_per_step_and_metric(small):
    result = tipsim.run(small, seed=5)
    table = result.timeseries
    assert list(table.columns) == ["run", "variant", "replicate", "step", "date", "metric", "value"]
    assert len(table) == small.steps * len(result.metric_names)
    recruited = table[table["metric"] == "victims_recruited"]
    assert recruited["value"].sum() == result.values("victims_recruited").sum()
    assert recruited["date"].iloc[0] == pytest.approx(1999.5)


def test_locations_and_xarray_carry_units(small):
    result = tipsim.run(small, seed=5)
    places = result.locations
    assert set(places["municipality"]) == set(result.municipalities)
    dataset = result.to_xarray()
    assert dataset["victims_recruited"].attrs["units"] == "persons/week"
    assert dataset["location_victims_exploited_local"].dims == ("run", "step", "municipality")
    assert float(dataset["victims_recruited"].sum()) == result.values("victims_recruited").sum()


def test_bad_run_arguments_raise_python_exceptions(small):
    with pytest.raises(TypeError):
        tipsim.run("baseline")
    with pytest.raises(ValueError):
        tipsim.run(small, seed=-1)
    with pytest.raises(ValueError):
        tipsim.run(small, threads=-2)


def test_an_unknown_metric_is_a_key_error(small):
    with pytest.raises(KeyError, match="tipsim.metrics"):
        tipsim.run(small, seed=1).values("nonsense")
