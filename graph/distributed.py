"""``govkg build PATH... -o OUT --scheduler ADDRESS``: the build on a Dask cluster, for corpora
past what one process holds (the embedded build keeps the whole graph in memory).

The stages pass data through files in OUT (a folder every worker sees: one machine, a shared
file system, or an fsspec URL such as ``s3://bucket/out``, see ``storage``), not through this
process:

1. each partition of documents (about ``PART_BYTES`` of input) is extracted by a worker,
   through the extraction cache, into Parquet tables (``partitions.extract``, ``stages``);
2. identity's corpus-wide steps run as reductions over small tables, one row per distinct
   name: the anchored keys of each place, organisation and person name (three rounds, since
   each type's key may name the one before), and the programme name links and label votes
   (``keys``); the tables are broadcast to the workers;
3. each partition writes the triples its evidence gives to a shard (mentions, derivations,
   the documents, articles and spans cited: evidence belongs to one document), and sends each
   node's summary (names, votes, counts) and each edge's titles to the bucket of its node key
   (``partitions.shuffle``);
4. each bucket is merged and described by one worker (``buckets.reduce_bucket``), and the
   gazetteer's places added from the coded places the buckets report (``buckets.gazetteer``).

The result is ``OUT/shards/part-*.nt``: the same triples as the embedded build's graph.ttl.
A worker's memory stays about flat as the corpus grows (peak +17% from 500× to 2000× the
seeds, ``bench/scale.py``): results are fetched as each task ends (``fetched``), and what a
worker keeps between tasks is bounded (``tidy``).
A worker that dies has its tasks run again elsewhere (every task is a function of files and
small tables, and writes its files atomically); a build that is interrupted and run again
extracts only the documents the cache does not hold. The shards are written to a hidden
folder and swapped in when complete, so a failed build leaves the previous ones whole.
"""
from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import sys
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from .inputs import doc_names, find_any
from .keys import Votes, add_votes, program_labels, program_roots, unique_anchors
from .partitions import Part, Tables, cap, extract, organisations, people, shuffle
from .builder import corrections_or_why, sweep
from .corrections import Corrections, Problem, apply_corrections
from .shards import SHARDS, write_shard
from . import storage
from .storage import check_out, files_in, fs_path, is_url, join, makedirs, read_bytes, remove

__all__ = ["build", "connect", "partition", "cli", "Report", "PART_BYTES"]

# Input per extraction partition and per merge bucket: what a worker holds at a time does not grow
# with the corpus. Partitions are small so that the last ones keep every worker busy; buckets
# larger, so that partitions × buckets shuffle files stay few.
PART_BYTES = 1 << 20
BUCKET_BYTES = 8 << 20
STAGES = ".stages"


@dataclass
class Report:
    """What a distributed build did."""

    docs: int = 0
    fresh: int = 0                      # documents extracted (the others came from the cache)
    skipped: list[str] = field(default_factory=list)
    triples: int = 0                    # written, summed over shards (a triple is in one shard)
    types: Counter = field(default_factory=Counter)
    predicates: Counter = field(default_factory=Counter)
    parts: int = 0
    buckets: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


@contextlib.contextmanager
def connect(address: str) -> Iterator[Any]:
    """A Dask client: ``local:N`` starts N worker processes (one thread each) on loopback;
    anything else is a scheduler's address (``tcp://host:8786``)."""
    from distributed import Client, LocalCluster

    if address.startswith("local:"):
        n = int(address.split(":", 1)[1] or 0) or os.cpu_count() or 1
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            yield client
    else:
        with Client(address) as client:
            yield client


def partition(files: Sequence[Path | str], names: Sequence[str], part_bytes: int,
              sizes: Sequence[int] | None = None) -> list[Part]:
    """Consecutive files in partitions of about ``part_bytes`` each (at least one file);
    ``sizes``: the files' sizes, if known (a URL's, from its listing), else asked of the disk."""
    parts: list[Part] = []
    todo: list[tuple[str, str]] = []
    size = 0
    for i, (f, name) in enumerate(zip(files, names)):
        todo.append((str(f), name))
        if sizes is not None:
            size += sizes[i]
        else:
            try:
                size += Path(f).stat().st_size
            except OSError:
                pass                        # the extractor reports it
        if size >= part_bytes:
            parts.append(Part(len(parts), tuple(p for p, _ in todo), tuple(n for _, n in todo)))
            todo, size = [], 0
    if todo:
        parts.append(Part(len(parts), tuple(p for p, _ in todo), tuple(n for _, n in todo)))
    return parts


