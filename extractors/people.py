"""People: names with title words, bylines; anonymous forms (李女士, 张大爷, 化名) dropped.

A body name is a surname (``data/surnames.txt``) and one or two given characters, taken only
where context anchors it: a post or role word right before (党支部书记钟立平, 居民戴萌) or a
speech verb right after (钟立平说). The given name's length is settled by what follows it
(punctuation, a verb) or, failing that, by one jieba cut of a few characters.

``relate`` reads the posts written before a name, split at 、 (副市长、市河长办主任聂远): each
part is ``[organisation | place | bare level word] title``; a bare title joins the part
before it (董事长、党委书记); ``市委书记`` and ``副市长`` name their organ or place themselves.
"""
from __future__ import annotations

import functools
import re

from .lexicon import Lexicon, dictionary
from .organizations import LEVEL_WORDS, resolve
from .scan import automaton, mask
from .sentences import sentence_at
from .records import Article, Evidence, Mention, Relation

__all__ = ["find", "relate"]

_AFTER = ("说", "介绍", "表示", "告诉", "坦言", "感叹", "指出", "强调", "认为", "回忆", "笑着", "一行", "等",
          "参加", "出席", "当选", "见证", "看到", "领着", "带领", "来到", "主持", "讲话", "发言", "调研",
          "陪同", "率队", "同志", "家中", "家", "的", "对", "与", "和", "在", "是", "也", "还", "又", "就",
          "都", "正", "便", "已", "最", "十分", "发出", "积极", "摄", "供图", "作", "先后", "一直", "当时")
_PUNCT = set("。，、,;；：:！？!?“”\"')）(（ \n《》—…·")
_HIDDEN = re.compile(r"^[（(]化名[）)]")
_LEVEL_POST = re.compile(r"(?:常务|执行)?副?([省市区县镇乡村])长$")
_LEVEL_UNIT = re.compile(r"^([省市区县州])委")


@functools.lru_cache(maxsize=4)
def _name_re(surnames: tuple[str, ...]) -> re.Pattern[str]:
    alt = "|".join(sorted(map(re.escape, surnames), key=len, reverse=True))
    return re.compile(r"(?:%s)[\u4e00-\u9fff]{1,2}" % alt)


@functools.lru_cache(maxsize=4)
def _title_full(posts: tuple[str, ...], units: tuple[str, ...]) -> re.Pattern[str]:
    p = "|".join(sorted(map(re.escape, posts), key=len, reverse=True))
    u = "|".join(sorted(map(re.escape, units), key=len, reverse=True))
    return re.compile(r"(?:%s)?(?:常务|执行)?副?(?:%s)|(?:常务|执行)?副?[省市区县镇乡村]长" % (u, p))


