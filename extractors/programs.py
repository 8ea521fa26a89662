"""Programmes: quoted names and forms (X长制, …活动, …工程); slogans and speech dropped."""
from __future__ import annotations

from .lexicon import Lexicon
from .records import Article, Mention, Relation

__all__ = ["find", "relate"]


def find(article: Article, places: list[Mention], organizations: list[Mention], lex: Lexicon) -> list[Mention]:
    """Programme mentions of one article, in text order."""
    return []


def relate(article: Article, mentions: list[Mention], lex: Lexicon) -> list[Relation]:
    """implements (place/org → programme) and partners (org/place ↔ org/place) links."""
    return []
