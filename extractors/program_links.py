"""Who runs a programme (``implements``) and who works with whom (``partners``): only what
the text says.

A programme's actor must be written in its own sentence: a place or body, or a reference
to one that the text makes certain (该区, 我市, 全县, 县里, 这个村 …, resolved to the
nearest earlier place of that level, nested names such as 于都县 in 于都县委 included).
There is no guess from the places named around the sentence: a sentence that names no
actor gives its programmes none, so a programme never goes to a place the sentence does
not name.

Within the sentence, in order:

1. ``由X主办/牵头/负责 …``: X.
2. The subject of the programme's statement: the first actor or reference before the
   programme that does not follow a preposition (在, 到, 从 …). A speaker's clause is not
   the statement (``甲局局长乙说，县里推行P``: 县里, not 甲局), and neither is a source
   (``记者从甲局获悉，乙镇…``).
3. With nothing before it, the subject that opens a later clause
   (``作为P的发源地，甲镇…``: 甲镇).

Then every place the statement lists beside its subject implements too: a listed subject
(``甲村、乙村等3个村入选P``), the places a roll-out names (``在甲镇、乙镇推广P``,
``对甲村、乙村实行P``) and the body that confers an honour (``被甲局命名为P``).
A programme written inside a body's name (甲县河长制办公室) is run by that body.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .lexicon import Lexicon
from .records import Article, Evidence, Mention, Relation
from .sentences import sentence_span

__all__ = ["relate"]

_ACTOR_TYPES = ("Place", "Organization")
_NOT_SUBJECT = ("在", "到", "向", "对", "为", "给", "来自", "与", "和", "同", "帮助", "从")
_LEVEL_WORDS = "市|区|县|旗|州|盟|镇|乡|街道|苏木|村|社区|嘎查"
# References to a place of a level, resolved to the nearest earlier place of that level:
# 该区/我市/全县/本镇/这个村, clause-initial 县里/镇里 and clause-initial 街道/社区 (the
# speaker's own unit), and 该局/该中心 for bodies.
_REFERENCE = re.compile(
    rf"(?:该|我|全|本|这个|这一)({_LEVEL_WORDS}|局|委|会|中心|公司|办公室|领导小组|院|站|所)"
    r"|(?<![\u4e00-\u9fff])(市|区|县|旗|州|盟|镇|乡|村)里"
    r"|(?<![\u4e00-\u9fff])(街道|社区)(?![\u4e00-\u9fff]{0,2}(?:党|委|书记|主任|干部|工作|网格|居民|群众|卫生|医院))")
_REFERENCE_LEVEL = {"市": ("city",), "州": ("city",), "盟": ("city",),
                    "区": ("county", "zone"), "县": ("county",), "旗": ("county",),
                    "镇": ("township",), "乡": ("township",), "街道": ("township",),
                    "苏木": ("township",), "村": ("village",), "社区": ("village",),
                    "嘎查": ("village",)}
# The end of a speaker's or a source's clause: what follows is what they say.
_SPEECH = re.compile(r"(?:说|表示|介绍|指出|强调|认为|坦言|告诉记者|获悉|了解到)[，,：:]")
_CLAUSE_SEP = "，,；;：:"
_BY = re.compile(r"由([^，,。；;]{2,30}?)(?:主办|承办|牵头|组织|发起|实施|举办|开展|负责|统一|提供|运营|投资)")
# 在甲镇、乙镇(等地)推广P / 对甲村、乙村实行P: the places a roll-out names.
_ROLL_OUT = re.compile(r"推广|推行|试点|推出|实行|实施|开展|建设|打造|创建|复制|建立")
_FIRST = ("率先", "首个", "首批", "首家", "第一")        # 在甲省率先推行P: a ranking, not a roll-out
_HELP_VERBS = ("推动", "支持", "帮助", "指导", "引导", "鼓励", "助力")
_JOINTLY = re.compile(r"共同|联合|一起|携手|合作")
# A 与 B 签订协议/合作…P: B takes part in P too.
_JOINT_WORK = re.compile(r"共同|联合|一起|携手|合作|共建|签订|签署|协议")
_WITH = ("与", "和", "同", "联合", "携手", "会同")
# 以甲村为示范，在乙镇推广P: the model the roll-out follows.
_MODEL = re.compile(r"以([^，,。；;]{2,20}?)为(?:示范|样板|模板|标杆|蓝本)")
_SPREAD = re.compile(r"推广|推行|复制")
_HELPED_TO = re.compile(r"(?:成功|积极|加快|全力)?(?:创建|争创|申报|申创|建设|打造|入选)")
# What may open a clause before its subject: time words and sentence adverbs.
_OPENING = re.compile(r"(?:[\s0-9年月日时至近今去前后当上下午晚早以来]|下一步|目前|同时|此外|另外|其中|如今|现在|随后|今后)*$")
_HONOUR_BY = re.compile(r"被$")
_BATCH_BEFORE = re.compile(r"(?:首批|第[0-9一二三四五六七八九十]+批)$")
_HONOUR_VERB = re.compile(r"^(?:授予|命名|评为|认定|表彰|评定|列为|确定为)")
_PARTNER_VERB = re.compile(r"联合|携手|联手|会同|协同|牵手|对接|联系")
_PARTNER_PAIR = re.compile(r"签订|签署|共建|结对|合作|共同|联合|对接|一起")
_SUPPORT = re.compile(r"在([^，,。；;]{2,30}?)的[^，,。；;]{0,12}(?:支持|帮助|指导|协助)下")
_BARE_LEVEL = re.compile(r"(社区|村|镇|街道|区|县|市)$")
_CO_GAP = re.compile(r"[（(][^（）()]{0,20}[）)]|[、和与及]")
_LIST_GAP = re.compile(r"[（(][^（）()]{0,20}[）)]|[、和及]")     # 与 pairs partners, see _joint_partners
_CLAUSE_LEAD = re.compile(r"[\s0-9年月日时至近今去前后当上下午晚早以来]*$")


@dataclass(frozen=True, slots=True)
class _Doc:
    """An article's actors and sentences, indexed once for the relation rules."""

    article: Article
    actors: list[Mention]           # outermost place/org mentions, in body order
    starts: list[int]
    places: list[Mention]           # every place/org mention, nested ones too, in body order
    memo: dict = field(default_factory=dict)    # what the rules ask again and again, worked out once

    def sentence(self, pos: int) -> tuple[int, int]:
        return sentence_span(self.article.body, pos)

    def between(self, lo: int, hi: int) -> list[Mention]:
        return self.actors[bisect.bisect_left(self.starts, lo):bisect.bisect_left(self.starts, hi)]

    def evidence(self, s: int, e: int) -> Evidence:
        o0, o1 = self.article.span(s, e)
        return Evidence(self.article.index, o0, o1, self.article.body[s:e].strip())


