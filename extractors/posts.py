"""holdsPost links: the posts written around a person's name, read into (body, title) pairs.

Where a post is written:

- before the name, split at 、 and 兼 (副市长、市河长办主任聂远): each part is
  ``[organisation | place | bare level word] [的] title``; a bare title joins the part before
  it (董事长、党委书记), or the first body after it (党委委员、副镇长); ``市委书记`` and ``副市长``
  name their organ or place themselves; the phrase starts after the name before it (村主任甲
  和村会计乙);
- in brackets right after the name (董某(县应急管理局局长)说), read the same way;
- nowhere, for the second of a list (领导伍靖、韦思远): the post of the name before; a bare
  title alone after the name before (主任甲、副主任乙) is a post of that name's body.

A title after 政府 (大瑶镇党委书记甲，政府镇长乙; 区委常委、政府副区长) is of the government of
the committee's place before it, else of the place its level post names; 组织部长 is the head
of the committee's 组织部, one 部 written for both.

A bare head is read as what the article makes certain: a level word (村, 该村, 找来社区) as
the place ``primitives.resolve`` finds for it, a generic one (合作社, 该公司) as the last
organisation named so, a short autonomous county (东乡县) as the article's place of that stem.

A body written with a bare level word that the article makes no place of that level certain
for (旗委书记甲, 市人大常委会副主任乙, 市政府秘书长丙, with no banner or city named) is kept
as written, as the gold format names an organisation by the fullest form the text writes:
``relate_all`` returns those bodies as organisation mentions, since the organisation finder
keeps only bare level words it can resolve, and a link needs both ends as entities.

Gold keeps the title as written minus the body, with two conventions this module follows:
a party committee of a county or above keeps its level in the title (宁远县委 + 县委书记:
县委书记 is the post's own name), and a committee member of a unit's own committee drops the
unit (党工委委员 → 委员 of the 党工委). A department written right after a committee post
(县委常委、组织部部长) belongs to the same committee (县委组织部); one of a grassroots post
with no body written (网格员, 第一书记, a party branch's 支部副书记, also after 他们的) belongs
to the village or community the paragraph names last before the title; an honorary village
post (名誉村主任) keeps its whole title.
"""
from __future__ import annotations

import re
from typing import Callable

from .lexicon import Lexicon, dictionary
from .primitives import HAN, LEVEL_WORDS, resolve
from .records import Article, Evidence, Mention, Relation
from .scan import by_identity
from .sentences import sentence_at

__all__ = ["relate", "relate_all", "title_pattern", "title_endings", "closing_bracket", "STOPS"]

