"""select_longest: non-overlapping spans, longest first, then by rank, then earliest; the
shortcut for spans that overlap nothing gives what the full selection gives."""
from __future__ import annotations

import random
from collections import namedtuple

from govkg.extractors.primitives import select_longest

C = namedtuple("C", "start end tag")


def _reference(cands, rank=None):
    """The selection written out plainly: sort by (−length, rank, start), keep what fits."""
    kept: list = []
    key = (lambda c: (c.start - c.end, rank(c), c.start)) if rank else (lambda c: (c.start - c.end, c.start))
    for c in sorted(cands, key=key):
        if all(c.end <= k.start or k.end <= c.start for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


def test_select_longest_agrees_with_the_plain_selection():
    rnd = random.Random(5)
    for _ in range(500):
        cands = []
        for i in range(rnd.randint(0, 8)):
            s = rnd.randint(0, 20)
            cands.append(C(s, s + rnd.randint(1, 5), i))
        rnd.shuffle(cands)
        assert select_longest(cands) == _reference(cands)
        assert select_longest(cands, lambda c: -c.tag) == _reference(cands, lambda c: -c.tag)


def test_disjoint_spans_are_all_kept_in_text_order():
    cands = [C(5, 7, "b"), C(0, 2, "a"), C(2, 5, "c")]
    assert select_longest(cands) == [C(0, 2, "a"), C(2, 5, "c"), C(5, 7, "b")]
    assert select_longest([C(0, 3, "x"), C(2, 4, "y")]) == [C(0, 3, "x")]
