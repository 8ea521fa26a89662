"""partOf links among an article's places: the parent each chain in the text states, else
the gazetteer's next level up (``relate``); and, as a fallback, the ancestor a chain that
skips a level writes right before a place (福建晋江, ``stated_parents``)."""
from __future__ import annotations

from .lexicon import Lexicon
from .records import Article, Evidence, Mention, Relation
from .sentences import sentence_at

__all__ = ["relate", "stated_parents"]


def relate(article: Article, mentions: list[Mention], lex: Lexicon) -> list[Relation]:
    """partOf links among the article's places (chains in the text, then the gazetteer).

    A place's parent is the one its text chain states; failing that, the gazetteer's next
    level up. Links to a parent the document does not name are dropped later by
    ``relations.merge`` (both ends must be entities of the document).
    """
    places = [m for m in mentions if m.type == "Place"]
    ends = {(p.name, p.pos + len(p.surface)) for p in places}   # one look-up a place, not a walk
    texted: dict[str, str] = {}
    for m in places:            # the parent written right before it (or before its coordinate)
        if m.parent and ((m.parent, m.pos) in ends or (m.parent, m.pos - 1) in ends):
            texted.setdefault(m.name, m.parent)
    out = []
    for m in places:
        parent = texted.get(m.name, m.parent)
        if not parent or parent == m.name:
            continue
        out.append(Relation(m.name, "partOf", parent, evidence=(_evidence(article, m),),
                            s_type="Place", o_type="Place"))
    return out


def stated_parents(article: Article, mentions: list[Mention], lex: Lexicon) -> list[Relation]:
    """福建晋江: partOf links to the ancestor written right before a coded place, where the
    chain skips its parent (泉州市). A fallback: ``relations.merge`` keeps one only when the
    document names no parent of the place that ``relate`` gives."""
    places = [m for m in mentions if m.type == "Place"]
    by_end = {p.pos + len(p.surface): p for p in places if p.pos >= 0}
    out = []
    for m in places:
        before = by_end.get(m.pos) if m.pos > 0 else None
        if before is None or not m.code or m.code not in lex.by_code or before.name == m.parent:
            continue
        if before.name in {a.name for a in lex.ancestors(lex.by_code[m.code])}:
            out.append(Relation(m.name, "partOf", before.name, evidence=(_evidence(article, m),),
                                s_type="Place", o_type="Place"))
    return out


def _evidence(article: Article, m: Mention) -> Evidence:
    i = max(m.pos, 0)
    return Evidence(article.index, m.start, m.end, sentence_at(article.body, i, i))