STOPS = set("。，、,;；：:！？!?“”\"')）(（ \n《》—…·")
_PHRASE_STOPS = frozenset(STOPS - {"、"})      # a post phrase runs on over 、
_JOINS = re.compile(r"(、|兼(?![职任顾]))")   # 兼职网格员 is one post
_AND = ("以及", "和", "与", "及", "同")
_OPEN = ("(", "（")
_CLOSE = re.compile("[)）]")
# 旗 and 盟 are the county and prefecture of Inner Mongolia: 旗长, 旗委书记, 盟委
_LEVEL_POST = re.compile(r"(?:常务|执行)?副?([省市区县镇乡村旗盟])长$")
_LEVEL_UNIT = re.compile(r"^([省市区县州旗盟])委")
_COMMITTEE = re.compile(r"[省市区县州旗盟]委$")
# the level word a bare title starts with: 村级河长, 社区干部, 镇级林长
_LEVEL_LEAD = re.compile(r"^(街道|社区|嘎查|苏木|[村镇乡])")
# local words for village, township, county and prefecture (Inner Mongolia) that resolve
# like 村, 乡, 县 and 市
_LEVEL_ALIAS = {"嘎查": "村", "苏木": "乡", "旗": "县", "盟": "市"}
# a department of a body, written after a post of that body: 组织部, 政法委, 管委会, 办公室
_DEPT = re.compile(rf"[{HAN}]{{0,4}}(?:管委会|办公室)|[{HAN}]{{1,4}}(?:部|委|办)")
# bare level words before a post, longest first (街道 before 道-less ones)
_LEVEL_HEADS = tuple(sorted(set(LEVEL_WORDS) | set(_LEVEL_ALIAS), key=len, reverse=True))
_DEMONSTRATIVES = ("该", "本", "此", "这个")
_SHORTENED_LEVELS = "县市州旗"   # 自治县, 自治州, 自治旗 are written short: 东乡县, 临夏州
_PARTY_UNITS = ("党支部", "党总支", "党委", "党工委")
# posts held in a village or community even when no body is written before them
# a party branch's post with no body written is the village's or community's (支部副书记)
_BRANCHES = ("党支部", "支部", "党总支")
_HONORARY = "名誉"                     # 名誉村主任: an honorary post, the title as written
_POSSESSIVES = ("他们的", "她们的", "我们的", "咱们的", "他的", "她的", "我的")
# a government written without its place before a post of it: 政府镇长, 政府副区长
_GOVERNMENT = ("政府", "人民政府")
_GOV = "=政府"
# a body of a level written bare before a post (市人大常委会副主任, 市政府秘书长, 地区人大工委):
# kept as written when the article makes no place of that level certain
_WRITTEN = re.compile(r"(地区|[省市县区州旗盟])(委|人大常委会|人大工委|人大|政府|政协)")
_WRITTEN_KIND = {"委": "party", "政府": "government"}   # the others are committees
_GRASSROOTS = ("网格员", "网格长", "楼栋长", "第一书记", "管护员", "护林员", "社区干部", "村干部")


@by_identity()
def title_pattern(posts: tuple[str, ...], units: tuple[str, ...]) -> re.Pattern[str]:
    """A whole title: ``[名誉][unit][常务|执行][副]post`` or a level post (副镇长)."""
    p = "|".join(sorted(map(re.escape, posts), key=len, reverse=True))
    u = "|".join(sorted(map(re.escape, units), key=len, reverse=True))
    return re.compile(r"(?:名誉)?(?:%s)?(?:常务|执行)?副?(?:%s)|(?:常务|执行)?副?[省市区县镇乡村旗盟]长" % (u, p))


@by_identity()
def title_endings(posts: tuple[str, ...]) -> tuple[str, ...]:
    """What every whole title of ``title_pattern`` ends with (a post, or the 长 of 副镇长): a
    text ending otherwise holds no title that runs to its end, and trying the pattern at
    each of its characters (most post phrases hold none) is spared."""
    return tuple(posts) + ("长",)