def _end(m: Mention) -> int:
    return m.pos + len(m.surface)


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """Place/org mentions with a body position, nested ones (湖南省 in 湖南省民政厅) dropped."""
    acts = sorted((m for m in mentions if m.type in _ACTOR_TYPES and m.pos >= 0),
                  key=lambda m: (m.pos, -len(m.surface)))
    out: list[Mention] = []
    for m in acts:
        if out and m.pos < _end(out[-1]):
            continue
        out.append(m)
    return out


def _index(article: Article, mentions: list[Mention]) -> _Doc:
    actors = _outermost(mentions)
    every = sorted((m for m in mentions if m.type in _ACTOR_TYPES and m.pos >= 0),
                   key=lambda m: (m.pos, len(m.surface)))
    return _Doc(article, actors, [a.pos for a in actors], every)


def _chain_end(doc: _Doc, m: Mention) -> Mention:
    """The last of adjacent mentions (望月湖街道荣龙社区 → 荣龙社区): the most specific actor."""
    i = bisect.bisect_left(doc.starts, m.pos)
    if i >= len(doc.actors) or doc.actors[i] is not m:
        return m
    while i + 1 < len(doc.actors) and doc.actors[i + 1].pos == _end(doc.actors[i]):
        i += 1
    return doc.actors[i]


