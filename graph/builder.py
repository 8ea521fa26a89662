"""The ``govkg build`` verb: documents in, OUT/graph.ttl, graph.graphml, graph.html and
extractions/ out, without losing or damaging anything on the way.

* Every input is accounted for: a path that does not exist, a file that is not text and a
  feed record that cannot be read are each reported (``SKIP path: reason``, exit 1); a run
  that reads no document at all stops with a message and changes nothing.
* OUT, the cache and the store are never read as input, nor are other govkg outputs found
  inside an input folder (``inputs.find_inputs``).
* The files are written to a hidden folder inside OUT (``OUT/.build-*``; the same file
  system, so renaming is atomic, and no write access beside OUT needed) and moved into place
  once all are complete: a build that fails or is interrupted leaves the previous graph as
  it was, and extractions of documents no longer given do not linger. The cache, in OUT or
  elsewhere, stays where it is.
* The outputs hold no time or absolute path: two builds of the same documents are byte-
  identical, whatever the OUT folder, the working folder or the number of jobs.
* ``--corrections FILE`` is read before any document (a file that cannot be read stops the
  build, exit 2) and applied to the merged graph on every build, cached documents or not:
  the cache holds extractions, which corrections never change. Its rows that cannot apply are
  reported (``FILE:LINE: why``) and the build exits 1 with the others applied.

``merge`` and ``outputs.write_outputs`` are called through their modules so that the
benchmark's probe (bench/probe.py) can wrap them with timers.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path, PurePosixPath
from typing import Sequence

import networkx as nx

from . import extraction, outputs
from . import merge as merging
from .corrections import Corrections, CorrectionsError, apply_corrections, read_corrections
from .inputs import doc_names, find_any
from .progress import PROGRESS_MIN, Progress, progress

__all__ = ["cli", "summary", "extraction_paths", "sweep", "corrections_or_why", "OUTPUT_FILES"]

EXTRACTIONS = "extractions"
# Moved into OUT in this order, after extractions/: graph.ttl, what `load` reads, comes last.
OUTPUT_FILES = ("graph.graphml", "graph.html", "graph.ttl")


def summary(G: nx.MultiDiGraph, top: int = 5) -> str:
    """Counts by type and relation, and the most-mentioned places and programmes."""
    types = Counter(a.get("type", "?") for _, a in G.nodes(data=True))
    rels = Counter(k for _, _, k in G.edges(keys=True))
    lines = [f"{G.number_of_nodes()} nodes: " + ", ".join(f"{t} {n}" for t, n in sorted(types.items())),
             f"{G.number_of_edges()} edges: " + ", ".join(f"{p} {n}" for p, n in sorted(rels.items()))]
    for t, what in (("Place", "places"), ("Program", "programmes")):
        best = sorted(((a["mentions"], a["label"]) for _, a in G.nodes(data=True) if a.get("type") == t),
                      key=lambda m: (-m[0], m[1]))[:top]
        if best:
            lines.append(f"top {what}: " + ", ".join(f"{lbl} ({n})" for n, lbl in best))
    return "\n".join(lines)


def _stem(doc: str) -> str:
    p = PurePosixPath(doc)
    return str(p.with_suffix("")) if p.suffix else doc


def extraction_paths(docs: Sequence[str]) -> dict[str, str]:
    """Each document's JSON below extractions/: ``<stem>.json`` (what ``govkg eval`` looks
    for), or ``<name>.json`` where two documents share a stem (``a.txt``, ``a.html``).

    >>> extraction_paths(["a.txt", "a.html", "b.txt", "1/c.txt"])
    {'a.txt': 'a.txt.json', 'a.html': 'a.html.json', 'b.txt': 'b.json', '1/c.txt': '1/c.json'}
    """
    stems = Counter(map(_stem, docs))
    return {d: (_stem(d) if stems[_stem(d)] == 1 else d) + ".json" for d in docs}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True                 # someone else's process
    return True


def sweep(out: Path, prefix: str) -> None:
    """Remove the folders ``OUT/<prefix><pid>-*`` of builds that were killed (their process is
    gone): a build stopped by SIGKILL or a power cut cannot clean up after itself."""
    for stage in out.glob(prefix + "*"):
        pid = stage.name[len(prefix):].split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stage, ignore_errors=True)


class _Stage:
    """The hidden folder inside OUT a build writes to, made when the first document is
    read (a build that reads none leaves OUT untouched), moved into place by ``commit``."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.path: Path | None = None
        self.made_out = False

    def folder(self) -> Path:
        if self.path is None:
            self.made_out = not self.out.exists()
            self.out.mkdir(parents=True, exist_ok=True)
            self._sweep()
            self.path = Path(tempfile.mkdtemp(prefix=f".build-{os.getpid()}-", dir=self.out))
            (self.path / EXTRACTIONS).mkdir()
        return self.path

    def _sweep(self) -> None:
        sweep(self.out, ".build-")

    def commit(self) -> None:
        """extractions/ swapped for the new one (the old one parked in the stage and put back
        if the swap fails), then each file replaced by an atomic rename."""
        stage = self.folder()
        old, parked = self.out / EXTRACTIONS, stage / "previous-extractions"
        if old.is_dir():
            os.replace(old, parked)
        try:
            os.replace(stage / EXTRACTIONS, old)
        except BaseException:
            if parked.is_dir() and not old.exists():
                os.replace(parked, old)
            raise
        for name in OUTPUT_FILES:
            os.replace(stage / name, self.out / name)

    def discard(self) -> None:
        """Remove the stage (after a commit: the previous extractions); OUT too if this build
        made it and it is empty."""
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            self.path = None
            if self.made_out:
                try:
                    self.out.rmdir()
                except OSError:
                    pass            # not empty: the cache, or the outputs


