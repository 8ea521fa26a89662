"""The graph as one self-contained, offline HTML page for an analyst.

``write_html(G, path)`` writes a page with vis-network (the copy bundled in the pyvis
package) and the page's own script and styles inlined: it fetches nothing, so it opens from
a file on a machine without network, and a Content-Security-Policy forbids any fetch anyway.

Why not ``pyvis.Network``: ``Network.from_nx`` writes ``size``/``width`` into the caller's
attribute dicts and ``add_node``/``add_edge`` test membership in lists (quadratic), and its
page with menus loads Bootstrap from a CDN. Here the vis nodes and edges are built in one
pass over the graph, which is only read, and the page is the project's own template.

Article text reaches the page in one place, a ``<script type="application/json">`` block
whose ``<``, ``>`` and ``&`` are written as ``\\u003c`` etc., and the page's script puts it
into the document with ``textContent`` only (canvas labels for the graph itself).
"""
from __future__ import annotations

import html
import json
import logging
import math
import random
import re
from collections import deque
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

import networkx as nx

__all__ = ["write_html", "to_page_data", "neighbourhood", "districts", "find_node",
           "TYPE_STYLES", "PREDICATE_STYLES", "DISTRICT_LEVELS", "attested"]

log = logging.getLogger(__name__)

#: Look of each entity type: vis shape (one that scales with ``value``), colours, legend name.
TYPE_STYLES: Mapping[str, Mapping[str, str]] = {
    "Place": {"shape": "dot", "color": "#4e79a7", "border": "#2f4b6e", "name": "地点 Place"},
    "Organization": {"shape": "square", "color": "#f28e2b", "border": "#a85f14", "name": "机构 Organization"},
    "Person": {"shape": "triangle", "color": "#59a14f", "border": "#356b2f", "name": "人物 Person"},
    "Program": {"shape": "diamond", "color": "#b07aa1", "border": "#74506a", "name": "项目 Program"},
}
PREDICATE_STYLES: Mapping[str, Mapping[str, str]] = {
    "partOf": {"color": "#7f9cc0", "name": "隶属 partOf"},
    "locatedIn": {"color": "#e8a25e", "name": "位于 locatedIn"},
    "holdsPost": {"color": "#7fbf77", "name": "任职 holdsPost"},
    "implements": {"color": "#c79bbd", "name": "实施 implements"},
    "partners": {"color": "#d37295", "name": "合作 partners"},
}
_OTHER = {"shape": "dot", "color": "#9d9d9d", "border": "#666666", "name": "其他 other"}

#: Place levels that count as a "district" for the page's district filter (county level).
DISTRICT_LEVELS = frozenset({"county", "zone"})
#: Levels whose names are specific enough to vouch for the district above them (``attested``).
_ATTESTING = DISTRICT_LEVELS | {"township"}

#: This many entities, the best connected, keep a readable label at any zoom (page.js).
TOP_LABELS = 20

#: At most this many evidence sentences per node / per edge go into the page.
MAX_NODE_EVIDENCE = 5
MAX_EDGE_EVIDENCE = 20

_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                               "\u2028": "\\u2028", "\u2029": "\\u2029"})


# ---------------------------------------------------------------- graph → page data
def find_node(G: nx.MultiDiGraph, name: str) -> str:
    """The node whose label (else an alias, else key) is ``name``; most mentioned wins a tie.

    Raises ``LookupError`` naming the entity when nothing matches.
    """
    by_label, by_alias = [], []
    for n, d in G.nodes(data=True):
        if d.get("label") == name:
            by_label.append(n)
        elif name in (d.get("aliases") or ()):
            by_alias.append(n)
    hits = by_label or by_alias or ([name] if name in G else [])
    if not hits:
        raise LookupError(f"no entity named {name!r} in the graph (label, alias or key)")
    if len(hits) > 1:
        log.warning("%d entities named %r; focusing the most mentioned", len(hits), name)
    return max(hits, key=lambda n: (G.nodes[n].get("mentions") or 0, n))


def neighbourhood(G: nx.MultiDiGraph, centre: str, depth: int) -> set[str]:
    """Nodes within ``depth`` hops of ``centre``, edges followed in either direction."""
    seen = {centre}
    frontier = deque([(centre, 0)])
    while frontier:
        n, d = frontier.popleft()
        if d >= depth:
            continue
        for m in (*G.successors(n), *G.predecessors(n)):
            if m not in seen:
                seen.add(m)
                frontier.append((m, d + 1))
    return seen


