"""An analyst's corrections to the built graph, kept in a file so that they last.

A graph is rebuilt from the documents whenever one is added, so a fix made by hand in the
output would be lost at the next build. ``govkg build PATHS -o OUT --corrections FILE``
applies the file to the merged graph every time instead, after ``merge`` and before the
outputs are written, and records the file's SHA-256 in the RDF (``gov:Corrections``).

The file is CSV with a header row, one correction a row, described by ``FORMAT_HELP`` below
(what ``govkg build --help`` prints). It is read as UTF-8 with or without a BOM, or as
GB18030, which is what Excel saves on Chinese Windows. Rows name entities as the build made
them, before any correction, so what a row means does not depend on the other rows; the
rows are applied in the order of ``ACTIONS`` whatever their order in the file, so moving
rows about never changes the graph.

A row that cannot be read, that names nothing (stale), more than one entity (ambiguous), or
that contradicts another row is a :class:`Problem` (``FILE:LINE: why``); the others apply.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .keys import TYPE_PREFIX, evidence_order, node_key, normalise

if TYPE_CHECKING:                   # cli imports this module to build its help: kept light
    import networkx as nx

__all__ = ["ACTIONS", "COLUMNS", "FORMAT_HELP", "add_option", "Correction", "Corrections", "CorrectionsError", "Problem",
           "parse_corrections", "read_corrections", "apply_corrections"]

# The order corrections are applied in: identity first (merge, code), then structure, then
# names, then removals, so that a removal never leaves a later row nothing to act on.
ACTIONS = ("merge", "code", "parent", "rename", "alias", "drop_relation", "drop")
COLUMNS = ("action", "entity", "target", "value")
NOTE = "note"
PREDICATES = ("partOf", "locatedIn", "holdsPost", "implements", "partners")
# What each action needs besides ``entity``.
_NEEDS = {"merge": "target", "code": "value", "parent": "target", "rename": "value", "alias": "value",
          "drop_relation": "target", "drop": ""}
# Actions of which an entity can take one value only: two rows that differ are a contradiction.
_SINGLE = ("merge", "code", "parent", "rename")
_TYPE_NAMES = {**{t.lower(): t for t in TYPE_PREFIX}, **{p: t for t, p in TYPE_PREFIX.items()}}
_PREFIX_TYPE = {p: t for t, p in TYPE_PREFIX.items()}
_TYPED_NAME = re.compile(r"([A-Za-z]+)\s*[:：]\s*(.+)\Z", re.S)
_CODE = re.compile(r"[0-9]{12}\Z")

FORMAT_HELP = """\
Corrections (--corrections FILE): CSV with a header row, columns action,entity,target,value
(and an optional note, not read); rows starting with # are skipped. An entity is a node key
(place/430203000000, the id of 'govkg export') or Type:name (Place:芦淞区) naming one entity.
Actions, applied in this order whatever the order of the rows:
  merge          ENTITY into TARGET (TARGET's key; ENTITY's name kept as an alias)
  code           set a place's 12-digit division code VALUE (its key becomes place/VALUE;
                 the keys of places below it stay, and no parent is added: use parent)
  parent         ENTITY is part of place TARGET (replaces its partOf relations)
  rename         ENTITY's name becomes VALUE (the old one kept as an alias)
  alias          add VALUE as an alias of ENTITY
  drop_relation  remove ENTITY -VALUE-> TARGET (VALUE a predicate; empty: all between them)
  drop           remove ENTITY and its relations
