"""Mentions → Entities: one entity per (type, name) in a document, however often it is named.

Each mention's evidence quotes its sentence, as a relation's does, so that an analyst reading
an entity sees where it was named without opening the file. Most mentions know their place in
the article body (``Mention.pos``) and take the body's sentence there, the one a relation read
at the same spot quotes. Names read outside the body (bylines, photo credits) take the
sentence of the document text around their span: the dateline or caption they stand in.
"""
from __future__ import annotations

import bisect
from typing import Sequence

from .records import Article, Entity, Evidence, Mention, Page
from .sentences import sentence_at, sentence_near

__all__ = ["group", "evidence", "sentences"]

# How far around a name outside the body to look for its sentence's stops: a dateline or a
# caption is short, and a bound keeps a long page from being scanned once per byline name.
_WINDOW = 300


def evidence(m: Mention, sentence: str = "") -> Evidence:
    """The evidence record of one mention."""
    return Evidence(m.article, m.start, m.end, sentence)


def _first(ms: list[Mention], attr: str) -> str:
    """The first non-empty value of ``attr`` among the mentions (a loop: a generator given to
    ``next`` costs twice as much, asked 16,000 times a million characters)."""
    for m in ms:
        value = getattr(m, attr)
        if value:
            return value
    return ""


def _outside(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` around ``[start, end)``, looked for within ``_WINDOW``."""
    return sentence_near(text, start, end, _WINDOW)


def _sentence(m: Mention, art: Article, text: str) -> str:
    """The sentence of one mention: the body's at ``pos``; else the body's when the span's
    first character was kept in the body; else the document text's around the span."""
    if m.pos >= 0:
        return sentence_at(art.body, m.pos, m.pos + len(m.surface))
    i = bisect.bisect_left(art.offsets, m.start)
    if i < len(art.offsets) and art.offsets[i] == m.start:
        return sentence_at(art.body, i, i)
    return _outside(text, m.start, m.end) if text and m.end > m.start else ""


def sentences(mentions: Sequence[Mention], articles: Sequence[Article],
              pages: Sequence[Page] = ()) -> list[str]:
    """The sentence of each mention (see ``_sentence``), '' where its article is unknown.

    Mentions come article by article, so the sentence finder's stops of a body are found once.

    >>> from govkg.extractors.records import Article, Mention
    >>> body = "甲乙镇推行巷长制。丙丁村也推行。"
    >>> art = Article("d", 0, "", body, tuple(range(len(body))))
    >>> sentences([Mention("Place", "丙丁村", "丙丁村", 0, 9, 12, pos=9)], [art])
    ['丙丁村也推行。']
    """
    texts = {p.record: p.text for p in pages}
    out = []
    for m in mentions:
        art = articles[m.article] if 0 <= m.article < len(articles) else None
        out.append(_sentence(m, art, texts.get(art.record, "")) if art is not None else "")
    return out


def group(mentions: list[Mention], articles: Sequence[Article] = (),
          pages: Sequence[Page] = ()) -> list[Entity]:
    """Group mentions by (type, name), in order of first mention.

    Attributes (level, kind, code, parent) come from the first mention that has them;
    aliases are the other surfaces written for the same name. Given the document's
    ``articles`` (and ``pages``, for names outside the bodies), each mention's evidence
    carries its sentence (``sentences``); without them, an empty one.
    """
    said = sentences(mentions, articles, pages) if articles else [""] * len(mentions)
    order: list[tuple[str, str]] = []
    by_key: dict[tuple[str, str], list[tuple[Mention, str]]] = {}
    for m, sentence in zip(mentions, said):
        key = (m.type, m.name)
        if key not in by_key:
            by_key[key] = []
            order.append(key)
        by_key[key].append((m, sentence))
    out = []
    # Entity(type, name, level, kind, code, parent, aliases, mentions), by position: keywords
    # cost twice as much a call (0.7 against 0.3 us), for 15,000 entities a million characters
    for key in order:
        pairs = by_key[key]
        if len(pairs) == 1:                     # most entities: the same, without the searches
            m, sentence = pairs[0]
            out.append(Entity(key[0], key[1], m.level or "", m.kind or "", m.code or "", m.parent or "",
                              (m.surface,) if m.surface != m.name else (), (evidence(m, sentence),)))
            continue
        ms = [m for m, _ in pairs]
        aliases = tuple(dict.fromkeys(m.surface for m in ms if m.surface != m.name))
        out.append(Entity(key[0], key[1], _first(ms, "level"), _first(ms, "kind"), _first(ms, "code"),
                          _first(ms, "parent"), aliases, _unique(pairs)))
    return out


def _unique(pairs: list[tuple[Mention, str]]) -> tuple[Evidence, ...]:
    """One evidence record per span, in order: two mentions of one span (a name two finders
    read) are one piece of evidence, whatever sentence each was given."""
    seen: dict[tuple[int, int, int], Evidence] = {}
    for m, sentence in pairs:
        seen.setdefault((m.article, m.start, m.end), evidence(m, sentence))
    return tuple(seen.values())