class _Reader:
    """What one article's post phrases refer to: the mentions ending at each position."""

    def __init__(self, article: Article, mentions: list[Mention], lex: Lexicon) -> None:
        self.article, self.lex, self.body = article, lex, article.body
        self.places = [m for m in mentions if m.type == "Place"]
        self.orgs = {m.name for m in mentions if m.type == "Organization"}
        self.org_mentions = sorted((m for m in mentions if m.type == "Organization" and m.pos >= 0),
                                   key=lambda m: m.pos)
        self.ends: dict[int, Mention] = {}
        self.spans: dict[tuple[int, int], Mention] = {}
        for m in mentions:
            if m.type in ("Place", "Organization") and m.pos >= 0:
                self.ends[m.pos + len(m.surface)] = m
                self.spans[(m.pos, m.pos + len(m.surface))] = m
        self.titles = title_pattern(lex.words("titles"), lex.words("title_units"))
        self.endings = title_endings(lex.words("titles"))
        self.written: dict[str, tuple[int, str, str]] = {}   # bodies only posts write: name → (pos, surface, parent)
        self.parents = {m.name: m.parent for m in mentions if m.type == "Organization" and m.parent}

    def resolve(self, word: str, pos: int) -> str:
        """The place a bare level word means here (嘎查 as 村), or ''."""
        return resolve(_LEVEL_ALIAS.get(word, word), pos, self.article, self.places, self.lex)

    def posts(self, lo: int, hi: int) -> list[tuple[str, str]]:
        """(body, title) pairs of the post phrase ``body[lo:hi]``, its parts split at 、 and
        兼 (党支部书记兼村委会主任); parts of one body join with the mark written between them."""
        groups: list[list] = []               # [organ, [title part, mark + title part, …]]
        bare: list[str] = []                  # titles before any body
        k, mark = lo, ""
        for seg in _JOINS.split(self.body[lo:hi]):
            if _JOINS.fullmatch(seg):
                k, mark = k + len(seg), seg
                continue
            read = self.segment(k, seg)
            k += len(seg)
            if read is None:
                continue
            organ, title = read
            if organ == _GOV:
                organ = self.government(groups[-1][0] if groups else "", title, k - len(seg))
                if not organ:
                    continue
            if organ.startswith("+"):          # a department of the body before
                if groups:
                    dept = _department(groups[-1][0], organ[1:], self.places)
                    if groups[-1][0] in self.written or (dept not in self.orgs and _COMMITTEE.search(groups[-1][0])):
                        # 旗委常委、组织部长: 旗委组织部, where its committee is
                        self.written[dept] = (k - len(seg), organ[1:], self.parents.get(groups[-1][0], ""))
                    groups.append([dept, [title]])
            elif organ and groups and groups[-1][0] == organ:
                groups[-1][1].append(mark + title)   # 镇党委副书记、镇长: one place, one title
            elif organ:                        # titles with no body before join it: 党委委员、副镇长
                groups.append([organ, (bare + [mark + title]) if not groups and bare else [title]])
            elif groups:
                if not any(t.endswith(title) for t in groups[-1][1]):
                    groups[-1][1].append(mark + title)
            else:
                bare.append((mark if bare else "") + title)
        if not groups and bare:
            organ = self.bare_body([t.lstrip("、兼") for t in bare], hi)
            if organ:
                groups.append([organ, bare])
        return [(g[0], "".join(g[1])) for g in groups]

    def government(self, before: str, title: str, pos: int) -> str:
        """The body of a post written after 政府 (大瑶镇党委书记甲，政府镇长乙; 区委常委、政府副区长):
        the government of the committee's place written before it (its own 政府 when the
        article names one, else the place), else of the place a level post (镇长) names."""
        lv = _LEVEL_POST.search(title)
        base = before[:-1] if _COMMITTEE.search(before) else ""
        if not base and lv:
            base = self.resolve(lv.group(1), pos)
        if not base:
            return ""
        if base + "政府" in self.orgs:
            return base + "政府"
        return base if any(m.name == base for m in self.places) else ""

    def bare_titles(self, lo: int, hi: int) -> str:
        """The titles of ``body[lo:hi]`` when it is nothing but titles with no body (、副主任):
        a second holder of a post of the body named before (主任甲、副主任乙), else ''."""
        out, k = [], lo
        for seg in _JOINS.split(self.body[lo:hi]):
            if seg and not _JOINS.fullmatch(seg):
                read = self.segment(k, seg)
                if read is None or read[0]:
                    return ""
                out.append(read[1])
            k += len(seg)
        return "、".join(out)

    def bare_body(self, titles: list[str], pos: int) -> str:
        """The body of titles written without one: the level word they start with (村级河长,
        社区干部), else for a grassroots post the village or community nearest before."""
        lead = _LEVEL_LEAD.match(titles[0].removeprefix(_HONORARY))
        if lead:
            return self.resolve(lead.group(1), pos)
        if not any(t.endswith(_GRASSROOTS) or t.startswith(_BRANCHES) for t in titles):
            return ""
        best: tuple[int, str] = (-2, "")       # (last mention before pos, name)
        for word in ("村", "社区"):
            name = self.resolve(word, pos)
            at = max((m.pos for m in self.places if m.name == name and 0 <= m.pos < pos), default=-1)
            if name and at > best[0]:
                best = (at, name)
        return best[1]

    def segment(self, s0: int, seg: str) -> tuple[str, str] | None:
        """(organ, title) of one part: organ '' for a bare title, '+dept' for a department of
        the body before; None if the part is no post."""
        if not seg.endswith(self.endings):
            return None
        for i in range(len(seg)):
            if not self.titles.fullmatch(seg, i):
                continue
            t0, title = s0 + i, seg[i:]
            lead = _LEVEL_LEAD.match(title)
            if i == 0 and lead and title.startswith(_PARTY_UNITS, lead.end()):
                continue                       # 镇党委书记: 镇 (resolved below) + 党委书记
            if i == 0:
                return self.level_title(t0, title)
            got = self.anchored(t0, title) or (seg[i - 1] == "的" and self.anchored(t0 - 1, title)) \
                or self.shared_cun(t0, title)
            if got:
                return got
            got = self.headed(seg[:i], s0, t0, title)
            if got:
                return got
            # nothing ends right here: a shorter title may (叶坪镇党委书记 is 叶坪镇 + 党委书记,
            # not an unanchored 镇党委书记)
        return None

    def headed(self, head: str, s0: int, t0: int, title: str) -> tuple[str, str] | None:
        """(organ, title) of a title at ``t0`` after the words ``head`` (from ``s0``) when no
        mention ends right before it: a pronoun's (他们的), a short place form, a body named
        before, a level word, a department of the body before, a government."""
        if head.endswith(_POSSESSIVES):
            return "", title                   # 他们的支部副书记: a post of the body talked about
        short = self.short_form(head)
        if short:
            return short, title
        org = self.named_before(head, s0)
        if org:
            return org, title
        if head.startswith(_HONORARY) and head[len(_HONORARY):] in LEVEL_WORDS:
            where = self.resolve(head[len(_HONORARY):], t0 - 1)
            return (where, head + title) if where else None   # 名誉村主任: the honorary post kept whole
        word = self.level_word_after_verb(head)
        if word:
            where = self.resolve(word, t0 - len(word))
            if where:
                return where, title
        free = not any(k in self.ends for k in range(s0 + 1, t0))
        if _DEPT.fullmatch(head) and free:
            return "+" + head, title
        if title.startswith("部长") and _DEPT.fullmatch(head + "部") and free:
            return "+" + head + "部", title    # 组织部长: 组织部 + 部长, one 部 written for both
        if head in _GOVERNMENT:
            return _GOV, title                 # 政府镇长, 政府副区长: the place's government, read in posts
        organ = self.as_written(head, s0) if _WRITTEN.fullmatch(head) else ""
        return (organ, title) if organ else None

    def as_written(self, organ: str, pos: int) -> str:
        """``organ`` (旗委, 市人大常委会), a bare level word and a body, as the post's body when
        the article makes no place of that level certain (a place it does make certain is
        the organisation finder's to join); '' otherwise."""
        lv = _WRITTEN.match(organ)
        if lv is None or self.resolve(lv.group(1), pos):
            return ""
        self.written.setdefault(organ, (pos, organ, ""))
        return organ

    def named_before(self, head: str, pos: int) -> str:
        """The organisation a bare generic head means (合作社理事长, 该公司负责人, once 某某合作社
        or 某某公司 was named): the last one before ``pos`` whose name ends with the head."""
        head = head[len(next((d for d in _DEMONSTRATIVES if head.startswith(d)), "")):]   # 该公司
        if len(head) < 2 or head in LEVEL_WORDS:
            return ""
        return next((m.name for m in reversed(self.org_mentions) if m.pos < pos and m.name.endswith(head)
                     and len(m.name) > len(head)), "")

    def level_word_after_verb(self, head: str) -> str:
        """The bare level word ``head`` is, or ends with after a verb or a conjunction (找来社区 +
        网格员: 社区; 和村 + 会计), or ''; after anything else it ends a name the place finder
        did not take (西关村)."""
        word = next((w for w in _LEVEL_HEADS if head.endswith(w)), "")
        if not word or head == word or head[:-len(word)] in _DEMONSTRATIVES:
            return word                        # 村, 该村, 本镇
        if not hasattr(self.lex, "cut"):
            return ""
        words = self.lex.cut(head, hmm=True)
        if len(words) < 2 or words[-1] != word:
            return ""
        return word if dictionary().get(words[-2], ("", 0))[0][:1] in ("v", "p", "d", "c") else ""

    def short_form(self, head: str) -> str:
        """The place of the article a head like 东乡县 or 酉阳县 shortens: the one place whose
        name starts with the stem and ends with the level word (东乡族自治县), when the head
        is nothing but stem and level word."""
        if len(head) not in (3, 4) or head[-1] not in _SHORTENED_LEVELS:
            return ""
        stem = head[:-1]
        found = {m.name for m in self.places if m.name.startswith(stem) and m.name.endswith(head[-1])
                 and len(m.name) > len(head)}
        return found.pop() if len(found) == 1 else ""

    def level_title(self, t0: int, title: str) -> tuple[str, str] | None:
        """A title that opens its part: 副市长 and 县委书记 name their own place or committee."""
        lv = _LEVEL_POST.search(title) or _LEVEL_UNIT.match(title)
        if not lv:
            return "", title
        where = self.resolve(lv.group(1), t0)
        if not where:                          # 旗委书记 with no banner named: the 旗委 as written
            organ = self.as_written(lv.group(1) + "委", t0) if lv.re is _LEVEL_UNIT else ""
            return (organ, title) if organ else None
        if title[lv.start():].startswith(lv.group(1) + "委") and where + "委" in self.orgs:
            return where + "委", title
        return where, title

    def shared_cun(self, t0: int, title: str) -> tuple[str, str] | None:
        """城子村委会主任: a village and a title of its committee written with one 村 (城子村 +
        村委会主任, as 城子村村委会主任 is written in full)."""
        m = self.ends.get(t0 + 1)
        if m is None or m.type != "Place" or not m.name.endswith("村") or not title.startswith(("村委", "村民委员会")):
            return None
        return m.name, title

    def anchored(self, t0: int, title: str) -> tuple[str, str] | None:
        """(body, title) when a place or organisation mention ends at ``t0``."""
        m = self.ends.get(t0)
        if m is None:
            return None
        if m.type == "Organization":
            if _COMMITTEE.search(m.surface):   # 宁远县委 + 书记: the post is 县委书记
                return m.name, m.surface[-2:] + title
            return m.name, title
        lv = _LEVEL_UNIT.match(title)           # 宁远 + 县委副书记: the organ 宁远县委
        if lv:
            org = self.spans.get((m.pos, t0 + 2))
            if org is not None and org.type == "Organization":
                return org.name, title
        unit = next((u for u in _PARTY_UNITS if title.startswith(u)), "")
        if unit:
            # the place's party organisation when the article names it as a body: as written, or
            # the only one it names (a 党总支 the article elsewhere calls 党委 is the same body)
            named = [m.name + u for u in _PARTY_UNITS if m.name + u in self.orgs]
            organ = m.name + unit if m.name + unit in named else named[0] if len(named) == 1 else ""
            if organ:                          # 党工委委员 → 委员 of the 党工委; 党委书记 stays whole
                return organ, title[len(unit):] if title.endswith("委员") else title
        return m.name, title


