"""Villages settled by the national village table (``lex.villages_named``).

The main gazetteer lists Hunan's villages only; elsewhere a village is first read by the
name patterns of ``places`` (X村, X社区), whose stem is a guess from jieba's cut. This stage
asks the national table which rows carry the name, and lets the places the article names
pick one:

- a row is taken when it is the only one in the country, or when the article's places pick
  it (``score``: they name its township, county, city…, and no namesake as well);
- the stem is corrected when the article names the township or county of a village whose
  name is one or two characters longer (井子村 → 西井子村) or shorter (该乡北岭村 → 北岭村,
  晏岗村村民 → 晏岗村) than the pattern's;
- a village no pattern read (its stem an ordinary word, 北极村, or longer than a pattern
  allows, 阿热吾斯塘村) is found when the article names its township or county;
- a Hunan gazetteer row taken for a name that villages of other provinces share, with no
  support from the article, is dropped: no code and no invented parent;
- a village the table does not know, written right after its township (公会镇西井子村,
  三宫乡阿热吾斯塘村, 伊和高勒苏木宝日呼吉尔嘎查), is the whole run between the two, however
  jieba cut it (西|井子村, 阿热吾斯|塘村): uncoded, its parent the township (``_after_township``).
"""
from __future__ import annotations

import bisect
import re

from .divisions import village
from .lexicon import Division, Lexicon
from .place_context import RANK, Cand, Context, score, with_div
from .primitives import HAN, HAN_RUN, level_words
from .scan import mask
from .villages import Row

__all__ = ["settle", "named_elsewhere", "VILLAGE_WORDS", "LIST_END", "BEFORE_CUN"]

_SUFFIXES = ("社区", "嘎查", "村")
# Characters that make a word with a following 村 (驻村, 到村, 全村, 邻村, 百村) and rarely end a village's
# own name (not 进, 下, 包, 兴: 前进村, 坝下村, 山包村, 复兴村).
BEFORE_CUN = set("住驻到入回在全各本该每邻跨百千万")
_LONGEST_STEM = 6
# Characters a village name never starts with: function words, demonstratives, numerals.
_NOT_FIRST = set("和与及的在是了对为把被从向到全本该各每这那此其个一二三四五六七八九十几多")
_LEVEL_CHARS = set(level_words(chars=1))
_HAN_TAIL = re.compile(f"[{HAN}]+\\Z")          # with endpos k: the Han run ending at k


def settle(body: str, cands: list[Cand], ctx: Context, lex: Lexicon) -> list[Cand]:
    """``cands`` (non-overlapping, in text order) with villages coded, re-cut or added."""
    near = _Near.of(cands, ctx)
    covered = mask(len(body), ((c.start, c.end) for c in cands))
    out: list[Cand] = []
    before = {c.end: c.code for c in cands if c.code and RANK[c.level] <= RANK["township"]}
    towns = {c.end for c in cands if c.level == "township" and (c.code or c.trust >= 2)}
    ruled = {c.name: before[c.start] for c in cands if c.level == "village" and c.start in before}  # 甲乡乙村…乙村
    for c in cands:
        if c.level == "village" and (not c.code or c.trust == 3):
            covered[c.start:c.end] = b"\x00" * (c.end - c.start)
            c = _widened(body, _village_word_after(body, c), towns, covered, lex)
            c = _recut(body, c, ctx, near, lex, covered, ruled, before.get(c.start, ""))
            covered[c.start:c.end] = b"\x01" * (c.end - c.start)
        out.append(c)
    out += _unread(body, near, lex, covered, before)
    out += _after_township(body, towns, covered, lex)
    out += _listed(body, out, covered, lex)
    return sorted(_townships_of_villages(out, lex), key=lambda c: c.start)


def _townships_of_villages(cands: list[Cand], lex: Lexicon) -> list[Cand]:
    """A township the article writes that no row was picked for (北极镇: two in the country)
    takes the row of the township its coded villages lie in, where that one has its name."""
    ups: dict[str, set[str]] = {}
    for c in cands:
        if c.code and c.level == "village":
            p = lex.parent(c.divs[0])
            if p is not None:
                ups.setdefault(p.name, set()).add(p.code)
    if not ups:
        return cands
    return [with_div(c, lex.by_code[next(iter(ups[c.name]))], lex)
            if not c.code and c.level == "township" and len(ups.get(c.name, ())) == 1 else c for c in cands]


