"""Places: gazetteer names and name patterns → Place mentions; partOf links.

How a place is found, in order of trust:

1. Gazetteer names (``lex.place_names_in``): full names at every level, village names
   with committee suffixes stripped, and short forms (湘潭 → 湘潭市, 岳麓 → 岳麓区) where the
   short form is a whole jieba token and not an ordinary word (or the article's city owns it,
   or the sentence cues a place: ``place_cues``).
2. Functional zones (``place_zones``): ``<place>[县市区]?(高新区|经开区…)``, a stem after a
   place or a city's short form (长沙市湘江新区, 青岛西海岸新区), ``X示范区``-like names.
3. Name patterns for what no gazetteer lists: X村, X社区, X组, X小区, X路/X西路/X老街/X大道; the
   stem X is the run of name-like jieba tokens (nouns, unknown words) before the suffix, never
   a pronoun, numeral, verb or a generic word (全村, 该社区, 140个村, 示范村); villages are then
   read against the national village table (``place_villages``).
4. Misprints (``place_misprints``): a surface one character off a division of the same level
   under a city the article names (villages: under a township it names) resolves to that
   division; the surface stays the mention surface, so it becomes an alias (岳鹿区 → 岳麓区).

Repeated names are settled by the parent chain the article writes (中和镇清江村) and then by
how many of a candidate's ancestors the article names; the article's cities come from the
places it names, never from a fixed prior. Overlaps: longest span wins, then the earlier,
then the more trusted source.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter

from .lexicon import Division, Lexicon
from .place_cues import cued, opens_institution
from .place_zones import zones
from .place_context import (LEVEL_SUFFIX, RANK, Cand, Context, best_of, city_of, names_up, per_lexicon,
                            plain_word, score, suffix_len, with_div)
from .primitives import HAN, HAN_CHAR, HAN_RUN, select_longest
from .place_misprints import misprints
from .place_renamed import renamed
from .place_links import relate, stated_parents
from .place_villages import BEFORE_CUN, LIST_END, VILLAGE_WORDS, named_elsewhere, settle
from .records import Article, Mention, evolve
from .scan import disjoint, finditer_at, mask, occurrences

__all__ = ["find", "relate", "stated_parents"]

# Pattern suffix → (level, longest stem in characters, only right after a place of the chain).
_PATTERNS = {"社区": ("village", 4, False), "村": ("village", 4, False), "组": ("group", 4, True),
             "小区": ("compound", 6, False), "大道": ("street", 5, False), "路": ("street", 5, False),
             "街": ("street", 4, False), "巷": ("street", 4, False)}
_PATTERNS.update((w, ("compound", 4, True)) for w in ("花苑", "花园", "家园", "名城", "公馆", "华府", "雅苑", "新城"))
_PATTERNS.update((w, ("street", 4, False)) for w in ("东路", "西路", "南路", "北路", "中路", "老街", "新街", "大街"))
_ROADS = tuple(w for w, (level, _, _) in _PATTERNS.items() if level == "street")
_PATTERN_RE = re.compile("|".join(sorted(_PATTERNS, key=len, reverse=True)))
# jieba flags a stem token may carry: nouns, place and person names, unknown words, directions.
_STEM_FLAGS = frozenset(("n", "nr", "ns", "nt", "nz", "nrt", "nrfg", "ng", "x", "s", "f", "j", "b", "g", "eng"))
# Words that make X村/X社区/X路 a kind of place rather than a name of one.
_GENERIC = {"全", "本", "该", "各", "每", "邻", "进", "驻", "贫困", "示范", "重点", "文明", "先进", "明星", "美丽",
            "试点", "脱贫", "特色", "传统", "省级", "市级", "县级", "区级", "城市", "智慧", "和谐", "平安", "绿色",
            "完整", "农村", "乡村", "城镇", "城中", "老旧", "无物业", "所在", "周边", "辖区", "全市", "全区", "全县",
            "商业", "美食", "步行", "文化", "小吃", "网红", "行政", "自然", "新型", "社区", "小区", "村民", "街道", "乡镇",
            "居民", "党建", "幸福", "宜居", "生态", "旅游", "工作", "专班", "小组", "领导", "调研", "督导",
            "巡察", "检查", "考核", "评审", "专家", "工作组", "产业", "发展", "振兴", "致富", "回家", "安置", "党委", "支部",
            "高速", "公路", "铁路", "马路", "道路", "服务", "治理", "网格", "一", "两", "几", "多", "个",
            # road surfaces and other words that make X路 a kind of road
            "水泥", "柏油", "沥青", "砂石", "泥巴", "泥泞", "石子", "硬化", "通村", "土", "一段", "住宅", "所有", "当地"}
_GENERIC_TAILS = tuple(sorted(g for g in _GENERIC if len(g) > 1))
_STREET_NEXT_BAD = set("线径程途费况演道")
_TOPONYMIC = set("铺坪坳冲湾岭垭屯寨堡坝洼岗塘店牌")   # place-name characters jieba tags as verbs (五里铺)
_FUNCTION = set("和与及的在是了对为把被从向到")
_LEADING = set("全本该各每这那此其条个座栋")   # never the first character of a place name
_CONJ = set("和与及、")
# Flags of words no place name begins with: one-character prepositions and conjunctions
# (为, 与), longer adverbs, pronouns and such (主要, 这里); one-character adverbs are too
# often a name's first character (尚家洲).
_NOT_NAME_START = (("p", "c"), ("p", "c", "d", "r", "u", "b"))
_NUMERALS = set("一二两三四五六七八九十百千万")
_LEVEL_CHARS = set("省市区县镇乡村")
_CUN_WORDS = ("村级", "村民", "村庄", "村落", "村容", "村貌", "村务", "村集体")
def find(article: Article, lex: Lexicon) -> list[Mention]:
    """Place mentions of one article, in text order."""
    body = article.body
    if not body:
        return []
    toks = _Tokens(body, lex)
    bounds = toks.bounds
    cands = _gazetteer(body, lex, bounds, toks)
    ctx = _context(cands, article, lex)
    cands = _select_supported(cands, ctx, lex)
    enums = _enumerations(body, ctx, lex, bounds)
    if enums:                                    # (few articles)
        in_enum = mask(len(body), ((e.start, e.end) for e in enums))
        cands = enums + [c for c in cands if not any(in_enum[c.start:c.end])]
    cands = _resolve(body, cands, ctx, lex)
    cands = select_longest(cands + zones(body, cands, ctx, lex), _distrust)
    cands = select_longest(cands + misprints(body, cands, ctx, lex, bounds), _distrust)
    cands = _instead(cands, renamed(body, cands, ctx, lex, bounds))
    cands = [c for c in settle(body, select_longest(cands + _patterns(body, cands, toks, lex), _distrust), ctx, lex)
             if c.code or c.trust < 3 or c.name[:len(c.name) - suffix_len(c.name)] not in _GENERIC]   # 文明村: no row, a kind
    cands = _chain(body, cands, lex)
    out = []
    for c in cands:
        s, e = article.span(c.start, c.end)
        out.append(Mention(type="Place", name=c.name, surface=body[c.start:c.end], article=article.index,
                           start=s, end=e, level=c.level, code=c.code, parent=c.parent, pos=c.start))
    return out


# ---- segmentation --------------------------------------------------------------------

class _Tokens:
    """The body's jieba tokens (HMM on): token ``i`` is ``body[starts[i]:starts[i + 1]]``.

    The HMM matters for pattern stems: it groups the characters the dictionary leaves
    single (漆 家 坳 组 → 漆家坳 组). Flags are looked up on demand (``Lexicon.flag``).
    """

    __slots__ = ("starts", "words", "lex", "bounds")

    def __init__(self, body: str, lex: Lexicon):
        self.words, self.starts = lex.tokens(body, hmm=True)
        self.lex = lex
        self.bounds = set(self.starts)           # where a token starts or ends

    def span(self, i: int) -> tuple[int, int]:
        return self.starts[i], self.starts[i + 1]

    def flag(self, i: int) -> str:
        return self.lex.flag(self.words[i])

    def at_start(self, k: int) -> int | None:
        """Index of the token starting at ``k``."""
        i = bisect.bisect_left(self.starts, k)
        return i if i < len(self.words) and self.starts[i] == k else None

    def word_at(self, k: int) -> str:
        """The token starting at ``k`` ('' if none does)."""
        i = self.at_start(k)
        return self.words[i] if i is not None else ""

    def at_end(self, k: int) -> int | None:
        """Index of the token ending at ``k``."""
        i = bisect.bisect_left(self.starts, k)
        return i - 1 if 0 < i <= len(self.words) and self.starts[i] == k else None


# ---- 1. gazetteer --------------------------------------------------------------------

def _gazetteer(body: str, lex: Lexicon, bounds: set[int], toks: "_Tokens") -> list[Cand]:
    out = []
    memo = lex.memo("places._gazetteer")
    for start, end, key in lex.place_names_in(body):
        info = memo.get(key)
        if info is None:
            info = memo[key] = _key_info(key, lex)
        name, level, divs, trust, needs_start = info
        if trust == 3:
            if needs_start is None or (needs_start and start not in bounds):
                continue
            if level == "village" and body.startswith(_CUN_WORDS, end - 1) and lex.is_common(name[:-1]) \
                    or level == "village" and end not in bounds and not body.startswith(VILLAGE_WORDS, end - 1) \
                    or name[-1] == "乡" and body.startswith("村", end) and not body.startswith(VILLAGE_WORDS, end) \
                    and lex.is_common(name[:-1]):
                continue                         # 已建成|村级, 团结|村民, 幸福|乡村: an ordinary word and a word of 村
        elif start not in bounds or end not in bounds and not (
                level in ("province", "city") and opens_institution(toks.word_at(start))):
            continue                             # 浙江|大学 counts: 浙江省 is named inside a name
        out.append(Cand(start, end, name, level, trust, divs))
    return out


def _key_info(key: str, lex: Lexicon) -> tuple[str, str, tuple[Division, ...], int, bool | None]:
    """What a gazetteer key reads as, wherever it stands: (name, level, divisions, trust,
    whether it must start a token, or None for never a place on its own)."""
    full = lex.divisions_named(key)
    if full:
        level = full[0].level
        if key not in (d.name for d in full):   # an official or press name (东乡县) → the name
            key = full[0].name
        common = lex.is_common(key) and level == "village"
        if len(key) < 3 and level not in ("county", "province", "city"):
            return key, level, full, 3, None
        return key, level, full, 3, common or level in ("village", "township") or len(key) == 2   # 示|范县
    divs = lex.divisions_named(key, short=True)
    top = min(RANK[d.level] for d in divs)
    divs = tuple(d for d in divs if RANK[d.level] == top)
    return divs[0].name, divs[0].level, divs, 2, True


def _select_supported(cands: list[Cand], ctx: "Context", lex: Lexicon) -> list[Cand]:
    """Overlapping gazetteer names (乔口镇|口镇街道): the one the article's places support wins."""
    def supported(c: Cand) -> bool:
        return any(score(d, "", ctx, lex) >= 1 for d in c.divs)
    cands = sorted(cands, key=lambda c: c.start)
    keep = []
    reach = -1                                  # the furthest end of the names before
    for i, c in enumerate(cands):               # names are short: rivals sit within a few places
        alone = reach <= c.start and (i + 1 == len(cands) or cands[i + 1].start >= c.end)
        reach = max(reach, c.end)
        if alone:                               # (most names: nothing overlaps them)
            keep.append(c)
            continue
        near = cands[max(0, i - 12):i + 12]
        rivals = [o for o in near if o is not c and o.start < c.end and c.start < o.end]
        if rivals and not supported(c) and any(supported(o) for o in rivals):
            continue
        keep.append(c)
    return select_longest(keep, _distrust)


