"""govkg load / the store: N-Triples shards made from the seed build are bulk-loaded into a store
that holds exactly the graph's triples; query, serve and render answer on it; a region read
from it holds that region only; bad inputs give exit 2 and one line.

The shards are written here from the seeds' graph.ttl (bench/store_bench.py's ``write_shards``:
two plain files and one gzipped), the shape the distributed build writes.
"""
from __future__ import annotations

import gzip
import queue
import re
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from conftest import ROOT, seed_out
from govkg.graph import load
from govkg.graph.cli import main

sys.path.insert(0, str(ROOT / "bench"))
import store_bench  # noqa: E402
from store_bench import write_shards  # noqa: E402

sys.path.remove(str(ROOT / "bench"))

# gazetteer places of the seeds: a district, a town and a village in it, its city, and what lies outside
DISTRICT, TOWN, VILLAGE, CITY = "芦淞区", "白关镇", "双福村", "株洲市"
OUTSIDE = ("荷塘区", "天元区", "湖南省")


def _triples(ttl: Path) -> int:
    return sum(1 for _ in ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE))


def _count(store: Path) -> int:
    return len(ox.Store.read_only(str(store)))


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("shards")
    write_shards(seed_out() / "graph.ttl", folder / "a", n=2, compress=False)
    write_shards(seed_out() / "graph.ttl", folder / "b", n=1, compress=True)    # the same triples again
    return folder


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, shards: Path) -> Path:
    out = tmp_path_factory.mktemp("store") / "kg.store"
    assert main(["load", str(shards), "--store", str(out)]) == 0
    return out


def test_shards_load_into_a_store_with_the_graphs_triples(store: Path, capsys) -> None:
    assert _count(store) == _triples(seed_out() / "graph.ttl") > 1000


def test_load_reports_triples_and_rate_and_adds_to_a_store(tmp_path: Path, shards: Path, capsys) -> None:
    out = tmp_path / "s"
    assert main(["load", str(shards / "a" / "part-00000.nt"), "--store", str(out)]) == 0
    first = _count(out)
    err = capsys.readouterr().err
    assert re.search(rf"{first:,} triples added \([\d,]+ triples/s\)", err) and len(err.splitlines()) == 1
    assert main(["load", str(shards / "a" / "*.nt"), "--store", str(out)]) == 0     # a quoted glob; adds
    assert _count(out) == _triples(seed_out() / "graph.ttl") > first
    assert main(["load", str(shards / "a" / "part-00000.nt"), "--store", str(out), "--replace"]) == 0
    assert _count(out) == first


def test_a_build_out_folder_loads_its_graph_ttl(tmp_path: Path) -> None:
    assert main(["load", str(seed_out()), "--store", str(tmp_path / "s")]) == 0
    assert _count(tmp_path / "s") == _triples(seed_out() / "graph.ttl")


def test_bad_inputs_exit_2_with_one_line_and_leave_the_store_as_it_was(tmp_path: Path, store: Path,
                                                                       shards: Path, capsys) -> None:
    bad = tmp_path / "bad.nt"
    bad.write_text('<http://x/a> <http://x/p> "1" .\n<http://x/a> <http://x/p> oops .\n', encoding="utf-8")
    short = tmp_path / "short.nt.gz"
    short.write_bytes(gzip.compress(b"".join(b"<http://x/a> <http://x/p> \"%d\" .\n" % i for i in range(999)))[:-20])
    other = tmp_path / "notes.txt"
    other.write_text("hello", encoding="utf-8")
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "letter.txt").write_text("x", encoding="utf-8")
    before = _count(store)
    cases = {
        (str(shards / "a"), str(bad)): f"{bad}:2: not valid N-Triples",
        (str(short),): f"{short}: not a complete gzip file",
        (str(other),): f"{other}: not a shard",
        (str(tmp_path / "missing.nt"),): "no such file or folder",
        (str(tmp_path / "none" / "*.nt"),): "no .nt, .nt.gz or .ttl file matches",
        (str(tmp_path / "home"),): "no shards in",
    }
    for args, message in cases.items():
        assert main(["load", *args, "--store", str(store)]) == 2, args
        err = capsys.readouterr().err
        assert err.startswith(f"govkg load: {message}") and len(err.strip().splitlines()) == 1, err
    assert _count(store) == before                                  # the bad shard came after good ones
    assert not [p for p in store.parent.iterdir() if p.name.startswith(".")]     # no load folder left
    assert main(["load", str(shards), "--store", str(tmp_path / "home")]) == 2    # a folder that is no store
    assert "is a folder but not an Oxigraph store" in capsys.readouterr().err
    assert main(["load", str(shards), "--store", str(other)]) == 2
    assert "is a file" in capsys.readouterr().err


# ---------------------------------------------------------------- reading the store
def test_query_answers_on_the_store_as_on_the_graph(store: Path, capsys) -> None:
    assert main(["query", str(seed_out()), "--saved", "counts", "--format", "csv"]) == 0
    on_graph = capsys.readouterr().out
    assert main(["query", str(store), "--saved", "counts", "--format", "csv"]) == 0
    assert capsys.readouterr().out == on_graph and "Place" in on_graph


