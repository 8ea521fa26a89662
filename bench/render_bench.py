"""Benchmark (not a test): how long a page of a large generated graph takes to settle.

    .venv/bin/python bench/render_bench.py [--nodes 5000] [--keep PAGE.html] [--shot PNG]
    .venv/bin/python bench/render_bench.py --page OUT/graph.html [--size 1600x1000] [--shot PNG]

Generates a graph shaped like govkg's (a city, districts, townships, villages, organisations
located in them, people holding posts, programmes implemented by places and organisations),
writes the page with ``write_html`` and opens it in headless Chromium with the network cut off.
Reports the Python render time, the page size and the time from navigation start until the
page says its layout has settled (physics stabilised, then turned off). ``--page`` measures a
page already written (say a build's ``graph.html``) instead, and both print the on-screen size
of the 20 best connected entities' labels after the fit, as the canvas draws them.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the browser helper lives with the browser test

from govkg.graph.html import write_html  # noqa: E402


def generate(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """A govkg-shaped graph of exactly ``n`` nodes (n >= 11)."""
    rnd = random.Random(seed)
    G = nx.MultiDiGraph()
    shares = {"county": 0.004, "township": 0.04, "village": 0.40, "org": 0.30, "person": 0.20}
    ev = lambda s: [{"doc": "gen.txt", "article": 0, "title": "生成的文章", "start": 0, "end": 1,
                     "sentence": s}]

    def add(key, type_, label, **a):
        G.add_node(key, type=type_, label=label, aliases=[], code=a.pop("code", ""),
                   mentions=rnd.randint(1, 12), articles=[{"doc": "gen.txt", "article": 0,
                                                           "title": "生成的文章"}],
                   evidence=ev(f"{label}在文中出现。"), **a)

    def link(u, v, p, **a):
        G.add_edge(u, v, key=p, predicate=p, evidence=ev(f"{G.nodes[u]['label']}与"
                                                         f"{G.nodes[v]['label']}。"), **a)

    add("place/city", "Place", "生成市", level="city", code="439900000000")
    levels: dict[str, list[str]] = {"city": ["place/city"]}
    for lvl, parent, suffix in (("county", "city", "区"), ("township", "county", "镇"),
                                ("village", "township", "村")):
        levels[lvl] = []
        for i in range(max(1, int(n * shares[lvl]))):
            key = f"place/{lvl}{i}"
            add(key, "Place", f"{lvl[0].upper()}{i}{suffix}", level=lvl)
            link(key, rnd.choice(levels[parent]), "partOf")
            levels[lvl].append(key)
    places = [k for v in levels.values() for k in v]
    orgs = []
    for i in range(int(n * shares["org"])):
        key = f"org/{i}"
        add(key, "Organization", f"机构{i}委员会", kind="government")
        link(key, rnd.choice(places), "locatedIn")
        orgs.append(key)
    for i in range(int(n * shares["person"])):
        key = f"person/{i}"
        add(key, "Person", f"人物{i}")
        link(key, rnd.choice(orgs), "holdsPost", title="书记")
    i = 0
    while G.number_of_nodes() < n:
        key = f"program/{i}"
        add(key, "Program", f"项目{i}行动", kind="campaign")
        for _ in range(rnd.randint(1, 3)):
            link(rnd.choice(places + orgs), key, "implements")
        i += 1
    return G


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--keep", metavar="PAGE", help="write the page here instead of a temp file")
    ap.add_argument("--shot", metavar="PNG", help="save a screenshot of the settled page")
    ap.add_argument("--page", metavar="HTML", help="measure this page instead of a generated one")
    ap.add_argument("--size", default="1600x1000", help="viewport, WIDTHxHEIGHT")
    args = ap.parse_args(argv)
    from test_html_browser import label_sizes, offline_page

    size = tuple(int(x) for x in args.size.lower().split("x"))
    G = None if args.page else generate(args.nodes)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.page or args.keep or Path(tmp) / "bench.html")
        t0 = time.perf_counter()
        if G is not None:
            write_html(G, path)
        t_write = time.perf_counter() - t0
        t0 = time.perf_counter()
        with offline_page(path, timeout_ms=600_000, size=size) as (pg, log):
            wall = time.perf_counter() - t0
            settled_ms = pg.evaluate("govkg.settled")
            labels = label_sizes(pg, 20)
            shown = pg.evaluate("[govkg.visibleCount(), govkg.network.getScale()]")
            n_page = pg.evaluate("govkg.data.nodes.length")
            select_ms = pg.evaluate("""() => { const t = performance.now();
                govkg.search(govkg.data.nodes[govkg.data.nodes.length - 1].label);
                return performance.now() - t; }""")
            filter_ms = pg.evaluate("""() => { const t = performance.now(), s = document.getElementById('district');
                s.value = '0'; s.dispatchEvent(new Event('change'));
                const shown = govkg.visibleCount(); s.value = ''; s.dispatchEvent(new Event('change'));
                return [performance.now() - t, shown]; }""")
            if args.shot:
                pg.screenshot(path=args.shot)
        page_mb = path.stat().st_size / 1e6
    print(f"page {path.name}: {n_page} nodes, {shown[0]} drawn by default; scale after fit {shown[1]:.3f}"
          + (f"; generated {G.number_of_nodes()} nodes, {G.number_of_edges()} edges" if G is not None else ""))
    print(f"write_html {t_write:.2f} s, page {page_mb:.1f} MB")
    print(f"layout settled {settled_ms / 1000:.1f} s after navigation start "
          f"(wall, browser launch included: {wall:.1f} s)")
    print(f"search + select + highlight {select_ms:.0f} ms; district filter on and off "
          f"{filter_ms[0]:.0f} ms ({filter_ms[1]} nodes in the first district)")
    print(f"console errors {len(log['errors'])}, requests leaving the file {len(log['requests'])}")
    print(f"labels of the 20 best connected at {args.size} after fit (px on screen; 0 = not drawn):")
    for label, degree, px in labels:
        print(f"  {px:5.1f} px  degree {degree:3d}  {label}")
    print(f"smallest {min((px for *_, px in labels), default=0):.1f} px")
    return 0


if __name__ == "__main__":
    sys.exit(main())