def _by_province(name: str, lex: Lexicon) -> tuple[int, dict[str, tuple[list[Division], list[Row]]]]:
    """How many villages of the country are called ``name``, and they by province (the
    gazetteer's, then the national table's rows as read): worked out once a lexicon, since a
    common name (新村) has hundreds of rows and every article asks."""
    memo = lex.memo("villages.by_province")
    got = memo.get(name)
    if got is None:
        own = [d for d in lex.divisions_named(name) if d.level == "village"]
        rows = lex.villages.named(name)
        by: dict[str, tuple[list[Division], list[Row]]] = {}
        for d in own:
            by.setdefault(d.code[:2], ([], []))[0].append(d)
        for r in rows:
            by.setdefault(r[0][:2], ([], []))[1].append(r)
        got = memo[name] = len(own) + len(rows), by
    return got                                   # (shared: read it, never change it)


def named_elsewhere(name: str, lex: Lexicon) -> bool:
    """The national table has villages called ``name`` (``lex.villages.named``), read from
    ``_by_province``'s memo: the ``villages`` property alone costs 6 us a call, asked 3,000
    times a million characters."""
    return any(rows for _, rows in _by_province(name, lex)[1].values())


def _in_province(name: str, province: str, lex: Lexicon) -> tuple[Division, ...]:
    """The villages called ``name`` in ``province`` as divisions, made once a lexicon when an
    article first asks: articles ask for the few provinces they name, and making a division of
    every row of every province (8,600 for 940 names a million characters) cost a third of
    filling ``_by_province``."""
    memo = lex.memo("villages.in_province")
    got = memo.get((name, province))
    if got is None:
        own, rows = _by_province(name, lex)[1][province]
        got = memo[name, province] = tuple(own) + tuple(village(*r) for r in rows)
    return got


class _Near:
    """Codes and names of the places the article names, all finders' included, and the
    villages of the provinces it names by name (looked up once per article)."""

    __slots__ = ("codes", "names", "provinces", "found")

    def __init__(self, codes: set[str], names: set[str]):
        self.codes, self.names = codes, names
        self.provinces = {c[:2] for c in codes}
        self.found: dict[str, tuple[int, tuple[Division, ...]]] = {}

    def rows(self, name: str, lex: Lexicon) -> tuple[int, tuple[Division, ...]]:
        """How many villages of the country are called ``name``, and those of them that lie in
        a province the article names (all of them, when the country has one): only those can
        be picked, and a common name has hundreds of rows."""
        got = self.found.get(name)
        if got is None:
            total, by_province = _by_province(name, lex)
            if not total:                       # (most names asked)
                got = self.found[name] = (0, ())
                return got
            named = [p for p in by_province if p in self.provinces] if total > 1 else list(by_province)[:1]
            got = (total, tuple(d for p in named for d in _in_province(name, p, lex)))
            self.found[name] = got
        return got

    @classmethod
    def of(cls, cands: list[Cand], ctx: Context) -> "_Near":
        return cls(set(ctx.named) | {c.code for c in cands if c.code},
                   set(ctx.names) | {c.name for c in cands if RANK[c.level] <= RANK["township"]})

    def holds(self, d: Division, lex: Lexicon) -> int:
        """2 if the article names the township ``d`` lies in, 1 if only its county, else 0."""
        for i, a in enumerate(lex.ancestors(d)[:2]):     # (a loop: max over a generator cost twice)
            if a.code in self.codes or a.name in self.names:
                return 2 - i
        return 0

    def pick(self, name: str, lex: Lexicon, under: str = "") -> Division | None:
        """The one village ``name`` whose township the article names (else whose county it
        names); with ``under``, the one below that code (the place the text writes right before)."""
        rows = self.rows(name, lex)[1]
        if not rows:
            return None                         # (most names asked: no village of the provinces)
        if under:
            rows = tuple(d for d in rows if under in (d.parent, lex.by_code[d.parent].parent))
            return rows[0] if len(rows) == 1 else None
        held = [(self.holds(d, lex), d) for d in rows]
        top = max((h for h, _ in held), default=0)
        best = [d for h, d in held if h == top]
        return best[0] if top and len(best) == 1 else None


def _pick(name: str, near: _Near, ctx: Context, lex: Lexicon) -> Division | None:
    """The one row of the country (unless the article is about places of other provinces
    only: 普贤寺村 listed among a Sichuan town's villages is not the one of Shaanxi), or the
    one the article's places support best."""
    total, rows = near.rows(name, lex)
    if total == 1:
        return rows[0] if not near.provinces or rows[0].code[:2] in near.provinces else None
    scored = sorted(((score(d, "", ctx, lex), d.code, d) for d in rows), reverse=True)
    if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][2]
    return None


