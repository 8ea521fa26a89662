"""Extraction ⇄ JSON-ready dicts in the gold format (``../shared/docs/gold-format.md``), plus evidence.

The gold fields (name, type, level, kind, aliases; s, p, o, title) come first; evidence
and offsets are extra fields that the scorer ignores and the graph builder keeps.
"""
from __future__ import annotations

import json
from typing import Any

from .records import Article, Caption, Entity, Evidence, Extraction, Relation

__all__ = ["to_dict", "from_dict", "dumps"]


def _evidence(e: Evidence, records: tuple[int, ...] = ()) -> dict[str, Any]:
    """An evidence dict; in a feed (``records``: each article's record) it names the record too,
    since its span points into that record's text, not into the file."""
    d: dict[str, Any] = {"article": e.article, "start": e.start, "end": e.end, "sentence": e.sentence}
    if records:
        d["record"] = records[e.article]
    return d


def _article(a: Article) -> dict[str, Any]:
    return {
        "title": a.title, "kicker": list(a.kicker), "source": a.source,
        "reporters": list(a.reporters), "correspondents": list(a.correspondents),
        "date": a.date, "url": a.url, "record": a.record,
        "start": a.start, "end": a.end,
        "captions": [{"text": c.text, "credit": list(c.credit), "start": c.start, "end": c.end}
                     for c in a.captions],
    }


def to_dict(x: Extraction) -> dict[str, Any]:
    """The JSON-ready form of one document's extraction."""
    records = tuple(a.record for a in x.articles) if any(a.record for a in x.articles) else ()
    ents = []
    for e in x.entities:
        d: dict[str, Any] = {"name": e.name, "type": e.type}
        if e.level:
            d["level"] = e.level
        if e.kind:
            d["kind"] = e.kind
        if e.aliases:
            d["aliases"] = list(e.aliases)
        if e.code:
            d["code"] = e.code
        if e.parent:
            d["parent"] = e.parent
        d["evidence"] = [_evidence(m, records) for m in e.mentions]
        ents.append(d)
    rels = []
    for r in x.relations:
        d = {"s": r.s, "p": r.p, "o": r.o}
        if r.title:
            d["title"] = r.title
        d["s_type"], d["o_type"] = r.s_type, r.o_type
        d["evidence"] = [_evidence(m, records) for m in r.evidence]
        rels.append(d)
    d = {"doc": x.doc, "articles": [_article(a) for a in x.articles], "entities": ents, "relations": rels}
    if x.skipped:
        d["skipped"] = list(x.skipped)
    return d


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def dumps(x: Extraction) -> str:
    """``to_dict(x)`` as JSON text, one article, entity or relation a line.

    Still easy to read and to grep, and written by json's C encoder: ``indent=`` makes json
    fall back to its pure-Python encoder, which took a quarter of all extraction time.
    """
    d = to_dict(x)

    def block(items: list[Any]) -> str:
        return "[\n  " + ",\n  ".join(map(_ENCODE, items)) + "\n ]" if items else "[]"

    skipped = f',\n "skipped": {block(d["skipped"])}' if "skipped" in d else ""
    return (f'{{"doc": {_ENCODE(d["doc"])},\n "articles": {block(d["articles"])},\n'
            f' "entities": {block(d["entities"])},\n "relations": {block(d["relations"])}{skipped}\n}}\n')


def from_dict(d: dict[str, Any]) -> Extraction:
    """Rebuild an Extraction from ``to_dict`` output (article bodies are not kept in JSON)."""
    def ev(items: list[dict[str, Any]]) -> tuple[Evidence, ...]:
        return tuple(Evidence(i["article"], i["start"], i["end"], i.get("sentence", "")) for i in items)

    arts = tuple(
        Article(doc=d["doc"], index=i, title=a["title"], body="", offsets=(),
                kicker=tuple(a.get("kicker", ())), source=a.get("source", ""),
                reporters=tuple(a.get("reporters", ())),
                correspondents=tuple(a.get("correspondents", ())),
                captions=tuple(Caption(c["text"], tuple(c.get("credit", ())), c.get("start", 0), c.get("end", 0))
                               for c in a.get("captions", ())),
                start=a.get("start", 0), end=a.get("end", 0), date=a.get("date", ""),
                url=a.get("url", ""), record=a.get("record", 0))
        for i, a in enumerate(d.get("articles", ())))
    ents = tuple(
        Entity(type=e["type"], name=e["name"], level=e.get("level", ""), kind=e.get("kind", ""),
               code=e.get("code", ""), parent=e.get("parent", ""),
               aliases=tuple(e.get("aliases", ())), mentions=ev(e.get("evidence", [])))
        for e in d.get("entities", ()))
    rels = tuple(
        Relation(s=r["s"], p=r["p"], o=r["o"], title=r.get("title", ""),
                 evidence=ev(r.get("evidence", [])), s_type=r.get("s_type", ""),
                 o_type=r.get("o_type", ""))
        for r in d.get("relations", ()))
    return Extraction(doc=d["doc"], articles=arts, entities=ents, relations=rels,
                      skipped=tuple(d.get("skipped", ())))
