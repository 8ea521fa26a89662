"""The graph ⇄ RDF (the layout is drawn at the top of ontology/govkg.ttl), Turtle and SHACL.

``to_rdf``/``from_rdf`` and ``write_turtle``/``read_turtle`` are paired: reading back what was
written gives the same nodes, edges and attributes. Turtle is written byte-stable (no blank
nodes, subjects in a fixed order, predicates sorted) by one writer (``turtle_writer``), so two
builds of the same documents are identical.
"""
from __future__ import annotations

import argparse
import functools
import io
import logging
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable, Iterable, Iterator

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from govkg import ontology
from govkg.ontology import DCTERMS, GOV, ORG, PROV, RDF, RDFS, SDO, SKOS

from .cited import Cited
from .iris import Minter
from .keys import evidence_order
from .turtle_writer import Block, graph_blocks, write_blocks

__all__ = ["to_rdf", "from_rdf", "describe", "Describer", "Cited", "write_blocks", "write_turtle", "read_turtle", "turtle", "validate",
           "cli"]

log = logging.getLogger(__name__)

_REUSED = {"Place": [SDO.AdministrativeArea], "Organization": [ORG.Organization], "Person": [SDO.Person],
           "Program": []}
_GOVERNMENTAL = {"government", "party"}
_CLASS_TYPE = {v: k for k, v in ontology.TYPE_CLASS.items()}
_PROPERTY_PREDICATE = {v: k for k, v in ontology.PREDICATE_PROPERTY.items()}


# Literals are immutable and slow to make; spans repeat offsets and sentences (the writer keeps each one's text).
@functools.lru_cache(maxsize=1 << 16)
def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


@functools.lru_cache(maxsize=1 << 16)
def _lit(text: str) -> Literal:
    return Literal(text)


