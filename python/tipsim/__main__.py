"""``python3 -m tipsim``: the Python side's commands (the engine's own are in the tipsim binary)."""

from __future__ import annotations

import argparse
import shlex
import sys

from . import __version__, load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m tipsim", description=__doc__)
    parser.add_argument("--version", action="version", version=f"tipsim {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("show", help="describe a tipsim HDF5 file")
    show.add_argument("file")
    calibrate = commands.add_parser("calibrate", help="fit a scenario to a targets file by ABC-SMC")
    calibrate.add_argument("targets", help="targets TOML file")
    calibrate.add_argument("-o", "--output", required=True, help="calibration HDF5 file to write")
    calibrate.add_argument("--particles", type=int, default=200)
    calibrate.add_argument("--generations", type=int, default=5)
    calibrate.add_argument("--quantile", type=float, default=0.5, help="of distances, for the next tolerance")
    calibrate.add_argument("--threads", type=int, default=0)
    calibrate.add_argument("--seed", type=int, default=1)
    calibrate.add_argument("--launcher", help="run each round through this command, e.g. "
                           "\"mpirun -n 64 build/release/tipsim\" (default: in this process)")
    arguments = parser.parse_args(argv)
    if arguments.command == "calibrate":
        from . import calibrate as run_calibration

        try:
            calibration = run_calibration(arguments.targets, arguments.output, particles=arguments.particles,
                                          generations=arguments.generations, quantile=arguments.quantile,
                                          threads=arguments.threads, seed=arguments.seed,
                                          progress=lambda line: print(line, file=sys.stderr),
                                          command=shlex.split(arguments.launcher) if arguments.launcher else None)
        except (ValueError, FileNotFoundError) as error:
            print(f"tipsim: {error}", file=sys.stderr)
            return 2
        print(calibration)
        print(calibration.credible_intervals().to_string(index=False))
        print(calibration.predictive()[["name", "observed_low", "observed_high", "simulated_median", "inside"]]
              .to_string(index=False))
        return 0
    if arguments.command == "show":
        try:
            result = load(arguments.file)
        except (ValueError, FileNotFoundError) as error:
            print(f"tipsim: {error}", file=sys.stderr)
            return 2
        print(result)
        if hasattr(result, "runs"):
            print(result.runs.groupby("variant").size().rename("runs").to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
