"""Targets files (python/tipsim/targets.py): any bytes are a Targets object or a ValueError
that names the file. Anything else that escapes load_targets is a bug.

The targets parser is the one parser written in Python, and Debian has no Python port of
libFuzzer (atheris comes from PyPI only), so this harness is a small coverage-guided mutation
fuzzer of its own, with libFuzzer's habits: it starts from the seed corpus, mutates bytes and
splices in tokens of the shared dictionary (tests/fuzz/tipsim.dict), keeps an input that runs a
line of the parser (targets.py and tomllib) no input ran before, and writes an input that
breaks the rule to the artifacts folder.

    PYTHONPATH=python /usr/bin/python3 tests/fuzz/targets_fuzzer.py SECONDS CORPUS... \\
        [--artifacts PREFIX] [--seed N]
    PYTHONPATH=python /usr/bin/python3 tests/fuzz/targets_fuzzer.py 0 INPUT...   # replays inputs

Seeds name their scenario as "small.toml": inputs are written next to a copy of
tests/data/small.toml. Prints libFuzzer's final statistics, which tools/fuzz reads.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import random
import shutil
import sys
import tempfile
import time
import tomllib
import traceback
from pathlib import Path

from tipsim.targets import load_targets

SOURCE = Path(__file__).resolve().parents[2]
MAX_LENGTH = 8192  # as the TOML harnesses: longer inputs only make each run slower


def dictionary_tokens(path: Path) -> list[bytes]:
    """The quoted tokens of a libFuzzer dictionary, with their escapes resolved."""
    tokens = []
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith('"'):
            tokens.append(ast.literal_eval("b" + line))
    return tokens


class Coverage:
    """The (file, line) pairs of the parser that an input ran, through sys.settrace."""

    def __init__(self, files: list[str]):
        self.files = set(files)
        self.lines: set[tuple[str, int]] = set()

    def _local(self, frame, event, _):
        if event == "line":
            self.lines.add((frame.f_code.co_filename, frame.f_lineno))
        return self._local

    def _global(self, frame, event, _):
        return self._local if frame.f_code.co_filename in self.files else None

    def run(self, function) -> set[tuple[str, int]]:
        self.lines = set()
        sys.settrace(self._global)
        try:
            function()
        finally:
            sys.settrace(None)
        return self.lines


def mutate(data: bytes, corpus: list[bytes], tokens: list[bytes], generator: random.Random) -> bytes:
    """One to four of libFuzzer's kinds of edits."""
    data = bytearray(data)
    for _ in range(generator.randint(1, 4)):
        at = generator.randint(0, len(data))
        kind = generator.randrange(7)
        if kind == 0 and data:  # a byte changed
            data[min(at, len(data) - 1)] = generator.randrange(256)
        elif kind == 1:  # a token inserted
            data[at:at] = generator.choice(tokens)
        elif kind == 2 and data:  # a range removed
            del data[at:at + generator.randint(1, 32)]
        elif kind == 3:  # the value of a line replaced by a token
            start = data.rfind(b"\n", 0, at) + 1
            equals = data.find(b"=", start)
            end = data.find(b"\n", start)
            end = len(data) if end < 0 else end
            if 0 <= equals < end:
                data[equals + 1:end] = b" " + generator.choice(tokens)
        elif kind == 4:  # a line of this or another input copied here
            other = generator.choice(corpus).split(b"\n")
            data[at:at] = generator.choice(other) + b"\n"
        elif kind == 5 and data:  # a range repeated
            length = generator.randint(1, 64)
            data[at:at] = data[max(0, at - length):at]
        else:  # the head of this input, the tail of another
            other = generator.choice(corpus)
            data = data[:at] + other[generator.randint(0, len(other)):]
    return bytes(data[:MAX_LENGTH])


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("seconds", type=float)
    arguments.add_argument("corpus", nargs="+", type=Path,
                           help="folders (the first one grows), or files to replay once each")
    arguments.add_argument("--artifacts", default="targets-", help="prefix of a crashing input's file")
    arguments.add_argument("--seed", type=int, default=None)
    options = arguments.parse_args()
    seed = options.seed if options.seed is not None else time.time_ns() % 2**32
    generator = random.Random(seed)
    print(f"INFO: Seed: {seed}", flush=True)

    tokens = dictionary_tokens(SOURCE / "tests/fuzz/tipsim.dict")
    replay = all(path.is_file() for path in options.corpus)
    if replay:  # as libFuzzer given files: each runs once, and nothing is fuzzed
        corpus = [path.read_bytes() for path in options.corpus]
    else:
        options.corpus[0].mkdir(parents=True, exist_ok=True)
        corpus = [path.read_bytes()[:MAX_LENGTH] for folder in options.corpus
                  for path in sorted(folder.iterdir()) if path.is_file()]
    if not corpus:
        corpus = [b""]
    coverage = Coverage([str(SOURCE / "python/tipsim/targets.py"), tomllib._parser.__file__])
    seen: set[tuple[str, int]] = set()
    workdir = Path(tempfile.mkdtemp(prefix="tipsim-fuzz-targets-"))
    shutil.copy(SOURCE / "tests/data/small.toml", workdir / "small.toml")
    path = workdir / "fuzz.toml"

    def execute(data: bytes) -> set[tuple[str, int]] | None:
        """The lines the input ran; None when it broke the rule (the input is then kept)."""
        path.write_bytes(data)

        def load():
            try:
                load_targets(path)
            except ValueError as error:
                if not str(error).startswith(f"{path}: "):
                    raise AssertionError(f"a ValueError without the file's name: {error}") from error

        try:
            return coverage.run(load)
        except Exception:  # noqa: BLE001 - whatever escapes is the finding
            digest = hashlib.sha1(data).hexdigest()
            artifact = Path(f"{options.artifacts}crash-{digest}")
            artifact.parent.mkdir(parents=True, exist_ok=True)
            artifact.write_bytes(data)
            print("ERROR: load_targets raised something other than a ValueError naming the file",
                  file=sys.stderr)
            traceback.print_exc()
            print(f"Test unit written to {artifact}", file=sys.stderr)
            return None

    start = time.monotonic()
    executions = 0
    try:
        for data in corpus:  # the seeds first, as libFuzzer does
            lines = execute(data)
            executions += 1
            if lines is None:
                return 1
            seen |= lines
        print(f"#{executions}\tINITED cov: {len(seen)} corp: {len(corpus)}", flush=True)
        if replay:
            return 0
        next_report = 1.0
        while time.monotonic() - start < options.seconds:
            data = mutate(generator.choice(corpus), corpus, tokens, generator)
            lines = execute(data)
            executions += 1
            if lines is None:
                return 1
            if not lines <= seen:
                seen |= lines
                corpus.append(data)
                name = hashlib.sha1(data).hexdigest()
                (options.corpus[0] / name).write_bytes(data)
            elapsed = time.monotonic() - start
            if elapsed >= next_report:
                print(f"#{executions}\tpulse cov: {len(seen)} corp: {len(corpus)}", flush=True)
                next_report *= 2
        elapsed = time.monotonic() - start
        print(f"#{executions}\tDONE cov: {len(seen)} ft: {len(seen)} corp: {len(corpus)}")
        print(f"Done {executions} runs in {round(elapsed)} second(s)")
        print(f"stat::number_of_executed_units: {executions}")
        print(f"stat::average_exec_per_sec: {round(executions / max(elapsed, 1e-9))}")
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
