"""Mentions → Entities: one entity per (type, name) in a document, however often it is named."""
from __future__ import annotations

from .records import Entity, Evidence, Mention

__all__ = ["group", "evidence"]


def evidence(m: Mention, sentence: str = "") -> Evidence:
    """The evidence record of one mention."""
    return Evidence(m.article, m.start, m.end, sentence)


def _first(ms: list[Mention], attr: str) -> str:
    """The first non-empty value of ``attr`` among the mentions."""
    return next((getattr(m, attr) for m in ms if getattr(m, attr)), "")


def group(mentions: list[Mention]) -> list[Entity]:
    """Group mentions by (type, name), in order of first mention.

    Attributes (level, kind, code, parent) come from the first mention that has them;
    aliases are the other surfaces written for the same name.
    """
    order: list[tuple[str, str]] = []
    by_key: dict[tuple[str, str], list[Mention]] = {}
    for m in mentions:
        key = (m.type, m.name)
        if key not in by_key:
            by_key[key] = []
            order.append(key)
        by_key[key].append(m)
    out = []
    for key in order:
        ms = by_key[key]
        if len(ms) == 1:                        # most entities: the same, without the searches
            m = ms[0]
            out.append(Entity(type=key[0], name=key[1], level=m.level or "", kind=m.kind or "",
                              code=m.code or "", parent=m.parent or "",
                              aliases=(m.surface,) if m.surface != m.name else (),
                              mentions=(evidence(m),)))
            continue
        aliases = tuple(dict.fromkeys(m.surface for m in ms if m.surface != m.name))
        out.append(Entity(type=key[0], name=key[1], level=_first(ms, "level"), kind=_first(ms, "kind"),
                          code=_first(ms, "code"), parent=_first(ms, "parent"), aliases=aliases,
                          mentions=tuple(dict.fromkeys(evidence(m) for m in ms))))
    return out
