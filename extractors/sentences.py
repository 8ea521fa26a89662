"""Sentences of an article body, for evidence: where each one ends, found once per body.

Every finder cites the sentence around a mention or a link. Looking for the stops around
each mention one by one costs eight string scans a mention; here the stops of a body are
found by one regex pass and each look-up is a bisection.
"""
from __future__ import annotations

import bisect
import re

__all__ = ["sentence_span", "sentence_at", "sentence_near", "clause_start", "clause_end", "CLAUSE_MARKS"]

_STOP = re.compile(r"[。！？!?\n]")
CLAUSE_MARKS = "，,；;：:"                   # what ends a clause inside a sentence
_CLAUSE = re.compile(f"[{CLAUSE_MARKS}]")
_KEEP = 16


class _Marks(dict[str, list[int]]):
    """Where a pattern's marks stand in the last few bodies asked about (``marks[body]``):
    finders of one page ask about its articles in turn, and the evidence of a document's
    mentions goes back to them. A look-up is a dict's, by the body's cached hash, without a
    call: finders ask 100,000 times a million characters."""

    def __init__(self, rx: re.Pattern[str]) -> None:
        super().__init__()
        self.rx = rx

    def __missing__(self, body: str) -> list[int]:
        if len(self) >= _KEEP:
            del self[next(iter(self))]
        where = self[body] = [m.start() for m in self.rx.finditer(body)]
        return where


_STOPS = _Marks(_STOP)
_CLAUSES = _Marks(_CLAUSE)


def clause_start(body: str, lo: int, pos: int) -> int:
    """Where the clause holding ``pos`` starts: just after the last clause mark (，；： and
    their ASCII forms) in [lo, pos), else ``lo``."""
    marks = _CLAUSES[body]
    i = bisect.bisect_left(marks, pos) - 1
    return marks[i] + 1 if i >= 0 and marks[i] >= lo else lo


def clause_end(body: str, pos: int, hi: int) -> int:
    """Where the clause holding ``pos`` ends: the first clause mark in [pos, hi), else ``hi``."""
    marks = _CLAUSES[body]
    i = bisect.bisect_left(marks, pos)
    return marks[i] if i < len(marks) and marks[i] < hi else hi


def sentence_span(body: str, start: int, end: int | None = None) -> tuple[int, int]:
    """``[s, e)`` of the sentence of ``body`` around ``body[start:end]``: from just after the
    last stop (。！？!? or a line break) before ``start`` to the first stop at or after
    ``end``, that stop included (to the end of the body if there is none)."""
    stops = _STOPS[body]
    i = bisect.bisect_left(stops, start)
    j = i if end is None or end == start else bisect.bisect_left(stops, end)   # (most: a point)
    return (stops[i - 1] + 1 if i else 0), (stops[j] + 1 if j < len(stops) else len(body))


def sentence_at(body: str, start: int, end: int) -> str:
    """The text of the sentence around ``body[start:end]``, stripped."""
    s, e = sentence_span(body, start, end)
    return body[s:e].strip()


def sentence_near(text: str, start: int, end: int, window: int) -> str:
    """``sentence_at`` of ``text[start - window:end + window]`` around ``text[start:end]``,
    without keeping that slice's stops: for names outside the bodies (a dateline, a caption),
    each looked for once in a page's text."""
    w0, w1 = max(start - window, 0), min(end + window, len(text))
    s = w0
    for m in _STOP.finditer(text, w0, start):
        s = m.end()
    stop = _STOP.search(text, end, w1)
    return text[s:stop.end() if stop else w1].strip()
