"""Who runs a programme (``implements``): only what the text says.

A programme's actor must be written in its own sentence: a place or body, or a reference
to one that the text makes certain (该区, 我市, 全县, 县里, 这个村, 该办公室 …, resolved to the
nearest earlier place or body of that level, nested names such as 甲县 in 甲县委
included). There is no guess from the places named around the sentence: a sentence that
names no actor gives its programmes none, so a programme never goes to a place the
sentence does not name. Places read inside a programme's own name (省级甲乡村示范村) run
nothing.

The subject, in order:

1. A body whose longer name holds the programme (甲县河长制办公室 runs 河长制), alone.
2. The place helped to it (``推动甲镇创建P``: 甲镇, not the helper).
3. The subject opening the programme's own clause (``…，下一步乙市将试点P``); else the
   statement's first actor or reference not after a preposition (在, 到, 从, 除了 …; a
   locative 在甲镇 only as a last resort); else the subject opening a later clause
   (``作为P的发源地，甲镇…``). The statement starts after a speaker's or source's clause
   (``甲局局长乙说，县里推行P``: 县里; ``记者从甲局获悉，乙镇…``: 乙镇), and the part after
   a semicolon is tried before the whole sentence.

Then, beside the subject: the rest of a listed subject (``甲村、乙村等3个村入选P``); a
partner after 与/联合 with a verb of its own (``甲镇与乙行签订协议，设立P``);
``由X牵头/负责 …`` in the statement about P (a colon after another clause starts a new
one); the places a roll-out names (``在甲镇、乙镇推广P``, ``对甲村、乙村实行P``; not
``在甲省率先推行``); the model it follows (``以甲村为示范，…推广P``); the body that confers
an honour (``被甲局命名为P``); the place written right before a name or its batch
(``甲县“院落三美”``, ``入选甲省首批…示范基地``); a listed division opening an unquoted
name (``甲城志愿者联盟APP``).
"""
from __future__ import annotations

import bisect
import re

from .actor_index import (NOT_SUBJECT, Doc, acts, chain_end, co_subjects, end, index, references, statement_start)
from .lexicon import Lexicon
from .program_partners import partners
from .records import Article, Mention, Relation
from .sentences import clause_end, clause_start

__all__ = ["relate"]

# The end of a speaker's or a source's clause: what follows is what they say.
# 甲社区网格员乙在巡查中…: a place or body right before a post is the person's, who is the subject.
_ROLE = re.compile(r"(?:党委|党工委|党总支|党支部|常务)?副?(?:书记|主任|网格员|局长|镇长|乡长|县长|区长|市长|"
                   r"负责人|工作人员|队长|站长|所长|院长|教授|专家|民警)")
_BY = re.compile(r"由([^，,。；;]{2,30}?)(?:主办|承办|牵头|组织|发起|实施|举办|开展|负责|统一|提供|运营|投资)")
# 在甲镇、乙镇(等地)推广P / 对甲村、乙村实行P: the places a roll-out names.
_ROLL_OUT = re.compile(r"推广|推行|试点|推出|实行|实施|开展|建设|打造|创建|复制|建立|设立|建成|开设|新建|启动")
_FIRST = ("率先", "首个", "首批", "首家", "第一")        # 在甲省率先推行P: a ranking, not a roll-out
_HELP_VERBS = ("推动", "支持", "帮助", "指导", "引导", "鼓励", "助力")
_JOINTLY = re.compile(r"共同|联合|一起|携手|合作")
# A 与 B 签订协议/合作/开展…P: B, with a verb of its own right after it, takes part in P too.
_JOINT_WORK = re.compile(r"共同|联合|一起|携手|合作|共建|签订|签署|协议|开展|深化|推进|实施|建立|打造|建设|探索|推行|举办")
_WITH = ("与", "和", "同", "联合", "携手", "会同")
# 引入甲公司建设P: the body brought in to build or run P takes part in it.
_BROUGHT_IN = re.compile(r"(?:引入|引进|招引|吸引)")
_TO_BUILD = re.compile(r"[^，,。；;]{0,4}?(?:投资)?(?:建设|打造|运营|开发|建成|兴建|经营)")
# 以甲村为示范，在乙镇推广P: the model the roll-out follows.
_MODEL = re.compile(r"以([^，,。；;]{2,20}?)为(?:示范|样板|模板|标杆|蓝本)")
_SPREAD = re.compile(r"推广|推行|复制")
_HELPED_TO = re.compile(r"(?:成功|积极|加快|全力)?(?:创建|争创|申报|申创|建设|打造|入选)")
# What may open a clause before its subject: time words and sentence adverbs.
_OPENING = re.compile(r"(?:[\s0-9年月日时至近今去前后当上下午晚早以来]|下一步|目前|同时|此外|另外|其中|如今|现在|随后|今后)*$")
_PERSON_SUBJECT = re.compile(r"[他她]们?|我们|大家|群众|居民|村民")
_BATCH_BEFORE = re.compile(r"(?:首批|第[0-9一二三四五六七八九十]+批)$")
_HONOUR_VERB = re.compile(r"^(?:授予|命名|评为|认定|表彰|评定|列为|确定为)")
_PUBLICATION = re.compile(r"[^《》。\n]{0,12}?(?:简报|快报|专报|通讯|报告|年鉴|杂志|周刊|报)》")
_SEMICOLON, _COMMA, _COLON = re.compile("[；;]"), re.compile("[，,]"), re.compile("[：:]")
_LIST_GAP = re.compile(r"[（(][^（）()]{0,20}[）)]|[、和及]")     # 与 pairs partners, see _joint_partners


