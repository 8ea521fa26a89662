"""Many documents' extractions → one ``nx.MultiDiGraph``: who is the same thing across documents.

Identity (the node key is the IRI path, so identity *is* the key):

* **Places** by their 12-digit division code (``place/430203000000``); a place without a code
  by its chain of parents (``place/430203100000/双福村``: the village under the coded town),
  the parent taken from ``Entity.parent`` or the document's ``partOf``; a place with
  neither is ``place/<name>``.
* **Organisations** by resolved name and place: ``org/<place code or key path>/<name>`` from
  the document's ``locatedIn``; ``org/<name>`` without one.
* **People** by name together with the body or place they serve:
  ``person/<org or place key>/<name>`` from ``holdsPost``, so two 尹青禾 in different bodies
  stay two nodes; ``person/<name>`` when the document names no post.
* **Programmes** by normalised name and aliases: names that share a normalised form or an
  alias are one programme (union-find over all documents), keyed ``program/<name>`` by
  its most frequent name.

An entity that a document does not anchor (no code, parent, place or post) joins the one
anchored node of the same type and name in the corpus if there is exactly one; otherwise it
stays a node of its own. Every choice above is made over the whole corpus with sorted ties,
so the graph does not depend on the order of the documents or the number of processes.

Places that only the gazetteer knows (the county, city and province above a coded town)
are added with ``partOf`` edges whose ``source`` is ``"gazetteer"``.

What is known of each article besides its title (its date, URL and source, when the reader
found them) is kept once per article in ``G.graph["articles"]``; each evidence item carries
its article's ``date`` too, so that the question "since when" needs no second look-up.
"""
from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence
from urllib.parse import quote

import networkx as nx

from govkg.extractors.records import Article, Entity, Evidence, Extraction, Relation

# Running the extractors lives in .extraction; these names are kept here for callers of old.
from .extraction import Extracted, extract_all, extract_json, load_extraction

__all__ = ["merge", "node_key", "segment", "normalise", "article_meta", "extract_all", "extract_json",
           "load_extraction", "Extracted"]

log = logging.getLogger(__name__)

TYPE_PREFIX = {"Place": "place", "Organization": "org", "Person": "person", "Program": "program"}
_QUOTES = "“”‘’\"'《》〈〉「」『』【】"
_NO_QUOTES = {ord(c): None for c in _QUOTES}
# ASCII characters an IRI segment may keep as they are (RFC 3987 iunreserved + a few sub-delims)
_SAFE_ASCII = "-._~!$&()*+,;=:@"
# The name functions below are pure and a corpus repeats its names thousands of times.
_memo = functools.lru_cache(maxsize=1 << 18)
# What an xsd:date literal may hold (readers give ISO dates or "", this keeps anything else out).
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


# ---------------------------------------------------------------- names and keys
@_memo
def normalise(name: str) -> str:
    """The comparable form of a name: NFKC, no white space (``“巷口议事会”`` keeps its quotes; see
    ``_program_form``)."""
    return "".join(unicodedata.normalize("NFKC", name).split())


@_memo
def _program_form(name: str) -> str:
    """A programme name without quote marks and brackets around or inside it."""
    return normalise(name.translate(_NO_QUOTES)) or normalise(name)


@_memo
def segment(name: str) -> str:
    """One IRI path segment: non-ASCII letters kept (an IRI, readable), the rest of what an IRI
    forbids, and ``/ # ? %``, percent-encoded.

    >>> segment("双福村")
    '双福村'
    >>> segment("A/B <50%>")
    'A%2FB%3C50%25%3E'
    """
    out = []
    for ch in normalise(name) if name.strip() else name:
        o = ord(ch)
        if ch.isascii() and (ch.isalnum() or ch in _SAFE_ASCII):
            out.append(ch)
        elif not ch.isascii() and o >= 0xA0 and not (0xD800 <= o <= 0xF8FF) and o not in (0xFFFE, 0xFFFF) \
                and unicodedata.category(ch) not in ("Zs", "Zl", "Zp", "Cc", "Cf", "Cn"):
            out.append(ch)
        else:
            out.append(quote(ch, safe=""))
    return "".join(out) or "_"


