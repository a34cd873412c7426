"""Calibration benchmark: a 6-parameter ABC-SMC of europe-2005 against the OSCE targets on this
machine's cores. Prints wall time and simulations per second. Not a test.

    PYTHONPATH=python /usr/bin/python3 bench/calibration.py [particles] [generations]
"""

import shutil
import sys
import tempfile
import time
from pathlib import Path

import tipsim

particles = int(sys.argv[1]) if len(sys.argv) > 1 else 40
generations = int(sys.argv[2]) if len(sys.argv) > 2 else 3
targets = Path(__file__).resolve().parents[1] / "scenarios" / "targets" / "osce-europe-2005.toml"
folder = Path(tempfile.mkdtemp(prefix="tipsim-bench-calibration-"))
start = time.monotonic()
calibration = tipsim.calibrate(targets, folder / "osce.h5", particles=particles, generations=generations, threads=0,
                               progress=lambda line: print("  " + line))
seconds = time.monotonic() - start
simulations = int(calibration.history["simulations"].sum())
print(f"6-parameter ABC-SMC, {particles} particles x {generations} generations: {simulations} simulations "
      f"in {seconds:.1f} s = {simulations / seconds:.2f} simulations/s "
      f"(europe-2005: {tipsim.Scenario.load(targets.parent.parent / 'europe-2005.toml').steps} weekly steps each)")
shutil.rmtree(folder)
