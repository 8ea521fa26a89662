"""Where an enterprise or association is: the lowest place its own name holds.

Co-operatives, companies and branches carry their village or town in their name, after the
county that opens it: 某县北岭桑果专业合作社 is the co-operative of 北岭村, 某农商银行周市支行
the branch in 周市镇. The clause reader locates a name at the place it starts with (the
county); this stage moves it to the lowest place of the article whose stem (its name
without 村/社区/镇/乡/街道…) the rest of the name holds. Government and party bodies keep
the place they start with: their names state their level themselves (某县农业农村局).
"""
from __future__ import annotations


from .lexicon import Lexicon
from .primitives import level_words
from .records import Mention, evolve

__all__ = ["lowest"]

_KINDS = ("enterprise", "association", "institution")
_LEVEL_SUFFIXES = level_words("township", "village")
_RANK = {"township": 1, "village": 2}


def lowest(orgs: list[Mention], places: list[Mention], lex: Lexicon) -> list[Mention]:
    """``orgs`` with each enterprise, association or institution located at the lowest
    place (village below township) whose stem its name holds after its own place."""
    stems: dict[str, tuple[str, str]] | None = None      # worked out once an org may need them
    out = []
    for o in orgs:
        pre = next((x for x in (o.parent, o.parent[:-1]) if len(x) >= 2 and o.name.startswith(x)), "") \
            if o.kind in _KINDS else ""
        if pre:
            stems = _stems(places, lex) if stems is None else stems
            rest = o.name[len(pre):]
            found = [(_RANK[level], rest.rfind(stem), name) for stem, (name, level) in stems.items()
                     if stem in rest and name != o.parent]
            if found:
                o = evolve(o, parent=max(found)[2])
        out.append(o)
    return out


def _stems(places: list[Mention], lex: Lexicon) -> dict[str, tuple[str, str]]:
    """Stem → (name, level) of the article's townships and villages (北岭村 → 北岭), but for
    stems that are ordinary words (文明村, 中心村, 北极镇: 文明, 中心, 北极 mean other things
    inside a name)."""
    out: dict[str, tuple[str, str]] = {}
    memo = lex.memo("org_places.stem")
    for p in places:
        if p.level not in _RANK:
            continue
        stem = memo.get(p.name)
        if stem is None:
            stem = memo[p.name] = _stem(p.name, lex)
        if stem:
            out.setdefault(stem, (p.name, p.level))
    return out


def _stem(name: str, lex: Lexicon) -> str:
    """The stem of a township's or village's name, '' if it has none or an ordinary word
    (kept on the lexicon by name: the same places recur in every article of a paper)."""
    suffix = next((x for x in _LEVEL_SUFFIXES if name.endswith(x)), "")
    stem = name[:len(name) - len(suffix)]
    return stem if suffix and len(stem) >= 2 and not lex.is_common(stem) else ""