def _instead(cands: list[Cand], better: list[Cand]) -> list[Cand]:
    """``cands`` with ``better`` readings in place of those of the same spans."""
    spans = {(c.start, c.end) for c in better}
    return select_longest([c for c in cands if (c.start, c.end) not in spans] + better, _distrust)


def _distrust(c: Cand) -> int:
    """``select_longest``'s rank for places: of equally long spans the most trusted wins."""
    return -c.trust


# ---- context and disambiguation ------------------------------------------------------

def _context(cands: list[Cand], article: Article, lex: Lexicon) -> Context:
    """Which divisions and cities the article (title, dateline and body) names."""
    extra = " ".join((article.title, article.source) + tuple(article.kicker))
    more = [d for _, _, key in lex.place_names_in(extra) for d in names_up(key, lex)]
    named = {c.divs[0].code for c in cands if len(c.divs) == 1 and c.trust == 3 and not (   # a Hunan village
        c.level == "village" and named_elsewhere(c.name, lex))} | {d.code for d in more}    # named elsewhere too
    names = {c.name for c in cands if c.trust == 3} | {d.name for d in more}
    by_code = lex.by_code
    cities = Counter(city_of(by_code[c], lex) for c in sorted(named))   # sorted: ties by code, not by hash
    cities.pop("", None)
    return Context(frozenset(named), frozenset(names), tuple(c for c, _ in cities.most_common()))