def _recent(doc: _Doc, pos: int, levels: tuple[str, ...] | None, suffix: str = "",
            window: int = 1 << 30) -> Mention | None:
    """The nearest place or body before ``pos`` (within ``window`` characters), nested
    mentions included, with one of ``levels`` (places) or ending in ``suffix`` (bodies).
    Each kind asked for is listed once per article, so a look-up is a bisection."""
    kind = doc.memo.get((levels, suffix))
    if kind is None:
        ms = [a for a in doc.places
              if (levels is not None and a.type == "Place" and a.level in levels)
              or (suffix and a.type == "Organization" and a.name.endswith(suffix))]
        kind = doc.memo[(levels, suffix)] = (ms, [a.pos for a in ms])
    ms, starts = kind
    k = bisect.bisect_left(starts, pos) - 1
    a = ms[k] if k >= 0 else None
    return a if a is not None and pos - a.pos <= window else None


def _references(doc: _Doc, lo: int, hi: int) -> list[tuple[int, Mention]]:
    """(position, resolved place or body) of every reference (该区, 县里 …) in [lo, hi)."""
    out = []
    for m in _REFERENCE.finditer(doc.article.body, lo, hi):
        word = m.group(m.lastindex or 0)
        levels = _REFERENCE_LEVEL.get(word)
        hit = _recent(doc, m.start(), levels, "" if levels else word)
        if hit is not None:
            out.append((m.start(), hit))
    return out


def _candidates(doc: _Doc, lo: int, hi: int) -> list[tuple[int, Mention, bool]]:
    """(position, actor, written out) for the actors and resolved references in [lo, hi),
    in text order; references covered by an actor (全区 inside a name) are left out."""
    acts = [(a.pos, a, True) for a in doc.between(lo, hi)]
    covered = [(a.pos, _end(a)) for _, a, _ in acts]
    refs = [(p, r, False) for p, r in _references(doc, lo, hi)
            if not any(s <= p < e for s, e in covered)]
    return sorted(acts + refs, key=lambda x: x[0])


def _first_subject(doc: _Doc, lo: int, hi: int) -> tuple[int, Mention, bool] | None:
    """The first candidate in [lo, hi) not after a preposition; else the first one after
    在 (在甲镇，… is where it happens, 来到甲镇 or 从甲局 is not who does it)."""
    cands = _candidates(doc, lo, hi)
    body = doc.article.body
    for pos, a, written in cands:
        if not body[max(lo, pos - 2):pos].endswith(_NOT_SUBJECT):
            return pos, _chain_end(doc, a) if written else a, written
    for pos, a, written in cands:
        before = body[pos - 1:pos]
        if before == "在" or (before in "与和同" and _JOINTLY.search(body, pos, hi)):
            return pos, _chain_end(doc, a) if written else a, written
    return None


def _clause_subject(doc: _Doc, lo: int, pos: int) -> tuple[int, Mention, bool] | None:
    """The subject that opens the programme's own clause (…，下一步乙市将试点P): it
    outranks the sentence's first subject, which may be about something else."""
    body = doc.article.body
    clause = max([lo] + [body.rfind(c, lo, pos) + 1 for c in _CLAUSE_SEP])
    cands = _candidates(doc, clause, pos)
    if not cands:
        return None
    p, a, written = cands[0]
    if clause == lo or not _OPENING.match(body[clause:p]):
        return None
    return p, _chain_end(doc, a) if written else a, written


def _statement_start(body: str, s: int, pos: int) -> int:
    """Where the statement about ``pos`` begins: after the last speaker's or source's
    clause (…说，/…获悉，) before it, else the sentence start."""
    lo = s
    for m in _SPEECH.finditer(body, s, pos):
        lo = m.end()
    return lo


def _subject_of(doc: _Doc, lo: int, pos: int, e: int) -> tuple[int, Mention, bool] | None:
    """The programme's subject: its clause's, the statement's first, or a later clause's.
    The part after the last semicolon is tried first (甲村与乙校签约；村里还打造了P)."""
    semi = max(_after_semicolon(doc.article.body, lo, pos))
    for start in dict.fromkeys((semi, lo)):
        found = (_clause_subject(doc, start, pos) or _first_subject(doc, start, pos)
                 or _later_subject(doc, pos, e))
        if found is not None:
            return found
    return None


