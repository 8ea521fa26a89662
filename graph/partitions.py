"""What a worker of a distributed build does with one partition of documents (``distributed``
runs these as Dask tasks; each is a plain function of paths and small tables, so any worker
can run it, and run it again if the one that ran it died). Paths are local or fsspec URLs
(``storage``): a worker reads and writes them itself.

1. ``extract``: the documents' extractions (from the extraction cache, or extracted and
   cached), written as the partition's Parquet tables (``stages``); returned: the anchored
   place names and the programme name links, one row per distinct name.
2. ``organisations`` and 3. ``people``: the same for the next type, given the corpus-wide
   tables of the types before it (``keys.unique_anchors``), and the programme label votes.
4. ``shuffle``: every node key of the partition's entities and relations; each node's summary
   and each edge's titles written to the bucket of their key (``stages.bucket``); and what the
   evidence gives (entities' mentions, facts' derivations, the documents, articles and quoted
   spans they cite) written as a shard of N-Triples: evidence belongs to one document, so to
   one partition, and a node mentioned in every document never has all its evidence in one place.

Every step recomputes the keys of its documents from the tables it is given with the same
functions as the embedded build (``keys``), which is why the two builds agree exactly.
"""
from __future__ import annotations

import gc
import itertools
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import networkx as nx

from govkg import ontology

from . import extraction
from .cited import Cited
from .keys import (ANCHORED_TYPES, Doc, Keys, Votes, anchored_names, program_keys, program_links, program_votes,
                   propose, settle)
from .merge import article_meta, edge_attrs, node_attrs, relations, summary
from .rdf import Describer
from .shards import write_shard
from .tidy import between_tasks
from .storage import is_url, join
from .stages import Rows, bucket, read_extractions, summary_row, write_extractions, write_table

__all__ = ["Part", "Tables", "extract", "organisations", "people", "shuffle", "keys_of", "cap"]

# At most this many anchored keys per name cross the network: two already say "not unique".
_CAP = 2


@dataclass(frozen=True)
class Part:
    """One partition: its number, files and document names (``inputs.doc_names``)."""

    index: int
    files: tuple[str, ...]
    names: tuple[str, ...]


@dataclass(frozen=True)
class Tables:
    """The corpus-wide tables identity needs, gathered from the partitions by ``distributed``:
    the unique anchored key of each name, per type in ``ANCHORED_TYPES`` order; each programme
    form's group; each group's label."""

    unique: tuple[dict[str, str], ...] = ()
    roots: dict[str, str] | None = None
    labels: dict[str, str] | None = None


def cap(anchored: dict[str, set[str]]) -> dict[str, set[str]]:
    """Anchored keys per name, at most two kept (sorted first): enough to tell one from several."""
    return {n: ks if len(ks) <= _CAP else set(sorted(ks)[:_CAP]) for n, ks in anchored.items()}


def _folder(stages: str, part: Part) -> str:
    return join(stages, "extract", f"part-{part.index:05d}")


def _docs(stages: str, part: Part) -> list[Doc]:
    gc.set_threshold(50_000, 20, 100)          # heap.BULK_THRESHOLD: our records hold no cycles
    return [Doc.of(x) for x in read_extractions(_folder(stages, part))]


def keys_of(docs: Sequence[Doc], tables: Tables) -> Keys:
    """The keys of ``docs`` as far as ``tables`` go: the anchored types whose unique-name tables
    are given, then the programmes if their groups and labels are."""
    keys: Keys = {}
    for type_, unique in zip(ANCHORED_TYPES, tables.unique):
        settle(propose(docs, type_, keys), type_, keys, unique)
    if tables.roots is not None and tables.labels is not None:
        program_keys(docs, tables.roots, tables.labels, keys)
    return keys


