"""Who works with whom (``partners``): both ends in one clause, as the text says.

A 联合/携手/对接 B; A 与/和 B 签订/共建/结对 …; bodies listed as one subject at a clause
start (甲局、乙局联合发文); A 在 B 的…支持下. Ends are in text order; the evidence is the
sentence.
"""
from __future__ import annotations

import re

from .actor_index import (NOT_SUBJECT, REFERENCE_LEVEL, Doc, acts, chain_end, co_subjects, end, recent, reference_at,
                          references, statement_start)
from .records import Mention, Relation

__all__ = ["partners"]

_PARTNER_VERB = re.compile(r"联合|携手|联手|会同|协同|牵手|对接|联系")
_PARTNER_PAIR = re.compile(r"签订|签署|共建|结对|合作|共同|联合|对接|一起")
_SUPPORT = re.compile(r"在([^，,。；;]{2,30}?)的[^，,。；;]{0,12}(?:支持|帮助|指导|协助)下")
_BARE_LEVEL = re.compile(r"(社区|村|镇|街道|区|县|市)$")
# A(还)与B: what may stand between A and 与; after B's list, the pair verb (等高校合作)
_WITH_ADVERB = re.compile(r"(?:并|还|也|又|已|同时|先后|分别|积极|主动|率先|正|将)+$")
_PAIR_RIGHT_AFTER = re.compile(r"(?:等[^，,。；;]{0,4}?)?(?:签订|签署|共建|结对|结成|合作|协作|联合|对接|建立|携手|联建|共同)")
_LEAD = r"[\s0-9年月日时至近今去前后当上下午晚早以来]"        # what may stand before a clause's subject
_CLAUSE_LEAD = re.compile(_LEAD + "*$")
_BEFORE_SUBJECT = re.compile(r"[，,；;。！？!?]|" + _LEAD)     # ... or right before it: a mark or a stop too
_CLAUSE_END = re.compile("[，,。；;]")


def _subject(doc: Doc, lo: int, hi: int) -> Mention | None:
    """The actor a clause says does something: the first one not after a preposition."""
    cands = doc.between(lo, hi)
    body = doc.article.body
    for a in cands:
        if not body[max(lo, a.pos - 2):a.pos].endswith(NOT_SUBJECT):
            return chain_end(doc, a)
    return chain_end(doc, cands[0]) if cands else None


def _anaphor(doc: Doc, lo: int, hi: int) -> Mention | None:
    """The first reference (该区, 我市 …) in [lo, hi), resolved."""
    refs = references(doc, lo, hi)
    return refs[0][1] if refs else None


