"""The package installs into a virtual environment with pip (setuptools from Debian driving
CMake, no network) and works there, away from the source tree."""

import os
import shutil
import subprocess
import sys

from conftest import SOURCE


def test_pip_installs_tipsim_into_a_virtual_environment(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(SOURCE, source, ignore=shutil.ignore_patterns(
        "build", "results", ".git", "*.so", "__pycache__", "*.egg-info", ".pytest_cache"))
    environment = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(environment)], check=True)
    python = environment / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-build-isolation", "--no-index", "--quiet", str(source)],
                   check=True, env={key: value for key, value in os.environ.items() if key != "PYTHONPATH"})
    script = ("import tipsim, pathlib; "
              "assert pathlib.Path(tipsim.__file__).is_relative_to(pathlib.Path(r'%s')); "
              "s = tipsim.Scenario.default().with_overrides({'population.people': 20000, 'time.years': 0.5}); "
              "r = tipsim.run(s, seed=1); print(int(r.values('people_free')[0, -1]))" % environment)
    # the tests run with PYTHONPATH pointing at the source tree: the installed copy must do without
    clean = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run([str(python), "-c", script], check=True, capture_output=True, text=True, cwd=tmp_path,
                          env=clean)
    assert int(done.stdout) > 0