@functools.lru_cache(maxsize=4)
def _speech_re(surnames: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A speech verb (说, 介绍, 表示…), and a name right before one: surname, one or two
    characters, the verb. The verbs are found first: trying the name at every character
    of the body costs thirty times more."""
    verbs = "|".join(_AFTER[:12])
    alt = "|".join(sorted(map(re.escape, surnames), key=len, reverse=True))
    return re.compile("(?=%s)" % verbs), re.compile(r"(?:%s)[\u4e00-\u9fff]{1,2}(?:%s)" % (alt, verbs))


@functools.lru_cache(maxsize=4)
def _surname_index(surnames: tuple[str, ...]) -> tuple[tuple[int, ...], frozenset[str]]:
    """Surname lengths, longest first (欧阳明 is 欧阳 + 明, not 欧 + 阳明), and the surnames."""
    return tuple(sorted({len(x) for x in surnames}, reverse=True)), frozenset(surnames)


def _surnames(lex: Lexicon) -> tuple[str, ...]:
    return lex.words("surnames")


def _person(article: Article, name: str, pos: int, surface: str = "") -> Mention:
    surface = surface or name
    if pos >= 0:
        s, e = article.span(pos, pos + len(surface))
    else:
        s, e = article.name_span(surface) or (article.start, article.start)
    return Mention(type="Person", name=name, surface=surface, article=article.index, start=s, end=e, pos=pos)


def find(article: Article, organizations: list[Mention], places: list[Mention], lex: Lexicon) -> list[Mention]:
    """Person mentions of one article, in text order: bylines, photo credits, then the body."""
    body = article.body
    out: list[Mention] = []
    for name in dict.fromkeys(article.reporters + article.correspondents):
        out.append(_person(article, name, body.find(name)))
    for cap in article.captions:
        for name in cap.credit:
            out.append(_person(article, name, -1))
    taken = mask(len(body), ((m.pos, m.pos + len(m.surface)) for m in organizations + places if m.pos >= 0))
    anon = tuple(lex.words("anonymous"))
    for pos, name in _body_names(article, lex):
        if any(taken[pos:pos + len(name)]) or _is_word(name):
            continue
        if name[1:].startswith(anon) or name[2:].startswith(anon) or _HIDDEN.match(body, pos + len(name)):
            continue
        out.append(_person(article, name, pos))
    return out


def _is_word(name: str) -> bool:
    """The name opens with an ordinary dictionary word (宣讲, 干部, 来到), not a name."""
    tag, freq = dictionary().get(name[:2], ("", 0))
    return bool(tag) and not tag.startswith("nr") and freq >= 50


def _body_names(article: Article, lex: Lexicon) -> list[tuple[int, str]]:
    """(position, name) of anchored names in the body."""
    body = article.body
    names = _name_re(_surnames(lex))
    posts = automaton(lex.words("titles") + lex.words("roles"))   # where a post ends, a name may start
    found: dict[int, str] = {}
    for k in sorted({e for _, _, e in posts.find_matches_as_indexes(body, overlapping=True)}):
        if names.match(body, k):
            name = _settle(body, k, lex)
            if name:
                found[k] = name
                # a list of names after one post: 领导伍靖、韦思远
                j = k + len(name)
                while body.startswith("、", j) and names.match(body, j + 1):
                    nxt = _settle(body, j + 1, lex)
                    if not nxt:
                        break
                    found[j + 1] = nxt
                    j += 1 + len(nxt)
    said, speaker = _speech_re(_surnames(lex))
    for k in sorted({k for m in said.finditer(body) for k in range(max(0, m.start() - 4), m.start() - 1)}):
        if k in found or (k > 0 and ("\u4e00" <= body[k - 1] <= "\u9fff") and body[k - 1] not in "、") \
                or not speaker.match(body, k):
            continue
        name = _settle(body, k, lex)
        if name:
            found[k] = name
    return sorted(found.items())


def _settle(body: str, k: int, lex: Lexicon) -> str:
    """The name starting at body[k]: surname + one or two characters, by what follows."""
    lengths, known = _surname_index(_surnames(lex))
    sur = next((body[k:k + n] for n in lengths if body[k:k + n] in known), "")
    if not sur:
        return ""
    for n in (2, 1):
        end = k + len(sur) + n
        if end > len(body) or not all("\u4e00" <= c <= "\u9fff" for c in body[k + len(sur):end]):
            continue
        if n == 2 and body.startswith(_AFTER, end - 1):
            continue                           # 伍靖说: the last character starts the verb
        rest = body[end:end + 2]
        if not rest or rest[0] in _PUNCT or rest.startswith(_AFTER):
            return body[k:end]
    if not hasattr(lex, "cut"):
        return ""
    words = lex.cut(body[k:k + 6], hmm=True)
    if words and 2 <= len(words[0]) <= 3 and words[0].startswith(sur):
        return words[0]
    return ""


def relate(article: Article, mentions: list[Mention], lex: Lexicon) -> list[Relation]:
    """holdsPost links: person → organisation or place, with the title as written."""
    body = article.body
    places = [m for m in mentions if m.type == "Place"]
    orgs = {m.name for m in mentions if m.type == "Organization"}
    ends: dict[int, Mention] = {}
    for m in mentions:
        if m.type in ("Place", "Organization") and m.pos >= 0:
            ends[m.pos + len(m.surface)] = m
    titles = _title_full(lex.words("titles"), lex.words("title_units"))
    out: list[Relation] = []
    last: tuple[int, list[tuple[str, str]]] = (-1, [])
    for p in sorted((m for m in mentions if m.type == "Person" and m.pos >= 0), key=lambda m: m.pos):
        posts = _posts(body, p.pos, titles, ends, article, places, orgs, lex)
        if not posts and last[0] >= 0 and body[last[0]:p.pos] == "、":
            posts = last[1]                    # 领导伍靖、韦思远: the same post
        last = (p.pos + len(p.surface), posts)
        sent = sentence_at(body, p.pos, p.pos + len(p.surface))
        for o, title in posts:
            out.append(Relation(s=p.name, p="holdsPost", o=o, title=title, s_type="Person",
                                evidence=(Evidence(article.index, p.start, p.end, sent),)))
    return out


def _posts(body, pos, titles, ends, article, places, orgs, lex) -> list[tuple[str, str]]:
    """(organ or place, title) pairs written right before a name."""
    lo = pos
    while lo > 0 and body[lo - 1] not in _PUNCT - {"、"} and pos - lo < 60:
        lo -= 1
    segs, k = [], lo
    for part in body[lo:pos].split("、"):
        segs.append((k, part))
        k += len(part) + 1
    groups: list[list] = []                   # [organ, title start, title end, parts]
    for s0, seg in segs:
        read = _read_segment(body, s0, seg, titles, ends, article, places, orgs, lex)
        if read is None:
            continue
        organ, t0 = read
        part = body[t0:s0 + len(seg)]
        if organ:
            groups.append([organ, [part]])
        elif groups:
            if part not in groups[-1][1]:
                groups[-1][1].append(part)
    return [(g[0], "、".join(g[1])) for g in groups]


def _read_segment(body, s0, seg, titles, ends, article, places, orgs, lex):
    """(organ, title start) of one part, organ '' for a bare title; None if it is no post."""
    for i in range(len(seg)):
        if not titles.fullmatch(seg, i):
            continue
        t0 = s0 + i
        title = seg[i:]
        if i == 0:
            lv = _LEVEL_POST.search(title) or _LEVEL_UNIT.match(title)
            if lv:
                where = resolve(lv.group(1), t0, article, places, lex)
                if not where:
                    return None
                return (where + "委" if title[lv.start():].startswith(lv.group(1) + "委") and
                        where + "委" in orgs else where), t0
            return "", t0
        m = ends.get(t0)
        if m is not None and m.pos >= s0:
            if m.type == "Place":
                unit = next((u for u in ("党支部", "党总支", "党委", "党工委") if title.startswith(u)), "")
                if unit and m.name + unit in orgs:
                    return m.name + unit, t0
            return m.name, t0
        bare = next((w for w in LEVEL_WORDS if seg[:i].endswith(w) and len(seg[:i]) == len(w)), "")
        if bare:
            where = resolve(bare, t0 - len(bare), article, places, lex)
            if where:
                return where, t0
        return None
    return None
