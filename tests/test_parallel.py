"""Parallel extraction (govkg build/extract --jobs N): results do not depend on N."""
from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from govkg.graph.builder import cli
from govkg.graph.extraction import extract_json
from govkg.graph.cli import main

TEXTS = [
    "本报讯 芦淞区白关镇推行“护林轮值制”，镇党委书记尹青禾带队巡林。\n",
    "本报讯 荷塘区桂花街道开展“楼栋说事会”活动，街道办事处主任李华参加。\n",
    "本报讯 天元区群丰镇实施“巷口议事会”，镇长张明到双塘村调研。\n",
    "本报讯 石峰区清水塘街道与株洲市生态环境局联合开展“蓝天保卫战”专项行动。\n",
    "本报讯 渌口区南洲镇党委副书记刘芳介绍，该镇实施“乡村振兴”示范工程。\n",
]


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    for i, text in enumerate(TEXTS):
        (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    (folder / "03b.txt").write_bytes(b"\x00\x01\x02\xff\xfe" * 50)        # not text: skipped
    return folder


def test_build_with_one_and_two_jobs_writes_the_same_bytes(docs, tmp_path, capsys):
    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}"
        assert cli(argparse.Namespace(paths=[str(docs)], out=str(out), jobs=jobs, store=None, cache=None)) == 1
        assert f"{len(TEXTS)} extracted, 0 from cache" in capsys.readouterr().out
        outs.append(out)
    one, two = outs
    assert (one / "graph.ttl").read_bytes() == (two / "graph.ttl").read_bytes()
    names = sorted(p.name for p in (one / "extractions").iterdir())
    assert names == [f"{i:02d}.json" for i in range(len(TEXTS))]
    for name in names:
        assert (one / "extractions" / name).read_bytes() == (two / "extractions" / name).read_bytes()
    assert "白关镇" in (one / "graph.ttl").read_text(encoding="utf-8")


def test_results_come_in_the_order_given_with_skips_in_place(docs):
    files = sorted(docs.iterdir(), reverse=True)
    got = list(extract_json(files, jobs=2))
    assert [Path(r.path).name for r in got] == [f.name for f in files]
    bad = [r for r in got if r.json is None]
    assert [Path(r.path).name for r in bad] == ["03b.txt"] and "binary" in bad[0].reason
    assert all(f'"doc": "{Path(r.path).name}"' in r.json for r in got if r.json is not None)
    assert not any(r.cached for r in got)


def test_extract_verb_runs_in_parallel_and_matches_one_job(docs, tmp_path, capsys):
    for jobs in ("1", "2"):
        assert main(["extract", str(docs), "-o", str(tmp_path / jobs), "--jobs", jobs]) == 1
    err = capsys.readouterr().err
    assert err.count("SKIP") == 2 and f"wrote {len(TEXTS)} extraction(s)" in err
    for i in range(len(TEXTS)):
        name = f"{i:02d}.json"
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()