def test_serve_answers_on_the_store_and_stops_a_runaway_query_with_503(store: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "govkg.graph.cli", "serve", str(store), "--port", "0",
                             "--timeout", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: "queue.Queue[str]" = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stderr], daemon=True).start()   # type: ignore[union-attr]
    try:
        m = None
        while m is None:
            m = re.search(r"(http://127\.0\.0\.1:\d+)/sparql", lines.get(timeout=60))
        ask = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        with urllib.request.urlopen(f"{m[1]}/query?query={ask}&format=csv", timeout=30) as r:
            assert r.read().decode().split() == ["n", str(_count(store))]
        runaway = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(f"{m[1]}/sparql?query={runaway}", timeout=30)
        assert e.value.code == 503 and b"time limit" in e.value.read()
    finally:
        proc.terminate()
        proc.wait(15)


def _labels(G: nx.MultiDiGraph) -> set[str]:
    return {d["label"] for _, d in G.nodes(data=True)}


def test_a_region_holds_the_focus_its_neighbours_and_the_places_inside_it_only(store: Path) -> None:
    whole = load(seed_out()).nx
    kg = load(store, region=DISTRICT, depth=1)
    G, names = kg.nx, _labels(kg.nx)
    assert {DISTRICT, CITY, TOWN} <= names                    # the focus, a hop up, a hop down
    assert VILLAGE in names                                   # two hops down: inside the district
    assert not names & set(OUTSIDE)                           # other districts, the province
    assert len(G) < len(whole) / 3
    assert all(d.get("type") and d.get("label") for _, d in G.nodes(data=True))     # nothing dangling
    for u, v, k in G.edges(keys=True):
        assert whole.has_edge(u, v, key=k)
    for n, d in G.nodes(data=True):
        w = whole.nodes[n]
        assert (d["type"], d["label"], d["mentions"]) == (w["type"], w["label"], w["mentions"])
    assert {(u, v, k) for u, v, k in whole.edges(keys=True) if u in G and v in G} == set(G.edges(keys=True))
    assert set(kg.sparql("place_tree", place=DISTRICT)["name"]) >= {TOWN, VILLAGE}
    deeper = load(store, region=DISTRICT, depth=2)
    assert set(G) < set(deeper.nx) and {"天元区", "荷塘区"} <= _labels(deeper.nx)   # via the city


def test_a_region_caps_entities_and_evidence(store: Path) -> None:
    whole = load(seed_out()).nx
    top = load(store, limit=5).nx
    ranked = sorted(whole, key=lambda n: (-whole.nodes[n]["mentions"], n))
    assert sorted(top) == sorted(ranked[:5])
    few = load(store, region=CITY, depth=1, limit=10, evidence=2).nx
    assert len(few) == 10 and CITY in _labels(few)
    assert all(len(d["evidence"]) <= 2 and len(d["articles"]) <= 2 for _, d in few.nodes(data=True))
    hub = next(n for n, d in few.nodes(data=True) if d["label"] == CITY)
    assert few.nodes[hub]["mentions"] == whole.nodes[hub]["mentions"] > 2      # the count is the store's
    with pytest.raises(LookupError, match="no entity named"):
        load(store, region="不存在的地方")
    with pytest.raises(ValueError, match="by region"):
        load(store)


def test_render_a_region_of_the_store_writes_the_page_and_graphml(tmp_path: Path, store: Path, capsys) -> None:
    page = tmp_path / "zz.html"
    assert main(["render", str(store), "-o", str(page), "--focus", CITY, "--depth", "1"]) == 0
    region = nx.read_graphml(tmp_path / "zz.graphml")
    names = {d["label"] for _, d in region.nodes(data=True)}
    assert CITY in names and DISTRICT in names and "湖南省" in names and len(region) < len(load(seed_out()).nx)
    assert CITY in page.read_text(encoding="utf-8")
    assert main(["render", str(store), "-o", str(tmp_path / "top.html"), "--top", "7",
                 "--graphml", str(tmp_path / "top.xml")]) == 0
    assert len(nx.read_graphml(tmp_path / "top.xml")) == 7
    assert main(["render", str(store), "-o", str(tmp_path / "x.html"), "--focus", "不存在的地方"]) == 2
    assert "no entity named" in capsys.readouterr().err


def test_store_bench_reports_load_rate_query_latency_and_regions(tmp_path: Path, capsys) -> None:
    assert store_bench.main(["--graph", str(seed_out()), "--work", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"load: 8 shards .* [\d,]+ triples/s; store \d+ MB on disk", out)
    for name in ("counts", "place_tree", "programs_by_district"):
        assert re.search(rf"\| {name} \| [\d.]+ m?s \| \d+ \|", out), name
    assert f"region={CITY}, depth=2" in out


def test_export_reads_a_store_as_it_reads_the_graph(store: Path, tmp_path: Path) -> None:
    # a distributed build's shards, loaded, export the same tables as the embedded build's graph.ttl
    assert main(["export", str(store), "--to", "csv", "-o", str(tmp_path / "from_store")]) == 0
    assert main(["export", str(seed_out()), "--to", "csv", "-o", str(tmp_path / "from_ttl")]) == 0
    for name in ("entities.csv", "relations.csv", "evidence.csv"):
        assert (tmp_path / "from_store" / name).read_bytes() == (tmp_path / "from_ttl" / name).read_bytes()
