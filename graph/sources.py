"""Where a verb's graph comes from and where its output goes, and the one-line error a user
gets when either is wrong.

Every verb that reads a graph (``validate``, ``render``, ``query``, ``serve``, and the
notebook's ``load``) takes the same three things, told apart here once (``graph_source``):

* a Turtle file (``graph.ttl`` or any name);
* an OUT folder of ``govkg build`` (its ``graph.ttl``);
* a persistent store folder of ``govkg load`` or ``govkg build --store`` (RocksDB keeps a
  ``CURRENT`` file); ``render`` and ``load`` read a region of it (``region``), never all.

Problems come back as ``SourceError``: one line that names the file, and for a corrupt
Turtle file the line it breaks on (``turtle_error``). The command line prints it as
``govkg VERB: …`` and exits 2.

>>> str(turtle_error("g.ttl", SyntaxError("Parser error between line 3 column 11 and line 5 column 1: Unexpected end of file")))
'g.ttl: not valid Turtle: Unexpected end of file'
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SourceError", "GraphSource", "graph_source", "is_store", "turtle_error",
           "out_folder", "out_file", "fields_option"]

_WHAT = "give a graph.ttl, an OUT folder of 'govkg build' or a store folder of 'govkg load'"


class SourceError(ValueError):
    """A graph that is missing, corrupt or of the wrong kind, or an output path that cannot be
    written; the message is one line naming the path."""


def is_store(path: str | Path) -> bool:
    """Whether ``path`` is a persistent store folder (RocksDB keeps a ``CURRENT`` file)."""
    p = Path(path)
    return p.is_dir() and (p / "CURRENT").is_file() and not (p / "graph.ttl").is_file()


@dataclass(frozen=True)
class GraphSource:
    """A graph to read: ``path`` is the Turtle file or the store folder; ``given`` what the user named."""

    given: Path
    path: Path
    store: bool

    @property
    def turtle(self) -> Path:
        """The Turtle file (a ``SourceError`` for a store folder: it has none)."""
        if self.store:
            raise SourceError(f"{self.given} is a store folder; this needs a graph.ttl or an OUT folder")
        return self.path


def graph_source(path: str | Path) -> GraphSource:
    """The graph named by ``path`` (see the module's docstring), or ``SourceError`` saying what is missing."""
    p = Path(path)
    if is_store(p):
        return GraphSource(p, p, True)
    if p.is_dir():
        ttl = p / "graph.ttl"
        if not ttl.is_file():
            raise SourceError(f"no graph in {p} (no graph.ttl there): {_WHAT}")
        return GraphSource(p, ttl, False)
    if p.is_file():
        return GraphSource(p, p, False)
    raise SourceError(f"no graph at {p}: {_WHAT}")


def turtle_error(path: str | Path, e: BaseException, what: str = "Turtle") -> SourceError:
    """The one-line error for a Turtle file (or one in the format ``what``, such as an N-Triples
    shard) that does not parse: ``FILE:LINE: not valid Turtle: why``.

    Understands pyoxigraph's ``SyntaxError`` (``lineno``) and rdflib's ``BadSyntax`` (``lines``,
    counted from 0); anything else is reported by its first line, without a position.
    """
    line: int | None = None
    why = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    if hasattr(e, "_why") and hasattr(e, "lines"):          # rdflib's notation3.BadSyntax
        line, why = int(e.lines) + 1, str(e._why)
    elif isinstance(e, SyntaxError):
        line = e.lineno
        why = re.sub(r"^Parser error (at|between) .*?: ", "", str(e.msg or why))
    elif isinstance(e, UnicodeDecodeError):
        why = f"not UTF-8 text ({e.reason} at byte {e.start})"
    where = f"{path}:{line}" if line else f"{path}"
    return SourceError(f"{where}: not valid {what}: {why}")


def out_folder(path: str | Path, option: str = "-o") -> Path:
    """``path`` as an output folder: fine if it is a folder or does not exist yet."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise SourceError(f"{p} is a file; {option} wants a folder")
    for parent in p.parents:
        if parent.exists() and not parent.is_dir():
            raise SourceError(f"{parent} is a file; {option} wants a folder, {p} cannot be made there")
    return p


def out_file(path: str | Path, option: str = "-o") -> Path:
    """``path`` as an output file: fine if it is a file or does not exist yet (its folder is made)."""
    p = Path(path)
    if p.is_dir():
        raise SourceError(f"{p} is a folder; {option} wants a file name, such as {p / 'page.html'}")
    for parent in p.parents:
        if parent.exists() and not parent.is_dir():
            raise SourceError(f"{parent} is a file; {p} cannot be written there")
    return p


def fields_option(args: argparse.Namespace) -> dict[str, str] | None:
    """The ``--fields`` option parsed, or None after printing why it is wrong (a usage error)."""
    from govkg.extractors.readers import parse_fields
    try:
        return parse_fields(getattr(args, "fields", None))
    except ValueError as e:
        print(f"govkg {getattr(args, 'verb', 'build')}: {e}", file=sys.stderr)
        return None
