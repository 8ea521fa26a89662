"""The jieba tokens organisation names are read from: a clause's, sliced from its body's cut,
cut again where a post starts inside a token, and the words of a stretch between two
positions; and the text of the clauses alone, for scans only they need. Tokens are ``(word, start, end)`` in body positions, in text order."""
from __future__ import annotations

import bisect
import itertools
import operator
from typing import Callable

from .lexicon import Lexicon

__all__ = ["Token", "tokens", "clause_tokens", "clause_text", "split_at_titles", "gap_tokens"]

Token = tuple[str, int, int]
_JIEBA_GLUE = set("+#&._%-")      # characters jieba keeps inside a run of its word characters


def tokens(lex: Lexicon, text: str) -> tuple[list[str], list[int]]:
    """jieba's cut with the HMM: words, and their starts (plus ``len(text)``)."""
    return lex.tokens(text, hmm=True)


def clause_tokens(lex: Lexicon, body: str, clause: tuple[int, int], words: list[str],
                  starts: list[int]) -> list[Token]:
    """The tokens of one clause ``[c0, c1)``, sliced from the body's tokens (one jieba call
    per article, not one per clause). jieba cuts each run of its own word characters on its
    own, so the slice is the clause's own cut unless such a run reaches past the clause
    (3.5万, A-B); then the clause is cut alone."""
    c0, c1 = clause
    i = bisect.bisect_left(starts, c0)
    j = bisect.bisect_left(starts, c1)
    if body[c0 - 1:c0] in _JIEBA_GLUE or body[c1:c1 + 1] in _JIEBA_GLUE \
            or i >= len(words) or starts[i] != c0 or starts[j] != c1:
        own, at = tokens(lex, body[c0:c1])
        return [(w, c0 + at[k], c0 + at[k + 1]) for k, w in enumerate(own)]
    return [(words[k], starts[k], starts[k + 1]) for k in range(i, j)]


def clause_text(body: str, clauses: list[tuple[int, int]]) -> tuple[str, Callable[[int], int]]:
    """The text of ``clauses`` (spans of ``body``, in order), one a line, and what to add to
    a position in that text to make it the body's. A scan for Han words (posts, level
    words) finds in it what a scan of the body finds inside the clauses, as no Han word
    spans two: the clauses that hold a suffix are a seventh of the body, and the clause
    reader's scans of them cost 16 ms a million characters where the body's cost 30."""
    parts = [body[a:b] for a, b in clauses]
    starts = [0, *map(operator.add, itertools.accumulate(map(len, parts)), itertools.count(1))]

    def shift(k: int) -> int:
        j = bisect.bisect_right(starts, k) - 1
        return clauses[j][0] - starts[j]
    return "\n".join(parts), shift


def split_at_titles(body: str, ts: list[int], toks: list[Token]) -> list[Token]:
    """Tokens, with a token cut where a post starts inside it (发改/局局长 → 发改 局 局长);
    ``ts``: where the body's posts start, in order."""
    if not toks:
        return toks
    cuts = ts[bisect.bisect_left(ts, toks[0][1]):bisect.bisect_left(ts, toks[-1][2])]
    if not cuts:
        return toks
    out = []
    for w, s, e in toks:
        i = bisect.bisect_right(cuts, s)
        if i == len(cuts) or cuts[i] >= e:
            out.append((w, s, e))
            continue
        a = s
        while i < len(cuts) and cuts[i] < e:
            out.append((body[a:cuts[i]], a, cuts[i]))
            a = cuts[i]
            i += 1
        out.append((body[a:e], a, e))
    return out


def gap_tokens(toks: list[Token], a: int, b: int, body: str) -> list[str]:
    """The words of body[a:b], cut at token boundaries (partial tokens kept as their pieces);
    the tokens are in text order, so the first one is found by bisection."""
    out = []
    for _, s, e in toks[bisect.bisect_right(toks, a, key=_end_of):]:
        if s >= b:
            break
        out.append(body[max(s, a):min(e, b)])
    return out


def _end_of(tok: Token) -> int:
    return tok[2]
