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
    report = commands.add_parser("report", help="write a self-contained HTML report of a results file")
    report.add_argument("file", help="tipsim results HDF5 file")
    report.add_argument("-o", "--output", help="HTML file to write (default: FILE with .html)")
    report.add_argument("--baseline", help="what to compare against, as tipsim summary --baseline takes it")
    report.add_argument("--outcome", help="the outcomes whose averted units are costed, comma-separated "
                        "(default: victim_weeks,people_first_trafficked)")
    report.add_argument("--metrics", help="metrics to report, comma-separated (default: the main outcomes)")
    report.add_argument("--made-by", help=argparse.SUPPRESS)  # the command line, when the tipsim binary calls this
    arguments = parser.parse_args(argv)
    if arguments.command == "report":
        from pathlib import Path

        from .report import report as write_report

        output = arguments.output or str(Path(arguments.file).with_suffix(".html"))
        made_by = arguments.made_by or shlex.join(["python3", "-m", "tipsim",
                                                   *(argv if argv is not None else sys.argv[1:])])
        try:
            path = write_report(arguments.file, output, baseline=arguments.baseline, outcome=arguments.outcome.split(",") if arguments.outcome else None,
                                metrics=arguments.metrics.split(",") if arguments.metrics else None, command=made_by)
        except (ValueError, FileNotFoundError, KeyError) as error:
            print(f"tipsim: {error.args[0] if isinstance(error, KeyError) else error}", file=sys.stderr)
            return 2
        print(f"report: {path}")
        return 0
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
