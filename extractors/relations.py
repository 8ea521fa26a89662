"""Relations of a document: each finder's links, kept once per (s, p, o) with all evidence.

The finders own their predicates (places → partOf, organizations → locatedIn,
people → holdsPost, programs → implements/partners); this module merges them and keeps only
links whose two ends are entities of the same document, as the gold format requires.
"""
from __future__ import annotations

from dataclasses import replace

from .records import Entity, Relation

__all__ = ["merge"]


def merge(relations: list[Relation], entities: list[Entity]) -> list[Relation]:
    """Deduplicate by (s, p, o), join evidence, drop self-links and links to non-entities."""
    types = {}
    for e in entities:
        types.setdefault(e.name, e.type)
    out: dict[tuple[str, str, str], Relation] = {}
    for r in relations:
        if r.s == r.o or r.s not in types or r.o not in types:
            continue
        key = (r.s, r.p, r.o)
        if not (r.s_type and r.o_type):
            r = replace(r, s_type=r.s_type or types[r.s], o_type=r.o_type or types[r.o])
        if key in out:
            old = out[key]
            out[key] = replace(old, title=old.title or r.title,
                               evidence=tuple(dict.fromkeys(old.evidence + r.evidence)))
        else:
            out[key] = r
    return list(out.values())