def partners(doc: Doc) -> list[Relation]:
    """A 联合/携手 B; A 与/和 B 签订/共建/结对 …: both ends in one clause, in text order."""
    body = doc.article.body
    out = []

    def link(a: Mention | None, b: Mention | None, s: int, e: int) -> None:
        if a is not None and b is not None and a.name != b.name and acts(a) and acts(b):
            out.append(Relation(a.name, "partners", b.name, evidence=(doc.evidence(s, e),),
                                s_type=a.type, o_type=b.type))

    for m in _PARTNER_VERB.finditer(body):
        s, e = doc.sentence(m.start())
        clause_end = _clause_end(body, m.end(), e)
        after = doc.between(m.end(), min(clause_end, m.end() + 30))
        before = doc.between(s, m.start())
        a = chain_end(doc, before[-1]) if before and end(before[-1]) >= m.start() - 6 else (
            _subject(doc, s, m.start()) or _anaphor(doc, max(s, m.start() - 6), m.start())
            or _bare(doc, body[max(s, m.start() - 4):m.start()], m.start()))
        link(a, chain_end(doc, after[0]) if after else None, s, e)
    for m in _SUPPORT.finditer(body):          # A 在 B 的…支持下 …: A works with B
        s, e = doc.sentence(m.start())
        helpers = doc.between(m.start(1), m.end(1))
        subjects = co_subjects(doc, s, m.start())
        alone: list[Mention | None] = [_subject(doc, s, m.start()) or _subject(doc, m.end(), e)]
        for a in subjects or alone:
            link(a, chain_end(doc, helpers[0]) if helpers else None, s, e)
    for i, a in enumerate(doc.actors):         # 甲局、乙局联合发文 / 甲局和乙局制定方案
        if a.pos and not _BEFORE_SUBJECT.match(body, a.pos - 1):
            continue                           # (most actors: no need to find their clause)
        group = co_subjects(doc, a.pos, a.pos + 1, start=i)
        if len(group) < 2:
            continue                           # (most others: no list, no need either)
        s, e = doc.sentence(a.pos)
        clause = max(s, body.rfind("，", s, a.pos) + 1, body.rfind("；", s, a.pos) + 1,
                     body.rfind(",", s, a.pos) + 1, body.rfind(";", s, a.pos) + 1)
        if not _CLAUSE_LEAD.match(body[clause:a.pos]):
            continue
        clause_end = _clause_end(body, end(group[-1]), e)
        both_orgs = all(g.type == "Organization" for g in group)
        if both_orgs or _PARTNER_PAIR.search(body, end(group[-1]), clause_end):
            for b in group[1:]:
                link(group[0], b, s, e)
    for i, b in enumerate(doc.actors):         # A(还)与 B(、C…等)签订/合作/建立…
        if i and body[b.pos - 1:b.pos] in ("与", "和", "同"):
            s, e = doc.sentence(b.pos)
            a, group = _with_partner(doc, i)
            for g in group:
                link(a, g, s, e)
    return out


def _clause_end(body: str, i: int, e: int) -> int:
    """End of the clause that runs from ``i`` (next comma or stop), at most ``e``."""
    m = _CLAUSE_END.search(body, i, e)
    return m.start() if m else e


def _bare(doc: Doc, before: str, pos: int) -> Mention | None:
    """A bare level word just before a verb (社区联合…) → the nearest place of that level."""
    m = _BARE_LEVEL.search(before)
    return recent(doc, pos, REFERENCE_LEVEL.get(m.group(1))) if m else None


def _with_partner(doc: Doc, i: int) -> tuple[Mention | None, list[Mention]]:
    """A and its partners in ``A 与 B``, B being actor ``i``, right after 与/和/同.

    A written right before 与: B, given a pair verb anywhere in B's clause. With an adverb
    between (A还与B, A同时与B), a reference for A (镇里还与B, 街道与B), or A the statement's
    subject (…，并与B): B's whole list (A与B、C等高校合作), given a pair verb right after it."""
    body = doc.article.body
    b = doc.actors[i]
    with_at = b.pos - 1
    s, e = doc.sentence(b.pos)
    prev = doc.actors[i - 1]
    if end(prev) == with_at:
        clause_end = _clause_end(body, end(b), e)
        return prev, [chain_end(doc, b)] if _PARTNER_PAIR.search(body, end(b), clause_end) else []
    group = co_subjects(doc, b.pos, b.pos + 1, start=i)
    if not _PAIR_RIGHT_AFTER.match(body, end(group[-1])):
        return None, []
    adverb = _WITH_ADVERB.search(body, max(s, with_at - 4), with_at)
    k = adverb.start() if adverb else with_at
    a: Mention | None = None
    if end(prev) == k and prev.pos >= s:
        a = chain_end(doc, prev)
    elif body[k - 1:k] in ("，", ",") or body[k - 2:k] in ("，并", ",并") or (adverb and adverb.group()[0] == "并"):
        a = _subject(doc, statement_start(body, s, k), k)
    else:
        a = reference_at(doc, k - 1 if body[k - 1:k] == "并" else k)
    return (a, group) if a is not None and a.name not in {g.name for g in group} else (None, [])