def _targets(G: nx.MultiDiGraph, n: str, predicate: str, incoming: bool = False) -> list[str]:
    edges = G.in_edges(n, keys=True) if incoming else G.out_edges(n, keys=True)
    return [u if incoming else v for u, v, k in edges if k == predicate]


def districts(G: nx.MultiDiGraph) -> dict[str, frozenset[str]]:
    """Each node's county-level places: where it lies (places, organisations, people) or acts
    (programmes, through the places and organisations that implement them).

    A place's districts are itself if it is county level plus those of its ``partOf``
    parents; an organisation takes its ``locatedIn`` places'; a person those of the places
    and organisations it ``holdsPost`` in; a programme those of its implementers. Linear in
    the size of the graph; ``partOf`` cycles are cut.
    """
    out: dict[str, frozenset[str]] = {}
    types = nx.get_node_attributes(G, "type")

    def place(n: str) -> frozenset[str]:
        # Iterative post-order walk up partOf, so long chains cannot hit the recursion limit.
        stack, on_path = [n], {n}
        while stack:
            cur = stack[-1]
            pending = [p for p in _targets(G, cur, "partOf")
                       if types.get(p) == "Place" and p not in out and p not in on_path]
            if pending:
                stack.extend(pending)
                on_path.update(pending)
                continue
            stack.pop()
            own = {cur} if G.nodes[cur].get("level") in DISTRICT_LEVELS else set()
            for p in _targets(G, cur, "partOf"):
                own |= out.get(p, frozenset())
            out[cur] = frozenset(own)
        return out[n]

    def union(keys: Iterable[str]) -> frozenset[str]:
        return frozenset().union(*(out.get(k, frozenset()) for k in keys))

    for n, t in types.items():
        if t == "Place" and n not in out:
            place(n)
    for n, t in types.items():
        if t == "Organization":
            out[n] = union(_targets(G, n, "locatedIn"))
    for n, t in types.items():
        if t == "Person":
            out[n] = union(_targets(G, n, "holdsPost"))
        elif t == "Program":
            out[n] = union(_targets(G, n, "implements", incoming=True))
    for n in G:
        out.setdefault(n, frozenset())
    return out


def _evidence(items: Any, limit: int) -> tuple[list[dict[str, str]], int]:
    """The first ``limit`` evidence items as the panel shows them (sentence, article title,
    document and, when known, the article's date), and how many were left out."""
    items = list(items or ())
    kept = []
    for e in items[:limit]:
        item = {"sentence": str(e.get("sentence", "")), "title": str(e.get("title", "")), "doc": str(e.get("doc", ""))}
        if e.get("date"):
            item["date"] = str(e["date"])
        kept.append(item)
    return kept, len(items) - len(kept)


def _seed_positions(G: nx.MultiDiGraph, keys: list[str]) -> dict[str, tuple[int, int]]:
    """Start positions that already put neighbours near each other, so physics settles sooner.

    Each component is walked breadth-first from its best-connected node; a node starts a
    short random step away from the node that reached it. Components start spread over a
    disc. Deterministic (fixed seed) and linear in the size of the graph.
    """
    rnd = random.Random(7)
    kept = set(keys)
    pos: dict[str, tuple[int, int]] = {}
    spread = 40 * math.sqrt(len(keys) + 1)
    for root in sorted(keys, key=lambda n: -(G.in_degree(n) + G.out_degree(n))):
        if root in pos:
            continue
        r, a = spread * math.sqrt(rnd.random()), rnd.uniform(0, 2 * math.pi)
        pos[root] = (int(r * math.cos(a)), int(r * math.sin(a)))
        queue = deque([root])
        while queue:
            n = queue.popleft()
            x, y = pos[n]
            for m in (*G.successors(n), *G.predecessors(n)):
                if m in kept and m not in pos:
                    a = rnd.uniform(0, 2 * math.pi)
                    pos[m] = (int(x + 70 * math.cos(a)), int(y + 70 * math.sin(a)))
                    queue.append(m)
    return pos


