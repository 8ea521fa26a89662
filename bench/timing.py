"""Timers wrapped around functions from outside (benchmarks only: production code has none)."""
from __future__ import annotations

import functools
import os
import resource
import time
from collections import defaultdict
from typing import Any, Callable


class StageTimer:
    """Wall seconds per label, over calls of the functions wrapped with ``wrap``.

    A call made while another wrapped call is running is counted in the outer one only, so
    the labels add up to no more than the time spent (a stage that calls another is not
    counted twice).
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._depth = 0
        self._undo: list[tuple[Any, str, Callable]] = []

    def wrap(self, owner: Any, name: str, label: str) -> None:
        """Replace ``owner.name`` by a timed version (``restore`` puts it back)."""
        f = getattr(owner, name)

        @functools.wraps(f)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if self._depth:
                return f(*args, **kwargs)
            self._depth += 1
            t0 = time.perf_counter()
            try:
                return f(*args, **kwargs)
            finally:
                self.seconds[label] += time.perf_counter() - t0
                self._depth -= 1

        setattr(owner, name, timed)
        self._undo.append((owner, name, f))

    def restore(self) -> None:
        for owner, name, f in reversed(self._undo):
            setattr(owner, name, f)
        self._undo.clear()


def _vm_hwm_kb() -> int | None:
    """This process's peak RSS from /proc (Linux), or None."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            return next((int(line.split()[1]) for line in f if line.startswith("VmHWM:")), None)
    except OSError:
        return None


def peak_rss_mb() -> dict[str, float]:
    """Peak resident memory (MB) of this process and of its largest waited-for descendant.

    For this process /proc's VmHWM is preferred: ``ru_maxrss`` survives ``exec``, so a child
    started by a large parent would report the parent's size as its own.
    """
    own = _vm_hwm_kb() or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"self": own / 1024, "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


class TreeMemory:
    """Peak of the summed proportional set size (PSS) of this process and its descendants,
    sampled every ``every`` seconds in a thread (Linux /proc; 0 elsewhere).

    ``ru_maxrss`` counts a page shared by forked processes once in each of them; PSS splits
    it between them, so the sum is what the whole build really holds.

    Reading ``smaps_rollup`` makes the kernel walk the process's page tables: about 20 ms
    for a process of a gigabyte. Sampled every 50 ms, three such processes took most of a
    core from a build that had two; every half second it takes a few per cent, and a build's
    peaks (the extractions and the graph held together) last seconds.
    """

    def __init__(self, every: float = 0.5) -> None:
        import threading
        self.peak_kb = 0
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()

    @staticmethod
    def _tree(pid: int) -> list[int]:
        out, todo = [], [pid]
        while todo:
            p = todo.pop()
            out.append(p)
            try:
                for task in os.listdir(f"/proc/{p}/task"):
                    with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as f:
                        todo += [int(c) for c in f.read().split()]
            except OSError:
                pass
        return out

    @staticmethod
    def _pss_kb(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
                return next((int(line.split()[1]) for line in f if line.startswith("Pss:")), 0)
        except OSError:
            return 0

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(self._every):
            self.peak_kb = max(self.peak_kb, sum(self._pss_kb(p) for p in self._tree(me)))
