"""A pyoxigraph query result as text: an aligned table, W3C SPARQL CSV or JSON, or N-Triples,
cut after a number of rows if asked (``format_result``), and terms as plain values (``plain``).

>>> shorten("https://govkg.example.org/ns#Place")
'gov:Place'
>>> shorten("https://govkg.example.org/place/430203000000")
'place/430203000000'
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from itertools import islice
from typing import Any, Iterable, Mapping, Sequence

from govkg import ontology

__all__ = ["Formatted", "format_result", "plain", "shorten", "table", "width"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_PLAIN_TYPES = {_XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


@dataclass(frozen=True)
class Formatted:
    """A result as text, the number of rows (or triples) in it, and whether ``limit`` cut it."""

    text: str
    rows: int
    cut: bool


def shorten(iri: str, labels: Mapping[str, str] | None = None) -> str:
    """An IRI as a reader wants it: its label if known, a prefixed name for vocabulary terms
    (``gov:Place``), the node key for data IRIs (``place/430203000000``)."""
    if labels and iri in labels:
        return labels[iri]
    for prefix, ns in ontology.PREFIXES.items():
        if iri.startswith(str(ns)) and re.fullmatch(r"[\w.-]*", iri[len(str(ns)):]):
            return f"{prefix}:{iri[len(str(ns)):]}"
    b = ontology.base()
    return iri[len(b):] if iri.startswith(b) else iri


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


def plain(t: Any, labels: Mapping[str, str] | None = None) -> Any:
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


def width(s: str) -> int:
    """Columns a string takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def table(cols: Sequence[str], data: Sequence[Sequence[Any]], max_width: int = 60) -> str:
    """A plain-text table aligned for CJK text; long cells are cut with …."""
    def cell(v: Any) -> str:
        s = "" if v is None else str(v).replace("\n", " ")
        if width(s) > max_width:
            while width(s) > max_width - 1:
                s = s[:-1]
            s += "…"
        return s

    cells = [[cell(v) for v in r] for r in data]
    widths = [max([width(c)] + [width(r[i]) for r in cells]) for i, c in enumerate(cols)]

    def line(items: Sequence[str]) -> str:
        return "  ".join(x + " " * (w - width(x)) for x, w in zip(items, widths)).rstrip()

    out = [line(cols), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out)


def _json_term(t: Any) -> dict[str, str]:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype is not None and t.datatype.value not in _PLAIN_TYPES:
            out["datatype"] = t.datatype.value
        return out
    return {"type": "literal", "value": str(t)}


def _csv_term(t: Any) -> str:
    import pyoxigraph as ox

    if t is None:
        return ""
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    return t.value if isinstance(t, (ox.NamedNode, ox.Literal)) else str(t)


def _take(items: Iterable[Any], limit: int | None) -> tuple[list[Any], bool]:
    """The first ``limit`` items (all if None) and whether there were more."""
    if limit is None:
        return list(items), False
    got = list(islice(items, limit + 1))
    return got[:limit], len(got) > limit


def format_result(res: Any, format: str = "table", limit: int | None = None) -> Formatted:
    """A raw pyoxigraph result (``Store.query``) as text in ``format`` (``table``, ``csv``,
    ``json``), at most ``limit`` rows (or triples) of it. CONSTRUCT and DESCRIBE give
    N-Triples in every format; ASK gives ``true``/``false`` (table) or the W3C boolean result."""
    import pyoxigraph as ox

    if isinstance(res, ox.QueryBoolean):
        if format == "table":
            return Formatted("true" if res else "false", 1, False)
        fmt = ox.QueryResultsFormat.CSV if format == "csv" else ox.QueryResultsFormat.JSON
        return Formatted((res.serialize(format=fmt) or b"").decode("utf-8"), 1, False)
    if isinstance(res, ox.QueryTriples):
        triples, cut = _take(res, limit)
        nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        return Formatted(nt.decode("utf-8"), len(triples), cut)
    cols = [v.value for v in res.variables]
    sols, cut = _take(res, limit)
    if format == "table":
        text = table(cols, [[plain(s[c]) for c in cols] for s in sols])
    elif format == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(cols)
        w.writerows([_csv_term(s[c]) for c in cols] for s in sols)
        text = buf.getvalue()
    else:
        bindings = [{c: _json_term(s[c]) for c in cols if s[c] is not None} for s in sols]
        text = json.dumps({"head": {"vars": cols}, "results": {"bindings": bindings}}, ensure_ascii=False)
    return Formatted(text, len(sols), cut)