def node_key(type_: str, name: str, anchor: str = "") -> str:
    """The node key of an entity: ``<prefix>/<anchor>/<name>`` (``anchor`` a key path or code).

    >>> node_key("Place", "", "430203000000")
    'place/430203000000'
    >>> node_key("Person", "尹青禾", "org/430203000000/白关镇党委")
    'person/org/430203000000/白关镇党委/尹青禾'
    >>> node_key("Program", "“巷口议事会”")
    'program/巷口议事会'
    """
    prefix = TYPE_PREFIX[type_]
    if type_ == "Place" and not name:
        return f"{prefix}/{anchor}"
    seg = segment(_program_form(name) if type_ == "Program" else name)
    return f"{prefix}/{anchor}/{seg}" if anchor else f"{prefix}/{seg}"


def _anchor_path(key: str) -> str:
    """A place key as it appears inside an organisation key (``place/`` dropped)."""
    return key.split("/", 1)[1] if key.startswith("place/") else key


# ---------------------------------------------------------------- one document, indexed
@dataclass(frozen=True)
class _Doc:
    """One extraction with look-ups by name, so keys can follow its relations."""

    x: Extraction
    by_name: dict[tuple[str, str], Entity]
    out: dict[tuple[str, str], list[Relation]]   # (subject name, predicate) → relations
    titles: tuple[str, ...]                      # article titles by index
    dates: tuple[str, ...]                       # article dates by index ("" unknown)

    @classmethod
    def of(cls, x: Extraction) -> "_Doc":
        by_name: dict[tuple[str, str], Entity] = {}
        for e in x.entities:
            by_name.setdefault((e.type, e.name), e)
        out: dict[tuple[str, str], list[Relation]] = defaultdict(list)
        for r in x.relations:
            out[(r.s, r.p)].append(r)
        return cls(x, by_name, dict(out), tuple(a.title for a in x.articles),
                   tuple(_date(a) for a in x.articles))

    def type_of(self, name: str, hint: str = "") -> str:
        """The type of the entity called ``name`` (the relation's own type when it gives one)."""
        if hint and (hint, name) in self.by_name:
            return hint
        for t in ("Place", "Organization", "Program", "Person"):
            if (t, name) in self.by_name:
                return t
        return ""

    def targets(self, name: str, p: str, types: Sequence[str]) -> list[tuple[str, str]]:
        """(type, name) of the objects of ``name p ?o`` whose type is one of ``types``, sorted."""
        found = {(self.type_of(r.o, r.o_type), r.o) for r in self.out.get((name, p), ())}
        return sorted(t for t in found if t[0] in types)

    def title(self, article: int) -> str:
        titles = self.titles
        return titles[article] if 0 <= article < len(titles) else ""

    def date(self, article: int) -> str:
        dates = self.dates
        return dates[article] if 0 <= article < len(dates) else ""


def _date(a: Article) -> str:
    return a.date if a.date and _ISO_DATE.match(a.date) else ""


def article_meta(x: Extraction) -> dict[tuple[str, int], dict[str, str]]:
    """(doc, article index) → the article's ``date``, ``url`` and ``source`` that are known
    (articles with none of them left out)."""
    out = {}
    for a in x.articles:
        meta = {k: v for k, v in (("date", _date(a)), ("url", a.url.strip()), ("source", a.source.strip())) if v}
        if meta:
            out[(x.doc, a.index)] = meta
    return out


# ---------------------------------------------------------------- keys per type
Keys = dict[tuple[str, str, str], str]      # (doc, type, name) → node key


def _place_key(d: _Doc, e: Entity, seen: frozenset[str] = frozenset()) -> tuple[str, bool]:
    """(key, anchored) of a place: its code, else its parent's key path and its name."""
    if e.code:
        return node_key("Place", "", e.code), True
    parents = [e.parent] if e.parent else [n for _, n in d.targets(e.name, "partOf", ("Place",))]
    for pname in parents:
        parent = d.by_name.get(("Place", pname))
        if parent is not None and pname not in seen and pname != e.name:
            pkey, _ = _place_key(d, parent, seen | {e.name})
            return node_key("Place", e.name, _anchor_path(pkey)), True
        if parent is None and pname != e.name:
            return node_key("Place", e.name, segment(pname)), True
    return node_key("Place", e.name), False


