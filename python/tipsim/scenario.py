"""Scenarios: load, inspect and change them without touching C++ or TOML."""

from __future__ import annotations

import os
from typing import Any, Mapping

import pandas as pd

from . import _core


class Scenario:
    """A validated scenario. Immutable: :meth:`with_overrides` returns a new one."""

    def __init__(self, core: _core.Scenario):
        self._core = core

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Scenario":
        """Read a scenario TOML file. Bad input raises ValueError naming file, line and key."""
        return cls(_core.Scenario.load(os.fspath(path)))

    @classmethod
    def default(cls) -> "Scenario":
        """The baseline scenario shipped with tipsim (scenarios/baseline.toml)."""
        return cls(_core.Scenario.default())

    @classmethod
    def from_toml(cls, text: str, name: str = "<text>", folder: str | os.PathLike = "") -> "Scenario":
        """Parse scenario text; tables it names are found relative to ``folder``."""
        return cls(_core.Scenario.parse(text, name, os.fspath(folder)))

    def with_overrides(self, overrides: Mapping[str, Any]) -> "Scenario":
        """A copy with parameters changed, checked like a scenario file.

        Values are numbers, strings (choices), booleans (flags), or schedules given as a list of
        ``(year, value)`` pairs or ``{"points": [...], "interpolation": "linear"}``.
        Contingent fields are ``"contingent.<country>.<field>"``. ``"local"`` adds a ``[[local]]``
        table (a dict with ``municipalities`` and parameter keys, or a list of them), and
        ``"local.<name>.<key>"`` changes a value of a named one.
        """
        return Scenario(self._core.with_overrides(dict(overrides)))

    @property
    def name(self) -> str:
        return self._core.name

    @property
    def steps(self) -> int:
        """Weekly steps the scenario runs for."""
        return self._core.steps

    @property
    def start_year(self) -> float:
        return self._core.start_year

    @property
    def overrides(self) -> list[str]:
        """The overrides applied so far, as ``key=value``."""
        return list(self._core.overrides)

    def to_toml(self) -> str:
        """Every parameter spelled out; reads back to an equal scenario."""
        return self._core.resolved_toml()

    def parameters(self) -> pd.DataFrame:
        """One row per parameter: name, value, default, unit, kind, description, source."""
        values = self._core.values()
        rows = []
        for spec in _core.parameter_table():
            rows.append(
                {
                    "name": spec["key"],
                    "value": values[spec["key"]],
                    "default": spec["default"],
                    "unit": spec["unit"],
                    "kind": spec["kind"],
                    "schedulable": spec["schedulable"],
                    "description": spec["description"],
                    "source": spec["source"],
                }
            )
        return pd.DataFrame(rows)

    def __getitem__(self, key: str) -> Any:
        values = self._core.values()
        if key not in values:
            raise KeyError(f"unknown parameter {key!r}")
        return values[key]

    def __repr__(self) -> str:
        extra = f", {len(self.overrides)} overrides" if self.overrides else ""
        return f"Scenario({self.name!r}, {self.steps} weekly steps from {self.start_year}{extra})"
