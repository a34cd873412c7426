"""Batches from Python: a batch file on disk, or a :class:`Batch` described here."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path
from typing import Any, Mapping, Sequence

from . import _core, progress as _progress
from .result import Result, read
from .scenario import Scenario


class Batch:
    """A batch described in Python: a base scenario, named variants (overrides), an optional
    grid or sample, and replicates. It is written as an ordinary batch file (see
    docs/batches.md) next to the output, so what ran can always be read and rerun.

    >>> Batch(Scenario.default(), variants={"baseline": {}, "training": {"policy.predeployment_training": 1.0}},
    ...       replicates=10)
    """

    def __init__(self, scenario: Scenario | str | os.PathLike, variants: Mapping[str, Mapping[str, Any]] | None = None,
                 replicates: int = 1, seed: int | None = None, baseline: str | None = None,
                 grid: Mapping[str, list] | None = None, sample: Mapping[str, Any] | None = None,
                 name: str = "batch"):
        if grid and sample:
            raise ValueError("a batch has a grid or a sample, not both")
        if not isinstance(replicates, int) or replicates < 1:
            raise ValueError(f"replicates must be a positive integer, got {replicates!r}")
        self.scenario = scenario
        self.variants = dict(variants) if variants else {"baseline": {}}
        self.replicates = replicates
        self.seed = seed
        self.baseline = baseline
        self.grid = dict(grid) if grid else None
        self.sample = dict(sample) if sample else None
        self.name = name

    def to_toml(self, folder: str | os.PathLike) -> str:
        """The batch file's text; a :class:`Scenario` base is written to ``folder``/scenario.toml."""
        folder = Path(folder)
        if isinstance(self.scenario, Scenario):
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "scenario.toml").write_text(self.scenario.to_toml())
            scenario_path = "scenario.toml"
        else:
            scenario_path = os.path.abspath(os.fspath(self.scenario))
        variants = [(name, dict(overrides)) for name, overrides in self.variants.items()]
        grid = {key: list(values) for key, values in (self.grid or {}).items()}
        sample = None
        if self.sample:
            sample = dict(self.sample)
            sample["ranges"] = {key: (dict(bounds) if isinstance(bounds, Mapping) else list(bounds))
                                for key, bounds in sample.get("ranges", {}).items()}
        return _core.batch_toml(self.name, scenario_path, self.replicates, self.seed, self.baseline, variants,
                                grid, sample)


def batch(batch_or_path: Batch | str | os.PathLike, out: str | os.PathLike, threads: int = 0,
          resume: bool = False, command: Sequence[str] | None = None, progress=True) -> Result:
    """Run a batch (a file or a :class:`Batch`) into the HDF5 file ``out`` and load it.

    Runs are shared among ``threads`` cores (0: all). A :class:`Batch` is written to
    ``<out>.inputs/batch.toml`` first.

    - **Progress**: a bar (tqdm, or a plain line) shows runs done and time left;
      ``progress=False`` silences it, a function of (runs done, runs) receives it instead.
    - **Ctrl-C** (or interrupting the kernel) stops the batch within a step: finished runs are
      kept in ``<out>.partial/`` and KeyboardInterrupt is raised.
    - ``resume=True`` finishes an interrupted batch, running only what is missing; a finished
      one is simply loaded, which is how a notebook reuses its results instead of recomputing
      them. A file or partial folder of a different batch is refused (ValueError).

    ``command`` runs the batch through the tipsim command instead of in this process, for
    example on MPI ranks: ``command=["mpirun", "-n", "64", "/path/to/tipsim"]`` runs
    ``mpirun -n 64 /path/to/tipsim batch FILE -o OUT ...``.
    """
    out = Path(out)
    if isinstance(batch_or_path, Batch):
        folder = out.parent / (out.name + ".inputs")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "batch.toml"
        text = batch_or_path.to_toml(folder)
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
    else:
        path = Path(batch_or_path)
        if not path.exists():
            raise FileNotFoundError(str(path))
    if not isinstance(threads, int) or threads < 0:
        raise ValueError(f"threads must be a non-negative integer, got {threads!r}")
    if command:
        arguments = [*command, "batch", os.fspath(path), "-o", os.fspath(out), "--threads", str(threads), "-q"]
        done = subprocess.run(arguments + (["--resume"] if resume else []), capture_output=True, text=True)
        if done.returncode == 2:
            raise ValueError(done.stderr.strip())
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(arguments)} failed ({done.returncode}): {done.stderr.strip()}")
    else:
        # the command line that gives the same file, recorded in its /metadata
        equivalent = shlex.join(["tipsim", "batch", os.fspath(path), "-o", os.fspath(out)])
        shown = _progress.reporter(progress, "runs", Path(out).stem)
        try:
            _core.run_batch(os.fspath(path), os.fspath(out), threads, resume, equivalent, shown)
        finally:
            _progress.close(shown)
    return read(out)


def run_parameter_sets(scenario, keys, rows, out, replicates: int = 1, seed: int | None = None, threads: int = 0,
                       name: str = "parameter-sets", command: Sequence[str] | None = None, progress=False):
    """Run one variant per row of parameter values (columns in the order of ``keys``) as one
    resumable batch; returns the result and, for each run, the row it belongs to. Count
    parameters are rounded to whole numbers."""
    import numpy as np

    kinds = {entry["key"]: entry["kind"] for entry in _core.parameter_table()}
    variants = {f"p{i}": {key: (int(round(value)) if kinds.get(key) == "count" else float(value))
                          for key, value in zip(keys, row)} for i, row in enumerate(rows)}
    result = batch(Batch(scenario, variants=variants, replicates=replicates, seed=seed, name=name), out,
                   threads=threads, resume=True, command=command, progress=progress)
    return result, result.runs["variant"].str[1:].astype(int).to_numpy()