Rows name entities as the build made them, before any correction. A row that is stale
(names nothing), ambiguous, unreadable or contradicts another is reported on stderr as
FILE:LINE: why and left out; the graph is written with the other corrections and the build
exits 1. The file's SHA-256 is recorded in graph.ttl (gov:Corrections).
Example file:
  action,entity,target,value,note
  merge,Program:楼栋议事厅,program/楼栋议事会,,two spellings of one programme
  code,place/430104001000/青枫村,,430104001001,
  parent,Place:红枫村,Place:圭塘街道,,
  rename,Organization:圭塘街道办事处,,雨花区圭塘街道办事处,
  alias,Place:望月湖街道,,望月湖,
  drop_relation,Place:圭塘街道,org/430111000000/雨花区民政局,partners,
  drop,Person:骆云舟,,,"""


def add_option(build: argparse.ArgumentParser) -> None:
    """``--corrections FILE`` on the ``govkg build`` parser, and the file format in its help."""
    build.add_argument("--corrections", metavar="FILE", help="CSV of corrections applied to the merged graph "
                       "on every build (format below); rows that do not apply are reported as FILE:LINE and the "
                       "build exits 1, the graph written with the others")
    build.epilog = f"{build.epilog or ''}\n\n{FORMAT_HELP}"


class CorrectionsError(ValueError):
    """The file cannot be read as corrections at all (no usable header, not text)."""


@dataclass(frozen=True)
class Correction:
    """One row of the file: ``entity``/``target`` as written, or node keys once resolved."""

    line: int
    action: str
    entity: str
    target: str = ""
    value: str = ""


@dataclass(frozen=True)
class Problem:
    """A row left out, and why; printed as ``FILE:LINE: why`` (what an editor jumps to)."""

    path: str
    line: int
    why: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.why}"


@dataclass(frozen=True)
class Corrections:
    """A corrections file read: its rows, the rows that could not be read, and its SHA-256
    (what the RDF records, so a graph says which corrections made it)."""

    path: str
    sha256: str
    entries: tuple[Correction, ...]
    problems: tuple[Problem, ...] = ()


# ---------------------------------------------------------------- reading
def read_corrections(path: str | Path) -> Corrections:
    """The corrections in the file ``path`` (``OSError`` when it cannot be opened)."""
    return parse_corrections(Path(path).read_bytes(), str(path))


def _decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise CorrectionsError(f"{path}: not UTF-8 or GB18030 text") from None


def _header(cells: list[str], path: str, line: int) -> list[str]:
    names = [c.lower() for c in cells]
    unknown = [n for n in names if n not in (*COLUMNS, NOTE)]
    if unknown or "action" not in names or "entity" not in names:
        raise CorrectionsError(f"{path}:{line}: the header must name the columns {','.join(COLUMNS)} "
                               f"(and {NOTE}); found {','.join(cells)}")
    return names


def _entry(row: dict[str, str], line: int) -> Correction | str:
    """The correction of one row, or why it cannot be one."""
    action = re.sub(r"[\s-]+", "_", row.get("action", "").lower())
    c = Correction(line, action, row.get("entity", ""), row.get("target", ""), row.get("value", ""))
    if action not in ACTIONS:
        return f"unknown action {row.get('action', '')!r} (one of {', '.join(ACTIONS)})"
    if not c.entity:
        return f"{action} needs an entity"
    need = _NEEDS[action]
    if need and not getattr(c, need):
        return f"{action} needs a {need}"
    if action == "code" and not _CODE.match(c.value):
        return f"code {c.value!r} is not a 12-digit division code"
    if action == "drop_relation" and c.value and c.value not in PREDICATES:
        return f"drop_relation: {c.value!r} is not a predicate ({', '.join(PREDICATES)})"
    return c


def parse_corrections(data: bytes, path: str = "corrections") -> Corrections:
    """The corrections in ``data``, the bytes of a CSV file called ``path`` in messages.

    >>> c = parse_corrections("action,entity,value\\nrename,Place:望月湖街道,望月湖\\nfix,x,\\n".encode())
    >>> c.entries
    (Correction(line=2, action='rename', entity='Place:望月湖街道', target='', value='望月湖'),)
    >>> [str(p) for p in c.problems]
    ["corrections:3: unknown action 'fix' (one of merge, code, parent, rename, alias, drop_relation, drop)"]
    """
    reader = csv.reader(io.StringIO(_decode(data, path), newline=""))
    header: list[str] | None = None
    entries: list[Correction] = []
    problems: list[Problem] = []
    last = 0
    for cells in reader:
        line, last = last + 1, reader.line_num          # a row's first line (a quoted cell may span lines)
        cells = [c.strip() for c in cells]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if header is None:
            header = _header(cells, path, line)
            continue
        entry = _entry(dict(zip(header, cells)), line)
        if isinstance(entry, str):
            problems.append(Problem(path, line, entry))
        else:
            entries.append(entry)
    if header is None:
        raise CorrectionsError(f"{path}: empty; a header row {','.join(COLUMNS)} comes first")
    return Corrections(path, hashlib.sha256(data).hexdigest(), tuple(entries), tuple(problems))


# ---------------------------------------------------------------- naming entities
class _Names:
    """Node keys by (type, normalised name) and by (type, normalised alias), of the graph as
    built: ``Type:name`` is looked up here."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.labels: dict[tuple[str, str], list[str]] = {}
        self.aliases: dict[tuple[str, str], list[str]] = {}
        for key, a in sorted(G.nodes(data=True)):
            t = a.get("type", "")
            self.labels.setdefault((t, normalise(a.get("label", ""))), []).append(key)
            for alias in a.get("aliases", ()):
                self.aliases.setdefault((t, normalise(alias)), []).append(key)

    def find(self, G: nx.MultiDiGraph, ref: str) -> tuple[str, str]:
        """(node key, "") of the entity ``ref`` names, or ("", why not)."""
        if ref in G:
            return ref, ""
        if ref.split("/", 1)[0] in _PREFIX_TYPE and "/" in ref:
            return "", f"stale: no entity {ref} in the graph"
        m = _TYPED_NAME.match(ref)
        type_ = _TYPE_NAMES.get(m.group(1).lower()) if m else None
        if m is None or type_ is None:
            return "", (f"{ref!r} is neither a node key (place/…, org/…) nor Type:name "
                        f"({', '.join(TYPE_PREFIX)})")
        name = normalise(m.group(2))
        keys = self.labels.get((type_, name)) or self.aliases.get((type_, name)) or []
        if not keys:
            return "", f"stale: no {type_} named {m.group(2)} in the graph"
        if len(keys) > 1:
            shown = ", ".join(keys[:3]) + (", …" if len(keys) > 3 else "")
            return "", f"ambiguous: {ref} names {len(keys)} entities ({shown}); name it by its key"
        return keys[0], ""


