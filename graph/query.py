"""SPARQL 1.1 over a built graph, on pyoxigraph: the ``govkg query`` verb and the notebook's ``kg.sparql``.

rdflib stays the build library; pyoxigraph answers queries (tens of times faster, and a
persistent store folder is built once and opened read-only by any number of readers).

A *graph* to query is one of: a ``graph.ttl``, an OUT folder of ``govkg build`` (its
``graph.ttl``), or a persistent store folder made by ``govkg load`` (``store.load``) or ``load_store`` (``govkg build --store``).

Saved queries live in ``ontology/queries/NAME.rq``. Their header comments say what they do:

* the first comment line is the description (``govkg query --list`` prints it);
* ``# param NAME=DEFAULT  what it is`` declares a parameter (``# param NAME  what it is``: one
  without a default, which must be given).

**Parameters** are variables the query *projects*; ``--param place=岳麓区`` (CLI) or
``kg.sparql("place_tree", place="岳麓区")`` binds ``?place`` to the plain literal "岳麓区"
before evaluation (SEP-0007 substitution, pyoxigraph's ``substitutions=``), so the query sees
it everywhere, FILTERs included; a value written ``<http://…>`` binds an IRI. A declared
parameter that is not given takes its default; one without a default is an error. Queries compare names with ``str(?label) =
?place`` because labels are ``@zh`` literals.

**Limits.** pyoxigraph cannot stop a query once started, and a cross product grows by
hundreds of megabytes a second. ``run_bounded`` (``govkg query``) runs the query in a child
process it can kill: at most ``timeout`` seconds, ``memory_mb`` megabytes above the loaded
graph, and ``limit`` rows of output, whichever comes first.

>>> sorted(FORMATS)
['csv', 'json', 'table']
>>> parse_params(["place=岳麓区", "n=2"])
{'place': '岳麓区', 'n': '2'}
>>> is_update("PREFIX x: <urn:x> INSERT DATA { x:a x:b x:c }")
True
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import os
import re
import sys
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from govkg import ontology

from .results import format_result, plain, shorten
from .sources import SourceError, graph_source, is_store, turtle_error

if TYPE_CHECKING:                    # heavy imports stay inside the functions that need them
    import pandas
    import pyoxigraph
    from rdflib import Graph

__all__ = [
    "FORMATS", "SavedQuery", "QueryError", "saved_queries", "resolve", "parse_params", "load_store",
    "open_store", "store_of", "execute", "run", "rows", "to_dataframe", "shorten", "is_store",
    "ReadOnlyError", "is_update", "query_text", "describe_saved", "Bounded", "run_bounded",
]

log = logging.getLogger(__name__)

FORMATS = {"table", "csv", "json"}
_PARAM = re.compile(r"^#\s*param\s+(\w+)(?:\s*=\s*(\S*))?\s*(.*)$")


class QueryError(ValueError):
    """A query that cannot run: a syntax error (the parser's message, with line:column), an
    unknown saved query, or a missing parameter."""


class ReadOnlyError(QueryError):
    """A SPARQL Update given where only queries are run."""


_UPDATE = re.compile(r"(?:\s+|#[^\n]*\n?|(?:PREFIX\s+[\w.-]*:\s*|BASE\s+)<[^>]*>)*"
                     r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)


def is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL Update (INSERT, DELETE, LOAD, CLEAR … after the prologue)."""
    return bool(_UPDATE.match(text))


def query_text(arg: str, stdin: Any = None) -> str:
    """The query a command-line argument names: ``-`` reads standard input, the path of an
    existing file reads the file (``q.rq``), anything else is a saved-query name or SPARQL text."""
    if arg == "-":
        return (stdin or sys.stdin).read()
    if not re.fullmatch(r"[\w-]+", arg.strip()) and "{" not in arg and len(arg) < 4096:
        path = Path(arg)
        if path.is_file():
            try:
                return path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as e:
                raise QueryError(f"cannot read the query file {path}: {e}") from None
    return arg


# ---------------------------------------------------------------- saved queries
@dataclass(frozen=True)
class SavedQuery:
    """One ``ontology/queries/NAME.rq``: its text, description and declared parameters."""

    name: str
    description: str
    text: str
    params: Mapping[str, str] = field(default_factory=dict)      # name → default
    param_help: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, name: str, text: str) -> "SavedQuery":
        """Read the header comments (description, then ``# param`` lines)."""
        description, params, helps = "", {}, {}
        for line in text.splitlines():
            line = line.strip()
            if not line.startswith("#"):
                if line:
                    break
                continue
            m = _PARAM.match(line)
            if m:
                params[m[1]], helps[m[1]] = m[2] or "", m[3]
            elif not description:
                description = line.lstrip("#").strip()
        return cls(name, description, text, params, helps)


