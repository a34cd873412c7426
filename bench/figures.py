"""The figures a policy officer reads, written as PNGs to look at (``make bench``):

    PYTHONPATH=python /usr/bin/python3 bench/figures.py [OUT]      # default results/figures/after

The small test country: one run, and a batch of four variants x 6 replicates (the same data the
figures of earlier versions were drawn from, for before/after comparisons)."""

import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import tipsim  # noqa: E402
from tipsim.calibrate import Calibration, Generation  # noqa: E402

source = Path(__file__).resolve().parents[1]
out = Path(sys.argv[1]) if len(sys.argv) > 1 else source / "results" / "figures" / "after"
out.mkdir(parents=True, exist_ok=True)
small = source / "tests" / "data" / "small.toml"
start = time.monotonic()
batch = tipsim.Batch(small, name="figures", replicates=6,
                     variants={"baseline": {}, "training": {"policy.predeployment_training": 1.0},
                               "enforcement": {"policy.enforcement": 0.9}, "women": {"policy.women_share": 0.3}})
result = tipsim.batch(batch, out / "figures.h5", threads=2, resume=True, progress=False)
single = tipsim.run(tipsim.Scenario.load(small), seed=1, progress=False)

figure, axes = plt.subplots(1, 3, figsize=(17, 4.8), layout="constrained")
tipsim.plot.timeseries(single, "victims_recruited", ax=axes[0], per="year")
tipsim.plot.timeseries(single, ["victims_exploited_local", "victims_exploited_abroad"], ax=axes[1])
tipsim.plot.timeseries(single, "victims_exported", ax=axes[2], per="year")
figure.savefig(out / "run-timeseries.png", dpi=100)

ax = tipsim.plot.timeseries(result, "victims_recruited", per="year")
ax.figure.savefig(out / "batch-timeseries.png", dpi=100)

ax = tipsim.plot.effects(result.compare(metrics=["victims_recruited"]), "victims_recruited")
ax.figure.savefig(out / "effects.png", dpi=100)

ax = tipsim.plot.network(single)
ax.figure.savefig(out / "network.png", dpi=100)

# a calibration's posterior and fit, from a made-up population (the shape is what is drawn)
rng = np.random.default_rng(1)
parameters = pd.DataFrame({"key": ["demand.export", "policy.enforcement", "traffickers.pool"],
                           "minimum": [1.0, 0.05, 5000.0], "maximum": [40.0, 0.8, 150000.0],
                           "logarithmic": [True, False, True]})
targets = pd.DataFrame({"name": ["victims exported per year", "convictions per year"],
                        "metric": ["victims_exported", "convictions"], "reduce": ["per_year", "per_year"],
                        "observed_low": [300000.0, 1673.0], "observed_high": [500000.0, 1673.0],
                        "kind": ["true", "detected"], "source": ["OSCE", "US TIP Report 2017"]})
particles = np.column_stack([np.exp(rng.normal(np.log(8), 0.5, 80)), rng.uniform(0.05, 0.8, 80),
                             np.exp(rng.normal(np.log(30000), 0.6, 80))])
simulated = np.column_stack([rng.normal(420000, 60000, 80), rng.normal(1400, 300, 80)])
calibration = Calibration("osce-europe-2005 (illustration)", parameters, targets,
                          [Generation(particles, np.full(80, 1 / 80), rng.random(80), simulated, 1.0, 160, 160)], {})
axes = tipsim.plot.posterior(calibration)
axes[0].figure.savefig(out / "posterior.png", dpi=100)
ax = tipsim.plot.predictive(calibration)
ax.figure.savefig(out / "predictive.png", dpi=100)
plt.close("all")

# the explorer's figure: the baseline at 5 people per agent against a change of levers
began = time.monotonic()
explorer = tipsim.explore.Explorer(scale=5)
baseline_seconds = time.monotonic() - began
explorer.run({"policy.women_share": 0.2, "policy.predeployment_training": 1.0})
explorer.figure().savefig(out / "explorer.png", dpi=90)
print(f"explorer: baseline run in {baseline_seconds:.1f} s, a rerun in {explorer.seconds:.1f} s")
print(f"figures written to {out} in {time.monotonic() - start:.1f} s")