def _options(n_nodes: int) -> dict[str, Any]:
    """vis-network options: a Barnes-Hut layout that stabilises, then the page turns physics off."""
    font = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
    return {
        "autoResize": True,
        "nodes": {"borderWidth": 1, "font": {"face": font, "size": 14},
                  "scaling": {"min": 8, "max": 40,
                              # labels under 8 px on screen are not drawn: the overview shows
                              # the TOP_LABELS that page.js enlarges, zooming in reveals the rest
                              "label": {"enabled": False, "drawThreshold": 8, "maxVisible": 30}}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "width": 1.2,
                  "smooth": False},
        "layout": {"improvedLayout": n_nodes <= 150, "randomSeed": 7},
        "interaction": {"hover": False, "tooltipDelay": 10 ** 6, "hideEdgesOnDrag": n_nodes > 1000},
        "physics": {
            "enabled": True, "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -4000, "springLength": 110,
                          "springConstant": 0.04, "damping": 0.3, "avoidOverlap": 0.1},
            # Start positions are seeded (_seed_positions), so big graphs need fewer steps.
            "stabilization": {"enabled": True, "iterations": max(150, min(1000, 500_000 // max(1, n_nodes))),
                              "updateInterval": 25, "fit": True},
        },
    }


def attested(G: nx.MultiDiGraph, dist: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """The districts the text vouches for: named in it, or above a place of township level or
    higher that it names.

    Why: a village name alone is often a homonym (many counties have a 西村), and its code then
    hangs it under a county the article never mentions; a district offered only through such a
    link would be a district the corpus does not talk about.
    """
    out: set[str] = set()
    for n, a in G.nodes(data=True):
        if a.get("type") == "Place" and (a.get("mentions") or 0) > 0 and a.get("level") in _ATTESTING:
            out |= dist[n]
    return frozenset(out)


def _articles(G: nx.MultiDiGraph, keys: list[str]) -> tuple[list[dict[str, Any]], dict[tuple[str, int], int]]:
    """The page's article table (doc, title, date, URL, source), in (date, doc) order, and the
    index of each (doc, article) in it. Only http(s) URLs are kept: anything else could run."""
    meta = G.graph.get("articles") or {}
    found: dict[tuple[str, int], dict[str, Any]] = {}
    for n in keys:
        for x in G.nodes[n].get("articles") or ():
            k = (str(x.get("doc", "")), int(x.get("article") or 0))
            if k not in found:
                m = meta.get(k) or {}
                url = str(m.get("url") or "")
                found[k] = {"doc": k[0], "title": str(x.get("title", "")), "date": str(m.get("date") or ""),
                            "url": url if re.match(r"https?://", url, re.I) else "",
                            "source": str(m.get("source") or ""), "loose": []}
    order = sorted(found, key=lambda k: (found[k]["date"] or "9999", k))
    return [found[k] for k in order], {k: i for i, k in enumerate(order)}


def to_page_data(G: nx.MultiDiGraph, keep: Iterable[str] | None = None,
                 focus: str | None = None) -> dict[str, Any]:
    """The JSON the page reads: nodes, edges and articles by index, legend styles, districts.

    ``keep`` limits the nodes (default all); ``focus`` is a node key the page selects once
    the layout has settled. A node with no edge on the page is ``loose``: the page keeps it
    out of the drawing (a toggle shows it) and lists it under its articles instead, which is
    where reporters from bylines belong. Reads ``G`` only.
    """
    kept = None if keep is None else set(keep)
    keys = list(G) if kept is None else [n for n in G if n in kept]
    index = {n: i for i, n in enumerate(keys)}
    dist = districts(G)
    real = attested(G, dist)
    used = sorted({d for n in keys for d in dist[n] if d in real},
                  key=lambda d: (str(G.nodes[d].get("label", d)), d))
    d_index = {d: k for k, d in enumerate(used)}
    articles, a_index = _articles(G, keys)
    edges = []
    degree = [0] * len(keys)
    for u, v, k, a in G.edges(keys=True, data=True):
        if u in index and v in index:
            ev, more = _evidence(a.get("evidence"), MAX_EDGE_EVIDENCE)
            edges.append({"from": index[u], "to": index[v], "predicate": str(a.get("predicate", k)),
                          "title": str(a.get("title") or ""), "evidence": ev, "more": more,
                          "dates": _dates(a.get("evidence"))})
            degree[index[u]] += 1
            degree[index[v]] += u != v
    nodes = []
    xy = _seed_positions(G, keys)
    for i, n in enumerate(keys):
        a = G.nodes[n]
        ev, _ = _evidence(a.get("evidence"), MAX_NODE_EVIDENCE)
        arts = sorted({a_index[(str(x.get("doc", "")), int(x.get("article") or 0))]
                       for x in a.get("articles") or ()})
        if not degree[i]:
            for j in arts:
                articles[j]["loose"].append(i)
        nodes.append({
            "key": n, "label": str(a.get("label") or n), "type": str(a.get("type", "")),
            "level": str(a.get("level") or ""), "kind": str(a.get("kind") or ""),
            "code": str(a.get("code") or ""), "aliases": [str(x) for x in a.get("aliases") or ()],
            "mentions": int(a.get("mentions") or 0), "degree": degree[i], "articles": arts,
            "evidence": ev, "districts": sorted(d_index[d] for d in dist[n] if d in d_index),
            "x": xy[n][0], "y": xy[n][1],
        })
    return {
        "nodes": nodes, "edges": edges, "articles": articles, "types": TYPE_STYLES,
        "predicates": PREDICATE_STYLES, "other": _OTHER, "options": _options(len(nodes)),
        "labels": TOP_LABELS,
        "districts": [{"key": d, "label": str(G.nodes[d].get("label", d))} for d in used],
        "focus": index.get(focus) if focus is not None else None,
    }


def _dates(items: Any) -> list[str]:
    """The distinct article dates of evidence items, ``""`` standing for an undated article."""
    return sorted({str(e.get("date") or "") for e in items or ()})


def _safe_json(data: Any) -> str:
    """JSON that cannot end a ``<script>`` element or open an HTML tag or entity."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)


# ---------------------------------------------------------------- assets and page
@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """(JS, CSS) of the newest vis-network that the installed pyvis bundles."""
    lib = resources.files("pyvis") / "lib"
    dirs = sorted((d for d in lib.iterdir() if d.name.startswith("vis-")),
                  key=lambda d: tuple(int(x) for x in re.findall(r"\d+", d.name)))
    if not dirs:
        raise RuntimeError("pyvis bundles no vis-network library (pyvis/lib/vis-*)")
    d = dirs[-1]
    js = (d / "vis-network.min.js").read_text(encoding="utf-8")
    css = (d / "vis-network.css").read_text(encoding="utf-8")
    if re.search(r"</(script|style)", js + css, re.I):
        raise RuntimeError(f"{d} cannot be inlined: it contains a closing script/style tag")
    return js, css


def _template(name: str) -> str:
    return (resources.files(__package__) / "templates" / name).read_text(encoding="utf-8")


def render_page(data: Mapping[str, Any], title: str) -> str:
    """The page's HTML text: the template with assets, script and data filled in, in one pass."""
    js, css = _vis_assets()
    parts = {"TITLE": html.escape(title), "VIS_CSS": css, "VIS_JS": js,
             "APP_JS": _template("page.js"), "DATA": _safe_json(data)}
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m[1]], _template("page.html"))