def saved_queries() -> dict[str, SavedQuery]:
    """The saved queries shipped in ``ontology/queries/``, by name (read each call: they are small)."""
    folder = ontology.path("queries")
    out = {}
    for f in sorted(folder.iterdir(), key=lambda f: f.name):
        if f.name.endswith(".rq"):
            name = f.name[:-3]
            out[name] = SavedQuery.parse(name, f.read_text(encoding="utf-8"))
    return out


def resolve(name_or_text: str, params: Mapping[str, str] | None = None) -> tuple[str, dict[str, str]]:
    """(SPARQL text, parameters with defaults filled in) of a saved-query name or of SPARQL text."""
    given = dict(params or {})
    if re.fullmatch(r"[\w-]+", name_or_text.strip()):
        saved = saved_queries()
        name = name_or_text.strip()
        if name not in saved:
            raise QueryError(f"no saved query {name!r}; saved queries: {', '.join(saved) or 'none'}")
        q = saved[name]
        unknown = set(given) - set(q.params)
        if unknown:
            raise QueryError(f"saved query {name!r} takes no parameter {', '.join(sorted(unknown))}"
                             f"; it takes: {', '.join(q.params) or 'none'}")
        values = {**q.params, **given}
        missing = [k for k, v in values.items() if not v]
        if missing:
            raise QueryError(f"saved query {name!r} needs " + ", ".join(
                f"a value for ?{k} (--param {k}=…: {q.param_help.get(k) or k})" for k in missing))
        return q.text, values
    return name_or_text, given


def parse_params(items: Iterable[str]) -> dict[str, str]:
    """``["name=value", …]`` → ``{name: value}``; a malformed item raises ``QueryError``."""
    out = {}
    for item in items:
        name, eq, value = item.partition("=")
        if not eq or not re.fullmatch(r"\w+", name.strip()):
            raise QueryError(f"--param wants NAME=VALUE, got {item!r}")
        out[name.strip()] = value
    return out


# ---------------------------------------------------------------- stores
def load_store(ttl_path: str | Path, store_dir: str | Path) -> Path:
    """Load ``graph.ttl`` into a persistent pyoxigraph store at ``store_dir`` (made or emptied
    first), so that later queries open it without parsing Turtle again. Returns the folder."""
    import pyoxigraph as ox

    out = Path(store_dir)
    out.mkdir(parents=True, exist_ok=True)
    store = ox.Store(str(out))
    store.clear()
    store.bulk_load(path=str(ttl_path), format=ox.RdfFormat.TURTLE)
    store.flush()
    store.optimize()
    log.info("loaded %s into the store %s (%d quads)", ttl_path, out, len(store))
    del store                         # release the RocksDB lock now
    return out


def open_store(path: str | Path) -> "pyoxigraph.Store":
    """A pyoxigraph store over a ``graph.ttl``, an OUT folder or a store folder (read-only).

    Turtle is parsed into memory; a store folder is opened read-only, so a running
    ``govkg serve`` and any number of ``govkg query`` can share it. A missing or corrupt
    graph raises ``SourceError`` (one line naming the file and line).
    """
    import pyoxigraph as ox

    src = graph_source(path)
    if src.store:
        try:
            return ox.Store.read_only(str(src.path))
        except OSError as e:
            raise SourceError(f"cannot open the store {src.path}: {e}") from None
    store = ox.Store()
    try:
        store.bulk_load(path=str(src.path), format=ox.RdfFormat.TURTLE)
    except (SyntaxError, UnicodeDecodeError) as e:
        raise turtle_error(src.path, e) from None
    return store