def _department(organ: str, dept: str, places: list[Mention]) -> str:
    """The department ``dept`` of the body ``organ``: a committee's own (县委 → 县委组织部),
    else the place's (经开区党工委 → 经开区管委会)."""
    if _COMMITTEE.search(organ) or dept.endswith("部"):
        return organ + dept
    place = max((m.name for m in places if organ.startswith(m.name)), key=len, default="")
    return (place or organ) + dept


def relate(article: Article, mentions: list[Mention], lex: Lexicon) -> list[Relation]:
    """holdsPost links: person → organisation or place, with the title as written."""
    return relate_all(article, mentions, lex)[0]


def relate_all(article: Article, mentions: list[Mention], lex: Lexicon) -> tuple[list[Relation], list[Mention]]:
    """holdsPost links, and the organisations they name that only the posts write, as written
    (旗委书记甲 in an article that names no banner: 旗委): the organisation finder resolves
    a bare level word or drops the body, and a link needs both ends as entities."""
    body = article.body
    people = sorted((m for m in mentions if m.type == "Person" and m.pos >= 0), key=lambda m: m.pos)
    if not people:
        return [], []                          # (four articles in ten: no index of their mentions built)
    reader = _Reader(article, mentions, lex)
    out: list[Relation] = []
    last: tuple[int, list[tuple[str, str]]] = (-1, [])
    for p in people:
        end = p.pos + len(p.surface)
        lo = _phrase_start(body, p.pos)
        if last[0] > lo:                       # 村主任甲和村会计乙: from the name before, its 和 dropped
            lo = last[0] + next((len(w) for w in _AND if body.startswith(w, last[0])), 0)
        posts = reader.posts(lo, p.pos) or _bracketed(body, end, reader.posts)
        if not posts and last[0] >= 0 and body[last[0]:p.pos] == "、":
            posts = last[1]                    # 领导伍靖、韦思远: the same post
        elif not posts and last[1] and last[0] >= lo - 2 and body.startswith(("、",) + _AND, last[0]):
            title = reader.bare_titles(lo, p.pos)
            if title:                          # 主任甲、副主任乙: the body of the name before
                posts = [(last[1][-1][0], title)]
        last = (end, posts)
        sent = sentence_at(body, p.pos, end)
        for o, title in posts:
            out.append(Relation(s=p.name, p="holdsPost", o=o, title=title, s_type="Person",
                                evidence=(Evidence(article.index, p.start, p.end, sent),)))
    held = {r.o for r in out}
    return out, [_written_body(article, name, *at) for name, at in reader.written.items() if name in held]


