"""An article's places and bodies, indexed once for the relation rules of programmes.

Relation rules ask the same questions of an article again and again: which actors stand
between two positions, which place of a level was named last before a position, which
actors a list joins (甲、乙和丙). ``index`` answers them by bisection over the outermost
place and organisation mentions (nested ones, 湖南省 in 湖南省民政厅, are kept apart for
``recent``), so a rule never walks back over the article. ``references`` resolves the
words that point at a place or body (该区, 我市, 全县, 县里, 这个村, 该局) to the nearest earlier
one of that level, nested names included (甲县 in 甲县委).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .primitives import HAN, LEVEL_WORDS, level_words
from .records import Article, Evidence, Mention
from .scan import automaton
from .sentences import sentence_span

__all__ = ["ACTOR_TYPES", "NOT_SUBJECT", "REFERENCE_LEVEL", "CO_GAP", "Doc", "index", "end",
           "chain_end", "recent", "references", "co_subjects", "statement_start", "reference_at", "acts"]

ACTOR_TYPES = ("Place", "Organization")
NOT_SUBJECT = ("在", "到", "向", "对", "为", "给", "来自", "与", "和", "同", "帮助", "从", "除了")
_LEVEL_WORDS = "|".join(level_words("city", "county", "township", "village"))
_ONE_CHAR_LEVELS = "|".join(level_words("city", "county", "township", "village", chars=1))
# References to a place of a level, resolved to the nearest earlier place of that level:
# 该区/我市/全县/本镇/这个村, clause-initial 县里/镇里 and clause-initial 街道/社区/小区 (the
# speaker's own unit), and 该局/该中心 or a clause-initial 合作社/公司 for bodies.
_REFERENCE = re.compile(
    rf"(?:该|我|全|本|这个|这一)({_LEVEL_WORDS}|局|委|会|中心|公司|办公室|领导小组|院|站|所)"
    rf"|(?<![{HAN}])({_ONE_CHAR_LEVELS})里"
    rf"|(?<![{HAN}])(街道|社区|小区|合作社|公司)(?![{HAN}]{{0,2}}(?:党|委|书记|主任|干部|工作|网格|居民|群众|卫生|医院|员工|社员|业主|物业|门前|门口|旁|周边))")
REFERENCE_LEVEL = {w: (LEVEL_WORDS[w], "zone") if w == "区" else (LEVEL_WORDS[w],) for w in _LEVEL_WORDS.split("|") + ["小区"]}
# What a ``_REFERENCE`` match opens with: 里 stands one character after its start.
_REFERENCE_OPENINGS = ("里", "该", "我", "全", "本", "这", "街道", "社区", "小区", "合作社", "公司")
_SPEECH = re.compile(r"(?:说|表示|介绍|指出|强调|认为|坦言|告诉记者|获悉|了解到)[，,：:]")
CO_GAP = re.compile(r"[（(][^（）()]{0,20}[）)]|[、和与及]")


@dataclass(frozen=True, slots=True)
class Doc:
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


def end(m: Mention) -> int:
    return m.pos + len(m.surface)


def acts(m: Mention) -> bool:
    """Can ``m`` run a programme or work with another? Not a road or a street (南海大道沿线…):
    it stays in the index, so that no actor before it is taken for the subject instead."""
    return not (m.type == "Place" and m.level == "street")


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """Place/org mentions with a body position, nested ones (湖南省 in 湖南省民政厅) dropped."""
    acts = sorted((m for m in mentions if m.type in ACTOR_TYPES and m.pos >= 0),
                  key=lambda m: (m.pos, -len(m.surface)))
    out: list[Mention] = []
    for m in acts:
        if out and m.pos < end(out[-1]):
            continue
        out.append(m)
    return out


def index(article: Article, mentions: list[Mention]) -> Doc:
    actors = _outermost(mentions)
    every = sorted((m for m in mentions if m.type in ACTOR_TYPES and m.pos >= 0),
                   key=lambda m: (m.pos, len(m.surface)))
    return Doc(article, actors, [a.pos for a in actors], every)


def chain_end(doc: Doc, m: Mention) -> Mention:
    """The last of adjacent mentions (望月湖街道荣龙社区 → 荣龙社区): the most specific actor."""
    i = bisect.bisect_left(doc.starts, m.pos)
    if i >= len(doc.actors) or doc.actors[i] is not m:
        return m
    while i + 1 < len(doc.actors) and doc.actors[i + 1].pos == end(doc.actors[i]):
        i += 1
    return doc.actors[i]


def recent(doc: Doc, pos: int, levels: tuple[str, ...] | None, suffix: str = "",
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


def references(doc: Doc, lo: int, hi: int) -> list[tuple[int, Mention]]:
    """(position, resolved place or body) of every reference (该区, 县里 …) in [lo, hi).

    ``_REFERENCE.finditer(body, lo, hi)``, tried only where a reference can start (see
    ``_reference_starts``): the rules ask about some 16,000 stretches a million characters,
    and most hold none."""
    starts = _reference_starts(doc)
    i, j = bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)
    if i == j:
        return []
    body = doc.article.body
    out = []
    after = lo
    for k in starts[i:j]:
        m = _REFERENCE.match(body, k, hi) if k >= after else None
        if m is None:
            continue
        after = m.end()
        word = m.group(m.lastindex or 0)
        levels = REFERENCE_LEVEL.get(word)
        hit = recent(doc, k, levels, "" if levels else word)
        if hit is not None:
            out.append((k, hit))
    return out


def _reference_starts(doc: Doc) -> list[int]:
    """Every position of the body where a reference may start (a superset): its opening
    word (该, 我, 全, 本, 这; 街道, 社区 …) or the character before a 里, found in one
    Aho-Corasick pass per article."""
    got = doc.memo.get("reference starts")
    if got is None:
        ac = automaton(_REFERENCE_OPENINGS)
        got = doc.memo["reference starts"] = sorted(
            {s - (i == 0) for i, s, _ in ac.find_matches_as_indexes(doc.article.body, overlapping=True)})
    return got


def reference_at(doc: Doc, k: int) -> Mention | None:
    """The place or body a reference (镇里, 该区, 街道 …) ending right at ``k`` stands for."""
    for m in _REFERENCE.finditer(doc.article.body, max(0, k - 4), k):
        if m.end() == k:
            word = m.group(m.lastindex or 0)
            levels = REFERENCE_LEVEL.get(word)
            return recent(doc, m.start(), levels, "" if levels else word)
    return None


def co_subjects(doc: Doc, lo: int, hi: int, start: int | None = None,
                 gaps: re.Pattern[str] = CO_GAP) -> list[Mention]:
    """Actors written as one list (甲、乙和丙; ``gaps``: what may stand between two) from
    the first actor in [lo, hi). A short form in brackets after one (甲办(乙办)、丙局) is
    that one's, not another item. (``gaps`` must read no character outside its match: a
    gap is then one when it opens with a match, tried first.)"""
    if start is None:
        first = doc.between(lo, hi)
        if not first:
            return []
        start = bisect.bisect_left(doc.starts, first[0].pos)
    body = doc.article.body
    group = [chain_end(doc, doc.actors[start])]
    last = end(group[0])
    if gaps.match(body, last) is None:
        return group                            # (most actors: no list goes on from them)
    j = bisect.bisect_left(doc.starts, group[0].pos) + 1
    while j < len(doc.actors):
        a = doc.actors[j]
        if body[a.pos - 1:a.pos] in ("(", "（") and body[end(a):end(a) + 1] in (")", "）"):
            j += 1                                  # a bracketed alias: part of the gap
            continue
        gap = body[last:a.pos]
        if not gap or gaps.sub("", gap) != "" or not gaps.search(gap):
            break
        group.append(chain_end(doc, a))
        last = end(group[-1])
        j = bisect.bisect_left(doc.starts, group[-1].pos) + 1
    return group


def statement_start(body: str, s: int, pos: int) -> int:
    """Where the statement about ``pos`` begins: after the last speaker's or source's
    clause (…说，/…获悉，) before it, else the sentence start ``s``."""
    lo = s
    for m in _SPEECH.finditer(body, s, pos):
        lo = m.end()
    return lo
