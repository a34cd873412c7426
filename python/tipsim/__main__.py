"""``python3 -m tipsim``: the Python side's commands (the engine's own are in the tipsim binary)."""

from __future__ import annotations

import argparse
import sys

from . import __version__, load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m tipsim", description=__doc__)
    parser.add_argument("--version", action="version", version=f"tipsim {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("show", help="describe a tipsim HDF5 file")
    show.add_argument("file")
    arguments = parser.parse_args(argv)
    if arguments.command == "show":
        try:
            result = load(arguments.file)
        except (ValueError, FileNotFoundError) as error:
            print(f"tipsim: {error}", file=sys.stderr)
            return 2
        print(result)
        print(result.runs.groupby("variant").size().rename("runs").to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
