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
from typing import Any, Callable, Sequence
from urllib.parse import quote

from govkg.extractors.records import Article, Entity, Extraction, Relation

__all__ = ["TYPE_PREFIX", "Keys", "Doc", "normalise", "segment", "node_key", "assign_keys", "label",
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


def _program_keys(docs: Sequence[Doc], keys: Keys) -> None:
    """Programmes sharing a normalised name or alias are one node (union-find), keyed by the
    name ``label`` picks for the group."""
    parent: dict[str, str] = {}

    def find(a: str) -> str:
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    forms_of: dict[str, list[tuple[Doc, Entity]]] = defaultdict(list)
    for d in docs:
        for e in d.x.entities:
            if e.type != "Program":
                continue
            forms = [_program_form(e.name)] + [_program_form(a) for a in e.aliases]
            for f in forms[1:]:
                parent[find(f)] = find(forms[0])
            forms_of[forms[0]].append((d, e))
    groups: dict[str, list[tuple[Doc, Entity]]] = defaultdict(list)
    for form, found in forms_of.items():
        groups[find(form)] += found
    names = {root: label(found) for root, found in groups.items()}
    for d in docs:
        for e in d.x.entities:
            if e.type == "Program":
                keys[(d.x.doc, "Program", e.name)] = node_key("Program", names[find(_program_form(e.name))])


def assign_keys(docs: Sequence[Doc]) -> Keys:
    """Node key of every (doc, type, name): places, then organisations, then people, then
    programmes (each type's key may name the one before)."""
    keys: Keys = {}
    steps: list[tuple[str, Callable[[Doc, Entity], tuple[str, bool]]]] = [
        ("Place", lambda d, e: _place_key(d, e)),
        ("Organization", lambda d, e: _anchored_key(d, e, keys, "locatedIn", ("Place",), False)),
        ("Person", lambda d, e: _anchored_key(d, e, keys, "holdsPost", ("Organization", "Place"), True)),
    ]
    for type_, propose in steps:
        proposals = {(d.x.doc, e.name): propose(d, e) for d in docs for e in d.x.entities if e.type == type_}
        _unify(proposals, type_, keys)
    _program_keys(docs, keys)
    return keys


def label(members: Sequence[tuple[Doc, Entity]]) -> str:
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


def evidence_order(e: dict[str, Any]) -> tuple:
    """The order of evidence items: ``merge`` sorts them so, and a graph read back from RDF must
    list them the same way to equal the one merged."""
    return (e["doc"], e["article"], e["start"], e["end"], e["sentence"])
