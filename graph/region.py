"""One region of a big graph, read from a store through SPARQL: ``govkg render STORE --focus``
and the notebook's ``load(store, region=…)``.

A country's graph is billions of triples; a page or a notebook wants one city of it. Parsing
the whole graph to cut a piece out (what ``govkg render graph.ttl`` does) stops working long
before that, so here the piece is chosen and read in the store:

1. **Which entities** (``region_keys``): the focus entity (``find_entity``: by label, else
   alias, else node key; the most mentioned wins a tie, as ``html.find_node`` does), every
   entity within ``depth`` relations of it (either direction, one SELECT per hop, as
   ``html.neighbourhood`` walks a graph), and the places ``partOf`` it at any depth (the
   focus city's villages, however deep). Without a focus, the ``limit`` most mentioned
   entities (a top-N). ``limit`` also caps a region: the most mentioned are kept, the focus
   always.
2. **Their RDF** (``construct``): the relations among them are SELECTed (a relation to an
   entity outside is left out, so ``rdf.from_rdf`` reads the result back as a graph with no
   dangling node), with the facts that state them; then SPARQL CONSTRUCTs (by subject, in
   batches of ``BATCH`` IRIs) give the entities' and facts' own triples and those of the
   spans, articles, documents and posts they cite.
3. **Evidence is capped** (``evidence``, default ``EVIDENCE``): a city is cited by nearly
   every article of its paper, so its spans alone would be most of the store. At most that
   many spans and articles are read per entity, and spans per fact (``mentions`` still
   counts them all).

Only the region and what it cites cross from the store, so the cost follows the region,
not the store.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from govkg import ontology
from govkg.ontology import DCTERMS, GOV, PROV

from .query import execute, open_store

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph
    from rdflib import Graph

__all__ = ["EVIDENCE", "find_entity", "region_keys", "construct", "read_region", "render"]

log = logging.getLogger(__name__)

#: IRIs in one VALUES block: a frontier of thousands is asked in parts.
BATCH = 2000
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: Evidence read per entity (spans, articles) and per fact (spans): a city is cited by nearly
#: every article of its paper, and the page shows five an entity, twenty a relation.
EVIDENCE = 20
_RELATIONS = " ".join(f"<{p}>" for p in ontology.PREDICATE_PROPERTY.values())
_ENTITIES = " ".join(f"<{c}>" for c in ontology.TYPE_CLASS.values())
_EITHER_WAY = "|".join(f"<{p}>|^<{p}>" for p in ontology.PREDICATE_PROPERTY.values())


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def _mentions(sol: Any) -> int:
    n = sol["n"]
    return int(n.value) if n is not None else 0


def find_entity(store: "pyoxigraph.Store", name: str) -> str:
    """The IRI of the entity whose label (else an alias, else node key) is ``name``.

    Raises ``LookupError`` naming the entity when the store has none.
    """
    import pyoxigraph as ox

    names = f"{ox.Literal(name, language='zh')} {ox.Literal(name)}"
    q = (f"SELECT ?x ?alias ?n WHERE {{ VALUES ?l {{ {names} }} "
         f"{{ ?x skos:prefLabel ?l BIND(0 AS ?alias) }} UNION {{ ?x skos:altLabel ?l BIND(1 AS ?alias) }} "
         f"?x a ?t VALUES ?t {{ {_ENTITIES} }} OPTIONAL {{ ?x gov:mentions ?n }} }}")
    hits = [(int(s["alias"].value), -_mentions(s), s["x"].value) for s in execute(store, q)]
    if not hits:
        key = ontology.base() + name
        if bool(execute(store, f"ASK {{ <{key}> a ?t VALUES ?t {{ {_ENTITIES} }} }}")):
            return key
        raise LookupError(f"no entity named {name!r} in the store (label, alias or key)")
    best = min(hits)                                   # labels before aliases, then the most mentioned
    if len({h[2] for h in hits if h[0] == best[0]}) > 1:
        log.warning("several entities named %r; focusing the most mentioned", name)
    return best[2]


def _neighbours(store: "pyoxigraph.Store", iris: Sequence[str]) -> dict[str, int]:
    """Entities one relation away from any of ``iris`` (either direction), with their mentions."""
    out: dict[str, int] = {}
    for i in range(0, len(iris), BATCH):
        q = (f"SELECT DISTINCT ?m ?n WHERE {{ VALUES ?x {{ {_values(iris[i:i + BATCH])} }} "
             f"?x {_EITHER_WAY} ?m OPTIONAL {{ ?m gov:mentions ?n }} }}")
        out.update((s["m"].value, _mentions(s)) for s in execute(store, q))
    return out


def region_keys(store: "pyoxigraph.Store", focus: str | None = None, depth: int = 2,
                limit: int | None = None) -> list[str]:
    """The IRIs of a region (see the module docstring), the focus first, then by mentions."""
    if focus is None:
        if not limit:
            raise ValueError("a store is read by region: give a focus entity or a limit (top-N)")
        q = f"SELECT ?x ?n WHERE {{ ?x gov:mentions ?n }} ORDER BY DESC(?n) STR(?x) LIMIT {int(limit)}"
        return [s["x"].value for s in execute(store, q)]
    centre = find_entity(store, focus)
    found = {centre: 0}
    frontier = [centre]
    for _ in range(max(0, depth)):
        new = {m: n for m, n in _neighbours(store, frontier).items() if m not in found}
        if not new:
            break
        found.update(new)
        frontier = list(new)
    q = f"SELECT DISTINCT ?m ?n WHERE {{ ?m gov:partOf+ <{centre}> OPTIONAL {{ ?m gov:mentions ?n }} }}"
    found.update((s["m"].value, _mentions(s)) for s in execute(store, q))
    ranked = sorted(found, key=lambda k: (k != centre, -found[k], k))
    return ranked[:limit] if limit else ranked


def _pairs(store: "pyoxigraph.Store", subjects: Sequence[str], props: Iterable[Any],
           keep: Any = None) -> list[tuple[str, str, str]]:
    """(subject, property, object IRI) of ``subjects`` by each of ``props``, asked in batches
    (one pattern a property: a VALUES of properties is joined by a scan, seconds not milliseconds);
    ``keep`` filters objects."""
    each = " UNION ".join(f"{{ ?s <{p}> ?o BIND(<{p}> AS ?p) }}" for p in props)
    out = []
    for i in range(0, len(subjects), BATCH):
        q = f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {_values(subjects[i:i + BATCH])} }} {each} }}"
        out += [(r["s"].value, r["p"].value, r["o"].value) for r in execute(store, q)
                if keep is None or r["o"].value in keep]
    return out


def _cited(store: "pyoxigraph.Store", subjects: Sequence[str], prop: Any, n: int | None) -> list[tuple[str, str, str]]:
    """(subject, ``prop``, object) for ``subjects``, at most ``n`` objects each (None: all).

    Counted first, so that the many subjects under the cap are read in batches and only the
    few over it (a city cited by half the corpus) one by one with LIMIT; a LIMIT takes the
    store's index order (the same for the same triples), since an ORDER BY would sort all
    of a hub's evidence to keep twenty."""
    if n is None:
        return _pairs(store, subjects, [prop])
    over: set[str] = set()
    for i in range(0, len(subjects), BATCH):
        q = (f"SELECT ?s (COUNT(*) AS ?n) WHERE {{ VALUES ?s {{ {_values(subjects[i:i + BATCH])} }} "
             f"?s <{prop}> ?o }} GROUP BY ?s")
        over.update(r["s"].value for r in execute(store, q) if int(r["n"].value) > n)
    out = _pairs(store, [s for s in subjects if s not in over], [prop])
    for s in sorted(over):
        out += [(s, str(prop), r["o"].value) for r in execute(store, f"SELECT ?o WHERE {{ <{s}> <{prop}> ?o }} LIMIT {n}")]
    return out