_STORES: "weakref.WeakKeyDictionary[Any, tuple[int, Any]]" = weakref.WeakKeyDictionary()


def store_of(g: "Graph") -> "pyoxigraph.Store":
    """An in-memory pyoxigraph copy of an rdflib graph (made once per graph and size, then reused)."""
    import pyoxigraph as ox

    cached = _STORES.get(g)
    if cached is not None and cached[0] == len(g):
        return cached[1]
    store = ox.Store()
    store.load(input=g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    _STORES[g] = (len(g), store)
    return store


# ---------------------------------------------------------------- running
def _term(value: str) -> Any:
    import pyoxigraph as ox

    if value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    return ox.Literal(value)


def execute(store: "pyoxigraph.Store", sparql: str, params: Mapping[str, str] | None = None) -> Any:
    """The raw pyoxigraph result of a query (saved-query name or text) with parameters bound.

    Our prefixes (``gov:``, ``skos:``, ``org:``, ``prov:`` …) are predeclared. Raises
    ``QueryError`` with the parser's message and position for a malformed query.
    """
    import pyoxigraph as ox

    text, values = resolve(sparql, params)
    subs = {ox.Variable(k): _term(v) for k, v in values.items()}
    prefixes = {k: str(v) for k, v in ontology.PREFIXES.items()}
    try:
        return store.query(text, prefixes=prefixes, substitutions=subs or None)
    except SyntaxError as e:
        if is_update(text):
            raise ReadOnlyError("read-only: this is a SPARQL Update (INSERT, DELETE, LOAD …); "
                                "govkg runs queries only and never changes the graph") from None
        raise QueryError(f"malformed SPARQL: {e}") from None
    except RuntimeError as e:           # e.g. a substituted variable the query does not project
        raise QueryError(str(e)) from None


def _labels(store: "pyoxigraph.Store", iris: set[str]) -> dict[str, str]:
    """skos:prefLabel of the IRIs that have one (one query, VALUES over the IRIs)."""
    if not iris:
        return {}
    values = " ".join(f"<{i}>" for i in sorted(iris))
    q = f"SELECT ?x (MIN(STR(?l)) AS ?label) WHERE {{ VALUES ?x {{ {values} }} ?x skos:prefLabel ?l }} GROUP BY ?x"
    return {s["x"].value: s["label"].value for s in execute(store, q)}


def rows(store: "pyoxigraph.Store", sparql: str, params: Mapping[str, str] | None = None,
         labels: bool = False) -> tuple[list[str], list[list[Any]]]:
    """(column names, rows of plain values) of a SELECT; ``labels=True`` shows entity IRIs by
    their ``skos:prefLabel``. An ASK gives one column ``ask``; a CONSTRUCT three (s, p, o)."""
    import pyoxigraph as ox

    res = execute(store, sparql, params)
    if isinstance(res, ox.QueryBoolean):
        return ["ask"], [[bool(res)]]
    if isinstance(res, ox.QueryTriples):
        cols, raw = ["subject", "predicate", "object"], [[t.subject, t.predicate, t.object] for t in res]
    else:
        cols = [v.value for v in res.variables]
        raw = [[sol[v] for v in cols] for sol in res]
    names: dict[str, str] = {}
    if labels:
        names = _labels(store, {t.value for r in raw for t in r if isinstance(t, ox.NamedNode)
                                and t.value.startswith(ontology.base())})
    return cols, [[plain(t, names) for t in r] for r in raw]


def to_dataframe(store: "pyoxigraph.Store", sparql: str, params: Mapping[str, str] | None = None,
                 labels: bool = True) -> "pandas.DataFrame":
    """A query's answers as a pandas DataFrame, entity IRIs shown by label (``labels=True``),
    vocabulary IRIs as prefixed names, numbers as numbers."""
    import pandas as pd

    cols, data = rows(store, sparql, params, labels=labels)
    return pd.DataFrame(data, columns=cols)


def run(store: "pyoxigraph.Store", sparql: str, format: str = "table",
        params: Mapping[str, str] | None = None, limit: int | None = None) -> str:
    """Run a query (saved-query name or SPARQL text) and return its answers as text, at most
    ``limit`` rows of them (all if None).

    ``table``: aligned columns, terms shortened (``shorten``). ``csv`` and ``json``: the W3C
    SPARQL 1.1 CSV and JSON results formats, full IRIs. CONSTRUCT/DESCRIBE give N-Triples
    in every format.
    """
    if format not in FORMATS:
        raise QueryError(f"unknown format {format!r}; use one of {sorted(FORMATS)}")
    return format_result(execute(store, sparql, params), format, limit).text


def describe_saved() -> str:
    """The saved queries, one a line: name, description, parameters (``govkg query --list``)."""
    saved = saved_queries()
    width = max((len(n) for n in saved), default=0)
    lines = []
    for name, q in saved.items():
        extra = "".join(f" [--param {k}={v}]" if v else f" --param {k}=…" for k, v in q.params.items())
        lines.append(f"{name.ljust(width)}  {q.description}{extra}")
    return "\n".join(lines)


# ---------------------------------------------------------------- limits
@dataclass(frozen=True)
class Bounded:
    """What ``run_bounded`` got: the text (None when the query was stopped), its rows, whether
    the row limit cut it, and why the query was stopped ("" if it was not)."""

    text: str | None
    rows: int = 0
    cut: bool = False
    stopped: str = ""


def _rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux ``/proc``; 0 where unknown)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def _bounded_child(conn: Any, graph: str, sparql: str, format: str, params: Mapping[str, str],
                   limit: int | None) -> None:
    """In the child: load the graph, say so, run the query, send the formatted answer."""
    try:
        store = open_store(graph)
        conn.send(("loaded",))
        f = format_result(execute(store, sparql, params), format, limit)
        conn.send(("done", f.text, f.rows, f.cut))
    except (QueryError, SourceError) as e:
        conn.send(("error", type(e).__name__, str(e)))
    except Exception as e:                         # an engine error: report it, one line
        conn.send(("error", "QueryError", f"query failed: {type(e).__name__}: {e}"))


