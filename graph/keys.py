"""Node identity: who is the same thing across documents, and the key that names it.

The node key is the IRI path, so identity *is* the key:

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

This module is what ``merge`` (which gathers each key's mentions into a node) and ``rdf``
(which mints IRIs from the same segments) share, so neither imports the other.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence
from urllib.parse import quote

from govkg.extractors.records import Article, Entity, Extraction, Relation

__all__ = ["TYPE_PREFIX", "Keys", "Doc", "normalise", "segment", "node_key", "assign_keys", "label",
           "ANCHORED_TYPES", "propose", "anchored_names", "unique_anchors", "settle", "program_links",
           "program_roots", "program_votes", "add_votes", "program_labels", "program_keys", "tallies", "pick",
           "iso_date", "evidence_order"]

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
class Doc:
    """One extraction with look-ups by name, so keys can follow its relations."""

    x: Extraction
    by_name: dict[tuple[str, str], Entity]
    out: dict[tuple[str, str], list[Relation]]   # (subject name, predicate) → relations
    titles: tuple[str, ...]                      # article titles by index
    dates: tuple[str, ...]                       # article dates by index ("" unknown)

    @classmethod
    def of(cls, x: Extraction) -> "Doc":
        by_name: dict[tuple[str, str], Entity] = {}
        for e in x.entities:
            by_name.setdefault((e.type, e.name), e)
        out: dict[tuple[str, str], list[Relation]] = defaultdict(list)
        for r in x.relations:
            out[(r.s, r.p)].append(r)
        return cls(x, by_name, dict(out), tuple(a.title for a in x.articles),
                   tuple(iso_date(a) for a in x.articles))

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
        """The title of article ``article`` ("" for the document itself, index -1)."""
        titles = self.titles
        return titles[article] if 0 <= article < len(titles) else ""

    def date(self, article: int) -> str:
        """The ISO date of article ``article``, "" when unknown."""
        dates = self.dates
        return dates[article] if 0 <= article < len(dates) else ""


def iso_date(a: Article) -> str:
    """The article's date if it is an ISO date (what ``xsd:date`` holds), else ``""``."""
    return a.date if a.date and _ISO_DATE.match(a.date) else ""


# ---------------------------------------------------------------- keys per type
Keys = dict[tuple[str, str, str], str]      # (doc, type, name) → node key


def _place_key(d: Doc, e: Entity, seen: frozenset[str] = frozenset()) -> tuple[str, bool]:
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