def _written_body(article: Article, name: str, pos: int, surface: str, parent: str) -> Mention:
    """An organisation mention of a body kept as written (旗委, 市政府, 旗委组织部)."""
    whole = _WRITTEN.fullmatch(name)
    kind = _WRITTEN_KIND.get(whole.group(2), "committee") if whole else "party"   # a committee's department
    s, e = article.span(pos, pos + len(surface))
    return Mention(type="Organization", name=name, surface=surface, article=article.index, start=s, end=e,
                   kind=kind, parent=parent, pos=pos)


def _phrase_start(body: str, pos: int) -> int:
    """Where the post phrase before ``body[pos]`` starts: after the last stop (、 does not
    stop it), at most 60 characters back."""
    lo = pos
    while lo > 0 and body[lo - 1] not in _PHRASE_STOPS and pos - lo < 60:
        lo -= 1
    return lo


def _bracketed(body: str, end: int, posts: Callable[[int, int], list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """The posts in brackets right after a name: 董某(县应急管理局局长)."""
    if not body.startswith(_OPEN, end):
        return []
    close = closing_bracket(body, end)
    return posts(end + 1, close) if close > 0 else []


def closing_bracket(body: str, opening: int) -> int:
    """Where the bracket opened at ``body[opening]`` closes, within 39 characters, else -1:
    one search, not a test per character."""
    m = _CLOSE.search(body, opening + 1, opening + 40)
    return m.start() if m else -1
