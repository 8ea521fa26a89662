"""RDF as N-Triples shards: files that workers write in parallel, each on its own, and that a
triple store (Oxigraph, QLever, Virtuoso) bulk-loads as they are.

N-Triples because a shard then needs nothing from any other: no prefixes, no blank nodes, one
triple a line, so shards concatenate, split and load in any order. The terms are escaped as
the Turtle writer escapes them (``turtle_writer``); there is no build time or path in them, so
two builds of the same documents write the same triples.

``canonical`` reads Turtle or N-Triples back into sorted, distinct N-Triples lines (through
pyoxigraph): what two builds are compared by.
"""
from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import Any, Iterable, TextIO

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from .turtle_writer import Block, escape_iri, escape_string

__all__ = ["ShardWriter", "write_shard", "canonical", "SHARDS"]

SHARDS = "shards"
_XSD_STRING = str(XSD.string)


class _Terms:
    """N-Triples text of rdflib terms, IRIs memoised (the minter and vocabulary give the same
    objects again and again)."""

    def __init__(self) -> None:
        self.iris: dict[Any, str] = {}

    def iri(self, iri: Any) -> str:
        text = self.iris.get(iri)
        if text is None:
            text = f"<{escape_iri(iri)}>"
            if len(self.iris) < 1 << 18:
                self.iris[iri] = text
        return text

    def term(self, t: Any) -> str:
        if isinstance(t, URIRef):
            return self.iri(t)
        if not isinstance(t, Literal):
            raise TypeError(f"no blank nodes in shards: {t!r}")
        quoted = f'"{escape_string(str(t))}"'
        if t.language:
            return f"{quoted}@{t.language}"
        if t.datatype is not None and str(t.datatype) != _XSD_STRING:
            return f"{quoted}^^{self.iri(t.datatype)}"
        return quoted


class ShardWriter:
    """Blocks (subject, [(predicate, object)]) as N-Triples lines, each pair once per block."""

    def __init__(self, out: TextIO) -> None:
        self.out, self.terms, self.count = out, _Terms(), 0

    def write(self, blocks: Iterable[Block]) -> None:
        term = self.terms.term
        for s, po in blocks:
            subject = term(s)
            lines = {f"{subject} {term(p)} {term(o)} .\n" for p, o in po}
            self.out.write("".join(sorted(lines)))
            self.count += len(lines)


def write_shard(path: Path | str, blocks: Iterable[Block]) -> int:
    """Write one shard (gzip when ``path`` ends in ``.gz``) at a local path or a URL, atomically
    (``storage.writing``); return its triple count."""
    from .storage import writing
    with writing(path, buffering=1 << 20) as raw:
        f = gzip.open(raw, "wt", encoding="utf-8", newline="\n") if str(path).endswith(".gz") else \
            io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        with f:
            w = ShardWriter(f)
            w.write(blocks)
    return w.count


def canonical(paths: Iterable[str | Path]) -> list[str]:
    """The triples of Turtle (``.ttl``) and N-Triples (``.nt``, ``.nt.gz``) files as sorted,
    distinct N-Triples lines (pyoxigraph's canonical term syntax)."""
    from pyoxigraph import RdfFormat, parse

    lines: set[str] = set()
    for path in map(Path, paths):
        fmt = RdfFormat.TURTLE if path.suffix == ".ttl" else RdfFormat.N_TRIPLES
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as f:
                lines.update(f"{t} ." for t in parse(f.read(), format=fmt))
        else:
            lines.update(f"{t} ." for t in parse(path=str(path), format=fmt))
    return sorted(lines)
