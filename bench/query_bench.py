"""Saved-query latency on pyoxigraph and on rdflib, for the seed graph and a synthetic large one.

    python bench/query_bench.py                      # seeds + ~1,000,000 triples, rdflib capped at 60 s
    python bench/query_bench.py --triples 200000 --timeout 30
    python bench/query_bench.py --skip-large         # seeds only

The synthetic graph has the seed graph's shape because it is made the same way: a networkx
graph with the attributes ``build.merge`` gives (places in a province → city → county →
township → village tree with division codes, organisations located in places, people
holding posts, programmes implemented by places and bodies, evidence spans in articles of
documents) written by ``rdf.to_rdf``. Its size is tuned by the number of counties.

Each rdflib query runs in a forked child of the process that parsed the graph once; a query
still running after ``--timeout`` seconds is killed and reported as ``>N s``. pyoxigraph
times are the median of three runs (one when the first takes over five seconds). Row counts
of both engines are printed side by side, so a difference in answers shows too.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

import networkx as nx

from govkg.graph import query as q

TRIPLES_PER_COUNTY = 2150            # measured on the generator below (the real count is printed)


# ---------------------------------------------------------------- the synthetic graph
def _ev(rng: random.Random, docs: int, label: str) -> dict[str, Any]:
    doc, art = f"{rng.randrange(docs):05d}_synthetic.txt", rng.randrange(6)
    start = rng.randrange(20000)
    return {"doc": doc, "article": art, "title": f"第{art}篇 {doc}", "start": start,
            "end": start + len(label), "sentence": f"……{label}……"}


def synthetic(counties: int, seed: int = 0) -> nx.MultiDiGraph:
    """A graph in the shape ``build.merge`` makes, with ``counties`` districts under one city."""
    rng = random.Random(seed)
    docs = max(10, counties * 4)
    G = nx.MultiDiGraph()

    def node(key: str, type_: str, label: str, n_ev: int = 2, **attrs: Any) -> str:
        evs = [_ev(rng, docs, label) for _ in range(n_ev)]
        G.add_node(key, type=type_, label=label, aliases=[], mentions=n_ev, code=attrs.pop("code", ""),
                   articles=[{k: e[k] for k in ("doc", "article", "title")} for e in evs], evidence=evs, **attrs)
        return key

    def edge(u: str, v: str, p: str, gazetteer: bool = False, **attrs: Any) -> None:
        evs = [] if gazetteer else [_ev(rng, docs, G.nodes[u]["label"])]
        G.add_edge(u, v, key=p, predicate=p, evidence=evs, source="gazetteer" if gazetteer else "text", **attrs)

    province = node("place/990000000000", "Place", "演示省", level="province", code="990000000000")
    city = node("place/990100000000", "Place", "演示市", level="city", code="990100000000")
    edge(city, province, "partOf", gazetteer=True)
    programs = [node(f"program/举措{i}", "Program", f"举措{i}", n_ev=3,
                     kind=rng.choice(["mechanism", "campaign", "project", "platform", "honour", "brand"]))
                for i in range(max(20, counties * 3))]
    popular = programs[: max(5, len(programs) // 20)]            # some programmes spread widely
    for c in range(counties):
        ccode = f"98{c:04d}000000"                       # never the city's own code
        county = node(f"place/{ccode}", "Place", f"第{c}区", level="county", code=ccode)
        edge(county, city, "partOf", gazetteer=True)
        actors = [county]
        for t in range(6):
            tcode = ccode[:6] + f"{t + 1:03d}000"
            town = node(f"place/{tcode}", "Place", f"第{c}区{t}镇", level="township", code=tcode)
            edge(town, county, "partOf", gazetteer=True)
            actors.append(town)
            for v in range(5):
                village = node(f"place/{tcode}/{v}村", "Place", f"第{c}区{t}镇{v}村", level="village")
                edge(village, town, "partOf")
                actors.append(village)
        places = list(actors)
        for o in range(6):
            place = rng.choice(places)
            org = node(f"org/{place[6:]}/机构{o}", "Organization", f"第{c}区机构{o}",
                       kind=rng.choice(["government", "party", "committee", "enterprise", "institution"]))
            edge(org, place, "locatedIn")
            actors.append(org)
            for n in range(2):
                person = node(f"person/{org}/人{n}", "Person", f"第{c}区人{o}{n}", n_ev=1)
                edge(person, org, "holdsPost", title=rng.choice(["书记", "主任", "局长", "副局长"]))
        for a in rng.sample(actors, k=len(actors) // 3):
            for p in {rng.choice(programs), rng.choice(popular)}:
                edge(a, p, "implements")
        for _ in range(2):
            x, y = rng.sample(actors, 2)
            edge(x, y, "partners")
    return G


def write_synthetic(triples: int, folder: Path) -> tuple[Path, Path, int]:
    """(graph.nt, graph.ttl, triples) of a synthetic graph of about ``triples`` triples (cached)."""
    from govkg.graph.rdf import to_rdf

    folder.mkdir(parents=True, exist_ok=True)
    nt, ttl = folder / f"synthetic-{triples}.nt", folder / f"synthetic-{triples}.ttl"
    if not nt.is_file() or not ttl.is_file():
        counties = max(1, round(triples / TRIPLES_PER_COUNTY))
        t = time.perf_counter()
        g = to_rdf(synthetic(counties))
        g.serialize(destination=str(nt), format="nt", encoding="utf-8")
        g.serialize(destination=str(ttl), format="turtle", encoding="utf-8")
        print(f"generated {len(g):,} triples ({counties} counties) in {time.perf_counter() - t:.0f} s",
              file=sys.stderr)
        del g
    n = sum(1 for _ in nt.open("rb"))
    return nt, ttl, n


# ---------------------------------------------------------------- engines
def _timed(f: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = f()
    return time.perf_counter() - t, out


def bench_oxigraph(ttl: Path, queries: dict[str, tuple[str, dict[str, str]]]) -> dict[str, Any]:
    load, store = _timed(lambda: q.open_store(ttl))
    out: dict[str, Any] = {"load": load, "queries": {}}
    for name, (text, params) in queries.items():
        times = []
        for _ in range(3):
            dt, (_, data) = _timed(lambda text=text, params=params: q.rows(store, text, params))
            times.append(dt)
            if dt > 5:
                break
        out["queries"][name] = (statistics.median(times), len(data))
    return out


def _rdflib_child(g: Any, text: str, params: dict[str, str], conn: Any) -> None:
    from rdflib import Literal

    dt, res = _timed(lambda: list(g.query(text, initBindings={k: Literal(v) for k, v in params.items()})))
    conn.send((dt, len(res)))


def bench_rdflib(nt: Path, queries: dict[str, tuple[str, dict[str, str]]], timeout: float) -> dict[str, Any]:
    """Parse once, then run each query in a forked child killed after ``timeout`` seconds."""
    from rdflib import Graph

    load, g = _timed(lambda: Graph().parse(str(nt), format="nt"))
    out: dict[str, Any] = {"load": load, "queries": {}}
    ctx = mp.get_context("fork")
    for name, (text, params) in queries.items():
        parent, child = ctx.Pipe()
        p = ctx.Process(target=_rdflib_child, args=(g, text, params, child))
        p.start()
        if parent.poll(timeout):
            out["queries"][name] = parent.recv()
        else:
            out["queries"][name] = (None, None)
        p.kill()
        p.join()
    return out


# ---------------------------------------------------------------- report
def _fmt(seconds: float | None, timeout: float) -> str:
    if seconds is None:
        return f">{timeout:g} s"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def report(title: str, triples: int, ox: dict, rl: dict | None, timeout: float) -> str:
    lines = [f"### {title}: {triples:,} triples", "",
             f"load: pyoxigraph {_fmt(ox['load'], timeout)}" + (f", rdflib {_fmt(rl['load'], timeout)}" if rl else ""),
             "", "| query | pyoxigraph | rows | rdflib | rows |", "| --- | ---: | ---: | ---: | ---: |"]
    for name, (dt, n) in ox["queries"].items():
        rdt, rn = rl["queries"].get(name, (None, None)) if rl else (None, "—")
        lines.append(f"| {name} | {_fmt(dt, timeout)} | {n} | "
                     f"{_fmt(rdt, timeout) if rl else '—'} | {'—' if rn is None else rn} |")
    return "\n".join(lines) + "\n"


def _queries(overrides: dict[str, str]) -> dict[str, tuple[str, dict[str, str]]]:
    out = {}
    for name, sq in q.saved_queries().items():
        params = {k: overrides.get(k, v) for k, v in sq.params.items()}
        out[name] = (sq.text, params)
    return out


def _seed_graph(folder: Path) -> Path:
    ttl = folder / "seeds" / "graph.ttl"
    if not ttl.is_file():
        from govkg.graph import build
        from govkg.graph.rdf import write_turtle

        ttl.parent.mkdir(parents=True, exist_ok=True)
        write_turtle(build([Path(__file__).resolve().parent.parent / "seeds"], jobs=2).rdf, ttl)
    return ttl


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000, help="size of the synthetic graph")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds an rdflib query may run")
    ap.add_argument("--work", default="/tmp/govkg-bench", help="folder for the built and generated graphs")
    ap.add_argument("--seeds", help="a seed graph.ttl or OUT folder (default: build seeds/ into --work)")
    ap.add_argument("--skip-large", action="store_true")
    ap.add_argument("--skip-rdflib-large", action="store_true")
    args = ap.parse_args(argv)
    work = Path(args.work)

    seed_ttl = Path(args.seeds) if args.seeds else _seed_graph(work)
    seed_ttl = seed_ttl / "graph.ttl" if seed_ttl.is_dir() else seed_ttl
    from rdflib import Graph
    g = Graph().parse(str(seed_ttl), format="turtle")
    seed_nt = work / "seeds.nt"
    seed_nt.parent.mkdir(parents=True, exist_ok=True)
    g.serialize(destination=str(seed_nt), format="nt", encoding="utf-8")
    (city, program), = q.rows(q.open_store(seed_ttl), """SELECT ?c ?p WHERE {
        { SELECT ?c WHERE { ?x a gov:City ; skos:prefLabel ?c . ?y gov:partOf+ ?x } GROUP BY ?c ORDER BY DESC(COUNT(?y)) LIMIT 1 }
        { SELECT ?p WHERE { ?x a gov:Program ; skos:prefLabel ?p ; gov:mentions ?n } ORDER BY DESC(?n) LIMIT 1 } }""")[1]
    qs = _queries({"place": city, "entity": program})      # the best-covered city, the top programme
    print(report("seed graph", len(g), bench_oxigraph(seed_ttl, qs), bench_rdflib(seed_nt, qs, args.timeout),
                 args.timeout), flush=True)
    del g
    if args.skip_large:
        return 0
    nt, ttl, n = write_synthetic(args.triples, work)
    qs = _queries({"place": "演示市", "entity": "举措0"})
    ox = bench_oxigraph(ttl, qs)
    rl = None if args.skip_rdflib_large else bench_rdflib(nt, qs, args.timeout)
    print(report("synthetic graph", n, ox, rl, args.timeout), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
