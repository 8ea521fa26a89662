"""An on-disk cache of extractions, so a rebuild re-extracts only the documents that changed.

An entry is the extraction JSON (``serialize.to_dict``) of one document, keyed by

* the **document**: a hash of its file name (the extraction's ``doc``) and its bytes, and
* the **extractor version**: a hash of every source and data file of ``govkg.extractors``,
  so any change of code or lexicon makes every entry stale (no version number to forget).

Layout: ``DIR/<version>/<key[:2]>/<key>.json``, and ``DIR/CACHEDIR.TAG`` (the cache-folder
convention): backup tools skip the folder, and so does a build that finds it among its inputs
(``inputs.output_kind``), wherever ``--cache`` puts it. Entries of other versions are left alone (a
cache folder may be shared by checkouts of different versions); delete the folder to reclaim
the space. Writes go to a temporary file first and are renamed, so a build that is killed
leaves no half-written entry.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

__all__ = ["Cache", "extractor_version", "digest", "doc_key"]

log = logging.getLogger(__name__)

_SKIP_DIRS = {"__pycache__"}
_TAGGED: set[str] = set()           # cache roots at URLs known to hold their CACHEDIR.TAG (asked once)


def _files(root: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    """(relative name, file) of every file below ``root``, sorted by name; byte-code and hidden
    files (editor swap files) skipped."""
    out: list[tuple[str, Traversable]] = []
    for item in root.iterdir():
        name = prefix + item.name
        if item.is_dir():
            if item.name not in _SKIP_DIRS:
                out += _files(item, name + "/")
        elif not item.name.endswith((".pyc", ".pyo")) and not item.name.startswith("."):
            out.append((name, item))
    return sorted(out, key=lambda f: f[0])


def digest(root: Traversable) -> str:
    """Hex digest over the relative names and bytes of all files below ``root``."""
    h = hashlib.sha256()
    for name, f in _files(root):
        data = f.read_bytes()
        h.update(f"{name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()[:20]


@functools.lru_cache(maxsize=1)
def extractor_version() -> str:
    """The digest of the ``govkg.extractors`` package (``*.py`` and ``data/*``): it changes
    whenever extraction could change, code or lexicon."""
    return digest(resources.files("govkg.extractors"))


def doc_key(name: str, data: bytes) -> str:
    """The cache key of a document: its name (which the extraction records) and its bytes."""
    h = hashlib.sha256(name.encode("utf-8") + b"\0")
    h.update(data)
    return h.hexdigest()


@dataclass(frozen=True)
class Cache:
    """Extraction JSON by document key, under ``root/<version>/``.

    >>> import tempfile
    >>> c = Cache(Path(tempfile.mkdtemp()), version="v1")
    >>> k = doc_key("a.txt", "湖南".encode())
    >>> c.get(k) is None
    True
    >>> c.put(k, '{"doc": "a.txt"}')
    >>> c.get(k)
    '{"doc": "a.txt"}'
    >>> Cache(c.root, version="v2").get(k) is None
    True
    """

    root: Path | str            # a local folder, or an fsspec URL (``storage``: a distributed build's workers)
    version: str = ""

    def _path(self, key: str) -> Path:
        return Path(self.root) / (self.version or extractor_version()) / key[:2] / f"{key}.json"

    def _url(self, key: str) -> str | None:
        from .storage import is_url, join
        return join(self.root, self.version or extractor_version(), key[:2], f"{key}.json") \
            if is_url(self.root) else None

    def has(self, key: str) -> bool:
        """An entry exists for this key and version."""
        from .storage import exists
        url = self._url(key)
        return exists(url) if url else self._path(key).is_file()

    def get(self, key: str) -> str | None:
        """The stored JSON text, or ``None`` when there is none for this key and version."""
        from .storage import read_bytes
        url = self._url(key)
        try:
            return read_bytes(url).decode("utf-8") if url else self._path(key).read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return None

    def _tag(self) -> None:
        """Mark the root as a cache folder (``CACHEDIR.TAG``), once."""
        from .inputs import CACHEDIR_SIGNATURE, CACHEDIR_TAG
        tag = Path(self.root) / CACHEDIR_TAG
        if not tag.is_file():
            tag.write_text(f"{CACHEDIR_SIGNATURE}\n# govkg extraction cache: see govkg/graph/cache.py\n",
                           encoding="utf-8")

    def put(self, key: str, text: str) -> None:
        """Store ``text`` (atomically: a temporary file renamed into place, or for a URL an
        object uploaded whole)."""
        url = self._url(key)
        if url:
            from .inputs import CACHEDIR_SIGNATURE, CACHEDIR_TAG
            from .storage import exists, join, writing
            tag = join(self.root, CACHEDIR_TAG)
            if tag not in _TAGGED and not exists(tag):
                with writing(tag) as f:
                    f.write(f"{CACHEDIR_SIGNATURE}\n# govkg extraction cache: see govkg/graph/cache.py\n".encode())
            _TAGGED.add(tag)
            with writing(url) as f:
                f.write(text.encode("utf-8"))
            return
        path = self._path(key)
        if not path.parent.is_dir():        # a stat; mkdir of a folder that exists costs ten times more here
            path.parent.mkdir(parents=True, exist_ok=True)
            self._tag()
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