def _after_semicolon(body: str, lo: int, pos: int) -> tuple[int, ...]:
    """Just after the last semicolon in [lo, pos), or ``lo``."""
    return (lo, body.rfind("；", lo, pos) + 1, body.rfind(";", lo, pos) + 1)


def _later_subject(doc: _Doc, pos: int, e: int) -> tuple[int, Mention, bool] | None:
    """The subject that opens a clause after the programme's own (作为P的…，甲镇…): the
    first later clause that names an actor must open with it."""
    body = doc.article.body
    cut = next((j for j in range(pos, e) if body[j] in _CLAUSE_SEP), e)
    while cut < e:
        nxt = next((j for j in range(cut + 1, e) if body[j] in _CLAUSE_SEP), e)
        cands = _candidates(doc, cut + 1, nxt)
        if cands:
            p, a, written = cands[0]
            if not _OPENING.match(body[cut + 1:p]):
                return None
            return p, _chain_end(doc, a) if written else a, written
        cut = nxt
    return None


def _named_after(doc: _Doc, prog: Mention) -> Mention | None:
    """The body whose name holds the programme (甲区党史学习教育领导小组): it runs it."""
    i = bisect.bisect_right(doc.starts, prog.pos) - 1
    a = doc.actors[i] if i >= 0 else None
    return a if a is not None and _end(a) >= _end(prog) and a.type == "Organization" else None


def _actors_of(doc: _Doc, prog: Mention) -> list[Mention]:
    """Every place or body the sentence says runs the programme (see the module docstring)."""
    owner = _named_after(doc, prog)
    if owner is not None:
        return [owner]
    body = doc.article.body
    s, e = doc.sentence(prog.pos)
    lo = _statement_start(body, s, prog.pos)
    out: list[Mention] = []
    helped = _helped(doc, lo, prog.pos)
    found = None if helped else _subject_of(doc, lo, prog.pos, e)
    if found is not None:
        pos, subject, written = found
        out.append(subject)
        if written:                                 # a written name, maybe the first of a list
            out += _co_subjects(doc, pos, pos + 1, gaps=_LIST_GAP)[1:]
        out += _joint_partners(doc, pos, prog.pos)
    by = _BY.search(body, lo, _statement_end(body, prog.pos, e))
    if by:
        out += [_chain_end(doc, a) for a in doc.between(by.start(1), by.end(1))[:1]]
    out += (helped + _roll_out_places(doc, lo, prog.pos) + _conferrer(doc, lo, prog.pos)
            + _named_before(doc, prog) + _model(doc, lo, prog.pos))
    return list({m.name: m for m in out}.values())


def _statement_end(body: str, pos: int, e: int) -> int:
    """Where what is said about the programme at ``pos`` ends: the next semicolon, or a
    colon after another clause (P…，…Q：由甲院…开展 is about Q; P：由甲中心牵头… is about P)."""
    comma = False
    for j in range(pos, e):
        c = body[j]
        if c in "；;" or (comma and c in "：:"):
            return j
        comma = comma or c in "，,"
    return e


def _joint_partners(doc: _Doc, lo: int, pos: int) -> list[Mention]:
    """甲镇与乙行签订协议，设立P / 甲村还与乙校合作建设P: the partner after 与/联合 takes
    part in P when the words right after it say they work together (签订, 合作, 共建 …)."""
    body = doc.article.body
    out = []
    for a in doc.between(lo + 1, pos):
        b = _chain_end(doc, a)
        if body[max(lo, a.pos - 2):a.pos].endswith(_WITH) and (
                _JOINT_WORK.match(body, _end(b)) or body[a.pos - 2:a.pos] in _WITH):
            out.append(b)
    return out


def _model(doc: _Doc, lo: int, pos: int) -> list[Mention]:
    """以甲村为示范，在乙镇推广P: the model the roll-out follows runs P too."""
    body = doc.article.body
    m = _MODEL.search(body, lo, pos)
    clause = max([lo] + [body.rfind(c, lo, pos) + 1 for c in _CLAUSE_SEP])
    if m is None or not _SPREAD.search(body, max(m.end(), clause), pos):
        return []
    return [_chain_end(doc, a) for a in doc.between(m.start(1), m.end(1))[:1]]