def _resolve(body: str, cands: list[Cand], ctx: Context, lex: Lexicon) -> list[Cand]:
    """Pick one division per candidate: the one whose ancestors the article names."""
    out: list[Cand] = []
    prev_end, prev_name = -1, ""
    marked = cued(body, cands)                   # 来自海口、三亚: cities by what the sentence says
    for c in cands:
        prev = prev_name if prev_end == c.start else ""
        best: Division | None = None
        if len(c.divs) == 1:
            best = c.divs[0]
        elif c.divs:
            best = best_of(c.divs, prev, ctx, lex)
        if c.trust == 2 and not c.code:
            if best is None:
                continue
            local = city_of(best, lex) in ctx.cities or best.name in ctx.names or prev in {
                a.name for a in lex.ancestors(best)} or best.level == "city" and c.start in marked
            common = lex.is_common(body[c.start:c.end]) and best.level != "province"
            if (best.level not in ("province", "city") or common) and not local:
                continue
        if c.trust == 3 and c.level not in ("province", "city") and lex.is_common(c.name) and (best is None or score(
                best, prev, ctx, lex) < 1) and not (c.level == "county" and len(c.name) > 2):
            continue                             # 城区, 新农村 (not 华容县): ordinary words unless the chain says so
        if best is not None and not c.code and "400" <= best.code[6:9] <= "599" \
                and score(best, "", ctx, lex) < 1:
            continue
        out.append(with_div(c, best, lex) if best else c)
        prev_end, prev_name = c.end, (best.name if best else c.name)
    return out


