"""Progress and Ctrl-C from Python: runs and batches report progress, stop within a second on
SIGINT (a kernel interrupt), keep finished runs and resume."""

import io
import os
import subprocess
import sys
import textwrap

import pytest

import tipsim
from tipsim import progress


def test_progress_reaches_a_function_as_runs_finish(small_scenario_path, tmp_path):
    seen = []
    batch = tipsim.Batch(small_scenario_path, replicates=3, name="progress",
                         variants={"baseline": {}, "training": {"policy.predeployment_training": 1.0}})
    tipsim.batch(batch, tmp_path / "progress.h5", threads=2, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (6, 6)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_a_finished_batch_is_reused_not_recomputed(small_scenario_path, tmp_path):
    out = tmp_path / "reused.h5"
    batch = tipsim.Batch(small_scenario_path, replicates=2, name="reused")
    first = tipsim.batch(batch, out, threads=2, progress=False)
    modified = out.stat().st_mtime_ns
    seen = []
    again = tipsim.batch(batch, out, threads=2, resume=True, progress=lambda *counts: seen.append(counts))
    assert out.stat().st_mtime_ns == modified
    assert seen == []  # no run was run
    assert len(again.runs) == len(first.runs)


def test_a_plain_line_reports_each_tenth_where_it_cannot_redraw():
    stream = io.StringIO()
    line = progress.Line("runs", "demo", stream=stream)
    for done in range(0, 101):
        line(done, 100)
    line.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 11  # 0%, 10%, ..., 100%
    assert lines[-1].startswith("demo: 100/100 runs (100%)")


def test_the_reporter_is_a_bar_a_function_or_nothing():
    assert progress.reporter(False, "runs") is None
    function = lambda done, total: None  # noqa: E731
    assert progress.reporter(function, "runs") is function
    assert isinstance(progress.reporter(True, "runs"), progress.Bar)  # tqdm is installed
    with pytest.raises(TypeError, match="progress must be"):
        progress.reporter("yes", "runs")


def interrupt(script: str) -> subprocess.CompletedProcess:
    """Runs a script that sends itself SIGINT, as Ctrl-C or a kernel interrupt would."""
    prelude = textwrap.dedent("""
        import os, signal, threading, time
        import tipsim
        def ctrl_c(after):
            def send():
                sent.append(time.monotonic())
                os.kill(os.getpid(), signal.SIGINT)
            threading.Timer(after, send).start()
        sent = []
    """)
    return subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(script)], capture_output=True, text=True,
                          timeout=300, env=os.environ)


def test_ctrl_c_stops_a_run_within_a_second_with_keyboard_interrupt():
    done = interrupt("""
        scenario = tipsim.Scenario.default()  # 1.9 million people, ten years: several seconds
        ctrl_c(0.8)
        try:
            tipsim.run(scenario, seed=1, threads=2, progress=False)
            print("finished")
        except KeyboardInterrupt:
            print(f"interrupted after {time.monotonic() - sent[0]:.3f} s")
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("interrupted after "), done.stdout
    assert float(done.stdout.split()[2]) < 1.0


def test_ctrl_c_stops_a_batch_within_a_second_keeps_finished_runs_and_resume_finishes_it(tmp_path):
    out = tmp_path / "interrupted.h5"
    done = interrupt(f"""
        # runs of a few seconds each: waiting for the runs under way would take longer than a second
        batch = tipsim.Batch(tipsim.Scenario.default().with_overrides({{"time.years": 4}}), replicates=8,
                             name="interrupted")
        def progress(done, total):
            if done == 2 and not sent:
                ctrl_c(0.0)
        try:
            tipsim.batch(batch, {str(out)!r}, threads=2, progress=progress)
            print("finished")
        except KeyboardInterrupt as error:
            time.sleep(0.0)
            print(f"interrupted after {{time.monotonic() - sent[0]:.3f}} s: {{error}}")
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("interrupted after "), done.stdout
    assert float(done.stdout.split()[2].rstrip(":")) < 1.0
    assert "resume=True finishes the batch" in done.stdout
    partial = tmp_path / "interrupted.h5.partial"
    kept = sorted(path.name for path in partial.glob("run-*.part"))
    assert 2 <= len(kept) < 8
    assert not out.exists()

    seen = []
    batch = tipsim.Batch(tipsim.Scenario.default().with_overrides({"time.years": 4}), replicates=8,
                         name="interrupted")
    result = tipsim.batch(batch, out, threads=2, resume=True, progress=lambda *counts: seen.append(counts))
    assert seen[0] == (len(kept), 8)  # the kept runs count as done from the start
    assert len(result.runs) == 8
    assert not partial.exists()
