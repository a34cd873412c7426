import numpy as np
import pytest

import tipsim
from tipsim.targets import load_targets

TRUTH = {"peacekeepers.purchase_probability": 0.05, "authorities.identification_rate": 0.02}


def write_targets(path, scenario_path, purchases, identified):
    path.write_text(f"""
[calibration]
name = "recovery"
scenario = "{scenario_path}"

[[parameter]]
key = "peacekeepers.purchase_probability"
min = 0.01
max = 0.2
prior = "log-uniform"

[[parameter]]
key = "authorities.identification_rate"
min = 0.002
max = 0.1
prior = "log-uniform"

[[target]]
name = "peacekeeper purchases per year"
metric = "peacekeeper_purchases"
reduce = "per_year"
observed = {purchases}

[[target]]
name = "identified per exploited victim and year"
numerator = "victims_identified"
denominator = "victims_exploited_local"
reduce = "ratio"
observed = {identified}
kind = "detected"
""")
    return path


@pytest.fixture(scope="module")
def observed_targets(tmp_path_factory, small_scenario_path):
    # data simulated at known values, with a seed the calibration does not use
    folder = tmp_path_factory.mktemp("recovery")
    truth = tipsim.run(tipsim.Scenario.load(small_scenario_path).with_overrides(TRUTH), seed=987)
    first = write_targets(folder / "draft.toml", small_scenario_path, 1, 1)
    values = [target.simulate(truth)[0] for target in load_targets(first).targets]
    return write_targets(folder / "targets.toml", small_scenario_path, *values)


def test_known_parameters_are_recovered_inside_the_90_percent_credible_intervals(observed_targets, tmp_path):
    calibration = tipsim.calibrate(observed_targets, tmp_path / "recovery.h5", particles=60, generations=4,
                                   threads=2, seed=5, progress=None)
    intervals = calibration.credible_intervals(0.9).set_index("parameter")
    for key, value in TRUTH.items():
        assert intervals.loc[key, "low"] <= value <= intervals.loc[key, "high"], intervals
    # the posterior is narrower than the prior
    assert intervals.loc["peacekeepers.purchase_probability", "high"] < 0.2 * 0.6
    history = calibration.history
    assert (np.diff(history["tolerance"][1:]) <= 0).all()
    assert calibration.predictive()["inside"].all()


def test_a_calibration_resumes_and_reads_back_with_load(observed_targets, tmp_path):
    out = tmp_path / "resumed.h5"
    first = tipsim.calibrate(observed_targets, out, particles=20, generations=2, threads=2, seed=9, progress=None)
    lines = []
    more = tipsim.calibrate(observed_targets, out, particles=20, generations=3, threads=2, seed=9,
                            progress=lines.append)
    assert lines[0] == "resuming after generation 1"
    for a, b in zip(first.generations, more.generations[:2]):
        np.testing.assert_array_equal(a.particles, b.particles)
    loaded = tipsim.load(out)
    assert isinstance(loaded, tipsim.Calibration)
    assert len(loaded.generations) == 3
    np.testing.assert_array_equal(loaded.posterior["weight"], more.posterior["weight"])


def test_a_calibration_of_another_scenario_is_not_resumed_from_this_ones_work(observed_targets, small_scenario_path,
                                                                                tmp_path):
    import dataclasses

    out = tmp_path / "scenario.h5"
    tipsim.calibrate(observed_targets, out, particles=4, generations=1, threads=2, seed=9, progress=None)
    shorter = tmp_path / "shorter.toml"
    shorter.write_text(tipsim.Scenario.load(small_scenario_path).with_overrides({"time.years": 2}).to_toml())
    other = dataclasses.replace(load_targets(observed_targets), scenario_path=shorter)
    with pytest.raises(ValueError, match="other targets or settings"):
        tipsim.calibrate(other, out, particles=4, generations=1, threads=2, seed=9, progress=None)


def test_the_command_line_calibrates_too(observed_targets, tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "tipsim", "calibrate", str(observed_targets), "-o",
                           str(tmp_path / "cli.h5"), "--particles", "10", "--generations", "2", "--threads", "2"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "generation 1" in done.stderr
    assert "peacekeepers.purchase_probability" in done.stdout


def test_rounds_can_run_through_mpirun(observed_targets, tmp_path, tipsim_executable):
    import shutil

    mpirun = shutil.which("mpirun")
    assert mpirun, "Open MPI's mpirun is part of the set-up"
    command = [mpirun, "--allow-run-as-root", "--oversubscribe", "-n", "2", tipsim_executable]
    over_mpi = tipsim.calibrate(observed_targets, tmp_path / "mpi.h5", particles=8, generations=2, threads=1, seed=3,
                                progress=None, command=command)
    in_process = tipsim.calibrate(observed_targets, tmp_path / "local.h5", particles=8, generations=2, threads=2,
                                  seed=3, progress=None)
    for a, b in zip(over_mpi.generations, in_process.generations):
        np.testing.assert_array_equal(a.particles, b.particles)
        np.testing.assert_array_equal(a.distances, b.distances)
