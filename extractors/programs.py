"""Programmes: one entity per programme named in an article, each mention with its span.

``program_names`` finds the candidates (quoted names, forms after cue verbs, X+Y models,
honours, national programmes); ``program_links`` says who runs them. Here the candidates
become mentions:

- Overlap: longest first, then earliest; candidates overlapping a kept one are dropped.
- A written-out name that opens with a place and then a batch, an amount or a verb
  (甲省首批…示范基地) is the name without them; a name inside a place's name is none.
- Canonical names: variants that differ only by a generic ending (App, 平台, 体系, 工作,
  活动, 建设) or a scope opening (农村, 社区, 全国 …) are one programme: its name is the
  variant without generic endings, the longest such; the others become aliases (the
  mention's ``surface``).
- Every further occurrence of an accepted name of at least three characters is a mention
  too, so each can find its own actor.
"""
from __future__ import annotations

import bisect

from .lexicon import Lexicon
from .program_links import relate
from .primitives import select_longest
from .program_names import BATCH, Cand, candidates, tables, trim
from .records import Article, Mention, evolve
from .scan import occurrences

__all__ = ["find", "relate"]

_OPEN_QUOTES = ("“", "「", "‘")
_GENERIC_ENDINGS = ("App", "APP", "app", "平台", "体系", "工作", "实践活动", "活动", "建设")
_SCOPE_OPENINGS = ("农村", "城乡", "社区", "全国", "全省", "全市", "全区", "基层")


def _core(name: str) -> str:
    """The grouping key of a name: generic endings and scope openings stripped."""
    if not name.endswith(_GENERIC_ENDINGS) and not name.startswith(_SCOPE_OPENINGS):
        return name                     # (most names: nothing to strip)
    changed = True
    while changed:
        changed = False
        for g in _GENERIC_ENDINGS:
            if name.endswith(g) and len(name) > len(g) + 1:
                name, changed = name[: -len(g)], True
        for s in _SCOPE_OPENINGS:
            if name.startswith(s) and len(name) > len(s) + 2:
                name, changed = name[len(s):], True
    return name


def _canonical(names: list[str]) -> dict[str, str]:
    """Map each name to the canonical name of its group (see the module docstring)."""
    groups: dict[str, list[str]] = {}
    for n in dict.fromkeys(names):              # each name once: an article repeats its names
        groups.setdefault(_core(n), []).append(n)
    keys = sorted(groups)
    for a, b in zip(keys, keys[1:]):    # a headline cut one character short (…示范 / …示范村)
        if len(a) >= 4 and b.startswith(a) and len(b) == len(a) + 1 and a in groups:
            groups[b] = groups.pop(a) + groups[b]
    out: dict[str, str] = {}
    for variants in groups.values():
        plain = [v for v in variants if not v.endswith(_GENERIC_ENDINGS)] or variants
        best = max(plain, key=lambda v: (len(v), -variants.index(v)))
        for v in variants:
            out[v] = best
    return out


def _recur(body: str, kept: list[Cand]) -> list[Cand]:
    """Further unmarked occurrences of accepted names (three characters or more)."""
    names = {c.surface.strip("“”「」‘’"): c for c in kept}
    names = {k: v for k, v in names.items() if len(k) >= 3 and "“" not in k}
    if not names:
        return []
    found = occurrences(names, body)            # every occurrence, then leftmost-longest ones
    hits = [(i, -len(n), n) for n, starts in found.items() for i in starts]
    out, end = [], 0
    for i, neg, n in sorted(hits):
        if i >= end:
            out.append(Cand(i, i - neg, names[n].name, n, names[n].kind))
            end = i - neg
    return out


def _unplaced(body: str, cands: list[Cand], places: list[Mention], t: dict) -> list[Cand]:
    """A written-out name that opens with a place and then a batch, an amount or a verb
    (甲省首批…示范基地, 乙镇创建…示范区), or with a listed division's full name, is the
    name without them: the place runs or wins the programme. A place's short form stays
    (丙区短名 + 志愿者联盟APP). An unquoted name inside a place's name is no programme
    (丁村 in 丁村村委会); a quoted one is the name, whatever else read it as a place."""
    spans = {p.pos: (p.pos + len(p.surface), bool(p.code) and p.surface == p.name)
             for p in places if p.pos >= 0}
    inside = sorted((p.pos, p.pos + len(p.surface)) for p in places if p.pos >= 0)
    out = []
    for c in cands:
        k = bisect.bisect_right(inside, (c.start, 1 << 30)) - 1
        if k >= 0 and inside[k][1] >= c.end and body[c.start - 1:c.start] not in _OPEN_QUOTES:
            continue
        k, full = c.start, False
        while k in spans and spans[k][0] < c.end:
            k, full = spans[k][0], spans[k][1]
        if k == c.start or c.name != c.surface:
            out.append(c)               # (most names: no place opens them, nothing to cut)
            continue
        off, trimmed = trim(c.name[k - c.start:], t)
        batch = BATCH.match(trimmed)
        if batch:
            off, trimmed = off + batch.end(), trimmed[batch.end():]
        if len(trimmed) < 4 or not (off or full):
            out.append(c)
            continue
        s = k + off
        out.append(evolve(c, start=s, name=trimmed, surface=trimmed))
    return out


def find(article: Article, places: list[Mention], organizations: list[Mention], lex: Lexicon) -> list[Mention]:
    """Programme mentions of one article, in text order.

    >>> from govkg.extractors.records import Article
    >>> from govkg.extractors.lexicon import load
    >>> body = "该区全面推行“集中走访日”工作。"
    >>> art = Article(doc="d", index=0, title="", body=body, offsets=tuple(range(len(body))))
    >>> [(m.name, m.kind) for m in find(art, [], [], load())]
    [('集中走访日', 'campaign')]
    """
    body = article.body
    t = tables(lex)
    place_ends = frozenset(p.pos + len(p.surface) for p in places if p.pos >= 0)
    first = select_longest(candidates(body, t, place_ends))
    cands = select_longest(first + _recur(body, first))
    cands = _unplaced(body, cands, places, t)
    canon = _canonical([c.name for c in cands])
    out = []
    for c in cands:
        s, e = article.span(c.start, c.end)
        out.append(Mention(type="Program", name=canon[c.name], surface=c.surface,
                           article=article.index, start=s, end=e, kind=c.kind, pos=c.start))
    kinds: dict[str, str] = {}
    for m in out:                       # one kind per programme: the first mention's
        kinds.setdefault(m.name, m.kind)
    return [m if m.kind == kinds[m.name] else evolve(m, kind=kinds[m.name]) for m in out]