def write_html(G: nx.MultiDiGraph, path: str | Path, focus: str | None = None, depth: int = 2,
               types: Iterable[str] | None = None, max_nodes: int | None = None) -> Path:
    """Write an offline interactive page of ``G`` (or part of it) to ``path``; return the path.

    Parameters
    ----------
    G : the merged graph (``nx.MultiDiGraph`` of ``govkg.graph.merge``); only read.
    focus : a label or alias: keep the neighbourhood of that entity within ``depth`` hops
        (edges followed both ways) and select it when the page opens.
    types : entity types to keep (``Place``, ``Organization``, ``Person``, ``Program``); the
        focus entity is kept whatever its type.
    max_nodes : keep at most this many entities, the most mentioned first (the focus entity
        always stays): a browser cannot lay out a year of news at once, so a corpus page shows
        its core and says how much it leaves out.

    Raises ``LookupError`` when ``focus`` names no entity and ``ValueError`` for an unknown type.
    """
    keep: set[str] | None = None
    centre = None
    if focus:
        centre = find_node(G, focus)
        keep = neighbourhood(G, centre, max(0, depth))
    if types is not None:
        wanted = set(types)
        unknown = wanted - set(TYPE_STYLES)
        if unknown:
            raise ValueError(f"unknown entity type(s) {sorted(unknown)}; use {list(TYPE_STYLES)}")
        keep = {n for n in (G if keep is None else keep)
                if G.nodes[n].get("type") in wanted or n == centre}
    total = len(G) if keep is None else len(keep)
    if max_nodes is not None and total > max_nodes:
        keep = set(most_mentioned(G, G if keep is None else keep, max_nodes, centre))
    data = to_page_data(G, keep, centre)
    title = "govkg" + (f" · {G.nodes[centre].get('label', centre)}" if centre else "")
    if keep is not None and len(keep) < total:
        title += f" · {len(keep)} most mentioned of {total} entities"
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_page(data, title), encoding="utf-8")
    log.info("wrote %s: %d nodes, %d edges", out, len(data["nodes"]), len(data["edges"]))
    return out


def most_mentioned(G: nx.MultiDiGraph, nodes: Iterable[str], n: int, centre: str | None = None) -> list[str]:
    """The ``n`` nodes with most mentions (ties by key, so the choice is stable); ``centre`` stays."""
    ranked = sorted(nodes, key=lambda k: (k != centre, -int(G.nodes[k].get("mentions", 0) or 0), k))
    return ranked[:n]
