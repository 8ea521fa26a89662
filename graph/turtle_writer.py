"""Turtle text of RDF blocks, written by hand: the one layout of ``rdf.write_turtle``.

A block is one subject with its (predicate, object) pairs; it is written once, its pairs
deduplicated and sorted (``rdf:type`` first), one pair a line, vocabulary IRIs as prefixed
names. rdflib's serialisers build the whole graph first and take minutes at a year of a city
paper; this writes a block at a time, and the text depends only on the order of the blocks.
A graph built from our data has no blank nodes; one read from elsewhere may, and they are
written with their rdflib labels (so such a file is not byte-stable across reads).
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Iterator, Sequence, TextIO

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from rdflib.namespace import XSD

from govkg import ontology

__all__ = ["Block", "graph_blocks", "write_blocks", "escape_iri", "escape_string"]

Block = tuple[Node, Sequence[tuple[URIRef, Node]]]   # a subject (IRI or blank node) and its (predicate, object) pairs

# Characters a Turtle string or IRI cannot hold as they are (ECHAR / UCHAR escapes).
_STRING_ESCAPES = {**{c: f"\\u{c:04X}" for c in range(0x20)}, 0x7F: "\\u007F",
                   ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
_IRI_ESCAPES = {**{c: f"\\u{c:04X}" for c in range(0x21)}, **{ord(c): f"\\u{ord(c):04X}" for c in '<>"{}|^`\\'}}
_IRI_ESCAPED = re.compile("[\x00-\x20<>\"{}|^`\\\\]")
_ESCAPED = re.compile("[\x00-\x1f\x7f\\\\\"]")
_PNAME_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_BNODE_LABEL = re.compile(r"[A-Za-z0-9_]+\Z")
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")


def escape_iri(iri: str) -> str:
    """An IRI's text as Turtle and N-Triples write it between ``<>`` (UCHAR escapes)."""
    return str.translate(iri, _IRI_ESCAPES) if _IRI_ESCAPED.search(iri) else str(iri)


def escape_string(text: str) -> str:
    """A string's text as Turtle and N-Triples write it between quotes (ECHAR/UCHAR escapes)."""
    return text.translate(_STRING_ESCAPES) if _ESCAPED.search(text) else text


class _TurtleTerms:
    """Turtle text of rdflib terms: vocabulary IRIs as prefixed names (memoised: there are
    few), data IRIs in full, strings escaped, integers bare."""

    def __init__(self) -> None:
        self.prefixes = sorted((p, str(ns)) for p, ns in ontology.PREFIXES.items())
        self.starts = tuple(ns for _, ns in self.prefixes)
        self.names: dict[Any, str] = {}
        self.literals: dict[int, tuple[Any, str]] = {}

    def iri(self, iri: str) -> str:
        # Keyed by the IRI object: the vocabulary's and the minter's are shared objects, found
        # by identity. str methods on purpose: URIRef overrides startswith.
        text = self.names.get(iri)
        if text is None:
            text = self._pname(str(iri)) if str.startswith(iri, self.starts) else \
                f"<{escape_iri(iri)}>"
            if len(self.names) < 1 << 20:
                self.names[iri] = text
        return text

    def _pname(self, iri: str) -> str:
        best = max((ns for _, ns in self.prefixes if iri.startswith(ns)), key=len)
        prefix = next(p for p, ns in self.prefixes if ns == best)
        local = iri[len(best):]
        return f"{prefix}:{local}" if _PNAME_LOCAL.match(local) else f"<{iri.translate(_IRI_ESCAPES)}>"

    def term(self, t: Any) -> str:
        if isinstance(t, URIRef):
            return self.iri(t)
        # Literals by identity (their hash is rdflib's, in Python), the object kept so that
        # its id stays its own; the describer gives the same literal objects again (``_zh``).
        hit = self.literals.get(id(t))
        if hit is not None and hit[0] is t:
            return hit[1]
        text = self._literal(t)
        if len(self.literals) < 1 << 20:
            self.literals[id(t)] = (t, text)
        return text

    def _literal(self, t: Any) -> str:
        if isinstance(t, BNode):
            label = str(t)
            return f"_:{label}" if _BNODE_LABEL.match(label) else f"_:x{label.encode('utf-8').hex()}"
        if not isinstance(t, Literal):
            raise TypeError(f"cannot write {t!r} as Turtle")
        lexical = str(t)
        quoted = f'"{escape_string(lexical)}"'
        if t.language:
            return f"{quoted}@{t.language}"
        if t.datatype == XSD.integer and _INTEGER.match(lexical):
            return lexical
        if t.datatype is not None and t.datatype != XSD.string:
            return f"{quoted}^^{self.iri(t.datatype)}"
        return quoted


def _type_first(pair: tuple[str, str]) -> tuple[bool, str, str]:
    return (pair[0] != "rdf:type", *pair)


def write_blocks(blocks: Iterable[Block], out: TextIO) -> int:
    """Write (subject, [(predicate, object)]) blocks as Turtle, prefixes first; return the
    number of triples.

    Each subject once, with its pairs deduplicated and sorted (``rdf:type`` first), one pair
    a line: the text depends only on the order of the blocks, so it is byte-stable when they
    come in a stable order, and nothing is held beyond the block in hand.
    """
    terms = _TurtleTerms()
    out.write("".join(f"PREFIX {p}: <{ns}>\n" for p, ns in terms.prefixes) + "\n")
    n, iri, term, known = 0, terms.iri, terms.term, terms.names
    for s, po in blocks:
        # predicates are all known after the first few subjects: looked up here, without a call
        lines = sorted({(known.get(p) or iri(p), term(o)) for p, o in po}, key=_type_first)
        out.write(f"{term(s)}\n    " + " ;\n    ".join([f"{'a' if p == 'rdf:type' else p} {o}" for p, o in lines])
                  + " .\n\n")
        n += len(lines)
    return n


def graph_blocks(g: Graph) -> Iterator[Block]:
    """The blocks of an rdflib graph, subjects sorted (IRIs, then blank nodes)."""
    for s in sorted(set(g.subjects()), key=lambda s: (isinstance(s, BNode), str(s))):
        yield s, [(p, o) for p, o in g.predicate_objects(s) if isinstance(p, URIRef)]    # RDF predicates are IRIs
