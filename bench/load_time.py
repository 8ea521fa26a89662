"""Benchmark (not a test): the lexicon's load time, by part (issue 13: under 1.5 s, the national
gazetteer loaded).

    /work/venv/bin/python bench/load_time.py [--runs 5] [--json OUT.json]

What counts is everything built before the first real page, in a fresh process::

    from govkg.extractors import lexicon
    from govkg.extractors.pipeline import warm
    warm(lexicon.load())

Each run is a new Python process that builds the lexicon's parts one after the other (so each
is charged what it alone adds) and then warms the pipeline; the figures are the medians over
the runs, in seconds of wall time. Two columns: **cold**, with an empty table cache (the
gazetteer and jieba's dictionary read from the copies the package ships, or built from
their files where those are stale, and written to the cache: ``extractors/tablecache.py``), and **warm**, with the cache an earlier process wrote, the
usual case. The machine may be shared: the load average is printed with the table.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

PARTS = ("import", "dictionary", "gazetteer", "segmenter", "automaton", "villages", "warm (the rest)", "total")
LIMIT = 1.5             # seconds, issue 13

# Run in the child: each part timed as it is first built, in the order extraction needs them.
_CHILD = """
import json, time
T = time.perf_counter
t0 = T()
from govkg.extractors import lexicon
from govkg.extractors.pipeline import warm
lex = lexicon.load()
parts = {"import": T() - t0}
def part(name, build):
    t = T()
    build()
    parts[name] = T() - t
part("dictionary", lexicon.dictionary)
part("gazetteer", lambda: lex.by_code)
part("segmenter", lambda: lex.segmenter)
part("automaton", lambda: lex.place_names_in("长沙市"))
part("villages", lambda: lex.villages.named("北极村"))
part("warm (the rest)", lambda: warm(lex))
parts["total"] = T() - t0
print(json.dumps(parts))
"""


def _load() -> str:
    a, b, c = os.getloadavg()
    return f"{a:.1f}/{b:.1f}/{c:.1f}"


def run_once(cache: Path) -> dict[str, float]:
    """The parts' times of one fresh process whose table cache is ``cache``."""
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    out = subprocess.run([sys.executable, "-c", _CHILD], env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(runs: int = 5) -> dict[str, Any]:
    """Median times by part, cold (each run with an empty cache) and warm (a cache written by
    an unmeasured first run), and the load average before and after."""
    load = _load()
    with tempfile.TemporaryDirectory(prefix="govkg-load-") as tmp:
        cold = [run_once(Path(tmp) / f"cold{i}") for i in range(runs)]
        run_once(Path(tmp) / "warm")
        warm = [run_once(Path(tmp) / "warm") for _ in range(runs)]
    median = lambda rs: {p: statistics.median(r[p] for r in rs) for p in PARTS}  # noqa: E731
    return {"runs": runs, "cold": median(cold), "warm": median(warm), "load_before": load, "load_after": _load()}


def report(fig: dict[str, Any]) -> str:
    """The table of ``measure``'s figures."""
    rows = [f"{'part':16s} {'cold cache':>10s} {'warm cache':>10s}"]
    rows += [f"{p:16s} {fig['cold'][p]:10.3f} {fig['warm'][p]:10.3f}" for p in PARTS]
    verdict = "under" if fig["warm"]["total"] < LIMIT and fig["cold"]["total"] < LIMIT else "NOT under"
    return "\n".join([f"Lexicon load time, fresh process, seconds (median of {fig['runs']}; load "
                      f"{fig['load_before']}→{fig['load_after']}): {verdict} {LIMIT} s"] + rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=5, help="fresh processes for each column (default 5)")
    p.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    args = p.parse_args(argv)
    fig = measure(args.runs)
    print(report(fig))
    if args.json:
        Path(args.json).write_text(json.dumps(fig, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
