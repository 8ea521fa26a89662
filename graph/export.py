"""A built graph as three tables an analyst opens in Excel: entities, relations, evidence.

Analysts live in spreadsheets; SPARQL with ``--format csv`` gave them one query's rows at a
time. ``govkg export OUT --to xlsx -o FILE.xlsx`` writes one workbook of three sheets, and
``govkg export OUT --to csv -o DIR`` three CSV files with a UTF-8 BOM (without it, Excel reads
UTF-8 as the local code page and the Chinese comes out garbled).

The tables (``tables``):

* **entities** — one row per node: ``id`` (the node key, the IRI path, which corrections and
  SPARQL name it by), type, name, aliases, level (places) or kind (organisations,
  programmes), division code, the county-level districts it lies or acts in (as the page's
  district filter finds them), mentions, and the first and last date of the articles that
  mention it;
* **relations** — one row per edge: ``id`` (``subject predicate object``, by node key), the
  subject's and object's keys and names, the post title (``holdsPost``), how many pieces of
  evidence it has, first and last date, and ``source`` (``text`` or ``gazetteer``);
* **evidence** — one row per evidence item: first every relation's (``relation`` names its
  id), then every entity mention's (``entity`` names its id), each with its sentence, the
  article's title, date and URL when known, the document and the span in it.

Rows are in the graph's order (keys sorted, evidence in document order), so two exports of
one graph are the same. Files are written beside their target and moved into place when
complete: a failed export leaves what was there.
"""
from __future__ import annotations

import argparse
import csv
import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, NamedTuple

from .sources import SourceError, graph_source, out_file, out_folder, turtle_error

if TYPE_CHECKING:                   # this module is imported to build the command's parser: kept light
    import networkx as nx
    import pandas

__all__ = ["FORMATS", "SHEETS", "COLUMNS", "VERB", "add_arguments", "cli", "read_graph", "rows", "tables",
           "export", "write_xlsx", "write_csv", "Exported"]

FORMATS = ("xlsx", "csv")
SHEETS = ("entities", "relations", "evidence")
COLUMNS: dict[str, tuple[str, ...]] = {
    "entities": ("id", "type", "name", "aliases", "level", "kind", "code", "district", "mentions",
                 "first_date", "last_date"),
    "relations": ("id", "subject", "predicate", "object", "subject_name", "object_name", "title", "count",
                  "first_date", "last_date", "source"),
    "evidence": ("relation", "entity", "sentence", "title", "date", "url", "file", "article",
                 "start", "end"),
}
# Several values in one cell (aliases, districts): a separator no Chinese name contains.
SEP = "; "
# Excel's limits: rows per sheet (the header is one) and characters per cell.
_MAX_ROWS = 1_048_576
_MAX_CELL = 32_767
# Characters XML 1.0 cannot hold; openpyxl refuses a cell with one (a stray control code in a feed).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# ---------------------------------------------------------------- the graph
def read_graph(path: str | Path) -> nx.MultiDiGraph:
    """The graph of a build's OUT folder, its ``graph.ttl`` or a store folder (``govkg load``:
    how a distributed build's shards are read), or ``SourceError`` in one line: missing,
    Turtle that does not parse (with its line), or RDF that is no govkg graph. A store is
    read whole: export it for tables of a region's or a corpus's size, not a country's."""
    from .rdf import from_rdf, parse

    src = graph_source(path)
    where = src.path
    try:
        g = _read_store(where) if src.store else parse(where)
    except Exception as e:                    # rdflib raises many kinds for a broken file
        raise turtle_error(where, e) from None
    try:
        return from_rdf(g)
    except (AttributeError, KeyError, TypeError, ValueError) as e:
        raise SourceError(f"{where}: not a govkg graph ({type(e).__name__}: {e})") from None


def _read_store(folder: Path) -> Any:
    """The default graph of a store folder as an rdflib graph (through N-Triples)."""
    import pyoxigraph as ox
    from rdflib import Graph

    from .query import open_store

    data = open_store(folder).dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return Graph().parse(data=(data or b"").decode("utf-8"), format="nt")


# ---------------------------------------------------------------- the tables
def _dates(items: Iterable[dict[str, Any]], known: dict[tuple[str, int], dict[str, str]]) -> tuple[str, str]:
    """(first, last) ISO date of the articles of ``items`` (evidence or article dicts); '' if none."""
    dates = [d for it in items if (d := it.get("date") or known.get((it["doc"], it["article"]), {}).get("date"))]
    return (min(dates), max(dates)) if dates else ("", "")


