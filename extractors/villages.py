"""Every village and community of the country outside Hunan, looked up by name or code.

Why a separate table: the main gazetteer (``data/divisions.tsv.gz``) goes into the
segmenter and the place automaton, and 600,000 more names there would cost seconds at load
and make every common village name (红旗村, 红星社区) a place in every article. These rows
are only *looked up*: a finder that has read ``X村`` asks which rows carry that name and
lets the places the article names pick one.

``data/divisions_villages.tsv.gz`` (NBS 2023, see ``data/divisions.md``) is sorted by name,
one ``name<TAB>code[<TAB>official]`` a line, the name already in the form news text writes
(``divisions.village_name``); ``+TAIL`` in the third column means the name followed by TAIL.
Rows come back as ``(code, name, official)``; ``Lexicon`` makes them ``Division`` records.
Loading is one decompression and one split (about 0.2 s), done on the first look-up; a
look-up is a binary search in the sorted lines.
"""
from __future__ import annotations

import bisect
import gzip
from importlib import resources

__all__ = ["VillageIndex", "Row"]

Row = tuple[str, str, str]      # (code, name, official name); the parent is code[:9] + "000"

_FILE = "divisions_villages.tsv.gz"
_KEEP = 50_000          # names whose rows are kept for the next look-up


class VillageIndex:
    """The national village rows, read on first use."""

    def __init__(self) -> None:
        self._lines: list[str] | None = None
        self._by_code: dict[str, int] | None = None
        self._named: dict[str, tuple[Row, ...]] = {}

    def _rows(self) -> list[str]:
        if self._lines is None:
            raw = resources.files(__package__).joinpath("data", _FILE).read_bytes()
            lines = gzip.decompress(raw).decode("utf-8").split("\n")
            self._lines = [x for x in lines if x and not x.startswith("#")]
        return self._lines

    def named(self, name: str) -> tuple[Row, ...]:
        """The villages called ``name`` (the written short form, e.g. 北岭村), by code."""
        got = self._named.get(name)
        if got is None:
            if len(self._named) >= _KEEP:
                self._named.clear()
            got = self._named[name] = self._look_up(name)
        return got

    def _look_up(self, name: str) -> tuple[Row, ...]:
        rows = self._rows()
        key = name + "\t"
        i = bisect.bisect_left(rows, key)
        out = []
        while i < len(rows) and rows[i].startswith(key):
            out.append(_row(rows[i]))
            i += 1
        return tuple(out)

    def by_code(self, code: str) -> Row | None:
        """The village with this 12-digit code (the code table is built on first call)."""
        if self._by_code is None:
            rows = self._rows()
            self._by_code = {r.split("\t", 2)[1]: i for i, r in enumerate(rows)}
        i = self._by_code.get(code)
        return None if i is None else _row(self._rows()[i])


def _row(line: str) -> Row:
    name, code, *rest = line.split("\t")
    official = rest[0] if rest else name
    return code, name, name + official[1:] if official.startswith("+") else official