Cands = list[tuple[int, Mention, bool]]       # (position, actor, written out), in text order


def _candidates(doc: Doc, lo: int, hi: int) -> Cands:
    """(position, actor, written out) for the actors and resolved references in [lo, hi),
    in text order; an actor running on past ``hi`` (into the programme's name) and
    references covered by an actor (全区 inside a name) are left out."""
    acts = [(a.pos, a, True) for a in doc.between(lo, hi) if a.pos + len(a.surface) <= hi]
    found = references(doc, lo, hi)
    if not found:
        return acts                             # (most stretches: the actors are in text order)
    covered = [(a.pos, end(a)) for _, a, _ in acts]
    refs = [(p, r, False) for p, r in found if not any(s <= p < e for s, e in covered)]
    return sorted(acts + refs, key=lambda x: x[0])


def _first_subject(doc: Doc, lo: int, hi: int, cands: Cands) -> tuple[int, Mention, bool] | None:
    """The first candidate in [lo, hi) (``cands``) not after a preposition; else the first one
    after 在 (在甲镇，… is where it happens, 来到甲镇 or 从甲局 is not who does it)."""
    body = doc.article.body
    for pos, a, written in cands:
        if not body[max(lo, pos - 2):pos].endswith(NOT_SUBJECT) and not (
                written and _ROLE.match(body, end(chain_end(doc, a)))):
            return pos, chain_end(doc, a) if written else a, written
    for pos, a, written in cands:
        before = body[pos - 1:pos]
        if before == "在" or (before in ("与", "和", "同") and _JOINTLY.search(body, pos, hi)):
            return pos, chain_end(doc, a) if written else a, written
    return None


def _clause_subject(doc: Doc, lo: int, pos: int, cands: Cands) -> tuple[int, Mention, bool] | None:
    """The subject that opens the programme's own clause (…，下一步乙市将试点P): it
    outranks the sentence's first subject, which may be about something else. ``cands``:
    those of [lo, pos), the clause's are their tail (see ``_tail``)."""
    body = doc.article.body
    clause = clause_start(body, lo, pos)
    if clause == lo:
        return None                             # (the statement's first subject is asked next)
    cands = _tail(doc, cands, clause, pos)
    if not cands:
        return None
    p, a, written = cands[0]
    if not _OPENING.match(body[clause:p]):
        return None
    return p, chain_end(doc, a) if written else a, written


def _tail(doc: Doc, cands: Cands, k: int, hi: int) -> Cands:
    """``_candidates(doc, k, hi)`` from the candidates of a stretch [lo, hi) that ``k`` splits
    after a clause mark: those from ``k`` on, no reference spanning the mark. Unless an
    actor does (a name holding a comma): it hid the references it covers, so ask again.
    (One candidate search a programme instead of two: 3,500 fewer a million characters.)"""
    if any(p < k < end(a) for p, a, written in cands if written):
        return _candidates(doc, k, hi)
    return [c for c in cands if c[0] >= k]


def _subject_of(doc: Doc, lo: int, pos: int, e: int) -> tuple[int, Mention, bool] | None:
    """The programme's subject: its clause's, the statement's first, or a later clause's.
    The part after the last semicolon is tried first (甲村与乙校签约；村里还打造了P)."""
    semi = max(_after_semicolon(doc.article.body, lo, pos))
    for start in dict.fromkeys((semi, lo)):
        cands = _candidates(doc, start, pos)
        found = (_clause_subject(doc, start, pos, cands) or _first_subject(doc, start, pos, cands)
                 or _later_subject(doc, start, pos, e))
        if found is not None:
            return found
    return None


def _after_semicolon(body: str, lo: int, pos: int) -> tuple[int, ...]:
    """Just after the last semicolon in [lo, pos), or ``lo``."""
    return (lo, body.rfind("；", lo, pos) + 1, body.rfind(";", lo, pos) + 1)


