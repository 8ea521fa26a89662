"""Benchmark (not a test): does extraction time grow linearly with a document's length?

    .venv/bin/python bench/big_document.py [--sizes 100000,300000,1000000] [--pieces 100]
        [--layouts pages,lines,article,rotated] [--repeat 2] [--cli]

A document of a million characters must not take more than three times as long as the
same text cut into a hundred documents. For each layout and size this writes, to a
temporary folder, one document of that many characters and the same text cut into
``--pieces`` documents (cut at paragraph ends, so the pieces put together are the big
document), and times the work of ``govkg extract --jobs 1`` on each: read, extract, write
the JSON text, here in this process with the lexicon loaded and the collector set as the
command sets it (``--cli``: the command itself in a child process, start-up included).
Each is timed ``--repeat`` times, big and cut taking turns, and the fastest is reported:
the machine may be shared.

Layouts, all made of the seed pages:

* **pages**: the pages one after another as printed, blank lines between paragraphs:
  datelines and bylines, so many articles to a document;
* **lines**: the same text without the blank lines, one paragraph a line, as web articles
  are written: the whole document is one article to the splitter;
* **article**: the seeds' body paragraphs alone, one a line, under one title: one huge
  article with no dateline at all;
* **rotated**: pages from ``corpus.py`` (township and village names rotated page by page),
  one paragraph a line: one article that names more distinct places the longer it is, as a
  real long document does, where the seeds repeated name the same few again and again.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LAYOUTS = ("pages", "lines", "article", "rotated")
_LONG = 60                      # a line this long is a body paragraph, not a headline or byline


# ---------------------------------------------------------------- corpora
def _repeat(parts: list[str], size: int, sep: str) -> str:
    """``parts`` one after another (round and round) up to ``size`` characters."""
    out, n, k = [], 0, 0
    while n < size and parts:
        piece = parts[k % len(parts)] + sep
        out.append(piece)
        n += len(piece)
        k += 1
    return "".join(out)[:size]


def _one_a_line(text: str) -> str:
    """The text without blank lines: one paragraph a line."""
    return "\n".join(line for line in text.split("\n") if line.strip()) + "\n"


def _body_paragraphs(pages: list[str]) -> list[str]:
    """The long lines of ``pages`` (body text, not headlines or bylines), datelines cut off."""
    from govkg.extractors.clean import parse_dateline
    out = []
    for line in (line for page in pages for line in page.split("\n") if len(line) >= _LONG):
        dateline = parse_dateline(line)
        out.append(line[dateline[1]:] if dateline else line)
    return out


def _rotated_pages(count: int) -> list[str]:
    """``count`` pages of ``corpus.py`` (place names rotated page by page)."""
    sys.path.insert(0, str(HERE))
    try:
        from corpus import Seeds, make_document
    finally:
        sys.path.remove(str(HERE))
    from govkg.extractors.lexicon import load
    lex = load()
    seeds = Seeds.read(ROOT / "seeds", lex)
    return [make_document(j, seeds, lex).strip("\n") for j in range(count)]


def make_text(layout: str, size: int, seeds: list[str]) -> str:
    """One document of ``size`` characters in ``layout`` (see the module docstring)."""
    pages = [s.strip("\n") for s in seeds]
    if layout == "pages":
        return _repeat(pages, size, "\n\n")
    if layout == "lines":
        return _one_a_line(_repeat(pages, 2 * size, "\n\n"))[:size]
    if layout == "article":
        return ("一篇没有电头的长文\n" + _repeat(_body_paragraphs(pages), size, "\n"))[:size]
    if layout == "rotated":
        per_page = max(1, sum(map(len, pages)) // len(pages))
        return _one_a_line("\n\n".join(_rotated_pages(2 * size // per_page + 2)))[:size]
    raise ValueError(f"unknown layout {layout!r} (one of {', '.join(LAYOUTS)})")


def cut(text: str, pieces: int) -> list[str]:
    """``text`` cut into at most ``pieces`` parts of about equal length, each ending at a
    paragraph end (a blank line where there are any, else a line end); joined, they are ``text``."""
    mark = "\n\n" if "\n\n" in text else "\n"
    out, start = [], 0
    for k in range(1, pieces):
        at = text.find(mark, max(start, k * len(text) // pieces))
        if at < 0:
            break
        end = at + len(mark)
        if end < len(text):
            out.append(text[start:end])
            start = end
    out.append(text[start:])
    return [p for p in out if p]


def write_corpus(folder: Path, text: str, pieces: int) -> tuple[Path, list[Path]]:
    """``folder/big/big.txt`` and ``folder/cut/NNN.txt``: the document and its pieces."""
    (folder / "big").mkdir(parents=True, exist_ok=True)
    (folder / "cut").mkdir(parents=True, exist_ok=True)
    big = folder / "big" / "big.txt"
    big.write_text(text, encoding="utf-8", newline="\n")
    parts = []
    for k, piece in enumerate(cut(text, pieces)):
        p = folder / "cut" / f"{k:03d}.txt"
        p.write_text(piece, encoding="utf-8", newline="\n")
        parts.append(p)
    return big, parts


# ---------------------------------------------------------------- timing
def extract_in_process(paths: list[Path]) -> float:
    """Seconds for ``govkg extract --jobs 1``'s work on ``paths`` in this process: read,
    extract and dump each (the collector set as the command sets it; nothing written)."""
    from govkg.extractors import extract_file
    from govkg.extractors.serialize import dumps
    from govkg.graph.heap import bulk
    with bulk():
        t0 = time.perf_counter()
        for p in paths:
            dumps(extract_file(p))
        return time.perf_counter() - t0


def extract_cli(paths: list[Path], out: Path) -> float:
    """Wall seconds of ``govkg extract --jobs 1 -o OUT PATHS`` in a child process."""
    cmd = [str(Path(sys.executable).with_name("govkg")), "extract", "--jobs", "1", "-o", str(out),
           *map(str, paths)]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t0


def measure(layout: str, size: int, pieces: int, repeat: int, work: Path,
            timer: Callable[[list[Path]], float]) -> dict[str, Any]:
    """One row of the table: the fastest of ``repeat`` timings of the big document and of its cut."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    text = make_text(layout, size, seeds)
    big, parts = write_corpus(work / f"{layout}-{size}", text, pieces)
    big_s, cut_s = [], []
    for _ in range(repeat):
        big_s.append(timer([big]))
        cut_s.append(timer(parts))
    b, c = min(big_s), min(cut_s)
    return {"layout": layout, "chars": len(text), "docs": len(parts), "big": b, "cut": c,
            "ratio": b / c if c else float("inf")}