def _anchored_key(d: _Doc, e: Entity, keys: Keys, p: str, types: Sequence[str],
                  full_path: bool) -> tuple[str, bool]:
    """(key, anchored) of an organisation (by ``locatedIn``) or a person (by ``holdsPost``).

    With several anchors the most specific wins: an organisation before a place, then the
    longest key path, then the first in sorted order (so the choice is stable).
    """
    anchors = [keys.get((d.x.doc, t, n), "") for t, n in d.targets(e.name, p, types)]
    anchors = [a for a in anchors if a]
    if not anchors:
        return node_key(e.type, e.name), False
    best = min(anchors, key=lambda a: (not a.startswith("org/"), -a.count("/"), a))
    return node_key(e.type, e.name, best if full_path else _anchor_path(best)), True


def _unify(proposals: dict[tuple[str, str], tuple[str, bool]], type_: str, keys: Keys) -> None:
    """Give each (doc, name) its final key: an unanchored one joins the single anchored key
    of the same name, if there is exactly one in the whole corpus."""
    anchored: dict[str, set[str]] = defaultdict(set)
    for (_, name), (key, ok) in proposals.items():
        if ok:
            anchored[normalise(name)].add(key)
    for (doc, name), (key, ok) in proposals.items():
        same = anchored.get(normalise(name), set())
        keys[(doc, type_, name)] = next(iter(same)) if not ok and len(same) == 1 else key


def _program_keys(docs: Sequence[_Doc], keys: Keys) -> None:
    """Programmes sharing a normalised name or alias are one node (union-find), keyed by the
    name ``_label`` picks for the group."""
    parent: dict[str, str] = {}

    def find(a: str) -> str:
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    forms_of: dict[str, list[tuple[_Doc, Entity]]] = defaultdict(list)
    for d in docs:
        for e in d.x.entities:
            if e.type != "Program":
                continue
            forms = [_program_form(e.name)] + [_program_form(a) for a in e.aliases]
            for f in forms[1:]:
                parent[find(f)] = find(forms[0])
            forms_of[forms[0]].append((d, e))
    groups: dict[str, list[tuple[_Doc, Entity]]] = defaultdict(list)
    for form, found in forms_of.items():
        groups[find(form)] += found
    label = {root: _label(found) for root, found in groups.items()}
    for d in docs:
        for e in d.x.entities:
            if e.type == "Program":
                keys[(d.x.doc, "Program", e.name)] = node_key("Program", label[find(_program_form(e.name))])


def _keys(docs: Sequence[_Doc]) -> Keys:
    """Node key of every (doc, type, name): places, then organisations, then people, then
    programmes (each type's key may name the one before)."""
    keys: Keys = {}
    steps: list[tuple[str, Callable[[_Doc, Entity], tuple[str, bool]]]] = [
        ("Place", lambda d, e: _place_key(d, e)),
        ("Organization", lambda d, e: _anchored_key(d, e, keys, "locatedIn", ("Place",), False)),
        ("Person", lambda d, e: _anchored_key(d, e, keys, "holdsPost", ("Organization", "Place"), True)),
    ]
    for type_, propose in steps:
        proposals = {(d.x.doc, e.name): propose(d, e) for d in docs for e in d.x.entities if e.type == type_}
        _unify(proposals, type_, keys)
    _program_keys(docs, keys)
    return keys


# ---------------------------------------------------------------- attributes
# Evidence before it is deduplicated: (doc, article, start, end, sentence), a tuple so that it
# sorts in evidence order natively (a key function per item took a fifth of the merge).
Spot = tuple[str, int, int, int, str]


def _spots(d: _Doc, items: Iterable[Evidence]) -> list[Spot]:
    doc = d.x.doc
    return [(doc, m.article, m.start, m.end, m.sentence) for m in items]


def _doc_spot(d: _Doc) -> Spot:
    """Evidence for a relation the extractor gave no span for: the document itself."""
    return (d.x.doc, -1, -1, -1, "")


def evidence_order(e: dict[str, Any]) -> tuple:
    return (e["doc"], e["article"], e["start"], e["end"], e["sentence"])


def _evidence(spots: Iterable[Spot], docs: dict[str, _Doc]) -> list[dict[str, Any]]:
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


