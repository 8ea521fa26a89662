"""govkg.graph.outputs: the three files, the same bytes whatever the number of jobs; GraphML
as networkx reads it."""
import json

import networkx as nx
import pytest

from govkg.graph import outputs
from govkg.graph.merge import merge
from govkg.graph.outputs import write_graphml, write_outputs


def _graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node('org/甲 & <乙> "丙"', type="Organization", label="甲\t乙\n丙", aliases=["a&b", "<c>"], mentions=3,
               weight=0.5, seen=True, evidence=[{"doc": "d.txt", "sentence": '说:"好"'}])
    G.add_node("place/1", type="Place", label="某村", aliases=[], mentions=0)
    G.add_edge('org/甲 & <乙> "丙"', "place/1", key="locatedIn", predicate="locatedIn", evidence=[])
    G.add_edge('org/甲 & <乙> "丙"', "place/1", key="partners", predicate="partners", evidence=[{"doc": "x"}])
    return G


def test_graphml_reads_back_with_lists_as_json_and_typed_scalars(tmp_path):
    G = _graph()
    write_graphml(G, tmp_path / "g.graphml")
    a = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert sorted(a.nodes) == sorted(G.nodes)
    assert sorted(a.edges(keys=True)) == sorted(G.edges(keys=True))     # edge keys are the edge ids
    node = a.nodes['org/甲 & <乙> "丙"']
    assert node["label"] == "甲\t乙\n丙"
    assert node["mentions"] == 3 and node["seen"] is True and node["weight"] == 0.5
    assert json.loads(node["aliases"]) == ["a&b", "<c>"]
    assert json.loads(node["evidence"]) == [{"doc": "d.txt", "sentence": '说:"好"'}]
    assert G.nodes["place/1"]["aliases"] == []                           # the graph itself is left alone


def test_characters_xml_cannot_hold_are_replaced_not_written(tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("n", label="a\x00b\x1fc")
    write_graphml(G, tmp_path / "g.graphml")
    assert nx.read_graphml(tmp_path / "g.graphml").nodes["n"]["label"] == "a\ufffdb\ufffdc"


@pytest.fixture
def merged(merge_corpus, fake_lexicon) -> nx.MultiDiGraph:
    return merge(merge_corpus, lex=fake_lexicon)


@pytest.mark.parametrize("jobs", [2, 3])
def test_the_files_are_the_same_bytes_with_one_process_each(merged, tmp_path, jobs):
    one, many = tmp_path / "one", tmp_path / "many"
    one.mkdir()
    many.mkdir()
    t1, tn = write_outputs(merged, one, jobs=1), write_outputs(merged, many, jobs=jobs)
    assert set(t1) == set(tn) == {"RDF serialisation", "GraphML", "HTML page"}
    for name in ("graph.ttl", "graph.graphml", "graph.html"):
        assert (one / name).read_bytes() == (many / name).read_bytes(), name
    assert sorted(p.name for p in many.iterdir()) == ["graph.graphml", "graph.html", "graph.ttl"]


def test_a_failing_forked_writer_is_reported_with_its_file(merged, tmp_path, monkeypatch):
    def disk_full(G, path):
        raise OSError("disk full")

    monkeypatch.setattr(outputs, "OUTPUTS", (("RDF serialisation", "graph.ttl", disk_full), *outputs.OUTPUTS[1:]))
    # fork even if an earlier test left an idle thread (dask's offload executor): this is the forked path
    monkeypatch.setattr(outputs, "can_fork", lambda: True)
    with pytest.raises(RuntimeError, match=r"graph\.ttl failed: OSError: disk full"):
        write_outputs(merged, tmp_path, jobs=2)
