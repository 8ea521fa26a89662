"""Timers wrapped around functions from outside (benchmarks only: production code has none)."""
from __future__ import annotations

import functools
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