# ---- 3. name patterns ----------------------------------------------------------------

def _patterns(body: str, cands: list[Cand], toks: _Tokens, lex: Lexicon) -> list[Cand]:
    """X村, X社区, X组, X小区, X路… whose stem is a run of name-like tokens."""
    ends = {c.end: c for c in cands}
    named_for = {c.start: c for c in cands if c.trust == 2 and c.name != body[c.start:c.end]   # 南海大道: a road
                 and body.startswith(_ROADS, c.end)}                                           # named after 南海区
    covered = mask(len(body), ((c.start, c.end) for c in cands if c.start not in named_for))
    out: list[Cand] = []
    known: dict[str, str] = {}
    for m in _PATTERN_RE.finditer(body):
        s, e, suffix = m.start(), m.end(), m.group()
        if covered[s] or (suffix == "街" and body[e:e + 1] == "道") or (
                suffix == "乡" and body.startswith("村", e) and not body.startswith(VILLAGE_WORDS, e)):   # 幸福|乡村
            continue
        level, longest, needs_chain = _PATTERNS[suffix]
        if level == "street" and body[e:e + 1] in _STREET_NEXT_BAD:
            continue
        inner = _token_over(s, e, toks)
        word = body[inner[0]:inner[1]] if inner else ""
        if inner and len(word) > len(suffix) and plain_word(word, lex):
            continue                             # 道路, 工作思路, 林荫路, 农业农村局: a word, not a name
        if e not in toks.bounds and body[e:e + 1] not in LIST_END and (
                level == "village" and not body.startswith(VILLAGE_WORDS, e - 1)
                or len(suffix) == 1 and lex.is_common(body[e - 1:e + 1])):
            continue                             # 筑牢|村域, 香透|村巷, 市委|组织部: the suffix begins another word
        stem_start = _stem_start(body, s, longest, toks, covered)
        if stem_start is None:
            continue
        if s - stem_start > 2 and body[stem_start] in "乡镇村区县市" and body[stem_start - 1:stem_start] in _LEADING:
            stem_start += 1                      # 该乡|北岭村: the level word belongs to 该
        stem = body[stem_start:s]
        if any(covered[stem_start:s]) or not _good_stem(stem, suffix, lex):
            continue
        if needs_chain and stem_start not in ends:
            continue
        out.append(Cand(stem_start, e, stem + suffix, level, 1, parent=named_for[stem_start].name
                        if stem_start in named_for and level == "street" else ""))
        known[stem + suffix] = level
        ends[e] = out[-1]                        # 抵耳村坝上组: a group after a village read just now
    out = [_shortest(c, known) for c in out]
    # a name accepted once is a name wherever the article repeats it
    starts = {c.start for c in out}
    found = occurrences(known, body)
    for name, level in known.items():
        for s in disjoint(found[name], len(name)):
            if not covered[s] and s not in starts:
                out.append(Cand(s, s + len(name), name, level, 1))
                starts.add(s)
    return out


