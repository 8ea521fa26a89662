"""``govkg load SHARDS... --store DIR``: bulk-load N-Triples shards into an Oxigraph store on disk.

A corpus past one machine's memory is built as N-Triples shards (``OUT/shards/*.nt`` or
``*.nt.gz``, no blank nodes), and what reads it afterwards (``govkg query``, ``serve``,
``render`` of a region, the notebook's ``load(store, region=…)``) wants an indexed store
that it opens without parsing anything: that is what this module makes, with pyoxigraph's
bulk loader (it writes sorted index files straight to disk, several times faster than
inserting triples, and never holds the whole input in memory).

What it takes (``find_shards``): ``.nt``, ``.nt.gz``, ``.ttl`` or ``.ttl.gz`` files, quoted
globs (``'out/shards/*.nt.gz'``) and folders (their N-Triples files, recursively; a folder
with none, such as the OUT folder of today's ``govkg build``, gives its ``graph.ttl``).

How a load behaves (``load``):

* **All or nothing.** The bulk loader writes as it parses, so a bad line in the tenth shard
  would leave nine shards and part of the tenth in the store. Instead the load goes into a
  new folder beside DIR (an existing store is first copied there with RocksDB's checkpoint,
  hard links, so cheap), and that folder replaces DIR only when every shard is in: a failed
  or interrupted load leaves DIR as it was.
* **Adds by default.** Loading into an existing store adds the new triples to it (a triple
  already there is not doubled: a store is a set); ``replace=True`` (``--replace``) starts
  from an empty store instead.
* **One-line errors** (``SourceError``): a shard that does not parse, by file and line; a
  file of another kind; a DIR that is a file, or a folder with other things in it that is
  no store (so a typo never turns a home folder into a database).
"""
from __future__ import annotations

import argparse
import glob
import gzip
import io
import os
import shutil
import sys
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .sources import SourceError, is_store, out_folder, turtle_error

__all__ = ["SUFFIXES", "Loaded", "find_shards", "load", "VERB", "add_arguments", "cli"]

#: What a shard's name ends with → (format name for messages, pyoxigraph format name).
SUFFIXES = {".nt": ("N-Triples", "N_TRIPLES"), ".nt.gz": ("N-Triples", "N_TRIPLES"),
            ".ttl": ("Turtle", "TURTLE"), ".ttl.gz": ("Turtle", "TURTLE")}
_NT = (".nt", ".nt.gz")


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return next((s for s in sorted(SUFFIXES, key=len, reverse=True) if name.endswith(s)), "")


def _in_folder(folder: Path) -> list[Path]:
    """A folder's N-Triples files (recursively, hidden ones skipped), else its graph.ttl."""
    found = sorted(p for p in folder.rglob("*") if p.is_file() and _suffix(p) in _NT
                   and not any(part.startswith(".") for part in p.relative_to(folder).parts))
    if found:
        return found
    if (folder / "graph.ttl").is_file():
        return [folder / "graph.ttl"]
    raise SourceError(f"no shards in {folder}: no .nt or .nt.gz file below it and no graph.ttl")


def find_shards(paths: Iterable[str | Path]) -> list[Path]:
    """The files to load for ``paths`` (files, quoted globs, folders), each once, in order.

    >>> find_shards(["/no/such/shard.nt"])
    Traceback (most recent call last):
    ...
    govkg.graph.sources.SourceError: no such file or folder: /no/such/shard.nt
    """
    out: list[Path] = []
    for given in map(str, paths):
        p = Path(given)
        if p.is_dir():
            files = _in_folder(p)
        elif p.is_file():
            if not _suffix(p):
                raise SourceError(f"{p}: not a shard; give N-Triples (.nt, .nt.gz) or Turtle (.ttl, .ttl.gz)")
            files = [p]
        elif glob.has_magic(given):
            files = sorted(Path(f) for f in glob.glob(given, recursive=True) if _suffix(Path(f)))
            if not files:
                raise SourceError(f"no .nt, .nt.gz or .ttl file matches {given}")
        else:
            raise SourceError(f"no such file or folder: {p}")
        out += files
    first: dict[Path, Path] = {}
    for f in out:
        first.setdefault(f.resolve(), f)                  # each file once, where first named
    return list(first.values())


def _existing(store: Path) -> bool:
    """Whether ``store`` is a store to add to (True) or a place for a new one (False); a
    ``SourceError`` when it is a file or a folder of other things."""
    out_folder(store, "--store")
    if not store.exists() or (store.is_dir() and not any(store.iterdir())):
        return False
    if is_store(store):
        return True
    raise SourceError(f"{store} is a folder but not an Oxigraph store (it has no CURRENT file); "
                      "give --store a new or empty folder, or a store made by 'govkg load'")


class _Counted(io.RawIOBase):
    """A binary file that reports each read's size (the progress bar counts bytes on disk)."""

    def __init__(self, raw: Any, tick: Callable[[int], None]) -> None:
        self.raw, self.tick = raw, tick

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.raw.readinto(buffer) or 0
        self.tick(n)
        return n


