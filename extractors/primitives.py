"""The primitives every extractor shares, defined once: the Han character class, the
overlap rule for candidate spans, the level words, and the bare-level resolver.

* ``HAN``: the class body of a Han character, CJK Extension A and compatibility ideographs
  included, so that 㮾坪社区 is read where 漆坪社区 is.
* ``select_longest``: of overlapping candidate spans, the longest wins (spaCy's
  ``filter_spans`` rule); places rank equal lengths by trust first.
* ``LEVEL_WORDS``: each bare level word (市, 旗, 街道, 嘎查…) and the Place level it names;
  the rules that accept only some of them take them from here with ``level_words``.
* ``resolve``: which place a bare level word (市, 区, 镇, 该村…) means at one spot of an
  article. Organisations (区残联 → 甲区残联), posts (镇党委书记 → the town's) and
  programme actors (全市) all ask it; the article's places are indexed once (``_placed``)
  and each question is a look-up and a bisection.
"""
from __future__ import annotations

import bisect
import operator
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Protocol, TypeVar

from .lexicon import Lexicon
from .records import Article, Mention

__all__ = ["HAN", "HAN_CHAR", "HAN_RUN", "LEVEL_WORDS", "level_words", "select_longest", "resolve"]

# ---------------------------------------------------------------- the Han class
HAN = r"\u3400-\u9fff\uf900-\ufaff"
HAN_CHAR = re.compile(f"[{HAN}]")
HAN_RUN = re.compile(f"[{HAN}]+")

# ---------------------------------------------------------------- level words
# Bare level words and the Place level each one names (旗, 盟, 苏木, 嘎查: Inner Mongolia's
# county, city, township and village).
LEVEL_WORDS = {"省": "province", "市": "city", "州": "city", "盟": "city",
               "区": "county", "县": "county", "旗": "county",
               "镇": "township", "乡": "township", "街道": "township", "苏木": "township",
               "村": "village", "社区": "village", "嘎查": "village", "小区": "compound"}


def level_words(*levels: str, chars: int = 0) -> tuple[str, ...]:
    """The level words naming one of ``levels`` (all levels if none given), longest first
    (社区 before 区, so a suffix test takes the longer one), of ``chars`` characters only if
    given.

    >>> level_words("township", "village")
    ('街道', '苏木', '社区', '嘎查', '镇', '乡', '村')
    """
    words = [w for w, lv in LEVEL_WORDS.items() if (not levels or lv in levels) and (not chars or len(w) == chars)]
    return tuple(sorted(words, key=lambda w: -len(w)))


# ---------------------------------------------------------------- overlapping spans
class _Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Span)


def select_longest(cands: Iterable[S], rank: Callable[[S], Any] | None = None) -> list[S]:
    """Non-overlapping spans, in text order: the longest first, then by ``rank`` (smaller
    first), then the earliest; a span overlapping one already kept is dropped. Equal
    candidates keep their given order, so give them in a fixed one.

    >>> from collections import namedtuple
    >>> C = namedtuple("C", "start end")
    >>> select_longest([C(0, 2), C(1, 4), C(4, 5)])
    [C(start=1, end=4), C(start=4, end=5)]
    """
    cands = sorted(cands, key=_start)
    if _disjoint(cands):
        return cands                        # nothing overlaps (most calls): every span is kept
    taken = bytearray(max(map(_end, cands), default=0))     # 1 where a kept span stands
    kept = []
    # (the sort is stable and ``cands`` are in text order: the earliest first among equals)
    for c in sorted(cands, key=(lambda c: (c.start - c.end, rank(c))) if rank else _shorter):
        if not any(taken[c.start:c.end]):
            taken[c.start:c.end] = b"\x01" * (c.end - c.start)
            kept.append(c)
    return sorted(kept, key=_start)


# (attribute getters: a key called in C, 0.1 us a span less than a function's)
_start: Callable[[Any], int] = operator.attrgetter("start")
_end: Callable[[Any], int] = operator.attrgetter("end")


def _shorter(c: _Span) -> int:
    return c.start - c.end


def _disjoint(cands: list[S]) -> bool:
    """The spans (in text order) are none of them empty and none overlaps the next: one loop,
    where two ``all`` over generators cost twice as much."""
    end = None
    for c in cands:
        if c.start >= c.end or end is not None and end > c.start:
            return False
        end = c.end
    return True


