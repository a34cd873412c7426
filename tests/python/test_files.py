import pytest

import tipsim


def test_load_refuses_files_that_are_not_tipsim_results(tmp_path):
    text = tmp_path / "note.h5"
    text.write_text("hello")
    with pytest.raises(ValueError, match="not an HDF5 file"):
        tipsim.load(text)
    with pytest.raises(FileNotFoundError):
        tipsim.load(tmp_path / "missing.h5")


def test_load_reads_a_run_and_a_batch_into_results(comparison_batch, tmp_path, small_scenario_path,
                                                  tipsim_executable):
    import subprocess

    out = tmp_path / "run.h5"
    done = subprocess.run([tipsim_executable, "run", str(small_scenario_path), "-q", "-o", str(out),
                           "--set", "time.years=1"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    single = tipsim.load(out)
    assert isinstance(single, tipsim.Result)
    assert len(single.runs) == 1
    assert single.summary is None
    assert comparison_batch.summary is not None
