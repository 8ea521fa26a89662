"""A cache on disk of the tables the lexicon derives from its data files (the gazetteer and
its indexes, jieba's dictionary, the segmenter's user words), so that a process reads them
instead of building them.

Why: building them from text is most of the lexicon's load time, and every process pays it
(each worker of a build, each run of the command line); read back with ``pickle`` they load
in a third of the time. jieba keeps its dictionary the same way (``/tmp/jieba.cache``).

A table lives under the user's cache folder (``$XDG_CACHE_HOME/govkg``, else
``~/.cache/govkg``) in a file named by a digest of what it was built from: the path, size and
modification time of each input (data files and the source files of the code that builds
the table, as Python keys its byte-code on its sources), the Python version and pickle's
protocol. A changed data file or changed code therefore names
another file: a table is never read stale. Files are written whole under a temporary name
and then renamed, so a process never reads half a file; of each table the few files used
last are kept, the older ones removed. Whenever the folder cannot be written or a file not
read, the table is built as if there were no cache: the cache can only save time.

A process that finds no cached table first looks for a **shipped** one: the package carries
the large tables ready-made (``data/tables/<name>-<digest>.pickle.gz``, written by
``python -m govkg.extractors.ship_tables``), so that the first run after an install does not
pay for building them. A shipped table
is named by a digest of the *contents* of its inputs (paths and times differ from one
install to the next; the bytes do not). It is used only when its inputs are byte for byte
those it was built from, and its bytes, decompressed, are copied into the cache for the next
process; a test fails when a shipped table is out of date with its inputs.

Why ``pickle`` (protocol 4) for both: every later Python reads it, and these tables load from
it as fast as from ``marshal`` (jieba's dictionary 0.17 s against 0.18), so a cold start
copies the shipped bytes as they are instead of writing the table again (``marshal.dumps``
cost 0.05 s a table).
"""
from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import pickle
import sys
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable

__all__ = ["cached", "folder", "shipped_path", "ship", "SHIPPED"]

KEEP = 4        # files kept of each table (several checkouts may share the folder)
SHIPPED = ("gazetteer", "dictionary")       # the tables the package carries ready-made
_PROTOCOL = 4           # pickle's format of the tables: read by Python 3.4 and later
_TABLES: dict[str, tuple[tuple[Any, ...], Callable[[], Any]]] = {}     # name → inputs, build: for ``ship``


def folder() -> Path:
    """The cache folder: ``$XDG_CACHE_HOME/govkg``, else ``~/.cache/govkg``."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "govkg"


def cached(name: str, inputs: Iterable[Any], build: Callable[[], Any]) -> Any:
    """``build()``'s value, read from the cache if a process built it from the same inputs
    before, else built and written for the next one. ``inputs``: the paths of the files it
    is built from, source files of its code included; the value should be made of plain
    types (dicts, lists, tuples, strings, numbers), which load fastest."""
    inputs = tuple(inputs)
    _TABLES[name] = (inputs, build)
    try:
        path = folder() / f"{name}-{_digest(inputs)}.pickle"
    except (OSError, TypeError, RuntimeError):      # an input not on disk (a zipped package), no home
        data = _shipped_bytes(name, inputs)
        return build() if data is None else pickle.loads(data)
    try:
        with open(path, "rb") as f:
            value = pickle.loads(f.read())      # pickle.load(f) reads in small pieces: slower
    except (OSError, EOFError, ValueError, TypeError, IndexError, KeyError, pickle.UnpicklingError):
        data = _shipped_bytes(name, inputs)
        if data is None:
            value = build()
            data = pickle.dumps(value, protocol=_PROTOCOL)
        else:
            value = pickle.loads(data)
        _write(path, data)
    else:
        with contextlib.suppress(OSError):
            os.utime(path)                  # used now: kept when older files are removed
    return value


def _digest(inputs: Iterable[Any]) -> str:
    """A digest of the inputs' paths, sizes and modification times, this module's own, and
    the versions of Python and of the pickle protocol."""
    h = hashlib.sha256(f"{sys.version}\0pickle {_PROTOCOL}".encode())
    for p in (*inputs, __file__):
        st = os.stat(p)
        h.update(f"\0{os.path.abspath(p)}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    return h.hexdigest()[:24]


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, then remove all but the ``KEEP``
    files of the same table used last (and any an earlier version wrote with ``marshal``);
    any failure leaves the cache as it was."""
    import tempfile
    tmp = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        tmp = ""
        table = path.name.rsplit("-", 1)[0]
        for old in path.parent.glob(f"{table}-*.marshal"):
            old.unlink(missing_ok=True)
        others = sorted((p for p in path.parent.glob(f"{table}-*.pickle") if p != path), key=_used, reverse=True)
        for old in others[KEEP - 1:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _used(p: Path) -> float:
    """When the file was last written or read from the cache (0 if it is gone)."""
    try:
        return p.stat().st_mtime
    except OSError:
        return 0.0


# ---------------------------------------------------------------- shipped tables
def _shipped_folder() -> Any:
    return resources.files(__package__).joinpath("data", "tables")


def shipped_path(name: str, inputs: Iterable[Any]) -> Any:
    """Where the shipped table ``name`` built from ``inputs`` as they are now would be."""
    h = hashlib.sha256(f"pickle {_PROTOCOL}".encode())
    for p in inputs:
        with open(p, "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
    return _shipped_folder().joinpath(f"{name}-{h.hexdigest()[:24]}.pickle.gz")


def _shipped_bytes(name: str, inputs: tuple[Any, ...]) -> bytes | None:
    """The shipped table built from exactly these inputs, decompressed, or ``None`` (none
    shipped, inputs changed since, an unreadable file): then it is built."""
    if name not in SHIPPED:
        return None
    try:
        return gzip.decompress(shipped_path(name, inputs).read_bytes())
    except (OSError, EOFError, ValueError):
        return None


def ship(name: str) -> Path:
    """Write table ``name`` (as its last ``cached`` call in this process would build it) into
    the package's shipped tables, and remove the table's older shipped files. Byte-stable:
    the same inputs give the same file."""
    inputs, build = _TABLES[name]
    path = Path(str(shipped_path(name, inputs)))
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob(f"{name}-*.pickle.gz"):
        if old != path:
            old.unlink()
    path.write_bytes(gzip.compress(pickle.dumps(build(), protocol=_PROTOCOL), 9, mtime=0))
    return path

