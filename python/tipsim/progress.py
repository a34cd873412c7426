"""Progress of runs and batches as the engine reports it: a tqdm bar where tqdm is installed
(Debian's python3-tqdm), a plain line on stderr otherwise. The engine calls it from Python's own
thread (between the slices in which it also lets Ctrl-C through), never from its workers."""

from __future__ import annotations

import sys
import time
from typing import Callable

Reporter = Callable[[int, int], None]


def _in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    try:
        return type(shell.get_ipython()).__name__ == "ZMQInteractiveShell"
    except Exception:  # pragma: no cover - an IPython without a shell
        return False


class Line:
    """A plain progress line on ``stream``: rewritten in place (at most five times a second)
    where ``\\r`` works (terminals, notebooks), one line per tenth of the work elsewhere (logs)."""

    def __init__(self, unit: str, description: str = "", delay: float = 0.0, stream=None):
        self.unit = unit
        self.description = description
        self.delay = delay
        self.stream = stream if stream is not None else sys.stderr
        self.start = time.monotonic()
        self.first = None
        self.last_shown = 0.0
        self.last_tenth = -1
        self.shown = False
        isatty = getattr(self.stream, "isatty", None)
        self.in_place = _in_notebook() or bool(isatty and isatty())

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.first is None:
            self.first = (done, now)  # what was done before this session (a resumed batch)
        if now - self.start < self.delay and done < total:
            return
        finished = done >= total
        tenth = 10 * done // max(total, 1)
        if self.in_place:
            if now - self.last_shown < 0.2 and not finished:
                return
        elif tenth == self.last_tenth and not finished:
            return
        self.last_shown, self.last_tenth = now, tenth
        rate = (done - self.first[0]) / (now - self.first[1]) if now > self.first[1] else 0.0
        left = (total - done) / rate if rate > 0 else 0.0
        text = (f"{self.description + ': ' if self.description else ''}{done}/{total} {self.unit} "
                f"({100 * done // max(total, 1)}%), {rate:.2f} {self.unit}/s, {int(left) // 60}m {int(left) % 60:02d}s left")
        if self.in_place:
            self.stream.write("\r" + text + ("\n" if finished else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
        self.shown = not finished

    def close(self) -> None:
        if self.shown and self.in_place:
            self.stream.write("\n")
            self.stream.flush()
        self.shown = False


class Bar:
    """A tqdm bar on stderr."""

    def __init__(self, unit: str, description: str = "", delay: float = 0.0):
        # the text bar, in notebooks too (Jupyter redraws it in place): tqdm's notebook widget
        # needs ipywidgets 7, Debian has 6
        from tqdm import tqdm

        self._tqdm = tqdm
        self.options = {"unit": f" {unit}", "desc": description or None, "delay": delay, "file": sys.stderr}
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = self._tqdm(total=total, initial=done, **self.options)
        else:
            self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def reporter(progress: bool | Reporter, unit: str, description: str = "", delay: float = 0.0):
    """What to give the engine for ``progress``: None when it is False, the function itself when
    it is one (called with done and total), else a tqdm bar if tqdm is installed or a plain
    line. Close what it returns (``close()``) when the work is over."""
    if progress is False or progress is None:
        return None
    if callable(progress):
        return progress
    if progress is not True:
        raise TypeError(f"progress must be True, False or a function of (done, total), got {progress!r}")
    try:
        import tqdm  # noqa: F401
    except ImportError:
        return Line(unit, description, delay)
    return Bar(unit, description, delay)


def close(shown) -> None:
    if shown is not None and hasattr(shown, "close"):
        shown.close()
