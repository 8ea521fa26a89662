"""govkg build --scheduler: on a real LocalCluster of two worker processes on loopback, the
distributed build's triples equal the embedded build's (canonical N-Triples, sorted), also when
a worker is killed in the middle, and a build interrupted and run again extracts only the
documents the cache does not hold.

The corpus is the seeds and texts invented here: real places (so the gazetteer places them),
made-up people and programmes, names shared across documents so that identity's corpus-wide
steps (an unanchored person joining the one anchored namesake, programmes joined by an alias)
have something to do.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from govkg.graph import builder, distributed
from govkg.graph.shards import canonical
from govkg.graph.stages import read_extractions, write_extractions

ROOT = Path(__file__).resolve().parent.parent

INVENTED = [
    "本报讯 芦淞区白关镇推行“田埂议事厅”制度，镇党委书记龚晓岚介绍经验。\n",
    "本报讯 白关镇田埂议事厅（又称“田埂议事会”）已覆盖全镇，龚晓岚说，群众参与热情高。\n",
    "本报讯 天元区嵩山路街道开展“楼栋微心愿”活动，街道办事处主任蒲秋白参加。\n",
    "本报讯 荷塘区月塘街道实施“楼栋微心愿”项目，街道党工委副书记阮知夏主持。\n",
    "本报讯 石峰区清水塘街道全面推行“巷口议事会”机制，蒲秋白到场调研。\n",
    "本报讯 醴陵市孙家湾镇启动“稻香积分卡”工程，镇长柯望舒说，全镇村村参与。\n",
    "本报讯 攸县网岭镇与醴陵市孙家湾镇共同推行“稻香积分卡”，柯望舒介绍做法。\n",
    "本报讯 炎陵县霞阳镇开展“山路守护岗”行动，霞阳镇人民政府牵头，镇党委委员骆清和负责。\n",
]


def invented(folder: Path, copies: int = 1) -> Path:
    """The invented texts (``copies`` of each, as documents of their own) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for c in range(copies):
        for i, text in enumerate(INVENTED):
            (folder / f"n{c:02d}_{i}.txt").write_text(text, encoding="utf-8")
    return folder


def embedded(paths: list[Path] | list[str], out: Path) -> list[str]:
    assert builder.cli(argparse.Namespace(paths=[str(p) for p in paths], out=str(out), jobs=1, store=None,
                                          cache=None)) == 0
    return canonical([out / "graph.ttl"])


def shards(out: Path) -> list[str]:
    return canonical(sorted((out / "shards").glob("part-*.nt")))


@pytest.fixture(scope="module")
def client():
    with distributed.connect("local:2") as c:
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[list[Path], list[str]]:
    """The seeds and the invented texts, and the embedded build's triples of them."""
    folder = invented(tmp_path_factory.mktemp("invented"))
    paths = [ROOT / "seeds", folder]
    return paths, embedded(paths, tmp_path_factory.mktemp("embedded"))


# ---------------------------------------------------------------- without a cluster
def test_extraction_tables_read_back_what_was_written(tmp_path):
    from conftest import corpus as merge_corpus
    from dataclasses import replace
    xs = [replace(x, articles=tuple(replace(a, body="", offsets=()) for a in x.articles)) for x in merge_corpus()]
    write_extractions(xs, tmp_path)
    assert read_extractions(tmp_path) == xs


def test_partitions_follow_the_files_and_their_sizes(tmp_path):
    files = []
    for i, n in enumerate((10, 10, 30, 5)):
        (tmp_path / f"{i}.txt").write_text("a" * n, encoding="utf-8")
        files.append(tmp_path / f"{i}.txt")
    parts = distributed.partition(files, [f.name for f in files], 50)
    assert [p.names for p in parts] == [("0.txt", "1.txt", "2.txt"), ("3.txt",)]
    assert [p.index for p in parts] == [0, 1]


def test_a_distributed_builds_shards_are_not_read_as_documents(tmp_path):
    from govkg.graph.inputs import find_inputs
    docs = invented(tmp_path / "docs")
    (docs / "old" / "shards").mkdir(parents=True)
    (docs / "old" / "shards" / "part-nodes-00000.nt").write_text("<a:b> <a:c> <a:d> .\n", encoding="utf-8")
    found = find_inputs([docs])
    assert len(found.files) == len(INVENTED) and found.ignored


def test_the_embedded_build_reads_documents_at_urls(corpus, tmp_path):
    paths, expected = corpus
    assert embedded([p.as_uri() for p in paths], tmp_path / "out") == expected


def test_store_with_scheduler_is_a_usage_error(tmp_path, capsys):
    from govkg.graph.cli import main
    assert main(["build", str(invented(tmp_path / "docs")), "-o", str(tmp_path / "out"), "--scheduler", "local:1",
                 "--store", str(tmp_path / "store")]) == 2
    assert "--store" in capsys.readouterr().err and not (tmp_path / "out").exists()


# ---------------------------------------------------------------- on a LocalCluster
@pytest.mark.slow
@pytest.mark.parametrize("part_bytes,buckets", [(0, 0), (1, 3)])
def test_the_distributed_build_writes_the_embedded_builds_triples(client, corpus, tmp_path, part_bytes, buckets):
    paths, expected = corpus
    report = distributed.build(paths, tmp_path / "out", client, part_bytes=part_bytes, buckets=buckets)
    assert report.docs == 5 + len(INVENTED) and not report.skipped
    got = shards(tmp_path / "out")
    assert got == expected
    assert report.triples == len(got)                   # each triple in one shard, once
    assert not any("_:" in line for line in got)        # no blank nodes
    assert not (tmp_path / "out" / distributed.STAGES).exists()