def _named_before(doc: _Doc, prog: Mention) -> list[Mention]:
    """甲县“门前三小”, 甲县：“最美庭院”…, 甲省首批…示范基地: the place written right before
    a name (its batch between) is the one whose programme or honour it is."""
    body = doc.article.body
    k = prog.pos
    if k >= 1 and body[k - 1] in "“「‘":
        k -= 1
        k -= k >= 1 and body[k - 1] in "：:"
    else:
        batch = _BATCH_BEFORE.search(body, max(0, k - 6), k)
        k = batch.start() if batch else k
    i = bisect.bisect_left(doc.starts, k) - 1
    a = doc.actors[i] if i >= 0 else None
    return [a] if a is not None and a.type == "Place" and _end(a) == k else []


def _helped(doc: _Doc, lo: int, pos: int) -> list[Mention]:
    """推动/支持甲镇创建P: the place helped to it runs P, not the helper."""
    body = doc.article.body
    clause = max([lo] + [body.rfind(c, lo, pos) + 1 for c in _CLAUSE_SEP])
    for a in doc.between(clause, pos):
        if body[a.pos - 2:a.pos] in _HELP_VERBS and _HELPED_TO.match(body, _end(_chain_end(doc, a))):
            return [_chain_end(doc, a)]
    return []


def _roll_out_places(doc: _Doc, lo: int, pos: int) -> list[Mention]:
    """在甲镇、乙镇(等地)推广P / 对甲村、乙村实行P: the listed places, in P's clause."""
    body = doc.article.body
    clause = max([lo] + [body.rfind(c, lo, pos) + 1 for c in _CLAUSE_SEP])
    for a in doc.between(clause, pos):
        if body[a.pos - 1:a.pos] in ("在", "对") and a.type == "Place":
            group = _co_subjects(doc, a.pos, a.pos + 1)
            if _ROLL_OUT.search(body, _end(group[-1]), pos) and not body.startswith(_FIRST, _end(group[-1])):
                return group
            return []
    return []


def _conferrer(doc: _Doc, lo: int, pos: int) -> list[Mention]:
    """被甲局命名为P: the body that confers an honour takes part in it."""
    body = doc.article.body
    for a in doc.between(lo, pos):
        if _HONOUR_BY.search(body, max(lo, a.pos - 1), a.pos) and _HONOUR_VERB.match(body[_end(a):_end(a) + 4]):
            return [_chain_end(doc, a)]
    return []


def _implements(doc: _Doc, progs: list[Mention]) -> list[Relation]:
    out = []
    for p in progs:
        s, e = doc.sentence(p.pos)
        for a in _actors_of(doc, p):
            out.append(Relation(a.name, "implements", p.name, evidence=(doc.evidence(s, e),),
                                s_type=a.type, o_type="Program"))
    return out


# --------------------------------------------------------------------------- partners

def _subject(doc: _Doc, lo: int, hi: int) -> Mention | None:
    """The actor a clause says does something: the first one not after a preposition."""
    cands = doc.between(lo, hi)
    body = doc.article.body
    for a in cands:
        if not body[max(lo, a.pos - 2):a.pos].endswith(_NOT_SUBJECT):
            return _chain_end(doc, a)
    return _chain_end(doc, cands[0]) if cands else None


def _anaphor(doc: _Doc, lo: int, hi: int) -> Mention | None:
    """The first reference (该区, 我市 …) in [lo, hi), resolved."""
    refs = _references(doc, lo, hi)
    return refs[0][1] if refs else None


