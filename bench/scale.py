"""Benchmark (not a test): the distributed build (``govkg build --scheduler local:N``) as the
corpus grows, against the embedded build.

    .venv/bin/python bench/scale.py [--scales 500,1000,2000] [--workers 2] [--embedded 500] [--keep DIR]

For each scale k it writes k × the seed corpus (``corpus.py``; the documents of a smaller
scale are the first ones of a larger, so the corpora are written once, at the largest scale,
and hard-linked) and builds it from scratch (fresh cache) on a LocalCluster of ``--workers``
processes, in a child process (so each build's memory is its own), reporting:

* wall time of the build (the cluster started beforehand) and characters per second;
* peak resident memory of the scheduler's process (the client's too: a LocalCluster's
  scheduler runs in it) and of each worker (``ru_maxrss``, asked of each worker at the end),
  and each worker's resident memory after each step (in the JSON);
* the triples written.

At the scales in ``--embedded``, the embedded build (``govkg build --jobs N``, via
``probe.py``) is run on the same corpus: wall time, characters per second, peak memory of
the build process and of its largest extraction worker. The machine may be shared: the load
average is printed with every figure.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import Seeds, generate  # noqa: E402
from throughput import _load, run_build  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    import psutil
    return psutil.Process().memory_info().rss / 2**20


def child(result: Path, docs: Path, out: Path, workers: int) -> int:
    """The distributed build of ``docs`` in this process (a child of the benchmark)."""
    from govkg.graph import distributed

    with distributed.connect(f"local:{workers}") as client:
        after: dict[str, list[float]] = {}           # each worker's resident memory (MB) after each step

        def note(what: str) -> None:
            if what.endswith(" s"):
                after[what.split(":")[0]] = sorted(client.run(_rss_mb).values())

        t0 = time.perf_counter()
        report = distributed.build([docs], out, client, say=note)
        wall = time.perf_counter() - t0
        peaks = client.run(_peak_mb)
    result.write_text(json.dumps({"wall": wall, "docs": report.docs, "triples": report.triples,
                                  "parts": report.parts, "buckets": report.buckets, "steps": report.seconds,
                                  "scheduler_mb": _peak_mb(), "workers_mb": sorted(peaks.values()),
                                  "workers_mb_after": after}),
                      encoding="utf-8")
    return 0


def run_distributed(docs: Path, work: Path, workers: int) -> dict[str, Any]:
    out, result = work / f"out-local{workers}", work / f"distributed-{workers}.json"
    shutil.rmtree(out, ignore_errors=True)
    load = _load()
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(result), str(docs), str(out),
                    str(workers)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    r = json.loads(result.read_text(encoding="utf-8"))
    r.update(load_before=load, load_after=_load())
    shutil.rmtree(out, ignore_errors=True)
    return r


def corpora(scales: list[int], root: Path, seeds: Seeds, lex: Any) -> dict[int, tuple[Path, int]]:
    """(folder, characters) of each scale: the largest generated, the others hard-linked to its first documents."""
    top = max(scales)
    full = root / f"corpus{top}"
    marker = full / ".complete"
    if not marker.is_file():
        shutil.rmtree(full, ignore_errors=True)
        generate(top, full, seeds, lex)
        marker.write_text("", encoding="utf-8")
    files = sorted(f for f in full.iterdir() if f.suffix == ".txt")
    out = {}
    for k in scales:
        folder = full if k == top else root / f"corpus{k}"
        mine = files[:k * len(seeds.texts)]
        if k != top and not (folder / ".complete").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            for f in mine:
                os.link(f, folder / f.name)
            (folder / ".complete").write_text("", encoding="utf-8")
        out[k] = (folder, sum(len(f.read_text(encoding="utf-8")) for f in mine))
    return out


def _table(head: list[str], rows: list[list[str]]) -> str:
    w = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    line = lambda cells: "| " + " | ".join(c.rjust(n) for c, n in zip(cells, w)) + " |"  # noqa: E731
    return "\n".join([line(head), "|" + "|".join("-" * (n + 2) for n in w) + "|", *map(line, rows)])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        return child(Path(argv[1]), Path(argv[2]), Path(argv[3]), int(argv[4]))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scales", default="500,1000,2000", help="multiples of the seed corpus (default 500,1000,2000)")
    p.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
    p.add_argument("--embedded", default="500", help="scales also built embedded, --jobs WORKERS (default 500)")
    p.add_argument("--seeds", default=str(ROOT / "seeds"), help="folder of seed pages")
    p.add_argument("--keep", metavar="DIR", help="keep the corpora here, for the next run (default: a temporary folder)")
    p.add_argument("--json", metavar="PATH", help="also write all figures as JSON")
    args = p.parse_args(argv)
    scales = sorted({int(s) for s in args.scales.split(",") if s.strip()})
    embedded = {int(s) for s in args.embedded.split(",") if s.strip()}

    from govkg.extractors import lexicon
    lex = lexicon.load()
    seeds = Seeds.read(Path(args.seeds), lex)
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="govkg-scale-"))
    print(f"govkg scale: scales {scales}, local:{args.workers}, {os.cpu_count()} cores, load {_load()}", flush=True)
    rows: list[dict[str, Any]] = []
    try:
        for k, (docs, chars) in corpora(scales, root, seeds, lex).items():
            work = root / f"work{k}"
            work.mkdir(parents=True, exist_ok=True)
            if k in embedded:
                e = run_build(docs, work, args.workers)
                shutil.rmtree(work / f"out-j{args.workers}", ignore_errors=True)
                rows.append({"scale": k, "build": f"embedded --jobs {args.workers}", "chars": chars, "wall": e["wall"],
                             "main_mb": e["rss_mb"]["self"], "workers_mb": [e["rss_mb"]["children"]],
                             "load": f"{e['load_before']} → {e['load_after']}"})
                print(rows[-1], flush=True)
            d = run_distributed(docs, work, args.workers)
            rows.append({"scale": k, "build": f"local:{args.workers}", "chars": chars, "wall": d["wall"],
                         "main_mb": d["scheduler_mb"], "workers_mb": d["workers_mb"], "triples": d["triples"],
                         "steps": d["steps"], "after": d["workers_mb_after"], "load": f"{d['load_before']} → {d['load_after']}"})
            print(rows[-1], flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    head = ["scale", "build", "M chars", "wall s", "chars/s", "scheduler/main MB", "workers MB (peak each)", "load"]
    body = [[str(r["scale"]), r["build"], f"{r['chars'] / 1e6:.1f}", f"{r['wall']:.0f}", f"{r['chars'] / r['wall']:,.0f}",
             f"{r['main_mb']:.0f}", ", ".join(f"{m:.0f}" for m in r["workers_mb"]), r["load"]] for r in rows]
    print()
    print(_table(head, body))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