@contextmanager
def _reading(path: Path, tick: Callable[[int], None]) -> Iterator[Any]:
    """The decompressed bytes of a shard, read 1 MiB at a time, reads counted by ``tick``."""
    with open(path, "rb") as raw:
        counted = io.BufferedReader(_Counted(raw, tick), 1 << 20)
        yield gzip.GzipFile(fileobj=counted, mode="rb") if path.name.lower().endswith(".gz") else counted


@dataclass(frozen=True)
class Loaded:
    """What a load did: files read, triples the store gained and now holds, seconds taken."""

    store: Path
    files: int
    added: int
    total: int
    seconds: float

    @property
    def rate(self) -> float:
        """Triples added per second."""
        return self.added / self.seconds if self.seconds > 0 else 0.0

    def __str__(self) -> str:
        return (f"loaded {self.files} file(s) in {self.seconds:.1f} s: {self.added:,} triples added "
                f"({self.rate:,.0f} triples/s); the store {self.store} holds {self.total:,}")


def _load_file(store: Any, path: Path, tick: Callable[[int], None]) -> None:
    import pyoxigraph as ox

    what, fmt = SUFFIXES[_suffix(path)]
    try:
        with _reading(path, tick) as stream:
            store.bulk_load(input=stream, format=getattr(ox.RdfFormat, fmt))
    except (SyntaxError, UnicodeDecodeError) as e:
        raise turtle_error(path, e, what) from None
    except (gzip.BadGzipFile, EOFError) as e:
        raise SourceError(f"{path}: not a complete gzip file ({e})") from None


def _swap(new: Path, target: Path) -> None:
    """Put the loaded folder ``new`` where ``target`` is (two renames on one file system)."""
    if target.is_dir() and not any(target.iterdir()):
        target.rmdir()
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def load(shards: Iterable[str | Path], store_dir: str | Path, replace: bool = False,
         file: Any = None) -> Loaded:
    """Bulk-load ``shards`` (see ``find_shards``) into the store at ``store_dir``, adding to
    what it holds unless ``replace``; all or nothing (see the module docstring). A progress
    bar in bytes goes to ``file`` (default stderr) when it is a terminal."""
    files = find_shards(shards)
    target = Path(store_dir)
    existing = _existing(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = target.with_name(f".{target.name}.loading-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    t0 = time.perf_counter()
    try:
        before, total = _fill(work, files, target if existing and not replace else None, file)
        _swap(work, target)
    except BaseException as e:
        # The frames of the traceback hold the open store, and a cycle through the exception
        # keeps them until the garbage collector runs, which closes the store whenever it
        # comes: RocksDB then writes into the folder removed below (or into the next load's).
        # Cleared, the store closes now.
        traceback.clear_frames(e.__traceback__)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Loaded(target, len(files), total - before, total, time.perf_counter() - t0)


def _fill(work: Path, files: list[Path], existing: Path | None, file: Any) -> tuple[int, int]:
    """A store at ``work`` with the triples of ``existing`` (a store, copied) and of ``files``;
    the triples before and after. The store is closed when this returns."""
    import pyoxigraph as ox

    from .progress import progress

    before = 0
    if existing:
        try:
            old = ox.Store(str(existing))
        except OSError as e:
            raise SourceError(f"cannot open the store {existing}: {e}") from None
        before = len(old)
        old.backup(str(work))
        del old                                        # release RocksDB's lock
    store = ox.Store(str(work))
    done = 0
    with progress(sum(f.stat().st_size for f in files), "loading", file, unit="B") as bar:
        def tick(n: int) -> None:
            nonlocal done
            done += n
            bar(done, bar.total)
        for f in files:
            _load_file(store, f, tick)
    store.flush()
    return before, len(store)


# ---------------------------------------------------------------- the command
VERB = ("bulk-load N-Triples shards into an Oxigraph store on disk",
        "Bulk-load RDF into a persistent Oxigraph store (pyoxigraph's bulk loader) that 'govkg query', "
        "'govkg serve' and 'govkg render --focus' then open without parsing: N-Triples shards "
        "(.nt, .nt.gz) of a distributed build, quoted globs, folders (their shards, recursively, "
        "else their graph.ttl) or a graph.ttl. Loading into an existing store ADDS to it (a triple "
        "already there is not doubled); --replace starts from an empty store. All or nothing: a "
        "bad shard (reported by file and line) leaves the store as it was.",
        "govkg load out/shards --store kg.store\ngovkg load 'out/shards/*.nt.gz' --store kg.store --replace\n"
        "govkg load out/graph.ttl --store kg.store")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``govkg load``, kept beside the function they feed."""
    p.add_argument("shards", nargs="+", metavar="SHARDS",
                   help=".nt, .nt.gz or .ttl files, quoted globs, or folders of shards (or an OUT folder)")
    p.add_argument("--store", required=True, metavar="DIR",
                   help="the store folder: made if new, added to if it is a store already")
    p.add_argument("--replace", action="store_true", help="empty the store first instead of adding to it")


def cli(args: argparse.Namespace) -> int:
    """``govkg load``: print what was loaded and how fast (a ``SourceError`` is the caller's to print)."""
    print(load(args.shards, args.store, replace=args.replace), file=sys.stderr)
    return 0
