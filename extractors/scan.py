"""Scans that do not try a pattern at every character.

``rx.finditer(body)`` tries the pattern at every character. For a pattern whose matches
always stand next to some rarer mark (a 、 in a list, a 制 closing a name), the caller can
list where a match may start; ``finditer_at`` then gives exactly the matches ``finditer``
would, trying the pattern only there. For a fixed list of words, ``automaton`` gives an
Aho-Corasick automaton (``ahocorasick_rs``, Rust) that finds them all in one pass; for the
words an article itself yields (names accepted once, looked for again), ``occurrences``
gives every place each one stands. ``mask`` answers "does this span overlap one of those" by a
slice, where comparing it with each of them would grow with the square of the body.
"""
from __future__ import annotations

import functools
import re
from typing import Any, Callable, Iterable, Iterator, TypeVar, cast

__all__ = ["finditer_at", "automaton", "by_identity", "occurrences", "disjoint", "mask"]

_Fn = TypeVar("_Fn", bound=Callable[..., Any])


@functools.lru_cache(maxsize=16)
def automaton(words: tuple[str, ...], leftmost_longest: bool = False) -> Any:
    """An automaton over ``words`` (built once per word list). Its
    ``find_matches_as_indexes(text, overlapping=True)`` gives every occurrence; with
    ``leftmost_longest``, ``find_matches_as_indexes(text)`` gives what a longest-first
    alternation's ``finditer`` would."""
    import ahocorasick_rs
    kind = ahocorasick_rs.MatchKind.LeftmostLongest if leftmost_longest else ahocorasick_rs.MatchKind.Standard
    return ahocorasick_rs.AhoCorasick(list(dict.fromkeys(words)), matchkind=kind)


def by_identity(maxsize: int = 4) -> Callable[[_Fn], _Fn]:
    """Cache a function of the lexicon's word lists by the identity of its (positional)
    arguments, not their value.

    ``functools.lru_cache`` hashes its arguments at every call, and a tuple does not keep its
    hash: 1 us a call for the 500 surnames, asked for some 17,000 times a million characters.
    ``Lexicon.words`` hands out the same tuple object for a list every time, so its ``id`` is
    key enough; each entry keeps its arguments alive, so no id is reused while it stands. An
    argument built anew at each call would miss every time and rebuild: pass the lexicon's
    own tuples. Past ``maxsize`` entries the oldest is dropped."""
    def decorate(fn: _Fn) -> _Fn:
        cache: dict[tuple[int, ...], tuple[tuple[Any, ...], Any]] = {}

        @functools.wraps(fn)
        def cached(*args: Any) -> Any:
            key = tuple(map(id, args))
            hit = cache.get(key)
            if hit is None:
                if len(cache) >= maxsize:
                    del cache[next(iter(cache))]
                hit = cache[key] = (args, fn(*args))
            return hit[1]
        return cast(_Fn, cached)
    return decorate


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


def occurrences(words: Iterable[str], text: str) -> dict[str, list[int]]:
    """Where each of ``words`` (non-empty) starts in ``text``: every occurrence, overlapping
    ones too, in text order.

    One ``str.find`` loop per word: for the words an article yields (a handful to a few
    dozen) that is eight times faster than building an automaton for them, measured over
    a million characters of pages; past ``_FIND_MAX`` words one automaton pass is used."""
    order = list(dict.fromkeys(words))
    out: dict[str, list[int]] = {w: [] for w in order}
    if not order or not text:
        return out
    if len(order) > _FIND_MAX:
        import ahocorasick_rs
        for i, s, _ in ahocorasick_rs.AhoCorasick(order).find_matches_as_indexes(text, overlapping=True):
            out[order[i]].append(s)
        return out
    for w in order:
        found, i = out[w], text.find(w)
        while i >= 0:
            found.append(i)
            i = text.find(w, i + 1)
    return out


_FIND_MAX = 64


def disjoint(starts: Iterable[int], length: int) -> Iterator[int]:
    """Of a word's occurrences (``starts``, in text order), those ``re.finditer`` on the word
    would give: leftmost first, none overlapping the one before."""
    end = 0
    for s in starts:
        if s >= end:
            yield s
            end = s + length


def mask(length: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    """``length`` bytes, 1 inside any of ``spans``: a span [s, e) overlaps one of them when
    ``any(mask[s:e])``, and ``mask[s:e] = b"\\x01" * (e - s)`` adds one."""
    out = bytearray(length)
    for s, e in spans:
        out[s:e] = b"\x01" * (e - s)
    return out
