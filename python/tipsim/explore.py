"""An explorer for notebooks: a slider (ipywidgets) for each lever of the 2005 speech. Moving one
reruns the baseline at a coarse population scale (``population.scale``: an agent of the general
population stands for several people; peacekeepers and traffickers stay one agent each) in about
a second, and redraws its main series against the unchanged
baseline, which ran once with the same seed: common random numbers, so what differs is the
levers' doing, not chance.

>>> explorer = tipsim.explore.Explorer()        # runs the baseline once
>>> explorer.show()                             # sliders and the figure, in Jupyter
>>> explorer.figure(explorer.run({"policy.women_share": 0.2}))   # the same without widgets
"""

from __future__ import annotations

import time
import warnings
from typing import Any, Mapping, Sequence

from . import _core, plot
from .result import Result
from .run import run as run_scenario
from .scenario import Scenario

#: The levers of the speech, in its order: training before deployment and in the field,
#: enforcement and prosecution (local and by the home nation), women in the force, reporting
#: and whistleblower protection, early rule of law, victim assistance, off-limits orders and
#: child protection.
LEVERS = [
    ("policy.predeployment_training", "training before deployment"),
    ("policy.infield_training", "training in the field"),
    ("policy.enforcement", "local enforcement"),
    ("policy.prosecution", "local prosecution"),
    ("policy.home_prosecution", "prosecution at home"),
    ("policy.women_share", "women in the force"),
    ("policy.reporting_mechanism", "reporting mechanism"),
    ("policy.whistleblower_protection", "whistleblower protection"),
    ("policy.rule_of_law_start", "rule of law from"),
    ("policy.assistance_capacity", "victim assistance"),
    ("policy.off_limits", "off-limits orders"),
    ("policy.child_protection", "child protection"),
]

#: The series redrawn: people recruited, victims held in the country, peacekeepers' purchases.
SERIES = ["victims_recruited", "victims_exploited_local", "peacekeeper_purchases"]

# slider ranges where the parameter table's are too wide to explore (places, years)
_RANGES = {"policy.assistance_capacity": (0.0, 20.0, 0.5), "policy.rule_of_law_start": (1999.5, 2009.0, 0.5),
           "policy.infield_training": (0.0, 0.2, 0.005)}