@pytest.mark.slow
def test_a_build_reads_and_writes_fsspec_urls(client, corpus, tmp_path):
    paths, expected = corpus
    out = tmp_path / "out"
    report = distributed.build([p.as_uri() for p in paths], out.as_uri(), client)
    assert (report.docs, report.fresh, report.skipped) == (5 + len(INVENTED), 5 + len(INVENTED), [])
    assert shards(out) == expected
    assert not (out / distributed.STAGES).exists() and (out / ".cache" / "CACHEDIR.TAG").is_file()
    assert sorted(p.name for p in out.iterdir()) == [".cache", "shards"]
    again = distributed.build([p.as_uri() for p in paths], out.as_uri(), client)
    assert again.fresh == 0 and shards(out) == expected


@pytest.mark.slow
def test_a_build_into_an_object_store(corpus, tmp_path):
    """S3 as moto's server on loopback serves it (skipped without s3fs and moto[server]): the
    command line, configured as a user would (``FSSPEC_S3_*`` and ``AWS_*`` variables), reads
    the documents from a bucket and writes its shards there; a missing bucket is one line."""
    s3fs = pytest.importorskip("s3fs")
    server = pytest.importorskip("moto.server")
    paths, expected = corpus
    moto = server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    try:
        endpoint = "http://%s:%d" % moto.get_host_and_port()
        env = {**os.environ, "AWS_ACCESS_KEY_ID": "govkg", "AWS_SECRET_ACCESS_KEY": "govkg",
               "AWS_DEFAULT_REGION": "us-east-1", "FSSPEC_S3_ENDPOINT_URL": endpoint}
        fs = s3fs.S3FileSystem(key="govkg", secret="govkg", endpoint_url=endpoint)
        fs.mkdir("corpus")
        for p in paths:
            fs.put(f"{p}/", f"corpus/in/{p.name}/", recursive=True)

        def build(out: str) -> subprocess.CompletedProcess:
            return subprocess.run([sys.executable, "-m", "govkg.graph.cli", "build", "s3://corpus/in", "-o", out,
                                   "--scheduler", "local:2"], env=env, capture_output=True, text=True, cwd=tmp_path)

        done = build("s3://corpus/out")
        assert done.returncode == 0, done.stderr
        got = tmp_path / "got"
        fs.get("corpus/out/shards/", f"{got}/", recursive=True)
        assert canonical(sorted(got.glob("part-*.nt"))) == expected
        missing = build("s3://no-such-bucket/out")
        assert missing.returncode == 2
        assert missing.stderr.strip().splitlines()[-1] == \
            "govkg build: s3://no-such-bucket/out: no such bucket or folder: s3://no-such-bucket"
    finally:
        moto.stop()


@pytest.mark.slow
def test_a_worker_killed_in_the_middle_of_a_build_changes_nothing(client, tmp_path):
    paths = [ROOT / "seeds", invented(tmp_path / "docs", copies=4)]
    expected = embedded(paths, tmp_path / "embedded")
    out, done, outcome = tmp_path / "out", threading.Event(), {}

    def run() -> None:
        try:
            outcome["report"] = distributed.build(paths, out, client, part_bytes=1)
        except BaseException as e:       # noqa: BLE001 (reported by the test thread)
            outcome["error"] = e
        finally:
            done.set()

    pids = client.run(os.getpid)
    worker = threading.Thread(target=run)
    worker.start()
    cache = out / ".cache"
    deadline = time.monotonic() + 60
    while len(list(cache.rglob("*.json"))) < 3 and time.monotonic() < deadline and not done.is_set():
        time.sleep(0.02)
    assert not done.is_set(), "the build ended before a worker could be killed"
    os.kill(next(iter(pids.values())), signal.SIGKILL)
    worker.join(300)
    assert "error" not in outcome, outcome.get("error")
    assert shards(out) == expected


@pytest.mark.slow
def test_an_interrupted_build_run_again_extracts_only_what_is_missing(client, tmp_path):
    docs = invented(tmp_path / "docs", copies=6)
    paths = [ROOT / "seeds", docs]
    total = 5 + 6 * len(INVENTED)
    out = tmp_path / "out"
    cache = out / ".cache"
    cmd = [sys.executable, "-m", "govkg.graph.cli", "build", *map(str, paths), "-o", str(out), "--scheduler", "local:2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not list(cache.rglob("*.json")) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.01)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    cached = len(list(cache.rglob("*.json")))
    assert 0 < cached < total, f"{cached} of {total} documents cached when the build was stopped"
    assert not (out / "shards").exists()                # nothing half-done in place
    report = distributed.build(paths, out, client)
    assert (report.docs, report.fresh) == (total, total - cached)
    assert shards(out) == embedded(paths, tmp_path / "embedded")
    again = distributed.build(paths, out, client)
    assert again.fresh == 0


@pytest.mark.slow
def test_corrections_give_the_distributed_build_the_embedded_builds_triples(client, tmp_path, capsys):
    from govkg.graph.corrections import read_corrections
    fixes = tmp_path / "fix.csv"
    fixes.write_text("action,entity,target,value\nalias,Place:芦淞区,,芦淞\ndrop,Person:不在图里的人,,\n",
                     encoding="utf-8")
    assert builder.cli(argparse.Namespace(paths=[str(ROOT / "seeds")], out=str(tmp_path / "emb"), jobs=1, store=None,
                                          cache=None, corrections=str(fixes))) == 1     # the stale row
    distributed.build([ROOT / "seeds"], tmp_path / "dist", client)
    left_out = distributed.correct(tmp_path / "dist", read_corrections(fixes))
    assert [p.line for p in left_out] == [3]
    assert canonical(sorted((tmp_path / "dist" / "shards").glob("part-*.nt*"))) == canonical([tmp_path / "emb" / "graph.ttl"])
