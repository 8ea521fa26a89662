"""Run ``govkg build ARGS...`` in this process with timers around its graph steps; write JSON.

    python bench/probe.py RESULT.json build DOCS -o OUT --jobs N --cache DIR

Used by ``throughput.py`` as a child process, so that its peak memory (``ru_maxrss`` of this
process and of the pool workers it waits for) is the build's alone. Extraction time is the
time until the merge starts (pool start, extraction, writing the JSON); the graph steps are
timed by wrapping ``merge``, ``rdf.write_turtle``, ``write_graphml`` and ``html.write_html``.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import StageTimer, peak_rss_mb  # noqa: E402


def main(argv: list[str]) -> int:
    result_path, args = Path(argv[0]), argv[1:]
    from govkg.graph import cli, html, rdf
    from govkg.graph import merge as build

    timer = StageTimer()
    marks: dict[str, float] = {}
    merge = build.merge

    def first_merge(*a, **k):
        marks.setdefault("merge_start", time.perf_counter())
        return merge(*a, **k)

    build.merge = first_merge
    timer.wrap(build, "merge", "graph merge")
    timer.wrap(rdf, "write_turtle", "RDF serialisation")
    timer.wrap(build, "write_graphml", "GraphML")
    timer.wrap(html, "write_html", "HTML page")
    t0 = time.perf_counter()
    rc = cli.main(args)
    wall = time.perf_counter() - t0
    result = {"rc": rc, "wall": wall, "extract": marks.get("merge_start", t0 + wall) - t0,
              "steps": dict(timer.seconds), "rss_mb": peak_rss_mb(), "load": os.getloadavg()}
    result_path.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
