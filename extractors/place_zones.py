"""Functional zones (功能区: 新区, 高新区, 经开区, 示范区, 开发区, 园区) the gazetteer does not list.

A zone is named by a zone word after its stem, and the stem is read in order of trust:

1. a place written right before the word (浏阳经开区, 华容县高新区): the zone of that place,
   named with the place's stem and the word's abbreviation, part of that place;
2. a proper stem of two to four characters after a place (长沙市湘江新区, 成都市天府新区):
   the zone is ``stem + word``, part of the place; after a city written by its short form
   (青岛西海岸新区, 西安高新区) the short form stays in the name, and the city is a place too;
3. two characters that are no ordinary word (昭山示范区): a zone without a parent.

A zone written again without its city (西海岸新区 after 青岛西海岸新区) is the same zone, and a
bare 经开区 is the one zone of that kind the article names.
"""
from __future__ import annotations

import re

from .lexicon import Division, Lexicon
from .place_context import RANK, Cand, Context, with_div
from .primitives import HAN_CHAR, HAN_RUN
from .scan import disjoint, mask, occurrences

__all__ = ["zones"]

_ZONE_SUFFIX = ("高新技术产业开发区", "经济技术开发区", "经济开发区", "高新区", "经开区", "示范区", "工业园区",
                "产业园区", "工业园", "产业园", "开发区", "新区", "园区")
_ZONE_RE = re.compile("(" + "|".join(_ZONE_SUFFIX) + ")")
_ABBR = {"高新技术产业开发区": "高新区", "经济技术开发区": "经开区", "经济开发区": "经开区"}
_STEMMED = ("示范区", "高新区", "经开区", "工业园区", "产业园区", "开发区", "新区")
_NOT_IN_STEM = set("的在和与及了是等个全各该本级")


def zones(body: str, cands: list[Cand], ctx: Context, lex: Lexicon) -> list[Cand]:
    """Zone candidates of ``body`` (``cands``: the places read so far, in text order)."""
    by_end = {c.end: c for c in cands}
    out: list[Cand] = []
    for m in _ZONE_RE.finditer(body):
        s, e, word = m.start(), m.end(), m.group()
        pre = s - 1 if s and body[s - 1] in "县市区" and s - 1 in by_end else s
        if pre in by_end:                                       # 浏阳经开区, 华容县高新区
            p = by_end[pre]
            if RANK.get(p.level, 9) > RANK["county"]:
                continue
            stem = body[p.start:p.end]
            stem = p.name[:-1] if p.trust == 3 and len(p.name) > 2 and p.name[-1] in "市县区" else stem
            out.append(Cand(p.start, e, stem + _ABBR.get(word, word), "zone", 2, parent=p.name))
        elif word in _STEMMED:
            out += _after_place(body, s, e, by_end, lex) or _stemmed(body, s, e, lex)
    return out + _repeated(body, out)


def _after_place(body: str, s: int, e: int, by_end: dict[int, Cand], lex: Lexicon) -> list[Cand]:
    """长沙市湘江新区 (the zone, part of 长沙市), 青岛西海岸新区 and 西安高新区 (the zone and the city)."""
    for n in (2, 3, 4):
        k = s - n
        if k < 0 or not HAN_RUN.fullmatch(body[k:s]) or set(body[k:s]) & _NOT_IN_STEM:
            continue
        city = _city_short(body[k:s], lex) if n < 4 else None
        if city is not None:                                    # 西安高新区: the city is a place too
            return [with_div(Cand(k, s, city.name, city.level, 2), city, lex),
                    Cand(s, e, body[k:e], "zone", 2, parent=city.name)]
        p = by_end.get(k)
        if p is not None and RANK.get(p.level, 9) <= RANK["county"]:
            return [Cand(k, e, body[k:e], "zone", 2, parent=p.name)]
        for size in (3, 2):
            city = _city_short(body[max(0, k - size):k], lex) if k >= size else None
            if city is not None:
                up = Cand(k - size, k, city.name, city.level, 2)
                return [with_div(up, city, lex), Cand(k, e, body[k - size:e], "zone", 2, parent=city.name)]
    return []


def _city_short(form: str, lex: Lexicon) -> Division | None:
    """The one city (or municipality) ``form`` is the short form of (worked out once a form
    per lexicon: a zone word asks about up to nine forms before it)."""
    memo = lex.memo("places._city_short")
    got = memo.get(form)
    if got is None:
        divs = {d.code: d for d in lex.divisions_named(form, short=True) if d.level in ("city", "province")
                and d.name != form and (d.level == "city" or d.code[:2] in ("11", "12", "31", "50"))}
        got = memo[form] = tuple(divs.values()) if len(divs) == 1 else ()
    return got[0] if got else None


def _stemmed(body: str, s: int, e: int, lex: Lexicon) -> list[Cand]:
    """昭山示范区: two characters before the word that are no function or ordinary word."""
    stem = body[max(0, s - 2):s]
    if len(stem) < 2 or lex.is_common(stem) and not lex.divisions_named(stem, short=True):
        return []
    if all(HAN_CHAR.match(ch) for ch in stem) and not set(stem) & _NOT_IN_STEM:
        return [Cand(s - 2, e, stem + body[s:e], "zone", 1)]
    return []


def _repeated(body: str, found: list[Cand]) -> list[Cand]:
    """The zones written again: without their city (西海岸新区), or as a bare 经开区 when the
    article names one zone of that kind."""
    out: list[Cand] = []
    if not found:
        return out                              # (most articles)
    inside = mask(len(body), ((c.start, c.end) for c in found))
    shorter = {body[c.start:c.end]: c for c in found if c.name != body[c.start:c.end] and len(c.name) > 3}
    hits = occurrences(shorter, body) if shorter else {}
    for surface, c in shorter.items():
        for k in disjoint(hits[surface], len(surface)):
            if not any(inside[k:k + len(surface)]):
                out.append(Cand(k, k + len(surface), c.name, "zone", 1, parent=c.parent))
                inside[k:k + len(surface)] = b"\x01" * len(surface)
    named: dict[str, set[str]] = {}
    for c in found:
        for w in _ZONE_SUFFIX:
            if c.name.endswith(w):
                named.setdefault(w, set()).add(c.name)
    for m in re.finditer("经开区|高新区|示范区", body) if named else ():
        if len(named.get(m.group(), ())) == 1 and not inside[m.start()]:
            if not (m.start() and HAN_CHAR.match(body[m.start() - 1]) and body[m.start() - 1] not in "、和与及"):
                out.append(Cand(m.start(), m.end(), next(iter(named[m.group()])), "zone", 1))
                inside[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    return out
