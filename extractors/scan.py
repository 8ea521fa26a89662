"""Scans that do not try a pattern at every character.

``rx.finditer(body)`` tries the pattern at every character. For a pattern whose matches
always stand next to some rarer mark (a 、 in a list, a 制 closing a name), the caller can
list where a match may start; ``finditer_at`` then gives exactly the matches ``finditer``
would, trying the pattern only there. For a fixed list of words, ``automaton`` gives an
Aho-Corasick automaton (``ahocorasick_rs``, Rust) that finds them all in one pass.
"""
from __future__ import annotations

import functools
import re
from typing import Any, Iterable, Iterator

__all__ = ["finditer_at", "automaton"]


@functools.lru_cache(maxsize=16)
def automaton(words: tuple[str, ...], leftmost_longest: bool = False) -> Any:
    """An automaton over ``words`` (built once per word list). Its
    ``find_matches_as_indexes(text, overlapping=True)`` gives every occurrence; with
    ``leftmost_longest``, ``find_matches_as_indexes(text)`` gives what a longest-first
    alternation's ``finditer`` would."""
    import ahocorasick_rs
    kind = ahocorasick_rs.MatchKind.LeftmostLongest if leftmost_longest else ahocorasick_rs.MatchKind.Standard
    return ahocorasick_rs.AhoCorasick(list(dict.fromkeys(words)), matchkind=kind)


def finditer_at(rx: re.Pattern[str], body: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """``rx.finditer(body)``, given every position where a match can start (a superset is
    fine): non-overlapping matches, leftmost first."""
    pos = 0
    for s in sorted(set(starts)):
        if s < pos or s < 0:
            continue
        m = rx.match(body, s)
        if m:
            yield m
            pos = m.end() if m.end() > m.start() else m.end() + 1
