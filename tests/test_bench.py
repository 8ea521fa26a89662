"""bench/throughput.py and bench/scale.py end to end at the smallest scale: they run, and their tables hold figures."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def test_throughput_bench_runs_and_reports_builds_references_and_speed_up(tmp_path, capsys):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import throughput
        rc = throughput.main(["--scales", "1", "--single-max", "1", "--jobs", "2", "--sample-chars", "3000",
                              "--load-runs", "1", "--json", str(tmp_path / "figures.json")])
    finally:
        sys.path.remove(str(ROOT / "bench"))
    assert rc == 0
    out = capsys.readouterr().out
    for heading in ("End-to-end builds", "Extraction against references", "Share of one-core work", "Scaling",
                    "Lexicon load time"):
        assert heading in out
    [row] = json.loads((tmp_path / "figures.json").read_text(encoding="utf-8"))
    assert row["scale"] == 1 and row["docs"] == len(list((ROOT / "seeds").glob("*.txt")))
    builds = row["builds"]
    assert set(builds) == {"1", "2"}
    for b in builds.values():
        assert b["rc"] == 0 and b["wall"] > b["extract"] > 0 and b["ttl_mb"] > 0 and b["pss_mb"] > 0
        assert {"graph merge", "RDF serialisation", "GraphML", "HTML page"} <= set(b["steps"])
    assert row["references"]["jieba.cut"] > 0 and row["references"]["entities"] > 0
    st = row["stages"]
    assert st["total"] > 0 and st["places"] > 0 and st["again"] > 0
    assert st["jieba.cut"] > 0 and st["jieba.cut again"] > 0            # the reference, taken in turns
    assert "speed-up 1→2 jobs" in out and "median of pairs" in out
    assert len(row["pair_speedups"]) == 1 and row["pair_speedups"][0] > 0
    load = row["lexicon_load"]
    for cache in ("cold", "warm"):
        parts = load[cache]
        assert parts["total"] > parts["gazetteer"] > 0 and parts["segmenter"] > 0 and parts["villages"] > 0


def test_scale_bench_runs_and_reports_both_builds(tmp_path, capsys):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import scale
        rc = scale.main(["--scales", "1", "--embedded", "1", "--workers", "2", "--json", str(tmp_path / "figures.json")])
    finally:
        sys.path.remove(str(ROOT / "bench"))
    assert rc == 0
    assert "local:2" in capsys.readouterr().out
    embedded, dist = json.loads((tmp_path / "figures.json").read_text(encoding="utf-8"))
    assert embedded["build"] == "embedded --jobs 2" and dist["build"] == "local:2"
    assert dist["triples"] > 0 and len(dist["workers_mb"]) == 2 and dist["wall"] > 0
