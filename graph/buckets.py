"""The merge of a distributed build, one bucket at a time: the group-by on the node key.

A bucket holds every member of its node keys and every relation those nodes are the subject
of (``stages.bucket``), from all partitions, so its nodes and edges are merged here exactly
as ``merge.merge`` merges them (``merge.node_attrs``, ``merge.edge_attrs``) and described as
``rdf.describe`` describes them (``rdf.Describer``), into one shard. No process holds more
than one bucket's entities and evidence.

The gazetteer's places (the county, city and province above a coded town that the text never
names) need the set of coded places of the whole corpus, which is small (one row per coded
place, never per mention): each bucket returns its own, and ``gazetteer`` adds the ancestors
with ``merge.add_ancestors`` over just those.
"""
from __future__ import annotations

import gc
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterator

import networkx as nx

from govkg import ontology
from govkg.extractors.records import Entity

from .keys import Doc
from .merge import add_ancestors, edge_attrs, node_attrs
from .rdf import Describer
from .shards import write_shard
from .stages import docs_of, evidence_of, read_columns

__all__ = ["reduce_bucket", "gazetteer"]


def _coded(key: str, a: dict[str, Any]) -> bool:
    """A place the gazetteer step looks at or for: coded, or keyed like one (``place/<digits>``)."""
    return a.get("type") == "Place" and (bool(a.get("code")) or key[6:].isdigit())


def _graph(folder: Path) -> nx.MultiDiGraph:
    """The bucket's nodes (attributes merged) and the edges they are the subject of."""
    files = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
    m = read_columns([f for f in files if f.name.endswith(".mentions.parquet")], "mentions")
    e = read_columns([f for f in files if f.name.endswith(".edges.parquet")], "edges")
    docs = docs_of(m, e)
    members: dict[str, list[tuple[Doc, Entity]]] = defaultdict(list)
    for i, key in enumerate(m["key"]):
        members[key].append((docs[m["doc"][i]], Entity(
            m["type"][i], m["name"][i], level=m["level"][i], kind=m["kind"][i], code=m["code"][i],
            aliases=tuple(m["aliases"][i]), mentions=evidence_of(m, i))))
    G: nx.MultiDiGraph = nx.MultiDiGraph()
    for key in sorted(members):
        G.add_node(key, **node_attrs(members[key][0][1].type, key, members[key], docs))
    del members
    edges: dict[tuple[str, str, str], tuple[list[str], list[Any]]] = defaultdict(lambda: ([], []))
    for i, (s, o, p) in enumerate(zip(e["s"], e["o"], e["p"])):
        slot = edges[(s, o, p)]
        slot[0].append(e["title"][i])
        doc = e["doc"][i]
        slot[1].extend((doc, ev.article, ev.start, ev.end, ev.sentence) for ev in evidence_of(e, i))
    for (s, o, p), (titles, spots) in sorted(edges.items()):
        G.add_edge(s, o, key=p, **edge_attrs(p, titles, spots, docs))
    return G


def reduce_bucket(b: int, stages: str, shards: str, base: str | None = None) -> dict[str, Any]:
    """Merge bucket ``b`` and write its shard of entities, facts and posts. Returns its triple
    count, its counts by type and predicate, and its coded places and their partOf edges (for
    ``gazetteer``)."""
    gc.set_threshold(50_000, 20, 100)          # heap.BULK_THRESHOLD
    folder = Path(stages) / "shuffle" / f"b-{b:05d}"
    G = _graph(folder)
    posts = read_columns(sorted(folder.glob("*.posts.parquet")) if folder.is_dir() else [], "posts")
    describer = Describer(ontology.base(base))
    own = [k for k in sorted(G.nodes) if "type" in G.nodes[k]]        # edge ends of other buckets have none

    def blocks() -> Iterator[Any]:
        for key in own:
            yield describer.node(G, key, G.nodes[key])
        for u, v, p in sorted(G.edges(keys=True)):
            yield describer.fact(u, v, p, G.edges[u, v, p])
        yield from describer.blocks(G, "post", sorted(set(zip(posts["org"], posts["title"]))))

    triples = write_shard(Path(shards) / f"part-nodes-{b:05d}.nt", blocks())
    coded = [(k, G.nodes[k].get("code", "")) for k in own if _coded(k, G.nodes[k])]
    return {"triples": triples, "types": Counter(G.nodes[k]["type"] for k in own),
            "predicates": Counter(p for _, _, p in G.edges(keys=True)), "coded": coded,
            "partOf": [(u, v) for u, v, p in G.edges(keys=True) if p == "partOf" and _coded(u, G.nodes[u])]}


def gazetteer(coded: list[tuple[str, str]], part_of: list[tuple[str, str]], shards: str,
              base: str | None = None) -> dict[str, Any]:
    """The places above the coded ones that only the division list knows, their partOf edges
    and facts, as one shard (the text's own partOf edges are kept, as ``merge`` keeps them)."""
    G: nx.MultiDiGraph = nx.MultiDiGraph()
    for key, code in coded:
        G.add_node(key, type="Place", code=code)
    for u, v in part_of:
        G.add_edge(u, v, key="partOf")
    nodes, edges = set(G.nodes), set(G.edges(keys=True))
    add_ancestors(G)
    describer = Describer(ontology.base(base))
    new_edges = sorted(set(G.edges(keys=True)) - edges)

    def blocks() -> Iterator[Any]:
        for key in sorted(set(G.nodes) - nodes):
            yield describer.node(G, key, G.nodes[key])
        for u, v, p in new_edges:
            if u in nodes:                      # a text node: the edge's direct triple only
                yield describer.m.node(u), describer.relation(v, p, G.edges[u, v, p])
            yield describer.fact(u, v, p, G.edges[u, v, p])

    triples = write_shard(Path(shards) / "part-gazetteer.nt", blocks())
    return {"triples": triples, "places": len(G) - len(nodes), "edges": len(new_edges)}
