"""govkg serve under load while clients run cross products: figures, not a timed test.

Starts ``govkg serve GRAPH --port 0 --timeout T`` on 127.0.0.1, sends ``--runaways`` cross
products, waits until they run long, then ``--queries`` ordinary queries from ``--clients``
threads; prints how many were answered (200) and refused (503), latencies, and what became of
the cross products. ``--server`` runs another build of govkg (e.g. an older checkout).

    python bench/serve_load.py /tmp/devout [--queries 400 --clients 16 --runaways 2 --timeout 10]
"""
from __future__ import annotations

import argparse
import queue
import re
import shlex
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ORDINARY = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s a gov:Program }",
    "SELECT ?l WHERE { ?x a gov:Place ; skos:prefLabel ?l } ORDER BY ?l LIMIT 20",
    "SELECT ?p (COUNT(?x) AS ?n) WHERE { ?x gov:implements ?p } GROUP BY ?p ORDER BY DESC(?n) LIMIT 10",
    "ASK { ?x a gov:Person }",
]


def get(url: str, text: str, timeout: float = 120) -> tuple[int, float]:
    t = time.monotonic()
    req = url + "?" + urllib.parse.urlencode({"query": text, "format": "csv"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        status = e.code
    except OSError:
        status = -1
    return status, time.monotonic() - t


def start(cmd: list[str], graph: str, timeout: float) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(cmd + ["serve", graph, "--host", "127.0.0.1", "--port", "0", "--timeout", str(timeout)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: "queue.Queue[str]" = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stderr], daemon=True).start()
    while True:
        m = re.search(r"(http://127\.0\.0\.1:\d+/sparql)", lines.get(timeout=120))
        if m:
            return proc, m[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("graph")
    ap.add_argument("--queries", type=int, default=400)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--runaways", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--server", default=f"{shlex.quote(sys.executable)} -m govkg.graph.cli",
                    help="command that runs govkg")
    a = ap.parse_args(argv)
    proc, url = start(shlex.split(a.server), a.graph, a.timeout)
    try:
        for text in ORDINARY:                        # warm the workers
            get(url, text)
        with ThreadPoolExecutor(max(1, a.runaways)) as bad, ThreadPoolExecutor(a.clients) as good:
            slow = [bad.submit(get, url, RUNAWAY) for _ in range(a.runaways)]
            time.sleep(1.5)
            t = time.monotonic()
            answers = list(good.map(lambda i: get(url, ORDINARY[i % len(ORDINARY)]), range(a.queries)))
            wall = time.monotonic() - t
            running = sum(not f.done() for f in slow)
            slow_res = [f.result() for f in slow]
    finally:
        proc.terminate()
        proc.wait(30)
    lat = sorted(s for _, s in answers)
    statuses = Counter(st for st, _ in answers)
    print(f"govkg serve {a.graph}: {a.queries} ordinary queries from {a.clients} clients while "
          f"{a.runaways} cross products run (time limit {a.timeout:g} s)")
    print(f"  answered {statuses.get(200, 0)}, 503 {statuses.get(503, 0)}, other "
          f"{sum(n for s, n in statuses.items() if s not in (200, 503))}")
    print(f"  {a.queries / wall:.0f} queries/s, p50 {lat[len(lat) // 2]:.3f} s, "
          f"p95 {lat[int(0.95 * (len(lat) - 1))]:.3f} s, max {lat[-1]:.3f} s")
    print(f"  cross products: {running} still running when the ordinary queries were done; "
          + ", ".join(f"{st} after {s:.1f} s" for st, s in slow_res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