def _check(G: nx.MultiDiGraph, c: Correction) -> str:
    """Why a resolved correction cannot apply to the graph as built ("" when it can)."""
    a = G.nodes[c.entity]
    b = G.nodes[c.target] if c.target else {}
    if c.action in ("code", "parent") and a.get("type") != "Place":
        return f"{c.action}: {c.entity} is a {a.get('type')}, not a Place"
    if c.action == "parent" and b.get("type") != "Place":
        return f"parent: {c.target} is a {b.get('type')}, not a Place"
    if c.action in ("merge", "parent") and c.entity == c.target:
        return f"{c.action}: {c.entity} and the target are the same entity"
    if c.action == "merge" and a.get("type") != b.get("type"):
        return f"merge: {c.entity} is a {a.get('type')} and {c.target} a {b.get('type')}"
    if c.action == "drop_relation" and not any(
            p == (c.value or p) for p in G.get_edge_data(c.entity, c.target, default={})):
        return f"stale: no {c.value or 'relation'} from {c.entity} to {c.target} in the graph"
    return ""


def _resolve(G: nx.MultiDiGraph, c: Correction, names: _Names) -> Correction | str:
    """The correction with node keys for ``entity`` and ``target``, or why it cannot apply."""
    entity, why = names.find(G, c.entity)
    if why:
        return why
    target = ""
    if c.target:
        target, why = names.find(G, c.target)
        if why:
            return why
    resolved = replace(c, entity=entity, target=target)
    return _check(G, resolved) or resolved


