"""What the entities and facts of a graph cite: documents, articles, quoted spans and posts,
each described once in the RDF (``rdf.describe``) after all entities and facts.

A module of its own so that a distributed build (``distributed``) can note the citations of
one partition of documents with the same rules as the embedded build.
"""
from __future__ import annotations

from typing import Any, Iterable

import networkx as nx

__all__ = ["Cited"]


class Cited:
    """The documents, articles, quoted spans and posts that entities and facts cite.

    Many entities and facts cite each of them, so they are described once, after all
    entities and facts: noted here (by key, first sentence and last title winning, as
    ``Graph.add``/``Graph.set`` would), in the order ``describe`` visits the graph. Spans are
    kept by document, so that sorting them compares offsets, not document names.
    """

    def __init__(self) -> None:
        self.docs: set[str] = set()
        self.articles: dict[tuple[str, int], str] = {}
        self.spans: dict[str, dict[tuple[int, int, int], str]] = {}
        self.posts: set[tuple[str, str]] = set()

    def note(self, arts: Iterable[dict[str, Any]], evidence: Iterable[dict[str, Any]]) -> None:
        """The articles an entity is mentioned in, and the documents or spans of its evidence
        (articles are items of a node's ``articles``; evidence items name their article too)."""
        docs, articles, spans = self.docs, self.articles, self.spans
        for item in (*arts, *evidence):
            doc, index = item["doc"], item["article"]
            docs.add(doc)
            if index < 0:
                continue
            title, key = item.get("title"), (doc, index)
            if title:
                articles[key] = title
            elif key not in articles:
                articles[key] = ""
            if "start" in item:
                in_doc = spans.get(doc)
                if in_doc is None:
                    in_doc = spans[doc] = {}
                in_doc.setdefault((index, item["start"], item["end"]), item.get("sentence", ""))

    def hold(self, v: str, p: str, ea: dict[str, Any]) -> None:
        """The posts in organisation ``v`` an edge (``holdsPost``, attributes ``ea``) names."""
        if p == "holdsPost":
            self.posts.update((v, title) for title in filter(None, ea.get("title", "").split("、")))

    @classmethod
    def of(cls, G: nx.MultiDiGraph, nodes: Iterable[str], edges: Iterable[tuple[str, str, str]]) -> "Cited":
        """What the entities ``nodes`` and the facts ``edges`` cite, noted in that order."""
        cited = cls()
        for key in nodes:
            cited.note(G.nodes[key].get("articles", ()), G.nodes[key].get("evidence", ()))
            for _, v, p, ea in G.out_edges(key, keys=True, data=True):
                cited.hold(v, p, ea)
        for e in edges:
            cited.note((), G.edges[e].get("evidence", ()))
        return cited

    def sections(self) -> list[tuple[str, list[Any]]]:
        """(kind, sorted items) of what was cited, in the order they are written."""
        spans = [((doc, index, start, end), v) for doc in sorted(self.spans)
                 for (index, start, end), v in sorted(self.spans[doc].items())]
        return [("post", sorted(self.posts)), ("doc", sorted(self.docs)),
                ("article", sorted(self.articles.items())), ("span", spans)]