def relation_id(u: str, p: str, v: str) -> str:
    """The id of one edge in the export: its two node keys and predicate, readable in a cell."""
    return f"{u} {p} {v}"


def _entity_rows(G: nx.MultiDiGraph, known: dict[tuple[str, int], dict[str, str]]) -> list[tuple[Any, ...]]:
    from .html import districts

    where = districts(G)
    rows = []
    for key, a in sorted(G.nodes(data=True)):
        first, last = _dates([*a.get("evidence", ()), *a.get("articles", ())], known)
        rows.append((key, a.get("type", ""), a.get("label", ""), SEP.join(a.get("aliases") or ()),
                     a.get("level", ""), a.get("kind", ""), a.get("code", ""),
                     SEP.join(sorted(str(G.nodes[d].get("label", d)) for d in where.get(key, ()))),
                     int(a.get("mentions") or 0), first, last))
    return rows


def _relation_rows(G: nx.MultiDiGraph, known: dict[tuple[str, int], dict[str, str]]) -> list[tuple[Any, ...]]:
    rows = []
    for u, v, p, a in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
        ev = a.get("evidence") or ()
        first, last = _dates(ev, known)
        rows.append((relation_id(u, p, v), u, p, v, G.nodes[u].get("label", ""), G.nodes[v].get("label", ""),
                     a.get("title", ""), len(ev), first, last, a.get("source", "")))
    return rows


def _evidence_row(relation: str, entity: str, e: dict[str, Any],
                  known: dict[tuple[str, int], dict[str, str]]) -> tuple[Any, ...]:
    meta = known.get((e["doc"], e["article"]), {})
    whole = e["article"] < 0                  # a relation read from the document as a whole
    return (relation, entity, e.get("sentence", ""), e.get("title", ""), e.get("date") or meta.get("date", ""),
            meta.get("url", ""), e["doc"], None if whole else e["article"],
            None if whole else e["start"], None if whole else e["end"])


def _evidence_rows(G: nx.MultiDiGraph, known: dict[tuple[str, int], dict[str, str]]) -> list[tuple[Any, ...]]:
    rows = [_evidence_row(relation_id(u, p, v), "", e, known)
            for u, v, p, a in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3])
            for e in a.get("evidence") or ()]
    rows += [_evidence_row("", key, e, known) for key, a in sorted(G.nodes(data=True)) for e in a.get("evidence") or ()]
    return rows


def rows(G: nx.MultiDiGraph) -> dict[str, list[tuple[Any, ...]]]:
    """Each table's rows (tuples in ``COLUMNS`` order), by sheet name."""
    known = G.graph.get("articles") or {}
    return {"entities": _entity_rows(G, known), "relations": _relation_rows(G, known),
            "evidence": _evidence_rows(G, known)}


def tables(G: nx.MultiDiGraph) -> dict[str, "pandas.DataFrame"]:
    """The three tables as DataFrames, for a notebook (``tables(load("out").nx)["relations"]``)."""
    import pandas as pd

    return {name: pd.DataFrame(r, columns=list(COLUMNS[name])) for name, r in rows(G).items()}


