"""SPARQL 1.1 over a built graph, on pyoxigraph: the ``govkg query`` verb and the notebook's ``kg.sparql``.

rdflib stays the build library; pyoxigraph answers queries (tens of times faster, and a
persistent store folder is built once and opened read-only by any number of readers).

A *graph* to query is one of: a ``graph.ttl``, an OUT folder of ``govkg build`` (its
``graph.ttl``), or a persistent store folder made by ``load_store`` (``govkg build --store``).

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

>>> sorted(FORMATS)
['csv', 'json', 'table']
>>> parse_params(["place=岳麓区", "n=2"])
{'place': '岳麓区', 'n': '2'}
"""
from __future__ import annotations

import argparse
import logging
import re
import sys
import unicodedata
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from govkg import ontology

if TYPE_CHECKING:                    # heavy imports stay inside the functions that need them
    import pandas
    import pyoxigraph
    from rdflib import Graph

__all__ = [
    "FORMATS", "SavedQuery", "QueryError", "saved_queries", "resolve", "parse_params", "load_store",
    "open_store", "store_of", "execute", "run", "rows", "to_dataframe", "shorten", "is_store", "cli",
]

log = logging.getLogger(__name__)

FORMATS = {"table", "csv", "json"}
_PARAM = re.compile(r"^#\s*param\s+(\w+)(?:\s*=\s*(\S*))?\s*(.*)$")


class QueryError(ValueError):
    """A query that cannot run: a syntax error (the parser's message, with line:column), an
    unknown saved query, or a missing parameter."""


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
def is_store(path: str | Path) -> bool:
    """Whether ``path`` is a persistent store folder (RocksDB keeps a ``CURRENT`` file)."""
    p = Path(path)
    return p.is_dir() and (p / "CURRENT").is_file() and not (p / "graph.ttl").is_file()


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
    ``govkg serve`` and any number of ``govkg query`` can share it.
    """
    import pyoxigraph as ox

    p = Path(path)
    if is_store(p):
        return ox.Store.read_only(str(p))
    ttl = p / "graph.ttl" if p.is_dir() else p
    if not ttl.is_file():
        raise FileNotFoundError(f"no graph at {p}: give a graph.ttl, an OUT folder of 'govkg build' "
                                "or a store folder of 'govkg build --store'")
    store = ox.Store()
    store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE)
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
        raise QueryError(f"malformed SPARQL: {e}") from None
    except RuntimeError as e:           # e.g. a substituted variable the query does not project
        raise QueryError(str(e)) from None


def _literal_value(t: Any) -> Any:
    """A literal as a Python value: integers and decimals as numbers, booleans as bool, the rest text."""
    dt = t.datatype.value.rsplit("#", 1)[-1] if t.datatype is not None else ""
    try:
        if dt in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger"):
            return int(t.value)
        if dt in ("decimal", "double", "float"):
            return float(t.value)
    except ValueError:
        return t.value
    if dt == "boolean":
        return t.value == "true"
    return t.value


def shorten(iri: str, labels: Mapping[str, str] | None = None) -> str:
    """An IRI as a reader wants it: its label if known, a prefixed name for vocabulary terms
    (``gov:Place``), the node key for data IRIs (``place/430203000000``).

    >>> shorten("https://govkg.example.org/ns#Place")
    'gov:Place'
    >>> shorten("https://govkg.example.org/place/430203000000")
    'place/430203000000'
    """
    if labels and iri in labels:
        return labels[iri]
    for prefix, ns in ontology.PREFIXES.items():
        if iri.startswith(str(ns)) and re.fullmatch(r"[\w.-]*", iri[len(str(ns)):]):
            return f"{prefix}:{iri[len(str(ns)):]}"
    b = ontology.base()
    return iri[len(b):] if iri.startswith(b) else iri


def _plain(t: Any, labels: Mapping[str, str] | None = None) -> Any:
    """A pyoxigraph term as a plain value (None for unbound)."""
    import pyoxigraph as ox

    if t is None:
        return None
    if isinstance(t, ox.Literal):
        return _literal_value(t)
    if isinstance(t, ox.NamedNode):
        return shorten(t.value, labels)
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    return str(t)


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
    return cols, [[_plain(t, names) for t in r] for r in raw]


def to_dataframe(store: "pyoxigraph.Store", sparql: str, params: Mapping[str, str] | None = None,
                 labels: bool = True) -> "pandas.DataFrame":
    """A query's answers as a pandas DataFrame, entity IRIs shown by label (``labels=True``),
    vocabulary IRIs as prefixed names, numbers as numbers."""
    import pandas as pd

    cols, data = rows(store, sparql, params, labels=labels)
    return pd.DataFrame(data, columns=cols)


def _width(s: str) -> int:
    """Columns a string takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _table(cols: Sequence[str], data: Sequence[Sequence[Any]], max_width: int = 60) -> str:
    """A plain-text table aligned for CJK text; long cells are cut with …."""
    def cell(v: Any) -> str:
        s = "" if v is None else str(v).replace("\n", " ")
        if _width(s) > max_width:
            while _width(s) > max_width - 1:
                s = s[:-1]
            s += "…"
        return s

    cells = [[cell(v) for v in r] for r in data]
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(cols)]

    def line(items: Sequence[str]) -> str:
        return "  ".join(x + " " * (w - _width(x)) for x, w in zip(items, widths)).rstrip()

    out = [line(cols), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out)


