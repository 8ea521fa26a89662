"""The store at scale: ``govkg load`` rate, saved-query latency and a region read on a loaded store.

    python bench/store_bench.py --scales 100,500         # N× the seeds (bench/corpus.py): build, shard, load, query
    python bench/store_bench.py --graph out/graph.ttl    # an existing build's graph, sharded here
    python bench/store_bench.py --shards out/shards      # the shards of a distributed build, as they are

For each graph: its triples; ``govkg load`` (``store.load``) of N-Triples shards into a new
store, in seconds and triples/s, and the store's size on disk; each saved query's latency on
the store (``ontology/queries/*.rq``, median of three runs, one when the first takes over
five seconds; the store opened read-only, as ``govkg query`` and ``serve`` open it), with its
rows; and ``load(store, region=CITY)``, the notebook's region read, at depth 1 and 2. CITY
is the city with most places below it, and the ``entity`` parameter the most mentioned
programme.

A scale's corpus and build are kept under ``--work`` and reused by the next run; the shards
and the store are made again each run. Shards are written from graph.ttl by ``write_shards``
(gzip, no blank nodes), the shape the distributed build writes.
"""
from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def write_shards(ttl: Path, folder: Path, n: int = 8, compress: bool = True) -> list[Path]:
    """Write the triples of ``ttl`` as ``n`` N-Triples files (``part-00000.nt[.gz]``…), round robin."""
    import pyoxigraph as ox

    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"part-{i:05d}.nt{'.gz' if compress else ''}" for i in range(n)]
    outs = [gzip.open(p, "wb", compresslevel=1) if compress else open(p, "wb") for p in paths]
    try:
        for i, t in enumerate(ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE)):
            outs[i % n].write(f"{t} .\n".encode("utf-8"))
    finally:
        for f in outs:
            f.close()
    return paths


def _timed(f: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    t = time.perf_counter()
    out = f(*args, **kwargs)
    return time.perf_counter() - t, out


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _built(scale: int, work: Path, jobs: int) -> Path:
    """graph.ttl of ``scale``× the seeds, generated and built under ``work`` unless there already."""
    out = work / f"out-{scale}"
    if not (out / "graph.ttl").is_file():
        sys.path.insert(0, str(ROOT / "bench"))
        from corpus import Seeds, generate

        from govkg.extractors.lexicon import load
        lex = load()
        docs = work / f"corpus-{scale}"
        if not docs.is_dir():
            generate(scale, docs, Seeds.read(ROOT / "seeds", lex), lex)
        subprocess.run([sys.executable, "-m", "govkg.graph.cli", "build", str(docs), "-o", str(out),
                        "--jobs", str(jobs)], check=True, stdout=subprocess.DEVNULL)
    return out / "graph.ttl"


def _params(store: Any) -> dict[str, str]:
    from govkg.graph import query as q

    (city, program), = q.rows(store, """SELECT ?c ?p WHERE {
        { SELECT ?c WHERE { ?x a gov:City ; skos:prefLabel ?c . ?y gov:partOf+ ?x } GROUP BY ?c ORDER BY DESC(COUNT(?y)) LIMIT 1 }
        { SELECT ?p WHERE { ?x a gov:Program ; skos:prefLabel ?p ; gov:mentions ?n } ORDER BY DESC(?n) LIMIT 1 } }""")[1]
    return {"place": city, "entity": program}


def bench(title: str, shards: list[Path], work: Path) -> str:
    """Load ``shards`` into a new store under ``work``, time the saved queries and a region; a table."""
    import pyoxigraph as ox

    from govkg.graph import load as load_region
    from govkg.graph import query as q
    from govkg.graph.store import load

    store_dir = work / "store"
    shutil.rmtree(store_dir, ignore_errors=True)
    loaded = load(shards, store_dir)
    disk = sum(f.stat().st_size for f in store_dir.rglob("*") if f.is_file()) / 2**20
    store = ox.Store.read_only(str(store_dir))
    params = _params(store)
    lines = [f"### {title}: {loaded.total:,} triples", "",
             f"load: {len(shards)} shards ({sum(p.stat().st_size for p in shards) / 2**20:.0f} MB) in "
             f"{loaded.seconds:.1f} s, {loaded.rate:,.0f} triples/s; store {disk:.0f} MB on disk", "",
             "| query | latency | rows |", "| --- | ---: | ---: |"]
    for name, saved in q.saved_queries().items():
        values = {k: params.get(k, v) for k, v in saved.params.items()}
        times, rows = [], 0
        for _ in range(3):
            dt, (_, data) = _timed(q.rows, store, name, values)
            times.append(dt)
            rows = len(data)
            if dt > 5:
                break
        lines.append(f"| {name} | {_fmt(statistics.median(times))} | {rows} |")
    store = None                                   # closed: the region reads open it again
    lines += ["", "| region read | entities | relations | RDF triples | time |", "| --- | ---: | ---: | ---: | ---: |"]
    for depth in (1, 2):
        dt, kg = _timed(load_region, store_dir, region=params["place"], depth=depth)
        lines.append(f"| load(store, region={params['place']}, depth={depth}) | {kg.nx.number_of_nodes():,} | "
                     f"{kg.nx.number_of_edges():,} | {len(kg.rdf):,} | {_fmt(dt)} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scales", default="100,500", help="comma-separated multiples of the seeds")
    ap.add_argument("--graph", help="a graph.ttl (or OUT folder) to shard and load instead of --scales")
    ap.add_argument("--shards", help="a folder of N-Triples shards to load as they are")
    ap.add_argument("--work", default="/tmp/govkg-store-bench", help="folder for corpora, builds, shards, store")
    ap.add_argument("--jobs", type=int, default=2, help="build processes")
    args = ap.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    if args.shards:
        from govkg.graph.store import find_shards
        print(bench(f"shards {args.shards}", find_shards([args.shards]), work), flush=True)
        return 0
    graphs = [(f"graph {args.graph}", Path(args.graph))] if args.graph else \
        [(f"{s}× the seeds", _built(s, work, args.jobs)) for s in map(int, args.scales.split(","))]
    for title, ttl in graphs:
        ttl = ttl / "graph.ttl" if ttl.is_dir() else ttl
        shutil.rmtree(work / "shards", ignore_errors=True)
        dt, shards = _timed(write_shards, ttl, work / "shards")
        print(f"({title}: {len(shards)} shards written in {dt:.1f} s)", file=sys.stderr)
        print(bench(title, shards, work), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
