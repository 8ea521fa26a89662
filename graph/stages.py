"""The stages of a distributed build as Parquet tables (pyarrow), so that the steps after
extraction read columns from a shared folder instead of passing Python objects around, and a
worker that dies leaves nothing that another cannot read or redo.

* **Extraction tables**, one set per partition of documents: ``docs`` (name, skipped feed
  records), ``articles`` (index, title, date, URL, source), ``entities`` (with their mentions)
  and ``relations`` (with their evidence). ``read_extractions`` gives back the ``Extraction`` s
  with everything identity and merge read (article bodies are not kept: merge never reads them).
* **Shuffle tables**, one per (partition, bucket): the members of each node key (``mentions``),
  each relation between two keys (``edges``) and the posts they name (``posts``), with the
  titles and dates of the articles their evidence cites, so that a bucket is merged without
  looking anything up elsewhere. A key's bucket is a stable hash of the key (``bucket``), the
  same in every process: every member of a node, and every edge it is the subject of, meet in
  one bucket.

Files are written under a temporary name and renamed: a task run twice (its worker died)
writes the same table again, and a reader never sees half a file.
"""
from __future__ import annotations

import os
import tempfile
import zlib
from pathlib import Path
from typing import Any, Iterable, Sequence

import pyarrow as pa
import pyarrow.parquet as pq

from govkg.extractors.records import Article, Entity, Evidence, Extraction, Relation

from .keys import Doc

__all__ = ["bucket", "write_table", "read_columns", "write_extractions", "read_extractions", "Rows",
           "evidence_columns", "evidence_of", "docs_of"]

_STR, _INT = pa.string(), pa.int64()
_EVIDENCE = [("ev_article", pa.list_(_INT)), ("ev_start", pa.list_(_INT)), ("ev_end", pa.list_(_INT)),
             ("ev_sentence", pa.list_(_STR))]
# The articles an evidence list cites: index, title, ISO date ("" unknown).
_ARTICLES = [("art_index", pa.list_(_INT)), ("art_title", pa.list_(_STR)), ("art_date", pa.list_(_STR))]

SCHEMAS: dict[str, pa.Schema] = {
    "docs": pa.schema([("doc", _STR), ("skipped", pa.list_(_STR))]),
    "articles": pa.schema([("doc", _STR), ("index", _INT), ("title", _STR), ("date", _STR), ("url", _STR),
                           ("source", _STR)]),
    "entities": pa.schema([("doc", _STR), ("type", _STR), ("name", _STR), ("level", _STR), ("kind", _STR),
                           ("code", _STR), ("parent", _STR), ("aliases", pa.list_(_STR)), *_EVIDENCE]),
    "relations": pa.schema([("doc", _STR), ("s", _STR), ("p", _STR), ("o", _STR), ("title", _STR),
                            ("s_type", _STR), ("o_type", _STR), *_EVIDENCE]),
    "mentions": pa.schema([("key", _STR), ("doc", _STR), ("type", _STR), ("name", _STR), ("level", _STR),
                           ("kind", _STR), ("code", _STR), ("aliases", pa.list_(_STR)), *_EVIDENCE, *_ARTICLES]),
    "edges": pa.schema([("s", _STR), ("o", _STR), ("p", _STR), ("title", _STR), ("doc", _STR), *_EVIDENCE,
                        *_ARTICLES]),
    "posts": pa.schema([("org", _STR), ("title", _STR)]),
}


def bucket(key: str, buckets: int) -> int:
    """The bucket of a node key: CRC-32 of its UTF-8 bytes (Python's ``hash`` differs between
    processes), modulo ``buckets``."""
    return zlib.crc32(key.encode("utf-8")) % buckets


class Rows:
    """Columns of one table being filled row by row (a dict of lists: what ``pa.table`` takes)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.cols: dict[str, list[Any]] = {name: [] for name in SCHEMAS[kind].names}

    def add(self, **row: Any) -> None:
        for name, col in self.cols.items():
            col.append(row[name])

    def __len__(self) -> int:
        return len(next(iter(self.cols.values())))


def write_table(rows: Rows, path: Path) -> None:
    """Write ``rows`` as Parquet at ``path`` (atomically: a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.table(rows.cols, schema=SCHEMAS[rows.kind])
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".parquet")
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_columns(paths: Sequence[Path], kind: str) -> dict[str, list[Any]]:
    """The columns of the tables at ``paths`` (all of one ``kind``), concatenated, as lists."""
    names = SCHEMAS[kind].names
    cols: dict[str, list[Any]] = {n: [] for n in names}
    for path in paths:
        table = pq.read_table(path)
        for n in names:
            cols[n] += table.column(n).to_pylist()
    return cols


