"""Misprints of division names: a surface one character off a division of a city the
article names (villages: of a township it names) is read as that division; the surface
stays the mention's surface, so it becomes an alias (岳鹿区 → 岳麓区)."""
from __future__ import annotations

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


def _indexes(cands: list[Cand], ctx: Context, lex: Lexicon) -> list["_Pool"]:
    """The slip pools of the divisions the article names (a county's townships are in its
    city's pool already), memoised per lexicon."""
    memo = lex.memo("places._misprints")
    by_code = lex.by_code
    indexes = []
    codes = {c.code for c in cands if c.code} | ctx.named
    for code in sorted(codes):
        d = by_code[code]
        if d.level == "county" and d.parent in codes and by_code[d.parent].level == "city":
            continue
        pool = memo.get(code)
        if pool is None:
            pool = memo[code] = _Pool.of(code, lex)
        if pool.index:
            indexes.append(pool)
    return indexes


def _one_off(surf: str, suffix: str, pools: list["_Pool"], ctx: Context, lex: Lexicon) -> Division | None:
    """The one division whose name ``surf`` misses by one character of its stem, if one.
    A pool with no name of ``surf``'s suffix and length cannot hold it (a blank keeps the
    length), so it is not asked."""
    hits: set[str] = set()
    blanks: list[str] = []
    for pool in pools:
        if len(surf) in pool.lengths[suffix]:
            blanks = blanks or [surf[:i] + "?" + surf[i + 1:] for i in range(len(surf) - len(suffix))]
            ix = pool.index
            for blank in blanks:
                got = ix.get(blank)
                if got:
                    hits |= got
    if not hits:
        return None
    by_code = lex.by_code
    hits = {h for h in hits if by_code[h].name.endswith(suffix) and by_code[h].name != surf}
    if len(hits) > 1:
        hits = {h for h in hits if by_code[h].name in ctx.names} or hits
    return by_code[hits.pop()] if len(hits) == 1 else None


def _slipped(body: str, pools: list["_Pool"], ctx: Context, lex: Lexicon, bounds: set[int],
             covered: bytearray, ends: set[tuple[int, str]]) -> tuple[list[Cand], dict[str, str]]:
    """Misprinted names ending in a level suffix at a word boundary, and each slip's stem
    with the true stem (岳鹿 → 岳麓). A surface's reading is worked out once per suffix (an
    article repeats its names)."""
    out: list[Cand] = []
    slips: dict[str, str] = {}
    plain = lex.memo("places._can_slip")         # may a surface be a slip (Han, no word)? by (surface,
                                                 # suffix), per lexicon: 14,000 surfaces a million characters
    for suffix, _ in LEVEL_SUFFIX:
        if suffix not in body:
            continue                             # (most bodies hold few of the suffixes)
        mine = [p for p in pools if suffix in p.lengths]
        size = len(suffix)
        lengths = sorted({n for p in mine for n in p.lengths[suffix] if n - size >= 2}, reverse=True)
        read: dict[str, Division | None] = {}
        k = body.find(suffix) if lengths else -1
        while k >= 0:
            e = k + size
            k = body.find(suffix, e)
            if covered[e - 1] or e not in bounds:
                continue                         # (a suffix inside a place read already: most)
            for n in lengths:
                s = e - n
                if s < 0 or s not in bounds or covered.find(1, s, e) >= 0:
                    continue
                surf = body[s:e]
                if surf in read:
                    d = read[surf]
                else:
                    ok = plain.get((surf, size))
                    if ok is None:
                        ok = plain[surf, size] = not (surf[0] in _FUNCTION or not HAN_RUN.fullmatch(surf)
                                                      or lex.is_common(surf[:-size]))
                    d = read[surf] = _one_off(surf, suffix, mine, ctx, lex) if ok else None
                if d is None:
                    continue
                parent = lex.parent(d)
                if d.level == "village" and (s, parent.name if parent else "") not in ends:
                    continue                 # a village slip counts only right after its township
                out.append(with_div(Cand(s, e, d.name, d.level, 2), d, lex))
                covered[s:e] = b"\x01" * n
                slips[surf[:-size]] = d.name[:-size]
                break
    return out, slips


def _repeated(body: str, slips: dict[str, str], indexes: list[_Pool], covered: bytearray,
              lex: Lexicon) -> list[Cand]:
    """The same slips elsewhere: 岳鹿 → 岳麓 makes 岳鹿街道 岳麓街道 and a bare 岳鹿 岳麓区."""
    out: list[Cand] = []
    found = occurrences(slips, body)
    for slip, true in slips.items():
        for s in disjoint(found[slip], len(slip)):
            if any(covered[s:s + len(slip)]):
                continue
            for suffix, _ in LEVEL_SUFFIX + (("", ""),):
                if body.startswith(suffix, s + len(slip)):
                    div = _first(indexes, true + suffix) if suffix else _first(indexes, true, county=True)
                    if div is not None:
                        e = s + len(slip) + len(suffix)
                        out.append(with_div(Cand(s, e, div.name, div.level, 2), div, lex))
                        covered[s:e] = b"\x01" * (e - s)
                        break
    return out


def _first(pools: list["_Pool"], name: str, county: bool = False) -> Division | None:
    """The first division of the pools called ``name`` (``county``: the first county whose
    name without its suffix is ``name``)."""
    for pool in pools:
        d = pool.named()[county].get(name)
        if d is not None:
            return d
    return None


class _Pool:
    """The divisions a misprint under one division may stand for (a city's counties and
    townships, a county's townships, a township's villages), by each name with one
    character of its stem blanked (岳?区 → 岳麓区); the lengths of their names by level
    suffix (a blank keeps the length, so a surface of another length need not look)."""

    __slots__ = ("divs", "lengths", "index", "_named")

    def __init__(self, divs: tuple[Division, ...]):
        self.divs = divs
        self._named: tuple[dict[str, Division], dict[str, Division]] | None = None
        self.index: dict[str, set[str]] = {}
        lengths: dict[str, set[int]] = {}
        for d in divs:
            name = d.name
            ends = suffixes_of(name)
            for i in range(len(name) - (len(ends[0]) if ends else 0)):
                self.index.setdefault(name[:i] + "?" + name[i + 1:], set()).add(d.code)
            for suffix in ends:
                lengths.setdefault(suffix, set()).add(len(name))
        self.lengths = {k: frozenset(v) for k, v in lengths.items()}

    @classmethod
    def of(cls, code: str, lex: Lexicon) -> "_Pool":
        d0 = lex.by_code[code]
        if d0.level not in ("city", "county", "township"):
            return cls(())
        kids = lex.children(code)
        pool = {d.code: d for d in kids}
        if d0.level == "city":
            pool.update((g.code, g) for d in kids for g in lex.children(d.code))
        return cls(tuple(pool.values()))

    def named(self) -> tuple[dict[str, Division], dict[str, Division]]:
        """The first division by name, and the first county by name without its suffix: made
        when a slip is repeated (a quarter of the articles), not for every pool."""
        if self._named is None:
            by_name: dict[str, Division] = {}
            by_stem: dict[str, Division] = {}
            for d in self.divs:
                by_name.setdefault(d.name, d)
                if d.level == "county":
                    by_stem.setdefault(d.name[:-1], d)
            self._named = by_name, by_stem
        return self._named
