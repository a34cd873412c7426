"""The explorer: levers of the speech as controls, reruns at a coarse scale against the
unchanged baseline with the same seed."""

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import tipsim  # noqa: E402
from tipsim.explore import LEVERS, Explorer  # noqa: E402


@pytest.fixture
def explorer(small_scenario_path):
    return Explorer(tipsim.Scenario.load(small_scenario_path), scale=2, seed=3)


def test_the_explorer_runs_the_scenario_at_a_coarse_scale_once(explorer):
    assert explorer.scenario["population.scale"] == 2
    assert explorer.baseline.runs.loc[0, "seed"] == 3
    assert explorer.run() is explorer.baseline  # nothing moved: nothing rerun


def test_a_moved_lever_reruns_with_the_same_seed_and_its_return_gives_the_baseline_back(explorer):
    moved = explorer.run({"policy.women_share": 0.4})
    assert explorer.changed() == {"policy.women_share": 0.4}
    assert moved.values("peacekeeper_purchases").sum() < explorer.baseline.values("peacekeeper_purchases").sum()
    # common random numbers: the same levers give the baseline's very numbers
    again = tipsim.run(explorer.scenario, seed=3, progress=False)
    np.testing.assert_array_equal(again.values("victims_recruited"), explorer.baseline.values("victims_recruited"))
    assert explorer.run({"policy.women_share": explorer.start["policy.women_share"]}) is explorer.baseline


def test_every_lever_of_the_speech_has_a_control_that_reruns_and_redraws(explorer):
    box = explorer.widgets()
    assert list(explorer.controls) == [key for key, _ in LEVERS]
    assert len(box.children) == len(LEVERS) + 1  # and a status line
    before = explorer.last
    explorer.controls["policy.enforcement"].value = 0.9  # as a slider released at 0.9
    assert explorer.values["policy.enforcement"] == 0.9
    assert explorer.last is not before
    assert "1 levers moved" in explorer._status.value
    explorer.controls["policy.enforcement"].value = explorer.start["policy.enforcement"]
    assert explorer.changed() == {}
    assert explorer.last is explorer.baseline


def test_the_figure_draws_the_main_series_against_the_baseline(explorer):
    figure = explorer.figure(explorer.run({"policy.predeployment_training": 1.0}))
    axes = figure.axes
    assert len(axes) == len(explorer.series)
    for ax in axes:
        labels = [text.get_text() for text in ax.get_legend().get_texts()]
        assert labels == ["baseline", "levers as set"]
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
        assert any(text.get_text().startswith("over the run: ") for text in ax.texts)
    assert "predeployment_training = 1.0" in figure._suptitle.get_text()
    figure.canvas.draw()
