"""Benchmark (not a test): how fast govkg builds a graph, where the time goes, how it scales.

    /work/venv/bin/python bench/throughput.py [--scales 1,10,100,500] [--jobs 2] [--json OUT.json]

For each scale k it writes k × the seed corpus (``corpus.py``: seed pages recombined and
perturbed, so documents differ) to a temporary folder and measures, on that same text:

* **builds**: ``govkg build --jobs N`` from scratch (fresh cache) in a child process
  (``probe.py``): wall time, extraction time, graph merge, RDF, GraphML and HTML times,
  peak memory of the build process and of its largest worker (``ru_maxrss``) and of all of
  them together (summed PSS, sampled); with ``--jobs`` and, up to ``--single-max``, with
  one job, for the speed-up. Each is built ``--repeat`` times, one job and N jobs taking
  turns, and the fastest reported (on a shared machine the others were disturbed); the
  speed-up is also given as the median over the pairs run back to back;
* **stages** and **govkg / jieba.cut**: extraction on one core, the lexicon loaded and
  warmed, and plain ``jieba.cut`` with a private tokenizer, each in a fresh process of its
  own, taking turns document by document (``turns.py``; the figure govkg is held to, issue
  13), in CPU seconds; the first pass with the time inside each extraction stage (cleaning,
  articles, places, organisations, people, programmes, relations, by wrapping the stage
  functions from outside), a second without;
* **references** in this process over the same text: plain ``jieba.cut`` alone, and a
  jieba-posseg NER baseline (words tagged ns/nt/nr/nz taken as entities), in CPU seconds;
* **lexicon load**: the time a fresh process takes to build the lexicon and warm the
  pipeline, by part, with an empty and with a written table cache (``load_time.py``).

Stages and references read the first ``--sample-chars`` characters of each corpus.

Throughput is in characters per second per core. The machine may be shared: the load
average is printed with every figure.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import Seeds, generate  # noqa: E402
from load_time import measure as measure_load  # noqa: E402
from load_time import report as report_load  # noqa: E402
from timing import StageTimer  # noqa: E402
from turns import Turns  # noqa: E402

EXTRACTION_STAGES = ("reading", "articles", "places", "organisations", "people", "programmes", "relations")
GRAPH_STEPS = ("graph merge", "RDF serialisation", "GraphML", "HTML page")
NER_FLAGS = ("ns", "nt", "nr", "nz")


def _load() -> str:
    a, b, c = os.getloadavg()
    return f"{a:.1f}/{b:.1f}/{c:.1f}"


def _sample(paths: list[Path], limit: int) -> tuple[list[Path], int]:
    """The first documents whose characters add up to at most ``limit`` (at least one)."""
    out, chars = [], 0
    for p in paths:
        n = len(p.read_text(encoding="utf-8"))
        if out and chars + n > limit:
            break
        out.append(p)
        chars += n
    return out, chars


# ---------------------------------------------------------------- builds (child processes)
def run_build(docs: Path, work: Path, jobs: int) -> dict[str, Any]:
    """``govkg build`` from scratch in a child process; its timings and peak memory."""
    out, result = work / f"out-j{jobs}", work / f"build-j{jobs}.json"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, str(HERE / "probe.py"), str(result), "build", str(docs), "-o", str(out),
           "--jobs", str(jobs), "--cache", str(out / ".cache")]
    load = _load()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    r = json.loads(result.read_text(encoding="utf-8"))
    r.update(jobs=jobs, load_before=load, load_after=_load(),
             ttl_mb=(out / "graph.ttl").stat().st_size / 2**20)
    return r


# ---------------------------------------------------------------- stages (a process of their own)
def jieba_cutter() -> Callable[[str], int]:
    """Plain ``jieba.cut`` with a private tokenizer, as a function giving a text's word count."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    return lambda text: sum(1 for _ in tok.cut(text))


