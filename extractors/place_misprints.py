"""Misprints of division names: a surface one character off a division of a city the
article names (villages: of a township it names) is read as that division; the surface
stays the mention's surface, so it becomes an alias (岳鹿区 → 岳麓区)."""
from __future__ import annotations

import re

from .lexicon import Division, Lexicon
from .place_context import LEVEL_SUFFIX, Cand, Context, suffixes_of, with_div
from .primitives import HAN_RUN
from .scan import disjoint, mask, occurrences

__all__ = ["misprints"]

_FUNCTION = set("和与及的在是了对为把被从向到")


def misprints(body: str, cands: list[Cand], ctx: Context, lex: Lexicon, bounds: set[int]) -> list[Cand]:
    """Surfaces one character off a division of a city the article names (villages: of a
    township it names), read as that division; the same slip elsewhere (岳鹿街道, 岳鹿) too."""
    indexes = _indexes(cands, ctx, lex)
    if not indexes:
        return []
    covered = mask(len(body), ((c.start, c.end) for c in cands if c.code or c.trust < 3))
    ends = {(c.end, c.name) for c in cands}
    out, slips = _slipped(body, indexes, ctx, lex, bounds, covered, ends)
    if slips:
        out += _repeated(body, slips, indexes, covered, lex)
    return out


def _indexes(cands: list[Cand], ctx: Context, lex: Lexicon) -> list[tuple]:
    """The slip indexes of the divisions the article names (a county's townships are in its
    city's index already), memoised per lexicon."""
    memo = lex.memo("places._misprints")
    indexes = []
    codes = {c.code for c in cands if c.code} | ctx.named
    for code in sorted(codes):
        d = lex.by_code[code]
        if d.level == "county" and d.parent in codes and lex.by_code[d.parent].level == "city":
            continue
        if code not in memo:
            memo[code] = _slip_index(code, lex)
        if memo[code][0]:
            indexes.append(memo[code])
    return indexes


def _one_off(surf: str, suffix: str, tables: list[dict[str, set[str]]], ctx: Context, lex: Lexicon) -> Division | None:
    """The one division whose name ``surf`` misses by one character of its stem, if one."""
    hits: set[str] = set()
    for i in range(len(surf) - len(suffix)):
        blank = surf[:i] + "?" + surf[i + 1:]
        for ix in tables:
            got = ix.get(blank)
            if got:
                hits |= got
    hits = {h for h in hits if lex.by_code[h].name.endswith(suffix) and lex.by_code[h].name != surf}
    if len(hits) > 1:
        hits = {h for h in hits if lex.by_code[h].name in ctx.names} or hits
    return lex.by_code[hits.pop()] if len(hits) == 1 else None


def _slipped(body: str, indexes: list[tuple], ctx: Context, lex: Lexicon, bounds: set[int],
             covered: bytearray, ends: set[tuple[int, str]]) -> tuple[list[Cand], dict[str, str]]:
    """Misprinted names ending in a level suffix at a word boundary, and each slip's stem
    with the true stem (岳鹿 → 岳麓)."""
    tables = [ix for ix, _, _ in indexes]       # looked up one by one: merging them per article cost more
    out: list[Cand] = []
    slips: dict[str, str] = {}
    for suffix, _ in LEVEL_SUFFIX:
        if suffix not in body:
            continue                             # (most bodies hold few of the suffixes)
        lengths = sorted(set().union(*(n.get(suffix, ()) for _, n, _ in indexes)), reverse=True)
        for m in re.finditer(suffix, body) if lengths else ():
            e = m.end()
            if e not in bounds:
                continue
            for n in lengths:
                s = e - n
                if s < 0 or n - len(suffix) < 2 or s not in bounds or any(covered[s:e]):
                    continue
                surf = body[s:e]
                if surf[0] in _FUNCTION or not HAN_RUN.fullmatch(surf) \
                        or lex.is_common(surf[:-len(suffix)]):
                    continue
                d = _one_off(surf, suffix, tables, ctx, lex)
                if d is None:
                    continue
                parent = lex.parent(d)
                if d.level == "village" and (s, parent.name if parent else "") not in ends:
                    continue                 # a village slip counts only right after its township
                out.append(with_div(Cand(s, e, d.name, d.level, 2), d, lex))
                covered[s:e] = b"\x01" * n
                slips[surf[:-len(suffix)]] = d.name[:-len(suffix)]
                break
    return out, slips


def _repeated(body: str, slips: dict[str, str], indexes: list[tuple], covered: bytearray,
              lex: Lexicon) -> list[Cand]:
    """The same slips elsewhere: 岳鹿 → 岳麓 makes 岳鹿街道 岳麓街道 and a bare 岳鹿 岳麓区."""
    by_name: dict[str, Division] = {}           # the first division of the pool by name,
    by_stem: dict[str, Division] = {}           # and by county name without its suffix
    for d in {d.code: d for _, _, divs in indexes for d in divs}.values():
        by_name.setdefault(d.name, d)
        if d.level == "county":
            by_stem.setdefault(d.name[:-1], d)
    out: list[Cand] = []
    found = occurrences(slips, body)
    for slip, true in slips.items():
        for s in disjoint(found[slip], len(slip)):
            if any(covered[s:s + len(slip)]):
                continue
            for suffix, _ in LEVEL_SUFFIX + (("", ""),):
                if body.startswith(suffix, s + len(slip)):
                    div = by_name.get(true + suffix) if suffix else by_stem.get(true)
                    if div is not None:
                        e = s + len(slip) + len(suffix)
                        out.append(with_div(Cand(s, e, div.name, div.level, 2), div, lex))
                        covered[s:e] = b"\x01" * (e - s)
                        break
    return out


def _slip_index(code: str, lex: Lexicon) -> tuple[dict[str, set[str]], dict[str, frozenset[int]], tuple[Division, ...]]:
    """The divisions a misprint under ``code`` may stand for (a city's counties and
    townships, a county's townships, a township's villages), by each name with one
    character before its level suffix blanked (岳?区 → 岳麓区); the lengths of their names by
    level suffix; themselves."""
    d0 = lex.by_code[code]
    if d0.level not in ("city", "county", "township"):
        return {}, {}, ()
    kids = lex.children(code)
    pool = {d.code: d for d in kids}
    if d0.level == "city":
        pool.update((g.code, g) for d in kids for g in lex.children(d.code))
    index: dict[str, set[str]] = {}
    lengths: dict[str, set[int]] = {}
    for d in pool.values():
        ends = suffixes_of(d.name)
        for i in range(len(d.name) - (len(ends[0]) if ends else 0)):
            index.setdefault(d.name[:i] + "?" + d.name[i + 1:], set()).add(d.code)
        for suffix in ends:
            lengths.setdefault(suffix, set()).add(len(d.name))
    return index, {k: frozenset(v) for k, v in lengths.items()}, tuple(pool.values())