def _contradictions(steps: list[Correction], path: str) -> tuple[list[Correction], list[Problem]]:
    """Rows that give one entity two different values of a one-value action (two names, two
    codes, two parents, merged into two) are all left out: which one was meant is not known,
    and picking by row order would make the graph depend on it. Repeats are kept once."""
    by: dict[tuple[str, str], dict[tuple[str, str], int]] = {}
    for c in steps:
        by.setdefault((c.action, c.entity), {}).setdefault((c.target, c.value), c.line)
    keep, problems, seen = [], [], set()
    for c in steps:
        values = by[(c.action, c.entity)]
        if c.action in _SINGLE and len(values) > 1:
            others = sorted(line for line in values.values() if line != c.line)
            problems.append(Problem(path, c.line, f"contradicts line {', '.join(map(str, others))}: "
                                                  f"{c.action} {c.entity} twice, differently"))
        elif (c.action, c.entity, c.target, c.value) not in seen:
            seen.add((c.action, c.entity, c.target, c.value))
            keep.append(c)
    return keep, problems


# ---------------------------------------------------------------- changing the graph
def _union_evidence(*lists: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evidence items of several lists, one per span, in evidence order (as ``merge`` keeps them)."""
    out: dict[tuple, dict[str, Any]] = {}
    for e in sorted((e for items in lists for e in items), key=evidence_order):
        out.setdefault((e["doc"], e["article"], e["start"], e["end"]), e)
    return list(out.values())


def _join_attrs(dst: dict[str, Any], src: dict[str, Any]) -> None:
    """``src``'s names, evidence and articles added to ``dst``; its level, kind or code fill
    only what ``dst`` lacks."""
    dst["aliases"] = sorted((set(dst.get("aliases", ())) | set(src.get("aliases", ())) | {src["label"]})
                            - {dst["label"]})
    dst["evidence"] = _union_evidence(dst.get("evidence", ()), src.get("evidence", ()))
    arts = {(x["doc"], x["article"], x["title"]) for x in (*dst.get("articles", ()), *src.get("articles", ()))}
    dst["articles"] = [{"doc": d, "article": i, "title": t} for d, i, t in sorted(arts)]
    dst["mentions"] = len(dst["evidence"])                 # what merge counts
    for k in ("level", "kind", "code"):
        if src.get(k) and not dst.get(k):
            dst[k] = src[k]


def _join_edge(G: nx.MultiDiGraph, u: str, v: str, p: str, attrs: dict[str, Any]) -> None:
    """Add the relation ``u p v``, joined with the one already there: all evidence, all titles."""
    if not G.has_edge(u, v, key=p):
        G.add_edge(u, v, key=p, **attrs)
        return
    cur = G.edges[u, v, p]
    cur["evidence"] = _union_evidence(cur.get("evidence", ()), attrs.get("evidence", ()))
    if cur["evidence"]:
        cur["source"] = "text"
    if p == "holdsPost":
        titles = (cur.get("title", ""), attrs.get("title", ""))
        cur["title"] = "、".join(sorted({t for s in titles for t in s.split("、") if t}))


def _absorb(G: nx.MultiDiGraph, src: str, dst: str) -> None:
    """Node ``src`` becomes (part of) node ``dst``: attributes joined, relations moved (a
    relation between the two dropped), ``src`` removed."""
    if dst in G:
        _join_attrs(G.nodes[dst], G.nodes[src])
    else:
        G.add_node(dst, **G.nodes[src])
    for _, v, p, attrs in list(G.out_edges(src, keys=True, data=True)):
        if v not in (src, dst):
            _join_edge(G, dst, v, p, attrs)
    for u, _, p, attrs in list(G.in_edges(src, keys=True, data=True)):
        if u not in (src, dst):
            _join_edge(G, u, dst, p, attrs)
    G.remove_node(src)


def _where(moved: dict[str, str], key: str) -> str:
    """Where an entity is now, after the merges and re-codings before."""
    while key in moved:
        key = moved[key]
    return key


def _merge(G: nx.MultiDiGraph, c: Correction, moved: dict[str, str]) -> str:
    a, b = _where(moved, c.entity), _where(moved, c.target)
    if a != b:
        _absorb(G, a, b)
        moved[a] = b
    return ""


def _code(G: nx.MultiDiGraph, c: Correction, moved: dict[str, str]) -> str:
    a, key = _where(moved, c.entity), node_key("Place", "", c.value)
    G.nodes[a]["code"] = c.value
    if key != a:
        _absorb(G, a, key)
        moved[a] = key
    return ""


def _parent(G: nx.MultiDiGraph, c: Correction, moved: dict[str, str]) -> str:
    a, t = _where(moved, c.entity), _where(moved, c.target)
    if a == t:
        return f"parent: {c.entity} and {c.target} were merged into one entity"
    for _, v, p in list(G.out_edges(a, keys=True)):
        if p == "partOf" and v != t:
            G.remove_edge(a, v, key=p)
    if not G.has_edge(a, t, key="partOf"):
        G.add_edge(a, t, key="partOf", predicate="partOf", evidence=[], source="correction")
    return ""


def _rename(G: nx.MultiDiGraph, c: Correction, moved: dict[str, str]) -> str:
    node = G.nodes[_where(moved, c.entity)]
    if node["label"] != c.value:
        node["aliases"] = sorted((set(node.get("aliases", ())) | {node["label"]}) - {c.value})
        node["label"] = c.value
    return ""


def _alias(G: nx.MultiDiGraph, c: Correction, moved: dict[str, str]) -> str:
    node = G.nodes[_where(moved, c.entity)]
    if c.value != node["label"]:
        node["aliases"] = sorted(set(node.get("aliases", ())) | {c.value})
    return ""


def _drop_relation(G: nx.MultiDiGraph, c: Correction, moved: dict[str, str]) -> str:
    """The relation was there when the row was resolved; if a merge, a parent or another row
    has removed it since, it is gone, which is what the row asks."""
    s, o = _where(moved, c.entity), _where(moved, c.target)
    for p in [p for p in G.get_edge_data(s, o, default={}) if p == (c.value or p)]:
        G.remove_edge(s, o, key=p)
    return ""


def _drop(G: nx.MultiDiGraph, c: Correction, moved: dict[str, str]) -> str:
    a = _where(moved, c.entity)
    if a in G:
        G.remove_node(a)
    return ""


_APPLY: dict[str, Callable[[nx.MultiDiGraph, Correction, dict[str, str]], str]] = {
    "merge": _merge, "code": _code, "parent": _parent, "rename": _rename, "alias": _alias,
    "drop_relation": _drop_relation, "drop": _drop}


def apply_corrections(G: nx.MultiDiGraph, fixes: Corrections) -> list[Problem]:
    """Apply ``fixes`` to the merged graph ``G`` in place (a copy of a year's graph would
    double the build's memory); return the rows left out, in line order.

    Every row is resolved against the graph as built, then the rows are applied in the order
    of ``ACTIONS`` (within an action, sorted by their content), so neither the order of the
    rows nor that of the documents changes the result. The file's SHA-256 goes into
    ``G.graph["corrections"]``, for the RDF.
    """
    G.graph["corrections"] = {"sha256": fixes.sha256}
    names = _Names(G)
    steps, problems = [], list(fixes.problems)
    for c in fixes.entries:
        resolved = _resolve(G, c, names)
        if isinstance(resolved, str):
            problems.append(Problem(fixes.path, c.line, resolved))
        else:
            steps.append(resolved)
    steps, contradicting = _contradictions(steps, fixes.path)
    problems += contradicting
    moved: dict[str, str] = {}
    for c in sorted(steps, key=lambda c: (ACTIONS.index(c.action), c.entity, c.target, c.value, c.line)):
        why = _APPLY[c.action](G, c, moved)
        if why:
            problems.append(Problem(fixes.path, c.line, why))
    return sorted(problems, key=lambda p: (p.line, p.why))