def _label(members: Sequence[tuple[_Doc, Entity]]) -> str:
    """The name most documents use, then the most mentioned, then sorted first; programme
    names lose the quote marks around them (the quoted form stays an alias)."""
    program = members[0][1].type == "Program"            # one node, one type
    docs: dict[str, set[str]] = {}
    weight: dict[str, int] = {}
    for d, e in members:
        name = e.name.strip(_QUOTES) or e.name if program else e.name
        if name in docs:
            docs[name].add(d.x.doc)
            weight[name] += len(e.mentions)
        else:
            docs[name], weight[name] = {d.x.doc}, len(e.mentions)
    if len(docs) == 1:
        return next(iter(docs))
    return min(docs, key=lambda n: (-len(docs[n]), -weight[n], n))


def _vote(values: Iterable[str]) -> str:
    """The most frequent non-empty value (ties: sorted first); '' if none."""
    c = Counter(v for v in values if v)
    return min(c, key=lambda v: (-c[v], v)) if c else ""


def _node_attrs(type_: str, key: str, members: list[tuple[_Doc, Entity]], docs: dict[str, _Doc]) -> dict[str, Any]:
    label = _label(members)
    aliases = sorted(({e.name for _, e in members} | {a for _, e in members for a in e.aliases}) - {label})
    evidence = _evidence((spot for d, e in members for spot in _spots(d, e.mentions)), docs)
    arts = sorted({(ev["doc"], ev["article"], ev["title"]) for ev in evidence})
    attrs: dict[str, Any] = {"type": type_, "label": label, "aliases": aliases}
    if type_ == "Place":
        attrs["level"] = _vote(e.level for _, e in members)
    elif type_ in ("Organization", "Program"):
        attrs["kind"] = _vote(e.kind for _, e in members)
    attrs["code"] = _vote(e.code for _, e in members) if type_ == "Place" else ""
    attrs["mentions"] = len(evidence)
    attrs["articles"] = [{"doc": a, "article": i, "title": t} for a, i, t in arts]
    attrs["evidence"] = evidence
    return attrs


def _titles(titles: Iterable[str]) -> str:
    """All titles of one holdsPost edge: split on 、, distinct, sorted, joined by 、."""
    return "、".join(sorted({t for s in titles for t in s.split("、") if t}))


# ---------------------------------------------------------------- the merge
def merge(extractions: Iterable[Extraction], lex: Any = None, gazetteer: bool = True) -> nx.MultiDiGraph:
    """One graph over all documents (see the module docstring for who is the same node).

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
    docs = [_Doc.of(x) for x in sorted(extractions, key=lambda x: x.doc)]
    by_name: dict[str, _Doc] = {}
    for d in docs:
        by_name.setdefault(d.x.doc, d)
    keys = _keys(docs)
    members: dict[str, list[tuple[_Doc, Entity]]] = defaultdict(list)
    for d in docs:
        for e in d.x.entities:
            members[keys[(d.x.doc, e.type, e.name)]].append((d, e))
    G = nx.MultiDiGraph()
    G.graph["articles"] = {k: v for d in docs for k, v in sorted(article_meta(d.x).items())}
    for key in sorted(members):
        type_ = members[key][0][1].type
        G.add_node(key, **_node_attrs(type_, key, members[key], by_name))
    edges: dict[tuple[str, str, str], dict[str, list]] = defaultdict(lambda: {"titles": [], "evidence": []})
    for d in docs:
        for r in d.x.relations:
            st, ot = d.type_of(r.s, r.s_type), d.type_of(r.o, r.o_type)
            s, o = keys.get((d.x.doc, st, r.s)), keys.get((d.x.doc, ot, r.o))
            if not s or not o or s == o:
                log.debug("%s: relation %s %s %s has an end that is not an entity", d.x.doc, r.s, r.p, r.o)
                continue
            slot = edges[(s, o, r.p)]
            slot["titles"].append(r.title)
            slot["evidence"] += _spots(d, r.evidence) if r.evidence else [_doc_spot(d)]
    for (s, o, p), slot in sorted(edges.items()):
        attrs: dict[str, Any] = {"predicate": p, "evidence": _evidence(slot["evidence"], by_name), "source": "text"}
        if p == "holdsPost":
            attrs["title"] = _titles(slot["titles"])
        G.add_edge(s, o, key=p, **attrs)
    if gazetteer:
        _add_ancestors(G, lex)
    return G


def _add_ancestors(G: nx.MultiDiGraph, lex: Any = None) -> None:
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