HEADER = (f"{'layout':<8} {'chars':>9} {'docs':>5} {'big s':>8} {'cut s':>8} {'ratio':>6} "
          f"{'big chars/s':>12} {'cut chars/s':>12}")


def format_row(r: dict[str, Any]) -> str:
    """One row of the table, aligned under ``HEADER``."""
    return (f"{r['layout']:<8} {r['chars']:>9,} {r['docs']:>5} {r['big']:>8.2f} {r['cut']:>8.2f} "
            f"{r['ratio']:>6.2f} {r['chars'] / r['big']:>12,.0f} {r['chars'] / r['cut']:>12,.0f}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="100000,300000,1000000", help="characters of the big document")
    p.add_argument("--pieces", type=int, default=100, help="documents the same text is cut into (default 100)")
    p.add_argument("--layouts", default=",".join(LAYOUTS), help=f"some of {','.join(LAYOUTS)}")
    p.add_argument("--repeat", type=int, default=2, help="timings of each; the fastest is reported (default 2)")
    p.add_argument("--cli", action="store_true", help="time `govkg extract --jobs 1` in a child process")
    args = p.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    layouts = [x for x in args.layouts.split(",") if x.strip()]
    with tempfile.TemporaryDirectory(prefix="govkg-big-") as tmp:
        work = Path(tmp)
        if args.cli:
            timer: Callable[[list[Path]], float] = lambda paths: extract_cli(paths, work / "out")  # noqa: E731
        else:
            from govkg.extractors.pipeline import warm
            warm()
            timer = extract_in_process
        a, b, c = os.getloadavg()
        print(f"govkg big document: {'govkg extract --jobs 1' if args.cli else 'in process'}, "
              f"cut into {args.pieces}, fastest of {args.repeat}, load {a:.1f}/{b:.1f}/{c:.1f}")
        print(HEADER + "\n" + "-" * len(HEADER), flush=True)
        for layout in layouts:
            for size in sizes:
                print(format_row(measure(layout, size, args.pieces, args.repeat, work, timer)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
