"""The files a build writes from the merged graph: graph.ttl, graph.graphml and graph.html.

On one core they are written one after another. With more jobs (where processes can fork)
they are written by this process and ``jobs - 1`` forked ones, which share the graph's
memory: the Turtle, by far the largest, is cut into parts (:class:`rdf.TurtleParts`) that
the processes take from shared counters as they come free. The first forked one collects
what the graph cites and writes those parts first; this process writes GraphML and the page
first; everyone then takes what is left. The parts are joined behind the header. The bytes
do not depend on the number of jobs.
"""
from __future__ import annotations

import json
import multiprocessing
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import networkx as nx

from . import rdf
from .heap import frozen

__all__ = ["write_outputs", "write_graphml", "PAGE_NODES"]

# How many entities the page written by ``build`` holds: browsers lay out a few thousand nodes.
PAGE_NODES = 3000
# Turtle parts per process: enough that the last ones to finish end close together.
PARTS_PER_JOB = 8


_GRAPHML_TYPES = ((bool, "boolean"), (int, "long"), (float, "double"))     # bool first: it is an int
# Characters XML 1.0 cannot hold at all (written as U+FFFD).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _graphml_type(value: Any) -> str:
    return next((name for t, name in _GRAPHML_TYPES if isinstance(value, t)), "string")


def _xml(text: str, attribute: bool = False) -> str:
    """``text`` escaped for XML character data, or with ``attribute`` for a quoted attribute.
    (``str.replace`` per character, not ``str.translate``: several times faster on long text.)"""
    if "&" in text:
        text = text.replace("&", "&amp;")
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return _NOT_XML.sub("\ufffd", text) if _NOT_XML.search(text) else text


