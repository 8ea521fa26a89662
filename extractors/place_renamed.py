"""Townships written under another level word than the division list's: 乡 become 镇, 镇
become 街道 (撤乡设镇, 撤镇设街道) year after year all over the country, so an article
written before or after the list's year (NBS 2023) names 唐昌街道 where the list has 唐昌镇.

Such a name is read as the row with the same stem under a county or city the article names,
when exactly one row there has it: the place keeps the name the text writes, and takes the
row's code and parent. It replaces a reading of the name as a namesake elsewhere that the
article did not support (霍城县兰干乡: not the 兰干乡 of 库尔勒市, but 霍城县's 兰干镇). Outside the places the article names no stem is looked up: a stem
alone (唐昌) says too little.
"""
from __future__ import annotations


from .lexicon import Division, Lexicon
from .place_context import Cand, Context, with_div
from .primitives import HAN_RUN, level_words
from .records import evolve
from .scan import mask

__all__ = ["renamed"]

_TOWNSHIP = level_words("township")          # 街道, 苏木, 镇, 乡
_STEM = (2, 3, 4)                            # a township's stem: two to four characters


def renamed(body: str, cands: list[Cand], ctx: Context, lex: Lexicon, bounds: set[int]) -> list[Cand]:
    """Township names the list does not have, read as the row of the same stem under a
    county or city the article names."""
    by_code = lex.by_code
    pools = [_stems(code, lex) for code in sorted(ctx.named | {c.code for c in cands if c.code})
             if by_code[code].level in ("city", "county")]
    if not any(pools):
        return []
    covered = mask(len(body), ((c.start, c.end) for c in cands if c.code or c.level != "township"))
    before = {c.end: c.code for c in cands if c.code and c.level in ("city", "county")}   # 芦淞区|X街道
    ruled = {body[s:e]: before[s] for s in before for e in range(s + 3, s + 7)
             if e in bounds and body[s:e].endswith(_TOWNSHIP)}          # …and so wherever it is written
    out: list[Cand] = []
    for suffix in _TOWNSHIP:
        k = body.find(suffix)
        while k >= 0:
            e = k + len(suffix)
            if e in bounds and not covered[k]:
                got = _read(body, k, e, pools, covered, bounds, lex, ruled)
                if got is not None:
                    out.append(got)
                    covered[got.start:got.end] = b"\x01" * (got.end - got.start)
            k = body.find(suffix, e)
    return out


def _read(body: str, k: int, e: int, pools: list[dict[str, tuple[Division, ...]]], covered: bytearray,
          bounds: set[int], lex: Lexicon, ruled: dict[str, str]) -> Cand | None:
    """The township ending at ``e`` (its level word at ``k``) if its stem names one row: under
    the county or city the article writes right before the name (anywhere), if it does, else
    under any the article names."""
    for n in reversed(_STEM):
        s = k - n
        if s < 0 or s not in bounds or any(covered[s:k]) or not HAN_RUN.fullmatch(body[s:k]):
            continue
        name = body[s:e]
        among = [_stems(ruled[name], lex)] if name in ruled else pools
        rows = {d.code: d for pool in among for d in pool.get(body[s:k], ())}
        if len(rows) == 1:
            d = next(iter(rows.values()))        # the name as written, the row's code and parent
            return evolve(with_div(Cand(s, e, name, "township", 2), d, lex), name=name)
    return None


def _stems(code: str, lex: Lexicon) -> dict[str, tuple[Division, ...]]:
    """The townships under ``code`` (a county's own; a city's through its counties) by stem,
    memoised per lexicon."""
    memo = lex.memo("places.renamed")
    got = memo.get(code)
    if got is None:
        kids = lex.children(code)
        if lex.by_code[code].level == "city":
            kids = tuple(g for d in kids for g in lex.children(d.code))
        by: dict[str, list[Division]] = {}
        for d in kids:
            if d.level == "township":
                suffix = next((w for w in _TOWNSHIP if d.name.endswith(w)), "")
                if suffix and len(d.name) - len(suffix) in _STEM:
                    by.setdefault(d.name[:-len(suffix)], []).append(d)
        got = memo[code] = {k: tuple(v) for k, v in by.items()}
    return got
