from pathlib import Path

import pytest

import tipsim
from tipsim import _core
from tipsim.batch import run_parameter_sets


def test_a_batch_from_python_holds_every_run(comparison_batch):
    result = comparison_batch
    assert len(result.runs) == 3 * 2 * 6
    assert list(result.runs["id"]) == list(range(36))
    assert set(result.runs["variant"]) == {"baseline", "training", "enforcement"}
    assert "policy.women_share" in result.runs.columns
    assert result.values("victims_recruited").shape == (36, len(result.years))


def test_a_batch_built_in_python_is_written_as_an_ordinary_batch_file(tmp_path, small_scenario_path):
    batch = tipsim.Batch(small_scenario_path, name="written", replicates=3, seed=9, baseline="none",
                         variants={"none": {}, "open": {"policy.reporting_mechanism": "open",
                                                        "policy.women_share": [(1999.5, 0.03), (2002.0, 0.2)]}},
                         sample={"method": "latin_hypercube", "count": 4, "seed": 2,
                                 "ranges": {"policy.enforcement": (0.1, 0.9),
                                            "demand.local": {"min": 10, "max": 30, "scale": "log"}}})
    text = batch.to_toml(tmp_path)
    assert '"policy.women_share" = [[1999.5, 0.03], [2002.0, 0.2]]' in text
    assert 'scale = "log"' in text
    path = tmp_path / "written.toml"
    path.write_text(text)
    result = tipsim.batch(path, tmp_path / "written.h5", threads=2)
    assert len(result.runs) == 2 * 4 * 3
    assert set(result.runs["variant"]) == {"none", "open"}
    assert result.runs["policy.enforcement"].between(0.1, 0.9).all()


def test_a_scenario_base_is_written_beside_the_batch_file(tmp_path, small_scenario_path):
    scenario = tipsim.Scenario.load(small_scenario_path).with_overrides({"policy.enforcement": 0.4})
    text = tipsim.Batch(scenario, replicates=2).to_toml(tmp_path)
    assert 'scenario = "scenario.toml"' in text
    again = tipsim.Scenario.load(Path(tmp_path) / "scenario.toml")
    assert again["policy.enforcement"] == 0.4


def test_bad_batch_arguments_raise_python_exceptions(small_scenario_path, tmp_path):
    with pytest.raises(ValueError, match="replicates"):
        tipsim.Batch(small_scenario_path, replicates=0)
    with pytest.raises(ValueError, match="grid or a sample"):
        tipsim.Batch(small_scenario_path, grid={"policy.enforcement": [0.1]}, sample={"count": 2})
    with pytest.raises(FileNotFoundError):
        tipsim.batch(tmp_path / "missing.toml", tmp_path / "out.h5")
    bad = tipsim.Batch(small_scenario_path, variants={"x": {"policy.enforcment": 0.5}})
    with pytest.raises(ValueError, match="did you mean 'policy.enforcement'"):
        tipsim.batch(bad, tmp_path / "bad.h5")


def test_parameter_sets_run_as_one_variant_per_row(small_scenario_path, tmp_path):
    rows = [[0.2, 100], [0.8, 300]]
    result, row_of_run = run_parameter_sets(
        tipsim.Scenario.load(small_scenario_path).with_overrides({"time.years": 1}),
        ["policy.enforcement", "traffickers.pool"], rows, tmp_path / "sets.h5", replicates=2)
    assert list(row_of_run) == [0, 0, 1, 1]
    assert list(result.runs["policy.enforcement"]) == [0.2, 0.2, 0.8, 0.8]
    assert _core.batch_toml("n", "s.toml", 1, None, None, [("v", {"traffickers.pool": 100})], {}, None).count("100") == 1
