"""Relations of a document: each finder's links, kept once per (s, p, o) with all evidence.

The finders own their predicates (places → partOf, organizations → locatedIn,
people → holdsPost, programs → implements/partners); this module merges them and keeps only
links whose two ends are entities of the same document, as the gold format requires.
"""
from __future__ import annotations

from typing import Sequence

from .records import Entity, Relation, evolve

__all__ = ["merge"]


def merge(relations: list[Relation], entities: list[Entity], fallbacks: Sequence[Relation] = ()) -> list[Relation]:
    """Deduplicate by (s, p, o), join evidence, drop self-links and links to non-entities.
    A link of ``fallbacks`` is kept only where the others give its subject no link of its
    predicate (福建晋江 → 福建省 when the document names no 泉州市)."""
    types: dict[str, str] = {}
    for e in entities:
        types.setdefault(e.name, e.type)
    groups: dict[tuple[str, str, str], list[Relation]] = {}
    for r in relations:
        if r.s == r.o or r.s not in types or r.o not in types:
            continue
        groups.setdefault((r.s, r.p, r.o), []).append(r)
    have = {(s, p) for s, p, _ in groups}
    for r in fallbacks:
        if r.s != r.o and r.s in types and r.o in types and (r.s, r.p) not in have:
            groups.setdefault((r.s, r.p, r.o), []).append(r)
    out = []
    for rs in groups.values():
        r = rs[0]
        if not (r.s_type and r.o_type):
            r = evolve(r, s_type=r.s_type or types[r.s], o_type=r.o_type or types[r.o])
        if len(rs) > 1:
            r = evolve(r, title=next((x.title for x in rs if x.title), ""),
                        evidence=tuple(dict.fromkeys(e for x in rs for e in x.evidence)))
        out.append(r)
    return out
