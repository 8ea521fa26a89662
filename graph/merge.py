"""Many documents' extractions → one ``nx.MultiDiGraph``: who is the same thing across documents.

Identity (the node key is the IRI path, so identity *is* the key):

* **Places** by their 12-digit division code (``place/430203000000``); a place without a code
  by its chain of parents (``place/430203100000/双福村``: the village under the coded town),
  the parent taken from ``Entity.parent`` or the document's ``partOf``; a place with
  neither is ``place/<name>``.
* **Organisations** by resolved name and place: ``org/<place code or key path>/<name>`` from
  the document's ``locatedIn``; ``org/<name>`` without one.
* **People** by name together with the body or place they serve:
  ``person/<org or place key>/<name>`` from ``holdsPost``, so two 王军 in different bodies
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
"""
from __future__ import annotations

import argparse
import functools
import gc
import json
import logging
import os
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence
from urllib.parse import quote

import networkx as nx

from govkg.extractors.records import Entity, Evidence, Extraction, Relation

__all__ = ["merge", "node_key", "segment", "normalise", "extract_all", "extract_json", "load_extraction",
           "Extracted", "summary", "cli"]

log = logging.getLogger(__name__)

TYPE_PREFIX = {"Place": "place", "Organization": "org", "Person": "person", "Program": "program"}
_QUOTES = "“”‘’\"'《》〈〉「」『』【】"
_NO_QUOTES = {ord(c): None for c in _QUOTES}
# ASCII characters an IRI segment may keep as they are (RFC 3987 iunreserved + a few sub-delims)
_SAFE_ASCII = "-._~!$&()*+,;=:@"
# The name functions below are pure and a corpus repeats its names thousands of times.
_memo = functools.lru_cache(maxsize=1 << 18)


# ---------------------------------------------------------------- names and keys
@_memo
def normalise(name: str) -> str:
    """The comparable form of a name: NFKC, no white space (``“河长制”`` keeps its quotes; see
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
    >>> node_key("Person", "王军", "org/430203000000/白关镇党委")
    'person/org/430203000000/白关镇党委/王军'
    >>> node_key("Program", "“河长制”")
    'program/河长制'
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

    @classmethod
    def of(cls, x: Extraction) -> "_Doc":
        by_name: dict[tuple[str, str], Entity] = {}
        for e in x.entities:
            by_name.setdefault((e.type, e.name), e)
        out: dict[tuple[str, str], list[Relation]] = defaultdict(list)
        for r in x.relations:
            out[(r.s, r.p)].append(r)
        return cls(x, by_name, dict(out), tuple(a.title for a in x.articles))

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
    sentence in order wins), each with its article's title."""
    out: list[dict[str, Any]] = []
    last = None
    at, title = None, ""
    for doc, article, start, end, sentence in sorted(spots):
        if (doc, article, start, end) != last:
            last = (doc, article, start, end)
            if (doc, article) != at:
                at, title = (doc, article), docs[doc].title(article)
            out.append({"doc": doc, "article": article, "title": title, "start": start, "end": end,
                        "sentence": sentence})
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
    >>> a = Extraction("a.txt", entities=(Entity("Program", "河长制", mentions=(Evidence(0, 5, 8),)),))
    >>> b = Extraction("b.txt", entities=(Entity("Program", "“河长制”", mentions=(Evidence(0, 1, 5),)),))
    >>> G = merge([a, b], gazetteer=False)
    >>> list(G.nodes), G.nodes["program/河长制"]["mentions"]
    (['program/河长制'], 2)
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


# ---------------------------------------------------------------- running the extractors
@dataclass(frozen=True)
class Extracted:
    """One document's outcome: its extraction as JSON text (``serialize.dumps``), or why not.

    The JSON text, not the ``Extraction``, crosses process boundaries and is what the cache
    stores: it is small (no article bodies or offset maps), and a build that reads it back
    with :func:`load_extraction` merges exactly what a build from cache merges.
    """

    path: str
    json: str | None
    reason: str = ""
    cached: bool = False


