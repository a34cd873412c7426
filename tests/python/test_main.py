import subprocess
import sys


def test_show_describes_a_results_file(tmp_path, small_scenario_path, tipsim_executable):
    out = tmp_path / "run.h5"
    made = subprocess.run([tipsim_executable, "run", str(small_scenario_path), "-q", "-o", str(out),
                           "--set", "time.years=1"], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    done = subprocess.run([sys.executable, "-m", "tipsim", "show", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Result(1 runs, 52 steps" in done.stdout
    assert "small" in done.stdout


def test_show_refuses_a_file_that_is_not_tipsim_with_exit_2(tmp_path):
    path = tmp_path / "note.h5"
    path.write_text("hello")
    done = subprocess.run([sys.executable, "-m", "tipsim", "show", str(path)], capture_output=True, text=True)
    assert done.returncode == 2
    assert "not an HDF5 file" in done.stderr


def test_version_names_the_engine():
    done = subprocess.run([sys.executable, "-m", "tipsim", "--version"], capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout.startswith("tipsim ")
