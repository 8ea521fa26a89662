"""Every analyst notebook runs top to bottom on the seed graph (nbclient, the venv's own kernel).

``python -m pytest`` runs them: a kernel spec written to a temporary folder launches
``sys.executable -m ipykernel_launcher``, so the kernel is this venv's Python whatever
kernels the machine has registered. ``GOVKG_OUT`` points the notebooks at a seed graph
built once for the test process (conftest.seed_out).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import seed_out

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

pytestmark = pytest.mark.slow

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


def test_the_four_notebooks_are_stored_without_outputs() -> None:
    assert [p.name[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04"]
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear the outputs"


def execute(path: Path, out: Path, kernel_env: Path, monkeypatch: pytest.MonkeyPatch) -> list:
    """Run a notebook on the graph in ``out``; the outputs of its code cells."""
    monkeypatch.setenv("JUPYTER_PATH", str(kernel_env))
    monkeypatch.setenv("GOVKG_OUT", str(out))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name=KERNEL, timeout=300,
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()                           # raises CellExecutionError naming the failing cell
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path: Path, kernel_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager

    outputs = execute(path, seed_out(), kernel_env, monkeypatch)
    assert any(o.get("output_type") == "execute_result" and "text/html" in o.get("data", {}) for o in outputs), \
        "no DataFrame was shown"
    stderr = "".join(o.get("text", "") for o in outputs if o.get("name") == "stderr")
    assert "Traceback" not in stderr
    if any("CJK" in f.name for f in font_manager.fontManager.ttflist):
        assert "missing from font" not in stderr, "Chinese labels lost their glyphs"
        assert "findfont" not in stderr, "a font family asked for is not installed"


@pytest.mark.parametrize("with_dates", [True, False], ids=["dated", "undated"])
def test_diffusion_notebook_shows_adoption_over_time_or_says_why_not(
        with_dates: bool, kernel_env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from dataclasses import replace

    from govkg.graph.merge import merge
    from govkg.graph.rdf import write_turtle
    from conftest import dated_extractions

    xs = dated_extractions()
    if not with_dates:
        xs = [replace(x, articles=tuple(replace(a, date="") for a in x.articles)) for x in xs]
    write_turtle(merge(xs, gazetteer=False), tmp_path / "graph.ttl")
    path = next(p for p in NOTEBOOKS if p.stem == "02_programme_diffusion")
    outputs = execute(path, tmp_path, kernel_env, monkeypatch)
    stdout = "".join(o.get("text", "") for o in outputs if o.get("name") == "stdout")
    tables = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    if with_dates:
        assert "3 of 4 (place, programme) pairs dated, from 4 of 5 articles (2022-12-01 to 2023-03-01)" in stdout
        assert "2023-01-15" in tables and "护林轮值制" in tables
        assert sum("image/png" in o.get("data", {}) for o in outputs) >= 1 and "nothing to draw" not in stdout
    else:
        assert "No adoption dates: 0 of the 5 articles" in stdout and "nothing to draw" in stdout
        assert "邻里积分屋" in tables                        # who implements what, undated


def test_data_quality_notebook_writes_its_candidates_as_a_starter_corrections_file(
        kernel_env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import csv
    from dataclasses import replace

    from govkg.extractors.records import Entity, Relation
    from govkg.graph.merge import merge
    from govkg.graph.rdf import write_turtle
    from conftest import FakeLexicon, corpus, ev

    a, b, c = corpus()                      # a village without a code (桃源村); a programme spelt once more:
    c = replace(c, entities=c.entities + (Entity("Program", "护林轮值会", kind="mechanism", mentions=ev(40)),),
                relations=c.relations + (Relation("莲花镇党委", "implements", "护林轮值会"),))   # no span
    write_turtle(merge([a, b, c], lex=FakeLexicon()), tmp_path / "graph.ttl")
    path = next(p for p in NOTEBOOKS if p.stem == "04_data_quality")
    outputs = execute(path, tmp_path, kernel_env, monkeypatch)
    with open(tmp_path / "corrections-starter.csv", encoding="utf-8-sig", newline="") as f:
        rows = [r[:4] for r in csv.reader(f)]
    assert rows[0] == ["action", "entity", "target", "value"]
    assert ["#merge", "program/护林轮值会", "program/护林轮值制", ""] in rows
    assert ["#code", "place/430104100000/桃源村", "", ""] in rows
    assert ["#drop_relation", "org/430104100000/莲花镇党委", "program/护林轮值会", "implements"] in rows
    assert all(r[0].startswith("#") for r in rows[1:])
    stdout = "".join(o.get("text", "") for o in outputs if o.get("name") == "stdout")
    assert f"{len(rows) - 1} rows, all commented out" in stdout and "and 0 not" in stdout