def _warm_lexicon() -> None:
    """Pool initializer: load the lexicon and build its lazy parts once per worker process."""
    from govkg.extractors.pipeline import warm

    from .heap import BULK_THRESHOLD
    gc.set_threshold(*BULK_THRESHOLD)       # spawned, so not inherited
    warm()


def _pool(jobs: int) -> Any:
    """A pool of ``jobs`` extraction processes, each with the lexicon loaded and warm.

    On Linux the lexicon is loaded here, once, and the workers fork from this process: they
    start at once and share its memory (the build needs the lexicon afterwards anyway, for
    the gazetteer parents). ``heap.frozen`` keeps the collector from touching, and so copying,
    those shared pages in the workers. Elsewhere fork is not safe; there each worker is
    spawned and loads the lexicon itself (about two seconds each).
    """
    import multiprocessing

    from .heap import frozen
    if sys.platform.startswith("linux"):
        from govkg.extractors.pipeline import warm
        warm()
        with frozen():
            return multiprocessing.get_context("fork").Pool(jobs)
    return multiprocessing.get_context("spawn").Pool(jobs, initializer=_warm_lexicon)


def _extract_json(path: Path, fields: tuple[tuple[str, str], ...] = ()) -> Extracted:
    """Extract one file in this process (a pool worker or the caller) and dump it to JSON."""
    from govkg.extractors import InputError, extract_file
    from govkg.extractors.serialize import dumps
    try:
        x = extract_file(path, fields=dict(fields))
    except InputError as e:
        return Extracted(str(e.path), None, e.reason)
    return Extracted(str(path), dumps(x))


def load_extraction(text: str) -> Extraction:
    """The ``Extraction`` of extraction JSON (articles keep titles, not bodies: all ``merge`` reads)."""
    from govkg.extractors.serialize import from_dict
    return from_dict(json.loads(text))


def _cache_key(path: Path, fields: tuple[tuple[str, str], ...] = ()) -> str | None:
    from .cache import doc_key
    try:
        return doc_key(path.name + "".join(f"|{k}={v}" for k, v in fields), path.read_bytes())
    except OSError:
        return None            # the extractor reports why


