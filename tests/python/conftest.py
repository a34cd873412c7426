"""Shared fixtures. The tests run the in-tree package (PYTHONPATH=python) and the tipsim command
from the CMake build; both paths come from the environment CTest sets."""

import os
from pathlib import Path

import pytest

import tipsim

SOURCE = Path(__file__).resolve().parents[2]
DATA = SOURCE / "tests" / "data"


@pytest.fixture(scope="session")
def tipsim_executable() -> str:
    path = os.environ.get("TIPSIM_EXECUTABLE", str(SOURCE / "build" / "release" / "tipsim"))
    if not Path(path).exists():
        pytest.fail(f"the tipsim command is not built: {path}")
    return path


@pytest.fixture(scope="session")
def small_scenario_path() -> Path:
    return DATA / "small.toml"


@pytest.fixture(scope="session")
def comparison_batch(tmp_path_factory, small_scenario_path):
    out = tmp_path_factory.mktemp("batch") / "comparison.h5"
    batch = tipsim.Batch(small_scenario_path, name="python-test", replicates=6,
                         variants={"baseline": {}, "training": {"policy.predeployment_training": 1.0},
                                   "enforcement": {"policy.enforcement": 0.9}},
                         grid={"policy.women_share": [0.03, 0.2]})
    return tipsim.batch(batch, out, threads=2)