def run(store: "pyoxigraph.Store", sparql: str, format: str = "table",
        params: Mapping[str, str] | None = None) -> str:
    """Run a query (saved-query name or SPARQL text) and return its answers as text.

    ``table``: aligned columns, terms shortened (``shorten``). ``csv`` and ``json``: the W3C
    SPARQL 1.1 CSV and JSON results formats, full IRIs. CONSTRUCT/DESCRIBE give N-Triples
    in every format.
    """
    import pyoxigraph as ox

    if format not in FORMATS:
        raise QueryError(f"unknown format {format!r}; use one of {sorted(FORMATS)}")
    if format == "table":
        res = execute(store, sparql, params)
        if isinstance(res, ox.QueryTriples):
            return res.serialize(format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        if isinstance(res, ox.QueryBoolean):
            return "true" if res else "false"
        cols = [v.value for v in res.variables]
        return _table(cols, [[_plain(sol[c]) for c in cols] for sol in res])
    res = execute(store, sparql, params)
    if isinstance(res, ox.QueryTriples):
        return res.serialize(format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    fmt = ox.QueryResultsFormat.CSV if format == "csv" else ox.QueryResultsFormat.JSON
    return res.serialize(format=fmt).decode("utf-8")


# ---------------------------------------------------------------- CLI
def _list() -> str:
    saved = saved_queries()
    width = max((len(n) for n in saved), default=0)
    lines = []
    for name, q in saved.items():
        extra = "".join(f" [--param {k}={v}]" if v else f" --param {k}=…" for k, v in q.params.items())
        lines.append(f"{name.ljust(width)}  {q.description}{extra}")
    return "\n".join(lines)


def cli(args: argparse.Namespace) -> int:
    """``govkg query GRAPH (SPARQL | --saved NAME | --list) [--param NAME=VALUE]… [--format F]``."""
    if getattr(args, "list", False):
        print(_list())
        return 0
    sparql = args.saved or args.sparql
    if not args.graph or not sparql:
        print("govkg query: give GRAPH and a SPARQL query (or --saved NAME); --list shows the saved ones",
              file=sys.stderr)
        return 2
    if args.saved and args.sparql:
        print("govkg query: give either SPARQL text or --saved NAME, not both", file=sys.stderr)
        return 2
    if args.sparql == "-":
        sparql = sys.stdin.read()
    try:
        params = parse_params(getattr(args, "param", None) or [])
        if args.saved and args.saved not in saved_queries():
            raise QueryError(f"no saved query {args.saved!r}; see 'govkg query --list'")
        store = open_store(args.graph)
        text = run(store, sparql, args.format, params)
    except (QueryError, FileNotFoundError, OSError) as e:
        print(f"govkg query: {e}", file=sys.stderr)
        return 2
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0