def _unchanged(out: Path) -> str:
    return f"{out} left as it was" if out.exists() else "nothing written"


def cli(args: argparse.Namespace) -> int:
    """``govkg build PATH... -o OUT [--jobs N] [--store DIR] [--cache DIR] [--fields …] [--corrections FILE]``."""
    from .heap import bulk
    with bulk():
        return _build(args)


def _build(args: argparse.Namespace) -> int:
    from .cache import Cache
    from .sources import fields_option as _fields
    from .query import load_store

    fields = _fields(args) if getattr(args, "fields", None) else {}
    if fields is None:
        return 2
    fixes = corrections_or_why(getattr(args, "corrections", None))
    if isinstance(fixes, str):
        print(f"govkg build: {fixes}", file=sys.stderr)
        return 2
    from .storage import is_url
    url = next((str(p) for p in [args.out, getattr(args, "cache", None)] if p and is_url(str(p))), None)
    if url:
        print(f"govkg build: {url}: the embedded build writes local folders; an OUT or --cache at a URL needs "
              "--scheduler (local:N or a scheduler's address)", file=sys.stderr)
        return 2
    out = Path(args.out)
    store = getattr(args, "store", None)
    cache = Cache(Path(getattr(args, "cache", None) or out / ".cache"))
    found = find_any(args.paths, exclude=(out, cache.root, store))
    for folder, why in found.ignored:
        print(f"not reading {folder}: {why}", file=sys.stderr)
    for path, why in found.refused:
        print(f"SKIP {path}: {why}", file=sys.stderr)
    failed = len(found.refused)
    if not found.files:
        print(f"govkg build: no document to read in {' '.join(map(str, args.paths))}; {_unchanged(out)}",
              file=sys.stderr)
        return 1 if failed else 2
    jobs = args.jobs or os.cpu_count() or 1
    stage = _Stage(out)
    try:
        with progress(len(found.files)) as bar:
            xs, skipped, fresh = _extract(found.files, jobs, cache, fields, stage, bar)
        failed += skipped
        n = len(xs)
        if not n:
            print(f"govkg build: none of the {len(found.files)} file(s) could be read; {_unchanged(out)}",
                  file=sys.stderr)
            return 1
        if n >= PROGRESS_MIN:           # a few seconds from here on: say what is going on
            print(f"merging {n} extractions", file=sys.stderr)
        G = merging.merge(xs)
        del xs          # the graph holds what is needed from here on
        left_out = apply_corrections(G, fixes) if fixes else []
        for problem in left_out:
            print(problem, file=sys.stderr)
        if n >= PROGRESS_MIN:
            print(f"writing {len(G)} entities and {G.number_of_edges()} relations as Turtle, GraphML and HTML",
                  file=sys.stderr)
        outputs.write_outputs(G, stage.folder(), jobs)
        stage.commit()
    finally:
        stage.discard()
    if len(G) > outputs.PAGE_NODES:
        print(f"graph.html shows the {outputs.PAGE_NODES} most mentioned of {len(G)} entities; "
              f"'govkg render {out} -o PAGE --focus NAME' draws any part", file=sys.stderr)
    written = ["graph.ttl", "graph.graphml", "extractions/", "graph.html"]
    if store:
        load_store(out / "graph.ttl", store)
        written.append(f"store {store}")
    print(f"{n} document(s), {failed} skipped → {out}/: " + ", ".join(written))
    print(f"{fresh} extracted, {n - fresh} from cache ({cache.root})")
    if fixes:
        print(f"{len(fixes.entries) + len(fixes.problems) - len(left_out)} correction(s) applied, "
              f"{len(left_out)} left out ({fixes.path}, sha256 {fixes.sha256[:12]}…)")
    print(summary(G))
    return 1 if failed or left_out else 0


def corrections_or_why(path: str | None) -> Corrections | str | None:
    """The corrections file read, ``None`` when none is given, or why it cannot be read."""
    if not path:
        return None
    try:
        return read_corrections(path)
    except CorrectionsError as e:
        return str(e)
    except OSError as e:
        return f"{path}: {e.strerror or e}"


def _extract(files: Sequence[Path | str], jobs: int, cache: object, fields: dict[str, str], stage: _Stage,
             bar: Progress) -> tuple[list, int, int]:
    """(extractions, inputs and records skipped, documents extracted rather than cached), each
    document's JSON written into the stage as it comes."""
    names = doc_names(files)
    targets = extraction_paths(names)
    xs, failed, fresh = [], 0, 0
    for item in extraction.extract_json(files, jobs, cache, bar, fields=fields, names=names):
        if item.json is None:
            bar.write(f"SKIP {item.path}: {item.reason}")
            failed += 1
            continue
        x = extraction.load_extraction(item.json)
        for where in x.skipped:                       # a feed's records that could not be read
            bar.write(f"SKIP {where}")
        failed += len(x.skipped)
        fresh += not item.cached
        xs.append(x)
        target = stage.folder() / EXTRACTIONS / targets.get(x.doc, _stem(x.doc) + ".json")
        if not target.parent.is_dir():
            target.parent.mkdir(parents=True)
        target.write_text(item.json, encoding="utf-8", newline="\n")
    return xs, failed, fresh
