"""The streaming GraphML writer against networkx's own, read back by networkx."""
import json

import networkx as nx

from govkg.graph.outputs import write_graphml


def _graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node('org/甲 & <乙> "丙"', type="Organization", label="甲\t乙\n丙", aliases=["a&b", "<c>"], mentions=3,
               weight=0.5, seen=True, evidence=[{"doc": "d.txt", "sentence": '说:"好"'}])
    G.add_node("place/1", type="Place", label="某村", aliases=[], mentions=0)
    G.add_edge('org/甲 & <乙> "丙"', "place/1", key="locatedIn", predicate="locatedIn", evidence=[])
    G.add_edge('org/甲 & <乙> "丙"', "place/1", key="partners", predicate="partners", evidence=[{"doc": "x"}])
    return G


def test_graphml_reads_back_as_networkx_writes_it(tmp_path):
    G = _graph()
    ours, theirs = tmp_path / "ours.graphml", tmp_path / "theirs.graphml"
    write_graphml(G, ours)
    flat = nx.MultiDiGraph()
    dump = lambda a: {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v  # noqa: E731
                      for k, v in a.items()}
    flat.add_nodes_from((n, dump(a)) for n, a in G.nodes(data=True))
    flat.add_edges_from((u, v, k, dump(a)) for u, v, k, a in G.edges(keys=True, data=True))
    nx.write_graphml(flat, theirs)
    a, b = nx.read_graphml(ours), nx.read_graphml(theirs)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))
    node = a.nodes['org/甲 & <乙> "丙"']
    assert node["mentions"] == 3 and node["seen"] is True and node["weight"] == 0.5
    assert json.loads(node["aliases"]) == ["a&b", "<c>"]


def test_characters_xml_cannot_hold_are_replaced_not_written(tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("n", label="a\x00b\x1fc")
    write_graphml(G, tmp_path / "g.graphml")
    assert nx.read_graphml(tmp_path / "g.graphml").nodes["n"]["label"] == "a\ufffdb\ufffdc"
