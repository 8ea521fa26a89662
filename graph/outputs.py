"""The files a build writes from the merged graph: graph.ttl, graph.graphml and graph.html.

Each file is written whole by one process. With one job they are written one after another.
With more, where processes can fork (Linux), they are written side by side: the Turtle, the
largest and slowest, by a forked process while this one writes GraphML and the page (with
three jobs or more, GraphML gets a forked process of its own). A forked writer shares the
graph's memory and nothing else, so the files are the same bytes whatever the number of jobs.
Elsewhere (no fork) they are written one after another: copying the graph to a spawned
process would cost about as much as the writing saved.
"""
from __future__ import annotations

import json
import multiprocessing
import re
import time
from pathlib import Path
from typing import Any, Callable

import networkx as nx

from . import rdf
from .heap import can_fork, frozen

__all__ = ["write_outputs", "write_graphml", "write_page", "PAGE_NODES", "OUTPUTS"]

# How many entities the page written by ``build`` holds: browsers lay out a few thousand nodes.
PAGE_NODES = 3000
# Characters XML 1.0 cannot hold at all (written as U+FFFD).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _graphml_value(value: Any) -> Any:
    """An attribute value GraphML can hold: lists and dicts as JSON text, strings made XML-safe,
    numbers and booleans as they are (typed in the file)."""
    if isinstance(value, (list, dict, tuple)):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and _NOT_XML.search(value):
        return _NOT_XML.sub("\ufffd", value)
    return value


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> None:
    """GraphML for Gephi/Cytoscape (``networkx.read_graphml`` reads it back): list and dict
    attributes as JSON strings, edge keys as edge ids, characters XML cannot hold as U+FFFD.

    networkx's lxml writer, given a flat copy of the attributes (its writer takes only
    scalars). It streams the document, and measured as fast as a hand-written streaming
    writer within a few per cent of the end-to-end build, so there is none of our own.
    """
    flat: nx.MultiDiGraph = nx.MultiDiGraph()
    flat.add_nodes_from((n, {k: _graphml_value(v) for k, v in a.items()}) for n, a in G.nodes(data=True))
    for u, v, k, a in G.edges(keys=True, data=True):
        flat.add_edge(u, v, key=k, **{name: _graphml_value(x) for name, x in a.items()})
    nx.write_graphml_lxml(flat, str(path), encoding="utf-8", named_key_ids=False)


def write_page(G: nx.MultiDiGraph, path: str | Path) -> None:
    """The interactive page of the ``PAGE_NODES`` most mentioned entities (``html.write_html``)."""
    from .html import write_html
    write_html(G, path, max_nodes=PAGE_NODES)


Writer = Callable[[nx.MultiDiGraph, Path], Any]
# (step name the build reports, file name, writer), the slowest first.
OUTPUTS: tuple[tuple[str, str, Writer], ...] = (
    ("RDF serialisation", "graph.ttl", rdf.write_turtle),
    ("GraphML", "graph.graphml", write_graphml),
    ("HTML page", "graph.html", write_page),
)


def _write(G: nx.MultiDiGraph, out: Path, group: tuple[tuple[str, str, Writer], ...]) -> dict[str, float]:
    """Write each output of ``group`` into ``out``; return each one's seconds."""
    times = {}
    for step, name, write in group:
        t0 = time.perf_counter()
        write(G, out / name)
        times[step] = time.perf_counter() - t0
    return times


def _child(G: nx.MultiDiGraph, out: Path, group: tuple[tuple[str, str, Writer], ...], conn: Any) -> None:
    """A forked writer: write its files; send back their seconds, or why it failed."""
    try:
        conn.send(("ok", _write(G, out, group)))
    except BaseException as e:                     # noqa: BLE001 (reported by the parent)
        conn.send(("error", f"{type(e).__name__}: {e}"))
        raise


def _groups(jobs: int) -> list[tuple[tuple[str, str, Writer], ...]]:
    """The outputs cut into at most ``jobs`` groups, one per process, the last for this one."""
    if jobs <= 1:
        return [OUTPUTS]
    if jobs == 2:
        return [OUTPUTS[:1], OUTPUTS[1:]]
    return [(o,) for o in OUTPUTS]


def write_outputs(G: nx.MultiDiGraph, out: Path, jobs: int = 1) -> dict[str, float]:
    """Write graph.ttl, graph.graphml and graph.html into ``out`` (side by side with ``jobs``
    above 1, where processes can fork); return each file's seconds, by the process that wrote it.

    Raises ``RuntimeError`` naming the file when a forked writer fails.
    """
    groups = _groups(jobs if can_fork() else 1)
    if len(groups) == 1:
        return _write(G, out, groups[0])
    ctx = multiprocessing.get_context("fork")
    children = []
    times: dict[str, float] = {}
    try:
        with frozen():          # a child's collector never walks (and so never copies) the shared graph
            for group in groups[:-1]:
                recv, send = ctx.Pipe(duplex=False)
                child = ctx.Process(target=_child, args=(G, out, group, send), name=f"govkg-{group[0][1]}")
                child.start()
                send.close()
                children.append((child, recv, group))
        times.update(_write(G, out, groups[-1]))
        for child, recv, group in children:
            try:
                status, value = recv.recv()
            except EOFError:
                status, value = "error", "the writer ended without a word"
            child.join()
            if status != "ok" or child.exitcode != 0:
                names = ", ".join(str(out / name) for _, name, _ in group)
                raise RuntimeError(f"writing {names} failed: {value} (exit code {child.exitcode})")
            times.update(value)
    finally:
        for child, _, _ in children:
            if child.is_alive():
                child.terminate()
                child.join()
    return times
