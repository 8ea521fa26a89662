"""Which files a run reads: the files named and the files below the folders named, each once,
and never what govkg itself wrote.

A corpus folder often ends up holding govkg's own output (``govkg build corpus -o
corpus/out``), and since inputs are recognised by content, a rebuild would read its own
graph.html as a web page and its extraction JSON as feeds. So a walk leaves out

* hidden files and folders (``.cache``, editors' swap files),
* the folders the caller names in ``exclude`` (the run's OUT, cache and store), and
* any folder that is a govkg output by its shape: a build's OUT (``graph.ttl`` beside an
  ``extractions/`` folder), a distributed build's ``shards/`` (``part-*.nt``) or an
  extraction cache (tagged ``CACHEDIR.TAG``, the cache-folder convention backup tools honour too).

A path that does not exist, or that is named explicitly but lies in an excluded folder, is
not silently dropped: it is returned so the caller can report it (``SKIP path: reason``).

Documents are known by file name (the extraction's ``doc``): two different files of the same
name (``2024-01-02/01.txt``, ``2024-01-03/01.txt``) would be one document, their spans mixed.
``doc_names`` gives those their path below the folder they share instead.

``find_urls`` does the same for fsspec URLs (``s3://bucket/corpus``, see ``storage``): what the
distributed build's workers read, when they may not share this machine's disks, and what the
embedded build reads too; ``find_any`` takes both kinds, in the order named.
"""
from __future__ import annotations

import itertools
import os
import posixpath
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePath, PurePosixPath
from typing import Any, Iterable, Sequence

__all__ = ["Inputs", "Found", "find_inputs", "find_urls", "find_any", "output_kind", "doc_names", "CACHEDIR_TAG", "CACHEDIR_SIGNATURE"]

CACHEDIR_TAG = "CACHEDIR.TAG"
CACHEDIR_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55"     # https://bford.info/cachedir/


@dataclass(frozen=True)
class Inputs:
    """The outcome of looking at the paths named: what to read and what not, and why."""

    files: tuple[Path, ...]                   # to read, in order: each named path, folders sorted
    refused: tuple[tuple[str, str], ...]      # (path, reason) named but not read: report as SKIP
    ignored: tuple[tuple[str, str], ...]      # (folder, reason) left out of a walk: worth a note


def output_kind(folder: Path) -> str:
    """What govkg output ``folder`` is ("a govkg build's output", "an extraction cache"), or ''."""
    tag = folder / CACHEDIR_TAG
    if tag.is_file():
        try:
            if tag.read_bytes().startswith(CACHEDIR_SIGNATURE.encode()):
                return "an extraction cache"
        except OSError:
            pass
    if (folder / "graph.ttl").is_file() and (folder / "extractions").is_dir():
        return "a govkg build's output"
    if folder.name == "shards" and any(folder.glob("part-*.nt*")):
        return "a govkg build's N-Triples shards"
    return ""


def _within(path: Path, roots: Sequence[Path]) -> Path | None:
    """The first of ``roots`` that ``path`` (resolved) is or lies below, or None."""
    return next((r for r in roots if path == r or r in path.parents), None)


def _walk(top: Path, exclude: Sequence[Path], ignored: list[tuple[str, str]]) -> list[Path]:
    """The visible files below ``top``, sorted, without excluded or output folders.

    Like ``Path.rglob`` it does not descend into symbolic links to folders (a link loop
    cannot make it walk forever)."""
    found: list[Path] = []
    for root, dirs, files in os.walk(top):
        here = Path(root)
        keep = []
        for d in dirs:
            sub = here / d
            if d.startswith("."):
                continue
            hit = _within(sub.resolve(), exclude)
            why = "this run's output" if hit is not None else output_kind(sub)
            if why:
                ignored.append((f"{sub}{os.sep}", why))
            else:
                keep.append(d)
        dirs[:] = keep
        found += [here / f for f in files if not f.startswith(".")]
    return sorted(found)


def find_inputs(paths: Iterable[str | Path], exclude: Iterable[str | Path | None] = ()) -> Inputs:
    """The files to read below ``paths`` (see the module docstring), each file once.

    ``exclude``: folders never to read, whether they lie inside an input folder or are
    named (the run's OUT, cache and store; ``None`` entries are ignored)."""
    roots = [Path(e).resolve() for e in exclude if e]
    files: list[Path] = []
    refused: list[tuple[str, str]] = []
    ignored: list[tuple[str, str]] = []
    seen: set[Path] = set()
    for p in map(Path, paths):
        if not p.exists():
            refused.append((str(p), "no such file or folder"))
            continue
        hit = _within(p.resolve(), roots)
        kind = output_kind(p) if p.is_dir() else ""
        if hit is not None or kind:
            refused.append((str(p), f"is {kind}" if kind and hit is None else f"lies in this run's output {hit}"))
            continue
        for f in _walk(p, roots, ignored) if p.is_dir() else [p]:
            real = f.resolve()
            if real not in seen:
                seen.add(real)
                files.append(f)
    return Inputs(tuple(files), tuple(refused), tuple(ignored))