# ---------------------------------------------------------------- evidence as columns
def evidence_columns(items: Iterable[Any]) -> dict[str, list[Any]]:
    """``ev_*`` columns of evidence items (``Evidence``, or spots ``(doc, article, start, end, sentence)``)."""
    arts, starts, ends, sentences = [], [], [], []
    for m in items:
        a, s, e, sen = (m.article, m.start, m.end, m.sentence) if isinstance(m, Evidence) else m[1:]
        arts.append(a)
        starts.append(s)
        ends.append(e)
        sentences.append(sen)
    return {"ev_article": arts, "ev_start": starts, "ev_end": ends, "ev_sentence": sentences}


def evidence_of(cols: dict[str, list[Any]], i: int) -> tuple[Evidence, ...]:
    """The evidence of row ``i``."""
    return tuple(Evidence(a, s, e, sen) for a, s, e, sen in
                 zip(cols["ev_article"][i], cols["ev_start"][i], cols["ev_end"][i], cols["ev_sentence"][i]))


def docs_of(*tables: dict[str, list[Any]]) -> dict[str, Doc]:
    """Documents that know the titles and dates of the articles the rows' evidence cites (what
    ``merge.node_attrs`` and ``merge.edge_attrs`` look up), by name."""
    seen: dict[str, dict[int, tuple[str, str]]] = {}
    for cols in tables:
        for doc, idx, titles, dates in zip(cols["doc"], cols["art_index"], cols["art_title"], cols["art_date"]):
            known = seen.setdefault(doc, {})
            known.update(zip(idx, zip(titles, dates)))
    out = {}
    for doc, known in seen.items():
        n = max(known, default=-1) + 1
        td = [known.get(i, ("", "")) for i in range(n)]
        out[doc] = Doc(Extraction(doc), {}, {}, tuple(t for t, _ in td), tuple(d for _, d in td))
    return out


# ---------------------------------------------------------------- extractions
def write_extractions(xs: Sequence[Extraction], folder: Path) -> None:
    """The four extraction tables of one partition, in ``folder``."""
    t = {kind: Rows(kind) for kind in ("docs", "articles", "entities", "relations")}
    for x in xs:
        t["docs"].add(doc=x.doc, skipped=list(x.skipped))
        for a in x.articles:
            t["articles"].add(doc=x.doc, index=a.index, title=a.title, date=a.date, url=a.url, source=a.source)
        for e in x.entities:
            t["entities"].add(doc=x.doc, type=e.type, name=e.name, level=e.level, kind=e.kind, code=e.code,
                              parent=e.parent, aliases=list(e.aliases), **evidence_columns(e.mentions))
        for r in x.relations:
            t["relations"].add(doc=x.doc, s=r.s, p=r.p, o=r.o, title=r.title, s_type=r.s_type, o_type=r.o_type,
                               **evidence_columns(r.evidence))
    for kind, rows in t.items():
        write_table(rows, folder / f"{kind}.parquet")


def read_extractions(folder: Path) -> list[Extraction]:
    """The extractions of one partition, in the order written (entities and relations too: the
    first of two same-named entities is the one identity looks up)."""
    docs = read_columns([folder / "docs.parquet"], "docs")
    arts = read_columns([folder / "articles.parquet"], "articles")
    ents = read_columns([folder / "entities.parquet"], "entities")
    rels = read_columns([folder / "relations.parquet"], "relations")
    by_doc: dict[str, tuple[list[Article], list[Entity], list[Relation]]] = {d: ([], [], []) for d in docs["doc"]}
    for i, doc in enumerate(arts["doc"]):
        by_doc[doc][0].append(Article(doc=doc, index=arts["index"][i], title=arts["title"][i], body="", offsets=(),
                                      date=arts["date"][i], url=arts["url"][i], source=arts["source"][i]))
    for i, doc in enumerate(ents["doc"]):
        by_doc[doc][1].append(Entity(ents["type"][i], ents["name"][i], level=ents["level"][i], kind=ents["kind"][i],
                                     code=ents["code"][i], parent=ents["parent"][i],
                                     aliases=tuple(ents["aliases"][i]), mentions=evidence_of(ents, i)))
    for i, doc in enumerate(rels["doc"]):
        by_doc[doc][2].append(Relation(rels["s"][i], rels["p"][i], rels["o"][i], title=rels["title"][i],
                                       evidence=evidence_of(rels, i), s_type=rels["s_type"][i],
                                       o_type=rels["o_type"][i]))
    return [Extraction(doc, tuple(a), tuple(e), tuple(r), skipped=tuple(sk))
            for (doc, (a, e, r)), sk in zip(by_doc.items(), docs["skipped"])]
