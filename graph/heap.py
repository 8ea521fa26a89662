"""The garbage collector's settings for bulk work: building a graph from thousands of documents.

CPython's cyclic collector runs every 700 net allocations and, every so often, walks every
tracked object in the process. A build holds millions of long-lived objects (the lexicon,
then each document's extraction, then the graph) and allocates millions more, so on a 500×
seed corpus the collector took about a quarter of loading the extractions, of the merge and
of GraphML writing, and a sixth of extraction on one core, while finding almost nothing to
free: our records hold no cycles.

``bulk()`` runs the young generation's collection every 50,000 allocations instead of 700,
and so the older generations' far more rarely too. Cycles are still collected, and processes
forked within (the extraction pool) inherit the setting.

``frozen()`` is for forking: the objects that exist are set aside (``gc.freeze``) while the
children start, so a child's collector never walks them, and never copies the pages it would
touch doing so: the lexicon the extraction workers share, the graph the output writers share.
"""
from __future__ import annotations

import contextlib
import gc
from typing import Iterator

__all__ = ["bulk", "frozen", "can_fork", "BULK_THRESHOLD"]

BULK_THRESHOLD = (50_000, 20, 100)


def can_fork() -> bool:
    """May this process fork workers? Only where fork exists and no other thread runs (a
    notebook's Dask client, a server's threads): a lock another thread holds at the fork
    stays held in the child for ever, and the child hangs on it."""
    import multiprocessing
    import threading
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """Within: the collector runs rarely; after: as it was."""
    before = gc.get_threshold()
    gc.set_threshold(*BULK_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextlib.contextmanager
def frozen() -> Iterator[None]:
    """Within: what exists is out of the collector's reach (for processes forked within);
    after: back in it, in this process."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