def _output_folders(files: dict[str, Any], fs: Any) -> set[str]:
    """The folders among the paths of ``files`` (fsspec ``find`` details) that are govkg
    output by their shape, as ``output_kind`` tells for local folders."""
    out: set[str] = set()
    for f in files:
        folder, base = posixpath.split(f)
        if base == CACHEDIR_TAG:
            with fs.open(f, "rb") as tag:
                if tag.read(len(CACHEDIR_SIGNATURE)) == CACHEDIR_SIGNATURE.encode():
                    out.add(folder)
        elif base == "graph.ttl" and any(g.startswith(f"{folder}/extractions/") for g in files):
            out.add(folder)
        elif posixpath.basename(folder) == "shards" and base.startswith("part-") and ".nt" in base:
            out.add(folder)
    return out


def find_urls(urls: Iterable[str], exclude: Iterable[str | None] = ()) -> tuple[list[tuple[str, int]], list[tuple[str, str]]]:
    """((URL, size) of each file to read, (URL, reason) of each named but not read) below the
    fsspec ``urls``, as ``find_inputs`` finds files below local paths: hidden files and folders,
    the folders in ``exclude`` (URLs: the run's OUT and cache) and govkg's output folders left out."""
    from .storage import fs_path, is_url, told
    files: list[tuple[str, int]] = []
    refused: list[tuple[str, str]] = []
    seen: set[str] = set()
    for url in urls:
        fs, root = fs_path(url)
        skip = [fs_path(e)[1].rstrip("/") for e in exclude if e and is_url(e) and type(fs_path(e)[0]) is type(fs)]
        try:
            with told(url):
                info = fs.info(root)
        except FileNotFoundError:
            refused.append((url, "no such file or folder"))
            continue
        if any(root == s or root.startswith(s + "/") for s in skip):
            refused.append((url, "lies in this run's output"))
            continue
        if info["type"] != "directory":
            found = {info["name"]: info}
        else:
            with told(url):
                found = fs.find(root, detail=True)
            below = {f: i for f, i in found.items() if not any(
                part.startswith(".") for part in posixpath.relpath(f, root).split("/"))}
            dead = [*skip, *_output_folders(below, fs)]
            found = {f: i for f, i in below.items() if not any(f.startswith(d + "/") for d in dead)}
        for f in sorted(found):
            u = fs.unstrip_protocol(f)
            if u not in seen:
                seen.add(u)
                files.append((u, int(found[f].get("size") or 0)))
    return files, refused


@dataclass(frozen=True)
class Found:
    """What ``find_any`` found: local files as ``Path`` s, files at URLs as text, with sizes."""

    files: list[Path | str]
    sizes: list[int]
    refused: list[tuple[str, str]]
    ignored: list[tuple[str, str]]


def find_any(paths: Iterable[str | Path], exclude: Iterable[str | Path | None] = ()) -> Found:
    """The files below local paths (``find_inputs``) and URLs (``find_urls``), in the order named."""
    from .storage import is_url
    out = Found([], [], [], [])
    skip = [e for e in exclude if e]
    for url, group in itertools.groupby(paths, key=lambda p: is_url(str(p))):
        if url:
            found, why = find_urls([str(p) for p in group], [str(e) for e in skip if is_url(str(e))])
            out.files.extend(f for f, _ in found)
            out.sizes.extend(n for _, n in found)
        else:
            there = find_inputs(list(group), exclude=[e for e in skip if not is_url(str(e))])
            out.files.extend(there.files)
            out.sizes.extend(f.stat().st_size if f.is_file() else 0 for f in there.files)
            why = list(there.refused)
            out.ignored.extend(there.ignored)
        out.refused.extend(why)
    return out


def doc_names(files: Sequence[Path | str]) -> list[str]:
    """The document name of each file: its file name, or, where two files share one, its path
    (``/``-separated) below the deepest folder those files have in common. A file is a local
    path or a URL (``find_urls``; its path on its file system counts).

    >>> doc_names([Path("a/1/x.txt"), Path("a/2/x.txt"), Path("a/y.txt")])
    ['1/x.txt', '2/x.txt', 'y.txt']
    >>> doc_names(["s3://b/c/1/x.txt", "s3://b/c/2/x.txt"])
    ['1/x.txt', '2/x.txt']
    """
    real = [PurePosixPath(f.split("://", 1)[1]) if isinstance(f, str) and "://" in f else Path(f).resolve()
            for f in files]
    count = Counter(f.name for f in real)
    shared: dict[str, list[PurePath]] = defaultdict(list)
    for f in real:
        if count[f.name] > 1:
            shared[f.name].append(f)
    common = {name: os.path.commonpath([str(f.parent) for f in group]) for name, group in shared.items()}
    return [f.relative_to(common[f.name]).as_posix() if f.name in common else f.name for f in real]
