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
    assert explorer.values == explorer.start  # a run in code leaves the controls where they are
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
    assert "(1 lever moved)" in explorer._status.value
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


def test_the_sliders_rerun_and_redraw_in_debians_jupyter_in_a_real_browser(tmp_path):
    """Debian's jupyter-notebook and ipywidgets 6, opened in headless Chromium: the notebook
    runs, every lever has its control, and moving one redraws the figure."""
    import os
    import shutil
    import socket
    import subprocess
    import time

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    from conftest import SOURCE

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [shutil.which("jupyter-notebook"), "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         "--NotebookApp.token=test", "--allow-root", f"--notebook-dir={SOURCE / 'notebooks'}",
         f"--NotebookApp.runtime_dir={tmp_path / 'runtime'}"],
        env={**os.environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline", "JUPYTER_CONFIG_DIR":
             str(tmp_path / "config"), "JUPYTER_DATA_DIR": str(tmp_path / "data")},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     f"--user-data-dir={tmp_path / 'chromium'}", "--window-size=1400,3000"]:
        options.add_argument(argument)
    browser = None
    try:
        for _ in range(60):  # the server is up when it answers
            with socket.socket() as attempt:
                if attempt.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.5)
        browser = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
        browser.set_script_timeout(60)
        browser.get(f"http://127.0.0.1:{port}/notebooks/00-explore.ipynb?token=test")

        def wait_for(condition, seconds=120):
            for _ in range(int(seconds / 0.5)):
                value = condition()
                if value:
                    return value
                time.sleep(0.5)
            raise AssertionError("timed out")

        wait_for(lambda: browser.execute_script(
            "return window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()"))
        browser.execute_script("Jupyter.notebook.execute_all_cells()")
        wait_for(lambda: len(browser.find_elements(By.CSS_SELECTOR, ".output_png img")) >= 2)
        sliders = browser.find_elements(By.CSS_SELECTOR, ".widget-hslider, .widget-slider")
        assert len(sliders) >= len([key for key, _ in LEVERS if key not in ("policy.reporting_mechanism",
                                                                            "policy.child_protection")])
        # read in the page in one step: Jupyter replaces the image element when it redraws
        def first_figure():
            return browser.execute_script("var image = document.querySelector('.output_png img');"
                                          "return image ? image.src : null;")

        figure = first_figure()
        moved = browser.execute_async_script("""
            var done = arguments[arguments.length - 1];
            var manager = Jupyter.WidgetManager._managers[0];
            Promise.all(Object.values(manager._models)).then(function (models) {
              var women = models.filter(function (model) {
                return model.get('_model_name') == 'FloatSliderModel' && Math.abs(model.get('value') - 0.03) < 1e-9; });
              women[women.length - 1].set('value', 0.3);
              women[women.length - 1].save_changes();
              done(women.length);
            });""")
        assert moved >= 1
        wait_for(lambda: first_figure() not in (None, figure))
        labels = browser.execute_script(
            "return Array.from(document.querySelectorAll('.widget-label')).map(function (e) { return e.textContent; })")
        assert any(label.startswith("last run:") and "(1 lever moved)" in label for label in labels)
    finally:
        if browser is not None:
            browser.quit()
        server.terminate()
        server.wait(timeout=30)
