"""govkg.graph: facts in, graph out (merge, RDF, HTML, SPARQL) and the notebook API.

>>> from govkg.graph import build, load
>>> kg = build([])            # or build(["seeds"]); load("out") reads a built graph
>>> kg.nx.number_of_nodes(), len(kg.rdf)
(0, 0)
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import networkx as nx
from rdflib import Graph

if TYPE_CHECKING:
    import pandas

from .extraction import extract_all as _extract_all
from .merge import merge as _merge

__all__ = ["KnowledgeGraph", "build", "load"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KnowledgeGraph:
    """One built graph, two views: ``nx`` (networkx, node keys are IRI paths) and ``rdf``."""

    nx: nx.MultiDiGraph
    rdf: Graph

    def validate(self) -> tuple[bool, str]:
        """(conforms, report) of ``rdf`` against the SHACL shapes."""
        from .rdf import validate
        return validate(self.rdf)

    def sparql(self, name_or_text: str, **params: str) -> "pandas.DataFrame":
        """A saved query's name or SPARQL text → DataFrame (entities by label; pyoxigraph).

        Keyword arguments bind query parameters: ``kg.sparql("place_tree", place="岳麓区")``.
        """
        from .query import store_of, to_dataframe
        return to_dataframe(store_of(self.rdf), name_or_text, params)

    def render(self, path: str | Path = "graph.html", focus: str | None = None, depth: int = 2,
               **options: Any) -> Any:
        """Write the interactive page (``html.write_html``); in Jupyter, show it inline."""
        from .html import write_html
        out = write_html(self.nx, path, focus=focus, depth=depth, **options)
        try:
            from IPython import get_ipython
            from IPython.display import IFrame
        except ImportError:
            return out
        return IFrame(os.path.relpath(out), width="100%", height=600) if get_ipython() else out


def build(paths: Iterable[str | Path], jobs: int = 1) -> KnowledgeGraph:
    """Extract every document under ``paths`` and merge them, reading what ``govkg build``
    reads (``inputs.find_inputs``); what cannot be read is logged as a warning and skipped."""
    from .heap import bulk
    from .inputs import doc_names, find_inputs
    from .rdf import to_rdf

    found = find_inputs(paths)
    for path, reason in found.refused:
        log.warning("SKIP %s: %s", path, reason)
    xs = []
    with bulk():
        files = list(found.files)
        for path, x, reason in _extract_all(files, jobs, names=doc_names(files)):
            if x is None:
                log.warning("SKIP %s: %s", path, reason)
                continue
            for where in x.skipped:
                log.warning("SKIP %s", where)
            xs.append(x)
        G = _merge(xs)
        return KnowledgeGraph(G, to_rdf(G))


def load(source: str | Path, region: str | None = None, depth: int = 2, limit: int | None = None,
         evidence: int | None = 20) -> KnowledgeGraph:
    """A graph written by ``govkg build`` (the OUT folder or its graph.ttl), whole; or a
    region of it, or of a store of ``govkg load``, read through SPARQL.

    A store is read by region only (a country does not fit a notebook): ``region`` names the
    focus entity (``load("kg.store", region="株洲市")``), and the region is it, everything
    within ``depth`` relations of it and the places inside it; ``limit`` keeps the most
    mentioned entities (alone: a top-N); ``evidence`` caps the spans and articles read per
    entity and fact (None: all). See ``region.read_region``.
    """
    from .sources import graph_source

    src = graph_source(source)
    if src.store or region is not None or limit is not None:
        from .region import read_region
        return KnowledgeGraph(*read_region(src.path, region, depth, limit, evidence))
    from .rdf import from_rdf, parse

    g = parse(src.path)
    return KnowledgeGraph(from_rdf(g), g)