def extract_json(paths: Sequence[Path], jobs: int = 1, cache: Any = None,
                 progress: Callable[[int, int], None] | None = None,
                 fields: dict[str, str] | None = None) -> Iterator[Extracted]:
    """:class:`Extracted` for each file, in the order given, streaming.

    Files found in ``cache`` (a :class:`govkg.graph.cache.Cache`) are read from it; the others
    are extracted (``jobs`` > 1: by a pool of processes, fed in chunks, results taken in order
    as they come; see ``_pool``) and stored in it. ``fields`` names a feed's fields
    (``readers.FIELDS``); it is part of the cache key. Only one document's text is
    held at a time per process, and the results do not depend on ``jobs``.
    """
    total = len(paths)
    spec = tuple(sorted((fields or {}).items()))
    keys = [_cache_key(p, spec) if cache is not None else None for p in paths]
    hits = [k is not None and cache.has(k) for k in keys]
    todo = [p for p, hit in zip(paths, hits) if not hit]
    jobs = min(jobs, len(todo))
    pool = None
    if jobs > 1:
        pool = _pool(jobs)
        fresh: Iterator[Extracted] = pool.imap(functools.partial(_extract_json, fields=spec), todo,
                                               chunksize=max(1, min(8, len(todo) // (jobs * 4))))
    else:
        fresh = (_extract_json(p, spec) for p in todo)
    try:
        for n, (path, key, hit) in enumerate(zip(paths, keys, hits), 1):
            if hit:
                item = Extracted(str(path), cache.get(key), cached=True)
            else:
                item = next(fresh)
                if key is not None and item.json is not None:
                    cache.put(key, item.json)
            if progress:
                progress(n, total)
            yield item
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


def extract_all(paths: Sequence[Path], jobs: int = 1, progress: Callable[[int, int], None] | None = None,
                cache: Any = None) -> Iterator[tuple[str, Extraction | None, str]]:
    """(path, Extraction or None, reason) for each file, in the order given (see ``extract_json``)."""
    for item in extract_json(paths, jobs, cache, progress):
        yield item.path, None if item.json is None else load_extraction(item.json), item.reason


# ---------------------------------------------------------------- the build
def summary(G: nx.MultiDiGraph, top: int = 5) -> str:
    """Counts by type and relation, and the most-mentioned places and programmes."""
    types = Counter(a.get("type", "?") for _, a in G.nodes(data=True))
    rels = Counter(k for _, _, k in G.edges(keys=True))
    lines = [f"{G.number_of_nodes()} nodes: " + ", ".join(f"{t} {n}" for t, n in sorted(types.items())),
             f"{G.number_of_edges()} edges: " + ", ".join(f"{p} {n}" for p, n in sorted(rels.items()))]
    for t, what in (("Place", "places"), ("Program", "programmes")):
        best = sorted(((a["mentions"], a["label"]) for _, a in G.nodes(data=True) if a.get("type") == t),
                      key=lambda m: (-m[0], m[1]))[:top]
        if best:
            lines.append(f"top {what}: " + ", ".join(f"{lbl} ({n})" for n, lbl in best))
    return "\n".join(lines)


def _progress(n: int, total: int) -> None:
    if n == total or n % 25 == 0:
        print(f"extracted {n}/{total}", file=sys.stderr)


def cli(args: argparse.Namespace) -> int:
    """``govkg build PATH... -o OUT [--jobs N] [--store DIR] [--cache DIR]``."""
    from .heap import bulk
    with bulk():
        return _build(args)


def _build(args: argparse.Namespace) -> int:
    from . import outputs
    from .cache import Cache
    from .cli import iter_inputs
    from .query import load_store

    out = Path(args.out)
    (out / "extractions").mkdir(parents=True, exist_ok=True)
    files = list(iter_inputs(args.paths))
    jobs = args.jobs or os.cpu_count() or 1
    cache = Cache(Path(getattr(args, "cache", None) or out / ".cache"))
    xs, failed, fresh = [], 0, 0
    for item in extract_json(files, jobs, cache, _progress):
        if item.json is None:
            print(f"SKIP {item.path}: {item.reason}", file=sys.stderr)
            failed += 1
            continue
        fresh += not item.cached
        x = load_extraction(item.json)
        xs.append(x)
        target = out / "extractions" / (Path(x.doc).stem + ".json")
        target.write_text(item.json, encoding="utf-8", newline="\n")
    n = len(xs)
    if n >= 100:                    # a few seconds from here on: say what is going on
        print(f"merging {n} extractions", file=sys.stderr)
    G = merge(xs)
    del xs          # the graph holds what is needed from here on
    if n >= 100:
        print(f"writing {len(G)} entities and {G.number_of_edges()} relations as Turtle, GraphML and HTML",
              file=sys.stderr)
    outputs.write_outputs(G, out, jobs)
    if len(G) > outputs.PAGE_NODES:
        print(f"graph.html shows the {outputs.PAGE_NODES} most mentioned of {len(G)} entities; "
              f"'govkg render {out} -o PAGE --focus NAME' draws any part", file=sys.stderr)
    written = ["graph.ttl", "graph.graphml", "extractions/", "graph.html"]
    if getattr(args, "store", None):
        load_store(out / "graph.ttl", args.store)
        written.append(f"store {args.store}")
    print(f"{n} document(s), {failed} skipped → {out}/: " + ", ".join(written))
    print(f"{fresh} extracted, {n - fresh} from cache ({cache.root})")
    print(summary(G))
    return 1 if failed else 0