def _shortest(c: Cand, known: dict[str, str]) -> Cand:
    """Cut a pattern name to a shorter one the article also writes (补种枫林路 → 枫林路)."""
    for k in range(1, len(c.name) - 2):
        if c.name[k:] in known:
            return evolve(c, start=c.start + k, name=c.name[k:])
    return c


def _stem_start(body: str, s: int, longest: int, toks: _Tokens, covered: bytearray) -> int | None:
    """Start of the stem before a suffix at ``s``: name-like tokens, at most ``longest`` chars.
    (The cheap tests first, a token's flag last: 4,400 calls a million characters.)"""
    starts, words, flag = toks.starts, toks.words, toks.lex.flag
    i = toks.at_end(s)
    start = s
    if i is None:                                # the suffix is glued to its stem in one token
        j = bisect.bisect_right(starts, s - 1) - 1              # the last token to start before s
        if s < 1 or starts[j] < s - longest or flag(words[j])[:1] in ("m", "r", "p", "c", "u", "d", "v", "q"):
            return None
        start, i = starts[j], j - 1
    while i >= 0:
        ts, word = starts[i], words[i]
        if covered[starts[i + 1] - 1] or s - ts > longest or word in _GENERIC or word[0] in _LEADING \
                or not HAN_CHAR.match(word[0]):
            break
        if flag(word) not in _STEM_FLAGS and word not in _TOPONYMIC and not (
                word.endswith("里") and start < s and body[start] in _TOPONYMIC):   # 七里|铺, 五里|牌
            break
        start, i = ts, i - 1
    return start if s - start >= 2 else None


def _token_over(s: int, e: int, toks: _Tokens) -> tuple[int, int] | None:
    """The token that holds the suffix [s, e) together with characters before it, if any
    (one starting at most five characters before it)."""
    starts = toks.starts
    i = bisect.bisect_right(starts, s) - 1      # the token holding s
    ts, te = starts[i], starts[i + 1]
    return (ts, te) if s - 6 < ts < s and te >= e else None


@per_lexicon("places._good_stem")              # (1,300 calls a million characters, a cut each)
def _good_stem(stem: str, suffix: str, lex: Lexicon) -> bool:
    if not HAN_RUN.fullmatch(stem) or stem in _GENERIC or stem[-1] in "之的级等该此这那各每其":
        return False
    if stem[0] in _LEADING or stem[0] in _NUMERALS and stem[1:2] in _LEVEL_CHARS:
        return False                            # 千镇万|村: a saying, not a name
    if stem.endswith(_GENERIC_TAILS):
        return False
    if suffix in ("村", "社区", "小区") and lex.is_common(stem) or suffix == "村" and stem[-1] in BEFORE_CUN:
        return False                            # 工作队住|村, 百企兴百|村: 住村, 百村 are words, not a name's end
    first = lex.cut(stem)[0]
    if len(first) < len(stem) and lex.is_common(first) and lex.flag(first)[:1] in _NOT_NAME_START[len(first) > 1]:
        return False                            # 为筑牢|村, 主要由|村: a preposition or an adverb opens no name
    if suffix == "村" and stem[-1] == "乡" and (not lex.divisions_named(stem) or lex.is_common(stem[:-1])):
        return False                            # 美丽|乡村, 数字乡村: 乡村 is "the countryside"
    return not lex.is_common(stem + suffix)


