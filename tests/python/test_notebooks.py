"""The tutorials run from top to bottom without errors (in order: 3 reads what 2 writes)."""

import os
import shutil
import time

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import SOURCE

NOTEBOOKS = ["01-quickstart.ipynb", "02-compare-interventions.ipynb", "03-read-results.ipynb",
             "04-calibrate-osce.ipynb", "05-sensitivity.ipynb"]


@pytest.fixture(scope="module", autouse=True)
def fresh_results():
    # the notebooks resume what they find in results/notebooks: start from nothing
    shutil.rmtree(SOURCE / "results" / "notebooks", ignore_errors=True)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_without_errors(name):
    folder = SOURCE / "notebooks"
    notebook = nbformat.read(folder / name, as_version=4)
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    start = time.monotonic()
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    elapsed = time.monotonic() - start
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]
    assert not [output for output in outputs if output.get("output_type") == "error"]
    print(f"{name}: {elapsed:.0f} s")