def wrap_stages() -> StageTimer:
    """Timers around each extraction stage's functions (in the process that extracts)."""
    from govkg.extractors import articles, entities, organizations, people, places, programs, readers, relations

    timer = StageTimer()
    timer.wrap(readers, "read", "reading")         # decoding, format, cleaning, traditional script
    timer.wrap(articles, "split", "articles")
    for module, label in ((places, "places"), (organizations, "organisations"), (people, "people"),
                          (programs, "programmes")):
        timer.wrap(module, "find", label)
        timer.wrap(module, "relate", label)
    timer.wrap(entities, "group", "relations")
    timer.wrap(relations, "merge", "relations")
    return timer


def stage_profile(paths: list[Path]) -> dict[str, float]:
    """Extraction against ``jieba.cut`` over ``paths``, one core each, in turns (``turns.py``:
    each in a fresh process of its own, govkg's lexicon loaded and warmed).

    Two passes: the first with a timer on each extraction stage (seconds by stage, ``other``
    the rest), ``total`` and ``jieba.cut`` its CPU seconds; the second, ``again`` and
    ``jieba.cut again``, without timers and with the lexicon's memos warm: the rate of a
    worker some way into a corpus, where the first pass also pays for the look-ups each new
    name makes once per process."""
    with Turns(paths) as turns:
        first = turns.each()
        seconds = turns.stages()
        turns.untimed()
        again = turns.each()
    out = {s: seconds.get(s, 0.0) for s in EXTRACTION_STAGES}
    out["other"] = max(0.0, first["govkg"] - sum(out.values()))
    out["total"], out["jieba.cut"] = first["govkg"], first["jieba"]
    out["again"], out["jieba.cut again"] = again["govkg"], again["jieba"]
    return out


# ---------------------------------------------------------------- references (this process)
def references(texts: list[str], cut: Callable[[str], int]) -> dict[str, float]:
    """CPU seconds of plain ``jieba.cut`` run alone over ``texts`` (for comparison with the
    figure taken in turns) and of the posseg NER baseline; word and entity counts."""
    import jieba
    import jieba.posseg

    clock = time.process_time
    t0 = clock()
    words = sum(map(cut, texts))
    alone = clock() - t0
    jieba.setLogLevel(logging.WARNING)
    postok = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    postok.initialize()
    t0 = clock()
    ents = []
    for t in texts:
        pos = 0
        for w, flag in postok.cut(t):                   # POSTokenizer has no tokenize(): sum offsets
            if flag.startswith(NER_FLAGS):
                ents.append((w, pos, pos + len(w), flag))
            pos += len(w)
    tagged = clock() - t0
    return {"jieba.cut": alone, "posseg NER": tagged, "words": words, "entities": len(ents)}


# ---------------------------------------------------------------- one scale
def measure(scale: int, work: Path, seeds: Seeds, lex: Any, args: argparse.Namespace) -> dict[str, Any]:
    docs = work / "docs"
    t0 = time.perf_counter()
    paths, chars = generate(scale, docs, seeds, lex)
    row: dict[str, Any] = {"scale": scale, "docs": len(paths), "chars": chars,
                           "generate_s": time.perf_counter() - t0, "builds": {}}
    print(f"\n== {scale}×: {len(paths)} documents, {chars:,} characters (load {_load()})", flush=True)
    counts = sorted({1, args.jobs} if scale <= args.single_max else {args.jobs})
    runs: dict[int, list[dict[str, Any]]] = {j: [] for j in counts}
    for _ in range(args.repeat):            # interleaved (1, N, 1, N, ...): a slow spell hits both alike
        for jobs in counts:
            runs[jobs].append(run_build(docs, work, jobs))
    for jobs in counts:
        b = min(runs[jobs], key=lambda r: r["wall"])       # the least disturbed run
        b["walls"] = [r["wall"] for r in runs[jobs]]
        row["builds"][jobs] = b
        print(f"   build --jobs {jobs}: {b['wall']:.1f} s (extraction {b['extract']:.1f} s; "
              f"all runs {', '.join(f'{w:.1f}' for w in b['walls'])} s), "
              f"peak {b['rss_mb']['self']:.0f} MB build + {b['rss_mb']['children']:.0f} MB largest worker, "
              f"load {b['load_before']} → {b['load_after']}", flush=True)
    if len(counts) == 2:                    # the speed-up of each pair of builds run back to back
        row["pair_speedups"] = [one["wall"] / many["wall"] for one, many in zip(runs[1], runs[args.jobs])]
    sample, sample_chars = _sample(paths, args.sample_chars)
    row["sample_chars"] = sample_chars
    texts = [p.read_text(encoding="utf-8") for p in sample]
    row["stages"] = stage_profile(sample)
    row["references"] = references(texts, jieba_cutter())
    print(f"   stages and references over {sample_chars:,} characters (load {_load()})", flush=True)
    return row


