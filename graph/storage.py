"""Where a distributed build reads and writes: a local path, or an fsspec URL
(``file:///srv/out``, ``s3://bucket/prefix``, any protocol fsspec knows), so that workers on
other machines read the inputs and write the cache, the stages and the shards themselves,
with nothing passing through the client.

A local path goes through ``os`` as it always did (a file written under a temporary name and
renamed). A URL goes through fsspec, with the storage options of fsspec's configuration
(``~/.config/fsspec/*.json``, ``FSSPEC_<PROTOCOL>_<OPTION>`` variables such as
``FSSPEC_S3_ENDPOINT_URL``) and of the protocol's library (botocore's ``AWS_*`` for S3), read
by each process where it runs. A URL's file is opened without autocommit and committed when
complete (an object store has no rename: its upload is completed then; a local file is moved
into place), so no reader sees half a file. Every file a build writes has a fixed name, so a
task that runs again writes it again, whole.

``StorageError`` is the one-line reason a URL cannot be used: an unknown protocol, its library
not installed (``s3fs`` for S3), no such bucket.
"""
from __future__ import annotations

import contextlib
import os
import posixpath
import shutil
import tempfile
from pathlib import Path
from typing import IO, Any, Iterator

from .sources import SourceError

__all__ = ["StorageError", "is_url", "fs_path", "join", "name", "read_bytes", "writing", "files_in",
           "exists", "remove", "makedirs", "told", "check_out"]


class StorageError(SourceError):
    """A URL that cannot be read or written; the message is one line naming it."""


def is_url(path: str | Path) -> bool:
    """Whether ``path`` names a protocol (``s3://…``, ``file://…``): a URL for fsspec."""
    from fsspec.core import split_protocol
    return isinstance(path, str) and split_protocol(path)[0] is not None


def fs_path(url: str) -> tuple[Any, str]:
    """(fsspec file system, path on it) of ``url``; ``StorageError`` for an unknown protocol
    or one whose library is not installed."""
    from fsspec.core import url_to_fs
    try:
        return url_to_fs(url)
    except ImportError as e:                  # fsspec: "Install s3fs to access S3"
        raise StorageError(f"{url}: {e}") from None
    except ValueError as e:                   # "Protocol not known: xyz"
        raise StorageError(f"{url}: {e}") from None


def join(base: str | Path, *names: str) -> str:
    """``base`` / ``names`` (``/``-separated for a URL)."""
    if is_url(base):
        return "/".join([str(base).rstrip("/"), *names])
    return str(Path(base, *names))


def name(path: str | Path) -> str:
    """The last part of ``path``."""
    return posixpath.basename(str(path).rstrip("/")) if is_url(path) else Path(path).name


def read_bytes(path: str | Path) -> bytes:
    if is_url(path):
        fs, p = fs_path(str(path))
        return fs.cat_file(p)
    return Path(path).read_bytes()


def makedirs(folder: str | Path) -> None:
    """Make ``folder`` and its parents (on an object store, where folders are only prefixes,
    fsspec makes nothing once the bucket exists)."""
    if is_url(folder):
        fs, p = fs_path(str(folder))
        fs.makedirs(p, exist_ok=True)
    else:
        Path(folder).mkdir(parents=True, exist_ok=True)


@contextlib.contextmanager
def writing(path: str | Path, buffering: int = -1) -> Iterator[IO[bytes]]:
    """A binary file to write at ``path``, its folder made; no reader sees it before it is
    complete (a local file is written under a temporary name and renamed)."""
    if is_url(path):
        with _committed(str(path)) as f:
            yield f
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb", buffering=buffering) as f:
            yield f
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _committed(url: str) -> Iterator[IO[bytes]]:
    """A file at ``url`` opened without autocommit, committed when written (its upload
    completed, or moved into place), discarded on an error. Its folder is made only if the
    file system asks for it (an object store never does: no bucket is made by accident)."""
    fs, p = fs_path(url)
    parent = url.rsplit("/", 1)[0]
    try:
        f = fs.open(p, "wb", autocommit=False)
    except FileNotFoundError:
        makedirs(parent)
        f = fs.open(p, "wb", autocommit=False)
    try:
        yield f
        f.close()
        try:
            f.commit()
        except FileNotFoundError:
            makedirs(parent)
            f.commit()
    except BaseException:
        with contextlib.suppress(Exception):
            f.close()
        with contextlib.suppress(Exception):
            f.discard()
        raise


def files_in(folder: str | Path, suffix: str = "") -> list[str]:
    """The files directly in ``folder`` whose names end with ``suffix``, sorted (none if it is
    not there); temporary files (``.tmp-*``) left out."""
    if is_url(folder):
        fs, p = fs_path(str(folder))
        try:
            found = fs.ls(p, detail=True)
        except FileNotFoundError:
            return []
        return sorted(fs.unstrip_protocol(f["name"]) for f in found if f["type"] == "file"
                      and f["name"].endswith(suffix) and not posixpath.basename(f["name"]).startswith(".tmp-"))
    root = Path(folder)
    if not root.is_dir():
        return []
    return sorted(str(f) for f in root.iterdir() if f.is_file() and f.name.endswith(suffix)
                  and not f.name.startswith(".tmp-"))


def exists(path: str | Path) -> bool:
    if is_url(path):
        fs, p = fs_path(str(path))
        return bool(fs.exists(p))
    return Path(path).exists()


def remove(path: str | Path) -> None:
    """Remove the file or folder (recursively) at ``path``, if there is one."""
    if is_url(path):
        fs, p = fs_path(str(path))
        with contextlib.suppress(FileNotFoundError):
            if fs.exists(p):
                fs.rm(p, recursive=True)
        fs.invalidate_cache()
        return
    if Path(path).is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        Path(path).unlink(missing_ok=True)


@contextlib.contextmanager
def told(url: str) -> Iterator[None]:
    """Any error of the protocol's library inside (credentials, permissions, the network) as a
    ``StorageError``: one line naming ``url``, in the library's words (``FileNotFoundError``
    passes: the caller says what is missing)."""
    try:
        yield
    except (StorageError, FileNotFoundError):
        raise
    except Exception as e:
        first = (str(e).strip().splitlines() or [""])[0]
        raise StorageError(f"{url}: {type(e).__name__}: {first}" if first else f"{url}: {type(e).__name__}") from None


def check_out(url: str, option: str = "-o") -> None:
    """``StorageError`` unless ``url`` can be an output folder: its protocol known and its
    library installed, its bucket (or the file system's root) there, and not a file. Folders
    below the bucket are made as needed, as ``mkdir -p`` makes a local OUT; a missing bucket
    is not made."""
    fs, p = fs_path(url)
    top = p.strip("/").split("/", 1)[0]
    top = fs.root_marker + top if p.startswith("/") else top
    with told(url):
        if not fs.exists(top or fs.root_marker or "/"):
            raise StorageError(f"{url}: no such bucket or folder: {fs.unstrip_protocol(top)}")
        if fs.isfile(p):
            raise StorageError(f"{url} is a file; {option} wants a folder")