def _partners(doc: _Doc) -> list[Relation]:
    """A 联合/携手 B; A 与/和 B 签订/共建/结对 …: both ends in one clause, in text order."""
    body = doc.article.body
    out = []

    def link(a: Mention | None, b: Mention | None, s: int, e: int) -> None:
        if a is not None and b is not None and a.name != b.name:
            out.append(Relation(a.name, "partners", b.name, evidence=(doc.evidence(s, e),),
                                s_type=a.type, o_type=b.type))

    for m in _PARTNER_VERB.finditer(body):
        s, e = doc.sentence(m.start())
        clause_end = _clause_end(body, m.end(), e)
        after = doc.between(m.end(), min(clause_end, m.end() + 30))
        before = doc.between(s, m.start())
        a = _chain_end(doc, before[-1]) if before and _end(before[-1]) >= m.start() - 6 else (
            _subject(doc, s, m.start()) or _anaphor(doc, max(s, m.start() - 6), m.start())
            or _bare(doc, body[max(s, m.start() - 4):m.start()], m.start()))
        link(a, _chain_end(doc, after[0]) if after else None, s, e)
    for m in _SUPPORT.finditer(body):          # A 在 B 的…支持下 …: A works with B
        s, e = doc.sentence(m.start())
        helpers = doc.between(m.start(1), m.end(1))
        subjects = _co_subjects(doc, s, m.start())
        for a in subjects or ([_subject(doc, s, m.start()) or _subject(doc, m.end(), e)]):
            link(a, _chain_end(doc, helpers[0]) if helpers else None, s, e)
    for i, a in enumerate(doc.actors):         # 甲局、乙局联合发文 / 甲局和乙局制定方案
        s, e = doc.sentence(a.pos)
        clause = max(s, *(body.rfind(c, s, a.pos) + 1 for c in "，,；;"))
        if not _CLAUSE_LEAD.match(body[clause:a.pos]):
            continue
        group = _co_subjects(doc, clause, a.pos + 1, start=i)
        if len(group) < 2:
            continue
        clause_end = _clause_end(body, _end(group[-1]), e)
        both_orgs = all(g.type == "Organization" for g in group)
        if both_orgs or _PARTNER_PAIR.search(body, _end(group[-1]), clause_end):
            for b in group[1:]:
                link(group[0], b, s, e)
    for i, b in enumerate(doc.actors):
        if i == 0 or body[b.pos - 1:b.pos] not in ("与", "和", "同"):
            continue
        a = doc.actors[i - 1]
        if _end(a) != b.pos - 1:
            continue
        s, e = doc.sentence(b.pos)
        clause_end = _clause_end(body, _end(b), e)
        if _PARTNER_PAIR.search(body, _end(b), clause_end):
            link(a, _chain_end(doc, b), s, e)
    return out


def _clause_end(body: str, i: int, e: int) -> int:
    """End of the clause that runs from ``i`` (next comma or stop), at most ``e``."""
    return next((j for j in range(i, e) if body[j] in "，,。；;"), e)


def _bare(doc: _Doc, before: str, pos: int) -> Mention | None:
    """A bare level word just before a verb (社区联合…) → the nearest place of that level."""
    m = _BARE_LEVEL.search(before)
    return _recent(doc, pos, _REFERENCE_LEVEL.get(m.group(1))) if m else None


def _co_subjects(doc: _Doc, lo: int, hi: int, start: int | None = None,
                 gaps: re.Pattern[str] = _CO_GAP) -> list[Mention]:
    """Actors written as one list (甲、乙和丙; ``gaps``: what may stand between two) from
    the first actor in [lo, hi)."""
    if start is None:
        first = doc.between(lo, hi)
        if not first:
            return []
        start = bisect.bisect_left(doc.starts, first[0].pos)
    body = doc.article.body
    group = [_chain_end(doc, doc.actors[start])]
    j = bisect.bisect_left(doc.starts, group[0].pos) + 1
    while j < len(doc.actors):
        gap = body[_end(doc.actors[j - 1]):doc.actors[j].pos]
        if not gap or gaps.sub("", gap) != "" or not gaps.search(gap):
            break
        group.append(_chain_end(doc, doc.actors[j]))
        j = bisect.bisect_left(doc.starts, group[-1].pos) + 1
    return group


def relate(article: Article, mentions: list[Mention], lex: Lexicon) -> list[Relation]:
    """implements (place/org → programme) and partners (org/place → org/place) links.

    implements: see the module docstring. partners: A 联合/携手/对接 B; A 与/和 B
    签订/共建/结对 …; bodies listed as one subject (甲局、乙局…) at a clause start;
    A 在 B 的…支持下. Ends are in text order. Evidence is the sentence, as an
    original-file span.
    """
    doc = _index(article, mentions)
    progs = [m for m in mentions if m.type == "Program" and m.pos >= 0]
    return _implements(doc, progs) + _partners(doc)