@between_tasks
def extract(part: Part, stages: str, cache_root: str, fields: dict[str, str]) -> dict[str, Any]:
    """Step 1: extract (or read from the cache) and write the partition's tables."""
    from .cache import Cache
    gc.set_threshold(50_000, 20, 100)
    xs, skipped, fresh = [], [], 0
    files = [f if is_url(f) else Path(f) for f in part.files]
    for item in extraction.extract_json(files, 1, Cache(cache_root if is_url(cache_root) else Path(cache_root)),
                                        fields=fields, names=part.names):
        if item.json is None:
            skipped.append(f"{item.path}: {item.reason}")
            continue
        x = extraction.load_extraction(item.json)
        skipped += x.skipped
        fresh += not item.cached
        xs.append(x)
    write_extractions(xs, _folder(stages, part))
    docs = [Doc.of(x) for x in xs]
    return {"docs": len(xs), "fresh": fresh, "skipped": skipped,
            "anchored": cap(anchored_names(propose(docs, "Place", {}))), "links": program_links(docs)}


@between_tasks
def organisations(part: Part, stages: str, tables: Tables) -> dict[str, Any]:
    """Step 2 (places settled): anchored organisation names, and programme label votes."""
    docs = _docs(stages, part)
    keys = keys_of(docs, tables)
    assert tables.roots is not None
    votes: Votes = program_votes(docs, tables.roots)
    return {"anchored": cap(anchored_names(propose(docs, "Organization", keys))), "votes": votes}


@between_tasks
def people(part: Part, stages: str, tables: Tables) -> dict[str, Any]:
    """Step 3 (places and organisations settled): anchored people's names."""
    docs = _docs(stages, part)
    return {"anchored": cap(anchored_names(propose(docs, "Person", keys_of(docs, tables))))}


@between_tasks
def shuffle(part: Part, stages: str, tables: Tables, buckets: int, shards: str, base: str | None) -> int:
    """Step 4: each node's summary and each edge's titles to the bucket of its (subject) key,
    posts to the bucket of their organisation; and the shard of the triples the partition's
    evidence gives: entities' mentions, facts' derivations, and the documents, articles and
    spans they cite. Returns the shard's triple count."""
    docs = _docs(stages, part)
    keys = keys_of(docs, tables)
    by_name = {d.x.doc: d for d in docs}
    members: dict[str, list[tuple[Doc, Any]]] = defaultdict(list)
    for d in docs:
        for e in d.x.entities:
            members[keys[(d.x.doc, e.type, e.name)]].append((d, e))
    edges: dict[tuple[str, str, str], tuple[list[str], list[Any]]] = defaultdict(lambda: ([], []))
    for d in docs:
        for s, o, p, title, spots in relations(d, keys):
            edges[(s, o, p)][0].append(title)
            edges[(s, o, p)][1].extend(spots)
    out = {kind: [Rows(kind) for _ in range(buckets)] for kind in ("nodes", "edges", "posts")}
    describer = Describer(ontology.base(base))
    cited, blocks = Cited(), []        # noted in the order ``rdf.describe`` notes them
    for key in sorted(members):
        found = members[key]
        a = node_attrs(found[0][1].type, key, found, by_name)
        cited.note(a["articles"], a["evidence"])
        blocks.append((describer.m.node(key), describer.cites(a)))
        out["nodes"][bucket(key, buckets)].add(**summary_row(key, a["type"], summary(found), a["mentions"]))
    for (s, o, p), (titles, spots) in sorted(edges.items()):
        ea = edge_attrs(p, titles, spots, by_name)
        cited.note((), ea["evidence"])
        cited.hold(o, p, ea)
        blocks.append((describer.m.fact(p, s, o), describer.derivations(ea)))
        out["edges"][bucket(s, buckets)].add(s=s, o=o, p=p, titles=sorted(set(titles)))
    for org, title in sorted(cited.posts):
        out["posts"][bucket(org, buckets)].add(org=org, title=title)
    for kind, per_bucket in out.items():
        for b, rows in enumerate(per_bucket):
            if len(rows):
                write_table(rows, join(stages, "shuffle", f"b-{b:05d}", f"p-{part.index:05d}.{kind}.parquet"))
    G: nx.MultiDiGraph = nx.MultiDiGraph()
    G.graph["articles"] = {k: v for d in docs for k, v in article_meta(d.x).items()}
    sections = (block for kind, items in cited.sections() if kind != "post" for block in describer.blocks(G, kind, items))
    return write_shard(join(shards, f"part-cited-{part.index:05d}.nt"), itertools.chain(blocks, sections))