def _later_subject(doc: Doc, lo: int, pos: int, e: int) -> tuple[int, Mention, bool] | None:
    """The subject that opens a clause after the programme's own (作为P的…，甲镇…; P出炉，
    甲市榜上有名): the first later clause that names an actor must open with it. A clause
    with a person as its subject (她通过P上报，…) has none."""
    body = doc.article.body
    clause = clause_start(body, lo, pos)
    if _PERSON_SUBJECT.search(body, clause, pos):
        return None
    cut = clause_end(body, pos, e)
    while cut < e:
        nxt = clause_end(body, cut + 1, e)
        cands = _candidates(doc, cut + 1, nxt)
        if cands:
            p, a, written = cands[0]
            if not _OPENING.match(body[cut + 1:p]):
                return None
            return p, chain_end(doc, a) if written else a, written
        cut = nxt
    return None


def _named_after(doc: Doc, prog: Mention) -> Mention | None:
    """The body whose longer name holds the programme (甲区党史学习教育领导小组): it runs
    it. A body read from the programme's own words (“…服务站”) is not another actor."""
    i = bisect.bisect_right(doc.starts, prog.pos) - 1
    a = doc.actors[i] if i >= 0 else None
    if a is None or a.type != "Organization" or end(a) < end(prog):
        return None
    return a if (a.pos, end(a)) != (prog.pos, end(prog)) else None


def _actors_of(doc: Doc, prog: Mention, s: int, e: int) -> list[Mention]:
    """Every place or body the sentence [s, e) says runs the programme (see the module
    docstring). The programme's clause is found once here for the rules that read it."""
    owner = _named_after(doc, prog)
    if owner is not None:
        return [owner]
    body = doc.article.body
    lo = statement_start(body, s, prog.pos)
    clause = clause_start(body, lo, prog.pos)
    out: list[Mention] = []
    helped = _helped(doc, clause, prog.pos)
    found = None if helped else _subject_of(doc, lo, prog.pos, e)
    if found is not None:
        pos, subject, written = found
        out.append(subject)
        if written:                                 # a written name, maybe the first of a list
            out += co_subjects(doc, pos, pos + 1, gaps=_LIST_GAP)[1:]
        out += _joint_partners(doc, pos, prog.pos)
    by = _BY.search(body, lo, _statement_end(body, prog.pos, e))
    if by:
        out += [chain_end(doc, a) for a in doc.between(by.start(1), by.end(1))[:1]]
    out += (helped + _roll_out_places(doc, clause, prog.pos) + _conferrer(doc, lo, prog.pos)
            + _named_before(doc, prog) + _model(doc, lo, clause, prog.pos) + _brought_in(doc, clause, prog.pos))
    return list({m.name: m for m in out}.values())


def _statement_end(body: str, pos: int, e: int) -> int:
    """Where what is said about the programme at ``pos`` ends: the next semicolon, or a
    colon after another clause (P…，…Q：由甲院…开展 is about Q; P：由甲中心牵头… is about P)."""
    semi = _SEMICOLON.search(body, pos, e)
    comma = _COMMA.search(body, pos, e)
    colon = _COLON.search(body, comma.end(), e) if comma else None
    return min(semi.start() if semi else e, colon.start() if colon else e)


def _joint_partners(doc: Doc, lo: int, pos: int) -> list[Mention]:
    """甲镇与乙行签订协议，设立P / 甲村还与乙校合作建设P: the partner after 与/联合 takes
    part in P when a verb of theirs follows it right away (签订, 合作, 共建, 开展, 深化 …)."""
    body = doc.article.body
    out = []
    for a in doc.between(lo + 1, pos):
        b = chain_end(doc, a)
        if body[max(lo, a.pos - 2):a.pos].endswith(_WITH) and (
                _JOINT_WORK.match(body, end(b)) or body[a.pos - 2:a.pos] in _WITH):
            out.append(b)
    return out


def _model(doc: Doc, lo: int, clause: int, pos: int) -> list[Mention]:
    """以甲村为示范，在乙镇推广P: the model the roll-out follows runs P too (``clause``: where
    P's clause starts)."""
    body = doc.article.body
    m = _MODEL.search(body, lo, pos)
    if m is None or not _SPREAD.search(body, max(m.end(), clause), pos):
        return []
    return [chain_end(doc, a) for a in doc.between(m.start(1), m.end(1))[:1]]


def _brought_in(doc: Doc, clause: int, pos: int) -> list[Mention]:
    """引入甲公司建设P, 引进甲集团投资打造P: the body brought in (in P's clause) builds or runs P."""
    body = doc.article.body
    m = _BROUGHT_IN.search(body, clause, pos)
    got = doc.between(m.end(), m.end() + 3)[:1] if m else []
    if not got or got[0].type != "Organization":
        return []
    build = _TO_BUILD.match(body, end(got[0]))
    return got if build and 0 <= pos - build.end() <= 2 else []


