"""The tutorials run from top to bottom without errors (in order: 3 reads what 2 writes), and
every cell that draws shows its figure."""

import os
import re
import shutil
import time

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import SOURCE

NOTEBOOKS = ["00-explore.ipynb", "01-quickstart.ipynb", "02-compare-interventions.ipynb", "03-read-results.ipynb",
             "04-calibrate-osce.ipynb", "05-sensitivity.ipynb"]

# a cell draws when it calls tipsim.plot, matplotlib or the explorer (imports aside)
DRAWS = re.compile(r"^(?!\s*(import|from)\b).*(\btipsim\.plot\.|\bplt\.|\.figure\(|\.show\()", re.MULTILINE)


@pytest.fixture(scope="module", autouse=True)
def fresh_results():
    # the notebooks resume what they find in results/notebooks: start from nothing
    shutil.rmtree(SOURCE / "results" / "notebooks", ignore_errors=True)


def test_every_notebook_is_tested():
    assert sorted(NOTEBOOKS) == sorted(path.name for path in (SOURCE / "notebooks").glob("*.ipynb"))


def execute(name: str) -> nbformat.NotebookNode:
    folder = SOURCE / "notebooks"
    notebook = nbformat.read(folder / name, as_version=4)
    # figures as Jupyter shows them (the kernel inherits this), not the test's Agg backend
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    # Debian's ipywidgets 6 speaks widget protocol 1 (a widget's state is its message's data),
    # which nbclient 0.7 cannot read: let it pass, as the notebook's front end does
    opened = client.on_comm_open_jupyter_widget
    client.comm_open_handlers["jupyter.widget"] = lambda message: (
        opened(message) if "state" in message["content"]["data"] else None)
    client.execute()
    return notebook


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_without_errors_and_every_drawing_cell_shows_a_figure(name):
    start = time.monotonic()
    notebook = execute(name)
    elapsed = time.monotonic() - start
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    outputs = [output for cell in cells for output in cell.get("outputs", [])]
    assert not [output for output in outputs if output.get("output_type") == "error"]
    drawing = [cell for cell in cells if DRAWS.search(cell.source)]
    for cell in drawing:
        images = [output for output in cell.get("outputs", []) if "image/png" in output.get("data", {})]
        assert images, f"no figure from:\n{cell.source}"
    print(f"{name}: {elapsed:.0f} s, {len(drawing)} figures")