# ---------------------------------------------------------------- bare-level resolver
@dataclass(frozen=True, slots=True)
class _Placed:
    """An article's places indexed once for ``resolve``, asked about every bare level word and
    post of the article (walking all the places each time grows with the length squared)."""

    counts: dict[tuple[str, str], int]    # how often each (level, name) is written, with parents
    at: dict[tuple[str, str], list[tuple[int, str]]]    # (level, name), (level, "") → (pos, name)
    only: dict[str, str]                # level → its one name, if the article names one only
    best: dict[tuple[str, bool], list[tuple[int, str]]]    # (level, zones too) → (count, name), most first


_RESOLVED = ("province", "city", "county", "zone")     # the levels ``best`` ranks


def _most(t: tuple[int, str]) -> int:
    return -t[0]


_last_placed: list = [None, 0, None]    # the last places list asked about, its length, its index


def _placed(places: list[Mention]) -> _Placed:
    """The index of ``places`` (in text order, as ``places.find`` gives them), built once."""
    if _last_placed[0] is places and _last_placed[1] == len(places):
        return _last_placed[2]
    by_name = {p.name: p.level for p in places}
    c: dict[tuple[str, str], int] = {}          # (a plain dict: a Counter's += costs twice as much)
    at: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for p in places:
        key, spot = (p.level, p.name), (p.pos, p.name)
        c[key] = c.get(key, 0) + 1
        if p.parent and p.parent in by_name:
            up = (by_name[p.parent], p.parent)
            c[up] = c.get(up, 0) + 1
        at.setdefault(key, []).append(spot)
        at.setdefault((p.level, ""), []).append(spot)
    only = {lv: ps[0][1] if len({n for _, n in ps}) == 1 else "" for (lv, n), ps in at.items() if not n}
    counted = [(level, n, name) for (level, name), n in c.items() if level in _RESOLVED]
    best = {(lv, zones): sorted(((n, name) for level, n, name in counted if level == lv or zones and level == "zone"),
                                key=_most)
            for lv, zones in (("province", False), ("city", False), ("county", False), ("county", True))}
    _last_placed[:] = places, len(places), _Placed(c, at, only, best)
    return _last_placed[2]


def resolve(word: str, pos: int, article: Article, places: list[Mention], lex: Lexicon | None = None) -> str:
    """The place a bare level word (市, 区, 镇…) at ``body[pos]`` means, or ``''`` if unsure.

    City, county and province: the one the article names most (a county's parent counts
    for its city); province falls back to the gazetteer parent of that city. Township,
    village and compound: the nearest one named before in the same paragraph, else the
    only one the article names. ``places`` are in text order.
    """
    level = LEVEL_WORDS.get(word, "")
    if not level:
        return ""
    ix = _placed(places)
    if level in ("province", "city", "county"):
        best = ix.best[(level, level == "county" and word == "区")]
        if best:
            if len(best) == 1 or best[0][0] > best[1][0]:
                return best[0][1]
            return _nearest_before(pos, article, ix, level, {n for _, n in best[:2]}) or best[0][1]
        if level == "city" and lex is not None:
            return _paper_city(article, lex)
        if level == "province" and lex is not None:
            city = resolve("市", pos, article, places, lex)
            for div in (lex.divisions_named(city) if city and hasattr(lex, "divisions_named") else ()):
                up = lex.parent(div)
                if up is not None and up.level == "province":
                    return up.name
        return ""
    return _nearest_before(pos, article, ix, level, paragraph=True) or ix.only.get(level, "")


def _paper_city(article: Article, lex: Lexicon) -> str:
    """The city a paper's name starts with (长沙晚报讯 → 长沙市): the paper's own city."""
    src = article.source or ""
    for n in (4, 3, 2):
        divs = [d for d in lex.divisions_named(src[:n], short=True) if d.level == "city"] \
            if hasattr(lex, "divisions_named") and len(src) >= n else []
        if len({d.name for d in divs}) == 1:
            return divs[0].name
    return ""


def _nearest_before(pos: int, article: Article, ix: _Placed, level: str, names: set[str] | None = None,
                    paragraph: bool = False) -> str:
    """The last place of ``level`` (one of ``names``, if given) before ``pos``; with
    ``paragraph``, only one with no line break between it and ``pos``."""
    found = []
    for name in names if names is not None else ("",):
        ps = ix.at.get((level, name), [])
        i = bisect.bisect_left(ps, (pos,)) - 1
        if i >= 0:
            found.append(ps[i])
    at, name = max(found, default=(-1, ""))
    return "" if at < 0 or paragraph and article.body.find("\n", at, pos) >= 0 else name
