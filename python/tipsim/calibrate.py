"""Calibration by sequential Monte Carlo approximate Bayesian computation (ABC-SMC).

Populations of weighted parameter sets (particles) move from the prior towards the posterior
through a falling sequence of tolerances: each generation's tolerance is a quantile of the last
generation's distances (adaptive), new particles are drawn from the last population and moved by
a Gaussian kernel of twice its weighted covariance (Beaumont et al. 2009), and every batch of
proposals is simulated by the C++ batch runner in parallel. Priors are uniform or log-uniform;
the kernel works on the unit cube of the priors.

Every round of simulations is an ordinary batch in ``<out>.work/`` and the population is saved
after every generation, so an interrupted calibration resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from .batch import run_parameter_sets
from .targets import Targets, load_targets

FORMAT = "tipsim-calibration"


@dataclass
class Generation:
    particles: np.ndarray  # N x P, prior space
    weights: np.ndarray  # N, sums to 1
    distances: np.ndarray  # N
    simulated: np.ndarray  # N x T, the targets' simulated values
    tolerance: float
    proposals: int
    simulations: int

    @property
    def acceptance_rate(self) -> float:
        return len(self.weights) / self.proposals if self.proposals else float("nan")


def _weighted_quantile(values: np.ndarray, weights: np.ndarray, quantiles) -> np.ndarray:
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    cumulative /= cumulative[-1]
    return np.interp(quantiles, cumulative - weights[order] / (2 * weights.sum()), values[order])


class Calibration:
    """The outcome of :func:`calibrate`: the populations of every generation, the final
    posterior and its predictive check against each target."""

    def __init__(self, name: str, parameters: pd.DataFrame, targets: pd.DataFrame, generations: list[Generation],
                 metadata: dict):
        self.name = name
        self.parameters = parameters
        self.targets = targets
        self.generations = generations
        self.metadata = metadata

    @property
    def posterior(self) -> pd.DataFrame:
        """The last population: one row per particle, a column per parameter and its weight."""
        last = self.generations[-1]
        frame = pd.DataFrame(last.particles, columns=list(self.parameters["key"]))
        frame["weight"] = last.weights
        frame["distance"] = last.distances
        return frame

    @property
    def history(self) -> pd.DataFrame:
        """Tolerance, acceptance rate and simulations per generation."""
        return pd.DataFrame([{"generation": g, "tolerance": gen.tolerance, "acceptance_rate": gen.acceptance_rate,
                              "proposals": gen.proposals, "simulations": gen.simulations}
                             for g, gen in enumerate(self.generations)])

    def credible_intervals(self, level: float = 0.9) -> pd.DataFrame:
        """Weighted posterior median and central credible interval of every parameter."""
        last = self.generations[-1]
        rows = []
        for j, key in enumerate(self.parameters["key"]):
            low, median, high = _weighted_quantile(last.particles[:, j], last.weights,
                                                   [(1 - level) / 2, 0.5, (1 + level) / 2])
            rows.append({"parameter": key, "median": median, "low": low, "high": high, "level": level})
        return pd.DataFrame(rows)

    def predictive(self) -> pd.DataFrame:
        """Posterior predictive check: each target's observed range against the weighted 5, 50
        and 95% quantiles of its simulated value under the posterior; ``inside`` when the
        observed range and the 5-95% predictive range overlap."""
        last = self.generations[-1]
        rows = []
        for t, target in self.targets.iterrows():
            values = last.simulated[:, t]
            finite = np.isfinite(values)
            q05, q50, q95 = (_weighted_quantile(values[finite], last.weights[finite], [0.05, 0.5, 0.95])
                             if finite.any() else (np.nan,) * 3)
            rows.append({**target.to_dict(), "simulated_q05": q05, "simulated_median": q50, "simulated_q95": q95,
                         "inside": bool(q05 <= target["observed_high"] and q95 >= target["observed_low"])})
        return pd.DataFrame(rows)

    def save(self, path: str | os.PathLike) -> None:
        """Write an HDF5 file (format "tipsim-calibration"), atomically."""
        import h5py

        path = Path(path)
        temporary = path.with_name(path.name + f".tmp-{os.getpid()}")
        with h5py.File(temporary, "w") as file:
            file.attrs["format"] = FORMAT
            file.attrs["format_version"] = 1
            file.attrs["name"] = self.name
            for key, value in self.metadata.items():
                file.attrs[key] = value
            group = file.create_group("parameters")
            group["key"] = list(self.parameters["key"])
            for column in ("minimum", "maximum", "logarithmic"):
                group[column] = self.parameters[column].to_numpy()
            group = file.create_group("targets")
            for column in self.targets.columns:
                values = self.targets[column]
                group[column] = list(values) if values.dtype == object else values.to_numpy()
            for g, generation in enumerate(self.generations):
                group = file.create_group(f"generations/{g}")
                for name in ("particles", "weights", "distances", "simulated"):
                    group.create_dataset(name, data=getattr(generation, name), compression="gzip")
                group.attrs["tolerance"] = generation.tolerance
                group.attrs["proposals"] = generation.proposals
                group.attrs["simulations"] = generation.simulations
                group.attrs["acceptance_rate"] = generation.acceptance_rate
        os.replace(temporary, path)

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Calibration":
        import h5py

        with h5py.File(path, "r") as file:
            if file.attrs.get("format") != FORMAT:
                raise ValueError(f"{path}: not a tipsim calibration file")
            text = lambda values: [v.decode() if isinstance(v, bytes) else str(v) for v in values]  # noqa: E731
            parameters = pd.DataFrame({"key": text(file["parameters/key"][()]),
                                       **{c: file["parameters"][c][()] for c in ("minimum", "maximum", "logarithmic")}})
            targets = pd.DataFrame({c: (text(file["targets"][c][()]) if file["targets"][c].dtype.kind in "OS"
                                        else file["targets"][c][()]) for c in file["targets"]})
            generations = []
            for g in sorted(file["generations"], key=int):
                group = file["generations"][g]
                generations.append(Generation(group["particles"][()], group["weights"][()], group["distances"][()],
                                              group["simulated"][()], float(group.attrs["tolerance"]),
                                              int(group.attrs["proposals"]), int(group.attrs["simulations"])))
            metadata = {key: (value.decode() if isinstance(value, bytes) else value)
                        for key, value in file.attrs.items() if key not in ("format", "format_version", "name")}
            name = file.attrs["name"]
        return cls(name, parameters, targets, generations, metadata)

    def __repr__(self) -> str:
        last = self.generations[-1]
        return (f"Calibration({self.name!r}: {len(self.generations)} generations of {len(last.weights)} particles, "
                f"final tolerance {last.tolerance:.3g}, {sum(g.simulations for g in self.generations)} simulations)")


def _target_table(targets: Targets) -> pd.DataFrame:
    return pd.DataFrame([{"name": t.name, "metric": "+".join(t.metrics), "reduce": t.reduce,
                          "observed_low": t.low, "observed_high": t.high, "kind": t.kind, "source": t.source}
                         for t in targets.targets])


def calibrate(targets: str | os.PathLike | Targets, out: str | os.PathLike, particles: int = 200,
              generations: int = 5, quantile: float = 0.5, threads: int = 0, seed: int = 1,
              max_rounds: int = 8, progress: Callable[[str], None] | None = print,
              command: Sequence[str] | None = None) -> Calibration:
    """Calibrate a scenario against a targets file by ABC-SMC and write the result to ``out``.

    ``particles`` per generation; ``quantile`` of the last distances sets the next tolerance;
    each generation proposes in rounds (at most ``max_rounds``) until enough particles are
    accepted. Simulations run in parallel on ``threads`` cores (0: all) through the batch runner.
    Rerunning the same call after an interruption resumes it. ``command`` runs each round
    through the tipsim command, for example on MPI ranks (see :func:`tipsim.batch`).
    """
    if not isinstance(targets, Targets):
        targets = load_targets(targets)
    if particles < 2 or generations < 1 or not 0 < quantile < 1:
        raise ValueError("need particles >= 2, generations >= 1 and 0 < quantile < 1")
    out = Path(out)
    work = out.parent / (out.name + ".work")
    work.mkdir(parents=True, exist_ok=True)
    # the scenario too: targets pointed at another scenario (a shorter run, say) start afresh
    settings = json.dumps({"targets": targets.text, "scenario": str(targets.scenario_path),
                           "scenario_text": Path(targets.scenario_path).read_text(), "particles": particles,
                           "quantile": quantile, "seed": seed, "max_rounds": max_rounds}, sort_keys=True)
    fingerprint = hashlib.sha256(settings.encode()).hexdigest()
    state_file = work / "state.npz"
    history: list[Generation] = []
    if state_file.exists():
        saved = np.load(state_file, allow_pickle=False)
        if str(saved["fingerprint"]) != fingerprint:
            raise ValueError(f"{work} holds a calibration with other targets or settings; remove it to start again")
        for g in range(int(saved["generations"])):
            history.append(Generation(saved[f"particles_{g}"], saved[f"weights_{g}"], saved[f"distances_{g}"],
                                      saved[f"simulated_{g}"], float(saved[f"tolerance_{g}"]),
                                      int(saved[f"proposals_{g}"]), int(saved[f"simulations_{g}"])))
        if progress and history:
            progress(f"resuming after generation {len(history) - 1}")
    keys = [parameter.key for parameter in targets.parameters]

    def simulate(unit: np.ndarray, generation: int, round_: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # one variant per proposal, replicates with common random numbers across proposals
        values = np.column_stack([p.from_unit(unit[:, j]) for j, p in enumerate(targets.parameters)])
        result, row = run_parameter_sets(targets.scenario_path, keys, values,
                                         work / f"generation-{generation}-round-{round_}.h5",
                                         targets.replicates, seed, threads,
                                         f"{targets.name}-generation-{generation}-round-{round_}", command)
        simulated, _ = targets.distances(result)
        mean = np.stack([np.nanmean(simulated[row == i], axis=0) for i in range(len(values))])
        distance = np.sqrt(sum(target.distance(mean[:, t]) ** 2 for t, target in enumerate(targets.targets)))
        return values, mean, distance

    while len(history) < generations:
        g = len(history)
        rng = np.random.default_rng([seed, g])
        if g == 0:
            unit = rng.random((particles, len(keys)))
            values, simulated, distance = simulate(unit, 0, 0)
            generation = Generation(values, np.full(particles, 1 / particles), distance, simulated, float("inf"),
                                    particles, particles * targets.replicates)
        else:
            previous = history[-1]
            finite = np.isfinite(previous.distances)
            tolerance = float(np.quantile(previous.distances[finite], quantile))
            previous_unit = np.column_stack([p.to_unit(previous.particles[:, j])
                                             for j, p in enumerate(targets.parameters)])
            mean = np.average(previous_unit, axis=0, weights=previous.weights)
            covariance = 2 * np.atleast_2d(np.cov(previous_unit.T, aweights=previous.weights))
            covariance += np.eye(len(keys)) * 1e-9
            accepted_unit, accepted_values, accepted_simulated, accepted_distance = [], [], [], []
            proposals = 0
            rate = max(previous.acceptance_rate * quantile, 0.05)
            for round_ in range(max_rounds):
                missing = particles - len(accepted_distance)
                count = int(min(5 * particles, max(particles, np.ceil(missing / rate))))
                proposed = np.empty((0, len(keys)))
                while len(proposed) < count:
                    picks = rng.choice(len(previous.weights), size=count, p=previous.weights)
                    moved = previous_unit[picks] + rng.multivariate_normal(np.zeros(len(keys)), covariance, size=count)
                    inside = np.all((moved >= 0) & (moved <= 1), axis=1)
                    proposed = np.vstack([proposed, moved[inside]])
                proposed = proposed[:count]
                values, simulated, distance = simulate(proposed, g, round_)
                proposals += count
                keep = np.flatnonzero(distance <= tolerance)
                rate = max(len(keep) / count, 0.01)
                for i in keep[:missing]:
                    accepted_unit.append(proposed[i])
                    accepted_values.append(values[i])
                    accepted_simulated.append(simulated[i])
                    accepted_distance.append(distance[i])
                if len(accepted_distance) >= particles:
                    break
            if len(accepted_distance) < 2:
                raise RuntimeError(f"generation {g}: too few proposals within tolerance {tolerance:.3g}; "
                                   "widen the priors, add particles or lower the number of generations")
            accepted_unit = np.array(accepted_unit)
            # importance weights: prior (uniform on the unit cube) over the kernel mixture
            inverse = np.linalg.inv(covariance)
            differences = accepted_unit[:, None, :] - previous_unit[None, :, :]
            kernel = np.exp(-0.5 * np.einsum("ijk,kl,ijl->ij", differences, inverse, differences))
            weights = 1.0 / (kernel @ previous.weights)
            weights /= weights.sum()
            generation = Generation(np.array(accepted_values), weights, np.array(accepted_distance),
                                    np.array(accepted_simulated), tolerance, proposals, proposals * targets.replicates)
        history.append(generation)
        state = {"fingerprint": fingerprint, "generations": len(history)}
        for index, item in enumerate(history):
            state.update({f"particles_{index}": item.particles, f"weights_{index}": item.weights,
                          f"distances_{index}": item.distances, f"simulated_{index}": item.simulated,
                          f"tolerance_{index}": item.tolerance, f"proposals_{index}": item.proposals,
                          f"simulations_{index}": item.simulations})
        temporary = work / f"state.tmp-{os.getpid()}.npz"
        np.savez(temporary, **state)
        os.replace(temporary, state_file)
        if progress:
            progress(f"generation {g}: tolerance {generation.tolerance:.3g}, accepted {len(generation.weights)} of "
                     f"{generation.proposals} proposals ({generation.acceptance_rate:.0%}), "
                     f"{generation.simulations} simulations")

    parameters = pd.DataFrame([{"key": p.key, "minimum": p.minimum, "maximum": p.maximum,
                                "logarithmic": p.logarithmic} for p in targets.parameters])
    calibration = Calibration(targets.name, parameters, _target_table(targets), history,
                              {"targets_text": targets.text, "scenario": str(targets.scenario_path), "seed": seed,
                               "quantile": quantile})
    calibration.save(out)
    return calibration
