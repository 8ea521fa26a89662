"""Every village and community of the country outside Hunan, looked up by name or code.

Why a separate table: the main gazetteer (``data/divisions.tsv.gz``) goes into the
segmenter and the place automaton, and 600,000 more names there would cost seconds at load
and make every common village name (红旗村, 红星社区) a place in every article. These rows
are only *looked up*: a finder that has read ``X村`` asks which rows carry that name and
lets the places the article names pick one.

``data/divisions_villages.tsv`` (NBS 2023, see ``data/divisions.md``) is sorted by name,
one ``name<TAB>code[<TAB>official]`` a line, the name already in the form news text writes
(``divisions.village_name``); ``+TAIL`` in the third column means the name followed by TAIL.
Rows come back as ``(code, name, official)``; ``Lexicon`` makes them ``Division`` records.
Loading reads the file whole (21 MB, 0.01 s: it ships uncompressed, as decompressing it took
0.09 s of every process's load; a wheel compresses it all the same), on the first look-up; a look-up is a
binary search over the line starts of the sorted text, kept as UTF-8 bytes (which sort as
the text does): only the lines found are decoded.
"""
from __future__ import annotations

import bisect
import re
from importlib import resources

__all__ = ["VillageIndex", "Row"]

Row = tuple[str, str, str]      # (code, name, official name); the parent is code[:9] + "000"

_FILE = "divisions_villages.tsv"
_KEEP = 50_000          # names whose rows are kept for the next look-up
_STRIDE = 1 << 13       # bytes between two sampled line starts (2,600 samples)


class VillageIndex:
    """The national village rows, read on first use."""

    def __init__(self) -> None:
        self._table: bytes | None = None
        self._by_code: dict[bytes, int] | None = None
        self._named: dict[str, tuple[Row, ...]] = {}
        self._sampled: tuple[list[bytes], list[int]] | None = None

    def _text(self) -> bytes:
        """The table as one UTF-8 string of lines, headers cut: one object, not 600,000 (a
        list of lines costs three times the memory and twice the time to load), and not
        decoded (decoding all of it took as long as decompressing it)."""
        if self._table is None:
            raw = resources.files(__package__).joinpath("data", _FILE).read_bytes()
            start = 0
            while raw.startswith(b"#", start):
                start = raw.index(b"\n", start) + 1
            self._table = raw[start:]
        return self._table

    def named(self, name: str) -> tuple[Row, ...]:
        """The villages called ``name`` (the written short form, e.g. 北岭村), by code."""
        got = self._named.get(name)
        if got is None:
            if len(self._named) >= _KEEP:
                self._named.clear()
            got = self._named[name] = self._look_up(name)
        return got

    def _look_up(self, name: str) -> tuple[Row, ...]:
        """The first line ``name<TAB>…``, found between the two samples (``_samples``) around
        it by one search; then the lines after it that start the same way."""
        text, key = self._text(), (name + "\t").encode("utf-8", "surrogatepass")
        keys, starts = self._samples()
        j = bisect.bisect_left(keys, key)        # the sample before j sorts before the name,
        if j == 0:                               # sample j not (so the first line of the name
            lo = 0 if text.startswith(key) else -1   # is after the one and not after the other)
        else:
            end = starts[j] + len(key) if j < len(starts) else len(text)
            lo = text.find(b"\n" + key, starts[j - 1], end)
            lo = lo + 1 if lo >= 0 else -1
        if lo < 0:
            return ()
        out = []
        while text.startswith(key, lo):
            e = text.find(b"\n", lo)
            e = len(text) if e < 0 else e
            out.append(_row(text[lo:e]))
            lo = e + 1
        return tuple(out)

    def _samples(self) -> tuple[list[bytes], list[int]]:
        """A line start every ``_STRIDE`` bytes of the text and the ``name<TAB>`` it opens
        with (sorted as the lines are): a look-up bisects these and searches one stretch, where
        a binary search over the whole text took twenty steps of Python."""
        if self._sampled is None:
            text = self._text()
            keys, starts = [], []
            at = 0
            while 0 <= at < len(text):
                starts.append(at)
                keys.append(text[at:text.index(b"\t", at) + 1])
                at = text.find(b"\n", at + _STRIDE) + 1 or -1
            self._sampled = keys, starts
        return self._sampled

    def by_code(self, code: str) -> Row | None:
        """The village with this 12-digit code (the code table is built on first call)."""
        text = self._text()
        if self._by_code is None:
            self._by_code = {m.group(1): m.start() for m in re.finditer(rb"^[^\t\n]*\t(\d{12})", text, re.M)}
        at = self._by_code.get(code.encode("ascii", "replace"))
        if at is None:
            return None
        e = text.find(b"\n", at)
        return _row(text[at:e if e >= 0 else len(text)])


def _row(line: bytes) -> Row:
    name, code, *rest = line.decode("utf-8").split("\t")
    official = rest[0] if rest else name
    return code, name, name + official[1:] if official.startswith("+") else official