def _graphml_text(value: Any) -> str:
    """An attribute value as GraphML data: lists and dicts as JSON, booleans as XML writes them."""
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    return _xml(str(value))


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> None:
    """GraphML for Gephi/Cytoscape (``networkx.read_graphml`` reads it back): list and dict
    attributes as JSON strings, edge keys as edge ids.

    Streamed, element by element: networkx's writer builds the whole document as an
    ElementTree first, which at a year of a city paper took more time than the rest of the
    file's writing and held hundreds of megabytes of XML elements.
    """
    keys: dict[tuple[str, str], str] = {}               # (node|edge, attribute) → GraphML type
    for kind, items in (("node", (a for _, a in G.nodes(data=True))),
                        ("edge", (a for *_, a in G.edges(keys=True, data=True)))):
        for attrs in items:
            for name, value in attrs.items():
                keys.setdefault((kind, name), _graphml_type(value))
    ids = {k: f"d{i}" for i, k in enumerate(keys)}
    with open(path, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as f:
        f.write("<?xml version='1.0' encoding='utf-8'?>\n"
                '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
        for (kind, name), type_ in keys.items():
            f.write(f'  <key id="{ids[kind, name]}" for="{kind}" attr.name="{_xml(name, True)}" '
                    f'attr.type="{type_}" />\n')
        f.write('  <graph edgedefault="directed">\n')

        def data(kind: str, attrs: dict[str, Any]) -> str:
            return "".join(f'      <data key="{ids[kind, name]}">{_graphml_text(value)}</data>\n'
                           for name, value in attrs.items())
        for n, attrs in G.nodes(data=True):
            f.write(f'    <node id="{_xml(str(n), True)}">\n{data("node", attrs)}    </node>\n')
        for u, v, k, attrs in G.edges(keys=True, data=True):
            f.write(f'    <edge source="{_xml(str(u), True)}" target="{_xml(str(v), True)}" '
                    f'id="{_xml(str(k), True)}">\n{data("edge", attrs)}    </edge>\n')
        f.write("  </graph>\n</graphml>\n")


def _timed(f: Callable[..., Any], *a: Any, **k: Any) -> float:
    t0 = time.perf_counter()
    f(*a, **k)
    return time.perf_counter() - t0


def _part_path(folder: Path, part: int) -> Path:
    return folder / f"{part:06d}.ttl"


@dataclass(frozen=True)
class _Shared:
    """What the Turtle writers share across processes (fork-inherited ``multiprocessing``
    values): the next entity part and the next cited part to take, and how many cited parts
    there are (-1 until a writer has collected the citations)."""

    entity: Any
    cited: Any
    cited_parts: Any

    @classmethod
    def make(cls, ctx: Any) -> "_Shared":
        return cls(ctx.Value("l", 0), ctx.Value("l", 0), ctx.Value("l", -1))


def _take(counter: Any, limit: int) -> int | None:
    with counter.get_lock():
        n = counter.value
        if n >= limit:
            return None
        counter.value = n + 1
        return n


def _write_parts(parts: rdf.TurtleParts, shared: _Shared, folder: Path, cited_first: bool) -> float:
    """Take parts until none is left and write each to its own file; return the seconds.

    One writer (``cited_first``) collects the citations at once and writes the cited parts,
    then entity parts; the others write entity parts, then help with the cited ones if at
    least two are still to be taken (collecting the citations costs about as much as two).
    """
    t0, state = time.perf_counter(), parts.state()

    def write(part: int) -> None:
        with open(_part_path(folder, part), "w", encoding="utf-8", newline="\n", buffering=1 << 20) as f:
            parts.write(part, f, state)

    def cited() -> None:
        count = parts.cite()
        shared.cited_parts.value = count
        while (j := _take(shared.cited, count)) is not None:
            write(parts.entity_parts + j)

    def entities() -> None:
        while (i := _take(shared.entity, parts.entity_parts)) is not None:
            write(i)

    if cited_first:
        cited()
        entities()
    else:
        entities()
        count = shared.cited_parts.value
        if count < 0 or count - shared.cited.value >= 2:
            cited()
    return time.perf_counter() - t0


def _part_writer(parts: rdf.TurtleParts, shared: _Shared, folder: Path, cited_first: bool, conn: Any) -> None:
    """Forked process: write parts; send back the seconds it took, or why it failed."""
    try:
        conn.send(("ok", _write_parts(parts, shared, folder, cited_first)))
    except BaseException as e:                     # noqa: BLE001 (reported by the parent)
        conn.send(("error", f"{type(e).__name__}: {e}"))
        raise


def _join_parts(parts: rdf.TurtleParts, count: int, folder: Path, path: Path) -> None:
    """The header and the ``count`` parts, in order, as one file."""
    with open(path, "wb") as out:
        out.write(parts.header().encode("utf-8"))
        for part in range(count):
            with open(_part_path(folder, part), "rb") as f:
                shutil.copyfileobj(f, out, 1 << 20)


def _write_turtle_forked(G: nx.MultiDiGraph, out: Path, jobs: int, others: list[tuple[str, Callable[[], Any]]]
                         ) -> dict[str, float]:
    """graph.ttl by this process and ``jobs - 1`` forked ones; ``others`` run here first."""
    ctx = multiprocessing.get_context("fork")
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    parts = rdf.TurtleParts(G, PARTS_PER_JOB * jobs)
    plan = time.perf_counter() - t0
    folder = out / ".graph.ttl.parts"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    shared = _Shared.make(ctx)
    children = []
    try:
        # no gc.collect() first: it walks the whole heap (half a second at 500x), finding nothing
        with frozen():               # the children's collector leaves the shared graph's pages alone
            for i in range(jobs - 1):
                recv, send = ctx.Pipe(duplex=False)
                child = ctx.Process(target=_part_writer, args=(parts, shared, folder, i == 0, send),
                                    name=f"govkg-turtle-{i}")
                child.start()
                send.close()
                children.append((child, recv))
        for name, write in others:
            times[name] = _timed(write)
        seconds = [_write_parts(parts, shared, folder, cited_first=not children)]
        for child, recv in children:
            try:
                status, value = recv.recv()
            except EOFError:
                status, value = "error", "the writer ended without a word"
            child.join()
            if status != "ok" or child.exitcode != 0:
                raise RuntimeError(f"writing {out / 'graph.ttl'} failed: {value} (exit code {child.exitcode})")
            seconds.append(value)
        t1 = time.perf_counter()
        _join_parts(parts, parts.entity_parts + shared.cited_parts.value, folder, out / "graph.ttl")
        # the processes' seconds added up: the work, comparable with one process writing it all
        times["RDF serialisation"] = plan + sum(seconds) + time.perf_counter() - t1
    finally:
        for child, _ in children:
            if child.is_alive():
                child.terminate()
                child.join()
        shutil.rmtree(folder, ignore_errors=True)
    return times


def write_outputs(G: nx.MultiDiGraph, out: Path, jobs: int = 1) -> dict[str, float]:
    """Write graph.ttl, graph.graphml and graph.html into ``out``; return each one's seconds
    (for the Turtle written by several processes: their seconds added up)."""
    from .html import write_html
    others: list[tuple[str, Callable[[], Any]]] = [
        ("GraphML", lambda: write_graphml(G, out / "graph.graphml")),
        ("HTML page", lambda: write_html(G, out / "graph.html", max_nodes=PAGE_NODES))]
    if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        return _write_turtle_forked(G, out, jobs, others)
    times = {"RDF serialisation": _timed(rdf.write_turtle, G, out / "graph.ttl")}
    times.update((name, _timed(write)) for name, write in others)
    return times
