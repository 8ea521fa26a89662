"""The graph ⇄ RDF (the layout is drawn at the top of ontology/govkg.ttl), Turtle and SHACL.

``to_rdf``/``from_rdf`` and ``write_turtle``/``read_turtle`` are paired: reading back what was
written gives the same nodes, edges and attributes. Turtle is written byte-stable (no blank
nodes, subjects and predicates sorted), so two builds of the same documents are identical.
"""
from __future__ import annotations

import argparse
import logging
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from govkg import ontology
from govkg.ontology import DCTERMS, GOV, ORG, PROV, RDF, RDFS, SDO, SKOS

from .build import segment

__all__ = ["to_rdf", "from_rdf", "write_turtle", "read_turtle", "turtle", "validate", "cli"]

log = logging.getLogger(__name__)

_REUSED = {"Place": [SDO.AdministrativeArea], "Organization": [ORG.Organization], "Person": [SDO.Person],
           "Program": []}
_GOVERNMENTAL = {"government", "party"}
_CLASS_TYPE = {v: k for k, v in ontology.TYPE_CLASS.items()}
_PROPERTY_PREDICATE = {v: k for k, v in ontology.PREDICATE_PROPERTY.items()}


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def _int(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def new_graph() -> Graph:
    """An empty rdflib graph with our prefixes bound (and no others)."""
    g = Graph(bind_namespaces="none")
    for prefix, ns in ontology.PREFIXES.items():
        g.bind(prefix, ns)
    return g


# ---------------------------------------------------------------- networkx → RDF
class _Minter:
    """IRIs of the data: nodes, documents, articles, spans, posts and facts under one base."""

    def __init__(self, base: str) -> None:
        self.base = base

    def node(self, key: str) -> URIRef:
        return URIRef(self.base + key)

    def doc(self, doc: str) -> URIRef:
        return URIRef(f"{self.base}doc/{segment(doc)}")

    def article(self, doc: str, index: int) -> URIRef:
        return URIRef(f"{self.doc(doc)}/article/{index}")

    def span(self, doc: str, start: int, end: int) -> URIRef:
        return URIRef(f"{self.doc(doc)}/span/{start}-{end}")

    def post(self, org_key: str, title: str) -> URIRef:
        return URIRef(f"{self.base}post/{org_key}/{segment(title)}")

    def fact(self, p: str, s: str, o: str) -> URIRef:
        return URIRef(f"{self.base}fact/{p}/{s}/{o}")


def _add_source(g: Graph, m: _Minter, ev: dict[str, Any]) -> URIRef:
    """Add the document, article and quoted span of one evidence item; return what to cite."""
    if ev["article"] < 0:
        return _document(g, m, ev["doc"])
    art = _article(g, m, ev)
    span = m.span(ev["doc"], ev["start"], ev["end"])
    if (span, RDF.type, GOV.Evidence) not in g:
        g.add((span, RDF.type, GOV.Evidence))
        g.add((span, RDF.type, PROV.Entity))
        g.add((span, PROV.wasQuotedFrom, art))
        g.add((span, GOV.start, _int(ev["start"])))
        g.add((span, GOV.end, _int(ev["end"])))
        if ev.get("sentence"):
            g.add((span, PROV.value, _zh(ev["sentence"])))
    return span


def _add_node(g: Graph, m: _Minter, key: str, a: dict[str, Any]) -> None:
    n, type_ = m.node(key), a["type"]
    g.add((n, RDF.type, ontology.TYPE_CLASS[type_]))
    for cls in _REUSED[type_]:
        g.add((n, RDF.type, cls))
    level, kind = a.get("level", ""), a.get("kind", "")
    sub = (ontology.LEVEL_CLASS.get(level) if type_ == "Place" else
           ontology.ORG_KIND_CLASS.get(kind) if type_ == "Organization" else
           ontology.PROGRAM_KIND_CLASS.get(kind) if type_ == "Program" else None)
    if sub is not None:
        g.add((n, RDF.type, sub))
    if type_ == "Organization" and kind in _GOVERNMENTAL:
        g.add((n, RDF.type, SDO.GovernmentOrganization))
    g.add((n, SKOS.prefLabel, _zh(a["label"])))
    for alias in a.get("aliases", ()):
        g.add((n, SKOS.altLabel, _zh(alias)))
    if type_ == "Place":
        g.add((n, GOV.level, Literal(level)))
    elif kind:
        g.add((n, GOV.kind, Literal(kind)))
    if a.get("code"):
        g.add((n, GOV.divisionCode, Literal(a["code"])))
    g.add((n, GOV.mentions, _int(a.get("mentions", 0))))
    for art in a.get("articles", ()):
        g.add((n, GOV.mentionedIn, _article(g, m, art)))
    for ev in a.get("evidence", ()):
        g.add((n, GOV.mentionedAt, _add_source(g, m, ev)))


def _document(g: Graph, m: _Minter, name: str) -> URIRef:
    doc = m.doc(name)
    g.add((doc, RDF.type, GOV.Document))
    g.add((doc, RDF.type, PROV.Entity))
    g.add((doc, RDFS.label, Literal(name)))
    return doc


def _article(g: Graph, m: _Minter, art: dict[str, Any]) -> URIRef:
    """An article ({doc, article, title}) with its document."""
    a = m.article(art["doc"], art["article"])
    g.add((a, RDF.type, GOV.Article))
    g.add((a, RDF.type, PROV.Entity))
    g.add((a, DCTERMS.isPartOf, _document(g, m, art["doc"])))
    g.add((a, GOV.articleIndex, _int(art["article"])))
    if art.get("title"):
        g.set((a, DCTERMS.title, _zh(art["title"])))
    return a


def _add_edge(g: Graph, m: _Minter, u: str, v: str, p: str, a: dict[str, Any]) -> None:
    s, o, prop = m.node(u), m.node(v), ontology.PREDICATE_PROPERTY[p]
    f = m.fact(p, u, v)
    g.add((s, prop, o))
    g.add((f, RDF.type, GOV.Fact))
    g.add((f, RDF.type, RDF.Statement))
    g.add((f, RDF.subject, s))
    g.add((f, RDF.predicate, prop))
    g.add((f, RDF.object, o))
    for ev in a.get("evidence", ()):
        g.add((f, PROV.wasDerivedFrom, _add_source(g, m, ev)))
    if a.get("source") == "gazetteer" or not a.get("evidence"):
        g.add((f, PROV.wasDerivedFrom, GOV.gazetteer))
    if p == "holdsPost":
        for title in filter(None, a.get("title", "").split("、")):
            post = m.post(v, title)
            g.add((post, RDF.type, ORG.Post))
            g.add((post, ORG.postIn, o))
            g.add((post, GOV.title, _zh(title)))
            g.add((post, SKOS.prefLabel, _zh(title)))
            g.add((s, ORG.holds, post))
            g.add((f, GOV.viaPost, post))
        if a.get("title"):
            g.add((f, GOV.title, _zh(a["title"])))


def to_rdf(G: nx.MultiDiGraph, base: str | None = None) -> Graph:
    """The RDF form of a govkg graph (node IRIs are ``base`` + node key).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("place/430200000000", type="Place", label="株洲市", level="city", code="430200000000")
    >>> g = to_rdf(G, base="http://x/")
    >>> (URIRef("http://x/place/430200000000"), GOV.level, Literal("city")) in g
    True
    """
    m, g = _Minter(ontology.base(base)), new_graph()
    for key, a in G.nodes(data=True):
        _add_node(g, m, key, a)
    for u, v, p, a in G.edges(keys=True, data=True):
        _add_edge(g, m, u, v, p, a)
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
    return {"doc": _str(g, g.value(art, DCTERMS.isPartOf), RDFS.label),
            "article": int(g.value(art, GOV.articleIndex)), "title": _str(g, art, DCTERMS.title),
            "start": int(g.value(src, GOV.start)), "end": int(g.value(src, GOV.end)),
            "sentence": _str(g, src, PROV.value)}


def _sources(g: Graph, s: Any, p: Any) -> list[dict[str, Any]]:
    from .build import evidence_order
    return sorted(filter(None, (_source_item(g, x) for x in g.objects(s, p))), key=evidence_order)


def from_rdf(g: Graph, base: str | None = None) -> nx.MultiDiGraph:
    """The govkg graph of RDF written by ``to_rdf`` (nodes and edges sorted by key)."""
    b = ontology.base(base)
    G = nx.MultiDiGraph()
    nodes = sorted(((_key(n, b), n, t) for cls, t in _CLASS_TYPE.items() for n in g.subjects(RDF.type, cls)),
                   key=lambda x: x[0])
    for key, n, type_ in nodes:
        arts = []
        for art in g.objects(n, GOV.mentionedIn):
            arts.append({"doc": _str(g, g.value(art, DCTERMS.isPartOf), RDFS.label),
                         "article": int(g.value(art, GOV.articleIndex)), "title": _str(g, art, DCTERMS.title)})
        attrs: dict[str, Any] = {"type": type_, "label": _str(g, n, SKOS.prefLabel),
                                 "aliases": sorted(str(a) for a in g.objects(n, SKOS.altLabel))}
        if type_ == "Place":
            attrs["level"] = _str(g, n, GOV.level)
        elif type_ in ("Organization", "Program"):
            attrs["kind"] = _str(g, n, GOV.kind)
        attrs["code"] = _str(g, n, GOV.divisionCode)
        attrs["mentions"] = int(g.value(n, GOV.mentions) or 0)
        attrs["articles"] = sorted(arts, key=lambda a: (a["doc"], a["article"], a["title"]))
        attrs["evidence"] = _sources(g, n, GOV.mentionedAt)
        G.add_node(key, **attrs)
    edges = []
    for f in g.subjects(RDF.type, GOV.Fact):
        p = _PROPERTY_PREDICATE.get(g.value(f, RDF.predicate))
        if p is None:
            continue
        u, v = _key(g.value(f, RDF.subject), b), _key(g.value(f, RDF.object), b)
        ev = _sources(g, f, PROV.wasDerivedFrom)
        attrs = {"predicate": p, "evidence": ev, "source": "text" if ev else "gazetteer"}
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
    """Byte-stable Turtle: rdflib's longturtle (subjects and predicates sorted; we mint no
    blank nodes, so canonicalisation has nothing to rename)."""
    return g.serialize(format="longturtle")


def write_turtle(G: nx.MultiDiGraph | Graph, path: str | Path, base: str | None = None) -> None:
    """Write a govkg graph (networkx or rdflib) as Turtle, UTF-8, LF."""
    g = G if isinstance(G, Graph) else to_rdf(G, base)
    Path(path).write_text(turtle(g), encoding="utf-8", newline="\n")


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

    shapes = Graph().parse(source=ontology.path("shapes.ttl"), format="turtle")
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