# ---------------------------------------------------------------- writing
@contextmanager
def _replacing(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``, moved onto it when the block completes (removed if not)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")   # not mkstemp: its files are 0600
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _cell(v: Any) -> Any:
    """A value as an xlsx cell holds it: no XML-illegal characters, at most Excel's cell length."""
    if not isinstance(v, str):
        return v
    v = _ILLEGAL.sub("", v)
    return v if len(v) <= _MAX_CELL else v[:_MAX_CELL - 1] + "…"


def write_xlsx(tabs: dict[str, list[tuple[Any, ...]]], path: str | Path) -> Path:
    """One workbook, a sheet per table, header row frozen and bold (openpyxl, write-only: a
    sheet is streamed, not held as cells). Text starting with ``=`` stays text, not a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    target = Path(path)
    for name, r in tabs.items():
        if len(r) + 1 > _MAX_ROWS:
            raise SourceError(f"{target}: the {name} table has {len(r)} rows, more than an Excel sheet "
                              f"holds ({_MAX_ROWS - 1}); export with --to csv")
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for name in SHEETS:
        ws = wb.create_sheet(name)
        ws.freeze_panes = "A2"
        header = []
        for col in COLUMNS[name]:
            c = WriteOnlyCell(ws, col)
            c.font = bold
            header.append(c)
        ws.append(header)
        for row in tabs[name]:
            ws.append([_text_cell(ws, WriteOnlyCell, v) for v in map(_cell, row)])
    with _replacing(target) as tmp:
        wb.save(tmp)
    return target


def _text_cell(ws: Any, make: Any, v: Any) -> Any:
    """``v`` itself, or for text openpyxl would take for a formula (``=…``) a cell typed as text."""
    if isinstance(v, str) and v.startswith("="):
        c = make(ws, v)
        c.data_type = "s"
        return c
    return v


def write_csv(tabs: dict[str, list[tuple[Any, ...]]], folder: str | Path) -> list[Path]:
    """``entities.csv``, ``relations.csv``, ``evidence.csv`` in ``folder``: UTF-8 with a BOM
    (``utf-8-sig``, so Excel reads the Chinese), a header row, CRLF line ends (RFC 4180)."""
    out = Path(folder)
    written = []
    for name in SHEETS:
        target = out / f"{name}.csv"
        with _replacing(target) as tmp:
            with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
                w = csv.writer(f)
                w.writerow(COLUMNS[name])
                w.writerows(("" if v is None else v for v in row) for row in tabs[name])
        written.append(target)
    return written


class Exported(NamedTuple):
    """What ``export`` wrote: the files, and each table's row count (header not counted)."""

    paths: list[Path]
    rows: dict[str, int]

    def __str__(self) -> str:
        where = str(self.paths[0]) if len(self.paths) == 1 else f"{self.paths[0].parent}/"
        return f"wrote {where}: " + ", ".join(f"{n} {name}" for name, n in self.rows.items())


def export(graph: str | Path, to: str, out: str | Path) -> Exported:
    """``govkg export``: the graph of ``graph`` (an OUT folder or graph.ttl) written as ``to``
    (``xlsx``: the workbook ``out``; ``csv``: three files in the folder ``out``).

    The output path is checked before the graph is read, so a wrong ``-o`` fails at once.
    """
    if to not in FORMATS:
        raise SourceError(f"--to {to}: give one of {', '.join(FORMATS)}")
    if to == "xlsx":
        target = out_file(out)
        if target.suffix.lower() != ".xlsx":
            raise SourceError(f"{target}: --to xlsx writes an Excel workbook; give -o a name ending in .xlsx "
                              "(or --to csv -o FOLDER)")
    else:
        target = out_folder(out)
    tabs = rows(read_graph(graph))
    paths = [write_xlsx(tabs, target)] if to == "xlsx" else write_csv(tabs, target)
    return Exported(paths, {name: len(r) for name, r in tabs.items()})


# ---------------------------------------------------------------- the command's options
#: (help, description, example) of ``govkg export``, for ``cli._verb``.
VERB = ("write a graph's entities, relations and evidence as Excel or CSV tables",
        "Write the graph of an OUT folder of 'govkg build' (or its graph.ttl) as three tables: "
        "entities (id = node key, type, name, aliases, level, code, district, mentions, first/last "
        "date), relations (subject, predicate, object, title, count, first/last date) and evidence "
        "(relation or entity, sentence, article title, date, URL, file, span). --to xlsx writes one "
        "workbook of three sheets; --to csv writes entities.csv, relations.csv and evidence.csv with "
        "a UTF-8 BOM, so that Excel opens them.",
        "govkg export out -o out/graph.xlsx\ngovkg export out --to csv -o tables/")


def cli(args: argparse.Namespace) -> int:
    """``govkg export``: write the tables and say where."""
    print(export(args.graph, args.to, args.out), file=sys.stderr)
    return 0


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``govkg export``, kept beside the function they feed."""
    p.add_argument("graph", metavar="OUT", help="OUT folder of 'govkg build', or its graph.ttl")
    p.add_argument("-o", "--out", required=True, metavar="PATH",
                   help="the workbook to write (FILE.xlsx), or with --to csv the folder for the three files")
    p.add_argument("--to", choices=FORMATS, default="xlsx", help="xlsx: one workbook; csv: three CSV files")