# ---------------------------------------------------------------- report
def _table(head: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(head, *rows)]
    line = lambda cells: "  ".join(str(c).rjust(w) for c, w in zip(cells, widths))  # noqa: E731
    return "\n".join([line(head), line(["-" * w for w in widths])] + [line(r) for r in rows])


def report(rows: list[dict[str, Any]], jobs: int) -> str:
    out = []
    head = ["scale", "docs", "chars", "jobs", "wall s", "extract s", "merge s", "RDF s", "GraphML s",
            "HTML s", "outputs wall s", "TTL MB", "chars/s/core", "build MB", "worker MB", "all PSS MB",
            "load before→after"]
    body = []
    for r in rows:
        for j, b in sorted(r["builds"].items()):
            st = b["steps"]
            body.append([f"{r['scale']}×", r["docs"], f"{r['chars']:,}", j, f"{b['wall']:.1f}", f"{b['extract']:.1f}",
                         f"{st.get('graph merge', 0):.2f}", f"{st.get('RDF serialisation', 0):.2f}",
                         f"{st.get('GraphML', 0):.2f}", f"{st.get('HTML page', 0):.2f}",
                         f"{st.get('outputs (wall)', 0):.2f}", f"{b['ttl_mb']:.1f}",
                         f"{r['chars'] / b['wall'] / j:,.0f}", f"{b['rss_mb']['self']:.0f}",
                         f"{b['rss_mb']['children']:.0f}", f"{b.get('pss_mb', 0):.0f}",
                         f"{b['load_before']}→{b['load_after']}"])
    out += ["End-to-end builds (from scratch; chars/s/core = chars / wall / jobs; with 2+ jobs the Turtle is "
            "written by one process while another writes GraphML and HTML, so 'outputs wall' is less than their "
            "sum; "
            "build/worker MB are peak RSS, which counts pages forked processes share in each of them, "
            "'all PSS MB' the peak of their summed proportional set sizes: the memory the build really held)",
            _table(head, body)]

    head = ["scale", "sample chars", "govkg chars/s", "jieba.cut chars/s", "posseg NER chars/s",
            "govkg / jieba.cut", "(second passes)", "govkg / posseg"]
    body = []
    for r in rows:
        n, st, ref = r["sample_chars"], r["stages"], r["references"]
        ours, cut, pos = n / st["total"], n / st["jieba.cut"], n / ref["posseg NER"]
        again = st["jieba.cut again"] / st["again"]
        body.append([f"{r['scale']}×", f"{n:,}", f"{ours:,.0f}", f"{cut:,.0f}", f"{pos:,.0f}",
                     f"{ours / cut:.2f}", f"{again:.2f}", f"{ours / pos:.2f}"])
    out += ["", "Extraction against references (one core, lexicon loaded, same text, CPU time; govkg and jieba.cut "
            "take turns document by document, each in a fresh process of its own, so a slow spell of a shared "
            "machine falls on both alike; the first pass, then a second with the lexicon's memos warm; posseg "
            "in the bench's process)", _table(head, body)]

    head = ["scale"] + list(EXTRACTION_STAGES) + ["other"] + list(GRAPH_STEPS)
    body = []
    for r in rows:
        b = r["builds"][max(r["builds"])]
        grow = r["chars"] / r["sample_chars"]                # stage seconds scaled up to the whole corpus
        secs = [r["stages"][s] * grow for s in EXTRACTION_STAGES + ("other",)] + [b["steps"].get(s, 0) for s in GRAPH_STEPS]
        total = sum(secs) or 1.0
        body.append([f"{r['scale']}×"] + [f"{100 * s / total:.1f}%" for s in secs])
    out += ["", "Share of one-core work by stage (extraction stages timed in govkg's process, graph steps in the build)",
            _table(head, body)]

    head = ["scale", "e2e chars/s (all jobs)", "vs 1×", "extract chars/s", "vs 1×", f"speed-up 1→{jobs} jobs (wall)",
            "(extraction)", "(median of pairs)"]
    body = []
    base = rows[0]
    def rate(r: dict[str, Any], key: str) -> float:
        b = r["builds"][max(r["builds"])]
        return r["chars"] / b[key]
    for r in rows:
        speed = ["-", "-", "-"]
        if 1 in r["builds"] and jobs in r["builds"] and jobs != 1:
            one, many = r["builds"][1], r["builds"][jobs]
            speed = [f"{one['wall'] / many['wall']:.2f}×", f"{one['extract'] / many['extract']:.2f}×",
                     f"{statistics.median(r['pair_speedups']):.2f}×"]
        body.append([f"{r['scale']}×", f"{rate(r, 'wall'):,.0f}", f"{rate(r, 'wall') / rate(base, 'wall'):.2f}",
                     f"{rate(r, 'extract'):,.0f}", f"{rate(r, 'extract') / rate(base, 'extract'):.2f}"] + speed)
    out += ["", "Scaling (the largest job count of each scale; speed-ups of the fastest builds, and the median "
            "over pairs of builds run back to back)", _table(head, body)]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scales", default="1,10,100,500", help="multiples of the seed corpus (default 1,10,100,500)")
    p.add_argument("--jobs", type=int, default=2, help="processes for the parallel builds (default 2)")
    p.add_argument("--single-max", type=int, default=100, help="largest scale also built with one job (default 100)")
    p.add_argument("--repeat", type=int, default=1,
                   help="builds of each scale and job count; the fastest is reported (default 1)")
    p.add_argument("--sample-chars", type=int, default=1_000_000,
                   help="characters timed stage by stage and read by the references (default 1M)")
    p.add_argument("--seeds", default=str(ROOT / "seeds"), help="folder of seed pages")
    p.add_argument("--keep", metavar="DIR", help="keep corpora and outputs here (default: a temporary folder)")
    p.add_argument("--load-runs", type=int, default=3,
                   help="fresh processes timing the lexicon's load, cold and warm cache each (default 3; 0: none)")
    p.add_argument("--json", metavar="PATH", help="also write all figures as JSON")
    args = p.parse_args(argv)
    scales = sorted({int(s) for s in args.scales.split(",") if s.strip()})

    from govkg.extractors import lexicon
    lex = lexicon.load()
    seeds = Seeds.read(Path(args.seeds), lex)
    print(f"govkg throughput: scales {scales}, --jobs {args.jobs}, {os.cpu_count()} cores, load {_load()}")
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="govkg-bench-"))
    rows = []
    try:
        for scale in scales:
            work = root / f"scale{scale}"
            rows.append(measure(scale, work, seeds, lex, args))
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    load = measure_load(args.load_runs) if args.load_runs > 0 else None
    print()
    print(report(rows, args.jobs))
    if load:
        print()
        print(report_load(load))
        rows[0]["lexicon_load"] = load
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
