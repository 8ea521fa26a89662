"""Running the extractors over many files: in parallel, cached, results in the order given.

``extract_json`` is what ``govkg build`` and ``govkg extract`` run; ``extract_all`` is the
same with the JSON read back into ``Extraction`` s (the notebook API). Both stream: one
document's text at a time per process.
"""
from __future__ import annotations

import functools
import gc
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from govkg.extractors.records import Extraction

__all__ = ["Extracted", "extract_json", "extract_all", "load_extraction"]

Fields = tuple[tuple[str, str], ...]        # feed field names, sorted: hashable, picklable


@dataclass(frozen=True)
class Extracted:
    """One document's outcome: its extraction as JSON text (``serialize.dumps``), or why not.

    The JSON text, not the ``Extraction``, crosses process boundaries and is what the cache
    stores: it is small (no article bodies or offset maps), and a build that reads it back
    with :func:`load_extraction` merges exactly what a build from cache merges.
    """

    path: str
    json: str | None
    reason: str = ""
    cached: bool = False


def _warm_lexicon() -> None:
    """Pool initializer: load the lexicon and build its lazy parts once per worker process."""
    from govkg.extractors.pipeline import warm

    from .heap import BULK_THRESHOLD
    gc.set_threshold(*BULK_THRESHOLD)       # spawned, so not inherited
    warm()


def _pool(jobs: int) -> Any:
    """A pool of ``jobs`` extraction processes, each with the lexicon loaded and warm.

    On Linux the lexicon is loaded here, once, and the workers fork from this process: they
    start at once and share its memory (the build needs the lexicon afterwards anyway, for
    the gazetteer parents). ``heap.frozen`` keeps the collector from touching, and so copying,
    those shared pages in the workers. Elsewhere fork is not safe; there each worker is
    spawned and loads the lexicon itself (about two seconds each), as it is in a process
    that runs other threads (``heap.can_fork``).
    """
    import multiprocessing

    from .heap import can_fork, frozen
    if sys.platform.startswith("linux") and can_fork():
        from govkg.extractors.pipeline import warm
        warm()
        with frozen():
            return multiprocessing.get_context("fork").Pool(jobs)
    return multiprocessing.get_context("spawn").Pool(jobs, initializer=_warm_lexicon)


def renamed(x: Extraction, doc: str) -> Extraction:
    """``x`` as the document ``doc`` (its articles too): the name ``inputs.doc_names`` gave a
    file whose own name another input shares."""
    if x.doc == doc:
        return x
    return replace(x, doc=doc, articles=tuple(replace(a, doc=doc) for a in x.articles))


def _extract_url(url: str, fields: dict[str, str]) -> Extraction:
    """``extract_file`` of a file at an fsspec URL (``storage``): its bytes read through fsspec,
    then decoded and read as ``extract_file`` decodes and reads a local file's."""
    from govkg.extractors import InputError
    from govkg.extractors.decoding import decode
    from govkg.extractors.pipeline import extract_pages
    from govkg.extractors.readers import read_text

    from .storage import name, read_bytes
    try:
        data = read_bytes(url)
    except OSError as e:
        raise InputError(url, e.strerror or str(e)) from None
    text, encoding = decode(data, url)
    doc = name(url)
    d = read_text(text, doc, encoding, Path(doc).suffix, fields)
    return extract_pages(d.pages, d.doc, None, d.skipped)


def _extract_json(job: tuple[Path | str, str], fields: Fields = ()) -> Extracted:
    """Extract one file (a local path, or an fsspec URL given as text) as the document named
    (a pool worker or the caller) and dump it to JSON."""
    from govkg.extractors import InputError, extract_file
    from govkg.extractors.serialize import dumps
    path, doc = job
    try:
        x = _extract_url(path, dict(fields)) if isinstance(path, str) else extract_file(path, fields=dict(fields))
    except InputError as e:
        return Extracted(str(e.path), None, e.reason)
    return Extracted(str(path), dumps(renamed(x, doc) if doc else x))


def load_extraction(text: str) -> Extraction:
    """The ``Extraction`` of extraction JSON (articles keep titles, not bodies: all ``merge`` reads)."""
    from govkg.extractors.serialize import from_dict
    return from_dict(json.loads(text))


def _cache_key(path: Path | str, doc: str, fields: Fields = ()) -> str | None:
    from .cache import doc_key
    from .storage import name, read_bytes
    try:
        return doc_key((doc or name(path)) + "".join(f"|{k}={v}" for k, v in fields), read_bytes(path))
    except OSError:
        return None            # the extractor reports why


def extract_json(paths: Sequence[Path | str], jobs: int = 1, cache: Any = None,
                 progress: Callable[[int, int], None] | None = None,
                 fields: dict[str, str] | None = None, names: Sequence[str] | None = None) -> Iterator[Extracted]:
    """:class:`Extracted` for each file (a ``Path``, or an fsspec URL as text), in the order
    given, streaming.

    Files found in ``cache`` (a :class:`govkg.graph.cache.Cache`) are read from it; the others
    are extracted (``jobs`` > 1: by a pool of processes, fed in chunks, results taken in order
    as they come; see ``_pool``) and stored in it. ``fields`` names a feed's fields
    (``readers.FIELDS``); it is part of the cache key. ``names``: each file's document name
    (``inputs.doc_names``; default its file name), also part of the key. Only one document's
    text is held at a time per process, and the results do not depend on ``jobs``.
    """
    total = len(paths)
    spec: Fields = tuple(sorted((fields or {}).items()))
    docs = list(names) if names is not None else [""] * total
    keys = [_cache_key(p, d, spec) if cache is not None else None for p, d in zip(paths, docs)]
    hits = [k is not None and cache.has(k) for k in keys]
    todo = [(p, d) for p, d, hit in zip(paths, docs, hits) if not hit]
    jobs = min(jobs, len(todo))
    pool = None
    if jobs > 1:
        pool = _pool(jobs)
        fresh: Iterator[Extracted] = pool.imap(functools.partial(_extract_json, fields=spec), todo,
                                               chunksize=max(1, min(8, len(todo) // (jobs * 4))))
    else:
        fresh = (_extract_json(job, spec) for job in todo)
    try:
        for n, (path, key, hit) in enumerate(zip(paths, keys, hits), 1):
            if hit:
                item = Extracted(str(path), cache.get(key), cached=True)
            else:
                item = next(fresh)
                if key is not None and item.json is not None:
                    cache.put(key, item.json)
            if progress:
                progress(n, total)
            yield item
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


def extract_all(paths: Sequence[Path], jobs: int = 1, progress: Callable[[int, int], None] | None = None,
                cache: Any = None, names: Sequence[str] | None = None
                ) -> Iterator[tuple[str, Extraction | None, str]]:
    """(path, Extraction or None, reason) for each file, in the order given (see ``extract_json``)."""
    for item in extract_json(paths, jobs, cache, progress, names=names):
        yield item.path, None if item.json is None else load_extraction(item.json), item.reason
