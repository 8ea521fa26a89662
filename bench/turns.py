"""Two programs timed in turns, each in a process of its own (benchmarks only).

``bench/throughput.py`` compares govkg's extraction with plain ``jieba.cut`` over the same
documents. Both are timed document by document, taking turns, so that a slow spell of a
shared machine falls on both alike (``Turns.each``). Each runs in a fresh process that holds
only what its program needs, as it would in use:

* **govkg**: the lexicon loaded and warmed (``pipeline.warm``), as in a worker of a build;
* **jieba**: a private ``jieba.Tokenizer``, initialised, and nothing else.

Why not both in the benchmark's own process: what that process did before (reading the
seeds, generating the corpus, building a second lexicon) moved the ratio by 5 to 10% from
run to run, mostly through the speed of ``jieba.cut``, whose collections of cyclic garbage
walk whatever that process happens to hold.

The parent sends a document's number on the child's stdin; the child answers with the CPU
seconds (``time.process_time``) the document took, so the pipes cost neither side.
"""
from __future__ import annotations

import json
import logging
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["Turns", "serve"]

ENGINES = ("govkg", "jieba")


class _Engine:
    """One program over a fixed list of documents; ``run(i)`` handles document ``i``."""

    def __init__(self, kind: str, paths: list[str]) -> None:
        self.paths = [Path(p) for p in paths]
        self.stages: dict[str, float] = {}
        if kind == "govkg":
            self._start_govkg()
        elif kind == "jieba":
            self._start_jieba()
        else:
            raise ValueError(f"unknown engine {kind!r}: one of {', '.join(ENGINES)}")

    def _start_govkg(self) -> None:
        from govkg.extractors import lexicon
        from govkg.extractors.pipeline import extract_file, warm

        from throughput import wrap_stages
        lex = lexicon.load()
        warm(lex)
        self.timer = wrap_stages()
        self.run = lambda i: extract_file(self.paths[i], lex)

    def _start_jieba(self) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tok = jieba.Tokenizer()
        tok.initialize()
        texts = [p.read_text(encoding="utf-8") for p in self.paths]
        self.timer = None
        self.run = lambda i: sum(1 for _ in tok.cut(texts[i]))

    def handle(self, request: dict[str, Any]) -> Any:
        if "doc" in request:
            t0 = time.process_time()
            self.run(request["doc"])
            return time.process_time() - t0
        if request.get("untimed") and self.timer is not None:  # later passes: no stage timers
            self.timer.restore()
            return 0.0
        if request.get("stages"):
            return dict(self.timer.seconds) if self.timer is not None else {}
        raise ValueError(f"bad request {request!r}")


def serve() -> None:
    """The child's loop: the first line names the engine and the documents, each later line
    is a request (``{"doc": i}``, ``{"stages": true}``, ``{"untimed": true}``); one JSON
    answer a line."""
    first = json.loads(sys.stdin.readline())
    engine = _Engine(first["engine"], first["paths"])
    print(json.dumps("ready"), flush=True)
    for line in sys.stdin:
        print(json.dumps(engine.handle(json.loads(line))), flush=True)


class Turns:
    """The two engines over ``paths``, each in its own child process."""

    def __init__(self, paths: list[Path]) -> None:
        bench = str(Path(__file__).resolve().parent)
        code = f"import sys; sys.path.insert(0, {bench!r}); import turns; turns.serve()"
        self.children = {}
        for kind in ENGINES:
            child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, encoding="utf-8")
            self.children[kind] = child
            self._ask(kind, {"engine": kind, "paths": [str(p) for p in paths]})
        self.count = len(paths)

    def _ask(self, kind: str, request: dict[str, Any]) -> Any:
        child = self.children[kind]
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(json.dumps(request) + "\n")
        child.stdin.flush()
        line = child.stdout.readline()
        if not line:
            raise RuntimeError(f"the {kind} process ended early (exit code {child.wait()})")
        return json.loads(line)

    def each(self) -> dict[str, float]:
        """CPU seconds of each engine over all documents, document by document in turns."""
        total = dict.fromkeys(ENGINES, 0.0)
        for i in range(self.count):
            for kind in ENGINES:
                total[kind] += self._ask(kind, {"doc": i})
        return total

    def stages(self) -> dict[str, float]:
        """govkg's seconds by stage so far (while its stage timers are on)."""
        return self._ask("govkg", {"stages": True})

    def untimed(self) -> None:
        """Take govkg's stage timers off (for the passes after the first)."""
        self._ask("govkg", {"untimed": True})

    def close(self) -> None:
        for child in self.children.values():
            if child.stdin:
                child.stdin.close()
            child.wait()

    def __enter__(self) -> "Turns":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
