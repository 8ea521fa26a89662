"""Organisations: suffix rules; a bare level word (市/区/镇…) resolved against the article's places.

An organisation name is read as ``PREFIX CORE SUFFIX`` inside one clause:

- ``SUFFIX`` is the longest ending of ``data/org_suffixes.txt`` that closes a jieba token
  (so 举办 or 格局 never end a name);
- ``PREFIX`` is a place mention (the lowest of a written chain: 望城区乔口镇柳林江村党委 is named
  柳林江村党委, the whole chain stays its surface; a chain of short forms stays in the name:
  湖南长沙干部学院), a bare level word (市/区/镇…) or 该区/我市, resolved to the place the
  article makes certain (``primitives.resolve``), or nothing;
- ``CORE`` is the run of tokens in between, free of function words, linking verbs and
  grassroots branches (村党支部|领办合作社).

Departments named through a committee member's posts come from ``org_committees``; overlaps,
joins (a university's school, a bank's branch), coordination and aliases are settled in
``org_settle``; an enterprise's own village or town inside its name is found by
``org_places``. The org's place (what it belongs to or serves) is kept in ``Mention.parent``;
``relate`` turns it into ``locatedIn``.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from .lexicon import Lexicon, dictionary
from .org_committees import departments
from .org_places import lowest
from .org_tokens import clause_text, clause_tokens, gap_tokens, split_at_titles, tokens
from .primitives import HAN, HAN_RUN, LEVEL_WORDS, level_words, resolve, select_longest
from .org_settle import Cand, aliases, inherit_coordinated, join, league
from .records import Article, Evidence, Mention, Relation
from .scan import automaton, by_identity, mask
from .sentences import sentence_at

__all__ = ["find", "relate"]

_LEVEL_ORDER = level_words()
_LEVEL_FIRST = frozenset(w[0] for w in _LEVEL_ORDER)
_LEVEL_BY_FIRST = {c: tuple(w for w in _LEVEL_ORDER if w[0] == c) for c in _LEVEL_FIRST}   # in that order
_LEVEL_CHAR = re.compile("[%s]" % "".join(sorted(_LEVEL_FIRST)))
# Characters that may stand right before a bare level word (在区残联…, 、市科技局, 该区…).
_BEFORE_BARE = set("在由从至与和经对向到据了及将把被为是等、的“‘（(：:，,。；;！？ \n\t我本该原全各")
_DEMONSTRATIVE = set("我本该")
# Tokens that can never sit inside a name.
_STOP = set("的 在 了 是 原 将 把 被 对 向 从 由 为 于 到 至 与 及 等 也 都 已 又 并 还 就 让 使 给 以 而 或 但 "
            "这 那 其 各 每 个 一 有 没 不 要 会 能 可 后 前 时 中 上 下 里 内 外 着 过 来 去 说 和 "
            "首家 一家 这家 该 多 近日 日前 今年 去年 目前 同时 通过 联合 邀请 组织 开展 举办 召开 "
            "获悉 对接 协调 牵头 支持 帮助 主办 承办 协办 组建 成立 设立 引进 联系 负责 表示 介绍 依托 依靠 借助 携手 会同 联手 带动 "
            # how a place works (X县大力扶持…合作社, X县探索推行…): manner words and policy verbs
            "贯彻 探索 推行 扶持 实行 引导 鼓励 "
            # who leads a visit (X委会副主委Y带队调研部…)
            "带队 带领 率队 率领 陪同 出席".split())
# Manner adverbs, alone or opening a token jieba made (坚决贯彻): how a place acts, never a name's part.
_MANNER = ("大力", "积极", "深入", "切实", "扎实", "持续", "不断", "坚决", "认真")   # not 全面: 全面深化改革委员会
_NOT_GAP_START = ("各", "每") + _MANNER
_NOT_IN_GAP = frozenset("的了0123456789")      # a particle or a number: a phrase, not a name
_GENERIC = set("企业 单位 部门 机构 组织 群众 居民 村民 党员 干部 爱心 联点 职能 有关 相关 全国 全省 全市 全区 "
               "城市 农村 地方 国家级 省级 市级 区级 县级 龙头 工作 服务 活动 人员 首批 品牌 物业 小区 社区 "
               "街道 乡镇 村里 业主 老 青年 广大 基层 党建 上级 下级 当地 本地 外地 各级".split())
_GENERIC_ENDS = tuple(_GENERIC)
# Word endings that look like a suffix but close ordinary words.
_NOT_ORG_END = tuple("格局 布局 大局 结局 当局 开局 干部 全部 内部 外部 局部 大部 本部 细部 头部 腹部 底部 顶部 "
                     "东部 西部 南部 北部 中部 俱乐部 某部 举办 主办 承办 协办 创办 开办 督办 交办 怎么办 "
                     "包办 代办 兴办 申办 法办 重心 核心 信心 爱心 决心 用心 安心 放心 大厅 客厅 "
                     "餐厅 展厅 展示厅 两委 村委 常委 编委 评委 执委 业主委员会 物业公司".split())
_NOT_ORG_END_SET = frozenset(_NOT_ORG_END)      # all of two characters or more
_NOT_NAME_TAGS = set("vpcudrmqfta")
_GENERIC_ANCHORED = set("企业 单位 部门 群众 居民 村民 党员 干部 所有 全部 首家 一批 公办 民办".split())
_NAME_TAGS = ("ns", "nz", "nt", "nr", "nrt", "j")
_MEDIA_DEBRIS = ("讯", "·", "全媒体", "客户端")      # a dateline's paper (湘潭日报讯); 某台记者 in the text is a body
_BRANCHES = ("党支部", "党总支", "党小组", "村委会", "居委会")   # grassroots bodies: nothing inside them is named
_LEVEL_COMMITTEE = re.compile(r"[省市区县州]委")      # 县委: a county's committee, a body
_NAME_PREFIXES = ("国网", "中国", "中共", "国家", "中华")
_TITLE = re.compile(r"《[^《》]{1,40}》")
_MEDIA_QUOTED = re.compile(r"《([^《》\s]{1,10}?(?<![简通快汇公情])(?:报|内参|杂志|周刊))》")
# A run of name characters; a company's bracketed 集团 (X能源(集团)有限公司) is inside the name. The
# pattern is also matched on the reversed body (looking back from a suffix), hence )团集(.
_CLAUSE = re.compile(rf"(?:[{HAN}A-Za-z0-9·]|[（(]集团[）)]|[）)]团集[（(])+")
_GOV_KINDS = {"government"}


@by_identity()
def _suffixes(entries: tuple[str, ...]) -> tuple[dict[str, str], int]:
    table = {}
    for entry in entries:
        suffix, kind = entry.split()
        table[suffix] = kind
    return table, max(map(len, table))


@by_identity(maxsize=1)
def _long_suffixes(entries: tuple[str, ...]) -> tuple[str, ...]:
    """The suffixes of two characters or more, for one ``endswith`` (not a test per suffix)."""
    return tuple(k for k in _suffixes(entries)[0] if len(k) > 1)


@by_identity(maxsize=2)
def _word_set(entries: tuple[str, ...]) -> frozenset[str]:
    """A word list as a set, built once (the title units, the departments)."""
    return frozenset(entries)


@by_identity(maxsize=1)
def _known(entries: tuple[str, ...]) -> tuple[tuple[str, ...], dict[str, str]]:
    """The bodies known by name, longest first (for ``automaton``: the matches a longest-first
    alternation would give, in one pass), and name → kind."""
    table = dict(entry.split() for entry in entries)
    return tuple(sorted(table, key=len, reverse=True)), table


@by_identity(maxsize=1)
def _title_automaton(entries: tuple[str, ...]) -> Any:
    """``_title_re``'s matches as ``finditer`` finds them (leftmost, longest), by Aho-Corasick
    over every form of every post: five times faster over a body."""
    return automaton(tuple(a + b + p for a in ("", "常务", "执行") for b in ("", "副") for p in entries),
                     leftmost_longest=True)


@by_identity(maxsize=1)
def _title_re(entries: tuple[str, ...]) -> re.Pattern[str]:
    """A post right after an organ word: 书记, 副主任, 常务副主任…"""
    posts = sorted(entries, key=len, reverse=True)
    return re.compile(r"(?:常务|执行)?副?(?:%s)" % "|".join(map(re.escape, posts)))


def _kind(core: str, suffix: str, table: dict[str, str]) -> str:
    kind = table[suffix]
    if kind in _GOV_KINDS and core.startswith("委"):
        return "party"          # 市委办, 省委农办, 市委…办公室: organs of the party committee
    return kind


@dataclass(slots=True)
class _Ctx:
    """What the clause reader needs, gathered once per article."""

    article: Article
    places: list[Mention]
    lex: Lexicon
    table: dict[str, str]
    longest: int
    titles: re.Pattern[str]
    units: frozenset[str]
    long_suffixes: tuple[str, ...]
    tags: dict[str, tuple[str, int]]
    place_end: dict[int, Mention]
    suffix_ends: dict[int, list[int]]          # where a suffix ends → its lengths, longest first
    anchors: list[int]                         # where a place ends or a level word may start
    title_starts: list[int]                    # where a post (副书记, 局长…) starts
    title_ends: frozenset[int]                 # and where it ends




def find(article: Article, places: list[Mention], lex: Lexicon) -> list[Mention]:
    """Organisation mentions of one article, in text order."""
    body = article.body
    table, longest = _suffixes(lex.words("org_suffixes"))
    place_end: dict[int, Mention] = {}
    for p in places:
        e = p.pos + len(p.surface)
        if not p.code and p.surface[:1] in "省市区县镇乡":
            continue                                  # 区农业农村: a level word read as a place
        if p.pos >= 0 and (e not in place_end or len(place_end[e].surface) < len(p.surface)):
            place_end[e] = p
    clauses, ends = _clauses_with_suffix(body, table)
    text, shift = clause_text(body, clauses)         # level words and posts count only in these
    anchors = [m.start() + shift(m.start()) for m in _LEVEL_CHAR.finditer(text)]
    anchors += place_end                             # a place may also end at a level word: read twice, the same way
    anchors.sort()                                   # (two sorted runs merged: cheaper than a set)
    found = _title_automaton(lex.words("titles")).find_matches_as_indexes(text)
    posts = [(s + (d := shift(s)), e + d) for _, s, e in found]
    ctx = _Ctx(article, places, lex, table, longest, _title_re(lex.words("titles")),
               _word_set(lex.words("title_units")), _long_suffixes(lex.words("org_suffixes")), dictionary(),
               place_end, ends, anchors,
               [s for s, _ in posts], frozenset(e for _, e in posts))
    cands: list[Cand] = []
    words, starts = tokens(lex, body)
    for clause in clauses:
        cands += _clause_candidates(ctx, clause_tokens(lex, body, clause, words, starts))
    cands += _special(article, lex) + departments(article, places, resolve)
    chosen = inherit_coordinated(body, league(body, join(body, select_longest(sorted(set(cands))))))
    out = [_mention(article, c) for c in chosen if c.parent or not _is_single(c.name, ctx)]
    return lowest(aliases(body, out), places, lex)


def _mention(article: Article, c: Cand) -> Mention:
    start, end = article.span(c.start, c.end)
    return Mention(type="Organization", name=c.name, surface=article.body[c.start:c.end], article=article.index,
                   start=start, end=end, kind=c.kind, parent=c.parent, pos=c.start)


def _clauses_with_suffix(body: str, table: dict[str, str]) -> tuple[list[tuple[int, int]], dict[int, list[int]]]:
    """The clauses (spans) that hold a whole suffix: only there can a name end (most clauses
    hold none, and reading a clause token by token is the costly part); and at each
    position where a suffix ends, the lengths of the suffixes that end there, longest first.

    A clause is the run of ``_CLAUSE`` characters around a hit, measured forwards in the
    body and backwards in the reversed body (both by the regex engine)."""
    hits = automaton(tuple(table)).find_matches_as_indexes(body, overlapping=True)
    if not hits:
        return [], {}
    rbody, n = body[::-1], len(body)
    keep: dict[int, int] = {}
    ends: dict[int, list[int]] = {}
    c0 = c1 = -1
    for _, s, e in hits:
        ends.setdefault(e, []).append(e - s)
        if not c0 <= s < c1:
            back = _CLAUSE.match(rbody, n - s)
            c0 = s - (back.end() - back.start()) if back else s
            fwd = _CLAUSE.match(body, c0)
            c1 = fwd.end() if fwd else c0
        if e <= c1:
            keep[c0] = c1
    for lens in ends.values():
        lens.sort(reverse=True)
    return sorted(keep.items()), ends


def _is_single(name: str, ctx: _Ctx) -> bool:
    """A placeless name closed by a one-character suffix (规划局, 参观局), or a kind of unit
    every place has (新时代文明实践所): too weak alone; a body known by name (国家林草局) is not."""
    lex = ctx.lex
    return name in _word_set(lex.words("org_departments")) or name[-1:] in ctx.table and not name.endswith(
        ctx.long_suffixes) and name not in _known(lex.words("org_names"))[1]


def _clause_candidates(ctx: _Ctx, toks: list[tuple[str, int, int]]) -> list[Cand]:
    body = ctx.article.body
    out = []
    c0 = toks[0][1] if toks else 0
    toks = split_at_titles(body, ctx.title_starts, toks)
    starts: dict[int, int] = {}                  # token start → end, once a name may end here
    for i, (w, _ts, te) in enumerate(toks):
        lens = ctx.suffix_ends.get(te)
        if not lens:
            continue
        n = lens[0] if lens[0] <= te - c0 else next((n for n in lens if n <= te - c0), 0)
        suffix = body[te - n:te]
        if not suffix or _ordinary_end(body[max(c0, te - 3):te]) or w in _NOT_ORG_END_SET \
                or te in ctx.title_ends and te - len(suffix) not in ctx.title_ends:
            continue                           # 专职副主委: the suffix (委) ends a post
        if len(w) > len(suffix) and ctx.tags.get(w, ("", 0))[0][:1] in ("v", "a", "d", "m", "r") \
                and not w.endswith(ctx.long_suffixes):
            continue
        if body.startswith(_MEDIA_DEBRIS, te) and ctx.table[suffix] == "media":
            continue                           # 湘潭日报讯, 湘潭日报·掌上湘潭: the paper's own furniture
        s_start = te - len(suffix)
        if (suffix in ctx.units or body[max(s_start - 2, 0):te] in ctx.units) and _head_post(ctx, te) \
                and not (_LEVEL_COMMITTEE.fullmatch(body[max(s_start - 1, 0):te]) or _county_up(ctx, s_start)):
            continue                           # 村党支部书记: a title, the post goes to the village
        starts = starts or {s: e for _, s, e in toks}
        cand = (_anchored(ctx, toks, starts, i, c0, s_start, te, suffix)
                or _quoted(body, s_start, te, suffix, ctx)
                or _unanchored(ctx, toks, i, s_start, te, suffix))
        if cand:
            out.append(cand)
    return out


def _ordinary_end(tail: str) -> bool:
    """``tail`` (up to three characters before a suffix's end) ends an ordinary word that
    looks like a suffix (格局, 俱乐部): ``tail.endswith(_NOT_ORG_END)`` by two set look-ups,
    not sixty comparisons. Longer entries (业主委员会) are only ever matched as a whole token."""
    return tail in _NOT_ORG_END_SET or tail[-2:] in _NOT_ORG_END_SET


def _head_post(ctx: _Ctx, k: int) -> bool:
    """The post written at ``k`` is a 书记 or a 主任 (副书记, 常务副主任 too). Asked only after a
    unit's suffix: the pattern of every post is slow to try."""
    post = ctx.titles.match(ctx.article.body, k)
    return post is not None and post.group().lstrip("常务执行副") in ("书记", "主任")


def _county_up(ctx: _Ctx, k: int) -> bool:
    """A county or higher place ends at ``k``: its 党委 is a body (甲林区党委书记, 乙自治区党委副书记), where a
    town's or a village's is the place's own post (镇党委书记 → the town's 党委书记)."""
    p = ctx.place_end.get(k)
    return p is not None and p.level in ("province", "city", "county")


def _quoted(body: str, s_start: int, te: int, suffix: str, ctx: _Ctx) -> Cand | None:
    """A name that is the whole of a quotation: 组建“乡村发展智囊团”; not a kind of outlet
    named by an ordinary word (“便民超市”: every village has one)."""
    if body[te:te + 1] not in ("”", "’"):
        return None
    q = max(body.rfind("“", max(0, s_start - 12), s_start), body.rfind("‘", max(0, s_start - 12), s_start))
    core = body[q + 1:s_start]
    if q < 0 or s_start - q < 3 or not HAN_RUN.fullmatch(body[q + 1:te]) or core in _GENERIC \
            or ctx.tags.get(core, ("", 0))[1] >= 20:
        return None
    return Cand(q + 1, te, q + 1, body[q + 1:te], _kind(core, suffix, ctx.table), "")


def _anchored(ctx: _Ctx, toks, starts: dict[int, int], i: int, c0: int, s_start: int, te: int,
              suffix: str) -> Cand | None:
    """The name from the nearest place or bare level word before the suffix, if the words between fit."""
    body = ctx.article.body
    lo = max(c0, s_start - 18)
    a = ctx.anchors
    for k in reversed(a[bisect.bisect_left(a, lo):bisect.bisect_right(a, s_start)]):
        p = ctx.place_end.get(k)
        if p and p.pos not in starts and p.pos > c0 and p.pos not in ctx.place_end and p.surface != p.name:
            p = None                                 # 乡村振兴: a short place form inside a word
        bare = None if p else _bare_level(body, k, s_start, ctx.place_end, starts, ctx)
        if not p and not bare:
            continue
        a_end = k if p else k + len(bare or "")
        gap = gap_tokens(toks, a_end, s_start, body)
        if not _ok_gap(gap, ctx.tags, anchored=True) or any(t in _BRANCHES for t in gap):
            return None                              # 村党支部|领办合作社: a branch has no units
        core = body[a_end:te]
        kind = _kind(core, suffix, ctx.table)
        if p:
            start = name_start = p.pos
            short = p.surface != p.name              # 湖南长沙干部学院: short forms make one proper name
            while start in ctx.place_end:            # 望城区乔口镇柳林江村党委 → 柳林江村党委
                short, start = short and ctx.place_end[start].surface != ctx.place_end[start].name, ctx.place_end[start].pos
            name_start = start if short else name_start
            pre = next((x for x in _NAME_PREFIXES if body[start - len(x):start] == x), "")
            if pre and start == name_start:          # 国网华容县供电公司
                start = name_start = start - len(pre)
            if kind == "enterprise" and p.level in ("village", "compound", "group", "street") and core != suffix:
                return Cand(a_end, te, a_end, core, kind, p.name)   # 荣龙社区惠民超市: the shop, in the community
            name = body[name_start:te]
            if p.name != p.surface and len(p.name) == len(p.surface):   # a misprint (岳鹿区): the true name
                name = body[name_start:p.pos] + p.name + body[k:te]
            return Cand(start, te, name_start, name, kind, p.name)
        where = resolve(bare or "", k, ctx.article, ctx.places, ctx.lex)
        if not where:
            return None
        start = k - 1 if k > 0 and body[k - 1] in _DEMONSTRATIVE else k
        return Cand(start, te, start, where + core, kind, where)
    return None


def _ok_gap(tokens: list[str], tags: dict[str, tuple[str, int]], anchored: bool) -> bool:
    """Tokens between a prefix and a suffix can be part of a name."""
    for t in tokens:
        if t in _STOP and not (anchored and t == "和") or t.startswith(_NOT_GAP_START) \
                or not _NOT_IN_GAP.isdisjoint(t):
            return False
        if t in _GENERIC_ANCHORED or t.endswith(("企业", "单位")):
            return False
        if not anchored:                      # (the dictionary asked only then: its look-ups are slow)
            tag = tags.get(t, ("", 0))[0]
            if t in _GENERIC or tag[:1] in _NOT_NAME_TAGS and tag != "vn":
                return False
    return True


def _bare_level(body: str, k: int, limit: int, place_end: dict[int, Mention], starts: dict[int, int],
                ctx: _Ctx) -> str:
    """The level word starting at body[k] if it stands bare (区残联, 在市科技局, 该镇…): not the
    start of a longer name (县|市场监督管理局) unless the rest is a suffix (县委), nor of two
    level words (乡村)."""
    for word in _LEVEL_BY_FIRST.get(body[k], ()):
        if k + len(word) > limit or not body.startswith(word, k):
            continue
        prev = body[k - 1] if k > 0 else "\n"
        end = starts.get(k, k + len(word))
        rest = body[k + len(word):end]
        if rest in LEVEL_WORDS or end > k + len(word) and end in ctx.suffix_ends and rest not in ctx.table:
            continue                                 # 乡村, 县|市场监督管理局: no bare level word
        if k not in place_end and prev not in "全各原" and (prev in _BEFORE_BARE or k in starts):
            return word
    return ""


def _unanchored(ctx: _Ctx, toks, i: int, s_start: int, te: int, suffix: str) -> Cand | None:
    """A name of its own (湘潭大学, 墨香书店): up to three name-like tokens before the suffix."""
    body = ctx.article.body
    w, ts, _ = toks[i]
    start = ts
    j = i
    while j > 0 and s_start - start < 10 and i - j < 3:
        pw, ps, pe = toks[j - 1]
        short = len(pw) < 2 and s_start - start < 2 and pw not in _BEFORE_BARE   # 住/建局
        if (pe in ctx.place_end or pw in _STOP or "了" in pw or pw.endswith(_GENERIC_ENDS) or pw in ctx.table
                or (len(pw) < 2 or (tag := ctx.tags.get(pw, ("", 0))[0])[:1] in _NOT_NAME_TAGS and tag != "vn")
                and not short):
            break
        start = ps
        j -= 1
    core = body[start:s_start]
    lead = toks[j][0] if j < i and len(toks[j][0]) > 1 else core
    if len(core) < 2 or core in _GENERIC or core in LEVEL_WORDS or lead[0] in "有是在个所这那该每各其" \
            or not HAN_RUN.fullmatch(core):
        return None                            # (before the dictionary and the gazetteer are asked)
    tag = ctx.tags.get(lead, ("", 0))[0]
    where = _division(ctx.lex, lead)
    if tag and not tag.startswith(_NAME_TAGS) and not where and not _known_word(ctx, body[start:te]):
        return None
    return Cand(start, te, start, body[start:te], _kind(core, suffix, ctx.table), where)


def _known_word(ctx: _Ctx, name: str) -> bool:
    """The whole name is a dictionary noun (民政局, 文化宫)."""
    return ctx.tags.get(name, ("", 0))[0] in ("n", "nt", "nz")


def _division(lex: Lexicon, word: str) -> str:
    """The canonical name of a province, city or county written as ``word`` (a place the
    place finder left out), else ''."""
    if not hasattr(lex, "divisions_named"):
        return ""
    memo = lex.memo("organizations._division")      # the lexicon's answer, by word
    got = memo.get(word)
    if got is None:
        divs = [d for d in lex.divisions_named(word, short=True)       # a county by its full name only (光明 is no 光明区)
                if d.level in ("province", "city") or d.level == "county" and d.name == word]
        got = memo[word] = divs[0].name if len({d.name for d in divs}) == 1 else ""
    return got


def _special(article: Article, lex: Lexicon) -> list[Cand]:
    """Bodies named without a suffix (新华社, 央视), but not inside a word (水利部|门) or a title
    (《国家水利部…简报》), and papers in 《》."""
    body = article.body
    out = []
    names, table = _known(lex.words("org_names"))
    hits = automaton(names, leftmost_longest=True).find_matches_as_indexes(body)
    titles = mask(len(body), (m.span() for m in _TITLE.finditer(body))) if hits and "《" in body else b""
    for i, s, e in hits:
        if not body.startswith(_MEDIA_DEBRIS, e) and body[e:e + 1] != "门" and not (titles and titles[s]):
            out.append(Cand(s, e, s, names[i], table[names[i]], ""))
    for m in _MEDIA_QUOTED.finditer(body):
        out.append(Cand(m.start(1), m.end(1), m.start(1), m.group(1), "media", ""))
    return out


def relate(article: Article, mentions: list[Mention], lex: Lexicon) -> list[Relation]:
    """locatedIn links: organisation → the place it belongs to or serves (kept in ``parent``)."""
    out = []
    for m in mentions:
        if m.type != "Organization" or not m.parent or m.parent == m.name:
            continue
        sent = sentence_at(article.body, m.pos, m.pos + len(m.surface)) if m.pos >= 0 else ""
        out.append(Relation(s=m.name, p="locatedIn", o=m.parent, s_type="Organization", o_type="Place",
                            evidence=(Evidence(article.index, m.start, m.end, sent),)))
    return out