def _recut(body: str, c: Cand, ctx: Context, near: _Near, lex: Lexicon, covered: bytearray,
           ruled: dict[str, str], under: str = "") -> Cand:
    """A village candidate read against the table: the stem the article's places confirm,
    else the row the country or the article settles, else the candidate without a row.
    ``under``: the code of the place written right before it, which rules its row; ``ruled``:
    that code for each village name the article writes right after its township anywhere
    (甲乡乙村…驻乙村工作队: the second 乙村 is the first's too)."""
    suffix = _suffix_of(c.name)
    if c.code:                              # a Hunan row: kept if supported or unshared
        named = any(a.code in ctx.named or a.name in ctx.names for a in lex.ancestors(c.divs[0]))
        if named or not named_elsewhere(c.name, lex):
            return c
        c = Cand(c.start, c.end, c.name, c.level, c.trust)     # read against the table like a pattern
    if not suffix:
        return c
    spans = [(c.start - k, c.end) for k in (2, 1) if c.start - k >= 0 and _free(body, c.start - k, c.start, covered)]
    spans += [(c.start + k, c.end) for k in (1, 2) if c.end - c.start - k - len(suffix) >= 2]
    if body[c.start:c.end].endswith("村村"):
        spans.append((c.start, c.end - 1))
    if c.name not in ruled and near.pick(c.name, lex, under) is None:
        for s, e in spans:
            d = near.pick(body[s:e], lex, under or ruled.get(body[s:e], ""))
            if d is not None:
                return with_div(Cand(s, e, d.name, "village", c.trust), d, lex)
            if body[s:e] in ruled:              # 驻|乙村: the village written after its township
                return Cand(s, e, body[s:e], "village", c.trust)
    if body[c.start:c.end] != c.name:
        return c
    under = under or ruled.get(c.name, "")
    best = near.pick(c.name, lex, under) if under else _pick(c.name, near, ctx, lex)
    return c if best is None else with_div(c, best, lex)


def _free(body: str, s: int, e: int, covered: bytearray) -> bool:
    """``body[s:e]`` may open a village name: Han characters, no other place, no function word."""
    return not any(covered[s:e]) and HAN_RUN.fullmatch(body[s:e]) is not None and body[s] not in _NOT_FIRST


def _unread(body: str, near: _Near, lex: Lexicon, covered: bytearray, before: dict[int, str]) -> list[Cand]:
    """Villages no pattern read, found where the article names their township or county."""
    out: list[Cand] = []
    if not near.codes:
        return out
    for suffix in _SUFFIXES:
        k = body.find(suffix)
        while k >= 0:
            e = k + len(suffix)
            if not covered[k]:
                for n in range(k - _free_start(body, k, covered), 0, -1):
                    s = k - n
                    if body[s] in _NOT_FIRST or body[s] in _LEVEL_CHARS \
                            or n == 1 and (s not in before or body.startswith("村", e)
                                           and not body.startswith(VILLAGE_WORDS, e)):
                        continue                # 余村: only right after its township, and not 际村|村的
                    d = near.pick(body[s:e], lex, under=before.get(s, ""))
                    if d is not None:
                        out.append(with_div(Cand(s, e, d.name, "village", 1), d, lex))
                        covered[s:e] = b"\x01" * (e - s)
                        break
            k = body.find(suffix, e)
    return out


def _free_start(body: str, k: int, covered: bytearray) -> int:
    """Where the longest stretch before ``k`` a stem may take starts: at most ``_LONGEST_STEM``
    Han characters, none of another place. ``_free(body, s, k, covered)`` holds exactly for
    the ``s`` from there on whose character may open a name; found once for all the stem
    lengths tried at ``k``."""
    lo = max(0, k - _LONGEST_STEM)
    han = _HAN_TAIL.search(body, lo, k)
    return max(han.start() if han else k, covered.rfind(1, lo, k) + 1)


# Parts of speech a village name's stem has no word of (verbs, adverbs, prepositions,
# conjunctions, pronouns, numerals, measure words, particles): 镇里大力推进村…, 该镇各村….
_NOT_IN_STEM = ("v", "d", "p", "c", "r", "m", "q", "u", "b")