def run_bounded(graph: str | Path, sparql: str, format: str = "table", params: Mapping[str, str] | None = None,
                *, timeout: float | None = 30.0, limit: int | None = 1000,
                memory_mb: float | None = 2048) -> Bounded:
    """Run a query over a graph (``graph.ttl``, OUT folder or store) in a child process that is
    killed once the query has run ``timeout`` seconds or used ``memory_mb`` MB more than the
    loaded graph (None or 0: no limit); the answer holds at most ``limit`` rows. Errors in the
    graph or the query raise ``SourceError`` or ``QueryError`` as ``run`` does."""
    if format not in FORMATS:
        raise QueryError(f"unknown format {format!r}; use one of {sorted(FORMATS)}")
    graph_source(graph)                            # a missing graph is told before any process starts
    resolve(sparql, params)                        # and so is an unknown saved query
    ctx: Any = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    recv, send = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_bounded_child, name="govkg-query", daemon=True,
                    args=(send, str(graph), sparql, format, dict(params or {}), limit or None))
    p.start()
    send.close()
    deadline, base = None, 0.0
    try:
        while True:
            if recv.poll(0.05):
                try:
                    msg = recv.recv()
                except EOFError:
                    return Bounded(None, stopped="the query process stopped unexpectedly")
                if msg[0] == "loaded":
                    deadline = time.monotonic() + timeout if timeout else None
                    base = _rss_mb(p.pid)
                    continue
                if msg[0] == "error":
                    raise (SourceError if msg[1] == "SourceError" else
                           ReadOnlyError if msg[1] == "ReadOnlyError" else QueryError)(msg[2])
                return Bounded(msg[1], msg[2], msg[3])
            if deadline is not None and time.monotonic() > deadline:
                return Bounded(None, stopped=f"it ran longer than the time limit of {timeout:g} s")
            if memory_mb and base and _rss_mb(p.pid) - base > memory_mb:
                return Bounded(None, stopped=f"it needed more than the memory limit of {memory_mb:g} MB")
            if not p.is_alive() and not recv.poll():
                return Bounded(None, stopped=f"the query process stopped unexpectedly (exit {p.exitcode})")
    finally:
        if p.is_alive():
            p.kill()
        p.join(5)
        recv.close()
