"""Run ``govkg build ARGS...`` in this process with timers around its graph steps; write JSON.

    python bench/probe.py RESULT.json build DOCS -o OUT --jobs N --cache DIR

Used by ``throughput.py`` as a child process, so that its peak memory (``ru_maxrss`` of this
process and of the pool workers it waits for) is the build's alone. Extraction time is the
time until the merge starts (pool start, extraction, writing the JSON); the graph merge is
timed by wrapping ``merge``, the outputs by what ``outputs.write_outputs`` reports (each
file's seconds in the process that wrote it) and by its wall time.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import StageTimer, TreeMemory, peak_rss_mb  # noqa: E402


def main(argv: list[str]) -> int:
    result_path, args = Path(argv[0]), argv[1:]
    from govkg.graph import cli
    from govkg.graph import merge as build
    from govkg.graph import outputs

    timer = StageTimer()
    marks: dict[str, float] = {}
    merge = build.merge

    def first_merge(*a, **k):
        marks.setdefault("merge_start", time.perf_counter())
        return merge(*a, **k)

    build.merge = first_merge
    timer.wrap(build, "merge", "graph merge")
    write_outputs = outputs.write_outputs
    written: dict[str, float] = {}

    def timed_outputs(*a, **k):
        t = time.perf_counter()
        written.update(write_outputs(*a, **k))      # each file's seconds, the forked Turtle writer's too
        written["outputs (wall)"] = time.perf_counter() - t
        return written

    outputs.write_outputs = timed_outputs
    t0 = time.perf_counter()
    with TreeMemory() as mem:
        rc = cli.main(args)
    wall = time.perf_counter() - t0
    result = {"rc": rc, "wall": wall, "extract": marks.get("merge_start", t0 + wall) - t0,
              "steps": {**timer.seconds, **written}, "rss_mb": peak_rss_mb(), "pss_mb": mem.peak_kb / 1024, "load": os.getloadavg()}
    result_path.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
