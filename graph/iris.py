"""The IRIs of a graph's data: nodes, documents, articles, quoted spans, posts, facts and the
corrections file a build applied, all under one base (``ontology.base``).

Kept apart from ``rdf`` (which describes the graph with them) so that the one place that
spells an IRI is short enough to read at a glance.
"""
from __future__ import annotations

from typing import Any, Callable

from rdflib import URIRef

from .keys import segment

__all__ = ["Minter"]


class Minter:
    """IRIs of the data: nodes, documents, articles, spans, posts, facts and corrections.

    Each IRI is made once and then given again (the same object): most are cited many
    times, and the Turtle writer keeps the text of each IRI object it has written."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._made: dict[Any, URIRef] = {}

    def _iri(self, key: Any, text: Callable[[], str]) -> URIRef:
        iri = self._made.get(key)
        if iri is None:
            iri = self._made[key] = URIRef(text())
        return iri

    def node(self, key: str) -> URIRef:
        return self._iri(key, lambda: self.base + key)

    def doc(self, doc: str) -> URIRef:
        return self._iri(("doc", doc), lambda: f"{self.base}doc/{segment(doc)}")

    def article(self, doc: str, index: int) -> URIRef:
        return self._iri((doc, index), lambda: f"{self.doc(doc)}/article/{index}")

    def span(self, doc: str, index: int, start: int, end: int) -> URIRef:
        """A quoted span, under its article (a feed's offsets count from its record's text)."""
        return self._iri((doc, index, start, end), lambda: f"{self.article(doc, index)}/span/{start}-{end}")

    def post(self, org_key: str, title: str) -> URIRef:
        return self._iri(("post", org_key, title), lambda: f"{self.base}post/{org_key}/{segment(title)}")

    def fact(self, p: str, s: str, o: str) -> URIRef:
        return URIRef(f"{self.base}fact/{p}/{s}/{o}")

    def corrections(self, sha256: str) -> URIRef:
        """The corrections file a build applied, named by its hash (no path, no time)."""
        return self._iri(("corrections", sha256), lambda: f"{self.base}corrections/{sha256}")