def _unique(results: list[dict[str, Any]]) -> dict[str, str]:
    anchored: dict[str, set[str]] = defaultdict(set)
    for r in results:
        for name, ks in r["anchored"].items():
            anchored[name] |= ks
    return unique_anchors(cap(anchored))


def build(paths: Sequence[str | Path], out: str | Path, client: Any, cache: str | Path | None = None,
          fields: dict[str, str] | None = None, part_bytes: int = 0, buckets: int = 0,
          base: str | None = None, say: Callable[[str], None] = lambda s: None) -> Report:
    """Build ``paths`` into ``OUT/shards`` on the cluster of ``client`` (see the module text).

    ``part_bytes``: input per partition (default ``PART_BYTES``, less for a small corpus so that
    every worker gets some); ``buckets``: merge buckets (default: one per ``BUCKET_BYTES`` of
    input, at least twice the workers). ``say`` hears what each step is doing and how long it took.
    """
    from .buckets import gazetteer, reduce_bucket

    out = str(out)
    if is_url(out):
        check_out(out)
    cache_root = str(cache) if cache else join(out, ".cache")
    report = Report()
    found = find_any(paths, exclude=(out, cache_root))
    files, sizes = found.files, found.sizes
    report.skipped += [f"{p}: {why}" for p, why in found.refused]
    if not files:
        return report
    workers = max(1, len(client.scheduler_info()["workers"]))
    total = sum(sizes)
    parts = partition(files, doc_names(files), part_bytes or max(1, min(PART_BYTES, -(-total // (2 * workers)))),
                      sizes)
    n_buckets = buckets or max(2 * workers, -(-total // BUCKET_BYTES))
    report.parts, report.buckets = len(parts), n_buckets
    makedirs(out)
    if not is_url(out):
        sweep(Path(out), ".shards-")
    stages = join(out, STAGES)
    remove(stages)
    shards = join(out, f".shards-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    makedirs(shards)
    try:
        def run(step: str, fn: Callable[..., Any], items: Sequence[Any], **kw: Any) -> list[Any]:
            t = time.perf_counter()
            say(f"{step}: {len(items)} task(s)")
            shared = {k: client.scatter(v, broadcast=True, hash=False) if isinstance(v, Tables) else v
                      for k, v in kw.items()}
            results = fetched(client.map(fn, items, pure=False, **shared))
            del shared
            report.seconds[step] = time.perf_counter() - t
            say(f"{step}: {report.seconds[step]:.1f} s")
            return results

        first = run("extract", extract, parts, stages=stages, cache_root=cache_root, fields=fields or {})
        report.docs = sum(r["docs"] for r in first)
        report.fresh = sum(r["fresh"] for r in first)
        report.skipped += [s for r in first for s in r["skipped"]]
        if not report.docs:
            return report
        roots = program_roots(link for r in first for link in r["links"])
        place = _unique(first)
        del first
        second = run("organisations", organisations, parts, stages=stages, tables=Tables((place,), roots))
        org = _unique(second)
        votes: Votes = {}
        for r in second:
            add_votes(votes, r["votes"])
        labels = program_labels(votes)
        del second, votes
        person = _unique(run("people", people, parts, stages=stages, tables=Tables((place, org), roots)))
        tables = Tables((place, org, person), roots, labels)
        cited = run("shuffle", shuffle, parts, stages=stages, tables=tables, buckets=n_buckets, shards=shards,
                    base=base)
        del tables, place, org, person, roots, labels
        merged = run("merge", reduce_bucket, range(n_buckets), stages=stages, shards=shards, base=base)
        t = time.perf_counter()
        gaz = client.submit(gazetteer, [c for r in merged for c in r["coded"]],
                            [e for r in merged for e in r["partOf"]], shards, base, pure=False).result()
        report.seconds["gazetteer"] = time.perf_counter() - t
        report.triples = sum(cited) + sum(r["triples"] for r in merged) + gaz["triples"]
        for r in merged:
            report.types.update(r["types"])
            report.predicates.update(r["predicates"])
        report.types["Place"] += gaz["places"]
        report.predicates["partOf"] += gaz["edges"]
        _swap(shards, join(out, SHARDS))
        remove(stages)
    finally:
        remove(shards)
    return report


def fetched(futures: list[Any]) -> list[Any]:
    """The results of ``futures`` in their order, each fetched as soon as its task is done and
    its future dropped, so that the worker forgets it: a worker never holds the results of all
    its tasks (they grow with the corpus: a step has one task per partition)."""
    from distributed import as_completed

    order = {f.key: i for i, f in enumerate(futures)}
    results: list[Any] = [None] * len(futures)
    done = as_completed(futures, with_results=True)
    futures.clear()
    for future, result in done:
        results[order[future.key]] = result
        del future, result
    return results


def _swap(new: str, target: str) -> None:
    """Put the complete shards folder in place of the previous one (half-written files of
    tasks whose worker died are left out). At a URL the previous shards are removed and the
    new ones moved in (an object store moves by copying: no rename of a folder there)."""
    if is_url(new):
        fs, _ = fs_path(new)
        remove(target)
        makedirs(target)
        for f in files_in(new):                 # one level: shards are files side by side
            fs.mv(fs_path(f)[1], fs_path(join(target, storage.name(f)))[1])
        remove(new)
        return
    for tmp in Path(new).glob(".tmp-*"):
        tmp.unlink(missing_ok=True)
    parked = f"{new}-previous"
    if Path(target).is_dir():
        os.replace(target, parked)
    os.replace(new, target)
    shutil.rmtree(parked, ignore_errors=True)


def cli(args: argparse.Namespace) -> int:
    """``govkg build PATH... -o OUT --scheduler ADDRESS [--cache DIR] [--fields …]``."""
    from .sources import fields_option

    fields = fields_option(args) if getattr(args, "fields", None) else {}
    if fields is None:
        return 2
    if getattr(args, "store", None):
        print("govkg build: --store is for the embedded build; with --scheduler, load OUT/shards into a store "
              "with govkg load", file=sys.stderr)
        return 2
    fixes = corrections_or_why(getattr(args, "corrections", None))
    if isinstance(fixes, str):
        print(f"govkg build: {fixes}", file=sys.stderr)
        return 2
    _check_urls(args)
    with connect(args.scheduler) as client:
        report = build(args.paths, args.out, client, cache=getattr(args, "cache", None), fields=fields,
                       say=lambda s: print(s, file=sys.stderr))
    left_out = correct(args.out, fixes) if fixes and report.docs else []
    for problem in left_out:
        print(problem, file=sys.stderr)
    for why in report.skipped:
        print(f"SKIP {why}", file=sys.stderr)
    if not report.docs:
        print(f"govkg build: no document read in {' '.join(map(str, args.paths))}", file=sys.stderr)
        return 1 if report.skipped else 2
    print(f"{report.docs} document(s), {len(report.skipped)} skipped → {args.out}/{SHARDS}/: "
          f"{report.triples} triples in {report.parts + report.buckets + 1} N-Triples shards")
    print(f"{report.fresh} extracted, {report.docs - report.fresh} from cache")
    print(f"{sum(report.types.values())} nodes: " + ", ".join(f"{t} {n}" for t, n in sorted(report.types.items())))
    print(f"{sum(report.predicates.values())} edges: "
          + ", ".join(f"{p} {n}" for p, n in sorted(report.predicates.items())))
    if fixes:
        print(f"{len(fixes.entries) + len(fixes.problems) - len(left_out)} correction(s) applied, "
              f"{len(left_out)} left out ({fixes.path}, sha256 {fixes.sha256[:12]}…)")
    return 1 if report.skipped or left_out else 0


def _check_urls(args: argparse.Namespace) -> None:
    """Before a cluster is started: every URL named has a known protocol whose library is
    installed, and OUT and the cache, if URLs, can be written (``storage.StorageError``)."""
    cache = getattr(args, "cache", None)
    for p in [*args.paths, args.out, cache]:
        if p and is_url(str(p)):
            fs_path(str(p))
    for p, option in ((args.out, "-o"), (cache, "--cache")):
        if p and is_url(str(p)):
            check_out(str(p), option)


def correct(out: Path | str, fixes: Corrections) -> list[Problem]:
    """``--corrections`` on a distributed build: its shards read back into one graph in this
    process, corrected as the embedded build corrects its graph, and written again as one
    shard; return the rows left out. Shards read back to the graph they were written from (the
    same triples again), so both builds write the same corrected triples. This step holds the
    whole graph in one process: it is for corpora whose graph fits one machine."""
    import gzip

    from rdflib import Graph

    from .rdf import describe, from_rdf

    folder = join(out, SHARDS)
    parts = [p for p in files_in(folder) if storage.name(p).startswith("part-") and ".nt" in storage.name(p)]
    g = Graph()
    for p in parts:
        data = read_bytes(p)
        g.parse(data=(gzip.decompress(data) if p.endswith(".gz") else data).decode("utf-8"), format="nt")
    G = from_rdf(g)
    del g
    left_out = apply_corrections(G, fixes)
    write_shard(join(folder, "part-corrected.nt"), describe(G))
    for p in parts:
        remove(p)
    return left_out
