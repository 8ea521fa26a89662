"""A larger corpus made from the seed pages, for benchmarks (not tests): ``generate(scale)``.

Document ``j`` of ``scale × len(seeds)`` documents follows the layout of seed ``j mod n`` (its
short lines: headlines, bylines, datelines), and

* its long paragraphs are replaced, most of them, by paragraphs drawn from all seeds (so
  articles mix across pages and documents differ),
* its digits go through a per-document permutation (dates, counts, codes change), and
* its township and village names are rotated to other Hunan divisions of the same level
  (the same name is replaced the same way throughout a document, so the text stays coherent).

The first ``n`` documents are the seeds themselves, so scale 1 is exactly the seed corpus.
Everything is drawn from ``random.Random`` seeded by the document number: the corpus of a
scale is the same on every run.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Seeds", "generate"]

_LONG = 60                      # a line this long (characters) is a paragraph, not furniture
_REPLACE = 0.7                  # share of paragraphs replaced by one drawn from the pool
_ROTATE_LEVELS = ("township", "village")


@dataclass(frozen=True)
class Seeds:
    """The seed pages, their paragraph pool and the same-level names to rotate places to."""

    names: tuple[str, ...]
    texts: tuple[str, ...]
    pool: tuple[str, ...]
    by_level: dict[str, tuple[str, ...]]
    rotatable: dict[str, str] = field(default_factory=dict)     # name → level ('' if not), memo

    @classmethod
    def read(cls, folder: Path, lex: Any, region: str = "43") -> "Seeds":
        files = sorted(f for f in folder.iterdir() if f.is_file() and f.suffix == ".txt")
        texts = tuple(f.read_text(encoding="utf-8") for f in files)
        pool = tuple(line for t in texts for line in t.split("\n") if len(line) >= _LONG)
        by_level: dict[str, list[str]] = {lv: [] for lv in _ROTATE_LEVELS}
        for d in lex.by_code.values():
            if d.code.startswith(region) and d.level in by_level and len(d.name) >= 3:
                by_level[d.level].append(d.name)
        return cls(tuple(f.name for f in files), texts, pool,
                   {lv: tuple(sorted(set(v))) for lv, v in by_level.items()})


def _rotate_places(text: str, seeds: Seeds, lex: Any, rnd: random.Random) -> str:
    """Replace township and village names (longest match, left to right) by others of the
    same level, one replacement per name in the document."""
    found = []
    for start, end, key in lex.place_names_in(text):
        level = seeds.rotatable.get(key)
        if level is None:
            levels = {d.level for d in lex.divisions_named(key)} if len(key) >= 3 and not lex.is_common(key) else ()
            level = seeds.rotatable[key] = next(iter(levels)) if len(levels) == 1 else ""
        if level in seeds.by_level:
            found.append((start, end, key, level))
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    out, pos, mapping = [], 0, {}
    for start, end, key, level in found:
        if start < pos:
            continue
        if key not in mapping:
            mapping[key] = rnd.choice(seeds.by_level[level])
        out += [text[pos:start], mapping[key]]
        pos = end
    return "".join(out) + text[pos:]


def make_document(j: int, seeds: Seeds, lex: Any) -> str:
    """Document ``j``: a seed itself for ``j`` < number of seeds, else a recombined one."""
    n = len(seeds.texts)
    if j < n:
        return seeds.texts[j]
    rnd = random.Random(j)
    lines = [rnd.choice(seeds.pool) if len(line) >= _LONG and rnd.random() < _REPLACE else line
             for line in seeds.texts[j % n].split("\n")]
    digits = list("0123456789")
    rnd.shuffle(digits)
    text = "\n".join(lines).translate(str.maketrans("0123456789", "".join(digits)))
    return _rotate_places(text, seeds, lex, rnd)


def generate(scale: int, folder: Path, seeds: Seeds, lex: Any) -> tuple[list[Path], int]:
    """Write ``scale × len(seeds)`` documents into ``folder``; return (paths, total characters)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths, chars = [], 0
    for j in range(scale * len(seeds.texts)):
        text = make_document(j, seeds, lex)
        path = folder / f"{j:06d}_{Path(seeds.names[j % len(seeds.names)]).stem[:3]}.txt"
        path.write_text(text, encoding="utf-8", newline="\n")
        paths.append(path)
        chars += len(text)
    return paths, chars
