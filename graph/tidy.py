"""What a worker of a distributed build keeps from one task to the next, kept within bounds, so
that its memory does not grow with the corpus (``between_tasks`` wraps every task).

A worker runs task after task in one process for the whole build, and three things it keeps
would otherwise grow with the number of documents it has seen:

* the lexicon's memos (``Lexicon.memo``): what the finders work out from the lexicon alone, per
  division or name met (a village's division, a city's misprint index: several KB each). A
  worker that extracts more documents meets more of Hunan's divisions;
* the LRU memos of names and keys (``keys``) and of RDF literals (``rdf``), sized for the
  embedded build's one process, which holds the whole graph anyway;
* memory Python has freed but the C allocator keeps (glibc keeps freed pages in its arenas
  until ``malloc_trim``, Dask's advice against unmanaged memory).

A lexicon memo that has grown past ``LEXICON_ENTRIES`` entries, or an LRU memo past
``LRU_ENTRIES``, is emptied after a task; a task's cyclic garbage (``heap.BULK_THRESHOLD``
makes the collector run rarely: it would otherwise be freed at the end of the build) is
collected, at most every ``GC_SECONDS`` (a full collection costs a short task as much as its
work); and freed memory is handed back (``malloc_trim``). Memos are pure
(the lexicon's hold what "the lexicon alone" gives, the others are ``lru_cache`` s of pure
functions), so they fill again with the same values: extraction and keys are unchanged, only
what was worked out for earlier documents is worked out again when met again.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import time
from typing import Any, Callable, TypeVar

__all__ = ["between_tasks", "tidy", "LEXICON_ENTRIES", "LRU_ENTRIES", "GC_SECONDS"]

#: Entries past which a lexicon memo is emptied between tasks: a few partitions' worth (a 1 MB
#: partition meets about 500 divisions; a city's misprint index is several KB).
LEXICON_ENTRIES = 4000
#: The same for the LRU memos of names, keys and literals (a few hundred bytes an entry).
LRU_ENTRIES = 20000
#: Seconds between two full collections, at the end of a task.
GC_SECONDS = 5.0

_collected = [0.0]          # when this process last ran a full collection (time.monotonic)

F = TypeVar("F", bound=Callable[..., Any])


def _lru_memos() -> list[Any]:
    from . import keys, rdf
    return [keys.normalise, keys._program_form, keys.segment, rdf._zh, rdf._lit, rdf._int]


def _lexicon_memos() -> list[dict[Any, Any]]:
    """The lexicon's memos, if it is loaded (``Lexicon.memos``)."""
    from govkg.extractors import lexicon
    if lexicon.load.cache_info().currsize == 0:
        return []
    return list(lexicon.load().memos().values())


@functools.lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None


def tidy(lexicon_entries: int = LEXICON_ENTRIES, lru_entries: int = LRU_ENTRIES) -> None:
    """Empty every memo past its budget, collect garbage (if ``GC_SECONDS`` have passed), and
    hand freed memory back to the system."""
    for memo in _lexicon_memos():
        if len(memo) > lexicon_entries:
            memo.clear()
    for f in _lru_memos():
        if f.cache_info().currsize > lru_entries:
            f.cache_clear()
    if time.monotonic() - _collected[0] >= GC_SECONDS:
        gc.collect()
        _collected[0] = time.monotonic()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def between_tasks(fn: F) -> F:
    """``fn`` (a task of the distributed build), tidying up after it (``tidy``)."""
    @functools.wraps(fn)
    def task(*args: Any, **kw: Any) -> Any:
        try:
            return fn(*args, **kw)
        finally:
            tidy()
    return task  # type: ignore[return-value]