@functools.lru_cache(maxsize=1 << 16)
def _int(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def new_graph() -> Graph:
    """An empty rdflib graph with our prefixes bound (and no others)."""
    g = Graph(bind_namespaces="none")
    for prefix, ns in ontology.PREFIXES.items():
        g.bind(prefix, ns)
    return g


# ---------------------------------------------------------------- networkx → RDF


def _plain(ns: Any, names: str) -> SimpleNamespace:
    return SimpleNamespace(**{n: getattr(ns, n) for n in names.split()})


# The vocabulary terms the describer writes for every subject, looked up once: attribute
# access on rdflib's DefinedNamespace goes through a Python __getattr__ (a tenth of the time
# of writing the Turtle went there).
_RDF = _plain(RDF, "Statement object predicate subject type")
_RDFS = _plain(RDFS, "label")
_SKOS = _plain(SKOS, "altLabel prefLabel")
_GOV = _plain(GOV, "Article Corrections Document Evidence Fact articleIndex divisionCode end gazetteer kind level "
                   "mentionedAt mentionedIn mentions sha256 start title viaPost")
_PROV = _plain(PROV, "Entity value wasDerivedFrom wasQuotedFrom")
_ORG = _plain(ORG, "Post holds postIn")
_SDO = _plain(SDO, "GovernmentOrganization url")
_DCTERMS = _plain(DCTERMS, "isPartOf issued source title")
# What merge keeps of an article besides its title (G.graph["articles"]), and how it is written.
_ARTICLE_META: tuple[tuple[str, URIRef, Callable[[str], Literal]], ...] = (
    ("date", _DCTERMS.issued, lambda v: Literal(v, datatype=XSD.date)),
    ("url", _SDO.url, lambda v: Literal(v, datatype=XSD.anyURI)),      # a literal: a URL as found
    ("source", _DCTERMS.source, _lit))                                  # may be no valid IRI


class Describer:
    """The RDF of a govkg graph's parts as :data:`Block` s (one per subject), so a writer can
    stream it: entities, facts and what they cite (see :class:`Cited`)."""

    def __init__(self, base: str, corrections: str = "") -> None:
        self.m = Minter(base)
        # The corrections file facts stated by a correction are derived from (its SHA-256).
        self.corrections = self.m.corrections(corrections) if corrections else None

    def _source(self, ev: dict[str, Any]) -> URIRef:
        """The document (no article) or the quoted span of one evidence item."""
        if ev["article"] < 0:
            return self.m.doc(ev["doc"])
        return self.m.span(ev["doc"], ev["article"], ev["start"], ev["end"])

    def node(self, G: nx.MultiDiGraph, key: str, a: dict[str, Any]) -> Block:
        """An entity with its attributes, its direct relations and the posts it holds."""
        po = self.entity(a)
        for _, v, p, ea in G.out_edges(key, keys=True, data=True):
            po += self.relation(v, p, ea)
        return self.m.node(key), po

    def entity(self, a: dict[str, Any]) -> list[tuple[URIRef, Any]]:
        """The (predicate, object) pairs of an entity's own attributes (node attributes ``a``)."""
        type_ = a["type"]
        po: list[tuple[URIRef, Any]] = [(_RDF.type, ontology.TYPE_CLASS[type_])]
        po += [(_RDF.type, cls) for cls in _REUSED[type_]]
        level, kind = a.get("level", ""), a.get("kind", "")
        sub = (ontology.LEVEL_CLASS.get(level) if type_ == "Place" else
               ontology.ORG_KIND_CLASS.get(kind) if type_ == "Organization" else
               ontology.PROGRAM_KIND_CLASS.get(kind) if type_ == "Program" else None)
        if sub is not None:
            po.append((_RDF.type, sub))
        if type_ == "Organization" and kind in _GOVERNMENTAL:
            po.append((_RDF.type, _SDO.GovernmentOrganization))
        po.append((_SKOS.prefLabel, _zh(a["label"])))
        po += [(_SKOS.altLabel, _zh(alias)) for alias in a.get("aliases", ())]
        if type_ == "Place":
            po.append((_GOV.level, _lit(level)))
        elif kind:
            po.append((_GOV.kind, _lit(kind)))
        if a.get("code"):
            po.append((_GOV.divisionCode, _lit(a["code"])))
        po.append((_GOV.mentions, _int(a.get("mentions", 0))))
        return po + self.cites(a)

    def cites(self, a: dict[str, Any]) -> list[tuple[URIRef, Any]]:
        """The articles and spans an entity is mentioned in and at (of its own documents only,
        so a distributed build writes them where the documents are)."""
        m = self.m
        return [(_GOV.mentionedIn, m.article(art["doc"], art["article"])) for art in a.get("articles", ())] + \
            [(_GOV.mentionedAt, self._source(ev)) for ev in a.get("evidence", ())]

    def relation(self, v: str, p: str, ea: dict[str, Any]) -> list[tuple[URIRef, Any]]:
        """The pairs an edge to ``v`` adds to its subject: the direct relation and the posts held."""
        m = self.m
        po: list[tuple[URIRef, Any]] = [(ontology.PREDICATE_PROPERTY[p], m.node(v))]
        if p == "holdsPost":
            po += [(_ORG.holds, m.post(v, title)) for title in filter(None, ea.get("title", "").split("、"))]
        return po

    def derivations(self, a: dict[str, Any]) -> list[tuple[URIRef, Any]]:
        """The spans or documents a fact (edge attributes ``a``) was read from."""
        return [(_PROV.wasDerivedFrom, self._source(ev)) for ev in a.get("evidence", ())]

    def fact(self, u: str, v: str, p: str, a: dict[str, Any], cited_elsewhere: bool = False) -> Block:
        """The reified statement of one edge, with its evidence (and posts, for holdsPost).
        ``cited_elsewhere``: ``a`` holds no evidence because its ``derivations`` are written
        elsewhere (a distributed build), so no evidence does not mean the gazetteer."""
        m, prop = self.m, ontology.PREDICATE_PROPERTY[p]
        po: list[tuple[URIRef, Any]] = [(_RDF.type, _GOV.Fact), (_RDF.type, _RDF.Statement), (_RDF.subject, m.node(u)),
                                        (_RDF.predicate, prop), (_RDF.object, m.node(v))]
        po += self.derivations(a)
        if a.get("source") == "correction" and self.corrections is not None:
            po.append((_PROV.wasDerivedFrom, self.corrections))
        elif a.get("source") == "gazetteer" or not (a.get("evidence") or cited_elsewhere):
            po.append((_PROV.wasDerivedFrom, _GOV.gazetteer))
        if p == "holdsPost":
            po += [(_GOV.viaPost, m.post(v, t)) for t in filter(None, a.get("title", "").split("、"))]
            if a.get("title"):
                po.append((_GOV.title, _zh(a["title"])))
        return m.fact(p, u, v), po

    def blocks(self, G: nx.MultiDiGraph, kind: str, items: Iterable[Any]) -> Iterator[Block]:
        """The blocks of one section's items: entities (``node``, keys), facts (``fact``,
        edge keys), or cited posts, documents, articles or spans (``Cited.sections`` items)."""
        m = self.m
        if kind == "node":
            for key in items:
                yield self.node(G, key, G.nodes[key])
        elif kind == "fact":
            for u, v, p in items:
                yield self.fact(u, v, p, G.edges[u, v, p])
        elif kind == "post":
            for org, title in items:
                yield m.post(org, title), [(_RDF.type, _ORG.Post), (_ORG.postIn, m.node(org)),
                                           (_GOV.title, _zh(title)), (_SKOS.prefLabel, _zh(title))]
        elif kind == "corrections":
            for sha in items:
                yield m.corrections(sha), [(_RDF.type, _GOV.Corrections), (_RDF.type, _PROV.Entity),
                                           (_GOV.sha256, _lit(sha))]
        elif kind == "doc":
            for doc in items:
                yield m.doc(doc), [(_RDF.type, _GOV.Document), (_RDF.type, _PROV.Entity), (_RDFS.label, _lit(doc))]
        elif kind == "article":
            known = G.graph.get("articles") or {}
            for (doc, index), title in items:
                po = [(_RDF.type, _GOV.Article), (_RDF.type, _PROV.Entity), (_DCTERMS.isPartOf, m.doc(doc)),
                      (_GOV.articleIndex, _int(index))] + ([(_DCTERMS.title, _zh(title))] if title else [])
                meta = known.get((doc, index))
                yield m.article(doc, index), po + ([(prop, lit(meta[k])) for k, prop, lit in _ARTICLE_META
                                                   if meta.get(k)] if meta else [])
        else:
            a, evidence, entity, quoted, value = _RDF.type, _GOV.Evidence, _PROV.Entity, _PROV.wasQuotedFrom, _PROV.value
            first, last = _GOV.start, _GOV.end            # the most numerous subjects: names bound once
            for (doc, index, start, end), sentence in items:
                po = [(a, evidence), (a, entity), (quoted, m.article(doc, index)), (first, _int(start)),
                      (last, _int(end))]
                yield m.span(doc, index, start, end), po + ([(value, _zh(sentence))] if sentence else [])


def describe(G: nx.MultiDiGraph, base: str | None = None) -> Iterator[Block]:
    """The RDF of a govkg graph, one subject at a time: entities (sorted by key), facts (sorted
    by subject, object, predicate), then the posts, documents, articles and spans they cite,
    and the corrections file the build applied (``G.graph["corrections"]``), if any."""
    sha = (G.graph.get("corrections") or {}).get("sha256", "")
    d, nodes, edges = Describer(ontology.base(base), sha), sorted(G.nodes), sorted(G.edges(keys=True))
    sections = [("node", nodes), ("fact", edges), *Cited.of(G, nodes, edges).sections()]
    for kind, items in sections + ([("corrections", [sha])] if sha else []):
        yield from d.blocks(G, kind, items)


def to_rdf(G: nx.MultiDiGraph, base: str | None = None) -> Graph:
    """The RDF form of a govkg graph (node IRIs are ``base`` + node key).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("place/430200000000", type="Place", label="株洲市", level="city", code="430200000000")
    >>> g = to_rdf(G, base="http://x/")
    >>> (URIRef("http://x/place/430200000000"), GOV.level, Literal("city")) in g
    True
    """
    g = new_graph()
    for s, po in describe(G, base):
        for p, o in po:
            g.add((s, p, o))
    return g


# ---------------------------------------------------------------- RDF → networkx
def _key(iri: Any, base: str) -> str:
    """The node key of an IRI: the IRI without the base, or from the first known key prefix."""
    s = str(iri)
    if s.startswith(base):
        return s[len(base):]
    for prefix in ("/place/", "/org/", "/person/", "/program/"):
        if prefix in s:
            return s[s.index(prefix) + 1:]
    return s


def _integer(g: Graph, s: Any, p: Any, default: int | None = None) -> int:
    """The integer object of ``s p ?o``; ``default`` when there is none (none given: ValueError)."""
    v = g.value(s, p)
    if v is None and default is None:
        raise ValueError(f"{s} has no {p}")
    return int(str(v)) if v is not None else default or 0


def _str(g: Graph, s: Any, p: Any) -> str:
    vals = sorted(str(v) for v in g.objects(s, p))
    return vals[0] if vals else ""


def _source_item(g: Graph, src: Any) -> dict[str, Any] | None:
    """Evidence dict of a span or a document node (None for the gazetteer)."""
    if (src, RDF.type, GOV.Document) in g:
        return {"doc": _str(g, src, RDFS.label), "article": -1, "title": "", "start": -1, "end": -1,
                "sentence": ""}
    art = g.value(src, PROV.wasQuotedFrom)
    if art is None:
        return None
    item = {"doc": _str(g, g.value(art, DCTERMS.isPartOf), RDFS.label),
            "article": _integer(g, art, GOV.articleIndex), "title": _str(g, art, DCTERMS.title),
            "start": _integer(g, src, GOV.start), "end": _integer(g, src, GOV.end),
            "sentence": _str(g, src, PROV.value)}
    date = _str(g, art, DCTERMS.issued)
    if date:
        item["date"] = date
    return item


def _articles_meta(g: Graph) -> dict[tuple[str, int], dict[str, str]]:
    """``G.graph["articles"]`` as merge makes it, from the articles' dates, URLs and sources."""
    out = {}
    for art in g.subjects(RDF.type, GOV.Article):
        meta = {k: v for k, prop, _ in _ARTICLE_META if (v := _str(g, art, prop))}
        if meta:
            out[(_str(g, g.value(art, DCTERMS.isPartOf), RDFS.label), _integer(g, art, GOV.articleIndex))] = meta
    return dict(sorted(out.items()))


def _sources(g: Graph, s: Any, p: Any) -> list[dict[str, Any]]:
    return sorted(filter(None, (_source_item(g, x) for x in g.objects(s, p))), key=evidence_order)


def _unquoted(g: Graph, fact: Any) -> str:
    """The source of a fact without evidence: a corrections file, else the gazetteer."""
    corrected = any((x, RDF.type, GOV.Corrections) in g for x in g.objects(fact, PROV.wasDerivedFrom))
    return "correction" if corrected else "gazetteer"


def from_rdf(g: Graph, base: str | None = None) -> nx.MultiDiGraph:
    """The govkg graph of RDF written by ``to_rdf`` (nodes and edges sorted by key)."""
    b = ontology.base(base)
    G: nx.MultiDiGraph = nx.MultiDiGraph()
    G.graph["articles"] = _articles_meta(g)
    fixes = sorted(str(v) for c in g.subjects(RDF.type, GOV.Corrections) for v in g.objects(c, GOV.sha256))
    if fixes:
        G.graph["corrections"] = {"sha256": fixes[0]}
    nodes = sorted(((_key(n, b), n, t) for cls, t in _CLASS_TYPE.items() for n in g.subjects(RDF.type, cls)),
                   key=lambda x: x[0])
    for key, n, type_ in nodes:
        arts = []
        for art in g.objects(n, GOV.mentionedIn):
            arts.append({"doc": _str(g, g.value(art, DCTERMS.isPartOf), RDFS.label),
                         "article": _integer(g, art, GOV.articleIndex), "title": _str(g, art, DCTERMS.title)})
        attrs: dict[str, Any] = {"type": type_, "label": _str(g, n, SKOS.prefLabel),
                                 "aliases": sorted(str(a) for a in g.objects(n, SKOS.altLabel))}
        if type_ == "Place":
            attrs["level"] = _str(g, n, GOV.level)
        elif type_ in ("Organization", "Program"):
            attrs["kind"] = _str(g, n, GOV.kind)
        attrs["code"] = _str(g, n, GOV.divisionCode)
        attrs["mentions"] = _integer(g, n, GOV.mentions, 0)
        attrs["articles"] = sorted(arts, key=lambda a: (a["doc"], a["article"], a["title"]))
        attrs["evidence"] = _sources(g, n, GOV.mentionedAt)
        G.add_node(key, **attrs)
    edges = []
    for f in g.subjects(RDF.type, GOV.Fact):
        prop = g.value(f, RDF.predicate)
        p = _PROPERTY_PREDICATE.get(prop) if isinstance(prop, URIRef) else None
        if p is None:
            continue
        u, v = _key(g.value(f, RDF.subject), b), _key(g.value(f, RDF.object), b)
        ev = _sources(g, f, PROV.wasDerivedFrom)
        attrs = {"predicate": p, "evidence": ev, "source": "text" if ev else _unquoted(g, f)}
        if p == "holdsPost":
            attrs["title"] = "、".join(sorted(_str(g, post, GOV.title) for post in g.objects(f, GOV.viaPost)))
        edges.append((u, v, p, attrs))
    for prop, p in _PROPERTY_PREDICATE.items():      # edges written without a Fact (other tools)
        for s, o in g.subject_objects(prop):
            edges.append((_key(s, b), _key(o, b), p, {"predicate": p, "evidence": [], "source": "text"}))
    for u, v, p, attrs in sorted(edges, key=lambda e: e[:3]):
        if not G.has_edge(u, v, key=p):
            G.add_edge(u, v, key=p, **attrs)
    return G


# ---------------------------------------------------------------- Turtle
def turtle(g: Graph) -> str:
    """Byte-stable Turtle of an rdflib graph, in ``write_turtle``'s layout (subjects sorted)."""
    out = io.StringIO()
    write_blocks(graph_blocks(g), out)
    return out.getvalue()


def write_turtle(G: nx.MultiDiGraph | Graph, path: str | Path, base: str | None = None) -> None:
    """Write a govkg graph (networkx, or its rdflib form) as Turtle: UTF-8, LF, byte-stable.

    One layout for both (``turtle_writer``): a networkx graph is streamed subject by subject
    (``describe``), never built as an rdflib graph, because a year of a city paper is
    millions of triples and rdflib's store and serialisers would take minutes and gigabytes;
    an rdflib graph (a notebook's ``kg.rdf``) is written subject by subject in sorted order.
    """
    blocks = graph_blocks(G) if isinstance(G, Graph) else describe(G, base)
    with open(path, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as f:
        write_blocks(blocks, f)


def read_turtle(path: str | Path, base: str | None = None) -> nx.MultiDiGraph:
    """The govkg graph of a Turtle file written by ``write_turtle``."""
    return from_rdf(parse(path), base)


def parse(path: str | Path) -> Graph:
    """The rdflib graph of a Turtle file."""
    g = new_graph()
    g.parse(str(path), format="turtle")
    return g


# ---------------------------------------------------------------- SHACL
def validate(g: Graph) -> tuple[bool, str]:
    """(conforms, report text) of a data graph against ontology/shapes.ttl (pySHACL)."""
    import pyshacl

    shapes = Graph().parse(data=ontology.path("shapes.ttl").read_text(encoding="utf-8"), format="turtle")
    conforms, _, text = pyshacl.validate(g, shacl_graph=shapes, inference="none", advanced=True)
    return bool(conforms), str(text)


def cli(args: argparse.Namespace) -> int:
    """``govkg validate GRAPH``: 0 when the graph conforms to the shapes, 1 when not."""
    path = Path(args.graph)
    if path.is_dir():
        path = path / "graph.ttl"
    if not path.is_file():
        print(f"govkg validate: no such graph: {path}", file=sys.stderr)
        return 2
    conforms, text = validate(parse(path))
    print(text if not conforms else f"{path}: conforms to the govkg shapes")
    return 0 if conforms else 1