def _anchored_key(d: Doc, e: Entity, keys: Keys, p: str, types: Sequence[str],
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


Proposals = dict[tuple[str, str], tuple[str, bool]]     # (doc, name) → (key, anchored)


def anchored_names(proposals: Proposals) -> dict[str, set[str]]:
    """Normalised name → the anchored keys proposed for it (what ``settle`` needs of the whole
    corpus: one row per distinct name, so a distributed build can gather it as a reduction)."""
    anchored: dict[str, set[str]] = defaultdict(set)
    for (_, name), (key, ok) in proposals.items():
        if ok:
            anchored[normalise(name)].add(key)
    return anchored


def unique_anchors(anchored: dict[str, set[str]]) -> dict[str, str]:
    """The names with exactly one anchored key in the corpus, and that key."""
    return {name: next(iter(ks)) for name, ks in anchored.items() if len(ks) == 1}


def settle(proposals: Proposals, type_: str, keys: Keys, unique: dict[str, str]) -> None:
    """Give each (doc, name) its final key: an unanchored one joins the single anchored key
    of the same name (``unique``, from the whole corpus), if there is one."""
    for (doc, name), (key, ok) in proposals.items():
        keys[(doc, type_, name)] = key if ok else unique.get(normalise(name), key)


ANCHORED_TYPES = ("Place", "Organization", "Person")    # in order: each type's key may name the one before


def propose(docs: Sequence[Doc], type_: str, keys: Keys) -> Proposals:
    """(key, anchored) of every entity of ``type_`` (one of ``ANCHORED_TYPES``), from its own
    document and the final keys of the types before it."""
    steps: dict[str, Callable[[Doc, Entity], tuple[str, bool]]] = {
        "Place": lambda d, e: _place_key(d, e),
        "Organization": lambda d, e: _anchored_key(d, e, keys, "locatedIn", ("Place",), False),
        "Person": lambda d, e: _anchored_key(d, e, keys, "holdsPost", ("Organization", "Place"), True),
    }
    step = steps[type_]
    return {(d.x.doc, e.name): step(d, e) for d in docs for e in d.x.entities if e.type == type_}


def program_links(docs: Sequence[Doc]) -> set[tuple[str, str]]:
    """(form, form of its name) for every programme name and alias: programmes sharing a form
    are one node. One row per distinct pair, whatever the number of mentions."""
    links = set()
    for d in docs:
        for e in d.x.entities:
            if e.type == "Program":
                first = _program_form(e.name)
                links.add((first, first))
                links.update((_program_form(a), first) for a in e.aliases)
    return links


def program_roots(links: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Form → the smallest form of its connected component (union-find over ``links``)."""
    parent: dict[str, str] = {}

    def find(a: str) -> str:
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {f: find(f) for f in list(parent)}


Votes = dict[tuple[str, str], tuple[int, int]]     # (group, name) → (documents, mentions)


def program_votes(docs: Sequence[Doc], roots: dict[str, str]) -> Votes:
    """What ``label`` counts for each programme group: documents and mentions per name. The
    documents of two disjoint sets of documents add up, so partial votes sum."""
    tallies: dict[str, dict[str, tuple[set[str], int]]] = defaultdict(dict)
    for d in docs:
        for e in d.x.entities:
            if e.type == "Program":
                _tally(tallies[roots[_program_form(e.name)]], d, e, True)
    return {(root, name): (len(ds), w) for root, t in tallies.items() for name, (ds, w) in t.items()}


def add_votes(into: Votes, votes: Votes) -> None:
    """Sum partial ``program_votes`` into ``into``."""
    for k, (n, w) in votes.items():
        n0, w0 = into.get(k, (0, 0))
        into[k] = (n0 + n, w0 + w)


def program_labels(votes: Votes) -> dict[str, str]:
    """Group → its label, chosen as ``label`` chooses."""
    by_group: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for (root, name), nw in votes.items():
        by_group[root][name] = nw
    return {root: pick(counts) for root, counts in by_group.items()}


def program_keys(docs: Sequence[Doc], roots: dict[str, str], labels: dict[str, str], keys: Keys) -> None:
    """Each programme's key: ``program/<label of its group>``."""
    for d in docs:
        for e in d.x.entities:
            if e.type == "Program":
                keys[(d.x.doc, "Program", e.name)] = node_key("Program", labels[roots[_program_form(e.name)]])


def assign_keys(docs: Sequence[Doc]) -> Keys:
    """Node key of every (doc, type, name): places, then organisations, then people, then
    programmes (each type's key may name the one before). ``distributed`` runs the same steps
    with the corpus-wide tables (``unique_anchors``, ``program_roots``, ``program_labels``)
    gathered from partitions."""
    keys: Keys = {}
    for type_ in ANCHORED_TYPES:
        proposals = propose(docs, type_, keys)
        settle(proposals, type_, keys, unique_anchors(anchored_names(proposals)))
    roots = program_roots(program_links(docs))
    program_keys(docs, roots, program_labels(program_votes(docs, roots)), keys)
    return keys


def _tally(tally: dict[str, tuple[set[str], int]], d: Doc, e: Entity, program: bool) -> None:
    name = e.name.strip(_QUOTES) or e.name if program else e.name
    seen = tally.get(name)
    if seen is None:
        tally[name] = ({d.x.doc}, len(e.mentions))
    else:
        seen[0].add(d.x.doc)
        tally[name] = (seen[0], seen[1] + len(e.mentions))


def pick(counts: dict[str, tuple[int, int]]) -> str:
    """The name of most documents, then most mentions, then sorted first."""
    if len(counts) == 1:
        return next(iter(counts))
    return min(counts, key=lambda n: (-counts[n][0], -counts[n][1], n))


def label(members: Sequence[tuple[Doc, Entity]]) -> str:
    """The name most documents use, then the most mentioned, then sorted first; programme
    names lose the quote marks around them (the quoted form stays an alias)."""
    return pick(tallies(members))


def tallies(members: Sequence[tuple[Doc, Entity]]) -> dict[str, tuple[int, int]]:
    """Name → (documents, mentions) of a node's members: what ``label`` picks from. Tallies of
    disjoint sets of documents add up."""
    program = members[0][1].type == "Program"            # one node, one type
    tally: dict[str, tuple[set[str], int]] = {}
    for d, e in members:
        _tally(tally, d, e, program)
    return {n: (len(ds), w) for n, (ds, w) in tally.items()}


def evidence_order(e: dict[str, Any]) -> tuple:
    """The order of evidence items: ``merge`` sorts them so, and a graph read back from RDF must
    list them the same way to equal the one merged."""
    return (e["doc"], e["article"], e["start"], e["end"], e["sentence"])
