"""The merge of a distributed build, one bucket at a time: the group-by on the node key.

A bucket holds the summaries of its node keys from every partition and every edge those
nodes are the subject of (``stages.bucket``), so its nodes and edges are merged here as
``merge.merge`` merges them (``merge.combine``, ``merge.finish``, ``merge.edge_attrs``) and
described as ``rdf.describe`` describes them (``rdf.Describer``), into one shard; what the
evidence gives was written by the partitions (``partitions.shuffle``). No process holds more
than one bucket's summaries, and a summary's size does not grow with a node's mentions.

The gazetteer's places (the county, city and province above a coded town that the text never
names) need the set of coded places of the whole corpus, which is small (one row per coded
place, never per mention): each bucket returns its own, and ``gazetteer`` adds the ancestors
with ``merge.add_ancestors`` over just those.
"""
from __future__ import annotations

import gc
from collections import Counter, defaultdict
from typing import Any, Iterator

import networkx as nx

from govkg import ontology
from .merge import add_ancestors, combine, edge_attrs, finish
from .rdf import Describer
from .shards import write_shard
from .stages import read_columns, summary_of
from .tidy import between_tasks
from .storage import files_in, join

__all__ = ["reduce_bucket", "gazetteer"]


def _coded(key: str, a: dict[str, Any]) -> bool:
    """A place the gazetteer step looks at or for: coded, or keyed like one (``place/<digits>``)."""
    return a.get("type") == "Place" and (bool(a.get("code")) or key[6:].isdigit())


def _graph(folder: str) -> nx.MultiDiGraph:
    """The bucket's nodes (summaries combined) and the edges they are the subject of, without
    evidence: the partitions wrote what it gives."""
    n = read_columns(files_in(folder, ".nodes.parquet"), "nodes")
    e = read_columns(files_in(folder, ".edges.parquet"), "edges")
    rows: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(n["key"]):
        rows[key].append(i)
    G: nx.MultiDiGraph = nx.MultiDiGraph()
    for key in sorted(rows):
        found = rows[key]
        G.add_node(key, **finish(n["type"][found[0]], combine(summary_of(n, i) for i in found),
                                 sum(n["mentions"][i] for i in found), [], []))
    titles: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for s, o, p, ts in zip(e["s"], e["o"], e["p"], e["titles"]):
        titles[(s, o, p)] += ts
    for (s, o, p), ts in sorted(titles.items()):
        G.add_edge(s, o, key=p, **edge_attrs(p, ts, (), {}))
    return G


@between_tasks
def reduce_bucket(b: int, stages: str, shards: str, base: str | None = None) -> dict[str, Any]:
    """Merge bucket ``b`` and write its shard of entities, facts and posts. Returns its triple
    count, its counts by type and predicate, and its coded places and their partOf edges (for
    ``gazetteer``)."""
    gc.set_threshold(50_000, 20, 100)          # heap.BULK_THRESHOLD
    folder = join(stages, "shuffle", f"b-{b:05d}")
    G = _graph(folder)
    posts = read_columns(files_in(folder, ".posts.parquet"), "posts")
    describer = Describer(ontology.base(base))
    own = [k for k in sorted(G.nodes) if "type" in G.nodes[k]]        # edge ends of other buckets have none

    def blocks() -> Iterator[Any]:
        for key in own:
            yield describer.node(G, key, G.nodes[key])
        for u, v, p in sorted(G.edges(keys=True)):
            yield describer.fact(u, v, p, G.edges[u, v, p], cited_elsewhere=True)
        yield from describer.blocks(G, "post", sorted(set(zip(posts["org"], posts["title"]))))

    triples = write_shard(join(shards, f"part-nodes-{b:05d}.nt"), blocks())
    coded = [(k, G.nodes[k].get("code", "")) for k in own if _coded(k, G.nodes[k])]
    return {"triples": triples, "types": Counter(G.nodes[k]["type"] for k in own),
            "predicates": Counter(p for _, _, p in G.edges(keys=True)), "coded": coded,
            "partOf": [(u, v) for u, v, p in G.edges(keys=True) if p == "partOf" and _coded(u, G.nodes[u])]}


@between_tasks
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

    triples = write_shard(join(shards, "part-gazetteer.nt"), blocks())
    return {"triples": triples, "places": len(G) - len(nodes), "edges": len(new_edges)}
