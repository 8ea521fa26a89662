"""bench/big_document.py at a tiny size: its corpora are what it says, and its table has figures."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import big_document
        yield big_document
    finally:
        sys.path.remove(str(ROOT / "bench"))


@pytest.fixture(scope="module")
def seeds() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]


@pytest.mark.parametrize("layout", ["pages", "lines", "article"])
def test_layouts_have_the_size_asked_and_cut_back_into_the_same_text(bench, seeds, layout):
    text = bench.make_text(layout, 40_000, seeds)
    assert len(text) == 40_000
    assert ("\n\n" in text) == (layout == "pages")
    pieces = bench.cut(text, 10)
    assert "".join(pieces) == text and len(pieces) == 10
    mark = "\n\n" if layout == "pages" else "\n"
    assert all(p.endswith(mark) for p in pieces[:-1])


def test_article_layout_has_no_dateline(bench, seeds):
    from govkg.extractors.articles import split
    from govkg.extractors.clean import clean
    [art] = split(clean(bench.make_text("article", 20_000, seeds)))
    assert not art.source and not art.reporters


def test_bench_runs_and_prints_one_row_per_layout_and_size(bench, capsys):
    assert bench.main(["--sizes", "2000,4000", "--pieces", "3", "--layouts", "pages,article", "--repeat", "1"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[3:]]
    assert [(r[0], r[1]) for r in rows] == [("pages", "2,000"), ("pages", "4,000"), ("article", "2,000"),
                                            ("article", "4,000")]
    for r in rows:
        assert r[2] == "3" and float(r[3]) > 0 and float(r[4]) > 0 and float(r[5]) > 0
