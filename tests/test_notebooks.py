"""The notebooks run top to bottom, as a reader would run them, and are committed clean."""

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAMES = ["01-quickstart.ipynb", "02-train-your-own.ipynb"]


def test_every_notebook_is_tested():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(name):
    book = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(
        book,
        kernel_name="python3",  # jupyter_client starts it with this interpreter
        timeout=300,
        resources={"metadata": {"path": str(NOTEBOOKS)}},  # cwd: the notebooks folder
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    for cell in book.cells:
        for out in cell.get("outputs", []):
            if out.get("name") == "stderr":
                assert "DeprecationWarning" not in out["text"], out["text"]
                assert "FutureWarning" not in out["text"], out["text"]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_committed_without_outputs(name):
    book = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(book)
    code = [c for c in book.cells if c.cell_type == "code"]
    assert code
    assert all(c.outputs == [] and c.execution_count is None for c in code), (
        f"clear the outputs of {name} before committing it"
    )
