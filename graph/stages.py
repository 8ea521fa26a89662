"""The stages of a distributed build as Parquet tables (pyarrow), so that the steps after
extraction read columns from a shared folder instead of passing Python objects around, and a
worker that dies leaves nothing that another cannot read or redo.

* **Extraction tables**, one set per partition of documents: ``docs`` (name, skipped feed
  records), ``articles`` (index, title, date, URL, source), ``entities`` (with their mentions)
  and ``relations`` (with their evidence). ``read_extractions`` gives back the ``Extraction`` s
  with everything identity and merge read (article bodies are not kept: merge never reads them).
* **Shuffle tables**, one per (partition, bucket): each node key's summary in the partition
  (``nodes``: what its label, aliases and votes are chosen from, and its mention count), each
  edge's titles (``edges``) and the posts they name (``posts``). Evidence never crosses: the
  triples it gives are written by the partition that read it. A key's bucket is a stable hash
  of the key (``bucket``), the same in every process: every summary of a node, and every edge
  it is the subject of, meet in one bucket, whose size does not grow with the node's mentions.

Files are written under a temporary name and renamed (at a URL, uploaded whole: ``storage``):
a task run twice (its worker died) writes the same table again, and a reader never sees half a file.
"""
from __future__ import annotations

import zlib
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Sequence

import pyarrow as pa
import pyarrow.parquet as pq

from govkg.extractors.records import Article, Entity, Evidence, Extraction, Relation

from .merge import VOTED
from .storage import join, writing

__all__ = ["bucket", "write_table", "read_columns", "write_extractions", "read_extractions", "Rows",
           "evidence_columns", "evidence_of", "summary_row", "summary_of"]

_STR, _INT = pa.string(), pa.int64()
_EVIDENCE = [("ev_article", pa.list_(_INT)), ("ev_start", pa.list_(_INT)), ("ev_end", pa.list_(_INT)),
             ("ev_sentence", pa.list_(_STR))]

SCHEMAS: dict[str, pa.Schema] = {
    "docs": pa.schema([("doc", _STR), ("skipped", pa.list_(_STR))]),
    "articles": pa.schema([("doc", _STR), ("index", _INT), ("title", _STR), ("date", _STR), ("url", _STR),
                           ("source", _STR)]),
    "entities": pa.schema([("doc", _STR), ("type", _STR), ("name", _STR), ("level", _STR), ("kind", _STR),
                           ("code", _STR), ("parent", _STR), ("aliases", pa.list_(_STR)), *_EVIDENCE]),
    "relations": pa.schema([("doc", _STR), ("s", _STR), ("p", _STR), ("o", _STR), ("title", _STR),
                            ("s_type", _STR), ("o_type", _STR), *_EVIDENCE]),
    # A node's summary (``merge.summary``) from one partition: name tallies, names and aliases,
    # votes per attribute, and its distinct mentions in the partition's documents.
    "nodes": pa.schema([("key", _STR), ("type", _STR), ("names", pa.list_(_STR)), ("t_name", pa.list_(_STR)),
                        ("t_docs", pa.list_(_INT)), ("t_weight", pa.list_(_INT)), ("v_attr", pa.list_(_STR)),
                        ("v_value", pa.list_(_STR)), ("v_count", pa.list_(_INT)), ("mentions", _INT)]),
    "edges": pa.schema([("s", _STR), ("o", _STR), ("p", _STR), ("titles", pa.list_(_STR))]),
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


def write_table(rows: Rows, path: Path | str) -> None:
    """Write ``rows`` as Parquet at ``path`` (a local path or a URL), atomically (``storage.writing``)."""
    table = pa.table(rows.cols, schema=SCHEMAS[rows.kind])
    with writing(path) as f:
        pq.write_table(table, f)


def read_columns(paths: Sequence[Path | str], kind: str) -> dict[str, list[Any]]:
    """The columns of the tables at ``paths`` (all of one ``kind``), concatenated, as lists."""
    from .storage import fs_path, is_url
    names = SCHEMAS[kind].names
    cols: dict[str, list[Any]] = {n: [] for n in names}
    for path in paths:
        if is_url(path):
            fs, p = fs_path(str(path))
            with fs.open(p, "rb") as f:
                table = pq.read_table(f)
        else:
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


def summary_row(key: str, type_: str, s: dict[str, Any], mentions: int) -> dict[str, Any]:
    """The ``nodes`` row of a node's summary (``merge.summary``) in one partition."""
    votes = [(attr, v, n) for attr in VOTED for v, n in s[attr].items()]
    return {"key": key, "type": type_, "names": sorted(s["names"]), "t_name": list(s["tally"]),
            "t_docs": [n for n, _ in s["tally"].values()], "t_weight": [w for _, w in s["tally"].values()],
            "v_attr": [a for a, _, _ in votes], "v_value": [v for _, v, _ in votes], "v_count": [n for _, _, n in votes],
            "mentions": mentions}


def summary_of(cols: dict[str, list[Any]], i: int) -> dict[str, Any]:
    """The summary of ``nodes`` row ``i`` (``summary_row`` read back)."""
    out: dict[str, Any] = {"tally": {n: (d, w) for n, d, w in zip(cols["t_name"][i], cols["t_docs"][i],
                                                                   cols["t_weight"][i])},
                           "names": set(cols["names"][i]), **{attr: Counter() for attr in VOTED}}
    for attr, v, n in zip(cols["v_attr"][i], cols["v_value"][i], cols["v_count"][i]):
        out[attr][v] += n
    return out


# ---------------------------------------------------------------- extractions
def write_extractions(xs: Sequence[Extraction], folder: Path | str) -> None:
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
        write_table(rows, join(folder, f"{kind}.parquet"))


def read_extractions(folder: Path | str) -> list[Extraction]:
    """The extractions of one partition, in the order written (entities and relations too: the
    first of two same-named entities is the one identity looks up)."""
    docs = read_columns([join(folder, "docs.parquet")], "docs")
    arts = read_columns([join(folder, "articles.parquet")], "articles")
    ents = read_columns([join(folder, "entities.parquet")], "entities")
    rels = read_columns([join(folder, "relations.parquet")], "relations")
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