# ---- enumerations --------------------------------------------------------------------

_ENUM_RE = re.compile(rf"((?:[{HAN}]{{2,4}}、)+[{HAN}]{{2,3}}?)(?:等?[0-9一二两三四五六七八九十]*个?)(村|社区|镇|乡|街道)")


_ENUM_MARK = re.compile("、")
# What ends every match of _ENUM_RE: its last 、, the last item, the suffix.
_ENUM_TAIL = re.compile(rf"、[{HAN}]{{2,3}}等?[0-9一二两三四五六七八九十]*个?(?:村|社区|镇|乡|街道)")


def _enum_matches(body: str):
    """``_ENUM_RE.finditer(body)``, tried only where a match can open: two to four
    characters before a 、, in a body where a list ends in a suffix at all (one search: 150
    bodies of 900 have one, and trying each 、 of the others cost 0.03 s a million characters)."""
    if not _ENUM_TAIL.search(body):
        return iter(())
    return finditer_at(_ENUM_RE, body, (p.start() - k for p in _ENUM_MARK.finditer(body) for k in (4, 3, 2)))


def _enumerations(body: str, ctx: Context, lex: Lexicon, bounds: set[int]) -> list[Cand]:
    """苍坊、雅山、江河等村 → three villages, each written without its suffix. An item that
    starts inside a word (社区|资源、…) or is an ordinary word (盘活) is no name."""
    out = []
    for m in _enum_matches(body):
        items = m.group(1).split("、")
        suffix = m.group(2)
        if any(suffix_len(item) for item in items):
            continue                             # 乔口镇、望月湖街道: full names, no shared suffix
        pos = m.start(1)
        found = []
        for k, item in enumerate(items):
            for cut in range(0, max(1, len(item) - 1)) if k == 0 else (0,):
                stem = item[cut:]
                divs = lex.divisions_named(stem + suffix) if pos + cut in bounds else ()
                if divs:
                    found.append((pos + cut, stem, divs))
                    break
            else:
                if (k or len(item) == 2) and not lex.is_common(item):   # not in the list: still a name
                    found.append((pos, item, ()))                        # of the same kind
            pos += len(item) + 1
        if len(found) != len(items) or 2 * sum(1 for f in found if f[2]) < len(items):
            continue
        for s, stem, divs in found:
            level = divs[0].level if divs else dict(LEVEL_SUFFIX)[suffix]
            c = Cand(s, s + len(stem), stem + suffix, level, 3, divs)
            if not divs:
                out.append(c)
                continue
            best = max(divs, key=lambda d: score(d, "", ctx, lex))
            out.append(with_div(c, best, lex) if len(divs) == 1 or score(best, "", ctx, lex) > 0 else c)
    return out


# ---- chains --------------------------------------------------------------------------

def _chain(body: str, cands: list[Cand], lex: Lexicon) -> list[Cand]:
    """Adjacent places of descending level (望城区乔口镇柳林江村) give each its parent; a place
    coordinated with another (A和B) shares its parent. A chain that skips a level (江西省瑞金市)
    gives way to the true parent (the gazetteer's)."""
    out: list[Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        if prev and prev.end == c.start and RANK[prev.level] < RANK[c.level]:
            under = [d for d in c.divs if d.parent == prev.code] if prev.code and not c.code else []
            c = with_div(c, under[0], lex) if len(under) == 1 else c
            skips = c.code and prev.code in {a.code for a in lex.ancestors(c.divs[0])[1:]}
            c = c if skips else evolve(c, parent=prev.name)   # 江西省瑞金市: 瑞金市 is 赣州市's
        elif prev and c.start - prev.end == 1 and body[prev.end] in _CONJ and prev.level == c.level \
                and prev.parent and not c.parent:
            c = evolve(c, parent=prev.parent)
        out.append(c)
    return out