class Explorer:
    """The baseline (or ``scenario``) at ``population.scale = scale``, run once with ``seed``;
    :meth:`run` reruns it with other lever values and the same seed."""

    def __init__(self, scenario: Scenario | None = None, scale: float = 5, seed: int | None = None,
                 threads: int = 0, series: Sequence[str] = SERIES):
        # loading the backend sets it up: in Jupyter the inline one, which shows the Figure
        # objects figure() returns (pyplot alone defers loading it to the first figure)
        import matplotlib
        import matplotlib.pyplot

        matplotlib.pyplot.switch_backend(matplotlib.get_backend())

        scenario = scenario if scenario is not None else Scenario.default()
        self.scenario = scenario.with_overrides({"population.scale": scale})
        self.seed = seed
        self.threads = threads
        self.series = list(series)
        self.specs = {entry["key"]: entry for entry in _core.parameter_table()}
        self.start = {key: self.scenario[key] for key, _ in LEVERS}
        for key, value in self.start.items():
            if isinstance(value, dict):
                raise ValueError(f"{key} is a schedule in this scenario: the explorer moves constant levers")
        began = time.monotonic()
        self.baseline = run_scenario(self.scenario, seed=seed, threads=threads, progress=False)
        self.seconds = time.monotonic() - began
        self.values = dict(self.start)  # as the controls have them
        self.last: Result = self.baseline
        self.last_changes: dict[str, Any] = {}
        self._display = None
        self._status = None

    def run(self, changes: Mapping[str, Any] | None = None) -> Result:
        """The scenario with these lever values (the others as the controls have them), same
        seed. The controls keep their values: :meth:`update` is what moves them."""
        levers = {**self.values, **(changes or {})}
        changed = {key: value for key, value in levers.items() if value != self.start[key]}
        began = time.monotonic()
        self.last = run_scenario(self.scenario.with_overrides(changed), seed=self.seed, threads=self.threads,
                                 progress=False) if changed else self.baseline
        self.seconds = time.monotonic() - began
        self.last_changes = changed
        return self.last

    def changed(self) -> dict[str, Any]:
        """The levers of the last run that differ from the scenario's."""
        return dict(self.last_changes)

    def figure(self, variant: Result | None = None):
        """The main series per calendar year, the levers as set against the baseline, and the
        change over the run of each."""
        from matplotlib.figure import Figure

        variant = variant if variant is not None else self.last
        figure = Figure(figsize=(16, 4.8), layout="constrained")
        axes = figure.subplots(1, len(self.series))
        changed = self.changed()
        label = "levers as set" if changed else "levers as set (= baseline)"
        for ax, metric in zip(axes, self.series):
            plot.timeseries({"baseline": self.baseline, label: variant}, metric, ax=ax, per="year")
            before = float(_core.reduce_runs(metric, self.baseline.values(metric))[0])
            after = float(_core.reduce_runs(metric, variant.values(metric))[0])
            share = f" ({100 * (after - before) / before:+.0f}%)" if before else ""
            unit = self.specs_unit(metric)
            # under the axis label, where neither the legend nor the lines can cover it
            ax.annotate(f"over the run: {before:,.0f} \u2192 {after:,.0f} {unit}{share}", (0, 0),
                        xycoords="axes fraction", xytext=(0, -36), textcoords="offset points", va="top",
                        fontsize="small", fontweight="bold")
        what = ", ".join(f"{key.split('.', 1)[1]} = {value}" for key, value in changed.items()) or "no lever moved"
        people = self.scenario["population.people"]
        figure.suptitle(f"{self.scenario.name} ({people:,.0f} people, 1 agent per {self.scenario['population.scale']:g} "
                        f"of them), one run, same seed: {what}", fontsize="medium")
        return figure

    @staticmethod
    def specs_unit(metric: str) -> str:
        entry = next(entry for entry in _core.metric_table() if entry["name"] == metric)
        return entry["run_units"]

    def widgets(self):
        """A labelled control per lever (ipywidgets); moving one calls :meth:`update`."""
        with warnings.catch_warnings():
            # Debian's ipywidgets 6 uses traitlets and ipykernel features since deprecated
            warnings.simplefilter("ignore", DeprecationWarning)
            import ipywidgets

            rows = []
            self.controls = {}
            for key, words in LEVERS:
                spec = self.specs[key]
                value = self.start[key]
                if spec["kind"] == "choice":
                    control = ipywidgets.Dropdown(options=spec["unit"].split("|"), value=value)
                elif spec["kind"] == "flag":
                    control = ipywidgets.Checkbox(value=bool(value))
                else:
                    low, high, step = _RANGES.get(key, (spec["minimum"], spec["maximum"], 0.01))
                    control = ipywidgets.FloatSlider(min=low, max=high, step=step, value=float(value),
                                                     continuous_update=False)
                control.observe(lambda change, key=key: self.update({key: change["new"]}), names="value")
                self.controls[key] = control
                label = ipywidgets.Label(value=f"{words} ({spec['unit']})", layout=ipywidgets.Layout(width="320px"))
                rows.append(ipywidgets.HBox([label, control]))
            self._status = ipywidgets.Label(value=self._status_text(), layout=ipywidgets.Layout(width="600px"))
            return ipywidgets.VBox(rows + [self._status])

    def _status_text(self) -> str:
        moved = len(self.changed())
        return f"last run: {self.seconds:.1f} s ({moved} lever{'' if moved == 1 else 's'} moved)"

    def image(self, variant: Result | None = None):
        """:meth:`figure` as a PNG image, which every Jupyter front end shows."""
        from io import BytesIO

        from IPython.display import Image

        png = BytesIO()
        self.figure(variant).savefig(png, format="png", dpi=90)
        return Image(data=png.getvalue(), format="png")

    def update(self, changes: Mapping[str, Any]) -> None:
        """Sets these levers, reruns and redraws the figure shown by :meth:`show`."""
        self.values.update(changes)
        self.run()
        if self._display is not None:
            self._display.update(self.image())
        if self._status is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                self._status.value = self._status_text()

    def show(self):
        """Shows the controls and the figure (in Jupyter); the figure is redrawn in place."""
        from IPython.display import display

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import ipywidgets

            # Debian's notebook checks the widgets' version as the kernel starts, before
            # ipywidgets is imported to answer: the check cannot succeed, yet the controls work
            if ipywidgets.Widget._version_validated is None:
                ipywidgets.Widget._version_validated = True
            display(self.widgets())
        self._display = display(self.image(), display_id=True)
        return self
