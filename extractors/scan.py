"""Regex scans tried only where a match can start.

``rx.finditer(body)`` tries the pattern at every character. For a pattern whose matches
always stand next to some rarer mark (a 、 in a list, a 制 closing a name), the caller can
list where a match may start; ``finditer_at`` then gives exactly the matches ``finditer``
would, trying the pattern only there.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

__all__ = ["finditer_at"]


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