def _stem_ok(body: str, s: int, k: int, e: int, covered: bytearray, lex: Lexicon, listed: bool = False) -> bool:
    """``body[s:k]`` reads as the stem of a village ``body[s:e]`` written right after its
    township: two to six free Han characters, cut by jieba into words at both ends, not an
    ordinary word (unless ``listed`` among villages: 金星村、西北村) and with no function word in it."""
    if not 2 <= k - s <= _LONGEST_STEM or not _free(body, s, k, covered) or body[s] in _LEVEL_CHARS:
        return False
    words, starts = lex.tokens(body, hmm=True)
    i, j = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
    if i >= len(words) or starts[i] != s or j > len(words) or starts[j] != e and not body.startswith(VILLAGE_WORDS, e) \
            and not (listed and body[e:e + 1] in LIST_END):
        return False                            # 加快美丽村|庄: the suffix is inside a word (not 光东村|村民, 东巴|村等村)
    stem = body[s:k]
    if listed and (set(stem) & _LEVEL_CHARS or "等" in stem) or body[k:e] == "村" and stem[-1] in BEFORE_CUN:
        return False
    if lex.is_common(body[s:e]) or lex.is_common(stem) and not listed:
        return False
    return not any(lex.flag(w).startswith(_NOT_IN_STEM) and not (len(w) == 1 and lex.flag(w)[:1] == "v")
                   for w in words[i:j] if w not in _SUFFIXES)   # a single 叠 or 铺 is a name's, not a verb


def _suffix_of(name: str) -> str:
    """The village suffix ``name`` ends in (社区, 嘎查, 村), '' for none."""
    return next((x for x in _SUFFIXES if name.endswith(x)), "")


def _taken(body: str, s: int, e: int, covered: bytearray) -> Cand:
    """``body[s:e]`` as an uncoded village read from the text alone, marked as covered."""
    covered[s:e] = b"\x01" * (e - s)
    return Cand(s, e, body[s:e], "village", 1)


# Words a village's own people and bodies are named with: X村村民 is X村's 村民, not X村村's 民.
VILLAGE_WORDS = ("村民", "村委", "村干部", "村集体", "村两委")


def _village_word_after(body: str, c: Cand) -> Cand:
    """光东|村村|民: a pattern's name that took the 村 of 村民 (村委会, 村干部…) gives it back."""
    if not c.name.endswith("村村") or body[c.start:c.end] != c.name or not body.startswith(VILLAGE_WORDS, c.end - 1):
        return c
    return Cand(c.start, c.end - 1, c.name[:-1], c.level, c.trust)


def _widened(body: str, c: Cand, towns: set[int], covered: bytearray, lex: Lexicon) -> Cand:
    """公会镇|西|井子村: a village whose pattern stem stops one to four characters after its
    township's end reaches back to it, whatever row the shorter name had elsewhere."""
    for t in range(c.start - 1, c.start - 5, -1):
        if t in towns:
            k = c.end - len(_suffix_of(c.name))
            if _stem_ok(body, t, k, c.end, covered, lex):
                return Cand(t, c.end, body[t:c.end], c.level, c.trust)
    return c


def _after_township(body: str, towns: set[int], covered: bytearray, lex: Lexicon) -> list[Cand]:
    """Villages neither the table nor a pattern read, written right after their township."""
    out: list[Cand] = []
    for t in sorted(towns):
        for suffix in _SUFFIXES:
            k = body.find(suffix, t + 2, t + _LONGEST_STEM + 1)
            if k >= 0 and _stem_ok(body, t, k, k + len(suffix), covered, lex):
                out.append(_taken(body, t, k + len(suffix), covered))
                break
    return out


_LIST_MARK = "、"
LIST_END = "等、，,和及与"                           # what may follow a listed village


def _listed(body: str, found: list[Cand], covered: bytearray, lex: Lexicon) -> list[Cand]:
    """金星村、西北村等周边村: a village listed right after or before one already found is one,
    even where its stem is an ordinary word (西北) that no pattern takes alone."""
    out: list[Cand] = []
    for c in sorted((c for c in found if c.level == "village"), key=lambda c: c.start):
        suffix = _suffix_of(c.name)
        if not suffix:
            continue
        s = c.end + 1                                   # the item after: 、西北村
        if body[c.end:s] == _LIST_MARK:
            for n in (2, 3, 4):                         # the item ends at the first suffix
                e = s + n + len(suffix)
                if body[s + n:e] == suffix and _stem_ok(body, s, s + n, e, covered, lex, listed=True):
                    out.append(_taken(body, s, e, covered))
                    break
        e = c.start - 1                                 # the item before: 西北村、
        if body[e:c.start] == _LIST_MARK and body[e - len(suffix):e] == suffix:
            for n in (4, 3, 2):
                s = e - len(suffix) - n
                if s >= 0 and _stem_ok(body, s, e - len(suffix), e, covered, lex, listed=True):
                    out.append(_taken(body, s, e, covered))
                    break
    return out
