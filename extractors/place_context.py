"""What the place finders share: a candidate span, the article's context, and how a
division is scored against that context. Kept apart so that each stage of ``places`` (and
the stages that live in their own modules) reads the same definitions."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable, TypeVar, cast

from .lexicon import Division, Lexicon, short_forms
from .primitives import LEVEL_WORDS, level_words
from .records import record

__all__ = ["Cand", "Context", "RANK", "LEVEL_SUFFIX", "best_of", "city_of", "names_up",
           "per_lexicon", "plain_word", "score", "with_div",
           "suffix_len", "suffixes_of"]

RANK = {lv: i for i, lv in enumerate(("province", "city", "county", "zone", "township", "village",
                                       "group", "compound", "street"))}
# The level suffixes of division names below the city and the level each gives, longest
# first (社区 before 区); 市 ends a county-level city's name.
LEVEL_SUFFIX = tuple((w, "county" if w == "市" else LEVEL_WORDS[w]) for w in level_words("county", "township", "village")
                     + ("市",))


@record
class Cand:
    """A place span in ``Article.body`` before resolution."""

    start: int
    end: int
    name: str
    level: str
    trust: int                          # 3 gazetteer name, 2 short form / zone, 1 pattern
    divs: tuple[Division, ...] = ()
    code: str = ""
    parent: str = ""                    # from the text chain or the gazetteer


@dataclass(frozen=True, slots=True)
class Context:
    """Which divisions the article names: what picks one row among namesakes."""

    named: frozenset[str]               # codes of divisions the article names without doubt
    names: frozenset[str]               # canonical names the article names
    cities: tuple[str, ...]             # city codes, most named first


def city_of(div: Division, lex: Lexicon) -> str:
    """The code of the city a division lies in (a municipality counts as a city): 21,000
    calls a million characters."""
    memo = lex.memo("places._city")
    got = memo.get(div.code)
    if got is None:
        got = memo[div.code] = next((d.code for d in (div,) + lex.ancestors(div) if d.level == "city" or (
            d.level == "province" and div.code[:2] in ("11", "12", "31", "50"))), "")
    return got


_Fn = TypeVar("_Fn", bound=Callable[..., Any])


def per_lexicon(name: str) -> Callable[[_Fn], _Fn]:
    """Keep what a function of some strings and the lexicon (its last argument) gives, per
    lexicon, by those strings: for a verdict the finders ask again in article after article."""
    def decorate(fn: _Fn) -> _Fn:
        @functools.wraps(fn)
        def kept(*args: Any) -> Any:
            got = args[-1].memo(name)
            key = args[:-1]
            if key not in got:
                got[key] = fn(*args)
            return got[key]
        return cast(_Fn, kept)
    return decorate


_PROPER = ("ns", "nr", "nz", "nt")     # jieba's flags of proper names (张庄村 is nr)


def plain_word(word: str, lex: Lexicon) -> bool:
    """``word`` is an ordinary word, or a dictionary word that is no proper name (道路, 思路,
    林荫路 but not 张庄村): kept per lexicon, like ``lex.is_common``."""
    memo = lex.memo("places._plain_word")
    got = memo.get(word)
    if got is None:
        got = memo[word] = lex.is_common(word) or lex.is_word(word) and not lex.flag(word).startswith(_PROPER)
    return got


def score(div: Division, prev: str, ctx: Context, lex: Lexicon) -> float:
    """How well the article supports ``div``: one point per ancestor it names, three when
    the place written right before it (``prev``) is its parent, half for its main city."""
    anc = lex.ancestors(div)
    s: float = 0
    for a in anc:                       # (a loop: a generator cost a third of the call)
        if a.code in ctx.named or a.name in ctx.names:
            s += 1.0
    if anc and anc[0].name == prev:
        s += 3
    if ctx.cities and city_of(div, lex) == ctx.cities[0]:
        s += 0.5
    return s


def best_of(divs: tuple[Division, ...], prev: str, ctx: Context, lex: Lexicon) -> Division | None:
    """The one division of ``divs`` (two or more) the article supports most, if its score is
    above zero and no other's equals it (one pass: sorting them all cost twice as much)."""
    top, best, tied = 0.0, None, False
    for d in divs:
        s = score(d, prev, ctx, lex)
        if s > top:
            top, best, tied = s, d, False
        elif s == top:
            tied = True
    return None if tied else best


def names_up(key: str, lex: Lexicon) -> tuple[Division, ...]:
    """The divisions a gazetteer key in a title, dateline or kicker names: provinces and
    cities by any form, counties by their full name (worked out once a key per lexicon)."""
    memo = lex.memo("places._context")
    got = memo.get(key)
    if got is None:
        got = memo[key] = tuple(d for d in lex.divisions_named(key, short=True)
                                if d.level in ("province", "city") or (d.level == "county" and d.name == key))
    return got


def with_div(c: Cand, d: Division, lex: Lexicon) -> Cand:
    """``c`` read as division ``d``: its name, level, code and gazetteer parent (for a zone
    named after its city, 赣州经开区, the city, whatever district NBS files it under). The
    name and parent are worked out once per division (by identity: a village of the national
    table may share its code with a gazetteer row), for 8,800 calls a million characters."""
    memo = lex.memo("places._with_div")
    got = memo.get(id(d))
    if got is None or got[0] is not d:
        p = lex.parent(d)
        city = next((a for a in lex.ancestors(d) if a.level == "city"), None) if d.level == "zone" else None
        p = city if city is not None and d.name.startswith(city.name[:2]) else p
        got = memo[id(d)] = (d, zone_name(d) if d.level == "zone" else d.name, p.name if p else "")
    return Cand(c.start, c.end, got[1], d.level, c.trust, (d,), d.code, got[2])


def zone_name(d: Division) -> str:
    """The form the press writes for a coded zone (湘潭高新区, not 湖南湘潭高新技术产业园区)."""
    forms = short_forms(d)
    return forms[-1] if forms else d.name


def suffix_len(name: str) -> int:
    """Length of the level suffix (街道, 区, 村…) ``name`` ends in, 0 for none."""
    ends = suffixes_of(name)
    return len(ends[0]) if ends else 0


def suffixes_of(name: str) -> tuple[str, ...]:
    """The level suffixes ``name`` ends in, longest first (社区, 区): only those that end in
    its last character are tried."""
    return tuple(x for x in _BY_LAST.get(name[-1:], ()) if name.endswith(x))


_BY_LAST: dict[str, tuple[str, ...]] = {}               # last character → LEVEL_SUFFIX's words ending in it
for _word, _ in LEVEL_SUFFIX:
    _BY_LAST[_word[-1]] = _BY_LAST.get(_word[-1], ()) + (_word,)