def _rdflib(term: Any) -> Any:
    """A pyoxigraph term as rdflib's (a third faster than writing N-Triples for rdflib to parse)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    dt = term.datatype.value
    return Literal(term.value, datatype=None if dt == _XSD_STRING else URIRef(dt))


def _describe(store: "pyoxigraph.Store", g: "Graph", subjects: Iterable[str], without: Iterable[Any] = ()) -> None:
    """Add to ``g`` the triples of ``subjects`` (a CONSTRUCT, in batches), but not by ``without``."""
    todo, skip = sorted(set(subjects)), ", ".join(f"<{p}>" for p in without)
    for i in range(0, len(todo), BATCH):
        res = execute(store, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ {_values(todo[i:i + BATCH])} }} "
                             f"?s ?p ?o {f'FILTER(?p NOT IN ({skip}))' if skip else ''} }}")
        for t in res:
            g.add((_rdflib(t.subject), _rdflib(t.predicate), _rdflib(t.object)))


def construct(store: "pyoxigraph.Store", iris: Sequence[str], evidence: int | None = EVIDENCE) -> "Graph":
    """The RDF of the entities ``iris`` as an rdflib graph: their triples, the relations among
    them (and the facts that state them), and what those cite, at most ``evidence`` spans
    and articles per entity and spans per fact (None: all)."""
    from rdflib import URIRef

    from .rdf import new_graph

    g = new_graph()
    rels, cites = list(ontology.PREDICATE_PROPERTY.values()), (GOV.mentionedAt, GOV.mentionedIn)
    edges = _pairs(store, iris, rels, keep=set(iris))
    facts = []
    for i in range(0, len(edges), BATCH):
        rows = " ".join(f"(<{s}> <{p}> <{o}>)" for s, p, o in edges[i:i + BATCH])
        facts += [r["f"].value for r in execute(store, f"SELECT ?f WHERE {{ VALUES (?x ?r ?y) {{ {rows} }} "
                                                       "?f rdf:subject ?x ; rdf:predicate ?r ; rdf:object ?y }")]
    cited = [t for p in cites for t in _cited(store, iris, p, evidence)]
    cited += _cited(store, facts, PROV.wasDerivedFrom, evidence) + _pairs(store, facts, [GOV.viaPost])
    for s, p, o in edges + cited:
        g.add((URIRef(s), URIRef(p), URIRef(o)))
    _describe(store, g, iris, [*rels, *cites])
    _describe(store, g, facts, [PROV.wasDerivedFrom, GOV.viaPost])
    things = {o for _, _, o in cited}
    _describe(store, g, things)                                   # spans, articles, documents, posts
    articles = {str(a) for t in things for a in g.objects(URIRef(t), PROV.wasQuotedFrom)} - things
    _describe(store, g, articles)
    docs = {str(d) for a in articles | things for d in g.objects(URIRef(a), DCTERMS.isPartOf)} - things - articles
    _describe(store, g, docs)
    return g


def read_region(graph: "str | Path | pyoxigraph.Store", focus: str | None = None, depth: int = 2,
                limit: int | None = None, evidence: int | None = EVIDENCE) -> tuple["nx.MultiDiGraph", "Graph"]:
    """(networkx graph, its RDF) of a region of ``graph`` (a store folder, OUT folder or
    graph.ttl, or an open pyoxigraph store); see ``region_keys`` for what is kept."""
    from .rdf import from_rdf

    store = open_store(graph) if isinstance(graph, (str, Path)) else graph
    g = construct(store, region_keys(store, focus, depth, limit), evidence)
    return from_rdf(g), g


def render(graph: str | Path, out: str | Path, focus: str | None = None, depth: int = 2,
           types: Iterable[str] | None = None, top: int | None = None, graphml: str | Path | None = None) -> Path:
    """``govkg render``: the page of a graph or of a region of it, and its GraphML.

    A ``graph.ttl`` or OUT folder is read whole and cut by ``html.write_html`` (the
    neighbourhood of ``focus``, at most ``top`` entities); ``graphml`` then gets the focus's
    neighbourhood (or the whole graph). A store is read by region (``read_region``: ``focus``
    and ``depth``, or the ``top`` most mentioned; at most ``outputs.PAGE_NODES`` entities, as
    a build's page, and the evidence the page shows), never whole; its GraphML (the region)
    is written beside the page unless ``graphml`` names the file.
    """
    from .export import read_graph
    from .html import MAX_NODE_EVIDENCE, find_node, neighbourhood, write_html
    from .outputs import PAGE_NODES, write_graphml
    from .sources import graph_source, out_file

    page = out_file(out)
    target = out_file(graphml, "--graphml") if graphml else None
    src = graph_source(graph)
    if src.store:
        G, _ = read_region(src.path, focus, depth, top or PAGE_NODES, evidence=MAX_NODE_EVIDENCE)
        # the region is what the store chose (the focus's places however deep): all of it is drawn
        written = write_html(G, page, focus=focus, depth=len(G), types=types)
        write_graphml(G, target or page.with_suffix(".graphml"))
        return written
    G = read_graph(src.path)
    written = write_html(G, page, focus=focus, depth=depth, types=types, max_nodes=top)
    if target:
        write_graphml(G.subgraph(neighbourhood(G, find_node(G, focus), depth)) if focus else G, target)
    return written
