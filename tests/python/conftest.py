"""Shared fixtures. The tests run the in-tree package (PYTHONPATH=python) and the tipsim command
from the CMake build; both paths come from the environment CTest sets."""

import os
from pathlib import Path

import pytest

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