def _named_before(doc: Doc, prog: Mention) -> list[Mention]:
    """甲县“院落三美”, 甲县：“巷里花开”…, 甲省首批…示范基地: the place written right before
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
    return [a] if a is not None and a.type == "Place" and end(a) == k else []


def _helped(doc: Doc, clause: int, pos: int) -> list[Mention]:
    """推动/支持甲镇创建P (in P's clause): the place helped to it runs P, not the helper."""
    body = doc.article.body
    for a in doc.between(clause, pos):
        if body[a.pos - 2:a.pos] in _HELP_VERBS and _HELPED_TO.match(body, end(chain_end(doc, a))):
            return [chain_end(doc, a)]
    return []


def _roll_out_places(doc: Doc, clause: int, pos: int) -> list[Mention]:
    """在甲镇、乙镇(等地)推广P / 对甲村、乙村实行P: the listed places, in P's clause."""
    body = doc.article.body
    for a in doc.between(clause, pos):
        if body[a.pos - 1:a.pos] in ("在", "对") and a.type == "Place":
            group = co_subjects(doc, a.pos, a.pos + 1)
            if _ROLL_OUT.search(body, end(group[-1]), pos) and not body.startswith(_FIRST, end(group[-1])):
                return group
            return []
    return []


def _conferrer(doc: Doc, lo: int, pos: int) -> list[Mention]:
    """被甲局命名为P: the body that confers an honour takes part in it."""
    body = doc.article.body
    for a in doc.between(lo, pos):
        if a.pos > lo and body[a.pos - 1] == "被" and _HONOUR_VERB.match(body[end(a):end(a) + 4]):
            return [chain_end(doc, a)]
    return []


def _implements(doc: Doc, progs: list[Mention], owners: dict[int, Mention]) -> list[Relation]:
    """Every actor of every programme mention (``owners``: the place a name opens with)."""
    out = []
    for p in progs:
        if _in_publication(doc.article.body, p):
            continue
        s, e = doc.sentence(p.pos)
        owner = owners.get(p.pos)
        for a in _actors_of(doc, p, s, e) + ([owner] if owner is not None else []):
            if not acts(a):
                continue
            out.append(Relation(a.name, "implements", p.name, evidence=(doc.evidence(s, e),),
                                s_type=a.type, o_type="Program"))
    return out


def _in_publication(body: str, p: Mention) -> bool:
    """``p`` is named inside the title of a bulletin, report or paper (编发《P工作简报》): who
    publishes it writes about P, and runs nothing by that."""
    e = end(p)
    if body.find("》", e, e + 15) < 0:
        return False                            # (most names: no title closes within reach)
    m = _PUBLICATION.match(body, e)
    return m is not None and body.rfind("《", 0, p.pos) > body.rfind("》", 0, p.pos)


def relate(article: Article, mentions: list[Mention], lex: Lexicon) -> list[Relation]:
    """implements (place/org → programme) and partners (org/place → org/place) links.

    implements: see the module docstring. partners: A 联合/携手/对接 B; A 与/和 B
    签订/共建/结对 …; bodies listed as one subject (甲局、乙局…) at a clause start;
    A 在 B 的…支持下. Ends are in text order. Evidence is the sentence, as an
    original-file span.
    """
    progs = [m for m in mentions if m.type == "Program" and m.pos >= 0]
    inside, outside = _split(mentions, progs)
    body = article.body
    owners = {m.pos: m for m in inside                  # unquoted names only: “甲乡村” is no 甲乡's
              if m.type == "Place" and m.code and body[m.pos - 1:m.pos] not in ("“", "「", "‘")}
    doc = index(article, outside)
    return _implements(doc, progs, owners) + partners(doc)


def _split(mentions: list[Mention], progs: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """(places and bodies written inside a programme's name, the other mentions). The words
    of a name run nothing (甲乡村 read as a place inside 省级甲乡村示范村), except that a
    listed division opening the name owns it (甲城志愿者联盟APP: 甲城, a short form)."""
    if not progs:
        return [], list(mentions)               # (an article naming no programme)
    spans = sorted((p.pos, end(p)) for p in progs)
    starts = [s for s, _ in spans]
    inside: list[Mention] = []
    outside: list[Mention] = []
    for m in mentions:
        k = bisect.bisect_right(starts, m.pos) - 1
        within = m.type != "Program" and k >= 0 and end(m) <= spans[k][1] and spans[k] != (m.pos, end(m))
        (inside if within else outside).append(m)
    return inside, outside
