"""Every analyst notebook runs top to bottom on the seed graph (nbclient, the venv's own kernel).

``python -m pytest`` runs them: a kernel spec written to a temporary folder launches
``sys.executable -m ipykernel_launcher``, so the kernel is this venv's Python whatever
kernels the machine has registered. ``GOVKG_OUT`` points the notebooks at a seed graph
built once for the test process (test_query.seed_out).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from test_query import seed_out

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
KERNEL = "govkg-test-python"


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Jupyter data folder with one kernel spec: this interpreter."""
    data = tmp_path_factory.mktemp("jupyter")
    spec = data / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "govkg test", "language": "python"}), encoding="utf-8")
    return data


def test_there_are_three_notebooks_stored_without_outputs() -> None:
    assert len(NOTEBOOKS) >= 3
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear the outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path: Path, kernel_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager

    monkeypatch.setenv("JUPYTER_PATH", str(kernel_env))
    monkeypatch.setenv("GOVKG_OUT", str(seed_out()))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name=KERNEL, timeout=300,
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()                           # raises CellExecutionError naming the failing cell
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert any(o.get("output_type") == "execute_result" and "text/html" in o.get("data", {}) for o in outputs), \
        "no DataFrame was shown"
    stderr = "".join(o.get("text", "") for o in outputs if o.get("name") == "stderr")
    assert "Traceback" not in stderr
    if any("CJK" in f.name for f in font_manager.fontManager.ttflist):
        assert "missing from font" not in stderr, "Chinese labels lost their glyphs"
        assert "findfont" not in stderr, "a font family asked for is not installed"
