"""Any tipsim HDF5 file, by what it holds: results of runs and batches, or a calibration."""

from __future__ import annotations

import os

from .calibrate import Calibration
from .result import Result, read


def load(path: str | os.PathLike) -> Result | Calibration:
    """Read a tipsim HDF5 file: a single run or a batch into a :class:`Result`, a calibration
    into a :class:`Calibration`. Anything else raises ValueError."""
    import h5py

    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(path)
    try:
        with h5py.File(path, "r") as file:
            calibration = file.attrs.get("format") in ("tipsim-calibration", b"tipsim-calibration")
    except OSError as error:
        raise ValueError(f"{path}: not an HDF5 file ({error})") from None
    return Calibration.load(path) if calibration else read(path)
