"""Many documents' extractions → one ``nx.MultiDiGraph``: each node key's mentions gathered
into one node, each (subject, object, predicate) into one edge, with all their evidence.

Who is the same node is decided in ``keys`` (the node key is the IRI path, so identity *is*
the key); this module gathers what the documents say about each key: its label (the name
most documents use), aliases, level or kind, code, mentions and evidence, and the relations
between keys. Every choice is made over the whole corpus with sorted ties, so the graph does
not depend on the order of the documents or the number of processes.

Places that only the gazetteer knows (the county, city and province above a coded town)
are added with ``partOf`` edges whose ``source`` is ``"gazetteer"``.

What is known of each article besides its title (its date, URL and source, when the reader
found them) is kept once per article in ``G.graph["articles"]``; each evidence item carries
its article's ``date`` too, so that the question "since when" needs no second look-up.
"""
from __future__ import annotations

import logging
from collections import Counter, defaultdict
from typing import Any, Iterable

import networkx as nx

from govkg.extractors.records import Entity, Evidence, Extraction

from .keys import Doc, assign_keys, iso_date, node_key, pick, tallies

__all__ = ["merge", "article_meta", "node_attrs", "summary", "combine", "finish", "VOTED", "edge_attrs", "relations", "add_ancestors", "Spot"]

log = logging.getLogger(__name__)


def article_meta(x: Extraction) -> dict[tuple[str, int], dict[str, str]]:
    """(doc, article index) → the article's ``date``, ``url`` and ``source`` that are known
    (articles with none of them left out)."""
    out = {}
    for a in x.articles:
        meta = {k: v for k, v in (("date", iso_date(a)), ("url", a.url.strip()), ("source", a.source.strip())) if v}
        if meta:
            out[(x.doc, a.index)] = meta
    return out


# ---------------------------------------------------------------- attributes
# Evidence before it is deduplicated: (doc, article, start, end, sentence), a tuple so that it
# sorts in evidence order natively (a key function per item took a fifth of the merge).
Spot = tuple[str, int, int, int, str]


def _spots(d: Doc, items: Iterable[Evidence]) -> list[Spot]:
    doc = d.x.doc
    return [(doc, m.article, m.start, m.end, m.sentence) for m in items]


def _doc_spot(d: Doc) -> Spot:
    """Evidence for a relation the extractor gave no span for: the document itself."""
    return (d.x.doc, -1, -1, -1, "")


def _evidence(spots: Iterable[Spot], docs: dict[str, Doc]) -> list[dict[str, Any]]:
    """Evidence dicts in evidence order, one per (doc, article, start, end) (the first
    sentence in order wins), each with its article's title, and its date when known."""
    out: list[dict[str, Any]] = []
    last = None
    at, title, date = None, "", ""
    for doc, article, start, end, sentence in sorted(spots):
        if (doc, article, start, end) != last:
            last = (doc, article, start, end)
            if (doc, article) != at:
                at, title, date = (doc, article), docs[doc].title(article), docs[doc].date(article)
            item = {"doc": doc, "article": article, "title": title, "start": start, "end": end,
                    "sentence": sentence}
            if date:
                item["date"] = date
            out.append(item)
    return out


def _best(c: Counter) -> str:
    """The most frequent value (ties: sorted first); '' if none."""
    return min(c, key=lambda v: (-c[v], v)) if c else ""


VOTED = ("level", "kind", "code")


def summary(members: list[tuple[Doc, Entity]]) -> dict[str, Any]:
    """What a node's label, aliases, level, kind and code are chosen from: name tallies, every
    name and alias, and each attribute's values counted per member. Summaries of disjoint sets
    of documents combine (``combine``), so a distributed build merges them bucket by bucket."""
    out: dict[str, Any] = {"tally": tallies(members),
                           "names": {e.name for _, e in members} | {a for _, e in members for a in e.aliases}}
    for attr in VOTED:
        out[attr] = Counter(v for _, e in members if (v := getattr(e, attr)))
    return out


