"""jieba's main dictionary as a table: word → (POS tag, frequency), without importing jieba.

Its own module because the table is cached and shipped ready-made (``tablecache``) keyed on
the code that builds it: a change elsewhere in the lexicon must not make it stale.
"""
from __future__ import annotations

import functools

from .divisions import bulk
from .tablecache import cached

__all__ = ["dictionary", "dictionary_inputs"]


@functools.lru_cache(maxsize=1)
def dictionary() -> dict[str, tuple[str, int]]:
    """word → (POS tag, frequency) of jieba's main dictionary (a look-up, not posseg).

    Read from jieba's ``dict.txt`` without importing jieba (its import costs a quarter of a
    second in every worker), or from the table cache (``tablecache``) when that file and
    this module are unchanged since it was written.
    """
    inputs = dictionary_inputs()
    path = inputs[0]

    def build() -> dict[str, tuple[str, int]]:
        with open(path, "rb") as f:
            return _parse_dictionary(f.read().decode("utf-8"))
    with bulk():
        return cached("dictionary", inputs, build)


def dictionary_inputs() -> tuple[str, str]:
    """jieba's ``dict.txt`` and this module: the files the table is built from (``tablecache``)."""
    import importlib.util
    import os
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed: pip install jieba")
    return os.path.join(spec.submodule_search_locations[0], "dict.txt"), __file__


def _parse_dictionary(text: str) -> dict[str, tuple[str, int]]:
    """The entries of a jieba dictionary file, one ``word freq tag`` a line.

    As every line has three fields, the text is split once and read in threes; a text that
    does not add up (three fields a line, a blank line counting as one: cheaper to count
    than the lines that are not blank) is read line by line instead. Entries with the same
    tag and frequency share one tuple (17,000 tuples for 349,000 words): 24 MB less in
    every process, and the cached table is read twice as fast (``pickle`` writes a shared
    object once).
    """
    fields = text.split()
    shared: dict[tuple[str, int], tuple[str, int]] = {}
    share = shared.setdefault
    if len(fields) == 3 * (text.count("\n") + (not text.endswith("\n"))):
        return {w: share(e, e) for w, e in zip(fields[0::3], zip(fields[2::3], map(int, fields[1::3])))}
    out: dict[str, tuple[str, int]] = {}
    for line in text.split("\n"):
        parts = line.split()
        if len(parts) == 3:
            e = (parts[2], int(parts[1]))
            out[parts[0]] = share(e, e)
    return out