def combine(parts: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """One summary of several (of disjoint sets of documents)."""
    out: dict[str, Any] = {"tally": {}, "names": set(), **{attr: Counter() for attr in VOTED}}
    for part in parts:
        tally = out["tally"]
        for name, (n, w) in part["tally"].items():
            n0, w0 = tally.get(name, (0, 0))
            tally[name] = (n0 + n, w0 + w)
        out["names"] |= part["names"]
        for attr in VOTED:
            out[attr].update(part[attr])
    return out


def finish(type_: str, s: dict[str, Any], mentions: int, articles: list[dict[str, Any]],
           evidence: list[dict[str, Any]]) -> dict[str, Any]:
    """A node's attributes from its summary, mention count, articles and evidence."""
    name = pick(s["tally"])
    attrs: dict[str, Any] = {"type": type_, "label": name, "aliases": sorted(s["names"] - {name})}
    if type_ == "Place":
        attrs["level"] = _best(s["level"])
    elif type_ in ("Organization", "Program"):
        attrs["kind"] = _best(s["kind"])
    attrs["code"] = _best(s["code"]) if type_ == "Place" else ""
    attrs["mentions"] = mentions
    attrs["articles"] = articles
    attrs["evidence"] = evidence
    return attrs


def node_attrs(type_: str, key: str, members: list[tuple[Doc, Entity]], docs: dict[str, Doc]) -> dict[str, Any]:
    """A node's attributes from its members (every (document, entity) of its key); ``docs``
    gives the articles' titles and dates."""
    evidence = _evidence((spot for d, e in members for spot in _spots(d, e.mentions)), docs)
    arts = sorted({(ev["doc"], ev["article"], ev["title"]) for ev in evidence})
    return finish(type_, summary(members), len(evidence), [{"doc": a, "article": i, "title": t} for a, i, t in arts],
                  evidence)


def _titles(titles: Iterable[str]) -> str:
    """All titles of one holdsPost edge: split on 、, distinct, sorted, joined by 、."""
    return "、".join(sorted({t for s in titles for t in s.split("、") if t}))


def relations(d: Doc, keys: dict[tuple[str, str, str], str]) -> Iterable[tuple[str, str, str, str, list[Spot]]]:
    """(subject key, object key, predicate, title, evidence spots) of each relation of ``d``
    whose ends are two different entities (the document is the evidence of one with no span)."""
    for r in d.x.relations:
        st, ot = d.type_of(r.s, r.s_type), d.type_of(r.o, r.o_type)
        s, o = keys.get((d.x.doc, st, r.s)), keys.get((d.x.doc, ot, r.o))
        if not s or not o or s == o:
            log.debug("%s: relation %s %s %s has an end that is not an entity", d.x.doc, r.s, r.p, r.o)
            continue
        yield s, o, r.p, r.title, _spots(d, r.evidence) if r.evidence else [_doc_spot(d)]


def edge_attrs(p: str, titles: Iterable[str], spots: Iterable[Spot], docs: dict[str, Doc]) -> dict[str, Any]:
    """An edge's attributes from the titles and evidence of all its relations."""
    attrs: dict[str, Any] = {"predicate": p, "evidence": _evidence(spots, docs), "source": "text"}
    if p == "holdsPost":
        attrs["title"] = _titles(titles)
    return attrs


# ---------------------------------------------------------------- the merge
def merge(extractions: Iterable[Extraction], lex: Any = None, gazetteer: bool = True) -> nx.MultiDiGraph:
    """One graph over all documents (see ``keys`` for who is the same node).

    Parameters
    ----------
    extractions : the documents' extractions, in any order.
    lex : a lexicon with ``division(code)``; loaded when needed and ``gazetteer`` is true.
    gazetteer : add the ancestors of coded places that only the division list knows.

    >>> from govkg.extractors.records import Entity, Evidence, Extraction
    >>> a = Extraction("a.txt", entities=(Entity("Program", "巷口议事会", mentions=(Evidence(0, 5, 8),)),))
    >>> b = Extraction("b.txt", entities=(Entity("Program", "“巷口议事会”", mentions=(Evidence(0, 1, 5),)),))
    >>> G = merge([a, b], gazetteer=False)
    >>> list(G.nodes), G.nodes["program/巷口议事会"]["mentions"]
    (['program/巷口议事会'], 2)
    """
    docs = [Doc.of(x) for x in sorted(extractions, key=lambda x: x.doc)]
    by_name: dict[str, Doc] = {}
    for d in docs:
        by_name.setdefault(d.x.doc, d)
    keys = assign_keys(docs)
    members: dict[str, list[tuple[Doc, Entity]]] = defaultdict(list)
    for d in docs:
        for e in d.x.entities:
            members[keys[(d.x.doc, e.type, e.name)]].append((d, e))
    G: nx.MultiDiGraph = nx.MultiDiGraph()
    G.graph["articles"] = {k: v for d in docs for k, v in sorted(article_meta(d.x).items())}
    for key in sorted(members):
        type_ = members[key][0][1].type
        G.add_node(key, **node_attrs(type_, key, members[key], by_name))
    edges: dict[tuple[str, str, str], dict[str, list]] = defaultdict(lambda: {"titles": [], "evidence": []})
    for d in docs:
        for s, o, p, title, spots in relations(d, keys):
            slot = edges[(s, o, p)]
            slot["titles"].append(title)
            slot["evidence"] += spots
    for (s, o, p), slot in sorted(edges.items()):
        G.add_edge(s, o, key=p, **edge_attrs(p, slot["titles"], slot["evidence"], by_name))
    if gazetteer:
        add_ancestors(G, lex)
    return G


def add_ancestors(G: nx.MultiDiGraph, lex: Any = None) -> None:
    """Add the places above every coded place from the division list, with partOf edges."""
    if lex is None:
        from govkg.extractors import lexicon
        lex = lexicon.load()
    division = getattr(lex, "division", None)
    if division is None:
        log.info("the lexicon has no division(); gazetteer ancestors left out")
        return
    todo = sorted(k for k, a in G.nodes(data=True) if a.get("type") == "Place" and a.get("code"))
    while todo:
        child = todo.pop()
        div = division(G.nodes[child]["code"])
        if div is None or not getattr(div, "parent", ""):
            continue
        pkey = node_key("Place", "", div.parent)
        if pkey not in G:
            up = division(div.parent)
            if up is None:
                continue
            G.add_node(pkey, type="Place", label=up.name, aliases=[], level=up.level, code=up.code,
                       mentions=0, articles=[], evidence=[])
            todo.append(pkey)
        if not G.has_edge(child, pkey, key="partOf"):
            G.add_edge(child, pkey, key="partOf", predicate="partOf", evidence=[], source="gazetteer")
